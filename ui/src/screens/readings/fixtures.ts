// Test data for the readings screens' component tests: kinds as the backend
// describes them (its vocabulary, written by a Rust test), and readings and series
// built from a few numbers.
import type { ChartSeries, Reading, ReadingKind, ReadingKindInfo } from "../../ipc";
import { vocabulary } from "../../test/ipc-mock";

function kind(k: ReadingKind): ReadingKindInfo {
  const found = vocabulary().readingKinds.find((i) => i.kind === k);
  if (!found) throw new Error(`the vocabulary has no reading kind ${k}`);
  return found;
}

export const BP = kind("bloodPressure");
export const GLUCOSE = kind("bloodGlucose");
export const WEIGHT = kind("weight");
export const SYMPTOM = kind("symptom");

export const KINDS: ReadingKindInfo[] = [BP, GLUCOSE, WEIGHT, SYMPTOM];

let n = 0;
export function reading(over: Partial<Reading> = {}): Reading {
  n += 1;
  return {
    id: `r${n}`,
    kind: "bloodPressure",
    at: "2026-11-23T08:05:00+00:00",
    value: 128,
    value2: 82,
    pulse: 70,
    unit: "mm[Hg]",
    source: "typed",
    unusual: [],
    outOfTarget: false,
    display: "128/82 mmHg, pulse 70",
    ...over,
  };
}

export function series(over: Partial<ChartSeries> = {}): ChartSeries {
  return {
    kind: "bloodPressure",
    unit: "mm[Hg]",
    from: "2026-10-24T00:00:00+01:00",
    to: "2026-11-23T23:59:59+00:00",
    times: [Date.UTC(2026, 10, 21, 8, 0) / 1000, Date.UTC(2026, 10, 22, 8, 0) / 1000, Date.UTC(2026, 10, 23, 8, 5) / 1000],
    values: [128, 141, 150],
    values2: [82, 88, 95],
    rawCount: 3,
    reduced: false,
    thresholds: [{ label: "Home threshold 135/85 mmHg", value: 135, series: 1 }],
    // As the backend flags them: nothing is outside without a target.
    outside: [false, false, false],
    outside2: [false, false, false],
    // No point meets a red-flag row.
    urgency: [null, null, null],
    advice: [],
    ...over,
  };
}
