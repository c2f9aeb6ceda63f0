// pdf.js behind the PageRenderer interface. Loaded lazily by the review
// screen, so tests that inject a fake never load pdf.js.
import { GlobalWorkerOptions, getDocument, PDFWorker, RenderingCancelledException, TextLayer } from "pdfjs-dist";
import type { PDFDocumentProxy, PDFPageProxy } from "pdfjs-dist";
import { cappedPixelRatio, type OpenDocument, type PageRenderer, type RenderTask } from "./renderer";
import type { PageGeometry } from "./geometry";
import { pdfWorkerPort, workerUrl } from "./pdfjsWorker";
import { markPhase } from "./timings";

GlobalWorkerOptions.workerSrc = workerUrl;

// One worker for every document. Its script is started by pdfjsWorker.ts,
// which the review screen calls as it opens, so it loads alongside this
// module rather than after it.
let sharedWorker: PDFWorker | null = null;
function worker(): PDFWorker {
  if (!sharedWorker || sharedWorker.destroyed) {
    // A destroyed PDFWorker has terminated its port: that one needs a new one.
    const port = pdfWorkerPort(sharedWorker !== null);
    // pdf.js's typings give `port` as null only; it takes a Worker (PDFWorker's #initializeFromPort).
    sharedWorker = port
      ? new PDFWorker({ port } as unknown as ConstructorParameters<typeof PDFWorker>[0])
      : new PDFWorker();
  }
  return sharedWorker;
}
worker();

// pdf.js needs data files the app must carry (no network at run time):
// the 14 standard fonts' programs, for PDFs that name Helvetica or Times
// without embedding them (ISO 32000-1 §9.6.2.2) — without them text is drawn
// in a system font of other widths and no longer lines up with its findings;
// the predefined CMaps of CJK fonts (§9.7.5.2); and the decoders of JPEG 2000
// and JBIG2 images that scans use. Vite copies each file into the build and
// gives its URL; pdf.js asks for them by name through this factory.
const DATA_FILES = import.meta.glob(
  ["../../../node_modules/pdfjs-dist/standard_fonts/*", "../../../node_modules/pdfjs-dist/cmaps/*", "../../../node_modules/pdfjs-dist/wasm/*"],
  { query: "?url&no-inline", import: "default", eager: true },
) as Record<string, string>;

const DATA_BY_KIND: Record<string, Map<string, string>> = {
  standardFontDataUrl: new Map(),
  cMapUrl: new Map(),
  wasmUrl: new Map(),
};
for (const [path, url] of Object.entries(DATA_FILES)) {
  const [dir, name] = path.split("/").slice(-2);
  const kind = dir === "standard_fonts" ? "standardFontDataUrl" : dir === "cmaps" ? "cMapUrl" : "wasmUrl";
  DATA_BY_KIND[kind].set(name, url);
}

/** Hands pdf.js the bundled data files by name (pdf.js's BinaryDataFactory contract). */
class BundledDataFactory {
  async fetch({ kind, filename }: { kind: string; filename: string }): Promise<Uint8Array> {
    const url = DATA_BY_KIND[kind]?.get(filename);
    if (!url) throw new Error(`pdf.js asked for ${filename}, which the app does not carry.`);
    const res = await fetch(url);
    if (!res.ok) throw new Error(`Could not read ${filename} (${res.status}).`);
    return new Uint8Array(await res.arrayBuffer());
  }
}

class PdfjsDocument implements OpenDocument {
  private pages = new Map<number, Promise<PDFPageProxy>>();
  constructor(private doc: PDFDocumentProxy) {}

  get numPages(): number {
    return this.doc.numPages;
  }

  private page(n: number): Promise<PDFPageProxy> {
    let p = this.pages.get(n);
    if (!p) {
      p = this.doc.getPage(n);
      this.pages.set(n, p);
    }
    return p;
  }

  async geometry(n: number): Promise<PageGeometry> {
    const page = await this.page(n);
    const [x0, y0, x1, y1] = page.view;
    return { view: [x0, y0, x1, y1], rotation: page.rotate };
  }

  render(n: number, scale: number, pixelRatio: number): RenderTask {
    let cancelled = false;
    let task: { cancel(): void } | null = null;
    const promise = (async () => {
      const page = await this.page(n);
      if (cancelled) return null;
      const viewport = page.getViewport({ scale });
      const ratio = cappedPixelRatio(viewport.width, viewport.height, pixelRatio);
      const canvas = document.createElement("canvas");
      canvas.width = Math.max(1, Math.floor(viewport.width * ratio));
      canvas.height = Math.max(1, Math.floor(viewport.height * ratio));
      canvas.style.width = `${viewport.width}px`;
      canvas.style.height = `${viewport.height}px`;
      markPhase("pdf.js render called");
      const render = page.render({
        canvas,
        viewport,
        transform: ratio !== 1 ? [ratio, 0, 0, ratio, 0, 0] : undefined,
      });
      task = render;
      try {
        await render.promise;
      } catch (err) {
        if (err instanceof RenderingCancelledException || cancelled) return null;
        throw err;
      }
      // Free the page's operator list and fonts until it is needed again.
      page.cleanup();
      return cancelled ? null : canvas;
    })();
    return {
      promise,
      cancel() {
        cancelled = true;
        task?.cancel();
      },
    };
  }

  textLayer(n: number, scale: number, container: HTMLElement) {
    let cancelled = false;
    let layer: TextLayer | null = null;
    const promise = (async () => {
      const page = await this.page(n);
      if (cancelled) return;
      const viewport = page.getViewport({ scale });
      container.replaceChildren();
      // The variables pdf.js's text layer sizes itself and its spans by.
      container.style.setProperty("--scale-factor", String(scale));
      container.style.setProperty("--total-scale-factor", String(scale));
      container.style.setProperty("--scale-round-x", "1px");
      container.style.setProperty("--scale-round-y", "1px");
      layer = new TextLayer({ textContentSource: page.streamTextContent(), container, viewport });
      try {
        await layer.render();
      } catch (err) {
        if (!cancelled) throw err;
      }
    })();
    return {
      promise,
      cancel() {
        cancelled = true;
        layer?.cancel();
      },
    };
  }

  destroy(): void {
    void this.doc.destroy();
  }
}

export const pdfjsRenderer: PageRenderer = {
  async open(bytes: Uint8Array): Promise<OpenDocument> {
    // pdf.js takes ownership of (detaches) the buffer it is given: hand it a copy.
    const doc = await getDocument({
      data: bytes.slice(),
      worker: worker(),
      isEvalSupported: false,
      // The files come from the bundle through the main thread; the worker
      // fetches nothing itself. The URLs only tell pdf.js the data exists.
      useWorkerFetch: false,
      BinaryDataFactory: BundledDataFactory,
      cMapUrl: "/pdfjs-data/",
      cMapPacked: true,
      standardFontDataUrl: "/pdfjs-data/",
      wasmUrl: "/pdfjs-data/",
    } as Parameters<typeof getDocument>[0]).promise;
    const d = new PdfjsDocument(doc);
    // Page 1 is what the screen shows first: ask the worker for it now,
    // while the screen lays out its page column, not after.
    if (doc.numPages > 0) d.geometry(1).catch(() => undefined);
    return d;
  },
};
