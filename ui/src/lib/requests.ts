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

/** Today's date as YYYY-MM-DD in the clerk's time zone. */
export function today(now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

function parseDay(s: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const d = new Date(t);
  // Reject dates that roll over (2026-02-30).
  if (d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) return null;
  return t / 86_400_000;
}

/**
 * Business days (Monday to Friday) left until `due`: today not counted, the
 * due day counted; 0 when due today, negative when overdue. The pack's
 * holidays are already in the due date the Rust side computed, so weekends
 * are all that is left to skip here. Null when there is no due date.
 */
export function businessDaysLeft(due: string | null, todayIso: string): number | null {
  if (due === null) return null;
  const d = parseDay(due);
  const t = parseDay(todayIso);
  if (d === null || t === null) return null;
  const weekday = (day: number) => {
    const w = new Date(day * 86_400_000).getUTCDay();
    return w !== 0 && w !== 6;
  };
  let n = 0;
  if (d >= t) {
    for (let day = t + 1; day <= d; day++) if (weekday(day)) n++;
  } else {
    for (let day = d + 1; day <= t; day++) if (weekday(day)) n--;
  }
  return n;
}

/** Words for the days-left column. */
export function daysLeftLabel(days: number | null): string {
  if (days === null) return "—";
  if (days < 0) return `${-days} business day${days === -1 ? "" : "s"} overdue`;
  if (days === 0) return "due today";
  return `${days} business day${days === 1 ? "" : "s"}`;
}

/** True when the deadline is close enough (two business days or less) to show in red. */
export function isUrgent(days: number | null, status: string): boolean {
  return days !== null && days <= 2 && status === "open";
}

/** What the "New request" form holds. */
export interface NewRequestForm {
  number: string;
  requester: string;
  jurisdiction: string;
  received: string;
  batesPrefix: string;
}

/** Problems with the form, by field, in words the clerk can act on. Empty when it can be sent. */
export function validateNewRequest(
  form: NewRequestForm,
  existingNumbers: string[],
  knownJurisdictions: string[],
): Partial<Record<keyof NewRequestForm, string>> {
  const problems: Partial<Record<keyof NewRequestForm, string>> = {};
  const number = form.number.trim();
  if (!number) problems.number = "Give the request number your agency assigned, e.g. P-2026-0142.";
  else if (existingNumbers.includes(number))
    problems.number = `A request numbered ${number} already exists: choose another number, or open it from the list.`;
  if (!form.requester.trim()) problems.requester = "Give the requester's name.";
  if (!knownJurisdictions.includes(form.jurisdiction)) problems.jurisdiction = "Choose the jurisdiction whose law applies.";
  if (!form.received.trim()) problems.received = "Give the date the request was received.";
  else if (parseDay(form.received.trim()) === null)
    problems.received = "Write the date as YYYY-MM-DD, e.g. 2026-11-02.";
  const prefix = form.batesPrefix.trim();
  if (prefix && !/^[A-Za-z0-9._-]{1,32}$/.test(prefix))
    problems.batesPrefix = "Use up to 32 letters, digits, '-', '_' or '.', e.g. SEA-2026-0142; or leave it empty.";
  return problems;
}
