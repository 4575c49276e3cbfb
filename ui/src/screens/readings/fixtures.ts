// Test data for the readings screens' component tests: kinds as the backend
// describes them, and readings and series built from a few numbers.
import type { ChartSeries, Reading, ReadingKindInfo } from "../../ipc";

const opts = (pairs: [string, string][]) => pairs.map(([value, label]) => ({ value, label }));

function info(over: Partial<ReadingKindInfo> & Pick<ReadingKindInfo, "kind" | "label" | "unit" | "unitLabel">): ReadingKindInfo {
  return {
    unitsAccepted: [over.unit],
    loinc: "",
    hasSecondValue: false,
    hasPulse: false,
    isText: false,
    contexts: [],
    arms: [],
    positions: [],
    min: 0,
    max: 1000,
    step: 1,
    ...over,
  };
}

export const BP = info({
  kind: "bloodPressure",
  label: "Blood pressure",
  unit: "mm[Hg]",
  unitLabel: "mmHg",
  loinc: "85354-9",
  hasSecondValue: true,
  hasPulse: true,
  arms: opts([
    ["left", "Left arm"],
    ["right", "Right arm"],
  ]),
  positions: opts([
    ["sitting", "Sitting"],
    ["standing", "Standing"],
  ]),
});

export const GLUCOSE = info({
  kind: "bloodGlucose",
  label: "Blood glucose",
  unit: "mmol/L",
  unitLabel: "mmol/L",
  unitsAccepted: ["mmol/L", "mg/dL"],
  step: 0.1,
  contexts: opts([
    ["fasting", "Fasting"],
    ["afterMeal", "After a meal"],
  ]),
});

export const WEIGHT = info({ kind: "weight", label: "Weight", unit: "kg", unitLabel: "kg", step: 0.1 });
export const SYMPTOM = info({ kind: "symptom", label: "Symptom note", unit: "", unitLabel: "", isText: true, unitsAccepted: [] });

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
    ...over,
  };
}
