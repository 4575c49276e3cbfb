//! The `person` row: one per database, the only place a person's name is stored.

use std::path::Path;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use phr_core::NhsNumber;
use phr_core::person::PersonDetails;
use rusqlite::{Connection, OptionalExtension, params};

use crate::error::{Result, VaultError, db_error};
use crate::model::{PersonId, PersonRecord};

/// Times are stored as RFC 3339 with nanoseconds so they read back exactly (the audit hash
/// covers them).
pub(crate) fn time_text(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Nanos, true)
}

pub(crate) fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s).ok().map(|t| t.with_timezone(&Utc))
}

pub(crate) fn insert(conn: &Connection, r: &PersonRecord) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO person (id, name, date_of_birth, nhs_number, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            r.id.to_string(),
            r.details.name,
            r.details.date_of_birth.format("%Y-%m-%d").to_string(),
            r.details.nhs_number.as_ref().map(|n| n.as_digits().to_string()),
            time_text(r.created_at),
            time_text(r.updated_at),
        ],
    )?;
    Ok(())
}

pub(crate) fn update(conn: &Connection, r: &PersonRecord) -> rusqlite::Result<usize> {
    conn.execute(
        "UPDATE person SET name = ?2, date_of_birth = ?3, nhs_number = ?4, updated_at = ?5 WHERE id = ?1",
        params![
            r.id.to_string(),
            r.details.name,
            r.details.date_of_birth.format("%Y-%m-%d").to_string(),
            r.details.nhs_number.as_ref().map(|n| n.as_digits().to_string()),
            time_text(r.updated_at),
        ],
    )
}

/// Reads the person row and checks it belongs to `id` (a database file swapped for another
/// person's would not open anyway: its key is bound to the id).
pub(crate) fn read(conn: &Connection, id: &PersonId, path: &Path) -> Result<PersonRecord> {
    type Row = (String, String, String, Option<String>, String, String);
    let row: Option<Row> = conn
        .query_row("SELECT id, name, date_of_birth, nhs_number, created_at, updated_at FROM person", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
        })
        .optional()
        .map_err(|e| db_error(path, &e))?;
    let damaged = |why: &str| VaultError::database_damaged(path, why);
    let (stored_id, name, dob, nhs, created, updated) =
        row.ok_or_else(|| damaged("the person's details are missing"))?;
    if stored_id != id.to_string() {
        return Err(damaged("the file belongs to someone else"));
    }
    let date_of_birth =
        NaiveDate::parse_from_str(&dob, "%Y-%m-%d").map_err(|_| damaged("a stored date is not valid"))?;
    let nhs_number = match nhs {
        None => None,
        Some(n) => Some(NhsNumber::parse(&n).map_err(|_| damaged("a stored NHS number is not valid"))?),
    };
    Ok(PersonRecord {
        id: id.clone(),
        details: PersonDetails { name, date_of_birth, nhs_number },
        created_at: parse_time(&created).ok_or_else(|| damaged("a stored time is not valid"))?,
        updated_at: parse_time(&updated).ok_or_else(|| damaged("a stored time is not valid"))?,
    })
}
