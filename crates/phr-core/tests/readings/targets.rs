//! Personal targets: out of range both sides, open bounds, validation; guidance thresholds.

use phr_core::readings::ReadingKind;
use phr_core::readings::target::{Target, default_thresholds, out_of_target};

#[test]
fn out_of_target_on_both_sides_and_inclusive_bounds() {
    let t = Target { kind: ReadingKind::BloodGlucose, low: Some(4.0), high: Some(7.0), low2: None, high2: None };
    assert!(out_of_target(&t, Some(3.9), None));
    assert!(!out_of_target(&t, Some(4.0), None));
    assert!(!out_of_target(&t, Some(7.0), None));
    assert!(out_of_target(&t, Some(7.1), None));
    assert!(!out_of_target(&t, None, None));
    let bp = Target { kind: ReadingKind::BloodPressure, low: None, high: Some(135.0), low2: None, high2: Some(85.0) };
    assert!(!out_of_target(&bp, Some(135.0), Some(85.0)));
    assert!(out_of_target(&bp, Some(120.0), Some(86.0)), "diastolic alone");
    assert!(out_of_target(&bp, Some(136.0), Some(80.0)));
    assert!(!out_of_target(&bp, Some(60.0), Some(40.0)), "no lower bound");
}

#[test]
fn targets_are_validated() {
    let ok = Target { kind: ReadingKind::Weight, low: Some(60.0), high: Some(70.0), low2: None, high2: None };
    assert!(ok.validate().is_ok());
    assert_eq!(Target { low: Some(80.0), ..ok.clone() }.validate().unwrap_err().field, "low");
    assert_eq!(Target { low2: Some(1.0), ..ok.clone() }.validate().unwrap_err().field, "low2");
    assert_eq!(Target { high: Some(f64::NAN), ..ok.clone() }.validate().unwrap_err().field, "high");
    assert!(Target { kind: ReadingKind::Symptom, ..ok }.validate().is_err());
    let json = serde_json::to_value(Target {
        kind: ReadingKind::Weight,
        low: None,
        high: Some(70.0),
        low2: None,
        high2: None,
    })
    .unwrap();
    assert_eq!(json, serde_json::json!({"kind": "weight", "high": 70.0}));
}

#[test]
fn guidance_thresholds_are_cited() {
    let bp = default_thresholds(ReadingKind::BloodPressure);
    assert_eq!(bp.iter().map(|t| (t.value, t.series)).collect::<Vec<_>>(), [(135.0, 1), (85.0, 2)]);
    assert!(bp.iter().all(|t| t.label.contains("NG136")));
    let g = default_thresholds(ReadingKind::BloodGlucose);
    assert_eq!(g.iter().map(|t| t.value).collect::<Vec<_>>(), [4.0, 7.0]);
    assert!(g.iter().all(|t| t.label.contains("NG17")));
    assert!(default_thresholds(ReadingKind::Steps).is_empty());
}
