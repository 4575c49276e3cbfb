//! Test zones: the UK's rules (GMT, and BST from 01:00 UTC on the last Sunday of March to
//! 01:00 UTC on the last Sunday of October), written out here so the tests hold the rules they
//! check, and a fake clock that steps through time asking what is due, as the desktop does.

use std::collections::BTreeSet;

use chrono::offset::{LocalResult, MappedLocalTime};
use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc, Weekday};
use phr_core::reminders::Reminder;
use phr_core::reminders::schedule::{self, Facts, State};

/// Europe/London.
#[derive(Debug, Clone, Copy)]
pub struct London;

fn last_sunday(year: i32, month: u32) -> NaiveDate {
    let mut d = NaiveDate::from_ymd_opt(year, month + 1, 1).unwrap().pred_opt().unwrap();
    while d.weekday() != Weekday::Sun {
        d = d.pred_opt().unwrap();
    }
    d
}

fn one_am_utc(d: NaiveDate) -> NaiveDateTime {
    d.and_hms_opt(1, 0, 0).unwrap()
}

pub fn gmt() -> FixedOffset {
    FixedOffset::east_opt(0).unwrap()
}

pub fn bst() -> FixedOffset {
    FixedOffset::east_opt(3600).unwrap()
}

impl TimeZone for London {
    type Offset = FixedOffset;

    fn from_offset(_: &FixedOffset) -> Self {
        London
    }

    fn offset_from_local_date(&self, local: &NaiveDate) -> MappedLocalTime<FixedOffset> {
        self.offset_from_local_datetime(&local.and_hms_opt(12, 0, 0).unwrap())
    }

    fn offset_from_local_datetime(&self, local: &NaiveDateTime) -> MappedLocalTime<FixedOffset> {
        let fits = |o: FixedOffset| {
            let utc = *local - Duration::seconds(i64::from(o.local_minus_utc()));
            self.offset_from_utc_datetime(&utc) == o
        };
        match (fits(bst()), fits(gmt())) {
            (true, true) => LocalResult::Ambiguous(bst(), gmt()),
            (true, false) => LocalResult::Single(bst()),
            (false, true) => LocalResult::Single(gmt()),
            (false, false) => LocalResult::None,
        }
    }

    fn offset_from_utc_date(&self, utc: &NaiveDate) -> FixedOffset {
        self.offset_from_utc_datetime(&utc.and_hms_opt(0, 0, 0).unwrap())
    }

    fn offset_from_utc_datetime(&self, utc: &NaiveDateTime) -> FixedOffset {
        let y = utc.year();
        let (start, end) = (one_am_utc(last_sunday(y, 3)), one_am_utc(last_sunday(y, 10)));
        if start <= *utc && *utc < end { bst() } else { gmt() }
    }
}

pub fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

pub fn time(s: &str) -> NaiveTime {
    NaiveTime::parse_from_str(s, "%H:%M").unwrap()
}

pub fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A firing as a notifier sees it: which reminder, which of its times, when it fired, and the
/// fake clock's reading when it was first seen due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Seen {
    pub reminder_id: i64,
    pub slot: usize,
    pub at: DateTime<Utc>,
    pub seen_at: DateTime<Utc>,
}

/// Steps a fake clock from `from` to `to` every `step`, asking the schedule what is due each
/// time as the desktop's background task does, and keeps each firing the first time it is
/// seen due: what would be notified, once each.
pub fn notify_between(
    reminders: &[Reminder],
    facts: &Facts<'_>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    step: Duration,
) -> Vec<Seen> {
    let mut shown = BTreeSet::new();
    let mut out = Vec::new();
    let mut now = from;
    while now <= to {
        for s in schedule::statuses(reminders, facts, &London, now) {
            for o in s.occurrences.iter().filter(|o| o.state == State::Due) {
                if shown.insert((o.reminder_id, o.slot, o.at)) {
                    out.push(Seen { reminder_id: o.reminder_id, slot: o.slot, at: o.at, seen_at: now });
                }
            }
        }
        now += step;
    }
    out
}
