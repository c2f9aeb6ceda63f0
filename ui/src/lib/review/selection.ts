// Text selected on the pages -> the areas to withhold. The browser gives
// the selection as client rectangles (one or more per line of each text
// span); each is cut to the page it falls on, turned into user space, and
// the pieces of one line are joined so a selected line is one area.
import { screenRectToPdf, type PageGeometry } from "./geometry";

export interface RectLike {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface PageOnScreen {
  page: number;
  /** The page's box in client coordinates. */
  box: RectLike;
  geometry: PageGeometry;
}

export interface Area {
  page: number;
  rect: [number, number, number, number];
}

/** Client rectangles of a selection -> user-space areas, per page, one per line. */
export function selectionToAreas(rects: readonly RectLike[], pages: readonly PageOnScreen[], scale: number): Area[] {
  const byPage = new Map<number, RectLike[]>();
  for (const r of rects) {
    if (r.right - r.left < 0.5 || r.bottom - r.top < 0.5) continue;
    for (const p of pages) {
      const left = Math.max(r.left, p.box.left);
      const right = Math.min(r.right, p.box.right);
      const top = Math.max(r.top, p.box.top);
      const bottom = Math.min(r.bottom, p.box.bottom);
      if (right - left < 0.5 || bottom - top < 0.5) continue;
      const local = { left: left - p.box.left, right: right - p.box.left, top: top - p.box.top, bottom: bottom - p.box.top };
      let l = byPage.get(p.page);
      if (!l) byPage.set(p.page, (l = []));
      l.push(local);
    }
  }
  const out: Area[] = [];
  for (const [page, locals] of [...byPage].sort((a, b) => a[0] - b[0])) {
    const geometry = pages.find((p) => p.page === page)?.geometry;
    if (!geometry) continue;
    for (const m of mergeLines(locals)) {
      out.push({ page, rect: screenRectToPdf(geometry, scale, { x: m.left, y: m.top }, { x: m.right, y: m.bottom }) });
    }
  }
  return out;
}

/**
 * Joins rectangles that overlap vertically by more than half the smaller
 * height and touch or nearly touch horizontally (pieces of one line).
 */
export function mergeLines(rects: readonly RectLike[]): RectLike[] {
  const sorted = [...rects].sort((a, b) => a.top - b.top || a.left - b.left);
  const out: RectLike[] = [];
  for (const r of sorted) {
    const h = r.bottom - r.top;
    const hit = out.find((o) => {
      const overlap = Math.min(o.bottom, r.bottom) - Math.max(o.top, r.top);
      const gap = Math.max(r.left - o.right, o.left - r.right);
      return overlap > 0.5 * Math.min(h, o.bottom - o.top) && gap <= h;
    });
    if (hit) {
      hit.left = Math.min(hit.left, r.left);
      hit.right = Math.max(hit.right, r.right);
      hit.top = Math.min(hit.top, r.top);
      hit.bottom = Math.max(hit.bottom, r.bottom);
    } else {
      out.push({ ...r });
    }
  }
  return out;
}
