//! The whole-file check after unlock (App::run_background_check): each person's record read
//! whole at most once a week (by the app's clock), recorded in their audit log, never counted as
//! activity, and a damaged record named with what to do for the notice (App::background_check).

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

mod common;
mod damage;

use std::sync::{Arc, Mutex};

use chrono::{DateTime, TimeZone, Utc};
use common::*;
use phr_app::*;
use phr_core::Clock;

/// A clock the test moves on.
#[derive(Debug)]
struct TestClock(Mutex<DateTime<Utc>>);

impl Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

impl TestClock {
    fn advance(&self, by: chrono::Duration) {
        *self.0.lock().unwrap() += by;
    }
}

fn app_with_two(dir: &std::path::Path) -> (App, Arc<TestClock>, PersonId, PersonId) {
    let clock = Arc::new(TestClock(Mutex::new(Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap())));
    let app = App::with_options(dir.join("vault"), AppOptions::with_clock(clock.clone(), KdfProfile::Floor));
    app.create_vault(Passphrase::new(PASS.to_owned())).unwrap();
    let ada = add_person_matching(&app, SYNTHEA);
    let bob = app
        .add_person(PersonInput {
            name: "Bob Smith".into(),
            date_of_birth: "1950-02-03".into(),
            nhs_number: None,
            role: None,
        })
        .unwrap()
        .id;
    (app, clock, ada, bob)
}

fn checks_in_log(app: &App, id: &PersonId) -> usize {
    app.audit_log(id).unwrap().iter().filter(|e| e.action == AuditAction::RecordChecked).count()
}

/// Moves the clock on by `days` and unlocks again (the idle limit has locked the record).
fn days_later(app: &App, clock: &TestClock, days: i64) {
    clock.advance(chrono::Duration::days(days));
    app.lock();
    app.unlock(Passphrase::new(PASS.to_owned())).unwrap();
}

#[test]
fn each_record_is_checked_at_most_once_a_week_and_audited() {
    let tmp = tempfile::tempdir().unwrap();
    let (app, clock, ada, bob) = app_with_two(tmp.path());
    assert_eq!(app.run_background_check(), 2, "a new record has never been checked");
    for id in [&ada, &bob] {
        assert_eq!(checks_in_log(&app, id), 1);
    }
    let found = app.background_check();
    assert!(!found.running);
    assert!(found.damage.is_none());

    days_later(&app, &clock, CHECK_EVERY_DAYS - 1);
    assert_eq!(app.run_background_check(), 0, "checked within the week: not again");
    days_later(&app, &clock, 2);
    assert_eq!(app.run_background_check(), 2, "a week on: checked again");
    assert_eq!(checks_in_log(&app, &ada), 2);
}

#[test]
fn a_check_from_settings_counts_as_the_last_check() {
    let tmp = tempfile::tempdir().unwrap();
    let (app, _clock, _ada, _bob) = app_with_two(tmp.path());
    app.check_record(&|_| {}).unwrap();
    assert_eq!(app.run_background_check(), 0);
}

#[test]
fn the_background_check_is_not_activity_and_finds_nothing_while_locked() {
    let tmp = tempfile::tempdir().unwrap();
    let (app, clock, _ada, _bob) = app_with_two(tmp.path());
    // Past the idle limit the check does not run and does not keep the record open.
    clock.advance(chrono::Duration::minutes(30));
    assert_eq!(app.run_background_check(), 0);
    assert!(!app.status().unlocked, "the idle limit locked the record; the check did not hold it open");
    assert!(app.background_check().damage.is_none());
}

#[test]
fn a_damaged_record_is_found_in_the_background_named_with_what_to_do_and_found_again() {
    let tmp = tempfile::tempdir().unwrap();
    let (app, clock, ada, _bob) = app_with_two(tmp.path());
    assert_eq!(app.run_background_check(), 2);
    let db = tmp.path().join("vault").join("people").join(format!("{ada}.db"));
    app.lock();
    damage::damage_a_page_unlock_does_not_read(&app, &db, PASS);
    // Within the week nothing is due: the damage waits for the check.
    assert_eq!(app.run_background_check(), 0);
    assert!(app.background_check().damage.is_none());

    days_later(&app, &clock, CHECK_EVERY_DAYS + 1);
    app.run_background_check();
    let damage = app.background_check().damage.expect("the damage is reported");
    assert!(!damage.ok);
    let named: Vec<_> = damage.people.iter().map(|c| (&c.person_id, c.ok)).collect();
    assert_eq!(named, [(&ada, false)], "only the damaged record is named");
    assert!(damage.summary.starts_with("Damage found in the record of "), "{}", damage.summary);
    assert!(damage.advice.unwrap().contains("Restore your record from your latest backup"));

    // A record found damaged is checked again at the next unlock, the same day: the notice
    // comes back until the record is restored.
    days_later(&app, &clock, 0);
    assert!(app.run_background_check() >= 1, "the damaged record is due again");
    assert!(app.background_check().damage.is_some());
}
