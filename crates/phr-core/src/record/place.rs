//! Where an entry belongs among what the person browses: their health story (the timeline,
//! the categories, the counts), administrative information (billing, insurance, the directory
//! of staff and places), or folded into the report it belongs to (a result that says nothing
//! on its own). Every entry is kept whatever its place; only the default lists differ.

use super::{EntryKind, MappedEntry};

/// An entry's place. Stored as a small number ([`Place::stored`]): a format, never renumbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Place {
    /// Part of the health story: listed everywhere.
    Story,
    /// Billing, insurance, who and where: listed only under "Administrative information".
    Administrative,
    /// Says nothing on its own (a result with no value and no words): shown within the report
    /// or consultation that refers to it, not in the lists.
    Folded,
}

impl Place {
    /// The stored number.
    pub fn stored(self) -> i64 {
        match self {
            Place::Story => 0,
            Place::Administrative => 1,
            Place::Folded => 2,
        }
    }

    /// The inverse of [`Place::stored`]; an unknown number is the story (never hidden).
    pub fn from_stored(n: i64) -> Self {
        match n {
            1 => Place::Administrative,
            2 => Place::Folded,
            _ => Place::Story,
        }
    }
}

/// The heading of the entries kept out of the health story.
pub const ADMINISTRATIVE_HEADING: &str = "Administrative information";

/// What that heading holds, in a line under it.
pub const ADMINISTRATIVE_HINT: &str = "Billing, insurance, and details of the staff and places that cared for you. \
     It is kept in your record but is not part of your health story.";

/// FHIR resource types that hold no health information about the person: billing and
/// insurance, the directory of staff, organisations and places, and the exchange's own
/// plumbing. Only these are ever administrative; a type not listed here (a new one, or one
/// the app does not know) stays in the health story, so nothing clinical is hidden by default.
pub const ADMINISTRATIVE_TYPES: &[&str] = &[
    // Billing and insurance.
    "Account",
    "ChargeItem",
    "ChargeItemDefinition",
    "Claim",
    "ClaimResponse",
    "Contract",
    "Coverage",
    "CoverageEligibilityRequest",
    "CoverageEligibilityResponse",
    "EnrollmentRequest",
    "EnrollmentResponse",
    "ExplanationOfBenefit",
    "InsurancePlan",
    "Invoice",
    "PaymentNotice",
    "PaymentReconciliation",
    // Who and where.
    "Endpoint",
    "HealthcareService",
    "Location",
    "Organization",
    "OrganizationAffiliation",
    "Practitioner",
    "PractitionerRole",
    "Schedule",
    "Slot",
    // The exchange itself.
    "AuditEvent",
    "Binary",
    "Bundle",
    "MessageHeader",
    "OperationOutcome",
    "Parameters",
    "Provenance",
    "Questionnaire",
    "Subscription",
];

/// FHIR resource types that say something about the person's health or care. Never
/// administrative: a test holds the two lists apart, and every type in the fixtures is in one.
pub const CLINICAL_TYPES: &[&str] = &[
    "AdverseEvent",
    "AllergyIntolerance",
    "Appointment",
    "BodyStructure",
    "CarePlan",
    "CareTeam",
    "ClinicalImpression",
    "Communication",
    "CommunicationRequest",
    "Composition",
    "Condition",
    "Consent",
    "DetectedIssue",
    "Device",
    "DeviceRequest",
    "DeviceUseStatement",
    "DiagnosticReport",
    "DocumentReference",
    "Encounter",
    "EpisodeOfCare",
    "FamilyMemberHistory",
    "Flag",
    "Goal",
    "ImagingStudy",
    "Immunization",
    "ImmunizationRecommendation",
    "List",
    "Media",
    "Medication",
    "MedicationAdministration",
    "MedicationDispense",
    "MedicationRequest",
    "MedicationStatement",
    "NutritionOrder",
    "Observation",
    "Patient",
    "Procedure",
    "ProcedureRequest",
    "QuestionnaireResponse",
    "ReferralRequest",
    "RelatedPerson",
    "RequestGroup",
    "RiskAssessment",
    "ServiceRequest",
    "Specimen",
    "Substance",
    "Task",
    "VisionPrescription",
];

/// Whether a resource type is administrative ([`ADMINISTRATIVE_TYPES`]).
pub fn is_administrative(resource_type: &str) -> bool {
    ADMINISTRATIVE_TYPES.contains(&resource_type)
}

/// A result's details that only say where, when and by whom (not what was found): a result
/// whose details are all of these says nothing on its own. Any other detail (a note, why there
/// is no value, what it includes, the method) counts as words.
const RESULT_CONTEXT_FACTS: &[&str] = &["Type", "Taken", "Reported", "Status", "By", "Specimen"];

/// Where an entry mapped from a resource of `resource_type` belongs.
pub fn place_of(resource_type: &str, e: &MappedEntry) -> Place {
    if is_administrative(resource_type) {
        return Place::Administrative;
    }
    let has_value = e.value.as_ref().is_some_and(|v| !v.text.trim().is_empty());
    let says_nothing = !has_value && e.components.is_empty();
    match e.kind {
        EntryKind::Result
            if says_nothing && e.facts.iter().all(|f| RESULT_CONTEXT_FACTS.contains(&f.label.as_str())) =>
        {
            Place::Folded
        }
        EntryKind::Other
            if says_nothing && e.facts.is_empty() && e.codes.is_empty() && e.title == type_words(resource_type) =>
        {
            Place::Folded
        }
        _ => Place::Story,
    }
}

/// Plain words for the resource types an "other information" entry may come from, where the
/// type's own name is not a plain word.
const TYPE_WORDS: &[(&str, &str)] = &[
    ("AdverseEvent", "Harmful event"),
    ("BodyStructure", "Part of the body"),
    ("CareTeam", "Care team"),
    ("ClinicalImpression", "Clinical assessment"),
    ("Communication", "Message"),
    ("CommunicationRequest", "Message request"),
    ("Composition", "Document"),
    ("DetectedIssue", "Issue found"),
    ("DeviceRequest", "Device request"),
    ("DeviceUseStatement", "Device used"),
    ("EpisodeOfCare", "Episode of care"),
    ("FamilyMemberHistory", "Family history"),
    ("Flag", "Alert"),
    ("ImagingStudy", "Scan or X-ray"),
    ("ImmunizationRecommendation", "Vaccination advice"),
    ("Media", "Picture or recording"),
    ("Medication", "Medicine"),
    ("NutritionOrder", "Diet plan"),
    ("QuestionnaireResponse", "Questionnaire answers"),
    ("RelatedPerson", "Related person"),
    ("RequestGroup", "Group of requests"),
    ("RiskAssessment", "Risk assessment"),
    ("Specimen", "Sample"),
    ("VisionPrescription", "Glasses prescription"),
    // Administrative types, for the administrative list.
    ("ChargeItem", "Charge"),
    ("ClaimResponse", "Claim response"),
    ("Coverage", "Insurance cover"),
    ("ExplanationOfBenefit", "Insurance claim outcome"),
    ("HealthcareService", "Health service"),
    ("Organization", "Organisation"),
    ("OperationOutcome", "Message from the system"),
    ("PractitionerRole", "Staff role"),
    ("Practitioner", "Staff member"),
    ("Provenance", "Where this came from"),
    ("AuditEvent", "Access record"),
    ("MessageHeader", "Message details"),
];

/// A resource type in plain words: from [`TYPE_WORDS`], else its name with the words split
/// ("InsurancePlan" -> "Insurance plan").
pub fn type_words(resource_type: &str) -> String {
    if let Some((_, w)) = TYPE_WORDS.iter().find(|(t, _)| *t == resource_type) {
        return (*w).to_string();
    }
    let mut out = String::with_capacity(resource_type.len() + 4);
    for (i, c) in resource_type.chars().enumerate() {
        if i > 0 && c.is_ascii_uppercase() {
            out.push(' ');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{EntryValue, Fact, Sensitivity};

    fn entry(kind: EntryKind, title: &str) -> MappedEntry {
        MappedEntry {
            kind,
            title: title.into(),
            status: None,
            date: None,
            codes: Vec::new(),
            value: None,
            components: Vec::new(),
            facts: Vec::new(),
            sensitivity: Sensitivity::General,
            references: Vec::new(),
            search_text: String::new(),
        }
    }

    #[test]
    fn the_two_lists_never_meet_and_stored_numbers_hold() {
        for t in ADMINISTRATIVE_TYPES {
            assert!(!CLINICAL_TYPES.contains(t), "{t} is in both lists");
        }
        for p in [Place::Story, Place::Administrative, Place::Folded] {
            assert_eq!(Place::from_stored(p.stored()), p);
        }
        assert_eq!(Place::from_stored(99), Place::Story, "an unknown number is never hidden");
    }

    #[test]
    fn billing_is_administrative_and_clinical_types_never_are() {
        let e = entry(EntryKind::Other, "Claim");
        assert_eq!(place_of("Claim", &e), Place::Administrative);
        assert_eq!(place_of("ExplanationOfBenefit", &e), Place::Administrative);
        for t in CLINICAL_TYPES {
            let e = entry(EntryKind::Problem, "Asthma");
            assert_eq!(place_of(t, &e), Place::Story, "{t}");
        }
        assert_eq!(place_of("SomethingNew", &entry(EntryKind::Other, "Something new: x")), Place::Story);
    }

    #[test]
    fn an_empty_result_folds_and_one_with_words_does_not() {
        let mut e = entry(EntryKind::Result, "Comment note");
        e.facts = vec![Fact::new("Taken", "1 Jun 2019"), Fact::new("By", "Dr A")];
        assert_eq!(place_of("Observation", &e), Place::Folded);
        e.facts.push(Fact::new("Note", "Come for review"));
        assert_eq!(place_of("Observation", &e), Place::Story);
        let mut valued = entry(EntryKind::Result, "Weight");
        valued.value = Some(EntryValue {
            text: "70 kg".into(),
            quantity: None,
            range_text: None,
            flag: None,
            abnormal: false,
            range_check: None,
            range_basis: None,
            reading: None,
            red_flag: None,
        });
        assert_eq!(place_of("Observation", &valued), Place::Story);
        let mut reasoned = entry(EntryKind::Result, "Weight");
        reasoned.facts = vec![Fact::new("Why no value", "Patient refused")];
        assert_eq!(place_of("Observation", &reasoned), Place::Story);
    }

    #[test]
    fn an_other_entry_shows_only_when_it_says_something() {
        assert_eq!(place_of("Basic", &entry(EntryKind::Other, "Basic")), Place::Folded);
        assert_eq!(place_of("Flag", &entry(EntryKind::Other, "Alert: Fall risk")), Place::Story);
        assert_eq!(type_words("FamilyMemberHistory"), "Family history");
        assert_eq!(type_words("InsurancePlan"), "Insurance plan");
        assert_eq!(type_words("List"), "List");
    }
}
