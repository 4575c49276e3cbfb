import { describe, expect, it } from "vitest";
import { IpcError } from "../../ipc";
import { codeGroups, fingerprintGroups, looksComplete, spoken, tidyCode } from "./code";
import { addMonths, daysUntil, defaultReadingsRange, expiryFor, expiryProblem } from "./expiry";
import { checkStep, newForm, placeOf, stepForField, toRequest } from "./form";
import { labelInSentence, recipientLine, shareStatusTag, shareStatusText } from "./labels";
import { openFieldFor, shareMessageFor } from "./messages";

const TODAY = { year: 2026, month: 11, day: 23 };

describe("expiry presets", () => {
  it("turn into the last day the package opens", () => {
    expect(expiryFor("1w", TODAY)).toBe("2026-11-30");
    expect(expiryFor("1m", TODAY)).toBe("2026-12-23");
    expect(expiryFor("3m", TODAY)).toBe("2027-02-23");
    expect(expiryFor("6m", TODAY)).toBe("2027-05-23");
    expect(expiryFor("1y", TODAY)).toBe("2027-11-23");
  });

  it("keep the 31st inside shorter months and cross years", () => {
    expect(expiryFor("1m", { year: 2027, month: 1, day: 31 })).toBe("2027-02-28");
    expect(expiryFor("1m", { year: 2028, month: 1, day: 31 })).toBe("2028-02-29");
    expect(expiryFor("1w", { year: 2026, month: 12, day: 28 })).toBe("2027-01-04");
    expect(addMonths({ year: 2026, month: 3, day: 15 }, -6)).toEqual({ year: 2025, month: 9, day: 15 });
  });

  it("start readings at the last 6 months", () => {
    expect(defaultReadingsRange(TODAY)).toEqual({ from: "2026-05-23", to: "2026-11-23" });
  });

  it("refuse a chosen date that is not after today or too far ahead", () => {
    expect(expiryProblem("2026-11-24", TODAY)).toBe("");
    expect(expiryProblem("2026-11-23", TODAY)).toMatch(/after today/);
    expect(expiryProblem("2029-01-01", TODAY)).toMatch(/2 years/);
    expect(expiryProblem("2026-02-30", TODAY)).toMatch(/real date/);
    expect(expiryProblem(null, TODAY)).toMatch(/real date/);
    expect(daysUntil("2026-12-23", TODAY)).toBe(30);
  });
});

describe("access code and fingerprint display", () => {
  it("splits a code into its four groups", () => {
    expect(codeGroups("K7QM-2XD9-4HRT-8WPA")).toEqual(["K7QM", "2XD9", "4HRT", "8WPA"]);
    expect(codeGroups("k7qm 2xd9")).toEqual(["K7QM", "2XD9"]);
  });

  it("groups a fingerprint by four and spells a group out", () => {
    expect(fingerprintGroups("3F2A 91C0 AB12")).toEqual(["3F2A", "91C0", "AB12"]);
    expect(fingerprintGroups("3f2a91c0")).toEqual(["3F2A", "91C0"]);
    expect(spoken("8WPA")).toBe("8 W P A");
  });

  it("tidies what a professional typed without refusing it", () => {
    expect(tidyCode("k7qm2xd94hrt8wpa")).toBe("K7QM-2XD9-4HRT-8WPA");
    expect(tidyCode(" k7qm - 2xd9 ")).toBe("K7QM-2XD9");
    expect(looksComplete("k7qm 2xd9 4hrt 8wpa")).toBe(true);
    expect(looksComplete("k7qm")).toBe(false);
  });
});

describe("error codes", () => {
  const err = (code: ConstructorParameters<typeof IpcError>[0], message = "Backend says.") => new IpcError(code, message);

  it("each refusal gets its own plain reason", () => {
    const texts = (["SHARE_WRONG_CODE", "SHARE_NOT_FOR_YOU", "SHARE_TAMPERED", "SHARE_NOT_A_PACKAGE", "SHARE_ACCESS_CODE_MALFORMED"] as const).map(
      (c) => shareMessageFor(err(c)),
    );
    expect(new Set(texts).size).toBe(texts.length);
    expect(shareMessageFor(err("SHARE_WRONG_CODE"))).toMatch(/access code does not open/);
    expect(shareMessageFor(err("SHARE_TAMPERED"))).toMatch(/changed or damaged/);
    expect(shareMessageFor(err("SHARE_NOT_FOR_YOU"))).toMatch(/someone else/);
    expect(shareMessageFor(err("SHARE_NOT_A_PACKAGE"))).toMatch(/not a shared health record/);
  });

  it("keeps the backend's words where they hold the date", () => {
    expect(shareMessageFor(err("SHARE_EXPIRED", "This shared record stopped opening on 23 Dec 2026."))).toBe(
      "This shared record stopped opening on 23 Dec 2026.",
    );
    expect(shareMessageFor(err("SHARE_EXPIRED", " "))).toMatch(/expired/);
  });

  it("puts each error on the field it is about", () => {
    expect(openFieldFor(err("SHARE_WRONG_CODE"), false)).toBe("code");
    expect(openFieldFor(err("SHARE_ACCESS_CODE_MALFORMED"), false)).toBe("code");
    expect(openFieldFor(err("SHARE_NOT_FOR_YOU"), true)).toBe("identity");
    expect(openFieldFor(err("SHARE_TAMPERED"), false)).toBe("file");
    expect(stepForField("recipient.publicKey")).toBe("who");
    expect(stepForField("purpose")).toBe("why");
    expect(stepForField("expiresOn")).toBe("until");
    expect(stepForField("slice.categories")).toBe("what");
    expect(stepForField(null)).toBe(null);
    // phr-app's own field names.
    expect(placeOf("recipientName")).toEqual({ step: "who", field: "name" });
    expect(placeOf("recipientKey")).toEqual({ step: "who", field: "publicKey" });
    expect(placeOf("slice")).toEqual({ step: "what", field: "categories" });
    expect(placeOf("expiresOn")).toEqual({ step: "until", field: "expiryDate" });
    expect(placeOf("path")).toBe(null);
  });
});

describe("the share form", () => {
  it("starts with nothing chosen, sensitive labels off and readings over 6 months", () => {
    const form = newForm(TODAY);
    expect(form.categories).toEqual([]);
    expect(form.includeSensitive).toEqual([]);
    expect(form.readingsFrom).toEqual({ day: "23", month: "5", year: "2026" });
    expect(form.expiry).toBe("1m");
  });

  it("checks each step", () => {
    const form = newForm(TODAY);
    expect(Object.keys(checkStep("who", form, TODAY))).toEqual(["name"]);
    form.name = "Jane Smith";
    form.publicKey = "not-a-key";
    form.odsCode = "R X1";
    expect(Object.keys(checkStep("who", form, TODAY)).sort()).toEqual(["odsCode", "publicKey"]);
    expect(checkStep("why", form, TODAY).purpose).toBeTruthy();
    expect(checkStep("what", form, TODAY).categories).toMatch(/at least one/);
    form.categories = ["medication"];
    form.from = { day: "1", month: "1", year: "2026" };
    form.to = { day: "1", month: "1", year: "2025" };
    expect(checkStep("what", form, TODAY).to).toMatch(/on or after/);
    form.expiry = "date";
    form.expiryDate = { day: "23", month: "11", year: "2026" };
    expect(checkStep("until", form, TODAY).expiryDate).toMatch(/after today/);
  });

  it("becomes the backend's request", () => {
    const form = newForm(TODAY);
    Object.assign(form, {
      name: " Jane Smith ",
      role: "Physiotherapist",
      odsCode: "rx1",
      purpose: "Physiotherapy for my knee",
      categories: ["medication", "allergy"],
      readings: ["bloodPressure"],
      includeSensitive: ["mentalHealth"],
      excludeEntries: [7],
      expiry: "3m",
    });
    expect(toRequest(form, TODAY)).toEqual({
      recipient: { name: "Jane Smith", role: "Physiotherapist", organisation: null, odsCode: "RX1", publicKey: null },
      purpose: "Physiotherapy for my knee",
      slice: {
        categories: ["medication", "allergy"],
        from: null,
        to: null,
        readings: ["bloodPressure"],
        readingsFrom: "2026-05-23",
        readingsTo: "2026-11-23",
        includeSensitive: ["mentalHealth"],
        excludeEntries: [7],
      },
      expiresOn: "2027-02-23",
    });
    form.readings = [];
    expect(toRequest(form, TODAY).slice.readingsFrom).toBe(null);
  });
});

describe("words", () => {
  it("describes the recipient, statuses and labels", () => {
    expect(recipientLine({ name: "Jane Smith", role: "Physiotherapist", organisation: "Riverside Clinic", odsCode: "RX1" })).toBe(
      "Jane Smith, Physiotherapist, Riverside Clinic (ODS code RX1)",
    );
    expect(recipientLine({ name: "Jane Smith", role: null })).toBe("Jane Smith");
    expect(shareStatusText("revoked")).toBe("Revoked");
    expect(shareStatusTag("active")).toBe("nhsuk-tag--green");
    expect(labelInSentence("mentalHealth")).toBe("mental health");
    expect(labelInSentence("heldBack")).toBe("to discuss with my GP");
  });
});
