//! Undoing an import as a whole, from the import history: a FHIR import (a file or a GP
//! practice's record) or a device file's readings.
//!
//! What goes, and what comes back:
//! - A FHIR import: every resource it first brought goes, with its entry, the entry's links
//!   (both ways), attachments, search-index row and kept older versions. Every resource it
//!   replaced with a newer version goes back to the version before it, with the entry, links
//!   and attachments that version had (kept beside it in `resource_history` and
//!   `attachment_history` when it was replaced); a label the citizen chose since is kept.
//!   Resources it found unchanged stay, with the time they were last seen.
//! - A readings import: every reading it added goes, including any edited or deleted since,
//!   and the hourly and daily rollups of the hours they were in are recomputed.
//!
//! Undo is refused (IMPORT_UNDO_BLOCKED) when a later import changed something this import
//! brought or changed: the later one must be undone first, so every undo puts back a state
//! that really was. It is also refused for an import made before the app kept what an
//! import replaced. The whole undo, with its audit entry and the import marked undone, is one
//! transaction: a process killed part-way leaves the record as it was before the undo.

use chrono::{DateTime, Utc};
use phr_core::ErrorCode;
use phr_core::audit::AuditAction;
use rusqlite::{OptionalExtension, Transaction, params};

use crate::error::{Result, VaultError, db_error};
use crate::model::PersonId;
use crate::person_store::time_text;
use crate::readings_store::rollup;
use crate::record_store::{ImportKind, ImportRun, SourceKind, UndoCounts, search_index};
use crate::vault::Vault;

/// Why an import cannot be undone, or `None` when it can.
fn blocked(tx: &rusqlite::Connection, run: &ImportRun) -> rusqlite::Result<Option<String>> {
    if run.kind == ImportKind::Readings {
        return Ok(None);
    }
    let id = run.import_id;
    let changed_later: i64 = tx.query_row(
        "SELECT (SELECT count(*) FROM resource WHERE first_import_id = ?1 AND import_id <> ?1)
              + (SELECT count(DISTINCT h.resource_id) FROM resource_history h JOIN resource r ON r.id = h.resource_id
                 WHERE h.replaced_by_import = ?1 AND r.import_id <> ?1)",
        [id],
        |r| r.get(0),
    )?;
    if changed_later > 0 {
        return Ok(Some(format!(
            "A later import changed {} this import brought. Undo the later import first: it is above this one in the list.",
            plural(changed_later, "an entry", "entries")
        )));
    }
    // Each newer version an import stored kept the one it replaced, naming this import; one
    // that is missing or kept without its entry was replaced before the app kept what it replaced.
    let (kept, complete): (i64, i64) = tx.query_row(
        "SELECT count(*), count(CASE WHEN entry IS NOT NULL AND import_id IS NOT NULL THEN 1 END)
         FROM resource_history WHERE replaced_by_import = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if kept != i64::from(run.counts.updated) || complete != kept {
        return Ok(Some(
            "This import changed entries that were already in the record, and it was made by an earlier version \
             of the app that did not keep what they were before, so it cannot be undone as a whole."
                .to_owned(),
        ));
    }
    Ok(None)
}

fn plural(n: i64, one: &str, many: &str) -> String {
    if n == 1 { one.to_owned() } else { format!("{n} {many}") }
}

fn count_u32(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// What undoing `run` would remove and put back.
fn counts(conn: &rusqlite::Connection, run: &ImportRun) -> rusqlite::Result<UndoCounts> {
    let id = run.import_id;
    if run.kind == ImportKind::Readings {
        let n: i64 = conn.query_row("SELECT count(*) FROM reading WHERE import_id = ?1", [id], |r| r.get(0))?;
        return Ok(UndoCounts { readings_removed: count_u32(n), ..UndoCounts::default() });
    }
    let (removed, restored): (i64, i64) = conn.query_row(
        "SELECT (SELECT count(*) FROM entry e JOIN resource r ON r.id = e.resource_id WHERE r.first_import_id = ?1),
                (SELECT count(DISTINCT h.resource_id) FROM resource_history h JOIN resource r ON r.id = h.resource_id
                 WHERE h.replaced_by_import = ?1 AND r.first_import_id IS NOT ?1)",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(UndoCounts { entries_removed: count_u32(removed), entries_restored: count_u32(restored), readings_removed: 0 })
}

/// The run to undo, or why there is none: not in the history (or the citizen's own, a
/// share's Consent, which is not an import), or undone already.
fn undoable_run(conn: &rusqlite::Connection, import_id: i64, path: &std::path::Path) -> Result<ImportRun> {
    let found = crate::record_store::query_import_run(conn, import_id).map_err(|e| db_error(path, &e))?;
    let Some((run, _)) = found.filter(|(_, own)| !own) else {
        return Err(VaultError::new(
            ErrorCode::ImportNotFound,
            format!("There is no import {import_id} in this record's import history."),
        ));
    };
    if run.undone_at.is_some() {
        return Err(VaultError::new(ErrorCode::NothingToUndo, "This import has been undone already."));
    }
    Ok(run)
}

/// Where an import came from, for the audit log: no names, no health data.
fn described(run: &ImportRun) -> &'static str {
    match (run.kind, run.source.kind) {
        (ImportKind::Readings, _) => "a device file",
        (_, SourceKind::Gp) => "a GP practice",
        _ => "a file",
    }
}

/// What the audit log says an undo did: counts only.
fn audit_detail(run: &ImportRun, c: &UndoCounts) -> String {
    let what = match run.kind {
        ImportKind::Readings => format!("{} removed", plural(i64::from(c.readings_removed), "1 reading", "readings")),
        ImportKind::Record => format!(
            "{} removed, {} put back as they were before it",
            plural(i64::from(c.entries_removed), "1 entry", "entries"),
            plural(i64::from(c.entries_restored), "1 entry", "entries")
        ),
    };
    format!("import {} from {} undone: {what}", run.import_id, described(run))
}

impl Vault {
    /// The import `import_id` and what undoing it would do, with nothing changed.
    /// IMPORT_NOT_FOUND when the history has no such import, NOTHING_TO_UNDO when it was
    /// undone already, IMPORT_UNDO_BLOCKED (saying why) when it cannot be undone as a whole.
    pub fn preview_undo_import(&self, id: &PersonId, import_id: i64) -> Result<(ImportRun, UndoCounts)> {
        self.read_person(id, |conn, path| {
            let run = undoable_run(conn, import_id, path)?;
            if let Some(why) = blocked(conn, &run).map_err(|e| db_error(path, &e))? {
                return Err(VaultError::new(ErrorCode::ImportUndoBlocked, why));
            }
            let c = counts(conn, &run).map_err(|e| db_error(path, &e))?;
            Ok((run, c))
        })
    }

    /// Undoes import `import_id` as a whole (see the module's documentation), in one
    /// transaction with its audit entry, and marks it undone in the history. The same refusals
    /// as [`Vault::preview_undo_import`].
    pub fn undo_import(&mut self, id: &PersonId, import_id: i64) -> Result<(ImportRun, UndoCounts)> {
        let now = self.now();
        // The audit entry needs the counts, which need the run: read them first, then check
        // again inside the transaction, which is what counts.
        let (run, planned) = self.preview_undo_import(id, import_id)?;
        let detail = audit_detail(&run, &planned);
        self.write_person(id, AuditAction::ImportUndone, &detail, |tx, path| {
            let run = undoable_run(tx, import_id, path)?;
            if let Some(why) = blocked(tx, &run).map_err(|e| db_error(path, &e))? {
                return Err(VaultError::new(ErrorCode::ImportUndoBlocked, why));
            }
            let done = counts(tx, &run).map_err(|e| db_error(path, &e))?;
            if done != planned {
                return Err(VaultError::new(ErrorCode::Internal, "The record changed while the undo was starting."));
            }
            let undo = match run.kind {
                ImportKind::Readings => undo_readings(tx, import_id),
                ImportKind::Record => undo_record(tx, import_id),
            };
            undo.and_then(|()| mark_undone(tx, import_id, now)).map_err(|e| db_error(path, &e))?;
            let mut run = run;
            run.undone_at = Some(now);
            Ok((run, done))
        })
    }
}

fn mark_undone(tx: &Transaction<'_>, import_id: i64, now: DateTime<Utc>) -> rusqlite::Result<()> {
    tx.execute("UPDATE import_run SET undone_at = ?2 WHERE id = ?1", params![import_id, time_text(now)])?;
    Ok(())
}

/// Takes out every reading the import added and recomputes the rollups of their hours.
fn undo_readings(tx: &Transaction<'_>, import_id: i64) -> rusqlite::Result<()> {
    let mut touched = rollup::Touched::default();
    {
        let mut stmt = tx.prepare("SELECT kind, at FROM reading WHERE import_id = ?1")?;
        let rows = stmt.query_map([import_id], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?;
        for row in rows {
            let (kind, at) = row?;
            touched.changed(kind, at);
        }
    }
    tx.execute("DELETE FROM reading WHERE import_id = ?1", [import_id])?;
    pause_for_tests();
    touched.recompute(tx)
}

/// Takes out what a FHIR import first brought and puts back what it replaced.
fn undo_record(tx: &Transaction<'_>, import_id: i64) -> rusqlite::Result<()> {
    remove_brought(tx, import_id)?;
    pause_for_tests();
    let replaced: Vec<i64> = {
        let mut stmt = tx.prepare(
            "SELECT h.resource_id, min(h.id) FROM resource_history h WHERE h.replaced_by_import = ?1
             GROUP BY h.resource_id ORDER BY h.resource_id",
        )?;
        let rows = stmt.query_map([import_id], |r| r.get::<_, i64>(1))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for history_id in replaced {
        put_back(tx, history_id)?;
    }
    tx.execute(
        "DELETE FROM attachment_history WHERE history_id IN
             (SELECT id FROM resource_history WHERE replaced_by_import = ?1)",
        [import_id],
    )?;
    tx.execute("DELETE FROM resource_history WHERE replaced_by_import = ?1", [import_id])?;
    Ok(())
}

/// Removes every resource the import first brought, with its entry, the entry's links both
/// ways, attachments and search-index row, and the resource's kept versions.
fn remove_brought(tx: &Transaction<'_>, import_id: i64) -> rusqlite::Result<()> {
    const ENTRIES: &str =
        "SELECT e.id FROM entry e JOIN resource r ON r.id = e.resource_id WHERE r.first_import_id = ?1";
    // Out of the search index first, while the index and the rows agree.
    tx.execute(
        &format!(
            "INSERT INTO entry_fts (entry_fts, rowid, title, search_text)
             SELECT 'delete', id, title, search_text FROM entry WHERE id IN ({ENTRIES})"
        ),
        [import_id],
    )?;
    tx.execute(
        &format!("DELETE FROM entry_link WHERE from_entry IN ({ENTRIES}) OR to_entry IN ({ENTRIES})"),
        [import_id],
    )?;
    tx.execute(&format!("DELETE FROM attachment WHERE entry_id IN ({ENTRIES})"), [import_id])?;
    tx.execute(
        "DELETE FROM entry WHERE resource_id IN (SELECT id FROM resource WHERE first_import_id = ?1)",
        [import_id],
    )?;
    tx.execute(
        "DELETE FROM attachment_history WHERE history_id IN (SELECT h.id FROM resource_history h
             JOIN resource r ON r.id = h.resource_id WHERE r.first_import_id = ?1)",
        [import_id],
    )?;
    tx.execute(
        "DELETE FROM resource_history WHERE resource_id IN (SELECT id FROM resource WHERE first_import_id = ?1)",
        [import_id],
    )?;
    tx.execute("DELETE FROM resource WHERE first_import_id = ?1", [import_id])?;
    Ok(())
}

/// An entry as it was kept beside an older version (`store::replace_resource`).
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct KeptEntry {
    kind: String,
    title: String,
    status: Option<String>,
    date: Option<String>,
    sort_date: String,
    value_text: Option<String>,
    flag: Option<String>,
    abnormal: i64,
    active: i64,
    codes: String,
    value: Option<String>,
    components: String,
    facts: String,
    search_text: String,
    sensitivity: String,
    created_at: String,
    updated_at: String,
    /// A result's range check (`record_store::range`); absent for other entries. A result put
    /// back without one is judged when the record next opens.
    #[serde(default)]
    range_check: Option<i64>,
    /// (source id, resource type, logical id, role) of each resource the entry linked to.
    links: Vec<(i64, String, String, String)>,
}

/// Puts a replaced resource back to the version kept in history row `history_id`: the
/// resource's text, the import that brought it and when it was last seen, and its entry with
/// the entry's links and attachments. A label the citizen chose since the import is kept.
fn put_back(tx: &Transaction<'_>, history_id: i64) -> rusqlite::Result<()> {
    let (resource_id, kept): (i64, Option<String>) =
        tx.query_row("SELECT resource_id, entry FROM resource_history WHERE id = ?1", [history_id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    tx.execute(
        "UPDATE resource SET (version_id, content_hash, fhir_version, raw, r4, last_imported_at, import_id, full_url) =
             (SELECT version_id, content_hash, fhir_version, raw, r4, imported_at, import_id, full_url
              FROM resource_history WHERE id = ?2)
         WHERE id = ?1",
        params![resource_id, history_id],
    )?;
    let entry_id: Option<i64> =
        tx.query_row("SELECT id FROM entry WHERE resource_id = ?1", [resource_id], |r| r.get(0)).optional()?;
    let kept: Option<KeptEntry> = kept.as_deref().and_then(|k| serde_json::from_str(k).ok());
    if let Some(e) = entry_id {
        search_index::unindex_entry(tx, e)?;
        tx.execute("DELETE FROM entry_link WHERE from_entry = ?1", [e])?;
        tx.execute("DELETE FROM attachment WHERE entry_id = ?1", [e])?;
    }
    let Some(k) = kept else {
        // The resource had no entry before the import made one.
        if let Some(e) = entry_id {
            tx.execute("DELETE FROM entry_link WHERE to_entry = ?1", [e])?;
            tx.execute("DELETE FROM entry WHERE id = ?1", [e])?;
        }
        return Ok(());
    };
    let cols = params![
        resource_id,
        k.kind,
        k.title,
        k.status,
        k.date,
        k.sort_date,
        k.value_text,
        k.flag,
        k.abnormal,
        k.active,
        k.codes,
        k.value,
        k.components,
        k.facts,
        k.search_text,
        k.sensitivity,
        k.created_at,
        k.updated_at,
        k.range_check
    ];
    let entry = match entry_id {
        Some(e) => {
            tx.execute(
                "UPDATE entry SET kind = ?2, title = ?3, status = ?4, date = ?5, sort_date = ?6, value_text = ?7,
                     flag = ?8, abnormal = ?9, active = ?10, codes = ?11, value = ?12, components = ?13, facts = ?14,
                     search_text = ?15, sensitivity = CASE WHEN sensitivity_set_by_user THEN sensitivity ELSE ?16 END,
                     created_at = ?17, updated_at = ?18, range_check = ?19, place = NULL
                 WHERE resource_id = ?1",
                cols,
            )?;
            e
        }
        None => {
            tx.execute(
                "INSERT INTO entry (resource_id, kind, title, status, date, sort_date, value_text, flag, abnormal,
                     active, codes, value, components, facts, search_text, sensitivity, sensitivity_set_by_user,
                     created_at, updated_at, range_check)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, 0, ?17, ?18, ?19)",
                cols,
            )?;
            tx.last_insert_rowid()
        }
    };
    search_index::index_entry(tx, entry)?;
    // The entry put back is placed again from its columns (`record_store::place`).
    crate::record_store::place_unplaced(tx)?;
    for (source_id, resource_type, logical_id, role) in &k.links {
        // A resource linked to then may have gone since (an undo of its own import).
        tx.execute(
            "INSERT OR IGNORE INTO entry_link (from_entry, to_entry, role)
             SELECT ?1, e.id, ?5 FROM resource r JOIN entry e ON e.resource_id = r.id
             WHERE r.source_id = ?2 AND r.resource_type = ?3 AND r.logical_id = ?4 AND e.id <> ?1",
            params![entry, source_id, resource_type, logical_id, role],
        )?;
    }
    tx.execute(
        "INSERT INTO attachment (entry_id, title, content_type, data)
         SELECT ?1, title, content_type, data FROM attachment_history WHERE history_id = ?2 ORDER BY id",
        params![entry, history_id],
    )?;
    Ok(())
}

/// Test seam: called inside an undo's transaction, half-way through its writes, so a test can
/// kill the process there and check the record is exactly as it was before.
#[cfg(feature = "test-seams")]
static PAUSE_INSIDE_UNDO: std::sync::Mutex<Option<Box<dyn Fn() + Send>>> = std::sync::Mutex::new(None);

#[cfg(feature = "test-seams")]
fn pause_for_tests() {
    if let Ok(pause) = PAUSE_INSIDE_UNDO.lock()
        && let Some(f) = pause.as_ref()
    {
        f();
    }
}

#[cfg(not(feature = "test-seams"))]
fn pause_for_tests() {}

/// Makes every undo in this process call `f` inside its transaction, half-way through its
/// writes (before the rollups are recomputed, or before replaced resources are put back).
/// Only in a `test-seams` build: for the test that kills the process there.
#[cfg(feature = "test-seams")]
#[doc(hidden)]
pub fn debug_pause_inside_undo_for_tests(f: impl Fn() + Send + 'static) {
    if let Ok(mut pause) = PAUSE_INSIDE_UNDO.lock() {
        *pause = Some(Box::new(f));
    }
}
