// The exemption log screen's logic: filters and the entry key.
import type { LogEntry } from "./api";

export interface LogFilter {
  code: string;
  document: string;
  review: string;
}

export const ALL = "";

export function filterEntries(entries: LogEntry[], f: LogFilter): LogEntry[] {
  return entries.filter(
    (e) =>
      (f.code === ALL || e.code === f.code) &&
      (f.document === ALL || e.document === f.document) &&
      (f.review === ALL || e.review === f.review),
  );
}

/** The distinct values of a column, sorted, for a filter's options. */
export function distinct(entries: LogEntry[], key: "code" | "document" | "review"): string[] {
  return [...new Set(entries.map((e) => e[key]))].sort();
}

/** A stable key for an entry (a finding's or a manual redaction's). */
export function entryKey(e: LogEntry): string {
  return e.finding_id !== null ? `f${e.finding_id}` : `m${e.manual_id}`;
}

export function reviewCounts(entries: LogEntry[]): { pending: number; approved: number; returned: number } {
  const c = { pending: 0, approved: 0, returned: 0 };
  for (const e of entries) {
    if (e.review === "approved") c.approved++;
    else if (e.review === "returned") c.returned++;
    else c.pending++;
  }
  return c;
}

/** "2026-11-30T18:22:24.58Z" as "2026-11-30 18:22 UTC" (the store keeps RFC 3339 UTC). */
export function shortTime(rfc3339: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(rfc3339);
  return m ? `${m[1]} ${m[2]} UTC` : rfc3339;
}
