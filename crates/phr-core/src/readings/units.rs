//! Unit conversion between what people enter (mg/dL, lb, °F, inches) and the canonical UCUM
//! unit stored, and how values are shown. Conversions never round: rounding is for display.

use super::kind::{ReadingKind, unit_label};
use super::reading::CheckedReading;

/// mg/dL per mmol/L for glucose: its molar mass 180.16 g/mol divided by 10 (dL per L).
pub const GLUCOSE_MG_DL_PER_MMOL_L: f64 = 18.016;
/// Kilograms in one international avoirdupois pound (exact, by definition).
pub const KG_PER_LB: f64 = 0.453_592_37;
/// Centimetres in one international inch (exact, by definition).
pub const CM_PER_INCH: f64 = 2.54;

/// Glucose mg/dL to mmol/L (unrounded).
pub fn glucose_mg_dl_to_mmol_l(mg_dl: f64) -> f64 {
    mg_dl / GLUCOSE_MG_DL_PER_MMOL_L
}

/// Glucose mmol/L to mg/dL (unrounded).
pub fn glucose_mmol_l_to_mg_dl(mmol_l: f64) -> f64 {
    mmol_l * GLUCOSE_MG_DL_PER_MMOL_L
}

/// Pounds to kilograms.
pub fn lb_to_kg(lb: f64) -> f64 {
    lb * KG_PER_LB
}

/// Kilograms to pounds.
pub fn kg_to_lb(kg: f64) -> f64 {
    kg / KG_PER_LB
}

/// Degrees Fahrenheit to Celsius.
pub fn fahrenheit_to_celsius(f: f64) -> f64 {
    (f - 32.0) * 5.0 / 9.0
}

/// Degrees Celsius to Fahrenheit.
pub fn celsius_to_fahrenheit(c: f64) -> f64 {
    c * 9.0 / 5.0 + 32.0
}

/// Inches to centimetres.
pub fn inches_to_cm(inches: f64) -> f64 {
    inches * CM_PER_INCH
}

/// The UCUM code a typed unit stands for, if `kind` accepts it. Accepts the UCUM code and
/// common spellings, ignoring case and spaces: "mg/dl", "mmHg", "bpm", "lbs", "°F", "in".
pub fn parse_unit(kind: ReadingKind, text: &str) -> Option<&'static str> {
    // The UCUM code itself, as every row of a device file gives it: no lower-cased copy.
    if let Some(u) = kind.units_accepted().iter().copied().find(|u| *u == text) {
        return Some(u);
    }
    let key: String = text.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect();
    let ucum = match key.as_str() {
        "mm[hg]" | "mmhg" => "mm[Hg]",
        "/min" | "bpm" | "beats/min" | "{beats}/min" | "beatsperminute" => "/min",
        "kg" | "kgs" => "kg",
        "[lb_av]" | "lb" | "lbs" => "[lb_av]",
        "cm" => "cm",
        "[in_i]" | "in" | "inch" | "inches" => "[in_i]",
        "mmol/l" => "mmol/L",
        "mg/dl" => "mg/dL",
        "%" | "percent" => "%",
        "cel" | "°c" | "c" | "degc" => "Cel",
        "[degf]" | "°f" | "f" | "degf" => "[degF]",
        "l/min" => "L/min",
        "{steps}" | "steps" | "step" => "{steps}",
        "h" | "hours" | "hour" | "hrs" | "hr" => "h",
        "{score}" | "score" => "{score}",
        _ => return None,
    };
    kind.units_accepted().iter().copied().find(|u| *u == ucum)
}

/// A value in accepted unit `ucum` (from [`parse_unit`]) in the kind's canonical unit.
pub fn to_canonical(ucum: &str, value: f64) -> f64 {
    match ucum {
        "mg/dL" => glucose_mg_dl_to_mmol_l(value),
        "[lb_av]" => lb_to_kg(value),
        "[degF]" => fahrenheit_to_celsius(value),
        "[in_i]" => inches_to_cm(value),
        _ => value,
    }
}

/// A canonical value in accepted unit `ucum` (the inverse of [`to_canonical`]).
pub fn from_canonical(ucum: &str, value: f64) -> f64 {
    match ucum {
        "mg/dL" => glucose_mmol_l_to_mg_dl(value),
        "[lb_av]" => kg_to_lb(value),
        "[degF]" => celsius_to_fahrenheit(value),
        "[in_i]" => value / CM_PER_INCH,
        _ => value,
    }
}

/// Decimal places a canonical value of `kind` is shown with.
pub fn display_decimals(kind: ReadingKind) -> usize {
    match kind {
        ReadingKind::BloodGlucose | ReadingKind::Weight | ReadingKind::Temperature | ReadingKind::Sleep => 1,
        _ => 0,
    }
}

/// A canonical value rounded for display, without its unit ("6.2", "128").
pub fn format_value(kind: ReadingKind, value: f64) -> String {
    format!("{value:.prec$}", prec = display_decimals(kind))
}

/// Body mass index, kg/m², from a weight in kg and a height in cm.
pub fn bmi(weight_kg: f64, height_cm: f64) -> f64 {
    let m = height_cm / 100.0;
    weight_kg / (m * m)
}

/// BMI for a weight taken at `weight_at`, using the latest height at or before it (or, when
/// none was taken before, the earliest after: adult height barely changes). `heights` are
/// (time, cm) in any order. `None` without a height.
pub fn bmi_for(
    weight_at: chrono::DateTime<chrono::FixedOffset>,
    weight_kg: f64,
    heights: &[(chrono::DateTime<chrono::FixedOffset>, f64)],
) -> Option<f64> {
    let before = heights.iter().filter(|(t, _)| *t <= weight_at).max_by_key(|(t, _)| *t);
    let after = || heights.iter().filter(|(t, _)| *t > weight_at).min_by_key(|(t, _)| *t);
    let (_, cm) = before.or_else(after)?;
    (*cm > 0.0).then(|| bmi(weight_kg, *cm))
}

/// The reading as people read it: "128/82 mmHg, pulse 70", "6.2 mmol/L", "7 out of 10".
pub fn display(r: &CheckedReading) -> String {
    if r.kind.is_text() {
        return r.text.clone().unwrap_or_default();
    }
    let unit = r.kind.unit_label();
    let Some(v) = r.value else { return String::new() };
    let mut out = match (r.kind, r.value2) {
        (ReadingKind::BloodPressure, Some(v2)) => format!("{:.0}/{:.0} {unit}", v, v2),
        _ => format!("{} {unit}", format_value(r.kind, v)),
    };
    if let Some(p) = r.pulse {
        out.push_str(&format!(", pulse {p:.0}"));
    }
    // Say what was typed when it was converted, so nobody wonders where "6.9" came from.
    if let (Some(ev), Some(eu)) = (r.entered_value, r.entered_unit.as_deref())
        && let Some(ucum) = parse_unit(r.kind, eu)
        && ucum != r.kind.unit()
    {
        out.push_str(&format!(" (entered {} {})", trim_number(ev), unit_label(ucum)));
    }
    out
}

/// A number without trailing zeros ("126", "98.6").
pub fn trim_number(v: f64) -> String {
    let s = format!("{v:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}
