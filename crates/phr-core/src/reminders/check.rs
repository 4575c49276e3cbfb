//! The checks on a reminder as typed: each problem names the field it belongs beside, and
//! every problem is found at once so a form can show them all.

use chrono::{NaiveTime, Timelike};

use super::{BACKUP_WEEKS, MAX_MEDICINE_NAME, MAX_MEDICINE_TIMES, REVIEW_DAYS_BEFORE, ReminderKind, ReminderWhat};
use crate::readings::ReadingKind;
use crate::readings::nice::{EVENING_STARTS_HOUR, MORNING_ENDS_HOUR};

/// A reminder as the person typed it. Empty strings are the same as nothing typed.
#[derive(Clone, Default)]
pub struct ReminderInput<'a> {
    /// The kind's code (`bp-week`, `reading`, `medicine`, `backup`, `review`).
    pub kind: &'a str,
    /// For a daily reading: which kind (`blood-pressure`, `glucose`, ...).
    pub reading_kind: Option<&'a str>,
    /// For a medicine: its name.
    pub name: Option<&'a str>,
    /// Times of day, `HH:MM` (the blood pressure week's morning then evening).
    pub times: Vec<&'a str>,
    /// For a backup: weeks without one.
    pub weeks: Option<u32>,
    /// For a review: how many days before it.
    pub days_before: Option<u32>,
}
crate::redacted_debug!(ReminderInput<'a> { kind, times, weeks, days_before });

/// One problem with a reminder as typed: the field it belongs beside and a sentence.
#[derive(Clone, PartialEq, Eq)]
pub struct ReminderProblem {
    /// `kind`, `readingKind`, `name`, `times`, `weeks` or `daysBefore`.
    pub field: &'static str,
    pub message: String,
}
crate::redacted_debug!(ReminderProblem { field });

impl ReminderProblem {
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self { field, message: message.into() }
    }
}

/// A time of day as people type it: `08:00`, `8:00`, `8.00`, `0800`. `None` when it is not one.
pub fn parse_time(s: &str) -> Option<NaiveTime> {
    let s = s.trim();
    let (h, m) = if let Some((h, m)) = s.split_once([':', '.']) {
        (h, m)
    } else if s.len() == 4 && s.chars().all(|c| c.is_ascii_digit()) {
        (s.get(..2)?, s.get(2..)?)
    } else {
        return None;
    };
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    NaiveTime::from_hms_opt(h.parse().ok()?, m.parse().ok()?, 0)
}

fn times_of(input: &ReminderInput<'_>, problems: &mut Vec<ReminderProblem>) -> Vec<NaiveTime> {
    let mut out = Vec::new();
    for raw in input.times.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        match parse_time(raw) {
            Some(t) => out.push(t),
            None => {
                problems.push(ReminderProblem::new(
                    "times",
                    format!("{raw:?} is not a time of day. Use the 24-hour clock, such as 08:00 or 20:30."),
                ));
                return out;
            }
        }
    }
    out
}

/// Checks a reminder as typed; what it is for and its times of day when it can be saved, else
/// every problem found.
pub fn check(input: &ReminderInput<'_>) -> Result<(ReminderWhat, Vec<NaiveTime>), Vec<ReminderProblem>> {
    let mut problems = Vec::new();
    let Some(kind) = ReminderKind::from_code(input.kind) else {
        return Err(vec![ReminderProblem::new("kind", "Choose what the reminder is for")]);
    };
    let mut times = times_of(input, &mut problems);
    let what = match kind {
        ReminderKind::BpWeek => {
            match times.as_slice() {
                [morning, evening] => {
                    if morning.hour() >= MORNING_ENDS_HOUR {
                        problems.push(ReminderProblem::new(
                            "times",
                            "The morning time must be before midday, so the reading counts as a morning one.",
                        ));
                    }
                    if evening.hour() < EVENING_STARTS_HOUR {
                        problems.push(ReminderProblem::new(
                            "times",
                            "The evening time must be 16:00 or later, so the reading counts as an evening one.",
                        ));
                    }
                }
                _ if problems.is_empty() => problems.push(ReminderProblem::new(
                    "times",
                    "Enter two times: one in the morning and one in the evening, such as 08:00 and 20:00.",
                )),
                _ => {}
            }
            ReminderWhat::BpWeek
        }
        ReminderKind::Reading => {
            one_time(&times, &mut problems);
            match input.reading_kind.map(str::trim).filter(|k| !k.is_empty()) {
                None => {
                    problems.push(ReminderProblem::new("readingKind", "Choose which reading"));
                    ReminderWhat::BpWeek
                }
                Some(k) => match ReadingKind::parse(k) {
                    Some(kind) => ReminderWhat::Reading { kind },
                    None => {
                        problems.push(ReminderProblem::new("readingKind", format!("{k:?} is not a kind of reading")));
                        ReminderWhat::BpWeek
                    }
                },
            }
        }
        ReminderKind::Medicine => {
            if times.is_empty() && problems.is_empty() {
                problems.push(ReminderProblem::new("times", "Enter at least one time to take it, such as 08:00."));
            }
            if times.len() > MAX_MEDICINE_TIMES {
                problems.push(ReminderProblem::new(
                    "times",
                    format!("Enter at most {MAX_MEDICINE_TIMES} times a day. Add another reminder for more."),
                ));
            }
            let name = input.name.map(str::trim).unwrap_or_default();
            if name.is_empty() {
                problems.push(ReminderProblem::new("name", "Enter the medicine's name"));
            } else if name.chars().count() > MAX_MEDICINE_NAME {
                problems.push(ReminderProblem::new(
                    "name",
                    format!("The medicine's name must be {MAX_MEDICINE_NAME} characters or fewer"),
                ));
            }
            ReminderWhat::Medicine { name: name.to_owned() }
        }
        ReminderKind::Backup => {
            no_times(&times, &mut problems);
            let weeks = input.weeks.unwrap_or(0);
            if !BACKUP_WEEKS.contains(&weeks) {
                problems.push(ReminderProblem::new(
                    "weeks",
                    format!(
                        "Enter how many weeks without a backup, from {} to {}",
                        BACKUP_WEEKS.start(),
                        BACKUP_WEEKS.end()
                    ),
                ));
            }
            ReminderWhat::Backup { weeks }
        }
        ReminderKind::Review => {
            no_times(&times, &mut problems);
            let days_before = input.days_before.unwrap_or(0);
            if !REVIEW_DAYS_BEFORE.contains(&days_before) {
                problems.push(ReminderProblem::new(
                    "daysBefore",
                    format!(
                        "Enter how many days before the review, from {} to {}",
                        REVIEW_DAYS_BEFORE.start(),
                        REVIEW_DAYS_BEFORE.end()
                    ),
                ));
            }
            ReminderWhat::Review { days_before }
        }
    };
    if kind != ReminderKind::BpWeek {
        // The same time twice would fire once anyway; keep it once.
        times.sort();
        times.dedup();
    }
    if problems.is_empty() { Ok((what, times)) } else { Err(problems) }
}

fn one_time(times: &[NaiveTime], problems: &mut Vec<ReminderProblem>) {
    if times.len() != 1 && problems.is_empty() {
        problems.push(ReminderProblem::new("times", "Enter one time of day, such as 08:00."));
    }
}

fn no_times(times: &[NaiveTime], problems: &mut Vec<ReminderProblem>) {
    if !times.is_empty() {
        problems.push(ReminderProblem::new("times", "This reminder has no time of day: leave the times empty."));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn times_are_read_as_people_type_them() {
        assert_eq!(parse_time("08:00"), Some(t(8, 0)));
        assert_eq!(parse_time(" 8:05 "), Some(t(8, 5)));
        assert_eq!(parse_time("20.30"), Some(t(20, 30)));
        assert_eq!(parse_time("0730"), Some(t(7, 30)));
        for bad in ["", "24:00", "8", "8:5", "noon", "12:60", "123:00"] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
    }

    #[test]
    fn each_kind_needs_what_it_fires_on_and_says_where() {
        let bp = ReminderInput { kind: "bp-week", times: vec!["08:00", "20:00"], ..Default::default() };
        assert_eq!(check(&bp).unwrap(), (ReminderWhat::BpWeek, vec![t(8, 0), t(20, 0)]));
        let late_morning = ReminderInput { kind: "bp-week", times: vec!["13:00", "15:00"], ..Default::default() };
        let fields: Vec<_> = check(&late_morning).unwrap_err().iter().map(|p| p.field).collect();
        assert_eq!(fields, ["times", "times"]);

        let med = ReminderInput {
            kind: "medicine",
            name: Some(" "),
            times: vec!["20:00", "08:00", "08:00"],
            ..Default::default()
        };
        assert_eq!(check(&med).unwrap_err()[0].field, "name");
        let med = ReminderInput { name: Some("Ramipril 5 mg"), ..med };
        assert_eq!(check(&med).unwrap().1, vec![t(8, 0), t(20, 0)]);

        let reading = ReminderInput {
            kind: "reading",
            reading_kind: Some("glucose"),
            times: vec!["07:30"],
            ..Default::default()
        };
        assert_eq!(check(&reading).unwrap().0, ReminderWhat::Reading { kind: ReadingKind::BloodGlucose });
        let no_kind = ReminderInput { reading_kind: Some("toes"), ..reading };
        assert_eq!(check(&no_kind).unwrap_err()[0].field, "readingKind");

        let backup = ReminderInput { kind: "backup", weeks: Some(0), ..Default::default() };
        assert_eq!(check(&backup).unwrap_err()[0].field, "weeks");
        let backup = ReminderInput { kind: "backup", weeks: Some(4), ..Default::default() };
        assert_eq!(check(&backup).unwrap().0, ReminderWhat::Backup { weeks: 4 });
        let review = ReminderInput { kind: "review", days_before: Some(61), ..Default::default() };
        assert_eq!(check(&review).unwrap_err()[0].field, "daysBefore");
        assert_eq!(check(&ReminderInput::default()).unwrap_err()[0].field, "kind");
        let bad_time =
            ReminderInput { kind: "reading", reading_kind: Some("bp"), times: vec!["25:00"], ..Default::default() };
        assert!(check(&bad_time).unwrap_err()[0].message.contains("\"25:00\" is not a time of day"));
    }
}
