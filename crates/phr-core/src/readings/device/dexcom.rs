//! Dexcom CLARITY CSV export: metadata rows (name, device, alert settings), then one `EGV`
//! (estimated glucose value) row per sensor reading. Timestamps are local without an offset;
//! the glucose column is "Glucose Value (mg/dL)" or, in UK exports, "(mmol/L)". Out-of-range
//! sensor values are written "High" or "Low" and have no number to store.

use chrono::{DateTime, FixedOffset, Utc};

use super::table::{Table, cell, number};
use super::time::TimeParser;
use super::{DeviceFileError, DeviceFormat, DeviceParse, Sink};
use crate::readings::kind::ReadingKind;
use crate::readings::reading::ReadingInput;

/// Reads a CLARITY export; times without an offset are at `offset`.
pub(crate) fn parse(text: &str, offset: FixedOffset, now: DateTime<Utc>) -> Result<DeviceParse, DeviceFileError> {
    let (table, _) = Table::read(text, 0);
    let missing = |what: &str| {
        DeviceFileError::malformed(format!(
            "The file has no \"{what}\" column in its first line: is it a Dexcom CLARITY export?"
        ))
    };
    let ts = table.column_starting("Timestamp").ok_or_else(|| missing("Timestamp"))?;
    let event = table.column(&["Event Type"]).ok_or_else(|| missing("Event Type"))?;
    let glucose = table.column_starting("Glucose Value (").ok_or_else(|| missing("Glucose Value"))?;
    let glucose_name = table.column_name(glucose).to_owned();
    let unit = if glucose_name.to_lowercase().contains("mmol") { "mmol/L" } else { "mg/dL" };
    let device = table.column(&["Source Device ID"]).or_else(|| table.column(&["Transmitter ID"]));
    let ts_name = table.column_name(ts).to_owned();
    let mut times = TimeParser::new(offset, true);
    let mut sink = Sink::new(DeviceFormat::DexcomClarity, now);
    sink.reserve(table.rows.len());
    for (line, cells) in &table.rows {
        let line = *line;
        // Metadata and alert-setting rows have other event types (or none): not readings.
        if cells.get(event) != Some("EGV") {
            continue;
        }
        let mut row = || -> Result<(ReadingInput, String), String> {
            let time_text = cell(cells, ts, &ts_name)?;
            let at = times
                .parse(time_text)
                .ok_or_else(|| format!("\"{ts_name}\" is \"{time_text}\", which is not a date and time"))?;
            let raw = cell(cells, glucose, &glucose_name)?;
            if raw.eq_ignore_ascii_case("high") || raw.eq_ignore_ascii_case("low") {
                return Err(format!(
                    "the sensor read \"{raw}\" (outside what it can measure), which has no number to store"
                ));
            }
            let value = number(raw, &glucose_name)?;
            let input = ReadingInput {
                unit: Some(unit.to_string()),
                ..ReadingInput::value(ReadingKind::BloodGlucose, at, value)
            };
            Ok((input, raw.to_string()))
        };
        match row() {
            Ok((input, raw)) => {
                let dev = device.and_then(|d| cells.get(d)).unwrap_or("");
                sink.push(line, input, dev, &raw);
            }
            Err(e) => sink.problem(line, e),
        }
    }
    Ok(sink.finish(table.header, table.problems))
}
