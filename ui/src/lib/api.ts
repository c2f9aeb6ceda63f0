// The front end's only door to the Rust side. Components take a `Backend`
// so tests can hand them a fake one; the app hands them `tauriBackend`.
import { invoke } from "@tauri-apps/api/core";

/** A request as the list shows it (mirrors disclose_core::RequestSummary). */
export interface RequestSummary {
  id: number;
  number: string;
  requester: string;
  jurisdiction: string;
  received: string;
  due: string | null;
  status: string;
}

/** Where the app keeps its data. */
export interface WorkspaceInfo {
  data_dir: string;
}

/** An error as commands return it: plain words, and what to do if known. */
export interface CommandError {
  message: string;
  action: string | null;
}

export interface Backend {
  listRequests(): Promise<RequestSummary[]>;
  workspaceInfo(): Promise<WorkspaceInfo>;
}

export const tauriBackend: Backend = {
  listRequests: () => invoke<RequestSummary[]>("list_requests"),
  workspaceInfo: () => invoke<WorkspaceInfo>("workspace_info"),
};

/** Turns whatever a rejected command gave into words for the clerk. */
export function describeError(err: unknown): CommandError {
  if (err && typeof err === "object" && "message" in err) {
    const e = err as { message: unknown; action?: unknown };
    return {
      message: String(e.message),
      action: typeof e.action === "string" ? e.action : null,
    };
  }
  if (typeof err === "string" && err.length > 0) {
    return { message: err, action: null };
  }
  return {
    message: "Something went wrong and Disclose could not say what.",
    action: "Try again; if it keeps happening, restart Disclose. Your saved work is kept.",
  };
}
