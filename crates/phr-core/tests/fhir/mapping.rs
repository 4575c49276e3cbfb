//! What the mapping makes of specific published resources: values, ranges, flags, names.

use phr_core::fhir::{IncomingResource, MapOutcome, Resolver, map_resource, read_fhir_json};
use phr_core::record::{EntryKind, Sensitivity};
use serde_json::json;

use super::{entry, fact, map_all, parse};

fn mapped(rel: &str, resource_type: &str, id: &str) -> phr_core::record::MappedEntry {
    entry(&parse(rel), resource_type, id)
}

#[test]
fn blood_pressure_has_systolic_and_diastolic_with_units() {
    let e = mapped("hl7-r4-examples/Observation-blood-pressure.json", "Observation", "blood-pressure");
    assert_eq!(e.kind, EntryKind::Result);
    let c = |label: &str| e.components.iter().find(|f| f.label.contains(label)).map(|f| f.text.clone());
    assert!(c("Systolic").unwrap().starts_with("107 mmHg"), "{:?}", e.components);
    assert!(c("Diastolic").unwrap().starts_with("60 mmHg"), "{:?}", e.components);
    let v = e.value.unwrap();
    assert_eq!(v.text, "107/60 mmHg");
    assert!(v.abnormal, "the example's systolic is flagged low");
    assert!(e.search_text.contains("Systolic"));
}

#[test]
fn lab_result_with_range_and_high_flag_is_abnormal() {
    let e = mapped("hl7-r4-examples/Observation-f001.json", "Observation", "f001");
    let v = e.value.unwrap();
    assert_eq!(v.text, "6.3 mmol/L");
    assert_eq!(v.range_text.as_deref(), Some("3.1 to 6.2 mmol/L"));
    assert_eq!(v.flag.as_deref(), Some("High"));
    assert!(v.abnormal);
    assert_eq!(v.quantity.unwrap().value, 6.3);
    assert_eq!(e.date.as_deref(), Some("2013-04-02T09:30:10+01:00"));
    assert_eq!(e.codes[0].system_name(), "LOINC");
}

#[test]
fn medication_request_is_named_by_its_contained_medication() {
    let f = parse("hl7-r4-examples/MedicationRequest-medrx0301.json");
    let e = entry(&f, "MedicationRequest", "medrx0301");
    assert_eq!(e.kind, EntryKind::Medication);
    assert!(!e.title.contains("not named"), "{}", e.title);
    let medication = &f.resources[0].value["contained"][0]["code"]["coding"][0]["display"];
    assert_eq!(e.title, medication.as_str().unwrap());
    assert!(fact(&e, "Dose").is_some(), "{:?}", e.facts);
}

#[test]
fn medication_request_is_named_by_a_bundled_medication() {
    // GP Connect sends each medicine once, as a Medication the plans and issues point at.
    let f = parse("gpconnect-stu3/access-record-structured/consultations_response1.json");
    let e = entry(&f, "MedicationRequest", "Consultation1-Topic1-Category-Plan-Medication-Plan");
    assert_eq!(e.title, "Citalopram 20mg tablets");
    assert_eq!(fact(&e, "Type"), Some("Prescribing plan (repeat or acute)"));
    assert_eq!(fact(&e, "Quantity"), Some("28 capsule(s)"));
    assert_eq!(fact(&e, "Supply"), Some("28 days"));
    assert!(e.codes.iter().any(|c| c.code.is_some()), "the Medication's codes come along");
}

#[test]
fn synthea_urn_uuid_references_resolve() {
    let f = parse("synthea-r4-smart/Dino_Barton_f24d7951-2016-43c6-a2d6-89dd4b8f4fcb.json");
    let resolver = Resolver::new(&f.resources);
    let mut resolved = 0;
    for r in &f.resources {
        if let Some(reference) = r.value.pointer("/subject/reference").and_then(|v| v.as_str()) {
            assert!(reference.starts_with("urn:uuid:"), "{reference}");
            let i = resolver.resolve(reference, r.full_url.as_deref()).unwrap_or_else(|| panic!("{reference}"));
            assert_eq!(f.resources[i].resource_type, "Patient");
            resolved += 1;
        }
    }
    assert!(resolved > 100, "{resolved}");
    // A report names the results it holds.
    let outcomes = map_all(&f);
    let report = outcomes
        .iter()
        .find_map(|o| match o {
            MapOutcome::Mapped(e) if e.kind == EntryKind::Report && e.title == "Lipid Panel" => Some(e),
            _ => None,
        })
        .unwrap();
    assert!(fact(report, "Total Cholesterol").unwrap().ends_with("mg/dL"), "{:?}", report.facts);
}

fn bundle(entries: serde_json::Value) -> String {
    json!({"resourceType": "Bundle", "type": "transaction", "entry": entries}).to_string()
}

#[test]
fn references_resolve_in_every_shape() {
    let text = bundle(json!([
        {"fullUrl": "urn:uuid:p1", "resource": {"resourceType": "Patient", "id": "p1",
            "identifier": [{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "9000000009"}]}},
        {"fullUrl": "http://gp.example/fhir/Practitioner/dr1", "resource": {"resourceType": "Practitioner", "id": "dr1",
            "name": [{"family": "Who", "prefix": ["Dr"]}]}},
        {"fullUrl": "urn:uuid:m1", "resource": {"resourceType": "MedicationRequest", "id": "m1",
            "contained": [{"resourceType": "Medication", "id": "med", "code": {"text": "Amoxicillin 500mg capsules"}}],
            "status": "active", "intent": "order", "medicationReference": {"reference": "#med"},
            "subject": {"reference": "Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|9000000009"},
            "requester": {"reference": "http://gp.example/fhir/Practitioner/dr1"}}}
    ]));
    let f = read_fhir_json(&text).unwrap();
    let r = Resolver::new(&f.resources);
    assert_eq!(r.resolve("urn:uuid:p1", None), Some(0));
    assert_eq!(r.resolve("Patient/p1", None), Some(0));
    assert_eq!(r.resolve("Practitioner/dr1", Some("http://gp.example/fhir/MedicationRequest/x")), Some(1));
    assert_eq!(r.resolve("http://elsewhere.example/fhir/Practitioner/dr1/_history/3", None), Some(1));
    assert_eq!(r.resolve("Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|9000000009", None), Some(0));
    assert_eq!(r.resolve("Patient?identifier=https%3A%2F%2Ffhir.nhs.uk%2FId%2Fnhs-number%7C9000000009", None), Some(0));
    assert_eq!(r.resolve("Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|9000000017", None), None);
    assert_eq!(r.resolve("#med", Some("urn:uuid:m1")), Some(2));
    assert_eq!(r.resolve("#nothing", Some("urn:uuid:m1")), None);
    assert_eq!(r.resolve("Patient/nobody", None), None);
    let MapOutcome::Mapped(e) = map_resource(&f.resources[2].value, &r) else { panic!() };
    assert_eq!(e.title, "Amoxicillin 500mg capsules");
    assert_eq!(fact(&e, "Prescribed by"), Some("Dr Who"));
    assert!(e.references.iter().any(|x| x.starts_with("Patient?identifier=")));
}

#[test]
fn mental_health_conditions_are_labelled() {
    let condition = |code: serde_json::Value| json!({"resourceType": "Condition", "code": {"coding": [code]}, "subject": {"reference": "Patient/1"}});
    let resources: Vec<serde_json::Value> = vec![
        condition(json!({"system": "http://snomed.info/sct", "code": "35489007", "display": "Depressive disorder"})),
        condition(json!({"system": "http://hl7.org/fhir/sid/icd-10", "code": "F32.9"})),
        condition(json!({"system": "http://snomed.info/sct", "code": "195967001", "display": "Asthma"})),
    ];
    let got: Vec<Sensitivity> = resources
        .iter()
        .map(|r| match map_resource(r, &Resolver::empty()) {
            MapOutcome::Mapped(e) => e.sensitivity,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(got, [Sensitivity::MentalHealth, Sensitivity::MentalHealth, Sensitivity::General]);
    // GP Connect's consultation example has a mixed anxiety and depressive disorder.
    let e = mapped(
        "gpconnect-stu3/access-record-structured/consultations_response1.json",
        "Condition",
        "Problem-A-Anxiety-With-Depression",
    );
    assert_eq!(e.sensitivity, Sensitivity::MentalHealth);
    assert_eq!(e.title, "Anxiety with depression");
    assert_eq!(fact(&e, "Significance"), Some("Major"));
}

#[test]
fn an_observation_with_nothing_to_show_is_rejected_with_a_reason() {
    let o = json!({"resourceType": "Observation", "status": "final"});
    let MapOutcome::Rejected(why) = map_resource(&o, &Resolver::empty()) else { panic!() };
    assert!(why.contains("neither a code nor a value"), "{why}");
}

#[test]
fn other_resources_are_kept_with_a_readable_title() {
    let o = json!({"resourceType": "Organization", "name": "Leeds Teaching Hospitals"});
    let MapOutcome::Unmapped(e) = map_resource(&o, &Resolver::empty()) else { panic!() };
    assert_eq!((e.kind, e.title.as_str()), (EntryKind::Other, "Organisation: Leeds Teaching Hospitals"));
}

#[test]
fn each_family_maps_to_its_kind_with_its_details() {
    let check = |rel: &str, t: &str, id: &str, kind: EntryKind, title: &str, facts: &[(&str, &str)]| {
        let e = mapped(rel, t, id);
        assert_eq!(e.kind, kind, "{rel}");
        assert_eq!(e.title, title, "{rel}");
        for (label, text) in facts {
            let got = fact(&e, label).unwrap_or_else(|| panic!("{rel}: no {label} in {:?}", e.facts));
            assert!(got.contains(text), "{rel}: {label} = {got}");
        }
        assert!(e.search_text.contains(title), "{rel}");
    };
    let h = |f: &str| format!("hl7-r4-examples/{f}.json");
    check(
        &h("Patient-example"),
        "Patient",
        "example",
        EntryKind::Patient,
        "Peter James Chalmers",
        &[("Born", "25 Dec 1974")],
    );
    check(
        &h("AllergyIntolerance-example"),
        "AllergyIntolerance",
        "example",
        EntryKind::Allergy,
        "Cashew nuts",
        &[("Risk", "High risk"), ("Reaction", "Anaphylactic reaction"), ("Reaction", "(severe)")],
    );
    check(
        &h("Immunization-notGiven"),
        "Immunization",
        "notGiven",
        EntryKind::Immunisation,
        "DTP (not given)",
        &[("Why not given", "")],
    );
    check(&h("Condition-f201"), "Condition", "f201", EntryKind::Problem, "Fever", &[("Severity", "Mild")]);
    check(&h("Procedure-example"), "Procedure", "example", EntryKind::Procedure, "Appendectomy", &[("Done by", "")]);
    check(&h("Encounter-f001"), "Encounter", "f001", EntryKind::Encounter, "Patient-initiated encounter", &[]);
    check(
        &h("DocumentReference-example"),
        "DocumentReference",
        "example",
        EntryKind::Document,
        "Physical",
        &[("File", "")],
    );
    check(
        &h("Goal-example"),
        "Goal",
        "example",
        EntryKind::Goal,
        "Target weight is 160 to 180 lbs.",
        &[("Target", "")],
    );
    check(&h("CarePlan-f001"), "CarePlan", "f001", EntryKind::CarePlan, "Care plan", &[("Activity", "")]);
    check(
        &h("DiagnosticReport-f201"),
        "DiagnosticReport",
        "f201",
        EntryKind::Report,
        "CT of head-neck",
        &[("Conclusion", "")],
    );
    check(
        &h("MedicationStatement-example001"),
        "MedicationStatement",
        "example001",
        EntryKind::Medication,
        "Tylenol PM",
        &[("Dose", "")],
    );
}

#[test]
fn a_service_request_is_a_referral() {
    let sr = json!({"resourceType": "ServiceRequest", "status": "active", "intent": "order", "priority": "urgent",
        "code": {"text": "Referral to cardiology"}, "authoredOn": "2024-01-02", "subject": {"reference": "Patient/1"},
        "performer": [{"display": "Leeds cardiology"}]});
    let MapOutcome::Mapped(e) = map_resource(&sr, &Resolver::empty()) else { panic!() };
    assert_eq!(
        (e.kind, e.title.as_str(), e.date.as_deref()),
        (EntryKind::Referral, "Referral to cardiology", Some("2024-01-02"))
    );
    assert_eq!(fact(&e, "Priority"), Some("Urgent"));
    assert_eq!(fact(&e, "To"), Some("Leeds cardiology"));
}

#[test]
fn lone_resources_map_without_a_bundle() {
    let f = parse("hl7-r4-examples/Observation-bmi.json");
    assert_eq!(f.resources[0].location, "resource");
    let _ = IncomingResource::clone(&f.resources[0]);
    assert!(matches!(map_all(&f)[0], MapOutcome::Mapped(_)));
}
