//! The document Bundle built from a slice of a real Synthea record (the largest shared one):
//! read back it gives exactly the slice's entries and readings; an excluded Condition's name is
//! nowhere in it even though a shared MedicationRequest referred to it; references point inside
//! the Bundle; the Bundle and the Consent pass the FHIR validator; broken documents are refused.

use phr_core::ErrorCode;
use phr_core::readings::fhir::observation_for;
use phr_core::readings::{ReadingInput, ReadingKind, check};
use phr_core::record::{EntryKind, Sensitivity};
use phr_core::share::{
    NOT_INCLUDED, ShareSlice, SharedEntry, SharedPatient, SharedReading, SliceContents, SupportingResource,
    build_document, consent_resource, entry_full_url, read_document, read_document_with_entries, render_summary,
};
use serde_json::{Value, json};

use super::{FINGERPRINT, assert_valid_fhir, consent, created, day, fixtures_dir, ids, slice_of};

const SYNTHEA: &str = "synthea-r4-smart/Fletcher_Hyatt_fe0562b5-f517-4951-8366-32fdab088930.json";
/// A Condition in the record that is not shared, though the shared MedicationRequest names it
/// as its reason.
const EXCLUDED: &str = "Hypertension";
const SHARED_PROBLEMS: [&str; 3] = ["Osteoarthritis of knee", "Hyperlipidemia", "Chronic pain"];

struct Fixture {
    contents: SliceContents,
    /// The Synthea ids of resources that exist in the record but are not shared.
    not_shared_ids: Vec<String>,
    patient_id: String,
}

fn by_type<'a>(bundle: &'a Value, t: &str) -> Vec<&'a Value> {
    bundle["entry"].as_array().unwrap().iter().filter(|e| e["resource"]["resourceType"] == t).collect()
}

fn aliases(entry: &Value) -> Vec<String> {
    let r = &entry["resource"];
    vec![
        entry["fullUrl"].as_str().unwrap().to_string(),
        format!("{}/{}", r["resourceType"].as_str().unwrap(), r["id"].as_str().unwrap()),
    ]
}

fn reading(
    kind: ReadingKind,
    at: &str,
    value: f64,
    value2: Option<f64>,
    pulse: Option<f64>,
    patient: &str,
) -> SharedReading {
    let at = chrono::DateTime::parse_from_rfc3339(at).unwrap();
    let input = ReadingInput { value2, pulse, ..ReadingInput::value(kind, at, value) };
    let checked = check(&input, created()).unwrap();
    let o = observation_for(
        &format!("r-{}", at.timestamp()),
        &checked,
        Some("Home monitor"),
        Some(&format!("Patient/{patient}")),
    );
    SharedReading { kind, at: at.to_rfc3339(), resource: o.to_string() }
}

/// A slice gathered the way the vault gathers one, from the fixture's resources.
fn fixture() -> Fixture {
    let text = std::fs::read_to_string(fixtures_dir().join(SYNTHEA)).unwrap();
    let bundle: Value = serde_json::from_str(&text).unwrap();
    let patient = by_type(&bundle, "Patient")[0];
    let patient_id = patient["resource"]["id"].as_str().unwrap().to_string();
    let conditions = by_type(&bundle, "Condition");
    let condition = |name: &str| *conditions.iter().find(|c| c["resource"]["code"]["text"] == name).unwrap();
    let excluded = condition(EXCLUDED);
    let excluded_url = excluded["fullUrl"].as_str().unwrap();

    let mut entries = Vec::new();
    for (i, name) in SHARED_PROBLEMS.iter().enumerate() {
        let c = condition(name);
        entries.push(SharedEntry {
            entry_id: i as i64 + 1,
            kind: EntryKind::Problem,
            sensitivity: Sensitivity::General,
            date: c["resource"]["onsetDateTime"].as_str().map(str::to_string),
            resource_type: "Condition".into(),
            resource: c["resource"].to_string(),
            aliases: aliases(c),
        });
    }
    // A MedicationRequest for hypertension. Synthea writes the drug inline; a GP record often
    // names a Medication instead, so the drug moves into one (shared as a supporting resource)
    // and the reason reference gains the display a GP system would give it.
    let mr_entry = by_type(&bundle, "MedicationRequest")
        .into_iter()
        .find(|m| m["resource"]["reasonReference"][0]["reference"] == excluded_url)
        .unwrap();
    let mut mr = mr_entry["resource"].clone();
    let drug = mr.as_object_mut().unwrap().remove("medicationCodeableConcept").unwrap();
    mr["medicationReference"] = json!({ "reference": "Medication/med-1" });
    mr["reasonReference"][0]["display"] = json!(EXCLUDED);
    mr["reasonReference"][0]["identifier"] = json!({ "system": "https://gp.example/problems", "value": EXCLUDED });
    let medication = json!({ "resourceType": "Medication", "id": "med-1", "code": drug });
    entries.push(SharedEntry {
        entry_id: 10,
        kind: EntryKind::Medication,
        sensitivity: Sensitivity::General,
        date: mr["authoredOn"].as_str().map(str::to_string),
        resource_type: "MedicationRequest".into(),
        resource: mr.to_string(),
        aliases: aliases(mr_entry),
    });

    let not_shared_ids = vec![
        excluded["resource"]["id"].as_str().unwrap().to_string(),
        mr["encounter"]["reference"].as_str().unwrap().trim_start_matches("urn:uuid:").to_string(),
        mr["requester"]["reference"].as_str().unwrap().trim_start_matches("urn:uuid:").to_string(),
    ];
    let contents = SliceContents {
        patient: SharedPatient {
            name: "Fletcher Hyatt".into(),
            birth_date: day(1916, 7, 23),
            nhs_number: None,
            resource: Some(patient["resource"].to_string()),
            aliases: aliases(patient),
        },
        entries,
        supporting: vec![SupportingResource {
            resource_type: "Medication".into(),
            resource: medication.to_string(),
            aliases: vec!["Medication/med-1".into()],
        }],
        readings: vec![
            reading(
                ReadingKind::BloodPressure,
                "2026-06-01T08:15:00+01:00",
                128.0,
                Some(82.0),
                Some(64.0),
                &patient_id,
            ),
            reading(ReadingKind::BloodPressure, "2026-05-02T08:10:00+01:00", 131.0, Some(85.0), None, &patient_id),
            reading(ReadingKind::Weight, "2026-06-01T08:20:00+01:00", 72.4, None, None, &patient_id),
        ],
    };
    Fixture { contents, not_shared_ids, patient_id }
}

fn share_slice() -> ShareSlice {
    ShareSlice {
        readings: vec![ReadingKind::BloodPressure, ReadingKind::Weight],
        ..slice_of(&[EntryKind::Problem, EntryKind::Medication, EntryKind::Allergy])
    }
}

fn built() -> (Fixture, String) {
    let f = fixture();
    let doc = build_document(&consent(share_slice()), &f.contents, &ids(), FINGERPRINT).unwrap();
    (f, doc)
}

fn all_references<'v>(v: &'v Value, out: &mut Vec<&'v str>) {
    match v {
        Value::Object(m) => {
            if let Some(r) = m.get("reference").and_then(Value::as_str) {
                out.push(r);
            }
            m.values().for_each(|x| all_references(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| all_references(x, out)),
        _ => {}
    }
}

#[test]
fn the_document_reads_back_as_exactly_the_slice() {
    let (_, text) = built();
    let doc = read_document(&text).unwrap();
    assert_eq!(doc.patient.name, "Fletcher Hyatt");
    let kinds: Vec<EntryKind> = doc.sections.iter().map(|s| s.kind).collect();
    assert_eq!(kinds, vec![EntryKind::Problem, EntryKind::Medication, EntryKind::Allergy]);
    let problems: Vec<&str> = doc.sections[0].rows.iter().map(|r| r.title.as_str()).collect();
    assert_eq!(problems, SHARED_PROBLEMS);
    assert!(doc.sections[0].rows.iter().all(|r| r.date.is_some() && r.entry_id.is_none()));
    assert_eq!(doc.sections[1].rows.len(), 1);
    // The title comes from the Medication the request names: the request itself has no drug.
    assert_eq!(doc.sections[1].rows[0].title, "Hydrochlorothiazide 25 MG");
    assert!(doc.sections[2].rows.is_empty());

    assert_eq!(doc.readings.len(), 2);
    assert_eq!(doc.readings[0].kind, ReadingKind::BloodPressure);
    let bp: Vec<&str> = doc.readings[0].rows.iter().map(|r| r.value_text.as_str()).collect();
    assert_eq!(bp, ["131/85 mmHg", "128/82 mmHg, pulse 64 beats per minute"], "oldest first");
    assert_eq!(doc.readings[1].kind, ReadingKind::Weight);
    assert_eq!(doc.readings[1].rows[0].value_text, "72.4 kg");

    let c = doc.consent.unwrap();
    assert_eq!(c.purpose.as_deref(), Some("Physiotherapy for my knee"));
    assert_eq!(c.recipient.as_deref(), Some("Jane Smith (Physiotherapist), Knee Clinic"));
    assert_eq!(c.end.as_deref(), Some("2026-12-23T23:59:59Z"));
}

#[test]
fn the_bundle_holds_the_slice_and_nothing_else() {
    let (f, text) = built();
    let bundle: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(bundle["type"], "document");
    assert_eq!(bundle["identifier"]["system"], "urn:ietf:rfc:3986");
    assert_eq!(bundle["timestamp"], "2026-11-23T10:30:00Z");
    let types: Vec<&str> =
        bundle["entry"].as_array().unwrap().iter().map(|e| e["resource"]["resourceType"].as_str().unwrap()).collect();
    assert_eq!(
        types,
        [
            "Composition",
            "Patient",
            "Condition",
            "Condition",
            "Condition",
            "MedicationRequest",
            "Medication",
            "Observation",
            "Observation",
            "Observation",
            "Consent",
            "Provenance"
        ]
    );
    for e in bundle["entry"].as_array().unwrap() {
        assert!(e["fullUrl"].as_str().unwrap().starts_with("urn:uuid:"));
    }
    for id in &f.not_shared_ids {
        assert!(!text.contains(id.as_str()), "{id}, not shared, is in the document");
    }
    // The Composition: the citizen made it, about themselves.
    let comp = &bundle["entry"][0]["resource"];
    assert_eq!(comp["type"]["coding"][0]["code"], "60591-5");
    assert_eq!(comp["title"], "Health record shared with Jane Smith (Physiotherapist)");
    assert_eq!(comp["subject"]["reference"], bundle["entry"][1]["fullUrl"]);
    assert_eq!(comp["author"][0]["reference"], bundle["entry"][1]["fullUrl"]);
    let allergy = &comp["section"][2];
    assert!(allergy.get("entry").is_none() && allergy.get("emptyReason").is_some() && allergy.get("text").is_some());
    assert_eq!(comp["section"][3]["title"], "Readings");
    assert_eq!(comp["section"][3]["entry"].as_array().unwrap().len(), 3);
    let prov = &bundle["entry"][11]["resource"];
    assert_eq!(prov["target"][0]["reference"], bundle["entry"][0]["fullUrl"]);
    assert!(prov.to_string().contains(FINGERPRINT));
}

#[test]
fn an_excluded_entry_leaves_no_trace_even_where_a_shared_one_named_it() {
    let (f, text) = built();
    assert!(f.contents.entries[3].resource.contains(EXCLUDED), "the fixture must name the excluded Condition");
    assert!(!text.contains(EXCLUDED), "the excluded Condition's name is in the document");
    let doc = read_document(&text).unwrap();
    let summary = render_summary(&consent(share_slice()), &doc, FINGERPRINT);
    assert!(!summary.contains(EXCLUDED), "the excluded Condition's name is in the summary");
    for name in SHARED_PROBLEMS {
        assert!(summary.contains(name), "{name} is missing from the summary");
    }
}

#[test]
fn references_point_inside_the_bundle_or_say_not_included() {
    let (f, text) = built();
    let bundle: Value = serde_json::from_str(&text).unwrap();
    let urls: Vec<&str> = bundle["entry"].as_array().unwrap().iter().map(|e| e["fullUrl"].as_str().unwrap()).collect();
    let mut refs = Vec::new();
    all_references(&bundle, &mut refs);
    assert!(refs.len() > 15);
    for r in refs {
        assert!(urls.contains(&r), "{r} points outside the document");
    }
    let entry =
        |t: &str| bundle["entry"].as_array().unwrap().iter().find(|e| e["resource"]["resourceType"] == t).unwrap();
    let (patient, mr, med) = (entry("Patient"), &entry("MedicationRequest")["resource"], entry("Medication"));
    assert_eq!(mr["subject"]["reference"], patient["fullUrl"]);
    assert_eq!(mr["medicationReference"]["reference"], med["fullUrl"]);
    assert_eq!(mr["reasonReference"][0], json!({ "display": NOT_INCLUDED }), "no display or identifier survives");
    assert_eq!(mr["encounter"], json!({ "display": NOT_INCLUDED }));
    assert_eq!(mr["requester"], json!({ "display": NOT_INCLUDED }));
    // Readings were written about "Patient/<id>": they are about the document's Patient.
    assert!(text.contains(&f.patient_id), "the Patient keeps its own id");
    assert_eq!(entry("Observation")["resource"]["subject"]["reference"], patient["fullUrl"]);
    // Everything else arrives as it was.
    let original: Value = serde_json::from_str(&f.contents.entries[0].resource).unwrap();
    let shared = &bundle["entry"][2]["resource"];
    assert_eq!(shared["code"], original["code"]);
    assert_eq!(shared["onsetDateTime"], original["onsetDateTime"]);
    assert_eq!(shared["meta"], original["meta"]);
}

#[test]
fn the_preview_carries_record_entry_ids() {
    let (f, text) = built();
    let doc = read_document_with_entries(&text, &f.contents).unwrap();
    let ids: Vec<Option<i64>> = doc.sections.iter().flat_map(|s| s.rows.iter().map(|r| r.entry_id)).collect();
    assert_eq!(ids, [Some(1), Some(2), Some(3), Some(10)]);
    assert_eq!(doc.sections[0].rows[0].resource_id, entry_full_url(&super::ids().bundle, 1));
    // The same document read as a professional would: the same rows, no entry ids.
    let plain = read_document(&text).unwrap();
    let strip = |d: &phr_core::share::SharedDocument| {
        let mut d = d.clone();
        d.sections.iter_mut().flat_map(|s| s.rows.iter_mut()).for_each(|r| r.entry_id = None);
        d
    };
    assert_eq!(strip(&doc), plain);
}

#[test]
fn the_bundle_and_the_consent_pass_the_fhir_validator() {
    let (_, text) = built();
    assert_valid_fhir("synthea-slice.document.json", &text);
    let c = consent(ShareSlice {
        from: Some(day(2020, 1, 1)),
        to: Some(day(2026, 6, 30)),
        readings_from: Some(day(2026, 5, 1)),
        include_sensitive: vec![Sensitivity::SocialCare],
        ..share_slice()
    });
    assert_valid_fhir("consent.json", &consent_resource(&c, "Patient/p1", "consent-1"));
}

#[test]
fn a_person_without_an_imported_patient_gets_one_from_their_details() {
    let f = fixture();
    let contents = SliceContents {
        patient: SharedPatient {
            name: "Ann O'Neill".into(),
            birth_date: day(1980, 2, 29),
            nhs_number: Some("943 476 5919".into()),
            resource: None,
            aliases: vec![format!("Patient/{}", f.patient_id), format!("urn:uuid:{}", f.patient_id)],
        },
        ..f.contents
    };
    let text = build_document(&consent(share_slice()), &contents, &ids(), FINGERPRINT).unwrap();
    let doc = read_document(&text).unwrap();
    assert_eq!(doc.patient.name, "Ann O'Neill");
    assert_eq!(doc.patient.birth_date, Some(day(1980, 2, 29)));
    assert_eq!(doc.patient.nhs_number.as_deref(), Some("9434765919"));
    assert!(!text.contains(&f.patient_id), "references to the record's Patient point at the document's");
    assert_valid_fhir("made-patient.document.json", &text);
}

#[test]
fn the_consent_says_who_why_what_and_until_when() {
    let c = consent(ShareSlice { include_sensitive: vec![Sensitivity::MentalHealth], ..share_slice() });
    let v: Value = serde_json::from_str(&consent_resource(&c, "Patient/p1", "consent-1")).unwrap();
    assert_eq!(v["resourceType"], "Consent");
    assert_eq!(v["id"], "consent-1");
    assert_eq!(v["status"], "active");
    assert_eq!(v["scope"]["coding"][0]["code"], "patient-privacy");
    assert_eq!(v["category"][0]["coding"][0]["code"], "59284-0");
    assert_eq!(v["patient"]["reference"], "Patient/p1");
    assert_eq!(v["performer"][0]["reference"], "Patient/p1");
    assert_eq!(v["dateTime"], "2026-11-23T10:30:00Z");
    let p = &v["provision"];
    assert_eq!(p["type"], "permit");
    assert_eq!(p["period"], json!({ "start": "2026-11-23T10:30:00Z", "end": "2026-12-23T23:59:59Z" }));
    assert_eq!(p["actor"][0]["role"]["coding"][0]["code"], "IRCP");
    assert_eq!(p["actor"][0]["reference"]["identifier"]["system"], "https://fhir.nhs.uk/Id/ods-organization-code");
    assert_eq!(p["actor"][0]["reference"]["identifier"]["value"], "RX1");
    assert!(v["text"]["div"].as_str().unwrap().contains("Physiotherapy for my knee"));
    let inner = p["provision"].as_array().unwrap();
    let codes: Vec<&str> = inner[0]["code"].as_array().unwrap().iter().map(|c| c["text"].as_str().unwrap()).collect();
    assert_eq!(codes, ["Problems and conditions", "Medicines", "Allergies"]);
    let deny = inner.iter().find(|x| x["type"] == "deny").unwrap();
    let labels: Vec<String> = deny["securityLabel"].as_array().unwrap().iter().map(|l| l.to_string()).collect();
    assert!(!labels.iter().any(|l| l.contains("\"MH\"")), "mental health was ticked: not denied");
    assert!(labels.iter().any(|l| l.contains("\"SEX\"")) && labels.iter().any(|l| l.contains("\"PRS\"")));
    assert!(labels.iter().any(|l| l.contains("Social care")));
    // The document carries the same Consent the record keeps.
    let (_, text) = built();
    let bundle: Value = serde_json::from_str(&text).unwrap();
    let patient_url = bundle["entry"][1]["fullUrl"].as_str().unwrap();
    let in_doc = &bundle["entry"][10]["resource"];
    let same: Value =
        serde_json::from_str(&consent_resource(&consent(share_slice()), patient_url, &ids().consent)).unwrap();
    assert_eq!(in_doc, &same);
}

#[test]
fn an_empty_slice_is_refused() {
    let f = fixture();
    let e = build_document(&consent(ShareSlice::default()), &f.contents, &ids(), FINGERPRINT).unwrap_err();
    assert_eq!(e.code, ErrorCode::ShareNothingSelected);
}

#[test]
fn broken_documents_are_refused_with_a_reason() {
    let (_, text) = built();
    let bundle: Value = serde_json::from_str(&text).unwrap();

    assert_eq!(read_document("{ not json").unwrap_err().code, ErrorCode::MalformedFile);
    assert_eq!(read_document(r#"{"resourceType": "Patient"}"#).unwrap_err().code, ErrorCode::MalformedFile);

    let mut collection = bundle.clone();
    collection["type"] = json!("collection");
    assert_eq!(read_document(&collection.to_string()).unwrap_err().code, ErrorCode::MalformedFile);

    let mut no_composition = bundle.clone();
    no_composition["entry"].as_array_mut().unwrap().remove(0);
    let e = read_document(&no_composition.to_string()).unwrap_err();
    assert_eq!(e.code, ErrorCode::MalformedFile);
    assert!(e.message.contains("Composition"), "{}", e.message);

    // A Condition taken out of the Bundle while the Composition still lists it.
    let mut dangling = bundle.clone();
    dangling["entry"].as_array_mut().unwrap().remove(3);
    let e = read_document(&dangling.to_string()).unwrap_err();
    assert_eq!(e.code, ErrorCode::ShareTampered);
    assert!(e.message.contains("Problems"), "{}", e.message);
}

#[test]
fn entries_and_readings_outside_the_slice_never_reach_the_document_even_if_handed_over() {
    let mut f = fixture();
    let names = ["Chronic pain", "Hyperlipidemia", "Osteoarthritis of knee"];
    // As if the gatherer had a bug: a mental-health entry not ticked, an unticked entry, an
    // entry of a category not chosen, and a reading kind not chosen.
    f.contents.entries[0].sensitivity = Sensitivity::MentalHealth;
    f.contents.entries[1].kind = EntryKind::Procedure;
    let slice = ShareSlice { exclude_entries: vec![3], readings: vec![ReadingKind::Weight], ..share_slice() };
    let text = build_document(&consent(slice), &f.contents, &ids(), FINGERPRINT).unwrap();
    for name in names {
        assert!(!text.contains(name), "{name} is in the document");
    }
    assert!(!text.contains("85354-9"), "a blood pressure reading is in the document");
    let doc = read_document(&text).unwrap();
    assert!(doc.sections[0].rows.is_empty());
    assert_eq!(doc.sections[1].rows.len(), 1);
    assert_eq!(doc.readings.len(), 1);
}

/// The largest shared Synthea record whole: every resource the import maps becomes an entry of
/// its kind; the document reads back with one row per entry and passes the validator.
#[test]
fn a_whole_record_is_shared_and_read_back_row_for_row() {
    use phr_core::fhir::{MapOutcome, Resolver, map_resource, read_fhir_json};
    let text = std::fs::read_to_string(fixtures_dir().join(SYNTHEA)).unwrap();
    let parsed = read_fhir_json(&text).unwrap();
    let resolver = Resolver::new(&parsed.resources);
    let mut entries = Vec::new();
    let mut patient = None;
    for (i, r) in parsed.resources.iter().enumerate() {
        let aliases = vec![r.full_url.clone().unwrap(), format!("{}/{}", r.resource_type, r.id.clone().unwrap())];
        if r.resource_type == "Patient" {
            patient = Some((r.raw.get().to_string(), aliases));
            continue;
        }
        let mapped = match map_resource(&r.value, &resolver) {
            MapOutcome::Mapped(m) | MapOutcome::Unmapped(m) => m,
            MapOutcome::Rejected(why) => panic!("{}: {why}", r.location),
        };
        entries.push(SharedEntry {
            entry_id: i as i64,
            kind: mapped.kind,
            sensitivity: mapped.sensitivity,
            date: mapped.date,
            resource_type: r.resource_type.clone(),
            resource: r.raw.get().to_string(),
            aliases,
        });
    }
    let (resource, aliases) = patient.unwrap();
    let contents = SliceContents {
        patient: SharedPatient {
            name: "Fletcher Hyatt".into(),
            birth_date: day(1916, 7, 23),
            nhs_number: None,
            resource: Some(resource),
            aliases,
        },
        entries,
        supporting: vec![],
        readings: vec![],
    };
    let all = ShareSlice {
        categories: EntryKind::ALL.to_vec(),
        include_sensitive: Sensitivity::ALL.to_vec(),
        ..ShareSlice::default()
    };
    let doc_text = build_document(&consent(all), &contents, &ids(), FINGERPRINT).unwrap();
    let doc = read_document_with_entries(&doc_text, &contents).unwrap();
    let rows: Vec<i64> = doc.sections.iter().flat_map(|s| s.rows.iter().map(|r| r.entry_id.unwrap())).collect();
    assert_eq!(rows.len(), contents.entries.len());
    let mut expected: Vec<i64> = contents.entries.iter().map(|e| e.entry_id).collect();
    let mut got = rows.clone();
    expected.sort_unstable();
    got.sort_unstable();
    assert_eq!(got, expected);
    for s in &doc.sections {
        assert!(
            s.rows.iter().all(|r| contents.entries.iter().any(|e| Some(e.entry_id) == r.entry_id && e.kind == s.kind))
        );
    }
    assert_valid_fhir("synthea-whole.document.json", &doc_text);
}

#[test]
fn the_shared_summary_reads_its_units_in_words() {
    let (_, text) = built();
    let doc = read_document(&text).unwrap();
    let summary = render_summary(&consent(share_slice()), &doc, FINGERPRINT);
    let rows = doc.sections.iter().flat_map(|s| &s.rows).filter_map(|r| r.value_text.as_deref());
    let readings = doc.readings.iter().flat_map(|g| &g.rows).map(|r| r.value_text.as_str());
    for value in rows.chain(readings) {
        assert!(!phr_core::record::units::holds_raw_unit(value), "{value}");
        assert!(summary.contains(value), "{value} is not in the summary");
    }
    for raw in ["mm[Hg]", "[degF]", "{score}", "{1.73_m2}", "10*9", ">Cel<", " Cel<", "/min<"] {
        assert!(!summary.contains(raw), "{raw} is in summary.html");
    }
}
