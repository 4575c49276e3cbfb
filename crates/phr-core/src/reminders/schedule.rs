//! When each reminder fires, and what is due now, missed or done: a pure function of the
//! reminders, what the record says (readings taken, medicines ticked, the last backup, the
//! review date, the blood pressure week's days), the time zone's rules and "now", all passed in.
//!
//! A time of day follows the local clock through daylight saving: 08:00 fires at 08:00 local
//! on both sides of a change. A time the clocks skip (01:30 on the spring-forward day in
//! London) fires at the first moment that exists after it (02:00 BST); a time that happens
//! twice (01:30 on the autumn day) fires once, the first time.

use chrono::offset::LocalResult;
use chrono::{DateTime, Days, Duration, NaiveDate, NaiveTime, TimeZone, Utc};

use super::{Reminder, ReminderWhat};
use crate::readings::ReadingKind;

/// A reading taken up to this long before the reminder's time counts as doing it.
pub const COUNTS_FROM_BEFORE: Duration = Duration::hours(1);
/// How long a reminder is "due now" after it fires; not done by then, it is "missed".
pub const DUE_FOR: Duration = Duration::hours(2);
/// How long after it fired a missed reminder is still shown (then the next one takes its place).
pub const MISSED_SHOWN_FOR: Duration = Duration::hours(12);
/// The local hour a review reminder fires at on its day.
pub const REVIEW_HOUR: u32 = 9;
/// The longest the clocks can skip: a local time is looked for this far after one that does
/// not exist (real changes skip an hour; some zones have skipped a whole day).
const LONGEST_GAP_MINUTES: u32 = 24 * 60;

/// What the record says that reminders depend on.
#[derive(Clone, Default)]
pub struct Facts<'a> {
    /// Readings taken (their kind and when), around the times that matter.
    pub readings: &'a [(ReadingKind, DateTime<Utc>)],
    /// Medicine reminders ticked "taken": the reminder and the time it fired.
    pub taken: &'a [(i64, DateTime<Utc>)],
    /// When the last backup was made, if ever.
    pub last_backup: Option<DateTime<Utc>>,
    /// The date the carer's review of their right to look after the person is due.
    pub review_on: Option<NaiveDate>,
    /// The local first and last days of a blood pressure week under way.
    pub bp_week: Option<(NaiveDate, NaiveDate)>,
}
crate::redacted_debug!(Facts<'a> { last_backup, review_on, bp_week });

/// Where a reminder that has fired stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum State {
    /// Fired, not yet done, within [`DUE_FOR`].
    Due,
    /// Fired and not done within [`DUE_FOR`].
    Missed,
    /// Done (a reading of that kind in the window, a medicine ticked taken).
    Done,
}

/// One firing of a reminder: which reminder, which of its times (0 for the first, the blood
/// pressure week's morning; 1 its evening), when, and where it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Occurrence {
    pub reminder_id: i64,
    pub slot: usize,
    pub at: DateTime<Utc>,
    pub state: State,
}

/// A reminder's latest firings (due, missed or done: at most one for each of its times) and
/// the next time it fires (`None` when it will not fire by itself: a backup or review already
/// due, a blood pressure week not under way, no review date).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderStatus {
    pub reminder_id: i64,
    pub occurrences: Vec<Occurrence>,
    pub next: Option<DateTime<Utc>>,
}

/// The moment local time `time` on `date` happens in `tz`: the first of two when the clocks go
/// back, the first moment that exists after it when they go forward over it.
pub fn fire_at<Tz: TimeZone>(date: NaiveDate, time: NaiveTime, tz: &Tz) -> Option<DateTime<Utc>> {
    let mut local = date.and_time(time);
    for _ in 0..=LONGEST_GAP_MINUTES {
        match tz.from_local_datetime(&local) {
            LocalResult::Single(t) => return Some(t.with_timezone(&Utc)),
            LocalResult::Ambiguous(a, b) => return Some(a.with_timezone(&Utc).min(b.with_timezone(&Utc))),
            LocalResult::None => local = local.checked_add_signed(Duration::minutes(1))?,
        }
    }
    None
}

fn local_date<Tz: TimeZone>(at: DateTime<Utc>, tz: &Tz) -> NaiveDate {
    at.with_timezone(tz).date_naive()
}

fn within(days: Option<(NaiveDate, NaiveDate)>, d: NaiveDate) -> bool {
    days.is_none_or(|(first, last)| first <= d && d <= last)
}

/// The latest firing of a daily `time` at or before `now` (on the allowed days only).
pub fn latest_daily<Tz: TimeZone>(
    time: NaiveTime,
    tz: &Tz,
    now: DateTime<Utc>,
    days: Option<(NaiveDate, NaiveDate)>,
) -> Option<DateTime<Utc>> {
    let today = local_date(now, tz);
    // Firings are about a day apart, so today's or yesterday's is the latest.
    (0..=1u64)
        .filter_map(|back| today.checked_sub_days(Days::new(back)))
        .filter(|d| within(days, *d))
        .filter_map(|d| fire_at(d, time, tz))
        .find(|at| *at <= now)
}

/// The next firing of a daily `time` after `now` (on the allowed days only).
pub fn next_daily<Tz: TimeZone>(
    time: NaiveTime,
    tz: &Tz,
    now: DateTime<Utc>,
    days: Option<(NaiveDate, NaiveDate)>,
) -> Option<DateTime<Utc>> {
    let today = local_date(now, tz);
    let start = days.map_or(today, |(first, _)| first.max(today));
    (0..=1u64)
        .filter_map(|ahead| start.checked_add_days(Days::new(ahead)))
        .filter(|d| within(days, *d))
        .filter_map(|d| fire_at(d, time, tz))
        .find(|at| *at > now)
}

/// Where a firing at `at` stands at `now`, given whether it was done; `None` once it is too old
/// to show.
fn state_of(at: DateTime<Utc>, done: bool, now: DateTime<Utc>) -> Option<State> {
    if now >= at + MISSED_SHOWN_FOR {
        None
    } else if done {
        Some(State::Done)
    } else if now < at + DUE_FOR {
        Some(State::Due)
    } else {
        Some(State::Missed)
    }
}

fn reading_done(facts: &Facts<'_>, kind: ReadingKind, at: DateTime<Utc>) -> bool {
    let (from, to) = (at - COUNTS_FROM_BEFORE, at + DUE_FOR);
    facts.readings.iter().any(|(k, t)| *k == kind && from <= *t && *t < to)
}

/// Where one reminder stands at `now`.
pub fn status<Tz: TimeZone>(r: &Reminder, facts: &Facts<'_>, tz: &Tz, now: DateTime<Utc>) -> ReminderStatus {
    let mut occurrences = Vec::new();
    let mut next = None;
    let mut push = |slot: usize, at: DateTime<Utc>, done: bool| {
        if at < r.created_at {
            return;
        }
        if let Some(state) = state_of(at, done, now) {
            occurrences.push(Occurrence { reminder_id: r.id, slot, at, state });
        }
    };
    match &r.what {
        ReminderWhat::BpWeek | ReminderWhat::Reading { .. } | ReminderWhat::Medicine { .. } => {
            // A blood pressure week reminder fires only on the days of a week under way.
            let days = if r.what == ReminderWhat::BpWeek { facts.bp_week.map(Some) } else { Some(None) };
            if let Some(days) = days {
                for (slot, time) in r.times.iter().enumerate() {
                    if let Some(at) = latest_daily(*time, tz, now, days) {
                        let done = match r.what.reading_kind() {
                            Some(kind) => reading_done(facts, kind, at),
                            None => facts.taken.iter().any(|(id, t)| *id == r.id && *t == at),
                        };
                        push(slot, at, done);
                    }
                    let n = next_daily(*time, tz, now, days);
                    next = match (next, n) {
                        (Some(a), Some(b)) => Some(std::cmp::min(a, b)),
                        (a, b) => a.or(b),
                    };
                }
            }
        }
        ReminderWhat::Backup { weeks } => {
            let base = facts.last_backup.unwrap_or(r.created_at);
            let at = base + Duration::weeks(i64::from(*weeks));
            if at <= now {
                // It stays due until a backup is made: never "missed", never gone.
                occurrences.push(Occurrence { reminder_id: r.id, slot: 0, at, state: State::Due });
            } else {
                next = Some(at);
            }
        }
        ReminderWhat::Review { days_before } => {
            let day = facts.review_on.and_then(|d| d.checked_sub_days(Days::new(u64::from(*days_before))));
            let at = day.and_then(|d| fire_at(d, NaiveTime::from_hms_opt(REVIEW_HOUR, 0, 0)?, tz));
            match at {
                // Due until the review is done, which moves the review date on.
                Some(at) if at <= now => {
                    occurrences.push(Occurrence { reminder_id: r.id, slot: 0, at, state: State::Due })
                }
                Some(at) => next = Some(at),
                None => {}
            }
        }
    }
    ReminderStatus { reminder_id: r.id, occurrences, next }
}

/// Where every reminder stands at `now`, in the order given.
pub fn statuses<Tz: TimeZone>(
    reminders: &[Reminder],
    facts: &Facts<'_>,
    tz: &Tz,
    now: DateTime<Utc>,
) -> Vec<ReminderStatus> {
    reminders.iter().map(|r| status(r, facts, tz, now)).collect()
}

/// The earliest moment any of `statuses` fires next: when a notifier need look again.
pub fn next_wake(statuses: &[ReminderStatus]) -> Option<DateTime<Utc>> {
    statuses.iter().filter_map(|s| s.next).min()
}

/// How far back the readings that can mark a reminder done are needed, from `now`.
pub fn readings_needed_from(now: DateTime<Utc>) -> DateTime<Utc> {
    now - MISSED_SHOWN_FOR - COUNTS_FROM_BEFORE - Duration::hours(1)
}
