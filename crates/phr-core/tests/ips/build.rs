//! An IPS built from gathered contents: an empty record, and a few entries with the person's
//! own among them.

use chrono::{NaiveDate, TimeZone, Utc};
use phr_core::ips::{IpsIds, NOT_IN_SUMMARY, REPORTED_BY_PATIENT, build_ips, ips_slice, structural_problems};
use phr_core::record::{EntryKind, Sensitivity};
use phr_core::share::{SharedEntry, SharedPatient, SliceContents};
use serde_json::{Value, json};

fn ids() -> IpsIds {
    IpsIds {
        bundle: "0d6e1a52-9c43-4c1e-8f0a-3b1f6d2e7a01".into(),
        composition: "1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c02".into(),
        patient: "4d5e6f7a-8b9c-4d4e-9f5a-6b7c8d9e0f05".into(),
    }
}

fn patient() -> SharedPatient {
    SharedPatient {
        name: "Ada Lovelace".into(),
        birth_date: NaiveDate::from_ymd_opt(1985, 12, 10).unwrap(),
        nhs_number: Some("9434765919".into()),
        resource: None,
        aliases: vec![],
    }
}

fn made() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 4, 10, 0, 0).unwrap()
}

fn sections(b: &Value) -> Vec<&Value> {
    b["entry"][0]["resource"]["section"].as_array().unwrap().iter().collect()
}

#[test]
fn an_empty_record_gives_the_required_sections_each_unavailable() {
    let contents = SliceContents { patient: patient(), entries: vec![], supporting: vec![], readings: vec![] };
    let built = build_ips(&contents, &ids(), made()).unwrap();
    let b: Value = serde_json::from_str(&built.json).unwrap();
    assert_eq!(structural_problems(&b), vec![]);
    assert_eq!((built.entries, built.resources), (0, 2));
    let codes: Vec<&str> = sections(&b).iter().map(|s| s["code"]["coding"][0]["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["11450-4", "48765-2", "10160-0"]);
    for s in sections(&b) {
        assert_eq!(s["emptyReason"]["coding"][0]["code"], "unavailable", "{s}");
        assert_eq!(s["emptyReason"]["coding"][0]["system"], "http://terminology.hl7.org/CodeSystem/list-empty-reason");
        assert_eq!(s["text"]["status"], "generated");
        assert!(s["text"]["div"].as_str().unwrap().starts_with("<div xmlns=\"http://www.w3.org/1999/xhtml\">"));
    }
    let p = &b["entry"][1]["resource"];
    assert_eq!(p["identifier"][0], json!({ "system": "https://fhir.nhs.uk/Id/nhs-number", "value": "9434765919" }));
    assert_eq!(b["entry"][0]["resource"]["author"][0]["reference"], b["entry"][1]["fullUrl"]);
    assert_eq!(b["entry"][0]["resource"]["confidentiality"], "N");
}

#[test]
fn own_entries_are_reported_by_the_patient_and_left_out_references_say_nothing() {
    let own = json!({
        "resourceType": "AllergyIntolerance",
        "id": "own-1",
        "meta": { "tag": [{ "system": "urn:phr:fhir:tag:source", "code": "you" }] },
        "clinicalStatus": { "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "code": "active" }] },
        "code": { "text": "Peanuts" },
        "patient": { "reference": "Patient/me" },
        "recorder": { "reference": "Patient/me" },
        "asserter": { "reference": "Patient/me" }
    });
    let condition = json!({
        "resourceType": "Condition",
        "id": "c1",
        "code": { "text": "Asthma" },
        "subject": { "reference": "Patient/me" },
        "encounter": { "reference": "Encounter/e1", "display": "Visit about something private" }
    });
    let encounter = json!({ "resourceType": "Encounter", "id": "e1", "status": "finished" });
    let entry = |id: i64, kind: EntryKind, v: &Value| SharedEntry {
        entry_id: id,
        kind,
        sensitivity: Sensitivity::General,
        date: None,
        resource_type: v["resourceType"].as_str().unwrap().into(),
        resource: v.to_string(),
        aliases: vec![format!("{}/{}", v["resourceType"].as_str().unwrap(), v["id"].as_str().unwrap())],
    };
    let contents = SliceContents {
        patient: SharedPatient { aliases: vec!["Patient/me".into()], ..patient() },
        entries: vec![
            entry(1, EntryKind::Allergy, &own),
            entry(2, EntryKind::Problem, &condition),
            entry(3, EntryKind::Encounter, &encounter),
        ],
        supporting: vec![],
        readings: vec![],
    };
    let built = build_ips(&contents, &ids(), made()).unwrap();
    let b: Value = serde_json::from_str(&built.json).unwrap();
    assert_eq!(structural_problems(&b), vec![]);
    // The encounter is no IPS section's: not in the Bundle, and the reference to it says so.
    assert_eq!(built.resources, 4);
    assert!(!built.json.contains("Visit about something private"));
    assert!(built.json.contains(NOT_IN_SUMMARY));
    let patient_url = b["entry"][1]["fullUrl"].as_str().unwrap();
    let allergy =
        b["entry"].as_array().unwrap().iter().find(|e| e["resource"]["resourceType"] == "AllergyIntolerance").unwrap();
    assert_eq!(allergy["resource"]["asserter"]["reference"], patient_url, "the person is still its asserter");
    assert_eq!(allergy["resource"]["meta"]["tag"][0]["code"], "you");
    let allergies = sections(&b).into_iter().find(|s| s["code"]["coding"][0]["code"] == "48765-2").unwrap();
    let div = allergies["text"]["div"].as_str().unwrap();
    assert!(div.contains("Peanuts") && div.contains(REPORTED_BY_PATIENT), "{div}");
    let problems = sections(&b).into_iter().find(|s| s["code"]["coding"][0]["code"] == "11450-4").unwrap();
    assert!(!problems["text"]["div"].as_str().unwrap().contains(REPORTED_BY_PATIENT));
}

#[test]
fn the_slice_takes_every_label_but_those_left_out() {
    let s = ips_slice(&[Sensitivity::MentalHealth]);
    assert!(!s.include_sensitive.contains(&Sensitivity::MentalHealth));
    assert!(s.include_sensitive.contains(&Sensitivity::SexualHealth));
    assert!(s.admits_entry(1, EntryKind::Problem, None, Sensitivity::General));
    assert!(!s.admits_entry(1, EntryKind::Problem, None, Sensitivity::MentalHealth));
}
