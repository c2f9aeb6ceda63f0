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
