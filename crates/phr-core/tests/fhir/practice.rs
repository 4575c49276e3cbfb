//! The practice a record comes from: its ODS code found through the Patient in GP Connect's
//! published examples (STU3) and in small R4 bundles.

use phr_core::fhir::{IncomingResource, Practice, practice_of, read_fhir_json, read_fhir_json_lean};
use serde_json::{Value, json};

use super::{fixture_text, fixtures_dir};

const ODS: &str = "https://fhir.nhs.uk/Id/ods-organization-code";

fn trevelyan() -> Option<Practice> {
    Some(Practice { ods_code: "O001".into(), name: Some("The Trevelyan Practice".into()) })
}

fn lean(text: &str) -> Vec<IncomingResource<'static>> {
    read_fhir_json_lean(text).unwrap().into_owned().resources
}

fn bundle(resources: Vec<(&str, Value)>) -> String {
    let entry: Vec<Value> = resources.into_iter().map(|(url, r)| json!({ "fullUrl": url, "resource": r })).collect();
    json!({ "resourceType": "Bundle", "type": "collection", "entry": entry }).to_string()
}

fn org(id: &str, code: &str, name: &str) -> Value {
    json!({ "resourceType": "Organization", "id": id, "name": name,
            "identifier": [{ "system": ODS, "value": code }] })
}

#[test]
fn every_gp_connect_response_names_the_trevelyan_practice() {
    let dir = fixtures_dir().join("gpconnect-stu3/access-record-structured");
    let mut seen = 0;
    for file in std::fs::read_dir(&dir).unwrap() {
        let name = file.unwrap().file_name().into_string().unwrap();
        // pathology_response1's Patient names no practice (below); skeleton_full_record is an outline.
        if !name.ends_with("_response1.json") && !name.ends_with("_response2.json") && name != "meds_response.json"
            || name.starts_with("pathology")
        {
            continue;
        }
        let text = fixture_text(&format!("gpconnect-stu3/access-record-structured/{name}"));
        // Through managingOrganization: generalPractitioner names a Practitioner here (and in
        // problems_response1 it is a lone object, not a list).
        assert_eq!(practice_of(&lean(&text)), trevelyan(), "{name}");
        assert_eq!(practice_of(&read_fhir_json(&text).unwrap().resources), trevelyan(), "{name} (read whole)");
        seen += 1;
    }
    assert!(seen >= 12, "only {seen} GP Connect responses checked");
}

#[test]
fn several_documents_of_one_fetch_repeat_the_same_practice() {
    let mut resources = Vec::new();
    for name in ["allergies_response1.json", "meds_response.json", "immunizations_response1.json"] {
        resources.extend(lean(&fixture_text(&format!("gpconnect-stu3/access-record-structured/{name}"))));
    }
    assert_eq!(practice_of(&resources), trevelyan());
}

#[test]
fn a_hospital_lab_is_not_taken_for_the_practice() {
    // The Patient has no generalPractitioner or managingOrganization; the only ODS-coded
    // Organization is GREENTOWN GENERAL HOSPITAL (RGD12), which performed the tests.
    let text = fixture_text("gpconnect-stu3/access-record-structured/pathology_response1.json");
    assert_eq!(practice_of(&lean(&text)), None);
}

#[test]
fn synthea_records_name_no_ods_coded_practice() {
    let dir = fixtures_dir().join("synthea-r4-smart");
    let file = std::fs::read_dir(&dir)
        .unwrap()
        .map(|f| f.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "json"))
        .unwrap();
    assert_eq!(practice_of(&lean(&std::fs::read_to_string(file).unwrap())), None);
}

#[test]
fn r4_general_practitioner_points_at_the_practice() {
    let text = bundle(vec![
        (
            "urn:uuid:p",
            json!({ "resourceType": "Patient", "id": "p",
                    "generalPractitioner": [{ "reference": "urn:uuid:gp" }, { "reference": "urn:uuid:org" }] }),
        ),
        ("urn:uuid:gp", json!({ "resourceType": "Practitioner", "id": "gp" })),
        ("urn:uuid:lab", org("lab", "Y99999", "Another practice")),
        ("urn:uuid:org", org("org", " Y12345 ", "Demo Practice")),
    ]);
    // The Practitioner is passed over; the referenced practice wins over another coded one.
    let want = Some(Practice { ods_code: "Y12345".into(), name: Some("Demo Practice".into()) });
    assert_eq!(practice_of(&lean(&text)), want);
    assert_eq!(practice_of(&read_fhir_json(&text).unwrap().resources), want);
}

#[test]
fn r4_relative_and_contained_references_and_managing_organization() {
    let relative = bundle(vec![
        (
            "http://gp.example/fhir/Patient/p",
            json!({ "resourceType": "Patient", "id": "p", "managingOrganization": { "reference": "Organization/o" } }),
        ),
        ("http://gp.example/fhir/Organization/o", org("o", "A81001", "Relative Practice")),
    ]);
    assert_eq!(practice_of(&lean(&relative)).unwrap().ods_code, "A81001");

    let contained = bundle(vec![(
        "urn:uuid:p",
        json!({ "resourceType": "Patient", "id": "p",
                "contained": [org("gp", "B82617", "Contained Practice")],
                "generalPractitioner": [{ "reference": "#gp" }] }),
    )]);
    let found = practice_of(&lean(&contained)).unwrap();
    assert_eq!((found.ods_code.as_str(), found.name.as_deref()), ("B82617", Some("Contained Practice")));
}

#[test]
fn r4_without_a_reference_takes_the_only_practice_shaped_code() {
    let patient = ("urn:uuid:p", json!({ "resourceType": "Patient", "id": "p" }));
    let one = bundle(vec![patient.clone(), ("urn:uuid:o", org("o", "Y12345", "Lone Practice"))]);
    assert_eq!(practice_of(&lean(&one)).unwrap().ods_code, "Y12345");

    // Two practices: no guess.
    let two = bundle(vec![
        patient.clone(),
        ("urn:uuid:o", org("o", "Y12345", "One")),
        ("urn:uuid:q", org("q", "Y23456", "Two")),
    ]);
    assert_eq!(practice_of(&lean(&two)), None);

    // A trust (RR8), an Organization with another system, and one with no identifier.
    let others = bundle(vec![
        patient,
        ("urn:uuid:t", org("t", "RR8", "Leeds Teaching Hospitals")),
        (
            "urn:uuid:s",
            json!({ "resourceType": "Organization", "id": "s",
                    "identifier": [{ "system": "https://github.com/synthetichealth/synthea", "value": "A12345" }] }),
        ),
        ("urn:uuid:n", json!({ "resourceType": "Organization", "id": "n", "name": "Nameless" })),
    ]);
    assert_eq!(practice_of(&lean(&others)), None);
}

#[test]
fn a_referenced_organization_without_an_ods_code_falls_through() {
    let text = bundle(vec![
        (
            "urn:uuid:p",
            json!({ "resourceType": "Patient", "id": "p", "generalPractitioner": [{ "reference": "urn:uuid:x" }],
                    "managingOrganization": { "reference": "urn:uuid:missing" } }),
        ),
        ("urn:uuid:x", json!({ "resourceType": "Organization", "id": "x", "name": "No code" })),
        ("urn:uuid:o", org("o", "Y34567", "")),
    ]);
    // Neither reference gives a code; the lone practice-shaped code does. An empty name is none.
    assert_eq!(practice_of(&lean(&text)), Some(Practice { ods_code: "Y34567".into(), name: None }));
}
