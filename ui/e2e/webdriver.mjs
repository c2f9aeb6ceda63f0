// A small W3C WebDriver client for the end-to-end tests: just the endpoints
// they use, over Node's fetch. It starts tauri-driver (which starts
// WebKitWebDriver, which starts the app) and talks to it on a free port.
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the end-to-end tests through \`cargo xtask test\``);
  return value;
}

/** Starts tauri-driver and the app; returns a session. */
export async function launchApp({ env = {} } = {}) {
  const app = required("DISCLOSE_APP");
  const driverPath = required("TAURI_DRIVER");
  const port = await freePort();
  const nativePort = await freePort();
  const driver = spawn(driverPath, ["--port", String(port), "--native-port", String(nativePort)], {
    env: { ...process.env, ...env },
    // Piped, not inherited: the app inherits the driver's output, and an
    // app that outlives its session must not keep the test runner waiting
    // on an open pipe.
    stdio: ["ignore", "pipe", "pipe"],
  });
  driver.stdout.on("data", (d) => process.stderr.write(d));
  driver.stderr.on("data", (d) => process.stderr.write(d));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const res = await fetch(`${base}/status`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || driver.exitCode !== null) {
      driver.kill();
      throw new Error("tauri-driver did not start within 30 s");
    }
    await sleep(200);
  }
  // No browserName: WebKitWebDriver rejects it.
  const created = await call(base, "POST", "/session", {
    capabilities: { alwaysMatch: { "tauri:options": { application: app } } },
  });
  return new Session(base, created.sessionId, driver);
}

async function call(base, method, path, body, timeoutMs = 60_000) {
  const res = await fetch(base + path, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    // A hung driver fails the test instead of hanging it.
    signal: AbortSignal.timeout(timeoutMs),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) {
    const v = json.value ?? {};
    throw new Error(`WebDriver ${method} ${path}: ${v.error ?? res.status}: ${v.message ?? ""}`);
  }
  return json.value;
}

export class Session {
  constructor(base, id, driver) {
    this.base = base;
    this.id = id;
    this.driver = driver;
  }

  cmd(method, path, body) {
    return call(this.base, method, `/session/${this.id}${path}`, body);
  }

  /** Waits until an element matching the CSS selector exists; returns its id. */
  async waitFor(css, timeoutMs = 20_000) {
    const deadline = Date.now() + timeoutMs;
    let last;
    for (;;) {
      try {
        const el = await this.cmd("POST", "/element", { using: "css selector", value: css });
        return el[ELEMENT];
      } catch (err) {
        last = err;
      }
      if (Date.now() > deadline) throw new Error(`no element matches ${css} after ${timeoutMs} ms: ${last}`);
      await sleep(200);
    }
  }

  /** Like waitFor, with an XPath expression. */
  async waitForXPath(xpath, timeoutMs = 20_000) {
    const deadline = Date.now() + timeoutMs;
    let last;
    for (;;) {
      try {
        const el = await this.cmd("POST", "/element", { using: "xpath", value: xpath });
        return el[ELEMENT];
      } catch (err) {
        last = err;
      }
      if (Date.now() > deadline) throw new Error(`no element matches ${xpath} after ${timeoutMs} ms: ${last}`);
      await sleep(200);
    }
  }

  /** Every element matching the CSS selector now (maybe none). */
  async findAll(css) {
    const els = await this.cmd("POST", "/elements", { using: "css selector", value: css });
    return els.map((e) => e[ELEMENT]);
  }

  /** Waits until `check()` returns a truthy value; returns it. */
  async waitUntil(what, check, timeoutMs = 60_000) {
    const deadline = Date.now() + timeoutMs;
    let last;
    for (;;) {
      try {
        const v = await check();
        if (v) return v;
      } catch (err) {
        last = err;
      }
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${last}` : ""}`);
      await sleep(250);
    }
  }

  text(elementId) {
    return this.cmd("GET", `/element/${elementId}/text`);
  }

  click(elementId) {
    return this.cmd("POST", `/element/${elementId}/click`, {});
  }

  /** Types `text` into the element (after focusing it). */
  type(elementId, text) {
    return this.cmd("POST", `/element/${elementId}/value`, { text });
  }

  clear(elementId) {
    return this.cmd("POST", `/element/${elementId}/clear`, {});
  }

  attribute(elementId, name) {
    return this.cmd("GET", `/element/${elementId}/attribute/${name}`);
  }

  property(elementId, name) {
    return this.cmd("GET", `/element/${elementId}/property/${name}`);
  }

  /** Runs a script in the page; `arguments` are `args`. */
  execute(script, args = []) {
    return this.cmd("POST", "/execute/sync", { script, args });
  }

  /** Runs an async script: its last argument is the callback to call with the result. */
  executeAsync(script, args = []) {
    return this.cmd("POST", "/execute/async", { script, args });
  }

  /** Calls a Tauri command from the page (to check state; the UI drives changes). */
  async invoke(command, args = {}) {
    const out = await this.executeAsync(
      `const done = arguments[arguments.length - 1];
       window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1])
         .then((v) => done({ ok: v }), (e) => done({ err: e }));`,
      [command, args],
    );
    if (out && "err" in out) throw new Error(`${command}: ${JSON.stringify(out.err)}`);
    return out?.ok;
  }

  /** Presses keys one after the other on whatever has focus (W3C key actions). */
  async press(...keys) {
    const actions = [];
    for (const k of keys) actions.push({ type: "keyDown", value: k }, { type: "keyUp", value: k });
    await this.cmd("POST", "/actions", { actions: [{ type: "key", id: "keyboard", actions }] });
    await this.cmd("DELETE", "/actions");
  }

  /** Drags the mouse over an element from one offset to another (offsets from its centre, CSS pixels). */
  async drag(elementId, from, to) {
    const origin = { [ELEMENT]: elementId };
    await this.cmd("POST", "/actions", {
      actions: [
        {
          type: "pointer",
          id: "mouse",
          parameters: { pointerType: "mouse" },
          actions: [
            { type: "pointerMove", duration: 0, origin, x: from[0], y: from[1] },
            { type: "pointerDown", button: 0 },
            { type: "pointerMove", duration: 100, origin, x: Math.round((from[0] + to[0]) / 2), y: Math.round((from[1] + to[1]) / 2) },
            { type: "pointerMove", duration: 100, origin, x: to[0], y: to[1] },
            { type: "pointerUp", button: 0 },
          ],
        },
      ],
    });
    await this.cmd("DELETE", "/actions");
  }

  title() {
    return this.cmd("GET", "/title");
  }

  /**
   * Saves a PNG screenshot into DISCLOSE_E2E_ARTIFACTS. Under X it grabs the
   * whole display with ImageMagick's `import`, which shows the real window
   * as a clerk would see it; WebKitWebDriver's own screenshot endpoint hangs
   * under Xvfb with compositing disabled, so it is only the fallback.
   */
  async screenshot(name) {
    const dir = process.env.DISCLOSE_E2E_ARTIFACTS ?? "e2e-artifacts";
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `${name}.png`);
    if (process.env.DISPLAY && process.platform === "linux") {
      // Give the window a moment to paint what the last command changed.
      await sleep(300);
      execFileSync("import", ["-window", "root", path], { timeout: 30_000 });
    } else {
      const b64 = await call(this.base, "GET", `/session/${this.id}/screenshot`, undefined, 30_000);
      writeFileSync(path, Buffer.from(b64, "base64"));
    }
    return path;
  }

  async close() {
    try {
      await call(this.base, "DELETE", `/session/${this.id}`, undefined, 15_000);
    } finally {
      this.driver.kill();
      this.driver.stdout?.destroy();
      this.driver.stderr?.destroy();
    }
  }
}
