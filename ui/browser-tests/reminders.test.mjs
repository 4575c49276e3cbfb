// Reminders, in headless Chromium against the BUILT UI with the mock backend: after unlocking,
// the People screen says for each person how many are due now and missed; the person's page
// shows a "Reminders" panel with "Due now" and "Missed", each with what to do (a medicine is
// marked as taken; a reading opens the form for that kind of reading); the reminders screen,
// reached with the keyboard, sets a medicine reminder (its problems at the top and by the
// field first), lists it with when it fires next, lets notifications name details, and
// removes a reminder only after asking. Axe on the panel and the screen. SHOTS=dir saves
// screenshots.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { byTestId, calls, expectNoAxeViolations, expectText, finish, headingFocused, tabTo, unlockReady, useBrowser } from "./harness.mjs";

const PEOPLE = [{ name: "Jane Jackson", dateOfBirth: "1952-05-31", nhsNumber: "9434765919", createdAt: "2026-11-23T14:05:00Z" }];

const due = (reminderId, firedAt, firedText, state, title, action, actionLabel, readingKind = null) => ({
  reminderId,
  firedAt,
  firedText,
  state,
  title,
  action,
  actionLabel,
  readingKind,
});

const REMINDERS = {
  p1: {
    reminders: [
      { id: "1", kind: "bpWeek", description: "Blood pressure week readings: 08:00 and 20:00 while a week is under way", times: ["08:00", "20:00"], nextAt: "2026-11-24T08:00:00+00:00", nextText: "Next: 24 Nov 2026, 08:00" },
      { id: "2", kind: "medicine", description: "Take Ramipril 5 mg every day at 08:00", times: ["08:00"], nextAt: "2026-11-24T08:00:00+00:00", nextText: "Next: 24 Nov 2026, 08:00" },
    ],
    due: {
      due: [due("1", "2026-11-23T20:00:00+00:00", "23 Nov 2026, 20:00", "due", "Evening blood pressure reading", "addReading", "Add the reading", "bloodPressure")],
      missed: [due("2", "2026-11-23T08:00:00+00:00", "23 Nov 2026, 08:00", "missed", "Take Ramipril 5 mg", "markTaken", "Mark as taken")],
      done: [],
      count: 2,
    },
    showDetails: false,
  },
};

const open = useBrowser();
const SHOTS = process.env.SHOTS;
async function shot(page, name) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

async function openPerson(page) {
  await headingFocused(page, "People in your record");
  await page.getByRole("link", { name: "Jane Jackson" }).click();
  await headingFocused(page, "Jane Jackson");
  await byTestId(page, "reminders-panel").waitFor();
}

describe("reminders", () => {
  test("after unlocking, the People screen says what is due now and missed for each person, and nothing for others", async () => {
    const page = await open({
      vault: "locked",
      passphrase: "otter lantern gravel",
      people: [...PEOPLE, { name: "Tom Jackson", dateOfBirth: "2015-02-01", nhsNumber: null, createdAt: "2026-11-23T14:06:00Z" }],
      reminders: REMINDERS,
    });
    await unlockReady(page);
    await byTestId(page, "unlock-passphrase").fill("otter lantern gravel");
    await byTestId(page, "unlock-submit").click();
    await headingFocused(page, "People in your record");
    const jane = page.getByTestId("person-row").filter({ hasText: "Jane Jackson" });
    const tom = page.getByTestId("person-row").filter({ hasText: "Tom Jackson" });
    await jane.getByTestId("person-reminders").waitFor();
    assert.equal((await jane.getByTestId("person-reminders").textContent()).trim(), "1 reminder due now, 1 missed");
    assert.equal(await tom.getByTestId("person-reminders").count(), 0, "nothing due: no line");
    await expectNoAxeViolations(page, "people: reminders due now and missed");
    await shot(page, "people-reminders");
    await finish(page);
  });

  test("the person's page shows what is due now and missed, with what to do", async () => {
    const page = await open({ vault: "unlocked", people: PEOPLE, reminders: REMINDERS });
    await openPerson(page);
    await expectText(page, "reminders-due", /Evening blood pressure reading/);
    await expectText(page, "reminders-missed", /Take Ramipril 5 mg/);
    await expectNoAxeViolations(page, "the person's page with its reminders panel");
    await shot(page, "reminders-panel");

    // With the keyboard: the missed medicine is marked as taken.
    await page.mouse.move(0, 0);
    await tabTo(page, "reminder-action-markTaken");
    await page.keyboard.press("Enter");
    await byTestId(page, "reminders-missed").waitFor({ state: "detached" });
    const ticks = await calls(page, "set_reminder_taken");
    assert.equal(ticks.length, 1);
    assert.equal(ticks[0].args.taken, true);

    // The due reading opens the form for a blood pressure reading.
    await byTestId(page, "reminder-action-addReading").click();
    await headingFocused(page, "Add a reading: Blood pressure");
    await finish(page);
  });

  test("sets a medicine reminder, lets notifications name details, and removes one after asking", async () => {
    const page = await open({ vault: "unlocked", people: PEOPLE, reminders: REMINDERS });
    await openPerson(page);
    await page.mouse.move(0, 0);
    await tabTo(page, "open-reminders");
    await page.keyboard.press("Enter");
    await headingFocused(page, "Reminders");
    await expectText(page, "reminders-list", /Take Ramipril 5 mg every day at 08:00/);
    await expectText(page, "reminders-list", /Next: 24 Nov 2026, 08:00/);
    await expectNoAxeViolations(page, "reminders: the list and the form");

    // A medicine with no name and a time that is not one: both problems, at the top and by the field.
    await byTestId(page, "reminder-kind-medicine").check();
    await byTestId(page, "reminder-time-0").fill("25:00");
    await byTestId(page, "reminder-save").click();
    await expectText(page, "error-summary", /not a time of day/);
    await expectText(page, "error-summary", /Enter the medicine's name/);
    await expectNoAxeViolations(page, "reminders: the form's problems");
    await shot(page, "reminders-problems");

    await byTestId(page, "reminder-name").fill("Metformin 500 mg");
    await byTestId(page, "reminder-time-0").fill("08:00");
    await byTestId(page, "reminder-add-time").click();
    await byTestId(page, "reminder-time-1").fill("18:00");
    await byTestId(page, "reminder-save").click();
    await expectText(page, "reminders-notice", /Reminder set: Take Metformin 500 mg every day at 08:00 and 18:00/);
    await expectText(page, "reminders-list", /Take Metformin 500 mg/);

    // Notifications may name details only when ticked.
    await byTestId(page, "reminder-details").check();
    const details = await calls(page, "set_reminder_details");
    assert.equal(details.at(-1).args.shown, true);

    // Removing asks first; "No, keep it" keeps it.
    await byTestId(page, "remove-reminder").first().click();
    await byTestId(page, "remove-reminder-dialog").waitFor();
    await expectNoAxeViolations(page, "reminders: remove, asked first");
    await shot(page, "reminders-remove");
    await byTestId(page, "keep-reminder").click();
    assert.equal((await calls(page, "remove_reminder")).length, 0);
    await byTestId(page, "remove-reminder").first().click();
    await byTestId(page, "confirm-remove-reminder").click();
    await expectText(page, "reminders-notice", /Reminder removed: Blood pressure week readings/);
    await shot(page, "reminders-screen");
    await finish(page);
  });
});
