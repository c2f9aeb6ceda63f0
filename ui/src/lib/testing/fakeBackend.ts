// An in-memory Backend for unit tests: it keeps requests, documents,
// findings, decisions, manual redactions and log reviews the way the Rust
// side does (as far as a screen can tell), records every call, and lets a
// test make any method fail. Shared by every screen's tests.
import type {
  Backend,
  CommandError,
  DecideTarget,
  DocumentSummary,
  ExemptionLog,
  ExportProgress,
  ExportRecord,
  ExportReport,
  FindingView,
  ImportProgress,
  ImportResult,
  Jurisdiction,
  LogEntry,
  LogReview,
  ManualRedactionView,
  NewRequest,
  PageInfo,
  RequestSummary,
  ScanProgress,
  ScanReport,
  TermAdded,
  Verdict,
} from "../api";

/** What a test may preset. Everything is optional. */
export interface FakeSeed {
  requests?: RequestSummary[];
  /** Documents by request number. */
  documents?: Record<string, DocumentSummary[]>;
  /** Findings by request number. */
  findings?: Record<string, FindingView[]>;
  /** Manual redactions by request number. */
  manual?: Record<string, ManualRedactionView[]>;
  /** Page verdicts by document id (missing pages are `ok`). */
  pages?: Record<number, PageInfo[]>;
  /** Bytes returned by documentBytes, by document id. */
  bytes?: Record<number, Uint8Array>;
  /** Codes by jurisdiction id. */
  codes?: Record<string, { code: string; citation: string }[]>;
  jurisdictions?: Jurisdiction[];
  dataDir?: string;
  clerk?: string;
  /** Earlier exports by request number, newest first (an export adds one in front). */
  exports?: Record<string, ExportRecord[]>;
  /** Findings that scanning a request's pending documents produces, by request number. */
  scanFindings?: Record<string, FindingView[]>;
}

/** A recorded call: the method's name and its arguments (callbacks left out). */
export interface FakeCall {
  method: keyof Backend;
  args: unknown[];
}

export interface FakeBackend extends Backend {
  /** Every call made so far, in order. */
  calls: FakeCall[];
  /** Makes `method` reject with `error` (once, or always with `{ always: true }`). */
  failNext(method: keyof Backend, error: CommandError | Error, opts?: { always?: boolean }): void;
  /** The live state, for assertions. */
  state: Required<Omit<FakeSeed, "scanFindings" | "dataDir" | "clerk">> & {
    reviews: Map<string, { state: string; comment: string | null }>;
    decisions: Map<number, DecideHistoryItem[]>;
  };
  /** Calls of one method. */
  callsOf(method: keyof Backend): unknown[][];
}

type DecideHistoryItem = FindingView["decision"];

export const FAKE_JURISDICTIONS: Jurisdiction[] = [
  { id: "wa", name: "Washington" },
  { id: "ca", name: "California" },
  { id: "il", name: "Illinois" },
  { id: "mt", name: "Montana" },
  { id: "us", name: "Federal FOIA" },
];

export const FAKE_CODES: Record<string, { code: string; citation: string }[]> = {
  wa: [
    { code: "RCW 42.56.230(5)", citation: "RCW 42.56.230(5) (financial information)" },
    { code: "RCW 42.56.250", citation: "RCW 42.56.250 (employment and licensing)" },
  ],
  il: [{ code: "7(1)(b)", citation: "5 ILCS 140/7(1)(b)" }],
};

/** A request as tests usually want it. */
export function fakeRequest(over: Partial<RequestSummary> = {}): RequestSummary {
  return {
    id: 1,
    number: "P-2026-0142",
    requester: "Jane Roe",
    jurisdiction: "wa",
    received: "2026-11-02",
    due: "2026-11-09",
    status: "open",
    ...over,
  };
}

/** A document as tests usually want it. */
export function fakeDocument(over: Partial<DocumentSummary> = {}): DocumentSummary {
  return {
    id: 1,
    name: "invoice.pdf",
    sha256: "ab".repeat(32),
    pages: 2,
    bytes: 12345,
    imported_at: "2026-11-02T10:00:00Z",
    scan_status: "scanned",
    scan_error: null,
    ...over,
  };
}

/** A finding as tests usually want it: a card number proposed exempt. */
export function fakeFinding(over: Partial<FindingView> = {}): FindingView {
  return {
    id: 1,
    document_id: 1,
    document: "invoice.pdf",
    page: 1,
    text: "4111 1111 1111 1111",
    value: "4111111111111111",
    category: "card_number",
    detector: "card",
    confidence: 0.99,
    proposal: {
      kind: "exempt",
      code: "RCW 42.56.230(5)",
      citation: "RCW 42.56.230(5)",
      explanation: "Credit card numbers are exempt.",
    },
    quads: [[72, 700, 200, 700, 200, 712, 72, 712]],
    decision: null,
    ...over,
  };
}

const NOW = "2026-11-03T09:00:00Z";

function err(message: string, action: string | null = null): CommandError {
  return { message, action };
}

/** Builds a fresh fake backend from `seed`. */
/** An earlier export, verified and delivered unless `over` says otherwise. */
export function fakeExport(over: Partial<ExportRecord> = {}): ExportRecord {
  return {
    id: 1,
    out_dir: "/out/release",
    clerk: "ana",
    started_at: NOW,
    finished_at: NOW,
    status: "verified",
    verified: true,
    delivered_at: NOW,
    files: [],
    ...over,
  };
}

export function createFakeBackend(seed: FakeSeed = {}): FakeBackend {
  const state = {
    requests: [...(seed.requests ?? [])],
    documents: structuredClone(seed.documents ?? {}),
    findings: structuredClone(seed.findings ?? {}),
    manual: structuredClone(seed.manual ?? {}),
    exports: structuredClone(seed.exports ?? {}),
    pages: structuredClone(seed.pages ?? {}),
    bytes: { ...(seed.bytes ?? {}) },
    codes: seed.codes ?? FAKE_CODES,
    jurisdictions: seed.jurisdictions ?? FAKE_JURISDICTIONS,
    reviews: new Map<string, { state: string; comment: string | null }>(),
    decisions: new Map<number, DecideHistoryItem[]>(),
  };
  const scanFindings = structuredClone(seed.scanFindings ?? {});
  const clerk = seed.clerk ?? "ana";
  const calls: FakeCall[] = [];
  const failures = new Map<keyof Backend, { error: unknown; always: boolean }>();
  let nextId = 1000;

  function enter(method: keyof Backend, args: unknown[]): void {
    calls.push({ method, args: args.filter((a) => typeof a !== "function") });
    const f = failures.get(method);
    if (f) {
      if (!f.always) failures.delete(method);
      throw f.error;
    }
  }

  function req(number: string): RequestSummary {
    const r = state.requests.find((x) => x.number === number);
    if (!r) throw err(`there is no request numbered ${number}`, "Go back to the list of requests and open another one.");
    return r;
  }

  function findingsOf(number: string): FindingView[] {
    req(number);
    return (state.findings[number] ??= []);
  }

  function docsOf(number: string): DocumentSummary[] {
    req(number);
    return (state.documents[number] ??= []);
  }

  function setDecision(f: FindingView, d: DecideHistoryItem): void {
    const h = state.decisions.get(f.id) ?? [];
    h.push(f.decision);
    state.decisions.set(f.id, h);
    f.decision = d;
  }

  const backend: Backend = {
    async listRequests() {
      enter("listRequests", []);
      return structuredClone(state.requests);
    },
    async workspaceInfo() {
      enter("workspaceInfo", []);
      return { data_dir: seed.dataDir ?? "/data/disclose", clerk };
    },
    async listJurisdictions() {
      enter("listJurisdictions", []);
      return structuredClone(state.jurisdictions);
    },
    async createRequest(n: NewRequest) {
      enter("createRequest", [n]);
      if (!n.number.trim()) throw err("the request number is empty", "Give the agency's number, e.g. P-2026-0142.");
      if (state.requests.some((r) => r.number === n.number.trim())) {
        throw err(`a request numbered ${n.number} already exists`, "Choose another number, or open that request.");
      }
      const r: RequestSummary = {
        id: state.requests.length + 1,
        number: n.number.trim(),
        requester: n.requester.trim(),
        jurisdiction: n.jurisdiction,
        received: n.received ?? "2026-11-02",
        due: "2026-11-09",
        status: "open",
      };
      state.requests.push(r);
      return structuredClone(r);
    },
    async createExampleRequest() {
      enter("createExampleRequest", []);
      const existing = state.requests.find((r) => r.number === "EXAMPLE-0001");
      if (existing) return structuredClone(existing);
      const r = fakeRequest({ id: state.requests.length + 1, number: "EXAMPLE-0001", requester: "Example requester" });
      state.requests.push(r);
      state.documents[r.number] = [fakeDocument()];
      state.findings[r.number] = [fakeFinding()];
      return structuredClone(r);
    },
    async getRequest(number) {
      enter("getRequest", [number]);
      return structuredClone(req(number));
    },
    async listDocuments(number) {
      enter("listDocuments", [number]);
      return structuredClone(docsOf(number));
    },
    async importDocuments(number, paths, onProgress: (p: ImportProgress) => void) {
      enter("importDocuments", [number, paths]);
      const docs = docsOf(number);
      const results: ImportResult[] = [];
      paths.forEach((path, i) => {
        const file = path.split(/[\\/]/).pop() ?? path;
        const base = { file, index: i + 1, files: paths.length };
        onProgress({ ...base, state: "copying", error: null });
        if (!file.toLowerCase().endsWith(".pdf")) {
          const e = err(`${file} is not a PDF file`, "Check that the right file was chosen.");
          onProgress({ ...base, state: "failed", error: e.message });
          results.push({ file, outcome: null, error: e });
          return;
        }
        const same = docs.find((d) => d.name === file);
        if (same) {
          onProgress({ ...base, state: "duplicate", error: null });
          results.push({ file, outcome: { outcome: "duplicate", name: file, existing: same.name }, error: null });
          return;
        }
        const d = fakeDocument({ id: nextId++, name: file, scan_status: "pending" });
        docs.push(d);
        onProgress({ ...base, state: "done", error: null });
        results.push({ file, outcome: { outcome: "imported", ...d }, error: null });
      });
      return results;
    },
    async scanRequest(number, onProgress: (p: ScanProgress) => void) {
      enter("scanRequest", [number]);
      const docs = docsOf(number);
      const todo = docs.filter((d) => d.scan_status !== "scanned");
      const report: ScanReport = {
        scanned: 0,
        findings: 0,
        already_scanned: docs.length - todo.length,
        failed: [],
        pages_to_review: [],
        cancelled: false,
      };
      todo.forEach((d, i) => {
        for (let page = 1; page <= d.pages; page++) {
          onProgress({ document: d.name, document_index: i + 1, documents: todo.length, page, pages: d.pages });
        }
        d.scan_status = "scanned";
        report.scanned += 1;
      });
      const found = scanFindings[number] ?? [];
      findingsOf(number).push(...found);
      report.findings = found.length;
      delete scanFindings[number];
      return report;
    },
    async cancelJob(number) {
      enter("cancelJob", [number]);
    },
    async listFindings(number) {
      enter("listFindings", [number]);
      return structuredClone(findingsOf(number));
    },
    async documentBytes(documentId) {
      enter("documentBytes", [documentId]);
      return state.bytes[documentId] ?? new Uint8Array();
    },
    async documentPages(documentId) {
      enter("documentPages", [documentId]);
      const doc = Object.values(state.documents)
        .flat()
        .find((d) => d.id === documentId);
      if (!doc) throw err(`document ${documentId} is not part of this request`, "Reopen the request.");
      const notes = state.pages[documentId] ?? [];
      return Array.from({ length: doc.pages }, (_, i) => {
        const n = notes.find((p) => p.page === i + 1);
        return n ? structuredClone(n) : { page: i + 1, verdict: "ok", reasons: [] };
      });
    },
    async decide(number, target: DecideTarget, verdict: Verdict, note) {
      enter("decide", [number, target, verdict, note]);
      const all = findingsOf(number);
      let chosen: FindingView[];
      if ("finding" in target) {
        const f = all.find((x) => x.id === target.finding);
        if (!f) throw err(`finding ${target.finding} is not part of this request`, "Reload the request.");
        chosen = [f];
      } else if ("category" in target) {
        chosen = all.filter((f) => f.category === target.category);
      } else {
        chosen = all.filter((f) => f.decision === null && f.proposal.kind === "exempt");
      }
      for (const f of chosen) {
        if (verdict === "reject") {
          setDecision(f, { action: "reject", code: null, clerk, at: NOW, note });
        } else {
          const proposed = f.proposal.kind === "not_exempt" ? null : (f.proposal.code ?? null);
          const code = verdict.accept.code ?? proposed;
          if (!code) throw err(`finding ${f.id} has no proposed exemption code`, "Choose a code for it.");
          setDecision(f, { action: code === proposed ? "accept" : "change_code", code, clerk, at: NOW, note });
        }
      }
      return chosen.length;
    },
    async undo(number, findingId) {
      enter("undo", [number, findingId]);
      const f = findingsOf(number).find((x) => x.id === findingId);
      if (!f) throw err(`finding ${findingId} is not part of this request`, "Reload the request.");
      const h = state.decisions.get(findingId);
      if (!h || h.length === 0) throw err(`finding ${findingId} has no decision to undo`, null);
      f.decision = h.pop() ?? null;
    },
    async addManualArea(number, documentId, page, rect, code) {
      enter("addManualArea", [number, documentId, page, rect, code]);
      req(number);
      const m: ManualRedactionView = {
        id: nextId++,
        document_id: documentId,
        page,
        rect,
        term: null,
        code,
        clerk,
        at: NOW,
      };
      (state.manual[number] ??= []).push(m);
      return structuredClone(m);
    },
    async addTerm(number, term, code): Promise<TermAdded> {
      enter("addTerm", [number, term, code]);
      const all = findingsOf(number);
      const f = fakeFinding({
        id: nextId++,
        text: term,
        value: term,
        category: "custom_term",
        detector: "custom",
        proposal: code
          ? { kind: "exempt", code, citation: code, explanation: "Custom term." }
          : { kind: "review", test: "custom term" },
      });
      all.push(f);
      return { found: 1, not_searched: [] };
    },
    async listManual(number) {
      enter("listManual", [number]);
      req(number);
      return structuredClone(state.manual[number] ?? []);
    },
    async removeManual(number, id) {
      enter("removeManual", [number, id]);
      req(number);
      const list = state.manual[number] ?? [];
      const i = list.findIndex((m) => m.id === id);
      if (i < 0) throw err(`manual redaction ${id} is not part of this request`, "Reload the request.");
      list.splice(i, 1);
    },
    async listCodes(number) {
      enter("listCodes", [number]);
      return structuredClone(state.codes[req(number).jurisdiction] ?? []);
    },
    async exportRequest(number, outDir, options, onProgress: (p: ExportProgress) => void): Promise<ExportReport> {
      enter("exportRequest", [number, outDir, options.sanitize]);
      const docs = docsOf(number);
      const redacted = findingsOf(number).filter((f) => f.decision && f.decision.action !== "reject");
      docs.forEach((d, i) => {
        onProgress({ document: d.name, document_index: i + 1, documents: docs.length, stage: "redacting" });
        onProgress({ document: d.name, document_index: i + 1, documents: docs.length, stage: "verifying" });
      });
      onProgress({ document: "", document_index: docs.length, documents: docs.length, stage: "done" });
      const history = (state.exports[number] ??= []);
      const exportId = history.reduce((m, e) => Math.max(m, e.id), 0) + 1;
      const logFiles = ["exemption-log.csv", "exemption-log.json", "exemption-log.pdf"];
      history.unshift(
        fakeExport({
          id: exportId,
          out_dir: outDir,
          clerk,
          files: [
            ...docs.map((d) => ({
              name: d.name.replace(/\.pdf$/i, "-redacted.pdf"),
              sha256: d.sha256,
              bytes: d.bytes,
              document_id: d.id,
              sanitized: options.sanitize,
            })),
            ...logFiles.map((name) => ({ name, sha256: "0".repeat(64), bytes: 1, document_id: null })),
          ],
        }),
      );
      return {
        export_id: exportId,
        out_dir: outDir,
        documents: docs.map((d) => ({
          document: d.name,
          file: d.name.replace(/\.pdf$/i, "-redacted.pdf"),
          sha256: d.sha256,
          pages: d.pages,
          areas: redacted.filter((f) => f.document_id === d.id).length,
          removed: [`${redacted.filter((f) => f.document_id === d.id).length} text runs`],
          warnings: [],
          bates_first: null,
          bates_last: null,
        })),
        log_files: logFiles,
        verified: true,
        sanitized: options.sanitize,
      };
    },
    async listExports(number): Promise<ExportRecord[]> {
      enter("listExports", [number]);
      req(number);
      return structuredClone(state.exports[number] ?? []);
    },
    async exemptionLog(number): Promise<ExemptionLog> {
      enter("exemptionLog", [number]);
      const r = req(number);
      const entries: LogEntry[] = [];
      for (const f of findingsOf(number)) {
        if (!f.decision || f.decision.action === "reject" || !f.decision.code) continue;
        const rv = state.reviews.get(`f${f.id}`);
        entries.push({
          bates: null,
          document: f.document,
          page: f.page,
          code: f.decision.code,
          citation: f.decision.code,
          explanation: f.proposal.kind === "exempt" ? f.proposal.explanation : "",
          category: f.category,
          decided_by: f.decision.clerk,
          decided_at: f.decision.at,
          finding_id: f.id,
          manual_id: null,
          review: rv?.state ?? "pending",
          review_comment: rv?.comment ?? null,
        });
      }
      for (const m of state.manual[number] ?? []) {
        const rv = state.reviews.get(`m${m.id}`);
        const doc = docsOf(number).find((d) => d.id === m.document_id);
        entries.push({
          bates: null,
          document: doc?.name ?? "",
          page: m.page ?? 1,
          code: m.code,
          citation: m.code,
          explanation: "",
          category: "area marked by the clerk",
          decided_by: m.clerk,
          decided_at: m.at,
          finding_id: null,
          manual_id: m.id,
          review: rv?.state ?? "pending",
          review_comment: rv?.comment ?? null,
        });
      }
      const totals: Record<string, number> = {};
      for (const e of entries) totals[e.code] = (totals[e.code] ?? 0) + 1;
      return {
        request: r.number,
        requester: r.requester,
        jurisdiction: state.jurisdictions.find((j) => j.id === r.jurisdiction)?.name ?? r.jurisdiction,
        received: r.received,
        due: r.due,
        entries,
        totals,
        notice: "You may ask for a review of this decision.",
        disclaimer: "Reference, not legal advice.",
      };
    },
    async reviewLogEntry(number, entry, review: LogReview) {
      enter("reviewLogEntry", [number, entry, review]);
      req(number);
      if (review.state === "returned" && !review.comment.trim()) {
        throw err("the comment is empty", "Say why the entry is returned.");
      }
      const key = entry.findingId !== null ? `f${entry.findingId}` : `m${entry.manualId}`;
      state.reviews.set(key, {
        state: review.state,
        comment: review.state === "returned" ? review.comment : null,
      });
    },
    async saveLog(number, outDir) {
      enter("saveLog", [number, outDir]);
      req(number);
      return ["csv", "json", "pdf"].map((ext) => `${outDir}/exemption-log-${number}.${ext}`);
    },
  };

  return Object.assign(backend, {
    calls,
    state,
    failNext(method: keyof Backend, error: CommandError | Error, opts: { always?: boolean } = {}) {
      failures.set(method, { error, always: opts.always ?? false });
    },
    callsOf(method: keyof Backend) {
      return calls.filter((c) => c.method === method).map((c) => c.args);
    },
  });
}
