//! The red-flag table: every row just inside and just outside its boundary (one table of cases,
//! every failure collected before failing), advice only ever for the reading's own kind, units
//! converted before anything is judged, and GP results judged by the same rows.

use chrono::Duration;
use phr_core::readings::red_flags::{
    self, Observed, PersonContext, RED_FLAGS, Setting, Urgency, Verdict, advise, advise_reading, matching,
};
use phr_core::readings::{ReadingInput, ReadingKind, check};
use phr_core::record::{Coding, RangeBasis, RangeCheck};
use serde_json::json;

use super::{earlier, now};
use ReadingKind::*;

/// One case: which row, the reading, what is known of the person, and whether the row applies.
struct Case {
    rule: &'static str,
    name: &'static str,
    kind: ReadingKind,
    value: f64,
    value2: Option<f64>,
    context: Option<&'static str>,
    setting: Setting,
    person: PersonContext,
    inside: bool,
}

fn case(rule: &'static str, name: &'static str, kind: ReadingKind, value: f64, inside: bool) -> Case {
    Case {
        rule,
        name,
        kind,
        value,
        value2: None,
        context: None,
        setting: Setting::Home,
        person: PersonContext::default(),
        inside,
    }
}

fn bp(rule: &'static str, name: &'static str, s: f64, d: f64, setting: Setting, inside: bool) -> Case {
    Case { value2: Some(d), setting, ..case(rule, name, BloodPressure, s, inside) }
}

fn with(c: Case, person: PersonContext) -> Case {
    Case { person, ..c }
}

fn ctx(c: Case, context: &'static str) -> Case {
    Case { context: Some(context), ..c }
}

fn type1() -> PersonContext {
    PersonContext { has_type1_diabetes: true, ..PersonContext::default() }
}

fn best(l_min: f64) -> PersonContext {
    PersonContext { best_peak_flow: Some(l_min), ..PersonContext::default() }
}

/// Heart failure, with a weight of 80 kg two days before the weight judged (or `days` before).
fn heart_failure(days: i64, with_it: bool) -> PersonContext {
    PersonContext {
        has_heart_failure: with_it,
        weights: vec![(earlier() - Duration::days(days), 80.0), (earlier() - Duration::days(1), 81.0)],
        ..PersonContext::default()
    }
}

fn cases() -> Vec<Case> {
    use Setting::{Clinic, Home};
    let bp_rows = |rule: &'static str| {
        vec![
            bp(rule, "systolic 180", 180.0, 80.0, Home, true),
            bp(rule, "systolic 179", 179.0, 80.0, Home, false),
            bp(rule, "diastolic 120", 150.0, 120.0, Home, true),
            bp(rule, "diastolic 119", 150.0, 119.0, Home, false),
        ]
    };
    let low_bp_rows = |rule: &'static str| {
        vec![
            bp(rule, "systolic 89", 89.0, 70.0, Home, true),
            bp(rule, "systolic 90", 90.0, 70.0, Home, false),
            bp(rule, "diastolic 59", 100.0, 59.0, Home, true),
            bp(rule, "diastolic 60", 100.0, 60.0, Home, false),
        ]
    };
    let hr_rows = |rule: &'static str| {
        vec![
            case(rule, "121", HeartRate, 121.0, true),
            case(rule, "120", HeartRate, 120.0, false),
            case(rule, "39", HeartRate, 39.0, true),
            case(rule, "40", HeartRate, 40.0, false),
        ]
    };
    let hypo_rows = |rule: &'static str| {
        vec![case(rule, "3.9", BloodGlucose, 3.9, true), case(rule, "4.0", BloodGlucose, 4.0, false)]
    };
    let t1d_rows = |rule: &'static str| {
        vec![
            with(case(rule, "14.1 with type 1", BloodGlucose, 14.1, true), type1()),
            with(case(rule, "14.0 with type 1", BloodGlucose, 14.0, false), type1()),
            case(rule, "20 without type 1", BloodGlucose, 20.0, false),
        ]
    };
    let mut all = Vec::new();
    all.extend(bp_rows("bp-very-high-symptoms"));
    all.extend(bp_rows("bp-very-high"));
    all.extend([
        bp("bp-very-high", "systolic 180 in a clinic", 180.0, 80.0, Clinic, true),
        bp("bp-high-home", "systolic 135", 135.0, 80.0, Home, true),
        bp("bp-high-home", "systolic 134", 134.0, 80.0, Home, false),
        bp("bp-high-home", "diastolic 85", 120.0, 85.0, Home, true),
        bp("bp-high-home", "diastolic 84", 120.0, 84.0, Home, false),
        bp("bp-high-home", "150/95 in a clinic", 150.0, 95.0, Clinic, false),
        bp("bp-high-clinic", "systolic 140", 140.0, 80.0, Clinic, true),
        bp("bp-high-clinic", "systolic 139", 139.0, 80.0, Clinic, false),
        bp("bp-high-clinic", "diastolic 90", 120.0, 90.0, Clinic, true),
        bp("bp-high-clinic", "diastolic 89", 120.0, 89.0, Clinic, false),
        bp("bp-high-clinic", "150/95 at home", 150.0, 95.0, Home, false),
    ]);
    all.extend(low_bp_rows("bp-low-symptoms"));
    all.extend(low_bp_rows("bp-low"));
    all.extend(hr_rows("hr-fast-or-slow-symptoms"));
    all.extend(hr_rows("hr-fast-or-slow"));
    all.extend([
        case("hr-outside-usual", "101", HeartRate, 101.0, true),
        case("hr-outside-usual", "100", HeartRate, 100.0, false),
        case("hr-outside-usual", "59", HeartRate, 59.0, true),
        case("hr-outside-usual", "60", HeartRate, 60.0, false),
    ]);
    all.extend(hypo_rows("glucose-hypo-symptoms"));
    all.extend(hypo_rows("glucose-hypo"));
    all.extend([
        case("glucose-very-low", "2.9", BloodGlucose, 2.9, true),
        case("glucose-very-low", "3.0", BloodGlucose, 3.0, false),
    ]);
    all.extend(t1d_rows("glucose-high-type1-symptoms"));
    all.extend(t1d_rows("glucose-high-type1"));
    all.extend([
        ctx(case("glucose-high-before-food", "7.1 fasting", BloodGlucose, 7.1, true), "fasting"),
        ctx(case("glucose-high-before-food", "7.1 before a meal", BloodGlucose, 7.1, true), "beforeMeal"),
        ctx(case("glucose-high-before-food", "7.0 fasting", BloodGlucose, 7.0, false), "fasting"),
        ctx(case("glucose-high-before-food", "9 after a meal", BloodGlucose, 9.0, false), "afterMeal"),
        case("glucose-high", "11.1", BloodGlucose, 11.1, true),
        ctx(case("glucose-high", "11.1 after a meal", BloodGlucose, 11.1, true), "afterMeal"),
        case("glucose-high", "11.0", BloodGlucose, 11.0, false),
        ctx(case("glucose-high", "12 fasting", BloodGlucose, 12.0, false), "fasting"),
        case("spo2-very-low", "92", OxygenSaturation, 92.0, true),
        case("spo2-very-low", "93", OxygenSaturation, 93.0, false),
        case("spo2-low", "94", OxygenSaturation, 94.0, true),
        case("spo2-low", "95", OxygenSaturation, 95.0, false),
        case("temperature-low", "34.9", Temperature, 34.9, true),
        case("temperature-low", "35.0", Temperature, 35.0, false),
        case("temperature-high", "38.0", Temperature, 38.0, true),
        case("temperature-high", "37.9", Temperature, 37.9, false),
        with(case("peak-flow-very-low", "164 of 500 (32.8%)", PeakFlow, 164.0, true), best(500.0)),
        with(case("peak-flow-very-low", "165 of 500 (33%)", PeakFlow, 165.0, false), best(500.0)),
        with(case("peak-flow-low", "249 of 500 (49.8%)", PeakFlow, 249.0, true), best(500.0)),
        with(case("peak-flow-low", "250 of 500 (50%)", PeakFlow, 250.0, false), best(500.0)),
        case("peak-flow-low", "100 with no best known", PeakFlow, 100.0, false),
        with(
            case("weight-gain-heart-failure", "82.1 kg, 2.1 up in 2 days", Weight, 82.1, true),
            heart_failure(2, true),
        ),
        with(
            case("weight-gain-heart-failure", "82.0 kg, 2.0 up in 2 days", Weight, 82.0, false),
            heart_failure(2, true),
        ),
        with(
            case("weight-gain-heart-failure", "85 kg without heart failure", Weight, 85.0, false),
            heart_failure(2, false),
        ),
        with(
            case("weight-gain-heart-failure", "82.5 kg, the lower weight 4 days back", Weight, 82.5, false),
            PersonContext {
                has_heart_failure: true,
                weights: vec![(earlier() - Duration::days(4), 80.0), (earlier() - Duration::days(1), 81.5)],
                ..PersonContext::default()
            },
        ),
    ]);
    all
}

#[test]
fn every_row_just_inside_and_just_outside_its_boundary() {
    let mut failures = Vec::new();
    let all = cases();
    for c in &all {
        let o = Observed {
            kind: c.kind,
            value: c.value,
            value2: c.value2,
            at: Some(earlier()),
            context: c.context,
            setting: c.setting,
        };
        let met = matching(&o, Some(&c.person)).iter().any(|m| m.rule.id == c.rule);
        if red_flags::rule(c.rule).is_none() {
            failures.push(format!("{}: no such row", c.rule));
        } else if met != c.inside {
            failures.push(format!("{} {}: expected {}, got {}", c.rule, c.name, in_out(c.inside), in_out(met)));
        }
    }
    for row in RED_FLAGS {
        for side in [true, false] {
            if !all.iter().any(|c| c.rule == row.id && c.inside == side) {
                failures.push(format!("{}: no case just {} it", row.id, in_out(side)));
            }
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

fn in_out(inside: bool) -> &'static str {
    if inside { "inside" } else { "outside" }
}

#[test]
fn the_most_urgent_row_applies_and_symptoms_raise_it() {
    let r = check(&ReadingInput::blood_pressure(earlier(), 185.0, 122.0), now()).unwrap();
    let a = advise_reading(&r, None).unwrap();
    assert_eq!((a.rule.id, a.urgency()), ("bp-very-high", Urgency::Urgent));
    let ids: Vec<&str> = a.if_symptoms.iter().map(|r| r.id).collect();
    assert_eq!(ids, ["bp-very-high-symptoms"]);
    assert!(a.rule.advice.contains("urgent GP appointment") && a.rule.advice.contains("NHS 111"));
    assert!(a.if_symptoms[0].advice.starts_with("Call 999"));
    assert!(a.if_symptoms[0].symptoms().unwrap().contains("chest pain"));
    // Below 3.0 both hypo rows apply; the more specific one, listed first, is shown.
    let a = advise(&Observed::home(BloodGlucose, 2.5), None).unwrap();
    assert_eq!(a.rule.id, "glucose-very-low");
    assert_eq!(a.if_symptoms.iter().map(|r| r.id).collect::<Vec<_>>(), ["glucose-hypo-symptoms"]);
    // A pulse taken with a normal blood pressure is judged as a heart rate.
    let r = check(&ReadingInput { pulse: Some(130.0), ..ReadingInput::blood_pressure(earlier(), 120.0, 80.0) }, now())
        .unwrap();
    let a = advise_reading(&r, None).unwrap();
    assert_eq!((a.rule.id, a.field), ("hr-fast-or-slow", "pulse"));
    // Outside the usual range alone is advice, not a red flag.
    let a = advise(&Observed::home(HeartRate, 55.0), None).unwrap();
    assert_eq!(a.urgency(), Urgency::NoAction);
    assert!(!a.urgency().is_red_flag());
    assert!(advise(&Observed::home(HeartRate, 70.0), None).is_none());
}

#[test]
fn advice_for_the_wrong_kind_never_shows() {
    let mut failures = Vec::new();
    let samples = [-5.0, 0.0, 2.5, 3.5, 14.5, 35.0, 38.0, 39.0, 55.0, 92.0, 100.0, 121.0, 150.0, 185.0, 400.0];
    for kind in ReadingKind::ALL {
        for v in samples {
            for setting in [Setting::Home, Setting::Clinic] {
                let o = Observed { kind, value: v, value2: Some(v / 2.0), at: Some(earlier()), context: None, setting };
                let person = PersonContext {
                    has_type1_diabetes: true,
                    has_heart_failure: true,
                    best_peak_flow: Some(500.0),
                    weights: vec![(earlier() - Duration::days(1), 1.0)],
                };
                for m in matching(&o, Some(&person)) {
                    if m.rule.kind != kind {
                        failures.push(format!("{kind:?} {v}: advice {} is for {:?}", m.rule.id, m.rule.kind));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // A glucose of 3.5 is a hypo and nothing about blood pressure.
    let a = advise(&Observed::home(BloodGlucose, 3.5), None).unwrap();
    assert_eq!(a.rule.kind, BloodGlucose);
    assert!(!a.rule.advice.contains("blood pressure"));
    // The same numbers as a blood pressure's pulse give heart rate advice, never glucose or oxygen.
    let r = check(&ReadingInput { pulse: Some(35.0), ..ReadingInput::blood_pressure(earlier(), 120.0, 80.0) }, now())
        .unwrap();
    assert_eq!(advise_reading(&r, None).map(|a| a.rule.kind), Some(HeartRate));
}

#[test]
fn units_are_converted_before_anything_is_judged() {
    let input = |v: f64, unit: &str, kind: ReadingKind| ReadingInput {
        unit: Some(unit.to_string()),
        ..ReadingInput::value(kind, earlier(), v)
    };
    // 38 typed in °F is 3.3 °C: refused as impossible, so no fever advice and no hypothermia advice.
    assert!(check(&input(38.0, "°F", Temperature), now()).is_err());
    // 100.4 °F is 38 °C: a high temperature.
    let r = check(&input(100.4, "[degF]", Temperature), now()).unwrap();
    assert_eq!(advise_reading(&r, None).map(|a| a.rule.id), Some("temperature-high"));
    // 99 °F is 37.2 °C: nothing to say.
    let r = check(&input(99.0, "°F", Temperature), now()).unwrap();
    assert_eq!(advise_reading(&r, None), None);
    // 60 mg/dL is 3.3 mmol/L (a hypo); 110 mg/dL is 6.1 mmol/L (nothing).
    let r = check(&input(60.0, "mg/dL", BloodGlucose), now()).unwrap();
    assert_eq!(advise_reading(&r, None).map(|a| a.rule.id), Some("glucose-hypo"));
    assert!(r.unusual[0].reason.contains("60 mg/dL as entered"), "{}", r.unusual[0].reason);
    let r = check(&input(110.0, "mg/dL", BloodGlucose), now()).unwrap();
    assert_eq!(advise_reading(&r, None), None);
    // A GP value is judged only in a unit the kind accepts.
    assert_eq!(red_flags::canonical_value(BloodGlucose, 60.0, Some("mg/dL"), None).map(|v| v < 4.0), Some(true));
    assert_eq!(
        red_flags::canonical_value(Temperature, 100.4, None, Some("degF")).map(|v| (v * 10.0).round()),
        Some(380.0)
    );
    assert_eq!(red_flags::canonical_value(BloodGlucose, 48.0, None, Some("mmol/mol")), None);
    assert_eq!(red_flags::canonical_value(BloodGlucose, 5.0, None, None), None, "glucose without a unit is not judged");
    assert_eq!(red_flags::canonical_value(OxygenSaturation, 93.0, None, None), Some(93.0));
}

/// An Observation as a GP record or a lab gives it.
fn observation(code: serde_json::Value, value: serde_json::Value) -> serde_json::Value {
    let mut o = json!({ "resourceType": "Observation", "status": "final", "code": code });
    if let Some(map) = o.as_object_mut()
        && let Some(v) = value.as_object()
    {
        map.extend(v.clone());
    }
    o
}

fn loinc(code: &str) -> serde_json::Value {
    json!({ "coding": [{ "system": "http://loinc.org", "code": code }] })
}

fn bp_panel(s: f64, d: f64) -> serde_json::Value {
    let part = |code: &str, v: f64| json!({ "code": loinc(code), "valueQuantity": { "value": v, "unit": "mm[Hg]", "code": "mm[Hg]" } });
    observation(loinc("55284-4"), json!({ "component": [part("8480-6", s), part("8462-4", d)] }))
}

#[test]
fn gp_results_are_judged_by_the_same_table_in_canonical_units() {
    let v = |o: serde_json::Value| phr_core::fhir::observation_value(&o).unwrap();
    // 163/105 and 174/102 from the GP, with no range of their own: outside by NICE's clinic level.
    for (s, d) in [(163.0, 105.0), (174.0, 102.0)] {
        let value = v(bp_panel(s, d));
        assert_eq!(
            (value.range_check, value.range_basis, value.abnormal),
            (Some(RangeCheck::Outside), Some(RangeBasis::Guidance), true),
            "{s}/{d}"
        );
        assert_eq!(value.red_flag.as_deref(), Some("bp-high-clinic"));
        assert_eq!(value.flag.as_deref(), Some("High"));
        assert_eq!(value.text, format!("{s}/{d} mmHg"));
    }
    let value = v(bp_panel(185.0, 122.0));
    assert_eq!(value.red_flag.as_deref(), Some("bp-very-high"));
    let value = v(bp_panel(128.0, 82.0));
    assert_eq!((value.range_check, value.red_flag), (Some(RangeCheck::Inside), None));
    // A glucose in mg/dL is converted first: 60 mg/dL is a hypo.
    let value =
        v(observation(loinc("2339-0"), json!({ "valueQuantity": { "value": 60, "unit": "mg/dL", "code": "mg/dL" } })));
    assert_eq!(value.red_flag.as_deref(), Some("glucose-hypo"));
    assert!(value.reading.as_ref().and_then(|r| r.value).is_some_and(|g| (g - 3.33).abs() < 0.01));
    // A unit the kind does not take is never judged.
    let value = v(observation(loinc("2339-0"), json!({ "valueQuantity": { "value": 60, "unit": "mmol/mol" } })));
    assert_eq!((value.range_check, value.red_flag, value.reading), (Some(RangeCheck::CannotCheck), None, None));
    // A SNOMED-coded oxygen saturation of 92 %.
    let spo2 = json!({ "coding": [{ "system": "http://snomed.info/sct", "code": "431314004" }] });
    let value = v(observation(spo2, json!({ "valueQuantity": { "value": 92, "unit": "%" } })));
    assert_eq!(value.red_flag.as_deref(), Some("spo2-very-low"));
    // The result's own range wins over the table; its interpretation wins over both.
    let ranged = json!({
        "valueQuantity": { "value": 150, "unit": "mmHg" },
        "referenceRange": [{ "low": { "value": 90, "unit": "mmHg" }, "high": { "value": 160, "unit": "mmHg" } }]
    });
    let value = v(observation(loinc("8480-6"), ranged));
    assert_eq!((value.range_check, value.range_basis), (Some(RangeCheck::Inside), Some(RangeBasis::ReferenceRange)));
    let normal = json!({
        "valueQuantity": { "value": 3.5, "unit": "mmol/L" },
        "interpretation": [{ "coding": [{ "code": "N" }] }]
    });
    let value = v(observation(loinc("15074-8"), normal));
    assert_eq!(
        (value.range_check, value.range_basis, value.abnormal),
        (Some(RangeCheck::Inside), Some(RangeBasis::Interpretation), false)
    );
    // A lab result above its own range: outside, flagged High.
    let potassium = json!({
        "valueQuantity": { "value": 5.9, "unit": "mmol/L" },
        "referenceRange": [{ "low": { "value": 3.5, "unit": "mmol/L" }, "high": { "value": 5.3, "unit": "mmol/L" } }]
    });
    let value = v(observation(loinc("2823-3"), potassium));
    assert_eq!(
        (value.range_check, value.flag.as_deref(), value.abnormal),
        (Some(RangeCheck::Outside), Some("High"), true)
    );
    // No range, no level the table holds: cannot be checked (a weight, an unknown test, a coded answer).
    let weight = v(observation(loinc("29463-7"), json!({ "valueQuantity": { "value": 70, "unit": "kg" } })));
    assert_eq!(weight.range_check, Some(RangeCheck::CannotCheck));
    let other = v(observation(loinc("1234-5"), json!({ "valueQuantity": { "value": 7, "unit": "g/L" } })));
    assert_eq!((other.range_check, other.abnormal), (Some(RangeCheck::CannotCheck), false));
    let coded = v(observation(loinc("72166-2"), json!({ "valueCodeableConcept": { "text": "Never smoked" } })));
    assert_eq!(coded.range_check, Some(RangeCheck::CannotCheck));
}

#[test]
fn a_shared_reading_names_its_row_and_the_reader_shows_it() {
    let mut o = bp_panel(150.0, 95.0);
    o["interpretation"] = json!([{
        "coding": [
            { "system": "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", "code": "H" },
            { "system": red_flags::RULE_SYSTEM, "code": "bp-high-home" }
        ],
        "text": "Outside the usual range"
    }]);
    let value = phr_core::fhir::observation_value(&o).unwrap();
    assert_eq!(value.red_flag.as_deref(), Some("bp-high-home"));
    assert_eq!((value.flag.as_deref(), value.range_basis), (Some("High"), Some(RangeBasis::Interpretation)));
}

#[test]
fn the_judgement_alone_says_when_it_cannot_check() {
    let clinic = |kind, value| Observed { setting: Setting::Clinic, ..Observed::home(kind, value) };
    assert!(matches!(red_flags::judge(&clinic(OxygenSaturation, 97.0)), Verdict::Inside));
    assert!(
        matches!(red_flags::judge(&clinic(OxygenSaturation, 90.0)), Verdict::Outside(r) if r.id == "spo2-very-low")
    );
    for kind in [Weight, Height, PeakFlow, Steps, Sleep, Pain, Mood] {
        assert_eq!(red_flags::judge(&clinic(kind, 50.0)), Verdict::CannotCheck, "{kind:?}");
    }
}

#[test]
fn the_record_says_who_has_type_1_diabetes_or_heart_failure() {
    let snomed = |code: &str| {
        vec![Coding { system: Some("http://snomed.info/sct".into()), code: Some(code.into()), display: None }]
    };
    assert!(red_flags::is_type1_diabetes(&snomed("46635009"), "Diabetes"));
    assert!(red_flags::is_type1_diabetes(&[], "Type 1 diabetes mellitus"));
    assert!(!red_flags::is_type1_diabetes(&snomed("44054006"), "Diabetes mellitus type 2"));
    assert!(!red_flags::is_type1_diabetes(&[], "Family history of type 1 diabetes"));
    assert!(red_flags::is_heart_failure(&snomed("88805009"), "Chronic congestive heart failure (disorder)"));
    let icd = vec![Coding {
        system: Some("http://hl7.org/fhir/sid/icd-10".into()),
        code: Some("I50.9".into()),
        display: None,
    }];
    assert!(red_flags::is_heart_failure(&icd, "Cardiac failure"));
    assert!(!red_flags::is_heart_failure(&[], "Heart failure risk assessment"));
    assert!(!red_flags::is_heart_failure(&[], "Hypertension"));
}

#[test]
fn urgency_words_are_never_colour_alone() {
    for u in Urgency::ALL {
        assert!(!u.label().is_empty() && !u.meaning().is_empty());
    }
    assert_eq!(Urgency::Urgent.flag_text(), "Red flag: urgent");
    assert_eq!(Urgency::Emergency.as_str(), "emergency");
    assert_eq!(serde_json::to_string(&Urgency::NoAction).unwrap(), "\"none\"");
}
