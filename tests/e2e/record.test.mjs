// The record story, end to end through the real binary and the demo GP practice: a new vault,
// a person matching the sandbox's first synthetic patient, "Connect to my GP practice", the
// import report, the summary, an entry with its source, a search, and importing again adds
// nothing.
//
// Run by `cargo xtask e2e`, which builds the app and the sandbox. By hand, after
// `cargo build -p phr-gp-sandbox` and the desktop build, from the workspace root:
//   xvfb-run -a node --test tests/e2e/record.test.mjs
// Environment: as desktop.test.mjs, plus PHR_GP_SANDBOX_BIN (default
// target/debug/phr-gp-sandbox). The sandbox runs on a free loopback port with automatic
// approval; the app reaches it through PHR_GP_SANDBOX_URL, and PHR_BROWSER=http makes the
// sign-in an HTTP request instead of a real browser window.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { Session, startDriver } from './webdriver.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const application = resolve(process.env.PHR_DESKTOP_BIN ?? join(root, 'target/debug/phr-desktop'));
const sandboxBin = resolve(process.env.PHR_GP_SANDBOX_BIN ?? join(root, 'target/debug/phr-gp-sandbox'));
const driverPath = process.env.TAURI_DRIVER ?? 'tauri-driver';
const artifacts = resolve(process.env.PHR_E2E_ARTIFACTS ?? join(root, 'target/e2e-artifacts'), 'record');
const verbose = process.env.CI !== 'true';

const PASSPHRASE = 'otter lantern gravel harbour';
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

let vaultDir;
let sandbox;
let patient;
let driver;
let session;

/** Starts the sandbox on a free port (it picks one and prints its URL first). */
async function startSandbox() {
  const child = spawn(sandboxBin, ['--port', '0', '--auto-approve'], { stdio: ['ignore', 'pipe', 'pipe'] });
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

before(async () => {
  vaultDir = await mkdtemp(join(tmpdir(), 'phr-e2e-record-'));
  sandbox = await startSandbox();
  const res = await fetch(`${sandbox.url}/demo/patients`);
  assert.ok(res.ok, `GET /demo/patients -> ${res.status}`);
  [patient] = await res.json();
  assert.ok(patient?.name && patient.birthDate && patient.nhsNumber, `a first patient: ${JSON.stringify(patient)}`);

  driver = await startDriver({
    driverPath,
    env: { PHR_VAULT_DIR: vaultDir, PHR_GP_SANDBOX_URL: sandbox.url, PHR_BROWSER: 'http' },
    log: verbose ? (line) => process.stderr.write(`[tauri-driver] ${line}`) : () => {},
  });
  session = await Session.start(driver.url, { application, args: ['--vault-dir', vaultDir] });
});

after(async () => {
  try {
    await session?.end();
  } catch (e) {
    process.stderr.write(`could not end the WebDriver session: ${e.message}\n`);
  }
  await driver?.stop();
  sandbox?.stop();
  if (vaultDir) await rm(vaultDir, { recursive: true, force: true });
});

/** Runs one step of the story; on failure saves a screenshot, the page and the logs. */
async function step(name, body) {
  if (verbose) process.stderr.write(`  step: ${name}\n`);
  try {
    await body();
  } catch (e) {
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
    const saved = session ? await session.saveArtifacts(artifacts, `failed-${slug}`) : [];
    await mkdir(artifacts, { recursive: true });
    if (driver) {
      const log = join(artifacts, 'tauri-driver.log');
      await writeFile(log, driver.output());
      saved.push(log);
    }
    if (sandbox) {
      const log = join(artifacts, 'phr-gp-sandbox.log');
      await writeFile(log, sandbox.output());
      saved.push(log);
    }
    e.message = `step "${name}" failed: ${e.message}\n  saved: ${saved.join(', ')}`;
    throw e;
  }
}

/** Clicks the first `<a>` inside an element (a table row's link). */
async function clickLinkIn(element) {
  const link = await session.cmd('POST', `/element/${element}/element`, { using: 'css selector', value: 'a' });
  await session.cmd('POST', `/element/${link[ELEMENT]}/click`, {});
}

test('connect to the demo GP practice, import, read the record, search', async () => {
  const [year, month, day] = patient.birthDate.split('-');
  let entryTitle = '';

  await step('a new vault', async () => {
    await session.waitFor('passphrase', { timeout: 60_000 });
    await session.type('passphrase', PASSPHRASE);
    await session.type('passphrase-confirm', PASSPHRASE);
    await session.click('create-vault');
    const key = (await session.waitForText('recovery-key', /\w{4}/, { timeout: 30_000 })).trim();
    await session.type('recovery-confirm-input', key.split(/[\s-]+/).filter(Boolean).at(-1));
    await session.click('recovery-continue');
    await session.waitFor('add-person', { timeout: 30_000 });
  });

  await step(`a person matching the sandbox's first patient (${patient.name})`, async () => {
    await session.click('add-person');
    await session.type('person-name', patient.name);
    await session.type('dob-day', String(Number(day)));
    await session.type('dob-month', String(Number(month)));
    await session.type('dob-year', year);
    await session.type('nhs-number', patient.nhsNumber);
    await session.click('save-person');
    await session.waitFor('people-list');
  });

  await step('their record is empty and leads to Import', async () => {
    const row = await session.waitUntil(`a person-row naming ${patient.name}`, async () => {
      for (const r of await session.findAll('person-row')) {
        if ((await session.text(r)).includes(patient.name)) return r;
      }
      return false;
    });
    await clickLinkIn(row);
    await session.click('open-record');
    await session.waitForText('record-empty', /Nothing has been imported/, { timeout: 30_000 });
    await session.click('go-import');
  });

  await step('the demo practice is offered, and the import runs', async () => {
    // nhsuk radios draw their own circle over a transparent input, so wait for presence.
    const practice = await session.waitUntil('the demo practice', () => session.find('gp-practice'), { timeout: 30_000 });
    assert.equal(await session.cmd('GET', `/element/${practice}/selected`), true, 'the demo practice is chosen');
    await session.click('connect-gp');
    await session.waitFor('import-report', { timeout: 180_000 });
    const added = Number((await session.textOf('report-added')).replace(/\D/g, ''));
    assert.ok(added > 10, `entries added, got ${added}`);
    assert.match(await session.textOf('report-source'), /GP practice/);
    assert.equal(await session.find('error-summary'), null, 'no error summary after the import');
  });

  await step('the summary shows the record', async () => {
    await session.click('record-tab-summary');
    await session.waitFor('record-summary', { timeout: 30_000 });
    assert.match(await session.textOf('summary-total'), /[\d,]+ entries in total/);
    assert.match(await session.textOf('last-import'), /Last imported .* from /);
    if (verbose) await session.saveArtifacts(artifacts, 'passed-summary');
  });

  await step('an entry opens with its source and the original resource', async () => {
    const links = await session.findAll('entry-link');
    assert.ok(links.length > 0, 'the summary lists entries');
    entryTitle = (await session.text(links[0])).trim();
    await session.cmd('POST', `/element/${links[0]}/click`, {});
    await session.waitForText('entry-title', new RegExp(entryTitle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), {
      timeout: 30_000,
    });
    assert.match(await session.textOf('entry-source'), /GP practice/);
    assert.ok(await session.find('raw-resource'), 'the raw resource is offered');
    if (verbose) await session.saveArtifacts(artifacts, 'passed-entry');
    await session.click('entry-back');
    await session.waitFor('record-summary');
  });

  await step('search finds the entry', async () => {
    const word = entryTitle.split(/[^\p{L}\p{N}]+/u).find((w) => w.length >= 4) ?? entryTitle;
    await session.click('record-tab-search');
    await session.type('record-search', word);
    await session.waitForText('search-count', /\d+ results? for/, { timeout: 30_000 });
    const hits = await session.findAll('entry-link');
    const titles = await Promise.all(hits.map((h) => session.text(h)));
    assert.ok(titles.some((t) => t.trim() === entryTitle), `"${entryTitle}" among ${JSON.stringify(titles)}`);
    assert.ok((await session.findAll('search-snippet')).length > 0, 'snippets are shown');
  });

  await step('importing again adds nothing', async () => {
    await session.click('record-tab-import');
    await session.click('connect-gp');
    // The first report goes while the import runs; the new one has nothing added.
    await session.waitForText('report-added', /^0$/, { timeout: 180_000 });
    assert.match(await session.textOf('report-unchanged'), /^[1-9][\d,]*$/);
  });

  if (verbose) await session.saveArtifacts(artifacts, 'passed-final');
});
