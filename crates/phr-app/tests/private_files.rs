//! Files the app writes outside the vault for a person to keep (a FHIR export, a readings
//! export, a backup, a share package, the saved copy of an opened package) are readable and
//! writable only by this user (0600), and a link planted at the destination is never followed.

#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use common::*;
use phr_app::*;
use phr_core::clock::FixedClock;

fn app_in(dir: &Path) -> App {
    let clock = Arc::new(FixedClock(Utc.with_ymd_and_hms(2026, 11, 23, 14, 5, 0).unwrap()));
    App::with_options(dir.join("vault"), AppOptions::with_clock(clock, KdfProfile::Floor))
}

fn mode(path: &Path) -> u32 {
    std::fs::symlink_metadata(path).unwrap().permissions().mode() & 0o777
}

/// A dialog's choice: a person's action is chosen on that person's page (the vault's first).
fn choose(app: &App, purpose: FilePurpose, path: &Path) -> FileHandle {
    let paths = vec![path.to_path_buf()];
    match purpose.is_a_persons() {
        true => app.file_chosen_for(&app.list_people().unwrap()[0].id, purpose, paths),
        false => app.file_chosen(purpose, paths),
    }
    .unwrap()
    .handle
}

#[test]
fn exports_backups_packages_and_saved_copies_are_private() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let app = app_in(tmp.path());
    app.create_vault(Passphrase::new(PASS.to_owned())).unwrap();
    let me = add_person_matching(&app, SYNTHEA);
    app.import_files(&me, &[fixtures().join(SYNTHEA)]).unwrap();

    let fhir = out.join("record.json");
    app.export_fhir_to(&me, &choose(&app, FilePurpose::ExportFhir, &fhir)).unwrap();
    assert_eq!(mode(&fhir), 0o600, "FHIR export");

    let readings = out.join("readings.json");
    app.export_readings_to(&me, &choose(&app, FilePurpose::ExportReadings, &readings)).unwrap();
    assert_eq!(mode(&readings), 0o600, "readings export");

    let backup = out.join("record.phrbackup");
    app.create_backup_to(&choose(&app, FilePurpose::SaveBackup, &backup)).unwrap();
    assert_eq!(mode(&backup), 0o600, "backup");

    let request = ShareRequest {
        recipient: ShareRecipient {
            name: "Sam Patel".into(),
            role: Some("Physiotherapist".into()),
            organisation: None,
            ods_code: None,
            public_key: None,
        },
        purpose: "Physiotherapy for my knee".into(),
        slice: ShareSlice { categories: vec![EntryKind::Medication], ..ShareSlice::default() },
        expires_on: "2026-12-23".into(),
    };
    let preview = app.share_preview(&me, request).unwrap();
    let package = out.join("share.age");
    let created =
        app.share_create_to(&me, &preview.draft_id, &choose(&app, FilePurpose::SaveSharePackage, &package)).unwrap();
    assert_eq!(mode(&package), 0o600, "share package");

    let pro = app_in(&tmp.path().join("professional"));
    let opened = choose(&pro, FilePurpose::OpenSharePackage, &package);
    pro.share_open_chosen(&opened, created.access_code.clone().map(Into::into), None).unwrap();
    let copies = out.join("copies");
    std::fs::create_dir(&copies).unwrap();
    let saved = pro.share_save_opened_to(&choose(&pro, FilePurpose::SaveOpenedShare, &copies)).unwrap();
    assert!(saved.len() >= 3);
    for file in &saved {
        assert_eq!(mode(Path::new(file)), 0o600, "saved copy {file}");
    }
}

/// A link at the chosen place is replaced by the export, never written through: the file it
/// pointed at is untouched. A saved copy refuses a link in the folder outright.
#[test]
fn a_link_at_the_destination_is_not_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let app = app_in(tmp.path());
    app.create_vault(Passphrase::new(PASS.to_owned())).unwrap();
    let me = add_person_matching(&app, SYNTHEA);
    let elsewhere = tmp.path().join("elsewhere.txt");
    std::fs::write(&elsewhere, "not yours").unwrap();

    let fhir = tmp.path().join("record.json");
    std::os::unix::fs::symlink(&elsewhere, &fhir).unwrap();
    app.export_fhir(&me, &fhir).unwrap();
    assert_eq!(std::fs::read_to_string(&elsewhere).unwrap(), "not yours");
    assert!(std::fs::symlink_metadata(&fhir).unwrap().file_type().is_file());
    assert_eq!(mode(&fhir), 0o600);

    let request = ShareRequest {
        recipient: ShareRecipient {
            name: "Sam Patel".into(),
            role: None,
            organisation: None,
            ods_code: None,
            public_key: None,
        },
        purpose: "Physiotherapy".into(),
        slice: ShareSlice { categories: vec![EntryKind::Medication], ..ShareSlice::default() },
        expires_on: "2026-12-23".into(),
    };
    let preview = app.share_preview(&me, request).unwrap();
    let package = tmp.path().join("share.age");
    let created = app.share_create(&me, &preview.draft_id, &package).unwrap();
    let pro = app_in(&tmp.path().join("professional"));
    pro.share_open(&package, ShareUnlock { access_code: created.access_code.map(Into::into), identity_path: None })
        .unwrap();
    let copies = tmp.path().join("copies");
    std::fs::create_dir(&copies).unwrap();
    std::os::unix::fs::symlink(&elsewhere, copies.join("record.json")).unwrap();
    let e = pro.share_save_opened(&copies).unwrap_err();
    assert_eq!(e.field, Some(ErrorField::Dir));
    assert_eq!(std::fs::read_to_string(&elsewhere).unwrap(), "not yours");
}

/// Every file in the vault's folder (the key file, each person's database and its logs, a
/// person's own key file and private part) is 0600 whatever the umask, so a folder copied or
/// synced with its modes, or made elsewhere, never leaves a record readable by other users.
#[test]
fn every_file_in_the_vault_folder_is_private() {
    let tmp = tempfile::tempdir().unwrap();
    let app = app_in(tmp.path());
    app.create_vault(Passphrase::new(PASS.to_owned())).unwrap();
    let me = add_person_matching(&app, SYNTHEA);
    app.import_files(&me, &[fixtures().join(SYNTHEA)]).unwrap();
    let role = dto_person::PersonRoleInput {
        kind: "caredFor".into(),
        relationship: Some("mother".into()),
        basis: Some("consent".into()),
        ..Default::default()
    };
    let mum = app
        .add_person(PersonInput {
            name: "Margaret Evans".into(),
            date_of_birth: "1948-03-02".into(),
            nhs_number: None,
            role: Some(role),
        })
        .unwrap()
        .id;
    app.set_own_access(&mum, Passphrase::new("kestrel pebble harbour".into())).unwrap();

    let mut seen = 0;
    let mut stack = vec![tmp.path().join("vault")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                assert_eq!(mode(&path), 0o700, "{}", path.display());
                stack.push(path);
            } else {
                assert_eq!(mode(&path), 0o600, "{}", path.display());
                seen += 1;
            }
        }
    }
    assert!(seen >= 4, "the key file, two databases and an own key file at least: {seen}");
}
