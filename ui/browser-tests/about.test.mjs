// About this app, and a shared record double-clicked on the desktop, in headless Chromium
// against the BUILT UI with the mock backend: "About this app" is reached with the keyboard
// from the unlock screen and shows the backend's versions; a .phrshare the desktop opened with
// the app opens on "Open a shared record" with the file chosen. Axe on each screen.
// SHOTS=dir saves screenshots for a person to look at.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { byTestId, expectNoAxeViolations, expectText, finish, headingFocused, tabTo, unlockReady, useBrowser } from "./harness.mjs";

const SHOTS = process.env.SHOTS;
async function shot(page, name) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

describe("about this app, and a file opened from the desktop", () => {
  const open = useBrowser();

  test("About this app is reached by keyboard and shows the versions", async () => {
    const page = await open({ vault: "locked", passphrase: "otter lantern gravel" });
    await unlockReady(page);
    await tabTo(page, "about-open");
    await page.keyboard.press("Enter");
    await headingFocused(page, "About My Health Record");
    await expectText(page, "about-versions", /App version\s*0\.\d+\.\d+/);
    await expectText(page, "about-versions", /Shared record format\s*2/);
    await expectText(page, "about-privacy", /does not check for updates/);
    await expectNoAxeViolations(page, "about");
    await shot(page, "about");
    await byTestId(page, "about-back").click();
    await unlockReady(page);
    await finish(page);
  });

  test("a shared record opened from the desktop opens with the file chosen", async () => {
    const page = await open({ vault: "none", openedFile: "/home/jane/Downloads/Ada.phrshare" });
    await headingFocused(page, "Open a shared record");
    await expectText(page, "package-chosen", /^Ada\.phrshare$/);
    await expectNoAxeViolations(page, "open-share-opened");
    await shot(page, "open-share-opened");
    await finish(page);
  });
});
