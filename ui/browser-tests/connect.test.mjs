// The Connect screen (Connect to my GP practice) in headless Chromium against the BUILT UI,
// with the mock backend: the demo practice's made-up patients, each marked, added by keyboard
// and opened at their own Import page;
// the practice search by postcode and a search that finds nothing; the typed address only
// behind "My practice is not listed"; axe at each step. With SHOTS_DIR set, it saves
// screenshots of the section.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { byTestId, calls, expectNoAxeViolations, expectText, finish, headingFocused, useBrowser } from "./harness.mjs";

const PEOPLE = [
  { name: "Margaret Evans", dateOfBirth: "1948-07-05", nhsNumber: "9434765919", createdAt: "2026-11-23T14:05:00Z" },
];

const open = useBrowser();

async function shot(page, name) {
  const dir = process.env.SHOTS_DIR;
  if (!dir) return;
  await page.locator("section[aria-labelledby=import-gp-heading]").screenshot({ path: join(dir, `${name}.png`) });
}

describe("the Connect screen", () => {
  test("demo patients, practice search and the address behind an expander pass axe", async () => {
    const page = await open({ vault: "unlocked", people: PEOPLE });
    await headingFocused(page, "People in your record");
    await page.getByRole("link", { name: "Margaret Evans" }).click();
    await byTestId(page, "open-record").click();
    await headingFocused(page, "Margaret Evans's health record");
    await byTestId(page, "record-tab-import").click();

    const cards = byTestId(page, "demo-patient");
    await cards.first().waitFor();
    assert.equal(await cards.count(), 2);
    await expectText(page, "demo-patients", /Made-up person for trying the app/);
    await expectText(page, "demo-patients", /Karena Pfeffer/);
    await expectText(page, "demo-patients", /21 Dec 1994/);
    await expectText(page, "demo-patients", /900 000 0009/);
    assert.equal(await byTestId(page, "gp-url").isVisible(), false, "the typed address is hidden at first");
    await expectNoAxeViolations(page, "connect screen");
    await shot(page, "connect-start");

    // Keyboard: the add button takes focus and Enter adds the person, then opens their own
    // record at its Import page, the demo practice chosen, ready to connect.
    await page.getByRole("button", { name: /Add this person.*Karena Pfeffer/ }).focus();
    await page.keyboard.press("Enter");
    await headingFocused(page, "Karena Pfeffer's health record");
    const added = await calls(page, "add_person");
    assert.deepEqual(added[0].args.input, { name: "Karena Pfeffer", dateOfBirth: "1994-12-21", nhsNumber: "900 000 0009" });
    await byTestId(page, "connect-gp").waitFor();
    await expectText(page, "demo-patient-ready", /Karena Pfeffer is a made-up person at the demo practice/);
    assert.equal(await byTestId(page, "demo-patients").count(), 0, "the list has done its job");
    assert.equal(await byTestId(page, "gp-practice").first().isChecked(), true, "the demo practice is chosen");
    await expectNoAxeViolations(page, "the new person's Import page");
    await shot(page, "connect-new-person");

    await byTestId(page, "practice-search").fill("zz 2");
    await page.keyboard.press("Enter");
    await byTestId(page, "practice-result").first().waitFor();
    assert.equal(await byTestId(page, "practice-result").count(), 2);
    await expectNoAxeViolations(page, "practice search results");
    await shot(page, "connect-search");

    await byTestId(page, "practice-search").fill("Nowhere");
    await byTestId(page, "practice-search-button").click();
    await expectText(page, "practice-search-message", /No practice found/);

    await byTestId(page, "gp-practice-other").click();
    await byTestId(page, "gp-url").waitFor();
    await expectNoAxeViolations(page, "practice not listed");
    await shot(page, "connect-not-listed");
    await finish(page);
  });
});
