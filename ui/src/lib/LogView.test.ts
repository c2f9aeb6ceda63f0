import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import LogView from "./LogView.svelte";
import { createFakeBackend, fakeDocument, fakeFinding, fakeRequest } from "./testing/fakeBackend";
import { createFakePlatform } from "./testing/fakePlatform";

const accepted = (id: number, code: string, document = "invoice.pdf") =>
  fakeFinding({ id, document, decision: { action: "accept", code, clerk: "ana", at: "2026-11-03T09:00:00Z", note: null } });

function setup() {
  const backend = createFakeBackend({
    requests: [fakeRequest()],
    documents: { "P-2026-0142": [fakeDocument()] },
    findings: { "P-2026-0142": [accepted(1, "A"), accepted(2, "B", "memo.pdf"), fakeFinding({ id: 3 })] },
  });
  const platform = createFakePlatform();
  render(LogView, { backend, platform, number: "P-2026-0142" });
  return { backend, platform };
}

describe("LogView", () => {
  it("lists one row per redaction and filters by code", async () => {
    setup();
    await screen.findByTestId("log-table");
    expect(screen.getByTestId("log-row-f1")).toBeTruthy();
    expect(screen.getByTestId("log-row-f2")).toBeTruthy();
    expect(screen.queryByTestId("log-row-f3")).toBeNull();
    await fireEvent.change(screen.getByTestId("filter-code"), { target: { value: "B" } });
    await waitFor(() => expect(screen.queryByTestId("log-row-f1")).toBeNull());
    expect(screen.getByTestId("log-row-f2")).toBeTruthy();
  });

  it("lets the attorney approve, and return only with a comment", async () => {
    const { backend } = setup();
    await screen.findByTestId("log-table");
    await fireEvent.click(screen.getByTestId("attorney-mode"));
    await fireEvent.click(await screen.findByTestId("approve-f1"));
    await waitFor(() => expect(screen.getByTestId("log-row-f1").textContent).toContain("approved"));
    await fireEvent.click(screen.getByTestId("return-f2"));
    await fireEvent.click(await screen.findByTestId("return-confirm"));
    expect(screen.getByText(/Say why the entry is returned/)).toBeTruthy();
    await fireEvent.input(screen.getByTestId("return-comment"), { target: { value: "Cite the statute." } });
    await fireEvent.click(screen.getByTestId("return-confirm"));
    await waitFor(() => expect(screen.getByTestId("log-row-f2").textContent).toContain("Cite the statute."));
    expect(backend.callsOf("reviewLogEntry")).toEqual([
      ["P-2026-0142", { findingId: 1, manualId: null }, { state: "approved" }],
      ["P-2026-0142", { findingId: 2, manualId: null }, { state: "returned", comment: "Cite the statute." }],
    ]);
    expect(screen.getByTestId("review-counts").textContent).toContain("1 approved · 1 returned");
  });

  it("saves the log files into a folder", async () => {
    const { backend } = setup();
    await screen.findByTestId("log-table");
    await fireEvent.input(screen.getByTestId("log-folder"), { target: { value: "/out" } });
    await fireEvent.click(screen.getByTestId("save-log"));
    const saved = await screen.findByTestId("saved-log-files");
    expect(saved.textContent).toContain("/out/exemption-log-P-2026-0142.csv");
    expect(backend.callsOf("saveLog")).toEqual([["P-2026-0142", "/out"]]);
  });
});
