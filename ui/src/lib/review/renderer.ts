// The page renderer behind a small interface, so the review screen can be
// tested in jsdom with a fake and run on pdf.js in the app.
import type { PageGeometry } from "./geometry";

/** A render in progress; `cancel` stops it (the promise then gives null). */
export interface RenderTask {
  promise: Promise<HTMLCanvasElement | null>;
  cancel(): void;
}

/** An open document. Pages are 1-based. */
export interface OpenDocument {
  numPages: number;
  /** The page's visible box and /Rotate. */
  geometry(page: number): Promise<PageGeometry>;
  /**
   * Paints the page at `scale` CSS pixels per point into a new canvas with
   * `pixelRatio` device pixels per CSS pixel (so it is crisp on any screen),
   * sized in CSS to the page's displayed size.
   */
  render(page: number, scale: number, pixelRatio: number): RenderTask;
  /**
   * Lays the page's text, invisible but selectable, into `container` at
   * `scale` (for "redact selection"). Optional: without it text cannot be selected.
   */
  textLayer?(page: number, scale: number, container: HTMLElement): { promise: Promise<void>; cancel(): void };
  destroy(): void;
}

export interface PageRenderer {
  open(bytes: Uint8Array): Promise<OpenDocument>;
}

/**
 * WebKit and Chromium refuse canvases above about 16.7 million pixels
 * (4096 x 4096); past that a page would come out blank. Lower the pixel
 * ratio for very large zooms so the canvas stays under the limit.
 */
export const MAX_CANVAS_PIXELS = 16_000_000;

export function cappedPixelRatio(cssWidth: number, cssHeight: number, pixelRatio: number): number {
  const area = cssWidth * cssHeight * pixelRatio * pixelRatio;
  if (area <= MAX_CANVAS_PIXELS || area === 0) return pixelRatio;
  return Math.sqrt(MAX_CANVAS_PIXELS / (cssWidth * cssHeight));
}
