//! Any CSV, read through a [`ColumnMapping`] the person chose: which column holds the time,
//! which the value (and the diastolic), what kind and unit the values are, and how the time
//! is written.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};

use super::table::{Table, cell, number};
use super::time::{TimeParser, offset_minutes};
use super::{ColumnMapping, DeviceFileError, DeviceFormat, DeviceParse, Sink};
use crate::readings::reading::ReadingInput;
use crate::readings::units::parse_unit;

/// The header only: a generic CSV given without a mapping, for the mapping step.
pub(crate) fn columns_only(text: &str) -> DeviceParse {
    let (table, _) = Table::read(text, 0);
    DeviceParse {
        format: DeviceFormat::GenericCsv,
        rows: Vec::new(),
        problems: table.problems,
        columns: table.header,
        needs_mapping: true,
    }
}

/// Reads `text` as a CSV whose first non-blank line names its columns, through `mapping`.
/// Times without an offset are at the mapping's offset, else `offset`.
pub fn parse_generic(
    text: &str,
    mapping: &ColumnMapping,
    offset: FixedOffset,
    now: DateTime<Utc>,
) -> Result<DeviceParse, DeviceFileError> {
    let (table, _) = Table::read(text, 0);
    let find = |name: &str| {
        table.column(&[name]).ok_or_else(|| DeviceFileError {
            code: crate::ErrorCode::InvalidInput,
            message: format!("The file has no column named \"{name}\": choose one of its columns."),
        })
    };
    let time_col = find(&mapping.time_column)?;
    let value_col = find(&mapping.value_column)?;
    let value2_col = mapping.value2_column.as_deref().map(find).transpose()?;
    let kind = mapping.kind;
    if kind.has_second_value() && value2_col.is_none() {
        return Err(DeviceFileError {
            code: crate::ErrorCode::InvalidInput,
            message: "Blood pressure needs a column for the diastolic (lower) number too.".into(),
        });
    }
    let unit = mapping.unit.as_deref().map(str::trim).filter(|u| !u.is_empty());
    if let Some(u) = unit
        && parse_unit(kind, u).is_none()
    {
        return Err(DeviceFileError {
            code: crate::ErrorCode::InvalidInput,
            message: format!("\"{u}\" is not a unit for {}.", kind.label().to_lowercase()),
        });
    }
    let offset = match mapping.utc_offset_minutes {
        Some(m) => offset_minutes(m).ok_or_else(|| DeviceFileError {
            code: crate::ErrorCode::InvalidInput,
            message: format!("{m} minutes is not a time zone offset."),
        })?,
        None => offset,
    };
    let dates = table.rows.iter().filter_map(|(_, c)| c.get(time_col));
    let mut times = TimeParser::for_dates(offset, dates);
    let mut sink = Sink::new(DeviceFormat::GenericCsv, now);
    sink.reserve(table.rows.len());
    let name = |i: usize| table.column_name(i);
    for (line, cells) in &table.rows {
        let mut row = || -> Result<(ReadingInput, String), String> {
            let t = cell(cells, time_col, name(time_col))?;
            let at = match mapping.time_format.as_deref() {
                Some(f) => with_format(t, f, offset),
                None => times.parse(t),
            }
            .ok_or_else(|| format!("\"{}\" is \"{t}\", which is not a date and time", name(time_col)))?;
            let raw = cell(cells, value_col, name(value_col))?;
            let mut input = ReadingInput::new(kind, at);
            if kind.is_text() {
                input.text = Some(raw.to_string());
                return Ok((input, raw.to_string()));
            }
            input.value = Some(number(raw, name(value_col))?);
            input.unit = unit.map(str::to_string);
            let mut key = raw.to_string();
            if let Some(c2) = value2_col {
                let raw2 = cell(cells, c2, name(c2))?;
                input.value2 = Some(number(raw2, name(c2))?);
                key = format!("{raw}/{raw2}");
            }
            Ok((input, key))
        };
        match row() {
            Ok((input, raw)) => sink.push(*line, input, "", &raw),
            Err(e) => sink.problem(*line, e),
        }
    }
    Ok(sink.finish(table.header, table.problems))
}

/// A time in a strftime layout: with an offset (%z) when it has one, else local at `offset`;
/// a layout without a time of day reads a date at midnight.
fn with_format(text: &str, format: &str, offset: FixedOffset) -> Option<DateTime<FixedOffset>> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_str(text, format) {
        return Some(t);
    }
    let local = NaiveDateTime::parse_from_str(text, format)
        .ok()
        .or_else(|| NaiveDate::parse_from_str(text, format).ok().map(|d| d.and_time(NaiveTime::MIN)))?;
    offset.from_local_datetime(&local).single()
}
