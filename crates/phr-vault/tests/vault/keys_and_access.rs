//! Keys that rotate, a recovery key that is replaced, unlock on media that cannot be written,
//! and databases the key file does not list kept in quarantine, never deleted.

use std::io::ErrorKind;

use phr_core::ErrorCode;
use phr_core::audit::AuditAction;
use phr_vault::record_store::{ImportDocument, SourceInfo};
use phr_vault::{PersonId, RecoveryKey, Vault, VaultSettings, debug_fail_writes_for_tests};
use serde_json::json;

use crate::support::*;

fn bundle() -> String {
    json!({
        "resourceType": "Bundle", "type": "collection",
        "entry": [
            {"fullUrl": "urn:uuid:11111111-1111-4111-8111-111111111111", "resource": {
                "resourceType": "Patient", "id": "p1",
                "name": [{"family": "Lovelace", "given": ["Ada"]}], "birthDate": "1948-07-05"}},
            {"fullUrl": "urn:uuid:22222222-2222-4222-8222-222222222222", "resource": {
                "resourceType": "Condition", "id": "c1",
                "code": {"text": "Asthma"},
                "subject": {"reference": "urn:uuid:11111111-1111-4111-8111-111111111111"},
                "onsetDateTime": "2015-06-01"}}
        ]
    })
    .to_string()
}

/// Two people, one with an imported record (so the search index is in the database).
fn two_people(dir: &std::path::Path) -> (Vault, PersonId, PersonId) {
    let (mut v, _) = create(dir);
    let ada = v.add_person(details("Ada Lovelace")).expect("add").id;
    let bob = v.add_person(details("Bob Smith")).expect("add").id;
    v.import_fhir(&ada, &SourceInfo::files(), &[ImportDocument { name: "ada.json".into(), text: bundle() }])
        .expect("import");
    (v, ada, bob)
}

fn names(v: &Vault) -> Vec<String> {
    let mut n: Vec<String> = v.people().expect("people").into_iter().map(|p| p.details.name).collect();
    n.sort();
    n
}

/// After a rotation every database is under a new key, the new passphrase and the new
/// recovery key open the vault, and the old recovery key, or a copy of the old `vault.key`
/// with the old passphrase, opens nothing.
#[test]
fn rotating_the_keys_rekeys_every_database_and_an_old_key_file_opens_nothing() {
    let (_tmp, dir) = vault_dir();
    let (mut v, ada, bob) = two_people(&dir);
    let old_recovery = {
        drop(v);
        // The recovery key the vault was made with is not kept; make a fresh one to retire.
        let mut v = unlock(&dir);
        let k = v.new_recovery_key(&pw(PW)).expect("new recovery key").recovery_key;
        drop(v);
        k
    };
    v = unlock(&dir);
    let old_key_file = std::fs::read(dir.join("vault.key")).expect("read");
    let dbs = [v.person_db_path(&ada), v.person_db_path(&bob)];
    let before: Vec<Vec<u8>> = dbs.iter().map(|p| std::fs::read(p).expect("read")).collect();

    let e = v.change_passphrase_and_rotate(&pw("not the passphrase"), &pw(NEW_PW)).unwrap_err();
    assert_eq!(e.code, ErrorCode::WrongPassphrase);
    assert_eq!(std::fs::read(dir.join("vault.key")).expect("read"), old_key_file);

    let rotation = v.change_passphrase_and_rotate(&pw(PW), &pw(NEW_PW)).expect("rotate");
    assert!(rotation.finished);
    assert_eq!(names(&v), ["Ada Lovelace", "Bob Smith"]);
    assert_eq!(v.search_record(&ada, "asthma", 10).expect("search").len(), 1);
    assert_eq!(v.audit_log(&ada).expect("log").last().map(|r| r.action), Some(AuditAction::PassphraseChanged));
    assert!(v.verify_audit(&ada).expect("verify").broken.is_none());
    drop(v);
    for (path, old) in dbs.iter().zip(&before) {
        let now = std::fs::read(path).expect("read");
        assert_ne!(&now, old, "a database was not re-keyed");
    }
    let key_text = std::fs::read_to_string(dir.join("vault.key")).expect("read");
    assert!(!key_text.contains("next_key"), "the rotation left its transition in the key file");
    let leftovers: Vec<_> = std::fs::read_dir(dir.join("people"))
        .expect("list")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");

    assert_eq!(Vault::unlock(&dir, &pw(PW), clock()).unwrap_err().code, ErrorCode::WrongPassphrase);
    let v = Vault::unlock(&dir, &pw(NEW_PW), clock()).expect("the new passphrase opens it");
    assert_eq!(names(&v), ["Ada Lovelace", "Bob Smith"]);
    drop(v);
    let e = Vault::recover(&dir, &old_recovery, &pw(PW), clock()).unwrap_err();
    assert_eq!(e.code, ErrorCode::WrongRecoveryKey);
    drop(Vault::recover(&dir, &rotation.recovery_key, &pw(NEW_PW), clock()).expect("the new recovery key opens it"));

    // An old copy of the key file, put back, with the old passphrase: nothing opens.
    let current = std::fs::read(dir.join("vault.key")).expect("read");
    std::fs::write(dir.join("vault.key"), &old_key_file).expect("restore the old key file");
    let e = Vault::unlock(&dir, &pw(PW), clock()).unwrap_err();
    assert_eq!(e.code, ErrorCode::DatabaseDamaged, "{e}");
    let e = Vault::recover(&dir, &old_recovery, &pw(PW), clock()).unwrap_err();
    assert_eq!(e.code, ErrorCode::DatabaseDamaged, "{e}");
    std::fs::write(dir.join("vault.key"), current).expect("put the current key file back");
    drop(Vault::unlock(&dir, &pw(NEW_PW), clock()).expect("still opens"));
}

/// A backup holds the key file of its day. After a new recovery key, the old recovery key
/// with such an older key file opens none of the databases now in use: they were re-keyed.
#[test]
fn after_a_new_recovery_key_the_old_key_with_an_older_key_file_opens_nothing() {
    let (_tmp, dir) = vault_dir();
    let (mut v, first) = create(&dir);
    v.add_person(details("Ada Lovelace")).expect("add");
    let old_key_file = std::fs::read(dir.join("vault.key")).expect("read");
    let r = v.new_recovery_key(&pw(PW)).expect("new key");
    assert!(r.finished, "every record re-keyed");
    drop(v);
    let current = std::fs::read(dir.join("vault.key")).expect("read");
    std::fs::write(dir.join("vault.key"), &old_key_file).expect("put the older key file back");
    let e = Vault::unlock(&dir, &pw(PW), clock()).unwrap_err();
    assert_eq!(e.code, ErrorCode::DatabaseDamaged, "{e}");
    let e = Vault::recover(&dir, &first, &pw(NEW_PW), clock()).unwrap_err();
    assert_eq!(e.code, ErrorCode::DatabaseDamaged, "{e}");
    std::fs::write(dir.join("vault.key"), current).expect("put the current key file back");
    assert_eq!(names(&unlock(&dir)), ["Ada Lovelace"], "the passphrase is unchanged");
}

/// A new recovery key retires the old one at once; the passphrase and the record stay.
#[test]
fn a_new_recovery_key_retires_the_old_one() {
    let (_tmp, dir) = vault_dir();
    let (mut v, first) = create(&dir);
    v.add_person(details("Ada Lovelace")).expect("add");
    let e = v.new_recovery_key(&pw("not the passphrase")).unwrap_err();
    assert_eq!(e.code, ErrorCode::WrongPassphrase);
    let second = v.new_recovery_key(&pw(PW)).expect("new key").recovery_key;
    assert_ne!(first.display().to_string(), second.display().to_string());
    drop(v);
    assert_eq!(Vault::recover(&dir, &first, &pw(NEW_PW), clock()).unwrap_err().code, ErrorCode::WrongRecoveryKey);
    assert_eq!(names(&unlock(&dir)), ["Ada Lovelace"]);
    let v = Vault::recover(&dir, &second, &pw(NEW_PW), clock()).expect("the new key opens it");
    assert_eq!(names(&v), ["Ada Lovelace"]);
}

/// A folder that cannot be written (here through the test seam: a test running as root
/// cannot make one) opens read-only, with the reason, and every change is refused with
/// READ_ONLY; nothing in the folder changes.
#[test]
fn an_unwritable_folder_opens_read_only_and_refuses_every_change() {
    let (_tmp, dir) = vault_dir();
    let (v, ada, _bob) = two_people(&dir);
    drop(v);
    let before = snapshot(&dir);
    debug_fail_writes_for_tests(Some(ErrorKind::ReadOnlyFilesystem));
    let opened = Vault::unlock(&dir, &pw(PW), clock());
    let mut v = opened.expect("opens read-only");
    let why = v.read_only().expect("read-only").to_string();
    assert!(why.contains("can only be read"), "{why}");
    assert_eq!(names(&v), ["Ada Lovelace", "Bob Smith"]);
    assert_eq!(v.search_record(&ada, "asthma", 10).expect("search").len(), 1);
    // Suggestions read the record's words without writing to the folder.
    assert_eq!(v.search_suggestions(&ada, "asthmma", 3).expect("suggestions"), ["asthma"]);

    let code = |r: phr_vault::Result<()>| r.unwrap_err().code;
    assert_eq!(code(v.add_person(details("Cy")).map(|_| ())), ErrorCode::ReadOnly);
    assert_eq!(code(v.update_person(&ada, details("Ada L")).map(|_| ())), ErrorCode::ReadOnly);
    assert_eq!(code(v.set_settings(VaultSettings { auto_lock_minutes: 10 })), ErrorCode::ReadOnly);
    assert_eq!(code(v.change_passphrase(&pw(PW), &pw(NEW_PW))), ErrorCode::ReadOnly);
    assert_eq!(code(v.change_passphrase_and_rotate(&pw(PW), &pw(NEW_PW)).map(|_| ())), ErrorCode::ReadOnly);
    assert_eq!(code(v.new_recovery_key(&pw(PW)).map(|_| ())), ErrorCode::ReadOnly);
    assert_eq!(code(v.delete_person(&ada)), ErrorCode::ReadOnly);
    let e = v
        .import_fhir(&ada, &SourceInfo::files(), &[ImportDocument { name: "a.json".into(), text: bundle() }])
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::ReadOnly);
    let e = v.add_reading(
        &ada,
        &device_reading(phr_core::readings::ReadingKind::HeartRate, t0().fixed_offset(), 60.0, None),
    );
    assert_eq!(e.unwrap_err().code, ErrorCode::ReadOnly);
    drop(v);
    debug_fail_writes_for_tests(None);
    let mut after = snapshot(&dir);
    // The lock file is opened (and locked), never written.
    after.retain(|p, _| before.contains_key(p));
    assert_eq!(before, after, "a read-only unlock changed a file");
    assert!(unlock(&dir).read_only().is_none(), "writable again once the media is");
}

/// The same with real file modes, where the test is not running as root (root ignores them).
#[test]
fn a_folder_without_write_permission_opens_read_only() {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if std::fs::read_to_string("/proc/self/status")
            .is_ok_and(|s| s.lines().any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0")))
        {
            println!("skipped: running as root, which ignores file modes; the test seam case covers it");
            return;
        }
        let (_tmp, dir) = vault_dir();
        let (v, _, _) = two_people(&dir);
        drop(v);
        let set = |p: &std::path::Path, mode: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode));
        for f in snapshot(&dir).keys() {
            set(f, 0o400).unwrap();
        }
        set(&dir.join("people"), 0o500).unwrap();
        set(&dir, 0o500).unwrap();
        let result = Vault::unlock(&dir, &pw(PW), clock()).map(|v| (v.read_only().map(str::to_string), names(&v)));
        set(&dir, 0o700).unwrap();
        set(&dir.join("people"), 0o700).unwrap();
        for f in snapshot(&dir).keys() {
            set(f, 0o600).unwrap();
        }
        let (why, people) = result.expect("opens read-only");
        assert!(why.is_some());
        assert_eq!(people, ["Ada Lovelace", "Bob Smith"]);
    }
}

/// A database the key file does not list (an older `vault.key` put back by a sync tool, or
/// a crash between making a database and recording its key) is moved to quarantine with its
/// bytes, never deleted; other files are left alone.
#[test]
fn an_older_key_file_put_back_loses_no_one() {
    let (_tmp, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    v.add_person(details("Ada Lovelace")).expect("add");
    let older = std::fs::read(dir.join("vault.key")).expect("read");
    let bob = v.add_person(details("Bob Smith")).expect("add").id;
    let bob_path = v.person_db_path(&bob);
    drop(v);
    let bob_bytes = std::fs::read(&bob_path).expect("read");
    std::fs::write(dir.join("people").join("notes.txt"), b"mine").expect("write");
    let current = std::fs::read(dir.join("vault.key")).expect("read");
    std::fs::write(dir.join("vault.key"), &older).expect("the sync tool puts the older file back");

    let v = unlock(&dir);
    assert_eq!(names(&v), ["Ada Lovelace"]);
    drop(v);
    assert!(!bob_path.exists());
    let kept = dir.join("people").join("quarantine").join(bob_path.file_name().expect("name"));
    assert_eq!(std::fs::read(&kept).expect("kept in quarantine"), bob_bytes);
    assert!(dir.join("people").join("notes.txt").exists());

    // Putting the newer key file and the database back brings Bob back.
    std::fs::rename(&kept, &bob_path).expect("move back");
    std::fs::write(dir.join("vault.key"), current).expect("newer key file");
    assert_eq!(names(&unlock(&dir)), ["Ada Lovelace", "Bob Smith"]);
}

/// A recovery key typed back in from its display form after a rotation opens the vault.
#[test]
fn the_rotated_recovery_key_reads_back_from_its_display_form() {
    let (_tmp, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    v.add_person(details("Ada Lovelace")).expect("add");
    let r = v.change_passphrase_and_rotate(&pw(PW), &pw(NEW_PW)).expect("rotate");
    drop(v);
    let typed = RecoveryKey::parse(&r.recovery_key.display().to_lowercase()).expect("parse");
    assert_eq!(names(&Vault::recover(&dir, &typed, &pw(PW), clock()).expect("recover")), ["Ada Lovelace"]);
}
