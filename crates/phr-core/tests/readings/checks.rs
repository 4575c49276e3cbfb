//! Every check on both sides of each boundary, as one table: refused (naming the field),
//! accepted and flagged as unusual (naming the field), or accepted clean.

use chrono::Duration;
use phr_core::readings::{ReadingInput, ReadingKind, check};

use super::{at, earlier, now};
use ReadingKind::*;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    Clean,
    Unusual(&'static str),
    Impossible(&'static str),
}
use Expect::*;

fn v(kind: ReadingKind, value: f64) -> ReadingInput {
    ReadingInput::value(kind, earlier(), value)
}

fn u(kind: ReadingKind, value: f64, unit: &str) -> ReadingInput {
    ReadingInput { unit: Some(unit.to_string()), ..v(kind, value) }
}

fn bp(s: f64, d: f64) -> ReadingInput {
    ReadingInput::blood_pressure(earlier(), s, d)
}

fn bp_pulse(s: f64, d: f64, p: f64) -> ReadingInput {
    ReadingInput { pulse: Some(p), ..bp(s, d) }
}

fn text(t: &str) -> ReadingInput {
    ReadingInput { text: Some(t.to_string()), ..ReadingInput::new(Symptom, earlier()) }
}

fn cases() -> Vec<(&'static str, ReadingInput, Expect)> {
    vec![
        // Systolic: refused below 40 and above 300; flagged below 90 and from 180.
        ("systolic 39", bp(39.0, 30.0), Impossible("value")),
        ("systolic 40", bp(40.0, 30.0), Unusual("value")),
        ("systolic 89", bp(89.0, 60.0), Unusual("value")),
        ("systolic 90", bp(90.0, 60.0), Clean),
        ("systolic 179", bp(179.0, 80.0), Clean),
        ("systolic 180", bp(180.0, 80.0), Unusual("value")),
        ("systolic 200", bp(200.0, 90.0), Unusual("value")),
        ("systolic 300", bp(300.0, 100.0), Unusual("value")),
        ("systolic 301", bp(301.0, 100.0), Impossible("value")),
        ("systolic 900", bp(900.0, 80.0), Impossible("value")),
        // Diastolic: refused below 20, above 200, or not below systolic; flagged below 60 and from 120.
        ("diastolic 19", bp(120.0, 19.0), Impossible("value2")),
        ("diastolic 20", bp(120.0, 20.0), Unusual("value2")),
        ("diastolic 59", bp(120.0, 59.0), Unusual("value2")),
        ("diastolic 60", bp(120.0, 60.0), Clean),
        ("diastolic 119", bp(150.0, 119.0), Clean),
        ("diastolic 120", bp(150.0, 120.0), Unusual("value2")),
        ("diastolic 200", bp(250.0, 200.0), Unusual("value2")),
        ("diastolic 201", bp(250.0, 201.0), Impossible("value2")),
        ("diastolic one below systolic", bp(120.0, 119.0), Clean),
        ("diastolic equal to systolic", bp(120.0, 120.0), Impossible("value2")),
        ("diastolic above systolic", bp(120.0, 130.0), Impossible("value2")),
        ("diastolic missing", ReadingInput { value2: None, ..bp(120.0, 80.0) }, Impossible("value2")),
        ("systolic missing", ReadingInput { value: None, ..bp(120.0, 80.0) }, Impossible("value")),
        ("systolic not a number", bp(f64::NAN, 80.0), Impossible("value")),
        // Pulse with a blood pressure: refused below 20 and above 300; flagged below 40 and above
        // 120 (the red-flag table's heart rate rows).
        ("pulse 19", bp_pulse(120.0, 80.0, 19.0), Impossible("pulse")),
        ("pulse 20", bp_pulse(120.0, 80.0, 20.0), Unusual("pulse")),
        ("pulse 39", bp_pulse(120.0, 80.0, 39.0), Unusual("pulse")),
        ("pulse 40", bp_pulse(120.0, 80.0, 40.0), Clean),
        ("pulse 120", bp_pulse(120.0, 80.0, 120.0), Clean),
        ("pulse 121", bp_pulse(120.0, 80.0, 121.0), Unusual("pulse")),
        ("pulse 300", bp_pulse(120.0, 80.0, 300.0), Unusual("pulse")),
        ("pulse 301", bp_pulse(120.0, 80.0, 301.0), Impossible("pulse")),
        ("pulse on a weight", ReadingInput { pulse: Some(70.0), ..v(Weight, 70.0) }, Impossible("pulse")),
        ("second value on a weight", ReadingInput { value2: Some(1.0), ..v(Weight, 70.0) }, Impossible("value2")),
        // Heart rate: the same bands as the pulse.
        ("heart rate 19", v(HeartRate, 19.0), Impossible("value")),
        ("heart rate 20", v(HeartRate, 20.0), Unusual("value")),
        ("heart rate 39", v(HeartRate, 39.0), Unusual("value")),
        ("heart rate 40", v(HeartRate, 40.0), Clean),
        ("heart rate 120", v(HeartRate, 120.0), Clean),
        ("heart rate 121", v(HeartRate, 121.0), Unusual("value")),
        ("heart rate 300", v(HeartRate, 300.0), Unusual("value")),
        ("heart rate 301", v(HeartRate, 301.0), Impossible("value")),
        // Glucose (mmol/L): refused at 0 or less and above 50; flagged below 4 (the red-flag
        // table's hypo row) and from 25.
        ("glucose -1", v(BloodGlucose, -1.0), Impossible("value")),
        ("glucose 0", v(BloodGlucose, 0.0), Impossible("value")),
        ("glucose 0.1", v(BloodGlucose, 0.1), Unusual("value")),
        ("glucose 2.9", v(BloodGlucose, 2.9), Unusual("value")),
        ("glucose 3.9", v(BloodGlucose, 3.9), Unusual("value")),
        ("glucose 4.0", v(BloodGlucose, 4.0), Clean),
        ("glucose 24.9", v(BloodGlucose, 24.9), Clean),
        ("glucose 25", v(BloodGlucose, 25.0), Unusual("value")),
        ("glucose 30", v(BloodGlucose, 30.0), Unusual("value")),
        ("glucose 50", v(BloodGlucose, 50.0), Unusual("value")),
        ("glucose 50.1", v(BloodGlucose, 50.1), Impossible("value")),
        // Glucose in mg/dL is checked after conversion (÷ 18.016).
        ("glucose 0 mg/dL", u(BloodGlucose, 0.0, "mg/dL"), Impossible("value")),
        ("glucose 54 mg/dL = 2.997", u(BloodGlucose, 54.0, "mg/dL"), Unusual("value")),
        ("glucose 72 mg/dL = 3.996", u(BloodGlucose, 72.0, "mg/dL"), Unusual("value")),
        ("glucose 73 mg/dL = 4.052", u(BloodGlucose, 73.0, "mg/dL"), Clean),
        ("glucose 900 mg/dL = 49.96", u(BloodGlucose, 900.0, "mg/dL"), Unusual("value")),
        ("glucose 901 mg/dL = 50.01", u(BloodGlucose, 901.0, "mg/dL"), Impossible("value")),
        // Oxygen saturation: refused below 50 and above 100; flagged at 94 or less.
        ("SpO2 49", v(OxygenSaturation, 49.0), Impossible("value")),
        ("SpO2 50", v(OxygenSaturation, 50.0), Unusual("value")),
        ("SpO2 92", v(OxygenSaturation, 92.0), Unusual("value")),
        ("SpO2 94", v(OxygenSaturation, 94.0), Unusual("value")),
        ("SpO2 95", v(OxygenSaturation, 95.0), Clean),
        ("SpO2 100", v(OxygenSaturation, 100.0), Clean),
        ("SpO2 101", v(OxygenSaturation, 101.0), Impossible("value")),
        // Temperature: refused outside 25-45 °C; flagged below 35 and from 38.
        ("temperature 24.9", v(Temperature, 24.9), Impossible("value")),
        ("temperature 25", v(Temperature, 25.0), Unusual("value")),
        ("temperature 34.9", v(Temperature, 34.9), Unusual("value")),
        ("temperature 35.0", v(Temperature, 35.0), Clean),
        ("temperature 37.9", v(Temperature, 37.9), Clean),
        ("temperature 38.0", v(Temperature, 38.0), Unusual("value")),
        ("temperature 45", v(Temperature, 45.0), Unusual("value")),
        ("temperature 45.1", v(Temperature, 45.1), Impossible("value")),
        ("temperature 98.6 °F = 37 °C", u(Temperature, 98.6, "[degF]"), Clean),
        ("temperature 100.4 °F = 38 °C", u(Temperature, 100.4, "[degF]"), Unusual("value")),
        ("temperature 113.4 °F = 45.2 °C", u(Temperature, 113.4, "°F"), Impossible("value")),
        // Weight: refused at 0 or less and above 500 kg.
        ("weight 0", v(Weight, 0.0), Impossible("value")),
        ("weight 0.1", v(Weight, 0.1), Clean),
        ("weight 500", v(Weight, 500.0), Clean),
        ("weight 500.1", v(Weight, 500.1), Impossible("value")),
        ("weight 0 lb", u(Weight, 0.0, "lb"), Impossible("value")),
        ("weight 154 lb", u(Weight, 154.0, "lb"), Clean),
        ("weight 1103 lb = 500.3 kg", u(Weight, 1103.0, "lb"), Impossible("value")),
        // Height: refused outside 30-272 cm.
        ("height 29.9", v(Height, 29.9), Impossible("value")),
        ("height 30", v(Height, 30.0), Clean),
        ("height 272", v(Height, 272.0), Clean),
        ("height 272.1", v(Height, 272.1), Impossible("value")),
        // Peak flow: refused outside 30-1000 L/min.
        ("peak flow 29", v(PeakFlow, 29.0), Impossible("value")),
        ("peak flow 30", v(PeakFlow, 30.0), Clean),
        ("peak flow 1000", v(PeakFlow, 1000.0), Clean),
        ("peak flow 1001", v(PeakFlow, 1001.0), Impossible("value")),
        // Steps: whole numbers 0-200,000.
        ("steps -1", v(Steps, -1.0), Impossible("value")),
        ("steps 0", v(Steps, 0.0), Clean),
        ("steps 200000", v(Steps, 200_000.0), Clean),
        ("steps 200001", v(Steps, 200_001.0), Impossible("value")),
        ("steps 10.5", v(Steps, 10.5), Impossible("value")),
        // Sleep: 0-24 hours.
        ("sleep -0.1", v(Sleep, -0.1), Impossible("value")),
        ("sleep 0", v(Sleep, 0.0), Clean),
        ("sleep 24", v(Sleep, 24.0), Clean),
        ("sleep 24.1", v(Sleep, 24.1), Impossible("value")),
        // Scores: whole numbers 0-10.
        ("pain -1", v(Pain, -1.0), Impossible("value")),
        ("pain 0", v(Pain, 0.0), Clean),
        ("pain 10", v(Pain, 10.0), Clean),
        ("pain 11", v(Pain, 11.0), Impossible("value")),
        ("pain 5.5", v(Pain, 5.5), Impossible("value")),
        ("mood -1", v(Mood, -1.0), Impossible("value")),
        ("mood 0", v(Mood, 0.0), Clean),
        ("mood 10", v(Mood, 10.0), Clean),
        ("mood 11", v(Mood, 11.0), Impossible("value")),
        // Symptom notes: not empty, at most 4,000 characters, no number.
        ("symptom empty", text(""), Impossible("text")),
        ("symptom blank", text("   "), Impossible("text")),
        ("symptom missing", ReadingInput::new(Symptom, earlier()), Impossible("text")),
        ("symptom note", text("Headache behind the eyes"), Clean),
        ("symptom 4000 chars", text(&"a".repeat(4000)), Clean),
        ("symptom 4001 chars", text(&"a".repeat(4001)), Impossible("text")),
        ("symptom with a number", ReadingInput { value: Some(3.0), ..text("x") }, Impossible("value")),
        // Units.
        ("glucose in mg", u(BloodGlucose, 5.0, "mg"), Impossible("unit")),
        ("blood pressure in kg", ReadingInput { unit: Some("kg".into()), ..bp(120.0, 80.0) }, Impossible("unit")),
        ("blood pressure in mmHg", ReadingInput { unit: Some("mmHg".into()), ..bp(120.0, 80.0) }, Clean),
        ("glucose in mg/dl (any case)", u(BloodGlucose, 100.0, "mg/dl"), Clean),
        ("missing value", ReadingInput::new(Weight, earlier()), Impossible("value")),
        // Contexts, arms, positions.
        ("glucose fasting", ReadingInput { context: Some("fasting".into()), ..v(BloodGlucose, 5.0) }, Clean),
        (
            "glucose at lunch",
            ReadingInput { context: Some("lunch".into()), ..v(BloodGlucose, 5.0) },
            Impossible("context"),
        ),
        (
            "weight with a context",
            ReadingInput { context: Some("fasting".into()), ..v(Weight, 70.0) },
            Impossible("context"),
        ),
        ("left arm", ReadingInput { arm: Some("left".into()), ..bp(120.0, 80.0) }, Clean),
        ("middle arm", ReadingInput { arm: Some("middle".into()), ..bp(120.0, 80.0) }, Impossible("arm")),
        ("lying", ReadingInput { position: Some("lying".into()), ..bp(120.0, 80.0) }, Clean),
        (
            "upside down",
            ReadingInput { position: Some("upside down".into()), ..bp(120.0, 80.0) },
            Impossible("position"),
        ),
        // Time: up to 5 minutes ahead of now is clock skew; later is the future.
        (
            "time now + 5 min",
            ReadingInput { at: (now() + Duration::minutes(5)).fixed_offset(), ..v(Weight, 70.0) },
            Clean,
        ),
        (
            "time now + 5 min 1 s",
            ReadingInput { at: (now() + Duration::seconds(301)).fixed_offset(), ..v(Weight, 70.0) },
            Impossible("at"),
        ),
        ("time tomorrow", ReadingInput { at: at("2026-06-02T09:00:00+01:00"), ..v(Weight, 70.0) }, Impossible("at")),
        ("time in 1899", ReadingInput { at: at("1899-12-31T23:59:59+00:00"), ..v(Weight, 70.0) }, Impossible("at")),
        ("time in 1900", ReadingInput { at: at("1900-01-01T00:00:00+00:00"), ..v(Weight, 70.0) }, Clean),
    ]
}

#[test]
fn every_check_on_both_sides_of_each_boundary() {
    let mut failures = Vec::new();
    for (name, input, expect) in cases() {
        let got = match check(&input, now()) {
            Ok(r) if r.unusual.is_empty() => Clean,
            Ok(r) => {
                let field = r.unusual[0].field.clone();
                assert!(!r.unusual[0].reason.is_empty(), "{name}: empty reason");
                if let Unusual(want) = expect
                    && r.unusual.iter().any(|u| u.field == want)
                {
                    Unusual(want)
                } else {
                    Unusual(Box::leak(field.into_boxed_str()))
                }
            }
            Err(e) => {
                assert!(!e.reason.is_empty(), "{name}: empty reason");
                assert_eq!(e.code(), phr_core::ErrorCode::ReadingImpossible);
                Impossible(Box::leak(e.field.into_boxed_str()))
            }
        };
        if got != expect {
            failures.push(format!("{name}: expected {expect:?}, got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn reasons_say_what_and_why_in_plain_english() {
    let e = check(&bp(900.0, 80.0), now()).unwrap_err();
    assert_eq!(e.field, "value");
    assert!(e.reason.contains("Systolic 900 mmHg"), "{}", e.reason);
    assert!(e.reason.contains("40 and 300"), "{}", e.reason);
    let e = check(&bp(120.0, 130.0), now()).unwrap_err();
    assert!(e.reason.contains("lower than systolic"), "{}", e.reason);
    let e = check(&u(BloodGlucose, 0.0, "mg/dL"), now()).unwrap_err();
    assert!(e.reason.contains("0 mg/dL as entered"), "{}", e.reason);
    let e = check(&u(BloodGlucose, 5.0, "mg"), now()).unwrap_err();
    assert!(e.reason.contains("mmol/L or mg/dL"), "{}", e.reason);
    let r = check(&bp(200.0, 90.0), now()).unwrap();
    assert_eq!(r.unusual.len(), 1);
    assert!(r.unusual[0].reason.contains("Systolic 200 mmHg is very high"), "{}", r.unusual[0].reason);
    let r = check(&v(BloodGlucose, 30.0), now()).unwrap();
    assert!(r.unusual[0].reason.contains("Blood glucose 30 mmol/L is very high"), "{}", r.unusual[0].reason);
}

#[test]
fn a_checked_reading_keeps_its_offset_note_and_source() {
    let mut input = bp_pulse(128.0, 82.0, 70.0);
    input.note = Some("  after a walk  ".into());
    input.source = phr_core::readings::ReadingSource::Carer;
    let r = check(&input, now()).unwrap();
    assert_eq!(r.at, earlier());
    assert_eq!(r.at.offset().local_minus_utc(), 3600);
    assert_eq!(r.note.as_deref(), Some("after a walk"));
    assert_eq!(r.source, phr_core::readings::ReadingSource::Carer);
    assert_eq!(r.display(), "128/82 mmHg, pulse 70");
    let blank = check(&ReadingInput { note: Some("  ".into()), ..bp(120.0, 80.0) }, now()).unwrap();
    assert_eq!(blank.note, None);
}
