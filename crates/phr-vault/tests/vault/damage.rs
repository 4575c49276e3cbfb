//! Damaged files are reported with the right code and the file's path, and left as found.

use std::path::Path;

use phr_vault::{ErrorCode, Vault};

use crate::support::*;

fn key_path(dir: &Path) -> std::path::PathBuf {
    dir.join("vault.key")
}

/// Writes `bytes` as the key file, tries to unlock, checks the code and the path, and
/// checks the file was not changed.
fn unlock_with_key_file(dir: &Path, bytes: &[u8]) -> ErrorCode {
    std::fs::write(key_path(dir), bytes).expect("write");
    let e = Vault::unlock(dir, &pw(PW), clock()).unwrap_err();
    assert_eq!(e.path.as_deref(), Some(key_path(dir).as_path()), "{e}");
    assert!(e.to_string().contains("vault.key"), "{e}");
    assert_eq!(std::fs::read(key_path(dir)).expect("read"), bytes, "the damaged file was changed");
    e.code
}

fn vault_with_a_person() -> (tempfile::TempDir, std::path::PathBuf, Vec<u8>) {
    let (tmp, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    v.add_person(details("Ada")).expect("add");
    drop(v);
    let good = std::fs::read(key_path(&dir)).expect("read");
    (tmp, dir, good)
}

fn edited(good: &[u8], edit: impl FnOnce(&mut serde_json::Value)) -> Vec<u8> {
    let mut json: serde_json::Value = serde_json::from_slice(good).expect("json");
    edit(&mut json);
    serde_json::to_vec(&json).expect("encode")
}

#[test]
fn a_truncated_or_garbage_key_file_is_damaged() {
    let (_tmp, dir, good) = vault_with_a_person();
    assert_eq!(unlock_with_key_file(&dir, &good[..good.len() / 2]), ErrorCode::KeyFileDamaged);
    assert_eq!(unlock_with_key_file(&dir, b"\x00\xffnot json at all"), ErrorCode::KeyFileDamaged);
    assert_eq!(unlock_with_key_file(&dir, b""), ErrorCode::KeyFileDamaged);
    assert_eq!(unlock_with_key_file(&dir, b"{\"format\":\"phr-vault-key\",\"version\":1}"), ErrorCode::KeyFileDamaged);
    // Restoring the good file makes the vault open again: nothing else was touched.
    std::fs::write(key_path(&dir), &good).expect("write");
    drop(unlock(&dir));
}

#[test]
fn a_flipped_byte_in_a_wrapped_key_is_caught() {
    let (_tmp, dir, good) = vault_with_a_person();
    let flip_hex = |s: &str| {
        let mut c: Vec<char> = s.chars().collect();
        c[40] = if c[40] == '0' { '1' } else { '0' };
        c.into_iter().collect::<String>()
    };
    let bytes = edited(&good, |j| {
        let s = flip_hex(j["master_key_by_passphrase"].as_str().expect("str"));
        j["master_key_by_passphrase"] = s.into();
    });
    // AES-GCM cannot tell a changed wrapped key from a wrong passphrase.
    assert_eq!(unlock_with_key_file(&dir, &bytes), ErrorCode::WrongPassphrase);

    let bytes = edited(&good, |j| {
        let s = flip_hex(j["people"][0]["key"].as_str().expect("str"));
        j["people"][0]["key"] = s.into();
    });
    // Here the master key opened, so the person's entry itself was changed.
    assert_eq!(unlock_with_key_file(&dir, &bytes), ErrorCode::KeyFileDamaged);

    let bytes = edited(&good, |j| {
        let s = j["kdf"]["salt"].as_str().expect("str")[2..].to_string();
        j["kdf"]["salt"] = s.into();
    });
    assert_eq!(unlock_with_key_file(&dir, &bytes), ErrorCode::KeyFileDamaged);
}

/// A tampered key file can neither weaken the KDF below the floor nor make unlock hang.
#[test]
fn kdf_parameters_outside_the_bounds_are_refused() {
    let (_tmp, dir, good) = vault_with_a_person();
    for (field, value) in [("m_kib", 1024u64), ("t", 1), ("m_kib", 64 * 1024 * 1024), ("t", 10_000), ("p", 64)] {
        let bytes = edited(&good, |j| j["kdf"][field] = value.into());
        assert_eq!(unlock_with_key_file(&dir, &bytes), ErrorCode::KeyFileDamaged, "{field}={value}");
    }
    let bytes = edited(&good, |j| j["kdf"]["alg"] = "pbkdf2".into());
    assert_eq!(unlock_with_key_file(&dir, &bytes), ErrorCode::KeyFileDamaged);
}

/// An audit anchor must name an entry and hold a whole hash; anything else is a damaged key
/// file, not an anchor to ignore.
#[test]
fn a_malformed_audit_anchor_is_damaged() {
    let (_tmp, dir, good) = vault_with_a_person();
    let json: serde_json::Value = serde_json::from_slice(&good).expect("json");
    assert_eq!(json["people"][0]["audit_anchor"]["seq"], 1);
    for (field, value) in [
        ("seq", serde_json::Value::from(0)),
        ("seq", "one".into()),
        ("hash", "abcd".into()),
        ("hash", "not hex".into()),
    ] {
        let bytes = edited(&good, |j| j["people"][0]["audit_anchor"][field] = value.clone());
        assert_eq!(unlock_with_key_file(&dir, &bytes), ErrorCode::KeyFileDamaged, "{field}={value}");
    }
    std::fs::write(key_path(&dir), &good).expect("write");
    drop(unlock(&dir));
}

#[test]
fn a_key_file_from_a_newer_version_is_unsupported() {
    let (_tmp, dir, good) = vault_with_a_person();
    let bytes = edited(&good, |j| j["version"] = 2.into());
    assert_eq!(unlock_with_key_file(&dir, &bytes), ErrorCode::UnsupportedVersion);
}

fn damaged_database_at(offset: isize) {
    let (_tmp, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let ada = v.add_person(details("Ada")).expect("add");
    let db = v.person_db_path(&ada.id);
    drop(v); // closing folds the WAL into the main file
    let len = std::fs::metadata(&db).expect("meta").len() as isize;
    let offset = if offset < 0 { len + offset } else { offset } as usize;
    flip_byte(&db, offset);
    let bytes = std::fs::read(&db).expect("read");
    // Unlock reads only the pages it needs: a changed page among them stops it; any other is
    // found by the whole-file check (on demand, and before every backup).
    match Vault::unlock(&dir, &pw(PW), clock()) {
        Err(e) => {
            assert_eq!(e.code, ErrorCode::DatabaseDamaged, "offset {offset}: {e}");
            assert_eq!(e.path.as_deref(), Some(db.as_path()));
            assert!(e.to_string().contains(&ada.id.to_string()), "{e}");
            assert_eq!(std::fs::read(&db).expect("read"), bytes, "the damaged file was changed");
        }
        Ok(mut v) => {
            // The unlock's audit entry went into pages of its own; the changed page stays
            // changed, and the check finds it.
            let e = v.check_database(&ada.id).unwrap_err();
            assert_eq!(e.code, ErrorCode::DatabaseDamaged, "offset {offset}: {e}");
            assert_eq!(e.path.as_deref(), Some(db.as_path()));
            assert!(e.to_string().contains(&ada.id.to_string()), "{e}");
            let backup = v.create_backup(&dir.with_extension("backup")).unwrap_err();
            assert_eq!(backup.code, ErrorCode::DatabaseDamaged, "offset {offset}: {backup}");
            assert!(!dir.with_extension("backup").exists(), "a damaged record was backed up");
        }
    }
}

#[test]
fn a_flipped_byte_in_a_database_is_caught_at_unlock_or_by_the_whole_file_check() {
    // In the first page (the schema), in a later data page, and in the last page.
    damaged_database_at(100);
    damaged_database_at(4096 + 300);
    damaged_database_at(-200);
}

/// A changed page among a record's readings: the vault still opens (it reads only what it
/// needs), the on-demand check reports the file, and reading the readings gives
/// DATABASE_DAMAGED (SQLCipher's HMAC of the page fails), never wrong numbers.
#[test]
fn a_flipped_byte_in_a_readings_page_is_reported_by_the_check_and_never_read_as_data() {
    use phr_core::readings::ReadingKind;
    use phr_vault::ReadingFilter;

    let (_tmp, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let ada = v.add_person(details("Ada")).expect("add");
    let start = t0().timestamp_millis() - 10_000 * 300_000;
    let batch: Vec<_> = (0..8_000i64)
        .map(|i| {
            let at = chrono::DateTime::from_timestamp_millis(start + i * 300_000).unwrap().fixed_offset();
            phr_vault::NewReading {
                dedupe_key: Some(format!("g{i}")),
                ..device_reading(ReadingKind::BloodGlucose, at, 5.0 + (i % 50) as f64 / 10.0, None)
            }
        })
        .collect();
    v.import_readings(&ada.id, &batch, "generated.csv").expect("import");
    let all = ReadingFilter::default();
    let before = (
        v.list_readings(&ada.id, &all).expect("list"),
        v.reading_stats(&ada.id, ReadingKind::BloodGlucose, i64::MIN, i64::MAX).expect("stats"),
    );
    let db = v.person_db_path(&ada.id);
    drop(v);
    // Pages through the file, which the readings make up most of: where one page falls
    // moves with every table a migration adds, so one byte in each tenth of the file (not the
    // first, the schema) is changed, and some page the reads below need is among them.
    let len = std::fs::metadata(&db).expect("meta").len() as usize;
    for tenth in 1..10 {
        flip_byte(&db, len * tenth / 10 + 123);
    }

    let v = Vault::unlock(&dir, &pw(PW), clock()).expect("the vault opens: unlock reads no readings");
    let e = v.check_database(&ada.id).unwrap_err();
    assert_eq!((e.code, e.path.as_deref()), (ErrorCode::DatabaseDamaged, Some(db.as_path())), "{e}");
    // Reading everything meets the page: an error that says the record is damaged, or (for a
    // read that does not touch the page) exactly what was stored.
    let list = v.list_readings(&ada.id, &all);
    let stats = v.reading_stats(&ada.id, ReadingKind::BloodGlucose, i64::MIN, i64::MAX);
    let mut damaged = 0;
    match list {
        Err(e) => {
            assert_eq!(e.code, ErrorCode::DatabaseDamaged, "{e}");
            damaged += 1;
        }
        Ok(l) => assert_eq!(l, before.0),
    }
    match stats {
        Err(e) => {
            assert_eq!(e.code, ErrorCode::DatabaseDamaged, "{e}");
            damaged += 1;
        }
        Ok(s) => assert_eq!(s, before.1),
    }
    assert!(damaged > 0, "no read met the changed page");
}

#[test]
fn a_missing_database_is_reported() {
    let (_tmp, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let ada = v.add_person(details("Ada")).expect("add");
    let db = v.person_db_path(&ada.id);
    drop(v);
    std::fs::remove_file(&db).expect("remove");
    let e = Vault::unlock(&dir, &pw(PW), clock()).unwrap_err();
    assert_eq!((e.code, e.path.as_deref()), (ErrorCode::DatabaseDamaged, Some(db.as_path())));
}

/// A database whose key never reached the key file (a crash between the two) is moved to
/// quarantine at the next unlock, never deleted; other files are left alone.
#[test]
fn orphaned_database_files_are_quarantined_at_unlock() {
    let (_tmp, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let ada = v.add_person(details("Ada")).expect("add");
    let keep = v.person_db_path(&ada.id);
    drop(v);
    let people = dir.join("people");
    let orphan = people.join("67e55044-10b1-426f-9247-bb680e5fe0c8.db");
    std::fs::write(&orphan, b"unreadable").expect("write");
    std::fs::write(people.join("notes.txt"), b"mine").expect("write");
    drop(unlock(&dir));
    assert!(!orphan.exists());
    let kept = people.join("quarantine").join("67e55044-10b1-426f-9247-bb680e5fe0c8.db");
    assert_eq!(std::fs::read(kept).expect("kept"), b"unreadable");
    assert!(keep.exists());
    assert!(people.join("notes.txt").exists());
}

/// Quarantine is housekeeping: when the orphan cannot be moved (here a file already holds the
/// quarantine folder's name), the unlock still opens everyone, and the orphan stays untouched.
#[test]
fn a_quarantine_that_cannot_be_made_does_not_stop_the_unlock() {
    let (_tmp, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let ada = v.add_person(details("Ada")).expect("add");
    drop(v);
    let people = dir.join("people");
    let orphan = people.join("67e55044-10b1-426f-9247-bb680e5fe0c8.db");
    std::fs::write(&orphan, b"unreadable").expect("write");
    std::fs::write(people.join("quarantine"), b"not a folder").expect("write");
    let v = unlock(&dir);
    assert_eq!(v.people().expect("list").len(), 1);
    assert!(v.person_db_path(&ada.id).exists());
    assert_eq!(std::fs::read(&orphan).expect("left where it was"), b"unreadable");
}

/// The background check reads the file on a connection of its own while the vault goes on
/// writing: a whole record under writes is never reported damaged (each run reads one
/// consistent snapshot), and a changed page is found the same way the on-demand check finds it.
#[test]
fn a_file_check_apart_from_the_vault_sees_writes_as_whole_and_finds_a_changed_page() {
    use phr_core::readings::ReadingKind;

    let (_tmp, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let ada = v.add_person(details("Ada")).expect("add");
    let reading = |i: i64| {
        let at = chrono::DateTime::from_timestamp_millis(t0().timestamp_millis() + i * 300_000).unwrap().fixed_offset();
        phr_vault::NewReading {
            dedupe_key: Some(format!("g{i}")),
            ..device_reading(ReadingKind::BloodGlucose, at, 5.0 + (i % 40) as f64 / 10.0, None)
        }
    };
    let first: Vec<_> = (0..2_000).map(reading).collect();
    v.import_readings(&ada.id, &first, "first.csv").expect("import");

    let check = v.prepare_file_check(&ada.id).expect("prepare");
    assert!(!format!("{check:?}").contains("key"), "a file check prints no key: {check:?}");
    let checking = std::thread::spawn(move || (0..10).map(|_| check.run()).collect::<Vec<_>>());
    for i in 2_000..2_200 {
        v.add_reading(&ada.id, &reading(i)).expect("a write while the check reads");
    }
    for result in checking.join().expect("the check thread") {
        result.expect("a whole record read while the vault writes is whole");
    }
    let check = v.prepare_file_check(&ada.id).expect("prepare");
    check.run().expect("whole after the writes");

    let db = v.person_db_path(&ada.id);
    drop(v);
    let len = std::fs::metadata(&db).expect("meta").len() as usize;
    flip_byte(&db, len / 2 + 123);
    let v = Vault::unlock(&dir, &pw(PW), clock()).expect("the vault opens: unlock reads no readings");
    let e = v.prepare_file_check(&ada.id).expect("prepare").run().unwrap_err();
    assert_eq!((e.code, e.path.as_deref()), (ErrorCode::DatabaseDamaged, Some(db.as_path())), "{e}");
}
