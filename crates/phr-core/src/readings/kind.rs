//! The kinds of reading a person takes at home: names, stable codes, LOINC codes, UCUM units,
//! the units and contexts accepted, and input hints for the UI.

use serde::{Deserialize, Serialize};

/// What a reading measures. The serialised names (camelCase) are the wire contract, the
/// [`ReadingKind::as_str`] names (snake_case) are stored, and [`ReadingKind::code`] is the
/// small integer in the dense readings table: all three are formats, never renamed or renumbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ReadingKind {
    /// Systolic and diastolic blood pressure, with an optional pulse.
    BloodPressure,
    /// Heart rate (pulse) on its own.
    HeartRate,
    /// Body weight.
    Weight,
    /// Body height.
    Height,
    /// Capillary or sensor blood glucose.
    BloodGlucose,
    /// Oxygen saturation by pulse oximeter.
    OxygenSaturation,
    /// Body temperature.
    Temperature,
    /// Peak expiratory flow.
    PeakFlow,
    /// Steps in a day.
    Steps,
    /// Hours slept.
    Sleep,
    /// Pain score 0-10.
    Pain,
    /// Mood score 0-10.
    Mood,
    /// A free-text symptom note.
    Symptom,
}

/// One choice in a context, arm or position list: the stored value and what people read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice {
    /// The stored value (camelCase, stable).
    pub value: &'static str,
    /// The label shown to people.
    pub label: &'static str,
}

/// Input hints for a number field (not the checks: see [`crate::readings::check`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InputHints {
    /// Lowest value the field offers.
    pub min: f64,
    /// Highest value the field offers.
    pub max: f64,
    /// Step between values.
    pub step: f64,
}

/// Glucose contexts: when the reading was taken relative to food and sleep.
pub const GLUCOSE_CONTEXTS: &[Choice] = &[
    Choice { value: "fasting", label: "Fasting" },
    Choice { value: "beforeMeal", label: "Before a meal" },
    Choice { value: "afterMeal", label: "After a meal" },
    Choice { value: "bedtime", label: "At bedtime" },
    Choice { value: "random", label: "Other time" },
];

/// Which arm a blood pressure was taken on.
pub const BP_ARMS: &[Choice] =
    &[Choice { value: "left", label: "Left arm" }, Choice { value: "right", label: "Right arm" }];

/// The body position a blood pressure was taken in.
pub const BP_POSITIONS: &[Choice] = &[
    Choice { value: "sitting", label: "Sitting" },
    Choice { value: "standing", label: "Standing" },
    Choice { value: "lying", label: "Lying down" },
];

/// LOINC codes used beyond [`ReadingKind::loinc`].
pub mod loinc {
    /// Blood pressure panel with all children optional (the vital-signs BP profile code).
    pub const BP_PANEL: &str = "85354-9";
    /// Systolic blood pressure.
    pub const SYSTOLIC: &str = "8480-6";
    /// Diastolic blood pressure.
    pub const DIASTOLIC: &str = "8462-4";
    /// Heart rate, used for the pulse taken with a blood pressure.
    pub const HEART_RATE: &str = "8867-4";
    /// Body mass index (derived).
    pub const BMI: &str = "39156-5";
    /// Glucose [Mass/volume] in Blood.
    pub const GLUCOSE_MASS: &str = "2339-0";
    /// Glucose [Moles/volume] in Blood: the code for a mmol/L value.
    pub const GLUCOSE_MOLES: &str = "15074-8";
    /// Oxygen saturation in Arterial blood by Pulse oximetry (vital-signs profile code).
    pub const SPO2_PULSE_OX: &str = "59408-5";
    /// Oxygen saturation in Arterial blood (the base code the vital-signs profile also requires).
    pub const SPO2: &str = "2708-6";
}

impl ReadingKind {
    /// Every kind, in code order.
    pub const ALL: [ReadingKind; 13] = [
        ReadingKind::BloodPressure,
        ReadingKind::HeartRate,
        ReadingKind::Weight,
        ReadingKind::Height,
        ReadingKind::BloodGlucose,
        ReadingKind::OxygenSaturation,
        ReadingKind::Temperature,
        ReadingKind::PeakFlow,
        ReadingKind::Steps,
        ReadingKind::Sleep,
        ReadingKind::Pain,
        ReadingKind::Mood,
        ReadingKind::Symptom,
    ];

    /// The stored name (snake_case). A format: never renamed.
    pub fn as_str(self) -> &'static str {
        match self {
            ReadingKind::BloodPressure => "blood_pressure",
            ReadingKind::HeartRate => "heart_rate",
            ReadingKind::Weight => "weight",
            ReadingKind::Height => "height",
            ReadingKind::BloodGlucose => "blood_glucose",
            ReadingKind::OxygenSaturation => "oxygen_saturation",
            ReadingKind::Temperature => "temperature",
            ReadingKind::PeakFlow => "peak_flow",
            ReadingKind::Steps => "steps",
            ReadingKind::Sleep => "sleep",
            ReadingKind::Pain => "pain",
            ReadingKind::Mood => "mood",
            ReadingKind::Symptom => "symptom",
        }
    }

    /// The small integer stored in the dense readings table. A format: never renumbered;
    /// a new kind takes the next free number.
    pub fn code(self) -> u8 {
        match self {
            ReadingKind::BloodPressure => 1,
            ReadingKind::HeartRate => 2,
            ReadingKind::Weight => 3,
            ReadingKind::Height => 4,
            ReadingKind::BloodGlucose => 5,
            ReadingKind::OxygenSaturation => 6,
            ReadingKind::Temperature => 7,
            ReadingKind::PeakFlow => 8,
            ReadingKind::Steps => 9,
            ReadingKind::Sleep => 10,
            ReadingKind::Pain => 11,
            ReadingKind::Mood => 12,
            ReadingKind::Symptom => 13,
        }
    }

    /// The kind stored under `code`, if any.
    pub fn from_code(code: u8) -> Option<ReadingKind> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Reads a kind as people and scripts type it: the stored name, the wire name, or a
    /// common short form ("bp", "blood-pressure", "glucose", "spo2", "temp"...). Case, spaces,
    /// hyphens and underscores are ignored.
    pub fn parse(text: &str) -> Option<ReadingKind> {
        let key: String = text.chars().filter(|c| !matches!(c, ' ' | '-' | '_')).flat_map(char::to_lowercase).collect();
        let kind = match key.as_str() {
            "bloodpressure" | "bp" => ReadingKind::BloodPressure,
            "heartrate" | "pulse" | "hr" => ReadingKind::HeartRate,
            "weight" | "wt" => ReadingKind::Weight,
            "height" | "ht" => ReadingKind::Height,
            "bloodglucose" | "glucose" | "bg" | "sugar" | "bloodsugar" => ReadingKind::BloodGlucose,
            "oxygensaturation" | "spo2" | "oxygen" | "sats" | "o2" => ReadingKind::OxygenSaturation,
            "temperature" | "temp" => ReadingKind::Temperature,
            "peakflow" | "pef" | "pefr" => ReadingKind::PeakFlow,
            "steps" | "step" => ReadingKind::Steps,
            "sleep" => ReadingKind::Sleep,
            "pain" => ReadingKind::Pain,
            "mood" => ReadingKind::Mood,
            "symptom" | "symptoms" | "note" => ReadingKind::Symptom,
            _ => return None,
        };
        Some(kind)
    }

    /// What people call it ("Blood pressure").
    pub fn label(self) -> &'static str {
        match self {
            ReadingKind::BloodPressure => "Blood pressure",
            ReadingKind::HeartRate => "Heart rate",
            ReadingKind::Weight => "Weight",
            ReadingKind::Height => "Height",
            ReadingKind::BloodGlucose => "Blood glucose",
            ReadingKind::OxygenSaturation => "Oxygen saturation",
            ReadingKind::Temperature => "Temperature",
            ReadingKind::PeakFlow => "Peak flow",
            ReadingKind::Steps => "Steps",
            ReadingKind::Sleep => "Sleep",
            ReadingKind::Pain => "Pain score",
            ReadingKind::Mood => "Mood score",
            ReadingKind::Symptom => "Symptom note",
        }
    }

    /// The LOINC code of an Observation of this kind (for blood pressure, the panel; its
    /// components are [`loinc::SYSTOLIC`] and [`loinc::DIASTOLIC`]; for glucose the mmol/L code).
    ///
    /// Mood: LOINC has no general 0-10 self-rated mood score (its mood codes belong to
    /// questionnaires such as PHQ-9, whose scores mean something else), so mood carries no
    /// LOINC code rather than a misleading one. A symptom note has none either.
    pub fn loinc(self) -> Option<&'static str> {
        match self {
            ReadingKind::BloodPressure => Some(loinc::BP_PANEL),
            ReadingKind::HeartRate => Some(loinc::HEART_RATE),
            ReadingKind::Weight => Some("29463-7"),
            ReadingKind::Height => Some("8302-2"),
            ReadingKind::BloodGlucose => Some(loinc::GLUCOSE_MOLES),
            ReadingKind::OxygenSaturation => Some(loinc::SPO2_PULSE_OX),
            ReadingKind::Temperature => Some("8310-5"),
            ReadingKind::PeakFlow => Some("19935-6"),
            ReadingKind::Steps => Some("41950-7"),
            ReadingKind::Sleep => Some("93832-4"),
            ReadingKind::Pain => Some("72514-3"),
            ReadingKind::Mood | ReadingKind::Symptom => None,
        }
    }

    /// The LOINC display text for [`ReadingKind::loinc`].
    pub fn loinc_display(self) -> Option<&'static str> {
        Some(match self {
            ReadingKind::BloodPressure => "Blood pressure panel with all children optional",
            ReadingKind::HeartRate => "Heart rate",
            ReadingKind::Weight => "Body weight",
            ReadingKind::Height => "Body height",
            ReadingKind::BloodGlucose => "Glucose [Moles/volume] in Blood",
            ReadingKind::OxygenSaturation => "Oxygen saturation in Arterial blood by Pulse oximetry",
            ReadingKind::Temperature => "Body temperature",
            ReadingKind::PeakFlow => "Maximum expiratory gas flow Respiratory system airway",
            ReadingKind::Steps => "Number of steps in 24 hour Measured",
            ReadingKind::Sleep => "Sleep duration",
            ReadingKind::Pain => "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
            ReadingKind::Mood | ReadingKind::Symptom => return None,
        })
    }

    /// The canonical UCUM unit values are stored in ("" for a symptom note).
    pub fn unit(self) -> &'static str {
        match self {
            ReadingKind::BloodPressure => "mm[Hg]",
            ReadingKind::HeartRate => "/min",
            ReadingKind::Weight => "kg",
            ReadingKind::Height => "cm",
            ReadingKind::BloodGlucose => "mmol/L",
            ReadingKind::OxygenSaturation => "%",
            ReadingKind::Temperature => "Cel",
            ReadingKind::PeakFlow => "L/min",
            ReadingKind::Steps => "{steps}",
            ReadingKind::Sleep => "h",
            ReadingKind::Pain | ReadingKind::Mood => "{score}",
            ReadingKind::Symptom => "",
        }
    }

    /// The canonical unit as people read it ("mmHg", "beats per minute").
    pub fn unit_label(self) -> &'static str {
        unit_label(self.unit())
    }

    /// UCUM codes a value may be entered in; the first is the canonical one. Only units the
    /// app converts exactly are accepted (no stones: a weight in stones is two numbers).
    pub fn units_accepted(self) -> &'static [&'static str] {
        match self {
            ReadingKind::BloodPressure => &["mm[Hg]"],
            ReadingKind::HeartRate => &["/min"],
            ReadingKind::Weight => &["kg", "[lb_av]"],
            ReadingKind::Height => &["cm", "[in_i]"],
            ReadingKind::BloodGlucose => &["mmol/L", "mg/dL"],
            ReadingKind::OxygenSaturation => &["%"],
            ReadingKind::Temperature => &["Cel", "[degF]"],
            ReadingKind::PeakFlow => &["L/min"],
            ReadingKind::Steps => &["{steps}"],
            ReadingKind::Sleep => &["h"],
            ReadingKind::Pain | ReadingKind::Mood => &["{score}"],
            ReadingKind::Symptom => &[],
        }
    }

    /// Blood pressure has a second value (diastolic).
    pub fn has_second_value(self) -> bool {
        self == ReadingKind::BloodPressure
    }

    /// Blood pressure may carry the pulse taken with it.
    pub fn has_pulse(self) -> bool {
        self == ReadingKind::BloodPressure
    }

    /// A symptom note is text, not a number.
    pub fn is_text(self) -> bool {
        self == ReadingKind::Symptom
    }

    /// Scores are whole numbers 0-10.
    pub fn is_score(self) -> bool {
        matches!(self, ReadingKind::Pain | ReadingKind::Mood)
    }

    /// Contexts a reading of this kind may carry (glucose: fasting, before a meal...).
    pub fn contexts(self) -> &'static [Choice] {
        if self == ReadingKind::BloodGlucose { GLUCOSE_CONTEXTS } else { &[] }
    }

    /// Arms a reading may be taken on (blood pressure only).
    pub fn arms(self) -> &'static [Choice] {
        if self == ReadingKind::BloodPressure { BP_ARMS } else { &[] }
    }

    /// Positions a reading may be taken in (blood pressure only).
    pub fn positions(self) -> &'static [Choice] {
        if self == ReadingKind::BloodPressure { BP_POSITIONS } else { &[] }
    }

    /// Hints for the number field in the canonical unit (blood pressure: the systolic field).
    /// Wider than "usual" values, narrower than nothing: the checks decide what is refused.
    pub fn input_hints(self) -> InputHints {
        let (min, max, step) = match self {
            ReadingKind::BloodPressure => (40.0, 300.0, 1.0),
            ReadingKind::HeartRate => (20.0, 300.0, 1.0),
            ReadingKind::Weight => (0.5, 500.0, 0.1),
            ReadingKind::Height => (30.0, 272.0, 0.5),
            ReadingKind::BloodGlucose => (0.1, 50.0, 0.1),
            ReadingKind::OxygenSaturation => (50.0, 100.0, 1.0),
            ReadingKind::Temperature => (25.0, 45.0, 0.1),
            ReadingKind::PeakFlow => (30.0, 1000.0, 5.0),
            ReadingKind::Steps => (0.0, 200_000.0, 1.0),
            ReadingKind::Sleep => (0.0, 24.0, 0.25),
            ReadingKind::Pain | ReadingKind::Mood => (0.0, 10.0, 1.0),
            ReadingKind::Symptom => (0.0, 0.0, 0.0),
        };
        InputHints { min, max, step }
    }
}

impl std::fmt::Display for ReadingKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Every UCUM code the app shows, and how people read it: the one table of unit words. Codes
/// people read as they are ("kg", "mmol/L") are listed too, so a front end never guesses.
pub const UNIT_LABELS: &[(&str, &str)] = &[
    ("mm[Hg]", "mmHg"),
    ("/min", "beats per minute"),
    ("{beats}/min", "beats per minute"),
    ("kg", "kg"),
    ("[lb_av]", "lb"),
    ("cm", "cm"),
    ("[in_i]", "inches"),
    ("mmol/L", "mmol/L"),
    ("mg/dL", "mg/dL"),
    ("%", "%"),
    ("Cel", "°C"),
    ("[degF]", "°F"),
    ("L/min", "L/min"),
    ("{steps}", "steps"),
    ("h", "hours"),
    ("{score}", "out of 10"),
    ("kg/m2", "kg/m²"),
];

/// How people read a UCUM code ("mm[Hg]" is "mmHg"); unknown codes come back as they are.
pub fn unit_label(ucum: &str) -> &str {
    UNIT_LABELS.iter().find(|(code, _)| *code == ucum).map_or(ucum, |(_, label)| label)
}
