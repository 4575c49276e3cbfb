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

/// A line guidance draws on a chart: "135 mmHg: NICE home threshold".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Threshold {
    /// What it is and where it comes from.
    pub label: String,
    /// The value, in the kind's canonical unit.
    pub value: f64,
    /// 1 for the first value, 2 for the second (diastolic).
    pub series: u8,
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

/// The lines guidance gives for a kind, cited; empty where guidance gives none for self-monitoring.
///
/// - Blood pressure: NICE NG136 (sections 1.2 and 1.4): a home average of 135/85 mmHg or more
///   confirms hypertension, and below 135/85 is the home target for people under 80.
/// - Blood glucose: NICE NG17 (adults with type 1 diabetes): aim for 4 to 7 mmol/L
///   before meals. Other people's targets differ, so the person's own target comes first.
pub fn default_thresholds(kind: ReadingKind) -> Vec<Threshold> {
    match kind {
        ReadingKind::BloodPressure => vec![
            Threshold { label: "135 mmHg systolic: NICE home threshold (NG136)".into(), value: 135.0, series: 1 },
            Threshold { label: "85 mmHg diastolic: NICE home threshold (NG136)".into(), value: 85.0, series: 2 },
        ],
        ReadingKind::BloodGlucose => vec![
            Threshold {
                label: "4 mmol/L: lower before-meal target, type 1 diabetes (NICE NG17)".into(),
                value: 4.0,
                series: 1,
            },
            Threshold {
                label: "7 mmol/L: upper before-meal target, type 1 diabetes (NICE NG17)".into(),
                value: 7.0,
                series: 1,
            },
        ],
        _ => Vec::new(),
    }
}
