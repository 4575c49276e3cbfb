//! Open mHealth JSON: one data point body (blood-glucose 4.0, blood-pressure 4.0, body-weight
//! 3.0, heart-rate 2.0), a data point with `header` and `body`, or a list of either (as
//! shimmer returns them under `body`). Each body is checked against what its schema allows (its
//! units, enumerations and time frame) and reported as a problem when it breaks them, so a
//! schema-invalid document is never half read. Positions count data points from 1.
//!
//! A body with a `descriptive_statistic` (say, the minimum over four months) summarises
//! readings over a period rather than being one: it is listed as a problem, not imported.

use chrono::{DateTime, FixedOffset, Utc};
use serde_json::Value;

use super::{DeviceFileError, DeviceFormat, DeviceParse, Sink};
use crate::readings::kind::ReadingKind;
use crate::readings::reading::ReadingInput;
use crate::readings::units::trim_number;

const STATISTICS: &[&str] = &[
    "average",
    "count",
    "maximum",
    "median",
    "minimum",
    "standard deviation",
    "sum",
    "variance",
    "20th percentile",
    "80th percentile",
    "lower quartile",
    "upper quartile",
    "quartile deviation",
    "1st quintile",
    "2nd quintile",
    "3rd quintile",
    "4th quintile",
];
const MEALS: &[&str] = &[
    "fasting",
    "not fasting",
    "before breakfast",
    "after breakfast",
    "before lunch",
    "after lunch",
    "before dinner",
    "after dinner",
    "before meal",
    "after meal",
    "2 hours postprandial",
];
const SLEEP: &[&str] = &["before sleeping", "during sleep", "on waking"];
const SPECIMENS: &[&str] =
    &["capillary blood", "interstitial fluid", "plasma", "serum", "tears", "whole blood", "venous blood"];
const ACTIVITY: &[&str] = &["at rest", "active", "before exercise", "after exercise", "during exercise"];
const POSTURES: &[&str] = &["sitting", "standing", "lying down", "semi-recumbent"];

/// Reads Open mHealth JSON.
pub(crate) fn parse(text: &str, now: DateTime<Utc>) -> Result<DeviceParse, DeviceFileError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let doc: Value = serde_json::from_str(text).map_err(|e| {
        DeviceFileError::malformed(format!("The file is not valid JSON (line {}, column {}).", e.line(), e.column()))
    })?;
    let bodies: Vec<&Value> = match &doc {
        Value::Array(items) => items.iter().map(body_of).collect(),
        Value::Object(o) => match o.get("body") {
            Some(Value::Array(items)) => items.iter().map(body_of).collect(),
            _ => vec![body_of(&doc)],
        },
        _ => return Err(DeviceFileError::malformed("The file holds no Open mHealth data point.")),
    };
    let mut sink = Sink::new(DeviceFormat::OpenMHealth, now);
    for (i, body) in bodies.into_iter().enumerate() {
        let position = u32::try_from(i + 1).unwrap_or(u32::MAX);
        match read(body) {
            Ok((input, raw)) => sink.push(position, input, "", &raw),
            Err(e) => sink.problem(position, e),
        }
    }
    Ok(sink.finish(Vec::new(), Vec::new()))
}

/// The body of a data point (`{header, body}`), or the value itself when it is a body.
fn body_of(v: &Value) -> &Value {
    match v.get("body") {
        Some(b) if v.get("header").is_some() => b,
        _ => v,
    }
}

/// A `{value, unit}` with one of `units`.
fn unit_value<'a>(body: &'a Value, key: &str, units: &[&'a str]) -> Result<(f64, &'a str), String> {
    let uv = body.get(key).ok_or_else(|| format!("\"{key}\" is missing"))?;
    let value = uv.get("value").and_then(Value::as_f64).ok_or_else(|| format!("\"{key}\" has no number value"))?;
    let unit = uv.get("unit").and_then(Value::as_str).ok_or_else(|| format!("\"{key}\" has no unit"))?;
    let unit = units.iter().copied().find(|u| *u == unit).ok_or_else(|| {
        format!("\"{key}\" has unit \"{unit}\", which its schema does not allow ({})", units.join(", "))
    })?;
    Ok((value, unit))
}

fn enumerated<'a>(body: &'a Value, key: &str, allowed: &[&str]) -> Result<Option<&'a str>, String> {
    match body.get(key) {
        None => Ok(None),
        Some(v) => {
            let s = v.as_str().ok_or_else(|| format!("\"{key}\" is not text"))?;
            if allowed.contains(&s) {
                Ok(Some(s))
            } else {
                Err(format!("\"{key}\" is \"{s}\", which is not one of its allowed values"))
            }
        }
    }
}

/// The reading's time: `date_time`, or the start of a `time_interval` with both ends.
fn time(body: &Value) -> Result<DateTime<FixedOffset>, String> {
    let frame = body.get("effective_time_frame").ok_or("\"effective_time_frame\" (the time) is missing")?;
    let parse = |v: Option<&Value>, what: &str| -> Result<DateTime<FixedOffset>, String> {
        let s = v.and_then(Value::as_str).ok_or_else(|| format!("the time frame has no \"{what}\""))?;
        DateTime::parse_from_rfc3339(s).map_err(|_| format!("\"{what}\" is \"{s}\", which is not a date and time"))
    };
    if let Some(dt) = frame.get("date_time") {
        return parse(Some(dt), "date_time");
    }
    let interval =
        frame.get("time_interval").ok_or("the time frame has neither \"date_time\" nor \"time_interval\"")?;
    let start = parse(interval.get("start_date_time"), "start_date_time")?;
    if interval.get("end_date_time").is_none() && interval.get("duration").is_none() {
        return Err("the time interval has a start but no end or duration".into());
    }
    if interval.get("end_date_time").is_some() {
        parse(interval.get("end_date_time"), "end_date_time")?;
    }
    Ok(start)
}

fn read(body: &Value) -> Result<(ReadingInput, String), String> {
    if !body.is_object() {
        return Err("the data point is not a JSON object".into());
    }
    let kind = if body.get("systolic_blood_pressure").is_some() || body.get("diastolic_blood_pressure").is_some() {
        ReadingKind::BloodPressure
    } else if body.get("blood_glucose").is_some() {
        ReadingKind::BloodGlucose
    } else if body.get("body_weight").is_some() {
        ReadingKind::Weight
    } else if body.get("heart_rate").is_some() {
        ReadingKind::HeartRate
    } else {
        return Err("no blood pressure, blood glucose, body weight or heart rate measurement in it".into());
    };
    // Validate every part before deciding anything, so an invalid document is reported as such.
    let statistic = enumerated(body, "descriptive_statistic", STATISTICS)?;
    let meal = enumerated(body, "temporal_relationship_to_meal", MEALS)?;
    let sleep = enumerated(body, "temporal_relationship_to_sleep", SLEEP)?;
    enumerated(body, "specimen_source", SPECIMENS)?;
    enumerated(body, "temporal_relationship_to_physical_activity", ACTIVITY)?;
    let posture = enumerated(body, "body_posture", POSTURES)?;
    let (value, value2, unit, raw) = match kind {
        ReadingKind::BloodPressure => {
            let (s, _) = unit_value(body, "systolic_blood_pressure", &["mmHg"])?;
            let (d, _) = unit_value(body, "diastolic_blood_pressure", &["mmHg"])?;
            (s, Some(d), "mm[Hg]", format!("{}/{}", trim_number(s), trim_number(d)))
        }
        ReadingKind::BloodGlucose => {
            let (v, u) = unit_value(body, "blood_glucose", &["mg/dL", "mmol/L"])?;
            (v, None, u, trim_number(v))
        }
        ReadingKind::Weight => {
            let (v, u) = unit_value(body, "body_weight", &["kg", "g", "lb"])?;
            // Grams are read as kilograms so the checks and the stored unit stay simple.
            let (v, u) = if u == "g" { (v / 1000.0, "kg") } else { (v, if u == "lb" { "[lb_av]" } else { u }) };
            (v, None, u, trim_number(v))
        }
        _ => {
            let (v, _) = unit_value(body, "heart_rate", &["beats/min"])?;
            (v, None, "/min", trim_number(v))
        }
    };
    let at = time(body)?;
    if let Some(stat) = statistic {
        return Err(format!("it is a summary (the {stat} over a period), not a single reading, so it is not imported"));
    }
    let mut input = ReadingInput::value(kind, at, value);
    input.value2 = value2;
    input.unit = Some(unit.to_string());
    if kind == ReadingKind::BloodGlucose {
        input.context = match (meal, sleep) {
            (Some("fasting"), _) => Some("fasting"),
            (Some(m), _) if m.starts_with("before") => Some("beforeMeal"),
            (Some(m), _) if m.starts_with("after") || m.contains("postprandial") => Some("afterMeal"),
            (Some(_), _) => Some("random"),
            (None, Some("before sleeping")) => Some("bedtime"),
            _ => None,
        }
        .map(str::to_string);
    }
    if kind == ReadingKind::BloodPressure {
        input.position = match posture {
            Some("sitting") => Some("sitting"),
            Some("standing") => Some("standing"),
            Some("lying down") => Some("lying"),
            _ => None,
        }
        .map(str::to_string);
        if let Some(location) = body.get("measurement_location").and_then(Value::as_str) {
            if location.starts_with("left") {
                input.arm = Some("left".into());
            } else if location.starts_with("right") {
                input.arm = Some("right".into());
            }
            input.note = Some(format!("Measured at the {location}"));
        }
    }
    if let Some(notes) = body.get("user_notes").and_then(Value::as_str).filter(|n| !n.trim().is_empty()) {
        input.note = Some(match input.note.take() {
            Some(n) => format!("{n}. {notes}"),
            None => notes.to_string(),
        });
    }
    Ok((input, raw))
}
