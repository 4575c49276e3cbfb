//! A file written by a newer version of the app is refused with "a newer version of the app is
//! needed" (`ErrorCode::UnsupportedVersion`), never as damaged, and is left byte for byte as it
//! was: the vault key file, and a person's record database (its `user_version` beyond the
//! migrations this app knows). Backups and handover packages: tests/golden_carers.rs.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use phr_app::*;
use phr_core::clock::FixedClock;

const PASSWORD: &str = "copper walrus tundra lantern mosaic velvet";

fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock(Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap()))
}

fn app_at(dir: &Path) -> App {
    App::with_options(dir.to_path_buf(), AppOptions::with_clock(clock(), KdfProfile::Floor))
}

fn pass() -> Passphrase {
    Passphrase::new(PASSWORD.to_owned())
}

/// Every file under `dir` with its bytes, in path order.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                todo.push(path);
            } else {
                out.push((path.clone(), std::fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

fn refused_as_newer(e: &AppError) {
    assert_eq!(e.code, ErrorCode::UnsupportedVersion, "{}", e.message);
    assert!(e.message.contains("newer version of the app"), "{}", e.message);
    assert!(!e.message.to_lowercase().contains("damaged"), "{}", e.message);
}

/// A vault with one person, locked; the person's id.
fn vault_with_one_person(dir: &Path) -> String {
    let app = app_at(dir);
    app.create_vault(pass()).unwrap();
    let person = app
        .add_person(PersonInput {
            name: "Ada Example".into(),
            date_of_birth: "1970-03-14".into(),
            nhs_number: None,
            role: None,
        })
        .unwrap();
    app.lock();
    person.id.to_string()
}

#[test]
fn a_newer_vault_key_file_is_refused_and_left_as_it_was() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    vault_with_one_person(&dir);
    let key_path = dir.join("vault.key");
    let mut key: serde_json::Value = serde_json::from_slice(&std::fs::read(&key_path).unwrap()).unwrap();
    key["version"] = (phr_app::about().vault_format + 1).into();
    std::fs::write(&key_path, serde_json::to_vec_pretty(&key).unwrap()).unwrap();
    let before = snapshot(&dir);

    refused_as_newer(&app_at(&dir).unlock(pass()).unwrap_err());
    assert_eq!(snapshot(&dir), before, "the vault folder is left as it was");
}

#[test]
fn a_record_database_from_a_newer_version_is_refused_and_left_as_it_was() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    let id = vault_with_one_person(&dir);
    {
        let vault = phr_vault::Vault::unlock(&dir, &pass(), clock()).unwrap();
        let person: phr_vault::PersonId = id.parse().unwrap();
        let conn = vault.debug_open_person_db_for_tests(&person).unwrap();
        let newer = phr_app::about().database_format + 1;
        conn.pragma_update(None, "user_version", newer).unwrap();
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").unwrap();
    }
    let before = snapshot(&dir.join("people"));

    let app = app_at(&dir);
    let opened = app.unlock(pass()).and_then(|_| app.record_summary(&id));
    refused_as_newer(&opened.unwrap_err());
    app.lock();
    assert_eq!(snapshot(&dir.join("people")), before, "the person's files are left as they were");
}
