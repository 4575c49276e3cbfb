//! Personal targets: out of range both sides, open bounds, validation; guidance thresholds.

use phr_core::readings::ReadingKind;
use phr_core::readings::target::{Applies, Target, guidance_lines, out_of_target};

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
fn guidance_thresholds_are_cited_and_named_in_words() {
    let bp = guidance_lines(ReadingKind::BloodPressure, Applies::default());
    assert_eq!(bp.iter().map(|t| (t.value, t.series)).collect::<Vec<_>>(), [(135.0, 1), (85.0, 2)]);
    assert!(bp.iter().all(|t| t.source.contains("NG136") && t.label.starts_with("Home blood pressure target")));
    let t1 = Applies { has_type1_diabetes: true, ..Applies::default() };
    let g = guidance_lines(ReadingKind::BloodGlucose, t1);
    assert_eq!(g.iter().map(|t| t.value).collect::<Vec<_>>(), [4.0, 7.0]);
    assert!(g.iter().all(|t| t.source.contains("NG17") && t.url.starts_with("https://www.nice.org.uk/")));
    assert!(guidance_lines(ReadingKind::Steps, t1).is_empty());
}

#[test]
fn no_diabetes_target_is_drawn_for_someone_without_type_1_diabetes() {
    assert!(guidance_lines(ReadingKind::BloodGlucose, Applies::default()).is_empty());
    assert!(
        guidance_lines(ReadingKind::BloodGlucose, Applies { age_years: Some(70), has_type1_diabetes: false })
            .is_empty()
    );
}

#[test]
fn the_home_blood_pressure_target_follows_age() {
    let at = |age| guidance_lines(ReadingKind::BloodPressure, Applies { age_years: Some(age), ..Applies::default() });
    assert_eq!(at(79).iter().map(|t| t.value).collect::<Vec<_>>(), [135.0, 85.0]);
    assert_eq!(at(80).iter().map(|t| t.value).collect::<Vec<_>>(), [145.0, 85.0]);
}
