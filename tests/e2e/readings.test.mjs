// Readings, end to end through the real binary: set up a vault and a person, add a
// blood pressure, see it charted (the table view shows it and the chart's canvas exists), and
// import a device file with its preview (it names someone else, so the app asks first). Then
// a red flag: 185/122 shows the urgent NHS advice before saving with the focus on "No, change
// it", and once kept is flagged on the chart (its own mark, drawn on the canvas, and named in
// words) and in the latest readings.
//
// The native Open dialog cannot be driven by WebDriver, so this suite sets PHR_E2E_DEVICE_FILE:
// the app's `choose_device_file` command returns that path instead of showing the dialog
// (src-tauri/src/dialogs.rs). Everything after the choice is the real path.
//
// Run by `cargo xtask e2e`; by hand, after a build, from the workspace root:
//   xvfb-run -a node --test tests/e2e/readings.test.mjs
// Environment: as desktop.test.mjs (PHR_DESKTOP_BIN, TAURI_DRIVER, PHR_E2E_ARTIFACTS).
// PHR_E2E_NO_BROWSER keeps the system browser closed when the advice's source link is followed.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { addPerson, choose, clickLinkIn, createVault, launchApp, root, verbose } from './webdriver.mjs';

const deviceFile = join(root, 'tests/fixtures/device-data/dexcom-clarity-small.csv');

const PASSPHRASE = 'heron copper meadow lantern';
const PERSON = { name: 'Sam Okafor', day: '14', month: '3', year: '1961' };

let app;
let session;
let step;

before(async () => {
  app = await launchApp({ suite: 'readings', env: { PHR_E2E_DEVICE_FILE: deviceFile, PHR_E2E_NO_BROWSER: '1' } });
  ({ session, step } = app);
});

after(async () => {
  await app?.stop();
});

/** The test id of the element that has the focus. */
async function focused() {
  return session.executeAsync(
    `const [done] = arguments; done(document.activeElement && document.activeElement.getAttribute('data-testid'));`,
  );
}

/** How many pixels of the chart's canvas are this colour (give or take a little), as drawn. */
async function canvasPixels(hex) {
  return session.executeAsync(
    `const [hex, done] = arguments;
     const canvas = document.querySelector('[data-testid="reading-chart"] canvas');
     if (!canvas || !canvas.width) return done(0);
     const want = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
     const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
     let n = 0;
     for (let i = 0; i < data.length; i += 4) {
       if (Math.abs(data[i] - want[0]) < 10 && Math.abs(data[i + 1] - want[1]) < 10 && Math.abs(data[i + 2] - want[2]) < 10) n++;
     }
     done(n);`,
    [hex],
  );
}

/** Whether the element with this test id holds a <canvas>. */
async function hasCanvas(testid) {
  return session.executeAsync(
    `const [id, done] = arguments;
     done(!!document.querySelector('[data-testid="' + id + '"] canvas'));`,
    [testid],
  );
}

test('readings: add a blood pressure, see it charted, import a device file', async () => {
  await step('first run: a vault', async () => {
    await createVault(session, PASSPHRASE);
  });

  await step('a person, and their readings', async () => {
    const row = await addPerson(session, PERSON);
    // The row's link opens the person.
    await clickLinkIn(session, row);
    await session.click('open-readings');
    await session.waitFor('reading-kind');
    await session.waitFor('no-readings', { timeout: 30_000 });
  });

  await step('a blood pressure is added', async () => {
    await choose(session, 'reading-kind', 'bloodPressure');
    await session.click('add-reading');
    await session.type('reading-value', '128');
    await session.type('reading-value2', '82');
    await session.type('reading-pulse', '70');
    await session.click('save-reading');
    const added = await session.waitForText('reading-added', /Added/, { timeout: 30_000 });
    assert.match(added, /128\/82 mmHg/);
    assert.equal(await session.find('error-summary'), null, 'no error summary after adding');
  });

  await step('it is charted: the table shows it and the canvas exists', async () => {
    await session.click('added-see-chart');
    await session.waitFor('chart-table', { timeout: 30_000 });
    const rows = await session.findAll('chart-row');
    assert.equal(rows.length, 1);
    const text = await session.text(rows[0]);
    assert.match(text, /128/);
    assert.match(text, /82/);
    await session.waitUntil('the chart canvas', () => hasCanvas('reading-chart'), { timeout: 30_000 });
    assert.match(await session.textOf('chart-summary'), /1 reading\./);
  });

  await step('a device file is previewed', async () => {
    await session.click('readings-back');
    await session.click('device-import-link');
    await session.click('choose-device-file');
    assert.match(await session.waitForText('device-file-path', /dexcom-clarity-small\.csv/), /dexcom-clarity-small\.csv/);
    await session.click('preview-device-file');
    await session.waitFor('device-preview', { timeout: 30_000 });
    assert.match(await session.textOf('preview-format'), /Dexcom/i);
    assert.match(await session.textOf('preview-readable'), /24 readings/);
    const problems = await session.findAll('problem-row');
    assert.ok(problems.length >= 1, 'the line with an impossible time is listed');
    assert.match(await session.text(problems.at(-1)), /37/);
    assert.ok((await session.findAll('sample-row')).length > 0);
    // The file's header names Joe Schmoe, born 1/1/1970: the preview says it may be someone else's.
    assert.match(await session.textOf('preview-other-person'), /do not match Sam's\. Import it anyway\?/);
  });

  await step('the device file is imported after saying it is theirs', async () => {
    await session.click('import-device-file');
    const question = await session.waitForText('owner-question', /someone else/, { timeout: 30_000 });
    assert.doesNotMatch(question, /Joe|Schmoe|1970/, 'the question names no one else');
    const focused = await session.executeAsync(
      `const [done] = arguments; done(document.activeElement && document.activeElement.getAttribute('data-testid'));`,
    );
    assert.equal(focused, 'owner-cancel', '"No, cancel" has the focus');
    await session.click('owner-confirm');
    assert.match(await session.waitForText('result-added', /readings added/, { timeout: 30_000 }), /24 readings added/);
    await session.click('device-import-done');
    assert.match(await session.waitForText('readings-notice', /Imported/), /Imported 24 readings/);
    await session.waitFor('latest-bloodGlucose');
  });

  await step('importing it again adds nothing twice', async () => {
    await session.click('device-import-link');
    await session.click('choose-device-file');
    await session.click('preview-device-file');
    assert.match(await session.waitForText('preview-duplicates', /readings?/, { timeout: 30_000 }), /24 readings/);
  });

  if (verbose) await session.saveArtifacts(app.artifacts, 'passed-final');
});

// Follows the first test: the same vault, person and readings.
test('readings: 185/122 gives urgent advice before saving (focus on "No, change it"), then is flagged on the chart and in latest readings', async () => {
  await step('back to the readings home', async () => {
    await session.click('readings-back');
    await session.waitFor('latest-readings', { timeout: 30_000 });
  });

  await step('185/122: the urgent advice before saving, the focus on "No, change it"', async () => {
    await choose(session, 'reading-kind', 'bloodPressure');
    await session.click('add-reading');
    await session.type('reading-value', '185');
    await session.type('reading-value2', '122');
    await session.click('save-reading');
    const card = await session.waitForText('confirm-advice', /Urgent/, { timeout: 30_000 });
    assert.match(card, /Urgent:\s+Very high blood pressure/);
    assert.match(card, /Act today\./);
    assert.match(card, /urgent GP appointment today or call NHS 111/);
    assert.match(await session.textOf('confirm-advice-if-symptoms'), /Emergency: if you also have chest pain/);
    assert.match(await session.textOf('confirm-advice-source'), /NICE guideline NG136/);
    await session.waitUntil('"No, change it" to have the focus', async () => (await focused()) === 'change-reading');
  });

  await step('kept: the advice after saving, and its source opens outside the app', async () => {
    await session.click('confirm-reading');
    const saved = await session.waitForText('saved-advice', /Urgent/, { timeout: 30_000 });
    assert.match(saved, /Very high blood pressure/);
    assert.match(await session.textOf('reading-added'), /185\/122 mmHg/);
    // The source link asks the backend (the e2e build keeps the browser closed); the app stays.
    await session.click('advice-source-link');
    await session.waitFor('saved-advice');
    assert.equal(await session.find('error-summary'), null);
  });

  await step('the chart: the red flag named in the key and listed in words, its mark drawn', async () => {
    await session.click('added-see-chart');
    await session.waitFor('chart-table', { timeout: 30_000 });
    await session.waitUntil('the chart canvas', () => hasCanvas('reading-chart'), { timeout: 30_000 });
    assert.match(await session.textOf('legend-flag-urgent'), /Red flag: urgent/);
    const flags = await session.findAll('chart-flag');
    assert.equal(flags.length, 1);
    assert.match(await session.text(flags[0]), /Red flag: urgent\s+—\s+185\/122 mmHg on/);
    assert.match(await session.textOf('chart-advice'), /Urgent:\s+Very high blood pressure/);
    // The urgent flag's triangle (NHS warm yellow, outlined) is drawn on the canvas in WebKitGTK.
    await session.waitUntil('the red-flag mark on the canvas', async () => (await canvasPixels('#ed8b00')) > 20, { timeout: 15_000 });
  });

  await step('with a target, the red "outside your target" points are drawn too', async () => {
    assert.equal(await session.find('legend-outside'), null, 'no target yet: the key does not offer the mark');
    await session.executeAsync(
      `const [done] = arguments; document.querySelector('[data-testid="target-details"]').open = true; done(true);`,
    );
    await session.type('target-high', '140');
    await session.type('target-high2', '90');
    await session.click('save-target');
    await session.waitForText('target-saved', /Saved/, { timeout: 30_000 });
    await session.waitFor('legend-outside');
    await session.waitUntil('the red points on the canvas', async () => (await canvasPixels('#d5281b')) > 20, { timeout: 15_000 });
  });

  await step('latest readings: the advice first and "Urgent" beside the reading', async () => {
    await session.click('readings-back');
    const tag = await session.waitForText('latest-flag-bloodPressure', /Urgent/, { timeout: 30_000 });
    assert.match(tag, /^Urgent/);
    assert.match(await session.textOf('latest-bloodPressure'), /185\/122 mmHg/);
    assert.match(await session.textOf('latest-advice-bloodPressure'), /Urgent:\s+Very high blood pressure/);
  });

  if (verbose) await session.saveArtifacts(app.artifacts, 'passed-red-flag');
});
