import { describe, expect, it } from "vitest";
import { exportFraction, exportStageLabel } from "./exporting";

describe("export progress", () => {
  it("moves forward through redacting and checking each document", () => {
    const p = (document_index: number, stage: string) => ({ document: "a.pdf", document_index, documents: 2, stage });
    const seq = [p(1, "redacting"), p(1, "verifying"), p(2, "redacting"), p(2, "verifying"), p(2, "writing_log"), p(2, "done")].map(exportFraction);
    for (let i = 1; i < seq.length; i++) expect(seq[i]).toBeGreaterThan(seq[i - 1]);
    expect(seq[seq.length - 1]).toBe(1);
    expect(exportFraction(null)).toBe(0);
  });
  it("says what it is doing", () => {
    expect(exportStageLabel(null)).toBe("Starting…");
    expect(exportStageLabel({ document: "a.pdf", document_index: 1, documents: 3, stage: "verifying" })).toBe("Checking a.pdf (1 of 3)");
  });
});
