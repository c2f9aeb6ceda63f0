import { describe, expect, it } from "vitest";
import { ALL, distinct, entryKey, filterEntries, reviewCounts, shortTime } from "./log";
import type { LogEntry } from "./api";

const entry = (over: Partial<LogEntry>): LogEntry => ({
  bates: null,
  document: "a.pdf",
  page: 1,
  code: "X",
  citation: "X",
  explanation: "",
  category: "card",
  decided_by: "ana",
  decided_at: "",
  finding_id: 1,
  manual_id: null,
  review: "pending",
  review_comment: null,
  ...over,
});

describe("exemption log filters", () => {
  const entries = [
    entry({ finding_id: 1, code: "A", document: "a.pdf" }),
    entry({ finding_id: 2, code: "B", document: "b.pdf", review: "approved" }),
    entry({ finding_id: null, manual_id: 7, code: "A", document: "b.pdf", review: "returned" }),
  ];
  it("filters by code, document and review state together", () => {
    expect(filterEntries(entries, { code: ALL, document: ALL, review: ALL })).toHaveLength(3);
    expect(filterEntries(entries, { code: "A", document: ALL, review: ALL }).map(entryKey)).toEqual(["f1", "m7"]);
    expect(filterEntries(entries, { code: "A", document: "b.pdf", review: ALL }).map(entryKey)).toEqual(["m7"]);
    expect(filterEntries(entries, { code: ALL, document: ALL, review: "approved" }).map(entryKey)).toEqual(["f2"]);
  });
  it("offers each value once and counts reviews", () => {
    expect(distinct(entries, "code")).toEqual(["A", "B"]);
    expect(reviewCounts(entries)).toEqual({ pending: 1, approved: 1, returned: 1 });
  });
});

describe("shortTime", () => {
  it("keeps the date and the minute", () => {
    expect(shortTime("2026-11-30T18:22:24.583253793Z")).toBe("2026-11-30 18:22 UTC");
    expect(shortTime("yesterday")).toBe("yesterday");
  });
});
