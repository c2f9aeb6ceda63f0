import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import ReviewView from "./ReviewView.svelte";
import { fakeReviewBackend } from "./fakeBackend";
import { fakeRenderer } from "./fakeRenderer";
import { finding, sampleFindings } from "./fixtures";
import type { Quad } from "../api";

function setup(pages = [
  { page: 1, verdict: "ok", reasons: [] },
  { page: 2, verdict: "degraded", reasons: ["font without a Unicode map"] },
]) {
  const backend = fakeReviewBackend(sampleFindings(), { pages });
  const renderer = fakeRenderer(3);
  render(ReviewView, { backend, number: "P-1", renderer });
  return { backend, renderer };
}

const key = (k: string) => fireEvent.keyDown(window, { key: k });
const selected = () =>
  screen
    .getAllByRole("option")
    .filter((o) => o.getAttribute("aria-selected") === "true")
    .map((o) => o.dataset.testid);

describe("ReviewView", () => {
  it("lists the findings grouped by category and draws them on the page", async () => {
    const { renderer } = setup();
    await screen.findByTestId("finding-1");
    expect(selected()).toEqual(["finding-1"]);
    const overlay = await screen.findByTestId("overlay-1");
    expect(overlay.dataset.state).toBe("proposed");
    expect(overlay.getAttribute("aria-label")).toContain("Proposed for withholding");
    // The released home address is drawn too, with the reason.
    const released = await screen.findByTestId("overlay-3");
    expect(released.dataset.state).toBe("released");
    expect(released.textContent).toContain("not exempt in Washington");
    // Pages are rendered on demand: the window, not the whole document.
    await waitFor(() => expect(renderer.renders.length).toBeGreaterThan(0));
    expect(new Set(renderer.renders.map((r) => r.page)).size).toBeLessThanOrEqual(3);
    const headings = screen.getAllByRole("heading", { level: 2 }).map((h) => h.textContent);
    expect(headings[0]).toContain("card number");
  });

  it("marks a page whose text cannot be trusted", async () => {
    setup();
    const banner = await screen.findByTestId("page-banner-2");
    expect(banner.textContent).toBe("Check this page by eye: font without a Unicode map");
    expect(screen.getByTestId("pages-to-check").textContent).toContain("p. 2");
  });

  it("walks the findings with j/k and the arrows, wrapping at the ends", async () => {
    setup();
    await screen.findByTestId("finding-1");
    await key("j");
    expect(selected()).toEqual(["finding-4"]);
    await key("ArrowDown");
    expect(selected()).toEqual(["finding-6"]);
    await key("k");
    await key("ArrowUp");
    expect(selected()).toEqual(["finding-1"]);
    await key("k");
    expect(selected()).toEqual(["finding-5"]);
    // The page shows the current finding's document.
    expect(await screen.findByTestId("overlay-5")).toBeTruthy();
    await key("j");
    expect(selected()).toEqual(["finding-1"]);
    // Clicking an overlay selects its finding.
    await fireEvent.click(await screen.findByTestId("overlay-2"));
    expect(selected()).toEqual(["finding-2"]);
  });

  it("accepts with a, shows it as it will print, and saves it at once", async () => {
    const { backend } = setup();
    await screen.findByTestId("overlay-1");
    await key("a");
    const overlay = screen.getByTestId("overlay-1");
    expect(overlay.dataset.state).toBe("accepted");
    expect(overlay.querySelector("text")?.textContent).toBe("CARD");
    await waitFor(() =>
      expect(backend.calls.find((c) => c.method === "decide")?.args).toEqual([
        "P-1",
        { finding: 1 },
        { accept: { code: null } },
        null,
      ]),
    );
    expect(backend.findings.find((f) => f.id === 1)?.decision?.code).toBe("CARD");
  });

  it("rejects with r and undoes with u, in the backend too", async () => {
    const { backend } = setup();
    await screen.findByTestId("overlay-1");
    await key("r");
    expect(screen.getByTestId("finding-1").dataset.state).toBe("rejected");
    await key("u");
    expect(screen.getByTestId("finding-1").dataset.state).toBe("proposed");
    await waitFor(() => expect(backend.calls.some((c) => c.method === "undo")).toBe(true));
    expect(backend.findings.find((f) => f.id === 1)?.decision).toBeNull();
  });

  it("puts a refused decision back and says why in plain words", async () => {
    const { backend } = setup();
    await screen.findByTestId("overlay-1");
    backend.failNext("decide", { message: "The database is locked by another program.", action: "Close it and try again." });
    await key("a");
    const alert = await screen.findByTestId("review-error");
    expect(alert.textContent).toContain("was not saved");
    expect(alert.textContent).toContain("The database is locked");
    expect(alert.textContent).toContain("Close it and try again.");
    expect(screen.getByTestId("finding-1").dataset.state).toBe("proposed");
    expect(screen.getByTestId("overlay-1").dataset.state).toBe("proposed");
  });

  it("changes the code with c through the code picker", async () => {
    const { backend } = setup();
    await screen.findByTestId("overlay-1");
    await key("c");
    const picker = (await screen.findByTestId("code-picker")) as HTMLSelectElement;
    expect(picker.value).toBe("CARD");
    await fireEvent.change(picker, { target: { value: "BANK" } });
    await fireEvent.click(screen.getByTestId("code-confirm"));
    await waitFor(() => expect(screen.getByTestId("overlay-1").querySelector("text")?.textContent).toBe("BANK"));
    expect(backend.findings.find((f) => f.id === 1)?.decision?.action).toBe("change_code");
  });

  it("asks for a code before accepting a finding nothing is proposed for, and Escape cancels", async () => {
    const { backend } = setup();
    await screen.findByTestId("finding-3");
    await fireEvent.click(screen.getByTestId("finding-3"));
    await key("a");
    await screen.findByTestId("code-picker");
    await key("Escape");
    expect(screen.queryByTestId("code-picker")).toBeNull();
    expect(backend.calls.some((c) => c.method === "decide")).toBe(false);
  });

  it("opens the shortcut sheet with ? and closes it with Escape", async () => {
    setup();
    await screen.findByTestId("finding-1");
    await key("?");
    const sheet = screen.getByTestId("shortcut-sheet");
    expect(sheet.textContent).toContain("Undo");
    // Keys do nothing else while it is open.
    await key("j");
    expect(selected()).toEqual(["finding-1"]);
    await key("Escape");
    expect(screen.queryByTestId("shortcut-sheet")).toBeNull();
  });

  it("accepts and rejects a whole category from its group", async () => {
    const { backend } = setup();
    await screen.findByTestId("finding-1");
    await fireEvent.click(screen.getByTestId("bulk-accept-card_number"));
    for (const id of [1, 4, 6]) expect(screen.getByTestId(`finding-${id}`).dataset.state).toBe("accepted");
    await waitFor(() =>
      expect(backend.calls.find((c) => c.method === "decide")?.args[1]).toEqual({ category: "card_number" }),
    );
    await fireEvent.click(screen.getByTestId("bulk-reject-bank_account"));
    await waitFor(() => expect(screen.getByTestId("finding-2").dataset.state).toBe("rejected"));
    // One u takes back the whole category.
    await key("u");
    await waitFor(() => expect(screen.getByTestId("finding-2").dataset.state).toBe("proposed"));
  });

  it("draws a manual box with the mouse and saves it under the chosen code", async () => {
    const { backend } = setup();
    await screen.findByTestId("overlay-1");
    const page = screen.getByRole("group", { name: "Page 1" });
    await fireEvent.mouseDown(page, { button: 0, clientX: 100, clientY: 100 });
    await fireEvent.mouseMove(window, { clientX: 150, clientY: 120 });
    expect(await screen.findByTestId("manual-pending")).toBeTruthy();
    await fireEvent.mouseUp(window, { clientX: 200, clientY: 150 });
    const code = (await screen.findByTestId("manual-code")) as HTMLSelectElement;
    await fireEvent.change(code, { target: { value: "ADDR" } });
    await fireEvent.click(screen.getByTestId("manual-confirm"));
    await waitFor(() => expect(backend.calls.some((c) => c.method === "addManualArea")).toBe(true));
    // No zoom measured in jsdom: scale 1, so 1 px = 1 pt, y flipped from the top of a 792 pt page.
    expect(backend.calls.find((c) => c.method === "addManualArea")?.args).toEqual([
      "P-1",
      1,
      1,
      [100, 642, 200, 692],
      "ADDR",
    ]);
    const drawn = await screen.findByTestId(`manual-${backend.manual[0].id}`);
    expect(drawn.textContent).toContain("ADDR");
  });

  it("redacts every occurrence of a term and shows what was found", async () => {
    const { backend } = setup();
    await screen.findByTestId("finding-1");
    await fireEvent.input(screen.getByTestId("term-input"), { target: { value: "Project Blue" } });
    await fireEvent.click(screen.getByTestId("term-redact"));
    const result = await screen.findByTestId("term-result");
    expect(result.textContent).toContain("1 occurrence");
    expect(backend.calls.find((c) => c.method === "addTerm")?.args).toEqual(["P-1", "Project Blue", "CARD"]);
    const list = await screen.findByRole("listbox", { name: /custom term/ });
    expect(within(list).getByText("Project Blue")).toBeTruthy();
  });

  it("zooms in and out, re-rendering the pages in view at the new scale", async () => {
    const { renderer } = setup();
    await screen.findByTestId("overlay-1");
    await waitFor(() => expect(renderer.renders.some((r) => r.scale === 1)).toBe(true));
    await key("+");
    await waitFor(() => expect(renderer.renders.some((r) => r.scale === 1.25)).toBe(true));
    // The overlay follows: its box is drawn at the new scale.
    const poly = screen.getByTestId("overlay-1").querySelector("polygon");
    const xs = (poly?.getAttribute("points") ?? "").split(" ").map((p) => Number(p.split(",")[0]));
    expect(Math.min(...xs)).toBeCloseTo(72 * 1.25, 1);
    await fireEvent.click(screen.getByRole("button", { name: "Zoom out" }));
    await waitFor(() => expect(renderer.renders.at(-1)?.scale).toBe(1));
  });

  it("jumps to the next finding still waiting for a decision with Shift+J", async () => {
    setup();
    await screen.findByTestId("overlay-1");
    await key("a"); // 1 decided
    await key("j");
    await key("a"); // 4 decided
    await key("k");
    expect(selected()).toEqual(["finding-1"]);
    await key("J");
    expect(selected()).toEqual(["finding-6"]);
  });

  it("removes a manual redaction from the list", async () => {
    const { backend } = setup();
    await screen.findByTestId("overlay-1");
    const page = screen.getByRole("group", { name: "Page 1" });
    await fireEvent.mouseDown(page, { button: 0, clientX: 10, clientY: 10 });
    await fireEvent.mouseUp(window, { clientX: 60, clientY: 40 });
    await fireEvent.click(await screen.findByTestId("manual-confirm"));
    const id = await waitFor(() => {
      expect(backend.manual).toHaveLength(1);
      return backend.manual[0].id;
    });
    const item = await screen.findByTestId(`manual-item-${id}`);
    await fireEvent.click(within(item).getByRole("button", { name: /Remove/ }));
    await waitFor(() => expect(screen.queryByTestId(`manual-item-${id}`)).toBeNull());
    expect(backend.manual).toHaveLength(0);
  });

  it("puts a removed manual box back with u, under the id the backend gives it", async () => {
    const { backend } = setup();
    await screen.findByTestId("overlay-1");
    await key("r");
    const page = screen.getByRole("group", { name: "Page 1" });
    await fireEvent.mouseDown(page, { button: 0, clientX: 10, clientY: 10 });
    await fireEvent.mouseUp(window, { clientX: 60, clientY: 40 });
    await fireEvent.click(await screen.findByTestId("manual-confirm"));
    const first = await waitFor(() => {
      expect(backend.manual).toHaveLength(1);
      return { ...backend.manual[0] };
    });
    const item = await screen.findByTestId(`manual-item-${first.id}`);
    await fireEvent.click(within(item).getByRole("button", { name: /Remove/ }));
    await waitFor(() => expect(screen.queryByTestId(`manual-item-${first.id}`)).toBeNull());
    expect(backend.manual).toHaveLength(0);

    // u takes back the removal first, not the rejection before it.
    await key("u");
    await waitFor(() => expect(backend.manual).toHaveLength(1));
    const back = backend.manual[0];
    expect(back.id).not.toBe(first.id);
    expect(backend.calls.filter((c) => c.method === "addManualArea").at(-1)?.args).toEqual([
      "P-1",
      first.document_id,
      first.page,
      first.rect,
      first.code,
    ]);
    await screen.findByTestId(`manual-item-${back.id}`);
    expect(screen.getByTestId("finding-1").dataset.state).toBe("rejected");
    expect(backend.calls.some((c) => c.method === "undo")).toBe(false);

    // The restored box can be removed again; the next u undoes the rejection.
    await key("u");
    expect(screen.getByTestId("finding-1").dataset.state).toBe("proposed");
    await waitFor(() => expect(backend.calls.some((c) => c.method === "undo")).toBe(true));
    expect(backend.manual).toHaveLength(1);
  });

  it("keeps a refused restore of a manual box on the undo stack", async () => {
    const { backend } = setup();
    await screen.findByTestId("overlay-1");
    const page = screen.getByRole("group", { name: "Page 1" });
    await fireEvent.mouseDown(page, { button: 0, clientX: 10, clientY: 10 });
    await fireEvent.mouseUp(window, { clientX: 60, clientY: 40 });
    await fireEvent.click(await screen.findByTestId("manual-confirm"));
    const id = await waitFor(() => {
      expect(backend.manual).toHaveLength(1);
      return backend.manual[0].id;
    });
    await fireEvent.click(within(await screen.findByTestId(`manual-item-${id}`)).getByRole("button", { name: /Remove/ }));
    await waitFor(() => expect(backend.manual).toHaveLength(0));
    backend.failNext("addManualArea", { message: "The database is locked.", action: null });
    await key("u");
    expect((await screen.findByTestId("review-error")).textContent).toContain("was not put back");
    expect(backend.manual).toHaveLength(0);
    await key("u");
    await waitFor(() => expect(backend.manual).toHaveLength(1));
  });

  it("attaches a note with n to the next decision on the current finding", async () => {
    const { backend } = setup();
    await screen.findByTestId("overlay-1");
    await key("n");
    const input = await screen.findByTestId("note-input");
    expect(document.activeElement).toBe(input);
    // Keys typed in the note are text, not shortcuts.
    await fireEvent.keyDown(input, { key: "r" });
    expect(screen.getByTestId("finding-1").dataset.state).toBe("proposed");
    await fireEvent.input(input, { target: { value: "  Card printed on the invoice  " } });
    await fireEvent.click(screen.getByTestId("note-confirm"));
    expect(screen.queryByTestId("note-input")).toBeNull();
    expect(screen.getByTestId("note-pending").textContent).toContain("Card printed on the invoice");
    await key("a");
    await waitFor(() => expect(backend.calls.some((c) => c.method === "decide")).toBe(true));
    expect(backend.calls.find((c) => c.method === "decide")?.args).toEqual([
      "P-1",
      { finding: 1 },
      { accept: { code: null } },
      "Card printed on the invoice",
    ]);
    expect(backend.findings.find((f) => f.id === 1)?.decision?.note).toBe("Card printed on the invoice");
    await waitFor(() => expect(screen.queryByTestId("note-pending")).toBeNull());
    expect(screen.getByTestId("current-note").textContent).toContain("Card printed on the invoice");

    // The note is sent once: the next decision goes without one.
    await key("j");
    await key("r");
    await waitFor(() => expect(backend.calls.filter((c) => c.method === "decide")).toHaveLength(2));
    expect(backend.calls.filter((c) => c.method === "decide")[1].args[3]).toBeNull();
  });

  it("records a note on a finding already decided the same way, and Escape cancels the note", async () => {
    const { backend } = setup();
    await screen.findByTestId("overlay-1");
    await key("a");
    await waitFor(() => expect(backend.calls.filter((c) => c.method === "decide")).toHaveLength(1));
    // Escape drops what was typed and sends nothing.
    await key("n");
    const input = await screen.findByTestId("note-input");
    await fireEvent.input(input, { target: { value: "never mind" } });
    await fireEvent.keyDown(input, { key: "Escape" });
    expect(screen.queryByTestId("note-input")).toBeNull();
    expect(screen.queryByTestId("note-pending")).toBeNull();
    await key("a");
    expect(screen.getByTestId("review-status").textContent).toContain("No change");
    expect(backend.calls.filter((c) => c.method === "decide")).toHaveLength(1);
    // With a note, the same verdict again is saved, and Enter confirms.
    await key("n");
    const again = await screen.findByTestId("note-input");
    await fireEvent.input(again, { target: { value: "Checked with the records officer" } });
    await fireEvent.submit(again.closest("form")!);
    await key("a");
    await waitFor(() => expect(backend.calls.filter((c) => c.method === "decide")).toHaveLength(2));
    expect(backend.calls.filter((c) => c.method === "decide")[1].args[3]).toBe("Checked with the records officer");
    expect(screen.getByTestId("current-note").textContent).toContain("Checked with the records officer");
    // Undo takes the note back with the decision.
    await key("u");
    await waitFor(() => expect(screen.queryByTestId("current-note")).toBeNull());
    expect(screen.getByTestId("finding-1").dataset.state).toBe("accepted");
  });

  it("records its timings for the end-to-end test to print", async () => {
    setup();
    await screen.findByTestId("overlay-1");
    await waitFor(() => expect(window.__discloseReviewTimings?.firstPagePaintedMs).not.toBeNull());
    await key("j");
    const t = window.__discloseReviewTimings!;
    expect(t.pageRenders.length).toBeGreaterThan(0);
    expect(Object.keys(t.phases)).toEqual(expect.arrayContaining(["findings listed", "document open"]));
    expect(t.listUpdates.some((u) => u.what === "Next" && u.findings === 6)).toBe(true);
  });

  it("shows a plain-words error when the findings cannot be read", async () => {
    const backend = fakeReviewBackend(sampleFindings());
    backend.failNext("listFindings", { message: "The request P-9 does not exist.", action: null });
    render(ReviewView, { backend, number: "P-9", renderer: fakeRenderer() });
    const alert = await screen.findByTestId("review-error");
    expect(alert.textContent).toContain("could not open this request for review");
    expect(alert.textContent).toContain("P-9 does not exist");
  });
});

describe("ReviewView on the shared fake backend", () => {
  it("reviews by keyboard against the fake the app's tests use", async () => {
    const { createFakeBackend, fakeDocument, fakeFinding, fakeRequest } = await import("../testing/fakeBackend");
    const number = "P-2026-0142";
    const backend = createFakeBackend({
      requests: [fakeRequest({ number })],
      documents: { [number]: [fakeDocument({ id: 1, pages: 2 })] },
      findings: {
        [number]: [
          fakeFinding({ id: 1 }),
          fakeFinding({ id: 2, page: 2, text: "5500 0000 0000 0004" }),
        ],
      },
      pages: { 1: [{ page: 2, verdict: "unreadable", reasons: ["scanned image without text"] }] },
    });
    render(ReviewView, { backend, number, renderer: fakeRenderer(2) });
    await screen.findByTestId("overlay-1");
    await key("a");
    await key("j");
    await key("r");
    await waitFor(() => expect(backend.callsOf("decide")).toHaveLength(2));
    const saved = await backend.listFindings(number);
    expect(saved.map((f) => f.decision?.action)).toEqual(["accept", "reject"]);
    expect((await screen.findByTestId("page-banner-2")).textContent).toContain("scanned image without text");
    await key("u");
    await waitFor(() => expect(backend.callsOf("undo")).toEqual([[number, 2]]));
  });

  it("draws a finding reported glyph by glyph as one box per line, with its code fitted or left to the tooltip", async () => {
    // "912-78-4521" as eleven glyph quads on one line, then a second line of four.
    const glyph = (x: number, y: number): Quad => [x, y + 14, x + 8, y + 14, x, y, x + 8, y];
    const quads = [
      ...Array.from({ length: 11 }, (_, i) => glyph(100 + i * 8.2, 700)),
      ...Array.from({ length: 4 }, (_, i) => glyph(72 + i * 8.2, 680)),
    ];
    const long = { kind: "exempt" as const, code: "RCW 42.56.230(5)", citation: "RCW 42.56.230(5)", explanation: "tax id" };
    const tiny: Quad[] = [[300, 500, 306, 500, 300, 494, 306, 494]];
    const backend = fakeReviewBackend([
      finding({ id: 1, text: "912-78-4521", quads, proposal: long }),
      finding({ id: 2, text: "x", quads: tiny, proposal: long }),
    ]);
    render(ReviewView, { backend, number: "P-1", renderer: fakeRenderer(1) });
    const overlay = await screen.findByTestId("overlay-1");
    expect(overlay.querySelectorAll("polygon")).toHaveLength(2);
    await key("a");
    // The label is shrunk below the 9.8 px the box's height allows, to fit the 90-point run.
    const text = overlay.querySelector("text");
    expect(text?.textContent).toBe("RCW 42.56.230(5)");
    const size = Number(text?.getAttribute("font-size"));
    expect(size).toBeLessThan(9.8);
    expect(size).toBeGreaterThanOrEqual(6);
    await key("j");
    await key("a");
    const small = screen.getByTestId("overlay-2");
    expect(small.dataset.state).toBe("accepted");
    // Too small a box for a legible label: none is drawn; the code is in the tooltip and the name.
    expect(small.querySelector("text")).toBeNull();
    expect(small.querySelector("title")?.textContent).toContain("RCW 42.56.230(5)");
    expect(small.getAttribute("aria-label")).toContain("RCW 42.56.230(5)");
  });

  it("folds the current finding's reason behind Why? on a short window", async () => {
    const h = window.innerHeight;
    window.innerHeight = 700;
    try {
      setup();
      const why = (await screen.findByTestId("current-why")) as HTMLDetailsElement;
      expect(why.open).toBe(false);
      expect(why.textContent).toContain("Why?");
      window.innerHeight = 1000;
      await fireEvent(window, new Event("resize"));
      await waitFor(() => expect(why.open).toBe(true));
    } finally {
      window.innerHeight = h;
    }
  });

  it("draws a long list a screenful first, and in full once the first page is painted", async () => {
    const many = Array.from({ length: 150 }, (_, i) => finding({ id: i + 1, page: 1 + (i % 3) }));
    const backend = fakeReviewBackend(many);
    // pdf.js still starting: nothing is painted yet.
    let paint: () => void = () => {};
    const painted = new Promise<void>((r) => (paint = r));
    const base = fakeRenderer(3);
    const renderer = {
      async open(bytes: Uint8Array) {
        const d = await base.open(bytes);
        return {
          ...d,
          render: (page: number, scale: number, ratio: number) => {
            const t = d.render(page, scale, ratio);
            return { promise: painted.then(() => t.promise), cancel: t.cancel };
          },
        };
      },
    };
    render(ReviewView, { backend, number: "P-1", renderer });
    await screen.findByTestId("finding-1");
    const rows = () => document.querySelectorAll('[data-testid^="finding-"]').length;
    expect(rows()).toBe(60);
    // The group's count is whole all the same.
    expect(screen.getByRole("heading", { level: 2 }).textContent).toContain("150");
    paint();
    await waitFor(() => expect(rows()).toBe(150));
  });
});
