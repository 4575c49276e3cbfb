//! Acceptance stories through the facade, as the desktop app and the CLI use it.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

use std::sync::Arc;

use chrono::{TimeZone, Utc};
use phr_app::*;
use phr_core::clock::FixedClock;

const PASS: &str = "otter lantern gravel";

fn app_in(dir: &std::path::Path) -> App {
    let clock = Arc::new(FixedClock(Utc.with_ymd_and_hms(2026, 11, 23, 14, 5, 0).unwrap()));
    App::with_options(dir.join("vault"), AppOptions::with_clock(clock, KdfProfile::Floor))
}

fn pass(s: &str) -> Passphrase {
    Passphrase::new(s.to_owned())
}

fn ada() -> PersonInput {
    PersonInput {
        name: "Ada Lovelace".into(),
        date_of_birth: "1948-07-05".into(),
        nhs_number: Some("9434765919".into()),
        role: None,
    }
}

#[test]
fn a_carer_sets_up_a_vault_for_herself_and_her_mother() {
    let tmp = tempfile::tempdir().unwrap();
    let app = app_in(tmp.path());
    assert_eq!(
        app.status(),
        VaultStatus {
            exists: false,
            unlocked: false,
            vault_dir: tmp.path().join("vault").display().to_string(),
            auto_lock_minutes: 5,
            read_only: false,
            read_only_reason: None,
        }
    );

    let created = app.create_vault(pass(PASS)).unwrap();
    assert!(created.status.unlocked && created.status.exists);
    assert_eq!(created.recovery_key.len(), 27 + 6, "27 symbols in 7 groups: {}", created.recovery_key);

    let me = app.add_person(ada()).unwrap();
    assert_eq!(me.nhs_number.as_deref(), Some("943 476 5919"));
    assert_eq!(me.created_at, "2026-11-23T14:05:00Z");
    let mum = app
        .add_person(PersonInput {
            name: "Mary King".into(),
            date_of_birth: "1921-02-03".into(),
            nhs_number: None,
            role: None,
        })
        .unwrap();

    app.lock();
    assert_eq!(app.list_people().unwrap_err().code, ErrorCode::VaultLocked);
    let wrong = app.unlock(pass("not my passphrase")).unwrap_err();
    assert_eq!((wrong.code, wrong.field), (ErrorCode::WrongPassphrase, Some(ErrorField::Passphrase)));
    app.unlock(pass(PASS)).unwrap();

    // Both were added at the same (fixed) instant, so compare as a set.
    let mut names: Vec<_> = app.list_people().unwrap().into_iter().map(|p| p.name).collect();
    names.sort();
    assert_eq!(names, ["Ada Lovelace", "Mary King"]);

    let log = app.audit_log(&mum.id).unwrap();
    let actions: Vec<_> = log.iter().map(|e| e.action).collect();
    assert_eq!(actions, [AuditAction::PersonCreated, AuditAction::VaultUnlocked]);
    assert!(app.verify_audit(None).unwrap().iter().all(|r| r.ok && r.entries == 2));
}

#[test]
fn bad_details_come_back_on_their_field() {
    let tmp = tempfile::tempdir().unwrap();
    let app = app_in(tmp.path());
    app.create_vault(pass(PASS)).unwrap();
    let mut input = ada();
    input.nhs_number = Some("9434765918".into());
    let e = app.add_person(input).unwrap_err();
    assert_eq!((e.code, e.field), (ErrorCode::InvalidNhsNumber, Some(ErrorField::NhsNumber)));
    let mut input = ada();
    input.date_of_birth = "2026-11-24".into();
    let e = app.add_person(input).unwrap_err();
    assert_eq!((e.code, e.field), (ErrorCode::InvalidDateOfBirth, Some(ErrorField::DateOfBirth)));
    assert!(app.list_people().unwrap().is_empty());
}

#[test]
fn short_passphrase_is_refused_on_its_field() {
    let tmp = tempfile::tempdir().unwrap();
    let app = app_in(tmp.path());
    let e = app.create_vault(pass("too short")).unwrap_err();
    assert_eq!((e.code, e.field), (ErrorCode::PassphraseTooShort, Some(ErrorField::Passphrase)));
    assert!(!app.status().exists);
}

#[test]
fn editing_and_deleting_a_person_needs_their_name() {
    let tmp = tempfile::tempdir().unwrap();
    let app = app_in(tmp.path());
    app.create_vault(pass(PASS)).unwrap();
    let p = app.add_person(ada()).unwrap();
    let mut input = ada();
    input.name = "Ada King".into();
    assert_eq!(app.update_person(&p.id, input).unwrap().name, "Ada King");
    let e = app.delete_person(&p.id, "Ada Lovelace").unwrap_err();
    assert_eq!((e.code, e.field), (ErrorCode::ConfirmationRequired, Some(ErrorField::ConfirmName)));
    app.delete_person(&p.id, "Ada King").unwrap();
    assert!(app.list_people().unwrap().is_empty());
    assert_eq!(app.update_person(&p.id, ada()).unwrap_err().code, ErrorCode::PersonNotFound);
}

#[test]
fn forgotten_passphrase_is_recovered_with_the_recovery_key() {
    let tmp = tempfile::tempdir().unwrap();
    let app = app_in(tmp.path());
    let key = app.create_vault(pass(PASS)).unwrap().recovery_key;
    app.add_person(ada()).unwrap();
    app.lock();
    let e = app.recover(SecretString::from("AAAA".to_owned()), pass("copper meadow violin")).unwrap_err();
    assert_eq!((e.code, e.field), (ErrorCode::RecoveryKeyMalformed, Some(ErrorField::RecoveryKey)));
    app.recover(SecretString::from(key.to_lowercase()), pass("copper meadow violin")).unwrap();
    app.lock();
    assert_eq!(app.unlock(pass(PASS)).unwrap_err().code, ErrorCode::WrongPassphrase);
    app.unlock(pass("copper meadow violin")).unwrap();
    assert_eq!(app.list_people().unwrap().len(), 1);
}

#[test]
fn settings_auto_lock_and_idle_lock() {
    let tmp = tempfile::tempdir().unwrap();
    let app = app_in(tmp.path());
    app.create_vault(pass(PASS)).unwrap();
    let e = app.set_settings(Settings { auto_lock_minutes: 0 }).unwrap_err();
    assert_eq!(e.field, Some(ErrorField::AutoLockMinutes));
    app.set_settings(Settings { auto_lock_minutes: 30 }).unwrap();
    assert!(!app.lock_if_idle(), "just used");
    app.lock();
    app.unlock(pass(PASS)).unwrap();
    assert_eq!(app.status().auto_lock_minutes, 30);
    assert_eq!(app.settings().unwrap().auto_lock_minutes, 30);
}

#[test]
fn backup_restores_into_an_empty_folder_elsewhere() {
    let tmp = tempfile::tempdir().unwrap();
    let app = app_in(tmp.path());
    app.create_vault(pass(PASS)).unwrap();
    app.add_person(ada()).unwrap();
    let file = tmp.path().join("record.phrbackup");
    let info = app.create_backup(&file).unwrap();
    assert_eq!(info.people, 1);
    assert!(info.bytes > 0);

    let other = tempfile::tempdir().unwrap();
    let restored = app_in(other.path());
    assert_eq!(restored.restore_backup(&file, pass("wrong passphrase")).unwrap_err().code, ErrorCode::WrongPassphrase);
    assert!(!restored.status().exists);
    restored.restore_backup(&file, pass(PASS)).unwrap();
    assert_eq!(restored.list_people().unwrap(), app.list_people().unwrap());
}

#[test]
fn suggestions_are_five_words_and_differ() {
    let tmp = tempfile::tempdir().unwrap();
    let app = app_in(tmp.path());
    let a = app.suggest_passphrase();
    assert_eq!(a.split(' ').count(), 5, "{a}");
    assert!((0..5).any(|_| app.suggest_passphrase() != a));
}
