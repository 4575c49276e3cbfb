import { describe, expect, it } from "vitest";
import { parseIsoDate } from "../format";
import { checkPersonForm, nhsNumberIsValid, valuesFrom } from "./person";

const today = parseIsoDate("2026-11-23")!;
const ok = { name: " Ann   Jones ", day: "5", month: "7", year: "1948", nhsNumber: "" };

describe("checkPersonForm", () => {
  it("builds a PersonInput", () => {
    expect(checkPersonForm(ok, today)).toEqual({
      input: { name: "Ann Jones", dateOfBirth: "1948-07-05", nhsNumber: null },
      errors: {},
      dateParts: [],
    });
    expect(checkPersonForm({ ...ok, nhsNumber: "943 476 5919" }, today).input?.nhsNumber).toBe("9434765919");
  });
  it("names each problem with the backend's field names", () => {
    const r = checkPersonForm({ name: "", day: "", month: "", year: "", nhsNumber: "12" }, today);
    expect(r.input).toBeNull();
    expect(Object.keys(r.errors).sort()).toEqual(["dateOfBirth", "name", "nhsNumber"]);
  });
  it("says which part of the date is missing or wrong", () => {
    expect(checkPersonForm({ ...ok, month: "" }, today)).toMatchObject({
      errors: { dateOfBirth: "Date of birth must include a month." },
      dateParts: ["month"],
    });
    expect(checkPersonForm({ ...ok, day: "31", month: "2", year: "1990" }, today).dateParts).toEqual(["day"]);
    expect(checkPersonForm({ ...ok, month: "13" }, today).dateParts).toEqual(["month"]);
    expect(checkPersonForm({ ...ok, year: "48" }, today).errors.dateOfBirth).toMatch(/4 numbers/);
    expect(checkPersonForm({ ...ok, year: "2027" }, today).errors.dateOfBirth).toMatch(/today or in the past/);
  });
  it("checks the NHS number's check digit", () => {
    expect(nhsNumberIsValid("9434765919")).toBe(true);
    expect(nhsNumberIsValid("9434765918")).toBe(false);
    expect(checkPersonForm({ ...ok, nhsNumber: "943 476 5918" }, today).errors.nhsNumber).toMatch(/not a valid/);
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
      }),
    ).toEqual({ name: "Ann", day: "5", month: "7", year: "1948", nhsNumber: "943 476 5919" });
  });
});
