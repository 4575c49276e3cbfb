// Documents and decisions kept in the person's record, in headless Chromium against the BUILT
// UI with the mock backend: "Add to my record" keeps a letter (the file chosen in the Open
// dialog, which the mock stands in for), whose page says it is added by the person, names the
// file and warns before a copy is saved out (not encrypted), then saves and opens the copy; a
// photo is shown on its page; an organ donation decision (its date needed) says the decision
// in words with the NHS Organ Donor Register's page; an older ReSPECT form says a newer one is
// in the record. Axe on each screen. SHOTS=dir saves screenshots.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { byTestId, expectNoAxeViolations, expectText, finish, headingFocused, useBrowser } from "./harness.mjs";

const PEOPLE = [{ name: "Jane Jackson", dateOfBirth: "1952-05-31", nhsNumber: "9434765919", createdAt: "2026-11-23T14:05:00Z" }];

const open = useBrowser();
const SHOTS = process.env.SHOTS;
async function shot(page, name) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

async function openRecord(page) {
  await headingFocused(page, "People in your record");
  await page.getByRole("link", { name: "Jane Jackson" }).click();
  await byTestId(page, "open-record").click();
  await headingFocused(page, "Jane Jackson's health record");
  await byTestId(page, "record-summary").waitFor();
}

async function startAdding(page, kind) {
  await byTestId(page, "add-own-entry").click();
  await headingFocused(page, "Add to your record");
  await byTestId(page, `own-kind-${kind}`).check();
  await byTestId(page, "own-kind-continue").click();
}

async function date(page, d, m, y) {
  await page.locator("#own-date-day").fill(d);
  await page.locator("#own-date-month").fill(m);
  await page.locator("#own-date-year").fill(y);
}

describe("documents and decisions", () => {
  test("keeps a letter, warns before a copy is saved out, saves and opens it", async () => {
    const page = await open({ vault: "unlocked", people: PEOPLE, records: { p1: "full" } });
    await openRecord(page);
    await startAdding(page, "document");
    await headingFocused(page, "Add a letter, photo or other document");
    // Saved with no file: the problem at the top and by the button.
    await byTestId(page, "own-name").fill("Letter from the eye clinic");
    await byTestId(page, "own-save").click();
    await expectText(page, "error-summary", /Choose\ the\ file\ to\ attach/);
    await expectNoAxeViolations(page, "a document's form with a problem");
    await byTestId(page, "own-file-choose").click();
    await expectText(page, "own-file-chosen", /eye\-clinic\-letter\.pdf/);
    await date(page, "15", "3", "2026");
    await shot(page, "document-form");
    await byTestId(page, "own-save").click();
    await headingFocused(page, "Letter from the eye clinic");
    await expectText(page, "own-added-by", /Added\ by\ you/);
    await expectText(page, "own-file", /eye\-clinic\-letter\.pdf/);
    await expectText(page, "own-save-copy-warning", /will\ not\ be\ encrypted/);
    await expectNoAxeViolations(page, "a kept letter's page");
    await byTestId(page, "own-save-copy").click();
    await expectText(page, "own-copy-saved", /It\ is\ not\ encrypted/);
    await byTestId(page, "own-open-copy").click();
    // The viewer is asked for after the click's command returns: wait for it, not a moment.
    await page.waitForFunction(() => (window.__mock.state.pdfs || []).length > 0);
    await shot(page, "document-page");
    const state = await page.evaluate(() => window.__mock.state);
    assert.deepEqual(state.savedCopies, ["eye-clinic-letter.pdf"]);
    assert.equal(state.pdfs.length, 1, "the copy was opened in the viewer");
    await finish(page);
  });

  test("a photo is shown on its page", async () => {
    const page = await open({ vault: "unlocked", people: PEOPLE, records: { p1: "full" }, attachmentPath: "/home/sam/Pictures/rash.jpg" });
    await openRecord(page);
    await startAdding(page, "document");
    await byTestId(page, "own-name").fill("Rash on my arm");
    await byTestId(page, "own-file-choose").click();
    await byTestId(page, "own-save").click();
    await headingFocused(page, "Rash on my arm");
    const img = byTestId(page, "own-photo");
    await img.waitFor();
    assert.equal(await img.getAttribute("alt"), "The photo you kept: rash.jpg");
    await expectNoAxeViolations(page, "a kept photo's page");
    await shot(page, "photo-page");
    await finish(page);
  });

  test("an organ donation decision in words with the register's page, and an older ReSPECT form said to be replaced", async () => {
    const page = await open({ vault: "unlocked", people: PEOPLE, records: { p1: "full" } });
    await openRecord(page);
    await startAdding(page, "organDonation");
    await headingFocused(page, "Add your organ donation decision");
    await byTestId(page, "own-save").click();
    await expectText(page, "error-summary", /Choose\ your\ decision/);
    await expectNoAxeViolations(page, "the organ donation form with problems");
    await shot(page, "organ-donation-form");
    await byTestId(page, "own-decision-optIn").check();
    await byTestId(page, "own-registered").check();
    await date(page, "1", "4", "2024");
    await byTestId(page, "own-save").click();
    await expectText(page, "own-statement", /Wants\ to\ donate\ their\ organs\ and\ tissue\.\ Registered\ on\ the\ NHS\ Organ\ Donor\ Register\./);
    await byTestId(page, "own-page-link").click();
    await page.waitForFunction(() => (window.__mock.state.openedPages || []).length > 0);
    const opened = await page.evaluate(() => window.__mock.state.openedPages);
    assert.deepEqual(opened, ["https://www.organdonation.nhs.uk/register-your-decision/"]);
    await expectNoAxeViolations(page, "an organ donation decision's page");
    await shot(page, "organ-donation-page");

    // Two ReSPECT forms: the older one's page says a newer one is in the record.
    for (const [day, year] of [["10", "2025"], ["3", "2022"]]) {
      await byTestId(page, "entry-back").click();
      await byTestId(page, "record-summary").waitFor();
      await startAdding(page, "respect");
      await date(page, day, "2", year);
      await byTestId(page, "own-save").click();
      await byTestId(page, "own-added-by").waitFor();
    }
    await expectText(page, "own-replaced", /A\ newer\ ReSPECT\ form\ is\ in\ this\ record:\ this\ one\ may\ no\ longer\ apply\./);
    await expectNoAxeViolations(page, "an older ReSPECT form's page");
    await shot(page, "respect-replaced");
    await finish(page);
  });
});
