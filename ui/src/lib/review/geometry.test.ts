// @vitest-environment node
import { describe, expect, it, beforeAll } from "vitest";
import * as pdfjs from "pdfjs-dist/legacy/build/pdf.mjs";
import {
  displaySize,
  fitLabel,
  labelWidthEm,
  mergeQuads,
  normalizeRotation,
  orderAroundCentre,
  pdfToScreen,
  quadToScreen,
  screenRectToPdf,
  screenToPdf,
  type PageGeometry,
} from "./geometry";

/** A one-page PDF with the given boxes and /Rotate, built by hand with a correct xref table. */
function onePagePdf(media: number[], crop: number[] | null, rotate: number): Uint8Array {
  const objs = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    `<< /Type /Page /Parent 2 0 R /MediaBox [${media.join(" ")}]` +
      (crop ? ` /CropBox [${crop.join(" ")}]` : "") +
      ` /Rotate ${rotate} /Resources << >> /Contents 4 0 R >>`,
    "<< /Length 0 >>\nstream\n\nendstream",
  ];
  let out = "%PDF-1.7\n";
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

type Viewport = {
  width: number;
  height: number;
  convertToViewportPoint(x: number, y: number): number[];
  convertToPdfPoint(x: number, y: number): number[];
};
type Page = { view: number[]; rotate: number; getViewport(o: { scale: number; rotation?: number }): Viewport };

async function loadPage(media: number[], crop: number[] | null, rotate: number): Promise<Page> {
  const doc = await pdfjs.getDocument({ data: onePagePdf(media, crop, rotate), verbosity: 0 }).promise;
  return (await doc.getPage(1)) as unknown as Page;
}

const SCALES = [0.5, 1, 2, 3];
const ROTATIONS = [0, 90, 180, 270] as const;
// Points inside, on the corners of and outside the page: the mapping is affine, so all must agree.
const POINTS = [
  { x: 72, y: 100 },
  { x: 0, y: 0 },
  { x: 612, y: 792 },
  { x: 300.25, y: 41.5 },
  { x: -10, y: 900 },
];

beforeAll(() => {
  // The legacy build runs its worker in this thread when given the worker module.
  pdfjs.GlobalWorkerOptions.workerSrc = new URL(
    "../../../node_modules/pdfjs-dist/legacy/build/pdf.worker.mjs",
    import.meta.url,
  ).href;
});

describe("pdfToScreen matches pdf.js's PageViewport", () => {
  const cases: { name: string; media: number[]; crop: number[] | null }[] = [
    { name: "letter page at the origin", media: [0, 0, 612, 792], crop: null },
    { name: "crop box offset from the origin", media: [0, 0, 612, 792], crop: [36, 50, 576, 742] },
    { name: "media box with a negative origin", media: [-100, -200, 512, 592], crop: null },
  ];
  for (const c of cases) {
    for (const rotate of ROTATIONS) {
      it(`${c.name}, /Rotate ${rotate}, at every zoom`, async () => {
        const page = await loadPage(c.media, c.crop, rotate);
        expect(page.rotate).toBe(rotate);
        const g: PageGeometry = { view: page.view as [number, number, number, number], rotation: page.rotate };
        if (c.crop) expect(g.view).toEqual(c.crop);
        for (const scale of SCALES) {
          const vp = page.getViewport({ scale });
          const size = displaySize(g, scale);
          expect(size.width).toBeCloseTo(vp.width, 6);
          expect(size.height).toBeCloseTo(vp.height, 6);
          for (const p of POINTS) {
            const [ex, ey] = vp.convertToViewportPoint(p.x, p.y);
            const s = pdfToScreen(g, scale, p);
            expect(s.x).toBeCloseTo(ex, 6);
            expect(s.y).toBeCloseTo(ey, 6);
            // And back.
            const [bx, by] = vp.convertToPdfPoint(s.x, s.y);
            const back = screenToPdf(g, scale, s);
            expect(back.x).toBeCloseTo(bx, 6);
            expect(back.y).toBeCloseTo(by, 6);
            expect(back.x).toBeCloseTo(p.x, 6);
            expect(back.y).toBeCloseTo(p.y, 6);
          }
        }
      });
    }
  }
});

describe("geometry by hand", () => {
  const letter: PageGeometry = { view: [0, 0, 612, 792], rotation: 0 };

  it("puts the top-left of an unrotated page at (0, 0) and the bottom-left at the page's height", () => {
    expect(pdfToScreen(letter, 2, { x: 0, y: 792 })).toEqual({ x: 0, y: 0 });
    expect(pdfToScreen(letter, 2, { x: 0, y: 0 })).toEqual({ x: 0, y: 1584 });
  });

  it("turns a quarter clockwise for /Rotate 90: the bottom-left corner goes to the top-left", () => {
    const g = { ...letter, rotation: 90 };
    expect(displaySize(g, 1)).toEqual({ width: 792, height: 612 });
    expect(pdfToScreen(g, 1, { x: 0, y: 0 })).toEqual({ x: 0, y: 0 });
    expect(pdfToScreen(g, 1, { x: 0, y: 792 })).toEqual({ x: 792, y: 0 });
  });

  it("reduces any multiple of 90 to 0..270", () => {
    expect(normalizeRotation(-90)).toBe(270);
    expect(normalizeRotation(450)).toBe(90);
    expect(normalizeRotation(720)).toBe(0);
  });

  it("draws a quad given in QuadPoints order (UL, UR, LL, LR) as a rectangle, not a bow tie", () => {
    const q = [100, 720, 200, 720, 100, 700, 200, 700];
    const pts = quadToScreen(letter, 1, q);
    // Consecutive corners share an x or a y: the edges are the rectangle's sides.
    for (let i = 0; i < 4; i++) {
      const a = pts[i];
      const b = pts[(i + 1) % 4];
      expect(a.x === b.x || a.y === b.y).toBe(true);
    }
  });

  it("turns a box dragged in any direction on a rotated, cropped page into an ordered user-space rectangle", () => {
    const g: PageGeometry = { view: [36, 50, 576, 742], rotation: 270 };
    for (const scale of SCALES) {
      const rect: [number, number, number, number] = [100, 200, 250, 230];
      const a = pdfToScreen(g, scale, { x: rect[2], y: rect[1] });
      const b = pdfToScreen(g, scale, { x: rect[0], y: rect[3] });
      const got = screenRectToPdf(g, scale, a, b);
      got.forEach((v, i) => expect(v).toBeCloseTo(rect[i], 9));
      const gotReversed = screenRectToPdf(g, scale, b, a);
      gotReversed.forEach((v, i) => expect(v).toBeCloseTo(rect[i], 9));
    }
  });
});

/** Every corner of `q` lies inside the convex quad `m` (with a little slack). */
function inside(m: number[], q: readonly number[]): boolean {
  const poly = orderAroundCentre([0, 2, 4, 6].map((i) => ({ x: m[i], y: m[i + 1] })));
  for (let i = 0; i < 8; i += 2) {
    const p = { x: q[i], y: q[i + 1] };
    const cross = poly.map((a, k) => {
      const b = poly[(k + 1) % poly.length];
      return (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x);
    });
    if (!(cross.every((c) => c >= -1e-6) || cross.every((c) => c <= 1e-6))) return false;
  }
  return true;
}

/** Glyph quads in QuadPoints order for `n` glyphs of `w` x `h` from `(x, y)`, `gap` apart, along the x axis. */
function glyphs(x: number, y: number, n: number, w = 6, h = 10, gap = 0.5): number[][] {
  return Array.from({ length: n }, (_, i) => {
    const l = x + i * (w + gap);
    return [l, y + h, l + w, y + h, l, y, l + w, y];
  });
}

describe("mergeQuads", () => {
  it("merges a horizontal run of glyph quads into one box covering them", () => {
    const q = glyphs(100, 700, 11);
    const m = mergeQuads(q);
    expect(m).toHaveLength(1);
    const [ulx, uly, urx, ury, llx, lly, lrx, lry] = m[0];
    expect([ulx, uly, urx, ury, llx, lly, lrx, lry].map((v) => Math.round(v * 1e6) / 1e6)).toEqual([
      100, 710, 171, 710, 100, 700, 171, 700,
    ]);
    for (const g of q) expect(inside(m[0], g)).toBe(true);
  });

  it("bridges a word space but not a wide gap on the same line", () => {
    const words = [...glyphs(100, 700, 4), ...glyphs(130, 700, 4)];
    expect(mergeQuads(words)).toHaveLength(1);
    const apart = [...glyphs(100, 700, 4), ...glyphs(300, 700, 4)];
    expect(mergeQuads(apart)).toHaveLength(2);
  });

  it("merges glyphs running up the page (text turned 90°) into one box", () => {
    // Baseline along +y: corner 1 to corner 2 goes up; the glyph's height runs to -x.
    const q = Array.from({ length: 6 }, (_, i) => {
      const b = 200 + i * 7;
      return [290, b, 290, b + 6, 300, b, 300, b + 6];
    });
    const m = mergeQuads(q);
    expect(m).toHaveLength(1);
    for (const g of q) expect(inside(m[0], g)).toBe(true);
    const xs = [0, 2, 4, 6].map((i) => m[0][i]);
    const ys = [1, 3, 5, 7].map((i) => m[0][i]);
    expect(Math.min(...xs)).toBeCloseTo(290, 9);
    expect(Math.max(...xs)).toBeCloseTo(300, 9);
    expect(Math.min(...ys)).toBeCloseTo(200, 9);
    expect(Math.max(...ys)).toBeCloseTo(241, 9);
  });

  it("keeps a finding over two lines as two boxes, one per line", () => {
    const q = [...glyphs(400, 700, 5), ...glyphs(72, 686, 6)];
    const m = mergeQuads(q);
    expect(m).toHaveLength(2);
    for (const g of q.slice(0, 5)) expect(inside(m[0], g)).toBe(true);
    for (const g of q.slice(5)) expect(inside(m[1], g)).toBe(true);
  });

  it("does not merge runs at different angles, and merges a run of rotated glyphs along its own baseline", () => {
    const rot = (deg: number, q: number[]) => {
      const c = Math.cos((deg * Math.PI) / 180);
      const s = Math.sin((deg * Math.PI) / 180);
      const out: number[] = [];
      for (let i = 0; i < 8; i += 2) out.push(q[i] * c - q[i + 1] * s, q[i] * s + q[i + 1] * c);
      return out;
    };
    const run = glyphs(100, 300, 5).map((q) => rot(30, q));
    const m = mergeQuads(run);
    expect(m).toHaveLength(1);
    for (const g of run) expect(inside(m[0], g)).toBe(true);
    // The merged box keeps the run's angle.
    expect(Math.atan2(m[0][3] - m[0][1], m[0][2] - m[0][0]) * (180 / Math.PI)).toBeCloseTo(30, 6);
    const crossing = [...glyphs(100, 300, 3), ...glyphs(100, 300, 3).map((q) => rot(45, q))];
    expect(mergeQuads(crossing).length).toBeGreaterThan(1);
  });

  it("merges skewed (italic) quads into a box holding them all, and leaves a lone skewed quad as it is", () => {
    // Sheared by 0.25: the tops lean right, the baseline stays horizontal.
    const skew = (q: number[]) => q.map((v, i) => (i % 2 === 0 ? v + 0.25 * (q[i + 1] - 700) : v));
    const q = glyphs(100, 700, 5).map(skew);
    const m = mergeQuads(q);
    expect(m).toHaveLength(1);
    for (const g of q) expect(inside(m[0], g)).toBe(true);
    expect(mergeQuads([q[0]])).toEqual([q[0]]);
  });

  it("accepts the engine's corner order (lower left, lower right, upper right, upper left)", () => {
    const q = Array.from({ length: 4 }, (_, i) => {
      const l = 50 + i * 6;
      return [l, 100, l + 6, 100, l + 6, 112, l, 112];
    });
    const m = mergeQuads(q);
    expect(m).toHaveLength(1);
    for (const g of q) expect(inside(m[0], g)).toBe(true);
  });

  it("passes malformed quads through without throwing", () => {
    expect(mergeQuads([])).toEqual([]);
    expect(mergeQuads([[1, 2, 3]])).toEqual([[1, 2, 3]]);
    expect(mergeQuads([[0, 0, 0, 0, 0, 0, 0, 0], [NaN, 0, 1, 0, 0, 1, 1, 1]])).toHaveLength(2);
  });
});

describe("fitLabel", () => {
  it("uses 70% of the height when the box is wide enough, capped at the largest size", () => {
    expect(fitLabel("CARD", 200, 10, { max: 14, min: 6 })).toBeCloseTo(7, 9);
    expect(fitLabel("CARD", 400, 100, { max: 14, min: 6 })).toBe(14);
  });

  it("shrinks a long code to the box's width", () => {
    const code = "RCW 42.56.230(5)";
    const size = fitLabel(code, 100, 20, { max: 14, min: 6 });
    expect(size).not.toBeNull();
    expect((size as number) * labelWidthEm(code)).toBeLessThanOrEqual(100 - 4 + 1e-9);
    expect(size as number).toBeLessThan(14);
  });

  it("leaves the label out when it would be smaller than the minimum", () => {
    expect(fitLabel("RCW 42.56.230(5)", 30, 20, { max: 14, min: 6 })).toBeNull();
    expect(fitLabel("CARD", 200, 5, { max: 14, min: 6 })).toBeNull();
    expect(fitLabel("", 200, 20, { max: 14, min: 6 })).toBeNull();
  });
});
