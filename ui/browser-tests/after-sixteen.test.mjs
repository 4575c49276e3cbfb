// A child looked after with parental responsibility turns 16, in headless Chromium against the
// BUILT UI with the mock backend (whose Emma was born 16 years before its today): her page
// tells her carer that their access is paused and why; Emma opens her own access with her own
// password, reads that her carer's access stopped because she is 16, and lets Sarah carry on.
// Keyboard and axe on each screen. SHOTS=dir saves screenshots for a person to look at.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { byTestId, calls, expectNoAxeViolations, expectText, finish, headingFocused, useBrowser } from "./harness.mjs";

const SARAH = {
  name: "Sarah Jones",
  dateOfBirth: "1980-02-10",
  nhsNumber: null,
  createdAt: "2026-11-23T14:00:00Z",
  role: { kind: "me" },
  roleWords: "Me",
  banner: null,
  prompt: null,
};

// 16 years before the mock's today (23 Nov 2026, from the backend's vocabulary.json).
const EMMA = {
  name: "Emma Jones",
  dateOfBirth: "2010-11-20",
  nhsNumber: null,
  createdAt: "2026-11-23T14:06:00Z",
  role: {
    kind: "caredFor",
    relationship: "daughter",
    relationshipLabel: "Daughter",
    basis: "parental",
    basisLabel: "Parental responsibility",
    basisDate: "2010-11-20",
    basisRef: null,
    reviewOn: "2027-11-01",
    reviewDue: false,
  },
  roleWords: "Your daughter",
  banner: "You are looking after Emma Jones's record (your daughter).",
  prompt: null,
};

const OWN_PW = "kestrel pebble harbour";
const open = useBrowser();
const SHOTS = process.env.SHOTS;
async function shot(page, name) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

describe("a child at 16", () => {
  test("the carer's access is paused, and Emma lets Sarah carry on with her own password (axe)", async () => {
    const page = await open({ vault: "unlocked", people: [SARAH, EMMA] });
    const emma = await page.evaluate(() => window.__mock.state.people.find((p) => p.name === "Emma Jones").id);
    await page.evaluate(
      ([id, password]) => {
        window.__mock.state.own = { [id]: { password, hidden: [], allowed: ["readings", "import", "share", "export"], showCount: true } };
      },
      [emma, OWN_PW],
    );
    await headingFocused(page, "People in your record");
    await page.getByRole("link", { name: "Emma Jones" }).click();
    await headingFocused(page, "Emma Jones");
    await expectText(page, "care-access", /Access paused/);
    await expectText(page, "care-access", /Emma Jones turned 16 on 20 Nov 2026\. You cannot open their record unless Emma takes it over/);
    await shot(page, "sixteen-1-paused");
    await expectNoAxeViolations(page, "Person: access paused at 16");

    // Emma, at the keyboard, opens her own access with her own password.
    await byTestId(page, "own-access-open").focus();
    await page.keyboard.press("Enter");
    await headingFocused(page, "Emma: open your own access");
    await byTestId(page, "own-password").fill(OWN_PW);
    await page.keyboard.press("Enter");
    await expectText(page, "after-sixteen", /Your carer's access to your record has stopped because you are 16/);
    await shot(page, "sixteen-2-notice");
    await expectNoAxeViolations(page, "Own access: the notice at 16");

    await page.getByRole("button", { name: "Let Sarah carry on" }).click();
    await expectText(page, "after-sixteen-done", /Sarah can look after your record again, within the limits you set\./);
    assert.deepEqual((await calls(page, "continue_care_after_sixteen")).map((c) => c.args.personId), [emma]);
    assert.equal(await byTestId(page, "after-sixteen").count(), 0, "nothing left to agree to");
    await shot(page, "sixteen-3-carried-on");
    await expectNoAxeViolations(page, "Own access: after letting Sarah carry on");

    // Her carer's access is back: the pause has gone from her page.
    await byTestId(page, "own-access-banner-close").click();
    await headingFocused(page, "Emma Jones");
    assert.equal(await byTestId(page, "care-access").count(), 0);
    await finish(page);
  });
});
