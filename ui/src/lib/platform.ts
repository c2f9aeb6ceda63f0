// The native bits the screens use (file and folder pickers, files dropped
// on the window, opening a folder), behind an interface so that tests hand
// the screens a fake one.
import { open } from "@tauri-apps/plugin-dialog";
import { openPath } from "@tauri-apps/plugin-opener";
import { getCurrentWebview } from "@tauri-apps/api/webview";
import { invoke } from "@tauri-apps/api/core";

export interface Platform {
  /** Asks for PDF files; null when the clerk cancelled. */
  pickPdfs(): Promise<string[] | null>;
  /** Asks for a folder; null when the clerk cancelled. */
  pickFolder(title: string): Promise<string | null>;
  /** Opens a folder in the system's file manager. */
  openFolder(path: string): Promise<void>;
  /**
   * Calls `onDrop` with the paths of files dropped on the window and
   * `onHover(true/false)` while files are dragged over it; returns the
   * function that stops listening.
   */
  onFileDrop(onDrop: (paths: string[]) => void, onHover: (over: boolean) => void): Promise<() => void>;
  /** Reads back a PDF an export wrote (`file` inside `outDir`), for the preview. */
  readExported(outDir: string, file: string): Promise<Uint8Array>;
}

export const tauriPlatform: Platform = {
  async pickPdfs() {
    const chosen = await open({
      multiple: true,
      directory: false,
      title: "Add documents to the request",
      filters: [{ name: "PDF documents", extensions: ["pdf", "PDF"] }],
    });
    if (chosen === null) return null;
    return Array.isArray(chosen) ? chosen : [chosen];
  },
  async pickFolder(title) {
    const chosen = await open({ directory: true, multiple: false, title });
    return typeof chosen === "string" ? chosen : null;
  },
  async openFolder(path) {
    await openPath(path);
  },
  async readExported(outDir, file) {
    return new Uint8Array(await invoke<ArrayBuffer>("exported_file", { outDir, file }));
  },
  async onFileDrop(onDrop, onHover) {
    return getCurrentWebview().onDragDropEvent((event) => {
      const p = event.payload;
      if (p.type === "enter" || p.type === "over") onHover(true);
      else if (p.type === "leave") onHover(false);
      else if (p.type === "drop") {
        onHover(false);
        onDrop(p.paths);
      }
    });
  },
};
