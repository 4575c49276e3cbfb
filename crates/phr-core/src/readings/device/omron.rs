//! OMRON connect CSV export: "Date,Time,Systolic (mmHg),Diastolic (mmHg),Pulse (bpm),Symptoms,
//! Consumed,TruRead,Notes", one blood pressure per row, local times.
//!
//! Also reads iHealth's CSV export, the same shape with other names:
//! "Date,Time,SYS(mmHg),DIA(mmHg),Pulse(Beats/Min),Note", dates like "Dec 31, 2025".

use chrono::{DateTime, FixedOffset, Utc};

use super::table::{Table, cell, number, optional_number};
use super::time::TimeParser;
use super::{DeviceFileError, DeviceFormat, DeviceParse, Sink};
use crate::readings::reading::ReadingInput;

/// Column names per format: systolic, diastolic, pulse, notes.
struct Names {
    systolic: &'static [&'static str],
    diastolic: &'static [&'static str],
    pulse: &'static [&'static str],
    notes: &'static [&'static str],
}

const OMRON: Names = Names {
    systolic: &["Systolic (mmHg)", "Systolic"],
    diastolic: &["Diastolic (mmHg)", "Diastolic"],
    pulse: &["Pulse (bpm)", "Pulse"],
    notes: &["Notes", "Note"],
};

const IHEALTH: Names = Names {
    systolic: &["SYS(mmHg)", "SYS"],
    diastolic: &["DIA(mmHg)", "DIA"],
    pulse: &["Pulse(Beats/Min)", "Pulse(bpm)", "Pulse"],
    notes: &["Note", "Notes"],
};

/// Reads an OMRON connect export; times are at `offset`.
pub(crate) fn parse(text: &str, offset: FixedOffset, now: DateTime<Utc>) -> Result<DeviceParse, DeviceFileError> {
    parse_bp_csv(text, offset, now, DeviceFormat::OmronConnect, &OMRON)
}

/// Reads an iHealth CSV export; times are at `offset`.
pub(crate) fn parse_ihealth(
    text: &str,
    offset: FixedOffset,
    now: DateTime<Utc>,
) -> Result<DeviceParse, DeviceFileError> {
    parse_bp_csv(text, offset, now, DeviceFormat::IHealth, &IHEALTH)
}

fn parse_bp_csv(
    text: &str,
    offset: FixedOffset,
    now: DateTime<Utc>,
    format: DeviceFormat,
    names: &Names,
) -> Result<DeviceParse, DeviceFileError> {
    let (table, _) = Table::read(text, 0);
    let missing = |what: &str| {
        DeviceFileError::malformed(format!(
            "The file has no \"{what}\" column in its first line: is it an {}?",
            format.label()
        ))
    };
    let date = table.column(&["Date"]).ok_or_else(|| missing("Date"))?;
    let time = table.column(&["Time"]);
    let first = |names: &[&'static str]| names.first().copied().unwrap_or_default();
    let sys = table.column(names.systolic).ok_or_else(|| missing(first(names.systolic)))?;
    let dia = table.column(names.diastolic).ok_or_else(|| missing(first(names.diastolic)))?;
    let pulse = table.column(names.pulse);
    let notes = table.column(names.notes);
    let symptoms = table.column(&["Symptoms"]);
    let dates = table.rows.iter().filter_map(|(_, c)| c.get(date));
    let mut times = TimeParser::for_dates(offset, dates);
    let mut sink = Sink::new(format, now);
    let name = |i: usize| table.column_name(i).to_owned();
    for (line, cells) in &table.rows {
        let mut row = || -> Result<(ReadingInput, String), String> {
            let d = cell(cells, date, "Date")?;
            let t = match time {
                Some(t) => Some(cell(cells, t, "Time")?).filter(|t| !t.is_empty()).ok_or("\"Time\" is empty")?,
                None => "",
            };
            let at = times
                .parse_parts(d, t)
                .ok_or_else(|| format!("\"Date\" and \"Time\" are \"{d} {t}\", which is not a date and time"))?;
            let s_raw = cell(cells, sys, &name(sys))?;
            let d_raw = cell(cells, dia, &name(dia))?;
            let systolic = number(s_raw, &name(sys))?;
            let diastolic = number(d_raw, &name(dia))?;
            let pulse = match pulse {
                // Monitors write 0 when they could not count the pulse.
                Some(p) => optional_number(cells.get(p), &name(p))?.filter(|p| *p != 0.0),
                None => None,
            };
            let parts: Vec<&str> = [symptoms, notes]
                .into_iter()
                .flatten()
                .filter_map(|i| cells.get(i))
                .filter(|s| !s.is_empty())
                .collect();
            let note = (!parts.is_empty()).then(|| parts.join("; "));
            let input = ReadingInput { pulse, note, ..ReadingInput::blood_pressure(at, systolic, diastolic) };
            Ok((input, format!("{s_raw}/{d_raw}")))
        };
        match row() {
            Ok((input, raw)) => sink.push(*line, input, "", &raw),
            Err(e) => sink.problem(*line, e),
        }
    }
    Ok(sink.finish(table.header, table.problems))
}
