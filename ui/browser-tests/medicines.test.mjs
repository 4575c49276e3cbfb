// The summary's medicines in headless Chromium against the BUILT UI, under the app's
// strict CSP, with the mock backend: each medicine once with "Current" or "Not current" in
// words, its plans and issues in an NHS details element opened by keyboard, an issue opened
// as an entry, "No current medicines. Most recent: ..." when nothing is current, and axe-core
// on each state.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { byTestId, calls, expectNoAxeViolations, expectText, finish, headingFocused, tabTo, useBrowser } from "./harness.mjs";

const PEOPLE = [
  { name: "Jane Jackson", dateOfBirth: "1952-05-31", nhsNumber: "9434765919", createdAt: "2026-11-23T14:05:00Z" },
];

const open = useBrowser();

async function openRecord(page) {
  await headingFocused(page, "People in your record");
  await page.getByRole("link", { name: "Jane Jackson" }).click();
  await byTestId(page, "open-record").click();
  await headingFocused(page, "Jane Jackson's health record");
  await byTestId(page, "record-summary").waitFor();
}

describe("the summary's medicines", () => {
  test("current medicines, each once, with their issues behind a details element, pass axe", async () => {
    const page = await open({ vault: "unlocked", people: PEOPLE, records: { p1: "full" } });
    await openRecord(page);
    const section = byTestId(page, "summary-medications");
    await section.getByRole("heading", { name: "Current medicines" }).waitFor();
    const cards = section.getByTestId("medicine");
    assert.equal(await cards.count(), 3, "three medicines, each once (30 entries)");
    for (const tag of await section.getByTestId("medicine-current").allTextContents()) assert.equal(tag, "Current");
    assert.equal(await byTestId(page, "medicines-statement").count(), 0, "no 'none' sentence when some are current");
    await expectNoAxeViolations(page, "summary with current medicines");

    // The keyboard opens a medicine's plans and issues, and an issue opens as an entry.
    const first = cards.first();
    const name = await first.getByTestId("medicine-name").textContent();
    const details = first.getByTestId("medicine-issues");
    assert.equal(await details.getAttribute("open"), null);
    await page.mouse.move(0, 0);
    await details.locator("summary").focus();
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector("[data-testid=medicine-issues]")?.hasAttribute("open"));
    assert.equal(await details.getByTestId("medicine-issue").count(), 10);
    await expectNoAxeViolations(page, "a medicine's issues, open");
    await details.getByTestId("medicine-issue").first().getByRole("link").click();
    await expectText(page, "entry-title", new RegExp(name.trim().split(" ")[0]));
    assert.ok((await calls(page, "medicines")).length <= 1, "the full list loads at most once");
    await finish(page);
  });

  test("with nothing current, the summary names what was issued last and how long ago", async () => {
    const page = await open({ vault: "unlocked", people: PEOPLE, records: { p1: "pastMedicines" } });
    await openRecord(page);
    await expectText(
      page,
      "medicines-statement",
      /^No current medicines\. Most recent: Citalopram 20mg tablets, last issued 1 Jun 2019 \(7 years ago\); Amlodipine 10mg tablets, last issued 28 Mar 2019 \(7 years ago\); Paracetamol 500mg tablets, last issued 28 Mar 2019 \(7 years ago\)\.$/,
    );
    const section = byTestId(page, "summary-medications");
    assert.deepEqual(await section.getByTestId("medicine-name").allTextContents(), [
      "Citalopram 20mg tablets",
      "Amlodipine 10mg tablets",
      "Paracetamol 500mg tablets",
    ]);
    for (const tag of await section.getByTestId("medicine-current").allTextContents()) assert.equal(tag, "Not current");
    const citalopram = section.getByTestId("medicine").first();
    assert.match(await citalopram.getByTestId("medicine-details").textContent(), /Last issued\s*1 Jun 2019 \(7 years ago\)/);
    // Keyboard only from here: the pointer rests where the last click left it, off the list
    // (a hovered NHS link loses its underline, which axe would rightly flag).
    await page.mouse.move(0, 0);
    await tabTo(page, "medicine-issues-summary");
    await page.keyboard.press("Enter");
    assert.equal(await citalopram.getByTestId("medicine-issue").count(), 7);
    await expectNoAxeViolations(page, "summary with no current medicines");
    await finish(page);
  });
});
