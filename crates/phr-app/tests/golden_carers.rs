//! Formats of caring pinned for ever: a vault whose holder ("me", Jo) cares for Lily, who has
//! her own access (`people/<id>.own.key`, format `phr-own-access` 1, and `people/<id>.private.db`)
//! with signed limits keeping sexual health and held-back entries from Jo, one sealed arrival
//! waiting for her (Jo imported after the limits were set) and audit entries naming who acted
//! (hash encoding 2); a backup of it in format 2 (which carries own access); and a handover
//! package of Lily's record (`phr-handover` 1). Made once by this app and committed under
//! `tests/fixtures/golden-carers/` (its README.md says how, when and with which test-only
//! secrets). Each test opens a copy with its secret and checks what it holds; the last one pins
//! the refusal of the next format numbers. Every later version of the app must pass these
//! unchanged.
//!
//! `PHR_MAKE_GOLDEN=1 cargo test -p phr-app --test golden_carers` (cargo test, one process:
//! nextest would make them in each test's process at once) makes the files when none of them
//! is there; it never replaces one, so a fixture once committed stays as it was made.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

#[path = "../../../tests/support/mod.rs"]
mod repo;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use phr_app::dto_person::PersonRoleInput;
use phr_app::*;
use phr_core::clock::FixedClock;

/// The vault's password (Jo's), as `secrets.json` records it.
const PASSWORD: &str = "otter lantern quarry meadow violet harbour";
/// Lily's own password.
const OWN_PASSWORD: &str = "kestrel pebble harbour";
/// The password the handover tests give the new vault.
const NEW_PASSWORD: &str = "copper meadow violin harbour";

/// Words only Lily's private entries hold: her pill, the arrival's pill, the entry she holds
/// back one by one.
const MICROGYNON: &str = "Microgynon";
const DESOGESTREL: &str = "Desogestrel";
const MIGRAINE: &str = "Migraine";

fn golden() -> PathBuf {
    repo::fixtures().join("golden-carers")
}

/// When the fixtures were made.
fn made_at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 4, 10, 0, 0).unwrap()
}

/// When the tests open them: a day later.
fn opened_at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 5, 9, 0, 0).unwrap()
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
    own_recovery_key: String,
    handover_code: String,
}

fn secrets() -> Secrets {
    let text = std::fs::read_to_string(golden().join("secrets.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["password"], PASSWORD, "secrets.json and this test name the same password");
    assert_eq!(v["ownPassword"], OWN_PASSWORD);
    Secrets {
        recovery_key: v["recoveryKey"].as_str().unwrap().to_owned(),
        own_recovery_key: v["ownRecoveryKey"].as_str().unwrap().to_owned(),
        handover_code: v["handoverCode"].as_str().unwrap().to_owned(),
    }
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

/// Every file under `dir` with its bytes, sorted by path: to show a fixture is as it was.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                out.push((path, bytes));
            }
        }
    }
    out.sort();
    out
}

/// A copy of the golden vault in `to` (opening a vault writes to it; the fixture must stay as
/// made).
fn copy_vault(to: &Path) {
    copy_dir(&golden().join("vault"), to);
}

fn person_named(app: &App, name: &str) -> String {
    let people = app.list_people().unwrap();
    people.iter().find(|p| p.name == name).unwrap_or_else(|| panic!("no {name}: {people:?}")).id.as_str().to_owned()
}

/// Every title the carer's timeline shows for `person`, one a line.
fn carer_titles(app: &App, person: &str) -> String {
    let q = TimelineQuery { limit: Some(200), show: Some(TimelineShow::Everything), ..TimelineQuery::default() };
    app.timeline(person, q).unwrap().entries.iter().map(|e| e.title.clone() + "\n").collect()
}

fn private_titles(app: &App, person: &str) -> String {
    app.private_entries(person, None).unwrap().entries.iter().map(|e| e.title.clone() + "\n").collect()
}

/// What the carer (own access closed) reads of Lily: her record without anything private, and
/// how many entries she keeps private (she lets Jo see the count; the sealed arrival is in it).
fn assert_carer_sees_nothing_hidden(app: &App, lily: &str) {
    let titles = carer_titles(app, lily);
    assert!(titles.contains("Asthma"), "{titles}");
    for word in [MICROGYNON, DESOGESTREL, MIGRAINE] {
        assert!(!titles.contains(word), "the carer sees {word}: {titles}");
        assert!(app.search_record(lily, word, None).unwrap().is_empty(), "search finds {word}");
    }
    let status = app.own_access_status(lily).unwrap();
    assert!(status.has_own_access && !status.open);
    assert_eq!(status.private_count, Some(3), "two entries private and one arrival sealed for her");
    assert_eq!(status.words.private_line.as_deref(), Some("Lily keeps 3 entries private."));
}

/// Lily opens her own access: the sealed arrival moves into her private part beside what she
/// already kept private, and her signed limits read as she set them.
fn assert_lily_opens_her_private_part(app: &App, lily: &str) {
    let wrong = app.open_own_access(lily, pass(PASSWORD)).unwrap_err();
    assert_eq!(wrong.code, ErrorCode::OwnPasswordWrong);
    app.open_own_access(lily, pass(OWN_PASSWORD)).unwrap();
    let titles = private_titles(app, lily);
    for word in [MICROGYNON, DESOGESTREL, MIGRAINE] {
        assert!(titles.contains(word), "{word} is in her private part: {titles}");
    }
    let limits = app.own_limits(lily).unwrap();
    let hidden: Vec<Sensitivity> = limits.labels.iter().filter(|l| l.hidden).map(|l| l.sensitivity).collect();
    assert_eq!(hidden, [Sensitivity::SexualHealth, Sensitivity::HeldBack]);
    let allowed: Vec<CarerPermission> = limits.permissions.iter().filter(|p| p.allowed).map(|p| p.permission).collect();
    assert_eq!(allowed, [CarerPermission::Readings, CarerPermission::Import]);
    assert!(limits.show_count);
    let log = app.audit_log(lily).unwrap();
    assert!(log.iter().any(|e| e.detail.contains("arrivals moved to their private part")), "{log:?}");
    app.close_own_access().unwrap();
    assert!(!carer_titles(app, lily).contains(DESOGESTREL), "closed again, the carer still sees none of it");
}

/// Every audit chain verifies, and Lily's names both who acted: Jo as her carer and Lily.
fn assert_audit_names_who_acted(app: &App, lily: &str) {
    let reports = app.verify_audit(None).unwrap();
    assert_eq!(reports.len(), 2, "Jo's chain and Lily's");
    for report in reports {
        assert!(report.ok, "{}'s audit chain: {:?}", report.person_name, report.problem);
    }
    let log = app.audit_log(lily).unwrap();
    let who: Vec<&str> = log.iter().filter_map(|e| e.who.as_deref()).collect();
    assert!(who.contains(&"Jo (carer)"), "{who:?}");
    assert!(who.contains(&"Lily"), "{who:?}");
    let limits = log.iter().find(|e| e.detail.contains("kept private from the carer changed")).unwrap();
    assert_eq!(limits.who.as_deref(), Some("Lily"), "{}", limits.detail);
}

#[test]
fn the_golden_vault_keeps_lilys_private_part_from_her_carer_and_opens_it_for_her() {
    make_if_asked();
    let before = snapshot(&golden());
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    copy_vault(&dir);
    let people = dir.join("people");
    let own_key = std::fs::read_dir(&people)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with(".own.key"))
        .unwrap();
    let file: serde_json::Value = serde_json::from_slice(&std::fs::read(&own_key).unwrap()).unwrap();
    assert_eq!((&file["format"], &file["version"]), (&"phr-own-access".into(), &1.into()));
    let private_db = own_key.to_string_lossy().replace(".own.key", ".private.db");
    assert!(Path::new(&private_db).is_file(), "{private_db}");

    let app = app_at(dir, opened_at());
    app.unlock(pass(PASSWORD)).unwrap();
    let lily = person_named(&app, "Lily Example");
    assert_carer_sees_nothing_hidden(&app, &lily);
    assert_audit_names_who_acted(&app, &lily);
    assert_lily_opens_her_private_part(&app, &lily);
    assert_eq!(app.own_access_status(&lily).unwrap().private_count, Some(3), "moved, not counted twice");
    assert_audit_names_who_acted(&app, &lily);

    // Her own recovery key opens it too (and sets a new own password).
    app.open_own_access_with_recovery(&lily, secrets().own_recovery_key.into(), pass("marble heron quietly")).unwrap();
    assert!(private_titles(&app, &lily).contains(MICROGYNON));
    app.close_own_access().unwrap();
    assert_eq!(snapshot(&golden()), before, "the committed fixture is unchanged");
}

#[test]
fn the_golden_vault_opens_with_its_recovery_key() {
    make_if_asked();
    let tmp = tempfile::tempdir().unwrap();
    copy_vault(&tmp.path().join("vault"));
    let app = app_at(tmp.path().join("vault"), opened_at());
    app.recover(SecretString::new(secrets().recovery_key), pass(NEW_PASSWORD)).unwrap();
    let lily = person_named(&app, "Lily Example");
    assert_carer_sees_nothing_hidden(&app, &lily);
    assert_lily_opens_her_private_part(&app, &lily);
}

#[test]
fn the_golden_backup_restores_with_own_access_intact() {
    make_if_asked();
    let backup = golden().join("backup-v2.phrbackup");
    assert_eq!(&std::fs::read(&backup).unwrap()[..10], b"PHRBACKUP\x02", "the golden backup is format 2");
    let tmp = tempfile::tempdir().unwrap();

    let by_password = app_at(tmp.path().join("a"), opened_at());
    by_password.restore_backup(&backup, pass(PASSWORD)).unwrap();
    let lily = person_named(&by_password, "Lily Example");
    assert_carer_sees_nothing_hidden(&by_password, &lily);
    assert_audit_names_who_acted(&by_password, &lily);
    assert_lily_opens_her_private_part(&by_password, &lily);

    let by_key = app_at(tmp.path().join("b"), opened_at());
    by_key.restore_backup_with_recovery_key(&backup, SecretString::new(secrets().recovery_key)).unwrap();
    let lily = person_named(&by_key, "Lily Example");
    assert_carer_sees_nothing_hidden(&by_key, &lily);
    assert_lily_opens_her_private_part(&by_key, &lily);
}

#[test]
fn the_golden_handover_package_is_received_into_an_empty_folder_with_its_code() {
    make_if_asked();
    let package = golden().join("handover-v1.phrhandover");
    let bytes = std::fs::read(&package).unwrap();
    assert!(bytes.starts_with(b"{\"format\":\"phr-handover\",\"version\":1}\n"), "the golden package is format 1");
    let tmp = tempfile::tempdir().unwrap();
    let app = app_at(tmp.path().join("lily"), opened_at());
    assert!(!app.status().exists);

    let wrong =
        app.handover_accept(&package, SecretString::new("0000-0000-0000-0000".into()), pass(NEW_PASSWORD)).unwrap_err();
    assert_eq!(wrong.code, ErrorCode::HandoverWrongCode);
    assert!(!app.status().exists, "a wrong code makes no vault");

    let got = app.handover_accept(&package, SecretString::new(secrets().handover_code), pass(NEW_PASSWORD)).unwrap();
    assert!(got.status.unlocked && got.status.exists);
    assert!(!got.recovery_key.is_empty());
    assert_eq!(got.receipt.len(), 9, "two groups of four: {}", got.receipt);
    let people = app.list_people().unwrap();
    assert_eq!(people.len(), 1);
    assert_eq!((people[0].name.as_str(), people[0].date_of_birth.as_str()), ("Lily Example", "1994-12-21"));
    assert_eq!(people[0].id.as_str(), got.person_id);
    assert!(carer_titles(&app, &got.person_id).contains("Asthma"));
    for report in app.verify_audit(None).unwrap() {
        assert!(report.ok, "{}'s audit chain: {:?}", report.person_name, report.problem);
    }
    assert_eq!(std::fs::read(&package).unwrap(), bytes, "receiving reads the package, never writes it");
}

/// The next format numbers are refused, each with a message saying a newer version of the app
/// made the file, and the file is left as it was.
#[test]
fn a_newer_backup_or_handover_package_is_refused_saying_so() {
    make_if_asked();
    let tmp = tempfile::tempdir().unwrap();

    let mut backup = std::fs::read(golden().join("backup-v2.phrbackup")).unwrap();
    backup[9] = 3;
    let newer = tmp.path().join("newer.phrbackup");
    std::fs::write(&newer, &backup).unwrap();
    let e = app_at(tmp.path().join("restored"), opened_at()).restore_backup(&newer, pass(PASSWORD)).unwrap_err();
    assert_eq!(e.code, ErrorCode::UnsupportedVersion);
    assert!(e.message.contains("newer version of the app (format 3)"), "{}", e.message);
    assert_eq!(std::fs::read(&newer).unwrap(), backup, "the backup is left as it was");

    let package = std::fs::read(golden().join("handover-v1.phrhandover")).unwrap();
    let header = b"{\"format\":\"phr-handover\",\"version\":1}\n";
    assert!(package.starts_with(header));
    let mut next = b"{\"format\":\"phr-handover\",\"version\":2}\n".to_vec();
    next.extend_from_slice(&package[header.len()..]);
    let newer = tmp.path().join("newer.phrhandover");
    std::fs::write(&newer, &next).unwrap();
    let app = app_at(tmp.path().join("received"), opened_at());
    let e = app.handover_accept(&newer, SecretString::new(secrets().handover_code), pass(NEW_PASSWORD)).unwrap_err();
    assert_eq!(e.code, ErrorCode::UnsupportedVersion);
    assert!(e.message.contains("newer version of the app (package format 2"), "{}", e.message);
    assert!(!app.status().exists, "nothing received");
    assert_eq!(std::fs::read(&newer).unwrap(), next, "the package is left as it was");
}

/// An own access key file of the next format (2) is refused, saying a version of the app other
/// than this one wrote it, and left as it was; the carer still sees nothing Lily keeps private.
/// (Today the vault calls it damaged, "written by another version of the app"; it should say
/// "newer version", as the key file, the backup and the handover package do. The check below
/// holds for both, so it keeps passing when the words are made precise.)
#[test]
fn a_newer_own_access_key_file_is_refused_and_left_as_it_was() {
    make_if_asked();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    copy_vault(&dir);
    let own_key = std::fs::read_dir(dir.join("people"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with(".own.key"))
        .unwrap();
    let mut file: serde_json::Value = serde_json::from_slice(&std::fs::read(&own_key).unwrap()).unwrap();
    file["version"] = 2.into();
    let next = serde_json::to_vec_pretty(&file).unwrap();
    std::fs::write(&own_key, &next).unwrap();

    let app = app_at(dir, opened_at());
    app.unlock(pass(PASSWORD)).unwrap();
    let lily = person_named(&app, "Lily Example");
    let titles = carer_titles(&app, &lily);
    assert!(titles.contains("Asthma"), "{titles}");
    for word in [MICROGYNON, DESOGESTREL, MIGRAINE] {
        assert!(!titles.contains(word), "the carer sees {word}: {titles}");
    }
    let e = app.open_own_access(&lily, pass(OWN_PASSWORD)).unwrap_err();
    assert_eq!(e.code, ErrorCode::UnsupportedVersion, "{}", e.message);
    assert!(e.message.contains("newer version of the app"), "{}", e.message);
    assert!(!e.message.contains("damaged"), "{}", e.message);
    assert_eq!(app.own_access_open(), None);
    assert_eq!(std::fs::read(&own_key).unwrap(), next, "the key file is left as it was");
}

// ---------------------------------------------------------------------------------------------
// Making the fixtures, once.

/// With `PHR_MAKE_GOLDEN` set, makes the golden files when none is there (once per test run).
fn make_if_asked() {
    static MADE: std::sync::Once = std::sync::Once::new();
    if std::env::var_os("PHR_MAKE_GOLDEN").is_some() {
        MADE.call_once(make);
    }
}

fn make() {
    let out = golden();
    let files = ["vault", "backup-v2.phrbackup", "handover-v1.phrhandover", "secrets.json"];
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
    let created = app.create_vault(pass(PASSWORD)).unwrap();
    let me = PersonRoleInput { kind: "me".into(), ..PersonRoleInput::default() };
    app.add_person(PersonInput {
        name: "Jo Example".into(),
        date_of_birth: "1962-02-10".into(),
        nhs_number: None,
        role: Some(me),
    })
    .unwrap();
    let role = PersonRoleInput {
        kind: "caredFor".into(),
        relationship: Some("daughter".into()),
        basis: Some("lpa".into()),
        basis_ref: Some("7000-0000-5678".into()),
        review_on: Some("2027-12-04".into()),
        ..PersonRoleInput::default()
    };
    let lily = app
        .add_person(PersonInput {
            name: "Lily Example".into(),
            date_of_birth: "1994-12-21".into(),
            nhs_number: None,
            role: Some(role),
        })
        .unwrap()
        .id
        .as_str()
        .to_owned();
    // Jo imports Lily's record, then Lily sets up her own password.
    app.import_files(&lily, &[out.join("source/record.json")]).unwrap();
    let own = app.set_own_access(&lily, pass(OWN_PASSWORD)).unwrap();

    // Lily, at the keyboard: holds back her migraine one by one, keeps sexual health and what
    // she holds back private, lets Jo add readings and import, and lets Jo see the count.
    app.open_own_access(&lily, pass(OWN_PASSWORD)).unwrap();
    let q = TimelineQuery { limit: Some(200), show: Some(TimelineShow::Everything), ..TimelineQuery::default() };
    let migraine = app.timeline(&lily, q).unwrap().entries.into_iter().find(|e| e.title == MIGRAINE).unwrap();
    app.set_entry_sensitivity(&lily, migraine.id.as_str(), Sensitivity::HeldBack).unwrap();
    let limits = OwnLimitsInput {
        hidden: vec![Sensitivity::SexualHealth, Sensitivity::HeldBack],
        allowed: vec![CarerPermission::Readings, CarerPermission::Import],
        show_count: true,
    };
    let changed = app.set_own_limits(&lily, limits).unwrap();
    assert_eq!(changed.to_private, 2, "{}", changed.message);
    app.close_own_access().unwrap();

    // Jo imports again: the new pill arrives sealed for Lily.
    let report = app.import_files(&lily, &[out.join("source/arrival.json")]).unwrap();
    assert_eq!(
        report.outcome.kept_private.as_deref(),
        Some("1 entry was kept private for Lily: only Lily can see it."),
        "the arrival is sealed"
    );
    assert_eq!(app.own_access_status(&lily).unwrap().private_count, Some(3));
    app.create_backup(&out.join("backup-v2.phrbackup")).unwrap();
    app.lock();

    // The vault as it rests: the key file and every file under people/, without the lock file.
    copy_dir(&dir.join("people"), &out.join("vault/people"));
    std::fs::copy(dir.join("vault.key"), out.join("vault/vault.key")).unwrap();

    // The handover package, made after the vault was copied (it marks a handover waiting).
    // Lily has her own access, so her record is handed over with it open (the package's copy
    // of her own key file then carries her signature that the record is hers).
    app.unlock(pass(PASSWORD)).unwrap();
    app.open_own_access(&lily, pass(OWN_PASSWORD)).unwrap();
    let made = app.handover_create(&lily, &out.join("handover-v1.phrhandover")).unwrap();
    app.lock();

    let secrets = serde_json::json!({
        "password": PASSWORD,
        "recoveryKey": created.recovery_key,
        "ownPassword": OWN_PASSWORD,
        "ownRecoveryKey": own.recovery_key,
        "handoverCode": made.code,
    });
    std::fs::write(out.join("secrets.json"), serde_json::to_string_pretty(&secrets).unwrap() + "\n").unwrap();
}
