//! The person's reminders (migration 18): what each is for and its times of day, the medicine
//! times ticked as taken, whether notifications may name what a reminder is for, and the facts
//! the schedule reads from the record (when the last backup was made). When a reminder fires is
//! `phr_core::reminders::schedule`'s business; this keeps what the person set, inside their
//! encrypted database, with every change in their audit log.

use chrono::{DateTime, NaiveTime, Utc};
use phr_core::ErrorCode;
use phr_core::audit::AuditAction;
use phr_core::readings::ReadingKind;
use phr_core::reminders::{MAX_REMINDERS, Reminder, ReminderKind, ReminderWhat, time_text};
use rusqlite::{Connection, OptionalExtension, params};

use crate::error::{Result, VaultError, db_error};
use crate::model::PersonId;
use crate::person_store::{parse_time, time_text as instant_text};
use crate::vault::Vault;

const SELECT: &str = "SELECT id, kind, reading_kind, medicine, times, weeks, days_before, created_at FROM reminder";

fn not_found(reminder_id: i64) -> VaultError {
    VaultError::new(
        ErrorCode::ReminderNotFound,
        format!("There is no reminder {reminder_id}: it may have been removed"),
    )
}

fn times_of(text: &str) -> Vec<NaiveTime> {
    text.split(',').filter_map(|t| NaiveTime::parse_from_str(t.trim(), "%H:%M").ok()).collect()
}

/// A row as a reminder; `None` for a kind this version does not know (a newer app's).
fn reminder_of(r: &rusqlite::Row<'_>) -> rusqlite::Result<Option<Reminder>> {
    let kind: String = r.get(1)?;
    let reading_kind: Option<u8> = r.get(2)?;
    let medicine: Option<String> = r.get(3)?;
    let times: String = r.get(4)?;
    let weeks: Option<u32> = r.get(5)?;
    let days_before: Option<u32> = r.get(6)?;
    let created: String = r.get(7)?;
    let what = match ReminderKind::from_code(&kind) {
        Some(ReminderKind::BpWeek) => ReminderWhat::BpWeek,
        Some(ReminderKind::Reading) => match reading_kind.and_then(ReadingKind::from_code) {
            Some(kind) => ReminderWhat::Reading { kind },
            None => return Ok(None),
        },
        Some(ReminderKind::Medicine) => ReminderWhat::Medicine { name: medicine.unwrap_or_default() },
        Some(ReminderKind::Backup) => ReminderWhat::Backup { weeks: weeks.unwrap_or(1) },
        Some(ReminderKind::Review) => ReminderWhat::Review { days_before: days_before.unwrap_or(0) },
        None => return Ok(None),
    };
    Ok(Some(Reminder {
        id: r.get(0)?,
        what,
        times: times_of(&times),
        created_at: parse_time(&created).unwrap_or_default(),
    }))
}

pub(crate) fn reminders_in(conn: &Connection) -> rusqlite::Result<Vec<Reminder>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} ORDER BY id"))?;
    let rows = stmt.query_map([], reminder_of)?;
    let mut out = Vec::new();
    for row in rows {
        out.extend(row?);
    }
    Ok(out)
}

impl Vault {
    /// Sets a reminder on the person's record: what it is for, at which local times of day
    /// (already checked by `phr_core::reminders::check`). Returns it as stored.
    pub fn add_reminder(&mut self, id: &PersonId, what: &ReminderWhat, times: &[NaiveTime]) -> Result<Reminder> {
        let now = self.now();
        let count = self.reminders(id)?.len();
        if count >= MAX_REMINDERS {
            return Err(VaultError::new(
                ErrorCode::InvalidInput,
                format!("A record can hold {MAX_REMINDERS} reminders. Remove one you no longer need first."),
            ));
        }
        let kind = what.kind();
        let (reading_kind, medicine, weeks, days_before) = match what {
            ReminderWhat::BpWeek => (None, None, None, None),
            ReminderWhat::Reading { kind } => (Some(kind.code()), None, None, None),
            ReminderWhat::Medicine { name } => (None, Some(name.as_str()), None, None),
            ReminderWhat::Backup { weeks } => (None, None, Some(*weeks), None),
            ReminderWhat::Review { days_before } => (None, None, None, Some(*days_before)),
        };
        let times_text: Vec<String> = times.iter().map(|t| time_text(*t)).collect();
        let detail = format!("a {} reminder set", kind.code());
        let reminder_id = self.write_person(id, AuditAction::RemindersChanged, &detail, |tx, path| {
            tx.execute(
                "INSERT INTO reminder (kind, reading_kind, medicine, times, weeks, days_before, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    kind.code(),
                    reading_kind,
                    medicine,
                    times_text.join(","),
                    weeks,
                    days_before,
                    instant_text(now)
                ],
            )
            .map_err(|e| db_error(path, &e))?;
            Ok(tx.last_insert_rowid())
        })?;
        self.reminder(id, reminder_id)
    }

    /// Every reminder on the person's record, oldest set first.
    pub fn reminders(&self, id: &PersonId) -> Result<Vec<Reminder>> {
        self.read_person(id, |conn, path| reminders_in(conn).map_err(|e| db_error(path, &e)))
    }

    /// One reminder; REMINDER_NOT_FOUND when there is none with that id.
    pub fn reminder(&self, id: &PersonId, reminder_id: i64) -> Result<Reminder> {
        self.read_person(id, |conn, path| {
            conn.query_row(&format!("{SELECT} WHERE id = ?1"), [reminder_id], reminder_of)
                .optional()
                .map_err(|e| db_error(path, &e))
        })?
        .flatten()
        .ok_or_else(|| not_found(reminder_id))
    }

    /// Removes a reminder and its ticks. Returns what it was.
    pub fn remove_reminder(&mut self, id: &PersonId, reminder_id: i64) -> Result<Reminder> {
        let gone = self.reminder(id, reminder_id)?;
        let detail = format!("a {} reminder removed", gone.what.kind().code());
        self.write_person(id, AuditAction::RemindersChanged, &detail, |tx, path| {
            tx.execute("DELETE FROM reminder_taken WHERE reminder_id = ?1", [reminder_id])
                .map_err(|e| db_error(path, &e))?;
            tx.execute("DELETE FROM reminder WHERE id = ?1", [reminder_id]).map_err(|e| db_error(path, &e))?;
            Ok(())
        })?;
        Ok(gone)
    }

    /// Ticks medicine reminder `reminder_id`'s firing at `fired_at` as taken (or, with `taken`
    /// false, takes the tick back).
    pub fn set_reminder_taken(
        &mut self,
        id: &PersonId,
        reminder_id: i64,
        fired_at: DateTime<Utc>,
        taken: bool,
    ) -> Result<()> {
        let r = self.reminder(id, reminder_id)?;
        if r.what.kind() != ReminderKind::Medicine {
            return Err(VaultError::new(ErrorCode::InvalidInput, "Only a medicine reminder can be ticked as taken"));
        }
        let now = instant_text(self.now());
        let detail = if taken { "a medicine time ticked as taken" } else { "a tick taken back" };
        self.write_person(id, AuditAction::ReminderDone, detail, |tx, path| {
            if taken {
                tx.execute(
                    "INSERT OR REPLACE INTO reminder_taken (reminder_id, fired_at_ms, taken_at) VALUES (?1, ?2, ?3)",
                    params![reminder_id, fired_at.timestamp_millis(), now],
                )
            } else {
                tx.execute(
                    "DELETE FROM reminder_taken WHERE reminder_id = ?1 AND fired_at_ms = ?2",
                    params![reminder_id, fired_at.timestamp_millis()],
                )
            }
            .map_err(|e| db_error(path, &e))?;
            Ok(())
        })
    }

    /// The medicine times ticked as taken since `from`: the reminder and when it fired.
    pub fn reminders_taken(&self, id: &PersonId, from: DateTime<Utc>) -> Result<Vec<(i64, DateTime<Utc>)>> {
        self.read_person(id, |conn, path| {
            let mut stmt = conn
                .prepare_cached("SELECT reminder_id, fired_at_ms FROM reminder_taken WHERE fired_at_ms >= ?1")
                .map_err(|e| db_error(path, &e))?;
            let rows = stmt
                .query_map([from.timestamp_millis()], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))
                .map_err(|e| db_error(path, &e))?;
            let mut out = Vec::new();
            for row in rows {
                let (rid, ms) = row.map_err(|e| db_error(path, &e))?;
                if let Some(at) = DateTime::from_timestamp_millis(ms) {
                    out.push((rid, at));
                }
            }
            Ok(out)
        })
    }

    /// Whether the person lets notifications name what a reminder is for (off until they do).
    pub fn reminder_details_shown(&self, id: &PersonId) -> Result<bool> {
        self.read_person(id, |conn, path| {
            conn.query_row("SELECT show_details FROM reminder_setting WHERE only_row = 1", [], |r| r.get::<_, bool>(0))
                .optional()
                .map(|v| v.unwrap_or(false))
                .map_err(|e| db_error(path, &e))
        })
    }

    /// Lets notifications name what the person's reminders are for, or stops them.
    pub fn set_reminder_details_shown(&mut self, id: &PersonId, shown: bool) -> Result<()> {
        let detail = if shown { "notifications may name what a reminder is for" } else { "notifications name nothing" };
        self.write_person(id, AuditAction::RemindersChanged, detail, |tx, path| {
            tx.execute(
                "INSERT INTO reminder_setting (only_row, show_details) VALUES (1, ?1)
                 ON CONFLICT (only_row) DO UPDATE SET show_details = excluded.show_details",
                [shown],
            )
            .map_err(|e| db_error(path, &e))?;
            Ok(())
        })
    }

    /// When the last backup holding the person's record was made: its entry in their audit log
    /// (a backup is recorded in every person's log), `None` if never.
    pub fn last_backup_at(&self, id: &PersonId) -> Result<Option<DateTime<Utc>>> {
        self.read_person(id, |conn, path| {
            conn.query_row(
                "SELECT at FROM audit_log WHERE action = ?1 ORDER BY seq DESC LIMIT 1",
                [AuditAction::BackupCreated.as_str()],
                |r| r.get::<_, String>(0),
            )
            .optional()
            .map(|at| at.and_then(|t| parse_time(&t)))
            .map_err(|e| db_error(path, &e))
        })
    }
}
