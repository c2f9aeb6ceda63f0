import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import ExportView from "./ExportView.svelte";
import { createFakeBackend, fakeDocument, fakeExport, fakeRequest } from "./testing/fakeBackend";
import type { ExportRecord } from "./api";
import { createFakePlatform } from "./testing/fakePlatform";

describe("ExportView", () => {
  function setup(exports: ExportRecord[] = []) {
    const backend = createFakeBackend({
      requests: [fakeRequest()],
      documents: { "P-2026-0142": [fakeDocument()] },
      exports: { "P-2026-0142": exports },
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

  it("lists earlier exports with their status in plain words", async () => {
    setup([
      fakeExport({ id: 5, out_dir: "/out/moved", clerk: "ben", started_at: "2026-11-05T14:30:12.000Z", status: "changed" }),
      fakeExport({ id: 4, out_dir: "/out/killed", started_at: "2026-11-04T08:05:00Z", status: "interrupted", delivered_at: null }),
      fakeExport({ id: 3, out_dir: "/out/busy", status: "writing", verified: false, delivered_at: null, finished_at: null }),
      fakeExport({ id: 2, out_dir: "/out/bad", status: "failed", verified: false, delivered_at: null }),
      fakeExport({ id: 1, out_dir: "/out/release", started_at: "2026-11-03T09:00:00Z" }),
    ]);
    await screen.findByTestId("export-history-5");
    const status = (id: number) => screen.getByTestId(`export-status-${id}`).textContent?.trim();
    expect(status(5)).toBe("Changed since export — files moved or edited");
    expect(status(4)).toBe("Interrupted — not handed over; export again");
    expect(status(3)).toBe("Still writing");
    expect(status(2)).toBe("Failed");
    expect(status(1)).toBe("Verified — files as exported");
    const newest = screen.getByTestId("export-history-5").textContent ?? "";
    expect(newest).toContain("2026-11-05 14:30 UTC");
    expect(newest).toContain("/out/moved");
    expect(newest).toContain("ben");
    // Newest first, as the backend gives them.
    const rows = screen.getAllByTestId(/^export-history-\d+$/).map((r) => r.dataset.testid);
    expect(rows).toEqual(["export-history-5", "export-history-4", "export-history-3", "export-history-2", "export-history-1"]);
    // Only a verified folder reads as fine.
    expect(screen.getByTestId("export-status-1").classList.contains("bad")).toBe(false);
    expect(screen.getByTestId("export-status-5").classList.contains("bad")).toBe(true);
  });

  it("says when there is no earlier export, and lists the new one after exporting", async () => {
    const { backend } = setup();
    await screen.findByTestId("export-history-empty");
    await fireEvent.input(screen.getByTestId("export-folder"), { target: { value: "/out/first" } });
    await fireEvent.click(screen.getByTestId("start-export"));
    await screen.findByTestId("export-report");
    const row = await screen.findByTestId("export-history-1");
    expect(row.textContent).toContain("/out/first");
    expect(screen.getByTestId("export-status-1").textContent?.trim()).toBe("Verified — files as exported");
    expect(screen.queryByTestId("export-history-empty")).toBeNull();
    expect(backend.callsOf("listExports")).toEqual([["P-2026-0142"], ["P-2026-0142"]]);
  });

  it("refreshes the list after a failed export too, and says when it cannot list them", async () => {
    const { backend } = setup([fakeExport({ id: 1 })]);
    await screen.findByTestId("export-history-1");
    backend.failNext("exportRequest", { message: "Cannot write to /out.", action: null });
    backend.failNext("listExports", { message: "The workspace could not be read.", action: "Restart Disclose." });
    await fireEvent.input(screen.getByTestId("export-folder"), { target: { value: "/out" } });
    await fireEvent.click(screen.getByTestId("start-export"));
    await screen.findByTestId("export-error");
    const alert = await screen.findByTestId("export-history-error");
    expect(alert.textContent).toContain("Restart Disclose.");
    expect(backend.callsOf("listExports")).toHaveLength(2);
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
