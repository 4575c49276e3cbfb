//! Personal target ranges per kind, and the thresholds guidance gives, drawn on charts.

use serde::{Deserialize, Serialize};

use super::kind::ReadingKind;
use super::reading::Impossible;

/// A person's target range for a kind; any bound may be open. For blood pressure `low`/`high`
/// bound systolic and `low2`/`high2` diastolic.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Target {
    /// The kind the range is for.
    pub kind: ReadingKind,
    /// Lowest value in range (inclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low: Option<f64>,
    /// Highest value in range (inclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<f64>,
    /// Blood pressure: lowest diastolic in range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low2: Option<f64>,
    /// Blood pressure: highest diastolic in range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high2: Option<f64>,
}
crate::redacted_debug!(Target { kind });

/// A line guidance draws on a chart, named in words ("Home blood pressure target"), with the
/// guideline it comes from for a details link.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Threshold {
    /// What it is, in words people use ("Home blood pressure target").
    pub label: String,
    /// The value, in the kind's canonical unit.
    pub value: f64,
    /// 1 for the first value, 2 for the second (diastolic).
    pub series: u8,
    /// Who it is for and what it means, one sentence, for the details under the chart.
    pub about: String,
    /// The guideline it comes from ("NICE guideline NG136: hypertension in adults").
    pub source: String,
    /// Where that guideline is published.
    pub url: String,
}

/// What decides whether a guideline's line applies to this person.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Applies {
    /// The person's age in whole years today, when known.
    pub age_years: Option<u32>,
    /// The record holds type 1 diabetes.
    pub has_type1_diabetes: bool,
}

impl Target {
    /// True when every bound is open (nothing to draw or flag).
    pub fn is_empty(&self) -> bool {
        self.low.is_none() && self.high.is_none() && self.low2.is_none() && self.high2.is_none()
    }

    /// Refuses a range that cannot be right: a bound that is not a number, low above high, a
    /// second range on a kind with one value, or a target on a symptom note.
    pub fn validate(&self) -> Result<(), Impossible> {
        if self.kind.is_text() {
            return Err(Impossible::new("kind", "A symptom note has no target range."));
        }
        for (field, v) in [("low", self.low), ("high", self.high), ("low2", self.low2), ("high2", self.high2)] {
            if v.is_some_and(|v| !v.is_finite()) {
                return Err(Impossible::new(field, "The target is not a number."));
            }
        }
        if let (Some(l), Some(h)) = (self.low, self.high)
            && l > h
        {
            return Err(Impossible::new("low", "The lower end of the target is above the upper end."));
        }
        if let (Some(l), Some(h)) = (self.low2, self.high2)
            && l > h
        {
            return Err(Impossible::new("low2", "The lower end of the diastolic target is above the upper end."));
        }
        if !self.kind.has_second_value() && (self.low2.is_some() || self.high2.is_some()) {
            return Err(Impossible::new("low2", "Only blood pressure has a second target range."));
        }
        Ok(())
    }
}

/// True when a value lies outside the target (bounds inclusive); a missing value is never out.
pub fn out_of_target(target: &Target, value: Option<f64>, value2: Option<f64>) -> bool {
    let (first, second) = out_of_target_each(target, value, value2);
    first || second
}

/// Whether each value lies outside its own bounds (blood pressure: systolic, then diastolic),
/// so a chart can mark the value that is out. A missing or non-finite value is never out.
pub fn out_of_target_each(target: &Target, value: Option<f64>, value2: Option<f64>) -> (bool, bool) {
    let out = |v: Option<f64>, lo: Option<f64>, hi: Option<f64>| {
        v.filter(|v| v.is_finite()).is_some_and(|v| lo.is_some_and(|lo| v < lo) || hi.is_some_and(|hi| v > hi))
    };
    (out(value, target.low, target.high), out(value2, target.low2, target.high2))
}

const NG136: &str = "NICE guideline NG136: hypertension in adults";
const NG136_URL: &str = "https://www.nice.org.uk/guidance/ng136/chapter/Recommendations";
const NG17: &str = "NICE guideline NG17: type 1 diabetes in adults";
const NG17_URL: &str = "https://www.nice.org.uk/guidance/ng17/chapter/Recommendations";

/// The lines guidance gives for a kind that apply to this person, cited; empty where none does.
///
/// - Blood pressure: NICE NG136, table "Blood pressure targets" and recommendations 1.4.20 and
///   1.4.21: for people under 80, a home (HBPM) average below 135/85 mmHg (clinic 140/90); for
///   people 80 and over, below 145/85 mmHg (clinic 150/90: home targets are 5 mmHg systolic
///   lower than clinic ones). Age unknown: the under-80 line.
/// - Blood glucose: NICE NG17 (adults with type 1 diabetes, 1.6.12): a fasting level of 5 to
///   7 mmol/L on waking and 4 to 7 mmol/L before meals at other times. These are type 1
///   targets, so they are drawn only when the record holds type 1 diabetes. NICE NG28 (type 2
///   diabetes) sets HbA1c targets and no finger-prick levels for everyone, so for anyone else
///   the only glucose line is a target the person set themselves.
pub fn guidance_lines(kind: ReadingKind, who: Applies) -> Vec<Threshold> {
    match kind {
        ReadingKind::BloodPressure => {
            let (sys, about) = if who.age_years.is_some_and(|a| a >= 80) {
                (145.0, "For people aged 80 and over, NICE advises a home average below 145/85 mmHg.")
            } else {
                (135.0, "For people under 80, NICE advises a home average below 135/85 mmHg.")
            };
            let line = |label: &str, value: f64, series: u8| Threshold {
                label: label.into(),
                value,
                series,
                about: about.into(),
                source: NG136.into(),
                url: NG136_URL.into(),
            };
            vec![
                line("Home blood pressure target (top number)", sys, 1),
                line("Home blood pressure target (bottom number)", 85.0, 2),
            ]
        }
        ReadingKind::BloodGlucose if who.has_type1_diabetes => {
            let line = |label: &str, value: f64| Threshold {
                label: label.into(),
                value,
                series: 1,
                about: "For adults with type 1 diabetes, NICE advises 4 to 7 mmol/L before meals.".into(),
                source: NG17.into(),
                url: NG17_URL.into(),
            };
            vec![line("Before-meal target (lowest)", 4.0), line("Before-meal target (highest)", 7.0)]
        }
        _ => Vec::new(),
    }
}
