// Numbers for people: readings, stats and targets in en-GB text. The rules (which
// value is outside a target) and the unit words come from the backend.
import type { ChartSeries, ReadingKindInfo, ReadingStats, Target } from "../../ipc";
import type { Urgency } from "../../bindings/Urgency";
import { plural } from "../../format";
import { vocabulary, wordFor } from "../vocabulary";

/** 128 -> "128", 6.25 -> "6.3", 37.0 -> "37"; at most `dp` decimal places. */
export function num(n: number | null | undefined, dp = 1): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "";
  return n.toLocaleString("en-GB", { maximumFractionDigits: dp, useGrouping: n >= 10_000 || n <= -10_000 });
}

/** Decimal places that suit a kind's input step (0.1 -> 1, 1 -> 0). */
export function placesFor(info: Pick<ReadingKindInfo, "step">): number {
  const step = Number(info.step);
  if (!Number.isFinite(step) || step >= 1) return 0;
  return Math.min(3, Math.max(1, Math.round(-Math.log10(step))));
}

/** A pair for blood pressure ("128/82"), else one number. */
export function pair(a: number | null | undefined, b: number | null | undefined, dp = 0): string {
  if (b === null || b === undefined) return num(a, dp);
  return `${num(a, dp)}/${num(b, dp)}`;
}

const opt = <T,>(v: T | null | undefined): T | null => (v === undefined ? null : v);

/** "12 readings. Average 131/84 mmHg; lowest 118/76; highest 152/95." */
export function statsSentence(stats: ReadingStats, info: ReadingKindInfo | undefined): string {
  if (!stats.count) return "No readings in this period.";
  const unit = info?.unitLabel ?? stats.unit;
  const dp = info ? placesFor(info) : 1;
  const two = !!info?.hasSecondValue;
  const v = (a: number | null | undefined, b: number | null | undefined) =>
    two ? pair(opt(a), opt(b), 0) : num(opt(a), dp);
  const parts = [`${plural(stats.count, "reading", "readings")}.`];
  if (opt(stats.mean) !== null) parts.push(`Average ${v(stats.mean, stats.mean2)} ${unit};`);
  if (opt(stats.min) !== null) parts.push(`lowest ${v(stats.min, stats.min2)};`);
  if (opt(stats.max) !== null) parts.push(`highest ${v(stats.max, stats.max2)}.`);
  return parts.join(" ").replace(/;$/, ".");
}

/** "Your target: 90 to 135 (systolic), 60 to 85 (diastolic) mmHg", or "" when none is set. */
export function targetText(target: Target | null | undefined, info: ReadingKindInfo | undefined): string {
  if (!target) return "";
  const range = (lo: number | null | undefined, hi: number | null | undefined) => {
    const l = opt(lo);
    const h = opt(hi);
    if (l !== null && h !== null) return `${num(l, 2)} to ${num(h, 2)}`;
    if (l !== null) return `at least ${num(l, 2)}`;
    if (h !== null) return `at most ${num(h, 2)}`;
    return "";
  };
  const first = range(target.low, target.high);
  const second = info?.hasSecondValue ? range(target.low2, target.high2) : "";
  if (!first && !second) return "";
  const unit = info?.unitLabel ?? "";
  if (info?.hasSecondValue) {
    const bits = [first ? `${first} (systolic)` : "", second ? `${second} (diastolic)` : ""].filter(Boolean);
    return `Your target: ${bits.join(", ")} ${unit}`.trim();
  }
  return `Your target: ${first} ${unit}`.trim();
}

/** The rows of the table beside a chart: one per point the chart draws. */
export interface ChartRow {
  t: number;
  value: number | null;
  value2: number | null;
  outside: boolean;
  /** Where to mark it on the chart: on the first value when it is outside the target. */
  markAt: number | null;
  /** Blood pressure: on the diastolic when it is outside the target. */
  markAt2: number | null;
  /** The urgency of the red-flag row it meets, as the backend says (`none` is not a red flag). */
  urgency: Urgency | null;
}

export function chartRows(series: ChartSeries): ChartRow[] {
  return series.times.map((t, i) => {
    const value = Number.isFinite(series.values[i]) ? series.values[i] : null;
    const value2 = series.values2.length > i && Number.isFinite(series.values2[i]) ? series.values2[i] : null;
    // The backend says which value is outside the target; the UI only marks it.
    const a = series.outside[i] === true;
    const b = series.outside2[i] === true;
    const urgency = series.urgency?.[i] ?? null;
    return { t, value, value2, outside: a || b, markAt: a ? value : null, markAt2: b ? value2 : null, urgency };
  });
}

/** Where a reading was taken, as a tag or column starts it: "at the GP" -> "At the GP". */
export function originText(label: string): string {
  return label.charAt(0).toUpperCase() + label.slice(1);
}

/** The words for where a reading was taken, from the backend's vocabulary ("atHome" -> "At home"). */
export function originWord(origin: "atHome" | "fromDevice" | "atGp"): string {
  return originText(wordFor(vocabulary().readingOrigins, origin) ?? "");
}

/** A UCUM unit as people read it ("mm[Hg]" -> "mmHg"), from the backend's one unit table; unknown units unchanged. */
export function unitText(ucum: string): string {
  return wordFor(vocabulary().units, ucum) ?? ucum;
}
