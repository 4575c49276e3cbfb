//! Editing or deleting an audit entry in the database is caught and named.

use phr_vault::{PersonId, Vault};

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
