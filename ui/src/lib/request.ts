// The request screen's logic: what state each finding is in, counts by
// state, and the per-file progress of imports and scans.
import type { FindingView, ImportProgress, ScanProgress } from "./api";

/** Where a finding stands, as the counts and the review screen name it. */
export type FindingState = "proposed" | "accepted" | "rejected" | "review" | "released";

export function findingState(f: FindingView): FindingState {
  if (f.decision) return f.decision.action === "reject" ? "rejected" : "accepted";
  switch (f.proposal.kind) {
    case "exempt":
      return "proposed";
    case "not_exempt":
      return "released";
    default:
      return "review";
  }
}

export const STATE_LABELS: Record<FindingState, string> = {
  proposed: "Proposed exempt, not yet decided",
  accepted: "Accepted: will be redacted",
  rejected: "Rejected: will be released",
  review: "Needs your judgement",
  released: "Released: not exempt here",
};

export function countByState(findings: FindingView[]): Record<FindingState, number> {
  const counts: Record<FindingState, number> = { proposed: 0, accepted: 0, rejected: 0, review: 0, released: 0 };
  for (const f of findings) counts[findingState(f)]++;
  return counts;
}

/** One file's bar: what is happening to it and how far along (0..1). */
export interface FileProgress {
  file: string;
  stage: "importing" | "imported" | "duplicate" | "failed" | "scanning" | "scanned";
  fraction: number;
  message: string | null;
}

/** Folds an import progress message into the bars. */
export function onImportProgress(bars: FileProgress[], p: ImportProgress): FileProgress[] {
  const stage: FileProgress["stage"] =
    p.state === "done" ? "imported" : p.state === "duplicate" ? "duplicate" : p.state === "failed" ? "failed" : "importing";
  const bar: FileProgress = {
    file: p.file,
    stage,
    fraction: stage === "importing" ? 0.5 : 1,
    message:
      stage === "failed"
        ? (p.error ?? "could not be added")
        : stage === "duplicate"
          ? "already in this request: not added again"
          : null,
  };
  return upsert(bars, bar);
}

/** Folds a scan progress message into the bars. */
export function onScanProgress(bars: FileProgress[], p: ScanProgress): FileProgress[] {
  const fraction = p.pages > 0 ? Math.min(1, p.page / p.pages) : 1;
  // A document's previous documents are done.
  const done = bars.map((b) => (b.stage === "scanning" && b.file !== p.document ? { ...b, stage: "scanned" as const, fraction: 1, message: null } : b));
  return upsert(done, { file: p.document, stage: "scanning", fraction, message: `page ${p.page} of ${p.pages}` });
}

/** Marks every bar still scanning as finished. */
export function finishScan(bars: FileProgress[]): FileProgress[] {
  return bars.map((b) => (b.stage === "scanning" ? { ...b, stage: "scanned", fraction: 1, message: null } : b));
}

function upsert(bars: FileProgress[], bar: FileProgress): FileProgress[] {
  const i = bars.findIndex((b) => b.file === bar.file);
  if (i < 0) return [...bars, bar];
  const out = [...bars];
  out[i] = bar;
  return out;
}

/** Splits what was typed in the "Add files by path" field: one path per line or separated by ';'. */
export function splitPaths(text: string): string[] {
  return text
    .split(/[\n;]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Only PDFs are offered to import; the rest are named back to the clerk. */
export function partitionPdfs(paths: string[]): { pdfs: string[]; others: string[] } {
  const pdfs: string[] = [];
  const others: string[] = [];
  for (const p of paths) (p.toLowerCase().endsWith(".pdf") ? pdfs : others).push(p);
  return { pdfs, others };
}

export function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
