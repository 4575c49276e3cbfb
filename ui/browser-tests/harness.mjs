// What every browser suite shares: the built app served with the desktop's CSP, headless
// Debian Chromium (never a downloaded browser), a page with the mock backend, and the checks
// each screen gets (axe, CSP violations, page errors) plus keyboard helpers.
import { after, before } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { existsSync, readFileSync } from "node:fs";
import { extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { AxeBuilder } from "@axe-core/playwright";
import { installMockBackend } from "./mock-backend.mjs";

export const DIST = resolve(fileURLToPath(new URL("../dist", import.meta.url)));
// The words and today's dates as the backend gives them (written by a Rust test), for the mock.
const WORDS = {
  ...JSON.parse(readFileSync(new URL("../src/test/vocabulary.json", import.meta.url), "utf8")),
  // About this app (its version and formats), written by crates/phr-app/tests/about.rs.
  about: JSON.parse(readFileSync(new URL("../src/test/about.json", import.meta.url), "utf8")),
};
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
// The same policy as src-tauri/tauri.conf.json: only the app's own scripts and styles.
// As src-tauri/tauri.conf.json's CSP for what the pages load: a kept photo is shown from a
// `data:` address (img-src), nothing else from outside the app.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:";
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

/**
 * Registers the suite's before/after hooks (static server + Chromium) and returns
 * `openApp(mockOptions, { clock })`: a fresh page with the mock backend in that state.
 */
export function useBrowser() {
  let server;
  let baseUrl;
  let browser;

  before(async () => {
    assert.ok(existsSync(join(DIST, "index.html")), "ui/dist is missing: run `npm run build` first");
    assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: apt-get install chromium, or set CHROMIUM_PATH`);
    await new Promise((ok) => {
      server = createServer(async (req, res) => {
        try {
          const url = new URL(req.url ?? "/", "http://127.0.0.1");
          let path = normalize(join(DIST, decodeURIComponent(url.pathname)));
          if (!path.startsWith(DIST)) return void res.writeHead(403).end();
          if (!existsSync(path) || (await stat(path)).isDirectory()) path = join(DIST, "index.html");
          const body = await readFile(path);
          res.writeHead(200, {
            "Content-Type": TYPES[extname(path)] ?? "application/octet-stream",
            "Content-Security-Policy": CSP,
            "Cache-Control": "no-store",
          });
          res.end(body);
        } catch {
          res.writeHead(500).end();
        }
      });
      server.listen(0, "127.0.0.1", () => {
        baseUrl = `http://127.0.0.1:${server.address().port}/`;
        ok();
      });
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
  });

  after(async () => {
    await browser?.close();
    await new Promise((ok) => (server ? server.close(ok) : ok()));
  });

  return async function openApp(mockOptions = {}, { clock = false } = {}) {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, locale: "en-GB", timezoneId: "Europe/London" });
    const page = await context.newPage();
    const problems = [];
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(`console error: ${m.text()}`);
    });
    if (clock) await page.clock.install({ time: new Date("2026-11-23T10:00:00Z") });
    await page.addInitScript(installMockBackend, { words: WORDS, ...mockOptions });
    await page.goto(baseUrl);
    page.problems = problems;
    return page;
  };
}

/** Every page ends with no CSP violation and no error, then closes. */
export async function finish(page) {
  const csp = await page.evaluate(() => window.__mock.cspViolations);
  assert.deepEqual(csp, [], "CSP violations");
  assert.deepEqual(page.problems, [], "errors in the page");
  await page.context().close();
}

export async function expectNoAxeViolations(page, screen) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"])
    .analyze();
  assert.ok(results.passes.length > 10, `axe ran no checks on "${screen}"`);
  const summary = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(" ")).join("\n    ")}`,
  );
  assert.equal(summary.length, 0, `axe violations on "${screen}":\n  ${summary.join("\n  ")}`);
}

export const byTestId = (page, id) => page.getByTestId(id);
export const active = (page) => page.evaluate(() => document.activeElement?.getAttribute("data-testid"));

/** Waits until an h1 containing `text` has focus (screens move focus to their heading). */
export async function headingFocused(page, text) {
  await page.waitForFunction(
    (t) => document.activeElement?.tagName === "H1" && document.activeElement.textContent.includes(t),
    text,
    { timeout: 5000 },
  );
}

/** Waits until the unlock screen shows with its passphrase box focused (it opens ready to type). */
export async function unlockReady(page) {
  await page.waitForFunction(
    () =>
      document.querySelector("h1")?.textContent.includes("Unlock your record") &&
      document.activeElement?.getAttribute("data-testid") === "unlock-passphrase",
    null,
    { timeout: 5000 },
  );
}

/** Presses Tab (or Shift+Tab) until the element with this test id has focus. */
export async function tabTo(page, testid, { back = false, max = 60 } = {}) {
  for (let i = 0; i < max; i++) {
    if ((await active(page)) === testid) return;
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
  }
  assert.fail(`could not reach [data-testid=${testid}] with the keyboard`);
}

/** The backend calls of one command the page made so far. */
export async function calls(page, cmd) {
  return page.evaluate((c) => window.__mock.calls.filter((x) => x.cmd === c), cmd);
}

/** Waits until the element with this test id shows text matching `pattern`; returns the text. */
export async function expectText(page, testid, pattern) {
  const locator = byTestId(page, testid).first();
  await locator.waitFor();
  const until = Date.now() + 5000;
  let text = await locator.textContent();
  while (!pattern.test(text ?? "") && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 50));
    text = await locator.textContent();
  }
  assert.match(text ?? "", pattern);
  return text;
}
