// The "Share my record" form as the citizen fills it in, step by step, and the
// checks each step makes before moving on. `toRequest` turns a checked form
// into the backend's ShareRequest. Pure: today's date is a parameter.
import type { EntryKind, ReadingKind, Sensitivity, ShareRequest } from "../../ipc";
import { toIsoDate, type CalendarDate } from "../../format";
import { isoFromFields } from "../readings/time";
import { defaultReadingsRange, expiryFor, expiryProblem, type ExpiryPreset } from "./expiry";

export type Step = "who" | "why" | "what" | "until";
export const STEPS: Step[] = ["who", "why", "what", "until"];

export interface DateParts {
  day: string;
  month: string;
  year: string;
}

export interface ShareForm {
  name: string;
  role: string;
  organisation: string;
  odsCode: string;
  publicKey: string;
  purpose: string;
  categories: EntryKind[];
  from: DateParts;
  to: DateParts;
  readings: ReadingKind[];
  readingsFrom: DateParts;
  readingsTo: DateParts;
  includeSensitive: Sensitivity[];
  expiry: ExpiryPreset | "date";
  expiryDate: DateParts;
  excludeEntries: number[];
}

const blank = (): DateParts => ({ day: "", month: "", year: "" });

export function partsOf(iso: string): DateParts {
  const [year, month, day] = iso.split("-");
  return { day: String(Number(day)), month: String(Number(month)), year };
}

/** A new form: nothing chosen, readings over the last 6 months, sensitive labels off, 1 month. */
export function newForm(today: CalendarDate): ShareForm {
  const range = defaultReadingsRange(today);
  return {
    name: "",
    role: "",
    organisation: "",
    odsCode: "",
    publicKey: "",
    purpose: "",
    categories: [],
    from: blank(),
    to: blank(),
    readings: [],
    readingsFrom: partsOf(range.from),
    readingsTo: partsOf(range.to),
    includeSensitive: [],
    expiry: "1m",
    expiryDate: blank(),
    excludeEntries: [],
  };
}

const isBlank = (d: DateParts) => !d.day.trim() && !d.month.trim() && !d.year.trim();

/** An optional date: null when blank, the ISO date, or "bad" when it is not a real date. */
function optionalDate(d: DateParts): string | null | "bad" {
  if (isBlank(d)) return null;
  return isoFromFields(d.day, d.month, d.year) ?? "bad";
}

/** Field name -> problem, for the fields of one step. Empty when the step is complete. */
export function checkStep(step: Step, form: ShareForm, today: CalendarDate): Record<string, string> {
  const errors: Record<string, string> = {};
  if (step === "who") {
    if (!form.name.trim()) errors.name = "Enter the name of the person you are sharing with.";
    const ods = form.odsCode.trim();
    if (ods && !/^[A-Za-z0-9]{3,10}$/.test(ods)) {
      errors.odsCode = "An ODS code is 3 to 10 letters and numbers, like RX1 or A81001. Leave it empty if you do not know it.";
    }
    const key = form.publicKey.trim();
    if (key && !/^age1[0-9a-z]{50,}$/i.test(key)) {
      errors.publicKey = "A public key starts with age1, followed by letters and numbers. Copy it again, or leave it empty to use an access code.";
    }
  } else if (step === "why") {
    if (!form.purpose.trim()) errors.purpose = "Say why you are sharing, for example 'Physiotherapy for my knee'.";
    else if (form.purpose.trim().length > 500) errors.purpose = "Keep the reason under 500 characters.";
  } else if (step === "what") {
    if (form.categories.length === 0 && form.readings.length === 0) {
      errors.categories = "Choose at least one kind of information or reading to share.";
    }
    const from = optionalDate(form.from);
    const to = optionalDate(form.to);
    if (from === "bad") errors.from = "Enter a real date, or leave it empty to share from the start of the record.";
    if (to === "bad") errors.to = "Enter a real date, or leave it empty to share up to today.";
    if (from && to && from !== "bad" && to !== "bad" && from > to) errors.to = "The end date must be on or after the start date.";
    if (form.readings.length > 0) {
      const rf = optionalDate(form.readingsFrom);
      const rt = optionalDate(form.readingsTo);
      if (rf === "bad") errors.readingsFrom = "Enter a real date for the first reading to share.";
      if (rt === "bad") errors.readingsTo = "Enter a real date for the last reading to share.";
      if (rf && rt && rf !== "bad" && rt !== "bad" && rf > rt) {
        errors.readingsTo = "The last day must be on or after the first day.";
      }
    }
  } else if (step === "until") {
    if (form.expiry === "date") {
      const iso = optionalDate(form.expiryDate);
      const problem = expiryProblem(iso === "bad" ? null : iso, today);
      if (problem) errors.expiryDate = problem;
    }
  }
  return errors;
}

/** The last day the package opens, as "YYYY-MM-DD". */
export function expiresOn(form: ShareForm, today: CalendarDate): string {
  if (form.expiry === "date") {
    return isoFromFields(form.expiryDate.day, form.expiryDate.month, form.expiryDate.year) ?? toIsoDate(today);
  }
  return expiryFor(form.expiry, today);
}

const orNull = (text: string) => (text.trim() ? text.trim() : null);
const dateOrNull = (d: DateParts) => {
  const v = optionalDate(d);
  return v === "bad" ? null : v;
};

/** The request for a form whose steps all passed `checkStep`. */
export function toRequest(form: ShareForm, today: CalendarDate): ShareRequest {
  const withReadings = form.readings.length > 0;
  return {
    recipient: {
      name: form.name.trim(),
      role: orNull(form.role),
      organisation: orNull(form.organisation),
      odsCode: orNull(form.odsCode)?.toUpperCase() ?? null,
      publicKey: orNull(form.publicKey),
    },
    purpose: form.purpose.trim(),
    slice: {
      categories: [...form.categories],
      from: dateOrNull(form.from),
      to: dateOrNull(form.to),
      readings: [...form.readings],
      readingsFrom: withReadings ? dateOrNull(form.readingsFrom) : null,
      readingsTo: withReadings ? dateOrNull(form.readingsTo) : null,
      includeSensitive: [...form.includeSensitive],
      excludeEntries: [...form.excludeEntries],
    },
    expiresOn: expiresOn(form, today),
  };
}

/** The backend's field names (phr-app's share checks) -> the step and form field they are about. */
const BACKEND_FIELDS: Record<string, { step: Step; field: string }> = {
  recipientName: { step: "who", field: "name" },
  recipientKey: { step: "who", field: "publicKey" },
  purpose: { step: "why", field: "purpose" },
  slice: { step: "what", field: "categories" },
  expiresOn: { step: "until", field: "expiryDate" },
};

/** Where a refusal of the share request belongs: a step and field, a step only, or neither. */
export function placeOf(field: string | null): { step: Step; field: string | null } | null {
  if (field && BACKEND_FIELDS[field]) return BACKEND_FIELDS[field];
  const step = stepForField(field);
  return step ? { step, field: null } : null;
}

/** Which step a backend field error belongs to ("recipient.publicKey" -> who). */
export function stepForField(field: string | null): Step | null {
  if (!field) return null;
  const f = field.toLowerCase();
  if (/(name|role|organisation|ods|publickey|recipient)/.test(f)) return "who";
  if (f.includes("purpose")) return "why";
  if (/(categor|reading|from|to$|slice|sensitive)/.test(f)) return "what";
  if (f.includes("expire")) return "until";
  return null;
}
