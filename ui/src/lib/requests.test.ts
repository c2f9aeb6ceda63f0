import { describe, expect, it } from "vitest";
import { jurisdictionName, sortRequests } from "./requests";
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
