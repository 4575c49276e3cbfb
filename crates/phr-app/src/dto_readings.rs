//! Transport types for readings: kinds, a reading, checks, statistics, chart series, device
//! import previews. They derive ts-rs; the UI's bindings are generated from them.
//!
//! Values are in the kind's canonical unit (UCUM); what the person typed is kept beside it
//! (`enteredValue`, `enteredUnit`). Instants are RFC 3339 with the offset the reading was
//! taken in; chart times are unix seconds.

use phr_core::readings as core;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dto_ids::{EntryId, ImportId, ReadingId};
use crate::mirror::mirror_enum;

mirror_enum! {
    /// What a reading measures. The serialised names (camelCase) are the wire contract.
    #[serde(rename_all = "camelCase")]
    pub enum ReadingKind mirrors core::ReadingKind {
        /// Systolic and diastolic blood pressure, with an optional pulse.
        BloodPressure,
        /// Heart rate (pulse) on its own.
        HeartRate,
        /// Body weight.
        Weight,
        /// Body height.
        Height,
        /// Capillary or sensor blood glucose.
        BloodGlucose,
        /// Oxygen saturation by pulse oximeter.
        OxygenSaturation,
        /// Body temperature.
        Temperature,
        /// Peak expiratory flow.
        PeakFlow,
        /// Steps in a day.
        Steps,
        /// Hours slept.
        Sleep,
        /// Pain score 0-10.
        Pain,
        /// Mood score 0-10.
        Mood,
        /// A free-text symptom note.
        Symptom,
    }
}

mirror_enum! {
    /// Where a reading came from.
    #[serde(rename_all = "camelCase")]
    pub enum ReadingSource mirrors core::ReadingSource {
        /// Typed in by the person.
        Typed,
        /// Read from a device's export file.
        DeviceFile,
        /// Typed in by a carer.
        Carer,
    }
}

impl Default for ReadingSource {
    fn default() -> Self {
        core::ReadingSource::default().into()
    }
}

mirror_enum! {
    /// Where a reading was taken: its words are [`Reading::origin_label`] and the vocabulary's.
    #[serde(rename_all = "camelCase")]
    pub enum ReadingOrigin mirrors core::Origin {
        /// Typed in by the person or their carer.
        AtHome,
        /// Read from a device's export file.
        FromDevice,
        /// An observation in the GP record, read through the record (never copied).
        AtGp,
    }
}

mirror_enum! {
    /// Which readings a list or chart shows, by where they were taken.
    #[serde(rename_all = "camelCase")]
    pub enum ReadingSourceFilter mirrors core::SourceFilter {
        /// Home, device and GP readings together.
        All,
        /// Typed and device readings only.
        Home,
        /// The GP record's observations only.
        Gp,
    }
}

mirror_enum! {
    /// A device export format the app reads.
    #[serde(rename_all = "camelCase")]
    pub enum DeviceFormat mirrors core::DeviceFormat {
        /// Dexcom CLARITY CSV export (continuous glucose).
        DexcomClarity,
        /// Abbott LibreView CSV export (a metadata line, then a header).
        LibreView,
        /// OMRON connect CSV export (blood pressure).
        OmronConnect,
        /// iHealth: its CSV export, or its cloud API JSON.
        #[serde(rename = "iHealth")]
        IHealth,
        /// Open mHealth JSON data points (IEEE 1752.1's forerunner).
        #[serde(rename = "openMHealth")]
        OpenMHealth,
        /// Any CSV, read through a [`ColumnMapping`].
        GenericCsv,
    }
}

/// How to read a generic CSV: which columns hold the time and values, and what they mean.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ColumnMapping {
    /// Header of the time column (or of the date column when `time_format` spans two: see below).
    pub time_column: String,
    /// Header of the value column (blood pressure: systolic).
    pub value_column: String,
    /// Header of the second value column (blood pressure: diastolic).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub value2_column: Option<String>,
    /// What the values are.
    pub kind: ReadingKind,
    /// The values' unit (a UCUM code or common spelling); absent = the kind's canonical unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub unit: Option<String>,
    /// A chrono strftime format for the time column ("%d/%m/%Y %H:%M"); absent = try RFC 3339
    /// and the common ISO, UK and US layouts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub time_format: Option<String>,
    /// Offset of times without one, minutes east of UTC; absent = the offset passed to the parser.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub utc_offset_minutes: Option<i32>,
}

impl From<ColumnMapping> for core::ColumnMapping {
    fn from(m: ColumnMapping) -> Self {
        let ColumnMapping { time_column, value_column, value2_column, kind, unit, time_format, utc_offset_minutes } = m;
        Self { time_column, value_column, value2_column, kind: kind.into(), unit, time_format, utc_offset_minutes }
    }
}

impl From<core::ColumnMapping> for ColumnMapping {
    fn from(m: core::ColumnMapping) -> Self {
        let core::ColumnMapping {
            time_column,
            value_column,
            value2_column,
            kind,
            unit,
            time_format,
            utc_offset_minutes,
        } = m;
        Self { time_column, value_column, value2_column, kind: kind.into(), unit, time_format, utc_offset_minutes }
    }
}

/// A line that could not be read, and why.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RowProblem {
    /// 1-based line (or data point) number.
    pub line: u32,
    /// Plain English, naming the column: "\"Time\" is \"31/02/2024\", which is not a date and time".
    pub reason: String,
}
phr_core::redacted_debug!(RowProblem { line });

impl From<core::RowProblem> for RowProblem {
    fn from(p: core::RowProblem) -> Self {
        let core::RowProblem { line, reason } = p;
        Self { line, reason }
    }
}

/// The home blood pressure average and whether there is enough to use it.
#[derive(Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HomeBpAverage {
    /// At least 4 days recorded (the first then discarded).
    pub enough: bool,
    /// Days in the average (after discarding the first).
    pub days_used: u32,
    /// Measurements in the average.
    pub readings_used: u32,
    /// The first day's measurements were left out.
    pub first_day_discarded: bool,
    /// Mean systolic of the remaining measurements, unrounded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub systolic: Option<f64>,
    /// Mean diastolic of the remaining measurements, unrounded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub diastolic: Option<f64>,
    /// At or above 135/85 mmHg; `None` until there is enough.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub above_threshold: Option<bool>,
    /// "135/85 mmHg".
    pub threshold: String,
    /// Plain English: what was averaged, how it compares, and that a GP interprets it.
    pub explanation: String,
}
phr_core::redacted_debug!(HomeBpAverage { enough, days_used, readings_used });

impl From<core::HomeBpAverage> for HomeBpAverage {
    fn from(a: core::HomeBpAverage) -> Self {
        let core::HomeBpAverage {
            enough,
            days_used,
            readings_used,
            first_day_discarded,
            systolic,
            diastolic,
            above_threshold,
            threshold,
            explanation,
        } = a;
        Self {
            enough,
            days_used,
            readings_used,
            first_day_discarded,
            systolic,
            diastolic,
            above_threshold,
            threshold,
            explanation,
        }
    }
}

/// A person's target range for a kind; any bound may be open. For blood pressure `low`/`high`
/// bound systolic and `low2`/`high2` diastolic.
#[derive(Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Target {
    /// The kind the range is for.
    pub kind: ReadingKind,
    /// Lowest value in range (inclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub low: Option<f64>,
    /// Highest value in range (inclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub high: Option<f64>,
    /// Blood pressure: lowest diastolic in range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub low2: Option<f64>,
    /// Blood pressure: highest diastolic in range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub high2: Option<f64>,
}
phr_core::redacted_debug!(Target { kind });

impl From<Target> for core::Target {
    fn from(t: Target) -> Self {
        let Target { kind, low, high, low2, high2 } = t;
        Self { kind: kind.into(), low, high, low2, high2 }
    }
}

impl From<core::Target> for Target {
    fn from(t: core::Target) -> Self {
        let core::Target { kind, low, high, low2, high2 } = t;
        Self { kind: kind.into(), low, high, low2, high2 }
    }
}

/// A line guidance draws on a chart, named in words ("Home blood pressure target").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Threshold {
    /// What it is and where it comes from.
    pub label: String,
    /// The value, in the kind's canonical unit.
    pub value: f64,
    /// 1 for the first value, 2 for the second (diastolic).
    pub series: u8,
    /// Who it is for and what it means, for the details under the chart.
    pub about: String,
    /// The guideline it comes from ("NICE guideline NG136: hypertension in adults").
    pub source: String,
    /// Where that guideline is published.
    pub url: String,
}

impl From<core::Threshold> for Threshold {
    fn from(t: core::Threshold) -> Self {
        let core::Threshold { label, value, series, about, source, url } = t;
        Self { label, value, series, about, source, url }
    }
}

/// One choice in a list (a glucose context, an arm, a position): the value sent back and
/// the words shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ContextOption {
    pub value: String,
    pub label: String,
}

/// Everything the quick-add form needs to know about a kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReadingKindInfo {
    pub kind: ReadingKind,
    /// "Blood pressure".
    pub label: String,
    /// The canonical UCUM unit ("mm[Hg]"); "" for a symptom note.
    pub unit: String,
    /// The unit as people read it ("mmHg").
    pub unit_label: String,
    /// UCUM units a value may be typed in; the first is the canonical one.
    pub units_accepted: Vec<String>,
    /// The LOINC code ("" when the kind has none: mood, symptom note).
    pub loinc: String,
    /// Blood pressure: a second value (diastolic).
    pub has_second_value: bool,
    /// Blood pressure: an optional pulse.
    pub has_pulse: bool,
    /// A symptom note: text, not a number.
    pub is_text: bool,
    pub contexts: Vec<ContextOption>,
    pub arms: Vec<ContextOption>,
    pub positions: Vec<ContextOption>,
    /// Input hints for the number field (not the checks).
    pub min: f64,
    pub max: f64,
    pub step: f64,
}

/// A reading as typed, for adding or editing.
#[derive(Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReadingInput {
    pub kind: ReadingKind,
    /// RFC 3339 with an offset (or a local `YYYY-MM-DDTHH:MM`); absent means now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub at: Option<String>,
    /// The value (blood pressure: systolic).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub value: Option<f64>,
    /// Blood pressure: diastolic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub value2: Option<f64>,
    /// Blood pressure: the pulse taken with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub pulse: Option<f64>,
    /// The UCUM unit the value was typed in; absent means the kind's unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub unit: Option<String>,
    /// A context value from [`ReadingKindInfo::contexts`] (glucose: "fasting"...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub context: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub arm: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub position: Option<String>,
    /// A symptom note's text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub note: Option<String>,
    /// The person has seen that the value is unusual and wants it kept.
    #[serde(default)]
    pub confirm: bool,
}
phr_core::redacted_debug!(ReadingInput { kind, at, confirm });

/// A stored reading.
#[derive(Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Reading {
    pub id: ReadingId,
    pub kind: ReadingKind,
    /// RFC 3339 with the offset it was taken in.
    pub at: String,
    /// In the canonical unit (blood pressure: systolic).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub value: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub value2: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub pulse: Option<f64>,
    /// The canonical UCUM unit.
    pub unit: String,
    /// The value exactly as typed or imported, in `enteredUnit`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub entered_value: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub entered_unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub context: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub arm: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub position: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub note: Option<String>,
    pub source: ReadingSource,
    /// The device or file it came from ("Dexcom CLARITY export").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub source_name: Option<String>,
    /// Why it was flagged as unusual (empty when it was not).
    pub unusual: Vec<String>,
    /// Outside the person's own target range for this kind.
    pub out_of_target: bool,
    /// How people read it: "128/82 mmHg, pulse 70".
    pub display: String,
    /// The red-flag advice it meets, knowing the person's record; absent when it meets no row.
    /// Show it wherever the reading appears, with its urgency in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub advice: Option<crate::dto_advice::Advice>,
    /// Where it was taken. A GP reading is read from the record and cannot be edited or
    /// deleted here; its `id` is not a stored reading's.
    pub origin: ReadingOrigin,
    /// "at home", "from a device", "at the GP".
    pub origin_label: String,
    /// A GP reading: the record entry it is read from, to open it there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub entry_id: Option<EntryId>,
}
phr_core::redacted_debug!(Reading { id, kind, at });

/// Which readings to list: newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReadingQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub kind: Option<ReadingKind>,
    /// `YYYY-MM-DD` (from the start of that day) or RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub from: Option<String>,
    /// `YYYY-MM-DD` (to the end of that day) or RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub to: Option<String>,
    /// Default 100, at most 1,000.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub limit: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub offset: Option<u32>,
    /// Home, GP or both (the default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub source: Option<ReadingSourceFilter>,
}

/// One page of readings and how many match in all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReadingPage {
    pub readings: Vec<Reading>,
    #[ts(type = "number")]
    pub total: u64,
}

/// Count, mean, lowest and highest over a range (the second set for diastolic).
#[derive(Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReadingStats {
    pub kind: ReadingKind,
    pub unit: String,
    #[ts(type = "number")]
    pub count: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub mean: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub max: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub mean2: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub min2: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub max2: Option<f64>,
    /// Blood pressure only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub home_bp: Option<HomeBpAverage>,
}
phr_core::redacted_debug!(ReadingStats { kind, unit, count });

/// A series ready to draw: at most the points asked for, each bucket's lowest and highest kept.
#[derive(Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChartSeries {
    pub kind: ReadingKind,
    pub unit: String,
    /// The range as given.
    pub from: String,
    pub to: String,
    /// Unix seconds, ascending.
    #[ts(type = "number[]")]
    pub times: Vec<i64>,
    pub values: Vec<f64>,
    /// Blood pressure: diastolic, one per time; empty for other kinds.
    pub values2: Vec<f64>,
    /// How many readings the range holds.
    #[ts(type = "number")]
    pub raw_count: u64,
    /// Fewer points are drawn than the range holds.
    pub reduced: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub target: Option<Target>,
    /// Per point: its value lies outside the person's target (bounds inclusive).
    pub outside: Vec<bool>,
    /// Blood pressure, per point: its diastolic lies outside the target; empty for other kinds.
    pub outside2: Vec<bool>,
    pub thresholds: Vec<Threshold>,
    /// Per point: the urgency of the red-flag row it meets (`null` when none), for a marker
    /// drawn with a shape and named in the legend, never colour alone.
    pub urgency: Vec<Option<crate::dto_advice::Urgency>>,
    /// Each row the points meet, once, most urgent first: the legend's words and the advice.
    pub advice: Vec<crate::dto_advice::Advice>,
    /// The GP record's readings of this kind in the range, oldest first, drawn with their own
    /// marker and never part of `times`/`values` (home readings) or any home average.
    pub gp: Vec<GpPoint>,
    /// The first and last day (`YYYY-MM-DD`, local) holding a reading of this kind, home or GP,
    /// whatever the range: where "earliest" and "latest" jump to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub earliest: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub latest: Option<String>,
}

/// A GP reading on a chart.
#[derive(Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GpPoint {
    /// Unix seconds.
    #[ts(type = "number")]
    pub at: i64,
    /// RFC 3339 with the record's offset.
    pub when: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub value: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub value2: Option<f64>,
    /// "130/72 mmHg".
    pub display: String,
    /// "at the GP".
    pub origin_label: String,
    /// The practice or file it came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub source_name: Option<String>,
    pub entry_id: EntryId,
    /// The red-flag row it meets, taken in a clinic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub urgency: Option<crate::dto_advice::Urgency>,
}
phr_core::redacted_debug!(GpPoint { at });
phr_core::redacted_debug!(ChartSeries { kind, unit, raw_count, reduced });

/// How many readings of a kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReadingKindCount {
    pub kind: ReadingKind,
    pub count: u32,
}

/// What importing a device file would do; nothing is stored yet.
#[derive(Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DeviceImportPreview {
    pub format: DeviceFormat,
    /// "Dexcom CLARITY export".
    pub format_label: String,
    /// The file's column headers (CSV), for the mapping step.
    pub columns: Vec<String>,
    /// A generic CSV without a mapping: ask which column is which.
    pub needs_mapping: bool,
    /// Rows that can be imported (duplicates included).
    pub rows_readable: u32,
    /// Rows already stored (from an earlier import of the same data).
    pub duplicates: u32,
    pub problems: Vec<RowProblem>,
    /// The first 20 readable rows as they would be stored (not stored).
    pub sample: Vec<Reading>,
    pub kinds: Vec<ReadingKindCount>,
    /// The file names someone other than this person: the question to ask before importing
    /// it (which names only this person). `None` when it names no one, or them.
    pub other_person: Option<String>,
}
phr_core::redacted_debug!(DeviceImportPreview { format, needs_mapping, rows_readable, duplicates });

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DeviceImportResult {
    pub added: u32,
    pub duplicates: u32,
    pub problems: Vec<RowProblem>,
    /// The import in the import history (where it can be undone as a whole); `None` when the
    /// file held no reading, so nothing was stored.
    pub import_id: Option<ImportId>,
}

/// One day of the blood pressure week: how many readings morning and evening.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BpWeekDay {
    /// `YYYY-MM-DD` (local).
    pub date: String,
    pub morning: u32,
    pub evening: u32,
}

/// The guided home blood pressure week: progress, what to do next, and the average at the end.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BpWeek {
    pub active: bool,
    /// RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub started_at: Option<String>,
    pub days: Vec<BpWeekDay>,
    /// What to measure next, in plain words.
    pub next_step: String,
    pub complete: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub average: Option<HomeBpAverage>,
    /// The week's readings that are red flags (with their advice), newest first.
    pub flagged: Vec<Reading>,
}
