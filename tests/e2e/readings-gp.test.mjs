// GP and home readings on one chart, end to end through the real binary and the demo GP
// practice (phr-gp-sandbox): import the sandbox's first patient's record, add a blood pressure
// taken at home, and see the GP's blood pressures on the Readings chart beside it: in the key
// ("At the GP") and in the chart's table twin, each row saying where it was taken. The GP
// values are read through the record, not copied, and stay out of the home average.
//
// Run by `cargo xtask e2e`; by hand, after a build, from the workspace root:
//   xvfb-run -a node --test tests/e2e/readings-gp.test.mjs
// Environment: as record.test.mjs (PHR_DESKTOP_BIN, TAURI_DRIVER, PHR_GP_SANDBOX_BIN, PHR_E2E_ARTIFACTS).

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { addPerson, choose, clickLinkIn, connectToDemoPractice, createVault, verbose, launchWithDemoPractice } from './webdriver.mjs';

const PASSPHRASE = 'kestrel pebble orchard lantern';

let sandbox;
let patient;
let app;
let session;
let step;

before(async () => {
  ({ sandbox, patient, app } = await launchWithDemoPractice({ suite: 'readings-gp' }));
  ({ session, step } = app);
});

after(async () => {
  await app?.stop();
  sandbox?.stop();
});

/** Clicks a control found by a CSS selector in the page (nhsuk radios hide their input under a drawn circle). */
async function clickCss(selector) {
  const result = await session.executeAsync(
    `const [sel, done] = arguments; const el = document.querySelector(sel); if (!el) return done('missing'); el.click(); done('ok');`,
    [selector],
  );
  assert.equal(result, 'ok', `${selector} is on the page`);
}

test('readings: a GP blood pressure on the Readings chart beside a home one', async () => {
  const [year, month, day] = patient.birthDate.split('-');
  let row;

  await step('a new vault, and the sandbox patient', async () => {
    await createVault(session, PASSPHRASE);
    row = await addPerson(session, { name: patient.name, day: String(Number(day)), month: String(Number(month)), year, nhs: patient.nhsNumber });
    await clickLinkIn(session, row);
    await session.click('open-record');
    await session.waitForText('record-empty', /Nothing has been imported/, { timeout: 30_000 });
    await session.click('go-import');
  });

  await step('their record is imported from the demo practice', async () => {
    await connectToDemoPractice(session);
    await session.waitForText('import-report-heading', /is ready/, { timeout: 180_000 });
  });

  await step('a blood pressure taken at home is added', async () => {
    // The header's People button, then the person, then their readings.
    const went = await session.executeAsync(
      `const [done] = arguments;
       const b = [...document.querySelectorAll('nav[aria-label="Main"] button')].find((x) => x.textContent.trim() === 'People');
       if (b) b.click();
       done(!!b);`,
    );
    assert.equal(went, true, 'the header has a People button');
    const again = await session.waitUntil(`a person-row naming ${patient.name}`, async () => {
      for (const r of await session.findAll('person-row')) if ((await session.text(r)).includes(patient.name)) return r;
      return false;
    });
    await clickLinkIn(session, again);
    await session.click('open-readings');
    await session.waitFor('reading-kind', { timeout: 30_000 });
    await choose(session, 'reading-kind', 'bloodPressure');
    await session.click('add-reading');
    await session.type('reading-value', '128');
    await session.type('reading-value2', '82');
    await session.click('save-reading');
    assert.match(await session.waitForText('reading-added', /Added/, { timeout: 30_000 }), /128\/82 mmHg/);
  });

  await step('the chart shows the GP blood pressures beside the home one, in its key and its table', async () => {
    await session.click('added-see-chart');
    await session.waitFor('chart-table', { timeout: 30_000 });
    // The GP's readings may be years old: the whole history.
    await clickCss('#range-all');
    await session.waitFor('chart-gp-row', { timeout: 30_000 });
    assert.match(await session.textOf('legend-gp'), /At the GP/);
    const gpRows = await session.findAll('chart-gp-row');
    assert.ok(gpRows.length >= 1, 'at least one GP blood pressure in the table');
    for (const r of gpRows) assert.match(await session.text(r), /At the GP/);
    const homeRows = await session.findAll('chart-row');
    const homeTexts = await Promise.all(homeRows.map((r) => session.text(r)));
    assert.ok(homeTexts.some((t) => /At home/.test(t) && /128/.test(t) && /82/.test(t)), `the home reading: ${homeTexts.join(' | ')}`);
    // The stats (and any home average) count the home reading only.
    assert.match(await session.textOf('chart-summary'), /1 reading\./);
    if (verbose) await session.saveArtifacts(app.artifacts, 'passed-gp-chart');
  });
});
