//! The red-flag table: readings that need action, how soon, and what to do, in plain words.
//! Each row has its source (an NHS website page, a NICE guideline or the guidance NICE points
//! to) and the date it was last checked against it. It is one table, as data: the checks
//! before saving, every list and chart, GP results, the record's "outside the normal range"
//! filter and shares all ask it, so each threshold is written once.
//!
//! Every number here is in the kind's canonical unit (mmHg, beats per minute, mmol/L, %, °C,
//! kg, L/min). Values typed or imported in another unit are converted by
//! [`crate::readings::check`] (or, for GP results, by [`canonical_value`]) before they are
//! judged, and a value whose unit is not known is never judged.
//!
//! Where a source's figure differs from the figure first asked for, the source wins and the
//! row's `note` says so.

use chrono::{DateTime, Duration, FixedOffset};
use serde::{Deserialize, Serialize};

use super::kind::ReadingKind;
use super::nice::{THRESHOLD_DIASTOLIC, THRESHOLD_SYSTOLIC};
use super::reading::{CheckedReading, Unusual};
use super::units::{format_value, parse_unit, to_canonical};
use crate::record::Coding;

/// When every row was last checked against its source.
pub const REVIEWED: &str = "2026-12-03";

/// The code system of the FHIR `interpretation` coding that names the row a shared or
/// exported reading met, so the reader shows the same advice from the same table.
pub const RULE_SYSTEM: &str = "urn:phr:red-flag";

/// How soon to act. Ordered from least to most urgent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Urgency {
    /// Outside the usual range, but nothing to do now.
    #[serde(rename = "none")]
    NoAction,
    /// Not an emergency: follow the advice, and see a GP if it says so.
    Soon,
    /// Act today: an urgent GP appointment or NHS 111, or treat it now as the advice says.
    Urgent,
    /// Call 999 now.
    Emergency,
}

impl Urgency {
    /// Every urgency, most urgent first.
    pub const ALL: [Urgency; 4] = [Urgency::Emergency, Urgency::Urgent, Urgency::Soon, Urgency::NoAction];

    /// The wire name: "emergency", "urgent", "soon", "none".
    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::Emergency => "emergency",
            Urgency::Urgent => "urgent",
            Urgency::Soon => "soon",
            Urgency::NoAction => "none",
        }
    }

    /// The word on the marker beside a reading ("Urgent").
    pub fn label(self) -> &'static str {
        match self {
            Urgency::Emergency => "Emergency",
            Urgency::Urgent => "Urgent",
            Urgency::Soon => "Needs attention",
            Urgency::NoAction => "Outside the usual range",
        }
    }

    /// What the urgency asks of the person, after the label.
    pub fn meaning(self) -> &'static str {
        match self {
            Urgency::Emergency => "Call 999 now.",
            Urgency::Urgent => "Act today.",
            Urgency::Soon => "Not an emergency. Follow the advice.",
            Urgency::NoAction => "Nothing to do now, but it is worth knowing.",
        }
    }

    /// The marker's words where a professional reads them, so a flag never rests on colour
    /// alone ("Red flag: urgent").
    pub fn flag_text(self) -> &'static str {
        match self {
            Urgency::Emergency => "Red flag: emergency",
            Urgency::Urgent => "Red flag: urgent",
            Urgency::Soon => "Red flag: needs attention",
            Urgency::NoAction => "Outside the usual range",
        }
    }

    /// A red flag is anything that asks for action; outside the usual range alone is not.
    pub fn is_red_flag(self) -> bool {
        self != Urgency::NoAction
    }
}

/// Which number of a reading a condition looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// The value (blood pressure: systolic).
    Value,
    /// Blood pressure: diastolic.
    Diastolic,
    /// Peak flow as a percentage of the person's best.
    PercentOfBest,
    /// Weight: how much it has gone up since the lowest weight in the 3 days before.
    GainOver3Days,
}

/// How a number is compared with a limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `>= limit`
    AtLeast,
    /// `> limit`
    Above,
    /// `<= limit`
    AtMost,
    /// `< limit`
    Below,
}

impl Op {
    fn holds(self, v: f64, limit: f64) -> bool {
        match self {
            Op::AtLeast => v >= limit,
            Op::Above => v > limit,
            Op::AtMost => v <= limit,
            Op::Below => v < limit,
        }
    }

    /// Whether it flags values above the limit (else below).
    pub fn is_high(self) -> bool {
        matches!(self, Op::AtLeast | Op::Above)
    }

    fn words(self) -> &'static str {
        match self {
            Op::AtLeast => "or more",
            Op::Above => "more than",
            Op::AtMost => "or less",
            Op::Below => "less than",
        }
    }
}

/// One number compared with one limit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Clause {
    pub measure: Measure,
    pub op: Op,
    /// In the kind's canonical unit (for [`Measure::PercentOfBest`], a percentage; for
    /// [`Measure::GainOver3Days`], kg).
    pub limit: f64,
}

const fn at_least(measure: Measure, limit: f64) -> Clause {
    Clause { measure, op: Op::AtLeast, limit }
}
const fn above(measure: Measure, limit: f64) -> Clause {
    Clause { measure, op: Op::Above, limit }
}
const fn at_most(measure: Measure, limit: f64) -> Clause {
    Clause { measure, op: Op::AtMost, limit }
}
const fn below(measure: Measure, limit: f64) -> Clause {
    Clause { measure, op: Op::Below, limit }
}

/// What else must be true for a row to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// The person also has these symptoms. The app cannot know, so such a row is shown as
    /// "if you also have ..." beside the row that applies.
    Symptoms(&'static str),
    /// The person's record holds type 1 diabetes.
    Type1Diabetes,
    /// The person's record holds heart failure.
    HeartFailure,
    /// Taken at home (the person's own monitor).
    AtHome,
    /// Taken in a clinic (a GP practice's record).
    InClinic,
    /// Glucose taken fasting or before a meal.
    BeforeFood,
    /// Glucose taken at any other time, or at a time not known.
    NotBeforeFood,
}

/// Where a guideline or an NHS page says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source {
    pub title: &'static str,
    pub url: &'static str,
}

/// One row of the table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RedFlag {
    /// A stable name ("bp-very-high"): shares and exports carry it; never renamed.
    pub id: &'static str,
    pub kind: ReadingKind,
    /// The row applies when any of these holds (and every need is met).
    pub any: &'static [Clause],
    pub needs: &'static [Needs],
    pub urgency: Urgency,
    /// Ask the person to check the reading before it is saved.
    pub confirm: bool,
    /// A few words naming it ("Very high blood pressure").
    pub headline: &'static str,
    /// What to do, in plain words (reading age 9 to 11).
    pub advice: &'static str,
    pub source: Source,
    /// The date it was last checked against its source (`YYYY-MM-DD`).
    pub reviewed: &'static str,
    /// Where the source differs from the figure first asked for, or what the row leaves out.
    pub note: Option<&'static str>,
}

impl RedFlag {
    /// The condition in words, from the row's own numbers: "systolic 180 mmHg or more, or
    /// diastolic 120 mmHg or more".
    pub fn condition(&self) -> String {
        let unit = self.kind.unit_label();
        let parts: Vec<String> = self
            .any
            .iter()
            .map(|c| {
                let (name, unit) = match c.measure {
                    Measure::Value if self.kind == ReadingKind::BloodPressure => ("systolic ", unit),
                    Measure::Value => ("", unit),
                    Measure::Diastolic => ("diastolic ", unit),
                    Measure::PercentOfBest => ("", "% of your best"),
                    Measure::GainOver3Days => ("a gain of ", "kg in 3 days"),
                };
                let n = super::units::trim_number(c.limit);
                let sep = if unit.starts_with('%') { "" } else { " " };
                match c.op {
                    Op::AtLeast | Op::AtMost => format!("{name}{n}{sep}{unit} {}", c.op.words()),
                    Op::Above | Op::Below => format!("{name}{} {n}{sep}{unit}", c.op.words()),
                }
            })
            .collect();
        let mut text = parts.join(", or ");
        for need in self.needs {
            match need {
                Needs::Symptoms(s) => text.push_str(&format!(", with {s}")),
                Needs::Type1Diabetes => text.push_str(", for someone with type 1 diabetes"),
                Needs::HeartFailure => text.push_str(", for someone with heart failure"),
                Needs::AtHome => text.push_str(", taken at home"),
                Needs::InClinic => text.push_str(", taken in a clinic"),
                Needs::BeforeFood => text.push_str(", taken fasting or before a meal"),
                Needs::NotBeforeFood => text.push_str(", taken at another time"),
            }
        }
        text
    }

    /// The symptoms a conditional row is about, if it is one.
    pub fn symptoms(&self) -> Option<&'static str> {
        self.needs.iter().find_map(|n| match n {
            Needs::Symptoms(s) => Some(*s),
            _ => None,
        })
    }

    /// Whether the row flags high values (else low ones).
    pub fn is_high(&self) -> bool {
        self.any.first().is_some_and(|c| c.op.is_high())
    }
}

const NICE_NG136: Source = Source {
    title: "NICE guideline NG136: Hypertension in adults: diagnosis and management",
    url: "https://www.nice.org.uk/guidance/ng136/chapter/Recommendations",
};
const NHS_HIGH_BP: Source = Source {
    title: "NHS: High blood pressure (hypertension)",
    url: "https://www.nhs.uk/conditions/high-blood-pressure/",
};
const NHS_LOW_BP: Source = Source {
    title: "NHS: Low blood pressure (hypotension)",
    url: "https://www.nhs.uk/conditions/low-blood-pressure-hypotension/",
};
const NHS_PULSE: Source = Source {
    title: "NHS: How do I check my pulse?",
    url: "https://www.nhs.uk/common-health-questions/accidents-first-aid-and-treatments/how-do-i-check-my-pulse/",
};
const NHS_PALPITATIONS: Source =
    Source { title: "NHS: Heart palpitations", url: "https://www.nhs.uk/conditions/heart-palpitations/" };
const NHS_LOW_SUGAR: Source = Source {
    title: "NHS: Low blood sugar (hypoglycaemia)",
    url: "https://www.nhs.uk/conditions/low-blood-sugar-hypoglycaemia/",
};
const IHSG_2017: Source = Source {
    title: "International Hypoglycaemia Study Group: Glucose concentrations of less than 3.0 mmol/L (Diabetes Care 2017)",
    url: "https://diabetesjournals.org/care/article/40/1/155/37140/",
};
const NHS_HIGH_SUGAR: Source = Source {
    title: "NHS: High blood sugar (hyperglycaemia)",
    url: "https://www.nhs.uk/conditions/high-blood-sugar-hyperglycaemia/",
};
const NHS_T1D_HIGH_SUGAR: Source = Source {
    title: "NHS: Type 1 diabetes: hyperglycaemia (high blood sugar)",
    url: "https://www.nhs.uk/conditions/type-1-diabetes/hyperglycaemia/",
};
const NHS_OXIMETRY: Source = Source {
    title: "NHS England: Pulse oximetry to detect early deterioration of patients in primary and community care",
    url: "https://www.england.nhs.uk/coronavirus/publication/pulse-oximetry-to-detect-early-deterioration-of-patients-with-covid-19-in-primary-and-community-care-settings/",
};
const NHS_FEVER: Source =
    Source { title: "NHS: High temperature (fever) in adults", url: "https://www.nhs.uk/conditions/fever-in-adults/" };
const NHS_HYPOTHERMIA: Source = Source { title: "NHS: Hypothermia", url: "https://www.nhs.uk/conditions/hypothermia/" };
const BTS_SIGN_ASTHMA: Source = Source {
    title: "BTS/NICE/SIGN asthma guideline: management of acute asthma in adults",
    url: "https://rightdecisions.scot.nhs.uk/asthma-pathway-bts-nice-sign-sign-244/managing-acute-asthma/management-of-acute-asthma-in-adults/asthma-management-algorithms-for-adults/management-of-acute-asthma-in-adults-in-hospital",
};
const ESC_HF_WEIGHT: Source = Source {
    title: "European Society of Cardiology, heartfailurematters.org: Weight gain",
    url: "https://www.heartfailurematters.org/en_GB/Understanding-heart-failure/Weight-gain",
};

use Measure::{Diastolic, GainOver3Days, PercentOfBest, Value};

const BP_VERY_HIGH: &[Clause] = &[at_least(Value, 180.0), at_least(Diastolic, 120.0)];
const BP_LOW: &[Clause] = &[below(Value, 90.0), below(Diastolic, 60.0)];
const HR_FAST_OR_SLOW: &[Clause] = &[above(Value, 120.0), below(Value, 40.0)];
const GLUCOSE_HYPO: &[Clause] = &[below(Value, 4.0)];
const T1D_HIGH_GLUCOSE: &[Clause] = &[above(Value, 14.0)];
const HF_WEIGHT_GAIN: &[Clause] = &[above(GainOver3Days, 2.0)];

/// The table. Rows of a kind are listed most urgent first; when a reading meets several, the
/// most urgent applies (the first listed, between rows equally urgent).
pub const RED_FLAGS: &[RedFlag] = &[
    // Blood pressure.
    RedFlag {
        id: "bp-very-high-symptoms",
        kind: ReadingKind::BloodPressure,
        any: BP_VERY_HIGH,
        needs: &[Needs::Symptoms(
            "chest pain, shortness of breath, a severe headache, changes in your eyesight, confusion, or weakness in your face, arm or leg",
        )],
        urgency: Urgency::Emergency,
        confirm: true,
        headline: "Very high blood pressure with symptoms",
        advice: "Call 999 now. Blood pressure this high with these symptoms can mean a heart attack or a stroke, \
                 or harm to your brain, heart, eyes or kidneys.",
        source: NICE_NG136,
        reviewed: REVIEWED,
        note: Some(
            "NICE NG136 recommendation 1.5.1 lists new confusion, chest pain, signs of heart failure (such as \
             shortness of breath), acute kidney injury and bleeding or swelling at the back of the eye (changes in \
             eyesight) for same-day specialist care. A severe headache and weakness of the face, arm or leg are signs \
             of a stroke, for which the NHS says to call 999.",
        ),
    },
    RedFlag {
        id: "bp-very-high",
        kind: ReadingKind::BloodPressure,
        any: BP_VERY_HIGH,
        needs: &[],
        urgency: Urgency::Urgent,
        confirm: true,
        headline: "Very high blood pressure",
        advice: "Your blood pressure is very high. Sit still and rest for 5 minutes, then take it again. \
                 If it is still 180/120 or higher, ask for an urgent GP appointment today or call NHS 111.",
        source: NICE_NG136,
        reviewed: REVIEWED,
        note: Some(
            "NICE NG136 recommendation 1.5.2: without symptoms, a blood pressure of 180/120 or more needs tests for \
             harm to the organs as soon as possible and a repeat reading within 7 days, not same-day hospital care. \
             An urgent GP appointment or NHS 111 is how a person at home starts that.",
        ),
    },
    RedFlag {
        id: "bp-high-home",
        kind: ReadingKind::BloodPressure,
        any: &[at_least(Value, THRESHOLD_SYSTOLIC), at_least(Diastolic, THRESHOLD_DIASTOLIC)],
        needs: &[Needs::AtHome],
        urgency: Urgency::NoAction,
        confirm: false,
        headline: "Higher than the usual range",
        advice: "This is 135/85 or higher, the level NICE uses for readings taken at home. One reading does not \
                 mean you have high blood pressure: your GP looks at the average of a week of home readings. \
                 If most of your readings are this high, tell your GP practice.",
        source: NICE_NG136,
        reviewed: REVIEWED,
        note: Some(
            "For people aged 80 or over the NHS uses 145/85 at home; the app does not use age yet, so it may \
             flag their readings between 135/85 and 145/85.",
        ),
    },
    RedFlag {
        id: "bp-high-clinic",
        kind: ReadingKind::BloodPressure,
        any: &[at_least(Value, 140.0), at_least(Diastolic, 90.0)],
        needs: &[Needs::InClinic],
        urgency: Urgency::NoAction,
        confirm: false,
        headline: "Higher than the usual range",
        advice: "This is 140/90 or higher, the level NICE uses for readings taken at a GP practice or clinic. \
                 Your GP decides what it means, often with home or 24-hour readings.",
        source: NHS_HIGH_BP,
        reviewed: REVIEWED,
        note: Some(
            "NICE NG136 uses the same 140/90 clinic level. For people aged 80 or over the NHS uses 150/90 in a \
             clinic; the app does not use age yet.",
        ),
    },
    RedFlag {
        id: "bp-low-symptoms",
        kind: ReadingKind::BloodPressure,
        any: BP_LOW,
        needs: &[Needs::Symptoms("you keep feeling dizzy or light-headed, or you faint")],
        urgency: Urgency::Soon,
        confirm: true,
        headline: "Low blood pressure with dizziness or fainting",
        advice: "See a GP if you keep getting dizzy or fainting.",
        source: NHS_LOW_BP,
        reviewed: REVIEWED,
        note: None,
    },
    RedFlag {
        id: "bp-low",
        kind: ReadingKind::BloodPressure,
        any: BP_LOW,
        needs: &[],
        urgency: Urgency::NoAction,
        confirm: true,
        headline: "Low blood pressure",
        advice: "Your blood pressure is lower than 90/60. This is often normal and does not need treatment if you \
                 feel well. Get up slowly when you have been sitting or lying down.",
        source: NHS_LOW_BP,
        reviewed: REVIEWED,
        note: None,
    },
    // Heart rate (and the pulse taken with a blood pressure).
    RedFlag {
        id: "hr-fast-or-slow-symptoms",
        kind: ReadingKind::HeartRate,
        any: HR_FAST_OR_SLOW,
        needs: &[Needs::Symptoms("chest pain, shortness of breath, or you feel faint or have fainted")],
        urgency: Urgency::Emergency,
        confirm: true,
        headline: "Very fast or slow heartbeat with symptoms",
        advice: "Call 999 now.",
        source: NHS_PALPITATIONS,
        reviewed: REVIEWED,
        note: Some("The NHS says to call 999 for palpitations with chest pain, shortness of breath or fainting."),
    },
    RedFlag {
        id: "hr-fast-or-slow",
        kind: ReadingKind::HeartRate,
        any: HR_FAST_OR_SLOW,
        needs: &[],
        urgency: Urgency::Soon,
        confirm: true,
        headline: "Very fast or very slow resting heart rate",
        advice: "Rest for 5 minutes and check your pulse again. If your resting heart rate stays above 120 or \
                 below 40 beats a minute, see a GP. It may be normal for you, for example if you are very fit.",
        source: NHS_PULSE,
        reviewed: REVIEWED,
        note: Some(
            "The NHS says to see a GP if the resting heart rate is continuously above 120 or below 40: a GP \
             appointment, not a same-day one, so this row is 'needs attention' rather than urgent.",
        ),
    },
    RedFlag {
        id: "hr-outside-usual",
        kind: ReadingKind::HeartRate,
        any: &[above(Value, 100.0), below(Value, 60.0)],
        needs: &[],
        urgency: Urgency::NoAction,
        confirm: false,
        headline: "Outside the usual resting heart rate",
        advice: "Most adults have a resting heart rate between 60 and 100 beats a minute. Fit people often have a \
                 lower one, and exercise, caffeine or worry can make it faster for a while.",
        source: NHS_PULSE,
        reviewed: REVIEWED,
        note: None,
    },
    // Blood glucose (mmol/L).
    RedFlag {
        id: "glucose-hypo-symptoms",
        kind: ReadingKind::BloodGlucose,
        any: GLUCOSE_HYPO,
        needs: &[Needs::Symptoms("very drowsy, confused, not able to swallow, unconscious, or having a fit")],
        urgency: Urgency::Emergency,
        confirm: true,
        headline: "Severe low blood sugar",
        advice: "Call 999 now. Do not give food or drink to someone who is unconscious or cannot swallow.",
        source: NHS_LOW_SUGAR,
        reviewed: REVIEWED,
        note: None,
    },
    RedFlag {
        id: "glucose-very-low",
        kind: ReadingKind::BloodGlucose,
        any: &[below(Value, 3.0)],
        needs: &[],
        urgency: Urgency::Urgent,
        confirm: true,
        headline: "Very low blood sugar (a serious hypo)",
        advice: "Treat it now. Eat or drink something sugary, such as a small glass of fruit juice or fizzy drink \
                 (not diet), 5 glucose tablets or 4 large jelly babies. Check again after 10 to 15 minutes. If it \
                 is still below 4, have another sugary drink or snack and check again. When you feel better, eat \
                 something like a sandwich or your next meal. Tell your diabetes team.",
        source: IHSG_2017,
        reviewed: REVIEWED,
        note: Some(
            "The figure 3.0 mmol/L is the International Hypoglycaemia Study Group's level for a clinically \
             significant hypo; the NHS page sets no 3.0 figure. The steps follow the NHS low blood sugar page.",
        ),
    },
    RedFlag {
        id: "glucose-hypo",
        kind: ReadingKind::BloodGlucose,
        any: GLUCOSE_HYPO,
        needs: &[],
        urgency: Urgency::Urgent,
        confirm: true,
        headline: "Low blood sugar (a hypo)",
        advice: "Treat it now. Eat or drink something sugary, such as a small glass of fruit juice or fizzy drink \
                 (not diet), 5 glucose tablets or 4 large jelly babies. Check again after 10 to 15 minutes. If it \
                 is still below 4, have another sugary drink or snack and check again. When you feel better, eat \
                 something like a sandwich or your next meal.",
        source: NHS_LOW_SUGAR,
        reviewed: REVIEWED,
        note: None,
    },
    RedFlag {
        id: "glucose-high-type1-symptoms",
        kind: ReadingKind::BloodGlucose,
        any: T1D_HIGH_GLUCOSE,
        needs: &[
            Needs::Type1Diabetes,
            Needs::Symptoms(
                "ketones, feeling or being sick, tummy pain, fast breathing, or you are struggling to stay awake",
            ),
        ],
        urgency: Urgency::Emergency,
        confirm: true,
        headline: "High blood sugar with signs of diabetic ketoacidosis",
        advice: "Contact your diabetes care team now. If you cannot reach them, or you keep being sick, go to A&E \
                 or call 999. This could be diabetic ketoacidosis (DKA), which needs treatment in hospital.",
        source: NHS_T1D_HIGH_SUGAR,
        reviewed: REVIEWED,
        note: None,
    },
    RedFlag {
        id: "glucose-high-type1",
        kind: ReadingKind::BloodGlucose,
        any: T1D_HIGH_GLUCOSE,
        needs: &[Needs::Type1Diabetes],
        urgency: Urgency::Urgent,
        confirm: true,
        headline: "High blood sugar: check for ketones",
        advice: "Check your ketones now with your ketone meter or strips, and follow your sick day rules. If you \
                 have ketones, or your blood sugar stays high, contact your diabetes care team today.",
        source: NHS_T1D_HIGH_SUGAR,
        reviewed: REVIEWED,
        note: Some(
            "First asked for at 15 mmol/L or more. The NHS type 1 diabetes page says to check for ketones when \
             blood glucose is higher than 14 mmol/L, so the row uses more than 14 (Diabetes UK uses 15).",
        ),
    },
    RedFlag {
        id: "glucose-high-before-food",
        kind: ReadingKind::BloodGlucose,
        any: &[above(Value, 7.0)],
        needs: &[Needs::BeforeFood],
        urgency: Urgency::NoAction,
        confirm: false,
        headline: "Higher than the usual range",
        advice: "Blood sugar taken before eating is usually 7 or lower. If you have diabetes, your own target may \
                 be different: check with your care team.",
        source: NHS_HIGH_SUGAR,
        reviewed: REVIEWED,
        note: None,
    },
    RedFlag {
        id: "glucose-high",
        kind: ReadingKind::BloodGlucose,
        any: &[above(Value, 11.0)],
        needs: &[Needs::NotBeforeFood],
        urgency: Urgency::NoAction,
        confirm: false,
        headline: "Higher than the usual range",
        advice: "Blood sugar taken at other times is usually 11 or lower. If you have diabetes, your own target may \
                 be different: check with your care team. If it stays high, contact your GP or care team.",
        source: NHS_HIGH_SUGAR,
        reviewed: REVIEWED,
        note: None,
    },
    // Oxygen saturation (%).
    RedFlag {
        id: "spo2-very-low",
        kind: ReadingKind::OxygenSaturation,
        any: &[at_most(Value, 92.0)],
        needs: &[],
        urgency: Urgency::Emergency,
        confirm: true,
        headline: "Very low oxygen level",
        advice: "Check it again on a warm finger without nail varnish. If it is still 92% or lower, go to A&E or \
                 call 999 now. If your care team has given you a different target, because you have a lung \
                 condition, follow their plan.",
        source: NHS_OXIMETRY,
        reviewed: REVIEWED,
        note: Some(
            "Oximeters can read too high on darker skin (NICE NG124, 2022 update), so a reading near the limit \
             should not reassure.",
        ),
    },
    RedFlag {
        id: "spo2-low",
        kind: ReadingKind::OxygenSaturation,
        any: &[at_most(Value, 94.0)],
        needs: &[],
        urgency: Urgency::Urgent,
        confirm: true,
        headline: "Low oxygen level",
        advice: "Check it again on a warm finger without nail varnish. If it is still 93% or 94%, ask for an \
                 urgent GP appointment today or call NHS 111. If your care team has given you a different \
                 target, follow their plan.",
        source: NHS_OXIMETRY,
        reviewed: REVIEWED,
        note: None,
    },
    // Temperature (°C).
    RedFlag {
        id: "temperature-low",
        kind: ReadingKind::Temperature,
        any: &[below(Value, 35.0)],
        needs: &[],
        urgency: Urgency::Emergency,
        confirm: true,
        headline: "Very low body temperature",
        advice: "Take it again. If it is still below 35°C, this may be hypothermia: call 999 or go to A&E. Get \
                 warm with blankets and a warm drink while you wait. Do not use a hot bath.",
        source: NHS_HYPOTHERMIA,
        reviewed: REVIEWED,
        note: None,
    },
    RedFlag {
        id: "temperature-high",
        kind: ReadingKind::Temperature,
        any: &[at_least(Value, 38.0)],
        needs: &[],
        urgency: Urgency::Soon,
        confirm: true,
        headline: "High temperature",
        advice: "You have a high temperature. Rest, drink plenty of fluids, and take paracetamol or ibuprofen if \
                 you feel uncomfortable. Ask for an urgent GP appointment or call NHS 111 if it is not getting \
                 better or is getting worse.",
        source: NHS_FEVER,
        reviewed: REVIEWED,
        note: Some("The NHS page is for adults; the app does not judge children's temperatures differently."),
    },
    // Peak flow (% of the person's best).
    RedFlag {
        id: "peak-flow-very-low",
        kind: ReadingKind::PeakFlow,
        any: &[below(PercentOfBest, 33.0)],
        needs: &[],
        urgency: Urgency::Emergency,
        confirm: true,
        headline: "Severe asthma attack",
        advice: "Your peak flow is less than a third of your best. Call 999 now. Use your reliever inhaler \
                 (usually blue) as your asthma action plan says while you wait.",
        source: BTS_SIGN_ASTHMA,
        reviewed: REVIEWED,
        note: Some("Life-threatening asthma in the guideline: peak flow below 33% of best or predicted."),
    },
    RedFlag {
        id: "peak-flow-low",
        kind: ReadingKind::PeakFlow,
        any: &[below(PercentOfBest, 50.0)],
        needs: &[],
        urgency: Urgency::Urgent,
        confirm: true,
        headline: "Asthma attack",
        advice: "Your peak flow is less than half your best. This may be an asthma attack. Follow your asthma \
                 action plan now. If your reliever inhaler does not help, or you are too breathless to speak, eat \
                 or sleep, call 999.",
        source: BTS_SIGN_ASTHMA,
        reviewed: REVIEWED,
        note: Some(
            "Acute severe asthma in the guideline: peak flow 33% to 50% of best. The best is the highest peak \
             flow the app holds for the person.",
        ),
    },
    // Weight (kg).
    RedFlag {
        id: "weight-gain-heart-failure",
        kind: ReadingKind::Weight,
        any: HF_WEIGHT_GAIN,
        needs: &[Needs::HeartFailure],
        urgency: Urgency::Urgent,
        confirm: true,
        headline: "Fast weight gain with heart failure",
        advice: "You have put on more than 2 kg in 3 days. With heart failure this can mean fluid is building up. \
                 Contact your heart failure nurse or GP practice today. If you are very short of breath or have \
                 chest pain, call 999.",
        source: ESC_HF_WEIGHT,
        reviewed: REVIEWED,
        note: Some(
            "First asked for at 2 kg or more. The source says more than 2 kg in 3 days, so exactly 2 kg is not \
             flagged. The British Heart Foundation also says more than 2 kg, and to tell the doctor or nurse as \
             soon as you notice.",
        ),
    },
];

/// The row with this id.
pub fn rule(id: &str) -> Option<&'static RedFlag> {
    RED_FLAGS.iter().find(|r| r.id == id)
}

/// Where a reading was taken: the person's own monitor, or a clinic (a GP record's result).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    Home,
    Clinic,
}

/// A reading to judge, in the kind's canonical unit.
#[derive(Clone, Copy, PartialEq)]
pub struct Observed<'a> {
    pub kind: ReadingKind,
    /// The value (blood pressure: systolic; NaN when only the diastolic is known).
    pub value: f64,
    /// Blood pressure: diastolic.
    pub value2: Option<f64>,
    /// When it was taken, for a change over days.
    pub at: Option<DateTime<FixedOffset>>,
    /// Glucose: when it was taken relative to food ("fasting", "beforeMeal"...), if known.
    pub context: Option<&'a str>,
    pub setting: Setting,
}
crate::redacted_debug!(Observed<'a> { kind,at,setting });

impl<'a> Observed<'a> {
    /// A value taken at home, with nothing else known.
    pub fn home(kind: ReadingKind, value: f64) -> Observed<'a> {
        Observed { kind, value, value2: None, at: None, context: None, setting: Setting::Home }
    }
}

/// What the record says about the person that some rows need. Built by the app from the
/// record (problems, readings); every field may be left at its default when not known.
#[derive(Clone, Default, PartialEq)]
pub struct PersonContext {
    /// The record holds type 1 diabetes ([`is_type1_diabetes`]).
    pub has_type1_diabetes: bool,
    /// The record holds heart failure ([`is_heart_failure`]).
    pub has_heart_failure: bool,
    /// The highest peak flow the record holds, L/min.
    pub best_peak_flow: Option<f64>,
    /// Weights (time, kg) in any order, covering at least the 3 days before each weight judged.
    pub weights: Vec<(DateTime<FixedOffset>, f64)>,
}
crate::redacted_debug!(PersonContext);

/// The row that applies to a reading, and the rows to act on if the person also has symptoms.
#[derive(Debug, Clone, PartialEq)]
pub struct Advice {
    pub rule: &'static RedFlag,
    /// The field whose number met it ("value", "value2", "pulse").
    pub field: &'static str,
    /// More urgent rows the same number meets with symptoms ("if you also have chest pain...").
    pub if_symptoms: Vec<&'static RedFlag>,
}

impl Advice {
    pub fn urgency(&self) -> Urgency {
        self.rule.urgency
    }
}

/// One row a reading meets, and the field whose number met it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Match {
    pub rule: &'static RedFlag,
    pub field: &'static str,
}

impl Clause {
    /// The number this clause compares, if the reading (and what is known of the person) has it.
    fn number(&self, o: &Observed<'_>, person: Option<&PersonContext>) -> Option<f64> {
        match self.measure {
            Measure::Value => Some(o.value),
            Measure::Diastolic => o.value2,
            Measure::PercentOfBest => {
                let best = person?.best_peak_flow.filter(|b| *b > 0.0)?;
                Some(o.value / best * 100.0)
            }
            Measure::GainOver3Days => {
                let at = o.at?;
                let since = at - Duration::days(3);
                let lowest = person?
                    .weights
                    .iter()
                    .filter(|(t, _)| *t >= since && *t < at)
                    .map(|(_, kg)| *kg)
                    .fold(None, |m: Option<f64>, kg| Some(m.map_or(kg, |m| m.min(kg))))?;
                Some(o.value - lowest)
            }
        }
    }

    fn field(&self) -> &'static str {
        if self.measure == Measure::Diastolic { "value2" } else { "value" }
    }
}

/// Whether a need is met: `None` when it cannot be known (symptoms; the person when not given).
fn need_met(need: Needs, o: &Observed<'_>, person: Option<&PersonContext>) -> Option<bool> {
    let before_food = || o.context.is_some_and(|c| c == "fasting" || c == "beforeMeal");
    match need {
        Needs::Symptoms(_) => None,
        Needs::Type1Diabetes => person.map(|p| p.has_type1_diabetes),
        Needs::HeartFailure => person.map(|p| p.has_heart_failure),
        Needs::AtHome => Some(o.setting == Setting::Home),
        Needs::InClinic => Some(o.setting == Setting::Clinic),
        Needs::BeforeFood => Some(before_food()),
        Needs::NotBeforeFood => Some(!before_food()),
    }
}

/// The first clause of `row` that `o` meets, when its needs are met (a symptoms need counts as
/// met: such rows are offered as "if you also have ...").
fn meets(row: &'static RedFlag, o: &Observed<'_>, person: Option<&PersonContext>) -> Option<&'static Clause> {
    if row.kind != o.kind {
        return None;
    }
    for need in row.needs {
        match need_met(*need, o, person) {
            Some(true) => {}
            Some(false) => return None,
            None if matches!(need, Needs::Symptoms(_)) => {}
            None => return None,
        }
    }
    row.any.iter().find(|c| c.number(o, person).is_some_and(|v| v.is_finite() && c.op.holds(v, c.limit)))
}

/// Every row `o` meets, in table order, symptom rows included.
pub fn matching(o: &Observed<'_>, person: Option<&PersonContext>) -> Vec<Match> {
    RED_FLAGS.iter().filter_map(|row| meets(row, o, person).map(|c| Match { rule: row, field: c.field() })).collect()
}

/// The advice for matches: the most urgent row without symptoms (the first listed between
/// equals), and the more urgent symptom rows.
fn advice_of(matches: &[Match]) -> Option<Advice> {
    let plain = matches.iter().filter(|m| m.rule.symptoms().is_none());
    let mut best: Option<&Match> = None;
    for m in plain {
        if best.is_none_or(|b| m.rule.urgency > b.rule.urgency) {
            best = Some(m);
        }
    }
    let best = best?;
    let if_symptoms = matches
        .iter()
        .filter(|m| m.rule.symptoms().is_some() && m.rule.urgency > best.rule.urgency)
        .map(|m| m.rule)
        .collect();
    Some(Advice { rule: best.rule, field: best.field, if_symptoms })
}

/// The advice for one number of a reading, knowing what `person` gives (`None` judges only
/// by rows that need nothing about the person).
pub fn advise(o: &Observed<'_>, person: Option<&PersonContext>) -> Option<Advice> {
    advice_of(&matching(o, person))
}

/// The advice for a checked reading at home: its value (and diastolic) by its own kind's rows,
/// and a blood pressure's pulse by the heart rate rows.
pub fn advise_reading(r: &CheckedReading, person: Option<&PersonContext>) -> Option<Advice> {
    advise_values(r.kind, r.value, r.value2, r.pulse, Some(r.at), r.context.as_deref(), Setting::Home, person)
}

/// [`advise_reading`] for numbers that are not a checked reading (a GP result, a chart point).
#[allow(clippy::too_many_arguments)]
pub fn advise_values(
    kind: ReadingKind,
    value: Option<f64>,
    value2: Option<f64>,
    pulse: Option<f64>,
    at: Option<DateTime<FixedOffset>>,
    context: Option<&str>,
    setting: Setting,
    person: Option<&PersonContext>,
) -> Option<Advice> {
    let mut found = Vec::new();
    if value.is_some() || value2.is_some() {
        // A diastolic recorded on its own has no systolic: the systolic rows then meet nothing.
        let value = value.unwrap_or(f64::NAN);
        found.extend(matching(&Observed { kind, value, value2, at, context, setting }, person));
    }
    if let Some(p) = pulse.filter(|_| kind == ReadingKind::BloodPressure) {
        let o = Observed { kind: ReadingKind::HeartRate, value: p, value2: None, at, context: None, setting };
        found.extend(matching(&o, person).into_iter().map(|m| Match { field: "pulse", ..m }));
    }
    advice_of(&found)
}

/// What a reading that needs a second look says, for the checks before saving: one line per
/// field that meets a row asking to confirm ("Systolic 185 mmHg is very high."). Rows that need
/// something known about the person are the app's to add.
pub fn unusual(r: &CheckedReading) -> Vec<Unusual> {
    let mut out = Vec::new();
    let mut add = |kind: ReadingKind, value: Option<f64>, value2: Option<f64>, pulse_field: bool| {
        let Some(value) = value else { return };
        let o = Observed { kind, value, value2, at: Some(r.at), context: r.context.as_deref(), setting: Setting::Home };
        // Most urgent first, so each field's line words the most urgent row it meets. (No
        // allocation: a device file checks every row it holds.)
        let rows = Urgency::ALL.into_iter().flat_map(|u| {
            RED_FLAGS
                .iter()
                .filter(move |row| row.urgency == u && row.kind == kind && row.confirm && row.symptoms().is_none())
        });
        for row in rows {
            if meets(row, &o, None).is_none() {
                continue;
            }
            for clause in row.any.iter().filter(|c| c.number(&o, None).is_some_and(|v| c.op.holds(v, c.limit))) {
                let field = if pulse_field { "pulse" } else { clause.field() };
                if out.iter().any(|u: &Unusual| u.field == field) {
                    continue;
                }
                let (name, shown) = match field {
                    "pulse" => ("Pulse", format!("{} beats per minute", format_value(ReadingKind::HeartRate, value))),
                    "value2" => ("Diastolic", format!("{} mmHg", format_value(kind, value2.unwrap_or_default()))),
                    _ if kind == ReadingKind::BloodPressure => {
                        ("Systolic", format!("{} mmHg", format_value(kind, value)))
                    }
                    _ => (kind.label(), shown_value(r, value)),
                };
                let how = match (clause.op.is_high(), row.urgency >= Urgency::Urgent) {
                    (true, true) => "very high",
                    (true, false) => "high",
                    (false, true) => "very low",
                    (false, false) => "low",
                };
                out.push(Unusual { field: field.to_string(), reason: format!("{name} {shown} is {how}.") });
            }
        }
    };
    add(r.kind, r.value, r.value2, false);
    if r.kind == ReadingKind::BloodPressure {
        add(ReadingKind::HeartRate, r.pulse, None, true);
    }
    out.sort_by_key(|u| match u.field.as_str() {
        "value" => 0,
        "value2" => 1,
        _ => 2,
    });
    out
}

/// "6.9 mmol/L (125 mg/dL as entered)" when converted, else "6.9 mmol/L".
fn shown_value(r: &CheckedReading, canonical: f64) -> String {
    let unit = r.kind.unit_label();
    let converted = r.entered_unit.as_deref().and_then(|u| parse_unit(r.kind, u)).filter(|u| *u != r.kind.unit());
    match (converted, r.entered_value) {
        (Some(ucum), Some(entered)) => format!(
            "{} {unit} ({} {} as entered)",
            format_value(r.kind, canonical),
            super::units::trim_number(entered),
            super::kind::unit_label(ucum)
        ),
        _ => format!("{} {unit}", super::units::trim_number(canonical)),
    }
}

/// Whether the advice was given for a reading the person took, or a result in their record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Taken {
    Reading,
    Result,
}

/// For a reading or result from before yesterday: that the advice is for a reading like it
/// taken now, so old numbers are not read as today's ("This result is from 3 Jun 2019. ...").
pub fn stale_note(taken: chrono::NaiveDate, today: chrono::NaiveDate, what: Taken) -> Option<String> {
    if (today - taken).num_days() <= 1 {
        return None;
    }
    let day = taken.format("%-d %b %Y");
    Some(match what {
        Taken::Reading => format!(
            "This reading was taken on {day}. The advice is for a reading like this taken now. If you feel unwell \
             now, take a new reading."
        ),
        Taken::Result => format!(
            "This result is from {day}. The advice is for a reading like this taken now. Ask your GP practice \
             what it meant at the time."
        ),
    })
}

/// How a result compares with the usual range, judged by the table alone (no reference range
/// of its own, nothing known about the person).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Verdict {
    /// It meets this row (the most urgent it meets).
    Outside(&'static RedFlag),
    /// The table has rows for it and it meets none.
    Inside,
    /// No row of the table can judge it without knowing more (a weight, a height, a peak flow
    /// without the person's best).
    CannotCheck,
}

/// Whether a row can judge `o` with nothing known about the person and no symptoms.
fn usable_alone(row: &RedFlag, o: &Observed<'_>) -> bool {
    row.kind == o.kind
        && row.needs.iter().all(|n| need_met(*n, o, None) == Some(true))
        && row.any.iter().any(|c| match c.measure {
            Measure::Value => o.value.is_finite(),
            Measure::Diastolic => o.value2.is_some_and(f64::is_finite),
            Measure::PercentOfBest | Measure::GainOver3Days => false,
        })
}

/// Judges `o` by the table alone: what the record's "outside the normal range" filter uses for
/// a result with no reference range of its own.
pub fn judge(o: &Observed<'_>) -> Verdict {
    if !RED_FLAGS.iter().any(|row| usable_alone(row, o)) {
        return Verdict::CannotCheck;
    }
    let matches: Vec<Match> = RED_FLAGS
        .iter()
        .filter(|row| usable_alone(row, o))
        .filter_map(|row| meets(row, o, None).map(|c| Match { rule: row, field: c.field() }))
        .collect();
    match advice_of(&matches) {
        Some(a) => Verdict::Outside(a.rule),
        None => Verdict::Inside,
    }
}

/// A value as a GP record gives it, in the kind's canonical unit: the UCUM code first, else
/// the unit's text. `None` when the unit is not one the kind accepts, so nothing is judged in
/// a unit it was not written in. A unit left out is taken as the kind's own only for kinds
/// where no other unit is in use (blood pressure, heart rate, oxygen saturation).
pub fn canonical_value(kind: ReadingKind, value: f64, ucum_code: Option<&str>, unit: Option<&str>) -> Option<f64> {
    let given = [ucum_code, unit].into_iter().flatten().map(str::trim).find(|u| !u.is_empty());
    let ucum = match given {
        Some(u) => parse_unit(kind, u).or_else(|| extra_unit(kind, u))?,
        None if kind.units_accepted().len() == 1 => kind.unit(),
        None => return None,
    };
    Some(to_canonical(ucum, value))
}

/// Spellings GP systems use beyond what people type.
fn extra_unit(kind: ReadingKind, unit: &str) -> Option<&'static str> {
    let key: String = unit.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect();
    let ucum = match key.as_str() {
        "beats/minute" | "beat/min" | "/minute" | "perminute" => "/min",
        "deg c" | "degreesc" | "degreescelsius" | "celsius" | "cel" => "Cel",
        "mmol/mol" => return None,
        _ => return None,
    };
    kind.units_accepted().iter().copied().find(|u| *u == ucum)
}

/// SNOMED CT concepts for type 1 diabetes (the concept and common children used in GP records).
const TYPE1_SNOMED: &[&str] = &[
    "46635009",  // Diabetes mellitus type 1
    "190330002", // Type 1 diabetes mellitus with hyperosmolar coma
    "190368000", // Type I diabetes mellitus with ulcer
    "190372001", // Type I diabetes mellitus maturity onset
    "199229001", // Pre-existing type 1 diabetes mellitus (pregnancy)
    "313435000", // Type I diabetes mellitus without complication
    "420868002", // Disorder due to type 1 diabetes mellitus
    "421075007", // Ketoacidotic coma in type I diabetes mellitus
    "420270002", // Ketoacidosis in type I diabetes mellitus
];

/// SNOMED CT concepts for heart failure.
const HEART_FAILURE_SNOMED: &[&str] = &[
    "84114007",  // Heart failure
    "42343007",  // Congestive heart failure
    "88805009",  // Chronic congestive heart failure
    "85232009",  // Left heart failure
    "367363000", // Right ventricular failure
    "703272007", // Heart failure with reduced ejection fraction
    "446221000", // Heart failure with normal ejection fraction
    "10633002",  // Acute congestive heart failure
];

/// Words that make a title about something other than the person having the condition.
const NOT_THE_CONDITION: &[&str] = &["family history", "fh:", "screen", "risk", "no history", "excluded", "monitor"];

fn coded(codes: &[Coding], snomed: &[&str], icd10_prefix: &str, read_prefix: &str) -> bool {
    codes.iter().any(|c| {
        let code = c.code.as_deref().unwrap_or("").trim();
        match c.system_name().as_str() {
            "SNOMED CT" => snomed.contains(&code),
            "ICD-10" => code.starts_with(icd10_prefix),
            "Read v2" => code.starts_with(read_prefix),
            _ => false,
        }
    })
}

fn titled(title: &str, phrases: &[&str]) -> bool {
    let lower = title.to_lowercase();
    phrases.iter().any(|p| lower.contains(p)) && !NOT_THE_CONDITION.iter().any(|w| lower.contains(w))
}

/// Whether a problem entry (its codes and title) records type 1 diabetes.
pub fn is_type1_diabetes(codes: &[Coding], title: &str) -> bool {
    let lower = title.to_lowercase();
    if NOT_THE_CONDITION.iter().any(|w| lower.contains(w)) {
        return false;
    }
    coded(codes, TYPE1_SNOMED, "E10", "C108")
        || titled(
            title,
            &["type 1 diabetes", "diabetes mellitus type 1", "type i diabetes", "insulin dependent diabetes"],
        )
}

/// Whether a problem entry (its codes and title) records heart failure.
pub fn is_heart_failure(codes: &[Coding], title: &str) -> bool {
    let lower = title.to_lowercase();
    if NOT_THE_CONDITION.iter().any(|w| lower.contains(w)) {
        return false;
    }
    coded(codes, HEART_FAILURE_SNOMED, "I50", "G58") || titled(title, &["heart failure", "cardiac failure"])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_every_row_is_sourced_and_reviewed() {
        for (i, row) in RED_FLAGS.iter().enumerate() {
            assert!(RED_FLAGS.iter().skip(i + 1).all(|r| r.id != row.id), "duplicate id {}", row.id);
            assert!(row.source.url.starts_with("https://"), "{}", row.id);
            assert_eq!(row.reviewed, REVIEWED);
            assert!(!row.any.is_empty(), "{}", row.id);
            assert!(row.advice.len() > 10, "{}", row.id);
        }
    }

    #[test]
    fn old_readings_say_the_advice_is_for_now() {
        let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(stale_note(d("2026-12-02"), d("2026-12-03"), Taken::Reading), None);
        let note = stale_note(d("2019-06-03"), d("2026-12-03"), Taken::Result).unwrap();
        assert!(note.starts_with("This result is from 3 Jun 2019."), "{note}");
    }

    #[test]
    fn conditions_read_from_the_numbers() {
        assert_eq!(
            rule("bp-very-high").map(RedFlag::condition).as_deref(),
            Some("systolic 180 mmHg or more, or diastolic 120 mmHg or more")
        );
        assert_eq!(rule("peak-flow-low").map(RedFlag::condition).as_deref(), Some("less than 50% of your best"));
        assert_eq!(
            rule("glucose-high-type1").map(RedFlag::condition).as_deref(),
            Some("more than 14 mmol/L, for someone with type 1 diabetes")
        );
    }
}
