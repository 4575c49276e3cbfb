//! The document's section headings: a title and a code per record category, and the readings
//! section; the builder writes them and the reader recognises them.

use serde_json::{Value, json};

use crate::record::EntryKind;

/// The readings section's title and LOINC code.
pub const READINGS_TITLE: &str = "Readings";
pub const READINGS_CODE: &str = "8716-3";

/// LOINC section codes (as the International Patient Summary uses them) where one fits; the
/// category's name as text always, and alone where no code fits.
pub(crate) fn section_code(kind: EntryKind) -> Value {
    let loinc = match kind {
        EntryKind::Problem => Some(("11450-4", "Problem list - Reported")),
        EntryKind::Medication => Some(("10160-0", "History of Medication use Narrative")),
        EntryKind::Allergy => Some(("48765-2", "Allergies and adverse reactions Document")),
        EntryKind::Immunisation => Some(("11369-6", "History of Immunization Narrative")),
        EntryKind::Result => Some(("30954-2", "Relevant diagnostic tests/laboratory data Narrative")),
        EntryKind::Procedure => Some(("47519-4", "History of Procedures Document")),
        EntryKind::CarePlan => Some(("18776-5", "Plan of care note")),
        _ => None,
    };
    match loinc {
        Some((code, display)) => json!({
            "coding": [{ "system": "http://loinc.org", "code": code, "display": display }],
            "text": kind.label()
        }),
        None => json!({ "text": kind.label() }),
    }
}

/// The category a section's title names ([`EntryKind::label`], or the heading a package made
/// by an earlier version used).
pub(crate) fn kind_of_title(title: &str) -> Option<EntryKind> {
    EntryKind::from_label(title).filter(|k| *k != EntryKind::Patient)
}
