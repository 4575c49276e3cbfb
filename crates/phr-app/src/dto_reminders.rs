//! The reminders' DTOs: the form, each reminder as listed (with when it fires next), what is
//! due now or missed with what to do about it, and the words the screens show.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dto_readings::ReadingKind;
use crate::mirror::mirror_enum;

mirror_enum! {
    /// What a reminder is for.
    #[serde(rename_all = "camelCase")]
    pub enum ReminderKind mirrors phr_core::reminders::ReminderKind {
        BpWeek,
        Reading,
        Medicine,
        Backup,
        Review,
    }
}

mirror_enum! {
    /// Where a reminder that has fired stands.
    #[serde(rename_all = "camelCase")]
    pub enum ReminderState mirrors phr_core::reminders::schedule::State {
        Due,
        Missed,
        Done,
    }
}

/// A reminder as the person fills in its form. Only the kind's own fields are read.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReminderForm {
    pub kind: Option<ReminderKind>,
    /// For a daily reading.
    pub reading_kind: Option<ReadingKind>,
    /// For a medicine: its name.
    pub name: Option<String>,
    /// Times of day, `HH:MM` (the blood pressure week's morning, then evening).
    pub times: Vec<String>,
    /// For a backup: weeks without one.
    pub weeks: Option<u32>,
    /// For a review: days before it.
    pub days_before: Option<u32>,
}
phr_core::redacted_debug!(ReminderForm { kind, times, weeks, days_before });

/// One reminder as listed.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReminderRow {
    pub id: String,
    pub kind: ReminderKind,
    /// What it is and when it fires ("Take Ramipril 5 mg every day at 08:00 and 20:00").
    pub description: String,
    /// Its times of day, `HH:MM`.
    pub times: Vec<String>,
    /// When it fires next (RFC 3339), if it will by itself.
    pub next_at: Option<String>,
    /// That moment in the one en-GB form ("24 Nov 2026, 08:00"), or why there is none.
    pub next_text: String,
}
phr_core::redacted_debug!(ReminderRow { id, kind, times, next_at });

/// What the person can do about a reminder that is due or missed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ReminderActionKind {
    /// Add a reading (of `readingKind`).
    AddReading,
    /// Tick the medicine as taken.
    MarkTaken,
    /// Make a backup (Settings).
    MakeBackup,
    /// Do the carer's review (the person's page).
    Review,
}

/// One firing of a reminder that is due, missed or done, with what to do.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReminderDue {
    pub reminder_id: String,
    /// When it fired (RFC 3339): what ticking a medicine as taken names.
    pub fired_at: String,
    /// When it fired, as people read it ("24 Nov 2026, 08:00").
    pub fired_text: String,
    pub state: ReminderState,
    /// What is due ("Evening blood pressure reading", "Take Ramipril 5 mg").
    pub title: String,
    pub action: ReminderActionKind,
    /// The action's words ("Add the reading", "Mark as taken", "Make a backup").
    pub action_label: String,
    /// The kind of reading to add, for `addReading`.
    pub reading_kind: Option<ReadingKind>,
}
phr_core::redacted_debug!(ReminderDue { reminder_id, fired_at, state, action });

/// What is due now, missed and done lately, for the home screen's panel.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RemindersDue {
    pub due: Vec<ReminderDue>,
    pub missed: Vec<ReminderDue>,
    pub done: Vec<ReminderDue>,
    /// How many reminders the record holds (none: the panel offers to set one).
    pub count: u32,
    /// One short line for the People screen ("2 reminders due now, 1 missed"); none when
    /// nothing is due or missed. It names no reminder: the list is seen before a person is
    /// opened, perhaps by someone beside the holder.
    pub summary: Option<String>,
}
phr_core::redacted_debug!(RemindersDue { count, summary });

/// The person's reminders, what is due, and whether notifications may name details.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Reminders {
    pub reminders: Vec<ReminderRow>,
    pub due: RemindersDue,
    /// The person lets notifications name what a reminder is for and whose it is.
    pub show_details: bool,
}
phr_core::redacted_debug!(Reminders { show_details });

/// A reminder set or removed, and what to say.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReminderChanged {
    pub message: String,
    pub reminders: Reminders,
}
phr_core::redacted_debug!(ReminderChanged);

/// A kind of reminder's words: its label and when it fires.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReminderKindWords {
    pub kind: ReminderKind,
    pub label: String,
    pub hint: String,
}

/// The words of the reminders' screens, and their limits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReminderWords {
    pub kinds: Vec<ReminderKindWords>,
    pub panel_title: String,
    pub due_heading: String,
    pub missed_heading: String,
    pub done_heading: String,
    /// What the panel says when nothing is due or missed.
    pub nothing_due: String,
    /// What the panel says when no reminder is set.
    pub none_set: String,
    /// The setting that lets notifications name details, and what it means.
    pub details_label: String,
    pub details_hint: String,
    /// What every notification says by default, as an example.
    pub private_example: String,
    pub max_medicine_times: u32,
    pub max_medicine_name: u32,
    pub backup_weeks_min: u32,
    pub backup_weeks_max: u32,
    pub review_days_max: u32,
    /// The defaults offered for the blood pressure week's morning and evening.
    pub bp_week_times: Vec<String>,
}
