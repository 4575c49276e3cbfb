// Until when a share opens, and the readings range a share starts with: calendar
// arithmetic on the citizen's own dates. The backend takes the last day a
// package opens as "YYYY-MM-DD" (it stops at the end of that day, UTC).
import { daysInMonth, parseIsoDate, toIsoDate, type CalendarDate } from "../../format";

export type ExpiryPreset = "1w" | "1m" | "3m" | "6m" | "1y";

export const EXPIRY_PRESETS: { id: ExpiryPreset; label: string }[] = [
  { id: "1w", label: "1 week" },
  { id: "1m", label: "1 month" },
  { id: "3m", label: "3 months" },
  { id: "6m", label: "6 months" },
  { id: "1y", label: "1 year" },
];

/** The same day `months` later (or earlier); the 31st becomes the month's last day. */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const index = date.year * 12 + (date.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return { year, month, day: Math.min(date.day, daysInMonth(year, month)) };
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  const t = new Date(Date.UTC(date.year, date.month - 1, date.day) + days * 86_400_000);
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/** The last day a package made today opens, for a preset: "1 month" from 23 Nov is 23 Dec. */
export function expiryFor(preset: ExpiryPreset, today: CalendarDate): string {
  switch (preset) {
    case "1w":
      return toIsoDate(addDays(today, 7));
    case "1m":
      return toIsoDate(addMonths(today, 1));
    case "3m":
      return toIsoDate(addMonths(today, 3));
    case "6m":
      return toIsoDate(addMonths(today, 6));
    case "1y":
      return toIsoDate(addMonths(today, 12));
  }
}

/** The readings a share starts with: the last 6 months, up to today. */
export function defaultReadingsRange(today: CalendarDate): { from: string; to: string } {
  return { from: toIsoDate(addMonths(today, -6)), to: toIsoDate(today) };
}

/** The furthest ahead a share may last (the backend refuses later dates). */
export const MAX_MONTHS = 24;

/** Why a chosen last day cannot be used, or "" when it can (after today, up to 2 years ahead). */
export function expiryProblem(iso: string | null, today: CalendarDate): string {
  if (!iso || !parseIsoDate(iso)) return "Enter a real date, for example 23 12 2026.";
  if (iso <= toIsoDate(today)) return "The date must be after today.";
  if (iso > toIsoDate(addMonths(today, MAX_MONTHS))) return "Choose a date no more than 2 years from today.";
  return "";
}

/** Whole days from `today` to the last day it opens (0 = it opens until tonight). */
export function daysUntil(iso: string, today: CalendarDate): number | null {
  const d = parseIsoDate(iso);
  if (!d) return null;
  return Math.round(
    (Date.UTC(d.year, d.month - 1, d.day) - Date.UTC(today.year, today.month - 1, today.day)) / 86_400_000,
  );
}
