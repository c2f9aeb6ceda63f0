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
    stdio: ["ignore", "inherit", "inherit"],
  });
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

  text(elementId) {
    return this.cmd("GET", `/element/${elementId}/text`);
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
      await this.cmd("DELETE", "");
    } finally {
      this.driver.kill();
    }
  }
}
