// The record in headless Chromium against the BUILT UI, under the
// app's strict CSP, with the in-memory mock backend (1,111 synthetic entries):
// axe-core on the summary, timeline, categories, search, an entry, the label
// dialog, import, the import report and its errors; a keyboard-only path from
// the people list to an entry and back; search with Enter; drag and drop.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { byTestId, calls, expectNoAxeViolations, expectText, finish, headingFocused, tabTo, useBrowser } from "./harness.mjs";

const PEOPLE = [
  { name: "Margaret Evans", dateOfBirth: "1948-07-05", nhsNumber: "9434765919", createdAt: "2026-11-23T14:05:00Z" },
  { name: "Tom Evans", dateOfBirth: "2019-02-28", nhsNumber: null, createdAt: "2026-11-23T14:06:00Z" },
];

const open = useBrowser();
const openApp = (mockOptions = {}) => open({ vault: "unlocked", people: PEOPLE, ...mockOptions });


/** From the people list to Margaret's record (by mouse: the keyboard path has its own test). */
async function openRecord(page) {
  await headingFocused(page, "People in your record");
  await page.getByRole("link", { name: "Margaret Evans" }).click();
  await byTestId(page, "open-record").click();
  await headingFocused(page, "Margaret Evans's health record");
}

describe("the record", () => {
  test("summary, timeline, categories, search, import and an entry pass axe", async () => {
    const page = await openApp({ records: { p1: "full" } });
    await openRecord(page);
    await byTestId(page, "record-summary").waitFor();
    await expectText(page, "summary-total", /1,111 entries in total/);
    await expectText(page, "summary-allergies", /Penicillin/);
    await expectText(page, "last-import", /Demo Practice \(GP practice, organisation code A99999\)/);
    await expectNoAxeViolations(page, "record summary");

    await byTestId(page, "record-tab-timeline").click();
    await expectText(page, "timeline-count", /^Showing 50 of 1,111 entries$/);
    await expectNoAxeViolations(page, "timeline");
    // Only the loaded page is drawn.
    assert.equal(await byTestId(page, "entry-link").count(), 50);
    await byTestId(page, "show-more").click();
    await expectText(page, "timeline-count", /^Showing 100 of 1,111 entries$/);
    assert.equal(await byTestId(page, "entry-link").count(), 100);
    const more = await calls(page, "timeline");
    assert.equal(more.at(-1).args.query.cursor, "o:50");

    await byTestId(page, "filter-abnormal").check();
    await byTestId(page, "apply-filters").click();
    await expectText(page, "timeline-count", /^Showing 50 of 2\d\d entries$/);
    assert.match(await byTestId(page, "entry-flag").first().textContent(), /^(High|Low): (above|below) the normal range$/);
    await byTestId(page, "filter-from-day").fill("30");
    await byTestId(page, "filter-from-month").fill("2");
    await byTestId(page, "filter-from-year").fill("2026");
    await byTestId(page, "apply-filters").click();
    await byTestId(page, "error-summary").waitFor();
    await expectNoAxeViolations(page, "timeline filter error");

    await byTestId(page, "record-tab-categories").click();
    await byTestId(page, "category-kind").selectOption("result");
    await expectText(page, "timeline-count", /of 1,000 entries/);
    await expectNoAxeViolations(page, "categories");

    await byTestId(page, "record-tab-search").click();
    await byTestId(page, "record-search").fill("potassium");
    await expectText(page, "search-count", /50 results for "potassium"/);
    const mark = await byTestId(page, "search-snippet").first().locator("mark").first().textContent();
    assert.equal(mark, "potassium");
    await expectNoAxeViolations(page, "search");
    // A misspelling finds nothing and is offered the record's nearest word, which runs.
    await byTestId(page, "record-search").fill("potasium");
    await expectText(page, "search-count", /Nothing found for "potasium"/);
    await expectText(page, "search-suggestions", /Did you mean:/);
    await expectNoAxeViolations(page, "search suggestions");
    await byTestId(page, "search-suggestions").getByRole("button", { name: "potassium" }).click();
    await expectText(page, "search-count", /50 results for "potassium"/);

    await page.getByTestId("entry-link").first().click();
    await expectText(page, "entry-title", /Serum potassium/);
    await expectText(page, "entry-source", /Demo Practice \(GP practice, organisation code A99999\)/);
    await byTestId(page, "raw-resource").locator("summary").click();
    await expectText(page, "raw-json", /"resourceType": "Observation"/);
    await expectNoAxeViolations(page, "entry detail");
    await byTestId(page, "change-sensitivity").click();
    await byTestId(page, "sensitivity-dialog").waitFor();
    await expectNoAxeViolations(page, "change label dialog");
    await byTestId(page, "sensitivity-heldBack").check();
    await byTestId(page, "confirm-sensitivity").click();
    await expectText(page, "entry-sensitivity", /To discuss with my GP/);
    const set = await calls(page, "set_entry_sensitivity");
    assert.equal(set.length, 1);
    assert.equal(set[0].args.sensitivity, "heldBack");

    await byTestId(page, "entry-back").click();
    await expectText(page, "search-count", /results for "potassium"/);
    await byTestId(page, "record-tab-import").click();
    await byTestId(page, "connect-gp").waitFor();
    await expectText(page, "import-history", /Demo Practice/);
    await expectNoAxeViolations(page, "import");
    await finish(page);
  });

  test("keyboard only: record, timeline, an entry and back; search and Enter opens", async () => {
    const page = await openApp({ records: { p1: "full" } });
    await headingFocused(page, "People in your record");
    await page.keyboard.press("Tab");
    // The first person's link, then their page.
    for (let i = 0; i < 30; i++) {
      const name = await page.evaluate(() => document.activeElement?.textContent?.trim());
      if (name === "Margaret Evans") break;
      await page.keyboard.press("Tab");
    }
    await page.keyboard.press("Enter");
    await headingFocused(page, "Margaret Evans");
    await tabTo(page, "open-record");
    await page.keyboard.press("Enter");
    await headingFocused(page, "Margaret Evans's health record");
    await byTestId(page, "record-summary").waitFor();

    await tabTo(page, "record-tab-timeline");
    await page.keyboard.press("Enter");
    await expectText(page, "timeline-count", /Showing 50 of 1,111/);
    await tabTo(page, "entry-link");
    const opened = await page.evaluate(() => document.activeElement?.getAttribute("data-entry-id"));
    const title = await page.evaluate(() => document.activeElement?.textContent);
    await page.keyboard.press("Enter");
    await headingFocused(page, title);
    await tabTo(page, "entry-back", { back: true });
    await page.keyboard.press("Enter");
    await page.waitForFunction((id) => document.activeElement?.getAttribute("data-entry-id") === id, opened);
    assert.equal((await calls(page, "timeline")).length, 1, "the timeline was not loaded again");

    await tabTo(page, "record-tab-search", { back: true });
    await page.keyboard.press("Enter");
    await tabTo(page, "record-search");
    await page.keyboard.type("ramipril");
    await expectText(page, "search-count", /results for "ramipril"/);
    await page.keyboard.press("Enter");
    await headingFocused(page, "Ramipril 5mg capsules");
    await finish(page);
  });

  test("an empty record leads to Import; a file's report lists what was not imported", async () => {
    const page = await openApp();
    await openRecord(page);
    await expectText(page, "record-empty", /Nothing has been imported into Margaret Evans's record yet/);
    await expectNoAxeViolations(page, "empty record");
    await byTestId(page, "go-import").click();
    await byTestId(page, "choose-fhir-files").click();
    await byTestId(page, "import-report").waitFor();
    await page.waitForFunction(() => document.activeElement?.getAttribute("data-testid") === "import-report-heading");
    // The outcome first, in plain words, with what to do about the part that could not be read.
    await expectText(page, "import-report-heading", /Your record from .* is ready/);
    await expectText(page, "import-next-step", /1 part could not be read/);
    // The technical report waits behind "Details for a professional", grouped by reason.
    await page.getByText("Details for a professional").click();
    await expectText(page, "report-added", /^1,111$/);
    await expectText(page, "report-rejected", /^1$/);
    const groups = byTestId(page, "report-group");
    assert.equal(await groups.count(), 2);
    assert.match(await groups.nth(1).textContent(), /Not imported.*It has no status/s);
    await expectNoAxeViolations(page, "import report");
    // The dialog's choice, by its handle: the webview sends no path.
    const chose = await calls(page, "choose_fhir_files");
    assert.equal(chose.length, 1);
    assert.deepEqual((await calls(page, "import_files"))[0].args, { personId: "p1", choice: "choice-1" });

    // "View your summary" shows the record.
    await byTestId(page, "view-summary").click();
    await expectText(page, "summary-total", /1,111 entries in total/);
    await finish(page);
  });

  test("a malformed file and another person's record are refused in an error summary", async () => {
    const page = await openApp({ pickFiles: ["/home/sam/broken.json"] });
    await openRecord(page);
    await byTestId(page, "record-tab-import").click();
    await byTestId(page, "choose-fhir-files").click();
    await expectText(page, "error-summary", /broken\.json is not valid JSON: line 3, column 14/);
    await page.waitForFunction(() => document.activeElement?.getAttribute("data-testid") === "error-summary");
    await expectNoAxeViolations(page, "malformed file error");

    // Dropped onto the window: the webview's own drop event imports nothing; the backend keeps
    // the files and sends their handle (files-dropped), which the screen imports.
    const before = (await calls(page, "import_files")).length;
    await page.evaluate(() => window.__mock.emit("tauri://drag-drop", { paths: ["/tmp/someone-else.json"], position: { x: 10, y: 10 } }));
    await page.waitForTimeout(50);
    assert.equal((await calls(page, "import_files")).length, before, "a path from the webview's event is never sent");
    await page.evaluate(() => window.__mock.dropFiles(["/tmp/someone-else.json"]));
    // Which of Margaret Evans's details did not match; nothing of the other person's.
    await expectText(page, "error-summary", /not Margaret Evans's record: the NHS number in it is not the one in Margaret Evans's details/);
    const dropped = await calls(page, "import_files");
    assert.deepEqual(Object.keys(dropped.at(-1).args).sort(), ["choice", "personId"]);
    assert.notEqual(dropped.at(-1).args.choice, dropped.at(0).args.choice, "each choice has its own handle");
    await finish(page);
  });

  test("connect to the demo GP practice, then export", async () => {
    const page = await openApp();
    await openRecord(page);
    await byTestId(page, "record-tab-import").click();
    const practice = page.getByRole("radio", { name: "Demo Practice (sandbox)" });
    await practice.waitFor();
    assert.equal(await practice.isChecked(), true);
    await byTestId(page, "connect-gp").click();
    await byTestId(page, "import-report").waitFor();
    await page.getByText("Details for a professional").click();
    await expectText(page, "report-source", /Demo Practice \(GP practice, organisation code A99999\)/);
    const gp = await calls(page, "import_from_gp");
    assert.deepEqual(gp[0].args, { personId: "p1", url: "http://127.0.0.1:8765/fhir", stayConnected: false });

    await byTestId(page, "export-record").click();
    await expectText(page, "export-result", /Saved 1,111 resources .* to \/home\/sam\/Documents\/my-health-record-fhir\.json/);
    await finish(page);
  });

  test("stay connected to the GP practice, check for updates, then disconnect after being asked", async () => {
    const page = await openApp();
    await openRecord(page);
    await byTestId(page, "record-tab-import").click();
    await page.getByRole("radio", { name: "Demo Practice (sandbox)" }).waitFor();
    // The tick is reached and ticked with the keyboard, and says what is kept and where.
    const tick = page.getByRole("checkbox", { name: /Stay connected, so I can check for updates without signing in/ });
    await tick.focus();
    await page.keyboard.press("Space");
    assert.equal(await tick.isChecked(), true);
    await expectNoAxeViolations(page, "the connect form with Stay connected ticked");
    await byTestId(page, "connect-gp").click();
    await expectText(page, "import-connection", /The app stays connected to Demo Practice/);
    assert.equal((await calls(page, "import_from_gp"))[0].args.stayConnected, true);
    await expectText(page, "gp-connection-words", /^Connected to Demo Practice since .+\. Not checked for updates yet\.$/);
    await expectNoAxeViolations(page, "the connection panel");

    await byTestId(page, "gp-update").click();
    await expectText(page, "import-connection", /Checked Demo Practice for what changed since you last checked/);
    await expectText(page, "gp-connection-words", /Last checked for updates/);
    assert.equal((await calls(page, "update_from_gp")).length, 1);

    await byTestId(page, "gp-disconnect").click();
    const dialog = byTestId(page, "gp-disconnect-dialog");
    await dialog.getByText(/stop its access, and forget the connection/).waitFor();
    assert.equal(await byTestId(page, "gp-disconnect-cancel").evaluate((b) => b === document.activeElement), true, "Keep connected has the focus");
    await expectNoAxeViolations(page, "the disconnect question");
    await page.keyboard.press("Escape");
    assert.equal((await calls(page, "disconnect_gp")).length, 0, "closing the question disconnects nothing");
    await byTestId(page, "gp-disconnect").click();
    await byTestId(page, "gp-disconnect-confirm").click();
    await expectText(page, "gp-disconnected", /You are disconnected from Demo Practice\. The practice has stopped the app's access too\./);
    await byTestId(page, "gp-connection").waitFor({ state: "detached" });
    if (process.env.SHOTS) await page.screenshot({ path: `${process.env.SHOTS}/gp-disconnected.png`, fullPage: true });
    await finish(page);
  });
});
