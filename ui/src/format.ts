// en-GB formatting of dates, ages, NHS numbers and sizes, as people read them.
// Month names are fixed here rather than taken from Intl, whose en-GB short
// month for September ("Sept") differs between ICU versions.

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTHS_LONG = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
];

export interface CalendarDate {
  year: number;
  month: number; // 1-12
  day: number; // 1-31
}

/** Parses "YYYY-MM-DD" into a calendar date, or null if it is not a real date. */
export function parseIsoDate(text: string): CalendarDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const date = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  return isRealDate(date) ? date : null;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isRealDate({ year, month, day }: CalendarDate): boolean {
  return (
    Number.isInteger(year) && Number.isInteger(month) && Number.isInteger(day) &&
    year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
  );
}

/** "1948-07-05" -> "5 Jul 1948". Text that is not a date comes back unchanged. */
export function formatDate(iso: string): string {
  const d = parseIsoDate(iso);
  if (!d) return iso;
  return `${d.day} ${MONTHS[d.month - 1]} ${d.year}`;
}

/** "1948-07-05" -> "5 July 1948" (for screen headings and sentences). */
export function formatDateLong(iso: string): string {
  const d = parseIsoDate(iso);
  if (!d) return iso;
  return `${d.day} ${MONTHS_LONG[d.month - 1]} ${d.year}`;
}

/** An RFC 3339 timestamp -> "23 Nov 2026, 14:05" in the computer's time zone. */
export function formatDateTime(rfc3339: string): string {
  const t = new Date(rfc3339);
  if (Number.isNaN(t.getTime())) return rfc3339;
  const hh = String(t.getHours()).padStart(2, "0");
  const mm = String(t.getMinutes()).padStart(2, "0");
  return `${t.getDate()} ${MONTHS[t.getMonth()]} ${t.getFullYear()}, ${hh}:${mm}`;
}

/** Today's calendar date in the computer's time zone. */
export function today(now: Date = new Date()): CalendarDate {
  return { year: now.getFullYear(), month: now.getMonth() + 1, day: now.getDate() };
}

export function toIsoDate({ year, month, day }: CalendarDate): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function compare(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** Whole months from `from` to `to` (to >= from). */
function wholeMonths(from: CalendarDate, to: CalendarDate): number {
  let months = (to.year - from.year) * 12 + (to.month - from.month);
  // A birthday on the 31st is reached on the last day of a shorter month.
  const dayDue = Math.min(from.day, daysInMonth(to.year, to.month));
  if (to.day < dayDue) months -= 1;
  return months;
}

/** Age in whole years on `on` (default today), or null if born after it. */
export function ageInYears(dateOfBirth: string, on: CalendarDate = today()): number | null {
  const dob = parseIsoDate(dateOfBirth);
  if (!dob || compare(dob, on) > 0) return null;
  return Math.floor(wholeMonths(dob, on) / 12);
}

/** "77 years", "1 year", "18 months" (under 2), "3 weeks", "2 days". */
export function formatAge(dateOfBirth: string, on: CalendarDate = today()): string {
  const dob = parseIsoDate(dateOfBirth);
  if (!dob || compare(dob, on) > 0) return "";
  const months = wholeMonths(dob, on);
  if (months >= 24) {
    const years = Math.floor(months / 12);
    return `${years} years`;
  }
  if (months >= 1) return months === 1 ? "1 month" : `${months} months`;
  const days = Math.round(
    (Date.UTC(on.year, on.month - 1, on.day) - Date.UTC(dob.year, dob.month - 1, dob.day)) / 86_400_000,
  );
  if (days >= 7) {
    const weeks = Math.floor(days / 7);
    return weeks === 1 ? "1 week" : `${weeks} weeks`;
  }
  return days === 1 ? "1 day" : `${days} days`;
}

/** Digits only. */
export function nhsDigits(text: string): string {
  return text.replace(/\D/g, "");
}

/** "9434765919" or "943-476-5919" -> "943 476 5919"; other text unchanged. */
export function formatNhsNumber(text: string): string {
  const d = nhsDigits(text);
  if (d.length !== 10) return text.trim();
  return `${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}`;
}

/** 1536 -> "1.5 KB"; sizes in powers of 1,024, as file managers show them. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return "";
  if (bytes < 1024) return bytes === 1 ? "1 byte" : `${bytes} bytes`;
  const units = ["KB", "MB", "GB", "TB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const shown = value >= 100 ? Math.round(value).toString() : value.toFixed(1).replace(/\.0$/, "");
  return `${shown} ${units[unit]}`;
}

/** A count with its noun: plural(1, "person", "people") -> "1 person". */
export function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString("en-GB")} ${n === 1 ? one : many}`;
}
