//! Properties over every day of 2026 and every time of day, in London's rules: a reminder fires
//! once a local day, at its local time (or the first moment after, on the spring day), firings
//! move forward, and a stepped fake clock sees each one exactly once.

use chrono::{Days, Duration, NaiveTime, Timelike};
use phr_core::readings::ReadingKind;
use phr_core::reminders::schedule::{Facts, fire_at, next_daily};
use phr_core::reminders::{Reminder, ReminderWhat};
use proptest::prelude::*;

use crate::london::{London, day, notify_between, utc};

proptest! {
    #[test]
    fn every_local_day_fires_once_at_its_local_time(offset in 0u64..365, h in 0u32..24, m in 0u32..60) {
        let d = day("2026-01-01").checked_add_days(Days::new(offset)).unwrap();
        let t = NaiveTime::from_hms_opt(h, m, 0).unwrap();
        let at = fire_at(d, t, &London).unwrap();
        let local = at.with_timezone(&London);
        prop_assert_eq!(local.date_naive(), d);
        if d == day("2026-03-29") && h == 1 {
            // Skipped by the clocks: the first moment after, 02:00 BST.
            prop_assert_eq!(local.time(), NaiveTime::from_hms_opt(2, 0, 0).unwrap());
        } else {
            prop_assert_eq!(local.time(), t);
        }
        let next = fire_at(d.succ_opt().unwrap(), t, &London).unwrap();
        let gap = next - at;
        prop_assert!(gap >= Duration::hours(22) && gap <= Duration::hours(26), "{gap}");
        // Asked one minute before, the next firing is this one.
        prop_assert_eq!(next_daily(t, &London, at - Duration::minutes(1), None), Some(at));
        prop_assert_eq!(next_daily(t, &London, at, None), Some(next));
    }

    #[test]
    fn a_stepped_clock_sees_each_firing_once(offset in 80u64..92, h in 0u32..24, m in 0u32..60, step in 1i64..20) {
        // Days around the spring change (late March) and the clock stepping 1 to 19 minutes.
        let first = day("2026-01-01").checked_add_days(Days::new(offset)).unwrap();
        let t = NaiveTime::from_hms_opt(h, m, 0).unwrap();
        let r = [Reminder {
            id: 1,
            what: ReminderWhat::Reading { kind: ReadingKind::Weight },
            times: vec![t],
            created_at: utc("2026-01-01T00:00:00Z"),
        }];
        let from = fire_at(first, NaiveTime::from_hms_opt(0, 0, 0).unwrap(), &London).unwrap();
        let end = from + Duration::days(3);
        // The clock runs one step past the end, as a notifier that goes on running would: a
        // firing just before the end is seen at the step after it, which may fall past the end.
        let mut seen =
            notify_between(&r, &Facts::default(), from, end + Duration::minutes(step), Duration::minutes(step));
        // One that fired before the clock started is seen at once, as a notifier started then
        // would; those are left out, as are firings after the end.
        seen.retain(|s| s.at >= from && s.at < end);
        prop_assert!(seen.len() == 3 || seen.len() == 4, "{seen:?}");
        for w in seen.windows(2) {
            prop_assert!(w[0].at < w[1].at);
        }
        for s in &seen {
            prop_assert!(s.seen_at >= s.at && s.seen_at - s.at < Duration::minutes(step));
            let local = s.at.with_timezone(&London).time();
            prop_assert!(local == t || (local.hour() == 2 && local.minute() == 0));
        }
    }
}

#[test]
fn the_year_has_one_firing_a_day_for_a_time_that_happens_twice() {
    let t = NaiveTime::from_hms_opt(1, 30, 0).unwrap();
    let r = [Reminder {
        id: 1,
        what: ReminderWhat::Reading { kind: ReadingKind::Weight },
        times: vec![t],
        created_at: utc("2025-12-31T00:00:00Z"),
    }];
    let seen = notify_between(
        &r,
        &Facts::default(),
        utc("2026-01-01T00:00:00Z"),
        utc("2026-12-31T23:59:00Z"),
        Duration::minutes(15),
    );
    assert_eq!(seen.len(), 365);
}
