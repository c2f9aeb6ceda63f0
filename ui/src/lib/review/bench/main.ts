// The review screen alone, on pdf.js, over a generated document with one
// finding per page, for bench/run.mjs to time in a real WebKit.
import { mount } from "svelte";
import "../../../app.css";
import ReviewView from "../ReviewView.svelte";
import { fakeReviewBackend } from "../fakeBackend";
import { finding } from "../fixtures";
import type { FindingView, Quad } from "../../api";

/** A quad per glyph (spaces skipped) of `text` set in Helvetica at `size` from `(x, baseline)`, QuadPoints order. */
function glyphQuads(text: string, x: number, baseline: number, size: number): Quad[] {
  const quads: Quad[] = [];
  for (const ch of text) {
    // Helvetica's advance widths (AFM): digits 556, space 278, per 1000 em.
    const w = ((ch === " " ? 278 : 556) / 1000) * size;
    const top = baseline + 0.718 * size;
    const bottom = baseline - 0.207 * size;
    if (ch !== " ") quads.push([x, top, x + w, top, x, bottom, x + w, bottom]);
    x += w;
  }
  return quads;
}

const pages = Number(new URLSearchParams(location.search).get("pages") ?? 1000);
const findings: FindingView[] = [];
for (let p = 1; p <= pages; p++) {
  const released = p % 7 === 0;
  findings.push(
    finding({
      id: p,
      page: p,
      document: "bench.pdf",
      text: "4111 1111 1111 1111",
      // Where run.mjs prints the number: 12 pt Helvetica at (104.68, 200),
      // one quad per glyph as the engine reports them.
      quads: glyphQuads("4111 1111 1111 1111", 104.68, 200, 12),
      category: released ? "home_address" : "card_number",
      proposal: released
        ? { kind: "not_exempt", reason: "Released under the pack's rule" }
        : { kind: "exempt", code: "CARD", citation: "RCW 42.56.230(5)", explanation: "card" },
    }),
  );
}
const backend = fakeReviewBackend(findings, {
  pages: Array.from({ length: pages }, (_, i) => {
    const odd = (i + 1) % 50 === 3;
    return { page: i + 1, verdict: odd ? "degraded" : "ok", reasons: odd ? ["font without a Unicode map"] : [] };
  }),
});
backend.documentBytes = async () => new Uint8Array(await (await fetch("./bench.pdf")).arrayBuffer());
const target = document.getElementById("app");
if (target) mount(ReviewView, { target, props: { backend, number: "BENCH" } });
