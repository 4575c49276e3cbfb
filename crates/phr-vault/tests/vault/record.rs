//! The record store: importing FHIR (whole or not at all, idempotent, versions kept), reading
//! it back (timeline paging, search, entry detail, labels) and exporting it.

use chrono::NaiveDate;
use phr_core::ErrorCode;
use phr_core::audit::AuditAction;
use phr_core::person::PersonDetails;
use phr_core::record::{EntryKind, Sensitivity};
use phr_vault::record_store::{ImportDocument, SourceInfo, TimelineFilter};
use phr_vault::{PersonId, Vault};
use serde_json::{Value, json};

use crate::support::*;

pub fn doc(name: &str, text: impl Into<String>) -> ImportDocument {
    ImportDocument { name: name.into(), text: text.into() }
}

fn person(v: &mut Vault, name: &str, dob: (i32, u32, u32)) -> PersonId {
    let d = PersonDetails {
        name: name.into(),
        date_of_birth: NaiveDate::from_ymd_opt(dob.0, dob.1, dob.2).unwrap(),
        nhs_number: None,
    };
    v.add_person(d).unwrap().id
}

/// A small R4 collection: Jane Doe, a problem, an observation that refers to the patient, and
/// a medication.
fn small_bundle(condition_text: &str, condition_version: &str) -> String {
    json!({
        "resourceType": "Bundle", "type": "collection",
        "entry": [
            {"fullUrl": "urn:uuid:11111111-1111-4111-8111-111111111111", "resource": {
                "resourceType": "Patient", "id": "p1",
                "name": [{"family": "Doe", "given": ["Jane"]}], "birthDate": "1970-01-02"}},
            {"fullUrl": "urn:uuid:22222222-2222-4222-8222-222222222222", "resource": {
                "resourceType": "Condition", "id": "c1", "meta": {"versionId": condition_version},
                "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active"}]},
                "code": {"coding": [{"system": "http://snomed.info/sct", "code": "195967001", "display": condition_text}], "text": condition_text},
                "subject": {"reference": "urn:uuid:11111111-1111-4111-8111-111111111111"},
                "onsetDateTime": "2015-06-01"}},
            {"fullUrl": "urn:uuid:33333333-3333-4333-8333-333333333333", "resource": {
                "resourceType": "Observation", "id": "o1", "status": "final",
                "code": {"coding": [{"system": "http://loinc.org", "code": "2339-0", "display": "Glucose"}], "text": "Glucose"},
                "subject": {"reference": "urn:uuid:11111111-1111-4111-8111-111111111111"},
                "effectiveDateTime": "2020-02-03T09:30:00Z",
                "valueQuantity": {"value": 6.3, "unit": "mmol/L", "system": "http://unitsofmeasure.org", "code": "mmol/L"}}},
            {"fullUrl": "urn:uuid:44444444-4444-4444-8444-444444444444", "resource": {
                "resourceType": "MedicationStatement", "id": "m1", "status": "active",
                "medicationCodeableConcept": {"text": "Salbutamol 100micrograms inhaler"},
                "subject": {"reference": "Patient/p1"},
                "effectiveDateTime": "2019-01-01"}}
        ]
    })
    .to_string()
}

fn entries(v: &Vault, id: &PersonId) -> Vec<phr_vault::record_store::EntryRow> {
    let mut all = Vec::new();
    let mut filter = TimelineFilter { limit: 7, ..TimelineFilter::default() };
    loop {
        let page = v.timeline(id, &filter).unwrap();
        all.extend(page.entries);
        match page.next_cursor {
            Some(c) => filter.cursor = Some(c),
            None => break,
        }
    }
    all
}

#[test]
fn import_reads_back_and_a_second_import_changes_nothing() {
    let (_t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let id = person(&mut v, "Jane Doe", (1970, 1, 2));
    let report = v.import_fhir(&id, &SourceInfo::files(), &[doc("jane.json", small_bundle("Asthma", "1"))]).unwrap();
    assert_eq!(report.items.len(), 4);
    assert_eq!(report.counts.rejected, 0);
    assert_eq!(report.counts.added + report.counts.unmapped, 4, "{report:?}");
    assert!(report.items.iter().all(|i| i.file == "jane.json" && i.location.starts_with("entry[")));

    let all = entries(&v, &id);
    assert_eq!(all.len(), 4);
    let asthma = all.iter().find(|e| e.title.contains("Asthma")).expect("the problem is an entry");
    assert_eq!(asthma.date.as_deref(), Some("2015-06-01"));

    let again = v.import_fhir(&id, &SourceInfo::files(), &[doc("jane.json", small_bundle("Asthma", "1"))]).unwrap();
    assert_eq!(again.counts.unchanged, 4, "{again:?}");
    assert_eq!(entries(&v, &id).len(), 4);
    assert_eq!(v.import_history(&id).unwrap().len(), 2);

    let detail = v.entry(&id, asthma.id).unwrap();
    assert_eq!(detail.resource_type, "Condition");
    assert_eq!(detail.fhir_version, "R4");
    assert_eq!(detail.versions, 1);
    let raw: Value = serde_json::from_str(&detail.raw).unwrap();
    assert_eq!(raw["id"], "c1");
    assert!(detail.related.iter().all(|r| r.kind != EntryKind::Patient));

    let log = v.audit_log(&id).unwrap();
    assert_eq!(log.iter().filter(|a| a.action == AuditAction::RecordImported).count(), 2);
    assert!(log.iter().all(|a| !a.detail.contains("Asthma")), "the audit log holds no health data");
}

#[test]
fn a_newer_version_replaces_and_keeps_history_and_the_citizens_label() {
    let (_t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let id = person(&mut v, "Jane Doe", (1970, 1, 2));
    v.import_fhir(&id, &SourceInfo::files(), &[doc("a.json", small_bundle("Asthma", "1"))]).unwrap();
    let asthma = entries(&v, &id).into_iter().find(|e| e.title.contains("Asthma")).unwrap();
    v.set_entry_sensitivity(&id, asthma.id, Sensitivity::HeldBack).unwrap();

    let report =
        v.import_fhir(&id, &SourceInfo::files(), &[doc("b.json", small_bundle("Severe asthma", "2"))]).unwrap();
    assert_eq!(report.counts.updated, 1, "{report:?}");
    assert_eq!(report.counts.unchanged, 3);
    let detail = v.entry(&id, asthma.id).unwrap();
    assert!(detail.row.title.contains("Severe asthma"), "{}", detail.row.title);
    assert_eq!(detail.versions, 2);
    assert_eq!(detail.row.sensitivity, Sensitivity::HeldBack);
    assert!(detail.sensitivity_set_by_user);
    assert_eq!(entries(&v, &id).len(), 4);
    let log = v.audit_log(&id).unwrap();
    assert!(log.iter().any(|a| a.action == AuditAction::EntryLabelChanged));
}

#[test]
fn a_patient_who_is_someone_else_is_refused_and_nothing_is_stored() {
    let (_t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let id = person(&mut v, "John Smith", (1980, 5, 5));
    let before = v.audit_log(&id).unwrap().len();
    let e = v.import_fhir(&id, &SourceInfo::files(), &[doc("jane.json", small_bundle("Asthma", "1"))]).unwrap_err();
    assert_eq!(e.code, ErrorCode::PatientMismatch);
    assert!(e.message.contains("jane.json"), "{}", e.message);
    assert!(!e.message.contains("Jane") && !e.message.contains("Doe") && !e.message.contains("1970"), "{}", e.message);
    assert!(entries(&v, &id).is_empty());
    assert!(v.import_history(&id).unwrap().is_empty());
    // Only the refusal is recorded, without the other person's details.
    let log = v.audit_log(&id).unwrap();
    assert_eq!(log.len(), before + 1);
    let refused = log.last().unwrap();
    assert_eq!(refused.action, AuditAction::RecordImportRefused);
    assert_eq!(refused.detail, "a file: the name and date of birth did not match. Nothing was imported");
}

#[test]
fn malformed_json_is_refused_with_its_place_and_nothing_is_stored() {
    let (_t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let id = person(&mut v, "Jane Doe", (1970, 1, 2));
    let broken = "{\n  \"resourceType\": \"Bundle\",\n  \"entry\": [1,]\n}";
    // A good file beside the broken one: the import is all or nothing.
    let e = v
        .import_fhir(
            &id,
            &SourceInfo::files(),
            &[doc("good.json", small_bundle("Asthma", "1")), doc("broken.json", broken)],
        )
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::MalformedFile);
    assert!(e.message.contains("broken.json") && e.message.contains("line 3"), "{}", e.message);
    assert!(e.message.contains("column"), "{}", e.message);
    assert!(entries(&v, &id).is_empty());
    assert!(v.import_history(&id).unwrap().is_empty());
}

#[test]
fn search_finds_an_entry_by_a_word_of_its_title_and_a_prefix() {
    let (_t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let id = person(&mut v, "Jane Doe", (1970, 1, 2));
    v.import_fhir(&id, &SourceInfo::files(), &[doc("jane.json", small_bundle("Asthma", "1"))]).unwrap();
    for q in ["asthma", "ASTH", "salbutamol inha", "\"salbutamol*( -"] {
        let hits = v.search_record(&id, q, 20).unwrap();
        assert!(!hits.is_empty(), "no hit for {q:?}");
        assert!(hits[0].snippet.iter().any(|p| p.is_match), "{:?}", hits[0].snippet);
    }
    assert!(v.search_record(&id, "zebra", 20).unwrap().is_empty());
    assert!(v.search_record(&id, "  \"", 20).unwrap().is_empty());
}

/// Lay words find the record's terms, and a misspelling is offered the record's nearest word.
#[test]
fn search_understands_lay_words_and_suggests_for_misspellings() {
    let (_t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let id = person(&mut v, "Jane Doe", (1970, 1, 2));
    v.import_fhir(&id, &SourceInfo::files(), &[doc("jane.json", small_bundle("Essential hypertension", "1"))]).unwrap();
    let hits = v.search_record(&id, "High blood pressure", 20).unwrap();
    assert!(hits.iter().any(|h| h.entry.title == "Essential hypertension"), "{}", hits.len());
    assert!(hits[0].snippet.iter().any(|p| p.is_match));
    assert!(v.search_record(&id, "hypertention", 20).unwrap().is_empty());
    assert_eq!(v.search_suggestions(&id, "hypertention", 3).unwrap(), ["hypertension"]);
    assert!(v.search_suggestions(&id, "hypertension", 3).unwrap().is_empty());
    assert!(v.search_suggestions(&id, " \"", 3).unwrap().is_empty());
    // The kept words follow the record: a word imported later is offered at once.
    assert!(v.search_suggestions(&id, "exzema", 3).unwrap().is_empty());
    let more = small_bundle("Eczema", "2").replace("\"m1\"", "\"m2\"");
    v.import_fhir(&id, &SourceInfo::files(), &[doc("more.json", more)]).unwrap();
    assert_eq!(v.search_suggestions(&id, "exzema", 3).unwrap(), ["eczema"]);
}

/// The snippet comes in pieces, so brackets in a title are text, not highlight marks, and a
/// multibyte letter is neither split nor shifted.
#[test]
fn search_snippets_keep_brackets_and_multibyte_text_as_they_are() {
    let (_t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let id = person(&mut v, "Jane Doe", (1970, 1, 2));
    let title = "Sjögren [primary] syndrome ]review[";
    v.import_fhir(&id, &SourceInfo::files(), &[doc("jane.json", small_bundle(title, "1"))]).unwrap();
    let hits = v.search_record(&id, "primary", 20).unwrap();
    let hit = hits.iter().find(|h| h.entry.title == title).expect("the condition is found");
    let text: String = hit.snippet.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(text, title);
    let matches: Vec<&str> = hit.snippet.iter().filter(|p| p.is_match).map(|p| p.text.as_str()).collect();
    assert_eq!(matches, ["primary"]);
    let hits = v.search_record(&id, "sjögren", 20).unwrap();
    let hit = hits.iter().find(|h| h.entry.title == title).expect("found by its multibyte word");
    assert_eq!(hit.snippet.first().map(|p| (p.text.as_str(), p.is_match)), Some(("Sjögren", true)));
}

#[test]
fn summary_counts_and_lists_current_things() {
    let (_t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let id = person(&mut v, "Jane Doe", (1970, 1, 2));
    v.import_fhir(&id, &SourceInfo::files(), &[doc("jane.json", small_bundle("Asthma", "1"))]).unwrap();
    let s = v.record_summary(&id).unwrap();
    assert_eq!(s.total, 4);
    assert_eq!(s.active_problems.len(), 1, "{s:?}");
    // Medicines are grouped and judged current above the store, from every medicine entry.
    let medicines = v.medicine_items(&id).unwrap();
    assert_eq!(medicines.len(), 1, "{medicines:?}");
    assert_eq!(s.recent_results.len(), 1, "{s:?}");
    assert_eq!(s.last_import.unwrap().counts.rejected, 0);
    // The items are kept while the record is unchanged, and read again after any change.
    assert_eq!(v.medicine_items(&id).unwrap(), medicines);
    v.set_entry_sensitivity(&id, medicines[0].entry_id, Sensitivity::HeldBack).unwrap();
    assert_eq!(v.medicine_items(&id).unwrap()[0].sensitivity, Sensitivity::HeldBack);
    let mut more = small_bundle("Eczema", "2");
    more = more.replace("\"m1\"", "\"m2\"");
    v.import_fhir(&id, &SourceInfo::files(), &[doc("more.json", more)]).unwrap();
    let listed =
        v.timeline(&id, &TimelineFilter { kinds: vec![EntryKind::Medication], limit: 50, ..Default::default() });
    assert_eq!(listed.unwrap().total, 2, "the second file adds a medicine");
    assert_eq!(v.medicine_items(&id).unwrap().len(), 2);
}

#[test]
fn the_kept_summary_and_grouped_medicines_follow_every_change_and_the_day() {
    let (_t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let id = person(&mut v, "Jane Doe", (1970, 1, 2));
    v.import_fhir(&id, &SourceInfo::files(), &[doc("jane.json", small_bundle("Asthma", "1"))]).unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
    let summary = v.record_summary(&id).unwrap();
    let medicines = v.medicines_on(&id, day).unwrap();
    assert_eq!(medicines.today, day);
    assert_eq!(medicines.list.len(), 1, "{medicines:?}");
    // Asked again with nothing changed: the kept values (the grouped medicines shared, not
    // worked out again).
    assert_eq!(v.record_summary(&id).unwrap(), summary);
    assert!(std::sync::Arc::ptr_eq(&v.medicines_on(&id, day).unwrap(), &medicines));
    // The next day: grouped again as they stand that day.
    let next = day.succ_opt().unwrap();
    assert_eq!(v.medicines_on(&id, next).unwrap().today, next);
    assert_eq!(v.medicines_on(&id, day).unwrap().today, day);
    // A label changed: the summary and the medicines show it at once.
    let problem = summary.active_problems[0].id;
    v.set_entry_sensitivity(&id, problem, Sensitivity::HeldBack).unwrap();
    assert_eq!(v.record_summary(&id).unwrap().active_problems[0].sensitivity, Sensitivity::HeldBack);
    let medicine = v.medicine_items(&id).unwrap()[0].entry_id;
    v.set_entry_sensitivity(&id, medicine, Sensitivity::HeldBack).unwrap();
    let relabelled = v.medicines_on(&id, day).unwrap();
    assert_eq!(relabelled.list[0].sensitivity, Sensitivity::HeldBack);
    assert_eq!(v.record_summary(&id).unwrap().active_problems[0].sensitivity, Sensitivity::HeldBack);
    // Another import (the problem's next version, a second medicine): the new title, the
    // medicine, the counts and the run appear.
    let more = small_bundle("Eczema", "2").replace("\"m1\"", "\"m2\"").replace("Salbutamol", "Beclometasone");
    v.import_fhir(&id, &SourceInfo::files(), &[doc("more.json", more)]).unwrap();
    let after = v.record_summary(&id).unwrap();
    assert_eq!(after.total, summary.total + 1, "{after:?}");
    assert_eq!(after.active_problems.iter().map(|e| e.title.as_str()).collect::<Vec<_>>(), ["Eczema"]);
    assert_ne!(after.last_import.map(|r| r.import_id), summary.last_import.map(|r| r.import_id));
    assert_eq!(v.medicines_on(&id, day).unwrap().list.len(), 2);
    // Locking drops what was kept; unlocked again, the record reads as it is.
    drop(v);
    let v = unlock(&dir);
    assert_eq!(v.record_summary(&id).unwrap().total, after.total);
    assert_eq!(v.medicines_on(&id, day).unwrap().list.len(), 2);
}

#[test]
fn timeline_filters_by_kind_and_date() {
    let (_t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let id = person(&mut v, "Jane Doe", (1970, 1, 2));
    v.import_fhir(&id, &SourceInfo::files(), &[doc("jane.json", small_bundle("Asthma", "1"))]).unwrap();
    let only = |f: TimelineFilter| v.timeline(&id, &TimelineFilter { limit: 50, ..f }).unwrap();
    let problems = only(TimelineFilter { kinds: vec![EntryKind::Problem], ..Default::default() });
    assert_eq!(problems.total, 1);
    let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd);
    let in_2020 = only(TimelineFilter { from: d(2020, 1, 1), to: d(2020, 2, 3), ..Default::default() });
    assert_eq!(in_2020.entries.len(), 1, "{in_2020:?}");
    assert_eq!(in_2020.entries[0].date.as_deref(), Some("2020-02-03T09:30:00Z"));
    let bad = v.timeline(&id, &TimelineFilter { cursor: Some("x".into()), limit: 5, ..Default::default() });
    assert_eq!(bad.unwrap_err().code, ErrorCode::InvalidInput);
}

#[test]
fn an_unknown_entry_is_not_found() {
    let (_t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let id = person(&mut v, "Jane Doe", (1970, 1, 2));
    assert_eq!(v.entry(&id, 99).unwrap_err().code, ErrorCode::EntryNotFound);
    assert_eq!(v.set_entry_sensitivity(&id, 99, Sensitivity::General).unwrap_err().code, ErrorCode::EntryNotFound);
}

#[test]
fn export_holds_every_resource_as_it_arrived() {
    let (_t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let id = person(&mut v, "Jane Doe", (1970, 1, 2));
    let text = small_bundle("Asthma", "1");
    v.import_fhir(&id, &SourceInfo::files(), &[doc("jane.json", text.clone())]).unwrap();
    let out = dir.parent().unwrap().join("export.json");
    let info = v.export_fhir(&id, &out).unwrap();
    assert!(info.resources >= 4);
    let exported: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(exported["type"], "collection");
    let original: Value = serde_json::from_str(&text).unwrap();
    let got: Vec<&Value> = exported["entry"].as_array().unwrap().iter().map(|e| &e["resource"]).collect();
    for e in original["entry"].as_array().unwrap() {
        assert!(got.contains(&&e["resource"]), "missing {}", e["resource"]["id"]);
    }
    assert!(v.audit_log(&id).unwrap().iter().any(|a| a.action == AuditAction::RecordExported));
    let leftovers: Vec<_> = std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn timeline_paging_visits_every_entry_exactly_once() {
    let (_t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let id = person(&mut v, "Jane Doe", (1970, 1, 2));
    // Many entries sharing dates, and some with none, so the cursor's tie-break matters.
    let mut e = vec![json!({"resource": {"resourceType": "Patient", "id": "p1",
        "name": [{"family": "Doe", "given": ["Jane"]}], "birthDate": "1970-01-02"}})];
    for i in 0..53 {
        let date = match i % 4 {
            0 => None,
            1 => Some("2020-01-01"),
            2 => Some("2020-01-01T10:00:00+01:00"),
            _ => Some("2019"),
        };
        let mut obs = json!({"resourceType": "Observation", "id": format!("o{i}"), "status": "final",
            "code": {"text": format!("Test number {i}")}, "valueString": "normal"});
        if let Some(d) = date {
            obs["effectiveDateTime"] = json!(d);
        }
        e.push(json!({ "resource": obs }));
    }
    let bundle = json!({"resourceType": "Bundle", "type": "collection", "entry": e}).to_string();
    v.import_fhir(&id, &SourceInfo::files(), &[doc("many.json", bundle)]).unwrap();
    let all = entries(&v, &id);
    assert_eq!(all.len(), 54);
    let mut ids: Vec<i64> = all.iter().map(|e| e.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 54, "an entry was shown twice");
    let first_page = v.timeline(&id, &TimelineFilter { limit: 7, ..Default::default() }).unwrap();
    assert_eq!(first_page.total, 54);
}

#[test]
fn the_search_index_follows_imports_updates_within_one_file_and_labels() {
    let (_t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let id = person(&mut v, "Jane Doe", (1970, 1, 2));
    v.import_fhir(&id, &SourceInfo::files(), &[doc("a.json", small_bundle("Asthma", "1"))]).unwrap();
    search_index_matches_entries(&v, &id);

    // One file holding two versions of a new resource: the entry is added, then rewritten
    // within the same import, and only its final text is searchable.
    let mut two: Value = serde_json::from_str(&small_bundle("Asthma", "1")).unwrap();
    let condition = |text: &str, version: &str| {
        json!({"resource": {"resourceType": "Condition", "id": "c2", "meta": {"versionId": version},
            "code": {"text": text}, "subject": {"reference": "Patient/p1"}, "onsetDateTime": "2021-01-01"}})
    };
    let list = two["entry"].as_array_mut().unwrap();
    list.push(condition("Migraine", "1"));
    list.push(condition("Eczema", "2"));
    let report = v.import_fhir(&id, &SourceInfo::files(), &[doc("b.json", two.to_string())]).unwrap();
    assert_eq!((report.counts.added, report.counts.updated, report.counts.unchanged), (1, 1, 4), "{report:?}");
    assert!(v.search_record(&id, "migraine", 20).unwrap().is_empty());
    assert_eq!(v.search_record(&id, "eczema", 20).unwrap().len(), 1);
    search_index_matches_entries(&v, &id);

    // A newer version of an entry an earlier import indexed, and a label change.
    v.import_fhir(&id, &SourceInfo::files(), &[doc("c.json", small_bundle("Severe asthma", "2"))]).unwrap();
    let hits = v.search_record(&id, "severe", 20).unwrap();
    assert_eq!(hits.len(), 1);
    v.set_entry_sensitivity(&id, hits[0].entry.id, Sensitivity::MentalHealth).unwrap();
    assert_eq!(v.search_record(&id, "severe asth", 20).unwrap().len(), 1);
    search_index_matches_entries(&v, &id);

    // A refused import leaves nothing deferred either.
    let other = small_bundle("Asthma", "1").replace("Jane", "Someone");
    v.import_fhir(&id, &SourceInfo::files(), &[doc("d.json", other)]).unwrap_err();
    search_index_matches_entries(&v, &id);
}

#[test]
fn a_large_import_is_stored_in_file_order_with_its_links() {
    use phr_vault::record_store::bench::{person_matching, synthetic_bundle};
    let (_t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    // Enough resources to be mapped in many chunks on several threads.
    let text = synthetic_bundle(700);
    let id = v.add_person(person_matching(&text).unwrap()).unwrap().id;
    let report = v.import_fhir(&id, &SourceInfo::files(), &[doc("big.json", text.clone())]).unwrap();
    assert_eq!(report.items.len(), 700);
    assert_eq!(report.counts.added + report.counts.unmapped, 700, "{:?}", report.counts);
    let original: Value = serde_json::from_str(&text).unwrap();
    let ids: Vec<i64> = report.items.iter().map(|i| i.entry_id.unwrap()).collect();
    for (i, (item, e)) in report.items.iter().zip(original["entry"].as_array().unwrap()).enumerate() {
        assert_eq!(item.location, format!("entry[{i}]"));
        assert_eq!(item.resource_id.as_deref(), e["resource"]["id"].as_str());
    }
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "entries are stored in file order");
    // Observations and problems refer to the consultation before them (links across mapping
    // chunks); references to the Patient are not links: every entry is about them.
    let patient = v.entry(&id, ids[0]).unwrap();
    assert!(patient.related.is_empty(), "{:?}", patient.related.len());
    for consultation in [19, 339, 679] {
        let e = v.entry(&id, ids[consultation]).unwrap();
        assert_eq!(e.row.kind, phr_core::record::EntryKind::Encounter);
        let want: Vec<i64> = (consultation + 1..consultation + 15).rev().map(|i| ids[i]).collect();
        let mut got: Vec<i64> = e.related.iter().map(|r| r.id).collect();
        got.sort_unstable_by(|a, b| b.cmp(a));
        assert_eq!(got, want, "the 14 observations and problems after consultation {consultation}");
    }
    let last = v.entry(&id, ids[699]).unwrap();
    assert_eq!(last.row.title, entries(&v, &id).into_iter().find(|e| e.id == ids[699]).unwrap().title);
    search_index_matches_entries(&v, &id);
    assert!(!v.search_record(&id, "tendonitis", 5).unwrap().is_empty());
    let again = v.import_fhir(&id, &SourceInfo::files(), &[doc("big.json", text)]).unwrap();
    assert_eq!(again.counts.unchanged, 700);
}

#[test]
fn a_first_import_holding_a_resource_twice_stores_it_once_with_its_history() {
    let (_t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let id = person(&mut v, "Jane Doe", (1970, 1, 2));
    // Nothing from this source yet: the import still finds what it stored itself.
    let mut bundle: Value = serde_json::from_str(&small_bundle("Asthma", "1")).unwrap();
    let newer: Value = serde_json::from_str(&small_bundle("Severe asthma", "2")).unwrap();
    bundle["entry"].as_array_mut().unwrap().push(newer["entry"][1].clone());
    let report = v.import_fhir(&id, &SourceInfo::files(), &[doc("twice.json", bundle.to_string())]).unwrap();
    assert_eq!((report.counts.added + report.counts.unmapped, report.counts.updated), (4, 1), "{report:?}");
    assert_eq!(report.items[1].entry_id, report.items[4].entry_id);
    let all = entries(&v, &id);
    assert_eq!(all.len(), 4);
    let detail = v.entry(&id, report.items[4].entry_id.unwrap()).unwrap();
    assert!(detail.row.title.contains("Severe asthma"), "{}", detail.row.title);
    assert_eq!(detail.versions, 2);
    search_index_matches_entries(&v, &id);
}

#[test]
fn a_practice_source_gains_its_ods_code_and_keeps_it() {
    let (_t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let id = person(&mut v, "Jane Doe", (1970, 1, 2));
    let gp = |ods: Option<&str>| SourceInfo {
        kind: phr_vault::record_store::SourceKind::Gp,
        key: "https://gp.example/fhir".into(),
        name: "Demo Practice".into(),
        ods_code: ods.map(str::to_owned),
        url: Some("https://gp.example/fhir".into()),
    };
    let text = || small_bundle("Asthma", "1");
    // An earlier import that named no ODS code, then one that does: the same source row gains it.
    let first = v.import_fhir(&id, &gp(None), &[doc("page 1", text())]).unwrap();
    let entry = first.items[1].entry_id.unwrap();
    assert_eq!(v.entry(&id, entry).unwrap().source.ods_code, None);
    v.import_fhir(&id, &gp(Some("Y12345")), &[doc("page 1", text())]).unwrap();
    assert_eq!(v.entry(&id, entry).unwrap().source.ods_code.as_deref(), Some("Y12345"));
    // A later import without one does not forget it.
    v.import_fhir(&id, &gp(None), &[doc("page 1", text())]).unwrap();
    assert_eq!(v.entry(&id, entry).unwrap().source.ods_code.as_deref(), Some("Y12345"));
    assert_eq!(entries(&v, &id).len(), 4, "one source: nothing stored twice");
}

/// A file of many megabytes is written with a rollback journal, straight into the database
/// (WAL would write it twice), and the record is left in WAL, whole, and searchable.
#[test]
fn a_large_import_goes_straight_into_the_database_and_leaves_it_in_wal() {
    let (_t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let id = person(&mut v, "Jane Doe", (1970, 1, 2));
    v.import_fhir(&id, &SourceInfo::files(), &[doc("a.json", small_bundle("Asthma", "1"))]).unwrap();

    // Few resources, each with a long note, make 18 MB of text: past the large-import mark
    // without a slow test.
    let mut big: Value = serde_json::from_str(&small_bundle("Asthma", "1")).unwrap();
    let note = "Seen in clinic; readings reviewed. ".repeat(30_000);
    let list = big["entry"].as_array_mut().unwrap();
    for i in 0..18 {
        list.push(json!({"resource": {"resourceType": "Observation", "id": format!("long-{i}"), "status": "final",
            "code": {"text": format!("Long consultation note {i}")}, "subject": {"reference": "Patient/p1"},
            "effectiveDateTime": "2024-03-01", "note": [{"text": note}]}}));
    }
    let text = big.to_string();
    assert!(text.len() > 18_000_000, "{}", text.len());
    let report = v.import_fhir(&id, &SourceInfo::files(), &[doc("big.json", text)]).unwrap();
    assert_eq!(report.counts.added, 18, "{:?}", report.counts);
    assert_eq!(v.search_record(&id, "long consultation", 50).unwrap().len(), 18);
    search_index_matches_entries(&v, &id);

    let db = v.person_db_path(&id);
    let size = |p: std::path::PathBuf| std::fs::metadata(p).map_or(0, |m| m.len());
    assert!(size(db.clone()) > 18_000_000, "the import is in the database file");
    assert!(size(db.with_extension("db-wal")) < 1_000_000, "and was not written through the log");
    assert!(!db.with_extension("db-journal").exists(), "the rollback journal is gone after the commit");
    let conn = v.debug_open_person_db_for_tests(&id).unwrap();
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    drop(conn);

    // Importing it again changes nothing; the record survives locking.
    let text = big.to_string();
    let again = v.import_fhir(&id, &SourceInfo::files(), &[doc("big.json", text)]).unwrap();
    assert_eq!((again.counts.added, again.counts.updated), (0, 0));
    drop(v);
    let v = unlock(&dir);
    assert_eq!(v.search_record(&id, "long consultation", 50).unwrap().len(), 18);
}

/// A GP import names its practice from the record it reads, once: the ODS code (and the name,
/// when the practice's service gave none) of the Organization the Patient is registered with.
/// A name the service gave is kept; files are never given a practice.
#[test]
fn a_practice_import_finds_its_practice_in_the_record_it_reads() {
    let (_t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let id = person(&mut v, "Jane Doe", (1970, 1, 2));
    let mut record: serde_json::Value = serde_json::from_str(&small_bundle("Asthma", "1")).unwrap();
    record["entry"][0]["resource"]["generalPractitioner"] = json!([{"reference": "Organization/gp"}]);
    record["entry"].as_array_mut().unwrap().push(json!({
        "fullUrl": "urn:uuid:55555555-5555-4555-8555-555555555555",
        "resource": {"resourceType": "Organization", "id": "gp", "name": "The Surgery",
            "identifier": [{"system": "https://fhir.nhs.uk/Id/ods-organization-code", "value": "A81001"}]}
    }));
    let gp = |name: &str| SourceInfo {
        kind: phr_vault::record_store::SourceKind::Gp,
        key: "https://gp.example/fhir".into(),
        name: name.into(),
        ods_code: None,
        url: Some("https://gp.example/fhir".into()),
    };
    let report = v.import_fhir(&id, &gp(""), &[doc("page 1", record.to_string())]).unwrap();
    assert_eq!((report.source.name.as_str(), report.source.ods_code.as_deref()), ("The Surgery", Some("A81001")));
    let named = v.import_fhir(&id, &gp("Demo Practice"), &[doc("page 1", record.to_string())]).unwrap();
    assert_eq!((named.source.name.as_str(), named.source.ods_code.as_deref()), ("Demo Practice", Some("A81001")));

    let nameless = v.import_fhir(&id, &gp(""), &[doc("page 1", small_bundle("Asthma", "1"))]).unwrap();
    assert_eq!((nameless.source.name.as_str(), nameless.source.ods_code), ("Your GP practice", None));
    let file = v.import_fhir(&id, &SourceInfo::files(), &[doc("a.json", record.to_string())]).unwrap();
    assert_eq!(file.source.ods_code, None);
}
