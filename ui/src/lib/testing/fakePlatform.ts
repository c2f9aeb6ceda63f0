// A Platform for unit tests: pickers answer what the test says, dropped
// files are delivered by `drop`, opened folders are recorded.
import type { Platform } from "../platform";

export interface FakePlatform extends Platform {
  /** Paths the next pickPdfs returns (null: cancelled). */
  nextPdfs: string[] | null;
  /** Folder the next pickFolder returns (null: cancelled). */
  nextFolder: string | null;
  opened: string[];
  /** Files read back for a preview, as "outDir/file". */
  read: string[];
  /** Simulates files dropped on the window. */
  drop(paths: string[]): void;
  hover(over: boolean): void;
}

export function createFakePlatform(): FakePlatform {
  let onDrop: ((paths: string[]) => void) | null = null;
  let onHover: ((over: boolean) => void) | null = null;
  const p: FakePlatform = {
    nextPdfs: null,
    nextFolder: null,
    opened: [],
    read: [],
    async pickPdfs() {
      return p.nextPdfs;
    },
    async pickFolder() {
      return p.nextFolder;
    },
    async openFolder(path) {
      p.opened.push(path);
    },
    async readExported(outDir, file) {
      p.read.push(`${outDir}/${file}`);
      return new Uint8Array([37, 80, 68, 70]);
    },
    async onFileDrop(drop, hover) {
      onDrop = drop;
      onHover = hover;
      return () => {
        onDrop = null;
        onHover = null;
      };
    },
    drop(paths) {
      onDrop?.(paths);
    },
    hover(over) {
      onHover?.(over);
    },
  };
  return p;
}
