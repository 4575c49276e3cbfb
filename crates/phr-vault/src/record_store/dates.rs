//! Sortable text for FHIR dates: the timeline orders by it, newest first.

use chrono::{DateTime, NaiveDate, Utc};

/// A FHIR date or dateTime as text that sorts in time order: instants become UTC
/// `YYYY-MM-DDTHH:MM:SS`; partial dates (`2019`, `2019-03`, `2019-03-01`) stay as they are, so
/// they sort at the start of their period. No date sorts last (empty text), and so does a
/// date given only in words (an `occurrenceString` such as "Date not known", which a
/// vaccination the person added without a date carries): as text it sorted after every year,
/// so first in the newest-first lists.
pub(crate) fn sort_key(date: Option<&str>) -> String {
    let Some(d) = date.map(str::trim).filter(|d| !d.is_empty()) else { return String::new() };
    if !d.get(..4).is_some_and(|y| y.bytes().all(|b| b.is_ascii_digit())) {
        return String::new();
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(d) {
        return t.with_timezone(&Utc).format("%Y-%m-%dT%H:%M:%S").to_string();
    }
    // A dateTime without seconds or offset ("2019-03-01T10:00") still sorts by its text.
    d.chars().take(19).collect()
}

/// The sort key just after every moment of `day` (for an inclusive upper bound).
pub(crate) fn after_day(day: NaiveDate) -> String {
    day.succ_opt().map_or_else(|| "9999-12-31T99".to_string(), |d| d.format("%Y-%m-%d").to_string())
}

pub(crate) fn day(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_sort_in_time_order() {
        assert_eq!(sort_key(Some("2019-03-01T23:30:00-02:00")), "2019-03-02T01:30:00");
        assert_eq!(sort_key(Some("2019")), "2019");
        assert_eq!(sort_key(None), "");
        assert_eq!(sort_key(Some("Date not known")), "");
        assert_eq!(sort_key(Some("childhood")), "");
        let mut keys = ["2019-03-01T10:00:00Z", "2019", "2018-12-31", "2019-03-01"].map(|d| sort_key(Some(d)));
        keys.sort();
        assert_eq!(keys, ["2018-12-31", "2019", "2019-03-01", "2019-03-01T10:00:00"]);
        let d = NaiveDate::from_ymd_opt(2019, 3, 1).unwrap();
        assert!(sort_key(Some("2019-03-01T23:59:59Z")) < after_day(d));
        assert!(sort_key(Some("2019-03-01")) >= day(d));
    }
}
