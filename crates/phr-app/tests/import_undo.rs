//! Device files belong to the person, and any import can be undone as a whole, through the
//! facade: a Dexcom file headed with someone else's name and date of birth is refused with
//! DEVICE_FILE_OTHER_PERSON and a question that names only this person, and imported only
//! after an explicit, audited confirmation; the import history lists FHIR and device imports
//! with their ids, and undoing one takes out exactly what it brought.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

#[allow(dead_code)] // Not every helper the test crates share is used here.
mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use common::*;
use phr_app::*;
use phr_core::clock::FixedClock;

const KARENA: &str = "synthea-r4-smart/Karena_Pfeffer_1f99a0cb-594b-476a-b9cb-502594c1ee6b.json";
const QUESTION: &str = "This file seems to belong to someone else: the name and date of birth in it do not match Karena's. Import it anyway?";

fn app(dir: &Path) -> App {
    let clock = Arc::new(FixedClock(Utc.with_ymd_and_hms(2026, 11, 23, 14, 5, 0).unwrap()));
    let app = App::with_options(dir.join("vault"), AppOptions::with_clock(clock, KdfProfile::Floor));
    app.create_vault(Passphrase::new(PASS.to_owned())).unwrap();
    app
}

fn person(app: &App, name: &str, born: &str) -> PersonId {
    app.add_person(PersonInput { name: name.into(), date_of_birth: born.into(), nhs_number: None, role: None })
        .unwrap()
        .id
}

/// Dexcom CLARITY's export headed "Joe Schmoe, 1/1/1970": 24 readings and one bad line.
fn dexcom() -> PathBuf {
    fixtures().join("device-data/dexcom-clarity-small.csv")
}

fn readings(app: &App, id: &PersonId) -> u64 {
    // The person's own readings: the GP record's observations are read through the record.
    let home = ReadingQuery { source: Some(ReadingSourceFilter::Home), ..ReadingQuery::default() };
    app.list_readings(id, home).unwrap().total
}

/// Nothing in `text` names Joe Schmoe or his date of birth.
fn names_no_one_else(text: &str) {
    for other in ["Joe", "Schmoe", "1970", "1/1/"] {
        assert!(!text.contains(other), "{other:?} in {text:?}");
    }
}

#[test]
fn a_dexcom_file_naming_someone_else_is_refused_unless_confirmed() {
    let tmp = tempfile::tempdir().unwrap();
    let app = app(tmp.path());
    let karena = person(&app, "Karena Pfeffer", "1994-12-21");

    let preview = app.preview_device_file(&karena, &dexcom(), None, None).unwrap();
    assert_eq!(preview.other_person.as_deref(), Some(QUESTION));
    assert!(preview.rows_readable > 0);

    let e = app.import_device_file(&karena, &dexcom(), None, None, false).unwrap_err();
    assert_eq!(e.code, ErrorCode::DeviceFileOtherPerson);
    assert_eq!(e.message, QUESTION);
    assert_eq!(e.field, None);
    assert_eq!(readings(&app, &karena), 0, "nothing was stored");
    assert!(app.import_history(&karena).unwrap().is_empty());
    let audit = app.audit_log(&karena).unwrap();
    assert!(audit.iter().all(|a| a.action != AuditAction::ReadingsImported));

    let done = app.import_device_file(&karena, &dexcom(), None, None, true).unwrap();
    assert_eq!(u64::from(done.added), readings(&app, &karena));
    assert_eq!(done.added, preview.rows_readable);
    let entry = app.audit_log(&karena).unwrap().into_iter().rfind(|a| a.action == AuditAction::ReadingsImported);
    let entry = entry.expect("the import is audited");
    assert!(
        entry.detail.contains("owner did not match this person; imported after the person confirmed"),
        "{}",
        entry.detail
    );
    names_no_one_else(&entry.detail);
    let history = app.import_history(&karena).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(Some(&history[0].import_id), done.import_id.as_ref());
    assert!(history[0].owner_overridden);
    assert_eq!(history[0].kind, ImportKind::Readings);
    assert_eq!(history[0].files, vec!["dexcom-clarity-small.csv".to_owned()]);
    assert_eq!(history[0].source.name, "Dexcom CLARITY export");
    names_no_one_else(&serde_json::to_string(&history).unwrap());
}

#[test]
fn a_device_file_naming_its_owner_goes_in_without_a_question() {
    let tmp = tempfile::tempdir().unwrap();
    let app = app(tmp.path());
    // Written the other way round, with a middle name: still Joe Schmoe.
    let joe = person(&app, "Schmoe, Joe Alan", "1970-01-01");
    assert_eq!(app.preview_device_file(&joe, &dexcom(), None, None).unwrap().other_person, None);
    let done = app.import_device_file(&joe, &dexcom(), None, None, false).unwrap();
    assert!(done.added > 0);
    assert!(!app.import_history(&joe).unwrap()[0].owner_overridden);
    let entry = app.audit_log(&joe).unwrap().pop().unwrap();
    assert!(!entry.detail.contains("owner"), "{}", entry.detail);

    // Only the date of birth differs: the question says so.
    let namesake = person(&app, "Joe Schmoe", "1971-01-01");
    let e = app.import_device_file(&namesake, &dexcom(), None, None, false).unwrap_err();
    assert_eq!(e.code, ErrorCode::DeviceFileOtherPerson);
    assert_eq!(
        e.message,
        "This file seems to belong to someone else: the date of birth in it does not match Joe's. Import it anyway?"
    );
}

#[test]
fn any_import_in_the_history_can_be_undone_as_a_whole_and_imported_again() {
    let tmp = tempfile::tempdir().unwrap();
    let app = app(tmp.path());
    let karena = add_person_matching(&app, KARENA);
    let report = app.import_files(&karena, &[fixtures().join(KARENA)]).unwrap();
    let entries = app.record_summary(&karena).unwrap().total;
    assert!(entries > 100);
    let device = app.import_device_file(&karena, &dexcom(), None, None, true).unwrap();
    let device_id = device.import_id.clone().unwrap();

    let history = app.import_history(&karena).unwrap();
    let kinds: Vec<(ImportId, ImportKind, bool)> =
        history.iter().map(|r| (r.import_id.clone(), r.kind, r.undone_at.is_some())).collect();
    assert_eq!(
        kinds,
        vec![(device_id.clone(), ImportKind::Readings, false), (report.import_id.clone(), ImportKind::Record, false)]
    );

    // The device file: the confirmation's numbers, then the undo.
    let plan = app.preview_undo_import(&karena, &device_id).unwrap();
    assert_eq!((plan.readings_removed, plan.entries_removed, plan.entries_restored), (device.added, 0, 0));
    assert_eq!(readings(&app, &karena), u64::from(device.added), "a preview changes nothing");
    let done = app.undo_import(&karena, &device_id).unwrap();
    assert_eq!(done.readings_removed, device.added);
    assert!(done.import.undone_at.is_some());
    assert_eq!(readings(&app, &karena), 0);
    assert_eq!(app.record_summary(&karena).unwrap().total, entries, "the record is untouched");
    let last = app.audit_log(&karena).unwrap().pop().unwrap();
    assert_eq!(last.action, AuditAction::ImportUndone);
    assert_eq!(last.detail, format!("import {device_id} from a device file undone: {} readings removed", device.added));
    assert_eq!(app.undo_import(&karena, &device_id).unwrap_err().code, ErrorCode::NothingToUndo);

    // The FHIR file.
    let plan = app.preview_undo_import(&karena, &report.import_id).unwrap();
    // Every entry the import stored goes, administrative ones and those folded into their
    // report included (the summary's total counts only the health story).
    assert_eq!(plan.entries_removed, report.added + report.unmapped);
    assert!(plan.entries_removed > entries);
    app.undo_import(&karena, &report.import_id).unwrap();
    let summary = app.record_summary(&karena).unwrap();
    assert_eq!((summary.total, summary.last_import), (0, None));
    assert!(app.import_history(&karena).unwrap().iter().all(|r| r.undone_at.is_some()));

    // Both again: the same again, as new imports.
    let again = app.import_files(&karena, &[fixtures().join(KARENA)]).unwrap();
    assert_eq!(app.record_summary(&karena).unwrap().total, entries);
    assert_ne!(again.import_id, report.import_id);
    let device_again = app.import_device_file(&karena, &dexcom(), None, None, true).unwrap();
    assert_eq!((device_again.added, device_again.duplicates), (device.added, 0));
    assert_eq!(app.verify_audit(Some(karena.as_str())).unwrap()[0].broken_at, None);
}

#[test]
fn undo_refusals_carry_their_codes() {
    let tmp = tempfile::tempdir().unwrap();
    let app = app(tmp.path());
    let karena = person(&app, "Karena Pfeffer", "1994-12-21");
    for id in ["999", "not a number", ""] {
        let e = app.preview_undo_import(&karena, id).unwrap_err();
        assert_eq!(e.code, ErrorCode::ImportNotFound, "{id:?}");
        assert_eq!(app.undo_import(&karena, id).unwrap_err().code, ErrorCode::ImportNotFound);
    }
    app.lock();
    assert_eq!(app.undo_import(&karena, "1").unwrap_err().code, ErrorCode::VaultLocked);
}
