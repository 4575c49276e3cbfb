//! The International Patient Summary through the facade. Exported from a Synthea record, the
//! GP Connect record and an empty record, it keeps the IPS guide's structural rules and passes
//! the project's FHIR validator; with mental health left out nothing mental-health is anywhere
//! in it (entries, narrative, Medications). All ten published IPS documents import, named after
//! who sent them; one about someone the app cannot match is imported only after the person
//! confirms, and what they are asked holds nothing of their own details; one with two Patients
//! is refused even then. A ReSPECT form and a lasting power of attorney are in the advance
//! directives section with its narrative, and the app's own IPS imports into a fresh vault
//! with the same medicines and allergies.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use common::*;
use phr_app::*;
use phr_core::clock::FixedClock;
use phr_core::fhir::{MapOutcome, Resolver, map_resource, read_fhir_json};
use phr_core::ips::structural_problems;
use serde_json::Value;

const GP_CONNECT: &str = "gpconnect-stu3/access-record-structured/consultations_response1.json";
/// A valid NHS number (Modulus 11) from NHS England's test numbers.
const NHS: &str = "9434765919";
const IPS: [&str; 10] = [
    "AT_ELGA_GmbH_01.json",
    "DE_no_info_with_Advance_Directive.json",
    "IPS_IG-bundle-01.json",
    "IPS_IG_bundle-minimal.json",
    "IPS_IG_bundle-no-info-required-sections.json",
    "NL_Curavista_01.json",
    "NZ_Peter_Jordan_AAA1234.json",
    "US_Washington_GDHP.json",
    "US_ePatientDave_medRequest_with_Narrative.json",
    "US_ePatientDave_medStatements_with_Narrative.json",
];

fn app_in(dir: &Path) -> App {
    let clock = Arc::new(FixedClock(Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap()));
    let app = App::with_options(dir.join("vault"), AppOptions::with_clock(clock, KdfProfile::Floor));
    app.create_vault(Passphrase::new(PASS.to_owned())).unwrap();
    app
}

fn add(app: &App, name: &str, born: &str, nhs: Option<&str>) -> PersonId {
    let input =
        PersonInput { name: name.into(), date_of_birth: born.into(), nhs_number: nhs.map(str::to_owned), role: None };
    app.add_person(input).unwrap().id
}

/// A person made to match the fixture at `rel`, with an NHS number of their own, its file
/// imported.
fn record_of(app: &App, rel: &str) -> (PersonId, String) {
    let text = std::fs::read_to_string(fixtures().join(rel)).unwrap();
    let d = phr_vault::record_store::bench::person_matching(&text).unwrap();
    let born = d.date_of_birth.format("%Y-%m-%d").to_string();
    // The file's NHS number when it gives one (GP Connect), else one of their own (Synthea).
    let nhs = d.nhs_number.map(|n| n.as_digits().to_string()).unwrap_or_else(|| NHS.to_owned());
    let me = add(app, &d.name, &born, Some(&nhs));
    app.import_files(&me, &[fixtures().join(rel)]).unwrap();
    (me, nhs)
}

fn export(app: &App, who: &PersonId, out: &Path, leave_out: &[Sensitivity]) -> (String, Value) {
    let info = app.export_ips(who, out, leave_out).unwrap();
    let text = std::fs::read_to_string(out).unwrap();
    assert_eq!(info.bytes, text.len() as u64);
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(info.resources as usize, v["entry"].as_array().unwrap().len());
    (text, v)
}

/// The IPS rules and the project's FHIR validator.
fn assert_ips(path: &Path, bundle: &Value, nhs_number: &str, what: &str) {
    assert_eq!(structural_problems(bundle), vec![], "{what}");
    let c = &bundle["entry"][0]["resource"];
    assert_eq!(c["type"]["coding"][0]["code"], "60591-5");
    assert_eq!(c["subject"]["reference"], bundle["entry"][1]["fullUrl"], "{what}: the Patient is second");
    let patient = &bundle["entry"][1]["resource"];
    let nhs =
        patient["identifier"].as_array().unwrap().iter().find(|i| i["system"] == "https://fhir.nhs.uk/Id/nhs-number");
    assert_eq!(nhs.map(|i| i["value"].as_str().unwrap()), Some(nhs_number), "{what}: the NHS number is on the Patient");
    repo::assert_valid_fhir(&[path], what);
}

fn sections(b: &Value) -> Vec<(String, usize, bool)> {
    b["entry"][0]["resource"]["section"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["code"]["coding"][0]["code"].as_str().unwrap().to_owned(),
                s["entry"].as_array().map_or(0, Vec::len),
                s.get("emptyReason").is_some(),
            )
        })
        .collect()
}

#[test]
fn a_synthea_record_exports_an_ips_that_keeps_the_rules_and_validates() {
    let tmp = tempfile::tempdir().unwrap();
    let app = app_in(tmp.path());
    let (me, nhs) = record_of(&app, SYNTHEA);
    let reading = ReadingInput {
        kind: ReadingKind::BloodPressure,
        at: Some("2026-11-20T08:00:00Z".into()),
        value: Some(128.0),
        value2: Some(82.0),
        pulse: None,
        unit: None,
        context: None,
        arm: None,
        position: None,
        text: None,
        note: None,
        confirm: false,
    };
    app.add_reading(&me, reading).unwrap();
    let out = tmp.path().join("ips.json");
    let (_, b) = export(&app, &me, &out, &[]);
    assert_ips(&out, &b, &nhs, "the Synthea record's IPS");
    let got = sections(&b);
    let codes: Vec<&str> = got.iter().map(|(c, _, _)| c.as_str()).collect();
    for required in ["11450-4", "48765-2", "10160-0"] {
        assert!(codes.contains(&required), "{codes:?}");
    }
    // Recommended sections where the record has something for them; the home reading is a vital sign.
    for recommended in ["11369-6", "30954-2", "47519-4", "8716-3"] {
        assert!(got.iter().any(|(c, n, _)| c == recommended && *n > 0), "{recommended}: {got:?}");
    }
    // Audited as an export.
    let log = app.audit_log(&me).unwrap();
    assert!(log.iter().any(|e| e.detail.contains("International Patient Summary")), "{log:?}");
}

#[test]
fn an_empty_record_exports_every_required_section_as_unavailable() {
    let tmp = tempfile::tempdir().unwrap();
    let app = app_in(tmp.path());
    let me = add(&app, "Ada Lovelace", "1985-12-10", Some(NHS));
    let out = tmp.path().join("ips.json");
    let (_, b) = export(&app, &me, &out, &[]);
    assert_ips(&out, &b, NHS, "an empty record's IPS");
    assert_eq!(
        sections(&b),
        [("11450-4".to_owned(), 0, true), ("48765-2".to_owned(), 0, true), ("10160-0".to_owned(), 0, true)]
    );
    assert_eq!(b["entry"].as_array().unwrap().len(), 2, "the Composition and the Patient");
}

/// Every resource in `bundle` mapped with the record's own mapping: (title, label).
fn mapped(text: &str) -> Vec<(String, phr_core::record::Sensitivity)> {
    let parsed = read_fhir_json(text).unwrap();
    let resolver = Resolver::new(&parsed.resources);
    parsed
        .resources
        .iter()
        .filter_map(|r| match map_resource(&r.value, &resolver) {
            MapOutcome::Mapped(e) | MapOutcome::Unmapped(e) => Some((e.title, e.sensitivity)),
            MapOutcome::Rejected(_) => None,
        })
        .collect()
}

#[test]
fn the_gp_connect_record_exports_and_mental_health_left_out_is_nowhere_in_it() {
    let tmp = tempfile::tempdir().unwrap();
    let app = app_in(tmp.path());
    let (me, nhs) = record_of(&app, GP_CONNECT);

    let all = tmp.path().join("all.json");
    let (text, b) = export(&app, &me, &all, &[]);
    assert_ips(&all, &b, &nhs, "the GP Connect record's IPS");
    // The record has mental-health entries (an antidepressant), and they are in the IPS the
    // person makes without leaving anything out.
    let mental: Vec<String> = mapped(&text)
        .into_iter()
        .filter(|(_, s)| *s == phr_core::record::Sensitivity::MentalHealth)
        .map(|(t, _)| t)
        .collect();
    assert!(!mental.is_empty(), "the GP Connect record has mental-health entries");
    assert!(mental.iter().any(|t| t.contains("Citalopram")), "{mental:?}");

    let without = tmp.path().join("without.json");
    let (text, b) = export(&app, &me, &without, &[Sensitivity::MentalHealth]);
    assert_ips(&without, &b, &nhs, "the IPS without mental health");
    for (title, s) in mapped(&text) {
        assert_ne!(s, phr_core::record::Sensitivity::MentalHealth, "{title} is in the IPS");
    }
    // Not as an entry, a Medication, a reference's words nor in any section's narrative.
    for t in &mental {
        assert!(!text.contains(t.as_str()), "{t} appears in the IPS");
    }
    assert!(!text.to_lowercase().contains("citalopram"));
    let narrative: String = b["entry"][0]["resource"]["section"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["text"]["div"].as_str().unwrap().to_owned())
        .collect();
    assert!(!narrative.to_lowercase().contains("citalopram"), "{narrative}");
    assert_eq!(b["entry"][0]["resource"]["confidentiality"], "N");
}

fn fixture_path(name: &str) -> PathBuf {
    fixtures().join("ips").join(name)
}

#[test]
fn all_ten_published_ips_documents_import_named_after_who_sent_them() {
    let tmp = tempfile::tempdir().unwrap();
    let app = app_in(tmp.path());
    // Some documents are about the same person (two of Martha's, two of Dave's).
    let mut people: std::collections::HashMap<String, PersonId> = std::collections::HashMap::new();
    for name in IPS {
        let text = std::fs::read_to_string(fixture_path(name)).unwrap();
        let d = phr_vault::record_store::bench::person_matching(&text).unwrap();
        let born = d.date_of_birth.format("%Y-%m-%d").to_string();
        let who = people
            .entry(format!("{} {born}", d.name))
            .or_insert_with(|| add_person_matching(&app, &format!("ips/{name}")))
            .clone();
        let report = app.import_files(&who, &[fixture_path(name)]).unwrap();
        assert!(report.added > 0, "{name}: {report:?}");
        assert_eq!(report.rejected, 0, "{name}");
        let bundle: Value = serde_json::from_str(&text).unwrap();
        let sender = phr_core::ips::sender_name(&bundle).unwrap();
        assert_eq!(report.source.name, sender, "{name}: the entries' source is who sent it");
        // Its entries carry that source.
        let summary = app.record_summary(&who).unwrap();
        assert!(summary.total > 0, "{name}");
    }
}

#[test]
fn an_ips_about_someone_unmatched_is_asked_about_and_imported_only_when_confirmed() {
    let tmp = tempfile::tempdir().unwrap();
    let app = app_in(tmp.path());
    let ada = add(&app, "Ada Lovelace", "1985-12-10", Some(NHS));
    let file = fixture_path("IPS_IG_bundle-minimal.json");

    let e = app.import_files(&ada, std::slice::from_ref(&file)).unwrap_err();
    assert_eq!((e.code, e.field), (ErrorCode::ImportSubjectUnconfirmed, Some(ErrorField::Paths)), "{}", e.message);
    assert_eq!(app.record_summary(&ada).unwrap().total, 0, "nothing imported");

    let q = app.import_subject_question(&ada, std::slice::from_ref(&file)).unwrap().unwrap();
    let [doc] = q.documents.as_slice() else { panic!("one document") };
    assert_eq!(doc.file, "IPS_IG_bundle-minimal.json");
    assert_eq!(doc.names, ["Martha DeLarosa"]);
    assert_eq!(doc.birth_date.as_deref(), Some("1 May 1972"));
    assert_eq!(doc.identifiers.len(), 1);
    assert_eq!(doc.identifiers[0].value, "574687583");
    assert_eq!(doc.sender.as_deref(), Some("Anorg Aniza Tion BV / The best custodian ever"));
    assert_eq!(doc.reasons.len(), 2, "{:?}", doc.reasons);
    // Nothing of Ada's own details: not her name, date of birth or NHS number, in any form.
    let said = serde_json::to_string(&q).unwrap();
    for hers in ["Ada", "Lovelace", "1985", "10 Dec", NHS, "943 476 5919"] {
        assert!(!said.contains(hers), "the question shows {hers}: {said}");
    }

    let report = app.import_files_confirmed(&ada, std::slice::from_ref(&file), true).unwrap();
    assert!(report.added > 0);
    let log = app.audit_log(&ada).unwrap();
    let last = log.last().unwrap();
    assert!(last.detail.contains("confirmed it was about them"), "{}", last.detail);
    assert!(!last.detail.contains("Martha") && !last.detail.contains("DeLarosa"), "{}", last.detail);

    // A matching person is not asked.
    let martha = add(&app, "Martha DeLarosa", "1972-05-01", None);
    assert!(app.import_subject_question(&martha, std::slice::from_ref(&file)).unwrap().is_none());
    app.import_files(&martha, &[file]).unwrap();
}

#[test]
fn an_ips_without_a_birth_date_is_asked_about_and_one_with_two_patients_is_refused_even_when_confirmed() {
    let tmp = tempfile::tempdir().unwrap();
    let app = app_in(tmp.path());
    let martha = add(&app, "Martha DeLarosa", "1972-05-01", None);
    let mut b: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture_path("IPS_IG_bundle-minimal.json")).unwrap()).unwrap();
    let at = b["entry"].as_array().unwrap().iter().position(|e| e["resource"]["resourceType"] == "Patient").unwrap();

    let mut no_birth = b.clone();
    no_birth["entry"][at]["resource"].as_object_mut().unwrap().remove("birthDate");
    let no_birth_file = tmp.path().join("no-birth.json");
    std::fs::write(&no_birth_file, no_birth.to_string()).unwrap();
    let e = app.import_files(&martha, std::slice::from_ref(&no_birth_file)).unwrap_err();
    assert_eq!(e.code, ErrorCode::ImportSubjectUnconfirmed);
    let q = app.import_subject_question(&martha, std::slice::from_ref(&no_birth_file)).unwrap().unwrap();
    assert_eq!(q.documents[0].reasons, ["It gives no date of birth."]);
    assert_eq!(q.documents[0].birth_date, None);
    app.import_files_confirmed(&martha, &[no_birth_file], true).unwrap();

    let mut other = b["entry"][at].clone();
    other["fullUrl"] = "urn:uuid:11111111-2222-4333-8444-555555555555".into();
    other["resource"]["id"] = "someone-else".into();
    other["resource"]["name"][0]["family"] = "Someone".into();
    b["entry"].as_array_mut().unwrap().push(other);
    let two = tmp.path().join("two.json");
    std::fs::write(&two, b.to_string()).unwrap();
    let bob = add(&app, "Bob Stone", "1960-01-01", None);
    let before = app.record_summary(&bob).unwrap().total;
    let e = app.import_files_confirmed(&bob, std::slice::from_ref(&two), true).unwrap_err();
    assert_eq!(e.code, ErrorCode::PatientMismatch, "{}", e.message);
    assert_eq!(app.record_summary(&bob).unwrap().total, before);
    assert!(app.import_subject_question(&bob, &[two]).unwrap().is_none(), "nothing to confirm: it is refused");
}

#[test]
fn a_respect_form_and_a_lasting_power_of_attorney_are_in_the_advance_directives_section_with_narrative() {
    let tmp = tempfile::tempdir().unwrap();
    let app = app_in(tmp.path());
    let me = add(&app, "Ada Lovelace", "1948-07-05", Some(NHS));
    let decision = |kind: OwnEntryKind, date: &str| OwnEntryForm {
        kind: Some(kind),
        date: Some(date.into()),
        ..OwnEntryForm::default()
    };
    app.add_own_entry(me.as_str(), &decision(OwnEntryKind::Respect, "2025-06-01")).unwrap();
    app.add_own_entry(me.as_str(), &decision(OwnEntryKind::PowerOfAttorney, "2024-03-02")).unwrap();
    let titles: Vec<String> = app.decisions(me.as_str()).unwrap().items.into_iter().map(|d| d.title).collect();
    assert_eq!(titles.len(), 2, "{titles:?}");
    assert!(titles.iter().any(|t| t == "ReSPECT form"), "{titles:?}");

    let out = tmp.path().join("ips.json");
    let (_, b) = export(&app, &me, &out, &[]);
    assert_ips(&out, &b, NHS, "an IPS with decisions");
    let section = b["entry"][0]["resource"]["section"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["code"]["coding"][0]["code"] == "42348-3")
        .unwrap_or_else(|| panic!("no advance directives section: {:?}", sections(&b)));
    assert_eq!(section["code"]["coding"][0]["system"], "http://loinc.org");
    assert!(section.get("emptyReason").is_none());
    let refs: Vec<&str> =
        section["entry"].as_array().unwrap().iter().map(|e| e["reference"].as_str().unwrap()).collect();
    assert_eq!(refs.len(), 2, "{section}");
    // Each entry is a DocumentReference inside the Bundle.
    for r in &refs {
        let found = b["entry"].as_array().unwrap().iter().find(|e| e["fullUrl"] == *r).unwrap_or_else(|| panic!("{r}"));
        assert_eq!(found["resource"]["resourceType"], "DocumentReference");
    }
    // The narrative names both decisions, as the record titles them, and says the person
    // recorded them.
    let div = section["text"]["div"].as_str().unwrap();
    for title in &titles {
        assert!(div.contains(title.as_str()), "{title:?} is not in the narrative: {div}");
    }
    assert!(div.contains(phr_core::ips::REPORTED_BY_PATIENT), "{div}");
}

#[test]
fn the_apps_own_ips_imports_into_a_fresh_vault_with_the_same_medicines_and_allergies() {
    let tmp = tempfile::tempdir().unwrap();
    let app = app_in(tmp.path());
    let (me, nhs) = record_of(&app, SYNTHEA);
    let own = |kind: OwnEntryKind, name: &str| OwnEntryForm {
        kind: Some(kind),
        name: name.into(),
        ..OwnEntryForm::default()
    };
    app.add_own_entry(me.as_str(), &own(OwnEntryKind::Medicine, "Ibuprofen 200mg tablets")).unwrap();
    app.add_own_entry(me.as_str(), &own(OwnEntryKind::Allergy, "Elastoplast")).unwrap();
    let out = tmp.path().join("ips.json");
    let (_, b) = export(&app, &me, &out, &[]);
    assert_ips(&out, &b, &nhs, "the IPS to import back");

    let medicines = |a: &App, who: &PersonId| -> Vec<String> {
        let mut m: Vec<String> =
            a.record_summary(who).unwrap().medicines.shown.iter().map(|m| m.name.clone()).collect();
        m.sort();
        m
    };
    let allergies = |a: &App, who: &PersonId| -> Vec<String> {
        let mut m: Vec<String> = a.record_summary(who).unwrap().allergies.iter().map(|e| e.title.clone()).collect();
        m.sort();
        m
    };
    let before = (medicines(&app, &me), allergies(&app, &me));
    assert!(before.0.iter().any(|m| m == "Ibuprofen 200mg tablets") && before.1.iter().any(|a| a == "Elastoplast"));

    let fresh_dir = tempfile::tempdir().unwrap();
    let fresh = app_in(fresh_dir.path());
    let person = app.list_people().unwrap().into_iter().find(|p| p.id == me).unwrap();
    let again = add(&fresh, &person.name, &person.date_of_birth, Some(&nhs));
    let report = fresh.import_files(&again, std::slice::from_ref(&out)).unwrap();
    assert_eq!(report.rejected, 0, "{report:?}");
    assert!(report.added > 0);
    assert_eq!((medicines(&fresh, &again), allergies(&fresh, &again)), before);
}
