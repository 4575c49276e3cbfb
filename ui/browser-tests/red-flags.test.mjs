// Red-flag readings in headless Chromium against the BUILT UI, under the app's strict CSP,
// with the mock backend giving advice in the backend's shape: a blood pressure of 185/122
// shows its urgent NHS advice before saving (focus on "No, change it") and after, then the
// flag in words on the readings home, every list and the chart (a shape of its own, named in
// the key and listed under the chart); the record's "outside the normal range" filter offered
// only where it means something, saying what cannot be checked; GP results, shares and the
// professional's opened record say the flag in words. axe-core runs on the advice dialog,
// the flagged chart and each screen with a flag.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { active, byTestId, calls, expectNoAxeViolations, expectText, finish, headingFocused, tabTo, useBrowser } from "./harness.mjs";

const PEOPLE = [{ name: "Margaret Evans", dateOfBirth: "1948-07-05", nhsNumber: "9434765919", createdAt: "2026-11-23T14:05:00Z" }];

/** Blood pressures over the last days: ordinary ones, and an older red flag. */
function seedReadings() {
  const day = 86_400_000;
  const at = (daysAgo, hour) => {
    const d = new Date(Date.now() - daysAgo * day);
    d.setHours(hour, 0, 0, 0);
    return d.toISOString();
  };
  return [
    { personId: "p1", kind: "bloodPressure", at: at(6, 8), value: 132, value2: 84, pulse: 68 },
    { personId: "p1", kind: "bloodPressure", at: at(4, 8), value: 186, value2: 121, pulse: 80 },
    { personId: "p1", kind: "bloodPressure", at: at(2, 8), value: 128, value2: 80, pulse: 66 },
  ];
}

const open = useBrowser();
const openApp = (mockOptions = {}) => open({ vault: "unlocked", people: PEOPLE, readings: seedReadings(), ...mockOptions });

/** People -> Margaret Evans -> Readings. */
async function openReadings(page) {
  await headingFocused(page, "People in your record");
  await page.getByRole("link", { name: "Margaret Evans" }).click();
  await headingFocused(page, "Margaret Evans");
  await byTestId(page, "open-readings").click();
  await headingFocused(page, "Readings for Margaret Evans");
}

describe("red flags: readings", () => {
  test("185/122: urgent advice before saving with focus on 'No, change it', after saving, in latest readings and on the chart (axe on the dialog and the flagged chart)", async () => {
    const page = await openApp();
    await openReadings(page);
    await byTestId(page, "add-reading").click();
    await headingFocused(page, "Add a reading: Blood pressure");
    await byTestId(page, "reading-value").fill("185");
    await byTestId(page, "reading-value2").fill("122");
    await byTestId(page, "reading-value2").press("Enter");

    // Before saving: the advice, as an urgent care card, first in the dialog; the safe answer focused.
    const card = byTestId(page, "confirm-advice");
    await card.waitFor();
    assert.equal(await active(page), "change-reading", "'No, change it' has the focus");
    assert.equal(await card.getAttribute("data-urgency"), "urgent");
    assert.match(await card.getByRole("heading").first().textContent(), /Urgent:\s+Very high blood pressure/);
    assert.match(await card.textContent(), /Act today\./);
    assert.match(await byTestId(page, "confirm-advice-text").textContent(), /ask for an urgent GP appointment today or call NHS 111/);
    assert.match(await byTestId(page, "confirm-advice-if-symptoms").textContent(), /Emergency: if you also have chest pain.*Call 999 now\./s);
    assert.equal(
      await card.getByRole("link", { name: /NICE guideline NG136/ }).getAttribute("href"),
      "https://www.nice.org.uk/guidance/ng136/chapter/Recommendations",
    );
    // The card's heading is in view when the dialog opens: the advice is the first thing seen.
    const headingBox = await card.getByRole("heading").first().boundingBox();
    const dialogBox = await byTestId(page, "confirm-dialog").boundingBox();
    assert.ok(headingBox && dialogBox && headingBox.y >= dialogBox.y, "the advice's heading is not scrolled away");
    const focusedBox = await byTestId(page, "change-reading").boundingBox();
    assert.ok(focusedBox && dialogBox && focusedBox.y + focusedBox.height <= dialogBox.y + dialogBox.height, "the focused answer is in view");
    await expectNoAxeViolations(page, "the red-flag advice before saving");

    // Enter on the focused answer changes the reading: nothing is saved.
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.activeElement?.getAttribute("data-testid") === "reading-value");
    assert.equal((await calls(page, "add_reading")).length, 1);

    // Asked again, and kept: "Yes, it is right" by keyboard.
    await byTestId(page, "reading-value2").press("Enter");
    await card.waitFor();
    await tabTo(page, "confirm-reading");
    await page.keyboard.press("Enter");
    const saved = byTestId(page, "saved-advice");
    await saved.waitFor();
    assert.deepEqual((await calls(page, "add_reading")).map((c) => c.args.input.confirm), [false, false, true]);
    assert.match(await saved.getByRole("heading").first().textContent(), /Urgent:\s+Very high blood pressure/);
    await page.waitForFunction(() => document.activeElement?.id === "saved-advice-heading");
    await expectNoAxeViolations(page, "the red-flag advice after saving");
    // The source opens in the system browser through the backend, by its row; the app stays put.
    const url = page.url();
    await saved.getByRole("link", { name: /NICE guideline NG136/ }).click();
    await page.waitForFunction(() => (window.__mock.state.openedSources || []).length === 1);
    assert.deepEqual((await calls(page, "open_advice_source")).map((c) => c.args), [{ rule: "bp-very-high" }]);
    assert.equal(page.url(), url);
    assert.equal(await saved.isVisible(), true);

    // Latest readings: the advice first, and "Urgent" in words beside the reading.
    await byTestId(page, "readings-back").click();
    await headingFocused(page, "Readings for Margaret Evans");
    await byTestId(page, "latest-advice-bloodPressure").waitFor();
    assert.match(await byTestId(page, "latest-advice-bloodPressure-about").textContent(), /Blood pressure: 185\/122 mmHg/);
    assert.match(await byTestId(page, "latest-flag-bloodPressure").textContent(), /^Urgent/);
    await expectNoAxeViolations(page, "readings home with a red flag");

    // Every list: the tag in words, and the advice beneath.
    await byTestId(page, "readings-list-link").click();
    await headingFocused(page, "All readings");
    await byTestId(page, "readings-table").waitFor();
    assert.equal(await byTestId(page, "red-flag-tag").count(), 2, "the new 185/122 and the older 186/121");
    await byTestId(page, "reading-advice-row").first().locator("summary").click();
    await byTestId(page, "reading-advice").first().waitFor();
    await expectNoAxeViolations(page, "readings list with red flags");

    // The chart: each flagged point named in the key and listed in words; the table says it too.
    await byTestId(page, "readings-back").click();
    await byTestId(page, "open-chart").click();
    await headingFocused(page, "Blood pressure chart");
    await byTestId(page, "chart-table").waitFor();
    await page.locator("[data-testid=reading-chart] canvas").first().waitFor();
    assert.match(await byTestId(page, "legend-flag-urgent").textContent(), /Red flag: urgent/);
    const flags = await byTestId(page, "chart-flag").allTextContents();
    assert.equal(flags.length, 2);
    assert.match(flags[0], /Red flag: urgent\s+—\s+185\/122 mmHg on\s+\d{1,2} \w{3} \d{4}, \d{2}:\d{2}/);
    assert.match(flags[1], /Red flag: urgent\s+—\s+186\/121 mmHg/);
    assert.match(await byTestId(page, "reading-chart").getAttribute("aria-label"), /2 points are red flags/);
    assert.equal(await byTestId(page, "chart-advice").count(), 1, "the advice once");
    // No target set: nothing can be outside it, so the key does not offer that mark.
    assert.equal(await byTestId(page, "legend-outside").count(), 0);
    await expectNoAxeViolations(page, "the chart with red-flag points");
    await finish(page);
  });

  test("the chart draws its marks: the flag's shape and the 'outside your target' point both appear on the canvas", async () => {
    const page = await openApp();
    await openReadings(page);
    await byTestId(page, "open-chart").click();
    await headingFocused(page, "Blood pressure chart");
    await byTestId(page, "chart-table").waitFor();
    await page.getByText(/Your target range for blood pressure/).click();
    await byTestId(page, "target-high").fill("140");
    await byTestId(page, "target-high2").fill("90");
    await byTestId(page, "save-target").click();
    await byTestId(page, "legend-outside").waitFor();
    await page.waitForFunction(() => window.__mock.calls.filter((c) => c.cmd === "chart_series").length >= 2);
    // Count the pixels of each mark's colour on the drawn canvas (NHS red points, the urgent flag's fill).
    const counts = await page.waitForFunction(() => {
      const canvas = document.querySelector("[data-testid=reading-chart] canvas");
      if (!canvas || !canvas.width) return null;
      const ctx = canvas.getContext("2d");
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      let red = 0;
      let flag = 0;
      for (let i = 0; i < data.length; i += 4) {
        const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
        if (Math.abs(r - 0xd5) < 8 && Math.abs(g - 0x28) < 8 && Math.abs(b - 0x1b) < 8) red++;
        if (Math.abs(r - 0xed) < 8 && Math.abs(g - 0x8b) < 8 && b < 8) flag++;
      }
      return red > 20 && flag > 20 ? { red, flag } : null;
    }, null, { timeout: 5000 });
    const { red, flag } = await counts.jsonValue();
    assert.ok(red > 20, `the red 'outside your target' points are drawn (${red} pixels)`);
    assert.ok(flag > 20, `the urgent flag's triangle is drawn (${flag} pixels)`);
    await finish(page);
  });
});

describe("red flags: the record", () => {
  test("'Only results outside the normal range' is offered for results, not problems, says what cannot be checked, and the GP's 186/122 is flagged", async () => {
    const page = await openApp({ records: { p1: "bloodPressures" } });
    await headingFocused(page, "People in your record");
    await page.getByRole("link", { name: "Margaret Evans" }).click();
    await headingFocused(page, "Margaret Evans");
    await byTestId(page, "open-record").click();
    await headingFocused(page, "Margaret Evans's health record");
    await byTestId(page, "record-tab-timeline").click();
    await byTestId(page, "timeline-count").waitFor();

    // Offered with the backend's words for every kind and for results; not for problems.
    const label = page.getByLabel("Only results outside the normal range");
    assert.equal(await label.count(), 1);
    await byTestId(page, "filter-kind").selectOption("problem");
    assert.equal(await byTestId(page, "filter-abnormal").count(), 0, "not offered for problems");
    await byTestId(page, "filter-kind").selectOption("medication");
    assert.equal(await byTestId(page, "filter-abnormal").count(), 0, "not offered for medicines");
    await byTestId(page, "filter-kind").selectOption("result");
    await byTestId(page, "filter-abnormal").check();
    await byTestId(page, "apply-filters").click();
    await expectText(page, "timeline-unchecked", /^12 results have no range and cannot be checked\.$/);
    const query = (await calls(page, "timeline")).at(-1).args.query;
    assert.deepEqual([query.kinds, query.abnormalOnly], [["result"], true]);
    // The GP's blood pressures are in it; the red flag says so in words.
    const bp = page.locator("[data-testid=entry-row]", { hasText: "186/122 mmHg" });
    await bp.waitFor();
    assert.match(await bp.getByTestId("entry-red-flag").textContent(), /^Urgent/);
    await expectNoAxeViolations(page, "timeline: outside the normal range, with what cannot be checked");
    // The GP's 163/105 and 174/102 of 2019: outside the clinic range, so the filter finds them.
    for (const [part, value] of [["from-day", "1"], ["from-month", "1"], ["from-year", "2019"], ["to-day", "31"], ["to-month", "12"], ["to-year", "2019"]]) {
      await byTestId(page, `filter-${part}`).fill(value);
    }
    await byTestId(page, "apply-filters").click();
    await page.locator("[data-testid=entry-row]", { hasText: "163/105 mmHg" }).waitFor();
    assert.equal(await page.locator("[data-testid=entry-row]", { hasText: "174/102 mmHg" }).count(), 1);
    await byTestId(page, "clear-filters").click();
    await byTestId(page, "filter-kind").selectOption("result");
    await byTestId(page, "filter-abnormal").check();
    await byTestId(page, "apply-filters").click();
    await bp.waitFor();

    // The entry: the advice first, with the note that the result is not from today.
    await bp.getByTestId("entry-link").click();
    await expectText(page, "entry-title", /Blood pressure/);
    await byTestId(page, "entry-advice").waitFor();
    assert.match(await byTestId(page, "entry-advice-stale").textContent(), /This result is from 2 Oct 2026\./);
    assert.match(await byTestId(page, "entry-range-note").textContent(), /compared with the levels the NHS and NICE use/);
    await expectNoAxeViolations(page, "a GP result with red-flag advice");
    await finish(page);
  });
});

describe("red flags: sharing", () => {
  test("the share preview and the professional's opened record say 'Red flag: urgent' in words", async () => {
    // Days before the mock backend's today (23 Nov 2026, the vocabulary JSON's fixed clock), which a share's readings range ends on.
    const at = (daysAgo) => new Date(Date.parse("2026-11-23T08:00:00Z") - daysAgo * 86_400_000).toISOString();
    const readings = [
      { personId: "p1", kind: "bloodPressure", at: at(4), value: 186, value2: 121, pulse: 80 },
      { personId: "p1", kind: "bloodPressure", at: at(2), value: 128, value2: 80, pulse: 66 },
    ];
    const page = await openApp({ records: { p1: "full" }, readings });
    await headingFocused(page, "People in your record");
    await page.getByRole("link", { name: "Margaret Evans" }).click();
    await headingFocused(page, "Margaret Evans");
    await byTestId(page, "share-record").click();
    await headingFocused(page, "Who are you sharing with?");
    await byTestId(page, "share-name").fill("Jane Smith");
    await byTestId(page, "share-continue").click();
    await headingFocused(page, "Why are you sharing?");
    await byTestId(page, "share-purpose").fill("Blood pressure review");
    await byTestId(page, "share-continue").click();
    await headingFocused(page, "What do you want to share?");
    await byTestId(page, "share-reading-bloodPressure").check();
    await byTestId(page, "share-continue").click();
    await headingFocused(page, "Until when can they open it?");
    await byTestId(page, "share-continue").click();
    await headingFocused(page, "Check what you will share");
    const rows = byTestId(page, "readings-bloodPressure").locator("[data-testid=shared-reading]");
    await rows.first().waitFor();
    const flagged = rows.filter({ hasText: "186/121 mmHg" });
    assert.match(await flagged.getByTestId("shared-red-flag").textContent(), /^Red flag: urgent/);
    assert.equal(await rows.filter({ hasText: "128/80 mmHg" }).getByTestId("shared-red-flag").count(), 0);
    await expectNoAxeViolations(page, "share preview with a red flag");
    await page.context().close();

    // The professional's reader, from a package whose blood pressures include a red flag.
    const pro = await open({ vault: "none", shareFile: "/home/jane/Downloads/red-flag-share.age" });
    await headingFocused(pro, "Set up My Health Record");
    await byTestId(pro, "open-shared-record-start").click();
    await headingFocused(pro, "Open a shared record");
    await byTestId(pro, "choose-package").click();
    await byTestId(pro, "open-code").fill("K7QM-2XD9-4HRT-8WPA");
    await byTestId(pro, "open-share").click();
    await headingFocused(pro, "Margaret Evans");
    const reading = pro.locator("[data-testid=shared-reading]", { hasText: "186/122 mmHg" });
    assert.match(await reading.getByTestId("shared-red-flag").textContent(), /^Red flag: urgent/);
    await expectNoAxeViolations(pro, "the professional's opened record with a red flag");
    await finish(pro);
  });
});
