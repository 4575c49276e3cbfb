//! The schedule across the 2026 UK clock changes (29 March: 01:00 GMT becomes 02:00 BST;
//! 25 October: 02:00 BST becomes 01:00 GMT), with a fake clock, and what counts as done,
//! due and missed.

use chrono::{Duration, NaiveTime, TimeZone};
use phr_core::readings::ReadingKind;
use phr_core::reminders::schedule::{self, Facts, State, fire_at};
use phr_core::reminders::{Reminder, ReminderWhat};

use crate::london::{London, day, notify_between, time, utc};

fn reminder(id: i64, what: ReminderWhat, times: &[&str]) -> Reminder {
    Reminder { id, what, times: times.iter().map(|t| time(t)).collect(), created_at: utc("2026-01-01T00:00:00Z") }
}

fn glucose_at(t: &str) -> Reminder {
    reminder(1, ReminderWhat::Reading { kind: ReadingKind::BloodGlucose }, &[t])
}

#[test]
fn eight_oclock_fires_at_eight_local_on_both_sides_of_each_change() {
    let r = [glucose_at("08:00")];
    let spring = notify_between(
        &r,
        &Facts::default(),
        utc("2026-03-27T12:00:00Z"),
        utc("2026-03-31T12:00:00Z"),
        Duration::minutes(1),
    );
    let fired: Vec<_> = spring.iter().map(|s| s.at).collect();
    assert_eq!(
        fired,
        [
            utc("2026-03-28T08:00:00Z"), // GMT
            utc("2026-03-29T07:00:00Z"), // the change's own day: 08:00 BST
            utc("2026-03-30T07:00:00Z"),
            utc("2026-03-31T07:00:00Z"),
        ]
    );
    // Each was seen on the minute it fired, not an hour out.
    assert!(spring.iter().all(|s| s.seen_at == s.at), "{spring:?}");
    for s in &spring {
        assert_eq!(s.at.with_timezone(&London).time(), time("08:00"));
    }

    let autumn = notify_between(
        &r,
        &Facts::default(),
        utc("2026-10-23T12:00:00Z"),
        utc("2026-10-27T12:00:00Z"),
        Duration::minutes(1),
    );
    let fired: Vec<_> = autumn.iter().map(|s| s.at).collect();
    assert_eq!(
        fired,
        [
            utc("2026-10-24T07:00:00Z"), // BST
            utc("2026-10-25T08:00:00Z"), // GMT from the change's own day
            utc("2026-10-26T08:00:00Z"),
            utc("2026-10-27T08:00:00Z"),
        ]
    );
    assert!(autumn.iter().all(|s| s.seen_at == s.at));
}

#[test]
fn a_time_the_clocks_skip_fires_at_the_first_moment_after_it() {
    // 01:30 does not exist in London on 29 March 2026: the clocks go from 01:00 GMT to 02:00
    // BST. It fires at 02:00 BST (01:00 UTC), the first moment that exists, and once.
    assert_eq!(fire_at(day("2026-03-29"), time("01:30"), &London), Some(utc("2026-03-29T01:00:00Z")));
    assert_eq!(fire_at(day("2026-03-29"), time("01:00"), &London), Some(utc("2026-03-29T01:00:00Z")));
    assert_eq!(fire_at(day("2026-03-29"), time("00:59"), &London), Some(utc("2026-03-29T00:59:00Z")));
    let seen = notify_between(
        &[glucose_at("01:30")],
        &Facts::default(),
        utc("2026-03-28T00:00:00Z"),
        utc("2026-03-30T12:00:00Z"),
        Duration::minutes(1),
    );
    let fired: Vec<_> = seen.iter().map(|s| s.at).collect();
    assert_eq!(fired, [utc("2026-03-28T01:30:00Z"), utc("2026-03-29T01:00:00Z"), utc("2026-03-30T00:30:00Z")]);
}

#[test]
fn a_time_that_happens_twice_fires_once_the_first_time() {
    // 01:30 happens twice in London on 25 October 2026: at 00:30 UTC (BST) and 01:30 UTC (GMT).
    assert_eq!(fire_at(day("2026-10-25"), time("01:30"), &London), Some(utc("2026-10-25T00:30:00Z")));
    let seen = notify_between(
        &[glucose_at("01:30")],
        &Facts::default(),
        utc("2026-10-24T00:00:00Z"),
        utc("2026-10-26T12:00:00Z"),
        Duration::minutes(1),
    );
    let fired: Vec<_> = seen.iter().map(|s| s.at).collect();
    assert_eq!(fired, [utc("2026-10-24T00:30:00Z"), utc("2026-10-25T00:30:00Z"), utc("2026-10-26T01:30:00Z")]);
}

#[test]
fn next_follows_the_local_clock_across_the_change() {
    let r = glucose_at("08:00");
    let before = schedule::status(&r, &Facts::default(), &London, utc("2026-03-28T09:00:00Z"));
    assert_eq!(before.next, Some(utc("2026-03-29T07:00:00Z")));
    let before = schedule::status(&r, &Facts::default(), &London, utc("2026-10-24T09:00:00Z"));
    assert_eq!(before.next, Some(utc("2026-10-25T08:00:00Z")));
    // Between midnight and 01:00 UTC on the spring day: still 29 March locally, so today's.
    let early = schedule::status(&r, &Facts::default(), &London, utc("2026-03-29T00:30:00Z"));
    assert_eq!(early.next, Some(utc("2026-03-29T07:00:00Z")));
}

#[test]
fn a_reading_of_that_kind_in_the_window_is_done_otherwise_due_then_missed() {
    let r = [glucose_at("20:00")];
    // 25 October, GMT: 20:00 local is 20:00 UTC.
    let at = utc("2026-10-25T20:00:00Z");
    let state = |now: &str, readings: &[(ReadingKind, chrono::DateTime<chrono::Utc>)]| {
        let facts = Facts { readings, ..Facts::default() };
        let s = schedule::status(&r[0], &facts, &London, utc(now));
        s.occurrences.iter().find(|o| o.at == at).map(|o| o.state)
    };
    assert_eq!(state("2026-10-25T19:59:00Z", &[]), None);
    assert_eq!(state("2026-10-25T20:00:00Z", &[]), Some(State::Due));
    assert_eq!(state("2026-10-25T21:59:00Z", &[]), Some(State::Due));
    assert_eq!(state("2026-10-25T22:00:00Z", &[]), Some(State::Missed));
    assert_eq!(state("2026-10-26T07:59:00Z", &[]), Some(State::Missed));
    assert_eq!(state("2026-10-26T08:00:00Z", &[]), None, "shown for 12 hours, then gone");
    // Taken half an hour early counts; a reading of another kind does not; nor one hours early.
    let early = [(ReadingKind::BloodGlucose, utc("2026-10-25T19:30:00Z"))];
    assert_eq!(state("2026-10-25T20:05:00Z", &early), Some(State::Done));
    let other = [(ReadingKind::Weight, utc("2026-10-25T20:10:00Z"))];
    assert_eq!(state("2026-10-25T20:15:00Z", &other), Some(State::Due));
    let long_before = [(ReadingKind::BloodGlucose, utc("2026-10-25T17:00:00Z"))];
    assert_eq!(state("2026-10-25T20:15:00Z", &long_before), Some(State::Due));
    // A reading taken while it was due clears it; one after it was missed does not.
    let in_time = [(ReadingKind::BloodGlucose, utc("2026-10-25T21:00:00Z"))];
    assert_eq!(state("2026-10-25T23:00:00Z", &in_time), Some(State::Done));
    let late = [(ReadingKind::BloodGlucose, utc("2026-10-25T22:30:00Z"))];
    assert_eq!(state("2026-10-25T23:00:00Z", &late), Some(State::Missed));
}

#[test]
fn nothing_before_the_reminder_was_set_is_missed() {
    let mut r = glucose_at("08:00");
    r.created_at = utc("2026-05-01T10:00:00Z");
    let s = schedule::status(&r, &Facts::default(), &London, utc("2026-05-01T10:01:00Z"));
    assert!(s.occurrences.is_empty());
    assert_eq!(s.next, Some(utc("2026-05-02T07:00:00Z")));
}

#[test]
fn the_blood_pressure_week_fires_morning_and_evening_only_on_its_days() {
    let r = [reminder(7, ReminderWhat::BpWeek, &["08:00", "20:00"])];
    // A week started on 26 March runs to 1 April, over the spring change.
    let facts = Facts { bp_week: Some((day("2026-03-26"), day("2026-04-01"))), ..Facts::default() };
    let seen =
        notify_between(&r, &facts, utc("2026-03-24T00:00:00Z"), utc("2026-04-04T00:00:00Z"), Duration::minutes(5));
    assert_eq!(seen.len(), 14, "two a day for seven days: {seen:?}");
    assert_eq!(seen.first().map(|s| (s.slot, s.at)), Some((0, utc("2026-03-26T08:00:00Z"))));
    assert_eq!(seen.last().map(|s| (s.slot, s.at)), Some((1, utc("2026-04-01T19:00:00Z"))));
    for s in &seen {
        let local = s.at.with_timezone(&London).time();
        assert_eq!(local, if s.slot == 0 { time("08:00") } else { time("20:00") });
    }
    // A morning reading in the morning does the morning one, not the evening one.
    let readings = [(ReadingKind::BloodPressure, utc("2026-03-30T07:05:00Z"))];
    let facts = Facts { readings: &readings, ..facts };
    let s = schedule::status(&r[0], &facts, &London, utc("2026-03-30T18:30:00Z"));
    let states: Vec<_> = s.occurrences.iter().map(|o| (o.slot, o.state)).collect();
    assert_eq!(states, [(0, State::Done)]);
    // At 20:00 BST the evening one is due; the morning's, 12 hours old, has given way to it.
    let s = schedule::status(&r[0], &facts, &London, utc("2026-03-30T19:00:00Z"));
    let states: Vec<_> = s.occurrences.iter().map(|o| (o.slot, o.state)).collect();
    assert_eq!(states, [(1, State::Due)]);
    // No week under way: it never fires, and says so by having no next time.
    let idle = schedule::status(&r[0], &Facts::default(), &London, utc("2026-03-30T19:30:00Z"));
    assert!(idle.occurrences.is_empty() && idle.next.is_none());
}

#[test]
fn a_medicine_ticked_taken_is_done_for_that_time_only() {
    let r = reminder(3, ReminderWhat::Medicine { name: "Ramipril 5 mg".into() }, &["08:00", "14:00"]);
    let morning = utc("2026-06-10T07:00:00Z");
    let taken = [(3, morning)];
    let facts = Facts { taken: &taken, ..Facts::default() };
    let s = schedule::status(&r, &facts, &London, utc("2026-06-10T13:10:00Z"));
    let states: Vec<_> = s.occurrences.iter().map(|o| (o.at, o.state)).collect();
    assert_eq!(states, [(morning, State::Done), (utc("2026-06-10T13:00:00Z"), State::Due)]);
    // A tick for another reminder counts for nothing here.
    let other = [(4, morning)];
    let s = schedule::status(&r, &Facts { taken: &other, ..Facts::default() }, &London, utc("2026-06-10T09:30:00Z"));
    assert_eq!(s.occurrences.first().map(|o| o.state), Some(State::Missed));
}

#[test]
fn a_backup_reminder_is_due_weeks_after_the_last_backup_until_one_is_made() {
    let r = reminder(5, ReminderWhat::Backup { weeks: 4 }, &[]);
    let last = utc("2026-03-01T10:00:00Z");
    let facts = Facts { last_backup: Some(last), ..Facts::default() };
    let before = schedule::status(&r, &facts, &London, utc("2026-03-29T09:59:00Z"));
    assert!(before.occurrences.is_empty());
    assert_eq!(before.next, Some(utc("2026-03-29T10:00:00Z")));
    let long_after = schedule::status(&r, &facts, &London, utc("2026-05-29T10:00:00Z"));
    assert_eq!(long_after.occurrences.first().map(|o| o.state), Some(State::Due), "never goes to missed");
    let backed_up = Facts { last_backup: Some(utc("2026-05-29T09:00:00Z")), ..Facts::default() };
    let s = schedule::status(&r, &backed_up, &London, utc("2026-05-29T10:00:00Z"));
    assert!(s.occurrences.is_empty());
    assert_eq!(s.next, Some(utc("2026-06-26T09:00:00Z")));
    // Never backed up: weeks from when the reminder was set.
    let s = schedule::status(&r, &Facts::default(), &London, utc("2026-01-02T00:00:00Z"));
    assert_eq!(s.next, Some(utc("2026-01-29T00:00:00Z")));
}

#[test]
fn a_review_reminder_fires_days_before_at_nine_local_and_stays_until_the_review_moves() {
    let r = reminder(9, ReminderWhat::Review { days_before: 7 }, &[]);
    // Due 1 April: fires 25 March 09:00 GMT; due 1 November: fires 25 October 09:00 GMT.
    let facts = Facts { review_on: Some(day("2026-04-01")), ..Facts::default() };
    assert_eq!(
        schedule::status(&r, &facts, &London, utc("2026-03-01T00:00:00Z")).next,
        Some(utc("2026-03-25T09:00:00Z"))
    );
    let facts = Facts { review_on: Some(day("2026-04-05")), ..Facts::default() };
    // 29 March is the change's day: 09:00 BST.
    assert_eq!(
        schedule::status(&r, &facts, &London, utc("2026-03-01T00:00:00Z")).next,
        Some(utc("2026-03-29T08:00:00Z"))
    );
    let due = schedule::status(&r, &facts, &London, utc("2026-04-20T00:00:00Z"));
    assert_eq!(due.occurrences.first().map(|o| o.state), Some(State::Due));
    let none = schedule::status(&r, &Facts::default(), &London, utc("2026-04-20T00:00:00Z"));
    assert!(none.occurrences.is_empty() && none.next.is_none());
}

#[test]
fn a_fixed_offset_zone_has_no_changes() {
    let r = glucose_at("08:00");
    let tokyo = chrono::FixedOffset::east_opt(9 * 3600).unwrap();
    let s = schedule::status(&r, &Facts::default(), &tokyo, utc("2026-03-29T00:00:00Z"));
    assert_eq!(s.occurrences.first().map(|o| o.at), Some(utc("2026-03-28T23:00:00Z")));
    assert_eq!(s.next, Some(utc("2026-03-29T23:00:00Z")));
    assert_eq!(tokyo.from_utc_datetime(&s.next.unwrap().naive_utc()).time(), NaiveTime::from_hms_opt(8, 0, 0).unwrap());
}
