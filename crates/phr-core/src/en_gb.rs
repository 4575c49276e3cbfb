//! The one en-GB form of a date and of a moment that people read: "4 Dec 2026" and
//! "4 Dec 2026, 15:39". The UI's `formatDate` and `formatDateTime` (ui/src/format.ts) write the
//! same; `ui/src/test/date-times.json`, written from here by a test, holds samples both check.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

/// "4 Dec 2026": the day, the short month, the year (as on NHS letters).
pub fn date(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

/// "4 Dec 2026, 15:39": the moment `at` in the person's time (`offset`, which the caller reads
/// from the computer once: the core reads no time zone), on the 24-hour clock.
pub fn date_time(at: DateTime<Utc>, offset: FixedOffset) -> String {
    at.with_timezone(&offset).format("%-d %b %Y, %H:%M").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_date_and_a_moment_read_as_on_nhs_letters() {
        assert_eq!(date(NaiveDate::from_ymd_opt(2026, 9, 4).unwrap()), "4 Sep 2026");
        let at = Utc.with_ymd_and_hms(2026, 12, 4, 15, 39, 0).unwrap();
        assert_eq!(date_time(at, FixedOffset::east_opt(0).unwrap()), "4 Dec 2026, 15:39");
        let summer = Utc.with_ymd_and_hms(2026, 6, 30, 23, 5, 0).unwrap();
        assert_eq!(date_time(summer, FixedOffset::east_opt(3600).unwrap()), "1 Jul 2026, 00:05");
    }
}
