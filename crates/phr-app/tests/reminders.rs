//! Reminders through the facade: a carer sets them for the person they care for only within
//! that person's permissions; the home screen's panel shows what is due now and missed, a
//! reading of the kind marks it done and a medicine is ticked taken; notifications name no
//! medicine, reading or person unless the person allows it, say nothing of whose or what while
//! the app is locked, and come once each, also through the desktop's loop with a moved clock;
//! nothing typed shows in a DTO's `Debug`.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

#[allow(dead_code)]
mod carer;
#[allow(dead_code)]
mod common;

use std::sync::{Arc, Mutex};

use carer::{lasting_power_of_attorney, own_pw, sarah_caring_for};
use chrono::{DateTime, Duration, Local, TimeZone, Utc};
use common::PASS;
use phr_app::*;
use phr_core::clock::Clock;

/// A clock the test moves on.
#[derive(Debug)]
struct MovingClock(Mutex<DateTime<Utc>>);

impl Clock for MovingClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

impl MovingClock {
    fn set(&self, at: DateTime<Utc>) {
        *self.0.lock().unwrap() = at;
    }
}

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 9, 12, 0, 0).unwrap()
}

fn app_with_clock(dir: &tempfile::TempDir) -> (App, Arc<MovingClock>) {
    let clock = Arc::new(MovingClock(Mutex::new(start())));
    let app = App::with_options(dir.path().join("vault"), AppOptions::with_clock(clock.clone(), KdfProfile::Floor));
    (app, clock)
}

/// The local time of day, `HH:MM`, of `at` on this computer.
fn local_hm(at: DateTime<Utc>) -> String {
    at.with_timezone(&Local).format("%H:%M").to_string()
}

fn reading_form(kind: ReadingKind, at: &str) -> ReminderForm {
    ReminderForm {
        kind: Some(ReminderKind::Reading),
        reading_kind: Some(kind),
        times: vec![at.to_owned()],
        ..ReminderForm::default()
    }
}

fn medicine_form(name: &str, at: &str) -> ReminderForm {
    ReminderForm {
        kind: Some(ReminderKind::Medicine),
        name: Some(name.to_owned()),
        times: vec![at.to_owned()],
        ..ReminderForm::default()
    }
}

/// Sarah cares for Karena, who lets her do `allowed`.
fn karena_with(allowed: Vec<CarerPermission>) -> (App, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let app =
        App::with_options(dir.path().join("vault"), AppOptions { kdf: KdfProfile::Floor, ..AppOptions::default() });
    let karena = sarah_caring_for(&app, PASS, "Karena Pfeffer", "1994-12-21", lasting_power_of_attorney("daughter"));
    app.set_own_access(&karena, own_pw()).unwrap();
    app.open_own_access(&karena, own_pw()).unwrap();
    let limits = OwnLimitsInput { hidden: vec![], allowed, show_count: false };
    app.set_own_limits(&karena, limits).unwrap();
    app.close_own_access().unwrap();
    (app, karena, dir)
}

#[test]
fn a_carer_sets_reminders_only_within_the_persons_permissions() {
    let (app, karena, _dir) = karena_with(vec![CarerPermission::Import]);
    let err = app.add_reminder(&karena, &medicine_form("Metformin 500 mg", "08:00")).unwrap_err();
    assert_eq!(err.code, ErrorCode::CarerNotAllowed);
    assert!(app.reminders(&karena).unwrap().reminders.is_empty());
    // Karena, with her own access open, sets one herself; Sarah cannot remove it.
    app.open_own_access(&karena, own_pw()).unwrap();
    let set = app.add_reminder(&karena, &medicine_form("Metformin 500 mg", "08:00")).unwrap();
    app.close_own_access().unwrap();
    let id = set.reminders.reminders[0].id.clone();
    assert_eq!(app.remove_reminder(&karena, &id).unwrap_err().code, ErrorCode::CarerNotAllowed);
    assert_eq!(app.set_reminder_details(&karena, true).unwrap_err().code, ErrorCode::CarerNotAllowed);
    // Sarah can still see them (reading the record is not limited).
    assert_eq!(app.reminders(&karena).unwrap().reminders.len(), 1);

    let (app, karena, _dir) = karena_with(vec![CarerPermission::Readings]);
    let set = app.add_reminder(&karena, &medicine_form("Metformin 500 mg", "08:00")).unwrap();
    assert!(set.message.starts_with("Reminder set: Take Metformin 500 mg every day at 08:00"), "{}", set.message);
    let review = ReminderForm { kind: Some(ReminderKind::Review), days_before: Some(14), ..ReminderForm::default() };
    let set = app.add_reminder(&karena, &review).unwrap();
    let row = &set.reminders.reminders[1];
    // Her review is on 23 Nov 2027: 14 days before, at 09:00 local.
    assert!(row.next_text.starts_with("Next: 9 Nov 2027, 09:00"), "{}", row.next_text);
    // Sarah's own record has no review to be reminded of.
    let sarah = app.list_people().unwrap().into_iter().find(|p| p.name == "Sarah Jones").unwrap();
    let err = app.add_reminder(&sarah.id, &review).unwrap_err();
    assert_eq!((err.code, err.field), (ErrorCode::InvalidInput, Some(ErrorField::Kind)));
    let removed = app.remove_reminder(&karena, &set.reminders.reminders[0].id).unwrap();
    assert_eq!(removed.reminders.reminders.len(), 1);
    assert_eq!(app.remove_reminder(&karena, "999").unwrap_err().code, ErrorCode::ReminderNotFound);
}

#[test]
fn problems_are_each_on_their_field_with_nothing_stored() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = app_with_clock(&dir);
    let problems = app
        .check_reminder(&ReminderForm {
            kind: Some(ReminderKind::Medicine),
            name: Some(" ".into()),
            times: vec!["25:00".into()],
            ..ReminderForm::default()
        })
        .unwrap();
    let fields: Vec<_> = problems.iter().map(|p| p.field).collect();
    assert_eq!(fields, [Some(ErrorField::Times), Some(ErrorField::Name)]);
    let backup = ReminderForm { kind: Some(ReminderKind::Backup), weeks: Some(99), ..ReminderForm::default() };
    assert_eq!(app.check_reminder(&backup).unwrap()[0].field, Some(ErrorField::Weeks));
    let bp = ReminderForm { kind: Some(ReminderKind::BpWeek), times: vec!["08:00".into()], ..ReminderForm::default() };
    assert_eq!(app.check_reminder(&bp).unwrap()[0].field, Some(ErrorField::Times));
    assert!(app.check_reminder(&reading_form(ReadingKind::Weight, "07:00")).unwrap().is_empty());
}

#[test]
fn the_panel_shows_due_and_missed_and_doing_it_marks_it_done() {
    let dir = tempfile::tempdir().unwrap();
    let (app, clock) = app_with_clock(&dir);
    app.create_vault(Passphrase::new(PASS.to_owned())).unwrap();
    let me = app
        .add_person(PersonInput {
            name: "Ada Lovelace".into(),
            date_of_birth: "1948-07-05".into(),
            nhs_number: None,
            role: None,
        })
        .unwrap()
        .id;
    // Set the day before; the next day at 12:00 UTC the weight reading (half an hour ago) is
    // due, the medicine (three hours ago) missed.
    let now = start() + Duration::days(1);
    app.add_reminder(&me, &reading_form(ReadingKind::Weight, &local_hm(now - Duration::minutes(30)))).unwrap();
    app.add_reminder(&me, &medicine_form("Ramipril 5 mg", &local_hm(now - Duration::hours(3)))).unwrap();
    clock.set(now);
    // A day without use locked it: unlock again.
    app.lock();
    app.unlock(Passphrase::new(PASS.to_owned())).unwrap();
    let r = app.reminders(&me).unwrap();
    assert_eq!(r.due.count, 2);
    let due: Vec<_> = r.due.due.iter().map(|d| (d.title.as_str(), d.action)).collect();
    assert_eq!(due, [("Weight reading", ReminderActionKind::AddReading)]);
    assert_eq!(r.due.due[0].reading_kind, Some(ReadingKind::Weight));
    let missed: Vec<_> = r.due.missed.iter().map(|d| (d.title.as_str(), d.action)).collect();
    assert_eq!(missed, [("Take Ramipril 5 mg", ReminderActionKind::MarkTaken)]);
    assert!(r.reminders.iter().all(|row| row.next_text.starts_with("Next: 11 Jun 2026")), "{:?}", r.reminders);
    // The People screen's line: how many, naming no reminder.
    assert_eq!(r.due.summary.as_deref(), Some("1 reminder due now, 1 missed"));

    // A weight reading now does the weight reminder; the medicine is ticked taken.
    let weight = ReadingInput {
        kind: ReadingKind::Weight,
        at: None,
        value: Some(70.0),
        value2: None,
        pulse: None,
        unit: None,
        context: None,
        arm: None,
        position: None,
        text: None,
        note: None,
        confirm: false,
    };
    app.add_reading(&me, weight).unwrap();
    let missed = &r.due.missed[0];
    let after = app.set_reminder_taken(&me, &missed.reminder_id, &missed.fired_at, true).unwrap();
    assert!(after.due.due.is_empty() && after.due.missed.is_empty());
    assert_eq!(after.due.summary, None, "nothing due or missed: no line on the People screen");
    let done: Vec<_> = after.due.done.iter().map(|d| d.title.as_str()).collect();
    assert_eq!(done, ["Take Ramipril 5 mg", "Weight reading"]);
    // Taken back, it is missed again.
    let back = app.set_reminder_taken(&me, &missed.reminder_id, &missed.fired_at, false).unwrap();
    assert_eq!(back.due.missed.len(), 1);
    assert_eq!(back.due.summary.as_deref(), Some("1 reminder missed"));
    assert!(!format!("{back:?}{after:?}{r:?}").contains("Ramipril"), "Debug names no medicine");
}

#[test]
fn notifications_name_nothing_unless_allowed_say_nothing_while_locked_and_come_once() {
    let dir = tempfile::tempdir().unwrap();
    let (app, clock) = app_with_clock(&dir);
    app.create_vault(Passphrase::new(PASS.to_owned())).unwrap();
    let me = app
        .add_person(PersonInput {
            name: "Ada Lovelace".into(),
            date_of_birth: "1948-07-05".into(),
            nhs_number: None,
            role: None,
        })
        .unwrap()
        .id;
    let at = start() + Duration::hours(1);
    app.add_reminder(&me, &medicine_form("Sertraline 50 mg", &local_hm(at))).unwrap();
    app.add_reminder(
        &me,
        &reading_form(ReadingKind::BloodGlucose, &local_hm(at + Duration::days(1) - Duration::hours(12))),
    )
    .unwrap();
    let mut notifier = ReminderNotifier::new();
    assert!(notifier.poll(&app).is_empty(), "nothing due yet");
    assert_eq!(notifier.next_wake(start()), start() + Duration::minutes(1));

    clock.set(at + Duration::minutes(1));
    let shown = notifier.poll(&app);
    let bodies: Vec<_> = shown.iter().map(|n| n.body.as_str()).collect();
    assert_eq!(bodies, ["Time to take your medicine"]);
    assert_eq!(shown[0].title, "My Health Record");
    assert!(notifier.poll(&app).is_empty(), "once");

    // Locked: the glucose reading's time passes; the notification names nobody and nothing.
    app.lock();
    clock.set(at + Duration::hours(12) + Duration::minutes(1));
    let shown = notifier.poll(&app);
    let bodies: Vec<_> = shown.iter().map(|n| n.body.as_str()).collect();
    assert_eq!(bodies, ["You have a reminder. Unlock the app to see it."]);
    assert!(notifier.poll(&app).is_empty());
    // Unlocked, it is not told again.
    app.unlock(Passphrase::new(PASS.to_owned())).unwrap();
    assert!(notifier.poll(&app).is_empty());

    // With the person's leave, the next day's notifications say what for.
    app.set_reminder_details(&me, true).unwrap();
    clock.set(at + Duration::days(1) + Duration::minutes(1));
    let shown = notifier.poll(&app);
    let bodies: Vec<_> = shown.iter().map(|n| n.body.as_str()).collect();
    assert_eq!(bodies, ["Time to take Sertraline 50 mg"]);
}

#[test]
fn the_desktop_loop_shows_a_reminder_set_a_minute_ahead_once_in_private_words() {
    let dir = tempfile::tempdir().unwrap();
    let (app, clock) = app_with_clock(&dir);
    app.create_vault(Passphrase::new(PASS.to_owned())).unwrap();
    let me = app
        .add_person(PersonInput {
            name: "Ada Lovelace".into(),
            date_of_birth: "1948-07-05".into(),
            nhs_number: None,
            role: None,
        })
        .unwrap()
        .id;
    let at = start() + Duration::minutes(1);
    app.add_reminder(&me, &reading_form(ReadingKind::BloodGlucose, &local_hm(at))).unwrap();

    // The loop the desktop runs, with a list for the notification plugin and a sleep that
    // moves the clock on instead of waiting; ten minutes of it.
    let mut shown: Vec<(DateTime<Utc>, ReminderNotification)> = Vec::new();
    let mut waits = Vec::new();
    let mut notifier = ReminderNotifier::new();
    let mut shower = |n: &ReminderNotification| shown.push((clock.now(), n.clone()));
    run_reminders(&app, &mut notifier, &mut shower, |wait| {
        waits.push(wait);
        clock.set(clock.now() + Duration::from_std(wait).unwrap());
        if clock.now() >= start() + Duration::minutes(10) {
            std::ops::ControlFlow::Break(())
        } else {
            std::ops::ControlFlow::Continue(())
        }
    });

    assert_eq!(shown.len(), 1, "exactly one notification: {shown:?}");
    let (when, n) = &shown[0];
    assert!(*when >= at && *when <= at + Duration::minutes(1), "shown within a minute of {at}, not at {when}");
    assert_eq!(n.title, "My Health Record");
    assert_eq!(n.body, "Time for your reading", "no health detail: the kind of reading is not named");
    assert!(!n.body.to_lowercase().contains("glucose") && !n.body.contains("Ada"));
    assert!(
        waits.iter().all(|w| *w >= CHECK_AT_LEAST_AFTER && *w <= CHECK_AT_MOST_EVERY),
        "it asks at least every minute: {waits:?}"
    );
}
