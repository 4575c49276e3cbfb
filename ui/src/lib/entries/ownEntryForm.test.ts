import { describe, expect, it } from "vitest";
import { emptyValues, readDate, readForm, valuesFrom } from "./ownEntryForm";
import { form } from "./test-data";

describe("ownEntryForm", () => {
  it("reads the three date boxes as one date, or nothing when all are empty", () => {
    expect(readDate({ day: "5", month: "7", year: "2024" }, "When it started")).toEqual({ iso: "2024-07-05", error: "", parts: [] });
    expect(readDate({ day: "", month: "", year: "" }, "When it started")).toEqual({ iso: null, error: "", parts: [] });
  });

  it("says which date boxes are wrong, using the kind's own date label", () => {
    expect(readDate({ day: "", month: "7", year: "2024" }, "When it started")).toEqual({ iso: null, error: "When it started must include a day", parts: ["day"] });
    expect(readDate({ day: "31", month: "2", year: "2024" }, "Taking it since").error).toBe("Taking it since must be a real date");
    expect(readDate({ day: "1", month: "2", year: "24" }, "Date").parts).toEqual(["year"]);
  });

  it("sends only the kind's own fields; empty boxes are nothing", () => {
    const v = { ...valuesFrom(form()), reaction: "rash", country: "France" };
    const read = readForm("medicine", v);
    expect(read.form).toEqual(form());
    const allergy = readForm("allergy", { ...emptyValues(), name: " Peanuts ", reaction: "Swollen lips", dose: "1 tablet" });
    expect(allergy.form).toMatchObject({ kind: "allergy", name: "Peanuts", reaction: "Swollen lips", dose: null, status: null, date: null, text: null });
  });

  it("an edit form starts from what the backend gives", () => {
    expect(valuesFrom(form())).toMatchObject({ name: "Ibuprofen 200mg tablets", day: "1", month: "5", year: "2026", medicineType: "overTheCounter", status: "current" });
  });
});

describe("a document's and a decision's form", () => {
  it("sends the chosen file's handle, the decision and what it is about only for kinds that have them", () => {
    const v = { ...emptyValues(), name: "Letter", fileHandle: "choice-1", fileName: "letter.pdf", decision: "optIn", registered: true, about: "own-3" };
    const doc = readForm("document", v).form;
    expect(doc.file).toBe("choice-1");
    expect(doc.about).toBe("own-3");
    expect(doc.decision).toBeUndefined();
    const organ = readForm("organDonation", { ...v, day: "1", month: "4", year: "2024" }).form;
    expect(organ.decision).toBe("optIn");
    expect(organ.registered).toBe(true);
    expect(organ.file).toBeUndefined();
    expect(organ.date).toBe("2024-04-01");
    expect(readForm("medicine", v).form.file).toBeUndefined();
  });
});
