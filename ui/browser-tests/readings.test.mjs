// Readings in headless Chromium against the BUILT UI, under the
// app's strict CSP, with the in-memory mock backend: axe-core on every
// readings screen, a blood pressure added by keyboard only and found in the
// chart's table, the confirm step for an unusual value, delete and undo, and
// a device import preview with a problem line. uPlot draws on a canvas and
// sizes it through the CSSOM; finish() fails on any CSP violation.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { useBrowser, finish, expectNoAxeViolations, byTestId, active, headingFocused, tabTo, calls } from "./harness.mjs";

const PEOPLE = [{ name: "Margaret Evans", dateOfBirth: "1948-07-05", nhsNumber: "9434765919", createdAt: "2026-11-23T14:05:00Z" }];

/** A few readings over the last days, so lists and charts have something in them. */
function seedReadings() {
  const day = 86_400_000;
  const at = (daysAgo, hour) => {
    const d = new Date(Date.now() - daysAgo * day);
    d.setHours(hour, 0, 0, 0);
    return d.toISOString();
  };
  return [
    { personId: "p1", kind: "bloodPressure", at: at(3, 8), value: 132, value2: 84, pulse: 68 },
    { personId: "p1", kind: "bloodPressure", at: at(2, 8), value: 141, value2: 88, pulse: 72, note: "after coffee" },
    { personId: "p1", kind: "bloodGlucose", at: at(1, 7), value: 6.2, unit: "mmol/L", context: "fasting" },
    { personId: "p1", kind: "weight", at: at(1, 7), value: 71.4, unit: "kg" },
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

describe("readings: accessibility (axe-core) on each screen", () => {
  test("home, quick add, list, chart, device import, blood pressure week", async () => {
    const page = await openApp();
    await openReadings(page);
    await byTestId(page, "latest-bloodPressure").waitFor();
    await expectNoAxeViolations(page, "readings home");

    await byTestId(page, "add-reading").click();
    await headingFocused(page, "Add a reading: Blood pressure");
    await expectNoAxeViolations(page, "quick add (blood pressure)");
    await byTestId(page, "reading-value").fill("120");
    await byTestId(page, "reading-value2").fill("130");
    await byTestId(page, "save-reading").click();
    await page.locator("#reading-value2-error").waitFor();
    await expectNoAxeViolations(page, "quick add with an error");

    await byTestId(page, "readings-back").click();
    await headingFocused(page, "Readings for Margaret Evans");
    await byTestId(page, "reading-kind").selectOption("bloodGlucose");
    await byTestId(page, "add-reading").click();
    await headingFocused(page, "Add a reading: Blood glucose");
    await expectNoAxeViolations(page, "quick add (glucose)");

    await byTestId(page, "readings-back").click();
    await byTestId(page, "readings-list-link").click();
    await headingFocused(page, "All readings");
    await byTestId(page, "readings-table").waitFor();
    await expectNoAxeViolations(page, "readings list");
    await byTestId(page, "edit-reading").first().click();
    await headingFocused(page, "Change a reading");
    await expectNoAxeViolations(page, "edit a reading");
    await byTestId(page, "cancel-reading").click();
    await headingFocused(page, "All readings");

    await byTestId(page, "readings-back").click();
    await byTestId(page, "open-chart").click();
    await headingFocused(page, "Blood pressure chart");
    await byTestId(page, "chart-table").waitFor();
    await page.locator("[data-testid=reading-chart] canvas").waitFor();
    await page.getByText(/Your target range for blood pressure/).click();
    await expectNoAxeViolations(page, "chart with table and target form");

    await byTestId(page, "readings-back").click();
    await byTestId(page, "device-import-link").click();
    await headingFocused(page, "Import readings from a device");
    await expectNoAxeViolations(page, "device import");
    await byTestId(page, "choose-device-file").click();
    await byTestId(page, "preview-device-file").click();
    await byTestId(page, "device-preview").waitFor();
    await expectNoAxeViolations(page, "device import preview");

    await byTestId(page, "readings-back").click();
    await byTestId(page, "bp-week-link").click();
    await headingFocused(page, "Blood pressure week");
    await byTestId(page, "start-bp-week").waitFor();
    await expectNoAxeViolations(page, "blood pressure week, not started");
    await byTestId(page, "start-bp-week").click();
    await byTestId(page, "bp-week-grid").waitFor();
    await expectNoAxeViolations(page, "blood pressure week, under way");
    await finish(page);
  });

  test("the blood pressure week's summary, saved as a PDF and opened to print", async () => {
    const page = await openApp({ bpWeek: "complete" });
    await openReadings(page);
    await byTestId(page, "bp-week-link").click();
    await headingFocused(page, "Blood pressure week");
    const average = byTestId(page, "bp-average");
    await average.waitFor();
    assert.match(await average.textContent(), /138\/86 mmHg/);
    assert.match(await average.textContent(), /above 135\/85 mmHg/);
    assert.match(await average.textContent(), /first day was left out/);
    await expectNoAxeViolations(page, "blood pressure week summary");
    await byTestId(page, "bp-week-pdf-button").click();
    const saved = byTestId(page, "bp-week-pdf-saved");
    await saved.waitFor();
    assert.match(await saved.textContent(), /Saved as bp-week\.pdf/);
    assert.match(await saved.textContent(), /not encrypted/);
    await expectNoAxeViolations(page, "blood pressure week, PDF saved");
    await byTestId(page, "bp-week-pdf-open").click();
    // The open command answers after the click returns.
    await page.waitForFunction(() => (window.__mock.state.pdfs || []).some((p) => p.opened));
    const pdfs = await page.evaluate(() => window.__mock.state.pdfs);
    assert.deepEqual(
      pdfs.map((p) => p.saved ?? "opened"),
      ["bp-week", "opened"],
    );
    await finish(page);
  });
});

describe("readings: GP and home readings on one chart", () => {
  test("a GP blood pressure beside home ones, in the key and the table twin, with the guideline behind details (axe)", async () => {
    const gpAt = new Date(Date.now() - 5 * 86_400_000);
    gpAt.setHours(10, 15, 0, 0);
    const page = await openApp({ gpReadings: [{ personId: "p1", kind: "bloodPressure", at: gpAt.toISOString(), value: 146, value2: 91 }] });
    await openReadings(page);
    await byTestId(page, "open-chart").click();
    await headingFocused(page, "Blood pressure chart");
    await page.locator("[data-testid=reading-chart] canvas").waitFor();
    assert.match(await byTestId(page, "legend-gp").textContent(), /At the GP/);
    const gpRows = await byTestId(page, "chart-gp-row").allTextContents();
    assert.equal(gpRows.length, 1);
    assert.match(gpRows[0], /At the GP/);
    assert.match(gpRows[0], /146/);
    const homeRows = await byTestId(page, "chart-row").allTextContents();
    assert.ok(homeRows.length >= 2 && homeRows.every((r) => /At home/.test(r)), homeRows.join(" | "));
    assert.match(await page.getByRole("list", { name: "Key to the chart" }).textContent(), /Home blood pressure target/);
    await page.getByText(/Where the lines come from/).click();
    assert.equal(
      await byTestId(page, "threshold-details").getByRole("link", { name: /NICE guideline NG136/ }).getAttribute("href"),
      "https://www.nice.org.uk/guidance/ng136/chapter/Recommendations",
    );
    await expectNoAxeViolations(page, "chart with GP and home readings");
    await finish(page);
  });

  test("readings from long ago: the chart opens on the period that holds them, with Earliest and Latest", async () => {
    const old = (daysAgo) => {
      const d = new Date(Date.now() - daysAgo * 86_400_000);
      d.setHours(9, 0, 0, 0);
      return d.toISOString();
    };
    const page = await open({
      vault: "unlocked",
      people: PEOPLE,
      readings: [
        { personId: "p1", kind: "weight", at: old(400), value: 72.5, unit: "kg" },
        { personId: "p1", kind: "weight", at: old(200), value: 71.0, unit: "kg" },
        { personId: "p1", kind: "weight", at: old(190), value: 70.4, unit: "kg" },
      ],
    });
    await openReadings(page);
    await byTestId(page, "open-chart").first().click();
    await page.waitForFunction(() => /chart$/.test(document.querySelector("h1")?.textContent?.trim() ?? ""));
    await byTestId(page, "chart-kind").selectOption("weight");
    const table = byTestId(page, "chart-table");
    await table.waitFor();
    assert.equal((await table.getByTestId("chart-row").allTextContents()).length, 2, "the month ending on the latest reading");
    assert.equal(await byTestId(page, "chart-empty").count(), 0);
    await byTestId(page, "jump-earliest").click();
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=chart-row]").length === 1);
    await expectNoAxeViolations(page, "chart after a jump to the earliest readings");
    await byTestId(page, "jump-latest").click();
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=chart-row]").length === 2);
    await finish(page);
  });
});

describe("readings: flows", () => {
  test("add a blood pressure by keyboard only, then see it in the chart's table", async () => {
    const page = await openApp();
    const kb = page.keyboard;
    await openReadings(page);
    await tabTo(page, "add-reading");
    await kb.press("Enter");
    await headingFocused(page, "Add a reading: Blood pressure");
    await tabTo(page, "reading-value");
    await kb.type("127");
    await kb.press("Tab");
    assert.equal(await active(page), "reading-value2");
    await kb.type("81");
    await kb.press("Tab");
    assert.equal(await active(page), "reading-pulse");
    await kb.type("66");
    await kb.press("Enter");
    await byTestId(page, "reading-added").getByText(/Added 127\/81 mmHg, pulse 66/).waitFor();
    // Ready for the second reading, a minute later.
    await page.waitForFunction(() => document.activeElement?.getAttribute("data-testid") === "reading-value");
    assert.equal(await byTestId(page, "reading-value").inputValue(), "");
    const added = await calls(page, "add_reading");
    assert.equal(added.length, 1);
    assert.deepEqual(
      { kind: added[0].args.input.kind, value: added[0].args.input.value, value2: added[0].args.input.value2, pulse: added[0].args.input.pulse },
      { kind: "bloodPressure", value: 127, value2: 81, pulse: 66 },
    );
    assert.match(added[0].args.input.at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00[+-]\d{2}:\d{2}$/);

    await tabTo(page, "added-see-chart");
    await kb.press("Enter");
    await headingFocused(page, "Blood pressure chart");
    const table = byTestId(page, "chart-table");
    await table.waitFor();
    const rows = await table.getByTestId("chart-row").allTextContents();
    assert.equal(rows.length, 3);
    assert.ok(rows.some((r) => /127/.test(r) && /81/.test(r)), `127/81 in the chart table: ${rows.join(" | ")}`);
    await page.locator("[data-testid=reading-chart] canvas").first().waitFor();
    const series = await calls(page, "chart_series");
    assert.ok(series.at(-1).args.maxPoints >= 100, "asks for about one point per pixel");

    // A range picker, by keyboard.
    await tabTo(page, "range-month");
    await kb.press("ArrowRight");
    await page.waitForFunction(() => document.activeElement?.getAttribute("data-testid") === "range-3months");
    await page.waitForFunction(() => window.__mock.calls.filter((c) => c.cmd === "chart_series").length >= 2);
    await finish(page);
  });

  test("an unusual value asks for confirmation, then is kept", async () => {
    const page = await openApp();
    await openReadings(page);
    await byTestId(page, "add-reading").click();
    await headingFocused(page, "Add a reading: Blood pressure");
    await byTestId(page, "reading-value").fill("200");
    await byTestId(page, "reading-value2").fill("95");
    await byTestId(page, "reading-value2").press("Enter");
    const dialog = byTestId(page, "confirm-dialog");
    await dialog.waitFor();
    assert.equal(await byTestId(page, "confirm-message").textContent(), "This is unusually high. Is 200 mmHg right?");
    // The safe answer has the focus; keeping the value takes a deliberate move to "Yes, it is right".
    assert.equal(await active(page), "change-reading");
    await expectNoAxeViolations(page, "confirm an unusual reading");
    await page.keyboard.press("Tab");
    assert.equal(await active(page), "confirm-reading");
    await page.keyboard.press("Enter");
    await byTestId(page, "reading-added").getByText(/marked as unusual/).waitFor();
    const added = await calls(page, "add_reading");
    assert.deepEqual(added.map((c) => c.args.input.confirm), [false, true]);
    await finish(page);
  });

  test("delete a reading, then undo it from the keyboard", async () => {
    const page = await openApp();
    await openReadings(page);
    await byTestId(page, "readings-list-link").click();
    await headingFocused(page, "All readings");
    const rows = byTestId(page, "reading-row");
    await rows.first().waitFor();
    assert.equal(await rows.count(), 4);
    const first = await rows.first().textContent();
    await byTestId(page, "delete-reading").first().click();
    await byTestId(page, "undo-banner").waitFor();
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=reading-row]").length === 3);
    assert.equal(await active(page), "undo-delete", "focus moves to Undo");
    await expectNoAxeViolations(page, "readings list with undo");
    await page.keyboard.press("Enter");
    await byTestId(page, "restored-notice").waitFor();
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=reading-row]").length === 4);
    assert.equal(await rows.first().textContent(), first);
    assert.equal((await calls(page, "restore_reading")).length, 1);
    await finish(page);
  });

  test("device import: a preview with a problem line, then the import", async () => {
    const page = await openApp();
    await openReadings(page);
    await byTestId(page, "device-import-link").click();
    await headingFocused(page, "Import readings from a device");
    await byTestId(page, "choose-device-file").click();
    await byTestId(page, "device-file-path").getByText("clarity-export.csv", { exact: true }).waitFor();
    await byTestId(page, "preview-device-file").click();
    await byTestId(page, "device-preview").waitFor();
    assert.match(await byTestId(page, "preview-format").textContent(), /Dexcom CLARITY/);
    assert.match(await byTestId(page, "preview-readable").textContent(), /3 readings/);
    const problem = byTestId(page, "problem-row");
    assert.equal(await problem.count(), 1);
    assert.match(await problem.textContent(), /14.*'High' is not a number/);
    assert.equal((await calls(page, "import_device_file")).length, 0, "nothing stored before Import");
    assert.equal(await byTestId(page, "sample-row").count(), 3);

    await byTestId(page, "import-device-file").click();
    await byTestId(page, "device-result").waitFor();
    assert.match(await byTestId(page, "result-added").textContent(), /3 readings added/);
    assert.match(await byTestId(page, "result-problems").textContent(), /1 line could not be read/);
    await byTestId(page, "device-import-done").click();
    await headingFocused(page, "Readings for Margaret Evans");
    assert.match(await byTestId(page, "readings-notice").textContent(), /Imported 3 readings from clarity-export\.csv/);

    // The same file again adds nothing twice.
    await byTestId(page, "device-import-link").click();
    await byTestId(page, "choose-device-file").click();
    await byTestId(page, "preview-device-file").click();
    await byTestId(page, "device-preview").waitFor();
    assert.match(await byTestId(page, "preview-duplicates").textContent(), /3 readings/);
    await finish(page);
  });

  test("a file naming someone else asks first (No, cancel focused), then undo from the import history", async () => {
    const page = await openApp({ deviceFile: "/home/sam/Downloads/someone-else-clarity.csv" });
    await openReadings(page);
    await byTestId(page, "device-import-link").click();
    await byTestId(page, "choose-device-file").click();
    await byTestId(page, "preview-device-file").click();
    await byTestId(page, "device-preview").waitFor();
    const warning = await byTestId(page, "preview-other-person").textContent();
    assert.match(warning, /do not match Margaret's\. Import it anyway\?/);
    await expectNoAxeViolations(page, "device import preview of someone else's file");

    // The question: "No, cancel" has the focus, so Enter keeps the file out.
    await byTestId(page, "import-device-file").click();
    await byTestId(page, "owner-dialog").getByText("Is this file yours?").waitFor();
    assert.equal(await active(page), "owner-cancel");
    await expectNoAxeViolations(page, "the question before importing someone else's file");
    await page.keyboard.press("Enter");
    assert.match(await byTestId(page, "device-notice").textContent(), /Nothing was imported/);
    assert.deepEqual((await calls(page, "import_device_file")).map((c) => c.args.confirmOwner), [false]);

    // Asked again, "Yes, import it anyway".
    await byTestId(page, "import-device-file").click();
    await byTestId(page, "owner-confirm").click();
    await byTestId(page, "device-result").waitFor();
    assert.deepEqual((await calls(page, "import_device_file")).map((c) => c.args.confirmOwner), [false, false, true]);
    assert.match(await byTestId(page, "result-added").textContent(), /3 readings added/);
    await byTestId(page, "device-import-done").click();
    await headingFocused(page, "Readings for Margaret Evans");

    // The record's import history: undo it, after a warning that says how many go.
    await byTestId(page, "readings-back").click();
    await byTestId(page, "open-record").click();
    await headingFocused(page, "Margaret Evans's health record");
    await byTestId(page, "record-tab-import").click();
    const row = byTestId(page, "import-history-row").first();
    assert.match(await row.textContent(), /Dexcom CLARITY \(someone-else-clarity\.csv\).*This file named someone else\. You said it is Margaret Evans's\..*3 readings added/);
    await row.getByRole("button", { name: /Undo this import/ }).click();
    await byTestId(page, "undo-dialog").getByText("Undo this import?").waitFor();
    assert.equal(await active(page), "undo-cancel", "the safe answer has the focus");
    assert.match(await byTestId(page, "undo-consequence").textContent(), /This will remove 3 readings from Margaret Evans's record\./);
    await expectNoAxeViolations(page, "undo an import: the warning");
    await byTestId(page, "undo-confirm").click();
    await byTestId(page, "undo-done").waitFor();
    assert.equal(await active(page), "undo-done");
    assert.match(await byTestId(page, "undo-done").textContent(), /Import undone.*3 readings were removed from Margaret Evans's record\./);
    assert.match(await byTestId(page, "import-undone-tag").textContent(), /Undone/);
    await expectNoAxeViolations(page, "import history after an undo");
    const undo = await calls(page, "undo_import");
    assert.equal(undo.length, 1);
    assert.equal((await calls(page, "preview_undo_import")).length, 1);
    assert.equal(await page.evaluate(() => window.__mock.state.readings.filter((r) => r.importId).length), 0, "its readings are gone");
    await finish(page);
  });

  test("a generic CSV asks which columns hold what", async () => {
    const page = await openApp({ deviceFile: "/home/sam/generic-weights.csv" });
    await openReadings(page);
    await byTestId(page, "device-import-link").click();
    await byTestId(page, "choose-device-file").click();
    await byTestId(page, "preview-device-file").click();
    await byTestId(page, "mapping-form").waitFor();
    await expectNoAxeViolations(page, "device import column mapping");
    assert.equal(await byTestId(page, "map-time").inputValue(), "When");
    await byTestId(page, "apply-mapping").click();
    await byTestId(page, "device-preview").waitFor();
    const previews = await calls(page, "preview_device_file");
    assert.equal(previews.at(-1).args.mapping.timeColumn, "When");
    assert.equal(previews.at(-1).args.format, "genericCsv");
    await finish(page);
  });
});
