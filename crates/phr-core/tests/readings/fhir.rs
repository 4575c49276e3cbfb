//! Readings as FHIR R4 Observations: the vital-signs profile's shape per kind. Each test run
//! also writes one Observation per kind to `$CARGO_TARGET_TMPDIR/readings-observations/` so
//! they can be checked with `tools/fhir-validate/fhir-validate` (the store's CI test validates
//! exported files).

use phr_core::readings::fhir::{observation, observation_for};
use phr_core::readings::{CheckedReading, ReadingInput, ReadingKind, check};
use serde_json::{Value, json};

use super::{earlier, now};

fn reading(kind: ReadingKind) -> CheckedReading {
    let mut input = match kind {
        ReadingKind::BloodPressure => ReadingInput {
            pulse: Some(70.0),
            arm: Some("left".into()),
            position: Some("sitting".into()),
            ..ReadingInput::blood_pressure(earlier(), 128.0, 82.0)
        },
        ReadingKind::Symptom => {
            ReadingInput { text: Some("Dizzy on standing".into()), ..ReadingInput::new(kind, earlier()) }
        }
        ReadingKind::BloodGlucose => ReadingInput {
            unit: Some("mg/dL".into()),
            context: Some("fasting".into()),
            ..ReadingInput::value(kind, earlier(), 101.0)
        },
        _ => {
            let hints = kind.input_hints();
            ReadingInput::value(kind, earlier(), ((hints.min + hints.max) / 2.0).round())
        }
    };
    input.note = Some("a note".into());
    check(&input, now()).unwrap()
}

fn codes(v: &Value) -> Vec<&str> {
    v["coding"].as_array().unwrap().iter().map(|c| c["code"].as_str().unwrap()).collect()
}

#[test]
fn blood_pressure_is_the_panel_with_components() {
    let o = observation_for("bp1", &reading(ReadingKind::BloodPressure), Some("Me"), Some("Patient/p1"));
    assert_eq!(o["resourceType"], "Observation");
    assert_eq!(o["status"], "final");
    assert_eq!(o["meta"]["profile"][0], "http://hl7.org/fhir/StructureDefinition/bp");
    assert_eq!(codes(&o["category"][0]), ["vital-signs"]);
    assert_eq!(codes(&o["code"]), ["85354-9"]);
    assert_eq!(o["subject"]["reference"], "Patient/p1");
    assert_eq!(o["effectiveDateTime"], "2026-06-01T11:00:00+01:00");
    assert!(o.get("valueQuantity").is_none());
    let c = o["component"].as_array().unwrap();
    assert_eq!(codes(&c[0]["code"]), ["8480-6"]);
    assert_eq!(
        c[0]["valueQuantity"],
        json!({"value": 128.0, "unit": "mmHg", "system": "http://unitsofmeasure.org", "code": "mm[Hg]"})
    );
    assert_eq!(codes(&c[1]["code"]), ["8462-4"]);
    assert_eq!(c[1]["valueQuantity"]["value"], 82.0);
    assert_eq!(codes(&c[2]["code"]), ["8867-4"]);
    assert_eq!(codes(&o["bodySite"]), ["368208006"]);
    assert_eq!(o["performer"][0]["display"], "Me");
}

#[test]
fn each_kind_has_its_category_code_and_value() {
    for kind in ReadingKind::ALL {
        let o = observation(&format!("r-{}", kind.as_str()), &reading(kind), None);
        assert!(o.get("subject").is_none());
        assert_eq!(o["id"], format!("r-{}", kind.as_str()).replace('_', "-"), "a valid FHIR id");
        let category = o["category"][0]["coding"][0]["code"].as_str().unwrap();
        match kind {
            ReadingKind::HeartRate | ReadingKind::Weight | ReadingKind::Height | ReadingKind::Temperature => {
                assert_eq!(category, "vital-signs");
                assert_eq!(o["valueQuantity"]["code"], kind.unit());
                assert_eq!(o["valueQuantity"]["system"], "http://unitsofmeasure.org");
                assert_eq!(codes(&o["code"]), [kind.loinc().unwrap()]);
            }
            ReadingKind::OxygenSaturation => {
                assert_eq!(category, "vital-signs");
                assert_eq!(codes(&o["code"]), ["59408-5", "2708-6"]);
                assert_eq!(o["valueQuantity"]["code"], "%");
            }
            ReadingKind::BloodGlucose => {
                assert_eq!(category, "laboratory");
                assert_eq!(codes(&o["code"]), ["15074-8"]);
                assert_eq!(o["valueQuantity"]["code"], "mmol/L");
                let notes: Vec<&str> =
                    o["note"].as_array().unwrap().iter().map(|n| n["text"].as_str().unwrap()).collect();
                assert_eq!(notes, ["Taken: fasting", "Entered as 101 mg/dL", "a note"]);
            }
            ReadingKind::Steps | ReadingKind::Sleep => assert_eq!(category, "activity"),
            ReadingKind::PeakFlow => {
                assert_eq!(category, "exam");
                assert_eq!(o["valueQuantity"]["code"], "L/min");
            }
            ReadingKind::Pain | ReadingKind::Mood => {
                assert_eq!(category, "survey");
                assert!(o["valueInteger"].is_i64());
            }
            ReadingKind::Symptom => {
                assert_eq!(category, "survey");
                assert_eq!(o["valueString"], "Dizzy on standing");
                assert!(o["code"].get("coding").is_none());
                assert_eq!(o["code"]["text"], "Symptom note");
            }
            ReadingKind::BloodPressure => {}
        }
    }
}

#[test]
fn writes_one_observation_per_kind_for_the_validator() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("readings-observations");
    std::fs::create_dir_all(&dir).unwrap();
    for kind in ReadingKind::ALL {
        let mut r = reading(kind);
        if kind == ReadingKind::Weight {
            r.source = phr_core::readings::ReadingSource::DeviceFile;
        }
        let o = observation_for(&format!("r-{}", kind.as_str()), &r, Some("Scales"), Some("Patient/p1"));
        std::fs::write(dir.join(format!("{}.json", kind.as_str())), serde_json::to_string_pretty(&o).unwrap()).unwrap();
    }
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), ReadingKind::ALL.len());
}
