//! The IPS sections this app writes and checks: each one's LOINC code, title and the resource
//! types that belong in it, and which section a shared resource goes in.
//!
//! From the IPS implementation guide (HL7, "Structure of the International Patient Summary"
//! and Composition-uv-ips): problems, allergies and intolerances, and the medication summary
//! are required; immunisations, results, procedures, vital signs and advance directives are
//! recommended or optional, written only where the record holds something for them.

use serde_json::Value;

use crate::record::LOINC;

/// One section of an IPS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IpsSection {
    Problems,
    Allergies,
    Medications,
    Immunisations,
    Results,
    Procedures,
    VitalSigns,
    AdvanceDirectives,
}

impl IpsSection {
    /// Every section, in the order the document lists them (required ones first).
    pub const ALL: [IpsSection; 8] = [
        IpsSection::Problems,
        IpsSection::Allergies,
        IpsSection::Medications,
        IpsSection::Immunisations,
        IpsSection::Results,
        IpsSection::Procedures,
        IpsSection::VitalSigns,
        IpsSection::AdvanceDirectives,
    ];

    /// The sections every IPS must have.
    pub const REQUIRED: [IpsSection; 3] = [IpsSection::Problems, IpsSection::Allergies, IpsSection::Medications];

    /// The section's LOINC code.
    pub fn loinc(self) -> &'static str {
        match self {
            IpsSection::Problems => "11450-4",
            IpsSection::Allergies => "48765-2",
            IpsSection::Medications => "10160-0",
            IpsSection::Immunisations => "11369-6",
            IpsSection::Results => "30954-2",
            IpsSection::Procedures => "47519-4",
            IpsSection::VitalSigns => "8716-3",
            IpsSection::AdvanceDirectives => "42348-3",
        }
    }

    /// The LOINC display of the code.
    pub fn loinc_display(self) -> &'static str {
        match self {
            IpsSection::Problems => "Problem list - Reported",
            IpsSection::Allergies => "Allergies and adverse reactions Document",
            IpsSection::Medications => "History of Medication use Narrative",
            IpsSection::Immunisations => "History of Immunization Narrative",
            IpsSection::Results => "Relevant diagnostic tests/laboratory data Narrative",
            IpsSection::Procedures => "History of Procedures Document",
            IpsSection::VitalSigns => "Vital signs",
            IpsSection::AdvanceDirectives => "Advance directives",
        }
    }

    /// The section's title, as the IPS guide names it.
    pub fn title(self) -> &'static str {
        match self {
            IpsSection::Problems => "Problem List",
            IpsSection::Allergies => "Allergies and Intolerances",
            IpsSection::Medications => "Medication Summary",
            IpsSection::Immunisations => "Immunizations",
            IpsSection::Results => "Results",
            IpsSection::Procedures => "History of Procedures",
            IpsSection::VitalSigns => "Vital Signs",
            IpsSection::AdvanceDirectives => "Advance Directives",
        }
    }

    /// What the narrative says when the section holds nothing.
    pub fn nothing_words(self) -> &'static str {
        match self {
            IpsSection::Problems => "No information about problems is available in this summary.",
            IpsSection::Allergies => "No information about allergies is available in this summary.",
            IpsSection::Medications => "No information about medicines is available in this summary.",
            IpsSection::Immunisations => "No information about vaccinations is available in this summary.",
            IpsSection::Results => "No information about results is available in this summary.",
            IpsSection::Procedures => "No information about procedures is available in this summary.",
            IpsSection::VitalSigns => "No information about vital signs is available in this summary.",
            IpsSection::AdvanceDirectives => "No information about advance directives is available in this summary.",
        }
    }

    pub fn is_required(self) -> bool {
        Self::REQUIRED.contains(&self)
    }

    /// The resource types the IPS guide allows as this section's entries.
    pub fn entry_types(self) -> &'static [&'static str] {
        match self {
            IpsSection::Problems => &["Condition"],
            IpsSection::Allergies => &["AllergyIntolerance"],
            IpsSection::Medications => {
                &["MedicationStatement", "MedicationRequest", "MedicationAdministration", "MedicationDispense"]
            }
            IpsSection::Immunisations => &["Immunization"],
            IpsSection::Results => &["Observation", "DiagnosticReport"],
            IpsSection::Procedures => &["Procedure"],
            IpsSection::VitalSigns => &["Observation"],
            IpsSection::AdvanceDirectives => &["Consent", "DocumentReference"],
        }
    }

    /// The section a Composition section's code names, if it is one of these.
    pub fn of_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.loinc() == code)
    }
}

/// The section `resource` (R4) belongs in, or `None` when it is not one an IPS carries (an
/// encounter, a claim, a questionnaire-style observation, a Medication, which is read through
/// the statement that names it).
pub fn section_of(resource: &Value) -> Option<IpsSection> {
    let t = resource.get("resourceType").and_then(Value::as_str)?;
    match t {
        "Condition" => Some(IpsSection::Problems),
        "AllergyIntolerance" => Some(IpsSection::Allergies),
        "MedicationStatement" | "MedicationRequest" | "MedicationAdministration" | "MedicationDispense" => {
            Some(IpsSection::Medications)
        }
        "Immunization" => Some(IpsSection::Immunisations),
        "Procedure" => Some(IpsSection::Procedures),
        "DiagnosticReport" => Some(IpsSection::Results),
        "Observation" => observation_section(resource),
        "Consent" | "DocumentReference" => is_advance_directive(resource).then_some(IpsSection::AdvanceDirectives),
        _ => None,
    }
}

/// Vital signs by their category; laboratory, imaging, exams and uncategorised observations
/// are results; social history, surveys (mood, pain, symptom notes) and activity are not in
/// an IPS's sections.
fn observation_section(o: &Value) -> Option<IpsSection> {
    let categories: Vec<&str> = arr(o, "category")
        .flat_map(|c| arr(c, "coding"))
        .filter_map(|c| c.get("code").and_then(Value::as_str))
        .collect();
    if categories.contains(&"vital-signs") {
        Some(IpsSection::VitalSigns)
    } else if categories.iter().any(|c| matches!(*c, "social-history" | "survey" | "activity" | "therapy")) {
        None
    } else {
        Some(IpsSection::Results)
    }
}

/// LOINC codes of advance directive documents: advance directives, living will, power of
/// attorney, resuscitation and treatment escalation plans.
const ADVANCE_DIRECTIVE_LOINC: [&str; 7] =
    ["42348-3", "75320-2", "86533-7", "64298-3", "92664-2", "59284-0", "100826-7"];

/// A Consent about treatment (a do-not-resuscitate order, an advance decision) or a document
/// coded as an advance directive.
fn is_advance_directive(r: &Value) -> bool {
    let codes_in = |key: &str| -> Vec<(String, String)> {
        let values: Vec<&Value> = match r.get(key) {
            Some(Value::Array(a)) => a.iter().collect(),
            Some(v) => vec![v],
            None => Vec::new(),
        };
        values
            .into_iter()
            .flat_map(|c| arr(c, "coding"))
            .map(|c| {
                let s = |k: &str| c.get(k).and_then(Value::as_str).unwrap_or_default().to_owned();
                (s("system"), s("code"))
            })
            .collect()
    };
    let loinc_ad = |codes: &[(String, String)]| {
        codes.iter().any(|(sys, code)| sys == LOINC && ADVANCE_DIRECTIVE_LOINC.contains(&code.as_str()))
    };
    match r.get("resourceType").and_then(Value::as_str) {
        Some("Consent") => {
            let scope = codes_in("scope");
            let category = codes_in("category");
            scope.iter().any(|(_, c)| c == "adr" || c == "treatment")
                || category.iter().any(|(_, c)| matches!(c.as_str(), "dnr" | "acd" | "adr"))
                || loinc_ad(&category)
        }
        Some("DocumentReference") => loinc_ad(&codes_in("type")) || loinc_ad(&codes_in("category")),
        _ => false,
    }
}

fn arr<'v>(v: &'v Value, key: &str) -> impl Iterator<Item = &'v Value> {
    v.get(key).and_then(Value::as_array).into_iter().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn resources_go_to_their_sections() {
        assert_eq!(section_of(&json!({"resourceType": "Condition"})), Some(IpsSection::Problems));
        assert_eq!(section_of(&json!({"resourceType": "Medication"})), None);
        let vital = json!({"resourceType": "Observation", "category": [{"coding": [{"code": "vital-signs"}]}]});
        assert_eq!(section_of(&vital), Some(IpsSection::VitalSigns));
        let survey = json!({"resourceType": "Observation", "category": [{"coding": [{"code": "survey"}]}]});
        assert_eq!(section_of(&survey), None);
        assert_eq!(section_of(&json!({"resourceType": "Observation"})), Some(IpsSection::Results));
        let dnr = json!({"resourceType": "Consent", "category": [{"coding": [{"code": "dnr"}]}]});
        assert_eq!(section_of(&dnr), Some(IpsSection::AdvanceDirectives));
        let share = json!({"resourceType": "Consent", "scope": {"coding": [{"code": "patient-privacy"}]}});
        assert_eq!(section_of(&share), None);
    }
}
