//! Create, unlock, lock, recover, change the passphrase, manage people, settings.

use std::time::SystemTime;

use phr_core::audit::AuditAction;
use phr_vault::{ErrorCode, KdfChoice, KdfParams, PersonId, RecoveryKey, Vault, VaultSettings, vault_exists};

use crate::support::*;

#[test]
fn create_unlock_lock() {
    let (_tmp, dir) = vault_dir();
    let (mut v, key) = create(&dir);
    assert!(vault_exists(&dir));
    assert_eq!(key.display().len(), 33);
    let ada = v.add_person(details("Ada Lovelace")).expect("add");
    assert_eq!(v.people().expect("people"), vec![ada.clone()]);
    assert!(!format!("{v:?}").contains("Ada"));
    drop(v); // locks

    let v = unlock(&dir);
    assert_eq!(v.dir(), dir.as_path());
    assert_eq!(v.people().expect("people"), vec![ada.clone()]);
    assert_eq!(v.person(&ada.id).expect("person"), ada);
    let actions: Vec<_> = v.audit_log(&ada.id).expect("log").iter().map(|r| r.action).collect();
    assert_eq!(actions, [AuditAction::PersonCreated, AuditAction::VaultUnlocked]);
    assert_eq!(v.verify_audit(&ada.id).expect("verify").broken, None);
}

#[cfg(unix)]
#[test]
fn create_makes_a_private_folder() {
    use std::os::unix::fs::PermissionsExt;
    let (_tmp, dir) = vault_dir();
    let _v = create(&dir);
    let mode = std::fs::metadata(&dir).expect("meta").permissions().mode();
    assert_eq!(mode & 0o777, 0o700);
}

#[test]
fn create_refuses_an_existing_vault() {
    let (_tmp, dir) = vault_dir();
    drop(create(&dir));
    let before = snapshot(&dir);
    let e = Vault::create(&dir, &pw(NEW_PW), KdfChoice::Fixed(KdfParams::FLOOR), clock()).unwrap_err();
    assert_eq!(e.code, ErrorCode::VaultExists);
    assert_eq!(snapshot(&dir), before);
}

#[test]
fn create_refuses_a_short_passphrase() {
    let (_tmp, dir) = vault_dir();
    let e = Vault::create(&dir, &pw("short"), KdfChoice::Fixed(KdfParams::FLOOR), clock()).unwrap_err();
    assert_eq!(e.code, ErrorCode::PassphraseTooShort);
    assert!(e.message.contains("at least 10 characters"), "{e}");
    assert!(!dir.exists());
}

/// Fixed parameters below the floor are raised, not used.
#[test]
fn weak_fixed_parameters_are_raised_to_the_floor() {
    let (_tmp, dir) = vault_dir();
    let weak = KdfParams { m_kib: 64, t: 1, p: 1 };
    drop(Vault::create(&dir, &pw(PW), KdfChoice::Fixed(weak), clock()).expect("create"));
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("vault.key")).expect("read")).expect("json");
    assert_eq!(json["kdf"]["m_kib"], 19_456);
    assert_eq!(json["kdf"]["t"], 2);
    assert_eq!(json["kdf"]["alg"], "argon2id");
}

#[test]
fn wrong_passphrase_is_refused_and_names_the_key_file() {
    let (_tmp, dir) = vault_dir();
    drop(create(&dir));
    let e = Vault::unlock(&dir, &pw("not the passphrase"), clock()).unwrap_err();
    assert_eq!(e.code, ErrorCode::WrongPassphrase);
    assert_eq!(e.path.as_deref(), Some(dir.join("vault.key").as_path()));
}

#[test]
fn unlocking_an_empty_folder_says_there_is_no_vault() {
    let (_tmp, dir) = vault_dir();
    let e = Vault::unlock(&dir, &pw(PW), clock()).unwrap_err();
    assert_eq!(e.code, ErrorCode::VaultNotFound);
    assert!(!dir.exists(), "no lock file left behind");
}

#[test]
fn a_second_opener_is_told_the_vault_is_busy() {
    let (_tmp, dir) = vault_dir();
    let (v, _) = create(&dir);
    let e = Vault::unlock(&dir, &pw(PW), clock()).unwrap_err();
    assert_eq!(e.code, ErrorCode::VaultBusy);
    assert!(e.message.contains("open in another window or program"), "{e}");
    drop(v);
    let _v = unlock(&dir);
}

#[test]
fn recovery_sets_a_new_passphrase_and_the_old_one_stops_working() {
    let (_tmp, dir) = vault_dir();
    let (mut v, key) = create(&dir);
    let ada = v.add_person(details("Ada Lovelace")).expect("add");
    drop(v);
    let typed = RecoveryKey::parse(&key.display().to_lowercase()).expect("parse");

    let e = Vault::recover(&dir, &typed, &pw("short"), clock()).unwrap_err();
    assert_eq!(e.code, ErrorCode::PassphraseTooShort);
    let wrong = RecoveryKey::from_bytes([7; 16]);
    let e = Vault::recover(&dir, &wrong, &pw(NEW_PW), clock()).unwrap_err();
    assert_eq!(e.code, ErrorCode::WrongRecoveryKey);

    let v = Vault::recover(&dir, &typed, &pw(NEW_PW), clock()).expect("recover");
    let actions: Vec<_> = v.audit_log(&ada.id).expect("log").iter().map(|r| r.action).collect();
    assert_eq!(actions, [AuditAction::PersonCreated, AuditAction::RecoveryKeyUsed, AuditAction::PassphraseChanged]);
    drop(v);
    assert_eq!(Vault::unlock(&dir, &pw(PW), clock()).unwrap_err().code, ErrorCode::WrongPassphrase);
    let v = Vault::unlock(&dir, &pw(NEW_PW), clock()).expect("new passphrase works");
    assert_eq!(v.people().expect("people")[0].details.name, "Ada Lovelace");
    drop(v);
    // The recovery key itself is unchanged and still works.
    drop(Vault::recover(&dir, &key, &pw(PW), clock()).expect("recover again"));
}

/// Changing the passphrase rewraps the master key in the key file and nothing else: the
/// databases' main files keep their bytes and modification times (the audit entry that
/// records the change goes to the write-ahead log).
#[test]
fn changing_the_passphrase_keeps_data_and_never_rewrites_a_database() {
    let (_tmp, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let ada = v.add_person(details("Ada Lovelace")).expect("add");
    let bob = v.add_person(details("Bob Smith")).expect("add");
    drop(v);
    let mut v = unlock(&dir);
    let dbs = [v.person_db_path(&ada.id), v.person_db_path(&bob.id)];
    let before: Vec<(Vec<u8>, SystemTime)> = dbs.iter().map(|p| read_with_mtime(p)).collect();
    let key_before = std::fs::read(dir.join("vault.key")).expect("read");

    let e = v.change_passphrase(&pw("not the passphrase"), &pw(NEW_PW)).unwrap_err();
    assert_eq!(e.code, ErrorCode::WrongPassphrase);
    let e = v.change_passphrase(&pw(PW), &pw("short")).unwrap_err();
    assert_eq!(e.code, ErrorCode::PassphraseTooShort);
    assert_eq!(std::fs::read(dir.join("vault.key")).expect("read"), key_before);

    v.change_passphrase(&pw(PW), &pw(NEW_PW)).expect("change");
    let after: Vec<(Vec<u8>, SystemTime)> = dbs.iter().map(|p| read_with_mtime(p)).collect();
    assert!(before == after, "a database's main file changed");
    assert_ne!(std::fs::read(dir.join("vault.key")).expect("read"), key_before);
    let last = v.audit_log(&ada.id).expect("log").last().map(|r| r.action);
    assert_eq!(last, Some(AuditAction::PassphraseChanged));
    drop(v);

    assert_eq!(Vault::unlock(&dir, &pw(PW), clock()).unwrap_err().code, ErrorCode::WrongPassphrase);
    let v = Vault::unlock(&dir, &pw(NEW_PW), clock()).expect("unlock with the new passphrase");
    let mut names: Vec<_> = v.people().expect("people").into_iter().map(|p| p.details.name).collect();
    names.sort(); // the fixed clock gives both the same creation time
    assert_eq!(names, ["Ada Lovelace", "Bob Smith"]);
}

fn read_with_mtime(p: &std::path::Path) -> (Vec<u8>, SystemTime) {
    let bytes = std::fs::read(p).expect("read");
    let mtime = std::fs::metadata(p).and_then(|m| m.modified()).expect("mtime");
    (bytes, mtime)
}

#[test]
fn people_are_listed_oldest_first_and_can_be_updated() {
    let (_tmp, dir) = vault_dir();
    let (mut v, _) = create_with(&dir, step_clock());
    let names = ["Carol", "Ada", "Bob"];
    let ids: Vec<PersonId> = names.iter().map(|n| v.add_person(details(n)).expect("add").id).collect();
    let listed: Vec<_> = v.people().expect("people").into_iter().map(|p| p.details.name).collect();
    assert_eq!(listed, names);

    let before = v.person(&ids[1]).expect("person");
    let after = v.update_person(&ids[1], details_with_nhs("Ada King", "943 476 5919")).expect("update");
    assert_eq!(after.details.name, "Ada King");
    assert_eq!(after.created_at, before.created_at);
    assert!(after.updated_at > before.updated_at);
    assert_eq!(v.person(&ids[1]).expect("person"), after);
    let log = v.audit_log(&ids[1]).expect("log");
    assert_eq!(
        log.last().map(|r| (r.action, r.detail.as_str())),
        Some((AuditAction::PersonUpdated, "details changed"))
    );
    assert!(log.iter().all(|r| !r.detail.contains("Ada")), "the log holds no names");
}

#[test]
fn deleting_a_person_removes_their_key_first_then_their_files() {
    let (_tmp, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let ada = v.add_person(details("Ada")).expect("add");
    let bob = v.add_person(details("Bob")).expect("add");
    let ada_db = v.person_db_path(&ada.id);
    v.delete_person(&ada.id).expect("delete");
    assert_eq!(v.person(&ada.id).unwrap_err().code, ErrorCode::PersonNotFound);
    assert_eq!(v.delete_person(&ada.id).unwrap_err().code, ErrorCode::PersonNotFound);
    let key_file = std::fs::read_to_string(dir.join("vault.key")).expect("read");
    assert!(!key_file.contains(&ada.id.to_string()));
    assert!(key_file.contains(&bob.id.to_string()));
    for suffix in ["", "-wal", "-shm"] {
        let mut p = ada_db.clone().into_os_string();
        p.push(suffix);
        assert!(!std::path::Path::new(&p).exists(), "{p:?} is left");
    }
    drop(v);
    assert_eq!(unlock(&dir).people().expect("people"), vec![bob]);
}

#[test]
fn ids_that_do_not_parse_name_nobody() {
    let e = "not-a-uuid".parse::<PersonId>().unwrap_err();
    assert_eq!(e.code, ErrorCode::PersonNotFound);
    let id: PersonId = "67e55044-10b1-426f-9247-bb680e5fe0c8".parse().expect("uuid");
    assert_eq!(id.to_string(), "67e55044-10b1-426f-9247-bb680e5fe0c8");
    let (_tmp, dir) = vault_dir();
    let (v, _) = create(&dir);
    assert_eq!(v.person(&id).unwrap_err().code, ErrorCode::PersonNotFound);
}

#[test]
fn settings_persist_and_are_checked() {
    let (_tmp, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    assert_eq!(v.settings(), VaultSettings { auto_lock_minutes: 5 });
    v.set_settings(VaultSettings { auto_lock_minutes: 15 }).expect("set");
    assert_eq!(v.set_settings(VaultSettings { auto_lock_minutes: 0 }).unwrap_err().code, ErrorCode::InvalidInput);
    drop(v);
    assert_eq!(unlock(&dir).settings().auto_lock_minutes, 15);
}

#[test]
fn debug_output_holds_no_secrets() {
    let (_tmp, dir) = vault_dir();
    let (v, key) = create(&dir);
    let shown = format!("{v:?} {key:?} {:?}", pw(PW));
    assert!(!shown.contains("otter"), "{shown}");
    assert!(!shown.contains(key.display().as_str()), "{shown}");
}
