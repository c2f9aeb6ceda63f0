// The export screen's logic: progress in words and as a fraction.
import type { ExportProgress } from "./api";

const STAGES: Record<string, string> = {
  redacting: "Redacting",
  verifying: "Checking",
  writing_log: "Writing the exemption log",
  done: "Done",
};

export function exportStageLabel(p: ExportProgress | null): string {
  if (!p) return "Starting…";
  if (p.stage === "writing_log" || p.stage === "done") return STAGES[p.stage];
  const what = STAGES[p.stage] ?? p.stage;
  return `${what} ${p.document} (${p.document_index} of ${p.documents})`;
}

/** Redacting and checking each document are two equal steps; the log is the last. */
export function exportFraction(p: ExportProgress | null): number {
  if (!p || p.documents === 0) return 0;
  if (p.stage === "writing_log") return 0.98;
  if (p.stage === "done") return 1;
  const step = p.stage === "verifying" ? 1 : 0;
  return Math.min(0.97, ((p.document_index - 1) * 2 + step) / (p.documents * 2));
}

const STATUSES: Record<string, string> = {
  verified: "Verified — files as exported",
  interrupted: "Interrupted — not handed over; export again",
  changed: "Changed since export — files moved or edited",
  failed: "Failed",
  writing: "Still writing",
};

/** An earlier export's status (disclose_core::ExportRecord::status) in plain words. */
export function exportStatusLabel(status: string): string {
  return STATUSES[status] ?? status;
}

/** Whether a status means the folder can be handed over as it is. */
export function exportStatusOk(status: string): boolean {
  return status === "verified";
}

/**
 * When an export started, from its RFC 3339 UTC time, as "2026-11-03 09:00 UTC": the store's
 * clock, shown as recorded so that it matches the audit trail and the command line.
 */
export function exportTime(rfc3339: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(rfc3339);
  return m ? `${m[1]} ${m[2]} UTC` : rfc3339;
}
