// The International Patient Summary in headless Chromium against the BUILT UI, under the
// app's strict CSP, with the in-memory mock backend: an IPS about someone the app cannot
// match is asked about first (what the document says of its subject and why, nothing of the
// person's own details), imported after "Yes, add it" and not after "No"; a patient summary
// is saved leaving out a ticked label. Axe on each; keyboard to the answer.
// SHOTS=dir saves screenshots for a person to look at.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { byTestId, calls, expectNoAxeViolations, expectText, finish, headingFocused, useBrowser } from "./harness.mjs";

const SHOTS = process.env.SHOTS;
const PEOPLE = [{ name: "Margaret Evans", dateOfBirth: "1948-07-05", nhsNumber: "9434765919", createdAt: "2026-11-23T14:05:00Z" }];

const open = useBrowser();
const openApp = (mockOptions = {}) => open({ vault: "unlocked", people: PEOPLE, ...mockOptions });

async function shot(page, name) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

async function openImport(page) {
  await headingFocused(page, "People in your record");
  await page.getByRole("link", { name: "Margaret Evans" }).click();
  await byTestId(page, "open-record").click();
  await headingFocused(page, "Margaret Evans's health record");
  await byTestId(page, "record-tab-import").click();
}

describe("an International Patient Summary", () => {
  test("one about someone the app cannot match is asked about, and added only after Yes", async () => {
    const page = await openApp({ pickFiles: ["/home/sam/Downloads/ips-unmatched-madrid.json"] });
    await openImport(page);
    await byTestId(page, "choose-fhir-files").click();
    const box = byTestId(page, "subject-question");
    await box.waitFor();
    await page.waitForFunction(() => document.activeElement?.id === "subject-question-heading");
    const text = await box.textContent();
    assert.match(text, /Check who this summary is about/);
    assert.match(text, /María García López/);
    assert.match(text, /It gives no date of birth\./);
    assert.doesNotMatch(text, /Margaret|1948|943 476 5919|9434765919/, "nothing of Margaret's own details");
    assert.equal(await byTestId(page, "error-summary").count(), 0);
    await expectNoAxeViolations(page, "the IPS subject question");
    await shot(page, "ips-subject-question");

    // By keyboard: Tab to "Yes, add it" and press Enter.
    for (let i = 0; i < 10; i++) {
      if ((await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))) === "subject-yes") break;
      await page.keyboard.press("Tab");
    }
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("data-testid")), "subject-yes");
    await page.keyboard.press("Enter");
    await byTestId(page, "import-report").waitFor();
    assert.equal((await calls(page, "import_files_confirmed")).length, 1);
    assert.equal(await box.count(), 0);
    await expectNoAxeViolations(page, "the report after a confirmed IPS");
    await finish(page);
  });

  test("No imports nothing", async () => {
    const page = await openApp({ pickFiles: ["/home/sam/Downloads/ips-unmatched-madrid.json"] });
    await openImport(page);
    await byTestId(page, "choose-fhir-files").click();
    await byTestId(page, "subject-question").waitFor();
    await byTestId(page, "subject-no").click();
    await expectText(page, "import-notice", /Nothing was imported\./);
    assert.equal((await calls(page, "import_files_confirmed")).length, 0);
    await finish(page);
  });

  test("a patient summary is saved, leaving out a ticked label", async () => {
    const page = await openApp({ records: { p1: "full" } });
    await openImport(page);
    await byTestId(page, "ips-leave-out-mentalHealth").check();
    await expectNoAxeViolations(page, "the patient summary section");
    await shot(page, "ips-export");
    await byTestId(page, "export-ips").click();
    await expectText(page, "export-ips-result", /Saved a patient summary/);
    const sent = await calls(page, "export_ips");
    assert.deepEqual(sent.at(-1).args.leaveOut, ["mentalHealth"]);
    await finish(page);
  });
});
