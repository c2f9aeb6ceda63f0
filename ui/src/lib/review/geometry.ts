// Page geometry for the review screen: PDF default user space <-> screen
// pixels, for any zoom, a /Rotate of 0/90/180/270 and a crop box whose
// origin is not (0, 0).
//
// Findings and manual areas are stored in the page's default user space
// (ISO 32000-1 §8.3.2.3: origin bottom left, y up, 1 unit = 1/72 inch,
// before the page's /Rotate, §7.7.3.3 Table 30). The page is shown as pdf.js
// shows it: the visible region is the crop box (clipped to the media box,
// §14.11.2), turned clockwise by /Rotate, y down, scaled by the zoom. These
// functions are the same mapping as pdf.js's PageViewport transform, written
// out per rotation so each case can be read and tested on its own.

/** A PDF point in default user space. */
export interface PdfPoint {
  x: number;
  y: number;
}

/** A point in CSS pixels from the top left of the page as displayed. */
export interface ScreenPoint {
  x: number;
  y: number;
}

/** How a page is displayed. */
export interface PageGeometry {
  /** The visible box `[x0, y0, x1, y1]` in user space (crop box within media box). */
  view: [number, number, number, number];
  /** The page's /Rotate, any multiple of 90 (negative and > 360 allowed). */
  rotation: number;
}

/** Reduces any /Rotate to 0, 90, 180 or 270 (it must be a multiple of 90). */
export function normalizeRotation(rotation: number): 0 | 90 | 180 | 270 {
  const r = (((Math.round(rotation / 90) * 90) % 360) + 360) % 360;
  return r as 0 | 90 | 180 | 270;
}

/** The displayed page's size in CSS pixels at `scale`. */
export function displaySize(g: PageGeometry, scale: number): { width: number; height: number } {
  const [x0, y0, x1, y1] = orderedView(g.view);
  const w = (x1 - x0) * scale;
  const h = (y1 - y0) * scale;
  const r = normalizeRotation(g.rotation);
  return r === 90 || r === 270 ? { width: h, height: w } : { width: w, height: h };
}

function orderedView(v: [number, number, number, number]): [number, number, number, number] {
  return [Math.min(v[0], v[2]), Math.min(v[1], v[3]), Math.max(v[0], v[2]), Math.max(v[1], v[3])];
}

/** User space -> CSS pixels on the displayed page. */
export function pdfToScreen(g: PageGeometry, scale: number, p: PdfPoint): ScreenPoint {
  const [x0, y0, x1, y1] = orderedView(g.view);
  switch (normalizeRotation(g.rotation)) {
    case 0:
      // y flips: user space grows up, the screen grows down.
      return { x: (p.x - x0) * scale, y: (y1 - p.y) * scale };
    case 90:
      // Turned a quarter clockwise: the page's bottom edge becomes the left edge.
      return { x: (p.y - y0) * scale, y: (p.x - x0) * scale };
    case 180:
      return { x: (x1 - p.x) * scale, y: (p.y - y0) * scale };
    case 270:
      return { x: (y1 - p.y) * scale, y: (x1 - p.x) * scale };
  }
}

/** CSS pixels on the displayed page -> user space (the inverse of `pdfToScreen`). */
export function screenToPdf(g: PageGeometry, scale: number, s: ScreenPoint): PdfPoint {
  const [x0, y0, x1, y1] = orderedView(g.view);
  const u = s.x / scale;
  const v = s.y / scale;
  switch (normalizeRotation(g.rotation)) {
    case 0:
      return { x: x0 + u, y: y1 - v };
    case 90:
      return { x: x0 + v, y: y0 + u };
    case 180:
      return { x: x1 - u, y: y0 + v };
    case 270:
      return { x: x1 - v, y: y1 - u };
  }
}

/** A quad `[x1,y1,...,x4,y4]` in user space -> its four corners on screen, in drawing order. */
export function quadToScreen(g: PageGeometry, scale: number, quad: readonly number[]): ScreenPoint[] {
  const pts: ScreenPoint[] = [];
  for (let i = 0; i + 1 < quad.length && pts.length < 4; i += 2) {
    pts.push(pdfToScreen(g, scale, { x: quad[i], y: quad[i + 1] }));
  }
  return orderAroundCentre(pts);
}

/**
 * Orders corners by angle around their centre so they draw as a polygon
 * whatever order the quad listed them in (PDF QuadPoints are customarily
 * upper-left, upper-right, lower-left, lower-right, which would draw a bow tie).
 */
export function orderAroundCentre(pts: ScreenPoint[]): ScreenPoint[] {
  if (pts.length < 3) return pts;
  const cx = pts.reduce((s, p) => s + p.x, 0) / pts.length;
  const cy = pts.reduce((s, p) => s + p.y, 0) / pts.length;
  return [...pts].sort((a, b) => Math.atan2(a.y - cy, a.x - cx) - Math.atan2(b.y - cy, b.x - cx));
}

/** Axis-aligned bounds of screen points. */
export function bounds(pts: ScreenPoint[]): { left: number; top: number; width: number; height: number } {
  if (pts.length === 0) return { left: 0, top: 0, width: 0, height: 0 };
  const xs = pts.map((p) => p.x);
  const ys = pts.map((p) => p.y);
  const left = Math.min(...xs);
  const top = Math.min(...ys);
  return { left, top, width: Math.max(...xs) - left, height: Math.max(...ys) - top };
}

/**
 * A box dragged on screen between two points -> the rectangle
 * `[x0, y0, x1, y1]` in user space (x0 < x1, y0 < y1) that the engine takes
 * for a manual area.
 */
export function screenRectToPdf(
  g: PageGeometry,
  scale: number,
  a: ScreenPoint,
  b: ScreenPoint,
): [number, number, number, number] {
  const p = screenToPdf(g, scale, a);
  const q = screenToPdf(g, scale, b);
  return [Math.min(p.x, q.x), Math.min(p.y, q.y), Math.max(p.x, q.x), Math.max(p.y, q.y)];
}

/** A user-space rectangle `[x0,y0,x1,y1]` -> its screen box. */
export function pdfRectToScreen(
  g: PageGeometry,
  scale: number,
  rect: readonly [number, number, number, number],
): { left: number; top: number; width: number; height: number } {
  const [x0, y0, x1, y1] = rect;
  return bounds([
    pdfToScreen(g, scale, { x: x0, y: y0 }),
    pdfToScreen(g, scale, { x: x1, y: y1 }),
  ]);
}

/**
 * Merges a finding's quads into one quad per run of text: quads whose
 * baselines run the same way, that sit on the same line and that touch or
 * nearly touch along it become the one quad covering them. The engine
 * reports a quad per glyph (ISO 32000-1 §9.4.4: each glyph is placed on its
 * own); drawn one by one they make a grid of outlines over the very text the
 * clerk is reading. A finding over two lines stays two quads.
 *
 * Each quad's baseline direction is taken from its first edge (corner 1 to
 * corner 2), which runs along the text both in QuadPoints order (upper
 * left, upper right, lower left, lower right; §12.5.6.10 Table 179) and in
 * the engine's corner order (lower left, lower right, upper right, upper
 * left). A merged quad is the smallest rectangle, in its first quad's frame,
 * that holds every corner of the quads it replaces, given in QuadPoints
 * order; a quad merged with nothing is returned unchanged (a skewed quad
 * stays skewed). Input order is kept: runs come in the order of their first quad.
 */
export function mergeQuads(quads: readonly (readonly number[])[]): number[][] {
  type Run = {
    /** Unit baseline direction and its left-hand normal (the text's "up" in y-up user space). */
    ux: number;
    uy: number;
    vx: number;
    vy: number;
    /** Extents along u and along v. */
    a0: number;
    a1: number;
    b0: number;
    b1: number;
    members: (readonly number[])[];
  };
  const runs: Run[] = [];
  const frameOf = (q: readonly number[]) => {
    let ux = q[2] - q[0];
    let uy = q[3] - q[1];
    let len = Math.hypot(ux, uy);
    if (!(len > 1e-9)) {
      // A degenerate first edge: fall back to the horizontal.
      ux = 1;
      uy = 0;
      len = 1;
    }
    ux /= len;
    uy /= len;
    return { ux, uy, vx: -uy, vy: ux };
  };
  const extents = (q: readonly number[], f: { ux: number; uy: number; vx: number; vy: number }) => {
    let a0 = Infinity;
    let a1 = -Infinity;
    let b0 = Infinity;
    let b1 = -Infinity;
    for (let i = 0; i + 1 < q.length && i < 8; i += 2) {
      const a = q[i] * f.ux + q[i + 1] * f.uy;
      const b = q[i] * f.vx + q[i + 1] * f.vy;
      a0 = Math.min(a0, a);
      a1 = Math.max(a1, a);
      b0 = Math.min(b0, b);
      b1 = Math.max(b1, b);
    }
    return { a0, a1, b0, b1 };
  };
  // Directions within about 3° are one direction.
  const SAME_DIRECTION = Math.cos((3 * Math.PI) / 180);
  const joins = (r: Run, e: { a0: number; a1: number; b0: number; b1: number }) => {
    const h = Math.min(r.b1 - r.b0, e.b1 - e.b0);
    const overlapAcross = Math.min(r.b1, e.b1) - Math.max(r.b0, e.b0);
    // Same line: they share at least half the shorter height.
    if (!(h > 0) || overlapAcross < h / 2) return false;
    // Adjacent: the gap along the line is at most a line's height (a word space is about a third of it).
    const gap = Math.max(r.a0, e.a0) - Math.min(r.a1, e.a1);
    return gap <= Math.max(r.b1 - r.b0, e.b1 - e.b0);
  };
  for (const q of quads) {
    if (q.length < 8 || q.slice(0, 8).some((n) => !Number.isFinite(n))) {
      runs.push({ ux: 1, uy: 0, vx: 0, vy: 1, a0: 0, a1: 0, b0: 0, b1: 0, members: [q] });
      continue;
    }
    const f = frameOf(q);
    let into: Run | null = null;
    for (const r of runs) {
      if (r.members[0].length < 8 || r.ux * f.ux + r.uy * f.uy < SAME_DIRECTION) continue;
      if (joins(r, extents(q, r))) {
        into = r;
        break;
      }
    }
    if (into) {
      const e = extents(q, into);
      into.a0 = Math.min(into.a0, e.a0);
      into.a1 = Math.max(into.a1, e.a1);
      into.b0 = Math.min(into.b0, e.b0);
      into.b1 = Math.max(into.b1, e.b1);
      into.members.push(q);
    } else {
      runs.push({ ...f, ...extents(q, f), members: [q] });
    }
  }
  // A quad that joined a run may now bridge it to another run: merge runs until none touch.
  for (let changed = true; changed; ) {
    changed = false;
    outer: for (let i = 0; i < runs.length; i++) {
      for (let j = i + 1; j < runs.length; j++) {
        const r = runs[i];
        const s = runs[j];
        if (r.members[0].length < 8 || s.members[0].length < 8) continue;
        if (r.ux * s.ux + r.uy * s.uy < SAME_DIRECTION) continue;
        let e = { a0: Infinity, a1: -Infinity, b0: Infinity, b1: -Infinity };
        for (const q of s.members) {
          const x = extents(q, r);
          e = { a0: Math.min(e.a0, x.a0), a1: Math.max(e.a1, x.a1), b0: Math.min(e.b0, x.b0), b1: Math.max(e.b1, x.b1) };
        }
        if (!joins(r, e)) continue;
        r.a0 = Math.min(r.a0, e.a0);
        r.a1 = Math.max(r.a1, e.a1);
        r.b0 = Math.min(r.b0, e.b0);
        r.b1 = Math.max(r.b1, e.b1);
        r.members.push(...s.members);
        runs.splice(j, 1);
        changed = true;
        break outer;
      }
    }
  }
  return runs.map((r) => {
    if (r.members.length === 1) return [...r.members[0]];
    const at = (a: number, b: number) => [a * r.ux + b * r.vx, a * r.uy + b * r.vy];
    // QuadPoints order: upper left, upper right, lower left, lower right.
    return [...at(r.a0, r.b1), ...at(r.a1, r.b1), ...at(r.a0, r.b0), ...at(r.a1, r.b0)];
  });
}

/**
 * The font size, in CSS pixels, at which a label fits a box `width` x
 * `height` pixels, or null when it would be smaller than `min` (the label
 * is then left out, as the printed mark leaves out a label that does not
 * fit). Like the mark: at most 70% of the box's height and `max`, shrunk to
 * the box's width less a pad each side.
 */
export function fitLabel(
  label: string,
  width: number,
  height: number,
  opts: { max: number; min: number; pad?: number },
): number | null {
  const em = labelWidthEm(label);
  const pad = opts.pad ?? 2;
  let size = Math.min(height * 0.7, opts.max);
  if (em > 0 && size * em > width - 2 * pad) size = (width - 2 * pad) / em;
  if (!Number.isFinite(size) || size < opts.min || label.length === 0) return null;
  return size;
}

/**
 * A label's width in em in a bold sans-serif, from Helvetica Bold's
 * advance widths (AFM) by class of character, rounded up: the screen's font
 * is not known here, so this errs wide.
 */
export function labelWidthEm(label: string): number {
  let w = 0;
  for (const ch of label) {
    if (/[0-9]/.test(ch)) w += 0.556;
    else if (/[.,:;'!|il]/.test(ch)) w += 0.278;
    else if (/[ ()[\]\-/fjtr]/.test(ch)) w += 0.333;
    else if (/[MW]/.test(ch)) w += 0.944;
    else if (/[mw]/.test(ch)) w += 0.889;
    else if (/[A-Z]/.test(ch)) w += 0.722;
    else if (/[a-z]/.test(ch)) w += 0.611;
    else w += 0.778;
  }
  // The label is drawn in the system's sans-serif, which may run wider than
  // Helvetica: DejaVu Sans Bold (Linux's usual default) sets digits at
  // 0.696 em against Helvetica Bold's 0.556, a quarter wider.
  return w * 1.3;
}
