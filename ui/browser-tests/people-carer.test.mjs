// A carer's People and a cared-for person's record in headless Chromium against the BUILT UI,
// under the app's strict CSP, with the mock backend: People says who is "Me" and who is cared
// for ("Your mother") with a due review's prompt, and every screen of the mother's record says
// whose record it is; axe-core on each.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { byTestId, expectNoAxeViolations, expectText, finish, headingFocused, useBrowser } from "./harness.mjs";

const caredFor = {
  kind: "caredFor",
  relationship: "mother",
  relationshipLabel: "Mother",
  basis: "lpa",
  basisLabel: "Lasting power of attorney for health and welfare",
  basisDate: "2025-11-01",
  basisRef: "7000-0000-1234",
  reviewOn: "2026-11-01",
  reviewDue: true,
};
// The role's words as the backend gives them (crates/phr-app/tests/people_roles.rs checks them).
const PEOPLE = [
  {
    name: "Ada Lovelace",
    dateOfBirth: "1958-07-05",
    nhsNumber: null,
    createdAt: "2026-11-23T14:05:00Z",
    role: { ...caredFor, kind: "me", relationship: null, relationshipLabel: null, basis: null, basisLabel: null, basisDate: null, basisRef: null, reviewOn: null, reviewDue: false },
    roleWords: "Me",
    banner: null,
    prompt: null,
  },
  {
    name: "Margaret Jones",
    dateOfBirth: "1930-02-03",
    nhsNumber: "9434765919",
    createdAt: "2026-11-23T14:06:00Z",
    role: caredFor,
    roleWords: "Your mother",
    banner: "You are looking after Margaret Jones's record (your mother).",
    prompt: "It is time to check that you still have the right to look after Margaret Jones's record.",
  },
];

const open = useBrowser();

describe("a carer's people", () => {
  test("People says who is me and who is cared for, and the mother's record says whose it is (axe)", async () => {
    const page = await open({ vault: "unlocked", people: PEOPLE, records: { p2: "full" } });
    await headingFocused(page, "People in your record");
    const rows = byTestId(page, "person-row");
    await rows.first().waitFor();
    const roles = await byTestId(page, "person-role").allTextContents();
    assert.deepEqual([...roles].sort(), ["Me", "Your mother"]);
    await expectText(page, "person-prompt", /time to check/);
    await expectText(page, "person-review-due", /Review due/);
    assert.equal(await byTestId(page, "record-banner").count(), 0, "no banner on People");
    await expectNoAxeViolations(page, "People with roles");

    await page.getByRole("link", { name: "Margaret Jones" }).click();
    await expectText(page, "record-banner", /You are looking after Margaret Jones's record \(your mother\)\./);
    await expectNoAxeViolations(page, "a cared-for person's page with the banner");
    // The review is due: the carer confirms the right, and the page says when the next one is.
    await expectText(page, "review-due", /Review due.*The reason you gave: Lasting power of attorney/);
    await expectNoAxeViolations(page, "a cared-for person's page with the review due");
    await byTestId(page, "confirm-review").click();
    await expectText(page, "review-done", /The next review is on/);
    assert.equal(await byTestId(page, "review-due").count(), 0, "the review is no longer asked for");
    assert.doesNotMatch(await byTestId(page, "record-banner").textContent(), /time to check/, "nor in the banner");
    await expectNoAxeViolations(page, "the review recorded");
    await byTestId(page, "open-record").click();
    await headingFocused(page, "Margaret Jones's health record");
    await expectText(page, "record-banner", /your mother/);
    await expectNoAxeViolations(page, "a cared-for person's record with the banner");

    // The switcher in the header region says whose record is open and opens another by keyboard.
    await expectText(page, "person-switcher-current", /Margaret Jones \(Your mother\)/);
    await byTestId(page, "person-switcher-select").selectOption({ label: "Ada Lovelace (Me)" });
    await byTestId(page, "person-switcher-open").focus();
    await page.keyboard.press("Enter");
    await headingFocused(page, "Ada Lovelace");
    await expectText(page, "person-switcher-current", /Ada Lovelace \(Me\)/);
    assert.equal(await byTestId(page, "record-banner").count(), 0, "no banner on the holder's own record");
    await finish(page);
  });

  test("the add form asks whose record it is, and reveals the carer's questions (axe)", async () => {
    const page = await open({ vault: "unlocked", people: PEOPLE });
    await headingFocused(page, "People in your record");
    await byTestId(page, "add-person").click();
    await headingFocused(page, "Add a person");
    await byTestId(page, "role-me").waitFor();
    assert.equal(await byTestId(page, "relationship").count(), 0, "the carer's questions are hidden until chosen");
    await byTestId(page, "role-caredFor").focus();
    await page.keyboard.press("Space");
    await byTestId(page, "relationship").waitFor();
    await byTestId(page, "basis-lpa").check();
    await byTestId(page, "basis-ref").waitFor();
    await expectNoAxeViolations(page, "the person form with the carer's questions");
    await finish(page);
  });

  test("the holder's own record has no banner", async () => {
    const page = await open({ vault: "unlocked", people: PEOPLE });
    await headingFocused(page, "People in your record");
    await page.getByRole("link", { name: "Ada Lovelace" }).click();
    await headingFocused(page, "Ada Lovelace");
    assert.equal(await byTestId(page, "record-banner").count(), 0);
    await finish(page);
  });
});
