// @vitest-environment node
import { describe, expect, it, beforeAll } from "vitest";
import * as pdfjs from "pdfjs-dist/legacy/build/pdf.mjs";
import {
  displaySize,
  normalizeRotation,
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
