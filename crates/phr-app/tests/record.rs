//! The record through the facade: importing files, reading the summary, timeline, entries and
//! search, labels, history and the export, with the errors a front end branches on.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

mod common;

use std::path::Path;
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use common::*;
use phr_app::*;
use phr_core::clock::FixedClock;

/// An unlocked app with one person made to match the Synthea fixture's Patient.
fn app_with_person(dir: &Path) -> (App, PersonId) {
    let clock = Arc::new(FixedClock(Utc.with_ymd_and_hms(2026, 11, 23, 14, 5, 0).unwrap()));
    let app = App::with_options(dir.join("vault"), AppOptions::with_clock(clock, KdfProfile::Floor));
    app.create_vault(Passphrase::new(PASS.to_owned())).unwrap();
    let person = add_person_matching(&app, SYNTHEA);
    (app, person)
}

#[test]
fn a_citizen_imports_a_file_reads_their_record_and_exports_it() {
    let tmp = tempfile::tempdir().unwrap();
    let (app, me) = app_with_person(tmp.path());
    let report = app.import_files(&me, &[fixtures().join(SYNTHEA)]).unwrap();
    assert_eq!(report.files, ["Dino_Barton_f24d7951-2016-43c6-a2d6-89dd4b8f4fcb.json"]);
    assert_eq!(report.source.kind, SourceKind::File);
    assert!(report.added > 10, "{} added", report.added);
    assert_eq!(report.finished_at, "2026-11-23T14:05:00Z");

    let summary = app.record_summary(&me).unwrap();
    assert!(summary.total > 10);
    assert!(summary.recent_results.len() <= 10);
    assert_eq!(summary.last_import.unwrap().import_id, report.import_id);

    let page = app.timeline(&me, TimelineQuery { limit: Some(5), ..TimelineQuery::default() }).unwrap();
    assert_eq!(page.entries.len(), 5);
    assert!(page.next_cursor.is_some());
    let next = app.timeline(&me, TimelineQuery { limit: Some(5), cursor: page.next_cursor, ..Default::default() });
    assert_ne!(next.unwrap().entries[0].id, page.entries[0].id);

    let first = &page.entries[0];
    let detail = app.entry(&me, &first.id).unwrap();
    assert_eq!(detail.entry.id, first.id);
    assert!(detail.raw_json.contains("\n  \"resourceType\""), "pretty-printed: {}", detail.raw_json);
    assert_eq!(detail.fhir_version, "R4");
    assert_eq!(detail.source.name, "Files you imported");

    let word = first.title.split_whitespace().find(|w| w.len() > 3 && w.chars().all(char::is_alphabetic));
    if let Some(word) = word {
        let hits = app.search_record(&me, word, Some(5)).unwrap();
        assert!(!hits.is_empty() && hits.len() <= 5, "searching {word:?}");
        let word = word.to_lowercase();
        assert!(hits.iter().all(|h| h.snippet.iter().any(|p| p.is_match && p.text.to_lowercase().starts_with(&word))));
    }

    let labelled = app.set_entry_sensitivity(&me, &first.id, Sensitivity::HeldBack).unwrap();
    assert_eq!(labelled.entry.sensitivity, Sensitivity::HeldBack);
    assert!(labelled.sensitivity_set_by_user);

    let again = app.import_files(&me, &[fixtures().join(SYNTHEA)]).unwrap();
    assert_eq!(again.added + again.updated, 0);
    assert_eq!(app.import_history(&me).unwrap().len(), 2);
    assert_eq!(app.entry(&me, &first.id).unwrap().entry.sensitivity, Sensitivity::HeldBack);

    let out = tmp.path().join("my-record.json");
    let info = app.export_fhir(&me, &out).unwrap();
    assert_eq!(info.path, out.display().to_string());
    assert_eq!(info.bytes, std::fs::metadata(&out).unwrap().len());
    assert!(info.resources as u32 >= report.added);
}

#[test]
fn errors_name_the_file_and_field() {
    let tmp = tempfile::tempdir().unwrap();
    let (app, me) = app_with_person(tmp.path());
    let missing = tmp.path().join("nope.json");
    let e = app.import_files(&me, &[missing]).unwrap_err();
    assert_eq!(e.code, ErrorCode::Io);
    assert!(e.message.contains("nope.json"), "{}", e.message);

    let broken = tmp.path().join("broken.json");
    std::fs::write(&broken, "{\"resourceType\": \"Bundle\",\n \"entry\": [}").unwrap();
    let e = app.import_files(&me, &[broken]).unwrap_err();
    assert_eq!(e.code, ErrorCode::MalformedFile);
    assert!(e.message.contains("broken.json") && e.message.contains("line 2"), "{}", e.message);

    let someone_else = fixtures().join("synthea-r4-smart/Louis_Erdman_55bbe118-e08d-4408-86e5-6084457500d4.json");
    assert_eq!(app.import_files(&me, &[someone_else]).unwrap_err().code, ErrorCode::PatientMismatch);
    assert_eq!(app.record_summary(&me).unwrap().total, 0);

    assert_eq!(app.import_files(&me, &[]).unwrap_err().code, ErrorCode::InvalidInput);
    assert_eq!(app.entry(&me, "not-a-number").unwrap_err().code, ErrorCode::EntryNotFound);
    assert_eq!(app.entry(&me, "12345").unwrap_err().code, ErrorCode::EntryNotFound);
    let bad_date = app.timeline(&me, TimelineQuery { from: Some("01/02/2020".into()), ..Default::default() });
    assert_eq!(bad_date.unwrap_err().field, Some(ErrorField::From));

    let e = app.export_fhir(&me, &tmp.path().join("no-such-folder/x.json")).unwrap_err();
    assert_eq!((e.code, e.field), (ErrorCode::Io, Some(ErrorField::Path)));

    app.lock();
    assert_eq!(app.record_summary(&me).unwrap_err().code, ErrorCode::VaultLocked);
}
