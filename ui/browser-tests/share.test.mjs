// Sharing in headless Chromium against the BUILT UI, under the app's
// strict CSP, with the in-memory mock backend: the "Share my record" steps by
// keyboard only (sensitive labels off by default, an entry unticked in the
// preview and the preview updated), the done page's access code, the share
// register's revoke confirmation, and "Open a shared record" from the first
// screen with a wrong code first. axe-core runs on every screen and step.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { active, byTestId, calls, expectNoAxeViolations, expectText, finish, headingFocused, tabTo, useBrowser, unlockReady } from "./harness.mjs";

const PEOPLE = [{ name: "Margaret Evans", dateOfBirth: "1948-07-05", nhsNumber: "9434765919", createdAt: "2026-11-23T14:05:00Z" }];

function seedReadings() {
  // Days before the mock backend's today (23 Nov 2026, from the vocabulary JSON's fixed clock).
  const at = (daysAgo) => {
    const d = new Date(Date.parse("2026-11-23T12:00:00Z") - daysAgo * 86_400_000);
    d.setHours(8, 0, 0, 0);
    return d.toISOString();
  };
  return [
    { personId: "p1", kind: "bloodPressure", at: at(3), value: 132, value2: 84, pulse: 68 },
    { personId: "p1", kind: "bloodPressure", at: at(2), value: 141, value2: 88, pulse: 72 },
    // Older than the 6 months a share starts with.
    { personId: "p1", kind: "bloodPressure", at: at(400), value: 150, value2: 95, pulse: 80 },
  ];
}

const open = useBrowser();
const openApp = (mockOptions = {}) =>
  open({ vault: "unlocked", people: PEOPLE, records: { p1: "full" }, readings: seedReadings(), ...mockOptions });

/** Presses Tab until the focused element's test id starts with `prefix`; returns that id. */
async function tabToPrefix(page, prefix, max = 120) {
  for (let i = 0; i < max; i++) {
    const id = await active(page);
    if (id && id.startsWith(prefix)) return id;
    await page.keyboard.press("Tab");
  }
  assert.fail(`could not reach [data-testid^=${prefix}] with the keyboard`);
}


/** People -> Margaret Evans, by keyboard. */
async function openPersonByKeyboard(page) {
  await headingFocused(page, "People in your record");
  for (let i = 0; i < 30; i++) {
    const name = await page.evaluate(() => document.activeElement?.textContent?.trim());
    if (name === "Margaret Evans") break;
    await page.keyboard.press("Tab");
  }
  await page.keyboard.press("Enter");
  await headingFocused(page, "Margaret Evans");
}

/** The steps, all by keyboard, up to the preview. Ticks medicines, allergies, documents and blood pressure. */
async function fillStepsByKeyboard(page, { axe = false, whatMatters = false, ips = false } = {}) {
  await tabTo(page, "share-record");
  await page.keyboard.press("Enter");
  await headingFocused(page, "Who are you sharing with?");
  if (axe) await expectNoAxeViolations(page, "share: who");

  // Continue with nothing typed: the error summary takes focus, its link goes to the field.
  await tabTo(page, "share-continue");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.activeElement?.getAttribute("data-testid") === "error-summary");
  if (axe) await expectNoAxeViolations(page, "share: who, with an error");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  assert.equal(await active(page), "share-name");
  await page.keyboard.type("Jane Smith");
  await page.keyboard.press("Tab");
  await page.keyboard.type("Physiotherapist");
  await page.keyboard.press("Tab");
  await page.keyboard.type("Riverside Clinic");
  // Enter in a text field submits the step.
  await page.keyboard.press("Enter");

  await headingFocused(page, "Why are you sharing?");
  if (axe) await expectNoAxeViolations(page, "share: why");
  await tabTo(page, "share-purpose");
  await page.keyboard.type("Physiotherapy for my knee");
  await tabTo(page, "share-continue");
  await page.keyboard.press("Enter");

  await headingFocused(page, "What do you want to share?");
  await expectText(page, "share-category-medication", /.*/);
  // Counts from the record sit beside each category.
  await page.locator("#share-category-medication-hint").waitFor();
  assert.match(await page.locator("#share-category-medication-hint").textContent(), /30 entries/);
  // Sensitive labels start unticked.
  for (const label of ["mentalHealth", "sexualHealth", "socialCare", "heldBack"]) {
    assert.equal(await byTestId(page, `share-sensitive-${label}`).isChecked(), false, `${label} starts unticked`);
  }
  for (const id of ["share-category-medication", "share-category-allergy", "share-category-document", "share-reading-bloodPressure"]) {
    await tabTo(page, id, { max: 120 });
    await page.keyboard.press("Space");
    assert.equal(await byTestId(page, id).isChecked(), true, `${id} ticked`);
  }
  // "What matters to me" is one tick, off until ticked.
  assert.equal(await byTestId(page, "share-what-matters").isChecked(), false, "what matters starts unticked");
  await expectText(page, "share-what-matters", /.*/);
  assert.match(await page.locator("#share-what-matters-hint").textContent(), /next of kin/);
  if (whatMatters) {
    await tabTo(page, "share-what-matters", { max: 120 });
    await page.keyboard.press("Space");
    assert.equal(await byTestId(page, "share-what-matters").isChecked(), true);
  }
  // The International Patient Summary: one tick, off until ticked, its words from the vocabulary.
  assert.equal(await byTestId(page, "share-ips").isChecked(), false, "the summary starts unticked");
  assert.match(await page.locator("label[for=share-ips]").textContent(), /International Patient Summary for their computer system/);
  if (ips) {
    await tabTo(page, "share-ips", { max: 160 });
    await page.keyboard.press("Space");
    assert.equal(await byTestId(page, "share-ips").isChecked(), true);
  }
  // The readings range appears, starting 6 months back.
  await byTestId(page, "share-readings-from-year").waitFor();
  if (axe) await expectNoAxeViolations(page, "share: what");
  // SHOTS=dir saves the What step with its ticks, for a person to look at.
  if (process.env.SHOTS && (whatMatters || ips)) await page.screenshot({ path: `${process.env.SHOTS}/share-what-step.png`, fullPage: true });
  await tabTo(page, "share-continue", { max: 120 });
  await page.keyboard.press("Enter");

  await headingFocused(page, "Until when can they open it?");
  assert.equal(await byTestId(page, "share-expiry-1m").isChecked(), true, "1 month is the default");
  await tabTo(page, "share-expiry-1m", { back: true });
  // Arrow keys move between radios: 1 month -> 3 months.
  await page.keyboard.press("ArrowDown");
  assert.equal(await byTestId(page, "share-expiry-3m").isChecked(), true);
  if (axe) await expectNoAxeViolations(page, "share: until");
  await tabTo(page, "share-continue");
  await page.keyboard.press("Enter");
  await headingFocused(page, "Check what you will share");
}

describe("sharing: the citizen", () => {
  test("keyboard only: the steps, untick in the preview, create, the access code", async () => {
    const page = await openApp();
    await openPersonByKeyboard(page);
    await fillStepsByKeyboard(page, { axe: true });

    const first = (await calls(page, "share_preview")).at(-1).args.request;
    assert.deepEqual(first.recipient, { name: "Jane Smith", role: "Physiotherapist", organisation: "Riverside Clinic", odsCode: null, publicKey: null });
    assert.deepEqual(first.slice.categories, ["medication", "allergy", "document"]);
    assert.deepEqual(first.slice.includeSensitive, [], "sensitive labels are off unless ticked");
    assert.deepEqual(first.slice.readings, ["bloodPressure"]);
    assert.equal(first.slice.whatMatters, false, "what matters to me is left out unless ticked");
    assert.equal(first.slice.ips, false, "no International Patient Summary unless ticked");
    assert.equal(await byTestId(page, "preview-ips").count(), 0);
    assert.match(first.slice.readingsFrom, /^\d{4}-\d{2}-\d{2}$/);
    assert.match(first.expiresOn, /^\d{4}-\d{2}-\d{2}$/);

    // The preview: who, until, counts, what is withheld for its label, the readings.
    await expectText(page, "preview-recipient", /Jane Smith, Physiotherapist, Riverside Clinic/);
    await expectText(page, "preview-withheld", /1 entry labelled mental health\s+is not included/);
    await expectText(page, "preview-left-out", /Problems and conditions/);
    await expectText(page, "preview-left-out", /What matters to me/);
    assert.equal(await byTestId(page, "section-what-matters").count(), 0, "no what matters section without the tick");
    await expectText(page, "preview-counts", /reading/);
    assert.equal(await byTestId(page, "readings-bloodPressure").locator("[data-testid=shared-reading]").count(), 2, "only the last 6 months");
    const before = await byTestId(page, "shared-row").count();
    await expectNoAxeViolations(page, "share: preview");

    // Untick the first medicine by keyboard, then update the preview.
    const untick = await tabToPrefix(page, "preview-include-");
    // The preview names a row's entry with the same id the record's lists use.
    const entryId = untick.slice("preview-include-".length);
    const title = await page.evaluate(() => document.activeElement?.closest("tr")?.querySelector("[data-testid=shared-row-title]")?.textContent);
    await page.keyboard.press("Space");
    await byTestId(page, "preview-dirty").waitFor();
    // Creating now is refused until the preview shows what will be shared.
    await tabTo(page, "share-create");
    await page.keyboard.press("Enter");
    await byTestId(page, "error-summary").waitFor();
    assert.equal((await calls(page, "share_create")).length, 0);
    await tabTo(page, "preview-update", { back: true, max: 200 });
    await page.keyboard.press("Enter");
    await headingFocused(page, "Check what you will share");
    await byTestId(page, "preview-excluded").waitFor();
    assert.deepEqual((await calls(page, "share_preview")).at(-1).args.request.slice.excludeEntries, [entryId]);
    assert.equal(await byTestId(page, "shared-row").count(), before - 1);
    const titles = await byTestId(page, "shared-row-title").allTextContents();
    assert.equal(titles.filter((t) => t === title).length < before, true);
    assert.equal(await byTestId(page, `preview-include-${entryId}`).count(), 0, "the unticked entry is gone");
    await expectNoAxeViolations(page, "share: preview after an untick");

    // Create the package: the save dialog (mocked), then the done page.
    await tabTo(page, "share-create", { max: 200 });
    await page.keyboard.press("Enter");
    await headingFocused(page, "Your shared record is ready");
    const code = await expectText(page, "access-code", /K7QM\s*-?\s*2XD9/);
    assert.deepEqual(
      await byTestId(page, "access-code").locator(".app-code__group").allTextContents(),
      ["K7QM", "2XD9", "4HRT", "8WPA"],
    );
    assert.ok(code);
    await expectText(page, "share-fingerprint", /^3F2A 91C0 7B4E D2A8 55C1 0E9F A4B7 6D3C$/);
    await expectText(page, "package-path", /health-record-share-\d{4}-\d{2}-\d{2}\.phrshare/);
    assert.match(await page.locator(".nhsuk-warning-callout").first().textContent(), /never send it with\s+the file/i);
    const created = (await calls(page, "share_create")).at(-1).args;
    // Sealed from the last preview's draft: the one that left the unticked entry out.
    const previews = await calls(page, "share_preview");
    assert.equal(created.draftId, `draft-${previews.length}`);
    assert.deepEqual(previews.at(-1).args.request.slice.excludeEntries, [entryId]);
    // The save dialog's choice, by its handle: the webview sends no path.
    assert.deepEqual(Object.keys(created).sort(), ["choice", "draftId", "personId"]);
    await expectNoAxeViolations(page, "share: done");

    // Copy by keyboard: the page says what happened either way.
    await tabTo(page, "copy-code", { back: true });
    await page.keyboard.press("Enter");
    await expectText(page, "copy-result", /copied|Ctrl\+C/);
    await finish(page);
  });

  test("what matters to me: one tick, then its own section in the preview in plain words", async () => {
    const page = await openApp();
    await openPersonByKeyboard(page);
    await fillStepsByKeyboard(page, { whatMatters: true });
    const request = (await calls(page, "share_preview")).at(-1).args.request;
    assert.equal(request.slice.whatMatters, true);
    const section = byTestId(page, "section-what-matters");
    await section.waitFor();
    assert.match(await section.locator("h3").textContent(), /What matters to me \(3 items\)/);
    const words = await byTestId(page, "what-matters-words").allTextContents();
    assert.ok(words.some((w) => /Being at home with my cat/.test(w)), words.join(" | "));
    assert.doesNotMatch(await byTestId(page, "preview-left-out").textContent(), /What matters to me/);
    await expectNoAxeViolations(page, "share: preview with what matters to me");
    // SHOTS=dir saves a screenshot for a person to look at.
    if (process.env.SHOTS) await page.screenshot({ path: `${process.env.SHOTS}/share-what-matters.png`, fullPage: true });
    await finish(page);
  });

  test("an International Patient Summary: one tick, the preview says the package will hold one", async () => {
    const page = await openApp();
    await openPersonByKeyboard(page);
    await fillStepsByKeyboard(page, { ips: true });
    const request = (await calls(page, "share_preview")).at(-1).args.request;
    assert.equal(request.slice.ips, true);
    await expectText(page, "preview-ips", /International Patient Summary of exactly what is shown here/);
    await expectNoAxeViolations(page, "share: preview with an International Patient Summary");
    if (process.env.SHOTS) await page.screenshot({ path: `${process.env.SHOTS}/share-ips-preview.png`, fullPage: true });
    await byTestId(page, "share-create").click();
    await headingFocused(page, "Your shared record is ready");
    await finish(page);
  });

  test("a record that changed after the preview is previewed again before anything is shared", async () => {
    const page = await openApp();
    await openPersonByKeyboard(page);
    await fillStepsByKeyboard(page);
    const previews = (await calls(page, "share_preview")).length;
    // Something changes the record while the preview is on screen.
    await page.evaluate(() => window.__mock.touchRecord("p1"));
    await byTestId(page, "share-create").click();
    await byTestId(page, "error-summary").waitFor();
    await expectText(page, "error-summary", /record changed after this preview was made/);
    await page.waitForFunction(() => document.activeElement?.dataset.testid === "error-summary");
    await expectText(page, "share-heading", /Check what you will share/);
    assert.equal((await calls(page, "share_preview")).length, previews + 1, "the preview was made again");
    await expectNoAxeViolations(page, "share: preview again after a change");
    // The new preview is the one sealed.
    await byTestId(page, "share-create").click();
    await headingFocused(page, "Your shared record is ready");
    const creates = await calls(page, "share_create");
    assert.equal(creates.length, 2);
    assert.equal(creates.at(-1).args.draftId, `draft-${previews + 1}`);
    await finish(page);
  });

  test("a key-sealed share needs no code; a bad key is refused on its field", async () => {
    const page = await openApp();
    await headingFocused(page, "People in your record");
    await page.getByRole("link", { name: "Margaret Evans" }).click();
    await byTestId(page, "share-record").click();
    await headingFocused(page, "Who are you sharing with?");
    await byTestId(page, "share-name").fill("Dr Amir Patel");
    await byTestId(page, "share-key-toggle").click();
    await byTestId(page, "share-public-key").fill("not-a-key");
    await byTestId(page, "share-continue").click();
    await page.locator("#share-public-key-error").waitFor();
    await expectNoAxeViolations(page, "share: who, bad key");
    // Looks right here, but the backend cannot parse it: it is refused on the preview.
    await byTestId(page, "share-public-key").fill("age1" + "Q".repeat(58));
    await byTestId(page, "share-continue").click();
    await headingFocused(page, "Why are you sharing?");
    await byTestId(page, "share-purpose").fill("Cardiology referral");
    await byTestId(page, "share-continue").click();
    await headingFocused(page, "What do you want to share?");
    await byTestId(page, "share-continue").click();
    await expectText(page, "share-categories-error", /at least one/);
    await byTestId(page, "share-category-allergy").check();
    await byTestId(page, "share-continue").click();
    await headingFocused(page, "Until when can they open it?");
    await byTestId(page, "share-expiry-date").check();
    await byTestId(page, "share-expiry-on-day").fill("30");
    await byTestId(page, "share-expiry-on-month").fill("2");
    await byTestId(page, "share-expiry-on-year").fill("2027");
    await byTestId(page, "share-continue").click();
    await page.locator("#share-expiry-on-error").waitFor();
    await expectNoAxeViolations(page, "share: until, bad date");
    await byTestId(page, "share-expiry-1w").check();
    await byTestId(page, "share-continue").click();
    // The backend's refusal goes back to the step and field it is about.
    await expectText(page, "share-heading", /Who are you sharing with\?/);
    await expectText(page, "error-summary", /public key is not right/);
    await page.waitForFunction(() => document.activeElement?.getAttribute("data-testid") === "error-summary");
    assert.match(await page.locator("#share-public-key-error").textContent(), /starts with age1/);
    await byTestId(page, "share-public-key").fill("age1" + "q".repeat(58));
    for (const title of ["Why are you sharing?", "What do you want to share?", "Until when can they open it?"]) {
      await byTestId(page, "share-continue").click();
      await headingFocused(page, title);
    }
    assert.equal(await byTestId(page, "share-expiry-1w").isChecked(), true, "what was chosen is kept");
    await byTestId(page, "share-continue").click();
    await headingFocused(page, "Check what you will share");
    await expectText(page, "preview-sealed", /Their own key/);
    await byTestId(page, "share-create").click();
    await headingFocused(page, "Your shared record is ready");
    await expectText(page, "key-sealed", /Only their key opens it/);
    assert.equal(await byTestId(page, "access-code").count(), 0);
    await expectNoAxeViolations(page, "share: done, key-sealed");
    await finish(page);
  });

  test("the share register: status tags, revoke with a plain confirmation", async () => {
    const page = await openApp();
    await headingFocused(page, "People in your record");
    await page.getByRole("link", { name: "Margaret Evans" }).click();
    await fillStepsByKeyboard(page);
    await byTestId(page, "share-create").click();
    await headingFocused(page, "Your shared record is ready");
    await byTestId(page, "see-shares").click();
    await headingFocused(page, "Shares you have made");
    await byTestId(page, "share-register").waitFor();
    assert.equal(await byTestId(page, "share-row").count(), 1);
    await expectText(page, "share-status", /^Active$/);
    // Margaret has no carer in this vault: her share is made by her.
    await expectText(page, "share-made-by", /^Made by Margaret Evans$/);
    await expectText(page, "register-fingerprint", /3F2A 91C0/);
    await expectNoAxeViolations(page, "share register");

    await tabTo(page, "revoke-share");
    await page.keyboard.press("Enter");
    const dialog = byTestId(page, "revoke-dialog");
    await dialog.locator("h2").waitFor();
    const text = await dialog.textContent();
    assert.match(text, /marks the share with Jane Smith as stopped in your register/);
    assert.match(text, /cannot be recalled/);
    assert.match(text, /enforced by the software that opens it/);
    await expectNoAxeViolations(page, "revoke dialog");
    // Escape keeps it.
    await page.keyboard.press("Escape");
    assert.equal(await active(page), "revoke-share");
    assert.equal((await calls(page, "share_revoke")).length, 0);

    await page.keyboard.press("Enter");
    await dialog.locator("h2").waitFor();
    await tabTo(page, "confirm-revoke");
    await page.keyboard.press("Enter");
    await expectText(page, "share-status", /^Sharing stopped$/);
    await page.waitForFunction(() => document.activeElement?.getAttribute("data-testid") === "register-notice");
    assert.equal(await byTestId(page, "revoke-share").count(), 0);
    assert.equal((await calls(page, "share_revoke")).length, 1);
    await expectNoAxeViolations(page, "share register after revoking");
    await finish(page);
  });
});

describe("sharing: the professional", () => {
  test("from the first screen, with no record: wrong code, then open, save a copy, close", async () => {
    const page = await open({ vault: "none" });
    await headingFocused(page, "Set up My Health Record");
    await tabTo(page, "open-shared-record-start");
    await page.keyboard.press("Enter");
    await headingFocused(page, "Open a shared record");
    await expectNoAxeViolations(page, "open a shared record");

    // Nothing chosen: both problems listed.
    await tabTo(page, "open-share");
    await page.keyboard.press("Enter");
    await byTestId(page, "error-summary").waitFor();
    await expectText(page, "open-file-error", /Choose the shared record file/);
    await expectNoAxeViolations(page, "open a shared record, with errors");

    await tabTo(page, "choose-package");
    await page.keyboard.press("Enter");
    await expectText(page, "package-chosen", /health-record-share-2026-11-23\.phrshare/);
    await tabTo(page, "open-code");
    await page.keyboard.type("K7QM-2XD9-4HRT-8WPB");
    await page.keyboard.press("Enter");
    await expectText(page, "open-code-error", /access code does not open this file/);
    // The form stays filled for another try.
    assert.equal(await byTestId(page, "open-code").inputValue(), "K7QM-2XD9-4HRT-8WPB");
    await expectText(page, "package-chosen", /health-record-share-2026-11-23\.phrshare/);
    await expectNoAxeViolations(page, "open a shared record, wrong code");

    await byTestId(page, "open-code").fill("k7qm 2xd9 4hrt 8wpa");
    await tabTo(page, "open-share");
    await page.keyboard.press("Enter");
    await headingFocused(page, "Margaret Evans");
    // The wrong code left the chosen package's handle for this second try; no path is sent.
    const opens = await calls(page, "share_open");
    assert.deepEqual(opens.at(-1).args, { choice: opens.at(0).args.choice, accessCode: "k7qm 2xd9 4hrt 8wpa", identity: null });
    assert.match(opens.at(-1).args.choice, /^choice-/);
    await expectText(page, "opened-subject", /Margaret Evans, born 5 Jul 1948, NHS number 943 476 5919/);
    await expectText(page, "opened-made-by", /^Made by Sarah \(carer\) for Margaret Evans\.$/);
    await expectText(page, "opened-signature", /Shared by the record holder; signature verified; key fingerprint\s+3F2A 91C0/);
    await expectText(page, "opened-recipient", /Jane Smith, Physiotherapist, Riverside Clinic/);
    await expectText(page, "opened-purpose", /Physiotherapy for my knee/);
    await expectText(page, "opened-until", /23 Dec 2026/);
    await expectText(page, "opened-left-out", /Problems and conditions/);
    await expectText(page, "opened-left-out", /Mental health/);
    const titles = await byTestId(page, "shared-row-title").allTextContents();
    assert.deepEqual(titles, ["Ramipril 5mg capsules", "Salbutamol 100 micrograms inhaler", "Penicillin"]);
    assert.equal(await byTestId(page, "shared-reading").count(), 1);
    // Read only: no tick boxes here.
    assert.equal(await page.locator("[data-testid^=preview-include-]").count(), 0);
    await expectNoAxeViolations(page, "opened shared record");

    await tabTo(page, "save-opened");
    await page.keyboard.press("Enter");
    await expectText(page, "saved-files", /Saved 4 files/);
    assert.deepEqual(Object.keys((await calls(page, "share_save_opened")).at(-1).args), ["choice"]);

    await tabTo(page, "close-opened");
    await page.keyboard.press("Enter");
    await headingFocused(page, "Open a shared record");
    assert.equal((await calls(page, "share_close_opened")).length, 1);
    await tabTo(page, "open-share-back", { back: true });
    await page.keyboard.press("Enter");
    await headingFocused(page, "Set up My Health Record");
    await finish(page);
  });

  test("a package with an International Patient Summary says so, and Save a copy writes ips.json too", async () => {
    const page = await open({ vault: "none", shareFile: "/home/jane/Downloads/share-with-ips.phrshare" });
    await headingFocused(page, "Set up My Health Record");
    await byTestId(page, "open-shared-record-start").click();
    await headingFocused(page, "Open a shared record");
    await byTestId(page, "choose-package").click();
    await expectText(page, "package-chosen", /share-with-ips\.phrshare/);
    await byTestId(page, "open-code").fill("K7QM-2XD9-4HRT-8WPA");
    await byTestId(page, "open-share").click();
    await headingFocused(page, "Margaret Evans");
    await expectText(page, "opened-ips", /International Patient Summary \(ips\.json\)/);
    await page.locator(".nhsuk-details__summary").filter({ hasText: "Files in the package" }).click();
    await expectText(page, "opened-files", /ips\.json/);
    await expectNoAxeViolations(page, "opened shared record with an International Patient Summary");
    if (process.env.SHOTS) await page.screenshot({ path: `${process.env.SHOTS}/share-opened-ips.png`, fullPage: true });
    await byTestId(page, "save-opened").click();
    await expectText(page, "saved-files", /Saved 5 files/);
    await expectText(page, "saved-files", /ips\.json/);
    await finish(page);
  });

  test("refusals say why: tampered, expired, not a package, not for your key", async () => {
    const page = await open({ vault: "locked", shareFile: "/tmp/tampered.age" });
    await unlockReady(page);
    await byTestId(page, "open-shared-record-start").click();
    await headingFocused(page, "Open a shared record");
    await byTestId(page, "choose-package").click();
    await byTestId(page, "open-code").fill("K7QM-2XD9-4HRT-8WPA");
    await byTestId(page, "open-share").click();
    await expectText(page, "open-file-error", /changed or damaged/);
    await expectNoAxeViolations(page, "open: tampered");
    await finish(page);

    const expired = await open({ vault: "locked", shareFile: "/tmp/expired.age" });
    await unlockReady(expired);
    await byTestId(expired, "open-shared-record-start").click();
    await byTestId(expired, "choose-package").click();
    await byTestId(expired, "open-code").fill("K7QM2XD94HRT8WPA");
    await byTestId(expired, "open-share").click();
    await expectText(expired, "open-file-error", /stopped opening at the end of 23 Oct 2026/);
    await byTestId(expired, "open-code").fill("K7QM");
    await byTestId(expired, "open-share").click();
    await expectText(expired, "open-code-error", /16 letters and numbers/);
    await finish(expired);

    const notMine = await open({ vault: "unlocked", people: PEOPLE });
    await headingFocused(notMine, "People in your record");
    await byTestId(notMine, "open-shared-record-link").click();
    await headingFocused(notMine, "Open a shared record");
    await byTestId(notMine, "choose-package").click();
    await byTestId(notMine, "open-with-identity").check();
    await byTestId(notMine, "open-share").click();
    await expectText(notMine, "open-identity-error", /Choose your key file/);
    await byTestId(notMine, "choose-identity").click();
    await expectText(notMine, "identity-chosen", /identity\.txt/);
    await byTestId(notMine, "open-share").click();
    await expectText(notMine, "open-identity-error", /locked for someone else's key/);
    await expectNoAxeViolations(notMine, "open: not for your key");
    await finish(notMine);
  });
});
