// Sharing, end to end through the real binary: a citizen sets up a vault, adds a
// person and a blood pressure, and shares it with a physiotherapist; the package is saved and
// the access code read from the done page. Then the app is started FRESH on an EMPTY vault
// folder, and "Open a shared record" (from the first screen, no vault) opens the package: a
// wrong code first, then the right one; the subject's name, the signature's fingerprint and
// the shared reading are shown; a copy is saved and the record closed.
//
// Native dialogs cannot be driven by WebDriver, so this suite sets PHR_E2E_SHARE_SAVE_PATH
// (where the package is saved), PHR_E2E_SHARE_FILE (the package chosen to open) and
// PHR_E2E_SHARE_SAVE_DIR (the folder for "Save a copy"): the dialog commands return those
// paths instead (src-tauri/src/dialogs.rs). Everything after the choice is the real path.
//
// Run by `cargo xtask e2e`; by hand, after a build, from the workspace root:
//   xvfb-run -a node --test tests/e2e/share.test.mjs
// Environment: as desktop.test.mjs (PHR_DESKTOP_BIN, TAURI_DRIVER, PHR_E2E_ARTIFACTS).

import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { addPerson, choose, clickLinkIn, createVault, launchApp, verbose } from './webdriver.mjs';

const PASSPHRASE = 'heron copper meadow lantern';
const PERSON = { name: 'Sam Okafor', day: '14', month: '3', year: '1961' };

let work;
let packagePath;
let saveDir;
let app;

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'phr-e2e-share-files-'));
  packagePath = join(work, 'health-record-share-e2e.phrshare');
  saveDir = join(work, 'opened');
  await mkdir(saveDir);
});

after(async () => {
  await app?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

/** Clicks an element by script: nhsuk check boxes and radios are drawn over a transparent input. */
async function tick(session, testid) {
  const result = await session.executeAsync(
    `const [id, done] = arguments;
     const el = document.querySelector('[data-testid="' + id + '"]');
     if (!el) return done('missing');
     el.click();
     done(el.checked ? 'checked' : 'unchecked');`,
    [testid],
  );
  assert.equal(result, 'checked', `[data-testid=${testid}] ticked`);
}

test('share: a citizen makes a share; the app, fresh with no vault, opens it with the code', async () => {
  let code = '';
  let fingerprint = '';

  // ---- The citizen's app ----
  app = await launchApp({ suite: 'share', env: { PHR_E2E_SHARE_SAVE_PATH: packagePath } });
  let { session, step } = app;

  await step('first run: a vault and a person', async () => {
    await createVault(session, PASSPHRASE);
    const row = await addPerson(session, PERSON);
    await clickLinkIn(session, row);
    await session.waitFor('open-readings');
  });

  await step('a blood pressure is added', async () => {
    await session.click('open-readings');
    await session.waitFor('reading-kind', { timeout: 30_000 });
    await choose(session, 'reading-kind', 'bloodPressure');
    await session.click('add-reading');
    await session.type('reading-value', '128');
    await session.type('reading-value2', '82');
    await session.type('reading-pulse', '70');
    await session.click('save-reading');
    assert.match(await session.waitForText('reading-added', /Added/, { timeout: 30_000 }), /128\/82 mmHg/);
    await session.click('readings-back');
    await session.waitFor('add-reading');
    await session.click('readings-back');
    await session.waitFor('share-record');
  });

  await step('share my record: who, why, what, until when', async () => {
    await session.click('share-record');
    await session.type('share-name', 'Jane Smith');
    await session.type('share-role', 'Physiotherapist');
    await session.type('share-organisation', 'Riverside Clinic');
    await session.click('share-continue');
    await session.type('share-purpose', 'Physiotherapy for my knee');
    await session.click('share-continue');
    // The check boxes' inputs are transparent (the label draws them), so wait for presence.
    await session.waitUntil('the choices of what to share', () => session.find('share-reading-bloodPressure'));
    await tick(session, 'share-category-allergy');
    await tick(session, 'share-reading-bloodPressure');
    await session.click('share-continue');
    await session.waitUntil('the expiry choices', () => session.find('share-expiry-1m'));
    await session.click('share-continue');
  });

  await step('the preview shows the reading', async () => {
    assert.match(await session.waitForText('preview-counts', /reading/, { timeout: 60_000 }), /1 reading/);
    assert.match(await session.textOf('preview-recipient'), /Jane Smith, Physiotherapist, Riverside Clinic/);
    const rows = await session.findAll('shared-reading');
    assert.equal(rows.length, 1);
    assert.match(await session.text(rows[0]), /128\/82/);
  });

  await step('the package is created and the done page shows the code', async () => {
    await session.click('share-create');
    const shown = await session.waitForText('access-code', /[0-9A-Z]{4}/, { timeout: 60_000 });
    const groups = shown.match(/[0-9A-Z]{4}/g) ?? [];
    assert.equal(groups.length, 4, `four groups in ${shown}`);
    code = groups.join('-');
    fingerprint = (await session.textOf('share-fingerprint')).trim();
    assert.match(fingerprint, /^([0-9A-F]{4} ){7}[0-9A-F]{4}$/);
    assert.match(await session.textOf('package-path'), /health-record-share-e2e\.phrshare/);
    const file = await stat(packagePath);
    assert.ok(file.size > 200, 'the package was written');
    // An age file, not the record in the clear.
    const bytes = await readFile(packagePath);
    assert.match(bytes.subarray(0, 40).toString('latin1'), /^age-encryption\.org\/v1/);
    assert.ok(!bytes.includes(Buffer.from(PERSON.name)), 'the name is not in the file in the clear');
  });

  await step('the register lists it as active', async () => {
    await session.click('see-shares');
    await session.waitFor('share-register', { timeout: 30_000 });
    assert.equal((await session.findAll('share-row')).length, 1);
    assert.match(await session.textOf('share-status'), /Active/);
  });

  if (verbose) await session.saveArtifacts(app.artifacts, 'citizen-passed-final');
  await app.stop();
  app = null;

  // ---- A professional's app: fresh, on an empty vault folder ----
  app = await launchApp({
    suite: 'share-open',
    env: { PHR_E2E_SHARE_FILE: packagePath, PHR_E2E_SHARE_SAVE_DIR: saveDir },
  });
  ({ session, step } = app);

  await step('the first screen offers to open a shared record', async () => {
    await session.waitFor('create-vault', { timeout: 60_000 });
    await session.click('open-shared-record-start');
    await session.waitFor('open-share-form');
    await session.click('choose-package');
    assert.match(await session.waitForText('package-chosen', /\.phrshare/), /health-record-share-e2e\.phrshare/);
  });

  await step('a wrong code is refused and the form stays filled', async () => {
    const wrong = code.startsWith('2222') ? '3333-3333-3333-3333' : '2222-2222-2222-2222';
    await session.type('open-code', wrong);
    await session.click('open-share');
    assert.match(await session.waitForText('open-code-error', /access code/, { timeout: 60_000 }), /does not open this file/);
    assert.match(await session.textOf('package-chosen'), /health-record-share-e2e\.phrshare/);
  });

  await step('the right code opens it', async () => {
    await session.type('open-code', code.toLowerCase());
    await session.click('open-share');
    assert.equal((await session.waitForText('opened-heading', /\w/, { timeout: 60_000 })).trim(), PERSON.name);
    assert.match(await session.textOf('opened-subject'), /Sam Okafor, born 14 Mar 1961/);
    const signature = await session.textOf('opened-signature');
    assert.match(signature, /signature verified/);
    assert.ok(signature.replace(/\s+/g, ' ').includes(fingerprint), `the fingerprint ${fingerprint} in ${signature}`);
    assert.match(await session.textOf('opened-recipient'), /Jane Smith, Physiotherapist, Riverside Clinic/);
    assert.match(await session.textOf('opened-purpose'), /Physiotherapy for my knee/);
    assert.match(await session.textOf('opened-left-out'), /Problems and conditions/);
    const rows = await session.findAll('shared-reading');
    assert.equal(rows.length, 1, 'the shared reading');
    assert.match(await session.text(rows[0]), /128\/82/);
  });

  await step('a copy is saved, then the record is closed', async () => {
    await session.click('save-opened');
    await session.waitForText('saved-files', /Saved/, { timeout: 30_000 });
    const files = (await readdir(saveDir)).sort();
    assert.ok(files.includes('summary.html') && files.includes('manifest.json'), `saved: ${files.join(', ')}`);
    await session.click('close-opened');
    await session.waitFor('open-share-form');
  });

  await step('no vault was made: back to the first screen, still to set up', async () => {
    await session.click('open-share-back');
    await session.waitFor('create-vault');
  });

  if (verbose) await session.saveArtifacts(app.artifacts, 'professional-passed-final');
});
