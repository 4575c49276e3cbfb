import { describe, expect, it } from "vitest";
import { readPersonForm, valuesFrom } from "./person";

const ok = { name: " Ann   Jones ", day: "5", month: "7", year: "1948", nhsNumber: "" };

describe("readPersonForm", () => {
  it("builds a PersonInput for the backend to check", () => {
    expect(readPersonForm(ok)).toEqual({
      input: { name: "Ann   Jones", dateOfBirth: "1948-07-05", nhsNumber: null },
      dateError: "",
      dateParts: [],
    });
    expect(readPersonForm({ ...ok, nhsNumber: "943 476 5919" }).input.nhsNumber).toBe("9434765919");
    // Not digits: sent as typed, so the backend can say what is wrong.
    expect(readPersonForm({ ...ok, nhsNumber: "943 476 591X" }).input.nhsNumber).toBe("943 476 591X");
  });
  it("says which part of the date is missing or not a date", () => {
    expect(readPersonForm({ ...ok, month: "" })).toMatchObject({
      dateError: "Date of birth must include a month.",
      dateParts: ["month"],
    });
    expect(readPersonForm({ ...ok, day: "", month: "", year: "" }).dateError).toBe("Enter the date of birth.");
    expect(readPersonForm({ ...ok, day: "31", month: "2", year: "1990" }).dateParts).toEqual(["day"]);
    expect(readPersonForm({ ...ok, month: "13" }).dateParts).toEqual(["month"]);
    expect(readPersonForm({ ...ok, year: "48" }).dateError).toMatch(/4 numbers/);
    // Whether a real date is allowed (not in the future, not too long ago) is the backend's rule.
    expect(readPersonForm({ ...ok, year: "2027" }).dateError).toBe("");
    expect(readPersonForm({ ...ok, year: "1066" }).dateError).toBe("");
  });
  it("fills the form from a person", () => {
    expect(
      valuesFrom({
        id: "1",
        name: "Ann",
        dateOfBirth: "1948-07-05",
        nhsNumber: "943 476 5919",
        createdAt: "",
        updatedAt: "",
        role: null,
        roleWords: "Role not set",
        banner: null,
        prompt: null,
      }),
    ).toEqual({ name: "Ann", day: "5", month: "7", year: "1948", nhsNumber: "943 476 5919" });
  });
});
