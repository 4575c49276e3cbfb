// Browser tests against the BUILT UI (ui/dist), served on 127.0.0.1 with the
// app's strict CSP, in headless Chromium (Debian's /usr/bin/chromium) through
// playwright-core. The backend is the in-memory mock in mock-backend.mjs.
// Every screen is checked with axe-core; one test drives a whole flow with
// the keyboard only.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { DIST, useBrowser, finish, expectNoAxeViolations, byTestId, headingFocused, tabTo, calls, unlockReady } from "./harness.mjs";

const PEOPLE = [
  { name: "Margaret Evans", dateOfBirth: "1948-07-05", nhsNumber: "9434765919", createdAt: "2026-11-23T14:05:00Z" },
  { name: "Tom Evans", dateOfBirth: "2019-02-28", nhsNumber: null, createdAt: "2026-11-23T14:06:00Z" },
];

const openApp = useBrowser();

/** Waits (up to 5 s) until the locator matches exactly n elements. */
async function expectCount(locator, n) {
  const until = Date.now() + 5000;
  let count = await locator.count();
  while (count !== n && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 50));
    count = await locator.count();
  }
  assert.equal(count, n);
}

describe("the build", () => {
  test("has no inline scripts or styles (strict CSP)", async () => {
    const html = await readFile(join(DIST, "index.html"), "utf8");
    assert.doesNotMatch(html, /<script(?![^>]*\ssrc=)[^>]*>/, "inline <script>");
    assert.doesNotMatch(html, /<style/, "inline <style>");
    assert.doesNotMatch(html, /\sstyle=/, "style attribute");
    const { readdir } = await import("node:fs/promises");
    const assets = await readdir(join(DIST, "assets"));
    assert.ok(assets.some((f) => f.endsWith(".css")), "component CSS is emitted to a .css file");
    for (const f of assets.filter((f) => f.endsWith(".js"))) {
      const js = await readFile(join(DIST, "assets", f), "utf8");
      assert.doesNotMatch(js, /\sstyle="/, `style attribute in ${f}`);
    }
  });
});

describe("accessibility (axe-core) on each screen", () => {
  test("first-run set-up, and the recovery key screen", async () => {
    const page = await openApp({ vault: "none" });
    await headingFocused(page, "Set up My Health Record");
    await expectNoAxeViolations(page, "first-run set-up");

    // Errors on set-up: too short, with the backend's hint beside the field.
    await byTestId(page, "passphrase").fill("short");
    await page.waitForFunction(() =>
      document.querySelector("[data-testid=passphrase-strength]")?.textContent?.includes("Strength: Weak."),
    );
    await byTestId(page, "create-vault").click();
    await byTestId(page, "error-summary").waitFor();
    await expectNoAxeViolations(page, "first-run set-up with errors");

    await byTestId(page, "suggest-passphrase").click();
    await page.waitForFunction(
      () => document.querySelector("[data-testid=passphrase]")?.value === "otter lantern gravel mosaic ferry",
    );
    assert.equal(await byTestId(page, "passphrase").getAttribute("type"), "text", "suggestion is shown");
    // The hint is the backend's answer to passphrase_strength, shown as it came.
    await page.waitForFunction(() =>
      document.querySelector("[data-testid=passphrase-strength]")?.textContent?.includes("Strength: Strong."),
    );
    const asked = await calls(page, "passphrase_strength");
    assert.equal(asked.at(-1)?.args.passphrase, "otter lantern gravel mosaic ferry");
    await byTestId(page, "passphrase-confirm").fill("otter lantern gravel mosaic ferry");
    await byTestId(page, "create-vault").click();
    await headingFocused(page, "Save your recovery key");
    assert.equal(await byTestId(page, "recovery-key").textContent(), "7K3M-9QXD-2HFA-8BCD-4WRT-6JKP-XYZ");
    await expectNoAxeViolations(page, "recovery key shown");

    // The vault was made once, on submit, with the passphrase typed.
    const created = await calls(page, "create_vault");
    assert.deepEqual(created, [{ cmd: "create_vault", args: { passphrase: "otter lantern gravel mosaic ferry" } }]);

    await byTestId(page, "recovery-confirm-input").fill("ABCD");
    await byTestId(page, "recovery-continue").click();
    await byTestId(page, "error-summary").waitFor();
    await expectNoAxeViolations(page, "recovery key confirmation error");
    await finish(page);
  });

  test("restore from a backup", async () => {
    const page = await openApp({ vault: "none" });
    await byTestId(page, "restore-link").click();
    await headingFocused(page, "Restore from a backup");
    await expectNoAxeViolations(page, "restore");
    await byTestId(page, "choose-restore-file").click();
    // The file's name only: its folders stay in the backend.
    await byTestId(page, "restore-path").getByText("my-health-record.phrbackup", { exact: true }).waitFor();
    await byTestId(page, "restore-passphrase").fill("not it at all");
    await byTestId(page, "restore-submit").click();
    await byTestId(page, "error-summary").waitFor();
    await expectNoAxeViolations(page, "restore with error");
    await byTestId(page, "restore-passphrase").fill("correct horse battery");
    await byTestId(page, "restore-submit").click();
    await headingFocused(page, "People in your record");
    await finish(page);
  });

  test("unlock, unlock error and recovery", async () => {
    const page = await openApp({ vault: "locked", people: PEOPLE });
    await unlockReady(page);
    await expectNoAxeViolations(page, "unlock");

    await byTestId(page, "unlock-passphrase").fill("wrong passphrase");
    await byTestId(page, "unlock-submit").click();
    const error = byTestId(page, "unlock-error");
    await error.waitFor();
    assert.match(await error.textContent(), /That password is not right\. Check Caps Lock and try again\./);
    await expectNoAxeViolations(page, "unlock error");

    await byTestId(page, "forgot-passphrase").click();
    await headingFocused(page, "Use your recovery key");
    await expectNoAxeViolations(page, "recovery");
    await byTestId(page, "recovery-key-input").fill("7K3M-9QXD-2HFA-8BCD-4WRT-6JKP-XYY");
    await byTestId(page, "new-passphrase").fill("a brand new passphrase");
    await byTestId(page, "new-passphrase-confirm").fill("a brand new passphrase");
    await byTestId(page, "recover-submit").click();
    await byTestId(page, "error-summary").waitFor();
    await expectNoAxeViolations(page, "recovery with error");
    await byTestId(page, "recovery-key-input").fill("7k3m 9qxd 2hfa 8bcd 4wrt 6jkp xyz");
    await byTestId(page, "recover-submit").click();
    await headingFocused(page, "People in your record");
    await finish(page);
  });

  test("people list, add person with errors, person detail, edit, delete confirmation", async () => {
    const page = await openApp({ vault: "unlocked", people: PEOPLE });
    await headingFocused(page, "People in your record");
    await byTestId(page, "people-list").waitFor();
    const rows = byTestId(page, "person-row");
    await expectCount(rows, 2);
    const first = await rows.nth(0).textContent();
    assert.match(first, /Margaret Evans/);
    assert.match(first, /5 Jul 1948/);
    assert.match(first, /943 476 5919/);
    await expectNoAxeViolations(page, "people list");

    await byTestId(page, "add-person").click();
    await headingFocused(page, "Add a person");
    await expectNoAxeViolations(page, "add person");
    await byTestId(page, "dob-day").fill("31");
    await byTestId(page, "dob-month").fill("2");
    await byTestId(page, "dob-year").fill("1990");
    await byTestId(page, "nhs-number").fill("123");
    await byTestId(page, "save-person").click();
    const summary = byTestId(page, "error-summary");
    await summary.waitFor();
    const text = await summary.textContent();
    assert.match(text, /Enter the person's name/);
    assert.match(text, /real date/);
    assert.match(text, /10 digits/);
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("data-testid")), "error-summary");
    await expectNoAxeViolations(page, "add person with errors");

    // A link in the summary moves to its field.
    await summary.getByRole("link", { name: /name/ }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), "person-name");

    // An error from the backend lands next to its field.
    await byTestId(page, "person-name").fill("Ann Jones");
    await byTestId(page, "dob-day").fill("3");
    await byTestId(page, "nhs-number").fill("");
    await byTestId(page, "save-person").click();
    await page.getByText("Ann Jones has been added.").waitFor();
    await expectCount(rows, 3);

    await page.getByRole("link", { name: "Margaret Evans" }).click();
    await headingFocused(page, "Margaret Evans");
    await byTestId(page, "audit-log").waitFor();
    assert.match(await byTestId(page, "audit-log").textContent(), /Person created/);
    await byTestId(page, "verify-audit").click();
    await page.getByText(/The log is complete/).waitFor();
    await expectNoAxeViolations(page, "person detail");

    await byTestId(page, "edit-person").click();
    await headingFocused(page, "Change details for Margaret Evans");
    assert.equal(await byTestId(page, "dob-day").inputValue(), "5");
    await expectNoAxeViolations(page, "edit person");
    await byTestId(page, "person-name").fill("Margaret Ann Evans");
    await byTestId(page, "save-person").click();
    await headingFocused(page, "Margaret Ann Evans");

    await byTestId(page, "delete-person").click();
    const dialog = byTestId(page, "delete-dialog");
    await dialog.waitFor();
    await expectNoAxeViolations(page, "delete confirmation");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "confirm-name");
    // Escape closes it and focus goes back to the Delete button.
    await page.keyboard.press("Escape");
    await page.waitForFunction(() => !document.querySelector("dialog[open]"));
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("data-testid")), "delete-person");

    await byTestId(page, "delete-person").click();
    await byTestId(page, "confirm-name").fill("Margaret");
    await byTestId(page, "confirm-delete").click();
    await page.getByText(/That does not match/).waitFor();
    await expectNoAxeViolations(page, "delete confirmation with error");
    await byTestId(page, "confirm-name").fill("Margaret Ann Evans");
    await byTestId(page, "confirm-delete").click();
    await page.getByText("Margaret Ann Evans has been deleted.").waitFor();
    await expectCount(rows, 2);
    await finish(page);
  });

  test("settings: change passphrase, auto-lock, backup, vault folder", async () => {
    const page = await openApp({ vault: "unlocked", people: PEOPLE });
    await headingFocused(page, "People in your record");
    await byTestId(page, "settings-link").click();
    await headingFocused(page, "Settings");
    assert.match(await byTestId(page, "vault-dir").textContent(), /my-health-record/);
    await expectNoAxeViolations(page, "settings");

    await byTestId(page, "current-passphrase").fill("not my passphrase");
    await byTestId(page, "new-passphrase").fill("another good passphrase");
    await byTestId(page, "new-passphrase-confirm").fill("another good passphrase");
    await byTestId(page, "change-passphrase").click();
    await byTestId(page, "error-summary").waitFor();
    assert.match(await page.locator("#current-passphrase-error").textContent(), /not right/);
    await expectNoAxeViolations(page, "settings with errors");
    await byTestId(page, "current-passphrase").fill("correct horse battery");
    await byTestId(page, "change-passphrase").click();
    await byTestId(page, "passphrase-changed").waitFor();

    await byTestId(page, "auto-lock-minutes").fill("500");
    await byTestId(page, "save-auto-lock").click();
    await page.locator("#auto-lock-minutes-error").waitFor();
    await byTestId(page, "auto-lock-minutes").fill("15");
    await byTestId(page, "save-auto-lock").click();
    await page.getByText(/lock after 15 minutes/).waitFor();

    await byTestId(page, "make-backup").click();
    await page.getByText(/Backup saved \(471 KB, 2 people\)/).waitFor();
    await expectNoAxeViolations(page, "settings after backup");

    await byTestId(page, "check-record").click();
    await page.getByText("No damage found. Your record is whole.").waitFor();
    assert.equal((await calls(page, "check_record")).length, 1);
    await expectNoAxeViolations(page, "settings after the check for damage");
    await finish(page);
  });
});

describe("keyboard only", () => {
  test("create vault, confirm recovery key, add a person, lock (Ctrl+L), unlock", async () => {
    const page = await openApp({ vault: "none" });
    const kb = page.keyboard;
    await headingFocused(page, "Set up My Health Record");

    await tabTo(page, "passphrase");
    await kb.type("maple harbour quiet");
    await tabTo(page, "passphrase-confirm");
    await kb.type("maple harbour quiet");
    await kb.press("Enter");

    await headingFocused(page, "Save your recovery key");
    const key = await byTestId(page, "recovery-key").textContent();
    const last = key.split("-").pop();
    await tabTo(page, "recovery-confirm-input");
    await kb.type(last);
    await kb.press("Enter");

    await headingFocused(page, "People in your record");
    await tabTo(page, "add-person");
    await kb.press("Enter");

    await headingFocused(page, "Add a person");
    await tabTo(page, "person-name");
    await kb.type("Sam Patel");
    await kb.press("Tab");
    await kb.type("14");
    await kb.press("Tab");
    await kb.type("3");
    await kb.press("Tab");
    await kb.type("1984");
    await kb.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("data-testid")), "nhs-number");
    await kb.type("943 476 5919");
    await kb.press("Enter");

    await headingFocused(page, "People in your record");
    assert.match(await byTestId(page, "people-list").textContent(), /Sam Patel.*14 Mar 1984.*943 476 5919/s);

    await kb.press("Control+l");
    await unlockReady(page);
    assert.equal((await calls(page, "lock")).length, 1);

    await tabTo(page, "unlock-passphrase");
    await kb.type("maple harbour wrong");
    await kb.press("Enter");
    await byTestId(page, "unlock-error").waitFor();
    await tabTo(page, "unlock-passphrase", { back: true });
    await kb.press("Control+a");
    await kb.type("maple harbour quiet");
    await kb.press("Enter");
    await headingFocused(page, "People in your record");
    assert.match(await byTestId(page, "people-list").textContent(), /Sam Patel/);

    // The header's Lock button, by keyboard.
    await tabTo(page, "lock-button", { back: true });
    await kb.press("Enter");
    await unlockReady(page);
    await finish(page);
  });

  test("the delete dialog keeps Tab inside it", async () => {
    const page = await openApp({ vault: "unlocked", people: PEOPLE });
    await headingFocused(page, "People in your record");
    await page.getByRole("link", { name: "Tom Evans" }).click();
    await headingFocused(page, "Tom Evans");
    await byTestId(page, "delete-person").focus();
    await page.keyboard.press("Enter");
    await byTestId(page, "delete-dialog").waitFor();
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press("Tab");
      const inside = await page.evaluate(() => !!document.activeElement?.closest("dialog"));
      assert.ok(inside, `focus left the dialog after ${i + 1} Tab presses`);
    }
    await page.keyboard.press("Escape");
    await page.waitForFunction(() => !document.querySelector("dialog[open]"));
    await finish(page);
  });
});

describe("auto-lock", () => {
  test("locks after the idle time, and pings keep_alive at most every 30 seconds", async () => {
    const page = await openApp({ vault: "unlocked", people: PEOPLE, autoLockMinutes: 2 }, { clock: true });
    await headingFocused(page, "People in your record");
    for (let i = 0; i < 5; i++) {
      await page.mouse.move(100 + i * 10, 200);
      await page.clock.runFor(5_000);
    }
    assert.equal((await calls(page, "keep_alive")).length, 1, "one ping in 25 seconds");
    await page.mouse.move(300, 300);
    await page.clock.runFor(10_000);
    await page.mouse.move(310, 300);
    assert.equal((await calls(page, "keep_alive")).length, 2, "a second ping after 30 seconds");

    await page.clock.runFor(119_000);
    assert.equal((await calls(page, "lock")).length, 0, "not locked before 2 minutes");
    await page.clock.runFor(2_000);
    await unlockReady(page);
    assert.equal((await calls(page, "lock")).length, 1);
    assert.match(await byTestId(page, "lock-notice").textContent(), /not used for 2 minutes/);
    await finish(page);
  });

  test("the vault-locked event returns to the unlock screen", async () => {
    const page = await openApp({ vault: "unlocked", people: PEOPLE });
    await headingFocused(page, "People in your record");
    await page.evaluate(() => {
      window.__mock.state.unlocked = false;
      window.__mock.emit("vault-locked", {
        exists: true,
        unlocked: false,
        vaultDir: "/x",
        autoLockMinutes: 5,
      });
    });
    await unlockReady(page);
    await byTestId(page, "lock-notice").waitFor();
    await expectNoAxeViolations(page, "unlock after idle lock");
    await finish(page);
  });
});
