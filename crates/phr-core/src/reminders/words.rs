//! What reminders say: on the home screen and in the list (the record is open, so names and
//! health details may show), and in a desktop notification, which may be seen by anyone near
//! the screen. A notification names no health detail and nobody unless the person allowed it
//! ([`Notification::detailed`]); while the app is locked it says only that a reminder is due.

use chrono::NaiveDate;

use super::{Reminder, ReminderWhat, time_text};
use crate::en_gb;
use crate::readings::ReadingKind;

/// The title of every notification: the app's name, nothing about anyone.
pub const NOTIFICATION_TITLE: &str = "My Health Record";

/// What a notification says while the app is locked: nothing of whose it is or what for.
pub const LOCKED_TEXT: &str = "You have a reminder. Unlock the app to see it.";

/// The time of day's word for the blood pressure week's slot.
fn part_of_day(slot: usize) -> &'static str {
    if slot == 0 { "morning" } else { "evening" }
}

fn reading_words(kind: ReadingKind) -> String {
    match kind {
        ReadingKind::Symptom => "symptom note".to_owned(),
        k => format!("{} reading", k.label().to_lowercase()),
    }
}

/// A notification's text.
#[derive(Debug)]
pub struct Notification;

impl Notification {
    /// The default: what to do in words that name no health detail and nobody ("Time for your
    /// evening reading", "Time to take your medicine").
    pub fn private(what: &ReminderWhat, slot: usize) -> String {
        match what {
            ReminderWhat::BpWeek => format!("Time for your {} reading", part_of_day(slot)),
            ReminderWhat::Reading { .. } => "Time for your reading".to_owned(),
            ReminderWhat::Medicine { .. } => "Time to take your medicine".to_owned(),
            ReminderWhat::Backup { .. } => "Time to make a backup".to_owned(),
            ReminderWhat::Review { .. } => "A review is coming due. Open the app to see it.".to_owned(),
        }
    }

    /// With the person's leave: what, for whom (`cared_for`: the first name of someone the
    /// holder cares for; `None` on their own record) and, for a review, its date.
    pub fn detailed(what: &ReminderWhat, slot: usize, cared_for: Option<&str>, review_on: Option<NaiveDate>) -> String {
        let text = match what {
            ReminderWhat::BpWeek => {
                format!("Time for your {} blood pressure reading (blood pressure week)", part_of_day(slot))
            }
            ReminderWhat::Reading { kind } => format!("Time for your {}", reading_words(*kind)),
            ReminderWhat::Medicine { name } => format!("Time to take {name}"),
            ReminderWhat::Backup { .. } => "Time to make a backup".to_owned(),
            ReminderWhat::Review { .. } => match review_on {
                Some(d) => format!("A review is due on {}", en_gb::date(d)),
                None => "A review is coming due".to_owned(),
            },
        };
        match cared_for {
            Some(name) => format!("For {name}: {}", lower_first(&text)),
            None => text,
        }
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// What is due, as the home screen's panel says it ("Evening blood pressure reading").
pub fn due_title(what: &ReminderWhat, slot: usize, cared_for: Option<&str>) -> String {
    match what {
        ReminderWhat::BpWeek => format!("{} blood pressure reading", capital(part_of_day(slot))),
        ReminderWhat::Reading { kind } => capital(&reading_words(*kind)),
        ReminderWhat::Medicine { name } => format!("Take {name}"),
        ReminderWhat::Backup { .. } => "Make a backup".to_owned(),
        ReminderWhat::Review { .. } => match cared_for {
            Some(name) => format!("Review your right to look after {name}"),
            None => "Review your right to look after this person".to_owned(),
        },
    }
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn times_words(r: &Reminder) -> String {
    let times: Vec<String> = r.times.iter().map(|t| time_text(*t)).collect();
    match times.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// One line saying what a reminder is and when it fires, for the list of reminders.
pub fn describe(r: &Reminder) -> String {
    match &r.what {
        ReminderWhat::BpWeek => format!("Blood pressure week readings: {} while a week is under way", times_words(r)),
        ReminderWhat::Reading { kind } => format!("{} every day at {}", capital(&reading_words(*kind)), times_words(r)),
        ReminderWhat::Medicine { name } => format!("Take {name} every day at {}", times_words(r)),
        ReminderWhat::Backup { weeks: 1 } => "Make a backup when none has been made for 1 week".to_owned(),
        ReminderWhat::Backup { weeks } => format!("Make a backup when none has been made for {weeks} weeks"),
        ReminderWhat::Review { days_before: 0 } => "The carer's review, on the day it is due".to_owned(),
        ReminderWhat::Review { days_before: 1 } => "The carer's review, 1 day before it is due".to_owned(),
        ReminderWhat::Review { days_before } => format!("The carer's review, {days_before} days before it is due"),
    }
}

/// Why a reminder has no next time, for the list ("Starts when you start a blood pressure week").
pub fn no_next_words(what: &ReminderWhat) -> &'static str {
    match what {
        ReminderWhat::BpWeek => "Starts when you start a blood pressure week",
        ReminderWhat::Backup { .. } => "Due now: make a backup",
        ReminderWhat::Review { .. } => "No review date is set, or the review is due now",
        ReminderWhat::Reading { .. } | ReminderWhat::Medicine { .. } => "Not scheduled",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notification_names_no_health_detail_unless_allowed() {
        let med = ReminderWhat::Medicine { name: "Sertraline 50 mg".into() };
        assert_eq!(Notification::private(&med, 0), "Time to take your medicine");
        assert_eq!(Notification::detailed(&med, 0, None, None), "Time to take Sertraline 50 mg");
        assert_eq!(
            Notification::detailed(&med, 0, Some("Margaret"), None),
            "For Margaret: time to take Sertraline 50 mg"
        );
        assert_eq!(Notification::private(&ReminderWhat::BpWeek, 1), "Time for your evening reading");
        let glucose = ReminderWhat::Reading { kind: ReadingKind::BloodGlucose };
        assert_eq!(Notification::private(&glucose, 0), "Time for your reading");
        assert_eq!(Notification::detailed(&glucose, 0, None, None), "Time for your blood glucose reading");
        assert_eq!(due_title(&ReminderWhat::BpWeek, 0, None), "Morning blood pressure reading");
    }
}
