//! iHealth: its cloud API JSON (`BPDataList`, `BGDataList` or `WeightDataList`, as the
//! Open mHealth shimmer fixtures show it) or its CSV export (see [`super::omron`]).
//!
//! In the JSON, `MDate` is seconds since 1970 *in local time* (the clock reading, not UTC) and
//! `TimeZone` its offset ("-0800"); a value of 0 means none was recorded. Units come from
//! `BPUnit` (0 mmHg, 1 kPa), `BGUnit` (0 mg/dL, 1 mmol/L), `WeightUnit` (0 kg, 1 lb, 2 stone).

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone, Utc};
use serde_json::Value;

use super::{DeviceFileError, DeviceFormat, DeviceParse, Sink};
use crate::readings::kind::ReadingKind;
use crate::readings::reading::ReadingInput;
use crate::readings::units::trim_number;

/// Reads iHealth JSON or CSV.
pub(crate) fn parse(text: &str, offset: FixedOffset, now: DateTime<Utc>) -> Result<DeviceParse, DeviceFileError> {
    let trimmed = text.strip_prefix('\u{feff}').unwrap_or(text).trim_start();
    if !trimmed.starts_with('{') {
        return super::omron::parse_ihealth(text, offset, now);
    }
    let doc: Value = serde_json::from_str(trimmed).map_err(|e| {
        DeviceFileError::malformed(format!("The file is not valid JSON (line {}, column {}).", e.line(), e.column()))
    })?;
    let mut sink = Sink::new(DeviceFormat::IHealth, now);
    let lists = [
        ("BPDataList", ReadingKind::BloodPressure),
        ("BGDataList", ReadingKind::BloodGlucose),
        ("WeightDataList", ReadingKind::Weight),
    ];
    let mut found = false;
    let mut position = 0u32;
    for (key, kind) in lists {
        let Some(list) = doc.get(key) else { continue };
        found = true;
        let Some(items) = list.as_array() else {
            return Err(DeviceFileError::malformed(format!("\"{key}\" is not a list.")));
        };
        for item in items {
            position += 1;
            match entry(&doc, item, kind) {
                Ok((input, id, raw)) => sink.push(position, input, &id, &raw),
                Err(e) => sink.problem(position, e),
            }
        }
    }
    if !found {
        return Err(DeviceFileError::malformed(
            "The file has no BPDataList, BGDataList or WeightDataList: is it iHealth data?",
        ));
    }
    Ok(sink.finish(Vec::new(), Vec::new()))
}

fn num(v: &Value, key: &str) -> Option<f64> {
    v.get(key).and_then(Value::as_f64).filter(|x| x.is_finite())
}

fn entry(doc: &Value, item: &Value, kind: ReadingKind) -> Result<(ReadingInput, String, String), String> {
    let id = item.get("DataID").and_then(Value::as_str).unwrap_or("").to_string();
    let at = time(item)?;
    let mut input = ReadingInput::new(kind, at);
    let raw;
    match kind {
        ReadingKind::BloodPressure => {
            let unit = num(doc, "BPUnit").unwrap_or(0.0);
            if unit != 0.0 {
                return Err("the blood pressure is in kPa, which the app does not read: choose mmHg in iHealth".into());
            }
            let s = num(item, "HP").ok_or("\"HP\" (systolic) is missing")?;
            let d = num(item, "LP").ok_or("\"LP\" (diastolic) is missing")?;
            input.value = Some(s);
            input.value2 = Some(d);
            input.pulse = num(item, "HR").filter(|p| *p != 0.0);
            raw = format!("{}/{}", trim_number(s), trim_number(d));
        }
        ReadingKind::BloodGlucose => {
            let v = num(item, "BG").ok_or("\"BG\" (glucose) is missing")?;
            if v == 0.0 {
                return Err("no glucose value was recorded (0)".into());
            }
            input.unit = Some(if num(doc, "BGUnit") == Some(1.0) { "mmol/L" } else { "mg/dL" }.to_string());
            input.context = item.get("DinnerSituation").and_then(Value::as_str).map(meal_context);
            input.value = Some(v);
            raw = trim_number(v);
        }
        _ => {
            let v = num(item, "WeightValue").ok_or("\"WeightValue\" is missing")?;
            if v == 0.0 {
                return Err("no weight was recorded (0)".into());
            }
            input.unit = Some(match num(doc, "WeightUnit").unwrap_or(0.0) {
                0.0 => "kg".to_string(),
                1.0 => "[lb_av]".to_string(),
                _ => {
                    return Err(
                        "the weight is in stones, which the app does not read: choose kg or lb in iHealth".into()
                    );
                }
            });
            input.value = Some(v);
            raw = trim_number(v);
        }
    }
    input.note = item.get("Note").and_then(Value::as_str).filter(|n| !n.trim().is_empty()).map(str::to_string);
    Ok((input, id, raw))
}

/// `MDate` (local clock seconds) with `TimeZone` ("-0800").
fn time(item: &Value) -> Result<DateTime<FixedOffset>, String> {
    let secs = item.get("MDate").and_then(Value::as_i64).ok_or("\"MDate\" (the time) is missing")?;
    let zone = item.get("TimeZone").and_then(Value::as_str).ok_or("\"TimeZone\" is missing")?;
    let offset = parse_zone(zone).ok_or_else(|| format!("\"TimeZone\" is \"{zone}\", which is not an offset"))?;
    let local: NaiveDateTime =
        DateTime::from_timestamp(secs, 0).ok_or_else(|| format!("\"MDate\" {secs} is not a time"))?.naive_utc();
    offset.from_local_datetime(&local).single().ok_or_else(|| "the time cannot be placed".to_string())
}

fn parse_zone(zone: &str) -> Option<FixedOffset> {
    let (sign, rest) = match (zone.strip_prefix('+'), zone.strip_prefix('-')) {
        (Some(rest), _) => (1, rest),
        (_, Some(rest)) => (-1, rest),
        _ => (1, zone),
    };
    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    if digits.len() != 4 {
        return None;
    }
    let (h, m) = digits.split_at_checked(2)?;
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

/// iHealth's "Before_breakfast", "After_lunch", "At_midnight"... as a glucose context.
fn meal_context(s: &str) -> String {
    let s = s.to_lowercase();
    if s.contains("before_sleep") || s.contains("bedtime") {
        "bedtime"
    } else if s.contains("before") {
        "beforeMeal"
    } else if s.contains("after") {
        "afterMeal"
    } else if s.contains("fasting") {
        "fasting"
    } else {
        "random"
    }
    .to_string()
}
