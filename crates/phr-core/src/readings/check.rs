//! The checks every reading passes before it is stored: impossible values are refused with
//! the field they concern, unusual but possible ones are flagged for the person to confirm.
//!
//! Bounds, in canonical units, and where they come from:
//!
//! | kind | refused (impossible) | flagged (unusual) |
//! |---|---|---|
//! | systolic | < 40 or > 300 mmHg: home monitors measure about 0-299 mmHg (e.g. OMRON's stated range), and below 40 no cuff reads a pressure | the red-flag table's rows that ask to confirm ([`super::red_flags`]): 180 or more, under 90 |
//! | diastolic | < 20 or > 200 mmHg, or not lower than systolic (the pressure between beats cannot reach the peak) | the red-flag table: 120 or more, under 60 |
//! | pulse, heart rate | < 20 or > 300 /min | the red-flag table: over 120 or under 40 |
//! | glucose | <= 0 or > 50 mmol/L (900.8 mg/dL; home meters read "HI" above 33.3) | the red-flag table: under 4.0; and >= 25 here (well above any treatment target; a prompt to check the meter, not guidance) |
//! | oxygen saturation | < 50 or > 100 % (oximeters are not calibrated below about 70 %) | the red-flag table: 94 % or less |
//! | temperature | < 25 or > 45 °C (outside what a body survives) | the red-flag table: under 35 or 38 °C or more |
//! | weight | <= 0 or > 500 kg | - |
//! | height | < 30 or > 272 cm (the tallest recorded person) | - |
//! | peak flow | < 30 or > 1000 L/min (meters read about 60-900) | - |
//! | steps | < 0, > 200,000, or not whole | - |
//! | sleep | < 0 or > 24 h | - |
//! | pain, mood | outside 0-10, or not whole | - |
//! | symptom | an empty note, or over 4,000 characters | - |
//!
//! Rows of the red-flag table that need something known about the person (type 1 diabetes,
//! heart failure, the best peak flow, earlier weights) are added by the app, which knows the
//! record. A time more than [`CLOCK_SKEW_MINUTES`] in the future is refused, as is one before 1900.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::kind::ReadingKind;
use super::reading::{CheckedReading, Impossible, ReadingInput, Unusual};
use super::units::{parse_unit, to_canonical, trim_number};

/// How far in the future a reading's time may be: a device's clock or the person's watch may
/// run a little ahead of this computer's.
pub const CLOCK_SKEW_MINUTES: i64 = 5;
/// The longest symptom note, in characters.
pub const MAX_TEXT_CHARS: usize = 4000;

/// A bound on one number: refused outside `[min, max]` (or `(min, max]` when `min_exclusive`).
struct Limits {
    min: f64,
    min_exclusive: bool,
    max: f64,
}

/// What makes a value unusual: at or above `high`, or below `low` (or at/below with `low_inclusive`).
struct Flags {
    low: Option<f64>,
    low_inclusive: bool,
    high: Option<f64>,
}

fn limits(kind: ReadingKind) -> Limits {
    let (min, min_exclusive, max) = match kind {
        ReadingKind::BloodPressure => (40.0, false, 300.0),
        ReadingKind::HeartRate => (20.0, false, 300.0),
        ReadingKind::Weight => (0.0, true, 500.0),
        ReadingKind::Height => (30.0, false, 272.0),
        ReadingKind::BloodGlucose => (0.0, true, 50.0),
        ReadingKind::OxygenSaturation => (50.0, false, 100.0),
        ReadingKind::Temperature => (25.0, false, 45.0),
        ReadingKind::PeakFlow => (30.0, false, 1000.0),
        ReadingKind::Steps => (0.0, false, 200_000.0),
        ReadingKind::Sleep => (0.0, false, 24.0),
        ReadingKind::Pain | ReadingKind::Mood => (0.0, false, 10.0),
        ReadingKind::Symptom => (0.0, false, 0.0),
    };
    Limits { min, min_exclusive, max }
}

/// Flags of this module's own, beyond the red-flag table: typing slips the table has no row for.
fn flags(kind: ReadingKind) -> Flags {
    match kind {
        ReadingKind::BloodGlucose => Flags { low: None, low_inclusive: false, high: Some(25.0) },
        _ => Flags { low: None, low_inclusive: false, high: None },
    }
}

const DIASTOLIC_LIMITS: Limits = Limits { min: 20.0, min_exclusive: false, max: 200.0 };
const PULSE_LIMITS: Limits = Limits { min: 20.0, min_exclusive: false, max: 300.0 };

/// What a number is called in messages ("Systolic", "Blood glucose").
fn value_name(kind: ReadingKind) -> &'static str {
    if kind == ReadingKind::BloodPressure { "Systolic" } else { kind.label() }
}

/// Checks `input` as of `now`: the reading in canonical units with anything unusual listed,
/// or the first impossible thing about it, naming its field.
pub fn check(input: &ReadingInput, now: DateTime<Utc>) -> Result<CheckedReading, Impossible> {
    let kind = input.kind;
    check_time(input, now)?;
    let note = input.note.as_deref().map(str::trim).filter(|n| !n.is_empty()).map(str::to_string);
    let mut unusual = Vec::new();
    let mut out = CheckedReading {
        kind,
        at: input.at,
        value: None,
        value2: None,
        pulse: None,
        entered_value: None,
        entered_unit: input.unit.clone(),
        context: None,
        arm: None,
        position: None,
        text: None,
        note,
        source: input.source,
        unusual: Vec::new(),
    };
    if kind.is_text() {
        if input.value.is_some() {
            return Err(Impossible::new("value", "A symptom note has no number: write it in the note text."));
        }
        let text = input.text.as_deref().map(str::trim).unwrap_or("");
        if text.is_empty() {
            return Err(Impossible::new("text", "The symptom note is empty: say what you noticed."));
        }
        if text.chars().count() > MAX_TEXT_CHARS {
            return Err(Impossible::new(
                "text",
                format!("The symptom note is longer than {MAX_TEXT_CHARS} characters."),
            ));
        }
        out.text = Some(text.to_string());
    } else {
        let ucum = match input.unit.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
            None => kind.unit(),
            Some(u) => parse_unit(kind, u).ok_or_else(|| {
                let accepted: Vec<&str> = kind.units_accepted().iter().map(|u| super::kind::unit_label(u)).collect();
                Impossible::new(
                    "unit",
                    format!(
                        "\"{u}\" is not a unit for {}: use {}.",
                        kind.label().to_lowercase(),
                        accepted.join(" or ")
                    ),
                )
            })?,
        };
        let entered = input
            .value
            .ok_or_else(|| Impossible::new("value", format!("{} is missing: enter a number.", value_name(kind))))?;
        if !entered.is_finite() {
            return Err(Impossible::new("value", format!("{} is not a number.", value_name(kind))));
        }
        let value = to_canonical(ucum, entered);
        // The value as shown in messages: only built when a message needs it (a device file
        // checks every row).
        let shown = || shown_value(kind, entered, ucum, value);
        within("value", value_name(kind), &shown, value, &limits(kind), kind)?;
        if (kind == ReadingKind::Steps || kind.is_score()) && value.fract() != 0.0 {
            return Err(Impossible::new("value", format!("{} must be a whole number.", value_name(kind))));
        }
        flag("value", value_name(kind), &shown, value, &flags(kind), &mut unusual);
        out.value = Some(value);
        out.entered_value = Some(entered);
        if kind == ReadingKind::BloodPressure {
            let dia =
                input.value2.ok_or_else(|| Impossible::new("value2", "Diastolic (the lower number) is missing."))?;
            if !dia.is_finite() {
                return Err(Impossible::new("value2", "Diastolic is not a number."));
            }
            let shown = || format!("{} mmHg", trim_number(dia));
            within("value2", "Diastolic", &shown, dia, &DIASTOLIC_LIMITS, kind)?;
            if dia >= value {
                return Err(Impossible::new(
                    "value2",
                    format!(
                        "Diastolic {} must be lower than systolic {}: check the numbers are the right way round.",
                        trim_number(dia),
                        trim_number(value)
                    ),
                ));
            }
            out.value2 = Some(dia);
        } else if input.value2.is_some() {
            return Err(Impossible::new("value2", "Only blood pressure has a second number."));
        }
    }
    if let Some(p) = input.pulse {
        if !kind.has_pulse() {
            return Err(Impossible::new("pulse", "Only blood pressure carries a pulse: add it as a heart rate."));
        }
        if !p.is_finite() {
            return Err(Impossible::new("pulse", "Pulse is not a number."));
        }
        let shown = || format!("{} beats per minute", trim_number(p));
        within("pulse", "Pulse", &shown, p, &PULSE_LIMITS, ReadingKind::HeartRate)?;
        out.pulse = Some(p);
    }
    out.context = choice("context", "context", input.context.as_deref(), kind.contexts(), kind)?;
    out.arm = choice("arm", "arm", input.arm.as_deref(), kind.arms(), kind)?;
    out.position = choice("position", "position", input.position.as_deref(), kind.positions(), kind)?;
    let mut all = super::red_flags::unusual(&out);
    all.extend(unusual);
    out.unusual = all;
    Ok(out)
}

fn check_time(input: &ReadingInput, now: DateTime<Utc>) -> Result<(), Impossible> {
    let at = input.at.with_timezone(&Utc);
    if at > now + Duration::minutes(CLOCK_SKEW_MINUTES) {
        return Err(Impossible::new("at", "The time is in the future: check the date and time."));
    }
    let earliest = NaiveDate::from_ymd_opt(1900, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0)).map(|d| d.and_utc());
    if earliest.is_some_and(|e| at < e) {
        return Err(Impossible::new("at", "The date is before 1900: check the year."));
    }
    Ok(())
}

/// "6.9 mmol/L (125 mg/dL as entered)" when converted, else "6.9 mmol/L".
fn shown_value(kind: ReadingKind, entered: f64, ucum: &str, canonical: f64) -> String {
    let unit = kind.unit_label();
    if ucum == kind.unit() {
        format!("{} {unit}", trim_number(entered))
    } else {
        format!(
            "{} {unit} ({} {} as entered)",
            super::units::format_value(kind, canonical),
            trim_number(entered),
            super::kind::unit_label(ucum)
        )
    }
}

fn within(
    field: &str,
    name: &str,
    shown: &dyn Fn() -> String,
    v: f64,
    l: &Limits,
    kind: ReadingKind,
) -> Result<(), Impossible> {
    let low = if l.min_exclusive { v <= l.min } else { v < l.min };
    if low || v > l.max {
        let unit = if field == "pulse" { "beats per minute".to_string() } else { kind.unit_label().to_string() };
        let range = if l.min_exclusive {
            format!("more than {} and at most {} {unit}", trim_number(l.min), trim_number(l.max))
        } else {
            format!("between {} and {} {unit}", trim_number(l.min), trim_number(l.max))
        };
        return Err(Impossible::new(field, format!("{name} {} is not possible: it must be {range}.", shown())));
    }
    Ok(())
}

fn flag(field: &str, name: &str, shown: &dyn Fn() -> String, v: f64, f: &Flags, out: &mut Vec<Unusual>) {
    if let Some(high) = f.high
        && v >= high
    {
        out.push(Unusual { field: field.to_string(), reason: format!("{name} {} is very high.", shown()) });
    }
    if let Some(low) = f.low
        && (v < low || (f.low_inclusive && v == low))
    {
        out.push(Unusual { field: field.to_string(), reason: format!("{name} {} is very low.", shown()) });
    }
}

fn choice(
    field: &str,
    name: &str,
    given: Option<&str>,
    allowed: &[super::kind::Choice],
    kind: ReadingKind,
) -> Result<Option<String>, Impossible> {
    let Some(given) = given.map(str::trim).filter(|g| !g.is_empty()) else { return Ok(None) };
    if let Some(c) = allowed.iter().find(|c| c.value.eq_ignore_ascii_case(given)) {
        return Ok(Some(c.value.to_string()));
    }
    if allowed.is_empty() {
        return Err(Impossible::new(field, format!("A {} reading has no {name}.", kind.label().to_lowercase())));
    }
    let names: Vec<&str> = allowed.iter().map(|c| c.value).collect();
    Err(Impossible::new(field, format!("\"{given}\" is not a {name} for this reading: use {}.", names.join(", "))))
}
