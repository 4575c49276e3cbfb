// Turning the add/edit person form into a PersonInput, with the checks that
// can be made before anything is sent (the backend checks again).
import type { Person, PersonInput } from "../ipc";
import { daysInMonth, nhsDigits, parseIsoDate, toIsoDate, today, type CalendarDate } from "../format";

export interface PersonFormValues {
  name: string;
  day: string;
  month: string;
  year: string;
  nhsNumber: string;
}

export interface PersonFormResult {
  input: PersonInput | null;
  /** field -> message, fields named as the backend names them */
  errors: Record<string, string>;
  /** which date parts are wrong (for red borders) */
  dateParts: ("day" | "month" | "year")[];
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

/** The NHS number check digit (Modulus 11). */
export function nhsNumberIsValid(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
  let check = 11 - (sum % 11);
  if (check === 11) check = 0;
  if (check === 10) return false;
  return check === Number(digits[9]);
}

function compare(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

export function checkPersonForm(v: PersonFormValues, on: CalendarDate = today()): PersonFormResult {
  const errors: Record<string, string> = {};
  let dateParts: ("day" | "month" | "year")[] = [];

  const name = v.name.trim().replace(/\s+/g, " ");
  if (!name) errors.name = "Enter the person's name.";
  else if (name.length > 200) errors.name = "Name must be 200 characters or fewer.";

  const parts = { day: v.day.trim(), month: v.month.trim(), year: v.year.trim() };
  const missing = (["day", "month", "year"] as const).filter((p) => !parts[p]);
  let dob: CalendarDate | null = null;
  if (missing.length === 3) {
    errors.dateOfBirth = "Enter the date of birth.";
  } else if (missing.length > 0) {
    errors.dateOfBirth = `Date of birth must include a ${missing.join(" and a ")}.`;
    dateParts = [...missing];
  } else if (![parts.day, parts.month, parts.year].every((p) => /^\d+$/.test(p))) {
    errors.dateOfBirth = "Date of birth must be a real date, in numbers.";
    dateParts = (["day", "month", "year"] as const).filter((p) => !/^\d+$/.test(parts[p]));
  } else {
    const d = { day: Number(parts.day), month: Number(parts.month), year: Number(parts.year) };
    if (parts.year.length !== 4) {
      errors.dateOfBirth = "Year must include 4 numbers.";
      dateParts = ["year"];
    } else if (d.month < 1 || d.month > 12) {
      errors.dateOfBirth = "Date of birth must be a real date.";
      dateParts = ["month"];
    } else if (d.day < 1 || d.day > daysInMonth(d.year, d.month)) {
      errors.dateOfBirth = "Date of birth must be a real date.";
      dateParts = ["day"];
    } else if (compare(d, on) > 0) {
      errors.dateOfBirth = "Date of birth must be today or in the past.";
    } else if (d.year < on.year - 130) {
      errors.dateOfBirth = `Date of birth must be after ${on.year - 130}.`;
      dateParts = ["year"];
    } else {
      dob = d;
    }
  }

  let nhsNumber: string | null = null;
  if (v.nhsNumber.trim()) {
    const digits = nhsDigits(v.nhsNumber);
    if (/[^\d\s-]/.test(v.nhsNumber.trim()) || digits.length !== 10) {
      errors.nhsNumber = "NHS number must be 10 digits, like 943 476 5919.";
    } else if (!nhsNumberIsValid(digits)) {
      errors.nhsNumber = "That is not a valid NHS number. Check the 10 digits.";
    } else {
      nhsNumber = digits;
    }
  }

  const ok = Object.keys(errors).length === 0 && dob !== null;
  return {
    input: ok && dob ? { name, dateOfBirth: toIsoDate(dob), nhsNumber } : null,
    errors,
    dateParts,
  };
}
