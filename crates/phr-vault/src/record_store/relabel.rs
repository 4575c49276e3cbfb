//! Suggested sensitivity labels kept up to date: labels are suggested when an entry is
//! imported, so when phr-core's lists of sensitive codes and medicines change
//! ([`SENSITIVITY_LISTS_VERSION`]), a record labelled by older lists has every suggested label
//! worked out again from the entry's stored kind, codes, title and facts, through the same
//! [`suggest_sensitivity`] the import uses. A label the citizen chose is never touched.
//!
//! `derived_version` (migration 9) holds the lists' version the record was last labelled by;
//! the vault checks it each time it opens a record, so the work is done once per new version.

use phr_core::audit::AuditAction;
use phr_core::record::{Coding, EntryKind, Fact, SENSITIVITY_LISTS_VERSION, Sensitivity, suggest_sensitivity};
use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::model::SourceKind;
use crate::error::{Result, db_error};
use crate::model::PersonId;
use crate::vault::Vault;

/// The row of `derived_version` for sensitivity labels.
const WHAT: &str = "sensitivity";

/// The lists' version this record was last labelled by (0: never recorded, so before the
/// version was kept).
fn labelled_by(conn: &Connection) -> rusqlite::Result<u32> {
    conn.query_row("SELECT version FROM derived_version WHERE what = ?1", [WHAT], |r| r.get(0))
        .optional()
        .map(Option::unwrap_or_default)
}

/// The entries whose suggested label is not what today's lists suggest, with that label.
/// Labels the citizen set are left out, and so is what the app wrote in the citizen's own
/// source (the Consent of each share): the import's mapping did not label those.
fn out_of_date(conn: &Connection) -> rusqlite::Result<Vec<(i64, Sensitivity)>> {
    let mut stmt = conn.prepare(
        "SELECT e.id, e.kind, e.codes, e.title, e.facts, e.sensitivity
         FROM entry e JOIN resource r ON r.id = e.resource_id JOIN source s ON s.id = r.source_id
         WHERE e.sensitivity_set_by_user = 0 AND s.kind <> ?1",
    )?;
    let rows = stmt.query_map([SourceKind::SelfEntered.as_str()], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, kind, codes, title, facts, stored) = row?;
        // A kind this version does not know keeps its label (a newer app wrote it).
        let Some(kind) = EntryKind::parse(&kind) else { continue };
        let codes: Vec<Coding> = serde_json::from_str(&codes).unwrap_or_default();
        let facts: Vec<Fact> = serde_json::from_str(&facts).unwrap_or_default();
        let suggested = suggest_sensitivity(kind, &codes, &title, &facts);
        if Sensitivity::parse(&stored) != Some(suggested) {
            out.push((id, suggested));
        }
    }
    Ok(out)
}

fn set_labels(tx: &Transaction<'_>, changes: &[(i64, Sensitivity)]) -> rusqlite::Result<()> {
    let mut stmt = tx.prepare("UPDATE entry SET sensitivity = ?2 WHERE id = ?1 AND sensitivity_set_by_user = 0")?;
    for (id, label) in changes {
        stmt.execute(params![id, label.as_str()])?;
    }
    Ok(())
}

fn record_version(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO derived_version (what, version) VALUES (?1, ?2)
         ON CONFLICT (what) DO UPDATE SET version = excluded.version",
        params![WHAT, SENSITIVITY_LISTS_VERSION],
    )?;
    Ok(())
}

impl Vault {
    /// Suggests every label of a person's record again when it was labelled by older lists
    /// than this app's, keeping the ones the citizen chose. The new labels, the version and an
    /// audit entry saying how many labels changed land in one transaction; a record whose
    /// labels all stay the same only has its version recorded. Nothing happens for a record
    /// already labelled by these lists.
    pub(crate) fn relabel_if_behind(&mut self, id: &PersonId) -> Result<usize> {
        let changes = self.read_person(id, |conn, path| {
            let behind = labelled_by(conn).map_err(|e| db_error(path, &e))? < SENSITIVITY_LISTS_VERSION;
            if !behind {
                return Ok(None);
            }
            let changes = out_of_date(conn).map_err(|e| db_error(path, &e))?;
            if changes.is_empty() {
                record_version(conn).map_err(|e| db_error(path, &e))?;
                return Ok(None);
            }
            Ok(Some(changes))
        })?;
        let Some(changes) = changes else { return Ok(0) };
        let n = changes.len();
        let detail = format!(
            "{} suggested again: the app's lists of sensitive codes and medicines changed (labels you chose are kept)",
            if n == 1 { "1 entry's sensitivity label".to_owned() } else { format!("{n} entries' sensitivity labels") }
        );
        self.write_person(id, AuditAction::EntryLabelChanged, &detail, |tx, path| {
            set_labels(tx, &changes).and_then(|()| record_version(tx)).map_err(|e| db_error(path, &e))
        })?;
        Ok(n)
    }
}
