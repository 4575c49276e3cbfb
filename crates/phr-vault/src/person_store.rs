//! The `person` row: one per database, the only place a person's name is stored, with who
//! they are to the vault's holder (their role, the basis for caring and its review date).

use std::path::Path;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use phr_core::NhsNumber;
use phr_core::person::PersonDetails;
use phr_core::person_role::{Basis, BasisKind, Role, RoleKind};
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

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The role's columns: role, relationship, basis, basis date, basis reference, review date.
type RoleColumns = (Option<String>, Option<String>, Option<String>, Option<String>, Option<String>, Option<String>);

fn role_columns(role: Option<&Role>) -> RoleColumns {
    let Some(r) = role else { return (None, None, None, None, None, None) };
    (
        Some(r.kind.code().to_owned()),
        r.relationship.clone(),
        r.basis.as_ref().map(|b| b.kind.code().to_owned()),
        r.basis.as_ref().map(|b| day(b.date)),
        r.basis.as_ref().and_then(|b| b.reference.clone()),
        r.review_on.map(day),
    )
}

pub(crate) fn insert(conn: &Connection, r: &PersonRecord) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO person (id, name, date_of_birth, nhs_number, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            r.id.to_string(),
            r.details.name,
            day(r.details.date_of_birth),
            r.details.nhs_number.as_ref().map(|n| n.as_digits().to_string()),
            time_text(r.created_at),
            time_text(r.updated_at),
        ],
    )?;
    write_role(conn, r)?;
    Ok(())
}

pub(crate) fn update(conn: &Connection, r: &PersonRecord) -> rusqlite::Result<usize> {
    let n = conn.execute(
        "UPDATE person SET name = ?2, date_of_birth = ?3, nhs_number = ?4, updated_at = ?5 WHERE id = ?1",
        params![
            r.id.to_string(),
            r.details.name,
            day(r.details.date_of_birth),
            r.details.nhs_number.as_ref().map(|n| n.as_digits().to_string()),
            time_text(r.updated_at),
        ],
    )?;
    write_role(conn, r)?;
    Ok(n)
}

fn write_role(conn: &Connection, r: &PersonRecord) -> rusqlite::Result<usize> {
    let (role, relationship, basis, basis_date, basis_ref, review_on) = role_columns(r.role.as_ref());
    conn.execute(
        "UPDATE person SET role = ?2, relationship = ?3, basis = ?4, basis_date = ?5, basis_ref = ?6,
             review_on = ?7 WHERE id = ?1",
        params![r.id.to_string(), role, relationship, basis, basis_date, basis_ref, review_on],
    )
}

/// Reads the person row and checks it belongs to `id` (a database file swapped for another
/// person's would not open anyway: its key is bound to the id).
pub(crate) fn read(conn: &Connection, id: &PersonId, path: &Path) -> Result<PersonRecord> {
    type Row = (String, String, String, Option<String>, String, String, RoleColumns);
    let row: Option<Row> = conn
        .query_row(
            "SELECT id, name, date_of_birth, nhs_number, created_at, updated_at,
                 role, relationship, basis, basis_date, basis_ref, review_on FROM person",
            [],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    (r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?, r.get(10)?, r.get(11)?),
                ))
            },
        )
        .optional()
        .map_err(|e| db_error(path, &e))?;
    let damaged = |why: &str| VaultError::database_damaged(path, why);
    let (stored_id, name, dob, nhs, created, updated, role) =
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
        role: read_role(role).ok_or_else(|| damaged("a stored role is not valid"))?,
        created_at: parse_time(&created).ok_or_else(|| damaged("a stored time is not valid"))?,
        updated_at: parse_time(&updated).ok_or_else(|| damaged("a stored time is not valid"))?,
    })
}

/// The stored role: `Some(None)` when it was never set, `None` when a column cannot be read.
fn read_role(columns: RoleColumns) -> Option<Option<Role>> {
    let (role, relationship, basis, basis_date, basis_ref, review_on) = columns;
    let Some(role) = role else { return Some(None) };
    let date = |s: Option<String>| s.map(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d")).transpose().ok();
    let basis = match (basis, date(basis_date)?) {
        (Some(kind), Some(date)) => Some(Basis { kind: BasisKind::from_code(&kind)?, date, reference: basis_ref }),
        (None, None) => None,
        _ => return None,
    };
    Some(Some(Role { kind: RoleKind::from_code(&role)?, relationship, basis, review_on: date(review_on)? }))
}
