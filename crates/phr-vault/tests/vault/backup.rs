//! A backup restores to the same people and logs; a damaged backup or wrong secret restores
//! nothing and leaves the target folder as it was.

use std::path::{Path, PathBuf};

use phr_core::audit::AuditAction;
use phr_vault::{BackupSecret, ErrorCode, RecoveryKey, Vault, backup_created_at};

use crate::support::*;

struct Made {
    _tmp: tempfile::TempDir,
    backup: PathBuf,
    target: PathBuf,
    key: RecoveryKey,
    people: Vec<phr_vault::PersonRecord>,
    logs: Vec<Vec<phr_core::audit::AuditRecord>>,
}

fn make_backup() -> Made {
    let (tmp, dir) = vault_dir();
    let (mut v, key) = create_with(&dir, step_clock());
    let ada = v.add_person(details_with_nhs("Ada Lovelace", "9434765919")).expect("add");
    v.add_person(details("Bob Smith")).expect("add");
    v.update_person(&ada.id, details("Ada King")).expect("update");
    let backup = tmp.path().join("backups").join("vault.phrbackup");
    std::fs::create_dir_all(backup.parent().expect("parent")).expect("mkdir");
    let summary = v.create_backup(&backup).expect("backup");
    assert_eq!(summary.people, 2);
    assert_eq!(summary.bytes, std::fs::metadata(&backup).expect("meta").len());
    assert_eq!(summary.path, backup);
    assert_eq!(backup_created_at(&backup).expect("date"), summary.created_at);
    let people = v.people().expect("people");
    let logs = people.iter().map(|p| v.audit_log(&p.id).expect("log")).collect();
    Made { target: tmp.path().join("restored"), _tmp: tmp, backup, key, people, logs }
}

fn restore(m: &Made, backup: &Path, secret: BackupSecret<'_>) -> Result<Vault, phr_vault::VaultError> {
    Vault::restore_backup(backup, &m.target, secret, clock())
}

#[test]
fn a_restored_backup_has_the_same_people_and_audit_logs() {
    let m = make_backup();
    assert_eq!(m.logs[0].last().map(|r| r.action), Some(AuditAction::BackupCreated));
    let p = pw(PW);
    let v = restore(&m, &m.backup, BackupSecret::Passphrase(&p)).expect("restore");
    assert_eq!(v.people().expect("people"), m.people);
    for (person, before) in m.people.iter().zip(&m.logs) {
        let after = v.audit_log(&person.id).expect("log");
        assert_eq!(&after[..before.len()], &before[..]);
        assert_eq!(after.len(), before.len() + 1);
        assert_eq!(after.last().map(|r| r.action), Some(AuditAction::BackupRestored));
        assert_eq!(v.verify_audit(&person.id).expect("verify").broken, None);
    }
    drop(v);
    // The restored vault is a vault like any other.
    drop(Vault::unlock(&m.target, &pw(PW), clock()).expect("unlock"));
}

#[test]
fn a_backup_restores_with_the_recovery_key() {
    let m = make_backup();
    let v = restore(&m, &m.backup, BackupSecret::RecoveryKey(&m.key)).expect("restore");
    assert_eq!(v.people().expect("people"), m.people);
}

#[test]
fn restore_refuses_a_folder_that_is_not_empty() {
    let m = make_backup();
    std::fs::create_dir_all(&m.target).expect("mkdir");
    std::fs::write(m.target.join("mine.txt"), b"keep me").expect("write");
    let before = snapshot(&m.target);
    let p = pw(PW);
    let e = restore(&m, &m.backup, BackupSecret::Passphrase(&p)).unwrap_err();
    assert_eq!(e.code, ErrorCode::RestoreTargetNotEmpty);
    assert_eq!(snapshot(&m.target), before);
}

/// Expects the restore to fail with `code` and leave the target absent.
fn refused(m: &Made, bytes: &[u8], secret: BackupSecret<'_>, code: ErrorCode) {
    let bad = m.backup.with_extension("bad");
    std::fs::write(&bad, bytes).expect("write");
    let e = restore(m, &bad, secret).unwrap_err();
    assert_eq!(e.code, code, "{e}");
    assert_eq!(e.path.as_deref(), Some(bad.as_path()));
    assert!(!m.target.exists(), "something was written to the target");
    let parent = m.target.parent().expect("parent");
    let left: Vec<_> = std::fs::read_dir(parent)
        .expect("list")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("restore"))
        .collect();
    assert!(left.is_empty(), "a restore folder was left behind: {left:?}");
}

#[test]
fn restore_refuses_damaged_backups_and_writes_nothing() {
    let m = make_backup();
    let good = std::fs::read(&m.backup).expect("read");
    let p = pw(PW);
    let secret = BackupSecret::Passphrase(&p);
    // Cut short: in the body, exactly before the last tag, and in the header.
    refused(&m, &good[..good.len() - 1], secret, ErrorCode::BackupDamaged);
    refused(&m, &good[..good.len() - 16], secret, ErrorCode::BackupDamaged);
    refused(&m, &good[..30], secret, ErrorCode::BackupDamaged);
    refused(&m, b"", secret, ErrorCode::BackupDamaged);
    // Added to.
    let mut longer = good.clone();
    longer.extend_from_slice(&[0; 32]);
    refused(&m, &longer, secret, ErrorCode::BackupDamaged);
    // A flipped byte in the body, near its start and at its very end.
    for offset in [good.len() - 5000, good.len() - 1] {
        let mut flipped = good.clone();
        flipped[offset] ^= 1;
        refused(&m, &flipped, secret, ErrorCode::BackupDamaged);
    }
    // The header's date is covered too (the header hash is in every chunk's associated data).
    let mut flipped = good.clone();
    flipped[15] ^= 1;
    refused(&m, &flipped, secret, ErrorCode::BackupDamaged);
    // Not a backup at all.
    refused(&m, b"PK\x03\x04 a zip file", secret, ErrorCode::BackupDamaged);
}

#[test]
fn restore_refuses_a_wrong_secret() {
    let m = make_backup();
    let good = std::fs::read(&m.backup).expect("read");
    let wrong = pw("not the passphrase");
    refused(&m, &good, BackupSecret::Passphrase(&wrong), ErrorCode::WrongPassphrase);
    let wrong_key = RecoveryKey::from_bytes([9; 16]);
    refused(&m, &good, BackupSecret::RecoveryKey(&wrong_key), ErrorCode::WrongRecoveryKey);
}

/// Chunking is exercised with more than one chunk: a person whose database exceeds 1 MiB.
#[test]
fn a_backup_larger_than_one_chunk_round_trips_and_catches_a_dropped_chunk() {
    let (tmp, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let ada = v.add_person(details("Ada")).expect("add");
    {
        let db = v.debug_open_person_db_for_tests(&ada.id).expect("open");
        db.execute_batch("CREATE TABLE filler (b BLOB); INSERT INTO filler VALUES (zeroblob(1500000));").expect("fill");
    }
    let backup = tmp.path().join("big.phrbackup");
    v.create_backup(&backup).expect("backup");
    let good = std::fs::read(&backup).expect("read");
    assert!(good.len() > (1 << 20) + 4096);
    let target = tmp.path().join("restored");
    let p = pw(PW);
    // Drop the last chunk: what remains ends on a chunk boundary but not with a last chunk.
    let header_and_first = good.len() - (good.len() - (1 << 20) - 16 - header_len(&good));
    let cut = tmp.path().join("cut.phrbackup");
    std::fs::write(&cut, &good[..header_and_first]).expect("write");
    let e = Vault::restore_backup(&cut, &target, BackupSecret::Passphrase(&p), clock()).unwrap_err();
    assert_eq!(e.code, ErrorCode::BackupDamaged);
    assert!(!target.exists());
    let r = Vault::restore_backup(&backup, &target, BackupSecret::Passphrase(&p), clock()).expect("restore");
    assert_eq!(r.people().expect("people").len(), 1);
}

/// Magic, version, date, salt, key file length, key file.
fn header_len(file: &[u8]) -> usize {
    let at = 9 + 1 + 8 + 32;
    let kf = u32::from_be_bytes(file[at..at + 4].try_into().expect("4 bytes")) as usize;
    at + 4 + kf
}

/// Backups carry the key file, so each person's audit anchor travels with them: the backup
/// anchors its own entry, and the restored vault anchors the restore.
#[test]
fn audit_anchors_travel_with_a_backup() {
    let m = make_backup();
    // Header: magic 9, version 1, created 8, salt 32, key file length u32, key file.
    let bytes = std::fs::read(&m.backup).expect("read");
    let len = u32::from_be_bytes(bytes[50..54].try_into().expect("4 bytes")) as usize;
    let key_file: serde_json::Value = serde_json::from_slice(&bytes[54..54 + len]).expect("json");
    let anchor_seq = |key_file: &serde_json::Value, id: &phr_vault::PersonId| {
        let people = key_file["people"].as_array().expect("people");
        let p = people.iter().find(|p| p["id"] == id.to_string()).expect("listed");
        p["audit_anchor"]["seq"].as_u64().expect("anchored")
    };
    for (person, log) in m.people.iter().zip(&m.logs) {
        assert_eq!(Some(anchor_seq(&key_file, &person.id)), log.last().map(|r| r.seq));
    }

    let p = pw(PW);
    let v = restore(&m, &m.backup, BackupSecret::Passphrase(&p)).expect("restore");
    let restored: serde_json::Value =
        serde_json::from_slice(&std::fs::read(m.target.join("vault.key")).expect("read")).expect("json");
    for (person, log) in m.people.iter().zip(&m.logs) {
        assert_eq!(anchor_seq(&restored, &person.id), log.len() as u64 + 1);
        assert_eq!(v.verify_audit(&person.id).expect("verify").broken, None);
    }
    // Removing the restore's entry, or the backup's too, is caught in the restored vault.
    let ada = &m.people[0].id;
    let newest = m.logs[0].len() as i64 + 1;
    let db = v.debug_open_person_db_for_tests(ada).expect("open");
    db.execute("DELETE FROM audit_log WHERE seq >= ?1", [newest - 1]).expect("delete");
    let broken = v.verify_audit(ada).expect("verify").broken.expect("caught");
    assert_eq!(broken.seq as i64, newest - 1);
}

/// A restore stopped before its folder was renamed into place leaves that folder beside the
/// target; the next restore into the same target removes it (and leaves anything else).
#[test]
fn a_restore_removes_what_an_interrupted_one_left_beside_the_target() {
    let m = make_backup();
    let parent = m.target.parent().expect("parent").to_path_buf();
    let left = parent.join(".restored.restore.00112233aabbccdd.tmp");
    std::fs::create_dir_all(left.join("people")).expect("mkdir");
    std::fs::write(left.join("vault.key"), b"an unfinished copy").expect("write");
    std::fs::write(left.join("people").join("x.db"), b"pages").expect("write");
    let other = parent.join(".other.restore.00112233aabbccdd.tmp");
    std::fs::create_dir_all(&other).expect("mkdir");
    let p = pw(PW);
    drop(restore(&m, &m.backup, BackupSecret::Passphrase(&p)).expect("restore"));
    assert!(!left.exists(), "the interrupted restore's folder is gone");
    assert!(other.exists(), "another target's folder is left");
}

/// A vault that opened read-only (read-only media, a full disk) can still be backed up, which
/// is how a person rescues it: the backup restores to the same people, and nothing is written
/// in the vault's folder (no audit entry can be).
#[test]
fn a_read_only_vault_can_be_backed_up() {
    let (tmp, dir) = vault_dir();
    let (mut v, _key) = create_with(&dir, step_clock());
    v.add_person(details_with_nhs("Ada Lovelace", "9434765919")).expect("add");
    v.add_person(details("Bob Smith")).expect("add");
    let people = v.people().expect("people");
    drop(v);
    phr_vault::debug_fail_writes_for_tests(Some(std::io::ErrorKind::ReadOnlyFilesystem));
    let mut v = Vault::unlock(&dir, &pw(PW), clock()).expect("opens read-only");
    assert!(v.read_only().is_some());
    let backup = tmp.path().join("rescue.phrbackup");
    let made = v.create_backup(&backup);
    drop(v);
    phr_vault::debug_fail_writes_for_tests(None);
    assert_eq!(made.expect("backup of a read-only vault").people, 2);
    let restored =
        Vault::restore_backup(&backup, &tmp.path().join("restored"), BackupSecret::Passphrase(&pw(PW)), clock())
            .expect("restore");
    assert_eq!(restored.people().expect("people"), people);
}
