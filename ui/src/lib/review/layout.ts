// Where each page sits in the scrolling column, and which pages are worth
// rendering: the ones in view and a neighbour or two either side. Pure, so
// the 1,000-page case is tested without a browser.

export interface Size {
  width: number;
  height: number;
}

/** A page's box in the column, CSS pixels. */
export interface PageBox {
  top: number;
  width: number;
  height: number;
}

export interface Layout {
  boxes: PageBox[];
  totalHeight: number;
  maxWidth: number;
}

/** Stacks pages top to bottom with `gap` pixels above, between and below them. */
export function layoutPages(sizes: readonly Size[], gap: number): Layout {
  const boxes: PageBox[] = new Array(sizes.length);
  let y = gap;
  let maxWidth = 0;
  for (let i = 0; i < sizes.length; i++) {
    const { width, height } = sizes[i];
    boxes[i] = { top: y, width, height };
    y += height + gap;
    if (width > maxWidth) maxWidth = width;
  }
  return { boxes, totalHeight: y, maxWidth };
}

/** The first page whose bottom is below `y` (binary search; pages are in order). */
export function pageAt(boxes: readonly PageBox[], y: number): number {
  let lo = 0;
  let hi = boxes.length - 1;
  if (hi < 0) return -1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (boxes[mid].top + boxes[mid].height < y) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Pages at least partly inside `[scrollTop, scrollTop + viewHeight]`, as `[first, last]` indices. */
export function visibleRange(
  boxes: readonly PageBox[],
  scrollTop: number,
  viewHeight: number,
): [number, number] {
  if (boxes.length === 0) return [-1, -1];
  const first = pageAt(boxes, scrollTop);
  let last = first;
  const bottom = scrollTop + Math.max(viewHeight, 0);
  while (last + 1 < boxes.length && boxes[last + 1].top < bottom) last++;
  return [first, last];
}

/**
 * Pages to keep rendered: those visible, `overscan` neighbours either side,
 * and any `pinned` ones (the current finding's page), sorted, no repeats.
 */
export function renderWindow(
  boxes: readonly PageBox[],
  scrollTop: number,
  viewHeight: number,
  overscan = 1,
  pinned: readonly number[] = [],
): number[] {
  const [first, last] = visibleRange(boxes, scrollTop, viewHeight);
  const set = new Set<number>();
  if (first >= 0) {
    for (let i = Math.max(0, first - overscan); i <= Math.min(boxes.length - 1, last + overscan); i++) set.add(i);
  }
  for (const p of pinned) if (p >= 0 && p < boxes.length) set.add(p);
  return [...set].sort((a, b) => a - b);
}

/** The page most of the view shows (for "page N of M" and list sync). */
export function dominantPage(boxes: readonly PageBox[], scrollTop: number, viewHeight: number): number {
  const [first, last] = visibleRange(boxes, scrollTop, viewHeight);
  if (first < 0) return -1;
  let best = first;
  let bestShown = -1;
  const bottom = scrollTop + viewHeight;
  for (let i = first; i <= last; i++) {
    const b = boxes[i];
    const shown = Math.min(b.top + b.height, bottom) - Math.max(b.top, scrollTop);
    if (shown > bestShown) {
      best = i;
      bestShown = shown;
    }
  }
  return best;
}

/** Scroll position that shows `y` (a point in the column) about a third down the view. */
export function scrollToShow(y: number, viewHeight: number, totalHeight: number): number {
  const target = y - viewHeight / 3;
  return Math.max(0, Math.min(target, Math.max(0, totalHeight - viewHeight)));
}
