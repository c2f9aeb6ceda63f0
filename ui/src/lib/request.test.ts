import { describe, expect, it } from "vitest";
import { countByState, finishScan, findingState, onImportProgress, onScanProgress, partitionPdfs, splitPaths } from "./request";
import { fakeFinding } from "./testing/fakeBackend";

describe("findingState", () => {
  it("names the five states a finding can be in", () => {
    expect(findingState(fakeFinding())).toBe("proposed");
    expect(findingState(fakeFinding({ proposal: { kind: "not_exempt", reason: "home address released" } }))).toBe("released");
    expect(findingState(fakeFinding({ proposal: { kind: "review", test: "balancing" } }))).toBe("review");
    const decided = (action: string) => fakeFinding({ decision: { action, code: "X", clerk: "ana", at: "", note: null } });
    expect(findingState(decided("accept"))).toBe("accepted");
    expect(findingState(decided("change_code"))).toBe("accepted");
    expect(findingState(decided("reject"))).toBe("rejected");
  });

  it("counts findings by state", () => {
    const counts = countByState([
      fakeFinding({ id: 1 }),
      fakeFinding({ id: 2 }),
      fakeFinding({ id: 3, decision: { action: "reject", code: null, clerk: "a", at: "", note: null } }),
    ]);
    expect(counts).toEqual({ proposed: 2, accepted: 0, rejected: 1, review: 0, released: 0 });
  });
});

describe("progress bars", () => {
  it("shows one bar per file through import and scan", () => {
    let bars = onImportProgress([], { file: "a.pdf", index: 1, files: 2, state: "copying", error: null });
    expect(bars).toEqual([{ file: "a.pdf", stage: "importing", fraction: 0.5, message: null }]);
    bars = onImportProgress(bars, { file: "a.pdf", index: 1, files: 2, state: "done", error: null });
    bars = onImportProgress(bars, { file: "b.pdf", index: 2, files: 2, state: "duplicate", error: null });
    expect(bars.map((b) => b.stage)).toEqual(["imported", "duplicate"]);
    expect(bars[1].message).toMatch(/already in this request/);
    bars = onScanProgress(bars, { document: "a.pdf", document_index: 1, documents: 1, page: 1, pages: 4 });
    expect(bars[0]).toMatchObject({ stage: "scanning", fraction: 0.25, message: "page 1 of 4" });
    bars = finishScan(bars);
    expect(bars[0]).toMatchObject({ stage: "scanned", fraction: 1 });
  });

  it("marks the previous document scanned when the next one starts", () => {
    let bars = onScanProgress([], { document: "a.pdf", document_index: 1, documents: 2, page: 1, pages: 1 });
    bars = onScanProgress(bars, { document: "b.pdf", document_index: 2, documents: 2, page: 1, pages: 2 });
    expect(bars.map((b) => [b.file, b.stage])).toEqual([
      ["a.pdf", "scanned"],
      ["b.pdf", "scanning"],
    ]);
  });

  it("shows why a file failed", () => {
    const bars = onImportProgress([], { file: "x.pdf", index: 1, files: 1, state: "failed", error: "x.pdf is password-protected" });
    expect(bars[0]).toMatchObject({ stage: "failed", message: "x.pdf is password-protected" });
  });
});

describe("typed paths", () => {
  it("splits on ; and new lines and keeps PDFs only", () => {
    expect(splitPaths(" /a/b.pdf ; /c d/e.PDF\n\n/f.txt ")).toEqual(["/a/b.pdf", "/c d/e.PDF", "/f.txt"]);
    expect(partitionPdfs(["/a/b.pdf", "/c d/e.PDF", "/f.txt"])).toEqual({ pdfs: ["/a/b.pdf", "/c d/e.PDF"], others: ["/f.txt"] });
  });
});
