import { describe, expect, it } from "vitest";
import { businessDaysLeft, daysLeftLabel, isUrgent, jurisdictionName, sortRequests, validateNewRequest } from "./requests";
import type { RequestSummary } from "./api";

const req = (number: string, due: string | null, status = "open"): RequestSummary => ({
  id: 0,
  number,
  requester: "R",
  jurisdiction: "wa",
  received: "2026-11-02",
  due,
  status,
});

describe("sortRequests", () => {
  it("puts open requests first, soonest due first, unknown due last", () => {
    const sorted = sortRequests([
      req("C", null),
      req("B", "2026-12-04"),
      req("D", "2026-11-30", "closed"),
      req("A", "2026-11-27"),
    ]);
    expect(sorted.map((r) => r.number)).toEqual(["A", "B", "C", "D"]);
  });

  it("does not change its input", () => {
    const input = [req("B", "2026-12-04"), req("A", "2026-11-27")];
    sortRequests(input);
    expect(input.map((r) => r.number)).toEqual(["B", "A"]);
  });
});

describe("jurisdictionName", () => {
  it("names the five packs and falls back to the id", () => {
    expect(jurisdictionName("il")).toBe("Illinois");
    expect(jurisdictionName("us")).toBe("Federal FOIA");
    expect(jurisdictionName("tx")).toBe("TX");
  });
});

describe("businessDaysLeft", () => {
  // 2026-11-02 is a Monday.
  it("counts weekdays after today up to the due day", () => {
    expect(businessDaysLeft("2026-11-09", "2026-11-02")).toBe(5);
    expect(businessDaysLeft("2026-11-02", "2026-11-02")).toBe(0);
    expect(businessDaysLeft("2026-11-09", "2026-11-06")).toBe(1); // Friday to Monday
  });

  it("is negative when overdue and null without a due date", () => {
    expect(businessDaysLeft("2026-11-06", "2026-11-10")).toBe(-2);
    expect(businessDaysLeft(null, "2026-11-02")).toBeNull();
    expect(businessDaysLeft("soon", "2026-11-02")).toBeNull();
  });

  it("labels and flags close deadlines", () => {
    expect(daysLeftLabel(1)).toBe("1 business day");
    expect(daysLeftLabel(0)).toBe("due today");
    expect(daysLeftLabel(-3)).toBe("3 business days overdue");
    expect(isUrgent(2, "open")).toBe(true);
    expect(isUrgent(3, "open")).toBe(false);
    expect(isUrgent(-1, "closed")).toBe(false);
  });
});

describe("validateNewRequest", () => {
  const ok = { number: "P-1", requester: "Jane", jurisdiction: "wa", received: "2026-11-02", batesPrefix: "" };
  it("accepts a complete form", () => {
    expect(validateNewRequest(ok, [], ["wa"])).toEqual({});
  });
  it("says what is wrong with each field", () => {
    const p = validateNewRequest(
      { number: "P-1", requester: " ", jurisdiction: "", received: "11/02/2026", batesPrefix: "SEA 2026" },
      ["P-1"],
      ["wa"],
    );
    expect(p.number).toMatch(/already exists/);
    expect(p.requester).toMatch(/requester/);
    expect(p.jurisdiction).toMatch(/jurisdiction/);
    expect(p.received).toMatch(/YYYY-MM-DD/);
    expect(p.batesPrefix).toMatch(/letters, digits/);
    expect(validateNewRequest({ ...ok, received: "2026-02-30" }, [], ["wa"]).received).toMatch(/YYYY-MM-DD/);
  });
});
