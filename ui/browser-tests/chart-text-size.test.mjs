// The readings chart at the default and the largest text size, in headless Chromium against
// the BUILT UI: the text size is a CSS zoom on <html>, and the chart's cursor must sit under
// the pointer at every size (at 200% it used to run off to the newest reading wherever the
// pointer was), with the time axis's labels apart from each other.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { useBrowser, finish, byTestId, headingFocused } from "./harness.mjs";

const PEOPLE = [{ name: "Margaret Evans", dateOfBirth: "1948-07-05", nhsNumber: "9434765919", createdAt: "2026-11-23T14:05:00Z" }];

/** Two glucose readings a day for the last week, the newest a minute ago (so today has some). */
function seedReadings() {
  const rows = [];
  const now = Date.now();
  for (let i = 0; i < 14; i++) {
    rows.push({ personId: "p1", kind: "bloodGlucose", at: new Date(now - 60_000 - i * 12 * 3_600_000).toISOString(), value: 5 + (i % 4), unit: "mmol/L" });
  }
  return rows;
}

const open = useBrowser();

/** Opens the glucose chart for the week at `percent` text size. */
async function openChart(percent) {
  const page = await open({ vault: "unlocked", people: PEOPLE, readings: seedReadings() });
  if (percent !== 100) {
    await page.evaluate((n) => window.localStorage.setItem("mock-text-size-percent", String(n)), percent);
    await page.reload();
  }
  await headingFocused(page, "People in your record");
  await page.getByRole("link", { name: "Margaret Evans" }).click();
  await headingFocused(page, "Margaret Evans");
  await byTestId(page, "open-readings").click();
  await headingFocused(page, "Readings for Margaret Evans");
  await byTestId(page, "reading-kind").selectOption("bloodGlucose");
  await byTestId(page, "open-chart").click();
  await page.locator("[data-testid=reading-chart] canvas").waitFor();
  await byTestId(page, "range-week").check();
  await page.locator("[data-testid=reading-chart] .u-over").waitFor();
  await page.waitForTimeout(300);
  return page;
}

describe("readings chart: the cursor follows the pointer at every text size", () => {
  for (const percent of [100, 200]) {
    test(`at ${percent}%`, async () => {
      const page = await openChart(percent);
      const chart = byTestId(page, "reading-chart");
      await chart.scrollIntoViewIfNeeded();
      const over = await page.locator("[data-testid=reading-chart] .u-over").boundingBox();
      assert.ok(over && over.width > 300, "the plot is drawn across the page");
      // Points at 30% and 70% across: the cursor line is under the pointer each time.
      for (const at of [0.3, 0.7]) {
        const x = over.x + over.width * at;
        await page.mouse.move(x, over.y + over.height / 2);
        await page.waitForTimeout(100);
        const line = await page.locator("[data-testid=reading-chart] .u-cursor-x").boundingBox();
        assert.ok(line && Math.abs(line.x - x) <= 2, `at ${percent}%, the cursor line is at ${line?.x}, the pointer at ${x}`);
      }
      await finish(page);
    });
  }
});
