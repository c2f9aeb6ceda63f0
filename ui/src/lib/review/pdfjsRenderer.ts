// pdf.js behind the PageRenderer interface. Loaded lazily by the review
// screen, so tests that inject a fake never load pdf.js.
import { GlobalWorkerOptions, getDocument, RenderingCancelledException } from "pdfjs-dist";
import type { PDFDocumentProxy, PDFPageProxy } from "pdfjs-dist";
import workerUrl from "pdfjs-dist/build/pdf.worker.min.mjs?url";
import { cappedPixelRatio, type OpenDocument, type PageRenderer, type RenderTask } from "./renderer";
import type { PageGeometry } from "./geometry";

GlobalWorkerOptions.workerSrc = workerUrl;

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

  destroy(): void {
    void this.doc.destroy();
  }
}

export const pdfjsRenderer: PageRenderer = {
  async open(bytes: Uint8Array): Promise<OpenDocument> {
    // pdf.js takes ownership of (detaches) the buffer it is given: hand it a copy.
    const doc = await getDocument({ data: bytes.slice(), isEvalSupported: false }).promise;
    return new PdfjsDocument(doc);
  },
};
