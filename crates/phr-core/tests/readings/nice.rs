//! The NICE NG136 home blood pressure average against worked examples computed by hand, and
//! the guided blood pressure week.

use chrono::{DateTime, FixedOffset};
use phr_core::readings::nice::{bp_week_status, nice_home_bp_average};

use super::at;

type Bp = (DateTime<FixedOffset>, f64, f64);

/// Readings on day `day` of March 2024 (UTC): (hh:mm, sys, dia).
fn day(day: u32, readings: &[(&str, f64, f64)]) -> Vec<Bp> {
    readings.iter().map(|(hm, s, d)| (at(&format!("2024-03-{day:02}T{hm}:00+00:00")), *s, *d)).collect()
}

/// Day 1 high (discarded), then days 2-4 with 4 readings each, morning and evening.
fn four_days() -> Vec<Bp> {
    let mut r =
        day(1, &[("07:00", 170.0, 100.0), ("07:01", 168.0, 99.0), ("19:00", 172.0, 101.0), ("19:01", 170.0, 100.0)]);
    // Day 2: systolic 140 + 138 + 132 + 130 = 540; diastolic 90 + 88 + 84 + 82 = 344.
    r.extend(day(2, &[("07:00", 140.0, 90.0), ("07:02", 138.0, 88.0), ("19:00", 132.0, 84.0), ("19:02", 130.0, 82.0)]));
    // Day 3: systolic 136 + 134 + 128 + 126 = 524; diastolic 86 + 85 + 80 + 79 = 330.
    r.extend(day(3, &[("07:00", 136.0, 86.0), ("07:02", 134.0, 85.0), ("19:00", 128.0, 80.0), ("19:02", 126.0, 79.0)]));
    // Day 4: systolic 142 + 140 + 134 + 132 = 548; diastolic 91 + 89 + 83 + 81 = 344.
    r.extend(day(4, &[("07:00", 142.0, 91.0), ("07:02", 140.0, 89.0), ("19:00", 134.0, 83.0), ("19:02", 132.0, 81.0)]));
    r
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[test]
fn four_days_is_enough_and_the_first_day_is_discarded() {
    let a = nice_home_bp_average(&four_days());
    // Days 2-4: 12 readings. Systolic (540 + 524 + 548) / 12 = 1612 / 12 = 134.333...;
    // diastolic (344 + 330 + 344) / 12 = 1018 / 12 = 84.833... Both below 135/85.
    // (With day 1 kept it would be (1612 + 680) / 16 = 143.25 systolic: above.)
    assert!(a.enough);
    assert!(a.first_day_discarded);
    assert_eq!((a.days_used, a.readings_used), (3, 12));
    assert!(close(a.systolic, 1612.0 / 12.0), "{:?}", a.systolic);
    assert!(close(a.diastolic, 1018.0 / 12.0), "{:?}", a.diastolic);
    assert_eq!(a.above_threshold, Some(false));
    assert_eq!(a.threshold, "135/85 mmHg");
    assert!(a.explanation.contains("134/85 mmHg"), "{}", a.explanation);
    assert!(a.explanation.contains("GP"), "{}", a.explanation);
    assert!(a.explanation.contains("below 135/85"), "{}", a.explanation);
}

#[test]
fn three_days_is_not_enough() {
    let r: Vec<Bp> = four_days().into_iter().filter(|(t, _, _)| t.format("%d").to_string() != "04").collect();
    let a = nice_home_bp_average(&r);
    // Days 2-3: 8 readings. Systolic (540 + 524) / 8 = 133; diastolic (344 + 330) / 8 = 84.25.
    assert!(!a.enough);
    assert_eq!((a.days_used, a.readings_used), (2, 8));
    assert!(close(a.systolic, 133.0));
    assert!(close(a.diastolic, 84.25));
    assert_eq!(a.above_threshold, None, "no verdict without enough days");
    assert!(a.explanation.contains("3 days"), "{}", a.explanation);
    assert!(a.explanation.contains("at least 4 days"), "{}", a.explanation);
}

#[test]
fn a_week_above_the_threshold_on_diastolic_alone() {
    let mut r = day(1, &[("08:00", 200.0, 120.0), ("08:01", 200.0, 120.0)]);
    for d in 2..=7 {
        r.extend(day(d, &[("08:00", 130.0, 86.0), ("20:00", 134.0, 88.0)]));
    }
    let a = nice_home_bp_average(&r);
    // Days 2-7: 12 readings. Systolic 6 × (130 + 134) / 12 = 132; diastolic 6 × (86 + 88) / 12 = 87.
    assert!(a.enough);
    assert_eq!((a.days_used, a.readings_used), (6, 12));
    assert!(close(a.systolic, 132.0));
    assert!(close(a.diastolic, 87.0));
    assert_eq!(a.above_threshold, Some(true), "87 diastolic is at or above 85");
    assert!(a.explanation.contains("at or above 135/85"), "{}", a.explanation);
}

#[test]
fn the_threshold_is_inclusive() {
    let days = |s: f64, d: f64| -> Vec<Bp> { (1..=4).flat_map(|n| day(n, &[("08:00", s, d)])).collect() };
    assert_eq!(nice_home_bp_average(&days(135.0, 80.0)).above_threshold, Some(true));
    assert_eq!(nice_home_bp_average(&days(134.0, 84.0)).above_threshold, Some(false));
    assert_eq!(nice_home_bp_average(&days(120.0, 85.0)).above_threshold, Some(true));
}

#[test]
fn days_are_local_dates_in_each_readings_own_offset() {
    // 23:30 in London and 00:30 in Paris are the same instant, but different local dates.
    let r = vec![
        (at("2024-03-01T23:30:00+00:00"), 120.0, 80.0),
        (at("2024-03-02T00:30:00+01:00"), 130.0, 84.0),
        (at("2024-03-03T08:00:00+01:00"), 140.0, 90.0),
        (at("2024-03-04T08:00:00+01:00"), 150.0, 94.0),
    ];
    let a = nice_home_bp_average(&r);
    // Four local dates (1, 2, 3, 4 March): enough; day 1 (the 120/80) discarded.
    // Systolic (130 + 140 + 150) / 3 = 140; diastolic (84 + 90 + 94) / 3 = 89.333...
    assert!(a.enough);
    assert_eq!(a.readings_used, 3);
    assert!(close(a.systolic, 140.0));
    assert!(close(a.diastolic, 268.0 / 3.0));
}

#[test]
fn no_readings_or_one_day() {
    let a = nice_home_bp_average(&[]);
    assert!(!a.enough && !a.first_day_discarded);
    assert_eq!((a.systolic, a.readings_used), (None, 0));
    let a = nice_home_bp_average(&day(1, &[("08:00", 120.0, 80.0), ("08:01", 122.0, 82.0)]));
    assert!(!a.enough && a.first_day_discarded);
    assert_eq!((a.systolic, a.days_used, a.readings_used), (None, 0, 0));
}

fn week_start() -> DateTime<FixedOffset> {
    at("2024-03-04T07:00:00+00:00")
}

#[test]
fn the_week_counts_morning_and_evening_and_says_what_next() {
    let readings = vec![
        (at("2024-03-04T07:10:00+00:00"), 130.0, 80.0),
        (at("2024-03-04T11:59:00+00:00"), 131.0, 81.0), // morning: before 12:00
        (at("2024-03-04T12:00:00+00:00"), 132.0, 82.0), // afternoon: neither slot
        (at("2024-03-04T15:59:00+00:00"), 132.0, 82.0), // afternoon
        (at("2024-03-04T16:00:00+00:00"), 133.0, 83.0), // evening: from 16:00
        (at("2024-03-11T08:00:00+00:00"), 133.0, 83.0), // day 8: outside the week
    ];
    let s = bp_week_status(week_start(), &readings, at("2024-03-04T18:00:00+00:00").to_utc());
    assert_eq!(s.days.len(), 7);
    assert_eq!(s.days[0].date.to_string(), "2024-03-04");
    assert_eq!(s.days[6].date.to_string(), "2024-03-10");
    assert_eq!((s.days[0].morning, s.days[0].evening), (2, 1));
    assert!(!s.complete);
    assert!(s.next_step.starts_with("Take 1 more reading this evening"), "{}", s.next_step);
    assert!(s.next_step.contains("Day 1 is practice"), "{}", s.next_step);
    let avg = s.average.unwrap();
    assert_eq!(avg.readings_used, 0, "all in day 1, which is discarded");

    let s = bp_week_status(week_start(), &[], at("2024-03-05T08:00:00+00:00").to_utc());
    assert!(s.next_step.starts_with("Take 2 readings this morning, a minute apart"), "{}", s.next_step);
    assert!(s.average.is_none());
    let morning_done = vec![(at("2024-03-05T07:00:00+00:00"), 1.0, 1.0), (at("2024-03-05T07:01:00+00:00"), 1.0, 1.0)];
    let s = bp_week_status(week_start(), &morning_done, at("2024-03-05T13:00:00+00:00").to_utc());
    assert!(s.next_step.starts_with("Next: 2 readings this evening"), "{}", s.next_step);
    let s = bp_week_status(week_start(), &[], at("2024-03-05T19:00:00+00:00").to_utc());
    assert!(s.next_step.starts_with("Take 2 readings this evening"), "{}", s.next_step);
}

#[test]
fn the_week_completes_when_its_days_pass_or_every_slot_is_filled() {
    let mut full = Vec::new();
    for d in 4..=10 {
        full.extend(day(
            d,
            &[("07:00", 130.0, 80.0), ("07:01", 130.0, 80.0), ("19:00", 130.0, 80.0), ("19:01", 130.0, 80.0)],
        ));
    }
    let s = bp_week_status(week_start(), &full, at("2024-03-10T19:05:00+00:00").to_utc());
    assert!(s.complete);
    let avg = s.average.unwrap();
    assert!(avg.enough);
    assert_eq!((avg.days_used, avg.readings_used), (6, 24));
    assert!(s.next_step.contains("share the average"), "{}", s.next_step);

    // Only three days recorded, and the week is over: not enough, start again.
    let few: Vec<Bp> = full.iter().copied().filter(|(t, _, _)| t.format("%d").to_string().as_str() < "07").collect();
    let s = bp_week_status(week_start(), &few, at("2024-03-11T09:00:00+00:00").to_utc());
    assert!(s.complete);
    assert!(!s.average.unwrap().enough);
    assert!(s.next_step.contains("start a new week"), "{}", s.next_step);
}
