//! Each entry's place (`phr_core::record::place`): administrative resources stay in the record
//! but out of the timeline, the categories and the counts; a result with nothing to say is
//! folded into its report; records stored before entries had a place are placed when opened.

use chrono::NaiveDate;
use phr_core::person::PersonDetails;
use phr_core::record::EntryKind;
use phr_vault::record_store::{ImportDocument, PlaceFilter, SourceInfo, TimelineFilter};
use phr_vault::{PersonId, Vault};
use serde_json::json;

use crate::support::*;

fn jane(v: &mut Vault) -> PersonId {
    let d = PersonDetails {
        name: "Jane Doe".into(),
        date_of_birth: NaiveDate::from_ymd_opt(1970, 1, 2).unwrap(),
        nhs_number: None,
    };
    v.add_person(d).unwrap().id
}

/// A patient, a condition, a result with a value, an empty result its report refers to, and
/// three billing and directory resources.
fn bundle() -> String {
    let patient = "urn:uuid:11111111-1111-4111-8111-111111111111";
    json!({
        "resourceType": "Bundle", "type": "collection",
        "entry": [
            {"fullUrl": patient, "resource": {"resourceType": "Patient", "id": "p1",
                "name": [{"family": "Doe", "given": ["Jane"]}], "birthDate": "1970-01-02"}},
            {"resource": {"resourceType": "Condition", "id": "c1",
                "code": {"text": "Asthma"}, "subject": {"reference": patient}, "onsetDateTime": "2015-06-01"}},
            {"resource": {"resourceType": "Observation", "id": "o1", "status": "final",
                "code": {"coding": [{"system": "http://loinc.org", "code": "2339-0", "display": "Glucose"}]},
                "subject": {"reference": patient}, "effectiveDateTime": "2020-02-03T09:30:00Z",
                "valueQuantity": {"value": 6.3, "unit": "mmol/L"}}},
            {"resource": {"resourceType": "Observation", "id": "o2", "status": "final",
                "code": {"coding": [{"system": "http://snomed.info/sct", "code": "37331000000100", "display": "Comment note"}]},
                "subject": {"reference": patient}, "effectiveDateTime": "2020-02-04T09:30:00Z"}},
            {"resource": {"resourceType": "DiagnosticReport", "id": "r1", "status": "final",
                "code": {"text": "Blood tests"}, "subject": {"reference": patient},
                "effectiveDateTime": "2020-02-04T09:30:00Z",
                "result": [{"reference": "Observation/o1"}, {"reference": "Observation/o2"}]}},
            {"resource": {"resourceType": "Claim", "id": "cl1", "status": "active", "created": "2020-02-04"}},
            {"resource": {"resourceType": "ExplanationOfBenefit", "id": "eob1", "status": "active", "created": "2020-02-04"}},
            {"resource": {"resourceType": "Organization", "id": "org1", "name": "Leeds Surgery"}}
        ]
    })
    .to_string()
}

fn titles(v: &Vault, id: &PersonId, places: PlaceFilter) -> Vec<String> {
    let page = v.timeline(id, &TimelineFilter { limit: 200, places, ..TimelineFilter::default() }).unwrap();
    assert_eq!(page.total as usize, page.entries.len());
    page.entries.into_iter().map(|e| e.title).collect()
}

fn imported() -> (tempfile::TempDir, std::path::PathBuf, Vault, PersonId, i64) {
    let (t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let id = jane(&mut v);
    let docs = [ImportDocument { name: "record.json".into(), text: bundle() }];
    let report = v.import_fhir(&id, &SourceInfo::files(), &docs).unwrap();
    (t, dir, v, id, report.import_id)
}

fn check_places(v: &Vault, id: &PersonId) {
    let story = titles(v, id, PlaceFilter::Story);
    assert!(story.contains(&"Asthma".to_string()), "{story:?}");
    assert!(story.iter().any(|t| t.contains("Glucose")), "{story:?}");
    assert!(!story.iter().any(|t| t.contains("Comment note")), "the empty result is folded: {story:?}");
    assert!(!story.iter().any(|t| t.contains("Claim") || t.contains("Organisation")), "{story:?}");
    let admin = titles(v, id, PlaceFilter::Administrative);
    assert_eq!(admin.len(), 3, "{admin:?}");
    assert_eq!(titles(v, id, PlaceFilter::Every).len(), story.len() + 3 + 1);

    let s = v.record_summary(id).unwrap();
    assert_eq!(s.administrative, 3);
    assert_eq!(s.total as usize, story.len());
    assert!(!s.counts.iter().any(|(k, _)| *k == EntryKind::Other), "{:?}", s.counts);
    assert!(!s.recent_results.iter().any(|e| e.title.contains("Comment note")));
    // The folded result is still shown within its report.
    let report = v
        .timeline(id, &TimelineFilter { kinds: vec![EntryKind::Report], limit: 5, ..TimelineFilter::default() })
        .unwrap();
    let full = v.entry(id, report.entries[0].id).unwrap();
    assert!(full.related.iter().any(|r| r.title.contains("Comment note")), "{:?}", full.related);
}

#[test]
fn administrative_entries_leave_the_story_and_an_empty_result_folds_into_its_report() {
    let (_t, _dir, v, id, import_id) = imported();
    check_places(&v, &id);
    let holds = v.source_holds(&id, import_id).unwrap();
    assert_eq!(holds.administrative, 3);
    assert!(holds.counts.contains(&(EntryKind::Problem, 1)), "{:?}", holds.counts);
}

#[test]
fn a_record_stored_before_entries_had_a_place_is_placed_when_opened() {
    let (_t, dir, v, id, _) = imported();
    let conn = v.debug_open_person_db_for_tests(&id).unwrap();
    conn.execute_batch("UPDATE entry SET place = NULL").unwrap();
    drop(conn);
    drop(v);
    let v = unlock(&dir);
    check_places(&v, &id);
}

#[test]
fn plain_names_come_with_list_rows() {
    let (_t, _dir, v, id, _) = imported();
    let page = v
        .timeline(&id, &TimelineFilter { kinds: vec![EntryKind::Result], limit: 5, ..TimelineFilter::default() })
        .unwrap();
    let glucose = page.entries.iter().find(|e| e.title.contains("Glucose")).unwrap();
    assert_eq!(glucose.plain_title.as_deref(), Some("Blood sugar"));
}
