// End to end: the real app, built with `tauri build --debug`, started by
// tauri-driver under Xvfb, on an empty data folder.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launchApp } from "./webdriver.mjs";

let session;
let dataDir;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "disclose-e2e-"));
  session = await launchApp({ env: { DISCLOSE_DATA: dataDir } });
});

after(async () => {
  await session?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test("a first start shows the request list's empty state and what to do first", async () => {
  assert.equal(await session.title(), "Disclose");
  const heading = await session.waitFor("#requests-heading");
  assert.equal(await session.text(heading), "Requests");
  const empty = await session.waitFor('[data-testid="requests-empty"]');
  const text = await session.text(empty);
  assert.match(text, /No requests yet/);
  assert.match(text, /Create a request/);
  // The app opened its store in the folder DISCLOSE_DATA named.
  const dir = await session.text(await session.waitFor('[data-testid="data-dir"]'));
  assert.equal(dir, dataDir);
  assert.ok(existsSync(join(dataDir, "disclose.sqlite3")), "the store was created");
  await session.screenshot("requests-empty");
});
