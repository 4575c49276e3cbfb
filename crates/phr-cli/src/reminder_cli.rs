//! `phr reminder add|list|remove|taken`: the person's reminders, with what is due now, missed,
//! and when each fires next. Every word printed is the backend's.

use clap::Subcommand;
use phr_app::{App, AppError, ErrorField, ReadingKind, ReminderDue, ReminderForm, ReminderKind, Reminders};
use phr_core::ErrorCode;

use crate::commands::resolve_person;
use crate::output::emit;

#[derive(Debug, Subcommand)]
pub enum ReminderCommand {
    /// Set a reminder: bp-week MORNING EVENING, reading KIND TIME, medicine NAME TIME...,
    /// backup WEEKS, or review DAYS-BEFORE (times on the 24-hour clock, such as 08:00)
    Add {
        /// bp-week, reading, medicine, backup or review
        kind: String,
        /// What the kind needs: bp-week: the morning and evening times; reading: the kind of
        /// reading and a time; medicine: its name and one or more times; backup: weeks without
        /// one; review: days before it
        values: Vec<String>,
        /// The person (id from `phr person list`); needed when there are several
        #[arg(long)]
        person: Option<String>,
    },
    /// List the reminders with when each fires next, and what is due now or missed
    List {
        #[arg(long)]
        person: Option<String>,
    },
    /// Remove a reminder
    Remove {
        /// The reminder's id (from `phr reminder list`)
        id: String,
        #[arg(long)]
        person: Option<String>,
    },
    /// Tick a medicine reminder as taken (the time it fired, from `phr reminder list`)
    Taken {
        /// The reminder's id
        id: String,
        /// When it fired, as `phr reminder list --json` gives it
        fired_at: String,
        /// Take the tick back
        #[arg(long)]
        undo: bool,
        #[arg(long)]
        person: Option<String>,
    },
}

fn invalid(message: String, field: ErrorField) -> AppError {
    AppError::new(ErrorCode::InvalidInput, message).on_field(field)
}

fn number(s: Option<&String>, field: ErrorField, what: &str) -> Result<u32, AppError> {
    let s = s.ok_or_else(|| invalid(format!("Give {what}"), field))?;
    s.trim().parse().map_err(|_| invalid(format!("{s:?} is not a number of {what}"), field))
}

/// The form `phr reminder add KIND VALUES...` describes.
fn form_of(kind: &str, values: &[String]) -> Result<ReminderForm, AppError> {
    let core_kind = phr_core::reminders::ReminderKind::from_code(kind).ok_or_else(|| {
        let all: Vec<&str> = phr_core::reminders::ReminderKind::ALL.iter().map(|k| k.code()).collect();
        invalid(format!("{kind:?} is not a kind of reminder: use one of {}", all.join(", ")), ErrorField::Kind)
    })?;
    let mut form = ReminderForm { kind: Some(ReminderKind::from(core_kind)), ..ReminderForm::default() };
    match core_kind {
        phr_core::reminders::ReminderKind::BpWeek => form.times = values.to_vec(),
        phr_core::reminders::ReminderKind::Reading => {
            let (k, times) = values
                .split_first()
                .ok_or_else(|| invalid("Give the kind of reading and a time".into(), ErrorField::ReadingKind))?;
            let found = phr_core::readings::ReadingKind::parse(k)
                .ok_or_else(|| invalid(format!("{k:?} is not a kind of reading"), ErrorField::ReadingKind))?;
            form.reading_kind = Some(ReadingKind::from(found));
            form.times = times.to_vec();
        }
        phr_core::reminders::ReminderKind::Medicine => {
            let (name, times) = values
                .split_first()
                .ok_or_else(|| invalid("Give the medicine's name and a time".into(), ErrorField::Name))?;
            form.name = Some(name.clone());
            form.times = times.to_vec();
        }
        phr_core::reminders::ReminderKind::Backup => {
            form.weeks = Some(number(values.first(), ErrorField::Weeks, "weeks")?);
        }
        phr_core::reminders::ReminderKind::Review => {
            form.days_before = Some(number(values.first(), ErrorField::DaysBefore, "days")?);
        }
    }
    Ok(form)
}

fn print_due(heading: &str, list: &[ReminderDue]) {
    if list.is_empty() {
        return;
    }
    println!("{heading}:");
    for d in list {
        println!("  {} (reminder {}, {}): {}", d.title, d.reminder_id, d.fired_text, d.action_label);
    }
}

fn print_reminders(r: &Reminders) {
    if r.reminders.is_empty() {
        println!("No reminders set.");
        return;
    }
    for row in &r.reminders {
        println!("{}  {}", row.id, row.description);
        println!("    {}", row.next_text);
    }
    print_due("Due now", &r.due.due);
    print_due("Missed", &r.due.missed);
    print_due("Done", &r.due.done);
}

pub fn run(app: &App, command: ReminderCommand, json: bool) -> Result<(), AppError> {
    match command {
        ReminderCommand::Add { kind, values, person } => {
            let person = resolve_person(app, person)?;
            let form = form_of(&kind, &values)?;
            let set = app.add_reminder(&person, &form)?;
            emit(json, &set, |s| println!("{}", s.message));
        }
        ReminderCommand::List { person } => {
            let person = resolve_person(app, person)?;
            let r = app.reminders(&person)?;
            emit(json, &r, print_reminders);
        }
        ReminderCommand::Remove { id, person } => {
            let person = resolve_person(app, person)?;
            let gone = app.remove_reminder(&person, &id)?;
            emit(json, &gone, |g| println!("{}", g.message));
        }
        ReminderCommand::Taken { id, fired_at, undo, person } => {
            let person = resolve_person(app, person)?;
            let r = app.set_reminder_taken(&person, &id, &fired_at, !undo)?;
            emit(json, &r, print_reminders);
        }
    }
    Ok(())
}
