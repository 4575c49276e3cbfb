//! GP Connect STU3 arrives as R4: the renamed and reshaped fields, with the original kept.

use phr_core::fhir::{FhirVersion, MapOutcome, Resolver, map_resource};
use phr_core::record::EntryKind;

use super::{entry, fact, parse};

const ARS: &str = "gpconnect-stu3/access-record-structured";

fn value_of(rel: &str, resource_type: &str, id: &str) -> (serde_json::Value, String) {
    let f = parse(&format!("{ARS}/{rel}"));
    assert_eq!(f.version, FhirVersion::Stu3);
    let r = f.resources.iter().find(|r| r.resource_type == resource_type && r.id.as_deref() == Some(id)).unwrap();
    assert_eq!(r.original_version, FhirVersion::Stu3);
    (r.value.clone(), r.raw.get().to_string())
}

#[test]
fn allergy_intolerance_gets_r4_fields() {
    let (v, raw) = value_of("allergies_response1.json", "AllergyIntolerance", "6bff710a-0bdc-4c9b-b98b-40db0a107edc");
    assert_eq!(v["recordedDate"], "2012-05-07T00:00:00+00:00");
    assert!(v.get("assertedDate").is_none());
    assert_eq!(v["clinicalStatus"]["coding"][0]["code"], "active");
    assert_eq!(
        v["clinicalStatus"]["coding"][0]["system"],
        "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical"
    );
    assert_eq!(v["verificationStatus"]["coding"][0]["code"], "unconfirmed");
    assert!(raw.contains("\"assertedDate\""), "raw stays STU3");
    let e = entry(
        &parse(&format!("{ARS}/allergies_response1.json")),
        "AllergyIntolerance",
        "6bff710a-0bdc-4c9b-b98b-40db0a107edc",
    );
    assert_eq!((e.kind, e.title.as_str()), (EntryKind::Allergy, "Amoxicillin 250mg capsules"));
    assert!(fact(&e, "Reaction").unwrap().contains("O/E - itchy rash (mild)"));
    assert_eq!(e.date.as_deref(), Some("2012-05-07T00:00:00+00:00"));
}

#[test]
fn immunization_gets_r4_fields() {
    let (v, _) = value_of("immunizations_response1.json", "Immunization", "eba25af1-5b74-4790-aa5a-2134fd27ad45");
    assert_eq!(v["occurrenceDateTime"], "2019-06-28");
    assert!(v.get("date").is_none() && v.get("notGiven").is_none());
    assert_eq!(v["status"], "completed");
    assert!(v["performer"].is_array() && v.get("practitioner").is_none());
    let e = entry(
        &parse(&format!("{ARS}/immunizations_response1.json")),
        "Immunization",
        "eba25af1-5b74-4790-aa5a-2134fd27ad45",
    );
    // The vaccine is "Unknown"; the vaccination procedure extension names it.
    assert_eq!(e.title, "First hepatitis A vaccination");
    assert_eq!(fact(&e, "Batch"), Some("AAJN11K"));
}

#[test]
fn not_given_becomes_not_done() {
    let f = parse(&format!("{ARS}/immunizations_response2.json"));
    let not_done: Vec<_> = f.resources.iter().filter(|r| r.value["status"] == "not-done").collect();
    assert!(!not_done.is_empty());
    for r in not_done {
        assert!(r.raw.get().contains("\"notGiven\""));
        assert!(r.value.get("explanation").is_none());
    }
}

#[test]
fn referral_request_becomes_a_service_request() {
    let (v, raw) =
        value_of("referrals_response1.json", "ReferralRequest", "Consultation1-Topic5-Category-Plan-ReferralRequest-1");
    assert_eq!(v["resourceType"], "ServiceRequest");
    assert!(raw.contains("\"ReferralRequest\""));
    assert_eq!(v["requester"]["reference"], "Practitioner/ff266bb2-cddb-4d03-837c-bd64d4bbe4eb");
    assert_eq!(v["performer"][0]["display"], "Dr Dave");
    assert_eq!(v["encounter"]["reference"], "Encounter/Encounter1");
    assert_eq!(v["note"][0]["text"], "Referral due to swollen legs");
    let e = entry(
        &parse(&format!("{ARS}/referrals_response1.json")),
        "ReferralRequest",
        "Consultation1-Topic5-Category-Plan-ReferralRequest-1",
    );
    assert_eq!(e.kind, EntryKind::Referral);
    assert_eq!(fact(&e, "To"), Some("Dr Dave"));
    assert_eq!(fact(&e, "Reason"), Some("Referral to physiotherapist"));
}

#[test]
fn condition_statuses_become_concepts_and_problem_headers_keep_significance() {
    let (v, _) = value_of("consultations_response1.json", "Condition", "Problem-A-Anxiety-With-Depression");
    assert_eq!(v["clinicalStatus"]["coding"][0]["code"], "active");
    assert_eq!(v["recordedDate"], "2019-03-28T10:30:00+00:00");
    assert_eq!(v["category"][0]["coding"][0]["code"], "problem-list-item");
    assert_eq!(v["encounter"]["reference"], "Encounter/Encounter1");
}

#[test]
fn medication_statement_taken_and_observation_comment_move() {
    let f = parse(&format!("{ARS}/consultations_response1.json"));
    for r in &f.resources {
        assert!(r.value.get("taken").is_none() && r.value.get("comment").is_none() && r.value.get("context").is_none());
    }
    let e = entry(&f, "Observation", "Consultation1-Topic1-Category-History-Observation-1");
    assert!(fact(&e, "Note").unwrap().starts_with("Come for review"));
    // GP Connect blood pressure uses SNOMED CT codes for its parts.
    let bp =
        f.resources.iter().find(|r| r.value["code"]["coding"][0]["display"] == "O/E - blood pressure reading").unwrap();
    let e = entry(&f, "Observation", bp.id.as_deref().unwrap());
    assert_eq!(e.value.unwrap().text, "130/72 mmHg");
}

#[test]
fn request_files_are_parameters_kept_as_other() {
    let f = parse(&format!("{ARS}/allergies_request1.json"));
    assert_eq!(f.resources[0].resource_type, "Parameters");
    let MapOutcome::Unmapped(e) = map_resource(&f.resources[0].value, &Resolver::new(&f.resources)) else { panic!() };
    assert_eq!((e.kind, e.title.as_str()), (EntryKind::Other, "Parameters"));
}

#[test]
fn encounter_without_class_says_it_is_unknown_and_a_string_note_becomes_an_annotation() {
    // R4 requires Encounter.class; GP Connect (STU3, where it is optional) sends none.
    let (v, raw) = value_of("consultations_response1.json", "Encounter", "Encounter1");
    assert!(!raw.contains("\"class\""));
    assert_eq!(v["class"]["extension"][0]["url"], "http://hl7.org/fhir/StructureDefinition/data-absent-reason");
    assert_eq!(v["class"]["extension"][0]["valueCode"], "unknown");
    assert_eq!(
        entry(&parse(&format!("{ARS}/consultations_response1.json")), "Encounter", "Encounter1").kind,
        EntryKind::Encounter
    );
    let (v, _) = value_of("consultations_response1.json", "Condition", "Problem-B-Swollen-Legs");
    assert_eq!(v["note"], serde_json::json!([{"text": "due to obesity and poor mobility and previous DVT"}]));
}
