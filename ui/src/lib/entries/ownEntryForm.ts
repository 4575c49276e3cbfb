// The own-entry form's values as typed, and turning them into an OwnEntryForm. Which fields
// a kind has, their labels and the limits come from the backend (`vocabulary().ownEntries`,
// `vocabulary().ownEntryFields`); the rules are checked there (`checkOwnEntry`). Here is only
// reading the three date boxes as one date, which is how the form is laid out.
import type { OwnEntryForm } from "../../bindings/OwnEntryForm";
import type { OwnEntryKind } from "../../bindings/OwnEntryKind";
import type { OwnEntryKindWords } from "../../bindings/OwnEntryKindWords";
import type { ErrorField } from "../../bindings/ErrorField";
import { daysInMonth, parseIsoDate, toIsoDate } from "../../format";
import { vocabulary } from "../vocabulary";

export type DatePart = "day" | "month" | "year";

/** The boxes of the form, as typed. */
export interface OwnEntryValues {
  name: string;
  day: string;
  month: string;
  year: string;
  status: string;
  dose: string;
  howOften: string;
  reason: string;
  medicineType: string;
  reaction: string;
  country: string;
  text: string;
  /** A document's file chosen in the Open dialog: its handle, and its name to show. */
  fileHandle: string;
  fileName: string;
  /** An organ donation decision's code. */
  decision: string;
  registered: boolean;
  /** The own entry a document is about (its id), or "". */
  about: string;
}

/** The text fields a kind may have besides the name and the date (radios are status and medicineType). */
export type TextFieldName = "dose" | "howOften" | "reason" | "reaction" | "country" | "text";

export function kindWords(kind: OwnEntryKind): OwnEntryKindWords {
  const found = vocabulary().ownEntries.kinds.find((k) => k.kind === kind);
  if (!found) throw new Error(`The vocabulary has no words for own entries of kind ${kind}.`);
  return found;
}

/** The label (and example) of one field for one kind, as the backend words it. */
export function fieldWords(kind: OwnEntryKind, field: ErrorField): { label: string; hint: string } {
  const row = vocabulary().ownEntryFields.find((f) => f.kind === kind && f.field === field);
  return { label: row?.label ?? field, hint: row?.hint ?? "" };
}

export function emptyValues(): OwnEntryValues {
  return {
    name: "", day: "", month: "", year: "", status: "", dose: "", howOften: "", reason: "", medicineType: "", reaction: "", country: "", text: "",
    fileHandle: "", fileName: "", decision: "", registered: false, about: "",
  };
}

/** An edit form's starting values, from what the backend gives (`ownEntry(...).form`). */
export function valuesFrom(form: OwnEntryForm): OwnEntryValues {
  const d = form.date ? parseIsoDate(form.date) : null;
  return {
    name: form.name,
    day: d ? String(d.day) : "",
    month: d ? String(d.month) : "",
    year: d ? String(d.year) : "",
    status: form.status ?? "",
    dose: form.dose ?? "",
    howOften: form.howOften ?? "",
    reason: form.reason ?? "",
    medicineType: form.medicineType ?? "",
    reaction: form.reaction ?? "",
    country: form.country ?? "",
    text: form.text ?? "",
    fileHandle: "",
    fileName: "",
    decision: form.decision ?? "",
    registered: form.registered ?? false,
    about: form.about ?? "",
  };
}

/** The date boxes as `YYYY-MM-DD`, nothing when all three are empty (the date is optional), or why they are not a date. */
export function readDate(v: Pick<OwnEntryValues, DatePart>, label: string): { iso: string | null; error: string; parts: DatePart[] } {
  const parts = { day: v.day.trim(), month: v.month.trim(), year: v.year.trim() };
  const all: DatePart[] = ["day", "month", "year"];
  const missing = all.filter((p) => !parts[p]);
  if (missing.length === 3) return { iso: null, error: "", parts: [] };
  if (missing.length > 0) return { iso: null, error: `${label} must include a ${missing.join(" and a ")}`, parts: missing };
  const notNumbers = all.filter((p) => !/^\d+$/.test(parts[p]));
  if (notNumbers.length > 0) return { iso: null, error: `${label} must be a real date, in numbers`, parts: notNumbers };
  const d = { day: Number(parts.day), month: Number(parts.month), year: Number(parts.year) };
  if (parts.year.length !== 4) return { iso: null, error: "Year must include 4 numbers", parts: ["year"] };
  if (d.month < 1 || d.month > 12) return { iso: null, error: `${label} must be a real date`, parts: ["month"] };
  if (d.day < 1 || d.day > daysInMonth(d.year, d.month)) return { iso: null, error: `${label} must be a real date`, parts: ["day"] };
  return { iso: toIsoDate(d), error: "", parts: [] };
}

/** The form as the backend takes it: only the kind's own fields, empty boxes as nothing. */
export function readForm(kind: OwnEntryKind, v: OwnEntryValues): { form: OwnEntryForm; dateError: string; dateParts: DatePart[] } {
  const words = kindWords(kind);
  const has = (f: ErrorField) => words.fields.includes(f);
  const text = (f: TextFieldName) => (has(f) && v[f].trim() ? v[f].trim() : null);
  const date = readDate(v, words.dateLabel);
  return {
    form: {
      kind,
      name: v.name.trim(),
      date: date.iso,
      status: has("status") && v.status ? (v.status as OwnEntryForm["status"]) : null,
      dose: text("dose"),
      howOften: text("howOften"),
      reason: text("reason"),
      medicineType: has("medicineType") && v.medicineType ? (v.medicineType as OwnEntryForm["medicineType"]) : null,
      reaction: text("reaction"),
      country: text("country"),
      text: text("text"),
      ...(has("file") && v.fileHandle ? { file: v.fileHandle } : {}),
      ...(has("decision") && v.decision ? { decision: v.decision as OwnEntryForm["decision"] } : {}),
      ...(has("registered") ? { registered: v.registered } : {}),
      ...(has("about") && v.about ? { about: v.about } : {}),
    },
    dateError: date.error,
    dateParts: date.parts,
  };
}
