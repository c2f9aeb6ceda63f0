import { describe, expect, it } from "vitest";
import {
  applyDecision,
  countByState,
  currentFinding,
  findingState,
  firstRows,
  groupFindings,
  idsInCategory,
  move,
  needsCode,
  newModel,
  recordManualRemoval,
  refreshModel,
  restore,
  select,
  step,
  undoLast,
  type ReviewModel,
} from "./reviewState";
import { finding, sampleFindings } from "./fixtures";
import type { ManualRedactionView } from "../api";

const AT = "2026-11-30T12:00:00Z";
const ids = (m: ReviewModel) => m.findings.map((f) => f.id);
const cur = (m: ReviewModel) => currentFinding(m)?.id;

describe("order and groups", () => {
  it("orders by category as first met, then document, page and top-to-bottom", () => {
    const m = newModel(sampleFindings().reverse());
    // card_number first (doc 1 p1 top), then bank_account, home_address, person_name.
    expect(ids(m)).toEqual([1, 4, 6, 2, 3, 5]);
    const groups = groupFindings(m.findings);
    expect(groups.map((g) => g.category)).toEqual(["card_number", "bank_account", "home_address", "person_name"]);
    expect(groups[0].documents.map((d) => d.document)).toEqual(["bill.pdf", "letter.pdf"]);
    expect(groups[0].documents[1].items.map((f) => f.id)).toEqual([6]);
    expect(groups[0].count).toBe(3);
  });

  it("puts the higher line first on a page", () => {
    const a = finding({ id: 10, quads: [[0, 100, 10, 100, 0, 90, 10, 90]] });
    const b = finding({ id: 11, quads: [[0, 500, 10, 500, 0, 490, 10, 490]] });
    expect(ids(newModel([a, b]))).toEqual([11, 10]);
  });

  it("tells each state apart", () => {
    const f = sampleFindings();
    expect(f.map(findingState)).toEqual(["proposed", "proposed", "released", "proposed", "review", "proposed"]);
    const accepted = { ...f[0], decision: { action: "change_code", code: "X", clerk: "c", at: AT, note: null } };
    const rejected = { ...f[0], decision: { action: "reject", code: null, clerk: "c", at: AT, note: null } };
    expect(findingState(accepted)).toBe("accepted");
    expect(findingState(rejected)).toBe("rejected");
    expect(countByState([...f, accepted, rejected])).toEqual({
      proposed: 4,
      accepted: 1,
      rejected: 1,
      review: 1,
      released: 1,
    });
  });
});

describe("keyboard navigation", () => {
  it("starts on the first finding and walks forward and back, wrapping at both ends", () => {
    let m = newModel(sampleFindings());
    expect(cur(m)).toBe(1);
    m = move(m, -1);
    expect(cur(m)).toBe(5); // wrapped to the last
    m = move(m, 1);
    expect(cur(m)).toBe(1); // and back to the first
    for (let i = 0; i < 3; i++) m = move(m, 1);
    expect(cur(m)).toBe(2);
  });

  it("skips decided and released findings when asked for the next open one", () => {
    let m = newModel(sampleFindings());
    m = applyDecision(m, [4, 6], { accept: { code: null } }, "c", AT, "accept").model;
    m = move(m, 1, true);
    expect(cur(m)).toBe(2); // 4 and 6 decided
    m = move(m, 1, true);
    expect(cur(m)).toBe(5); // 3 is released, not open
    m = move(m, 1, true);
    expect(cur(m)).toBe(1); // wraps
  });

  it("stays put when nothing else qualifies, and handles an empty list", () => {
    const m = newModel([finding({ id: 1 })]);
    expect(cur(move(m, 1))).toBe(1);
    expect(step([], -1, 1)).toBe(-1);
    expect(newModel([]).current).toBe(-1);
  });

  it("selects a finding by id and keeps it across a refresh", () => {
    let m = select(newModel(sampleFindings()), 3);
    expect(cur(m)).toBe(3);
    m = refreshModel(m, [...sampleFindings(), finding({ id: 7, category: "card_number", page: 3 })]);
    expect(cur(m)).toBe(3);
    expect(m.findings).toHaveLength(7);
  });
});

describe("decisions and undo", () => {
  it("accepts with the proposed code, changes code, rejects, and undoes one step at a time", () => {
    let m = newModel(sampleFindings());
    m = applyDecision(m, [1], { accept: { code: null } }, "c", AT, "accept").model;
    expect(m.findings[0].decision).toMatchObject({ action: "accept", code: "CARD" });
    m = applyDecision(m, [1], { accept: { code: "BANK" } }, "c", AT, "change code").model;
    expect(m.findings[0].decision).toMatchObject({ action: "change_code", code: "BANK" });
    m = applyDecision(m, [1], "reject", "c", AT, "reject").model;
    expect(findingState(m.findings[0])).toBe("rejected");

    let u = undoLast(m)!;
    expect(u.action.label).toBe("reject");
    m = u.model;
    expect(m.findings[0].decision).toMatchObject({ code: "BANK" });
    m = undoLast(m)!.model;
    expect(m.findings[0].decision).toMatchObject({ action: "accept", code: "CARD" });
    u = undoLast(m)!;
    m = u.model;
    expect(m.findings[0].decision).toBeNull();
    expect(undoLast(m)).toBeNull();
  });

  it("undo moves the selection to the finding it changes", () => {
    let m = newModel(sampleFindings());
    m = applyDecision(m, [6], "reject", "c", AT, "reject").model;
    m = move(m, 1);
    expect(cur(m)).toBe(4);
    m = undoLast(m)!.model;
    expect(cur(m)).toBe(6);
  });

  it("does not accept without a code: a released finding needs the clerk to pick one", () => {
    const m = newModel(sampleFindings());
    expect(needsCode(m, [3], { accept: { code: null } })).toBe(true);
    expect(needsCode(m, [3], { accept: { code: "ADDR" } })).toBe(false);
    expect(needsCode(m, [3], "reject")).toBe(false);
    const a = applyDecision(m, [3], { accept: { code: null } }, "c", AT, "accept");
    expect(a.before.size).toBe(0);
    expect(a.model.actions).toHaveLength(0);
  });

  it("records nothing when a decision would change nothing", () => {
    let m = newModel(sampleFindings());
    m = applyDecision(m, [1], { accept: { code: null } }, "c", AT, "accept").model;
    const again = applyDecision(m, [1], { accept: { code: "CARD" } }, "c", AT, "accept");
    expect(again.before.size).toBe(0);
    expect(again.model.actions).toHaveLength(1);
  });

  it("rolls a refused decision back, and the undo stack with it", () => {
    let m = newModel(sampleFindings());
    m = applyDecision(m, [1], "reject", "c", AT, "reject").model;
    const a = applyDecision(m, [1], { accept: { code: null } }, "c", AT, "accept");
    const back = restore(a.model, a.before, { refused: "decision" });
    expect(findingState(back.findings[0])).toBe("rejected");
    expect(back.actions.map((x) => x.label)).toEqual(["reject"]);
    expect(back.history[1]).toEqual([null]);
  });

  it("rolls a refused undo back, so it can be tried again", () => {
    let m = newModel(sampleFindings());
    m = applyDecision(m, [1], "reject", "c", AT, "reject").model;
    const u = undoLast(m)!;
    const back = restore(u.model, u.before, { refused: "undo", action: u.action });
    expect(findingState(back.findings[0])).toBe("rejected");
    expect(back.actions).toHaveLength(1);
    const again = undoLast(back)!;
    expect(again.model.findings[0].decision).toBeNull();
  });
});

describe("bulk by category", () => {
  it("accepts a whole category in one action and undoes it in one step", () => {
    let m = newModel(sampleFindings());
    const cards = idsInCategory(m, "card_number");
    expect(cards).toEqual([1, 4, 6]);
    m = applyDecision(m, [4], "reject", "c", AT, "reject").model;
    m = applyDecision(m, cards, { accept: { code: null } }, "c", AT, "accept card_number").model;
    expect(countByState(m.findings).accepted).toBe(3);
    expect(m.actions).toHaveLength(2);
    m = undoLast(m)!.model;
    expect(m.findings.filter((f) => f.category === "card_number").map(findingState)).toEqual([
      "proposed",
      "rejected",
      "proposed",
    ]);
  });

  it("rejects a category and leaves the others alone", () => {
    let m = newModel(sampleFindings());
    m = applyDecision(m, idsInCategory(m, "bank_account"), "reject", "c", AT, "reject").model;
    const c = countByState(m.findings);
    expect(c.rejected).toBe(1);
    expect(c.proposed).toBe(3);
  });
});

describe("firstRows", () => {
  const many = Array.from({ length: 30 }, (_, i) =>
    finding({ id: i + 1, category: i < 20 ? "card_number" : "bank_account", document_id: i % 2 ? 1 : 2, document: i % 2 ? "a.pdf" : "b.pdf" }),
  );
  const ids = (gs: ReturnType<typeof groupFindings>) => gs.flatMap((g) => g.documents.flatMap((d) => d.items.map((f) => f.id)));

  it("keeps the first rows in list order and the counts whole", () => {
    const groups = groupFindings(many);
    const cut = firstRows(groups, 12, null);
    expect(ids(cut)).toEqual(ids(groups).slice(0, 12));
    expect(cut[0].count).toBe(20);
    expect(cut).toHaveLength(1);
  });

  it("keeps the current finding wherever it is, and everything when the limit is large", () => {
    const groups = groupFindings(many);
    const cut = firstRows(groups, 5, 29);
    expect(ids(cut)).toEqual([...ids(groups).slice(0, 5), 29]);
    expect(ids(firstRows(groups, Infinity, null))).toEqual(ids(groups));
  });
});

describe("notes on decisions", () => {
  it("carries the note on the decision, and a note makes the same verdict again a change", () => {
    let m = newModel(sampleFindings());
    m = applyDecision(m, [1], { accept: { code: null } }, "c", AT, "accept").model;
    expect(m.findings[0].decision?.note).toBeNull();
    // The same verdict with no note changes nothing.
    const same = applyDecision(m, [1], { accept: { code: null } }, "c", AT, "accept");
    expect(same.before.size).toBe(0);
    // With a note it is recorded, and undone in one step.
    const noted = applyDecision(m, [1], { accept: { code: null } }, "c", AT, "accept", "Card on the invoice");
    expect(noted.before.size).toBe(1);
    expect(noted.model.findings[0].decision).toMatchObject({ action: "accept", code: "CARD", note: "Card on the invoice" });
    // The same note again changes nothing.
    const again = applyDecision(noted.model, [1], { accept: { code: null } }, "c", AT, "accept", "Card on the invoice");
    expect(again.before.size).toBe(0);
    const back = undoLast(noted.model)!.model;
    expect(back.findings[0].decision?.note).toBeNull();
    expect(findingState(back.findings[0])).toBe("accepted");
  });

  it("puts a note on a rejection", () => {
    const m = applyDecision(newModel(sampleFindings()), [1], "reject", "c", AT, "reject", "Test data").model;
    expect(m.findings[0].decision).toMatchObject({ action: "reject", note: "Test data" });
  });
});

describe("undoing a manual removal", () => {
  const box: ManualRedactionView = {
    id: 7,
    document_id: 1,
    page: 2,
    rect: [10, 20, 110, 40],
    term: null,
    code: "CARD",
    clerk: "c",
    at: AT,
  };

  it("undoes the removal on the same stack as decisions, latest first", () => {
    let m = newModel(sampleFindings());
    m = applyDecision(m, [1], "reject", "c", AT, "reject").model;
    m = recordManualRemoval(m, box, "Manual redaction removed");
    m = select(m, 4);
    const u = undoLast(m)!;
    expect(u.action.removedManual).toEqual(box);
    expect(u.action.ids).toEqual([]);
    expect(u.before.size).toBe(0);
    // The decisions and the selection are left as they were.
    expect(u.model.findings).toBe(m.findings);
    expect(cur(u.model)).toBe(4);
    // Next, the rejection.
    const v = undoLast(u.model)!;
    expect(v.action.label).toBe("reject");
    expect(v.model.findings[0].decision).toBeNull();
    expect(undoLast(v.model)).toBeNull();
  });

  it("keeps a refused restore on the stack, to be tried again", () => {
    const m = recordManualRemoval(newModel(sampleFindings()), box, "Manual redaction removed");
    const u = undoLast(m)!;
    const back = restore(u.model, u.before, { refused: "undo", action: u.action });
    expect(back.actions).toHaveLength(1);
    expect(undoLast(back)!.action.removedManual).toEqual(box);
  });
});
