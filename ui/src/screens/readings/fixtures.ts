// Test data for the readings screens' component tests: kinds as the backend
// describes them (its vocabulary, written by a Rust test), and readings and series
// built from a few numbers.
import type { ChartSeries, Reading, ReadingKind, ReadingKindInfo } from "../../ipc";
import type { Advice } from "../../bindings/Advice";
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
    origin: "atHome",
    originLabel: "at home",
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
    thresholds: [
      {
        label: "Home threshold 135/85 mmHg",
        value: 135,
        series: 1,
        about: "NICE's home blood pressure threshold for high blood pressure",
        source: "NICE guideline NG136",
        url: "https://www.nice.org.uk/guidance/ng136",
      },
    ],
    // As the backend flags them: nothing is outside without a target.
    outside: [false, false, false],
    outside2: [false, false, false],
    // No point meets a red-flag row.
    urgency: [null, null, null],
    advice: [],
    gp: [],
    ...over,
  };
}

/** The backend's advice for 185/122 at home (phr_core's bp-very-high row), as test data. */
export function urgentBpAdvice(over: Partial<Advice> = {}): Advice {
  return {
    rule: "bp-very-high",
    urgency: "urgent",
    isRedFlag: true,
    headline: "Very high blood pressure",
    text: "Your blood pressure is very high. Sit still and rest for 5 minutes, then take it again. If it is still 180/120 or higher, ask for an urgent GP appointment today or call NHS 111.",
    condition: "systolic 180 mmHg or more, or diastolic 120 mmHg or more",
    field: "value",
    ifSymptoms: [
      {
        symptoms:
          "chest pain, shortness of breath, a severe headache, changes in your eyesight, confusion, or weakness in your face, arm or leg",
        urgency: "emergency",
        headline: "Very high blood pressure with symptoms",
        text: "Call 999 now. Blood pressure this high with these symptoms can mean a heart attack or a stroke, or harm to your brain, heart, eyes or kidneys.",
      },
    ],
    source: {
      title: "NICE guideline NG136: Hypertension in adults: diagnosis and management",
      url: "https://www.nice.org.uk/guidance/ng136/chapter/Recommendations",
    },
    reviewed: "2026-12-03",
    stale: null,
    ...over,
  };
}

/** Advice that asks for nothing: 141/88 at home (bp-high-home), as test data. */
export function usualRangeAdvice(over: Partial<Advice> = {}): Advice {
  return {
    rule: "bp-high-home",
    urgency: "none",
    isRedFlag: false,
    headline: "Higher than the usual range",
    text: "This is 135/85 or higher, the level NICE uses for readings taken at home.",
    condition: "systolic 135 mmHg or more, or diastolic 85 mmHg or more, taken at home",
    field: null,
    ifSymptoms: [],
    source: { title: "NICE guideline NG136: Hypertension in adults: diagnosis and management", url: "https://www.nice.org.uk/guidance/ng136/chapter/Recommendations" },
    reviewed: "2026-12-03",
    stale: null,
    ...over,
  };
}
