// Turning the add/edit person form into a PersonInput. The rules for a person's
// details (name length, earliest date of birth, the NHS number's check digit) live in
// the backend, which the form asks (`checkPerson`); here is only reading the three
// date boxes as one date, which is how the form is laid out.
import type { Person, PersonInput } from "../ipc";
import { daysInMonth, nhsDigits, parseIsoDate, toIsoDate } from "../format";

export interface PersonFormValues {
  name: string;
  day: string;
  month: string;
  year: string;
  nhsNumber: string;
}

export type DatePart = "day" | "month" | "year";

/** The form read as the backend takes it, and what could not be read from the date boxes. */
export interface PersonFormInput {
  input: PersonInput;
  /** Why the date boxes do not make a date (the backend never sees a half-typed date). */
  dateError: string;
  /** Which date boxes are wrong (for red borders). */
  dateParts: DatePart[];
}

export function valuesFrom(person: Person | null): PersonFormValues {
  if (!person) return { name: "", day: "", month: "", year: "", nhsNumber: "" };
  const d = parseIsoDate(person.dateOfBirth);
  return {
    name: person.name,
    day: d ? String(d.day) : "",
    month: d ? String(d.month) : "",
    year: d ? String(d.year) : "",
    nhsNumber: person.nhsNumber ?? "",
  };
}

/** The three date boxes as `YYYY-MM-DD`, or which boxes are missing or not a calendar date. */
function readDate(v: PersonFormValues): { iso: string; error: string; parts: DatePart[] } {
  const parts = { day: v.day.trim(), month: v.month.trim(), year: v.year.trim() };
  const all: DatePart[] = ["day", "month", "year"];
  const missing = all.filter((p) => !parts[p]);
  if (missing.length === 3) return { iso: "", error: "Enter the date of birth.", parts: [] };
  if (missing.length > 0) {
    return { iso: "", error: `Date of birth must include a ${missing.join(" and a ")}.`, parts: missing };
  }
  const notNumbers = all.filter((p) => !/^\d+$/.test(parts[p]));
  if (notNumbers.length > 0) return { iso: "", error: "Date of birth must be a real date, in numbers.", parts: notNumbers };
  const d = { day: Number(parts.day), month: Number(parts.month), year: Number(parts.year) };
  if (parts.year.length !== 4) return { iso: "", error: "Year must include 4 numbers.", parts: ["year"] };
  if (d.month < 1 || d.month > 12) return { iso: "", error: "Date of birth must be a real date.", parts: ["month"] };
  if (d.day < 1 || d.day > daysInMonth(d.year, d.month)) {
    return { iso: "", error: "Date of birth must be a real date.", parts: ["day"] };
  }
  return { iso: toIsoDate(d), error: "", parts: [] };
}

/** The form as a PersonInput for the backend to check and save. */
export function readPersonForm(v: PersonFormValues): PersonFormInput {
  const date = readDate(v);
  const nhs = v.nhsNumber.trim();
  return {
    // Spaces and dashes between the NHS number's groups are dropped; anything else is sent as
    // typed, so the backend can say what is wrong with it.
    input: { name: v.name.trim(), dateOfBirth: date.iso, nhsNumber: nhs ? (/^[\d\s-]+$/.test(nhs) ? nhsDigits(nhs) : nhs) : null },
    dateError: date.error,
    dateParts: date.parts,
  };
}
