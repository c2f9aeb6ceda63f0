// An in-memory backend for the review tests: findings, decisions with a
// per-finding history (as disclose-core keeps it), manual areas, terms.
// Every call is recorded so tests can check what reached the backend.
import type {
  Backend,
  DecideTarget,
  DecisionView,
  FindingView,
  ManualRedactionView,
  PageInfo,
  Verdict,
} from "../api";
import { proposedCode } from "./reviewState";
import { finding } from "./fixtures";

export interface FakeReviewBackend extends Backend {
  calls: { method: string; args: unknown[] }[];
  findings: FindingView[];
  manual: ManualRedactionView[];
  /** Makes the next call of `method` fail with this error. */
  failNext(method: keyof Backend, err: unknown): void;
}

const notUsed = (name: string) => () => Promise.reject(new Error(`${name} is not part of the review fake`));

export function fakeReviewBackend(
  initial: FindingView[],
  opts: { pages?: PageInfo[]; codes?: { code: string; citation: string }[] } = {},
): FakeReviewBackend {
  const findings = initial.map((f) => ({ ...f }));
  const history = new Map<number, (DecisionView | null)[]>();
  const manual: ManualRedactionView[] = [];
  const failures = new Map<string, unknown>();
  const calls: { method: string; args: unknown[] }[] = [];
  let nextId = 1000;

  function call<T>(method: string, args: unknown[], work: () => T): Promise<T> {
    calls.push({ method, args });
    if (failures.has(method)) {
      const err = failures.get(method);
      failures.delete(method);
      return Promise.reject(err);
    }
    try {
      return Promise.resolve(work());
    } catch (err) {
      return Promise.reject(err);
    }
  }

  function decideOne(f: FindingView, verdict: Verdict, note: string | null) {
    let d: DecisionView;
    if (verdict === "reject") d = { action: "reject", code: null, clerk: "clerk", at: "t", note };
    else {
      const code = verdict.accept.code ?? proposedCode(f);
      if (!code) throw { message: `Finding ${f.id} needs a code.`, action: "Choose an exemption code." };
      d = { action: code === proposedCode(f) ? "accept" : "change_code", code, clerk: "clerk", at: "t", note };
    }
    history.set(f.id, [...(history.get(f.id) ?? []), f.decision]);
    f.decision = d;
  }

  const backend: FakeReviewBackend = {
    calls,
    findings,
    manual,
    failNext(method, err) {
      failures.set(method, err);
    },
    listRequests: notUsed("listRequests"),
    workspaceInfo: () => call("workspaceInfo", [], () => ({ data_dir: "/data", clerk: "clerk" })),
    listJurisdictions: notUsed("listJurisdictions"),
    createRequest: notUsed("createRequest"),
    createExampleRequest: notUsed("createExampleRequest"),
    getRequest: notUsed("getRequest"),
    listDocuments: (number) =>
      call("listDocuments", [number], () => {
        const ids = [...new Set(findings.map((f) => f.document_id))].sort((a, b) => a - b);
        return ids.map((id) => ({
          id,
          name: findings.find((f) => f.document_id === id)?.document ?? `doc${id}.pdf`,
          sha256: "0".repeat(64),
          pages: 3,
          bytes: 1000,
          imported_at: "2026-11-30T00:00:00Z",
          scan_status: "scanned",
          scan_error: null,
        }));
      }),
    importDocuments: notUsed("importDocuments"),
    scanRequest: notUsed("scanRequest"),
    cancelJob: notUsed("cancelJob"),
    listFindings: (number) => call("listFindings", [number], () => findings.map((f) => ({ ...f }))),
    documentBytes: (id) => call("documentBytes", [id], () => new Uint8Array([id])),
    documentPages: (id) =>
      call("documentPages", [id], () => opts.pages ?? [{ page: 1, verdict: "ok", reasons: [] }]),
    decide: (number, target: DecideTarget, verdict, note) =>
      call("decide", [number, target, verdict, note], () => {
        let chosen: FindingView[];
        if ("finding" in target) chosen = findings.filter((f) => f.id === target.finding);
        else if ("category" in target) chosen = findings.filter((f) => f.category === target.category);
        else chosen = findings.filter((f) => f.decision === null && f.proposal.kind === "exempt");
        // All or nothing, as the store records them in one transaction.
        if (verdict !== "reject" && verdict.accept.code === null && chosen.some((f) => !proposedCode(f))) {
          throw { message: "Some findings need a code.", action: null };
        }
        chosen.forEach((f) => decideOne(f, verdict, note));
        return chosen.length;
      }),
    undo: (number, id) =>
      call("undo", [number, id], () => {
        const f = findings.find((x) => x.id === id);
        const h = history.get(id) ?? [];
        if (!f || h.length === 0) throw { message: "There is no decision to undo.", action: null };
        f.decision = h[h.length - 1];
        history.set(id, h.slice(0, -1));
      }),
    addManualArea: (number, documentId, page, rect, code) =>
      call("addManualArea", [number, documentId, page, rect, code], () => {
        const m: ManualRedactionView = {
          id: nextId++,
          document_id: documentId,
          page,
          rect,
          term: null,
          code,
          clerk: "clerk",
          at: "t",
        };
        manual.push(m);
        return m;
      }),
    addTerm: (number, term, code) =>
      call("addTerm", [number, term, code], () => {
        const id = nextId++;
        findings.push(
          finding({
            id,
            text: term,
            category: "custom_term",
            page: 3,
            proposal: { kind: "exempt", code: code ?? "CUSTOM", citation: "by the clerk", explanation: "custom term" },
          }),
        );
        return { found: 1, not_searched: [] };
      }),
    listManual: (number) => call("listManual", [number], () => [...manual]),
    removeManual: (number, id) =>
      call("removeManual", [number, id], () => {
        const i = manual.findIndex((m) => m.id === id);
        if (i >= 0) manual.splice(i, 1);
      }),
    listCodes: (number) =>
      call(
        "listCodes",
        [number],
        () =>
          opts.codes ?? [
            { code: "CARD", citation: "RCW 42.56.230(5)" },
            { code: "BANK", citation: "RCW 42.56.230(4)" },
            { code: "ADDR", citation: "RCW 42.56.250(8)" },
          ],
      ),
    exportRequest: notUsed("exportRequest"),
    listExports: notUsed("listExports"),
    exemptionLog: notUsed("exemptionLog"),
    reviewLogEntry: notUsed("reviewLogEntry"),
    saveLog: notUsed("saveLog"),
  };
  return backend;
}
