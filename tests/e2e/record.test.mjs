// The record story, end to end through the real binary and the demo GP practice: a new vault,
// a person matching the sandbox's first synthetic patient, "Connect to my GP practice", the
// import outcome ("is ready", "View your summary"; the report behind its details), the summary
// it leads to with no administrative rows, an entry with its source, a search, and importing
// again adds nothing.
//
// Run by `cargo xtask e2e`, which builds the app and the sandbox. By hand, after
// `cargo build -p phr-gp-sandbox` and the desktop build, from the workspace root:
//   xvfb-run -a node --test tests/e2e/record.test.mjs
// Environment: as desktop.test.mjs, plus PHR_GP_SANDBOX_BIN (default
// target/debug/phr-gp-sandbox). The sandbox runs on a free loopback port; the app reaches it
// through PHR_GP_SANDBOX_URL, and signs in as on a person's computer: xdg-open starts the
// system browser, here $BROWSER, headless Chromium (tests/conformance/browser.mjs), which
// approves the patient on the practice's page.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { addPerson, clickLinkIn, connectToDemoPractice, createVault, verbose, launchWithDemoPractice } from './webdriver.mjs';

const PASSPHRASE = 'otter lantern gravel harbour';

let sandbox;
let patient;
let app;
let session;
let step;

before(async () => {
  ({ sandbox, patient, app } = await launchWithDemoPractice({ suite: 'record' }));
  ({ session, step } = app);
});

after(async () => {
  await app?.stop();
  sandbox?.stop();
});

/** Opens the import report's "Details for a professional" (a closed <details> has no rendered text). */
async function openImportDetails() {
  await session.executeAsync(
    'const d = document.querySelector("[data-testid=import-details]"); if (d) d.open = true; arguments[0](null);',
  );
}

test('connect to the demo GP practice, import, see the outcome and the summary, read the record, search', async () => {
  const [year, month, day] = patient.birthDate.split('-');
  let entryTitle = '';

  await step('a new vault', async () => {
    await createVault(session, PASSPHRASE);
  });

  await step(`a person matching the sandbox's first patient (${patient.name}), their empty record`, async () => {
    const row = await addPerson(session, {
      name: patient.name,
      day: String(Number(day)),
      month: String(Number(month)),
      year,
      nhs: patient.nhsNumber,
    });
    await clickLinkIn(session, row);
    await session.click('open-record');
    await session.waitForText('record-empty', /Nothing has been imported/, { timeout: 30_000 });
    await session.click('go-import');
  });

  await step('the demo practice is offered, and the import ends on a plain outcome', async () => {
    // nhsuk radios draw their own circle over a transparent input, so wait for presence.
    await connectToDemoPractice(session);
    await session.waitForText('import-report-heading', /is ready/, { timeout: 180_000 });
    assert.match(await session.textOf('import-outcome-summary'), /^Your record from .+ is ready: [\d,]+ entr/);
    assert.equal((await session.textOf('view-summary')).trim(), 'View your summary');
    assert.equal(await session.find('error-summary'), null, 'no error summary after the import');
    // The technical report waits behind "Details for a professional".
    await openImportDetails();
    const added = Number((await session.textOf('report-added')).replace(/\D/g, ''));
    assert.ok(added > 10, `entries added, got ${added}`);
    assert.match(await session.textOf('report-source'), /GP practice/);
    if (verbose) await session.saveArtifacts(app.artifacts, 'passed-outcome');
  });

  await step('"View your summary" shows the summary, with no administrative rows', async () => {
    await session.click('view-summary');
    const text = await session.waitForText('record-summary', /entries in total/, { timeout: 30_000 });
    assert.match(await session.textOf('summary-total'), /[\d,]+ entries in total/);
    assert.match(await session.textOf('last-import'), /Last imported .* from /);
    for (const word of [/\bClaim\b/, /ExplanationOfBenefit/, /\bCoverage\b/, /\bOrganization\b/, /\bPractitioner\b/]) {
      assert.doesNotMatch(text, word, `the summary shows no administrative row (${word})`);
    }
    if (verbose) await session.saveArtifacts(app.artifacts, 'passed-summary');
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
    if (verbose) await session.saveArtifacts(app.artifacts, 'passed-entry');
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

  await step('search in everyday words: "flu jab" finds the influenza vaccination', async () => {
    await session.click('record-tab-search');
    await session.type('record-search', 'flu jab');
    await session.waitForText('search-count', /\d+ results? for "flu jab"/, { timeout: 30_000 });
    const hits = await session.findAll('entry-link');
    const titles = await Promise.all(hits.map((h) => session.text(h)));
    assert.ok(titles.some((t) => /influenza|\bflu\b/i.test(t)), `an influenza vaccination among ${JSON.stringify(titles)}`);
    assert.match(await session.textOf('search-understood'), /flu/i, 'the screen says how "flu jab" was understood');
  });

  await step('importing again adds nothing', async () => {
    await session.click('record-tab-import');
    await connectToDemoPractice(session);
    // The first report goes while the import runs; the new one, behind its details, has nothing added.
    await session.waitUntil(
      'a second report with nothing added',
      async () => {
        if (!(await session.find('import-details'))) return false;
        await openImportDetails();
        const added = await session.find('report-added');
        return added !== null && /^0$/.test((await session.text(added)).trim());
      },
      { timeout: 180_000 },
    );
    assert.match(await session.textOf('report-unchanged'), /^[1-9][\d,]*$/);
  });

  if (verbose) await session.saveArtifacts(app.artifacts, 'passed-final');
});
