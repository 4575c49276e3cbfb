// The desktop story, end to end through the real binary: first run, recovery key, lock,
// a wrong passphrase, unlock, add a person, see them listed.
//
// Run by `cargo xtask e2e` (or `cargo xtask test`), which builds the app, finds tauri-driver
// and wraps this in xvfb-run. By hand, after a build, from the workspace root:
//   xvfb-run -a node --test tests/e2e/desktop.test.mjs
// Environment: PHR_DESKTOP_BIN (default target/debug/phr-desktop), TAURI_DRIVER (default
// tauri-driver on PATH), PHR_E2E_ARTIFACTS (default target/e2e-artifacts: a screenshot and
// the page source of the failing step, and of the final screen when not CI).

import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, before, test } from 'node:test';

import { artifactsRoot, launchApp, verbose } from './webdriver.mjs';

const PASSPHRASE = 'otter lantern gravel harbour';
const PERSON = { name: 'Margaret Ellis', day: '5', month: '7', year: '1948', nhs: '943 476 5919' };

let app;
let session;
let step;

before(async () => {
  await rm(artifactsRoot, { recursive: true, force: true });
  app = await launchApp({ suite: 'desktop' });
  ({ session, step } = app);
});

after(async () => {
  await app?.stop();
});

test('first run: set up, recover key, lock, unlock, add a person', async () => {
  let recoveryKey;

  await step('first run asks for a new passphrase', async () => {
    // The first window can take a while on a cold, virtual display.
    await session.waitFor('passphrase', { timeout: 60_000 });
    await session.type('passphrase', PASSPHRASE);
    await session.type('passphrase-confirm', PASSPHRASE);
    await session.click('create-vault');
  });

  await step('the recovery key is shown once and confirmed', async () => {
    recoveryKey = (await session.waitForText('recovery-key', /\w{4}/, { timeout: 30_000 })).trim();
    const groups = recoveryKey.split(/[\s-]+/).filter(Boolean);
    assert.ok(groups.length >= 4, `a recovery key in groups, got ${JSON.stringify(recoveryKey)}`);
    await session.type('recovery-confirm-input', groups.at(-1));
    await session.click('recovery-continue');
  });

  await step('the vault locks', async () => {
    await session.click('lock-button');
    await session.waitFor('unlock-passphrase');
  });

  await step('a wrong passphrase is refused with a message', async () => {
    await session.type('unlock-passphrase', 'not the passphrase at all');
    await session.click('unlock-submit');
    const message = await session.waitForText('unlock-error', /\S/, { timeout: 30_000 });
    assert.match(message, /passphrase/i);
    // Still locked.
    assert.equal(await session.find('people-list'), null);
  });

  await step('the right passphrase unlocks', async () => {
    await session.type('unlock-passphrase', PASSPHRASE);
    await session.click('unlock-submit');
    await session.waitFor('add-person', { timeout: 30_000 });
  });

  await step('a person is added', async () => {
    await session.click('add-person');
    await session.type('person-name', PERSON.name);
    await session.type('dob-day', PERSON.day);
    await session.type('dob-month', PERSON.month);
    await session.type('dob-year', PERSON.year);
    await session.type('nhs-number', PERSON.nhs);
    await session.click('save-person');
  });

  await step('the person is listed', async () => {
    await session.waitFor('people-list');
    const row = await session.waitUntil(`a person-row naming ${PERSON.name}`, async () => {
      for (const row of await session.findAll('person-row')) {
        const text = await session.text(row);
        if (text.includes(PERSON.name)) return text;
      }
      return false;
    });
    assert.match(row.replace(/\s/g, ''), /9434765919/, `the NHS number in ${JSON.stringify(row)}`);
    assert.equal(await session.find('error-summary'), null, 'no error summary after saving');
  });

  if (verbose) await session.saveArtifacts(app.artifacts, 'passed-final');
});

// The capability file is the webview's fence: only the app's own commands. Asked from inside
// the real webview, a plugin command (registered in Rust, but not granted) and a command
// nobody registered must both be refused.
test('the webview cannot reach plugin or unknown commands', async () => {
  const outcome = (cmd, args) => session.executeAsync(
    `const [cmd, args, done] = arguments;
     window.__TAURI_INTERNALS__.invoke(cmd, args).then(
       (value) => done({ ok: true, value: JSON.stringify(value) }),
       (error) => done({ ok: false, error: String(error?.message ?? JSON.stringify(error)) }));`,
    [cmd, args],
  );
  await step('a granted command answers', async () => {
    const status = await outcome('vault_status', {});
    assert.equal(status.ok, true, JSON.stringify(status));
  });
  await step('the dialog plugin is refused', async () => {
    const r = await outcome('plugin:dialog|open', { options: {} });
    assert.equal(r.ok, false, `plugin:dialog|open answered: ${JSON.stringify(r)}`);
    assert.match(r.error, /not allowed|denied|permission/i);
  });
  await step('an unregistered plugin is refused', async () => {
    const r = await outcome('plugin:fs|read_text_file', { path: '/etc/passwd' });
    assert.equal(r.ok, false, `plugin:fs answered: ${JSON.stringify(r)}`);
  });
});
