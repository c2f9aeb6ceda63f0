import type { RequestSummary } from "./api";

/** Jurisdiction ids the packs define, with the short name a clerk knows. */
const JURISDICTION_NAMES: Record<string, string> = {
  wa: "Washington",
  ca: "California",
  il: "Illinois",
  mt: "Montana",
  us: "Federal FOIA",
};

export function jurisdictionName(id: string): string {
  return JURISDICTION_NAMES[id] ?? id.toUpperCase();
}

/** Open requests first, each group by due date (soonest first, unknown last). */
export function sortRequests(list: RequestSummary[]): RequestSummary[] {
  const rank = (r: RequestSummary) => (r.status === "open" ? 0 : 1);
  return [...list].sort((a, b) => {
    if (rank(a) !== rank(b)) return rank(a) - rank(b);
    if (a.due !== b.due) {
      if (a.due === null) return 1;
      if (b.due === null) return -1;
      return a.due < b.due ? -1 : 1;
    }
    return a.number.localeCompare(b.number);
  });
}
