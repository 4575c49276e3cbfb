//! An IPS from elsewhere (a hospital abroad, another app): whether a file is one, who sent it
//! (the name its import's source takes) and who it is about, as the document says, for the
//! question the person answers when that is not clearly them.
//!
//! The question shows only what the document says of its subject (its name, date of birth and
//! identifiers) and which of the checks failed, in words that hold nothing of the person's own
//! details: "The date of birth in it is not the one in this record", never the record's date.

use serde_json::Value;

use super::build::IPS_TYPE_CODE;
use crate::fhir::{Check, NHS_NUMBER_SYSTEM, match_patient, patient_facts};
use crate::person::PersonDetails;
use crate::record::LOINC;
use crate::share::references::type_and_id;

/// What a document says of who it is about.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct DocumentSubject {
    /// Each name as written ("Maria Johanna Musterfrau").
    pub names: Vec<String>,
    /// The birth date as written (ISO: "1961-12-24", or part of one).
    pub birth_date: Option<String>,
    pub identifiers: Vec<SubjectIdentifier>,
}
crate::redacted_debug!(DocumentSubject);

/// One identifier of a document's subject.
#[derive(Clone, PartialEq, Eq)]
pub struct SubjectIdentifier {
    /// "NHS number", else the identifier's type text, else its system as written.
    pub label: String,
    pub value: String,
}
crate::redacted_debug!(SubjectIdentifier);

/// Whether a document's subject is the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubjectCheck {
    Matches,
    /// One Patient that the checks cannot match to the person: the person may say it is theirs.
    ToConfirm {
        subject: DocumentSubject,
        reasons: Vec<String>,
    },
    /// No Patient, or more than one: never added to one person's record.
    Refused {
        reason: String,
    },
}

fn str_at<'v>(v: &'v Value, key: &str) -> Option<&'v str> {
    v.get(key).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty())
}

fn arr<'v>(v: &'v Value, key: &str) -> Vec<&'v Value> {
    v.get(key).and_then(Value::as_array).map(|a| a.iter().collect()).unwrap_or_default()
}

fn resources(bundle: &Value) -> impl Iterator<Item = &Value> {
    arr(bundle, "entry").into_iter().filter_map(|e| e.get("resource"))
}

/// Whether `bundle` is an IPS: a document Bundle whose first entry is a Composition of LOINC
/// type 60591-5.
pub fn is_ips(bundle: &Value) -> bool {
    str_at(bundle, "resourceType") == Some("Bundle")
        && str_at(bundle, "type") == Some("document")
        && composition(bundle).is_some_and(|c| {
            c.get("type")
                .map(|t| arr(t, "coding"))
                .unwrap_or_default()
                .into_iter()
                .any(|x| str_at(x, "system") == Some(LOINC) && str_at(x, "code") == Some(IPS_TYPE_CODE))
        })
}

fn composition(bundle: &Value) -> Option<&Value> {
    resources(bundle).next().filter(|r| str_at(r, "resourceType") == Some("Composition"))
}

/// The resource in `bundle` a Reference element points at (by fullUrl, or type and id).
fn target<'v>(bundle: &'v Value, reference: &Value) -> Option<&'v Value> {
    let r = str_at(reference, "reference")?;
    let key = type_and_id(r);
    arr(bundle, "entry").into_iter().find_map(|e| {
        let res = e.get("resource")?;
        let by_url = str_at(e, "fullUrl") == Some(r);
        let by_id = key.is_some_and(|(t, id)| str_at(res, "resourceType") == Some(t) && str_at(res, "id") == Some(id));
        (by_url || by_id).then_some(res)
    })
}

/// The name a Reference's target goes by: an Organization's or Device's name, a person's
/// name, else the Reference's display.
fn name_of(bundle: &Value, reference: &Value) -> Option<String> {
    let found = target(bundle, reference).and_then(|r| match str_at(r, "resourceType")? {
        "Organization" => str_at(r, "name").map(str::to_owned),
        "Practitioner" | "RelatedPerson" | "Patient" => arr(r, "name").first().and_then(|n| human_name(n)),
        "PractitionerRole" => r
            .get("organization")
            .and_then(|o| name_of(bundle, o))
            .or_else(|| r.get("practitioner").and_then(|p| name_of(bundle, p))),
        "Device" => arr(r, "deviceName").into_iter().find_map(|d| str_at(d, "name")).map(str::to_owned),
        _ => None,
    });
    found.or_else(|| str_at(reference, "display").map(str::to_owned))
}

fn human_name(n: &Value) -> Option<String> {
    if let Some(t) = str_at(n, "text") {
        return Some(t.to_owned());
    }
    let mut words: Vec<&str> = arr(n, "given").into_iter().filter_map(Value::as_str).map(str::trim).collect();
    if let Some(f) = str_at(n, "family") {
        words.push(f);
    }
    let name = words.into_iter().filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ");
    (!name.is_empty()).then_some(name)
}

/// Who sent an IPS, for its import's source: the organisation that keeps it (custodian), else
/// its first author that names an organisation, else its first author's name.
pub fn sender_name(bundle: &Value) -> Option<String> {
    let c = composition(bundle)?;
    let authors = arr(c, "author");
    let organisation = |r: &Value| target(bundle, r).is_some_and(|t| str_at(t, "resourceType") == Some("Organization"));
    c.get("custodian")
        .and_then(|x| name_of(bundle, x))
        .or_else(|| authors.iter().filter(|a| organisation(a)).find_map(|a| name_of(bundle, a)))
        .or_else(|| authors.iter().find_map(|a| name_of(bundle, a)))
        .map(|n| n.chars().take(200).collect())
}

/// What each Patient in `bundle` says of itself.
pub fn subjects(bundle: &Value) -> Vec<DocumentSubject> {
    resources(bundle).filter(|r| str_at(r, "resourceType") == Some("Patient")).map(subject_of).collect()
}

fn subject_of(p: &Value) -> DocumentSubject {
    let names = arr(p, "name").into_iter().filter_map(human_name).collect();
    let identifiers = arr(p, "identifier")
        .into_iter()
        .filter_map(|i| {
            let value = str_at(i, "value")?.to_owned();
            let system = str_at(i, "system");
            let label = if system.is_some_and(|s| s.trim_end_matches('/') == NHS_NUMBER_SYSTEM) {
                "NHS number".to_owned()
            } else {
                i.get("type")
                    .and_then(|t| {
                        str_at(t, "text").or_else(|| arr(t, "coding").into_iter().find_map(|c| str_at(c, "display")))
                    })
                    .or(system)
                    .unwrap_or("Identifier")
                    .to_owned()
            };
            Some(SubjectIdentifier { label, value })
        })
        .collect();
    DocumentSubject { names, birth_date: str_at(p, "birthDate").map(str::to_owned), identifiers }
}

/// Whether the IPS `bundle` is about `person`: its one Patient matched as any import's is
/// ([`match_patient`]); when it does not match, what it says of its subject and why, for the
/// person to confirm; refused when it holds no Patient or more than one.
pub fn check_subject(bundle: &Value, person: &PersonDetails) -> SubjectCheck {
    let patients: Vec<&Value> = resources(bundle).filter(|r| str_at(r, "resourceType") == Some("Patient")).collect();
    let [patient] = patients.as_slice() else {
        let reason = if patients.is_empty() {
            "It does not say who it is about (it holds no patient), so it cannot be added to anyone's record."
                .to_owned()
        } else {
            format!(
                "It is about {} people (it holds {} patients), so it cannot be added to one person's record.",
                patients.len(),
                patients.len()
            )
        };
        return SubjectCheck::Refused { reason };
    };
    match match_patient(&patient_facts(patient), person) {
        Ok(()) => SubjectCheck::Matches,
        Err(m) => {
            let mut reasons = Vec::new();
            if m.nhs_number == Check::Differs {
                reasons.push("The NHS number in it is not the one in this record.".to_owned());
            }
            match m.name {
                Check::Differs => reasons.push("The name in it is not the name in this record.".to_owned()),
                Check::NotInFile => reasons.push("It gives no name.".to_owned()),
                _ => {}
            }
            match m.date_of_birth {
                Check::Differs => reasons.push("The date of birth in it is not the one in this record.".to_owned()),
                Check::NotInFile => reasons.push("It gives no date of birth.".to_owned()),
                _ => {}
            }
            if reasons.is_empty() {
                reasons.push("The app cannot check that it is about the person whose record this is.".to_owned());
            }
            SubjectCheck::ToConfirm { subject: subject_of(patient), reasons }
        }
    }
}
