// Handing a record over, in headless Chromium against the BUILT UI with the mock backend: the
// carer saves the handover file from a cared-for person's page, sees the code once, then types
// the receipt code and confirms, and the person is gone; on the first screen, someone handed
// their record chooses the file, types the code and a password, saves the recovery key and
// sees the receipt code to give back. Keyboard and axe on each screen. SHOTS=dir saves
// screenshots (default and large text) for a person to look at.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { byTestId, calls, expectNoAxeViolations, expectText, finish, headingFocused, unlockReady, useBrowser } from "./harness.mjs";

const EMMA = {
  name: "Emma Jones",
  dateOfBirth: "2010-04-01",
  nhsNumber: null,
  createdAt: "2026-11-23T14:06:00Z",
  role: {
    kind: "caredFor",
    relationship: "daughter",
    relationshipLabel: "Daughter",
    basis: "parental",
    basisLabel: "Parental responsibility",
    basisDate: "2010-04-01",
    basisRef: null,
    reviewOn: "2027-11-01",
    reviewDue: false,
  },
  roleWords: "Your daughter",
  banner: "You are looking after Emma Jones's record (your daughter).",
  prompt: null,
};

const open = useBrowser();
const SHOTS = process.env.SHOTS;
async function shot(page, name) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

describe("handing a record over", () => {
  test("the carer saves the file, sees the code once, and finishes with the receipt code (axe)", async () => {
    const page = await open({ vault: "unlocked", people: [EMMA] });
    await headingFocused(page, "People in your record");
    await page.getByRole("link", { name: "Emma Jones" }).click();
    await byTestId(page, "hand-over").waitFor();
    await shot(page, "handover-0-person");
    await byTestId(page, "hand-over").click();
    await headingFocused(page, "Hand over Emma's record");
    await shot(page, "handover-1-start");
    await expectNoAxeViolations(page, "Hand over: start");

    await byTestId(page, "handover-save").click();
    await headingFocused(page, "The handover code");
    await expectText(page, "handover-code", /K7QM-2XD9-4HRT-8WP5/);
    await expectText(page, "handover-file", /health-record-handover\.phrhandover/);
    await byTestId(page, "handover-code-pdf-button").click();
    await expectText(page, "handover-code-pdf-saved", /handover-code\.pdf[\s\S]*could open the record/);
    assert.equal((await calls(page, "save_handover_code_pdf"))[0].args.code, "K7QM-2XD9-4HRT-8WP5");
    await shot(page, "handover-2-code");
    await expectNoAxeViolations(page, "Hand over: the code");

    await byTestId(page, "handover-written").focus();
    await page.keyboard.press("Enter");
    await headingFocused(page, "Waiting for Emma's receipt code");
    assert.equal(await byTestId(page, "handover-code").count(), 0, "the code is not shown again");
    await shot(page, "handover-3-waiting");

    // A wrong receipt is refused at the field and removes nothing.
    await byTestId(page, "handover-receipt").fill("0000-0000");
    await byTestId(page, "handover-finish").click();
    await byTestId(page, "handover-confirm").click();
    await expectText(page, "handover-receipt-error", /does not match/);
    await shot(page, "handover-3-wrong-receipt");
    await expectNoAxeViolations(page, "Hand over: a wrong receipt");

    await byTestId(page, "handover-receipt").fill("7kqm 2xd9");
    await byTestId(page, "handover-finish").click();
    await expectText(page, "handover-confirm-dialog", /will be removed from this app\. This cannot be undone\./);
    await shot(page, "handover-4-confirm");
    await byTestId(page, "handover-confirm").click();
    await headingFocused(page, "People in your record");
    await page.getByText("Emma's record has been handed over and removed from this app.").waitFor();
    assert.equal((await calls(page, "handover_confirm")).length, 2);
    await finish(page);
  });

  test("someone handed their record opens it on the first screen and gets the receipt code (axe)", async () => {
    const page = await open({ vault: "none" });
    await headingFocused(page, "Set up My Health Record");
    await shot(page, "receive-0-setup");
    await byTestId(page, "receive-handover-link").click();
    await headingFocused(page, "I have been handed my record");
    await shot(page, "receive-1-form");

    // Nothing filled in: each field says what it needs.
    await byTestId(page, "handover-open").click();
    await expectText(page, "handover-code-input-error", /16 letters and numbers/);
    await byTestId(page, "choose-handover-file").click();
    await expectText(page, "handover-file-name", /health-record-handover\.phrhandover/);
    await byTestId(page, "handover-code-input").fill("K7QM-2XD9-4HRT-8WP6");
    await byTestId(page, "handover-passphrase").fill("copper meadow violin harbour");
    await byTestId(page, "handover-passphrase-confirm").fill("copper meadow violin harbour");
    await byTestId(page, "handover-open").click();
    await expectText(page, "handover-code-input-error", /does not open this file/);
    await expectNoAxeViolations(page, "Receive: a wrong code");
    await shot(page, "receive-2-wrong-code");

    await byTestId(page, "handover-code-input").fill("k7qm 2xd9 4hrt 8wp5");
    await byTestId(page, "handover-passphrase").fill("copper meadow violin harbour");
    await byTestId(page, "handover-passphrase-confirm").fill("copper meadow violin harbour");
    await byTestId(page, "handover-open").click();
    await headingFocused(page, "Save your recovery key");
    await byTestId(page, "recovery-confirm-input").fill("XYZ");
    await byTestId(page, "recovery-continue").click();
    await headingFocused(page, "Give this receipt code back");
    await expectText(page, "receipt-code", /7KQM-2XD9/);
    await shot(page, "receive-3-receipt");
    await expectNoAxeViolations(page, "Receive: the receipt code");

    // Locked for lack of use while the receipt code shows: it comes back after unlocking.
    await page.evaluate(() => {
      window.__mock.state.unlocked = false;
      window.__mock.emit("vault-locked", { exists: true, unlocked: false, vaultDir: "/x", autoLockMinutes: 5 });
    });
    await unlockReady(page);
    await byTestId(page, "unlock-passphrase").fill("copper meadow violin harbour");
    await page.keyboard.press("Enter");
    await headingFocused(page, "Give this receipt code back");
    await expectText(page, "receipt-code", /7KQM-2XD9/);
    await byTestId(page, "receipt-done").click();
    await headingFocused(page, "People in your record");
    // People shows the kept code too: she may never open her own page.
    await expectText(page, "receipt-kept-give", /Give this receipt code to Sarah: 7KQM-2XD9/);
    await shot(page, "receive-4-people-receipt-kept");
    await expectNoAxeViolations(page, "People: the kept receipt code");

    // The code is kept until she says she gave it: her page shows it, with who to give it to.
    await page.getByRole("link", { name: "Emma Jones" }).click();
    await expectText(page, "receipt-kept-give", /Give this receipt code to Sarah: 7KQM-2XD9/);
    await shot(page, "receive-4-receipt-kept");
    await expectNoAxeViolations(page, "Person: the kept receipt code");
    await page.getByRole("button", { name: "I have given the code" }).click();
    await byTestId(page, "receipt-kept").waitFor({ state: "detached" });
    assert.equal((await calls(page, "handover_receipt_given")).length, 1);
    await finish(page);
  });

  test("at the largest text size, both sides still read in order and pass axe", async () => {
    const page = await open({ vault: "unlocked", people: [EMMA] });
    await page.evaluate(() => window.localStorage.setItem("mock-text-size-percent", "200"));
    await page.reload();
    await headingFocused(page, "People in your record");
    await page.getByRole("link", { name: "Emma Jones" }).click();
    await byTestId(page, "hand-over").click();
    await headingFocused(page, "Hand over Emma's record");
    await byTestId(page, "handover-save").click();
    await headingFocused(page, "The handover code");
    await shot(page, "large-handover-code");
    await expectNoAxeViolations(page, "Hand over: the code at 200%");
    await finish(page);

    const first = await open({ vault: "none" });
    await first.evaluate(() => window.localStorage.setItem("mock-text-size-percent", "200"));
    await first.reload();
    await headingFocused(first, "Set up My Health Record");
    await byTestId(first, "receive-handover-link").click();
    await headingFocused(first, "I have been handed my record");
    await shot(first, "large-receive-form");
    await expectNoAxeViolations(first, "Receive at 200%");
    await finish(first);
  });
});
