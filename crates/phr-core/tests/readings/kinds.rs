//! Reading kinds: stable names and codes, the short forms people type, LOINC codes and units.

use std::collections::HashSet;

use phr_core::readings::ReadingKind;

#[test]
fn codes_and_names_are_unique_and_round_trip() {
    let mut codes = HashSet::new();
    let mut names = HashSet::new();
    for k in ReadingKind::ALL {
        assert!(codes.insert(k.code()), "{k:?} code reused");
        assert!(names.insert(k.as_str()), "{k:?} name reused");
        assert_eq!(ReadingKind::from_code(k.code()), Some(k));
        assert_eq!(ReadingKind::parse(k.as_str()), Some(k));
        let wire = serde_json::to_value(k).unwrap();
        assert_eq!(ReadingKind::parse(wire.as_str().unwrap()), Some(k));
        assert_eq!(serde_json::from_value::<ReadingKind>(wire).unwrap(), k);
        assert!(!k.label().is_empty());
    }
    assert_eq!(ReadingKind::from_code(0), None);
    assert_eq!(ReadingKind::from_code(14), None);
}

#[test]
fn the_stored_codes_never_change() {
    // A format: the dense table stores these numbers.
    let expected = [
        (ReadingKind::BloodPressure, 1, "blood_pressure", "bloodPressure"),
        (ReadingKind::HeartRate, 2, "heart_rate", "heartRate"),
        (ReadingKind::Weight, 3, "weight", "weight"),
        (ReadingKind::Height, 4, "height", "height"),
        (ReadingKind::BloodGlucose, 5, "blood_glucose", "bloodGlucose"),
        (ReadingKind::OxygenSaturation, 6, "oxygen_saturation", "oxygenSaturation"),
        (ReadingKind::Temperature, 7, "temperature", "temperature"),
        (ReadingKind::PeakFlow, 8, "peak_flow", "peakFlow"),
        (ReadingKind::Steps, 9, "steps", "steps"),
        (ReadingKind::Sleep, 10, "sleep", "sleep"),
        (ReadingKind::Pain, 11, "pain", "pain"),
        (ReadingKind::Mood, 12, "mood", "mood"),
        (ReadingKind::Symptom, 13, "symptom", "symptom"),
    ];
    for (k, code, stored, wire) in expected {
        assert_eq!((k.code(), k.as_str()), (code, stored));
        assert_eq!(serde_json::to_value(k).unwrap(), serde_json::json!(wire));
    }
}

#[test]
fn short_forms_people_type() {
    for (text, kind) in [
        ("bp", ReadingKind::BloodPressure),
        ("blood-pressure", ReadingKind::BloodPressure),
        ("Blood Pressure", ReadingKind::BloodPressure),
        ("glucose", ReadingKind::BloodGlucose),
        ("spo2", ReadingKind::OxygenSaturation),
        ("temp", ReadingKind::Temperature),
        ("peak-flow", ReadingKind::PeakFlow),
        ("pulse", ReadingKind::HeartRate),
    ] {
        assert_eq!(ReadingKind::parse(text), Some(kind), "{text}");
    }
    assert_eq!(ReadingKind::parse("cholesterol"), None);
}

#[test]
fn loinc_codes_and_ucum_units() {
    use ReadingKind::*;
    let expected = [
        (BloodPressure, Some("85354-9"), "mm[Hg]"),
        (HeartRate, Some("8867-4"), "/min"),
        (Weight, Some("29463-7"), "kg"),
        (Height, Some("8302-2"), "cm"),
        (BloodGlucose, Some("15074-8"), "mmol/L"),
        (OxygenSaturation, Some("59408-5"), "%"),
        (Temperature, Some("8310-5"), "Cel"),
        (PeakFlow, Some("19935-6"), "L/min"),
        (Steps, Some("41950-7"), "{steps}"),
        (Sleep, Some("93832-4"), "h"),
        (Pain, Some("72514-3"), "{score}"),
        (Mood, None, "{score}"),
        (Symptom, None, ""),
    ];
    for (k, loinc, unit) in expected {
        assert_eq!(k.loinc(), loinc, "{k:?}");
        assert_eq!(k.unit(), unit, "{k:?}");
        if !k.is_text() {
            assert_eq!(k.units_accepted()[0], unit, "{k:?}: canonical unit first");
        }
    }
    assert_eq!(BloodPressure.unit_label(), "mmHg");
    assert_eq!(BloodGlucose.units_accepted(), &["mmol/L", "mg/dL"]);
    assert_eq!(
        BloodGlucose.contexts().iter().map(|c| c.value).collect::<Vec<_>>(),
        ["fasting", "beforeMeal", "afterMeal", "bedtime", "random"]
    );
    assert_eq!(BloodPressure.arms().len(), 2);
    assert_eq!(BloodPressure.positions().len(), 3);
    assert!(Weight.contexts().is_empty());
    assert!(BloodPressure.has_second_value() && BloodPressure.has_pulse() && !Weight.has_second_value());
    let h = BloodPressure.input_hints();
    assert_eq!((h.min, h.max, h.step), (40.0, 300.0, 1.0));
}
