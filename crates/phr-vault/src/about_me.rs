//! "What matters to me" as stored: the Goal, RelatedPerson, Organization and Flag resources
//! `phr_core::record::about_me` writes, kept through the import pipeline under the source
//! "You" (or the carer's) exactly as the person's own entries are (`own_entries`), so they are
//! searched, exported, shared and kept private from a carer like any entry. A change stores
//! the next version of the same resource under the source it was first stored under (a carer
//! changing what the person wrote does not make a second copy); a removal keeps the
//! resource's text in `own_entry_deleted` (migration 17) so it can be put back with
//! `Vault::restore_own_entry`, and removes it everywhere else, in one transaction.
//!
//! Also the practice the person's GP record came from (`source.ods_code` and name), which the
//! "What matters to me" screen offers when the person has not named one.

use phr_core::audit::AuditAction;
use phr_core::record::about_me::{AboutPart, PART_TAG_SYSTEM};
use phr_core::record::own_entry::Author;
use rusqlite::{Connection, params};

use crate::error::{Result, VaultError, db_error};
use crate::model::PersonId;
use crate::own_entries::{remove_entry, source_for};
use crate::person_store::{parse_time, time_text};
use crate::record_store::{ImportDocument, ImportOutcome, SourceInfo, SourceKind};
use crate::vault::Vault;

/// One stored "What matters to me" resource.
#[derive(Clone, PartialEq)]
pub struct AboutMeResource {
    pub entry_id: i64,
    pub part: AboutPart,
    pub logical_id: String,
    /// Written by their carer (else by the person).
    pub by_carer: bool,
    /// The source's name: "You", "Sarah (carer)".
    pub source_name: String,
    pub version: u32,
    /// The resource's R4 text.
    pub resource: String,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}
phr_core::redacted_debug!(AboutMeResource { entry_id, part, by_carer, version });

/// The practice a GP record came from: its name and ODS code.
#[derive(Clone, PartialEq, Eq)]
pub struct RecordPractice {
    pub name: String,
    pub ods_code: Option<String>,
}
phr_core::redacted_debug!(RecordPractice);

/// A resource to store: its R4 text and, when it changes one already stored, that entry.
#[derive(Clone, PartialEq)]
pub struct AboutMeWrite {
    pub resource: String,
    pub replaces: Option<i64>,
}
phr_core::redacted_debug!(AboutMeWrite { replaces });

const ABOUT_TYPES: &str = "('Goal', 'RelatedPerson', 'Organization', 'Flag')";

fn about_in(conn: &Connection) -> rusqlite::Result<Vec<AboutMeResource>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT e.id, r.logical_id, s.kind, s.name, r.version_id, coalesce(r.r4, r.raw), r.last_imported_at
         FROM entry e JOIN resource r ON r.id = e.resource_id JOIN source s ON s.id = r.source_id
         WHERE s.kind IN ('self', 'carer') AND r.resource_type IN {ABOUT_TYPES}
           AND coalesce(r.r4, r.raw) LIKE '%{PART_TAG_SYSTEM}%'
         ORDER BY e.id"
    ))?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (entry_id, logical_id, kind, source_name, version, resource, updated) = row?;
        let value: serde_json::Value = serde_json::from_str(&resource).unwrap_or_default();
        let Some(part) = AboutPart::of_resource(&value) else { continue };
        out.push(AboutMeResource {
            entry_id,
            part,
            logical_id,
            by_carer: kind == SourceKind::Carer.as_str(),
            source_name,
            version: version.and_then(|v| v.parse().ok()).unwrap_or(1),
            resource,
            updated_at: parse_time(&updated).unwrap_or_default(),
        });
    }
    Ok(out)
}

fn detail() -> &'static str {
    "what matters to them"
}

impl Vault {
    /// Every "What matters to me" resource in the person's record, oldest first.
    pub fn about_me(&self, id: &PersonId) -> Result<Vec<AboutMeResource>> {
        self.read_person(id, |conn, path| about_in(conn).map_err(|e| db_error(path, &e)))
    }

    /// The practice the person's GP record came from, when a GP import named it (the newest).
    pub fn record_practice(&self, id: &PersonId) -> Result<Option<RecordPractice>> {
        self.read_person(id, |conn, path| {
            let mut stmt = conn
                .prepare("SELECT name, ods_code FROM source WHERE kind = 'gp' ORDER BY id DESC LIMIT 1")
                .map_err(|e| db_error(path, &e))?;
            let mut rows = stmt
                .query_map([], |r| Ok(RecordPractice { name: r.get(0)?, ods_code: r.get(1)? }))
                .map_err(|e| db_error(path, &e))?;
            rows.next().transpose().map_err(|e| db_error(path, &e))
        })
    }

    /// Stores `writes` (new resources under `author`'s source; changed ones under the source
    /// they were stored under), each source's in one import with its audit entry. Returns how
    /// many were stored here (the rest the person's limits sealed for their private part).
    pub fn save_about_me(&mut self, id: &PersonId, author: &Author, writes: &[AboutMeWrite]) -> Result<usize> {
        let stored = self.about_me(id)?;
        let mut by_source: Vec<(SourceInfo, Vec<ImportDocument>)> = Vec::new();
        for w in writes {
            let source = match w.replaces.and_then(|e| stored.iter().find(|s| s.entry_id == e)) {
                Some(s) if s.by_carer => SourceInfo {
                    kind: SourceKind::Carer,
                    key: "carer".into(),
                    name: s.source_name.clone(),
                    ods_code: None,
                    url: None,
                },
                Some(_) => source_for(&Author::Person),
                None if w.replaces.is_some() => {
                    return Err(VaultError::new(
                        phr_core::ErrorCode::EntryNotFound,
                        "That item is no longer in the record: it may have been removed. Nothing was saved.",
                    ));
                }
                None => source_for(author),
            };
            let doc = ImportDocument { name: "What matters to you".into(), text: w.resource.clone() };
            match by_source.iter_mut().find(|(s, _)| s.kind == source.kind) {
                Some((_, docs)) => docs.push(doc),
                None => by_source.push((source, vec![doc])),
            }
        }
        let mut count = 0;
        for (source, docs) in by_source {
            let report = self.import_fhir_as(id, &source, &docs, AuditAction::OwnEntryEdited, detail())?;
            if let Some(why) =
                report.items.iter().find_map(|i| (i.outcome == ImportOutcome::Rejected).then(|| i.reason.clone()))
            {
                return Err(VaultError::internal(format!("what matters was not stored: {}", why.unwrap_or_default())));
            }
            count += report
                .items
                .iter()
                .filter(|i| {
                    matches!(i.outcome, ImportOutcome::Added | ImportOutcome::Updated | ImportOutcome::Unchanged)
                })
                .count();
        }
        Ok(count)
    }

    /// Removes the "What matters to me" resources of `entry_ids`, keeping each one's text
    /// aside, in one transaction. Returns the tokens that put them back
    /// ([`Vault::restore_own_entry`]). ENTRY_NOT_FOUND when one is not such a resource.
    pub fn remove_about_me(&mut self, id: &PersonId, entry_ids: &[i64]) -> Result<Vec<i64>> {
        if entry_ids.is_empty() {
            return Ok(Vec::new());
        }
        let stored = self.about_me(id)?;
        for e in entry_ids {
            if !stored.iter().any(|s| s.entry_id == *e) {
                return Err(VaultError::new(
                    phr_core::ErrorCode::EntryNotFound,
                    format!("There is no item {e} of what matters to you in this record"),
                ));
            }
        }
        let now = time_text(self.now());
        self.write_person(id, AuditAction::OwnEntryDeleted, detail(), |tx, path| {
            let mut undo = Vec::new();
            for entry_id in entry_ids {
                let (kind, key, name, resource_type, logical_id, resource, resource_id): (
                    String,
                    String,
                    String,
                    String,
                    String,
                    String,
                    i64,
                ) = tx
                    .query_row(
                        "SELECT s.kind, s.key, s.name, r.resource_type, r.logical_id, coalesce(r.r4, r.raw), r.id
                         FROM entry e JOIN resource r ON r.id = e.resource_id JOIN source s ON s.id = r.source_id
                         WHERE e.id = ?1",
                        [entry_id],
                        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)),
                    )
                    .map_err(|e| db_error(path, &e))?;
                tx.execute(
                    "INSERT INTO own_entry_deleted (source_kind, source_key, source_name, resource_type, logical_id, resource, deleted_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![kind, key, name, resource_type, logical_id, resource, now],
                )
                .map_err(|e| db_error(path, &e))?;
                undo.push(tx.last_insert_rowid());
                remove_entry(tx, *entry_id, resource_id).map_err(|e| db_error(path, &e))?;
            }
            Ok(undo)
        })
    }
}
