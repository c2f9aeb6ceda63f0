import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import ExportView from "./ExportView.svelte";
import { createFakeBackend, fakeDocument, fakeRequest } from "./testing/fakeBackend";
import { createFakePlatform } from "./testing/fakePlatform";

describe("ExportView", () => {
  function setup() {
    const backend = createFakeBackend({
      requests: [fakeRequest()],
      documents: { "P-2026-0142": [fakeDocument()] },
    });
    const platform = createFakePlatform();
    render(ExportView, { backend, platform, number: "P-2026-0142" });
    return { backend, platform };
  }

  it("asks for a folder first", async () => {
    const { backend } = setup();
    await fireEvent.click(screen.getByTestId("start-export"));
    expect(screen.getByText("Choose the folder to export into first.")).toBeTruthy();
    expect(backend.callsOf("exportRequest")).toHaveLength(0);
  });

  it("exports into the chosen folder, shows each document's result and opens the folder", async () => {
    const { backend, platform } = setup();
    platform.nextFolder = "/out/release";
    await fireEvent.click(screen.getByText("Choose folder…"));
    await waitFor(() => expect((screen.getByTestId("export-folder") as HTMLInputElement).value).toBe("/out/release"));
    await fireEvent.click(screen.getByTestId("start-export"));
    const report = await screen.findByTestId("export-report");
    expect(screen.getByTestId("export-verified")).toBeTruthy();
    expect(report.textContent).toContain("invoice-redacted.pdf");
    expect(backend.callsOf("exportRequest")[0]).toEqual(["P-2026-0142", "/out/release", false]);
    await fireEvent.click(screen.getByTestId("open-folder"));
    expect(platform.opened).toEqual(["/out/release"]);
    // The redacted copy can be previewed in the app.
    await fireEvent.click(screen.getByTestId("preview-invoice-redacted.pdf"));
    await screen.findByTestId("export-preview");
    await waitFor(() => expect(platform.read).toEqual(["/out/release/invoice-redacted.pdf"]));
  });

  it("asks for a sanitized export when the clerk ticks the box, and says it was done", async () => {
    const { backend } = setup();
    await fireEvent.input(screen.getByTestId("export-folder"), { target: { value: "/out/clean" } });
    expect(screen.queryByTestId("export-sanitized")).toBeNull();
    await fireEvent.click(screen.getByTestId("export-sanitize"));
    await fireEvent.click(screen.getByTestId("start-export"));
    await screen.findByTestId("export-report");
    expect(backend.callsOf("exportRequest")[0]).toEqual(["P-2026-0142", "/out/clean", true]);
    expect(screen.getByTestId("export-sanitized")).toBeTruthy();
  });

  it("says plainly when the export failed", async () => {
    const { backend } = setup();
    backend.failNext("exportRequest", { message: "Cannot write to /out.", action: "Choose a folder you may write to." });
    await fireEvent.input(screen.getByTestId("export-folder"), { target: { value: "/out" } });
    await fireEvent.click(screen.getByTestId("start-export"));
    const alert = await screen.findByTestId("export-error");
    expect(alert.textContent).toContain("Choose a folder you may write to.");
  });
});
