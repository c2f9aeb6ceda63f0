import { describe, expect, it } from "vitest";
import { exportFraction, exportStageLabel, exportStatusLabel, exportStatusOk, exportTime } from "./exporting";

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

describe("export history", () => {
  it("says each status in plain words", () => {
    expect(exportStatusLabel("verified")).toBe("Verified — files as exported");
    expect(exportStatusLabel("interrupted")).toBe("Interrupted — not handed over; export again");
    expect(exportStatusLabel("changed")).toBe("Changed since export — files moved or edited");
    expect(exportStatusLabel("failed")).toBe("Failed");
    expect(exportStatusLabel("writing")).toBe("Still writing");
    // A status a newer core adds is shown as it is rather than hidden.
    expect(exportStatusLabel("queued")).toBe("queued");
    expect(exportStatusOk("verified")).toBe(true);
    expect(exportStatusOk("changed")).toBe(false);
  });
  it("shows when it started as recorded, in UTC", () => {
    expect(exportTime("2026-11-03T09:00:41.123Z")).toBe("2026-11-03 09:00 UTC");
    expect(exportTime("2026-11-03T09:00:41+00:00")).toBe("2026-11-03 09:00 UTC");
    expect(exportTime("yesterday")).toBe("yesterday");
  });
});
