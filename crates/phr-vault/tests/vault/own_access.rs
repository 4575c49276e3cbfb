//! A cared-for person's own access: what they keep private from their carer is held by keys
//! the carer never has. The carer holds the vault password, the recovery key and every file;
//! none of it reads what is private.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use phr_core::carer_limits::{CarerAllow, CarerLimits};
use phr_core::person::PersonDetails;
use phr_core::person_role::{Role, RoleKind};
use phr_core::record::Sensitivity;
use phr_vault::record_store::{EntryRow, ImportDocument, SourceInfo, TimelineFilter};
use phr_vault::{ErrorCode, OwnerSession, PersonId, Vault};
use rusqlite::Connection;

use crate::support::*;

const KARENA: &str = "synthea-r4-smart/Karena_Pfeffer_1f99a0cb-594b-476a-b9cb-502594c1ee6b.json";
const OWN_PW: &str = "kestrel pebble harbour";
/// Words only the record's sexual health entries hold (the pills, the coil, the terminations)
/// and what refers to them (claims, explanations of benefit).
const HIDDEN_WORDS: [&str; 7] = ["Camila", "Errin", "Trinessa", "Liletta", "intrauterine", "termination", "abortion"];

fn karena() -> PersonDetails {
    PersonDetails {
        name: "Karena Pfeffer".into(),
        date_of_birth: NaiveDate::from_ymd_opt(1994, 12, 21).unwrap(),
        nhs_number: None,
    }
}

fn cared_for() -> Role {
    Role { kind: RoleKind::CaredFor, relationship: Some("daughter".into()), basis: None, review_on: None }
}

fn karena_docs() -> Vec<ImportDocument> {
    let text = std::fs::read_to_string(crate::repo::fixture(KARENA)).unwrap();
    vec![ImportDocument { name: "karena.json".into(), text }]
}

fn hide_sexual_health() -> CarerLimits {
    CarerLimits {
        hidden: vec![Sensitivity::SexualHealth],
        hidden_entries: Vec::new(),
        allow: CarerAllow { readings: true, import: true, share: false, export: false },
        show_count: true,
    }
}

fn titles(page_of: impl Fn(&TimelineFilter) -> Vec<EntryRow>) -> Vec<String> {
    let filter = TimelineFilter { limit: 500, ..TimelineFilter::default() };
    page_of(&filter).into_iter().map(|e| e.title).collect()
}

fn record_titles(v: &Vault, id: &PersonId) -> Vec<String> {
    titles(|f| v.timeline(id, f).unwrap().entries)
}

fn private_titles(v: &Vault, s: &OwnerSession) -> Vec<String> {
    titles(|f| v.private_timeline(s, f).unwrap().entries)
}

/// Every text and blob value in every table of `conn` (FTS5's own tables included).
fn every_value(conn: &Connection) -> Vec<(String, String)> {
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut out = Vec::new();
    for t in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for i in 0..n {
                use rusqlite::types::ValueRef;
                let text = match row.get_ref(i).unwrap() {
                    ValueRef::Text(b) | ValueRef::Blob(b) => String::from_utf8_lossy(b).into_owned(),
                    _ => continue,
                };
                out.push((t.clone(), text));
            }
        }
    }
    out
}

fn holding_hidden_words(conn: &Connection) -> BTreeSet<(String, &'static str)> {
    let mut found = BTreeSet::new();
    for (table, text) in every_value(conn) {
        let lower = text.to_lowercase();
        for w in HIDDEN_WORDS {
            if lower.contains(&w.to_lowercase()) {
                found.insert((table.clone(), w));
            }
        }
    }
    found
}

/// A vault with Karena as someone cared for, her own access set up.
fn with_own_access(dir: &std::path::Path) -> (Vault, PersonId) {
    let (mut v, _) = create(dir);
    let id = v.add_person_as(karena(), Some(cared_for())).unwrap().id;
    v.set_own_access(&id, &pw(OWN_PW)).unwrap();
    (v, id)
}

#[test]
fn limits_hold_against_the_carer() {
    let (_t, dir) = vault_dir();
    let (mut v, id) = with_own_access(&dir);
    // Karena hides sexual health while the record is still empty.
    let s = v.open_own_access(&id, &pw(OWN_PW)).unwrap();
    assert_eq!(v.set_carer_limits(&s, hide_sexual_health()).unwrap(), phr_vault::LimitsMoved::default());
    drop(s);

    // The carer imports her record: what she hides is sealed to her key, not stored.
    v.import_fhir(&id, &SourceInfo::files(), &karena_docs()).unwrap();
    let shown = record_titles(&v, &id);
    assert!(shown.iter().any(|t| t.contains("Acetaminophen")), "the general record is there");
    assert!(!shown.iter().any(|t| t.contains("Camila") || t.contains("intrauterine")), "{shown:?}");

    // Everything the carer can open holds none of the hidden entries' words.
    let raw = v.debug_open_person_db_for_tests(&id).unwrap();
    assert_eq!(holding_hidden_words(&raw), BTreeSet::new());
    let sealed: Vec<Vec<u8>> = raw
        .prepare("SELECT sealed FROM sealed_arrival")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(sealed.len() >= 10, "{} sealed", sealed.len());
    for blob in &sealed {
        assert!(
            blob.starts_with(b"age-encryption.org/v1\n-> X25519 "),
            "sealed arrivals are age files to an X25519 key"
        );
    }
    drop(raw);
    // The carer may see how many entries are private (Karena allowed it).
    assert_eq!(v.private_entry_count(&id).unwrap(), Some(sealed.len() as u64));

    // The private part opens with nothing the carer holds: not the record's key, not as plain SQLite.
    let private = dir.join("people").join(format!("{id}.private.db"));
    assert!(private.is_file());
    let bytes = std::fs::read(&private).unwrap();
    assert!(!bytes.starts_with(b"SQLite format 3"), "the private part is encrypted");
    for w in HIDDEN_WORDS {
        assert!(!String::from_utf8_lossy(&bytes).contains(w));
    }
    let own_key = std::fs::read_to_string(dir.join("people").join(format!("{id}.own.key"))).unwrap();
    for w in HIDDEN_WORDS.iter().copied().chain(["Karena", "AGE-SECRET-KEY"]) {
        assert!(!own_key.contains(w), "the own key file holds {w}");
    }

    // A wrong own password is refused; the vault's password is not hers.
    assert_eq!(v.open_own_access(&id, &pw("kestrel pebble harbor")).unwrap_err().code, ErrorCode::OwnPasswordWrong);
    assert_eq!(v.open_own_access(&id, &pw(PW)).unwrap_err().code, ErrorCode::OwnPasswordWrong);

    // With her own password everything is there, and the sealed arrivals have moved in.
    let s = v.open_own_access(&id, &pw(OWN_PW)).unwrap();
    let mine = private_titles(&v, &s);
    for pill in [
        "Camila 28 Day Pack",
        "Errin 28 Day Pack",
        "Trinessa 28 Day Pack",
        "Insertion of intrauterine contraceptive device",
    ] {
        assert!(mine.iter().any(|t| t == pill), "{pill} missing from {mine:?}");
    }
    assert_eq!(v.private_entry_count(&id).unwrap(), Some(sealed.len() as u64), "one private entry for each arrival");
    let raw = v.debug_open_person_db_for_tests(&id).unwrap();
    let left: i64 = raw.query_row("SELECT count(*) FROM sealed_arrival", [], |r| r.get(0)).unwrap();
    assert_eq!(left, 0);
    assert_eq!(holding_hidden_words(&raw), BTreeSet::new());
    drop(raw);
    assert!(!v.search_private(&s, "Camila", 10).unwrap().is_empty());
    assert!(v.search_record(&id, "Camila", 10).unwrap().is_empty());
    assert_eq!(v.own_carer_limits(&s).unwrap(), hide_sexual_health());
}

/// Every file under `dir`, as its bytes (the vault's folder: keys, index, databases, their
/// journals, and whatever else lies beside them).
fn every_file(dir: &std::path::Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(every_file(&path));
        } else {
            out.push((path.clone(), std::fs::read(&path).unwrap()));
        }
    }
    out
}

/// The "opening every database the carer's keys can open": the carer (Sarah, the
/// vault's holder) opens every person's database in `people/` with the master key, hers and
/// Karena's, and reads every table; no file in the vault's folder, read as it lies, holds the
/// hidden words either. Hazard H-42.
#[test]
fn every_database_the_carers_keys_open_holds_none_of_the_hidden_words() {
    let (_t, dir) = vault_dir();
    let (mut v, id) = with_own_access(&dir);
    let me = Role { kind: RoleKind::Me, relationship: None, basis: None, review_on: None };
    let sarah = PersonDetails {
        name: "Sarah Pfeffer".into(),
        date_of_birth: NaiveDate::from_ymd_opt(1970, 4, 1).unwrap(),
        nhs_number: None,
    };
    let sarah = v.add_person_as(sarah, Some(me)).unwrap().id;
    let s = v.open_own_access(&id, &pw(OWN_PW)).unwrap();
    v.set_carer_limits(&s, hide_sexual_health()).unwrap();
    drop(s);
    v.import_fhir(&id, &SourceInfo::files(), &karena_docs()).unwrap();

    let mut opened = BTreeSet::new();
    for entry in std::fs::read_dir(dir.join("people")).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".db") else { continue };
        if stem.ends_with(".private") {
            // Her private part: no key the carer holds opens it (limits_hold_against_the_carer);
            // here it is read as bytes, below, with every other file.
            assert!(!std::fs::read(entry.path()).unwrap().starts_with(b"SQLite format 3"), "{name}");
            continue;
        }
        let person: PersonId = stem.parse().unwrap();
        let conn = v.debug_open_person_db_for_tests(&person).unwrap();
        assert_eq!(holding_hidden_words(&conn), BTreeSet::new(), "{name}");
        opened.insert(person);
    }
    assert_eq!(opened, BTreeSet::from([id.clone(), sarah]), "both databases were opened");

    for (path, bytes) in every_file(&dir) {
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        for w in HIDDEN_WORDS {
            assert!(!text.contains(&w.to_lowercase()), "{} holds {w}", path.display());
        }
    }
}

#[test]
fn hiding_later_moves_the_entries_out_and_showing_them_again_moves_them_back() {
    let (_t, dir) = vault_dir();
    let (mut v, id) = with_own_access(&dir);
    v.import_fhir(&id, &SourceInfo::files(), &karena_docs()).unwrap();
    let before_n = record_titles(&v, &id).len();
    let before: BTreeSet<String> = record_titles(&v, &id).into_iter().collect();
    let s = v.open_own_access(&id, &pw(OWN_PW)).unwrap();

    let moved = v.set_carer_limits(&s, hide_sexual_health()).unwrap();
    assert!(moved.to_private >= 10, "{moved:?}");
    let raw = v.debug_open_person_db_for_tests(&id).unwrap();
    assert_eq!(holding_hidden_words(&raw), BTreeSet::new(), "nothing of the hidden entries is left in the record");
    let check: String = raw.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
    raw.execute("INSERT INTO entry_fts (entry_fts) VALUES ('integrity-check')", []).unwrap();
    drop(raw);
    let wal = std::fs::metadata(dir.join("people").join(format!("{id}.db-wal"))).map(|m| m.len()).unwrap_or(0);
    assert_eq!(wal, 0, "the log was checkpointed and truncated");
    assert_eq!(v.private_entry_count(&id).unwrap(), Some(moved.to_private as u64));

    // Nothing hidden: everything comes back, once.
    let back = v.set_carer_limits(&s, CarerLimits::everything_visible()).unwrap();
    assert_eq!(back.to_record, moved.to_private);
    let after: BTreeSet<String> = record_titles(&v, &id).into_iter().collect();
    assert_eq!(after, before);
    assert!(private_titles(&v, &s).is_empty());
    assert_eq!(record_titles(&v, &id).len(), before_n, "each entry came back once");
}

#[test]
fn a_move_stopped_between_its_two_commits_loses_nothing_and_duplicates_nothing() {
    let (_t, dir) = vault_dir();
    let (mut v, id) = with_own_access(&dir);
    v.import_fhir(&id, &SourceInfo::files(), &karena_docs()).unwrap();
    let all = record_titles(&v, &id).len();
    let s = v.open_own_access(&id, &pw(OWN_PW)).unwrap();
    phr_vault::debug_fail_private_move_for_tests(true);
    assert!(v.set_carer_limits(&s, hide_sexual_health()).is_err());
    phr_vault::debug_fail_private_move_for_tests(false);
    drop(s);
    drop(v);

    let mut v = unlock(&dir);
    let s = v.open_own_access(&id, &pw(OWN_PW)).unwrap();
    let shown = record_titles(&v, &id);
    let private = private_titles(&v, &s);
    assert_eq!(shown.len() + private.len(), all, "nothing lost, nothing twice");
    assert!(private.iter().any(|t| t == "Camila 28 Day Pack"));
    assert!(!shown.iter().any(|t| t == "Camila 28 Day Pack"));
    let raw = v.debug_open_person_db_for_tests(&id).unwrap();
    assert_eq!(holding_hidden_words(&raw), BTreeSet::new());
}

#[test]
fn own_access_is_only_for_someone_cared_for_and_opens_with_the_recovery_key() {
    let (_t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let me = v.add_person_as(details("Sam Carer"), Some(Role::me())).unwrap().id;
    assert_eq!(v.set_own_access(&me, &pw(OWN_PW)).unwrap_err().code, ErrorCode::InvalidInput);
    let id = v.add_person_as(karena(), Some(cared_for())).unwrap().id;
    assert!(!v.has_own_access(&id));
    assert_eq!(v.carer_limits(&id).unwrap(), None);
    let recovery = v.set_own_access(&id, &pw(OWN_PW)).unwrap();
    assert!(v.has_own_access(&id));
    assert_eq!(v.set_own_access(&id, &pw(OWN_PW)).unwrap_err().code, ErrorCode::InvalidInput);

    // The recovery key sets a new own password; the old one no longer opens it.
    let s = v.open_own_access_with_recovery(&id, &recovery, &pw("meadow lantern quiver")).unwrap();
    assert_eq!(s.person(), &id);
    assert!(!format!("{s:?}").contains("Key32("));
    assert_eq!(v.open_own_access(&id, &pw(OWN_PW)).unwrap_err().code, ErrorCode::OwnPasswordWrong);
    v.change_own_password(&s, &pw(OWN_PW)).unwrap();
    drop(v.open_own_access(&id, &pw(OWN_PW)).unwrap());

    // Deleting the person removes their own access with their record.
    v.delete_person(&id).unwrap();
    let people = dir.join("people");
    assert!(!people.join(format!("{id}.own.key")).exists());
    assert!(!people.join(format!("{id}.private.db")).exists());
}

#[test]
fn limits_changed_by_hand_fail_closed_and_are_reported() {
    let (_t, dir) = vault_dir();
    let (mut v, id) = with_own_access(&dir);
    let s = v.open_own_access(&id, &pw(OWN_PW)).unwrap();
    v.set_carer_limits(&s, hide_sexual_health()).unwrap();
    drop(s);
    // The carer edits the limits by hand to show sexual health again.
    let path = dir.join("people").join(format!("{id}.own.key"));
    let text = std::fs::read_to_string(&path).unwrap().replace("\"sexual_health\"", "\"mental_health\"");
    std::fs::write(&path, text).unwrap();
    let rule = v.carer_limits(&id).unwrap().unwrap();
    assert!(rule.tampered);
    assert!(
        rule.hides(Sensitivity::SexualHealth, "Condition/x") && rule.hides(Sensitivity::MentalHealth, "Condition/x")
    );
    assert_eq!(rule.allow, CarerAllow::NONE);
    assert_eq!(v.private_entry_count(&id).unwrap(), None);
    // Unlocking the vault does not trip over (or quarantine) the own access files.
    drop(v);
    let mut v = unlock(&dir);
    assert!(path.exists());
    assert!(dir.join("people").join(format!("{id}.private.db")).exists());
    assert!(!dir.join("people").join("quarantine").exists(), "nothing was quarantined");
    let s = v.open_own_access(&id, &pw(OWN_PW)).unwrap();
    assert!(s.limits_tampered());
    // Setting the limits again puts it right.
    v.set_carer_limits(&s, hide_sexual_health()).unwrap();
    assert!(!v.carer_limits(&id).unwrap().unwrap().tampered);
}

#[test]
fn a_backup_carries_their_own_access_and_only_their_password_opens_it_after_a_restore() {
    let (t, dir) = vault_dir();
    let (mut v, id) = with_own_access(&dir);
    let s = v.open_own_access(&id, &pw(OWN_PW)).unwrap();
    v.set_carer_limits(&s, hide_sexual_health()).unwrap();
    drop(s);
    v.import_fhir(&id, &SourceInfo::files(), &karena_docs()).unwrap();
    let s = v.open_own_access(&id, &pw(OWN_PW)).unwrap();
    let private = private_titles(&v, &s);
    drop(s);
    let backup = t.path().join("vault.phrbackup");
    v.create_backup(&backup).unwrap();
    drop(v);

    let restored = t.path().join("restored");
    let mut r =
        Vault::restore_backup(&backup, &restored, phr_vault::BackupSecret::Passphrase(&pw(PW)), clock()).unwrap();
    assert!(r.has_own_access(&id));
    assert_eq!(r.open_own_access(&id, &pw(PW)).unwrap_err().code, ErrorCode::OwnPasswordWrong);
    let s = r.open_own_access(&id, &pw(OWN_PW)).unwrap();
    assert_eq!(private_titles(&r, &s), private);
    assert!(!record_titles(&r, &id).iter().any(|t| t == "Camila 28 Day Pack"));
}

#[test]
fn a_new_arrival_of_an_entry_already_private_is_sealed_whatever_its_label_says() {
    let (_t, dir) = vault_dir();
    let (mut v, id) = with_own_access(&dir);
    v.import_fhir(&id, &SourceInfo::files(), &karena_docs()).unwrap();
    let count = |v: &Vault| record_titles(v, &id).iter().filter(|t| t.starts_with("Acetaminophen")).count();
    let before = count(&v);
    assert!(before >= 1);
    // The painkiller is labelled sexual health by hand (its suggested label is general).
    let filter = TimelineFilter { limit: 500, ..TimelineFilter::default() };
    let pill =
        v.timeline(&id, &filter).unwrap().entries.into_iter().find(|e| e.title.starts_with("Acetaminophen")).unwrap();
    v.set_entry_sensitivity(&id, pill.id, Sensitivity::SexualHealth).unwrap();
    let s = v.open_own_access(&id, &pw(OWN_PW)).unwrap();
    v.set_carer_limits(&s, hide_sexual_health()).unwrap();
    assert_eq!(count(&v), before - 1);
    drop(s);

    // The carer imports the record again: the GP still calls it general, but it is private.
    v.import_fhir(&id, &SourceInfo::files(), &karena_docs()).unwrap();
    assert_eq!(count(&v), before - 1, "the private entry came back into the record");
    let s = v.open_own_access(&id, &pw(OWN_PW)).unwrap();
    let private = v.private_timeline(&s, &filter).unwrap().entries;
    let kept = private.iter().find(|e| e.title.starts_with("Acetaminophen")).unwrap();
    assert_eq!(kept.sensitivity, Sensitivity::SexualHealth, "the person's own label stays");
    assert_eq!(private.iter().filter(|e| e.title.starts_with("Acetaminophen")).count(), 1, "once");
}

/// A private part whose key file is gone (a sync tool dropped it, a partial copy) is moved to
/// the quarantine folder when own access is set up again, never deleted: the person may still
/// find the key file and their entries with it.
#[test]
fn a_private_part_without_its_key_file_is_moved_aside_not_deleted() {
    let (_t, dir) = vault_dir();
    let (mut v, id) = with_own_access(&dir);
    let people = dir.join("people");
    let private = people.join(format!("{id}.private.db"));
    let before = std::fs::read(&private).unwrap();
    std::fs::remove_file(people.join(format!("{id}.own.key"))).unwrap();

    v.set_own_access(&id, &pw(OWN_PW)).unwrap();
    let kept = people.join("quarantine").join(format!("{id}.private.db"));
    assert_eq!(std::fs::read(&kept).unwrap(), before, "the old private part, whole");
    assert!(private.is_file(), "a new private part in its place");
}

/// An entry that moves into the private part, and back, keeps its older versions (what an
/// earlier import held before a newer one replaced it).
#[test]
fn a_moved_entry_keeps_its_older_versions() {
    let (_t, dir) = vault_dir();
    let (mut v, id) = with_own_access(&dir);
    v.import_fhir(&id, &SourceInfo::files(), &karena_docs()).unwrap();
    // The GP's next export changes the pill's prescription: a second version.
    let mut bundle: serde_json::Value = serde_json::from_str(&karena_docs()[0].text).unwrap();
    let entries = bundle["entry"].as_array_mut().unwrap();
    let pill = entries
        .iter_mut()
        .map(|e| &mut e["resource"])
        .find(|r| r["resourceType"] == "MedicationRequest" && r.to_string().contains("Camila"))
        .unwrap();
    pill["note"] = serde_json::json!([{ "text": "Changed at the next review" }]);
    let text = serde_json::to_string(&bundle).unwrap();
    v.import_fhir(&id, &SourceInfo::files(), &[ImportDocument { name: "karena-2.json".into(), text }]).unwrap();
    let filter = TimelineFilter { limit: 500, ..TimelineFilter::default() };
    let camila = |rows: Vec<EntryRow>| rows.into_iter().find(|e| e.title.contains("Camila")).unwrap();
    let in_record = camila(v.timeline(&id, &filter).unwrap().entries);
    assert_eq!(v.entry(&id, in_record.id).unwrap().versions, 2, "two versions before the move");

    let s = v.open_own_access(&id, &pw(OWN_PW)).unwrap();
    v.set_carer_limits(&s, hide_sexual_health()).unwrap();
    let private = camila(v.private_timeline(&s, &filter).unwrap().entries);
    assert_eq!(v.private_entry(&s, private.id).unwrap().versions, 2, "both versions in the private part");

    v.set_carer_limits(&s, CarerLimits { hidden: Vec::new(), ..hide_sexual_health() }).unwrap();
    let back = camila(v.timeline(&id, &filter).unwrap().entries);
    assert_eq!(v.entry(&id, back.id).unwrap().versions, 2, "both versions back in the record");
}

/// The person's note on an entry (and their hide) moves with the entry into the private part:
/// nothing of it stays where the carer can read, and it comes back with the entry.
#[test]
fn a_note_on_an_entry_moves_with_it_into_the_private_part_and_back() {
    const NOTE: &str = "Quillwort note: started after the clinic in Harrowgate";
    let (_t, dir) = vault_dir();
    let (mut v, id) = with_own_access(&dir);
    v.import_fhir(&id, &SourceInfo::files(), &karena_docs()).unwrap();
    let filter = TimelineFilter { limit: 500, ..TimelineFilter::default() };
    let find = |rows: Vec<EntryRow>, w: &str| rows.into_iter().find(|e| e.title.contains(w)).unwrap();
    let camila = find(v.timeline(&id, &filter).unwrap().entries, "Camila");
    let errin = find(v.timeline(&id, &filter).unwrap().entries, "Errin");
    v.set_entry_note(&id, camila.id, Some(NOTE)).unwrap();
    v.set_entry_hidden(&id, errin.id, true).unwrap();
    let raw = v.debug_open_person_db_for_tests(&id).unwrap();
    assert!(every_value(&raw).iter().any(|(_, t)| t.contains("Quillwort")), "the note is written");
    drop(raw);

    let s = v.open_own_access(&id, &pw(OWN_PW)).unwrap();
    v.set_carer_limits(&s, hide_sexual_health()).unwrap();
    let raw = v.debug_open_person_db_for_tests(&id).unwrap();
    let found: Vec<(String, String)> =
        every_value(&raw).into_iter().filter(|(_, t)| t.contains("Quillwort") || t.contains("Harrowgate")).collect();
    assert_eq!(found, Vec::<(String, String)>::new(), "no word of the note is left in the record");
    assert_eq!(holding_hidden_words(&raw), BTreeSet::new());
    let rows: i64 = raw.query_row("SELECT count(*) FROM entry_annotation", [], |r| r.get(0)).unwrap();
    assert_eq!(rows, 0, "neither the note nor the hide names a private entry in the record");
    drop(raw);

    // With her own access open the note is with the private entry, and so is the hide.
    let all = v.private_entry_keys(&s).unwrap();
    let notes: Vec<_> = all.iter().map(|(pid, _, _)| v.private_annotation(&s, *pid).unwrap()).collect();
    assert!(notes.iter().any(|a| a.note.as_deref() == Some(NOTE)), "her note is in her private part");
    assert!(notes.iter().any(|a| a.hidden), "her hide is in her private part");

    // Shown again: the note and the hide come back with the entries.
    v.set_carer_limits(&s, CarerLimits::everything_visible()).unwrap();
    let back =
        find(v.timeline(&id, &TimelineFilter { limit: 500, ..TimelineFilter::default() }).unwrap().entries, "Camila");
    assert_eq!(v.annotation(&id, back.id).unwrap().note.as_deref(), Some(NOTE));
    assert_eq!(v.hidden_entries(&id).unwrap().iter().filter(|e| e.title.contains("Errin")).count(), 1);
    let raw = v.debug_open_person_db_for_tests(&id).unwrap();
    let rows: i64 = raw.query_row("SELECT count(*) FROM entry_annotation", [], |r| r.get(0)).unwrap();
    assert_eq!(rows, 2);
}

/// The role is in the record the carer can change; the limits do not depend on it. A carer's
/// change of her role is refused (and kept in her log), and a role changed in the database
/// by hand changes nothing: the limits still apply, arrivals are still sealed, and her opening
/// of her own access does not move her private entries back.
#[test]
fn the_limits_hold_whatever_the_role_says() {
    let (_t, dir) = vault_dir();
    let (mut v, id) = with_own_access(&dir);
    let s = v.open_own_access(&id, &pw(OWN_PW)).unwrap();
    v.set_carer_limits(&s, hide_sexual_health()).unwrap();
    drop(s);

    // Through the vault: refused, and kept in her log.
    for role in [Some(Role::me()), None] {
        let e = v.update_person_as(&id, karena(), role).unwrap_err();
        assert_eq!(e.code, ErrorCode::OwnAccessNeeded, "{}", e.message);
    }
    assert_eq!(v.person(&id).unwrap().role.unwrap().kind, RoleKind::CaredFor);
    let refused =
        v.audit_log(&id).unwrap().iter().filter(|a| a.action == phr_core::audit::AuditAction::OwnAccessRefused).count();
    assert_eq!(refused, 2);
    // Her details can still change, her role kept.
    let renamed = PersonDetails { name: "Karena Pfeffer-Ode".into(), ..karena() };
    v.update_person_as(&id, renamed, Some(cared_for())).unwrap();

    // In the database by hand: she is "me" now, as far as the record says.
    let raw = v.debug_open_person_db_for_tests(&id).unwrap();
    raw.execute("UPDATE person SET role = 'me', relationship = NULL, basis = NULL, basis_date = NULL, basis_ref = NULL, review_on = NULL", [])
        .unwrap();
    drop(raw);
    assert_eq!(v.person(&id).unwrap().role.unwrap().kind, RoleKind::Me);
    let rule = v.carer_limits(&id).unwrap().expect("the limits still apply");
    assert!(rule.hides(Sensitivity::SexualHealth, "Condition/x"));
    assert!(!rule.allow.export);
    assert!(!v.has_private_part_to_bring_back(&id).unwrap());

    // Arrivals are still sealed.
    v.import_fhir(&id, &SourceInfo::files(), &karena_docs()).unwrap();
    let raw = v.debug_open_person_db_for_tests(&id).unwrap();
    assert_eq!(holding_hidden_words(&raw), BTreeSet::new());
    let sealed: i64 = raw.query_row("SELECT count(*) FROM sealed_arrival", [], |r| r.get(0)).unwrap();
    assert!(sealed >= 10, "{sealed} sealed");
    drop(raw);

    // Her opening of her own access keeps them private: into her private part, not the record.
    let s = v.open_own_access(&id, &pw(OWN_PW)).unwrap();
    assert!(v.has_own_access(&id), "her own access stays");
    assert!(private_titles(&v, &s).iter().any(|t| t == "Camila 28 Day Pack"));
    assert!(!record_titles(&v, &id).iter().any(|t| t.contains("Camila")));
    let raw = v.debug_open_person_db_for_tests(&id).unwrap();
    assert_eq!(holding_hidden_words(&raw), BTreeSet::new(), "nothing private came back into the record");
    drop(raw);
    drop(s);
    drop(v);
    // And so after a lock too.
    let mut v = unlock(&dir);
    let s = v.open_own_access(&id, &pw(OWN_PW)).unwrap();
    assert!(private_titles(&v, &s).iter().any(|t| t == "Camila 28 Day Pack"));
    let raw = v.debug_open_person_db_for_tests(&id).unwrap();
    assert_eq!(holding_hidden_words(&raw), BTreeSet::new());
}

/// Only her own key's signature says the record is hers: one written into the own key file by
/// hand (another key's, or none that verifies) does not bring the private part back.
#[test]
fn an_own_record_mark_not_signed_by_her_key_brings_nothing_back() {
    let (_t, dir) = vault_dir();
    let (mut v, id) = with_own_access(&dir);
    v.import_fhir(&id, &SourceInfo::files(), &karena_docs()).unwrap();
    let s = v.open_own_access(&id, &pw(OWN_PW)).unwrap();
    v.set_carer_limits(&s, hide_sexual_health()).unwrap();
    drop(s);
    let path = dir.join("people").join(format!("{id}.own.key"));
    let mut json: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    json["own_record"] = serde_json::Value::String("00".repeat(64));
    std::fs::write(&path, serde_json::to_vec_pretty(&json).unwrap()).unwrap();
    assert!(v.carer_limits(&id).unwrap().is_some());
    assert!(!v.has_private_part_to_bring_back(&id).unwrap());
    let s = v.open_own_access(&id, &pw(OWN_PW)).unwrap();
    assert!(v.has_own_access(&id));
    assert!(private_titles(&v, &s).iter().any(|t| t == "Camila 28 Day Pack"));
    let raw = v.debug_open_person_db_for_tests(&id).unwrap();
    assert_eq!(holding_hidden_words(&raw), BTreeSet::new());
}
