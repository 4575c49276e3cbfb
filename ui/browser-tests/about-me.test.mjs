// "What matters to me", in headless Chromium against the BUILT UI with the mock backend: from
// the record (reached with the keyboard) the person adds a thing that matters most, an
// emergency contact (first without a phone number: the problem at the top, focused, and by
// the box) and an interpreter with the language, saves and sees them in the backend's words;
// removes the thing that matters, saves, and puts it back with Undo. On the summary they save
// "For my appointment" and the emergency card as PDFs. Axe on each new screen, and again at
// 200% text. "Decisions I have made": each kind added from its button with the own-entry form,
// listed with its date, the newest ReSPECT form marked and the older one said to be replaced,
// and an entry's page opened from its link. SHOTS=dir saves screenshots.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { active, byTestId, calls, expectNoAxeViolations, expectText, finish, headingFocused, tabTo, useBrowser } from "./harness.mjs";

const PEOPLE = [{ name: "Jane Jackson", dateOfBirth: "1952-05-31", nhsNumber: "9434765919", createdAt: "2026-11-23T14:05:00Z" }];

const open = useBrowser();
const SHOTS = process.env.SHOTS;
async function shot(page, name) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

async function date(page, d, m, y) {
  await page.locator("#own-date-day").fill(d);
  await page.locator("#own-date-month").fill(m);
  await page.locator("#own-date-year").fill(y);
}

async function openRecord(page) {
  await headingFocused(page, "People in your record");
  await page.getByRole("link", { name: "Jane Jackson" }).click();
  await byTestId(page, "open-record").click();
  await headingFocused(page, "Jane Jackson's health record");
  await byTestId(page, "record-summary").waitFor();
}

/** From the record, with the keyboard: "What matters to me", then Change. */
async function openEditor(page) {
  await page.mouse.move(0, 0);
  await tabTo(page, "open-about-me");
  await page.keyboard.press("Enter");
  await headingFocused(page, "What matters to me");
  await byTestId(page, "about-me-view").waitFor();
  await tabTo(page, "about-me-change");
  await page.keyboard.press("Enter");
  await headingFocused(page, "Change your page");
}

describe("what matters to me", () => {
  test("adds a thing that matters, an emergency contact and an interpreter, removes and undoes, and saves the two PDFs", async () => {
    const page = await open({ vault: "unlocked", people: PEOPLE, records: { p1: "full" } });
    await openRecord(page);

    // The page, empty: each part says so.
    await page.mouse.move(0, 0);
    await tabTo(page, "open-about-me");
    await page.keyboard.press("Enter");
    await headingFocused(page, "What matters to me");
    await expectText(page, "am-view-contacts", /No contacts added\./);
    await expectNoAxeViolations(page, "what matters to me, empty");
    await shot(page, "about-me-empty");
    await byTestId(page, "about-me-back").click();
    await headingFocused(page, "Jane Jackson's health record");

    await openEditor(page);
    await expectNoAxeViolations(page, "what matters to me: the form, empty");

    // A thing that matters, typed where Add puts the focus.
    await tabTo(page, "am-what-add");
    await page.keyboard.press("Enter");
    assert.equal(await active(page), "am-what-0");
    await page.keyboard.type("Walking my dog every morning");

    // An emergency contact, first without a phone number.
    await tabTo(page, "am-contact-add");
    await page.keyboard.press("Enter");
    assert.equal(await active(page), "am-contact-0-name");
    await page.keyboard.type("Sarah Evans");
    await byTestId(page, "am-contact-0-relationship").selectOption({ label: "Son or daughter" });
    await tabTo(page, "am-contact-0-nextOfKin");
    await page.keyboard.press("Space");
    await tabTo(page, "am-contact-0-emergency");
    await page.keyboard.press("Space");

    // An interpreter, with the language.
    await tabTo(page, "am-need-add");
    await page.keyboard.press("Enter");
    assert.equal(await active(page), "am-need-0-kind");
    await byTestId(page, "am-need-0-kind").selectOption({ label: "A spoken language interpreter" });
    await page.getByLabel("Language").fill("Polish");

    await tabTo(page, "am-save");
    await page.keyboard.press("Enter");
    await expectText(page, "error-summary", /Enter a phone number for an emergency contact/);
    assert.equal(await active(page), "error-summary");
    await page.getByLabel("Phone number").waitFor();
    assert.match(await page.locator("#am-contact-0-phone-error").textContent(), /Enter a phone number for an emergency contact/);
    assert.equal((await calls(page, "set_about_me")).length, 0, "nothing saved with a problem");
    await page.mouse.move(0, 0);
    await expectNoAxeViolations(page, "what matters to me: a problem");
    await shot(page, "about-me-error");
    // The summary's link goes to the box.
    await byTestId(page, "error-summary").getByRole("link").first().click();
    assert.equal(await active(page), "am-contact-0-phone");
    await page.keyboard.type("07700 900123");
    await page.mouse.move(0, 0);
    await shot(page, "about-me-form-filled");
    await tabTo(page, "am-save");
    await page.keyboard.press("Enter");

    // Saved: seen in the backend's words.
    await headingFocused(page, "What matters to me");
    await expectText(page, "about-me-notice", /Saved\./);
    await expectText(page, "am-view-what", /Walking my dog every morning/);
    await expectText(page, "am-view-contact", /Sarah Evans, Son or daughter/);
    await expectText(page, "am-view-contact-roles", /Next of kin, Emergency contact/);
    await expectText(page, "am-view-needs", /A spoken language interpreter: Polish/);
    const saved = await calls(page, "set_about_me");
    assert.equal(saved.length, 1);
    assert.equal(saved[0].args.form.contacts[0].phone, "07700 900123");
    assert.equal(saved[0].args.form.contacts[0].emergency, true);
    assert.deepEqual(saved[0].args.form.needs.map((n) => [n.kind, n.detail]), [["interpreter", "Polish"]]);
    await page.mouse.move(0, 0);
    await expectNoAxeViolations(page, "what matters to me, saved");
    await shot(page, "about-me-saved");

    // Remove the thing that matters, save, and put it back with Undo.
    await byTestId(page, "about-me-change").click();
    await headingFocused(page, "Change your page");
    await page.getByRole("button", { name: "Remove the first thing that matters most" }).click();
    assert.equal(await active(page), "am-what-add");
    await byTestId(page, "am-save").click();
    await expectText(page, "about-me-notice", /Removed\. You can undo this\./);
    await expectText(page, "am-view-what", /Nothing added yet\./);
    await page.mouse.move(0, 0);
    await expectNoAxeViolations(page, "what matters to me, after a removal with Undo");
    await shot(page, "about-me-removed");
    await byTestId(page, "about-me-undo").click();
    await expectText(page, "about-me-notice", /Put back\./);
    await expectText(page, "am-view-what", /Walking my dog every morning/);
    assert.equal(await active(page), "about-me-notice");
    assert.equal((await calls(page, "restore_about_me")).length, 1);

    // The two PDFs from the summary.
    await byTestId(page, "about-me-back").click();
    await headingFocused(page, "Jane Jackson's health record");
    await byTestId(page, "record-summary").waitFor();
    await page.getByRole("button", { name: "Save the appointment page as a PDF" }).click();
    await expectText(page, "appointment-pdf-saved", /Saved as/);
    await page.getByRole("button", { name: "Save the emergency card as a PDF" }).click();
    await expectText(page, "emergency-card-pdf-saved", /Saved as/);
    assert.deepEqual((await calls(page, "save_appointment_summary_pdf")).map((c) => c.args.personId), ["p1"]);
    assert.deepEqual((await calls(page, "save_emergency_card_pdf")).map((c) => c.args.personId), ["p1"]);
    await byTestId(page, "emergency-card-pdf-open").click();
    assert.equal((await calls(page, "open_saved_pdf")).length, 1);
    await page.mouse.move(0, 0);
    await expectNoAxeViolations(page, "the summary with the two PDFs saved");
    await byTestId(page, "summary-take-along").screenshot(SHOTS ? { path: `${SHOTS}/about-me-pdfs.png` } : {});
    await finish(page);
  });

  test("adds decisions from the page, each listed with its date, the newest ReSPECT form marked and the older one said to be replaced, and opens one's page", async () => {
    const page = await open({ vault: "unlocked", people: PEOPLE, records: { p1: "full" } });
    await openRecord(page);
    await page.mouse.move(0, 0);
    await tabTo(page, "open-about-me");
    await page.keyboard.press("Enter");
    await headingFocused(page, "What matters to me");
    await expectText(page, "am-view-decisions", /No decisions added\./);

    // Organ donation, added with the keyboard from its button: the form for that kind at once.
    await tabTo(page, "am-decision-add-organDonation");
    await page.keyboard.press("Enter");
    await headingFocused(page, "Add your organ donation decision");
    await expectText(page, "own-back", /Back to What matters to me/);
    await byTestId(page, "own-decision-optIn").check();
    await byTestId(page, "own-registered").check();
    await date(page, "1", "4", "2024");
    await byTestId(page, "own-save").click();
    // Its page opens and says it was added; Back returns to the button.
    await expectText(page, "own-statement", /Wants to donate their organs and tissue/);
    await byTestId(page, "entry-back").click();
    await page.waitForFunction(() => document.activeElement?.dataset.testid === "am-decision-add-organDonation");

    // Two ReSPECT forms, the newer one added second.
    for (const [day, year] of [["3", "2022"], ["10", "2025"]]) {
      await byTestId(page, "am-decision-add-respect").click();
      await headingFocused(page, "Add a ReSPECT form");
      await date(page, day, "2", year);
      await byTestId(page, "own-save").click();
      await byTestId(page, "own-added-by").waitFor();
      await byTestId(page, "entry-back").click();
      await byTestId(page, "about-me-page").waitFor();
    }
    const items = byTestId(page, "am-decision");
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="am-decision"]').length === 3);
    assert.match(await items.nth(0).textContent(), /Organ donation decision[\s\S]*Date: 1 April 2024/);
    assert.match(await items.nth(1).textContent(), /ReSPECT form[\s\S]*Latest[\s\S]*Date: 10 February 2025/);
    assert.match(await items.nth(2).textContent(), /Date: 3 February 2022[\s\S]*A newer ReSPECT form is in this record: this one may no longer apply\./);
    assert.equal(await items.nth(2).getByTestId("am-decision-latest").count(), 0);
    assert.equal((await calls(page, "add_own_entry")).map((c) => c.args.form.kind).join(","), "organDonation,respect,respect");
    await page.mouse.move(0, 0);
    await expectNoAxeViolations(page, "what matters to me with decisions");
    await shot(page, "about-me-decisions");
    await byTestId(page, "am-view-decisions").screenshot(SHOTS ? { path: `${SHOTS}/about-me-decisions-section.png` } : {});

    // The older form's page, from its link; Back returns to the link.
    await items.nth(2).getByTestId("am-decision-open").click();
    await expectText(page, "own-replaced", /A newer ReSPECT form is in this record/);
    await expectText(page, "entry-back", /Back to What matters to me/);
    await byTestId(page, "entry-back").click();
    await byTestId(page, "about-me-page").waitFor();
    await page.waitForFunction(() => document.activeElement?.dataset.testid === "am-decision-open" && document.activeElement.textContent === "ReSPECT form, 3 February 2022");
    await finish(page);
  });

  test("at 200% text the form and the saved page still read and pass axe", async () => {
    const page = await open({ vault: "unlocked", people: PEOPLE, records: { p1: "full" } });
    await page.evaluate(() => window.localStorage.setItem("mock-text-size-percent", "200"));
    await page.reload();
    await openRecord(page);
    await openEditor(page);
    await byTestId(page, "am-what-add").click();
    await page.keyboard.type("Being at home with my family");
    await byTestId(page, "am-contact-add").click();
    await page.keyboard.type("Tom Jackson");
    await byTestId(page, "am-contact-0-carer").check();
    await byTestId(page, "am-need-add").click();
    await byTestId(page, "am-need-0-kind").selectOption({ label: "Information in large print" });
    await byTestId(page, "am-practice-add").click();
    await page.keyboard.type("Riverside Surgery");
    await page.mouse.move(0, 0);
    await expectNoAxeViolations(page, "what matters to me: the form at 200%");
    await shot(page, "large-about-me-form");
    await byTestId(page, "am-save").click();
    await expectText(page, "about-me-notice", /Saved\./);
    await expectText(page, "am-view-practice", /Riverside Surgery/);
    await page.mouse.move(0, 0);
    await expectNoAxeViolations(page, "what matters to me, saved, at 200%");
    await shot(page, "large-about-me-saved");
    await finish(page);
  });
});
