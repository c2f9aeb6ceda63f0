// The front end's only door to the Rust side. Components take a `Backend`
// so tests can hand them a fake one; the app hands them `tauriBackend`.
//
// This file is the contract between the web front end and the thin Tauri
// commands in `src-tauri/commands/`: every type mirrors a serde type of
// `disclose-core` (named beside it), every method one `#[tauri::command]`
// of the same name in snake_case. Arguments are passed in camelCase, as
// Tauri expects; fields of returned objects keep Rust's snake_case.
import { Channel, invoke } from "@tauri-apps/api/core";

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
  /** The name decisions are recorded under (the signed-in user). */
  clerk: string;
}

/** A jurisdiction pack (disclose_rules::PackInfo). */
export interface Jurisdiction {
  id: string;
  name: string;
}

/** What the create form sends. Dates are YYYY-MM-DD. */
export interface NewRequest {
  number: string;
  requester: string;
  jurisdiction: string;
  received: string | null;
  batesPrefix: string | null;
}

/** A document of a request (disclose_core::DocumentSummary). */
export interface DocumentSummary {
  id: number;
  name: string;
  sha256: string;
  pages: number;
  bytes: number;
  imported_at: string;
  scan_status: "pending" | "scanned" | "failed" | string;
  scan_error: string | null;
}

/** What importing one file did (disclose_core::ImportOutcome). */
export type ImportOutcome =
  | ({ outcome: "imported" } & DocumentSummary)
  | { outcome: "duplicate"; name: string; existing: string };

/** One file's progress while importing. */
export interface ImportProgress {
  /** The file's name. */
  file: string;
  /** Its position among the files, from 1. */
  index: number;
  files: number;
  /** `copying`, `done`, `duplicate` or `failed`. */
  state: string;
  /** Why it failed, in plain words. */
  error: string | null;
}

/** A file given for import and what became of it. */
export interface ImportResult {
  file: string;
  outcome: ImportOutcome | null;
  error: CommandError | null;
}

/** Scan progress (disclose_core::ScanProgress). */
export interface ScanProgress {
  document: string;
  document_index: number;
  documents: number;
  page: number;
  pages: number;
}

/** A page whose text cannot be fully trusted (disclose_core::PageNote). */
export interface PageNote {
  document: string;
  page: number;
  verdict: "degraded" | "unreadable" | string;
  reasons: string[];
}

/** What a scan did (disclose_core::ScanReport). */
export interface ScanReport {
  scanned: number;
  findings: number;
  already_scanned: number;
  failed: [string, string][];
  pages_to_review: PageNote[];
  cancelled: boolean;
}

/** What the jurisdiction's pack proposes (disclose_rules::Proposal). */
export type Proposal =
  | { kind: "exempt"; code: string; citation: string; explanation: string }
  | { kind: "not_exempt"; reason: string }
  | { kind: "review"; test: string; code?: string; citation?: string };

/** The decision in force on a finding (disclose_core::DecisionView). */
export interface DecisionView {
  action: "accept" | "reject" | "change_code" | string;
  code: string | null;
  clerk: string;
  at: string;
  note: string | null;
}

/** A quad `[x1,y1,x2,y2,x3,y3,x4,y4]` in the page's default user space (PDF points, origin bottom left, before /Rotate). */
export type Quad = [number, number, number, number, number, number, number, number];

/** A finding (disclose_core::FindingView). */
export interface FindingView {
  id: number;
  document_id: number;
  document: string;
  page: number;
  text: string;
  value: string;
  category: string;
  detector: string;
  confidence: number;
  proposal: Proposal;
  quads: Quad[];
  decision: DecisionView | null;
}

/** Which findings a decision applies to. */
export type DecideTarget =
  | { finding: number }
  | { category: string }
  | { allProposedExempt: true };

/** What to decide: redact (optionally under another code) or release. */
export type Verdict = { accept: { code: string | null } } | "reject";

/** A manual redaction in force (disclose_core::ManualRedaction, flattened). */
export interface ManualRedactionView {
  id: number;
  document_id: number;
  /** Set for an area: 1-based page and `[x0,y0,x1,y1]` in default user space. */
  page: number | null;
  rect: [number, number, number, number] | null;
  /** Set for a term redacted wherever it occurs. */
  term: string | null;
  code: string;
  clerk: string;
  at: string;
}

/** What adding a custom term found (disclose_core::TermAdded). */
export interface TermAdded {
  found: number;
  not_searched: [string, string][];
}

/** A page of a document as the viewer needs it. */
export interface PageInfo {
  page: number;
  /** `ok`, `degraded` or `unreadable`. */
  verdict: string;
  reasons: string[];
}

/** Export progress. */
export interface ExportProgress {
  document: string;
  document_index: number;
  documents: number;
  /** `redacting`, `verifying`, `writing_log` or `done`. */
  stage: string;
}

/** One redacted document written by an export. */
export interface ExportedDocument {
  document: string;
  /** The output file's name inside the export folder. */
  file: string;
  sha256: string;
  pages: number;
  /** Redaction areas applied. */
  areas: number;
  /** What the engine removed: glyphs, images blanked or removed, annotations, ... in words. */
  removed: string[];
  warnings: string[];
  /** Bates range, when the request has a prefix. */
  bates_first: string | null;
  bates_last: string | null;
}

/** What an export did (disclose_core::ExportReport). */
export interface ExportReport {
  export_id: number;
  out_dir: string;
  documents: ExportedDocument[];
  /** The log files written (CSV, JSON, PDF), by name. */
  log_files: string[];
  /** True when every output was re-read and no redacted value survived. */
  verified: boolean;
  /** True when metadata, bookmarks, attachments, comments... were stripped regardless of content. */
  sanitized: boolean;
}

/** One file an export wrote, as recorded with it (the `files` JSON of disclose_core::ExportRecord). */
export interface ExportRecordFile {
  name: string;
  sha256: string;
  bytes: number;
  /** The document it is the redacted copy of; null for the exemption log's files. */
  document_id: number | null;
  /** Redacted documents only: whether the export sanitized it. */
  sanitized?: boolean;
}

/** An earlier export, checked against its folder now (disclose_core::ExportRecord). */
export interface ExportRecord {
  id: number;
  out_dir: string;
  clerk: string;
  /** RFC 3339 UTC. */
  started_at: string;
  finished_at: string | null;
  /** `verified`, `interrupted`, `changed`, `writing` or `failed` (see disclose_core::ExportRecord::status). */
  status: "verified" | "interrupted" | "changed" | "writing" | "failed" | string;
  /** True when the store records every file as verified with its SHA-256. */
  verified: boolean;
  delivered_at: string | null;
  /** The files written; `[]` while writing, null if the record could not be read. */
  files: ExportRecordFile[] | null;
}

/** How to export. */
export interface ExportOptions {
  /** Also strip metadata, scripts, attachments, comments, thumbnails, bookmarks and alternate texts, whatever they hold. */
  sanitize: boolean;
}

/** One line of the exemption log (disclose_core::LogEntry). */
export interface LogEntry {
  bates: string | null;
  document: string;
  page: number;
  code: string;
  citation: string;
  explanation: string;
  category: string;
  decided_by: string;
  decided_at: string;
  finding_id: number | null;
  manual_id: number | null;
  review: "pending" | "approved" | "returned" | string;
  review_comment: string | null;
}

/** The exemption log (disclose_core::ExemptionLog). */
export interface ExemptionLog {
  request: string;
  requester: string;
  jurisdiction: string;
  received: string;
  due: string | null;
  entries: LogEntry[];
  totals: Record<string, number>;
  notice: string;
  disclaimer: string;
}

/** The attorney's review of one log entry. */
export type LogReview = { state: "pending" } | { state: "approved" } | { state: "returned"; comment: string };

/** An error as commands return it: plain words, and what to do if known. */
export interface CommandError {
  message: string;
  action: string | null;
}

export interface Backend {
  listRequests(): Promise<RequestSummary[]>;
  workspaceInfo(): Promise<WorkspaceInfo>;
  listJurisdictions(): Promise<Jurisdiction[]>;
  createRequest(request: NewRequest): Promise<RequestSummary>;
  /** Builds the example request from the bundled fixtures (first start). */
  createExampleRequest(): Promise<RequestSummary>;
  getRequest(number: string): Promise<RequestSummary>;
  listDocuments(number: string): Promise<DocumentSummary[]>;
  importDocuments(number: string, paths: string[], onProgress: (p: ImportProgress) => void): Promise<ImportResult[]>;
  scanRequest(number: string, onProgress: (p: ScanProgress) => void): Promise<ScanReport>;
  /** Asks a running scan or export of `number` to stop after the current page. */
  cancelJob(number: string): Promise<void>;
  listFindings(number: string): Promise<FindingView[]>;
  /** The kept copy's bytes, for pdf.js. */
  documentBytes(documentId: number): Promise<Uint8Array>;
  /** Each page's text reliability verdict. */
  documentPages(documentId: number): Promise<PageInfo[]>;
  /** Records a decision; returns how many findings it changed. */
  decide(number: string, target: DecideTarget, verdict: Verdict, note: string | null): Promise<number>;
  /** Takes back the latest decision on a finding. */
  undo(number: string, findingId: number): Promise<void>;
  addManualArea(number: string, documentId: number, page: number, rect: [number, number, number, number], code: string): Promise<ManualRedactionView>;
  addTerm(number: string, term: string, code: string | null): Promise<TermAdded>;
  listManual(number: string): Promise<ManualRedactionView[]>;
  removeManual(number: string, id: number): Promise<void>;
  /** The exemption codes of the request's jurisdiction, for the code picker. */
  listCodes(number: string): Promise<{ code: string; citation: string }[]>;
  exportRequest(number: string, outDir: string, options: ExportOptions, onProgress: (p: ExportProgress) => void): Promise<ExportReport>;
  /** The request's exports, newest first, each checked against its folder now. */
  listExports(number: string): Promise<ExportRecord[]>;
  exemptionLog(number: string): Promise<ExemptionLog>;
  reviewLogEntry(number: string, entry: { findingId: number | null; manualId: number | null }, review: LogReview): Promise<void>;
  /** Writes the log's CSV, JSON and PDF into `outDir`; returns their paths. */
  saveLog(number: string, outDir: string): Promise<string[]>;
}

function channel<T>(onMessage: (m: T) => void): Channel<T> {
  const ch = new Channel<T>();
  ch.onmessage = onMessage;
  return ch;
}

export const tauriBackend: Backend = {
  listRequests: () => invoke("list_requests"),
  workspaceInfo: () => invoke("workspace_info"),
  listJurisdictions: () => invoke("list_jurisdictions"),
  createRequest: (request) => invoke("create_request", { request }),
  createExampleRequest: () => invoke("create_example_request"),
  getRequest: (number) => invoke("get_request", { number }),
  listDocuments: (number) => invoke("list_documents", { number }),
  importDocuments: (number, paths, onProgress) =>
    invoke("import_documents", { number, paths, onProgress: channel(onProgress) }),
  scanRequest: (number, onProgress) => invoke("scan_request", { number, onProgress: channel(onProgress) }),
  cancelJob: (number) => invoke("cancel_job", { number }),
  listFindings: (number) => invoke("list_findings", { number }),
  documentBytes: async (documentId) =>
    new Uint8Array(await invoke<ArrayBuffer>("document_bytes", { documentId })),
  documentPages: (documentId) => invoke("document_pages", { documentId }),
  decide: (number, target, verdict, note) => invoke("decide", { number, target, verdict, note }),
  undo: (number, findingId) => invoke("undo", { number, findingId }),
  addManualArea: (number, documentId, page, rect, code) =>
    invoke("add_manual_area", { number, documentId, page, rect, code }),
  addTerm: (number, term, code) => invoke("add_term", { number, term, code }),
  listManual: (number) => invoke("list_manual", { number }),
  removeManual: (number, id) => invoke("remove_manual", { number, id }),
  listCodes: (number) => invoke("list_codes", { number }),
  exportRequest: (number, outDir, options, onProgress) =>
    invoke("export_request", { number, outDir, sanitize: options.sanitize, onProgress: channel(onProgress) }),
  listExports: (number) => invoke("list_exports", { number }),
  exemptionLog: (number) => invoke("exemption_log", { number }),
  reviewLogEntry: (number, entry, review) => invoke("review_log_entry", { number, entry, review }),
  saveLog: (number, outDir) => invoke("save_log", { number, outDir }),
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
