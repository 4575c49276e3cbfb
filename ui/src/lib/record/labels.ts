// Plain-English words for the record's coded values (kinds of entry, sensitivity
// labels, flags, statuses, code systems, import stages), looked up in the
// backend's vocabulary, and presentation: sources in a sentence and FHIR's partial
// dates ("2020", "2020-03", "2020-03-04T10:00:00Z") in en-GB.
import type { EntryKind, ImportStage, Sensitivity, Source } from "../../ipc";
import { formatDate, formatDateTime, plural } from "../../format";
import { vocabulary, wordFor } from "../vocabulary";

const MONTHS_LONG = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Kinds in the order the app lists them (most asked-about first), as the backend gives them. */
export const kinds = (): EntryKind[] => vocabulary().entryKinds.map((k) => k.kind);

const kindWords = (kind: EntryKind) => vocabulary().entryKinds.find((k) => k.kind === kind);

export const kindLabel = (kind: EntryKind): string => kindWords(kind)?.one ?? kind;
/** Whether "outside the normal range" means something for this kind (results), as the backend says. */
export const offersRangeFilter = (kind: EntryKind): boolean => kindWords(kind)?.rangeFilter ?? false;
export const kindPlural = (kind: EntryKind): string => kindWords(kind)?.many ?? kind;

/** Every label, general first, as the backend gives them. */
export const sensitivities = (): Sensitivity[] => vocabulary().sensitivities.map((s) => s.label);

const sensitivityWords = (s: Sensitivity) => vocabulary().sensitivities.find((w) => w.label === s);

export const sensitivityLabel = (s: Sensitivity): string => sensitivityWords(s)?.text ?? s;
export const sensitivityHint = (s: Sensitivity): string => sensitivityWords(s)?.hint ?? "";

/** The short word on a flag tag ("High"), or "" for none. */
export function flagWord(flag: string | null | undefined, abnormal = false): string {
  const f = (flag ?? "").trim();
  const known = vocabulary().flags.find((w) => w.code === f.toLowerCase());
  if (known) return known.word;
  if (f) return f;
  return abnormal ? (vocabulary().flags.find((w) => w.code === "a")?.word ?? "") : "";
}

/** What a flag means, in words: "above the normal range". */
export function flagMeaning(flag: string | null | undefined, abnormal = false): string {
  const v = vocabulary();
  const word = flagWord(flag, abnormal).toLowerCase();
  const known = v.flags.find((w) => w.word.toLowerCase() === word);
  if (known) return known.meaning;
  if (word.startsWith("critical")) return v.criticalMeaning;
  const result = wordFor(v.resultWords, word);
  if (result) return result;
  if (word && abnormal) return v.abnormalMeaning;
  return "";
}

/** A result's flag spelled out, so it never rests on colour alone: "High: above the normal range". */
export function flagText(flag: string | null | undefined, abnormal = false): string {
  const word = flagWord(flag, abnormal);
  const meaning = flagMeaning(flag, abnormal);
  return word && meaning ? `${word}: ${meaning}` : word;
}

/** "Files you imported" -> "files you imported", to sit inside a sentence. */
function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** A FHIR status code in plain English; other text comes back as it is, capitalised. */
export function statusText(status: string | null | undefined): string {
  if (!status) return "";
  const known = wordFor(vocabulary().statuses, status.trim().toLowerCase());
  if (known) return known;
  const t = status.trim().replace(/[-_]/g, " ");
  return t.charAt(0).toUpperCase() + t.slice(1);
}

/** FHIR date or dateTime, as given, in en-GB: "2020" / "Mar 2020" / "4 Mar 2020". */
export function entryDate(date: string | null | undefined): string {
  if (!date) return "";
  const d = date.trim();
  if (/^\d{4}$/.test(d)) return d;
  const ym = /^(\d{4})-(\d{2})$/.exec(d);
  if (ym) return `${MONTHS[Number(ym[2]) - 1] ?? ym[2]} ${ym[1]}`;
  const day = /^(\d{4}-\d{2}-\d{2})/.exec(d);
  return day ? formatDate(day[1]) : d;
}

/** As entryDate, with the time when the dateTime has one: "4 Mar 2020, 10:00". */
export function entryDateTime(date: string | null | undefined): string {
  if (!date) return "";
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(date.trim())) return formatDateTime(date.trim());
  return entryDate(date);
}

/** The month a dated entry belongs to, as a key ("2020-03", "2020", "") and a heading. */
export function monthOf(date: string | null | undefined): { key: string; label: string } {
  const d = (date ?? "").trim();
  const m = /^(\d{4})-(\d{2})/.exec(d);
  if (m) return { key: `${m[1]}-${m[2]}`, label: `${MONTHS_LONG[Number(m[2]) - 1] ?? m[2]} ${m[1]}` };
  const y = /^(\d{4})/.exec(d);
  if (y) return { key: y[1], label: `${y[1]} (month not recorded)` };
  return { key: "", label: "Date not recorded" };
}

export interface MonthGroup<T> {
  key: string;
  label: string;
  items: T[];
}

/** Consecutive entries of the same month, in the order given (the backend sorts). */
export function groupByMonth<T extends { date: string | null }>(entries: T[]): MonthGroup<T>[] {
  const groups: MonthGroup<T>[] = [];
  for (const entry of entries) {
    const { key, label } = monthOf(entry.date);
    const last = groups[groups.length - 1];
    if (last && last.key === key) last.items.push(entry);
    else groups.push({ key, label, items: [entry] });
  }
  return groups;
}

/** Where an entry came from, in a sentence fragment. */
export function sourceText(source: Source): string {
  const word = (kind: Source["kind"]) => vocabulary().sources.find((s) => s.kind === kind)?.text ?? kind;
  switch (source.kind) {
    case "gp":
      return `${source.name} (${word("gp")}${source.odsCode ? `, organisation code ${source.odsCode}` : ""})`;
    case "file":
      // One named file, or the backend's "Files you imported".
      return /\.\w{2,5}$/.test(source.name) ? `the ${word("file")} ${source.name}` : lowerFirst(source.name);
    case "selfEntered":
      return word("selfEntered");
    case "carer":
      return source.name ? `${source.name} (${word("carer")})` : `a ${word("carer")}`;
    default:
      return source.name;
  }
}

/** What a coding system is, in plain English ("" when we do not know it). */
export const codeSystemText = (system: string): string => wordFor(vocabulary().codeSystems, system) ?? "";

export const stageText = (stage: ImportStage): string =>
  vocabulary().importStages.find((s) => s.stage === stage)?.text ?? stage;

/** "Showing 50 of 1,111 entries". */
export function showingText(shown: number, total: number): string {
  if (total === 0) return "No entries";
  if (shown >= total) return `Showing all ${plural(total, "entry", "entries")}`;
  return `Showing ${shown.toLocaleString("en-GB")} of ${plural(total, "entry", "entries")}`;
}
