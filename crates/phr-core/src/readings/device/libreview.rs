//! Abbott LibreView CSV export: a metadata first line ("Glucose Data,Generated on,..."), then a
//! header ("Device,Serial Number,Device Timestamp,Record Type,Historic Glucose mmol/L,Scan
//! Glucose mmol/L,...,Strip Glucose mmol/L,..."). Record type 0 is a historic (15-minute sensor)
//! reading, 1 a scan, 2 a finger-prick strip reading; other types (insulin, food, notes) are not
//! glucose readings. Timestamps are local "DD-MM-YYYY HH:MM" (or month first in US exports).

use chrono::{DateTime, FixedOffset, Utc};

use super::table::{Table, cell, number};
use super::time::TimeParser;
use super::{DeviceFileError, DeviceFormat, DeviceParse, Sink};
use crate::readings::kind::ReadingKind;
use crate::readings::reading::ReadingInput;

/// Reads a LibreView export; times are at `offset`.
pub(crate) fn parse(text: &str, offset: FixedOffset, now: DateTime<Utc>) -> Result<DeviceParse, DeviceFileError> {
    // The metadata line is usually there; some exports start at the header, and a clinic's
    // "Patient report" has a second line (the patient) before it.
    let is_header = |l: &str| {
        let l = l.to_lowercase();
        l.contains("device timestamp") && l.contains("record type")
    };
    let skip = text.lines().filter(|l| !l.trim().is_empty()).take(3).position(is_header).unwrap_or(1);
    let (table, _) = Table::read(text, skip);
    let missing = |what: &str| {
        DeviceFileError::malformed(format!(
            "Line 2 has no \"{what}\" column: a LibreView export has a line about the report, then its column names."
        ))
    };
    let ts = table.column(&["Device Timestamp"]).ok_or_else(|| missing("Device Timestamp"))?;
    let kind_col = table.column(&["Record Type"]).ok_or_else(|| missing("Record Type"))?;
    let historic = table.column_starting("Historic Glucose");
    let scan = table.column_starting("Scan Glucose");
    let strip = table.column_starting("Strip Glucose");
    if historic.is_none() && scan.is_none() && strip.is_none() {
        return Err(missing("Historic Glucose"));
    }
    let serial = table.column(&["Serial Number"]);
    let notes = table.column(&["Notes"]);
    let dates = table.rows.iter().filter_map(|(_, c)| c.get(ts));
    let mut times = TimeParser::for_dates(offset, dates);
    let mut sink = Sink::new(DeviceFormat::LibreView, now);
    sink.reserve(table.rows.len());
    let name = |i: usize| table.column_name(i).to_owned();
    for (line, cells) in &table.rows {
        let line = *line;
        let mut row = || -> Result<Option<(ReadingInput, String)>, String> {
            let record_type = cell(cells, kind_col, "Record Type")?;
            let column = match record_type {
                "0" => historic,
                "1" => scan,
                "2" => strip,
                t if t.parse::<u32>().is_ok() => return Ok(None),
                t => return Err(format!("\"Record Type\" is \"{t}\", which is not a record type number")),
            };
            let Some(column) = column else { return Ok(None) };
            let time_text = cell(cells, ts, "Device Timestamp")?;
            let at = times
                .parse(time_text)
                .ok_or_else(|| format!("\"Device Timestamp\" is \"{time_text}\", which is not a date and time"))?;
            let col_name = name(column);
            let raw = cell(cells, column, &col_name)?;
            let value = number(raw, &col_name)?;
            let unit = if col_name.to_lowercase().contains("mg/dl") { "mg/dL" } else { "mmol/L" };
            let context = (record_type == "2").then(|| "random".to_string());
            let note = notes.and_then(|n| cells.get(n)).filter(|n| !n.is_empty()).map(str::to_string);
            let input = ReadingInput {
                unit: Some(unit.to_string()),
                context,
                note,
                ..ReadingInput::value(ReadingKind::BloodGlucose, at, value)
            };
            Ok(Some((input, format!("{record_type}:{raw}"))))
        };
        match row() {
            Ok(Some((input, raw))) => {
                let dev = serial.and_then(|d| cells.get(d)).unwrap_or("");
                sink.push(line, input, dev, &raw);
            }
            Ok(None) => {}
            Err(e) => sink.problem(line, e),
        }
    }
    Ok(sink.finish(table.header, table.problems))
}
