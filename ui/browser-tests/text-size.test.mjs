// Text size and navigation in headless Chromium against the BUILT UI, with the mock backend:
// Ctrl + enlarges the text (a heading's rendered height grows), the Settings choice is
// remembered across a reload and applies on the unlock screen, screens open at the top with
// focus on their heading, Unlock focuses the passphrase box, and axe passes at the largest size.
// With SHOTS_DIR set, it saves screenshots of Settings and the record at the largest size.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { byTestId, active, expectNoAxeViolations, finish, headingFocused, useBrowser } from "./harness.mjs";

const PEOPLE = [
  { name: "Margaret Evans", dateOfBirth: "1948-07-05", nhsNumber: "9434765919", createdAt: "2026-11-23T14:05:00Z" },
];

const openApp = useBrowser();

/** The rendered height of the page's h1, in screen pixels. */
const headingHeight = (page) => page.evaluate(() => document.querySelector("h1")?.getBoundingClientRect().height ?? 0);
const zoom = (page) => page.evaluate(() => document.documentElement.style.zoom);

/** Waits until the <html> zoom is `value` ("" for normal). */
async function zoomIs(page, value) {
  await page.waitForFunction((v) => document.documentElement.style.zoom === v, value, { timeout: 5000 });
}

/** Nothing is wider than the window: no sideways scrolling, nothing cut off at the right. */
async function noSidewaysScroll(page, screen) {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  assert.ok(scroll <= client, `${screen} is ${scroll}px wide in a ${client}px window`);
}

async function shot(page, name) {
  const dir = process.env.SHOTS_DIR;
  if (!dir) return;
  await page.screenshot({ path: join(dir, `${name}-top.png`) });
  await page.screenshot({ path: join(dir, `${name}-full.png`), fullPage: true });
}

describe("text size", () => {
  test("Ctrl + enlarges the text, Ctrl − and Ctrl 0 make it smaller again", async () => {
    const page = await openApp({ vault: "locked" });
    await byTestId(page, "unlock-passphrase").waitFor();
    assert.equal(await active(page), "unlock-passphrase", "Unlock focuses the passphrase box");
    const normal = await headingHeight(page);
    await page.keyboard.press("Control+Equal");
    await zoomIs(page, "125%");
    await page.keyboard.press("Control+NumpadAdd");
    await zoomIs(page, "150%");
    const larger = await headingHeight(page);
    assert.ok(larger > normal * 1.4, `the heading grew from ${normal}px to ${larger}px`);
    await page.keyboard.press("Control+Minus");
    await zoomIs(page, "125%");
    await page.keyboard.press("Control+0");
    await zoomIs(page, "");
    assert.equal(await headingHeight(page), normal);
    await finish(page);
  });

  test("the Settings choice is remembered across a reload and used on the unlock screen", async () => {
    const page = await openApp({ vault: "unlocked", people: PEOPLE });
    await headingFocused(page, "People in your record");
    const normal = await headingHeight(page);
    await byTestId(page, "settings-link").click();
    await headingFocused(page, "Settings");
    await page.getByLabel("Largest").check();
    await byTestId(page, "text-size-done").waitFor();
    await zoomIs(page, "200%");
    await expectNoAxeViolations(page, "settings at the largest text size");
    await noSidewaysScroll(page, "Settings at the largest size");
    await shot(page, "settings-largest");

    await page.reload();
    await headingFocused(page, "People in your record");
    assert.equal(await zoom(page), "200%");
    assert.ok((await headingHeight(page)) > normal * 1.8, "the people heading is twice the size after a reload");

    // Locked, the unlock screen opens at the chosen size too.
    await page.keyboard.press("Control+l");
    await byTestId(page, "unlock-passphrase").waitFor();
    assert.equal(await zoom(page), "200%");
    await expectNoAxeViolations(page, "unlock at the largest text size");
    await finish(page);
  });

  test("a new screen opens at the top with focus on its heading, and the record reads at the largest size", async () => {
    const page = await openApp({ vault: "unlocked", people: PEOPLE, records: { p1: "full" } });
    await headingFocused(page, "People in your record");
    await page.keyboard.press("Control+Equal");
    await page.keyboard.press("Control+Equal");
    await page.keyboard.press("Control+Equal");
    await page.keyboard.press("Control+Equal");
    await zoomIs(page, "200%");
    await page.getByRole("link", { name: "Margaret Evans" }).click();
    await headingFocused(page, "Margaret Evans");
    // Scroll down, then open the record: it starts at the top.
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await byTestId(page, "open-record").click();
    await headingFocused(page, "Margaret Evans's health record");
    assert.equal(await page.evaluate(() => document.documentElement.scrollTop), 0);
    await byTestId(page, "record-summary").waitFor();
    await expectNoAxeViolations(page, "record summary at the largest text size");
    await noSidewaysScroll(page, "the record summary at the largest size");
    await shot(page, "record-largest");
    await finish(page);
  });
});
