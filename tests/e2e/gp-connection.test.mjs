// Staying connected to the GP practice, end to end through the real binary and the demo
// practice: the person ticks "Stay connected" and signs in through headless Chromium as the
// system browser (on the practice's approval page); the record arrives and the app says it
// stays connected; "Check for updates" brings the record up to date with no browser (the
// practice's log shows one sign-in only); "Disconnect" asks first, then the practice stops the
// app's access and the panel goes.
//
// Run by `cargo xtask e2e`. By hand, after the desktop build and `cargo build -p
// phr-gp-sandbox`, from the workspace root: xvfb-run -a node --test tests/e2e/gp-connection.test.mjs

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { addPerson, clickLinkIn, connectToDemoPractice, createVault, launchWithDemoPractice, tick, verbose } from './webdriver.mjs';

const PASSPHRASE = 'otter lantern gravel harbour';

let sandbox;
let patient;
let app;
let session;
let step;

before(async () => {
  ({ sandbox, patient, app } = await launchWithDemoPractice({ suite: 'gp-connection' }));
  ({ session, step } = app);
});

after(async () => {
  await app?.stop();
  sandbox?.stop();
});

/** How many times the practice's sign-in page was asked for, from its own stats. */
async function signIns() {
  const res = await fetch(`${sandbox.url}/_stats`);
  return (await res.json()).authorizeRequests.length;
}

test('stay connected, check for updates without signing in, then disconnect after being asked', async () => {
  const [year, month, day] = patient.birthDate.split('-');

  await step('a new vault and a person matching the practice\'s first patient, on their Import page', async () => {
    await createVault(session, PASSPHRASE);
    const row = await addPerson(session, { name: patient.name, day: String(Number(day)), month: String(Number(month)), year, nhs: patient.nhsNumber });
    await clickLinkIn(session, row);
    await session.click('open-record');
    await session.waitForText('record-empty', /Nothing has been imported/, { timeout: 30_000 });
    await session.click('go-import');
  });

  await step('"Stay connected" ticked, signed in through the system browser, and the app says it stays connected', async () => {
    assert.equal(await session.find('gp-connection'), null, 'not connected yet');
    assert.equal(await tick(session, 'gp-stay-connected'), 'checked');
    await connectToDemoPractice(session);
    await session.waitForText('import-report-heading', /is ready/, { timeout: 180_000 });
    assert.match(await session.textOf('import-connection'), /The app stays connected to /);
    await session.waitForText('gp-connection-words', /^Connected to .+ since .+\. Not checked for updates yet\.$/, { timeout: 30_000 });
    assert.equal(await signIns(), 1);
    if (verbose) await session.saveArtifacts(app.artifacts, 'passed-connected');
  });

  await step('"Check for updates" brings the record up to date with no sign-in', async () => {
    await session.click('gp-update');
    await session.waitForText('import-connection', /Checked .+ for what changed since you last checked/, { timeout: 120_000 });
    await session.waitForText('gp-connection-words', /Last checked for updates /, { timeout: 30_000 });
    assert.equal(await signIns(), 1, 'the practice was not asked to sign the person in again');
    assert.equal(await session.find('error-summary'), null);
    await session.saveArtifacts(app.artifacts, 'connection-after-update');
  });

  await step('"Disconnect" asks first; keeping it changes nothing; then the practice stops the access', async () => {
    await session.click('gp-disconnect');
    await session.waitForText('gp-disconnect-dialog', /stop its access/, { timeout: 30_000 });
    await session.saveArtifacts(app.artifacts, 'disconnect-question');
    await session.click('gp-disconnect-cancel');
    assert.ok(await session.find('gp-connection'), 'still connected');
    await session.click('gp-disconnect');
    await session.click('gp-disconnect-confirm');
    await session.waitForText('gp-disconnected', /You are disconnected from .+\. The practice has stopped the app's access too\./, {
      timeout: 60_000,
    });
    const stats = await (await fetch(`${sandbox.url}/_stats`)).json();
    assert.equal(stats.tokensRevoked, 1, 'the practice revoked the kept token');
    await session.waitUntil('the connection panel gone', async () => (await session.find('gp-connection')) === null, { timeout: 30_000 });
  });
});
