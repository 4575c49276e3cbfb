//! The person's own entries, and their own notes and hides on any entry.
//!
//! An own entry is a FHIR resource written by `phr_core::record::own_entry`, stored through the
//! import pipeline under the source "You" (kind `self`, key `self`), or, when a carer adds it,
//! under the carer's source (kind `carer`, key `carer`, named "Sarah (carer)"): so it is
//! searched, summarised, labelled, exported and kept private from a carer exactly as an
//! imported entry is (a mental health condition the person adds while their limits hide mental
//! health is sealed to their key like any arrival). An edit stores the next version of the
//! same resource, and the import keeps the one before. A delete moves the resource's text
//! into `own_entry_deleted` (migration 17) and removes the entry everywhere else, in one
//! transaction; putting it back stores it again through the pipeline.
//!
//! A note on an entry, and "hide from my timeline", are kept in `entry_annotation` beside the
//! resource, named by its source key, type and logical id (so they outlive a re-import and a
//! move to the private part), and never change the resource's stored bytes. A hidden entry is
//! left out of the timeline only: it is still searched, summarised and exported. When an entry
//! moves into the private part its annotation moves with it (`private_part`), so no note on a
//! private entry stays in what the carer can read; it comes back with the entry.

use phr_core::ErrorCode;
use phr_core::audit::AuditAction;
use phr_core::record::own_entry::{Author, OwnKind};
use rusqlite::{Connection, OptionalExtension, Transaction, params};

use crate::error::{Result, VaultError, db_error};
use crate::model::PersonId;
use crate::person_store::{parse_time, time_text};
use crate::record_store::{
    EntryRow, ImportDocument, ImportOutcome, ImportReport, SourceInfo, SourceKind, search_index,
};
use crate::vault::Vault;

/// The source an author's entries are kept under.
pub fn source_for(author: &Author) -> SourceInfo {
    match author {
        Author::Person => SourceInfo {
            kind: SourceKind::SelfEntered,
            key: "self".into(),
            name: author.source_name(),
            ods_code: None,
            url: None,
        },
        Author::Carer { .. } => SourceInfo {
            kind: SourceKind::Carer,
            key: "carer".into(),
            name: author.source_name(),
            ods_code: None,
            url: None,
        },
    }
}

/// One of the person's own entries as stored.
#[derive(Clone, PartialEq)]
pub struct OwnEntry {
    pub entry_id: i64,
    pub kind: OwnKind,
    pub logical_id: String,
    /// Added by their carer (else by the person).
    pub by_carer: bool,
    /// The source's name: "You", "Sarah (carer)".
    pub source_name: String,
    /// Its stored version (1 when never edited).
    pub version: u32,
    /// The resource's R4 text.
    pub resource: String,
    pub added_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}
phr_core::redacted_debug!(OwnEntry { entry_id, kind, by_carer, version });

/// A deleted own entry, kept so it can be put back.
#[derive(Clone, PartialEq)]
pub struct DeletedOwnEntry {
    /// The token that puts it back.
    pub undo_id: i64,
    pub kind: OwnKind,
    pub deleted_at: chrono::DateTime<chrono::Utc>,
}
phr_core::redacted_debug!(DeletedOwnEntry { undo_id, kind, deleted_at });

/// The person's own note on an entry, and whether they hid it from their timeline.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Annotation {
    pub note: Option<String>,
    pub note_at: Option<chrono::DateTime<chrono::Utc>>,
    pub hidden: bool,
}
phr_core::redacted_debug!(Annotation { hidden });

const OWN_TYPES: &str =
    "('Condition', 'MedicationStatement', 'AllergyIntolerance', 'Immunization', 'Procedure', 'DocumentReference')";

const OWN_SQL: &str = "SELECT e.id, r.resource_type, r.logical_id, s.kind, s.name, r.version_id, coalesce(r.r4, r.raw),
        r.first_imported_at, r.last_imported_at, e.codes
    FROM entry e JOIN resource r ON r.id = e.resource_id JOIN source s ON s.id = r.source_id";

fn own_of(r: &rusqlite::Row<'_>) -> rusqlite::Result<Option<OwnEntry>> {
    let t: String = r.get(1)?;
    let codes: String = r.get(9)?;
    let Some(kind) = kind_of(&t, &codes) else { return Ok(None) };
    let source_kind: String = r.get(3)?;
    let version: Option<String> = r.get(5)?;
    let added: String = r.get(7)?;
    let updated: String = r.get(8)?;
    Ok(Some(OwnEntry {
        entry_id: r.get(0)?,
        kind,
        logical_id: r.get(2)?,
        by_carer: source_kind == SourceKind::Carer.as_str(),
        source_name: r.get(4)?,
        version: version.and_then(|v| v.parse().ok()).unwrap_or(1),
        resource: r.get(6)?,
        added_at: parse_time(&added).unwrap_or_default(),
        updated_at: parse_time(&updated).unwrap_or_default(),
    }))
}

/// The kind of an own resource of type `resource_type` whose entry holds `codes` (its JSON):
/// a `DocumentReference` is told apart by its type's code (a note, a document, a decision).
fn kind_of(resource_type: &str, codes: &str) -> Option<OwnKind> {
    let codes: Vec<serde_json::Value> = serde_json::from_str(codes).unwrap_or_default();
    let pairs: Vec<(&str, &str)> =
        codes.iter().filter_map(|c| Some((c.get("system")?.as_str()?, c.get("code")?.as_str()?))).collect();
    OwnKind::of_resource(resource_type, &pairs)
}

/// Every own entry in a database, newest added first.
pub(crate) fn own_entries_in(conn: &Connection) -> rusqlite::Result<Vec<OwnEntry>> {
    let mut stmt = conn.prepare(&format!(
        "{OWN_SQL} WHERE s.kind IN ('self', 'carer') AND r.resource_type IN {OWN_TYPES} ORDER BY r.id DESC"
    ))?;
    let rows = stmt.query_map([], own_of)?;
    let mut out = Vec::new();
    for row in rows {
        out.extend(row?);
    }
    Ok(out)
}

/// Who added each of `entry_ids` that the person or their carer wrote: (entry id, by a carer,
/// the name to show). Their own entries here, and entries that arrived in an import carrying
/// this app's own-entry tag (an export of their record imported again), so an entry they wrote
/// is never shown as if a GP had recorded it.
pub(crate) fn authors_in(conn: &Connection, entry_ids: &[i64]) -> rusqlite::Result<Vec<(i64, bool, String)>> {
    if entry_ids.is_empty() {
        return Ok(Vec::new());
    }
    let list: Vec<String> = entry_ids.iter().map(i64::to_string).collect();
    let mut stmt = conn.prepare(&format!(
        "SELECT e.id, s.kind, s.name, r.resource_type, coalesce(r.r4, r.raw) FROM entry e
         JOIN resource r ON r.id = e.resource_id JOIN source s ON s.id = r.source_id
         WHERE e.id IN ({}) AND r.resource_type IN {OWN_TYPES}
           AND (s.kind IN ('self', 'carer') OR coalesce(r.r4, r.raw) LIKE '%{}%')",
        list.join(", "),
        phr_core::record::own_entry::SOURCE_TAG_SYSTEM
    ))?;
    let rows = stmt.query_map([], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(4)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, kind, name, text) = row?;
        if kind == SourceKind::SelfEntered.as_str() {
            out.push((id, false, name));
        } else if kind == SourceKind::Carer.as_str() {
            out.push((id, true, name));
        } else {
            let value: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
            if let Some(by_carer) = phr_core::record::own_entry::tagged_by_carer(&value) {
                let name =
                    if by_carer { Author::Carer { name: None }.source_name() } else { Author::Person.source_name() };
                out.push((id, by_carer, name));
            }
        }
    }
    Ok(out)
}

fn own_entry_in(conn: &Connection, entry_id: i64) -> rusqlite::Result<Option<OwnEntry>> {
    conn.query_row(
        &format!("{OWN_SQL} WHERE e.id = ?1 AND s.kind IN ('self', 'carer') AND r.resource_type IN {OWN_TYPES}"),
        [entry_id],
        own_of,
    )
    .optional()
    .map(Option::flatten)
}

fn not_own(entry_id: i64) -> VaultError {
    VaultError::new(
        ErrorCode::EntryNotFound,
        format!(
            "There is no entry {entry_id} of your own in this record: only entries you added can be changed or deleted"
        ),
    )
}

/// The stored identity of an entry's resource: (source key, resource type, logical id).
pub(crate) fn identity(conn: &Connection, entry_id: i64) -> rusqlite::Result<Option<(String, String, String)>> {
    conn.query_row(
        "SELECT s.key, r.resource_type, r.logical_id
         FROM entry e JOIN resource r ON r.id = e.resource_id JOIN source s ON s.id = r.source_id WHERE e.id = ?1",
        [entry_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .optional()
}

/// The entries of `conn` that the person hid from their timeline, as an SQL condition on an
/// entry `e` (for the timeline's queries).
pub(crate) const NOT_HIDDEN: &str = "e.resource_id NOT IN (SELECT r2.id FROM entry_annotation a
    JOIN source s2 ON s2.key = a.source_key
    JOIN resource r2 ON r2.source_id = s2.id AND r2.resource_type = a.resource_type AND r2.logical_id = a.logical_id
    WHERE a.hidden = 1)";

/// The resources the person hid from their timeline (a handful at most), for the timeline's
/// query to leave out by id: a literal list keeps SQLite walking the date index to a page,
/// where a subquery (`NOT IN` or `NOT EXISTS`) made it read the whole record (1.8 to 12 s a
/// page on 100,000 resources, against 27 ms).
pub(crate) fn hidden_resource_ids(conn: &Connection) -> rusqlite::Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r2.id FROM entry_annotation a
         JOIN source s2 ON s2.key = a.source_key
         JOIN resource r2 ON r2.source_id = s2.id AND r2.resource_type = a.resource_type AND r2.logical_id = a.logical_id
         WHERE a.hidden = 1",
    )?;
    stmt.query_map([], |r| r.get(0))?.collect()
}

pub(crate) fn annotation_in(conn: &Connection, key: &(String, String, String)) -> rusqlite::Result<Annotation> {
    conn.query_row(
        "SELECT note, note_at, hidden FROM entry_annotation WHERE source_key = ?1 AND resource_type = ?2 AND logical_id = ?3",
        params![key.0, key.1, key.2],
        |r| {
            let at: Option<String> = r.get(1)?;
            Ok(Annotation { note: r.get(0)?, note_at: at.as_deref().and_then(parse_time), hidden: r.get(2)? })
        },
    )
    .optional()
    .map(Option::unwrap_or_default)
}

fn write_annotation(
    tx: &Transaction<'_>,
    key: &(String, String, String),
    a: &Annotation,
    now: &str,
) -> rusqlite::Result<()> {
    if a.note.is_none() && !a.hidden {
        tx.execute(
            "DELETE FROM entry_annotation WHERE source_key = ?1 AND resource_type = ?2 AND logical_id = ?3",
            params![key.0, key.1, key.2],
        )?;
        return Ok(());
    }
    tx.execute(
        "INSERT INTO entry_annotation (source_key, resource_type, logical_id, note, note_at, hidden, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (source_key, resource_type, logical_id) DO UPDATE SET
             note = excluded.note, note_at = excluded.note_at, hidden = excluded.hidden, updated_at = excluded.updated_at",
        params![key.0, key.1, key.2, a.note, a.note_at.map(time_text), a.hidden, now],
    )?;
    Ok(())
}

/// Removes every trace of one entry and its resource from `tx`'s database.
pub(crate) fn remove_entry(tx: &Transaction<'_>, entry_id: i64, resource_id: i64) -> rusqlite::Result<()> {
    search_index::unindex_entry(tx, entry_id)?;
    tx.execute("DELETE FROM entry_link WHERE from_entry = ?1 OR to_entry = ?1", [entry_id])?;
    tx.execute("DELETE FROM attachment WHERE entry_id = ?1", [entry_id])?;
    tx.execute(
        "DELETE FROM attachment_history WHERE history_id IN (SELECT id FROM resource_history WHERE resource_id = ?1)",
        [resource_id],
    )?;
    tx.execute("DELETE FROM resource_history WHERE resource_id = ?1", [resource_id])?;
    tx.execute("DELETE FROM entry WHERE id = ?1", [entry_id])?;
    tx.execute("DELETE FROM resource WHERE id = ?1", [resource_id])?;
    Ok(())
}

/// One earlier version of a resource, as `resource_history` keeps it.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct KeptVersion {
    version_id: Option<String>,
    content_hash: String,
    fhir_version: String,
    raw: String,
    r4: Option<String>,
    imported_at: String,
    replaced_at: String,
}

/// A deleted own entry with earlier versions, as `own_entry_deleted.resource` keeps it (an
/// entry never edited keeps its resource's text alone, as before there were versions to keep).
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct KeptWithVersions {
    kept_own_entry: u32,
    resource: String,
    versions: Vec<KeptVersion>,
}

/// What a delete keeps of resource `resource_id`: its text, with its earlier versions when it
/// has any, so putting it back brings back its whole history and not only its latest version.
fn kept_text(tx: &Transaction<'_>, resource_id: i64, resource: &str) -> rusqlite::Result<String> {
    let mut stmt = tx.prepare(
        "SELECT version_id, content_hash, fhir_version, raw, r4, imported_at, replaced_at
         FROM resource_history WHERE resource_id = ?1 ORDER BY id",
    )?;
    let versions = stmt
        .query_map([resource_id], |r| {
            Ok(KeptVersion {
                version_id: r.get(0)?,
                content_hash: r.get(1)?,
                fhir_version: r.get(2)?,
                raw: r.get(3)?,
                r4: r.get(4)?,
                imported_at: r.get(5)?,
                replaced_at: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    if versions.is_empty() {
        return Ok(resource.to_owned());
    }
    let kept = KeptWithVersions { kept_own_entry: 1, resource: resource.to_owned(), versions };
    serde_json::to_string(&kept).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))
}

/// The resource's text and its earlier versions from what a delete kept.
fn unkept(kept: &str) -> (String, Vec<KeptVersion>) {
    match serde_json::from_str::<KeptWithVersions>(kept) {
        Ok(k) => (k.resource, k.versions),
        Err(_) => (kept.to_owned(), Vec::new()),
    }
}

/// Puts `versions` back as the history of the resource named by (source key, type, id), when
/// it is in this database (not when the person's limits sealed it for their private part).
fn put_back_versions(
    tx: &Transaction<'_>,
    (key, resource_type, logical_id): (&str, &str, &str),
    versions: &[KeptVersion],
) -> rusqlite::Result<()> {
    let target: Option<i64> = tx
        .query_row(
            "SELECT r.id FROM resource r JOIN source s ON s.id = r.source_id
             WHERE s.key = ?1 AND r.resource_type = ?2 AND r.logical_id = ?3",
            params![key, resource_type, logical_id],
            |r| r.get(0),
        )
        .optional()?;
    let Some(target) = target else { return Ok(()) };
    for v in versions {
        tx.execute(
            "INSERT INTO resource_history
                 (resource_id, version_id, content_hash, fhir_version, raw, r4, imported_at, replaced_at)
             SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8
             WHERE NOT EXISTS (SELECT 1 FROM resource_history
                               WHERE resource_id = ?1 AND content_hash = ?3 AND replaced_at = ?8)",
            params![target, v.version_id, v.content_hash, v.fhir_version, v.raw, v.r4, v.imported_at, v.replaced_at],
        )?;
    }
    Ok(())
}

fn one_resource_doc(resource: &str) -> ImportDocument {
    ImportDocument { name: "Your entry".into(), text: resource.to_owned() }
}

/// The entry an own-entry write stored, from its report: `None` when the person's limits
/// sealed it for their private part (it is not in this record).
fn stored_entry(report: &ImportReport) -> Option<i64> {
    report
        .items
        .iter()
        .find(|i| matches!(i.outcome, ImportOutcome::Added | ImportOutcome::Updated | ImportOutcome::Unchanged))
        .and_then(|i| i.entry_id)
}

impl Vault {
    /// Stores a new own entry (`resource`, from `own_entry::resource`) under `author`'s
    /// source, in one transaction with its audit entry. Returns the entry's id, or `None`
    /// when the person's limits keep it from their carer (sealed for their private part).
    pub fn add_own_entry(
        &mut self,
        id: &PersonId,
        author: &Author,
        kind: OwnKind,
        resource: &str,
    ) -> Result<Option<i64>> {
        let detail = format!("a {} of their own", kind.code());
        let report = self.import_fhir_as(
            id,
            &source_for(author),
            &[one_resource_doc(resource)],
            AuditAction::OwnEntryAdded,
            &detail,
        )?;
        if let Some(why) =
            report.items.iter().find_map(|i| (i.outcome == ImportOutcome::Rejected).then(|| i.reason.clone()))
        {
            return Err(VaultError::internal(format!("an own entry was not stored: {}", why.unwrap_or_default())));
        }
        Ok(stored_entry(&report))
    }

    /// Who added each of `entry_ids` the person or their carer wrote (see `authors_in`).
    pub fn entry_authors(&self, id: &PersonId, entry_ids: &[i64]) -> Result<Vec<(i64, bool, String)>> {
        self.read_person_derived(id, |conn, path, kept| {
            kept.authors(conn, entry_ids, authors_in).map_err(|e| db_error(path, &e))
        })
    }

    /// Every own entry of the person's record, newest added first.
    pub fn own_entries(&self, id: &PersonId) -> Result<Vec<OwnEntry>> {
        self.read_person(id, |conn, path| own_entries_in(conn).map_err(|e| db_error(path, &e)))
    }

    /// One own entry; ENTRY_NOT_FOUND when `entry_id` is not one (a GP's entry included).
    pub fn own_entry(&self, id: &PersonId, entry_id: i64) -> Result<OwnEntry> {
        self.read_person(id, |conn, path| own_entry_in(conn, entry_id).map_err(|e| db_error(path, &e)))?
            .ok_or_else(|| not_own(entry_id))
    }

    /// Stores `resource` (the next version of own entry `entry_id`, same id) in its place; the
    /// version before is kept, as an import keeps a replaced resource.
    pub fn edit_own_entry(&mut self, id: &PersonId, entry_id: i64, resource: &str) -> Result<Option<i64>> {
        let own = self.own_entry(id, entry_id)?;
        let source = if own.by_carer {
            SourceInfo {
                kind: SourceKind::Carer,
                key: "carer".into(),
                name: own.source_name.clone(),
                ods_code: None,
                url: None,
            }
        } else {
            source_for(&Author::Person)
        };
        let detail = format!("a {} of their own", own.kind.code());
        let report =
            self.import_fhir_as(id, &source, &[one_resource_doc(resource)], AuditAction::OwnEntryEdited, &detail)?;
        Ok(stored_entry(&report))
    }

    /// Deletes own entry `entry_id`: its text is kept aside and everything else about it goes,
    /// in one transaction. Returns the token that puts it back.
    pub fn delete_own_entry(&mut self, id: &PersonId, entry_id: i64) -> Result<DeletedOwnEntry> {
        let own = self.own_entry(id, entry_id)?;
        let now = self.now();
        let detail = format!("a {} of their own", own.kind.code());
        self.write_person(id, AuditAction::OwnEntryDeleted, &detail, |tx, path| {
            let (kind, key, name, resource_id): (String, String, String, i64) = tx
                .query_row(
                    "SELECT s.kind, s.key, s.name, r.id FROM entry e JOIN resource r ON r.id = e.resource_id
                     JOIN source s ON s.id = r.source_id WHERE e.id = ?1",
                    [entry_id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .map_err(|e| db_error(path, &e))?;
            let kept = kept_text(tx, resource_id, &own.resource).map_err(|e| db_error(path, &e))?;
            tx.execute(
                "INSERT INTO own_entry_deleted (source_kind, source_key, source_name, resource_type, logical_id, resource, deleted_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![kind, key, name, own.kind.resource_type(), own.logical_id, kept, time_text(now)],
            )
            .map_err(|e| db_error(path, &e))?;
            let undo_id = tx.last_insert_rowid();
            remove_entry(tx, entry_id, resource_id).map_err(|e| db_error(path, &e))?;
            Ok(DeletedOwnEntry { undo_id, kind: own.kind, deleted_at: now })
        })
    }

    /// Puts back a deleted own entry (the token [`Vault::delete_own_entry`] gave). Returns
    /// its new entry id (`None` when the person's limits keep it in their private part).
    /// NOTHING_TO_UNDO when the token is unknown or was used.
    pub fn restore_own_entry(&mut self, id: &PersonId, undo_id: i64) -> Result<Option<i64>> {
        let found = self.read_person(id, |conn, path| {
            conn.query_row(
                "SELECT source_kind, source_key, source_name, resource_type, logical_id, resource FROM own_entry_deleted WHERE id = ?1",
                [undo_id],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, String>(5)?,
                    ))
                },
            )
            .optional()
            .map_err(|e| db_error(path, &e))
        })?;
        let Some((kind, key, name, resource_type, logical_id, kept)) = found else {
            return Err(VaultError::new(
                ErrorCode::NothingToUndo,
                "That entry has already been put back, or was never deleted",
            ));
        };
        let (resource, versions) = unkept(&kept);
        let source = SourceInfo {
            kind: SourceKind::parse(&kind).unwrap_or(SourceKind::SelfEntered),
            key: key.clone(),
            name,
            ods_code: None,
            url: None,
        };
        let own_kind = serde_json::from_str::<serde_json::Value>(&resource)
            .ok()
            .and_then(|r| {
                let pairs: Vec<(&str, &str)> = r
                    .pointer("/type/coding")
                    .and_then(serde_json::Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(|c| Some((c.get("system")?.as_str()?, c.get("code")?.as_str()?)))
                    .collect();
                OwnKind::of_resource(&resource_type, &pairs)
            })
            .map_or("entry", OwnKind::code);
        let detail = format!("a {own_kind} of their own");
        // Through the import (so what the person's limits hide is sealed again), then its
        // earlier versions go back beside it and the kept text is dropped, in one transaction
        // (a crash between leaves the kept text, and putting it back again finishes).
        let report =
            self.import_fhir_as(id, &source, &[one_resource_doc(&resource)], AuditAction::OwnEntryRestored, &detail)?;
        self.write_person(id, AuditAction::OwnEntryRestored, "its kept copy removed", |tx, path| {
            put_back_versions(tx, (&key, &resource_type, &logical_id), &versions).map_err(|e| db_error(path, &e))?;
            tx.execute("DELETE FROM own_entry_deleted WHERE id = ?1", [undo_id]).map_err(|e| db_error(path, &e))?;
            Ok(())
        })?;
        Ok(stored_entry(&report))
    }

    /// The files kept with entry `entry_id` (none when it has none).
    pub fn attachments_of(&self, id: &PersonId, entry_id: i64) -> Result<Vec<crate::record_store::AttachmentInfo>> {
        self.read_person(id, |conn, path| {
            let mut stmt = conn
                .prepare_cached(
                    "SELECT id, title, content_type, length(data) FROM attachment WHERE entry_id = ?1 ORDER BY id",
                )
                .map_err(|e| db_error(path, &e))?;
            stmt.query_map([entry_id], |r| {
                Ok(crate::record_store::AttachmentInfo {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    content_type: r.get(2)?,
                    bytes: r.get(3)?,
                })
            })
            .and_then(|rows| rows.collect())
            .map_err(|e| db_error(path, &e))
        })
    }

    /// Records in the person's audit log that a copy of a kept file was saved out of the
    /// record (unencrypted, where they chose): `detail` says how big, never what.
    pub fn audit_attachment_saved(&mut self, id: &PersonId, detail: &str) -> Result<()> {
        self.write_person(id, AuditAction::RecordExported, detail, |_, _| Ok(()))
    }

    /// The person's note on entry `entry_id` (any entry, a GP's included) and whether it is hidden.
    pub fn annotation(&self, id: &PersonId, entry_id: i64) -> Result<Annotation> {
        self.read_person(id, |conn, path| {
            let key = identity(conn, entry_id).map_err(|e| db_error(path, &e))?.ok_or_else(|| no_entry(entry_id))?;
            annotation_in(conn, &key).map_err(|e| db_error(path, &e))
        })
    }

    /// Writes (or with `None` removes) the person's note on entry `entry_id`. The entry's
    /// resource is not touched.
    pub fn set_entry_note(&mut self, id: &PersonId, entry_id: i64, note: Option<&str>) -> Result<Annotation> {
        let now = self.now();
        self.change_annotation(id, entry_id, |a| {
            a.note = note.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
            a.note_at = a.note.as_ref().map(|_| now);
        })
    }

    /// Hides entry `entry_id` from the person's timeline, or shows it again. It stays in the
    /// record, its searches, summary and exports.
    pub fn set_entry_hidden(&mut self, id: &PersonId, entry_id: i64, hidden: bool) -> Result<Annotation> {
        self.change_annotation(id, entry_id, |a| a.hidden = hidden)
    }

    fn change_annotation(
        &mut self,
        id: &PersonId,
        entry_id: i64,
        change: impl FnOnce(&mut Annotation),
    ) -> Result<Annotation> {
        let now = time_text(self.now());
        self.write_person(id, AuditAction::EntryNoteChanged, "an entry", |tx, path| {
            let key = identity(tx, entry_id).map_err(|e| db_error(path, &e))?.ok_or_else(|| no_entry(entry_id))?;
            let mut a = annotation_in(tx, &key).map_err(|e| db_error(path, &e))?;
            change(&mut a);
            write_annotation(tx, &key, &a, &now).map_err(|e| db_error(path, &e))?;
            Ok(a)
        })
    }

    /// The entries the person hid from their timeline, newest first (to show them again).
    pub fn hidden_entries(&self, id: &PersonId) -> Result<Vec<EntryRow>> {
        let page = self.read_person(id, |conn, path| {
            let mut stmt = conn
                .prepare(&format!(
                    "SELECT e.id FROM entry e WHERE NOT ({NOT_HIDDEN}) ORDER BY e.sort_date DESC, e.id DESC"
                ))
                .map_err(|e| db_error(path, &e))?;
            let ids: Vec<i64> =
                stmt.query_map([], |r| r.get(0)).and_then(|rows| rows.collect()).map_err(|e| db_error(path, &e))?;
            Ok(ids)
        })?;
        page.into_iter().map(|entry_id| self.entry(id, entry_id).map(|e| e.row)).collect()
    }
}

pub(crate) fn no_entry(entry_id: i64) -> VaultError {
    VaultError::new(ErrorCode::EntryNotFound, format!("There is no entry {entry_id} in this record"))
}
