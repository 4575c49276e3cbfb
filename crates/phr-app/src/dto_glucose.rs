//! Transport types for the glucose report: each figure with its value in words, what it
//! means and its target, all worded in Rust (`phr_core::readings::glucose_report`), so the
//! desktop screen, the CLI and a printout say the same sentences. Glucose in mmol/L.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The glucose report of a period, in the manner of the International Consensus on Time in
/// Range.
#[derive(Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GlucoseReport {
    pub title: String,
    pub intro: String,
    /// The period's first and last day, YYYY-MM-DD, both included.
    pub from: String,
    pub to: String,
    /// The period in words: "1 Jun 2026 to 14 Jun 2026 (14 days)".
    pub period_text: String,
    pub days: u32,
    #[ts(type = "number")]
    pub count: u64,
    /// At least 14 days with readings covering at least 70% of the time.
    pub reliable: bool,
    /// Why the report should not be relied on (too short, too few readings, none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub warning: Option<String>,
    pub bands_heading: String,
    pub bands_meaning: String,
    /// Lowest first: very low, low, in range, high, very high.
    pub bands: Vec<GlucoseBand>,
    /// Average, GMI, variability, time with readings, number of readings.
    pub figures: Vec<GlucoseFigure>,
    pub profile_heading: String,
    pub profile_meaning: String,
    /// 24 hours, midnight first.
    pub profile: Vec<GlucoseHour>,
    /// The target range in mmol/L (3.9 and 10.0, both in range), to draw behind the profile.
    pub range_low: f64,
    pub range_high: f64,
    /// The heading of the expander that holds the consensus.
    pub details_summary: String,
    /// The consensus behind the figures, a paragraph each.
    pub consensus: Vec<String>,
    pub source_url: String,
}
phr_core::redacted_debug!(GlucoseReport { from, to, days, count, reliable });

/// One of the consensus's five glucose bands and its share of the readings.
#[derive(Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GlucoseBand {
    /// "very_low", "low", "in_range", "high", "very_high".
    pub key: String,
    pub label: String,
    /// "3.9 to 10.0 mmol/L".
    pub levels: String,
    pub meaning: String,
    /// 0-100.
    pub percent: f64,
    /// "62%", "0.8%".
    pub percent_text: String,
    #[ts(type = "number")]
    pub count: u64,
    pub target: String,
    /// `None` without readings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub meets_target: Option<bool>,
    /// "Meets the target" or "Does not meet the target"; `None` without readings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub status_text: Option<String>,
}
phr_core::redacted_debug!(GlucoseBand { key });

/// A figure of the report with its value in words.
#[derive(Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GlucoseFigure {
    /// "average", "gmi", "cv", "cover", "count".
    pub key: String,
    pub label: String,
    /// "7.5 mmol/L"; "Not enough readings" when it cannot be worked out.
    pub value_text: String,
    pub meaning: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub target: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub meets_target: Option<bool>,
    /// "Meets the target" or "Does not meet the target"; `None` without a target or readings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub status_text: Option<String>,
}
phr_core::redacted_debug!(GlucoseFigure { key });

/// One hour of the day in the glucose profile: percentiles in mmol/L, absent without readings.
#[derive(Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GlucoseHour {
    /// 0-23, the clock where the readings were taken.
    pub hour: u8,
    /// "midnight", "1am", "midday", "1pm".
    pub label: String,
    #[ts(type = "number")]
    pub count: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub p5: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub p25: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub median: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub p75: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub p95: Option<f64>,
}
phr_core::redacted_debug!(GlucoseHour { hour, count });
