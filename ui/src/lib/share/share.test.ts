import { describe, expect, it } from "vitest";
import { IpcError } from "../../ipc";
import { codeGroups, fingerprintGroups, looksComplete, spoken, tidyCode } from "./code";
import { newForm, placeOf, stepErrors, toRequest } from "./form";
import type { AppError } from "../../ipc";
import { labelInSentence, recipientLine, shareStatusTag, shareStatusText } from "./labels";
import { openFieldFor, shareMessageFor } from "./messages";
import { today } from "../../test/ipc-mock";

// Today as the backend gives it on 23 November 2026, with each preset's last day.
const TODAY = today();

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
    expect(placeOf("purpose")).toEqual({ step: "why", field: "purpose" });
    expect(placeOf(null)).toBe(null);
    // phr-app's own field names.
    expect(placeOf("recipientName")).toEqual({ step: "who", field: "name" });
    expect(placeOf("recipientKey")).toEqual({ step: "who", field: "publicKey" });
    expect(placeOf("slice")).toEqual({ step: "what", field: "categories" });
    expect(placeOf("expiresOn")).toEqual({ step: "until", field: "expiryDate" });
    expect(placeOf("recipientOdsCode")).toEqual({ step: "who", field: "odsCode" });
    expect(placeOf("sliceTo")).toEqual({ step: "what", field: "to" });
    expect(placeOf("readingsTo")).toEqual({ step: "what", field: "readingsTo" });
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

  it("keeps the backend's problems that belong to the step on screen", () => {
    const form = newForm(TODAY);
    // What the backend's check_share_request answers for an empty form (fixed test data).
    const problems: AppError[] = [
      { code: "INVALID_INPUT" as const, field: "recipientName", message: "Enter the name of the person you are sharing with." },
      { code: "INVALID_INPUT" as const, field: "recipientOdsCode", message: "An ODS code is 3 to 10 letters and numbers." },
      { code: "INVALID_INPUT" as const, field: "purpose", message: "Say why you are sharing." },
      { code: "SHARE_NOTHING_SELECTED" as const, field: "slice", message: "Choose at least one." },
      { code: "INVALID_INPUT" as const, field: "expiresOn", message: "The date must be after today." },
    ];
    expect(stepErrors("who", form, problems)).toEqual({
      name: "Enter the name of the person you are sharing with.",
      odsCode: "An ODS code is 3 to 10 letters and numbers.",
    });
    expect(stepErrors("why", form, problems)).toEqual({ purpose: "Say why you are sharing." });
    expect(stepErrors("what", form, problems).categories).toMatch(/at least one/);
    // A preset has no date field: its problem goes at the top of the step.
    expect(stepErrors("until", form, problems)).toEqual({ "": "The date must be after today." });
    form.expiry = "date";
    expect(stepErrors("until", form, problems)).toEqual({ expiryDate: "The date must be after today." });
    // Date boxes that do not make a date are said here; the backend never sees them.
    form.from = { day: "31", month: "2", year: "2026" };
    expect(stepErrors("what", form, []).from).toMatch(/real date/);
  });

  it("sends a chosen last day as typed, for the backend to check", () => {
    const form = newForm(TODAY);
    form.expiry = "date";
    form.expiryDate = { day: "30", month: "2", year: "2027" };
    expect(toRequest(form, TODAY).expiresOn).toBe("2027-02-30");
    form.expiry = "1w";
    expect(toRequest(form, TODAY).expiresOn).toBe("2026-11-30");
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
      excludeEntries: ["7"],
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
        excludeEntries: ["7"],
        whatMatters: false,
        ips: false,
      },
      expiresOn: "2027-02-23",
    });
    form.readings = [];
    expect(toRequest(form, TODAY).slice.readingsFrom).toBe(null);
  });

  it("leaves out What matters to me until it is ticked", () => {
    const form = newForm(TODAY);
    expect(form.whatMatters).toBe(false);
    expect(toRequest(form, TODAY).slice.whatMatters).toBe(false);
    form.whatMatters = true;
    expect(toRequest(form, TODAY).slice.whatMatters).toBe(true);
  });

  it("asks for an International Patient Summary only when it is ticked", () => {
    const form = newForm(TODAY);
    expect(form.ips).toBe(false);
    expect(toRequest(form, TODAY).slice.ips).toBe(false);
    form.ips = true;
    expect(toRequest(form, TODAY).slice.ips).toBe(true);
  });
});

describe("words", () => {
  it("describes the recipient, statuses and labels", () => {
    expect(recipientLine({ name: "Jane Smith", role: "Physiotherapist", organisation: "Riverside Clinic", odsCode: "RX1" })).toBe(
      "Jane Smith, Physiotherapist, Riverside Clinic (organisation code RX1)",
    );
    expect(recipientLine({ name: "Jane Smith", role: null })).toBe("Jane Smith");
    expect(shareStatusText("revoked")).toBe("Sharing stopped");
    expect(shareStatusTag("active")).toBe("nhsuk-tag--green");
    expect(labelInSentence("mentalHealth")).toBe("mental health");
    expect(labelInSentence("heldBack")).toBe("to discuss with my GP");
  });
});
