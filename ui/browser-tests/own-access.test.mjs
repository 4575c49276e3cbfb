// A cared-for person's own access, in headless Chromium against the BUILT UI with the mock
// backend: the carer sets up Margaret's own password and she sees her recovery key once; she
// opens her own access, keeps mental health private (a confirmation lists what will move),
// sees her private entry, and closes it from the banner; the carer then reads that she keeps
// some entries private, on her page and above the record's allergies and medicines. Keyboard
// and axe on each screen. SHOTS=dir saves screenshots (default and large text).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { byTestId, calls, expectNoAxeViolations, expectText, finish, headingFocused, unlockReady, useBrowser } from "./harness.mjs";

const MARGARET = {
  name: "Margaret Evans",
  dateOfBirth: "1948-03-02",
  nhsNumber: null,
  createdAt: "2026-11-23T14:06:00Z",
  role: {
    kind: "caredFor",
    relationship: "mother",
    relationshipLabel: "Mother",
    basis: "lpa",
    basisLabel: "Lasting power of attorney for health and welfare",
    basisDate: "2024-05-01",
    basisRef: "7000-0000-1234",
    reviewOn: "2027-11-01",
    reviewDue: false,
  },
  roleWords: "Your mother",
  banner: "You are looking after Margaret Evans's record (your mother).",
  prompt: null,
};

const open = useBrowser();
const SHOTS = process.env.SHOTS;
async function shot(page, name) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

async function toMargaret(page) {
  await headingFocused(page, "People in your record");
  await page.getByRole("link", { name: "Margaret Evans" }).click();
  await headingFocused(page, "Margaret Evans");
}

describe("a cared-for person's own access", () => {
  test("set up, opened, mental health kept private, closed from the banner; the carer reads the line (axe)", async () => {
    const page = await open({ vault: "unlocked", people: [MARGARET], records: { p1: "full" } });
    await toMargaret(page);
    await expectText(page, "own-access-section", /With their own password, Margaret can open their whole record/);
    await shot(page, "own-1-person-page");

    // Set up, with Margaret at the keyboard: a weak password is refused at its field.
    await byTestId(page, "own-access-set-up").focus();
    await page.keyboard.press("Enter");
    await headingFocused(page, "Set up Margaret's own password");
    await expectText(page, "own-access-keyboard", /Give the keyboard to Margaret\./);
    await byTestId(page, "own-password").fill("short");
    await byTestId(page, "own-access-submit").click();
    await expectText(page, "own-password-error", /at least 10 characters/);
    await shot(page, "own-2-set-up-refused");
    await expectNoAxeViolations(page, "Own access: set up, refused");
    await byTestId(page, "own-password").fill("kestrel pebble harbour");
    await byTestId(page, "own-access-submit").click();
    await headingFocused(page, "Save your recovery key");
    await expectText(page, "recovery-key", /QW3R/);
    await byTestId(page, "recovery-confirm-input").fill("ZXC");
    await byTestId(page, "recovery-continue").click();

    // Open it: a wrong password first.
    await headingFocused(page, "Margaret: open your own access");
    await byTestId(page, "own-password").fill("kestrel pebble harbor");
    await byTestId(page, "own-access-submit").click();
    await expectText(page, "own-password-error", /not the right password/);
    await byTestId(page, "own-password").fill("kestrel pebble harbour");
    await page.keyboard.press("Enter");
    await headingFocused(page, "What your carer can see and do");
    await expectText(page, "own-access-banner", /Margaret's own access is open/);
    await shot(page, "own-3-open");
    await expectNoAxeViolations(page, "Own access: open");

    // Keep mental health private: the confirmation says what will move before it moves.
    await byTestId(page, "hide-mentalHealth").check();
    await byTestId(page, "own-limits-save").click();
    await expectText(page, "own-limits-confirm-lines", /Entries labelled mental health will move to your private part/);
    assert.equal((await calls(page, "set_own_limits")).length, 0);
    await shot(page, "own-4-confirm");
    await byTestId(page, "own-limits-confirm-save").click();
    await expectText(page, "own-limits-saved", /1 entry is now private\./);
    await byTestId(page, "private-entries").waitFor();
    await page.locator('[data-testid^="private-entry-"]').first().click();
    await byTestId(page, "private-entry").waitFor();
    await shot(page, "own-5-private-entry");
    await expectNoAxeViolations(page, "Own access: a private entry");

    // Close from the banner: back to her page, where the carer reads the line.
    await byTestId(page, "own-access-banner-close").click();
    await headingFocused(page, "Margaret Evans");
    assert.equal(await byTestId(page, "own-access-banner").count(), 0);
    await expectText(page, "own-access-private-line", /Margaret keeps some entries private\./);
    await shot(page, "own-6-carer-after");
    await byTestId(page, "open-record").click();
    await expectText(page, "private-note", /Margaret keeps some entries private\. These lists may not show everything: ask Margaret or their GP/);
    await shot(page, "own-7-record-summary");
    await expectNoAxeViolations(page, "Record summary with the private line");
    await finish(page);
  });

  test("locking closes her own access, and the banner goes (200% text, axe)", async () => {
    const page = await open({ vault: "unlocked", people: [MARGARET], records: { p1: "full" } });
    await page.evaluate(() => window.localStorage.setItem("mock-text-size-percent", "200"));
    await page.reload();
    await page.evaluate(() => {
      window.__mock.state.own = { p1: { password: "kestrel pebble harbour", hidden: [], allowed: ["readings", "import", "share", "export"], showCount: true } };
    });
    await toMargaret(page);
    await byTestId(page, "own-access-open").click();
    await headingFocused(page, "Margaret: open your own access");
    await byTestId(page, "own-password").fill("kestrel pebble harbour");
    await byTestId(page, "own-access-submit").click();
    await headingFocused(page, "What your carer can see and do");
    await shot(page, "large-own-open");
    await expectNoAxeViolations(page, "Own access at 200%");
    await page.keyboard.press("Control+l");
    await unlockReady(page);
    assert.equal(await byTestId(page, "own-access-banner").count(), 0);
    await finish(page);
  });

  test("what she does not allow is refused with words that say who decided (axe)", async () => {
    const page = await open({ vault: "unlocked", people: [MARGARET], records: { p1: "full" } });
    await page.evaluate(() => {
      window.__mock.state.own = { p1: { password: "kestrel pebble harbour", hidden: ["mentalHealth"], allowed: ["readings"], showCount: false } };
    });
    await toMargaret(page);
    await byTestId(page, "open-record").click();
    await byTestId(page, "record-tab-import").click();
    await byTestId(page, "connect-gp").click();
    await expectText(
      page,
      "error-summary",
      /Margaret has chosen not to let you import into this record\. Only Margaret can change this, with their own password\./,
    );
    assert.equal((await calls(page, "import_from_gp")).length, 1);
    assert.equal(await page.getByText("Try again in a few minutes").count(), 0, "no advice to try again");
    await shot(page, "own-8-import-refused");
    await expectNoAxeViolations(page, "Import refused by her limits");
    await finish(page);
  });
});
