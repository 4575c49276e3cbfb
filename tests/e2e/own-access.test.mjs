// A cared-for person's own access, end to end through the real binary and the demo GP practice:
// a carer adds Mum (Karena Pfeffer, the sandbox's Synthea patient whose record holds
// contraceptives, labelled sexual health) under a lasting power of attorney; Mum sets her own
// password and keeps sexual health private; the carer imports her GP record and sees none of
// it (what she hides is sealed to her key on arrival); Mum opens her own access and finds it in
// her private entries.
//
// Run by `cargo xtask e2e`, which builds the app and the sandbox. By hand, after
// `cargo build -p phr-gp-sandbox` and the desktop build, from the workspace root:
//   xvfb-run -a node --test tests/e2e/own-access.test.mjs
// Environment: as record.test.mjs. The sandbox is started here to sign in as Karena
// (--approve-as her NHS number) rather than its first patient; the sign-in goes through
// headless Chromium as the system browser.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import {
  artifactsRoot,
  choose,
  clickLinkIn,
  connectToDemoPractice,
  createVault,
  launchApp,
  sandboxBin,
  systemBrowser,
  tick,
  verbose,
} from './webdriver.mjs';

const PASSPHRASE = 'otter lantern gravel harbour';
const OWN_PASSWORD = 'kestrel pebble harbour';
const BASIS_REF = '7000-0000-1234';
/** Words only Karena's sexual health entries hold (the pills and the coil). */
const HIDDEN = /Camila|Errin|Trinessa|Liletta/;

let sandbox;
let karena;
let app;
let session;
let step;

/** The demo practice on a free port, approving every sign-in as `approveAs` (an NHS number). */
function startSandbox(approveAs) {
  const args = ['--port', '0', '--auto-approve'];
  if (approveAs) args.push('--approve-as', approveAs);
  const child = spawn(sandboxBin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr.on('data', (d) => { output += d; });
  return new Promise((ok, fail) => {
    let line = '';
    const timer = setTimeout(() => fail(new Error(`phr-gp-sandbox printed no URL within 20 s:\n${output}`)), 20_000);
    child.stdout.on('data', (d) => {
      line += d;
      const nl = line.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        ok({ url: line.slice(0, nl).trim(), output: () => output, stop: () => child.kill('SIGTERM') });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`phr-gp-sandbox exited (${code}):\n${output}`));
    });
  });
}


/** Goes from the record back to the person's page (the back link above the record's heading). */
async function backToPerson() {
  await session.executeAsync(
    'document.querySelector("[data-testid=record] .nhsuk-back-link")?.click(); arguments[0](null);',
  );
  await session.waitFor('person-heading', { timeout: 30_000 });
}

before(async () => {
  // Karena's NHS number is given by the sandbox at start-up: ask a first sandbox, then start
  // the one that signs in as her.
  const probe = await startSandbox(null);
  try {
    const res = await fetch(`${probe.url}/demo/patients`);
    assert.ok(res.ok, `GET /demo/patients -> ${res.status}`);
    karena = (await res.json()).find((p) => /Karena/.test(p.name));
    assert.ok(karena?.nhsNumber && karena.birthDate, `Karena among the demo patients: ${JSON.stringify(karena)}`);
  } finally {
    probe.stop();
  }
  sandbox = await startSandbox(karena.nhsNumber.replace(/\s/g, ''));
  const browser = systemBrowser({ approve: karena.name, dir: join(artifactsRoot, 'own-access', 'browser') });
  app = await launchApp({
    suite: 'own-access',
    // Signing in through headless Chromium as the system browser; the practice approves
    // Karena at once (--approve-as).
    env: { PHR_GP_SANDBOX_URL: sandbox.url, ...browser },
    logs: () => ({ 'phr-gp-sandbox': sandbox.output() }),
  });
  ({ session, step } = app);
});

after(async () => {
  await app?.stop();
  sandbox?.stop();
});

test('Mum keeps sexual health private: the carer imports and does not see it; Mum opens her own access and does', async () => {
  const [year, month, day] = karena.birthDate.split('-');

  await step('a new vault, and Mum added as someone the holder cares for, with a lasting power of attorney', async () => {
    await createVault(session, PASSPHRASE);
    await session.click('add-person');
    await session.type('person-name', karena.name);
    await session.type('dob-day', String(Number(day)));
    await session.type('dob-month', String(Number(month)));
    await session.type('dob-year', year);
    await session.type('nhs-number', karena.nhsNumber);
    await tick(session, 'role-caredFor');
    await session.waitFor('relationship');
    await choose(session, 'relationship', 'mother');
    await tick(session, 'basis-lpa');
    await session.type('basis-ref', BASIS_REF);
    await session.click('save-person');
    const row = await session.waitUntil(`a person-row naming ${karena.name}`, async () => {
      for (const r of await session.findAll('person-row')) {
        if ((await session.text(r)).includes(karena.name)) return r;
      }
      return false;
    }, { timeout: 30_000 });
    await clickLinkIn(session, row);
    await session.waitFor('own-access-section', { timeout: 30_000 });
  });

  await step('Mum sets her own password and is shown her recovery key once', async () => {
    await session.click('own-access-set-up');
    await session.waitForText('own-access-keyboard', /Give the keyboard to Karena/);
    await session.type('own-password', OWN_PASSWORD);
    await session.click('own-access-submit');
    const key = (await session.waitForText('recovery-key', /\w{4}/, { timeout: 60_000 })).trim();
    await session.type('recovery-confirm-input', key.split(/[\s-]+/).filter(Boolean).at(-1));
    await session.click('recovery-continue');
    await session.waitForText('own-access-heading', /Karena: open your own access/);
  });

  await step('Mum opens her own access and keeps sexual health private', async () => {
    await session.type('own-password', OWN_PASSWORD);
    await session.click('own-access-submit');
    await session.waitForText('own-access-banner', /Karena's own access is open/, { timeout: 60_000 });
    await session.waitFor('own-limits');
    assert.equal(await tick(session, 'hide-sexualHealth'), 'checked');
    await session.click('own-limits-save');
    await session.waitForText('own-limits-confirm-lines', /sexual health will move to your private part/);
    await session.click('own-limits-confirm-save');
    await session.waitFor('own-limits-saved', { timeout: 30_000 });
    await session.click('own-access-close');
    await session.waitFor('person-heading');
    assert.equal(await session.find('own-access-banner'), null, 'the banner has gone');
    if (verbose) await session.saveArtifacts(app.artifacts, 'passed-limits-set');
  });

  await step('the carer imports her GP record, and sees none of what she keeps private', async () => {
    await session.click('open-record');
    await session.waitForText('record-empty', /Nothing has been imported/, { timeout: 30_000 });
    await session.click('go-import');
    await connectToDemoPractice(session);
    await session.waitForText('import-report-heading', /is ready/, { timeout: 180_000 });
    await session.click('view-summary');
    const summary = await session.waitForText('record-summary', /entries in total/, { timeout: 30_000 });
    assert.doesNotMatch(summary, HIDDEN, 'the summary holds no hidden medicine');
    assert.match(await session.textOf('private-note'), /Karena keeps .* private\. These lists may not show everything/);
    for (const word of ['Errin', 'Camila']) {
      await session.click('record-tab-search');
      await session.type('record-search', word);
      await session.waitForText('search-count', new RegExp(`Nothing found for "${word}"`), { timeout: 30_000 });
    }
    if (verbose) await session.saveArtifacts(app.artifacts, 'passed-carer-sees-none');
    await backToPerson();
    assert.match(await session.textOf('own-access-private-line'), /Karena keeps .*private\./);
  });

  await step('Mum opens her own access and finds them in her private entries', async () => {
    await session.click('own-access-open');
    await session.type('own-password', OWN_PASSWORD);
    await session.click('own-access-submit');
    const list = await session.waitForText('private-entries', HIDDEN, { timeout: 60_000 });
    assert.match(list, HIDDEN);
    if (verbose) await session.saveArtifacts(app.artifacts, 'passed-owner-sees-them');
    await session.click('own-access-close');
    await session.waitFor('person-heading');
  });
});
