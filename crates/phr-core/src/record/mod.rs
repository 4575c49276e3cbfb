//! The record's entries: kinds, sensitivity labels, codes, values, as every front end sees them.

pub mod about_me;
pub mod import_words;
pub mod lay_terms;
pub mod meanings;
pub mod medicines;
pub mod own_document;
pub mod own_entry;
pub mod place;
pub mod range;
mod sensitivity;
pub mod units;
pub mod words;

use serde::{Deserialize, Serialize};

pub use range::{ObservedReading, RangeBasis, RangeCheck};
pub use sensitivity::{SENSITIVITY_LISTS_VERSION, sensitivity_of, sensitivity_of_text, suggest_sensitivity};

/// What a record entry is, as the citizen browses it: one category per kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum EntryKind {
    Problem,
    Medication,
    Allergy,
    Immunisation,
    Result,
    Report,
    Procedure,
    Encounter,
    Document,
    Referral,
    CarePlan,
    Goal,
    Patient,
    Other,
}

impl EntryKind {
    /// Every kind, in the order the record's categories are shown.
    pub const ALL: [EntryKind; 14] = [
        EntryKind::Problem,
        EntryKind::Medication,
        EntryKind::Allergy,
        EntryKind::Immunisation,
        EntryKind::Result,
        EntryKind::Report,
        EntryKind::Procedure,
        EntryKind::Encounter,
        EntryKind::Document,
        EntryKind::Referral,
        EntryKind::CarePlan,
        EntryKind::Goal,
        EntryKind::Patient,
        EntryKind::Other,
    ];

    /// The stored name (snake_case). Databases hold it, so it is a format: never rename one.
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Problem => "problem",
            EntryKind::Medication => "medication",
            EntryKind::Allergy => "allergy",
            EntryKind::Immunisation => "immunisation",
            EntryKind::Result => "result",
            EntryKind::Report => "report",
            EntryKind::Procedure => "procedure",
            EntryKind::Encounter => "encounter",
            EntryKind::Document => "document",
            EntryKind::Referral => "referral",
            EntryKind::CarePlan => "care_plan",
            EntryKind::Goal => "goal",
            EntryKind::Patient => "patient",
            EntryKind::Other => "other",
        }
    }

    /// The inverse of [`EntryKind::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Every kind in the order the app lists categories: the most asked-about first.
    pub const LISTED: [EntryKind; 14] = [
        EntryKind::Problem,
        EntryKind::Medication,
        EntryKind::Allergy,
        EntryKind::Result,
        EntryKind::Immunisation,
        EntryKind::Report,
        EntryKind::Procedure,
        EntryKind::Encounter,
        EntryKind::Referral,
        EntryKind::Document,
        EntryKind::CarePlan,
        EntryKind::Goal,
        EntryKind::Patient,
        EntryKind::Other,
    ];

    /// The category's name in plain English, plural as a heading ("Medicines"). Every front
    /// end, the share document's section titles and summary.html use this word.
    pub fn label(self) -> &'static str {
        match self {
            EntryKind::Problem => "Problems and conditions",
            EntryKind::Medication => "Medicines",
            EntryKind::Allergy => "Allergies",
            EntryKind::Immunisation => "Vaccinations",
            EntryKind::Result => "Test results",
            EntryKind::Report => "Test reports",
            EntryKind::Procedure => "Procedures",
            EntryKind::Encounter => "Appointments and consultations",
            EntryKind::Document => "Documents and letters",
            EntryKind::Referral => "Referrals",
            EntryKind::CarePlan => "Care plans",
            EntryKind::Goal => "Goals",
            EntryKind::Patient => "Personal details",
            EntryKind::Other => "Other information",
        }
    }

    /// One entry of the kind, in plain English ("Medicine").
    pub fn one(self) -> &'static str {
        match self {
            EntryKind::Problem => "Problem or condition",
            EntryKind::Medication => "Medicine",
            EntryKind::Allergy => "Allergy",
            EntryKind::Immunisation => "Vaccination",
            EntryKind::Result => "Test result",
            EntryKind::Report => "Test report",
            EntryKind::Procedure => "Procedure",
            EntryKind::Encounter => "Appointment or consultation",
            EntryKind::Document => "Document or letter",
            EntryKind::Referral => "Referral",
            EntryKind::CarePlan => "Care plan",
            EntryKind::Goal => "Goal",
            EntryKind::Patient => "Personal details",
            EntryKind::Other => "Other information",
        }
    }

    /// Headings packages made by earlier versions used, so their sections are still
    /// recognised when opened. Never shown; only read.
    pub fn former_labels(self) -> &'static [&'static str] {
        match self {
            EntryKind::Problem => &["Problems"],
            EntryKind::Medication => &["Medications"],
            EntryKind::Immunisation => &["Immunisations"],
            EntryKind::Report => &["Reports"],
            EntryKind::Encounter => &["Consultations and visits"],
            EntryKind::Document => &["Documents"],
            _ => &[],
        }
    }

    /// The kind a heading names: today's word or a former one, ignoring case.
    pub fn from_label(text: &str) -> Option<Self> {
        let text = text.trim();
        Self::ALL.into_iter().find(|k| {
            k.label().eq_ignore_ascii_case(text) || k.former_labels().iter().any(|f| f.eq_ignore_ascii_case(text))
        })
    }
}

/// Who may want to see an entry: the label drives what is hidden when the record is shown to
/// someone else. `HeldBack` is only ever the citizen's own choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Sensitivity {
    General,
    MentalHealth,
    SexualHealth,
    SocialCare,
    HeldBack,
}

impl Sensitivity {
    pub const ALL: [Sensitivity; 5] = [
        Sensitivity::General,
        Sensitivity::MentalHealth,
        Sensitivity::SexualHealth,
        Sensitivity::SocialCare,
        Sensitivity::HeldBack,
    ];

    /// The stored name (snake_case): a format, never renamed.
    pub fn as_str(self) -> &'static str {
        match self {
            Sensitivity::General => "general",
            Sensitivity::MentalHealth => "mental_health",
            Sensitivity::SexualHealth => "sexual_health",
            Sensitivity::SocialCare => "social_care",
            Sensitivity::HeldBack => "held_back",
        }
    }

    /// The inverse of [`Sensitivity::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The label in plain English.
    pub fn label(self) -> &'static str {
        match self {
            Sensitivity::General => "General",
            Sensitivity::MentalHealth => "Mental health",
            Sensitivity::SexualHealth => "Sexual health",
            Sensitivity::SocialCare => "Social care",
            Sensitivity::HeldBack => "To discuss with my GP",
        }
    }

    /// What the label does, shown beside it when the citizen chooses one.
    pub fn hint(self) -> &'static str {
        match self {
            Sensitivity::General => "Everyday health information.",
            Sensitivity::MentalHealth | Sensitivity::SexualHealth | Sensitivity::SocialCare => {
                "Hidden from carers and shares unless you include it."
            }
            Sensitivity::HeldBack => {
                "A result you want to talk through with your GP first. Hidden from carers and shares."
            }
        }
    }

    /// The label inside a sentence ("3 entries labelled mental health are not included").
    pub fn in_sentence(self) -> &'static str {
        match self {
            Sensitivity::General => "general",
            Sensitivity::MentalHealth => "mental health",
            Sensitivity::SexualHealth => "sexual health",
            Sensitivity::SocialCare => "social care",
            Sensitivity::HeldBack => "to discuss with my GP",
        }
    }

    /// The warning beside a sensitive label's box on the share form; `None` for `General`,
    /// which a share never asks about.
    pub fn share_warning(self) -> Option<&'static str> {
        match self {
            Sensitivity::General => None,
            Sensitivity::MentalHealth => {
                Some("Entries you or your GP labelled as mental health. Only tick this if you want them to see it.")
            }
            Sensitivity::SexualHealth => {
                Some("Entries labelled as sexual health. Only tick this if you want them to see it.")
            }
            Sensitivity::SocialCare => {
                Some("Entries labelled as social care. Only tick this if you want them to see it.")
            }
            Sensitivity::HeldBack => Some(
                "Results you wanted to talk through with your GP first. They may see them before your GP has explained them.",
            ),
        }
    }
}

/// One code from a FHIR Coding, as it arrived.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Coding {
    pub system: Option<String>,
    pub code: Option<String>,
    pub display: Option<String>,
}
crate::redacted_debug!(Coding { system });

/// Code system URIs the app names for people.
pub const SNOMED: &str = "http://snomed.info/sct";
pub const LOINC: &str = "http://loinc.org";
pub const DMD: &str = "https://dmd.nhs.uk";
pub const READ_V2: &str = "http://read.info/readv2";
pub const ICD10: &str = "http://hl7.org/fhir/sid/icd-10";

impl Coding {
    /// The code system's readable name ("SNOMED CT", "dm+d", ...), else its URI, else "Unknown".
    pub fn system_name(&self) -> String {
        let Some(system) = self.system.as_deref() else { return "Unknown system".to_string() };
        let s = system.trim_end_matches('/');
        match s {
            "http://snomed.info/sct" | "https://snomed.info/sct" => "SNOMED CT".into(),
            "http://loinc.org" | "https://loinc.org" => "LOINC".into(),
            "https://dmd.nhs.uk" | "http://dmd.nhs.uk" | "https://fhir.nhs.uk/Id/dmd" => "dm+d".into(),
            "http://read.info/readv2" => "Read v2".into(),
            "http://read.info/ctv3" => "Read CTV3".into(),
            "http://hl7.org/fhir/sid/icd-10"
            | "http://hl7.org/fhir/sid/icd-10-uk"
            | "http://hl7.org/fhir/sid/icd-10-cm" => "ICD-10".into(),
            "http://www.nlm.nih.gov/research/umls/rxnorm" => "RxNorm".into(),
            "http://hl7.org/fhir/sid/cvx" => "CVX".into(),
            "http://unitsofmeasure.org" => "UCUM".into(),
            _ => system.to_string(),
        }
    }
}

/// A measured amount as FHIR gives it.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Quantity {
    pub value: f64,
    pub unit: Option<String>,
    /// `<`, `<=`, `>=`, `>`, when the value is a bound ("eGFR > 90").
    pub comparator: Option<String>,
}
crate::redacted_debug!(Quantity);

/// A result's value as shown: the text, the number if there is one, the range and the flag.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EntryValue {
    /// "5.4 mmol/L", "Positive", "128/82 mmHg".
    pub text: String,
    pub quantity: Option<Quantity>,
    /// "3.5 to 5.0 mmol/L".
    pub range_text: Option<String>,
    /// "High", "Low", "Abnormal", "Critically high"...
    pub flag: Option<String>,
    /// Outside its normal range ([`EntryValue::range_check`] is `Outside`).
    pub abnormal: bool,
    /// How it compares with its normal range; absent in values stored before it was judged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range_check: Option<RangeCheck>,
    /// What [`EntryValue::range_check`] rests on, when it was judged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range_basis: Option<RangeBasis>,
    /// The result as a kind of reading (a GP's blood pressure, oxygen level...), in canonical
    /// units, for the red-flag table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading: Option<ObservedReading>,
    /// The red-flag row the value meets (its id): named by the resource itself (a reading this
    /// app shared or exported), else judged by the table knowing nothing of the person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub red_flag: Option<String>,
}
crate::redacted_debug!(EntryValue { flag, abnormal });

/// One labelled detail of an entry ("Dose": "1 tablet twice a day").
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Fact {
    pub label: String,
    pub text: String,
}
crate::redacted_debug!(Fact);

impl Fact {
    pub fn new(label: impl Into<String>, text: impl Into<String>) -> Self {
        Self { label: label.into(), text: text.into() }
    }
}

/// What the record keeps from one FHIR resource, besides the resource itself.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MappedEntry {
    pub kind: EntryKind,
    /// The plain-English name ("Asthma", "Amoxicillin 500mg capsules").
    pub title: String,
    pub status: Option<String>,
    /// The clinically relevant date as FHIR gives it (onset, effective, recorded, authored...).
    pub date: Option<String>,
    pub codes: Vec<Coding>,
    pub value: Option<EntryValue>,
    /// Parts of a value (blood pressure's systolic and diastolic).
    pub components: Vec<Fact>,
    pub facts: Vec<Fact>,
    pub sensitivity: Sensitivity,
    /// Every reference the resource makes, as written.
    pub references: Vec<String>,
    /// Title, code displays, values and notes, for full-text search.
    pub search_text: String,
}
crate::redacted_debug!(MappedEntry { kind, sensitivity });

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_names_round_trip() {
        for k in EntryKind::ALL {
            assert_eq!(EntryKind::parse(k.as_str()), Some(k));
        }
        for s in Sensitivity::ALL {
            assert_eq!(Sensitivity::parse(s.as_str()), Some(s));
        }
        assert_eq!(EntryKind::CarePlan.as_str(), "care_plan");
        assert_eq!(serde_json::to_string(&EntryKind::CarePlan).unwrap(), "\"carePlan\"");
        assert_eq!(Sensitivity::HeldBack.label(), "To discuss with my GP");
    }

    #[test]
    fn one_word_per_kind_and_former_headings_still_read() {
        assert_eq!(EntryKind::Medication.label(), "Medicines");
        assert_eq!(EntryKind::Medication.one(), "Medicine");
        for k in EntryKind::ALL {
            assert_eq!(EntryKind::from_label(k.label()), Some(k));
            for former in k.former_labels() {
                assert_eq!(EntryKind::from_label(former), Some(k), "{former}");
            }
        }
        // Packages made before the words were made one still open with their sections.
        assert_eq!(EntryKind::from_label("Medications"), Some(EntryKind::Medication));
        let mut listed = EntryKind::LISTED.to_vec();
        listed.sort_by_key(|k| k.as_str());
        let mut all = EntryKind::ALL.to_vec();
        all.sort_by_key(|k| k.as_str());
        assert_eq!(listed, all, "the listing order holds every kind once");
    }

    #[test]
    fn systems_have_names() {
        let c = |s: &str| Coding { system: Some(s.into()), code: None, display: None }.system_name();
        assert_eq!(c("http://snomed.info/sct"), "SNOMED CT");
        assert_eq!(c("https://dmd.nhs.uk"), "dm+d");
        assert_eq!(c("http://read.info/readv2"), "Read v2");
        assert_eq!(c("http://example.org/x"), "http://example.org/x");
    }
}
