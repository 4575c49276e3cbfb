// The person's own entries, in headless Chromium against the BUILT UI with the mock backend:
// from the record, "Add to my record" (reached with the keyboard) adds a medicine bought at
// the chemist and an allergy, each opening on its page marked "Added by you" (the medicine
// then changed through its Change form); the summary then shows both marked "Added by you".
// An own entry is deleted after a confirmation and put back with Undo. On a GP entry the
// person adds their own note and hides it from their timeline; the timeline leaves it out
// and says "1 entry hidden by you", with the way to see it. Axe on each new screen. SHOTS=dir saves screenshots.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { byTestId, calls, expectNoAxeViolations, expectText, finish, headingFocused, tabTo, useBrowser } from "./harness.mjs";

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

/** From the record, with the keyboard: Add to my record, then the kind. */
async function startAdding(page, kindTestId) {
  await page.mouse.move(0, 0);
  await tabTo(page, "add-own-entry");
  await page.keyboard.press("Enter");
  await headingFocused(page, "Add to your record");
  await tabTo(page, "own-kind-condition");
  // Radios: the arrow keys choose.
  while ((await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))) !== kindTestId) {
    await page.keyboard.press("ArrowDown");
  }
  await tabTo(page, "own-kind-continue");
  await page.keyboard.press("Enter");
}

describe("the person's own entries", () => {
  test("adds an over-the-counter medicine and an allergy, sees them on the summary marked 'Added by you', deletes and undoes", async () => {
    const page = await open({ vault: "unlocked", people: PEOPLE, records: { p1: "full" } });
    await openRecord(page);

    // The kinds.
    await page.mouse.move(0, 0);
    await tabTo(page, "add-own-entry");
    await page.keyboard.press("Enter");
    await headingFocused(page, "Add to your record");
    await expectNoAxeViolations(page, "add to my record: the kinds");
    await shot(page, "own-kinds");
    await byTestId(page, "own-cancel").click();
    // Back on the record, on the button that opened the form.
    await page.waitForFunction(() => document.activeElement?.getAttribute("data-testid") === "add-own-entry");

    // A medicine bought at the chemist, first saved empty: the problem at the top and by the field.
    await startAdding(page, "own-kind-medicine");
    await headingFocused(page, "Add a medicine");
    await expectNoAxeViolations(page, "add a medicine");
    await shot(page, "own-medicine-form");
    await byTestId(page, "own-save").click();
    await expectText(page, "error-summary", /Enter the/);
    await expectNoAxeViolations(page, "add a medicine, with a problem");
    await shot(page, "own-medicine-error");
    await page.getByLabel("Medicine", { exact: true }).fill("Ibuprofen 200mg tablets");
    await page.getByLabel("Bought without a prescription").check();
    await page.getByLabel("Dose (optional)").fill("1 tablet");
    await page.getByLabel("How often you take it (optional)").fill("Up to 3 times a day");
    await page.getByLabel("I still have it, or still take it").check();
    await byTestId(page, "own-save").click();
    await headingFocused(page, "Ibuprofen 200mg tablets");
    await expectText(page, "notice", /Medicine added\./);
    await expectText(page, "own-added-by", /Added by you/);
    await expectNoAxeViolations(page, "an own medicine's page");
    await shot(page, "own-medicine-page");
    const added = await calls(page, "add_own_entry");
    assert.equal(added.length, 1);
    assert.equal(added[0].args.form.medicineType, "overTheCounter");
    assert.equal(added[0].args.form.reaction, null, "only the medicine's fields are sent");

    // Change: the form opens with what it says, passes axe, and saves a changed field.
    await byTestId(page, "own-change").click();
    await headingFocused(page, "Change: Ibuprofen 200mg tablets");
    assert.equal(await page.getByLabel("Dose (optional)").inputValue(), "1 tablet");
    await expectNoAxeViolations(page, "change an own medicine");
    await shot(page, "own-medicine-change");
    await page.getByLabel("How often you take it (optional)").fill("Twice a day");
    await byTestId(page, "own-save").click();
    await headingFocused(page, "Ibuprofen 200mg tablets");
    await expectText(page, "notice", /Medicine changed\./);
    const edits = await calls(page, "edit_own_entry");
    assert.equal(edits.length, 1);
    assert.equal(edits[0].args.form.howOften, "Twice a day");
    assert.equal(edits[0].args.form.dose, "1 tablet", "what was not changed is kept");
    await byTestId(page, "entry-back").click();
    await page.waitForFunction(() => document.activeElement?.getAttribute("data-testid") === "add-own-entry");

    // An allergy.
    await startAdding(page, "own-kind-allergy");
    await headingFocused(page, "Add an allergy or reaction");
    await page.getByLabel("What you are allergic to").fill("Peanuts");
    await page.getByLabel("What happens to you (optional)").fill("Swollen lips");
    await byTestId(page, "own-save").click();
    await headingFocused(page, "Peanuts");
    await expectText(page, "own-added-by", /Added by you/);
    await byTestId(page, "entry-back").click();

    // The summary shows both, marked as the person's own.
    await byTestId(page, "record-summary").waitFor();
    const allergies = byTestId(page, "summary-allergies");
    const peanuts = allergies.getByTestId("entry-row").filter({ hasText: "Peanuts" });
    assert.match(await peanuts.getByTestId("entry-added-by").textContent(), /Added by you/);
    const ibuprofen = byTestId(page, "summary-medications").getByTestId("medicine").filter({ hasText: "Ibuprofen 200mg tablets" });
    assert.match(await ibuprofen.getByTestId("medicine-added-by").textContent(), /Added by you/);
    await page.mouse.move(0, 0);
    await expectNoAxeViolations(page, "summary with own entries");
    await shot(page, "own-summary");

    // Delete, after a confirmation, then Undo.
    await peanuts.getByTestId("entry-link").click();
    await headingFocused(page, "Peanuts");
    await byTestId(page, "own-delete").click();
    await byTestId(page, "own-delete-dialog").getByRole("heading", { name: "Delete Peanuts?" }).waitFor();
    await expectNoAxeViolations(page, "delete an own entry: the question");
    await shot(page, "own-delete-dialog");
    await byTestId(page, "own-delete-confirm").click();
    await expectText(page, "own-deleted", /Allergy deleted\./);
    await expectNoAxeViolations(page, "an own entry deleted, with Undo");
    await byTestId(page, "own-undo").click();
    await expectText(page, "notice", /Allergy put back\./);
    await expectText(page, "own-added-by", /Added by you/);
    assert.equal((await calls(page, "restore_own_entry")).length, 1);
    await finish(page);
  });

  test("a note on a GP entry, and hiding it from the timeline", async () => {
    const page = await open({ vault: "unlocked", people: PEOPLE, records: { p1: "full" } });
    await openRecord(page);
    await byTestId(page, "record-tab-timeline").click();
    const first = byTestId(page, "entry-link").first();
    await first.waitFor();
    const title = (await first.textContent()).trim();
    const id = await first.getAttribute("data-entry-id");
    await first.click();
    await headingFocused(page, title);

    await byTestId(page, "entry-note-add").click();
    await page.getByLabel("Your note about this entry").fill("I stopped this in May because of side effects.");
    await expectNoAxeViolations(page, "writing a note on a GP entry");
    await byTestId(page, "entry-note-save").click();
    await expectText(page, "entry-note", /I stopped this in May because of side effects\./);
    await page.getByRole("heading", { name: "Your note" }).waitFor();

    await byTestId(page, "entry-hide").click();
    await expectText(page, "entry-hidden", /still in your record, and in exports and things you share/);
    await page.getByRole("button", { name: "Show in my timeline again" }).waitFor();
    await page.mouse.move(0, 0);
    await expectNoAxeViolations(page, "a GP entry with the person's note, hidden");
    await shot(page, "gp-entry-note-hidden");

    // The timeline leaves it out and says so, with the way to see it.
    await byTestId(page, "entry-back").click();
    await expectText(page, "hidden-entries", /1 entry hidden by you\./);
    await byTestId(page, "entry-link").first().waitFor();
    assert.equal(await page.locator(`[data-testid=record] [data-entry-id="${id}"]`).count(), 0, "the hidden entry is not on the timeline");
    await byTestId(page, "hidden-entries-toggle").click();
    await byTestId(page, "hidden-entries-list").getByRole("link", { name: title }).waitFor();
    await page.mouse.move(0, 0);
    await expectNoAxeViolations(page, "the timeline with hidden entries listed");
    await shot(page, "timeline-hidden");
    await finish(page);
  });

  test("at 200% text the add form and a GP entry's note and hide still read and pass axe", async () => {
    const page = await open({ vault: "unlocked", people: PEOPLE, records: { p1: "full" } });
    await page.evaluate(() => window.localStorage.setItem("mock-text-size-percent", "200"));
    await page.reload();
    await openRecord(page);
    await startAdding(page, "own-kind-vaccination");
    await headingFocused(page, "Add a vaccination");
    await page.getByLabel("Country, if it was given outside the UK (optional)").waitFor();
    await expectNoAxeViolations(page, "add a vaccination at 200%");
    await shot(page, "large-own-vaccination-form");
    await byTestId(page, "own-back").click();
    await byTestId(page, "record-tab-timeline").click();
    const first = byTestId(page, "entry-link").first();
    await first.waitFor();
    await first.click();
    await byTestId(page, "entry-note-add").click();
    await page.mouse.move(0, 0);
    await expectNoAxeViolations(page, "a GP entry's note at 200%");
    await shot(page, "large-gp-entry-note");
    await finish(page);
  });
});
