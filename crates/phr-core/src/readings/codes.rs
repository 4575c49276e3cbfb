//! Which kind of reading a coded result is: the LOINC and SNOMED CT codes GP systems and labs
//! write vital signs with, so a GP's blood pressure or oxygen level is judged by the same
//! red-flag table as one taken at home.

use super::kind::{ReadingKind, loinc};
use crate::record::{LOINC, SNOMED};

/// Which number of a reading a code stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The whole reading (for blood pressure, a panel whose parts are its components).
    Whole,
    /// Blood pressure: the systolic part.
    Systolic,
    /// Blood pressure: the diastolic part.
    Diastolic,
}

/// What a code says a result is: its kind, which part, and for glucose when it was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodedKind {
    pub kind: ReadingKind,
    pub part: Part,
    /// Glucose: "fasting" when the code says so.
    pub context: Option<&'static str>,
}

const fn whole(kind: ReadingKind) -> CodedKind {
    CodedKind { kind, part: Part::Whole, context: None }
}

/// Systolic blood pressure: LOINC, then SNOMED CT's observable entities and O/E readings.
pub const SYSTOLIC_CODES: &[&str] = &[loinc::SYSTOLIC, "271649006", "72313002", "163030003", "407554009"];
/// Diastolic blood pressure, likewise.
pub const DIASTOLIC_CODES: &[&str] = &[loinc::DIASTOLIC, "271650006", "1091811000000102", "163031004", "407555005"];

/// LOINC codes and the kind each one is.
const LOINC_KINDS: &[(&str, CodedKind)] = &[
    (loinc::BP_PANEL, whole(ReadingKind::BloodPressure)),
    ("55284-4", whole(ReadingKind::BloodPressure)),
    ("35094-2", whole(ReadingKind::BloodPressure)),
    (loinc::HEART_RATE, whole(ReadingKind::HeartRate)),
    (loinc::SPO2_PULSE_OX, whole(ReadingKind::OxygenSaturation)),
    (loinc::SPO2, whole(ReadingKind::OxygenSaturation)),
    ("8310-5", whole(ReadingKind::Temperature)),
    ("8331-1", whole(ReadingKind::Temperature)),
    ("8328-7", whole(ReadingKind::Temperature)),
    ("8333-7", whole(ReadingKind::Temperature)),
    (loinc::GLUCOSE_MOLES, whole(ReadingKind::BloodGlucose)),
    (loinc::GLUCOSE_MASS, whole(ReadingKind::BloodGlucose)),
    ("2345-7", whole(ReadingKind::BloodGlucose)),
    ("14749-6", whole(ReadingKind::BloodGlucose)),
    ("41653-7", whole(ReadingKind::BloodGlucose)),
    ("1558-6", CodedKind { kind: ReadingKind::BloodGlucose, part: Part::Whole, context: Some("fasting") }),
    ("76629-5", CodedKind { kind: ReadingKind::BloodGlucose, part: Part::Whole, context: Some("fasting") }),
    ("29463-7", whole(ReadingKind::Weight)),
    ("3141-9", whole(ReadingKind::Weight)),
    ("8302-2", whole(ReadingKind::Height)),
    ("8308-9", whole(ReadingKind::Height)),
    ("19935-6", whole(ReadingKind::PeakFlow)),
];

/// SNOMED CT concepts and the kind each one is.
const SNOMED_KINDS: &[(&str, CodedKind)] = &[
    ("75367002", whole(ReadingKind::BloodPressure)),
    ("163020007", whole(ReadingKind::BloodPressure)),
    ("364075005", whole(ReadingKind::HeartRate)),
    ("78564009", whole(ReadingKind::HeartRate)),
    ("431314004", whole(ReadingKind::OxygenSaturation)),
    ("103228002", whole(ReadingKind::OxygenSaturation)),
    // UK extension: arterial oxygen saturation breathing room air at rest, as GP Connect writes it.
    ("1097811000000106", whole(ReadingKind::OxygenSaturation)),
    ("386725007", whole(ReadingKind::Temperature)),
    // "Temperature" as GP Connect writes it (an observable entity).
    ("703421000", whole(ReadingKind::Temperature)),
    ("276885007", whole(ReadingKind::Temperature)),
    ("33747003", whole(ReadingKind::BloodGlucose)),
    ("27113001", whole(ReadingKind::Weight)),
    ("363808001", whole(ReadingKind::Weight)),
    ("50373000", whole(ReadingKind::Height)),
    ("29893006", whole(ReadingKind::PeakFlow)),
];

/// The kind a code stands for. `system` is the coding's system URI; a code without one is
/// matched against both lists (GP Connect sometimes leaves it out).
pub fn coded_kind(system: Option<&str>, code: &str) -> Option<CodedKind> {
    let code = code.trim();
    let system = system.map(|s| s.trim().trim_end_matches('/'));
    let is_loinc = system.is_none_or(|s| s == LOINC || s == "https://loinc.org");
    let is_snomed = system.is_none_or(|s| s == SNOMED || s == "https://snomed.info/sct");
    if (is_loinc || is_snomed) && SYSTOLIC_CODES.contains(&code) {
        return Some(CodedKind { kind: ReadingKind::BloodPressure, part: Part::Systolic, context: None });
    }
    if (is_loinc || is_snomed) && DIASTOLIC_CODES.contains(&code) {
        return Some(CodedKind { kind: ReadingKind::BloodPressure, part: Part::Diastolic, context: None });
    }
    let find = |table: &[(&str, CodedKind)]| table.iter().find(|(c, _)| *c == code).map(|(_, k)| *k);
    (if is_loinc { find(LOINC_KINDS) } else { None }).or_else(|| if is_snomed { find(SNOMED_KINDS) } else { None })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_name_their_kind_and_part() {
        let k = |s: &str, c: &str| coded_kind(Some(s), c).map(|k| (k.kind, k.part));
        assert_eq!(k(LOINC, "8480-6"), Some((ReadingKind::BloodPressure, Part::Systolic)));
        assert_eq!(k(SNOMED, "163031004"), Some((ReadingKind::BloodPressure, Part::Diastolic)));
        assert_eq!(k(LOINC, "55284-4"), Some((ReadingKind::BloodPressure, Part::Whole)));
        assert_eq!(k(LOINC, "2339-0"), Some((ReadingKind::BloodGlucose, Part::Whole)));
        assert_eq!(k(SNOMED, "431314004"), Some((ReadingKind::OxygenSaturation, Part::Whole)));
        // A LOINC code under the SNOMED system is not a LOINC code.
        assert_eq!(k(SNOMED, "8867-4"), None);
        assert_eq!(k(LOINC, "39156-5"), None, "BMI is not a reading the table judges");
        assert_eq!(coded_kind(Some(LOINC), "1558-6").and_then(|k| k.context), Some("fasting"));
    }
}
