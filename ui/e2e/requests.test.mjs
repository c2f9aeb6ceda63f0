// End to end: the real app, built with `tauri build --debug`, started by
// tauri-driver under Xvfb, on an empty data folder. The tests run in order
// on one window, the way a clerk works: first start, a new request, three
// documents from three PDF producers, review by keyboard, export, the log.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { launchApp } from "./webdriver.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(process.env.DISCLOSE_FIXTURES ?? resolve(here, "..", "..", "fixtures"), "text");
// Three producers: ReportLab, LibreOffice and Ghostscript.
const FILES = ["utility-bill-reportlab.pdf", "finance-memo-libreoffice.pdf", "vendor-registration-ghostscript.pdf"];
const NUMBER = "E2E-0001";

let session;
let dataDir;
let outDir;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "disclose-e2e-"));
  outDir = mkdtempSync(join(tmpdir(), "disclose-e2e-out-"));
  session = await launchApp({ env: { DISCLOSE_DATA: dataDir } });
});

after(async () => {
  await session?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

const byTestId = (id) => `[data-testid="${id}"]`;

async function clickTestId(id) {
  await session.click(await session.waitFor(byTestId(id)));
}

function pdftotext(path) {
  return execFileSync("pdftotext", ["-layout", path, "-"], { encoding: "utf8" });
}

/** Digits only, so that a value matches however the text layer spaces it. */
const digits = (s) => s.replace(/\D/g, "");

test("a first start shows the request list's empty state and what to do first", async () => {
  assert.equal(await session.title(), "Disclose");
  const heading = await session.waitFor("#requests-heading");
  assert.equal(await session.text(heading), "Requests");
  const empty = await session.waitFor(byTestId("requests-empty"));
  const text = await session.text(empty);
  assert.match(text, /No requests yet/);
  assert.match(text, /Create a request/);
  assert.match(text, /example request/);
  // The app opened its store in the folder DISCLOSE_DATA named.
  const dir = await session.text(await session.waitFor(byTestId("data-dir")));
  assert.equal(dir, dataDir);
  assert.ok(existsSync(join(dataDir, "disclose.sqlite3")), "the store was created");
  await session.screenshot("01-requests-empty");
});

test("the clerk creates a request with the form", async () => {
  await clickTestId("new-request");
  await session.waitFor(byTestId("new-request-form"));
  // Sent empty first: the form says what is missing.
  await clickTestId("create-request");
  const problem = await session.waitFor(".problem");
  assert.match(await session.text(problem), /request number/);
  await session.type(await session.waitFor("#new-number"), NUMBER);
  await session.type(await session.waitFor("#new-requester"), "Jane Roe, Lakemont Herald");
  await session.click(await session.waitFor('#new-jurisdiction option[value="wa"]'));
  await session.type(await session.waitFor("#new-batesPrefix"), "E2E");
  await session.screenshot("02-new-request");
  await clickTestId("create-request");
  const heading = await session.waitFor("#request-heading");
  assert.equal(await session.text(heading), `Request ${NUMBER}`);
  await session.waitFor(byTestId("no-documents"));
});

test("three documents from three producers are added by path and scanned", async () => {
  await session.click(await session.waitForXPath("//details[contains(@class,'by-path')]/summary"));
  const field = await session.waitFor(byTestId("import-paths"));
  await session.type(field, FILES.map((f) => join(fixtures, f)).join(";"));
  await clickTestId("import-paths-add");
  await session.waitUntil("three scanned documents", async () => {
    const rows = await session.findAll(byTestId("document-row"));
    if (rows.length !== 3) return false;
    const texts = await Promise.all(rows.map((r) => session.text(r)));
    const busy = await session.findAll(byTestId("cancel-job"));
    return busy.length === 0 && texts.every((t) => /scanned/.test(t) && !/not scanned/.test(t));
  }, 120_000);
  const proposed = await session.text(await session.waitFor(byTestId("count-proposed")));
  assert.ok(Number.parseInt(proposed, 10) > 0, `findings were proposed: ${proposed}`);
  await session.screenshot("03-request");

  // The same file again is noticed, not added twice.
  await session.type(await session.waitFor(byTestId("import-paths")), join(fixtures, FILES[0]));
  await clickTestId("import-paths-add");
  const notes = await session.waitFor(byTestId("job-notes"));
  await session.waitUntil("the duplicate note", async () => /already in this request/.test(await session.text(notes)));
  assert.equal((await session.findAll(byTestId("document-row"))).length, 3);
});

let decided;

/** Makes a finding the current one by clicking it in the side list, until the list shows it selected. */
async function choose(id) {
  await session.waitUntil(`finding ${id} selected`, async () => {
    const el = await session.waitFor(byTestId(`finding-${id}`));
    if ((await session.attribute(el, "aria-selected")) === "true") return true;
    await session.click(el);
    return (await session.attribute(el, "aria-selected")) === "true";
  }, 20_000);
}

test("the clerk reviews by keyboard: accepts one, rejects one, draws a box", async () => {
  const all = await session.invoke("list_findings", { number: NUMBER });
  // Two values proposed exempt, long enough to find in pdftotext's output,
  // each printed once in its document, from two different documents.
  const once = (f) => all.filter((g) => g.document_id === f.document_id && digits(g.text) === digits(f.text)).length === 1;
  const candidates = all.filter((f) => f.proposal.kind === "exempt" && digits(f.text).length >= 8 && once(f));
  const toAccept = candidates[0];
  const toReject = candidates.find((f) => f.document_id !== toAccept?.document_id && digits(f.text) !== digits(toAccept.text));
  assert.ok(toAccept && toReject, `two findings to decide among ${all.length}`);

  await clickTestId("open-review");
  await session.waitFor(byTestId("review"));
  await session.waitFor(byTestId(`finding-${toAccept.id}`));
  await session.waitFor('[data-testid^="overlay-"]', 60_000);
  try {
    // Choose the finding in the side list, then decide with the keyboard.
    await choose(toAccept.id);
    await session.press("a");
    await session.waitUntil("the accepted finding", async () => {
      const fs = await session.invoke("list_findings", { number: NUMBER });
      const f = fs.find((x) => x.id === toAccept.id);
      return f.decision && f.decision.action !== "reject";
    });
    await choose(toReject.id);
    await session.press("r");
    await session.waitUntil("the rejected finding", async () => {
      const fs = await session.invoke("list_findings", { number: NUMBER });
      return fs.find((x) => x.id === toReject.id).decision?.action === "reject";
    });
  } catch (err) {
    await session.screenshot("04-review-failed");
    throw err;
  }
  const after = await session.invoke("list_findings", { number: NUMBER });
  decided = {
    accepted: after.filter((f) => f.decision && f.decision.action !== "reject"),
    rejected: after.filter((f) => f.decision && f.decision.action === "reject"),
  };
  assert.deepEqual(decided.accepted.map((f) => f.id), [toAccept.id]);
  assert.deepEqual(decided.rejected.map((f) => f.id), [toReject.id]);

  // A manual box: drag on the page, pick a code, confirm.
  const page = await session.waitFor(byTestId("page-view"));
  await session.drag(page, [-120, -60], [-20, -30]);
  // The code picker opens; its first code is taken.
  await session.waitFor(byTestId("manual-code"));
  const options = await session.findAll(`${byTestId("manual-code")} option:not([value=""])`);
  if (options.length > 0) await session.click(options[0]);
  await clickTestId("manual-confirm");
  await session.waitUntil("the manual box saved", async () => (await session.invoke("list_manual", { number: NUMBER })).length === 1);
  await session.screenshot("04-review");
  await session.click(await session.waitForXPath('//section[@data-testid="review"]//button[contains(., "Back")]'));
  await session.waitFor("#request-heading");
});

test("the export removes the accepted value, keeps the rejected one, and the log has a row per redaction", async () => {
  await clickTestId("open-export");
  await session.waitFor(byTestId("export-view"));
  await session.type(await session.waitFor(byTestId("export-folder")), outDir);
  await clickTestId("start-export");
  const report = await session.waitFor(byTestId("export-report"), 180_000);
  const text = await session.text(report);
  await session.screenshot("05-export");
  assert.ok((await session.findAll(byTestId("export-verified"))).length === 1, `export verified: ${text}`);

  const pdfs = readdirSync(outDir, { recursive: true }).filter((f) => String(f).toLowerCase().endsWith(".pdf"));
  assert.ok(pdfs.length >= 3, `three redacted documents written: ${pdfs.join(", ")}`);
  const textOf = (docName) => {
    const stem = docName.replace(/\.pdf$/i, "");
    const file = pdfs.find((f) => String(f).includes(stem));
    assert.ok(file, `an exported file for ${docName} among ${pdfs.join(", ")}`);
    return digits(pdftotext(join(outDir, String(file))));
  };
  const acc = decided.accepted[0];
  const rej = decided.rejected[0];
  const accDigits = digits(acc.text);
  const rejDigits = digits(rej.text);
  if (accDigits.length >= 4) {
    assert.ok(!textOf(acc.document).includes(accDigits), `accepted ${acc.text} is gone from ${acc.document}`);
  } else {
    assert.ok(!pdftotext(join(outDir, String(pdfs.find((f) => String(f).includes(acc.document.replace(/\.pdf$/i, "")))))).includes(acc.text));
  }
  if (rejDigits.length >= 4) {
    assert.ok(textOf(rej.document).includes(rejDigits), `rejected ${rej.text} is still in ${rej.document}`);
  } else {
    assert.ok(pdftotext(join(outDir, String(pdfs.find((f) => String(f).includes(rej.document.replace(/\.pdf$/i, "")))))).includes(rej.text));
  }

  // The log: one row per redaction (the accepted finding and the box).
  const csvName = readdirSync(outDir, { recursive: true }).find((f) => String(f).toLowerCase().endsWith(".csv"));
  assert.ok(csvName, "a CSV log was written");
  const rows = readFileSync(join(outDir, String(csvName)), "utf8").split(/\r?\n/).filter((l) => l.trim());
  assert.equal(rows.length - 1, 2, `one row per redaction:\n${rows.join("\n")}`);
  // The redacted copy previews in the app.
  await session.click(await session.waitFor('[data-testid^="preview-"]'));
  await session.waitFor(`${byTestId("export-preview")} canvas`, 60_000);
  await session.screenshot("06-export-preview");
  await session.click(await session.waitForXPath('//section[@data-testid="export-view"]//button[contains(., "Request")]'));
  await session.waitFor("#request-heading");
});

test("the exemption log lists each redaction and the attorney approves one", async () => {
  await clickTestId("open-log");
  await session.waitFor(byTestId("log-table"));
  const rows = await session.findAll('[data-testid^="log-row-"]');
  assert.equal(rows.length, 2);
  await clickTestId("attorney-mode");
  const approve = await session.waitFor('[data-testid^="approve-"]');
  await session.click(approve);
  await session.waitUntil("an approved entry", async () => /1 approved/.test(await session.text(await session.waitFor(byTestId("review-counts")))));
  await session.screenshot("07-exemption-log");
});

test("on a first start the example request opens, already scanned", async () => {
  // A fresh store in a second window session.
  await session.close();
  session = null;
  rmSync(dataDir, { recursive: true, force: true });
  dataDir = mkdtempSync(join(tmpdir(), "disclose-e2e-"));
  session = await launchApp({ env: { DISCLOSE_DATA: dataDir } });
  await clickTestId("open-example");
  const heading = await session.waitFor("#request-heading", 120_000);
  assert.equal(await session.text(heading), "Request EXAMPLE-0001");
  await session.waitUntil("three scanned documents", async () => {
    const rows = await session.findAll(byTestId("document-row"));
    if (rows.length !== 3) return false;
    const texts = await Promise.all(rows.map((r) => session.text(r)));
    return texts.every((t) => /scanned/.test(t) && !/not scanned/.test(t));
  });
  const proposed = await session.text(await session.waitFor(byTestId("count-proposed")));
  assert.ok(Number.parseInt(proposed, 10) > 0, `findings were proposed: ${proposed}`);
  await session.screenshot("08-example-request");
});
