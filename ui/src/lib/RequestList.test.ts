import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import RequestList from "./RequestList.svelte";
import type { Backend, RequestSummary } from "./api";
import { createFakeBackend, fakeRequest } from "./testing/fakeBackend";

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

describe("RequestList, creating and opening", () => {
  it("offers the example request on first start and opens it", async () => {
    const backend = createFakeBackend();
    const opened: string[] = [];
    render(RequestList, { backend, onOpen: (n: string) => opened.push(n) });
    await fireEvent.click(await screen.findByTestId("open-example"));
    await waitFor(() => expect(opened).toEqual(["EXAMPLE-0001"]));
    expect(backend.callsOf("createExampleRequest")).toHaveLength(1);
  });

  it("validates the new request form, then creates and opens the request", async () => {
    const backend = createFakeBackend({ requests: [fakeRequest({ number: "P-1" })] });
    const opened: string[] = [];
    render(RequestList, { backend, onOpen: (n: string) => opened.push(n), todayIso: "2026-11-02" });
    await fireEvent.click(await screen.findByTestId("new-request"));
    const form = await screen.findByTestId("new-request-form");
    await fireEvent.input(screen.getByLabelText("Request number"), { target: { value: "P-1" } });
    await fireEvent.click(screen.getByTestId("create-request"));
    expect(form.textContent).toContain("already exists");
    expect(form.textContent).toContain("Give the requester's name.");
    expect(form.textContent).toContain("Choose the jurisdiction");
    expect(backend.callsOf("createRequest")).toHaveLength(0);

    // The picker lists the packs by name.
    const select = screen.getByLabelText("Jurisdiction") as HTMLSelectElement;
    await waitFor(() => expect([...select.options].map((o) => o.text)).toContain("Washington"));
    await fireEvent.input(screen.getByLabelText("Request number"), { target: { value: "P-2" } });
    await fireEvent.input(screen.getByLabelText("Requester"), { target: { value: "Jane Roe" } });
    await fireEvent.change(select, { target: { value: "wa" } });
    await fireEvent.click(screen.getByTestId("create-request"));
    await waitFor(() => expect(opened).toEqual(["P-2"]));
    expect(backend.callsOf("createRequest")[0][0]).toEqual({
      number: "P-2",
      requester: "Jane Roe",
      jurisdiction: "wa",
      received: "2026-11-02",
      batesPrefix: null,
    });
  });

  it("shows the time left in business days, in red when two or fewer", async () => {
    const backend = createFakeBackend({
      requests: [fakeRequest({ id: 1, number: "A", due: "2026-11-04" }), fakeRequest({ id: 2, number: "B", due: "2026-11-20" })],
    });
    render(RequestList, { backend, todayIso: "2026-11-02" });
    await screen.findByTestId("requests-table");
    const cells = screen.getAllByTestId("days-left");
    expect(cells[0].textContent).toContain("2 business days");
    expect(cells[0].classList.contains("urgent")).toBe(true);
    expect(cells[1].classList.contains("urgent")).toBe(false);
  });
});
