// The "Share my record" form as the citizen fills it in, step by step. `toRequest`
// turns it into the backend's ShareRequest; the backend checks it (`checkShareRequest`)
// and `stepErrors` keeps the problems that belong to the step on screen. The only
// checks made here are reading the date boxes as dates, which is how the form is laid out.
import type { AppError, EntryId, EntryKind, ErrorField, ReadingKind, Sensitivity, ShareRequest } from "../../ipc";
import type { Today } from "../../bindings/Today";
import { isoFromFields } from "../readings/time";
import { shareMessageFor } from "./messages";
import { IpcError } from "../../ipc";

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
  /** "What matters to me" and the person's decisions: shared only when ticked. */
  whatMatters: boolean;
  /** An International Patient Summary of the same information goes in the package too. */
  ips: boolean;
  /** An expiry preset's id ("1m", from the backend's vocabulary), or "date". */
  expiry: string;
  expiryDate: DateParts;
  excludeEntries: EntryId[];
}

const blank = (): DateParts => ({ day: "", month: "", year: "" });

export function partsOf(iso: string): DateParts {
  const [year, month, day] = iso.split("-");
  return { day: String(Number(day)), month: String(Number(month)), year };
}

/** A new form: nothing chosen, readings over the backend's default range, sensitive labels off, 1 month. */
export function newForm(today: Today): ShareForm {
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
    readingsFrom: partsOf(today.shareReadingsFrom),
    readingsTo: partsOf(today.date),
    includeSensitive: [],
    whatMatters: false,
    ips: false,
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

/**
 * Field name -> problem, for the fields of one step: the date boxes that do not make a
 * date, then the backend's problems (`checkShareRequest`) that belong to this step. A
 * problem with no field of its own on the step is under "". Empty when the step is complete.
 */
export function stepErrors(step: Step, form: ShareForm, problems: AppError[]): Record<string, string> {
  const errors: Record<string, string> = {};
  if (step === "what") {
    if (optionalDate(form.from) === "bad") errors.from = "Enter a real date, or leave it empty to share from the start of the record.";
    if (optionalDate(form.to) === "bad") errors.to = "Enter a real date, or leave it empty to share up to today.";
    if (form.readings.length > 0) {
      if (optionalDate(form.readingsFrom) === "bad") errors.readingsFrom = "Enter a real date for the first reading to share.";
      if (optionalDate(form.readingsTo) === "bad") errors.readingsTo = "Enter a real date for the last reading to share.";
    }
  }
  for (const p of problems) {
    const place = placeOf(p.field);
    if (!place || place.step !== step) continue;
    // A preset's date has no field to point at: it is said at the top of its step.
    const field = place.field === "expiryDate" && form.expiry !== "date" ? "" : place.field;
    if (!(field in errors)) errors[field] = shareMessageFor(new IpcError(p.code, p.message, p.field));
  }
  return errors;
}

/** The last day the package opens, as the backend will read it: a preset's day (from the
 * backend's clock), or the date boxes as typed, for the backend to check. */
export function expiresOn(form: ShareForm, today: Today): string {
  if (form.expiry === "date") {
    const d = form.expiryDate;
    if (isBlank(d)) return "";
    return `${d.year.trim()}-${d.month.trim().padStart(2, "0")}-${d.day.trim().padStart(2, "0")}`;
  }
  return today.expiryChoices.find((c) => c.preset === form.expiry)?.lastDay ?? "";
}

const orNull = (text: string) => (text.trim() ? text.trim() : null);
const dateOrNull = (d: DateParts) => {
  const v = optionalDate(d);
  return v === "bad" ? null : v;
};

/** The request the form stands for (date boxes that do not make a date are left out). */
export function toRequest(form: ShareForm, today: Today): ShareRequest {
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
      whatMatters: form.whatMatters,
      ips: form.ips,
    },
    expiresOn: expiresOn(form, today),
  };
}

/** Where a backend error belongs in the form: a step, and the form field on it. */
export interface Place {
  step: Step;
  field: string;
}

/**
 * Every field the backend can name (ErrorField, generated from phr-app) -> where it belongs
 * in the share form, or null when no share request has it. Exhaustive on purpose: a new
 * ErrorField does not compile until it is placed here.
 */
const PLACES: Record<ErrorField, Place | null> = {
  recipientName: { step: "who", field: "name" },
  recipientOdsCode: { step: "who", field: "odsCode" },
  recipientKey: { step: "who", field: "publicKey" },
  purpose: { step: "why", field: "purpose" },
  slice: { step: "what", field: "categories" },
  sliceTo: { step: "what", field: "to" },
  readingsTo: { step: "what", field: "readingsTo" },
  expiresOn: { step: "until", field: "expiryDate" },
  // Not part of a share request: such an error is said at the top of the form.
  passphrase: null,
  current: null,
  newPassphrase: null,
  recoveryKey: null,
  autoLockMinutes: null,
  textSize: null,
  confirmName: null,
  name: null,
  dateOfBirth: null,
  nhsNumber: null,
  role: null,
  relationship: null,
  basis: null,
  basisDate: null,
  basisRef: null,
  reviewOn: null,
  path: null,
  paths: null,
  dir: null,
  url: null,
  mapping: null,
  id: null,
  from: null,
  to: null,
  kind: null,
  at: null,
  value: null,
  value2: null,
  pulse: null,
  unit: null,
  text: null,
  context: null,
  arm: null,
  position: null,
  low: null,
  high: null,
  low2: null,
  high2: null,
  accessCode: null,
  identityPath: null,
  handoverCode: null,
  receipt: null,
  handoverFile: null,
  ownPassword: null,
  ownRecoveryKey: null,
  date: null,
  status: null,
  dose: null,
  howOften: null,
  reason: null,
  medicineType: null,
  reaction: null,
  country: null,
  readingKind: null,
  times: null,
  weeks: null,
  daysBefore: null,
  whatMatters: null,
  contacts: null,
  phone: null,
  note: null,
  practiceName: null,
  odsCode: null,
  practicePhone: null,
  practiceAddress: null,
  detail: null,
  file: null,
  decision: null,
  registered: null,
  about: null,
};

/** Where a refusal of the share request belongs: a step and field, or neither. */
export function placeOf(field: ErrorField | null): Place | null {
  return field ? PLACES[field] : null;
}
