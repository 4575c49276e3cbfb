//! A re-key that fails at any step (an I/O error injected through the test seam) leaves the
//! person's record open and working in the same session, the files as they were or under
//! the new key, and the vault opening after a lock with every change kept.

use chrono::{FixedOffset, TimeZone};
use phr_core::readings::ReadingKind;
use phr_vault::record_store::{ImportDocument, SourceInfo};
use phr_vault::{PersonId, ReadingFilter, RekeyStep, Vault, debug_fail_rekey_for_tests};
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

fn ada(dir: &std::path::Path) -> (Vault, PersonId) {
    let (mut v, _) = create(dir);
    let id = v.add_person(details("Ada Lovelace")).expect("add").id;
    v.import_fhir(&id, &SourceInfo::files(), &[ImportDocument { name: "ada.json".into(), text: bundle() }])
        .expect("import");
    (v, id)
}

fn weight(v: &mut Vault, id: &PersonId, kg: f64) {
    let at = FixedOffset::east_opt(0).unwrap().timestamp_millis_opt(t0().timestamp_millis() - 3_600_000).unwrap();
    v.add_reading(id, &device_reading(ReadingKind::Weight, at, kg, None)).expect("a reading is saved");
}

fn readings(v: &Vault, id: &PersonId) -> u64 {
    v.list_readings(id, &ReadingFilter::default()).expect("list").1
}

/// The database's first 16 bytes: SQLCipher's salt, which a re-keyed copy makes anew (a
/// checkpoint changes later pages, never these).
fn salt(db: &std::path::Path) -> Vec<u8> {
    std::fs::read(db).expect("read").get(..16).expect("a database has a header").to_vec()
}

fn temporary_files(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir.join("people"))
        .expect("list")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect()
}

/// Each step that can fail: the change of keys reports that it did not finish, the record
/// still reads and takes a change at once (no placeholder connection), no temporary copy is
/// left, and after a lock the vault opens with the passphrase, the change kept, and the
/// next unlock finishes the rotation.
#[test]
fn a_failed_rekey_leaves_the_record_working_at_every_step() {
    for step in [RekeyStep::Copy, RekeyStep::Close, RekeyStep::Rename, RekeyStep::SyncFolder, RekeyStep::Reopen] {
        let (_tmp, dir) = vault_dir();
        let (mut v, id) = ada(&dir);
        let db = v.person_db_path(&id);
        let before = salt(&db);
        debug_fail_rekey_for_tests(Some(step));
        let rotation = v.new_recovery_key(&pw(PW));
        debug_fail_rekey_for_tests(None);
        let rotation = rotation.expect("the key file is the commit point: the rotation is made");
        let rekeyed = salt(&db) != before;
        match step {
            // The re-keyed copy was renamed into place and opened: only the folder's sync or
            // the first open failed, so the rotation is not marked finished (sync) or is.
            RekeyStep::SyncFolder => {
                assert!(!rotation.finished, "{step:?}");
                assert!(rekeyed, "{step:?}: the copy was renamed into place");
            }
            RekeyStep::Reopen => assert!(rotation.finished, "{step:?}: a second open succeeded"),
            _ => {
                assert!(!rotation.finished, "{step:?}");
                assert!(!rekeyed, "{step:?}: the database file changed although its re-key failed");
            }
        }
        assert!(temporary_files(&dir).is_empty(), "{step:?}: temporary files left: {:?}", temporary_files(&dir));
        assert_eq!(v.search_record(&id, "asthma", 10).expect("the record still reads").len(), 1, "{step:?}");
        weight(&mut v, &id, 70.5);
        assert_eq!(readings(&v, &id), 1, "{step:?}");
        drop(v);

        let v = Vault::unlock(&dir, &pw(PW), clock()).expect("the vault opens after the failed re-key");
        assert_eq!(readings(&v, &id), 1, "{step:?}: the change made after the failure was lost");
        assert_eq!(v.search_record(&id, "asthma", 10).expect("search").len(), 1);
        drop(v);
        let key_text = std::fs::read_to_string(dir.join("vault.key")).expect("read");
        assert!(!key_text.contains("next_key"), "{step:?}: the next unlock did not finish the rotation");
        assert_ne!(salt(&db), before, "{step:?}: the database was never re-keyed");
        let v = unlock(&dir);
        assert_eq!(readings(&v, &id), 1, "{step:?}");
    }
}
