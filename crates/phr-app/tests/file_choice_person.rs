//! A file chosen for one person's action serves that person only: a handle chosen on Ada's
//! import page is refused for Bob's record, with FILE_CHOICE_INVALID, and nothing reaches
//! Bob's record. A choice made for no one serves no person's action; only files dropped onto
//! the window are bound at their first import.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

mod common;

use common::*;
use phr_app::*;

fn app_with_two(dir: &std::path::Path) -> (App, PersonId, PersonId) {
    let app = App::with_options(
        dir.join("vault"),
        AppOptions::with_clock(std::sync::Arc::new(SystemClock), KdfProfile::Floor),
    );
    app.create_vault(Passphrase::new(PASS.to_owned())).unwrap();
    let ada = add_person_matching(&app, SYNTHEA);
    let bob = app
        .add_person(PersonInput {
            name: "Bob Smith".into(),
            date_of_birth: "1950-02-03".into(),
            nhs_number: None,
            role: None,
        })
        .unwrap()
        .id;
    (app, ada, bob)
}

fn invalid(e: AppError) {
    assert_eq!(e.code, ErrorCode::FileChoiceInvalid, "{e:?}");
    assert_eq!(e.field, Some(ErrorField::Path));
}

#[test]
fn a_file_chosen_for_one_person_is_refused_for_another() {
    let tmp = tempfile::tempdir().unwrap();
    let (app, ada, bob) = app_with_two(tmp.path());
    let files = app.file_chosen_for(&ada, FilePurpose::ImportFhir, vec![fixtures().join(SYNTHEA)]).unwrap().handle;
    invalid(app.import_chosen_files(&bob, &files).unwrap_err());
    assert_eq!(app.record_summary(&bob).unwrap().total, 0, "nothing reached Bob's record");
    invalid(app.import_chosen_files(&ada, &files).unwrap_err());

    let files = app.file_chosen_for(&ada, FilePurpose::ImportFhir, vec![fixtures().join(SYNTHEA)]).unwrap().handle;
    assert!(app.import_chosen_files(&ada, &files).unwrap().added > 0, "Ada's own choice imports");

    let out = tmp.path().join("ada.json");
    let place = app.file_chosen_for(&ada, FilePurpose::ExportFhir, vec![out.clone()]).unwrap().handle;
    invalid(app.export_fhir_to(&bob, &place).unwrap_err());
    assert!(!out.exists(), "nothing written");
}

/// A device file chosen on Ada's page serves Ada's preview and import only.
#[test]
fn a_device_file_chosen_for_one_person_cannot_be_previewed_or_imported_for_another() {
    let tmp = tempfile::tempdir().unwrap();
    let (app, ada, bob) = app_with_two(tmp.path());
    let meter = fixtures().join("device-data/dexcom-clarity-small.csv");
    let file = app.file_chosen_for(&ada, FilePurpose::DeviceFile, vec![meter.clone()]).unwrap().handle;
    invalid(app.preview_chosen_device_file(&bob, &file, None, None).unwrap_err());
    let file = app.file_chosen_for(&ada, FilePurpose::DeviceFile, vec![meter]).unwrap().handle;
    let preview = app.preview_chosen_device_file(&ada, &file, None, None).unwrap();
    assert!(preview.rows_readable > 0);
    invalid(app.import_chosen_device_file(&bob, &file, None, None, true).unwrap_err());
    invalid(app.import_chosen_device_file(&ada, &file, None, None, true).unwrap_err());
}

/// A choice made for no one (no person named when the dialog opened) serves no person's
/// action: it is not bound to whoever uses it first, so a renderer cannot take a file chosen
/// elsewhere into Bob's record.
#[test]
fn a_file_chosen_for_no_one_serves_no_persons_action() {
    let tmp = tempfile::tempdir().unwrap();
    let (app, _ada, bob) = app_with_two(tmp.path());
    let files = app.file_chosen(FilePurpose::ImportFhir, vec![fixtures().join(SYNTHEA)]).unwrap().handle;
    invalid(app.import_chosen_files(&bob, &files).unwrap_err());
    assert_eq!(app.record_summary(&bob).unwrap().total, 0, "nothing reached Bob's record");
    let meter = fixtures().join("device-data/dexcom-clarity-small.csv");
    let file = app.file_chosen(FilePurpose::DeviceFile, vec![meter]).unwrap().handle;
    invalid(app.preview_chosen_device_file(&bob, &file, None, None).unwrap_err());
    let out = tmp.path().join("bob.json");
    let place = app.file_chosen(FilePurpose::ExportReadings, vec![out.clone()]).unwrap().handle;
    invalid(app.export_readings_to(&bob, &place).unwrap_err());
    assert!(!out.exists(), "nothing written");
}

/// Files dropped onto the window (the window does not know whose page they fell on) are bound
/// to the person of their first import: refused, they still cannot go to someone else.
#[test]
fn dropped_files_are_bound_to_the_person_of_their_first_import() {
    let tmp = tempfile::tempdir().unwrap();
    let (app, ada, bob) = app_with_two(tmp.path());
    let dropped = app.files_dropped(vec![fixtures().join(SYNTHEA)]).unwrap().handle;
    assert!(app.import_chosen_files(&ada, &dropped).unwrap().added > 0, "Ada's drop imports");
    let dropped = app.files_dropped(vec![fixtures().join(SYNTHEA)]).unwrap().handle;
    // The Synthea patient is Ada: Bob's import refuses it, and the drop stays Bob's only.
    let _ = app.import_chosen_files(&bob, &dropped);
    invalid(app.import_chosen_files(&ada, &dropped).unwrap_err());
}
