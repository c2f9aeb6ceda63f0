// Timing hooks for the 1,000-page bar: the end-to-end test reads
// `window.__discloseReviewTimings` and prints it. Figures only, never an
// assertion: how long until the first page is painted, each page's render,
// and each update of the findings list.

export interface ReviewTimings {
  /** performance.now() when the review screen started opening its document. */
  openedAt: number | null;
  /** Milliseconds from opening to the first page painted on screen. */
  firstPagePaintedMs: number | null;
  /** Milliseconds from opening to every page's size being known. */
  allPagesLaidOutMs: number | null;
  /** Milliseconds from opening to each step: findings listed, pdf.js loaded, bytes read, document open, page 1 measured. */
  phases: Record<string, number>;
  /** Pages in the open document. */
  pages: number;
  /** Each page painted: its number, the zoom and how long the render took. */
  pageRenders: { page: number; scale: number; ms: number }[];
  /** Renders cancelled because their page scrolled away. */
  cancelledRenders: number;
  /** Each findings-list update (decision, selection, refresh): how long it took and for how many findings. */
  listUpdates: { what: string; findings: number; ms: number }[];
}

declare global {
  interface Window {
    __discloseReviewTimings?: ReviewTimings;
  }
}

const KEEP = 2000;

function fresh(): ReviewTimings {
  return {
    openedAt: null,
    firstPagePaintedMs: null,
    allPagesLaidOutMs: null,
    phases: {},
    pages: 0,
    pageRenders: [],
    cancelledRenders: 0,
    listUpdates: [],
  };
}

export function timings(): ReviewTimings {
  if (typeof window === "undefined") return fresh();
  window.__discloseReviewTimings ??= fresh();
  return window.__discloseReviewTimings;
}

function mark(name: string): void {
  try {
    performance.mark(name);
  } catch {
    // Marks are a convenience for the profiler; the figures above are what count.
  }
}

export function markOpening(): void {
  const t = fresh();
  t.openedAt = performance.now();
  if (typeof window !== "undefined") window.__discloseReviewTimings = t;
  mark("disclose-review-open");
}

/** Records when a step of opening finished (the first time only). */
export function markPhase(name: string): void {
  const t = timings();
  if (t.openedAt !== null && !(name in t.phases)) t.phases[name] = performance.now() - t.openedAt;
}

export function markLaidOut(pages: number): void {
  const t = timings();
  t.pages = pages;
  if (t.openedAt !== null) t.allPagesLaidOutMs = performance.now() - t.openedAt;
  mark("disclose-review-laid-out");
}

export function markPagePainted(page: number, scale: number, ms: number): void {
  const t = timings();
  if (t.firstPagePaintedMs === null && t.openedAt !== null) {
    t.firstPagePaintedMs = performance.now() - t.openedAt;
    mark("disclose-review-first-page");
  }
  t.pageRenders.push({ page, scale, ms });
  if (t.pageRenders.length > KEEP) t.pageRenders.splice(0, t.pageRenders.length - KEEP);
}

export function markCancelled(): void {
  timings().cancelledRenders++;
}

/** Records one findings-list update, measured by the caller up to the DOM being updated. */
export function markListUpdate(what: string, findings: number, ms: number): void {
  const t = timings();
  t.listUpdates.push({ what, findings, ms });
  if (t.listUpdates.length > KEEP) t.listUpdates.splice(0, t.listUpdates.length - KEEP);
}
