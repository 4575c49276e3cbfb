//! Staying connected to the GP practice through the facade, against the sandbox started here:
//! the person's choice keeps the connection, an update needs no browser and asks only for what
//! changed, the token the practice rotates is kept, disconnecting revokes it at the practice
//! and forgets it, a practice that ends the connection is said plainly, a carer acts only with
//! the person's permission to import, and no refresh token is ever outside the encrypted
//! database (every file of the vault folder is searched, and every audit entry).

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use phr_app::*;
use phr_core::clock::FixedClock;
use phr_gp::{HttpBrowser, Options, RetryPolicy};
use phr_gp_sandbox::{Config, DemoPatient, Flavour, Sandbox};

// Only some of the carer set-up is used here.
#[allow(dead_code)]
mod carer;

const PASS: &str = "otter lantern gravel";

fn fast(stay_connected: bool) -> Options {
    Options {
        retry: RetryPolicy {
            max_attempts: 2,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(5),
            ..RetryPolicy::default()
        },
        sign_in_timeout: Duration::from_secs(60),
        stay_connected,
        ..Options::default()
    }
}

fn app_in(dir: &Path) -> App {
    let clock = Arc::new(FixedClock(Utc.with_ymd_and_hms(2026, 12, 5, 10, 15, 0).unwrap()));
    App::with_options(dir.join("vault"), AppOptions::with_clock(clock, KdfProfile::Floor))
}

fn r4_patient(s: &Sandbox) -> DemoPatient {
    s.patients().into_iter().find(|p| p.flavour == Flavour::R4).unwrap()
}

fn add(app: &App, p: &DemoPatient) -> String {
    let input = PersonInput {
        name: p.name.clone(),
        date_of_birth: p.birth_date.clone(),
        nhs_number: Some(p.nhs_number.clone()),
        role: None,
    };
    app.add_person(input).unwrap().id.as_str().to_owned()
}

/// Every file under `dir`, read whole.
fn every_file(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let path = e.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push((path.clone(), std::fs::read(&path).unwrap()));
            }
        }
    }
    out
}

fn actions(app: &App, person: &str) -> Vec<AuditAction> {
    app.audit_log(person).unwrap().iter().map(|e| e.action).collect()
}

#[test]
fn staying_connected_updates_without_a_sign_in_and_disconnecting_revokes_at_the_practice() {
    let tmp = tempfile::tempdir().unwrap();
    let app = app_in(tmp.path());
    app.create_vault(Passphrase::new(PASS.into())).unwrap();
    let s = Sandbox::start(Config { auto_approve: true, page_size: 50, ..Config::default() }).unwrap();
    let p = r4_patient(&s);
    s.approve_as(Some(&p.id));
    let person = add(&app, &p);

    let before = app.gp_connection_status(&person).unwrap();
    assert!(!before.connected && before.may_update);
    assert!(before.words.starts_with("Not connected."), "{}", before.words);

    let first = app.import_from_gp_with(&person, s.url(), &HttpBrowser, fast(true), &|_| {}).unwrap();
    assert!(first.added > 0);
    let said = first.outcome.connection.clone().unwrap();
    assert!(said.starts_with("The app stays connected to ") && said.contains("Check for updates"), "{said}");
    let status = app.gp_connection_status(&person).unwrap();
    assert!(status.connected);
    assert_eq!(status.url.as_deref(), Some(s.url()));
    assert!(status.words.contains("since 5 Dec 2026") && status.words.ends_with("Not checked for updates yet."));

    // An update: no browser (the app's own would fail: this one is never asked), only what
    // changed since, nothing new in the made-up record, and the rotated token kept.
    let authorizes = s.stats().authorize_requests.len();
    let update = app.update_from_gp_with(&person, fast(false), &|_| {}).unwrap();
    assert_eq!(s.stats().authorize_requests.len(), authorizes, "no sign-in");
    assert_eq!(s.stats().since_requests.len(), 1);
    assert_eq!((update.added, update.updated), (0, 0));
    assert!(update.outcome.connection.unwrap().contains("what changed since you last checked"));
    assert!(app.gp_connection_status(&person).unwrap().words.contains("Last checked for updates 5 Dec 2026"));
    // Twice more: each refresh rotates the token, and the kept one still works.
    app.update_from_gp_with(&person, fast(false), &|_| {}).unwrap();
    app.update_from_gp_with(&person, fast(false), &|_| {}).unwrap();
    assert_eq!(s.stats().refreshes, 3);

    let done = app.disconnect_gp_with(&person, fast(false)).unwrap();
    assert!(done.revoked, "{}", done.words);
    assert!(done.words.contains("stopped the app's access too"), "{}", done.words);
    let stats = s.stats();
    assert_eq!(stats.tokens_revoked, 1, "the practice's revocation endpoint was called with the kept token");
    assert_eq!(stats.revocations[0]["token_type_hint"], "refresh_token");
    assert!(!app.gp_connection_status(&person).unwrap().connected);
    let e = app.update_from_gp_with(&person, fast(false), &|_| {}).unwrap_err();
    assert_eq!(e.code, ErrorCode::GpNotConnected);
    assert_eq!(app.disconnect_gp(&person).unwrap_err().code, ErrorCode::GpNotConnected);

    let log = actions(&app, &person);
    for action in [AuditAction::GpConnected, AuditAction::GpUpdated, AuditAction::GpDisconnected] {
        assert!(log.contains(&action), "{action:?} in {log:?}");
    }
    assert_eq!(log.iter().filter(|a| **a == AuditAction::GpUpdated).count(), 3);

    // Every refresh token the practice issued for lasting access (the first and each
    // rotation) is nowhere outside the encrypted database: not in any file of the vault
    // folder, not in the audit log's words.
    let tokens = stats.offline_tokens_issued;
    assert_eq!(tokens.len(), 4, "one at sign-in, one per rotation");
    app.lock();
    for (path, bytes) in every_file(&tmp.path().join("vault")) {
        for token in &tokens {
            assert!(!bytes.windows(token.len()).any(|w| w == token.as_bytes()), "{path:?} holds a refresh token");
        }
    }
    app.unlock(Passphrase::new(PASS.into())).unwrap();
    let words: String =
        app.audit_log(&person).unwrap().iter().map(|e| format!("{} {} {}", e.what, e.detail, e.hash)).collect();
    assert!(tokens.iter().all(|t| !words.contains(t.as_str())));
}

#[test]
fn a_one_off_import_keeps_nothing_and_a_practice_that_ends_the_connection_is_said_plainly() {
    let tmp = tempfile::tempdir().unwrap();
    let app = app_in(tmp.path());
    app.create_vault(Passphrase::new(PASS.into())).unwrap();
    let s = Sandbox::start(Config { auto_approve: true, ..Config::default() }).unwrap();
    let p = r4_patient(&s);
    s.approve_as(Some(&p.id));
    let person = add(&app, &p);

    let once = app.import_from_gp_with(&person, s.url(), &HttpBrowser, fast(false), &|_| {}).unwrap();
    assert_eq!(once.outcome.connection, None);
    assert!(!app.gp_connection_status(&person).unwrap().connected);
    assert!(s.stats().authorize_requests[0]["scope"].split(' ').all(|s| s != "offline_access"));

    app.import_from_gp_with(&person, s.url(), &HttpBrowser, fast(true), &|_| {}).unwrap();
    // The practice stops the connection at its end (the person removed the app there).
    s.end_lasting_access();
    let e = app.update_from_gp_with(&person, fast(false), &|_| {}).unwrap_err();
    assert_eq!(e.code, ErrorCode::GpConnectionEnded);
    assert!(e.message.contains("Connect again to sign in") && e.message.contains("Nothing was imported"), "{e:?}");
    assert!(!app.gp_connection_status(&person).unwrap().connected, "the app forgot it");
    assert!(actions(&app, &person).contains(&AuditAction::GpDisconnected));
}

#[test]
fn a_carer_updates_and_disconnects_only_with_the_persons_permission_to_import() {
    let tmp = tempfile::tempdir().unwrap();
    let app = app_in(tmp.path());
    let s = Sandbox::start(Config { auto_approve: true, ..Config::default() }).unwrap();
    let p = r4_patient(&s);
    s.approve_as(Some(&p.id));
    let mum = carer::sarah_caring_for(&app, PASS, &p.name, &p.birth_date, carer::lasting_power_of_attorney("mother"));
    app.import_from_gp_with(&mum, s.url(), &HttpBrowser, fast(true), &|_| {}).unwrap();
    app.update_from_gp_with(&mum, fast(false), &|_| {}).unwrap();

    // Mum gets her own password and lets Sarah read, but not import.
    app.set_own_access(&mum, carer::own_pw()).unwrap();
    app.open_own_access(&mum, carer::own_pw()).unwrap();
    let limits = OwnLimitsInput { hidden: vec![], allowed: vec![CarerPermission::Readings], show_count: true };
    app.set_own_limits(&mum, limits).unwrap();
    app.close_own_access().unwrap();

    let status = app.gp_connection_status(&mum).unwrap();
    assert!(status.connected && !status.may_update);
    let e = app.update_from_gp_with(&mum, fast(false), &|_| {}).unwrap_err();
    assert_eq!(e.code, ErrorCode::CarerNotAllowed, "{e:?}");
    assert_eq!(app.disconnect_gp(&mum).unwrap_err().code, ErrorCode::CarerNotAllowed);
    assert_eq!(s.stats().refreshes, 1, "nothing was asked of the practice");

    // Mum herself may.
    app.open_own_access(&mum, carer::own_pw()).unwrap();
    app.update_from_gp_with(&mum, fast(false), &|_| {}).unwrap();
    assert!(app.disconnect_gp_with(&mum, fast(false)).unwrap().revoked);
}
