// Times the review screen on a 1,000-page document in a real WebKit (the
// engine of the Linux app): builds bench/ with Vite, serves it, drives
// MiniBrowser through WebKitWebDriver, and prints the figures the screen
// records in window.__discloseReviewTimings plus scroll frame gaps.
// Figures only, no assertions.
//
//   cd ui && xvfb-run -a node src/lib/review/bench/run.mjs [pages]
//
// Needs WebKitWebDriver and MiniBrowser (webkit2gtk-driver, libwebkit2gtk-4.1).
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import { build, preview } from "vite";
import { svelte, vitePreprocess } from "@sveltejs/vite-plugin-svelte";

const pages = Number(process.argv[2] ?? 1000);
const here = dirname(fileURLToPath(import.meta.url));
const MINIBROWSER = ["/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser", "/usr/libexec/webkit2gtk-4.1/MiniBrowser"].find(existsSync);

/** A PDF of `n` letter pages of text, every tenth turned by /Rotate 90, with a card number on each. */
function makePdf(n) {
  const objs = new Map();
  objs.set(1, "<< /Type /Catalog /Pages 2 0 R >>");
  objs.set(3, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  const kids = [];
  let id = 4;
  for (let p = 1; p <= n; p++) {
    const lines = [`BT /F1 18 Tf 72 720 Td (Account statement page ${p}) Tj ET`];
    for (let i = 0; i < 30; i++) {
      lines.push(`BT /F1 10 Tf 72 ${690 - i * 14} Td (Line ${i} of page ${p}: the quick brown fox jumps over the lazy dog 0123456789) Tj ET`);
    }
    lines.push("BT /F1 12 Tf 72 200 Td (Card: 4111 1111 1111 1111) Tj ET");
    const content = lines.join("\n");
    objs.set(id, `<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
    objs.set(
      id + 1,
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Rotate ${p % 10 === 0 ? 90 : 0} /Resources << /Font << /F1 3 0 R >> >> /Contents ${id} 0 R >>`,
    );
    kids.push(id + 1);
    id += 2;
  }
  objs.set(2, `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(" ")}] /Count ${n} >>`);
  let out = "%PDF-1.7\n";
  const offsets = [];
  for (const k of [...objs.keys()].sort((a, b) => a - b)) {
    offsets[k] = out.length;
    out += `${k} 0 obj\n${objs.get(k)}\nendobj\n`;
  }
  const xref = out.length;
  out += `xref\n0 ${id}\n0000000000 65535 f \n`;
  for (let k = 1; k < id; k++) out += `${String(offsets[k]).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${id} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const pct = (xs, p) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] : NaN);
const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : "-");

const work = mkdtempSync(join(tmpdir(), "disclose-review-bench-"));
let server;
let driver;
try {
  mkdirSync(join(work, "public"));
  writeFileSync(join(work, "public", "bench.pdf"), makePdf(pages));
  const config = {
    root: here,
    base: "./",
    configFile: false,
    logLevel: "warn",
    plugins: [svelte({ configFile: false, preprocess: vitePreprocess() })],
    publicDir: join(work, "public"),
    cacheDir: join(work, ".vite"),
    build: { outDir: join(work, "dist"), emptyOutDir: true, chunkSizeWarningLimit: 5000 },
  };
  await build(config);
  const port = await freePort();
  server = await preview({ ...config, preview: { port, strictPort: true, host: "127.0.0.1" } });

  const dport = await freePort();
  driver = spawn("WebKitWebDriver", [`--port=${dport}`], { stdio: "ignore" });
  const base = `http://127.0.0.1:${dport}`;
  const call = async (method, path, body) => {
    const r = await fetch(base + path, { method, headers: { "content-type": "application/json" }, body: body ? JSON.stringify(body) : undefined });
    const j = await r.json();
    if (!r.ok) throw new Error(`${path}: ${JSON.stringify(j.value)}`);
    return j.value;
  };
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(`${base}/status`);
      break;
    } catch {
      await sleep(100);
    }
  }
  const caps = MINIBROWSER ? { "webkitgtk:browserOptions": { binary: MINIBROWSER, args: ["--automation"] } } : {};
  const { sessionId } = await call("POST", "/session", { capabilities: { alwaysMatch: caps } });
  const S = (p) => `/session/${sessionId}${p}`;
  await call("POST", S("/timeouts"), { script: 180000 });
  const run = (script) => call("POST", S("/execute/sync"), { script, args: [] });
  const runAsync = (body) =>
    call("POST", S("/execute/async"), {
      script: `const done = arguments[arguments.length - 1]; (async () => { ${body} })().then(done, (e) => done(String(e)));`,
      args: [],
    });
  await call("POST", S("/window/rect"), { width: 1366, height: 768 });

  const t0 = Date.now();
  await call("POST", S("/url"), { url: `http://127.0.0.1:${port}/?pages=${pages}` });
  let t = null;
  for (let i = 0; i < 600 && !(t && t.firstPagePaintedMs !== null); i++) {
    await sleep(50);
    t = await run("return window.__discloseReviewTimings ?? null");
  }
  const wall = Date.now() - t0;
  for (let i = 0; i < 600 && t.allPagesLaidOutMs === null; i++) {
    await sleep(50);
    t = await run("return window.__discloseReviewTimings");
  }
  // Rows of the findings list in full view at this window size.
  const rowsVisible = await run(`
    const list = document.querySelector('.list');
    if (!list) return null;
    const box = list.getBoundingClientRect();
    return [...list.querySelectorAll('[data-testid^="finding-"]')].filter((li) => {
      const r = li.getBoundingClientRect();
      return r.top >= box.top && r.bottom <= box.bottom;
    }).length;`);
  const frameGaps = `
    const gaps = []; let last = performance.now(); let n = 0;
    await new Promise((ok) => { const f = (now) => { gaps.push(now - last); last = now; STEP; if (++n < 120) requestAnimationFrame(f); else ok(); }; requestAnimationFrame(f); });
    return gaps.slice(1);`;
  const idle = await runAsync(frameGaps.replace("STEP", ""));
  const scroll = await runAsync(
    `const el = document.querySelector('[data-testid="page-view"]');` + frameGaps.replace("STEP", "el.scrollTop += 60"),
  );
  await runAsync(`const el = document.querySelector('[data-testid="page-view"]'); el.scrollTop = el.scrollHeight * 0.9; await new Promise((r) => setTimeout(r, 1500));`);
  const keys = (k) =>
    call("POST", S("/actions"), { actions: [{ type: "key", id: "kb", actions: k.flatMap((c) => [{ type: "keyDown", value: c }, { type: "keyUp", value: c }]) }] });
  await keys(Array(20).fill("j"));
  await keys(["a"]);
  await sleep(1000);
  t = await run("return window.__discloseReviewTimings");
  // REVIEW_BENCH_SHOT=path.png saves what the screen shows now (after the 20 j and the a).
  if (process.env.REVIEW_BENCH_SHOT) {
    const png = await call("GET", S("/screenshot"));
    writeFileSync(process.env.REVIEW_BENCH_SHOT, Buffer.from(png, "base64"));
  }
  const renders = t.pageRenders.map((r) => r.ms);
  const lists = t.listUpdates.map((u) => u.ms);
  const la = loadavg().map((x) => x.toFixed(2)).join(" ");
  console.log(`review bench: ${pages} pages, one finding a page, WebKit (MiniBrowser), 1366x768; load average ${la}`);
  console.log(`  first page painted: ${f1(t.firstPagePaintedMs)} ms after opening (navigation to paint ${wall} ms)`);
  console.log(`  steps (ms after opening): ${Object.entries(t.phases).sort((a, b) => a[1] - b[1]).map(([k, v]) => `${k} ${f1(v)}`).join(", ")}`);
  console.log(`  findings list rows in full view: ${rowsVisible}`);
  console.log(`  every page measured: ${f1(t.allPagesLaidOutMs)} ms`);
  console.log(`  frame gap idle: p50 ${f1(pct(idle, 0.5))} ms, p95 ${f1(pct(idle, 0.95))} ms`);
  console.log(`  frame gap scrolling 60 px a frame: p50 ${f1(pct(scroll, 0.5))} ms, p95 ${f1(pct(scroll, 0.95))} ms, max ${f1(Math.max(...scroll))} ms`);
  console.log(`  page renders: ${renders.length}, p50 ${f1(pct(renders, 0.5))} ms, p95 ${f1(pct(renders, 0.95))} ms; cancelled ${t.cancelledRenders}`);
  console.log(`  list updates (20 x j, 1 x a, up to the DOM): p50 ${f1(pct(lists, 0.5))} ms, max ${f1(Math.max(...lists))} ms`);
  await call("DELETE", S(""));
} finally {
  driver?.kill();
  await server?.close();
  rmSync(work, { recursive: true, force: true });
}
