import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import RequestView from "./RequestView.svelte";
import { createFakeBackend, fakeDocument, fakeFinding, fakeRequest } from "./testing/fakeBackend";
import { createFakePlatform } from "./testing/fakePlatform";

function setup(over: Parameters<typeof createFakeBackend>[0] = {}) {
  const backend = createFakeBackend({
    requests: [fakeRequest()],
    documents: { "P-2026-0142": [fakeDocument({ id: 1, name: "invoice.pdf" })] },
    findings: {
      "P-2026-0142": [
        fakeFinding({ id: 1 }),
        fakeFinding({ id: 2, decision: { action: "accept", code: "X", clerk: "ana", at: "", note: null } }),
        fakeFinding({ id: 3, proposal: { kind: "not_exempt", reason: "released under WA" } }),
      ],
    },
    pages: { 1: [{ page: 2, verdict: "degraded", reasons: ["no text mapping for a font"] }] },
    ...over,
  });
  const platform = createFakePlatform();
  const events = { review: 0, export: 0, log: 0 };
  render(RequestView, {
    backend,
    platform,
    number: "P-2026-0142",
    todayIso: "2026-11-02",
    onReview: () => events.review++,
    onExport: () => events.export++,
    onLog: () => events.log++,
  });
  return { backend, platform, events };
}

describe("RequestView", () => {
  it("shows documents, counts by state and pages to look at by eye", async () => {
    const { events } = setup();
    const table = await screen.findByTestId("documents-table");
    expect(table.textContent).toContain("invoice.pdf");
    expect(screen.getByTestId("count-proposed").textContent).toContain("1");
    expect(screen.getByTestId("count-accepted").textContent).toContain("1");
    expect(screen.getByTestId("count-released").textContent).toContain("1");
    expect(screen.getByTestId("pages-to-review").textContent).toContain("invoice.pdf, page 2: degraded");
    await fireEvent.click(screen.getByTestId("open-review"));
    await fireEvent.click(screen.getByTestId("open-export"));
    await fireEvent.click(screen.getByTestId("open-log"));
    expect(events).toEqual({ review: 1, export: 1, log: 1 });
  });

  it("imports the files chosen in the dialog, then scans them, with a bar per file", async () => {
    const { backend, platform } = setup({
      scanFindings: { "P-2026-0142": [fakeFinding({ id: 50, document_id: 1000 })] },
    });
    platform.nextPdfs = ["/docs/bill.pdf", "/docs/notes.txt"];
    await screen.findByTestId("documents-table");
    await fireEvent.click(screen.getByTestId("add-files"));
    await waitFor(() => expect(screen.getAllByTestId("document-row")).toHaveLength(2));
    expect(backend.callsOf("importDocuments")[0]).toEqual(["P-2026-0142", ["/docs/bill.pdf"]]);
    await waitFor(() => expect(backend.callsOf("scanRequest")).toHaveLength(1));
    const progress = await screen.findByTestId("progress");
    expect(progress.textContent).toContain("bill.pdf");
    expect(screen.getByTestId("job-notes").textContent).toContain("notes.txt was not added: only PDF files");
    await waitFor(() => expect(screen.getByTestId("count-proposed").textContent).toContain("2"));
  });

  it("imports files dropped on the window and paths typed in, and notices duplicates", async () => {
    const { backend, platform } = setup();
    await screen.findByTestId("documents-table");
    platform.drop(["/x/invoice.pdf"]);
    await waitFor(() => expect(screen.getByTestId("job-notes").textContent).toContain("already in this request"));
    await fireEvent.input(screen.getByTestId("import-paths"), { target: { value: "/a/one.pdf; /b/two.pdf" } });
    await fireEvent.click(screen.getByTestId("import-paths-add"));
    await waitFor(() => expect(screen.getAllByTestId("document-row")).toHaveLength(3));
    expect(backend.callsOf("importDocuments")[1]).toEqual(["P-2026-0142", ["/a/one.pdf", "/b/two.pdf"]]);
  });

  it("shows a failed import in plain words with what to do", async () => {
    const { backend, platform } = setup();
    backend.failNext("importDocuments", { message: "Disk full.", action: "Free some space and try again." });
    platform.nextPdfs = ["/docs/a.pdf"];
    await screen.findByTestId("documents-table");
    await fireEvent.click(screen.getByTestId("add-files"));
    const alert = await screen.findByTestId("job-error");
    expect(alert.textContent).toContain("Disk full.");
    expect(alert.textContent).toContain("Free some space");
  });

  it("can stop a running scan", async () => {
    const { backend } = setup({
      documents: { "P-2026-0142": [fakeDocument({ id: 1, scan_status: "pending" })] },
    });
    let release: () => void = () => {};
    const scan = backend.scanRequest;
    backend.scanRequest = (n, cb) => new Promise((resolve) => (release = () => resolve(scan(n, cb))));
    await fireEvent.click(await screen.findByTestId("scan"));
    await fireEvent.click(await screen.findByTestId("cancel-job"));
    expect(backend.callsOf("cancelJob")).toEqual([["P-2026-0142"]]);
    release();
    await waitFor(() => expect(screen.queryByTestId("cancel-job")).toBeNull());
  });
});
