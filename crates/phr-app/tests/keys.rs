//! Changing the keys and opening a vault that cannot be written, through the facade.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

use std::sync::Arc;

use chrono::{TimeZone, Utc};
use phr_app::*;
use phr_core::clock::FixedClock;

const PASS: &str = "otter lantern gravel";
const NEW: &str = "heron biscuit meadow";

fn app_in(dir: &std::path::Path) -> App {
    let clock = Arc::new(FixedClock(Utc.with_ymd_and_hms(2026, 11, 23, 14, 5, 0).unwrap()));
    App::with_options(dir.join("vault"), AppOptions::with_clock(clock, KdfProfile::Floor))
}

fn pass(s: &str) -> Passphrase {
    Passphrase::new(s.to_owned())
}

fn ada() -> PersonInput {
    PersonInput { name: "Ada Lovelace".into(), date_of_birth: "1948-07-05".into(), nhs_number: None, role: None }
}

#[test]
fn rotating_the_keys_gives_a_new_recovery_key_and_the_old_one_stops_working() {
    let tmp = tempfile::tempdir().unwrap();
    let app = app_in(tmp.path());
    let created = app.create_vault(pass(PASS)).unwrap();
    app.add_person(ada()).unwrap();

    let e = app.rotate_keys(pass("not the passphrase"), pass(NEW)).unwrap_err();
    assert_eq!((e.code, e.field), (ErrorCode::WrongPassphrase, Some(ErrorField::Current)));
    let keys = app.rotate_keys(pass(PASS), pass(NEW)).unwrap();
    assert!(keys.finished);
    assert_ne!(keys.recovery_key, created.recovery_key);
    assert_eq!(app.list_people().unwrap().len(), 1);

    app.lock();
    let e = app.recover(SecretString::new(created.recovery_key.clone()), pass(PASS)).unwrap_err();
    assert_eq!(e.code, ErrorCode::WrongRecoveryKey);
    app.recover(SecretString::new(keys.recovery_key.clone()), pass(PASS)).unwrap();

    let again = app.new_recovery_key(pass(PASS)).unwrap();
    assert_ne!(again.recovery_key, keys.recovery_key);
    app.lock();
    let e = app.recover(SecretString::new(keys.recovery_key), pass(NEW)).unwrap_err();
    assert_eq!(e.code, ErrorCode::WrongRecoveryKey);
    app.unlock(pass(PASS)).unwrap();
    assert_eq!(app.list_people().unwrap().len(), 1);
}

#[test]
fn a_vault_that_cannot_be_written_opens_read_only_and_says_why() {
    let tmp = tempfile::tempdir().unwrap();
    let app = app_in(tmp.path());
    app.create_vault(pass(PASS)).unwrap();
    app.add_person(ada()).unwrap();
    assert!(!app.status().read_only);
    app.lock();

    phr_vault::debug_fail_writes_for_tests(Some(std::io::ErrorKind::StorageFull));
    let status = app.unlock(pass(PASS));
    let added = app.add_person(ada());
    phr_vault::debug_fail_writes_for_tests(None);
    let status = status.unwrap();
    assert!(status.unlocked && status.read_only);
    assert!(status.read_only_reason.as_deref().unwrap().contains("full"), "{status:?}");
    assert_eq!(app.list_people().unwrap().len(), 1);
    assert_eq!(added.unwrap_err().code, ErrorCode::ReadOnly);
    app.lock();
    assert!(!app.unlock(pass(PASS)).unwrap().read_only);
}
