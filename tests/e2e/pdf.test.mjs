// Printing that works on a real desktop: the record summary saved as a PDF that the app makes
// itself, then read back as text. A new vault, a person matching the demo GP practice's first
// synthetic patient, their record imported from the practice, "Save as PDF" on the summary:
// the confirmation panel names the file, warns that it is not encrypted and offers "Open the
// PDF to print"; pdftotext reads the file the app wrote, with the person's name, the summary's
// sections and "Page 1 of N" on it.
//
// Native dialogs cannot be driven by WebDriver, so this suite sets PHR_E2E_PDF_SAVE_PATH (an
// `e2e` build's Save dialog answers with it). "Open the PDF to print" is not pressed: it would
// start the system's PDF viewer.
//
// Run by `cargo xtask e2e`, which builds the app and the sandbox. By hand, after
// `cargo build -p phr-gp-sandbox` and the desktop build, from the workspace root:
//   xvfb-run -a node --test tests/e2e/pdf.test.mjs
// Environment: as record.test.mjs (PHR_DESKTOP_BIN, TAURI_DRIVER, PHR_E2E_ARTIFACTS,
// PHR_GP_SANDBOX_BIN); pdftotext (poppler-utils) on the PATH.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { addPerson, clickLinkIn, connectToDemoPractice, createVault, verbose, launchWithDemoPractice } from './webdriver.mjs';

const PASSPHRASE = 'otter lantern gravel harbour';

let sandbox;
let patient;
let app;
let session;
let step;
let dir;
let pdfPath;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'phr-e2e-pdf-'));
  pdfPath = join(dir, 'health-record-summary.pdf');
  ({ sandbox, patient, app } = await launchWithDemoPractice({ suite: 'pdf', env: { PHR_E2E_PDF_SAVE_PATH: pdfPath } }));
  ({ session, step } = app);
});

after(async () => {
  await app?.stop();
  sandbox?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The PDF's text, its words joined by single spaces, page by page (pdftotext ends each with a form feed). */
function pdfPages(path) {
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
  const pages = text.split('\f').map((p) => p.split(/\s+/).filter(Boolean).join(' '));
  while (pages.length > 0 && pages[pages.length - 1] === '') pages.pop();
  return pages;
}

test('save a PDF summary and read it back as text', async () => {
  const [year, month, day] = patient.birthDate.split('-');

  await step('a new vault, a person matching the demo practice patient, their record imported', async () => {
    await createVault(session, PASSPHRASE);
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
    await connectToDemoPractice(session);
    await session.waitForText('import-report-heading', /is ready/, { timeout: 180_000 });
    await session.click('view-summary');
    await session.waitForText('record-summary', /entries in total/, { timeout: 30_000 });
  });

  await step('"Save as PDF" on the summary: a confirmation panel naming the file, not encrypted', async () => {
    assert.equal(existsSync(pdfPath), false, 'nothing saved before the button');
    await session.click('summary-pdf-button');
    const panel = await session.waitForText('summary-pdf-saved', /Saved as/, { timeout: 60_000 });
    assert.match(panel, /health-record-summary\.pdf/);
    assert.match(panel, /not encrypted/);
    assert.match(await session.textOf('summary-pdf-open'), /Open the PDF to print/);
    assert.equal(await session.find('summary-pdf-error'), null, 'no error');
    if (verbose) await session.saveArtifacts(app.artifacts, 'passed-saved');
  });

  await step('the PDF reads back as the summary, naming the person on every page', async () => {
    const stat = statSync(pdfPath);
    assert.ok(stat.size > 1000, `a PDF of ${stat.size} bytes`);
    assert.equal(stat.mode & 0o777, 0o600, 'readable only by its owner');
    const pages = pdfPages(pdfPath);
    assert.ok(pages.length >= 1, 'at least one page');
    const all = pages.join(' ');
    for (const heading of ['Health record summary', 'Allergies and reactions', 'Current medicines', 'Everything in the record']) {
      assert.ok(all.includes(heading), `"${heading}" in the PDF:\n${all.slice(0, 2000)}`);
    }
    pages.forEach((page, i) => {
      assert.ok(page.includes(patient.name), `page ${i + 1} names ${patient.name}`);
      assert.ok(page.includes(`Page ${i + 1} of ${pages.length}`), `page ${i + 1} is numbered`);
    });
  });
});
