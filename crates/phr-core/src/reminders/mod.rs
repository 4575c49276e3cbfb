//! Reminders the person sets: the home blood pressure week's morning and evening readings, a
//! daily reading of one kind, taking a medicine, a backup not made for some weeks, and a carer's
//! review coming due. What each one is ([`Reminder`]), the checks on what was typed (`check`),
//! when each fires and what is due or missed (`schedule`, time and the time zone's rules passed
//! in) and the words (`words`: what a notification may say, which by default names no health
//! detail and nobody).

mod check;
pub mod schedule;
pub mod words;

use chrono::{DateTime, NaiveTime, Utc};

use crate::readings::ReadingKind;

pub use check::{ReminderInput, ReminderProblem, check, parse_time};

/// The most times of day a medicine reminder holds (six doses a day is already unusual).
pub const MAX_MEDICINE_TIMES: usize = 6;
/// The longest medicine name kept (a name and its strength: "Co-amoxiclav 500 mg/125 mg").
pub const MAX_MEDICINE_NAME: usize = 100;
/// The weeks without a backup a person may choose between.
pub const BACKUP_WEEKS: std::ops::RangeInclusive<u32> = 1..=52;
/// How many days before a review is due its reminder may fire.
pub const REVIEW_DAYS_BEFORE: std::ops::RangeInclusive<u32> = 0..=60;
/// The most reminders one person's record holds: enough for every medicine at every time, few
/// enough that the home screen stays readable.
pub const MAX_REMINDERS: usize = 50;

/// What a reminder is for. The codes (`bp-week`, `reading`, ...) are stored and typed on the
/// command line: a format, never renamed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReminderKind {
    /// The home blood pressure week's morning and evening readings (NICE NG136), on the days
    /// of a week under way.
    BpWeek,
    /// A reading of one kind every day at a time.
    Reading,
    /// Taking a medicine at one or more times of day.
    Medicine,
    /// No backup made for some weeks.
    Backup,
    /// A carer's review of their right to look after the person is coming due.
    Review,
}

impl ReminderKind {
    pub const ALL: [ReminderKind; 5] = [
        ReminderKind::BpWeek,
        ReminderKind::Reading,
        ReminderKind::Medicine,
        ReminderKind::Backup,
        ReminderKind::Review,
    ];

    /// The stored and typed code.
    pub fn code(self) -> &'static str {
        match self {
            ReminderKind::BpWeek => "bp-week",
            ReminderKind::Reading => "reading",
            ReminderKind::Medicine => "medicine",
            ReminderKind::Backup => "backup",
            ReminderKind::Review => "review",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code.trim())
    }

    /// What people choose between ("A daily reading").
    pub fn label(self) -> &'static str {
        match self {
            ReminderKind::BpWeek => "Blood pressure week readings (morning and evening)",
            ReminderKind::Reading => "A daily reading",
            ReminderKind::Medicine => "Taking a medicine",
            ReminderKind::Backup => "Making a backup",
            ReminderKind::Review => "A carer's review coming due",
        }
    }

    /// One line under the choice, saying when it fires.
    pub fn hint(self) -> &'static str {
        match self {
            ReminderKind::BpWeek => {
                "While a blood pressure week is under way: a morning time before midday and an evening time from 16:00."
            }
            ReminderKind::Reading => "Every day at the time you choose.",
            ReminderKind::Medicine => "Every day at each time you choose. You can tick it as taken.",
            ReminderKind::Backup => "When no backup has been made for the number of weeks you choose.",
            ReminderKind::Review => "Before the review date of your right to look after this person.",
        }
    }

    /// Whether it fires at times of day the person chooses.
    pub fn has_times(self) -> bool {
        matches!(self, ReminderKind::BpWeek | ReminderKind::Reading | ReminderKind::Medicine)
    }
}

/// What a reminder is for, with what that kind needs.
#[derive(Clone, PartialEq, Eq)]
pub enum ReminderWhat {
    BpWeek,
    Reading {
        kind: ReadingKind,
    },
    /// The medicine's name as the person typed it: health data, kept only in the record.
    Medicine {
        name: String,
    },
    Backup {
        weeks: u32,
    },
    Review {
        days_before: u32,
    },
}
crate::redacted_debug!(ReminderWhat);

impl ReminderWhat {
    pub fn kind(&self) -> ReminderKind {
        match self {
            ReminderWhat::BpWeek => ReminderKind::BpWeek,
            ReminderWhat::Reading { .. } => ReminderKind::Reading,
            ReminderWhat::Medicine { .. } => ReminderKind::Medicine,
            ReminderWhat::Backup { .. } => ReminderKind::Backup,
            ReminderWhat::Review { .. } => ReminderKind::Review,
        }
    }

    /// The kind of reading that counts as doing it, for a reading reminder.
    pub fn reading_kind(&self) -> Option<ReadingKind> {
        match self {
            ReminderWhat::BpWeek => Some(ReadingKind::BloodPressure),
            ReminderWhat::Reading { kind } => Some(*kind),
            _ => None,
        }
    }
}

/// A reminder the person set, as stored: what, at which local times of day (the blood pressure
/// week's morning then evening; none for a backup or a review), and when it was set (nothing
/// before then is ever "missed").
#[derive(Clone, PartialEq, Eq)]
pub struct Reminder {
    pub id: i64,
    pub what: ReminderWhat,
    pub times: Vec<NaiveTime>,
    pub created_at: DateTime<Utc>,
}
crate::redacted_debug!(Reminder { id, times, created_at });

/// A time of day as stored and shown: "08:00" (the 24-hour clock, as NHS letters write it).
pub fn time_text(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}
