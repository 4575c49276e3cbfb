//! The home blood pressure average as NICE guideline NG136 describes it, and the guided
//! "blood pressure week" that collects the readings for it.
//!
//! NG136 section 1.2 (diagnosing hypertension), on home blood pressure monitoring (HBPM):
//! "for each blood pressure recording, 2 consecutive measurements are taken, at least 1 minute
//! apart and with the person seated, and blood pressure is recorded twice daily, ideally in the
//! morning and evening, and blood pressure recording continues for at least 4 days, ideally for
//! 7 days. Discard the measurements taken on the first day and use the average value of all
//! the remaining measurements."
//!
//! Our reading of it, decided here and tested on both sides:
//! - A *day* is a reading's local calendar date in the offset it was taken in.
//! - "Recording continues for at least 4 days" counts the days recorded, the first included;
//!   the first is then discarded. So **enough = at least 4 days with readings, which leaves at
//!   least 3 days in the average** ([`MIN_DAYS`]). 3 days in all is not enough.
//! - The first day is always discarded (even when it is the only one: then there is no average).
//! - Every remaining measurement counts equally (NICE averages "all the remaining measurements",
//!   not per-day averages); systolic and diastolic are averaged separately.
//! - Above threshold means systolic >= 135 **or** diastolic >= 85 (NG136 section 1.2: an HBPM average of
//!   "135/85 mmHg or higher"); it is only reported when there are enough days.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Timelike, Utc};
use serde::{Deserialize, Serialize};

/// Days of recording NICE asks for at least (the first of them is discarded).
pub const MIN_DAYS: u32 = 4;
/// Days of recording NICE asks for ideally.
pub const IDEAL_DAYS: u32 = 7;
/// NICE NG136 home threshold, systolic mmHg.
pub const THRESHOLD_SYSTOLIC: f64 = 135.0;
/// NICE NG136 home threshold, diastolic mmHg.
pub const THRESHOLD_DIASTOLIC: f64 = 85.0;
/// Readings before this local hour count as morning ones.
pub const MORNING_ENDS_HOUR: u32 = 12;
/// Readings from this local hour count as evening ones (afternoon readings count in the
/// average but fill neither slot: NICE asks for morning and evening).
pub const EVENING_STARTS_HOUR: u32 = 16;
/// Measurements NICE asks for at each recording.
pub const PER_SLOT: u32 = 2;

/// The home blood pressure average and whether there is enough to use it.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HomeBpAverage {
    /// At least [`MIN_DAYS`] days recorded (the first then discarded).
    pub enough: bool,
    /// Days in the average (after discarding the first).
    pub days_used: u32,
    /// Measurements in the average.
    pub readings_used: u32,
    /// The first day's measurements were left out.
    pub first_day_discarded: bool,
    /// Mean systolic of the remaining measurements, unrounded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub systolic: Option<f64>,
    /// Mean diastolic of the remaining measurements, unrounded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diastolic: Option<f64>,
    /// At or above 135/85 mmHg; `None` until there is enough.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub above_threshold: Option<bool>,
    /// "135/85 mmHg".
    pub threshold: String,
    /// Plain English: what was averaged, how it compares, and that a GP interprets it.
    pub explanation: String,
}
crate::redacted_debug!(HomeBpAverage { enough, days_used, readings_used });

/// The NICE NG136 home average of `(time, systolic, diastolic)` measurements in any order.
pub fn nice_home_bp_average(readings: &[(DateTime<FixedOffset>, f64, f64)]) -> HomeBpAverage {
    let first_day = readings.iter().map(|(t, _, _)| t.date_naive()).min();
    let mut days: Vec<NaiveDate> = readings.iter().map(|(t, _, _)| t.date_naive()).collect();
    days.sort_unstable();
    days.dedup();
    let days_total = days.len() as u32;
    let (mut n, mut sum_s, mut sum_d) = (0u32, 0.0, 0.0);
    for (t, s, d) in readings {
        if Some(t.date_naive()) != first_day {
            n += 1;
            sum_s += s;
            sum_d += d;
        }
    }
    let enough = days_total >= MIN_DAYS;
    let systolic = (n > 0).then(|| sum_s / f64::from(n));
    let diastolic = (n > 0).then(|| sum_d / f64::from(n));
    let above_threshold = match (enough, systolic, diastolic) {
        (true, Some(s), Some(d)) => Some(s >= THRESHOLD_SYSTOLIC || d >= THRESHOLD_DIASTOLIC),
        _ => None,
    };
    let days_used = days_total.saturating_sub(1);
    let explanation = explain(enough, days_total, n, systolic, diastolic, above_threshold);
    HomeBpAverage {
        enough,
        days_used,
        readings_used: n,
        first_day_discarded: days_total > 0,
        systolic,
        diastolic,
        above_threshold,
        threshold: "135/85 mmHg".to_string(),
        explanation,
    }
}

fn plural(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn explain(
    enough: bool,
    days_total: u32,
    n: u32,
    systolic: Option<f64>,
    diastolic: Option<f64>,
    above: Option<bool>,
) -> String {
    let rule = "NICE guidance (NG136) asks for 2 readings a minute apart, morning and evening, for at least 4 days \
                (ideally 7), and leaves out the first day's readings.";
    if !enough {
        let have = if days_total == 0 {
            "No blood pressure readings yet.".to_string()
        } else {
            format!("{} of readings so far.", plural(days_total, "day", "days"))
        };
        return format!("{have} {rule} Keep going: the average needs at least 4 days.");
    }
    let (Some(s), Some(d)) = (systolic, diastolic) else { return rule.to_string() };
    let compare = if above == Some(true) {
        "This is at or above 135/85 mmHg, the level NICE uses to confirm high blood pressure from home readings."
    } else {
        "This is below 135/85 mmHg, the level NICE uses to confirm high blood pressure from home readings."
    };
    format!(
        "Average of {} over {} after leaving out the first day: {:.0}/{:.0} mmHg. {compare} \
         Your GP or nurse interprets it with everything else they know: share it with them.",
        plural(n, "reading", "readings"),
        plural(days_total - 1, "day", "days"),
        s,
        d
    )
}

/// One day of a blood pressure week: measurements in the morning and evening slots.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BpWeekDay {
    /// The local date.
    pub date: NaiveDate,
    /// Measurements before 12:00.
    pub morning: u32,
    /// Measurements from 16:00.
    pub evening: u32,
}

/// Where a blood pressure week stands and what to do next.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BpWeekStatus {
    /// The 7 days from the start date.
    pub days: Vec<BpWeekDay>,
    /// What to measure next, in plain English.
    pub next_step: String,
    /// The week is over (its 7 days have passed, or every slot is filled).
    pub complete: bool,
    /// The NICE average of the week's readings so far; `None` before the first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub average: Option<HomeBpAverage>,
}

/// The state of a blood pressure week started at `start`: the 7 local dates from `start`'s
/// date (in `start`'s offset), each reading counted on its own local date; readings outside
/// those dates are ignored. `now` decides "this morning"/"this evening" in `start`'s offset.
pub fn bp_week_status(
    start: DateTime<FixedOffset>,
    readings: &[(DateTime<FixedOffset>, f64, f64)],
    now: DateTime<Utc>,
) -> BpWeekStatus {
    let first = start.date_naive();
    let mut days: Vec<BpWeekDay> = (0..i64::from(IDEAL_DAYS))
        .map(|i| BpWeekDay { date: first + Duration::days(i), morning: 0, evening: 0 })
        .collect();
    let mut in_week = Vec::new();
    for r in readings {
        let date = r.0.date_naive();
        let Some(day) = days.iter_mut().find(|d| d.date == date) else { continue };
        in_week.push(*r);
        let hour = r.0.hour();
        if hour < MORNING_ENDS_HOUR {
            day.morning += 1;
        } else if hour >= EVENING_STARTS_HOUR {
            day.evening += 1;
        }
    }
    let average = (!in_week.is_empty()).then(|| nice_home_bp_average(&in_week));
    let local_now = now.with_timezone(start.offset());
    let today = local_now.date_naive();
    let all_filled = days.iter().all(|d| d.morning >= PER_SLOT && d.evening >= PER_SLOT);
    let last = first + Duration::days(i64::from(IDEAL_DAYS) - 1);
    let complete = all_filled || today > last;
    let next_step = if complete {
        if average.as_ref().is_some_and(|a| a.enough) {
            "Your blood pressure week is done: share the average with your GP or nurse.".to_string()
        } else {
            "The week ended with fewer than 4 days of readings: start a new week to get an average.".to_string()
        }
    } else if today < first {
        format!("Your week starts on {}: take 2 readings that morning, a minute apart.", en_gb(first))
    } else {
        next_step(&days, today, local_now.hour(), last)
    };
    BpWeekStatus { days, next_step, complete, average }
}

fn en_gb(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

fn take(n_have: u32, when: &str) -> String {
    if n_have == 0 {
        format!("Take 2 readings {when}, a minute apart, sitting down.")
    } else {
        format!("Take 1 more reading {when}, a minute after the last.")
    }
}

fn next_step(days: &[BpWeekDay], today: NaiveDate, hour: u32, last: NaiveDate) -> String {
    let Some(day) = days.iter().find(|d| d.date == today) else { return String::new() };
    let step = if hour < MORNING_ENDS_HOUR && day.morning < PER_SLOT {
        take(day.morning, "this morning")
    } else if hour < EVENING_STARTS_HOUR && day.evening < PER_SLOT {
        "Next: 2 readings this evening, a minute apart, sitting down.".to_string()
    } else if day.evening < PER_SLOT {
        take(day.evening, "this evening")
    } else if today < last {
        "Done for today. Next: 2 readings tomorrow morning, a minute apart.".to_string()
    } else {
        "That was the last reading of the week.".to_string()
    };
    if days.first().is_some_and(|d| d.date == today) {
        format!("{step} Day 1 is practice: NICE leaves its readings out of the average.")
    } else {
        step
    }
}
