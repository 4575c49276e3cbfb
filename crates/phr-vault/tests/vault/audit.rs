//! Editing or deleting an audit entry in the database is caught and named, the newest ones
//! included (through the anchor in the key file).

use std::path::Path;

use phr_core::audit::{AuditAction, GENESIS, entry_hash};
use phr_vault::{PersonId, Vault};
use rusqlite::Connection;

use crate::support::*;

/// A vault whose one person has five entries: created, then four updates.
fn vault_with_history() -> (tempfile::TempDir, Vault, PersonId) {
    let (tmp, dir) = vault_dir();
    let (mut v, _) = create_with(&dir, step_clock());
    let id = v.add_person(details("Ada")).expect("add").id;
    for i in 0..4 {
        v.update_person(&id, details(&format!("Ada {i}"))).expect("update");
    }
    assert_eq!(v.verify_audit(&id).expect("verify").entries, 5);
    (tmp, v, id)
}

#[test]
fn an_edited_entry_is_named() {
    let (_tmp, v, id) = vault_with_history();
    let db = v.debug_open_person_db_for_tests(&id).expect("open");
    db.execute("UPDATE audit_log SET detail = 'nothing to see' WHERE seq = 3", []).expect("update");
    let check = v.verify_audit(&id).expect("verify");
    let broken = check.broken.expect("the edit is caught");
    assert_eq!(broken.seq, 3);
    assert_eq!(broken.reason, "entry 3 was changed after it was written");
}

#[test]
fn an_edited_time_or_action_is_named() {
    let (_tmp, v, id) = vault_with_history();
    let db = v.debug_open_person_db_for_tests(&id).expect("open");
    db.execute("UPDATE audit_log SET at = '2020-01-01T00:00:00Z' WHERE seq = 2", []).expect("update");
    assert_eq!(v.verify_audit(&id).expect("verify").broken.map(|b| b.seq), Some(2));
    db.execute("UPDATE audit_log SET action = 'no_such_action' WHERE seq = 1", []).expect("update");
    let broken = v.verify_audit(&id).expect("verify").broken.expect("broken");
    assert_eq!(broken.seq, 1);
    assert!(broken.reason.contains("entry 1"), "{}", broken.reason);
}

#[test]
fn a_deleted_entry_is_named() {
    let (_tmp, v, id) = vault_with_history();
    let db = v.debug_open_person_db_for_tests(&id).expect("open");
    db.execute("DELETE FROM audit_log WHERE seq = 4", []).expect("delete");
    let broken = v.verify_audit(&id).expect("verify").broken.expect("the deletion is caught");
    assert_eq!(broken.seq, 4);
    assert_eq!(broken.reason, "entry 4 is missing: the log jumps from 3 to 5");
}

/// Renumbering after a deletion hides the gap, but not the broken link.
#[test]
fn a_deletion_hidden_by_renumbering_is_caught() {
    let (_tmp, v, id) = vault_with_history();
    let db = v.debug_open_person_db_for_tests(&id).expect("open");
    db.execute_batch("DELETE FROM audit_log WHERE seq = 2; UPDATE audit_log SET seq = seq - 1 WHERE seq > 2;")
        .expect("tamper");
    let broken = v.verify_audit(&id).expect("verify").broken.expect("caught");
    assert_eq!(broken.seq, 2);
}

#[test]
fn a_mangled_hash_is_reported_not_a_crash() {
    let (_tmp, v, id) = vault_with_history();
    let db = v.debug_open_person_db_for_tests(&id).expect("open");
    db.execute("UPDATE audit_log SET hash = x'00' WHERE seq = 5", []).expect("update");
    let broken = v.verify_audit(&id).expect("verify").broken.expect("caught");
    assert_eq!(broken.seq, 5);
}

// The newest entries: the chain alone cannot tell they were removed, the key file's anchor
// can.

/// The anchor the key file records for `id`: (seq, hash hex).
fn recorded_anchor(dir: &Path, id: &PersonId) -> Option<(u64, String)> {
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("vault.key")).expect("read")).expect("json");
    let people = json["people"].as_array().expect("people");
    let person = people.iter().find(|p| p["id"] == id.to_string()).expect("listed");
    let a = person.get("audit_anchor")?;
    Some((a["seq"].as_u64().expect("seq"), a["hash"].as_str().expect("hash").to_string()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Writes the entry that follows the newest one straight into the database, chained
/// properly, the way the app would (or a forger with the key).
fn append_directly(db: &Connection, detail: &str) {
    let (seq, hash): (i64, Vec<u8>) = db
        .query_row("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap_or((0, GENESIS.to_vec()));
    let prev: [u8; 32] = hash.try_into().expect("32 bytes");
    let seq = seq + 1;
    let at = t0() + chrono::Duration::minutes(seq);
    let action = AuditAction::PersonUpdated;
    let hash = entry_hash(&prev, u64::try_from(seq).expect("seq"), at, action, detail);
    db.execute(
        "INSERT INTO audit_log (seq, at, action, detail, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        rusqlite::params![
            seq,
            at.to_rfc3339_opts(chrono::SecondsFormat::Nanos, true),
            action.as_str(),
            detail,
            &prev[..],
            &hash[..]
        ],
    )
    .expect("insert");
}

#[test]
fn every_audited_action_moves_the_anchor_to_the_newest_entry() {
    let (_tmp, mut v, id) = vault_with_history();
    let dir = v.dir().to_path_buf();
    let newest = |v: &Vault| {
        let last = v.audit_log(&id).expect("log").pop().expect("an entry");
        (last.seq, hex(&last.hash))
    };
    assert_eq!(recorded_anchor(&dir, &id), Some(newest(&v)));
    let bob = v.add_person(details("Bob")).expect("add").id;
    assert_eq!(recorded_anchor(&dir, &bob).map(|a| a.0), Some(1));
    v.create_backup(&dir.with_file_name("b.phrbackup")).expect("backup");
    assert_eq!(recorded_anchor(&dir, &id), Some(newest(&v)));
    assert_eq!(recorded_anchor(&dir, &bob).map(|a| a.0), Some(2));
    drop(v);
    let v = unlock(&dir);
    assert_eq!(recorded_anchor(&dir, &id), Some(newest(&v)));
    assert_eq!(recorded_anchor(&dir, &id).map(|a| a.0), Some(7));
}

#[test]
fn a_deleted_newest_entry_is_named() {
    let (_tmp, v, id) = vault_with_history();
    let db = v.debug_open_person_db_for_tests(&id).expect("open");
    db.execute("DELETE FROM audit_log WHERE seq = 5", []).expect("delete");
    let check = v.verify_audit(&id).expect("verify");
    assert_eq!(check.entries, 4);
    let broken = check.broken.expect("the deletion is caught");
    assert_eq!(broken.seq, 5);
    assert_eq!(broken.reason, "entry 5 is missing: the log ends at entry 4 but entry 5 was recorded");
}

#[test]
fn the_two_newest_entries_deleted_are_named() {
    let (_tmp, v, id) = vault_with_history();
    let db = v.debug_open_person_db_for_tests(&id).expect("open");
    db.execute("DELETE FROM audit_log WHERE seq >= 4", []).expect("delete");
    let broken = v.verify_audit(&id).expect("verify").broken.expect("the deletion is caught");
    assert_eq!(broken.seq, 4);
    assert_eq!(broken.reason, "entries 4 to 5 are missing: the log ends at entry 3 but entry 5 was recorded");
}

#[test]
fn an_emptied_log_is_caught() {
    let (_tmp, v, id) = vault_with_history();
    let db = v.debug_open_person_db_for_tests(&id).expect("open");
    db.execute("DELETE FROM audit_log", []).expect("delete");
    let check = v.verify_audit(&id).expect("verify");
    assert_eq!(check.entries, 0);
    let broken = check.broken.expect("caught");
    assert_eq!(broken.seq, 1);
    assert_eq!(broken.reason, "entries 1 to 5 are missing: the log is empty but entry 5 was recorded");
}

/// Cutting the newest entry and writing a well-chained one in its place is caught too.
#[test]
fn a_replaced_newest_entry_is_caught() {
    let (_tmp, v, id) = vault_with_history();
    let db = v.debug_open_person_db_for_tests(&id).expect("open");
    db.execute("DELETE FROM audit_log WHERE seq = 5", []).expect("delete");
    append_directly(&db, "details changed");
    let broken = v.verify_audit(&id).expect("verify").broken.expect("caught");
    assert_eq!(broken.seq, 5);
    assert_eq!(broken.reason, "entry 5 is not the entry that was recorded: it, or entries before it, were replaced");
}

/// A log cut while the vault is locked is not made whole by the next unlock's entry, nor
/// by later ones: the anchor stays where the cut log no longer reaches.
#[test]
fn a_cut_made_while_locked_is_still_caught_after_unlocking() {
    for (cut_from, seq) in [(5, 5), (4, 5)] {
        let (_tmp, v, id) = vault_with_history();
        let dir = v.dir().to_path_buf();
        let db = v.debug_open_person_db_for_tests(&id).expect("open");
        drop(v);
        db.execute("DELETE FROM audit_log WHERE seq >= ?1", [cut_from]).expect("delete");
        drop(db);
        let mut v = unlock(&dir);
        v.update_person(&id, details("Ada again")).expect("update");
        let broken = v.verify_audit(&id).expect("verify").broken.expect("caught");
        assert_eq!(broken.seq, seq, "{}", broken.reason);
        drop(v);
        let broken = unlock(&dir).verify_audit(&id).expect("verify").broken.expect("still caught");
        assert_eq!(broken.seq, seq, "{}", broken.reason);
    }
}

/// Key files written before anchors existed: only the chain is checked, and the next
/// audited action records an anchor.
#[test]
fn a_key_file_without_anchors_still_verifies() {
    let (_tmp, v, id) = vault_with_history();
    let dir = v.dir().to_path_buf();
    let db = v.debug_open_person_db_for_tests(&id).expect("open");
    drop(v);
    let key_path = dir.join("vault.key");
    let mut json: serde_json::Value = serde_json::from_slice(&std::fs::read(&key_path).expect("read")).expect("json");
    for p in json["people"].as_array_mut().expect("people") {
        p.as_object_mut().expect("object").remove("audit_anchor");
    }
    std::fs::write(&key_path, serde_json::to_vec_pretty(&json).expect("encode")).expect("write");
    assert_eq!(recorded_anchor(&dir, &id), None);
    // Without an anchor a cut at the end cannot be seen: what the old format could promise.
    db.execute("DELETE FROM audit_log WHERE seq = 5", []).expect("delete");
    drop(db);

    let v = unlock(&dir);
    let check = v.verify_audit(&id).expect("verify");
    assert_eq!((check.entries, check.broken), (5, None));
    assert_eq!(recorded_anchor(&dir, &id).map(|a| a.0), Some(5));
    // From here on the end of the log is anchored.
    let db = v.debug_open_person_db_for_tests(&id).expect("open");
    db.execute("DELETE FROM audit_log WHERE seq = 5", []).expect("delete");
    assert_eq!(v.verify_audit(&id).expect("verify").broken.map(|b| b.seq), Some(5));
}

/// The database commits before the key file is written, so a crash in between leaves the
/// anchor behind the log. That is not a break, and the next action anchors the newest entry.
#[test]
fn an_anchor_behind_the_log_still_verifies() {
    let (_tmp, mut v, id) = vault_with_history();
    let dir = v.dir().to_path_buf();
    let db = v.debug_open_person_db_for_tests(&id).expect("open");
    append_directly(&db, "details changed");
    append_directly(&db, "details changed");
    assert_eq!(recorded_anchor(&dir, &id).map(|a| a.0), Some(5));
    let check = v.verify_audit(&id).expect("verify");
    assert_eq!((check.entries, check.broken), (7, None));
    v.update_person(&id, details("Ada Byron")).expect("update");
    assert_eq!(recorded_anchor(&dir, &id).map(|a| a.0), Some(8));
    drop(v);

    // The same with an older copy of the key file put back.
    let key_path = dir.join("vault.key");
    let old = std::fs::read(&key_path).expect("read");
    let mut v = unlock(&dir);
    v.update_person(&id, details("Ada King")).expect("update");
    drop(v);
    std::fs::write(&key_path, &old).expect("write");
    let v = unlock(&dir);
    let check = v.verify_audit(&id).expect("verify");
    assert_eq!((check.entries, check.broken), (11, None));
    assert_eq!(recorded_anchor(&dir, &id).map(|a| a.0), Some(11));
}
