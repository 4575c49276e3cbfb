//! Formats pinned for ever: a vault (its `vault.key` in each shape key file format 1 has had),
//! a backup (format 1) and share packages (`phr-share/1`, sealed to an access code and to a
//! professional's key), made once by this app and committed under `tests/fixtures/golden/`
//! (its README.md says how, when and with which test-only secrets). Each test opens one with its
//! passphrase, recovery key, code or identity and checks what it holds. Every later version of
//! the app must pass these unchanged, or refuse a file with a message that says precisely why
//! (the last test pins those messages for the next format numbers).
//!
//! `PHR_MAKE_GOLDEN=1 cargo test -p phr-app --test golden_formats` makes the files that are
//! missing from the folder (all of them in an empty one); it never replaces one, so a fixture
//! once committed stays as it was made.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

#[path = "../../../tests/support/mod.rs"]
mod repo;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use phr_app::*;
use phr_core::clock::FixedClock;

/// The vault's passphrase (test-only, as the recovery key and code in `secrets.json`).
const PASSPHRASE: &str = "copper walrus tundra lantern mosaic velvet";
/// What `recover` sets in the tests that recover.
const NEW_PASSPHRASE: &str = "heron biscuit meadow quarry saddle umbra";
/// The professional's age identity the key-sealed package is sealed to: the fuzz corpus's
/// (`phr_fuzz_entry::FUZZ_IDENTITY`), in `share-v1-identity.txt`.
const RECIPIENT: &str = "age1zy206kw0xap5heuc9z64k3txcknwz3824gcaqknzrxag5fqt39pq8lwlwx";

fn golden() -> PathBuf {
    repo::fixtures().join("golden")
}

/// When the fixtures were made; the packages open until 23 Dec 2026.
fn made_at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap()
}

/// When the tests open them: a day later, inside the packages' validity.
fn opened_at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap()
}

fn app_at(dir: PathBuf, at: DateTime<Utc>) -> App {
    App::with_options(dir, AppOptions::with_clock(Arc::new(FixedClock(at)), KdfProfile::Floor))
}

fn pass(s: &str) -> Passphrase {
    Passphrase::new(s.to_owned())
}

/// The random secrets the fixtures were made with, as `secrets.json` records them.
struct Secrets {
    recovery_key: String,
    access_code: String,
}

fn secrets() -> Secrets {
    let text = std::fs::read_to_string(golden().join("secrets.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["passphrase"], PASSPHRASE, "secrets.json and this test name the same passphrase");
    Secrets {
        recovery_key: v["recoveryKey"].as_str().unwrap().to_owned(),
        access_code: v["accessCode"].as_str().unwrap().to_owned(),
    }
}

/// Copies the golden vault (its `vault.key` and each person's database) into `to`: opening a
/// vault writes to it (the audit entry of the unlock), and the fixture must stay as made.
fn copy_vault(to: &Path) {
    copy_dir(&golden().join("vault-v1"), to);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

fn reading(kind: ReadingKind, at: &str, value: f64, value2: Option<f64>) -> ReadingInput {
    ReadingInput {
        kind,
        at: Some(at.into()),
        value: Some(value),
        value2,
        pulse: None,
        unit: None,
        context: None,
        arm: None,
        position: None,
        text: None,
        note: None,
        confirm: false,
    }
}

/// The entries of the golden record, by kind and title, as `source/record.json` holds them.
const ENTRIES: &[(EntryKind, &str)] = &[
    (EntryKind::Problem, "Asthma"),
    (EntryKind::Allergy, "Allergy to penicillin"),
    (EntryKind::Medication, "Salbutamol 100micrograms/dose inhaler"),
    (EntryKind::Immunisation, "Influenza vaccine"),
    (EntryKind::Result, "HbA1c"),
];

/// Checks that the unlocked `app` holds the golden vault's person, record, readings and shares,
/// and that every audit chain verifies.
fn assert_holds_the_golden_record(app: &App) {
    let people = app.list_people().unwrap();
    assert_eq!(people.len(), 1, "{people:?}");
    let ada = &people[0];
    assert_eq!((ada.name.as_str(), ada.date_of_birth.as_str()), ("Ada Example", "1970-03-14"));
    assert_eq!(ada.nhs_number.as_deref(), Some("943 476 5919"));

    let q = TimelineQuery { limit: Some(100), ..TimelineQuery::default() };
    let entries = app.timeline(&ada.id, q).unwrap().entries;
    for (kind, title) in ENTRIES {
        assert!(
            entries.iter().any(|e| e.kind == *kind && e.title == *title),
            "the record has no {kind:?} {title:?}: {:?}",
            entries.iter().map(|e| (e.kind, &e.title)).collect::<Vec<_>>()
        );
    }
    let hba1c = entries.iter().find(|e| e.title == "HbA1c").unwrap();
    assert!(hba1c.abnormal, "48 mmol/mol is above its range of 20 to 41");
    assert!(hba1c.value_text.as_deref().is_some_and(|v| v.contains("48")), "{:?}", hba1c.value_text);

    let readings = app.list_readings(&ada.id, ReadingQuery::default()).unwrap();
    let values: Vec<(ReadingKind, Option<f64>, Option<f64>, ReadingOrigin)> =
        readings.readings.iter().map(|r| (r.kind, r.value, r.value2, r.origin)).collect();
    // Newest first; the record's own blood pressure from the GP sits beside the home ones.
    let wanted = [
        (ReadingKind::BloodGlucose, Some(5.8), None, ReadingOrigin::AtHome),
        (ReadingKind::Weight, Some(63.4), None, ReadingOrigin::AtHome),
        (ReadingKind::BloodPressure, Some(131.0), Some(84.0), ReadingOrigin::AtHome),
        (ReadingKind::BloodPressure, Some(128.0), Some(82.0), ReadingOrigin::AtHome),
        (ReadingKind::BloodPressure, Some(128.0), Some(82.0), ReadingOrigin::AtGp),
    ];
    assert_eq!(values, wanted);

    let shares = app.share_list(&ada.id).unwrap();
    let mut sealed: Vec<SealedTo> = shares.iter().map(|s| s.sealed_to).collect();
    sealed.sort_by_key(|s| format!("{s:?}"));
    assert_eq!(sealed, [SealedTo::Code, SealedTo::Key], "the register holds both shares");

    for report in app.verify_audit(None).unwrap() {
        assert!(report.ok, "{}'s audit chain: {:?}", report.person_name, report.problem);
    }
}

#[test]
fn the_golden_vault_unlocks_with_its_passphrase_and_holds_its_record() {
    make_if_asked();
    let tmp = tempfile::tempdir().unwrap();
    copy_vault(&tmp.path().join("vault"));
    let key_file: serde_json::Value =
        serde_json::from_slice(&std::fs::read(golden().join("vault-v1/vault.key")).unwrap()).unwrap();
    assert_eq!((&key_file["format"], &key_file["version"]), (&"phr-vault-key".into(), &1.into()));

    let app = app_at(tmp.path().join("vault"), opened_at());
    let wrong = app.unlock(pass(NEW_PASSPHRASE)).unwrap_err();
    assert_eq!(wrong.code, ErrorCode::WrongPassphrase);
    app.unlock(pass(PASSPHRASE)).unwrap();
    assert_holds_the_golden_record(&app);
}

#[test]
fn the_golden_vault_opens_with_its_recovery_key() {
    make_if_asked();
    let tmp = tempfile::tempdir().unwrap();
    copy_vault(&tmp.path().join("vault"));
    let app = app_at(tmp.path().join("vault"), opened_at());
    app.recover(SecretString::new(secrets().recovery_key), pass(NEW_PASSPHRASE)).unwrap();
    assert_holds_the_golden_record(&app);
    app.lock();
    app.unlock(pass(NEW_PASSPHRASE)).unwrap();
    assert_holds_the_golden_record(&app);
}

/// Key files written before audit anchors existed are format 1 without them: they still
/// unlock, and the unlock's audit entry gives each person their anchor.
#[test]
fn a_golden_key_file_without_audit_anchors_still_unlocks() {
    make_if_asked();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    copy_vault(&dir);
    let older = std::fs::read(golden().join("vault-v1-without-audit-anchors.key")).unwrap();
    assert!(!String::from_utf8_lossy(&older).contains("audit_anchor"));
    std::fs::write(dir.join("vault.key"), older).unwrap();

    let app = app_at(dir.clone(), opened_at());
    app.unlock(pass(PASSPHRASE)).unwrap();
    assert_holds_the_golden_record(&app);
    app.lock();
    let now = std::fs::read_to_string(dir.join("vault.key")).unwrap();
    assert!(now.contains("audit_anchor"), "the unlock anchored the audit log again: {now}");
}

#[test]
fn the_golden_backup_restores_with_its_passphrase_and_its_recovery_key() {
    make_if_asked();
    let backup = golden().join("backup-v1.phrbackup");
    assert_eq!(&std::fs::read(&backup).unwrap()[..10], b"PHRBACKUP\x01", "the golden backup is format 1");
    let tmp = tempfile::tempdir().unwrap();

    let by_passphrase = app_at(tmp.path().join("a"), opened_at());
    by_passphrase.restore_backup(&backup, pass(PASSPHRASE)).unwrap();
    assert_holds_the_golden_record(&by_passphrase);

    let by_key = app_at(tmp.path().join("b"), opened_at());
    by_key.restore_backup_with_recovery_key(&backup, SecretString::new(secrets().recovery_key)).unwrap();
    assert_holds_the_golden_record(&by_key);
}

/// What a professional sees of either golden package.
fn assert_is_the_golden_share(opened: &OpenedShare) {
    assert_eq!(opened.subject.name, "Ada Example");
    // Made before packages said who made them: read as made by the person.
    assert_eq!(opened.made_by, "Made by Ada Example");
    assert_eq!(opened.subject.birth_date, "1970-03-14");
    assert_eq!(opened.subject.nhs_number.as_deref(), Some("9434765919"));
    assert_eq!(opened.purpose, "Asthma review");
    assert_eq!(opened.recipient.name, "Sam Patel");
    assert_eq!(opened.not_after, "2026-12-23T23:59:59Z");
    assert_eq!(opened.included, [EntryKind::Problem, EntryKind::Allergy, EntryKind::Medication]);
    assert!(opened.left_out.categories.contains(&EntryKind::Immunisation));
    let titles: Vec<&str> =
        opened.document.sections.iter().flat_map(|s| s.rows.iter().map(|r| r.title.as_str())).collect();
    for want in ["Asthma", "Allergy to penicillin", "Salbutamol 100micrograms/dose inhaler"] {
        assert!(titles.contains(&want), "{want} is shared: {titles:?}");
    }
    assert!(!titles.contains(&"Influenza vaccine") && !titles.contains(&"HbA1c"), "{titles:?}");
    let readings: Vec<usize> = opened.document.readings.iter().map(|g| g.rows.len()).collect();
    assert_eq!(readings, [2], "the two blood pressures and nothing else");
    assert_eq!(opened.files.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(), ["record.json", "summary.html"]);
}

#[test]
fn the_golden_share_packages_open_with_their_code_and_their_key() {
    make_if_asked();
    let tmp = tempfile::tempdir().unwrap();
    let professional = app_at(tmp.path().join("professional"), opened_at());

    let by_code = ShareUnlock { access_code: Some(secrets().access_code.into()), identity_path: None };
    let opened = professional.share_open(&golden().join("share-v1-code.phr"), by_code).unwrap();
    assert_is_the_golden_share(&opened);
    let fingerprint = opened.fingerprint.clone();

    let identity = golden().join("share-v1-identity.txt").to_string_lossy().into_owned();
    let by_key = ShareUnlock { access_code: None, identity_path: Some(identity) };
    let opened = professional.share_open(&golden().join("share-v1-key.phr"), by_key).unwrap();
    assert_is_the_golden_share(&opened);
    assert_eq!(opened.fingerprint, fingerprint, "one record, one signing key");
}

/// The next format numbers are refused, each with a message saying a newer version of the app
/// made the file: so a file from the future is never mistaken for a damaged one.
#[test]
fn a_newer_format_is_refused_saying_so() {
    make_if_asked();
    let tmp = tempfile::tempdir().unwrap();

    let dir = tmp.path().join("vault");
    copy_vault(&dir);
    let mut key_file: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("vault.key")).unwrap()).unwrap();
    key_file["version"] = 2.into();
    std::fs::write(dir.join("vault.key"), serde_json::to_vec_pretty(&key_file).unwrap()).unwrap();
    let e = app_at(dir, opened_at()).unlock(pass(PASSPHRASE)).unwrap_err();
    assert_eq!(e.code, ErrorCode::UnsupportedVersion);
    assert!(e.message.contains("newer version of the app (key file format 2"), "{}", e.message);

    let mut backup = std::fs::read(golden().join("backup-v1.phrbackup")).unwrap();
    // Format 2 is today's (it adds each person's own access); 3 is the next.
    backup[9] = 3;
    let newer = tmp.path().join("newer.phrbackup");
    std::fs::write(&newer, backup).unwrap();
    let e = app_at(tmp.path().join("restored"), opened_at()).restore_backup(&newer, pass(PASSPHRASE)).unwrap_err();
    assert_eq!(e.code, ErrorCode::UnsupportedVersion);
    assert!(e.message.contains("newer version of the app (format 3)"), "{}", e.message);
}

// ---------------------------------------------------------------------------------------------
// Making the fixtures, once.

/// With `PHR_MAKE_GOLDEN` set, makes whichever golden files are missing (once per test run).
fn make_if_asked() {
    static MADE: std::sync::Once = std::sync::Once::new();
    if std::env::var_os("PHR_MAKE_GOLDEN").is_some() {
        MADE.call_once(make);
    }
}

fn make() {
    let out = golden();
    let files = [
        "vault-v1",
        "vault-v1-without-audit-anchors.key",
        "backup-v1.phrbackup",
        "share-v1-code.phr",
        "share-v1-key.phr",
        "secrets.json",
    ];
    if files.iter().all(|f| out.join(f).exists()) {
        return;
    }
    assert!(
        files.iter().all(|f| !out.join(f).exists()),
        "some golden files exist and some do not: they are made together, so remove none of them"
    );
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    let app = app_at(dir.clone(), made_at());
    let created = app.create_vault(pass(PASSPHRASE)).unwrap();
    let ada = app
        .add_person(PersonInput {
            name: "Ada Example".into(),
            date_of_birth: "1970-03-14".into(),
            nhs_number: Some("9434765919".into()),
            role: None,
        })
        .unwrap()
        .id;
    app.import_files(&ada, &[out.join("source/record.json")]).unwrap();
    for r in [
        reading(ReadingKind::BloodPressure, "2026-11-20T08:00:00Z", 128.0, Some(82.0)),
        reading(ReadingKind::BloodPressure, "2026-11-21T08:05:00Z", 131.0, Some(84.0)),
        reading(ReadingKind::Weight, "2026-11-21T08:10:00Z", 63.4, None),
        reading(ReadingKind::BloodGlucose, "2026-11-22T07:30:00Z", 5.8, None),
    ] {
        app.add_reading(&ada, r).unwrap();
    }
    let request = |public_key: Option<&str>| ShareRequest {
        recipient: ShareRecipient {
            name: "Sam Patel".into(),
            role: Some("Practice nurse".into()),
            organisation: Some("Leeds Asthma Clinic".into()),
            ods_code: None,
            public_key: public_key.map(str::to_owned),
        },
        purpose: "Asthma review".into(),
        slice: ShareSlice {
            categories: vec![EntryKind::Problem, EntryKind::Allergy, EntryKind::Medication],
            readings: vec![ReadingKind::BloodPressure],
            ..ShareSlice::default()
        },
        expires_on: "2026-12-23".into(),
    };
    let code_draft = app.share_preview(&ada, request(None)).unwrap().draft_id;
    let by_code = app.share_create(&ada, &code_draft, &out.join("share-v1-code.phr")).unwrap();
    let key_draft = app.share_preview(&ada, request(Some(RECIPIENT))).unwrap().draft_id;
    app.share_create(&ada, &key_draft, &out.join("share-v1-key.phr")).unwrap();
    app.create_backup(&out.join("backup-v1.phrbackup")).unwrap();
    app.lock();

    // The vault as it rests: the key file and each database, without the lock file.
    let vault = out.join("vault-v1");
    std::fs::create_dir_all(vault.join("people")).unwrap();
    std::fs::copy(dir.join("vault.key"), vault.join("vault.key")).unwrap();
    for entry in std::fs::read_dir(dir.join("people")).unwrap() {
        let path = entry.unwrap().path();
        assert_eq!(path.extension().and_then(|e| e.to_str()), Some("db"), "{} at rest", path.display());
        std::fs::copy(&path, vault.join("people").join(path.file_name().unwrap())).unwrap();
    }
    // The same key file as written before audit anchors existed.
    let mut key: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.join("vault.key")).unwrap()).unwrap();
    for person in key["people"].as_array_mut().unwrap() {
        person.as_object_mut().unwrap().remove("audit_anchor");
    }
    std::fs::write(out.join("vault-v1-without-audit-anchors.key"), serde_json::to_vec_pretty(&key).unwrap()).unwrap();

    let secrets = serde_json::json!({
        "passphrase": PASSPHRASE,
        "recoveryKey": created.recovery_key,
        "accessCode": by_code.access_code.unwrap(),
    });
    std::fs::write(out.join("secrets.json"), serde_json::to_string_pretty(&secrets).unwrap() + "\n").unwrap();
}
