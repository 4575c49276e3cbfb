//! Time windows in the person's own calendar: local days, ranges a person types, the home blood
//! pressure week. The UTC offset is always passed in (the core reads no clock and no time
//! zone); the facade reads it once per call and hands it down.

use chrono::{DateTime, Days, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};

/// The home blood pressure week's readings are looked for over 8 local days from its first
/// day's midnight: the 7 days of the week and the morning after, when a late reading of day 7
/// may be taken.
const BP_WEEK_DAYS: u64 = 8;

/// The local date at `now` in `offset`: "today" for the person, which near midnight is not the
/// UTC date.
pub fn local_date(now: DateTime<Utc>, offset: FixedOffset) -> NaiveDate {
    now.with_timezone(&offset).date_naive()
}

/// An instant as typed: RFC 3339, or a local date and time without an offset
/// (`2026-11-23T08:30`, `2026-11-23 08:30:15`), read in `offset`.
pub fn parse_instant(s: &str, offset: FixedOffset) -> Option<DateTime<FixedOffset>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t);
    }
    ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
        .and_then(|n| offset.from_local_datetime(&n).single())
}

/// The first moment of local day `d`, in Unix ms.
pub fn day_start_ms(d: NaiveDate, offset: FixedOffset) -> Option<i64> {
    d.and_hms_opt(0, 0, 0).and_then(|n| offset.from_local_datetime(&n).single()).map(|t| t.timestamp_millis())
}

/// The start of a range a person typed, in Unix ms: a date (`2026-11-23`) means from that
/// local day's first moment; an instant, as given. `None` when it is neither.
pub fn range_start_ms(s: &str, offset: FixedOffset) -> Option<i64> {
    let s = s.trim();
    match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        Ok(d) => day_start_ms(d, offset),
        Err(_) => parse_instant(s, offset).map(|t| t.timestamp_millis()),
    }
}

/// The end of a range a person typed, in Unix ms, exclusive: a date means to the end of that
/// local day (the next day's first moment); an instant includes that millisecond.
pub fn range_end_ms(s: &str, offset: FixedOffset) -> Option<i64> {
    let s = s.trim();
    match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        Ok(d) => d.succ_opt().and_then(|next| day_start_ms(next, offset)),
        Err(_) => parse_instant(s, offset).and_then(|t| t.timestamp_millis().checked_add(1)),
    }
}

/// The window a home blood pressure week started at `start` looks for readings in, in Unix
/// ms `[from, to)`: from the first day's local midnight (in the offset the week started in)
/// for [`BP_WEEK_DAYS`] days.
pub fn bp_week_window_ms(start: DateTime<FixedOffset>) -> (i64, i64) {
    let offset = *start.offset();
    let first = start.date_naive();
    let from = day_start_ms(first, offset).unwrap_or(start.timestamp_millis());
    let to = first
        .checked_add_days(Days::new(BP_WEEK_DAYS))
        .and_then(|d| day_start_ms(d, offset))
        .unwrap_or(from.saturating_add(8 * 86_400_000));
    (from, to)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn east(hours: i32) -> FixedOffset {
        FixedOffset::east_opt(hours * 3600).unwrap()
    }

    fn ms(s: &str) -> i64 {
        DateTime::parse_from_rfc3339(s).unwrap().timestamp_millis()
    }

    /// The same table at the far east (+13:00), UTC and the far west (-10:00): a local day is
    /// the person's, whatever the machine's zone.
    #[test]
    fn local_days_and_typed_ranges_follow_the_offset_given() {
        for (h, start, end) in [
            (13, "2026-11-22T11:00:00Z", "2026-11-23T11:00:00Z"),
            (0, "2026-11-23T00:00:00Z", "2026-11-24T00:00:00Z"),
            (-10, "2026-11-23T10:00:00Z", "2026-11-24T10:00:00Z"),
        ] {
            let o = east(h);
            assert_eq!(range_start_ms("2026-11-23", o), Some(ms(start)), "{h}");
            assert_eq!(range_end_ms(" 2026-11-23 ", o), Some(ms(end)), "{h}");
            assert_eq!(range_start_ms("2026-11-23T08:30", o), Some(ms(start) + 8 * 3_600_000 + 30 * 60_000));
            assert_eq!(range_end_ms("2026-11-23T08:30:00Z", o), Some(ms("2026-11-23T08:30:00Z") + 1));
            assert_eq!(range_start_ms("23/11/2026", o), None);
        }
        let late = DateTime::parse_from_rfc3339("2026-11-23T20:00:00Z").unwrap().with_timezone(&Utc);
        assert_eq!(local_date(late, east(13)), NaiveDate::from_ymd_opt(2026, 11, 24).unwrap());
        assert_eq!(local_date(late, east(-10)), NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
    }

    #[test]
    fn the_bp_week_window_is_eight_local_days_from_its_first_midnight() {
        let start = DateTime::parse_from_rfc3339("2026-11-23T19:45:00+13:00").unwrap();
        let (from, to) = bp_week_window_ms(start);
        assert_eq!(from, ms("2026-11-23T00:00:00+13:00"));
        assert_eq!(to, ms("2026-12-01T00:00:00+13:00"));
        let west = DateTime::parse_from_rfc3339("2026-11-23T06:10:00-10:00").unwrap();
        assert_eq!(bp_week_window_ms(west), (ms("2026-11-23T00:00:00-10:00"), ms("2026-12-01T00:00:00-10:00")));
    }
}
