import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/svelte";
import RequestList from "./RequestList.svelte";
import type { Backend, RequestSummary } from "./api";
import { createFakeBackend } from "./testing/fakeBackend";

function fakeBackend(requests: RequestSummary[] | Error): Backend {
  if (requests instanceof Error) {
    const b = createFakeBackend();
    b.failNext("listRequests", requests, { always: true });
    return b;
  }
  return createFakeBackend({ requests });
}

describe("RequestList", () => {
  it("tells a newcomer what to do first when there are no requests", async () => {
    render(RequestList, { backend: fakeBackend([]) });
    const empty = await screen.findByTestId("requests-empty");
    expect(empty.textContent).toContain("No requests yet");
    expect(empty.textContent).toContain("Create a request");
    expect(screen.getByTestId("data-dir").textContent).toBe("/data/disclose");
  });

  it("lists requests with the jurisdiction's name", async () => {
    render(RequestList, {
      backend: fakeBackend([
        {
          id: 1,
          number: "P-2026-0142",
          requester: "Jane Roe",
          jurisdiction: "il",
          received: "2026-11-02",
          due: "2026-11-09",
          status: "open",
        },
      ]),
    });
    const table = await screen.findByTestId("requests-table");
    expect(table.textContent).toContain("P-2026-0142");
    expect(table.textContent).toContain("Illinois");
    expect(screen.queryByTestId("requests-empty")).toBeNull();
  });

  it("shows a plain-words error and no stack trace when the store fails", async () => {
    render(RequestList, {
      backend: fakeBackend(
        Object.assign(new Error("cannot open the database /x: disk I/O error"), {
          action: "Check that the disk is not full.",
        }),
      ),
    });
    const alert = await screen.findByTestId("requests-error");
    expect(alert.textContent).toContain("could not open your requests");
    expect(alert.textContent).toContain("Check that the disk is not full.");
    // No stack frames ("at fn (file.js:12:3)") reach the clerk.
    expect(alert.textContent).not.toMatch(/\bat .*:\d+:\d+/);
    expect(alert.textContent).not.toContain("Error:");
  });
});
