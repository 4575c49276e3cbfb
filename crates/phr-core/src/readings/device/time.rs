//! Reading the many ways device exports write a time: RFC 3339 with an offset, or a local date
//! and time in ISO, UK (day first), US (month first) or named-month layouts, with the file's
//! offset applied. Slashed dates are read day first unless the file shows otherwise.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};

const DATES_ISO: &[&str] = &["%Y-%m-%d", "%Y/%m/%d"];
const DATES_DAY_FIRST: &[&str] = &["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y"];
const DATES_MONTH_FIRST: &[&str] = &["%m/%d/%Y", "%m-%d-%Y", "%m/%d/%y"];
const DATES_NAMED: &[&str] = &["%b %d, %Y", "%b %d %Y", "%d %b %Y", "%d %B %Y", "%B %d, %Y", "%B %d %Y", "%d-%b-%Y"];
const TIMES: &[&str] = &["%H:%M:%S%.f", "%H:%M", "%I:%M:%S %p", "%I:%M %p", "%I:%M%p"];

/// Parses times in one file, trying the layout that worked last time first (a file uses one).
#[derive(Debug)]
pub(crate) struct TimeParser {
    offset: FixedOffset,
    dates: Vec<&'static str>,
    last: Option<(usize, usize, char)>,
}

impl TimeParser {
    /// A parser for local times at `offset`; `day_first` decides "03/04/2024".
    pub fn new(offset: FixedOffset, day_first: bool) -> TimeParser {
        let numeric = if day_first { DATES_DAY_FIRST } else { DATES_MONTH_FIRST };
        let dates = DATES_ISO.iter().chain(numeric).chain(DATES_NAMED).copied().collect();
        TimeParser { offset, dates, last: None }
    }

    /// A parser whose day order is decided by the dates it will read (see [`day_first`]).
    pub fn for_dates<'a>(offset: FixedOffset, dates: impl Iterator<Item = &'a str>) -> TimeParser {
        TimeParser::new(offset, day_first(dates))
    }

    /// The time in `text` (a date and time, or a date alone at midnight), with its own offset
    /// when it has one, else the parser's.
    pub fn parse(&mut self, text: &str) -> Option<DateTime<FixedOffset>> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        if let Ok(t) = DateTime::parse_from_rfc3339(text) {
            return Some(t);
        }
        self.local(text).and_then(|n| self.offset.from_local_datetime(&n).single())
    }

    /// A date and a time from two cells.
    pub fn parse_parts(&mut self, date: &str, time: &str) -> Option<DateTime<FixedOffset>> {
        self.parse(&format!("{} {}", date.trim(), time.trim()))
    }

    fn local(&mut self, text: &str) -> Option<NaiveDateTime> {
        if let Some((d, t, sep)) = self.last
            && let Some(date) = self.dates.get(d)
            && let Some(n) = try_layout(text, date, t, sep)
        {
            return Some(n);
        }
        for (d, date) in self.dates.iter().enumerate() {
            for sep in [' ', 'T'] {
                for t in 0..=TIMES.len() {
                    if let Some(n) = try_layout(text, date, t, sep) {
                        self.last = Some((d, t, sep));
                        return Some(n);
                    }
                }
            }
        }
        None
    }
}

/// `t == TIMES.len()` means a date alone.
fn try_layout(text: &str, date: &str, t: usize, sep: char) -> Option<NaiveDateTime> {
    match TIMES.get(t) {
        Some(time) => NaiveDateTime::parse_from_str(text, &format!("{date}{sep}{time}")).ok(),
        None => NaiveDate::parse_from_str(text, date).ok().map(|d| d.and_time(NaiveTime::MIN)),
    }
}

/// Whether numeric dates like "03/04/2024" put the day first: a first number above 12 says
/// yes, a second above 12 says no; with neither, day first (the UK way, and this app's users').
pub(crate) fn day_first<'a>(dates: impl Iterator<Item = &'a str>) -> bool {
    for d in dates {
        let parts: Vec<&str> = d.split(['/', '-', '.', ' ', 'T']).collect();
        let (Some(a), Some(b)) = (parts.first(), parts.get(1)) else { continue };
        if a.len() == 4 {
            continue; // ISO: year first, unambiguous.
        }
        let (Ok(a), Ok(b)) = (a.parse::<u32>(), b.parse::<u32>()) else { continue };
        if a > 12 {
            return true;
        }
        if b > 12 {
            return false;
        }
    }
    true
}

/// An offset from minutes east of UTC, if valid.
pub(crate) fn offset_minutes(minutes: i32) -> Option<FixedOffset> {
    FixedOffset::east_opt(minutes.checked_mul(60)?)
}
