// A tiny W3C WebDriver client over fetch: just what the desktop stories need.
//
// It talks to tauri-driver, which forwards to WebKitWebDriver, which drives the real app's
// webview. Elements are found by `data-testid` only; the UI's markup may change freely.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

/** A free TCP port on 127.0.0.1 (asked of the OS, then released). */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts tauri-driver on free ports and waits until it answers. `env` is passed on through
 * WebKitWebDriver to the app. Returns { url, stop }.
 */
export async function startDriver({ driverPath, env, log = () => {} }) {
  const port = await freePort();
  let nativePort = await freePort();
  while (nativePort === port) nativePort = await freePort();
  const child = spawn(driverPath, ['--port', String(port), '--native-port', String(nativePort)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so stopping it also stops WebKitWebDriver and the app.
    detached: true,
  });
  let output = '';
  child.stdout.on('data', (d) => { output += d; log(String(d)); });
  child.stderr.on('data', (d) => { output += d; log(String(d)); });
  let exited = null;
  child.on('exit', (code, signal) => { exited = { code, signal }; });

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (exited) {
      throw new Error(`tauri-driver exited early (${JSON.stringify(exited)}):\n${output}`);
    }
    try {
      const res = await fetch(`${url}/status`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      stopGroup(child);
      throw new Error(`tauri-driver did not answer on ${url} within 20 s:\n${output}`);
    }
    await sleep(200);
  }

  return {
    url,
    output: () => output,
    stop: async () => {
      if (exited) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      stopGroup(child, 'SIGTERM');
      const timer = setTimeout(() => stopGroup(child, 'SIGKILL'), 5_000);
      await gone;
      clearTimeout(timer);
    },
  };
}

function stopGroup(child, signal = 'SIGTERM') {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

class WebDriverError extends Error {
  constructor(method, path, status, value) {
    super(`${method} ${path} -> ${status}: ${value?.error ?? ''} ${value?.message ?? JSON.stringify(value)}`);
    this.error = value?.error;
  }
}

async function call(base, method, path, body) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    throw new Error(`${method} ${path} -> ${res.status}: not JSON: ${text.slice(0, 500)}`);
  }
  if (!res.ok) throw new WebDriverError(method, path, res.status, json.value);
  return json.value;
}

/** A WebDriver session on the app. */
export class Session {
  /** Launches the app (`application` is an absolute path) and opens a session on it. */
  static async start(driverUrl, { application, args = [] }) {
    const value = await call(driverUrl, 'POST', '/session', {
      capabilities: {
        alwaysMatch: {
          'tauri:options': { application, args },
        },
      },
    });
    return new Session(driverUrl, value.sessionId);
  }

  constructor(driverUrl, id) {
    this.base = `${driverUrl}/session/${id}`;
    this.driverUrl = driverUrl;
    this.id = id;
  }

  cmd(method, path, body) {
    return call(this.base, method, path, body);
  }

  /** The element with `data-testid=testid`, or null. */
  async find(testid) {
    const all = await this.cmd('POST', '/elements', {
      using: 'css selector',
      value: `[data-testid="${testid}"]`,
    });
    return all.length ? all[0][ELEMENT] : null;
  }

  /** Every element with `data-testid=testid`. */
  async findAll(testid) {
    const all = await this.cmd('POST', '/elements', {
      using: 'css selector',
      value: `[data-testid="${testid}"]`,
    });
    return all.map((e) => e[ELEMENT]);
  }

  async displayed(element) {
    try {
      return await this.cmd('GET', `/element/${element}/displayed`);
    } catch (e) {
      if (e.error === 'stale element reference') return false;
      throw e;
    }
  }

  /** Waits until `testid` is present and displayed; returns the element. */
  async waitFor(testid, { timeout = 15_000 } = {}) {
    let element = null;
    await this.waitUntil(`[data-testid=${testid}] to be shown`, async () => {
      element = await this.find(testid);
      return element !== null && (await this.displayed(element));
    }, { timeout });
    return element;
  }

  /** Polls `predicate` until it is truthy; the error names `what` it waited for. */
  async waitUntil(what, predicate, { timeout = 15_000, interval = 150 } = {}) {
    const deadline = Date.now() + timeout;
    let lastError;
    for (;;) {
      try {
        const result = await predicate();
        if (result) return result;
      } catch (e) {
        if (e.error !== 'stale element reference' && e.error !== 'no such element') throw e;
        lastError = e;
      }
      if (Date.now() > deadline) {
        throw new Error(`timed out after ${timeout} ms waiting for ${what}${lastError ? ` (${lastError.message})` : ''}`);
      }
      await sleep(interval);
    }
  }

  /** Waits until `testid` shows text matching `pattern`; returns the text. */
  async waitForText(testid, pattern, opts) {
    let text = '';
    await this.waitUntil(`[data-testid=${testid}] to show ${pattern}`, async () => {
      const element = await this.find(testid);
      if (!element || !(await this.displayed(element))) return false;
      text = await this.text(element);
      return pattern.test(text);
    }, opts);
    return text;
  }

  async click(testid) {
    const element = await this.waitFor(testid);
    await this.cmd('POST', `/element/${element}/click`, {});
  }

  /** Clears the field, then types `text` into it. */
  async type(testid, text) {
    const element = await this.waitFor(testid);
    await this.cmd('POST', `/element/${element}/clear`, {});
    await this.cmd('POST', `/element/${element}/value`, { text });
  }

  /** The rendered text of an element (by element id, not test id). */
  async text(element) {
    return this.cmd('GET', `/element/${element}/text`);
  }

  async textOf(testid) {
    return this.text(await this.waitFor(testid));
  }

  /**
   * Runs `script` in the page as an async function body; it gets its arguments as
   * `arguments[0..n-1]` and must call `arguments[n]` (the WebDriver callback) with its result.
   */
  async executeAsync(script, args = []) {
    return this.cmd('POST', '/execute/async', { script, args });
  }

  /** Saves a screenshot and the page source into `dir` as `<name>.png` / `<name>.html`. */
  async saveArtifacts(dir, name) {
    await mkdir(dir, { recursive: true });
    const saved = [];
    try {
      const png = await this.cmd('GET', '/screenshot');
      const path = join(dir, `${name}.png`);
      await writeFile(path, Buffer.from(png, 'base64'));
      saved.push(path);
    } catch (e) {
      saved.push(`(no screenshot: ${e.message})`);
    }
    try {
      const html = await this.cmd('GET', '/source');
      const path = join(dir, `${name}.html`);
      await writeFile(path, html);
      saved.push(path);
    } catch (e) {
      saved.push(`(no page source: ${e.message})`);
    }
    return saved;
  }

  /** Ends the session, which closes the app. */
  async end() {
    await call(this.driverUrl, 'DELETE', `/session/${this.id}`);
  }
}

// ---- What every desktop suite shares: where things are, launching the app, steps ----------

/** The workspace root and what the suites read from the environment (see README.md). */
export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const application = resolve(process.env.PHR_DESKTOP_BIN ?? join(root, 'target/debug/phr-desktop'));
export const driverPath = process.env.TAURI_DRIVER ?? 'tauri-driver';
export const artifactsRoot = resolve(process.env.PHR_E2E_ARTIFACTS ?? join(root, 'target/e2e-artifacts'));
export const verbose = process.env.CI !== 'true';

/**
 * Starts the real app on a vault folder (a new empty temporary one unless `vaultDir` is given)
 * under tauri-driver. `env` reaches the app (seams such as PHR_E2E_DEVICE_FILE); `logs()` names
 * extra logs ({ name: text }) saved beside a failed step's screenshot. Returns
 * { session, driver, vaultDir, artifacts, step, stop }: `step(name, body)` runs one step of a
 * story and, when it fails, saves a screenshot, the page and the logs, then rethrows.
 */
export async function launchApp({ suite, env = {}, vaultDir, keepVault = false, logs = () => ({}) }) {
  const dir = vaultDir ?? (await mkdtemp(join(tmpdir(), `phr-e2e-${suite}-`)));
  const artifacts = join(artifactsRoot, suite);
  const driver = await startDriver({
    driverPath,
    // The app reads PHR_VAULT_DIR; it reaches the app through tauri-driver and
    // WebKitWebDriver's environment. The flag below says the same, in case it does not.
    env: { PHR_VAULT_DIR: dir, ...env },
    log: verbose ? (line) => process.stderr.write(`[tauri-driver] ${line}`) : () => {},
  });
  let session;
  try {
    session = await Session.start(driver.url, { application, args: ['--vault-dir', dir] });
  } catch (e) {
    await driver.stop();
    throw e;
  }

  async function step(name, body) {
    if (verbose) process.stderr.write(`  step: ${name}\n`);
    try {
      await body();
    } catch (e) {
      const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
      const saved = await session.saveArtifacts(artifacts, `failed-${slug}`);
      await mkdir(artifacts, { recursive: true });
      for (const [logName, text] of Object.entries({ 'tauri-driver': driver.output(), ...logs() })) {
        const path = join(artifacts, `${logName}.log`);
        await writeFile(path, text);
        saved.push(path);
      }
      e.message = `step "${name}" failed: ${e.message}\n  saved: ${saved.join(', ')}`;
      throw e;
    }
  }

  async function stop() {
    try {
      await session.end();
    } catch (e) {
      process.stderr.write(`could not end the WebDriver session: ${e.message}\n`);
    }
    await driver.stop();
    if (!keepVault && !vaultDir) await rm(dir, { recursive: true, force: true });
  }

  return { session, driver, vaultDir: dir, artifacts, step, stop };
}

/** First run: a new vault with `passphrase`, its recovery key confirmed. */
export async function createVault(session, passphrase) {
  await session.waitFor('passphrase', { timeout: 60_000 });
  await session.type('passphrase', passphrase);
  await session.type('passphrase-confirm', passphrase);
  await session.click('create-vault');
  const key = (await session.waitForText('recovery-key', /\w{4}/, { timeout: 30_000 })).trim();
  await session.type('recovery-confirm-input', key.split(/[\s-]+/).filter(Boolean).at(-1));
  await session.click('recovery-continue');
  await session.waitFor('add-person', { timeout: 30_000 });
  return key;
}

/** Adds a person ({ name, day, month, year, nhs? }) and waits until they are listed. */
export async function addPerson(session, person) {
  await session.click('add-person');
  await session.type('person-name', person.name);
  await session.type('dob-day', person.day);
  await session.type('dob-month', person.month);
  await session.type('dob-year', person.year);
  if (person.nhs) await session.type('nhs-number', person.nhs);
  await session.click('save-person');
  return session.waitUntil(`a person-row naming ${person.name}`, async () => {
    for (const row of await session.findAll('person-row')) {
      if ((await session.text(row)).includes(person.name)) return row;
    }
    return false;
  });
}

/** Clicks the first `<a>` inside an element (a table row's link). */
export async function clickLinkIn(session, element) {
  const link = await session.cmd('POST', `/element/${element}/element`, { using: 'css selector', value: 'a' });
  await session.cmd('POST', `/element/${link[ELEMENT]}/click`, {});
}

/** Clicks an input by its data-testid in the page (nhsuk radios and checkboxes draw their own
 * box over a transparent input); whether it is checked after. */
export async function tick(session, testid) {
  const result = await session.executeAsync(
    `const [id, done] = arguments;
     const el = document.querySelector('[data-testid="' + id + '"]');
     if (!el) return done('missing');
     el.click();
     done(el.checked ? 'checked' : 'not checked');`,
    [testid],
  );
  assert.notEqual(result, 'missing', `[data-testid=${testid}] is on the screen`);
  return result;
}

/** Chooses an option of a <select> by value, as a person would (a change event follows). */
export async function choose(session, testid, value) {
  const result = await session.executeAsync(
    `const [id, value, done] = arguments;
     const el = document.querySelector('[data-testid="' + id + '"]');
     if (!el) return done('missing');
     el.value = value;
     el.dispatchEvent(new Event('change', { bubbles: true }));
     done(el.value);`,
    [testid, value],
  );
  assert.equal(result, value, `[data-testid=${testid}] set to ${value}`);
}

/** The demo GP practice (`phr-gp-sandbox`) the GP suites import from. */
export const sandboxBin = resolve(process.env.PHR_GP_SANDBOX_BIN ?? join(root, 'target/debug/phr-gp-sandbox'));

/**
 * Starts the demo practice on a free port (it picks the port and prints its URL first):
 * `url`, its log so far, and `stop`. `args` adds to its command line (`--auto-approve`,
 * `--approve-as`); without them a sign-in waits on its approval page, as a person would see it.
 */
export async function startSandbox(args = []) {
  const child = spawn(sandboxBin, ['--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr.on('data', (d) => { output += d; });
  const url = await new Promise((ok, fail) => {
    let line = '';
    const timer = setTimeout(() => fail(new Error(`phr-gp-sandbox printed no URL within 20 s:\n${output}`)), 20_000);
    child.stdout.on('data', (d) => {
      line += d;
      const nl = line.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        ok(line.slice(0, nl).trim());
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`phr-gp-sandbox exited (${code}):\n${output}`));
    });
  });
  return { url, output: () => output, stop: () => child.kill('SIGTERM') };
}

/**
 * The app's system browser for sign-in, set up as a person's computer has one: what the app
 * runs is xdg-open, which (with a display) opens the desktop's default handler of http
 * addresses. Here that default is a desktop entry, in XDG folders of the suite's own under
 * `dir`, that runs the conformance suite's headless Chromium (tests/conformance/browser.mjs),
 * which approves `approve` (a patient's name) on the demo practice's page; without a display
 * xdg-open would run $BROWSER, set to the same. The desktop session's own settings would send
 * xdg-open elsewhere, so they are left out. What the browser saw goes to `dir/browser.log`.
 */
export function systemBrowser({ approve, dir }) {
  const command = `node ${join(root, 'tests/conformance/browser.mjs')}`;
  const config = join(dir, 'config');
  const data = join(dir, 'data');
  mkdirSync(config, { recursive: true });
  mkdirSync(join(data, 'applications'), { recursive: true });
  writeFileSync(
    join(data, 'applications', 'phr-test-browser.desktop'),
    `[Desktop Entry]\nType=Application\nName=Test browser\nExec=${command} %u\nMimeType=x-scheme-handler/http;x-scheme-handler/https;\n`,
  );
  writeFileSync(
    join(config, 'mimeapps.list'),
    '[Default Applications]\nx-scheme-handler/http=phr-test-browser.desktop\nx-scheme-handler/https=phr-test-browser.desktop\n',
  );
  return {
    BROWSER: command,
    XDG_CONFIG_HOME: config,
    XDG_DATA_HOME: data,
    PHR_SANDBOX_APPROVE: approve,
    PHR_CONFORMANCE_BROWSER_LOG: join(dir, 'browser.log'),
    XDG_CURRENT_DESKTOP: undefined,
    DESKTOP_SESSION: undefined,
    KDE_FULL_SESSION: undefined,
    GNOME_DESKTOP_SESSION_ID: undefined,
  };
}

/**
 * The demo practice started, its first made-up patient, and the app launched to import from it,
 * signing in through headless Chromium as the system browser on the practice's approval page:
 * what the GP suites start with. `env` adds to the app's.
 */
export async function launchWithDemoPractice({ suite, env = {} }) {
  const sandbox = await startSandbox();
  const res = await fetch(`${sandbox.url}/demo/patients`);
  assert.ok(res.ok, `GET /demo/patients -> ${res.status}`);
  const [patient] = await res.json();
  assert.ok(patient?.name && patient.birthDate && patient.nhsNumber, `a first patient: ${JSON.stringify(patient)}`);
  const browser = systemBrowser({ approve: patient.name, dir: join(artifactsRoot, suite, 'browser') });
  const app = await launchApp({
    suite,
    env: { PHR_GP_SANDBOX_URL: sandbox.url, ...browser, ...env },
    logs: () => ({ 'phr-gp-sandbox': sandbox.output(), browser: readBrowserLog(browser.PHR_CONFORMANCE_BROWSER_LOG) }),
  });
  return { sandbox, patient, app };
}

/** What the sign-in browser logged, for a failing suite's report. */
function readBrowserLog(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '(the browser logged nothing)';
  }
}

/**
 * Presses "Connect and import" once the practice list is loaded and the demo practice is
 * chosen: a press before then has nothing to connect to, and the suite would wait for an
 * import that never started.
 */
export async function connectToDemoPractice(session) {
  await session.waitUntil(
    'the demo practice, chosen',
    async () => {
      const practice = await session.find('gp-practice');
      return practice && (await session.cmd('GET', `/element/${practice}/selected`)) === true;
    },
    { timeout: 30_000 },
  );
  await session.click('connect-gp');
}
