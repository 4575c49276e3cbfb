//! A reading as entered ([`ReadingInput`]) and as checked ([`CheckedReading`]), with the
//! reasons a value is refused ([`Impossible`]) or flagged ([`Unusual`]).

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::kind::ReadingKind;
use crate::ErrorCode;

/// Where a reading came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ReadingSource {
    /// Typed in by the person.
    #[default]
    Typed,
    /// Read from a device's export file.
    DeviceFile,
    /// Typed in by a carer.
    Carer,
}

impl ReadingSource {
    /// The stored name. A format: never renamed.
    pub fn as_str(self) -> &'static str {
        match self {
            ReadingSource::Typed => "typed",
            ReadingSource::DeviceFile => "device_file",
            ReadingSource::Carer => "carer",
        }
    }

    /// The source stored under `text`.
    pub fn parse(text: &str) -> Option<ReadingSource> {
        match text {
            "typed" => Some(ReadingSource::Typed),
            "device_file" => Some(ReadingSource::DeviceFile),
            "carer" => Some(ReadingSource::Carer),
            _ => None,
        }
    }
}

/// A reading as the person (or a device file) gave it, before any check or conversion.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct ReadingInput {
    /// What was measured.
    pub kind: ReadingKind,
    /// When, with the offset it was taken in.
    pub at: DateTime<FixedOffset>,
    /// The value (blood pressure: systolic) in `unit`.
    pub value: Option<f64>,
    /// Blood pressure: diastolic, in mmHg.
    pub value2: Option<f64>,
    /// Blood pressure: the pulse taken with it, beats per minute.
    pub pulse: Option<f64>,
    /// The unit as entered (UCUM code or a common spelling such as "mg/dl"); `None` means the
    /// kind's canonical unit.
    pub unit: Option<String>,
    /// Glucose context ("fasting", "beforeMeal"...), see [`ReadingKind::contexts`].
    pub context: Option<String>,
    /// Blood pressure: "left" or "right".
    pub arm: Option<String>,
    /// Blood pressure: "sitting", "standing" or "lying".
    pub position: Option<String>,
    /// Symptom note text.
    pub text: Option<String>,
    /// A note about the reading.
    pub note: Option<String>,
    /// Where it came from.
    pub source: ReadingSource,
}
crate::redacted_debug!(ReadingInput { kind, at });

impl ReadingInput {
    /// A typed reading of `kind` at `at` with nothing else filled in.
    pub fn new(kind: ReadingKind, at: DateTime<FixedOffset>) -> ReadingInput {
        ReadingInput {
            kind,
            at,
            value: None,
            value2: None,
            pulse: None,
            unit: None,
            context: None,
            arm: None,
            position: None,
            text: None,
            note: None,
            source: ReadingSource::Typed,
        }
    }

    /// A typed reading with one value in the kind's canonical unit.
    pub fn value(kind: ReadingKind, at: DateTime<FixedOffset>, value: f64) -> ReadingInput {
        ReadingInput { value: Some(value), ..ReadingInput::new(kind, at) }
    }

    /// A typed blood pressure.
    pub fn blood_pressure(at: DateTime<FixedOffset>, systolic: f64, diastolic: f64) -> ReadingInput {
        ReadingInput {
            value: Some(systolic),
            value2: Some(diastolic),
            ..ReadingInput::new(ReadingKind::BloodPressure, at)
        }
    }
}

/// Why a possible value deserves a second look: the app asks the person to confirm it and
/// keeps the flag with the reading.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unusual {
    /// The field ("value", "value2", "pulse"...).
    pub field: String,
    /// Plain English: "Systolic 200 mmHg is very high (180 or more)".
    pub reason: String,
}
crate::redacted_debug!(Unusual { field });

/// A reading that passed the checks, in canonical units, with what was entered kept as typed.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckedReading {
    /// What was measured.
    pub kind: ReadingKind,
    /// When, with the offset it was taken in.
    pub at: DateTime<FixedOffset>,
    /// The value in [`ReadingKind::unit`] (converted when entered in another unit).
    pub value: Option<f64>,
    /// Blood pressure: diastolic, mmHg.
    pub value2: Option<f64>,
    /// Blood pressure: pulse, beats per minute.
    pub pulse: Option<f64>,
    /// The value exactly as entered (before conversion); `None` for a text reading.
    pub entered_value: Option<f64>,
    /// The unit exactly as entered; `None` when none was given (the canonical unit).
    pub entered_unit: Option<String>,
    /// Glucose context, as entered (a known value).
    pub context: Option<String>,
    /// Blood pressure arm.
    pub arm: Option<String>,
    /// Blood pressure position.
    pub position: Option<String>,
    /// Symptom note text (trimmed).
    pub text: Option<String>,
    /// A note about the reading (trimmed; empty becomes `None`).
    pub note: Option<String>,
    /// Where it came from.
    pub source: ReadingSource,
    /// Why it was flagged; empty when nothing is unusual.
    pub unusual: Vec<Unusual>,
}
crate::redacted_debug!(CheckedReading { kind, at });

impl CheckedReading {
    /// The canonical UCUM unit of [`CheckedReading::value`].
    pub fn unit(&self) -> &'static str {
        self.kind.unit()
    }

    /// The reading as people read it: "128/82 mmHg, pulse 70", "6.2 mmol/L", "7 out of 10".
    pub fn display(&self) -> String {
        super::units::display(self)
    }
}

/// A value that cannot be right; refused with the field it concerns.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{reason}")]
pub struct Impossible {
    /// The field ("value", "value2", "pulse", "at", "unit", "text", "context"...).
    pub field: String,
    /// Plain English: "Systolic 900 mmHg is not possible: it must be between 40 and 300".
    pub reason: String,
}
crate::redacted_debug!(Impossible { field });

impl Impossible {
    /// An impossible value of `field`.
    pub fn new(field: &str, reason: impl Into<String>) -> Impossible {
        Impossible { field: field.to_string(), reason: reason.into() }
    }

    /// The error code the app returns for it.
    pub fn code(&self) -> ErrorCode {
        ErrorCode::ReadingImpossible
    }
}
