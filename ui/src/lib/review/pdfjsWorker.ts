// pdf.js's worker, started on its own: its 1.2 MB script is fetched and
// parsed while pdf.js's main module (430 kB) is still loading, instead of
// after it. This module is tiny (the worker's URL and a constructor), so the
// review screen can call it the moment it opens.
import workerUrl from "pdfjs-dist/build/pdf.worker.min.mjs?url";

let shared: Worker | null = null;

/**
 * The one pdf.js worker for every document (started on the first call);
 * `fresh` replaces one that pdf.js has terminated.
 */
export function pdfWorkerPort(fresh = false): Worker | null {
  if (typeof Worker === "undefined") return null;
  if (fresh) shared = null;
  shared ??= new Worker(workerUrl, { type: "module" });
  return shared;
}

export { workerUrl };

/**
 * Starts loading pdf.js (worker and main module) ahead of the review
 * screen, e.g. when a request is opened, so the screen's first page does
 * not wait for them. Safe to call any number of times; failures surface
 * when the screen opens a document.
 */
export function warmUpPdfjs(): void {
  pdfWorkerPort();
  import("./pdfjsRenderer").catch(() => undefined);
}
