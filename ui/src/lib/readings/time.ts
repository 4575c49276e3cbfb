// Times for readings: what the form shows (local day, month, year, HH:MM),
// what goes on the wire (RFC 3339 with the computer's offset), and the date
// ranges the chart and the list ask for.
import { isRealDate, toIsoDate } from "../../format";

export interface LocalParts {
  day: string;
  month: string;
  year: string;
  time: string; // "HH:MM"
}

const pad = (n: number, width = 2) => String(Math.trunc(Math.abs(n))).padStart(width, "0");

/** The form's fields for a moment, in the computer's time zone. */
export function localParts(at: Date): LocalParts {
  return {
    day: String(at.getDate()),
    month: String(at.getMonth() + 1),
    year: String(at.getFullYear()),
    time: `${pad(at.getHours())}:${pad(at.getMinutes())}`,
  };
}

/** "+01:00", "-05:30", "+00:00" for a local moment. */
export function offsetOf(at: Date): string {
  const minutes = -at.getTimezoneOffset();
  const sign = minutes < 0 ? "-" : "+";
  return `${sign}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
}

/** A local moment as RFC 3339 with its offset: "2026-11-23T08:05:00+00:00". */
export function toRfc3339(at: Date): string {
  return (
    `${pad(at.getFullYear(), 4)}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}` +
    `T${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}${offsetOf(at)}`
  );
}

export type PartsResult = { ok: true; at: Date } | { ok: false; field: "date" | "time"; message: string };

/** Reads the form's date and time fields; says which one is wrong, and why. */
export function fromParts(parts: LocalParts): PartsResult {
  const [d, m, y] = [parts.day, parts.month, parts.year].map((s) => s.trim());
  if (!d && !m && !y) return { ok: false, field: "date", message: "Enter the date of the reading." };
  const date = { day: Number(d), month: Number(m), year: Number(y) };
  if (!/^\d+$/.test(d) || !/^\d+$/.test(m) || !/^\d{4}$/.test(y) || !isRealDate(date)) {
    return { ok: false, field: "date", message: "The date must be a real date, like 23 11 2026." };
  }
  const t = /^(\d{1,2})[:.](\d{2})$/.exec(parts.time.trim());
  if (!t || Number(t[1]) > 23 || Number(t[2]) > 59) {
    return { ok: false, field: "time", message: "Enter the time in 24-hour clock, like 08:30 or 19:45." };
  }
  return { ok: true, at: new Date(date.year, date.month - 1, date.day, Number(t[1]), Number(t[2]), 0) };
}

/** Date fields -> "YYYY-MM-DD", "" when all are empty, or null when not a real date. */
export function isoFromFields(day: string, month: string, year: string): string | null {
  if (!day.trim() && !month.trim() && !year.trim()) return "";
  const date = { day: Number(day), month: Number(month), year: Number(year) };
  if (!/^\d{4}$/.test(year.trim()) || !isRealDate(date)) return null;
  return toIsoDate(date);
}

export type RangeName = "day" | "week" | "month" | "3months" | "year" | "5years" | "all" | "custom";

export const RANGES: { name: RangeName; label: string }[] = [
  { name: "day", label: "Today" },
  { name: "week", label: "Week" },
  { name: "month", label: "Month" },
  { name: "3months", label: "3 months" },
  { name: "year", label: "Year" },
  { name: "5years", label: "5 years" },
  { name: "all", label: "All" },
  { name: "custom", label: "Choose dates" },
];

const DAYS: Record<Exclude<RangeName, "all" | "custom">, number> = {
  day: 1,
  week: 7,
  month: 31,
  "3months": 92,
  year: 366,
  "5years": 1827,
};

/** The earliest date "All" asks for: before any reading anyone could have typed. */
export const ALL_FROM = "1900-01-01";

/**
 * The span a preset covers, as RFC 3339 moments: from the start of the first
 * local day to the end of today (so a reading taken a minute ago is inside).
 */
export function rangeFor(name: Exclude<RangeName, "custom">, now: Date = new Date()): { from: string; to: string } {
  const end = new Date(now.getFullYear(), now.getMonth(), now.getDate(), 23, 59, 59);
  if (name === "all") {
    return { from: `${ALL_FROM}T00:00:00${offsetOf(new Date(1900, 0, 1))}`, to: toRfc3339(end) };
  }
  const start = new Date(now.getFullYear(), now.getMonth(), now.getDate() - (DAYS[name] - 1), 0, 0, 0);
  return { from: toRfc3339(start), to: toRfc3339(end) };
}

/** A custom range from two ISO dates, whole local days, inclusive. */
export function customRange(fromIso: string, toIso: string): { from: string; to: string } {
  const [fy, fm, fd] = fromIso.split("-").map(Number);
  const [ty, tm, td] = toIso.split("-").map(Number);
  return {
    from: toRfc3339(new Date(fy, fm - 1, fd, 0, 0, 0)),
    to: toRfc3339(new Date(ty, tm - 1, td, 23, 59, 59)),
  };
}

/** The local calendar date of an RFC 3339 moment, as "YYYY-MM-DD". */
export function localIsoDate(rfc3339: string): string {
  const t = new Date(rfc3339);
  if (Number.isNaN(t.getTime())) return rfc3339.slice(0, 10);
  return toIsoDate({ year: t.getFullYear(), month: t.getMonth() + 1, day: t.getDate() });
}
