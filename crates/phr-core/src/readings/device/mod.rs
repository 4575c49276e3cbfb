//! Parsers for device export files: each turns a file's text into checked readings with their
//! line numbers, and lists the lines it could not read with the reason, returning the rest.

use chrono::{DateTime, Datelike, FixedOffset, Timelike, Utc};
use serde::{Deserialize, Serialize};

use super::check::check;
use super::kind::ReadingKind;
use super::reading::{CheckedReading, ReadingInput};
use crate::ErrorCode;

mod dexcom;
mod generic;
mod ihealth;
mod libreview;
mod omron;
mod openmhealth;
mod owner;
mod table;
mod time;

pub use generic::parse_generic;
pub use owner::{FileOwner, OWNER_CHECK_OVERRIDDEN, OwnerCheck, check_owner, file_owner, other_person_question};

/// A device export format the app reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum DeviceFormat {
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

impl DeviceFormat {
    /// Every format.
    pub const ALL: [DeviceFormat; 6] = [
        DeviceFormat::DexcomClarity,
        DeviceFormat::LibreView,
        DeviceFormat::OmronConnect,
        DeviceFormat::IHealth,
        DeviceFormat::OpenMHealth,
        DeviceFormat::GenericCsv,
    ];

    /// What people call it.
    pub fn label(self) -> &'static str {
        match self {
            DeviceFormat::DexcomClarity => "Dexcom CLARITY export",
            DeviceFormat::LibreView => "LibreView export",
            DeviceFormat::OmronConnect => "OMRON connect export",
            DeviceFormat::IHealth => "iHealth export",
            DeviceFormat::OpenMHealth => "Open mHealth data",
            DeviceFormat::GenericCsv => "Spreadsheet (CSV)",
        }
    }

    /// The stable short name used in dedupe keys and by the CLI's `--format`.
    pub fn as_str(self) -> &'static str {
        match self {
            DeviceFormat::DexcomClarity => "dexcom",
            DeviceFormat::LibreView => "libreview",
            DeviceFormat::OmronConnect => "omron",
            DeviceFormat::IHealth => "ihealth",
            DeviceFormat::OpenMHealth => "openmhealth",
            DeviceFormat::GenericCsv => "csv",
        }
    }

    /// Reads a format name as typed ("dexcom", "libreView", "omron-connect", "csv"...).
    pub fn parse(text: &str) -> Option<DeviceFormat> {
        let key: String = text.chars().filter(|c| !matches!(c, ' ' | '-' | '_')).flat_map(char::to_lowercase).collect();
        Some(match key.as_str() {
            "dexcom" | "dexcomclarity" | "clarity" => DeviceFormat::DexcomClarity,
            "libreview" | "libre" | "freestylelibre" => DeviceFormat::LibreView,
            "omron" | "omronconnect" => DeviceFormat::OmronConnect,
            "ihealth" => DeviceFormat::IHealth,
            "openmhealth" | "omh" => DeviceFormat::OpenMHealth,
            "csv" | "genericcsv" | "generic" => DeviceFormat::GenericCsv,
            _ => return None,
        })
    }
}

/// How to read a generic CSV: which columns hold the time and values, and what they mean.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ColumnMapping {
    /// Header of the time column (or of the date column when `time_format` spans two: see below).
    pub time_column: String,
    /// Header of the value column (blood pressure: systolic).
    pub value_column: String,
    /// Header of the second value column (blood pressure: diastolic).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value2_column: Option<String>,
    /// What the values are.
    pub kind: ReadingKind,
    /// The values' unit (a UCUM code or common spelling); absent = the kind's canonical unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// A chrono strftime format for the time column ("%d/%m/%Y %H:%M"); absent = try RFC 3339
    /// and the common ISO, UK and US layouts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_format: Option<String>,
    /// Offset of times without one, minutes east of UTC; absent = the offset passed to the parser.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utc_offset_minutes: Option<i32>,
}

/// One readable row of a device file.
#[derive(Clone, PartialEq)]
pub struct DeviceRow {
    /// The reading after [`check`]: canonical units (the value and unit as the file gave them
    /// kept as entered), unusual values flagged.
    pub reading: CheckedReading,
    /// 1-based line (CSV) or, for JSON, the 1-based position of the data point in the file.
    pub line: u32,
    /// Stable across imports of the same file: format, device serial if any, kind, UTC time
    /// and value as given. The store refuses a second reading with the same key.
    pub dedupe_key: String,
}
crate::redacted_debug!(DeviceRow { line });

/// A line that could not be read, and why.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RowProblem {
    /// 1-based line (or data point) number.
    pub line: u32,
    /// Plain English, naming the column: "\"Time\" is \"31/02/2024\", which is not a date and time".
    pub reason: String,
}
crate::redacted_debug!(RowProblem { line });

/// What a parser read from a file.
#[derive(Debug, Clone, PartialEq)]
pub struct DeviceParse {
    /// The format read.
    pub format: DeviceFormat,
    /// Readable rows, in file order.
    pub rows: Vec<DeviceRow>,
    /// Lines that could not be read.
    pub problems: Vec<RowProblem>,
    /// The header's column names (empty for JSON).
    pub columns: Vec<String>,
    /// A generic CSV was given without a mapping: `columns` lists what to map from.
    pub needs_mapping: bool,
}

/// A file that cannot be read at all (not the format it claims, no header, not JSON).
#[derive(Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct DeviceFileError {
    /// `MALFORMED_FILE` or `UNSUPPORTED_FORMAT`.
    pub code: ErrorCode,
    /// Plain English, saying where.
    pub message: String,
}
crate::redacted_debug!(DeviceFileError { code });

impl DeviceFileError {
    pub(crate) fn malformed(message: impl Into<String>) -> DeviceFileError {
        DeviceFileError { code: ErrorCode::MalformedFile, message: message.into() }
    }
}

/// Guesses a file's format from its first lines; `None` when it is none of the known ones.
/// Any other text whose first line has a comma is a [`DeviceFormat::GenericCsv`].
pub fn detect_format(text: &str) -> Option<DeviceFormat> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text).trim_start();
    if text.starts_with('{') || text.starts_with('[') {
        if ["\"BPDataList\"", "\"BGDataList\"", "\"WeightDataList\""].iter().any(|k| text.contains(k)) {
            return Some(DeviceFormat::IHealth);
        }
        let omh_keys =
            ["effective_time_frame", "blood_glucose", "systolic_blood_pressure", "body_weight", "heart_rate"];
        return omh_keys.iter().any(|k| text.contains(k)).then_some(DeviceFormat::OpenMHealth);
    }
    let mut lines = text.lines();
    let first = lines.next().unwrap_or("").to_lowercase();
    let second = lines.next().unwrap_or("").to_lowercase();
    // A clinic's LibreView export has two lines before its column names.
    let third = lines.next().unwrap_or("").to_lowercase();
    if first.contains("event type") && first.contains("glucose value (") {
        Some(DeviceFormat::DexcomClarity)
    } else if [&first, &second, &third].iter().any(|l| l.contains("device timestamp") && l.contains("record type")) {
        Some(DeviceFormat::LibreView)
    } else if first.contains("systolic (mmhg)") {
        Some(DeviceFormat::OmronConnect)
    } else if first.replace(' ', "").contains("sys(mmhg)") {
        Some(DeviceFormat::IHealth)
    } else if first.contains(',') || first.contains(';') {
        Some(DeviceFormat::GenericCsv)
    } else {
        None
    }
}

/// Parses `text` as `format` (or the detected one; a `mapping` means a generic CSV).
/// `utc_offset` is the offset of times the file gives without one (the person's); `now` is
/// for the future-time check every row passes.
pub fn parse(
    text: &str,
    format: Option<DeviceFormat>,
    mapping: Option<&ColumnMapping>,
    utc_offset: FixedOffset,
    now: DateTime<Utc>,
) -> Result<DeviceParse, DeviceFileError> {
    let format = match (mapping, format) {
        (Some(_), _) => DeviceFormat::GenericCsv,
        (None, Some(f)) => f,
        (None, None) => detect_format(text).ok_or_else(|| DeviceFileError {
            code: ErrorCode::UnsupportedFormat,
            message: "This file is not a device export the app reads: choose a CSV or JSON export.".into(),
        })?,
    };
    match format {
        DeviceFormat::DexcomClarity => dexcom::parse(text, utc_offset, now),
        DeviceFormat::LibreView => libreview::parse(text, utc_offset, now),
        DeviceFormat::OmronConnect => omron::parse(text, utc_offset, now),
        DeviceFormat::IHealth => ihealth::parse(text, utc_offset, now),
        DeviceFormat::OpenMHealth => openmhealth::parse(text, now),
        DeviceFormat::GenericCsv => match mapping {
            Some(m) => generic::parse_generic(text, m, utc_offset, now),
            None => Ok(generic::columns_only(text)),
        },
    }
}

/// Collects a parser's rows: checks each reading and keeps it or records why not.
#[derive(Debug)]
pub(crate) struct Sink {
    format: DeviceFormat,
    now: DateTime<Utc>,
    rows: Vec<DeviceRow>,
    problems: Vec<RowProblem>,
}

impl Sink {
    pub fn new(format: DeviceFormat, now: DateTime<Utc>) -> Sink {
        Sink { format, now, rows: Vec::new(), problems: Vec::new() }
    }

    /// Room for `rows` more rows (a 100,000-row file would otherwise move its rows as it grows).
    pub fn reserve(&mut self, rows: usize) {
        self.rows.reserve(rows);
    }

    /// Checks `input` (read from `line`) and keeps it, keyed by `device` and the value as the
    /// file wrote it (`raw`), or records why it is impossible.
    pub fn push(&mut self, line: u32, mut input: ReadingInput, device: &str, raw: &str) {
        input.source = super::reading::ReadingSource::DeviceFile;
        match check(&input, self.now) {
            Ok(reading) => {
                let dedupe_key = dedupe_key(self.format, device, input.kind, input.at.with_timezone(&Utc), raw);
                self.rows.push(DeviceRow { reading, line, dedupe_key });
            }
            Err(e) => self.problems.push(RowProblem { line, reason: e.reason }),
        }
    }

    pub fn problem(&mut self, line: u32, reason: impl Into<String>) {
        self.problems.push(RowProblem { line, reason: reason.into() });
    }

    pub fn finish(mut self, columns: Vec<String>, mut extra: Vec<RowProblem>) -> DeviceParse {
        self.problems.append(&mut extra);
        self.problems.sort_by_key(|p| p.line);
        DeviceParse { format: self.format, rows: self.rows, problems: self.problems, columns, needs_mapping: false }
    }
}

/// A row's dedupe key: "format|device|kind|UTC time to the second|value as given". The stored
/// hashes of earlier imports depend on this text, so it never changes. Built by hand rather
/// than through a strftime layout, which is most of the cost of a 100,000-row file.
pub(crate) fn dedupe_key(
    format: DeviceFormat,
    device: &str,
    kind: ReadingKind,
    at: DateTime<Utc>,
    raw: &str,
) -> String {
    use std::fmt::Write as _;
    let (f, k) = (format.as_str(), kind.as_str());
    let mut key = String::with_capacity(f.len() + device.len() + k.len() + raw.len() + 24);
    for part in [f, "|", device, "|", k, "|"] {
        key.push_str(part);
    }
    match u32::try_from(at.year()) {
        Ok(year) if year <= 9999 => {
            let digits = |key: &mut String, n: u32, width: u32| {
                for i in (0..width).rev() {
                    key.push(char::from(b'0' + ((n / 10u32.pow(i)) % 10) as u8));
                }
            };
            digits(&mut key, year, 4);
            for (sep, n) in
                [('-', at.month()), ('-', at.day()), ('T', at.hour()), (':', at.minute()), (':', at.second())]
            {
                key.push(sep);
                digits(&mut key, n, 2);
            }
            key.push('Z');
        }
        _ => {
            let _ = write!(key, "{}", at.format("%Y-%m-%dT%H:%M:%SZ"));
        }
    }
    key.push('|');
    key.push_str(raw);
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dedupe_keys_match_the_strftime_layout_they_have_always_had() {
        let times = [-2_208_988_800i64, 0, 951_782_399, 1_477_308_257, 1_700_000_000, 4_102_444_799, 253_402_300_800];
        for secs in times {
            let Some(at) = DateTime::from_timestamp(secs, 0) else { continue };
            let expected = format!("dexcom|G6|blood_glucose|{}|5.5", at.format("%Y-%m-%dT%H:%M:%SZ"));
            assert_eq!(dedupe_key(DeviceFormat::DexcomClarity, "G6", ReadingKind::BloodGlucose, at, "5.5"), expected);
        }
    }
}
