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
