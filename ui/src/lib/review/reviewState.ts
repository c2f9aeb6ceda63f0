// The review screen's state, as pure functions over plain data so the
// keyboard, undo and bulk behaviour can be tested without a browser.
//
// The model keeps the findings in list order (grouped by category, then
// document, then page and position on the page), which is also the order
// `j`/`k` walk. A decision is applied here at once (optimistic) and taken
// back with `restore` if the backend refuses it.
import type { DecisionView, FindingView, ManualRedactionView, Verdict } from "../api";

/** How a finding stands now, as the page and the list draw it. */
export type FindingState = "proposed" | "accepted" | "rejected" | "review" | "released";

export const STATE_NAMES: Record<FindingState, string> = {
  proposed: "Proposed for withholding",
  accepted: "Withheld",
  rejected: "Released (you rejected the proposal)",
  review: "Needs your review",
  released: "Released (seen, not exempt)",
};

/** The code the pack proposes for a finding, when it proposes one. */
export function proposedCode(f: FindingView): string | null {
  const p = f.proposal;
  if (p.kind === "exempt") return p.code;
  if (p.kind === "review") return p.code ?? null;
  return null;
}

export function findingState(f: FindingView): FindingState {
  const d = f.decision;
  if (d && (d.action === "accept" || d.action === "change_code")) return "accepted";
  if (d && d.action === "reject") return "rejected";
  switch (f.proposal.kind) {
    case "exempt":
      return "proposed";
    case "review":
      return "review";
    default:
      return "released";
  }
}

/** The code a finding prints with when withheld, or null when it is released. */
export function shownCode(f: FindingView): string | null {
  return findingState(f) === "accepted" ? (f.decision?.code ?? proposedCode(f)) : null;
}

/** Why the pack proposes what it proposes, in the pack's words. */
export function reasonText(f: FindingView): string {
  const p = f.proposal;
  switch (p.kind) {
    case "exempt":
      return `${p.code} (${p.citation}): ${p.explanation}`;
    case "not_exempt":
      return p.reason;
    case "review":
      return p.code ? `${p.test} (${p.code}${p.citation ? `, ${p.citation}` : ""})` : p.test;
  }
}

/** A sentence for screen readers and tooltips: what the finding is and how it stands. */
export function describeFinding(f: FindingView): string {
  const state = findingState(f);
  const where = `${f.category.replace(/_/g, " ")} "${f.text}", ${f.document} page ${f.page}`;
  switch (state) {
    case "accepted":
      return `${where}. Withheld under ${shownCode(f) ?? "?"}.`;
    case "rejected":
      return `${where}. Released: you rejected the proposal (${reasonText(f)}).`;
    case "proposed":
      return `${where}. Proposed for withholding under ${reasonText(f)}.`;
    case "review":
      return `${where}. Needs your review: ${reasonText(f)}.`;
    case "released":
      return `${where}. Released, not exempt: ${reasonText(f)}.`;
  }
}

/** Top of a finding on its page (highest y of its quads), for reading order. */
function topOf(f: FindingView): number {
  let top = -Infinity;
  for (const q of f.quads) top = Math.max(top, q[1], q[3], q[5], q[7]);
  return top === -Infinity ? 0 : top;
}
function leftOf(f: FindingView): number {
  let left = Infinity;
  for (const q of f.quads) left = Math.min(left, q[0], q[2], q[4], q[6]);
  return left === Infinity ? 0 : left;
}

/** Reading order: document, page, top to bottom, left to right, then id. */
export function byPosition(a: FindingView, b: FindingView): number {
  if (a.document_id !== b.document_id) return a.document_id - b.document_id;
  if (a.page !== b.page) return a.page - b.page;
  const dy = topOf(b) - topOf(a);
  if (Math.abs(dy) > 2) return dy;
  const dx = leftOf(a) - leftOf(b);
  if (dx !== 0) return dx;
  return a.id - b.id;
}

/**
 * List order: categories in the order they first occur in reading order,
 * and within one category by document, page and position.
 */
export function orderFindings(findings: readonly FindingView[]): FindingView[] {
  const reading = [...findings].sort(byPosition);
  const rank = new Map<string, number>();
  for (const f of reading) if (!rank.has(f.category)) rank.set(f.category, rank.size);
  return reading.sort(
    (a, b) => (rank.get(a.category) ?? 0) - (rank.get(b.category) ?? 0) || byPosition(a, b),
  );
}

export interface DocumentGroup {
  documentId: number;
  document: string;
  /** The findings themselves (same objects as in the model, so an unchanged one is not redrawn). */
  items: FindingView[];
}
export interface CategoryGroup {
  category: string;
  documents: DocumentGroup[];
  count: number;
}

/** The side list: by category, then document, in the order of `findings`. */
export function groupFindings(findings: readonly FindingView[]): CategoryGroup[] {
  const groups: CategoryGroup[] = [];
  for (const finding of findings) {
    let cat = groups[groups.length - 1];
    if (!cat || cat.category !== finding.category) {
      cat = groups.find((g) => g.category === finding.category) ?? {
        category: finding.category,
        documents: [],
        count: 0,
      };
      if (!groups.includes(cat)) groups.push(cat);
    }
    let doc = cat.documents.find((d) => d.documentId === finding.document_id);
    if (!doc) {
      doc = { documentId: finding.document_id, document: finding.document, items: [] };
      cat.documents.push(doc);
    }
    doc.items.push(finding);
    cat.count++;
  }
  return groups;
}

/**
 * The groups cut to their first `limit` findings in list order (plus the
 * finding `keep`, wherever it is), for the list's first paint: a long
 * request's list is drawn a screenful first and in full once the page is on
 * screen. Group counts stay whole; groups and documents left empty are dropped.
 */
export function firstRows(groups: readonly CategoryGroup[], limit: number, keep: number | null): CategoryGroup[] {
  let left = limit;
  const out: CategoryGroup[] = [];
  for (const g of groups) {
    const documents = [];
    for (const d of g.documents) {
      const items = d.items.filter((f, i) => i < left || f.id === keep);
      left = Math.max(0, left - d.items.length);
      if (items.length > 0) documents.push({ ...d, items });
    }
    if (documents.length > 0) out.push({ ...g, documents });
  }
  return out;
}

export type Counts = Record<FindingState, number>;

export function countByState(findings: readonly FindingView[]): Counts {
  const c: Counts = { proposed: 0, accepted: 0, rejected: 0, review: 0, released: 0 };
  for (const f of findings) c[findingState(f)]++;
  return c;
}

/** Still wants the clerk's word: proposed or needing review, and no decision. */
export function isOpen(f: FindingView): boolean {
  const s = findingState(f);
  return s === "proposed" || s === "review";
}

/**
 * The next index from `current` in direction `dir` (+1 or -1) whose
 * finding satisfies `want`, wrapping around the ends; `current` itself if
 * no other one does, -1 for an empty list. From -1, +1 starts at the top
 * and -1 at the bottom.
 */
export function step(
  findings: readonly FindingView[],
  current: number,
  dir: 1 | -1,
  want: (f: FindingView) => boolean = () => true,
): number {
  const n = findings.length;
  if (n === 0) return -1;
  const start = current < 0 || current >= n ? (dir === 1 ? -1 : n) : current;
  for (let i = 1; i <= n; i++) {
    const j = (((start + dir * i) % n) + n) % n;
    if (j === current) break;
    if (want(findings[j])) return j;
  }
  return current >= 0 && current < n ? current : -1;
}

/** One thing the clerk did in this session, for `u`. */
export interface SessionAction {
  ids: number[];
  label: string;
  /**
   * A manual box the clerk removed: undoing puts it back (the backend gives
   * it a new id). Such an action has no finding ids.
   */
  removedManual?: ManualRedactionView;
}

export interface ReviewModel {
  findings: FindingView[];
  current: number;
  /** Per finding, the decisions it had before each decision made here (top = latest). */
  history: Record<number, (DecisionView | null)[]>;
  /** What the clerk did here, latest last. */
  actions: SessionAction[];
}

export function newModel(findings: readonly FindingView[], currentId: number | null = null): ReviewModel {
  const ordered = orderFindings(findings);
  let current = ordered.length > 0 ? 0 : -1;
  if (currentId !== null) {
    const i = ordered.findIndex((f) => f.id === currentId);
    if (i >= 0) current = i;
  }
  return { findings: ordered, current, history: {}, actions: [] };
}

/** Replaces the findings (after a refresh), keeping the current one and the undo history. */
export function refreshModel(m: ReviewModel, findings: readonly FindingView[]): ReviewModel {
  const currentId = m.findings[m.current]?.id ?? null;
  const next = newModel(findings, currentId);
  if (currentId !== null && !next.findings.some((f) => f.id === currentId)) {
    next.current = Math.min(m.current, next.findings.length - 1);
  }
  return { ...next, history: m.history, actions: m.actions };
}

export function currentFinding(m: ReviewModel): FindingView | null {
  return m.findings[m.current] ?? null;
}

export function select(m: ReviewModel, findingId: number): ReviewModel {
  const i = m.findings.findIndex((f) => f.id === findingId);
  return i < 0 || i === m.current ? m : { ...m, current: i };
}

export function move(m: ReviewModel, dir: 1 | -1, onlyOpen = false): ReviewModel {
  const current = step(m.findings, m.current, dir, onlyOpen ? isOpen : undefined);
  return current === m.current ? m : { ...m, current };
}

/** The decision the backend will record for `verdict` on `f` (mirrors Workflow::decide). */
export function predictDecision(
  f: FindingView,
  verdict: Verdict,
  clerk: string,
  at: string,
  note: string | null = null,
): DecisionView | null {
  if (verdict === "reject") return { action: "reject", code: null, clerk, at, note };
  const proposed = proposedCode(f);
  const code = verdict.accept.code ?? proposed;
  if (code === null) return null;
  return { action: code === proposed ? "accept" : "change_code", code, clerk, at, note };
}

/** Findings a category-wide decision covers (the backend decides all of them). */
export function idsInCategory(m: ReviewModel, category: string): number[] {
  return m.findings.filter((f) => f.category === category).map((f) => f.id);
}

/** True when accepting `ids` without a code would fail: some have no proposed code. */
export function needsCode(m: ReviewModel, ids: readonly number[], verdict: Verdict): boolean {
  if (verdict === "reject" || verdict.accept.code !== null) return false;
  const set = new Set(ids);
  return m.findings.some((f) => set.has(f.id) && proposedCode(f) === null);
}

export interface Applied {
  model: ReviewModel;
  /** What each finding had before, to put back if the backend refuses. */
  before: Map<number, DecisionView | null>;
}

/**
 * Applies `verdict` to `ids` at once, pushing each finding's previous
 * decision on its undo stack and the whole as one session action.
 * Findings the verdict cannot apply to (accept with no code), or would not
 * change, are left alone. A `note` makes the same verdict again a change:
 * the clerk is recording why, and the log keeps it with the decision.
 */
export function applyDecision(
  m: ReviewModel,
  ids: readonly number[],
  verdict: Verdict,
  clerk: string,
  at: string,
  label: string,
  note: string | null = null,
): Applied {
  const set = new Set(ids);
  const before = new Map<number, DecisionView | null>();
  const history = { ...m.history };
  const findings = m.findings.map((f) => {
    if (!set.has(f.id)) return f;
    const d = predictDecision(f, verdict, clerk, at, note);
    // Nothing to record when it would change nothing (a second `a` on a
    // withheld finding): no new row in the log, no step to undo.
    const same =
      f.decision !== null &&
      f.decision.action === d?.action &&
      f.decision.code === d.code &&
      (note === null || f.decision.note === note);
    if (d === null || same) return f;
    before.set(f.id, f.decision);
    history[f.id] = [...(history[f.id] ?? []), f.decision];
    return { ...f, decision: d };
  });
  const actions = before.size > 0 ? [...m.actions, { ids: [...before.keys()], label }] : m.actions;
  return { model: { ...m, findings, history, actions }, before };
}

/**
 * Records that the clerk removed the manual box `removed` (after the backend
 * removed it), so `u` can put it back through the same undo stack as decisions.
 */
export function recordManualRemoval(m: ReviewModel, removed: ManualRedactionView, label: string): ReviewModel {
  return { ...m, actions: [...m.actions, { ids: [], label, removedManual: removed }] };
}

/**
 * Takes back the latest session action: each of its findings gets the
 * decision it had before. Returns null when there is nothing to undo.
 */
export function undoLast(m: ReviewModel): (Applied & { action: SessionAction }) | null {
  const action = m.actions[m.actions.length - 1];
  if (!action) return null;
  if (action.removedManual) {
    // No decision changes: the findings (and so the list) stay as they are.
    return { model: { ...m, actions: m.actions.slice(0, -1) }, before: new Map(), action };
  }
  const set = new Set(action.ids);
  const before = new Map<number, DecisionView | null>();
  const history = { ...m.history };
  const findings = m.findings.map((f) => {
    if (!set.has(f.id)) return f;
    const stack = history[f.id] ?? [];
    before.set(f.id, f.decision);
    history[f.id] = stack.slice(0, -1);
    return { ...f, decision: stack.length > 0 ? stack[stack.length - 1] : null };
  });
  const first = m.findings.findIndex((f) => f.id === action.ids[0]);
  return {
    model: { findings, history, actions: m.actions.slice(0, -1), current: first >= 0 ? first : m.current },
    before,
    action,
  };
}

/**
 * Puts back the decisions in `before` after the backend refused a change,
 * dropping the undo entries the change pushed. `action` is the session
 * action to remove (a refused decision) or to push back (a refused undo).
 */
export function restore(
  m: ReviewModel,
  before: Map<number, DecisionView | null>,
  kind: { refused: "decision" } | { refused: "undo"; action: SessionAction },
): ReviewModel {
  const history = { ...m.history };
  const findings = m.findings.map((f) => {
    if (!before.has(f.id)) return f;
    const stack = history[f.id] ?? [];
    history[f.id] = kind.refused === "decision" ? stack.slice(0, -1) : [...stack, f.decision];
    return { ...f, decision: before.get(f.id) ?? null };
  });
  let actions = m.actions;
  if (kind.refused === "decision") {
    const ids = [...before.keys()].join(",");
    let i = m.actions.length - 1;
    while (i >= 0 && m.actions[i].ids.join(",") !== ids) i--;
    if (i >= 0) actions = [...m.actions.slice(0, i), ...m.actions.slice(i + 1)];
  } else {
    actions = [...m.actions, kind.action];
  }
  return { ...m, findings, history, actions };
}
