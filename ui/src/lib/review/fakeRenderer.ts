// A page renderer for jsdom: letter-size pages (or the sizes given), no
// pixels; it records what was asked so tests can check rendering on demand.
import type { PageGeometry } from "./geometry";
import type { OpenDocument, PageRenderer } from "./renderer";

export interface FakeRenderer extends PageRenderer {
  renders: { page: number; scale: number; pixelRatio: number }[];
  cancelled: number;
}

export function fakeRenderer(numPages = 3, geometry?: (page: number) => PageGeometry): FakeRenderer {
  const r: FakeRenderer = {
    renders: [],
    cancelled: 0,
    async open(): Promise<OpenDocument> {
      return {
        numPages,
        geometry: async (page) => geometry?.(page) ?? { view: [0, 0, 612, 792], rotation: 0 },
        render(page, scale, pixelRatio) {
          r.renders.push({ page, scale, pixelRatio });
          let cancelled = false;
          return {
            promise: Promise.resolve().then(() => (cancelled ? null : document.createElement("canvas"))),
            cancel() {
              cancelled = true;
              r.cancelled++;
            },
          };
        },
        destroy() {},
      };
    },
  };
  return r;
}
