//! Unit conversion: glucose mg/dL and mmol/L both ways with the entered value never altered;
//! pounds, Fahrenheit and inches; BMI.

use phr_core::readings::units::*;
use phr_core::readings::{ReadingInput, ReadingKind, check};

use super::{at, earlier, now};

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn glucose_mg_dl_to_mmol_l_and_back() {
    // 18.016 mg/dL per mmol/L: 180.16 mg/dL is 10 mmol/L, 5.5 mmol/L is 99.088 mg/dL.
    assert!(close(glucose_mg_dl_to_mmol_l(180.16), 10.0));
    assert!(close(glucose_mmol_l_to_mg_dl(5.5), 99.088));
    assert!(close(glucose_mg_dl_to_mmol_l(126.0), 126.0 / 18.016));
    for mg in [40.0, 72.0, 99.0, 126.0, 200.0, 400.0] {
        assert!(close(glucose_mmol_l_to_mg_dl(glucose_mg_dl_to_mmol_l(mg)), mg), "{mg}");
    }
}

#[test]
fn a_converted_glucose_keeps_what_was_entered() {
    let input =
        ReadingInput { unit: Some("mg/dl".into()), ..ReadingInput::value(ReadingKind::BloodGlucose, earlier(), 126.0) };
    let r = check(&input, now()).unwrap();
    // Stored: 126 / 18.016 = 6.99378... mmol/L, unrounded.
    assert!(close(r.value.unwrap(), 126.0 / 18.016));
    assert_eq!(r.entered_value, Some(126.0));
    assert_eq!(r.entered_unit.as_deref(), Some("mg/dl"), "the unit is kept exactly as typed");
    assert_eq!(r.unit(), "mmol/L");
    assert_eq!(r.display(), "7.0 mmol/L (entered 126 mg/dL)");
    // The input is untouched too.
    assert_eq!(input.value, Some(126.0));
    // Converting back gives what was entered.
    assert!(close(glucose_mmol_l_to_mg_dl(r.value.unwrap()), 126.0));

    let mmol = check(&ReadingInput::value(ReadingKind::BloodGlucose, earlier(), 6.2), now()).unwrap();
    assert_eq!((mmol.value, mmol.entered_value, mmol.entered_unit.clone()), (Some(6.2), Some(6.2), None));
    assert_eq!(mmol.display(), "6.2 mmol/L");
}

#[test]
fn pounds_fahrenheit_inches() {
    assert!(close(lb_to_kg(1.0), 0.453_592_37));
    assert!(close(kg_to_lb(lb_to_kg(154.0)), 154.0));
    assert!(close(fahrenheit_to_celsius(98.6), 37.0));
    assert!(close(celsius_to_fahrenheit(37.0), 98.6));
    assert!(close(inches_to_cm(70.0), 177.8));
    let r = check(
        &ReadingInput { unit: Some("lbs".into()), ..ReadingInput::value(ReadingKind::Weight, earlier(), 154.0) },
        now(),
    )
    .unwrap();
    assert!(close(r.value.unwrap(), 154.0 * 0.453_592_37));
    assert_eq!((r.entered_value, r.entered_unit.as_deref()), (Some(154.0), Some("lbs")));
    assert_eq!(parse_unit(ReadingKind::Temperature, "°F"), Some("[degF]"));
    assert_eq!(parse_unit(ReadingKind::Weight, "st"), None, "stones are not accepted");
    assert_eq!(parse_unit(ReadingKind::BloodPressure, "kPa"), None);
}

#[test]
fn bmi_from_weight_and_the_latest_height() {
    // 70 kg / (1.75 m)^2 = 22.857...
    assert!(close(bmi(70.0, 175.0), 70.0 / (1.75 * 1.75)));
    let heights = [(at("2020-01-01T09:00:00+00:00"), 170.0), (at("2024-01-01T09:00:00+00:00"), 175.0)];
    let w_at = at("2025-01-01T09:00:00+00:00");
    assert!(close(bmi_for(w_at, 70.0, &heights).unwrap(), bmi(70.0, 175.0)));
    let between = at("2022-01-01T09:00:00+00:00");
    assert!(close(bmi_for(between, 70.0, &heights).unwrap(), bmi(70.0, 170.0)));
    let before_any = at("2019-01-01T09:00:00+00:00");
    assert!(close(bmi_for(before_any, 70.0, &heights).unwrap(), bmi(70.0, 170.0)), "falls back to the earliest after");
    assert_eq!(bmi_for(w_at, 70.0, &[]), None);
}

#[test]
fn every_accepted_ucum_code_reads_as_itself_in_any_case() {
    for kind in ReadingKind::ALL {
        for u in kind.units_accepted() {
            assert_eq!(parse_unit(kind, u), Some(*u), "{kind}: {u}");
            assert_eq!(parse_unit(kind, &u.to_uppercase()), Some(*u), "{kind}: {u} in capitals");
            assert_eq!(parse_unit(kind, &format!(" {u} ")), Some(*u), "{kind}: {u} with spaces");
        }
    }
    assert_eq!(parse_unit(ReadingKind::Weight, "mmol/L"), None, "a unit of another kind is refused");
}
