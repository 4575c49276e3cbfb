//! The webview names no path: a file reaches an action only through the one-time handle a
//! dialog's choice was kept under (`App::file_chosen`), for that action's purpose; every file
//! the app reads is capped in size; and auto-lock counts time the machine was asleep.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

mod common;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, TimeZone, Utc};
use common::*;
use phr_app::*;
use phr_core::Clock;

/// A wall clock the test sets, as a laptop's is after it wakes.
#[derive(Debug)]
struct WallClock(Mutex<DateTime<Utc>>);

impl Clock for WallClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

impl WallClock {
    fn advance(&self, by: chrono::Duration) {
        let mut t = self.0.lock().unwrap();
        *t += by;
    }
}

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 14, 5, 0).unwrap()
}

fn app_in(dir: &Path) -> (App, Arc<WallClock>) {
    let clock = Arc::new(WallClock(Mutex::new(start())));
    let app = App::with_options(dir.join("vault"), AppOptions::with_clock(clock.clone(), KdfProfile::Floor));
    (app, clock)
}

/// An unlocked app with one person made to match the Synthea fixture's Patient.
fn app_with_person(dir: &Path) -> (App, PersonId) {
    let (app, _) = app_in(dir);
    app.create_vault(Passphrase::new(PASS.to_owned())).unwrap();
    let person = add_person_matching(&app, SYNTHEA);
    (app, person)
}

/// A dialog's choice: a person's action is chosen on that person's page (the vault's first).
fn chosen(app: &App, purpose: FilePurpose, path: PathBuf) -> FileHandle {
    match purpose.is_a_persons() {
        true => app.file_chosen_for(&app.list_people().unwrap()[0].id, purpose, vec![path]),
        false => app.file_chosen(purpose, vec![path]),
    }
    .unwrap()
    .handle
}

/// A file of `len` bytes that takes no disk space (a hole): the cap is checked on its size.
fn sparse(path: &Path, len: u64) -> PathBuf {
    std::fs::File::create(path).unwrap().set_len(len).unwrap();
    path.to_path_buf()
}

fn invalid(e: AppError) {
    assert_eq!(e.code, ErrorCode::FileChoiceInvalid, "{e:?}");
    assert_eq!(e.field, Some(ErrorField::Path));
}

#[test]
fn a_dialog_choice_gives_the_interface_a_handle_and_the_file_name_only() {
    let tmp = tempfile::tempdir().unwrap();
    let (app, _) = app_in(tmp.path());
    let choice = app.file_chosen(FilePurpose::ImportFhir, vec![tmp.path().join("records/margaret.json")]).unwrap();
    assert_eq!(choice.display_name, "margaret.json");
    assert_eq!(choice.count, 1);
    let shown = serde_json::to_string(&choice).unwrap();
    assert!(!shown.contains(&tmp.path().display().to_string()), "no folder reaches the webview: {shown}");
    assert!(app.file_chosen(FilePurpose::ImportFhir, Vec::new()).is_none(), "a cancelled dialog gives no handle");
}

/// A place chosen to save a backup in cannot be read as FHIR files to import, and the misused
/// handle is gone afterwards: a compromised renderer cannot turn one choice into another.
#[test]
fn a_handle_chosen_for_one_purpose_is_refused_for_another() {
    let tmp = tempfile::tempdir().unwrap();
    let (app, me) = app_with_person(tmp.path());
    let record = tmp.path().join("record.json");
    std::fs::copy(fixtures().join(SYNTHEA), &record).unwrap();
    let backup_place = chosen(&app, FilePurpose::SaveBackup, record.clone());
    invalid(app.import_chosen_files(&me, &backup_place).unwrap_err());
    assert_eq!(app.record_summary(&me).unwrap().total, 0, "nothing imported");
    invalid(app.create_backup_to(&backup_place).unwrap_err());

    // An export place is not a package to seal either, nor the readings export.
    let export_place = chosen(&app, FilePurpose::ExportFhir, tmp.path().join("out.json"));
    invalid(app.export_readings_to(&me, &export_place).unwrap_err());
    assert!(!tmp.path().join("out.json").exists(), "nothing written");
}

/// A place chosen to save a summary for a professional (the IPS, filtered) is not a place for
/// the whole record's export, and the other way round: each is refused, and writes nothing.
#[test]
fn a_summary_place_is_not_a_whole_export_place() {
    let tmp = tempfile::tempdir().unwrap();
    let (app, me) = app_with_person(tmp.path());
    let files = app.file_chosen_for(&me, FilePurpose::ImportFhir, vec![fixtures().join(SYNTHEA)]).unwrap().handle;
    assert!(app.import_chosen_files(&me, &files).unwrap().added > 0);

    let summary = tmp.path().join("summary.json");
    let ips_place = chosen(&app, FilePurpose::ExportIps, summary.clone());
    invalid(app.export_fhir_to(&me, &ips_place).unwrap_err());
    assert!(!summary.exists(), "the whole record was not written to the summary's place");
    let whole = tmp.path().join("whole.json");
    let fhir_place = chosen(&app, FilePurpose::ExportFhir, whole.clone());
    invalid(app.export_ips_to(&me, &fhir_place, &[]).unwrap_err());
    assert!(!whole.exists(), "nothing written");

    // Each with its own purpose works.
    app.export_ips_to(&me, &chosen(&app, FilePurpose::ExportIps, summary.clone()), &[]).unwrap();
    assert!(summary.exists());
    app.export_fhir_to(&me, &chosen(&app, FilePurpose::ExportFhir, whole.clone())).unwrap();
    assert!(whole.exists());
}

#[test]
fn a_used_handle_is_refused_the_second_time() {
    let tmp = tempfile::tempdir().unwrap();
    let (app, me) = app_with_person(tmp.path());
    let files = app.file_chosen_for(&me, FilePurpose::ImportFhir, vec![fixtures().join(SYNTHEA)]).unwrap().handle;
    assert!(app.import_chosen_files(&me, &files).unwrap().added > 0);
    invalid(app.import_chosen_files(&me, &files).unwrap_err());
    assert_eq!(app.import_history(&me).unwrap().len(), 1, "imported once");

    let out = tmp.path().join("export.json");
    let place = chosen(&app, FilePurpose::ExportFhir, out.clone());
    app.export_fhir_to(&me, &place).unwrap();
    std::fs::remove_file(&out).unwrap();
    invalid(app.export_fhir_to(&me, &place).unwrap_err());
    assert!(!out.exists(), "the second export wrote nothing");
}

#[test]
fn an_unknown_handle_is_refused_and_a_path_is_no_handle() {
    let tmp = tempfile::tempdir().unwrap();
    let (app, me) = app_with_person(tmp.path());
    let target = tmp.path().join("stolen.json");
    invalid(app.export_fhir_to(&me, &FileHandle::from(target.display().to_string())).unwrap_err());
    invalid(app.export_fhir_to(&me, &FileHandle::from("0123456789abcdef0123456789abcdef")).unwrap_err());
    assert!(!target.exists());
    invalid(app.share_save_opened_to(&FileHandle::from(tmp.path().display().to_string())).unwrap_err());
    invalid(app.share_open_chosen(&FileHandle::from("/etc/passwd"), Some("ABCD".to_owned().into()), None).unwrap_err());
}

/// A device file's preview keeps its choice for the import; the import spends it.
#[test]
fn a_device_file_is_previewed_then_imported_with_one_choice() {
    let tmp = tempfile::tempdir().unwrap();
    let (app, me) = app_with_person(tmp.path());
    let file = chosen(&app, FilePurpose::DeviceFile, fixtures().join("device-data/dexcom-clarity-small.csv"));
    let preview = app.preview_chosen_device_file(&me, &file, None, None).unwrap();
    assert!(preview.rows_readable > 0);
    app.preview_chosen_device_file(&me, &file, None, None).unwrap();
    let imported = app.import_chosen_device_file(&me, &file, None, None, true).unwrap();
    assert_eq!(imported.added, preview.rows_readable - preview.duplicates);
    invalid(app.import_chosen_device_file(&me, &file, None, None, true).unwrap_err());
}

/// A wrong passphrase leaves the chosen backup for another try; the restore that works
/// spends it.
#[test]
fn a_refused_restore_keeps_its_choice_and_a_lock_forgets_every_choice() {
    let tmp = tempfile::tempdir().unwrap();
    let (app, _me) = app_with_person(tmp.path());
    let backup = tmp.path().join("record.phrbackup");
    app.create_backup_to(&chosen(&app, FilePurpose::SaveBackup, backup.clone())).unwrap();

    let (elsewhere, _) = app_in(&tmp.path().join("elsewhere"));
    let file = chosen(&elsewhere, FilePurpose::RestoreBackup, backup.clone());
    let e = elsewhere.restore_backup_from(&file, Passphrase::new("not the passphrase".into())).unwrap_err();
    assert_eq!(e.code, ErrorCode::WrongPassphrase);
    assert!(elsewhere.restore_backup_from(&file, Passphrase::new(PASS.into())).unwrap().unlocked);
    invalid(elsewhere.restore_backup_from(&file, Passphrase::new(PASS.into())).unwrap_err());

    let later = chosen(&app, FilePurpose::ExportFhir, tmp.path().join("later.json"));
    app.lock();
    app.unlock(Passphrase::new(PASS.into())).unwrap();
    let me = app.list_people().unwrap()[0].id.clone();
    invalid(app.export_fhir_to(&me, &later).unwrap_err());
}

#[test]
fn an_oversized_fhir_file_is_refused_with_its_limit_and_nothing_is_imported() {
    let tmp = tempfile::tempdir().unwrap();
    let (app, me) = app_with_person(tmp.path());
    let big = sparse(&tmp.path().join("huge.json"), MAX_FHIR_FILE_BYTES + 1);
    let e = app.import_files(&me, &[fixtures().join(SYNTHEA), big.clone()]).unwrap_err();
    assert_eq!((e.code, e.field), (ErrorCode::FileTooLarge, Some(ErrorField::Paths)));
    assert!(e.message.contains("huge.json is too large") && e.message.contains("up to 500 MB"), "{}", e.message);
    let file = chosen(&app, FilePurpose::ImportFhir, big);
    assert_eq!(app.import_chosen_files(&me, &file).unwrap_err().code, ErrorCode::FileTooLarge);
    assert_eq!(app.record_summary(&me).unwrap().total, 0);
    assert!(app.import_history(&me).unwrap().is_empty());
}

#[test]
fn fhir_files_over_the_cap_together_are_refused_and_nothing_is_imported() {
    let tmp = tempfile::tempdir().unwrap();
    let (app, me) = app_with_person(tmp.path());
    let half = MAX_FHIR_FILE_BYTES / 2;
    let first = sparse(&tmp.path().join("first.json"), half);
    let second = sparse(&tmp.path().join("second.json"), half + 1);
    let e = app.import_files(&me, &[first, second]).unwrap_err();
    assert_eq!((e.code, e.field), (ErrorCode::FileTooLarge, Some(ErrorField::Paths)));
    assert!(
        e.message.contains("come to 500.1 MB together") && e.message.contains("up to 500 MB in all"),
        "{}",
        e.message
    );
    assert_eq!(app.record_summary(&me).unwrap().total, 0);
    assert!(app.import_history(&me).unwrap().is_empty());
}

#[test]
fn an_oversized_device_file_is_refused_with_its_limit_and_nothing_is_imported() {
    let tmp = tempfile::tempdir().unwrap();
    let (app, me) = app_with_person(tmp.path());
    let big = sparse(&tmp.path().join("clarity.csv"), MAX_DEVICE_FILE_BYTES + 1);
    let e = app.preview_device_file(&me, &big, None, None).unwrap_err();
    assert_eq!((e.code, e.field), (ErrorCode::FileTooLarge, Some(ErrorField::Path)));
    assert!(e.message.contains("device files of up to 250 MB"), "{}", e.message);
    let file = chosen(&app, FilePurpose::DeviceFile, big);
    let e = app.import_chosen_device_file(&me, &file, None, None, true).unwrap_err();
    assert_eq!(e.code, ErrorCode::FileTooLarge);
    assert!(app.import_history(&me).unwrap().is_empty());
}

#[test]
fn an_oversized_backup_is_refused_before_it_is_opened() {
    let tmp = tempfile::tempdir().unwrap();
    let (app, _) = app_in(tmp.path());
    let big = sparse(&tmp.path().join("old.phrbackup"), MAX_BACKUP_BYTES + 1);
    let file = chosen(&app, FilePurpose::RestoreBackup, big);
    let e = app.restore_backup_from(&file, Passphrase::new(PASS.into())).unwrap_err();
    assert_eq!((e.code, e.field), (ErrorCode::FileTooLarge, Some(ErrorField::Path)));
    assert!(e.message.contains("backups of up to 8 GB"), "{}", e.message);
    assert!(!app.status().exists, "nothing restored");
}

#[test]
fn an_oversized_handover_file_is_refused_before_it_is_opened() {
    let tmp = tempfile::tempdir().unwrap();
    let app =
        App::with_options(tmp.path().join("new"), AppOptions::with_clock(Arc::new(SystemClock), KdfProfile::Floor));
    let big = sparse(&tmp.path().join("emma.phrhandover"), MAX_HANDOVER_BYTES + 1);
    let file = chosen(&app, FilePurpose::OpenHandover, big);
    let e = app
        .handover_accept_from(&file, SecretString::new("0000-0000-0000-0000".into()), Passphrase::new(PASS.into()))
        .unwrap_err();
    assert_eq!((e.code, e.field), (ErrorCode::FileTooLarge, Some(ErrorField::Path)));
    assert!(e.message.contains("handover files of up to 2 GB"), "{}", e.message);
    assert!(!app.status().exists, "no vault made");
}

#[test]
fn an_oversized_package_or_identity_is_refused_with_its_limit() {
    let tmp = tempfile::tempdir().unwrap();
    let (app, _) = app_in(tmp.path());
    let big = sparse(&tmp.path().join("share.age"), 2_000_000_000);
    let package = chosen(&app, FilePurpose::OpenSharePackage, big);
    let e = app.share_open_chosen(&package, Some("K7QM-2XD9-4HRT-8WPA".to_owned().into()), None).unwrap_err();
    assert_eq!((e.code, e.field), (ErrorCode::FileTooLarge, Some(ErrorField::Path)));
    assert!(e.message.contains("shared record packages of up to"), "{}", e.message);

    let small = tmp.path().join("small.age");
    std::fs::copy(fixtures().join("golden/share-v1-key.phr"), &small).unwrap();
    let package = chosen(&app, FilePurpose::OpenSharePackage, small);
    let identity = chosen(&app, FilePurpose::ShareIdentity, sparse(&tmp.path().join("id.txt"), 64_001));
    let e = app.share_open_chosen(&package, None, Some(&identity)).unwrap_err();
    assert_eq!((e.code, e.field), (ErrorCode::FileTooLarge, Some(ErrorField::IdentityPath)));
    assert!(e.message.contains("identity files of up to 64 KB"), "{}", e.message);
}

/// A laptop that slept for two hours wakes locked: the monotonic clock (which may not count
/// suspend) saw almost nothing, the wall clock two hours.
#[test]
fn auto_lock_counts_time_the_machine_was_asleep() {
    let tmp = tempfile::tempdir().unwrap();
    let (app, clock) = app_in(tmp.path());
    app.create_vault(Passphrase::new(PASS.into())).unwrap();
    assert!(!app.lock_if_idle(), "just used");
    clock.advance(chrono::Duration::hours(2));
    assert!(app.lock_if_idle());
    assert!(!app.status().unlocked);
}

/// After a long sleep, the first mouse move or command can reach the app before the heartbeat's
/// next check: it locks, and is refused, instead of counting as activity.
#[test]
fn activity_after_a_sleep_past_the_limit_locks_instead_of_keeping_the_record_open() {
    let tmp = tempfile::tempdir().unwrap();
    let (app, clock) = app_in(tmp.path());
    app.create_vault(Passphrase::new(PASS.into())).unwrap();
    assert!(app.touch().is_ok(), "activity within the limit");
    clock.advance(chrono::Duration::hours(2));
    assert_eq!(app.touch().unwrap_err().code, ErrorCode::VaultLocked);
    assert!(!app.status().unlocked);
    assert!(!app.lock_if_idle(), "the heartbeat finds nothing left to lock");

    let tmp = tempfile::tempdir().unwrap();
    let (app, clock) = app_in(tmp.path());
    app.create_vault(Passphrase::new(PASS.into())).unwrap();
    clock.advance(chrono::Duration::hours(2));
    assert_eq!(app.list_people().unwrap_err().code, ErrorCode::VaultLocked, "a command after the sleep");
    assert!(!app.status().unlocked);
}

/// Setting the wall clock back neither unlocks nor panics, and does not stop the monotonic
/// clock from counting.
#[test]
fn a_wall_clock_set_back_is_no_activity() {
    let tmp = tempfile::tempdir().unwrap();
    let (app, clock) = app_in(tmp.path());
    app.create_vault(Passphrase::new(PASS.into())).unwrap();
    clock.advance(chrono::Duration::hours(-3));
    assert!(!app.lock_if_idle());
    assert!(app.status().unlocked);
}

#[test]
fn a_typed_practice_address_with_a_password_in_it_is_refused_before_anything_is_sent() {
    let tmp = tempfile::tempdir().unwrap();
    let (app, me) = app_with_person(tmp.path());
    for url in ["https://sam:secret@gp.example.nhs.uk/fhir", "http://gp.example.nhs.uk/fhir", "file:///etc/passwd"] {
        let e = app.import_from_gp(&me, url, false, &|_| panic!("nothing starts")).unwrap_err();
        assert_eq!((e.code, e.field), (ErrorCode::InvalidInput, Some(ErrorField::Url)), "{url}");
    }
}
