// The person's own entries, end to end through the real binary: a new vault and a person;
// from their record, "Add to my record" adds a medicine bought at the chemist and an allergy;
// each opens on its page marked "Added by you", and the record's summary lists both, marked
// "Added by you" (the medicine among the medicines, the allergy among the allergies); the
// appointment summary saved as a PDF holds both, marked as the person's own, and says when it
// was recorded. The vault, the FHIR it stores, the words and the PDF are all the real ones.
//
// Run by `cargo xtask e2e`; by hand, after a build, from the workspace root:
//   xvfb-run -a node --test tests/e2e/own-entries.test.mjs
// Environment: as desktop.test.mjs (PHR_DESKTOP_BIN, TAURI_DRIVER, PHR_E2E_ARTIFACTS);
// pdftotext (poppler-utils) on the PATH.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { addPerson, clickLinkIn, createVault, launchApp, tick } from './webdriver.mjs';

const PASSPHRASE = 'willow copper harbour lantern';
const PERSON = { name: 'Jane Jackson', day: '31', month: '5', year: '1952' };

let app;
let session;
let step;
let dir;
let pdfPath;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'phr-e2e-own-entries-'));
  // The Save dialog's answer (the e2e build's stand-in for the native dialog).
  pdfPath = join(dir, 'for-my-appointment.pdf');
  app = await launchApp({ suite: 'own-entries', env: { PHR_E2E_PDF_SAVE_PATH: pdfPath } });
  ({ session, step } = app);
});

after(async () => {
  await app?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});


/** From the record: Add to my record, the kind, then its form. */
async function startAdding(kind) {
  await session.click('add-own-entry');
  await session.waitFor('own-kind-form');
  assert.equal(await tick(session, `own-kind-${kind}`), 'checked');
  await session.click('own-kind-continue');
  await session.waitFor('own-form');
}

/** Saves the form and waits for the new entry's page, marked as the person's own. */
async function saveAndSee(title) {
  await session.click('own-save');
  await session.waitForText('own-added-by', /Added by you/, { timeout: 30_000 });
  const heading = await session.textOf('entry-title');
  assert.ok(heading.includes(title), `the entry's page is headed ${title}: ${heading}`);
  await session.click('entry-back');
  await session.waitFor('add-own-entry', { timeout: 30_000 });
}

/** The text of the summary's section (allergies or medicines) once it names `what`. */
async function summaryNames(section, what) {
  return session.waitUntil(`${section} to list ${what}`, async () => {
    const text = await session.textOf(section).catch(() => '');
    return text.includes(what) ? text : false;
  }, { timeout: 30_000 });
}

test('own entries: add a medicine bought at the chemist and an allergy, and see them on the summary marked "Added by you"', async () => {
  await step('first run: a vault and a person', async () => {
    await createVault(session, PASSPHRASE);
    const row = await addPerson(session, PERSON);
    await clickLinkIn(session, row);
    await session.click('open-record');
    // A record with nothing in it yet: its summary says so, and Add to my record is there.
    await session.waitFor('add-own-entry', { timeout: 30_000 });
  });

  await step('a medicine bought without a prescription', async () => {
    await startAdding('medicine');
    await session.type('own-name', 'Ibuprofen 200mg tablets');
    assert.equal(await tick(session, 'own-medicineType-overTheCounter'), 'checked');
    await session.type('own-dose', '1 tablet');
    await session.type('own-howOften', 'Up to 3 times a day');
    assert.equal(await tick(session, 'own-status-current'), 'checked');
    await saveAndSee('Ibuprofen 200mg tablets');
  });

  await step('an allergy', async () => {
    await startAdding('allergy');
    await session.type('own-name', 'Peanuts');
    await session.type('own-reaction', 'Swollen lips');
    await saveAndSee('Peanuts');
  });

  await step('the summary lists both, marked as added by the person', async () => {
    const medicines = await summaryNames('summary-medications', 'Ibuprofen 200mg tablets');
    assert.match(medicines, /Added by you/);
    const allergies = await summaryNames('summary-allergies', 'Peanuts');
    assert.match(allergies, /Added by you/);
    // SHOTS=dir keeps a picture of the summary, to look at.
    if (process.env.SHOTS) await session.saveArtifacts(process.env.SHOTS, 'own-entries-summary');
  });

  await step("the appointment summary, saved as a PDF, holds both as the person's own", async () => {
    assert.equal(existsSync(pdfPath), false, 'nothing saved before the button');
    await session.click('appointment-pdf-button');
    await session.waitForText('appointment-pdf-saved', /Saved as/, { timeout: 60_000 });
    assert.equal(await session.find('appointment-pdf-error'), null, 'no error');
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdfPath, '-'], { encoding: 'utf8' })
      .split(/\s+/)
      .join(' ');
    assert.match(text, /Jane Jackson/);
    assert.match(text, /Ibuprofen 200mg tablets/);
    assert.match(text, /Peanuts/);
    assert.match(text, /Added by you/);
    assert.match(text, /As recorded on/i);
  });
});
