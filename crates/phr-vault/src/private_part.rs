//! A person's private part: `people/<id>.private.db`, a database of the same schema as their
//! record, under a key only their owner key opens. It holds what they keep from their carer.
//!
//! Moves between the record and the private part go through the import pipeline (each
//! resource as it arrived, with its source), so the private part is a record like any other.
//! A move commits where the entries go first, then removes them where they were: a crash
//! between leaves them in both, and the next move (every opening of their own access runs
//! one) finds them already there (an import of the same resource changes nothing) and
//! finishes the removal. Removal leaves nothing of an entry behind: its resource, kept
//! versions, entry, links, attachments, search terms (the search index is merged so no
//! segment keeps its words) and the person's note and hide on it (`entry_annotation`, which
//! moves with the entry); `secure_delete` is on, and the log is checkpointed and truncated.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use phr_core::audit::AuditAction;
use phr_core::carer_limits::{CarerLimits, LimitsRule, entry_key};
use phr_core::record::Sensitivity;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde_json::value::RawValue;

use crate::error::{Result, VaultError, db_error};
use crate::model::PersonId;
use crate::own_access::{OwnerSession, private_db_path};
use crate::person_store::time_text;
use crate::record_store::{
    EntryFull, SearchHit, SourceInfo, SourceKind, TimelineFilter, TimelinePage, query_entry_full, query_search,
    query_timeline, search_index, store_moved,
};
use crate::vault::Vault;
use crate::{db, sealed};

/// What a change of limits moved.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LimitsMoved {
    /// Entries moved from the record into the private part.
    pub to_private: usize,
    /// Entries moved back from the private part into the record.
    pub to_record: usize,
}

/// A resource on its way into the private part: its fullUrl and its text as it arrived.
type Moved = (Option<String>, Box<RawValue>);

/// One entry and what it is, as a move needs it.
struct Held {
    entry_id: i64,
    resource_id: i64,
    resource_type: String,
    logical_id: String,
    sensitivity: Sensitivity,
    set_by_user: bool,
    source: SourceInfo,
}

fn held(conn: &Connection) -> rusqlite::Result<Vec<Held>> {
    let mut stmt = conn.prepare(
        "SELECT e.id, r.id, r.resource_type, r.logical_id, e.sensitivity, e.sensitivity_set_by_user,
                s.kind, s.key, s.name, s.ods_code, s.url
         FROM entry e JOIN resource r ON r.id = e.resource_id JOIN source s ON s.id = r.source_id
         ORDER BY r.id",
    )?;
    let rows = stmt.query_map([], |r| {
        let kind: String = r.get(6)?;
        Ok(Held {
            entry_id: r.get(0)?,
            resource_id: r.get(1)?,
            resource_type: r.get(2)?,
            logical_id: r.get(3)?,
            sensitivity: Sensitivity::parse(&r.get::<_, String>(4)?).unwrap_or(Sensitivity::General),
            set_by_user: r.get(5)?,
            source: SourceInfo {
                kind: SourceKind::parse(&kind).unwrap_or(SourceKind::File),
                key: r.get(7)?,
                name: r.get(8)?,
                ods_code: r.get(9)?,
                url: r.get(10)?,
            },
        })
    })?;
    rows.collect()
}

/// Every `reference` string in a resource's JSON (`urn:uuid:…`, `Type/id`, or a full URL).
pub(crate) fn references_in(raw: &str) -> Vec<String> {
    fn walk(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, v) in m {
                    match v {
                        serde_json::Value::String(s) if k == "reference" => out.push(s.clone()),
                        _ => walk(v, out),
                    }
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Ok(v) = serde_json::from_str::<serde_json::Value>(raw) {
        walk(&v, &mut out);
    }
    out
}

/// `Type/id` at the end of a reference.
fn type_and_id(reference: &str) -> Option<String> {
    let mut parts = reference.split(['?', '#']).next()?.trim_end_matches('/').rsplit('/');
    let id = parts.next().filter(|s| !s.is_empty())?;
    let t = parts.next().filter(|t| t.chars().next().is_some_and(|c| c.is_ascii_uppercase()))?;
    Some(format!("{t}/{id}"))
}

/// The entries of `conn` that `rule` keeps private: by label, by key, and every entry that
/// refers to one of those, however indirectly (a claim naming a hidden procedure, the
/// explanation of benefit naming that claim): what refers to a private entry often repeats
/// its words.
fn hidden_ids(conn: &Connection, all: &[Held], rule: &LimitsRule) -> rusqlite::Result<HashSet<i64>> {
    let mut hidden: HashSet<i64> = all
        .iter()
        .filter(|h| rule.hides(h.sensitivity, &entry_key(&h.resource_type, &h.logical_id)))
        .map(|h| h.entry_id)
        .collect();
    if hidden.is_empty() {
        return Ok(hidden);
    }
    let mut stmt = conn.prepare(
        "SELECT e.id, r.resource_type, r.logical_id, r.full_url, r.raw FROM entry e JOIN resource r ON r.id = e.resource_id",
    )?;
    let rows: Vec<(i64, String, String, Option<String>, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut by_name: std::collections::HashMap<String, i64> = std::collections::HashMap::new();
    for (entry, t, id, url, _) in &rows {
        by_name.insert(format!("{t}/{id}"), *entry);
        if let Some(u) = url {
            by_name.insert(u.clone(), *entry);
        }
    }
    let mut links: Vec<(i64, i64)> = Vec::new();
    for (entry, _, _, _, raw) in &rows {
        for r in references_in(raw) {
            let to = by_name.get(&r).or_else(|| type_and_id(&r).and_then(|k| by_name.get(&k)));
            if let Some(to) = to.filter(|to| **to != *entry) {
                links.push((*entry, *to));
            }
        }
    }
    loop {
        let before = hidden.len();
        for (from, to) in &links {
            if hidden.contains(to) {
                hidden.insert(*from);
            }
        }
        if hidden.len() == before {
            return Ok(hidden);
        }
    }
}

fn raw_of(conn: &Connection, resource_id: i64) -> rusqlite::Result<(Option<String>, String)> {
    conn.query_row("SELECT full_url, raw FROM resource WHERE id = ?1", [resource_id], |r| Ok((r.get(0)?, r.get(1)?)))
}

/// Stores `items` (read from `from`) in `tx` through the import pipeline, one import per
/// source, and gives each entry the label it had.
fn copy_into(
    from: &Connection,
    tx: &Transaction<'_>,
    path: &Path,
    items: &[&Held],
    now: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    let mut by_source: BTreeMap<&str, Vec<&Held>> = BTreeMap::new();
    for h in items {
        by_source.entry(h.source.key.as_str()).or_default().push(h);
    }
    for group in by_source.values() {
        let Some(first) = group.first() else { continue };
        let mut raws = Vec::with_capacity(group.len());
        for h in group {
            let (url, text) = raw_of(from, h.resource_id).map_err(|e| db_error(path, &e))?;
            let raw = RawValue::from_string(text)
                .map_err(|e| VaultError::internal(format!("a stored resource is not JSON: {e}")))?;
            raws.push((url, raw));
        }
        let refs: Vec<(Option<&str>, &RawValue)> = raws.iter().map(|(u, r)| (u.as_deref(), r.as_ref())).collect();
        store_moved(tx, path, &first.source, &refs, now)?;
        for h in group {
            tx.execute(
                "UPDATE entry SET sensitivity = ?1, sensitivity_set_by_user = ?2
                 WHERE resource_id = (SELECT r.id FROM resource r JOIN source s ON s.id = r.source_id
                                      WHERE s.key = ?3 AND r.resource_type = ?4 AND r.logical_id = ?5)",
                params![h.sensitivity.as_str(), h.set_by_user, h.source.key, h.resource_type, h.logical_id],
            )
            .map_err(|e| db_error(path, &e))?;
            copy_history(from, tx, h).map_err(|e| db_error(path, &e))?;
            copy_annotation(from, tx, &h.source.key, &h.resource_type, &h.logical_id)
                .map_err(|e| db_error(path, &e))?;
        }
    }
    Ok(())
}

/// Carries the older versions of `h`'s resource (what earlier imports held before a newer one
/// replaced it) to the resource of the same source, type and id in `tx`, so a move keeps the
/// entry's history whole. A version already there (the same content and time, from a move a
/// crash stopped after this commit) is not copied twice.
fn copy_history(from: &Connection, tx: &Transaction<'_>, h: &Held) -> rusqlite::Result<()> {
    let target: i64 = tx.query_row(
        "SELECT r.id FROM resource r JOIN source s ON s.id = r.source_id
         WHERE s.key = ?1 AND r.resource_type = ?2 AND r.logical_id = ?3",
        params![h.source.key, h.resource_type, h.logical_id],
        |r| r.get(0),
    )?;
    let mut read = from.prepare(
        "SELECT version_id, content_hash, fhir_version, raw, r4, imported_at, replaced_at
         FROM resource_history WHERE resource_id = ?1 ORDER BY id",
    )?;
    let rows = read.query_map([h.resource_id], |r| {
        Ok((
            r.get::<_, Option<String>>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
        ))
    })?;
    for row in rows {
        let (version_id, hash, fhir_version, raw, r4, imported_at, replaced_at) = row?;
        tx.execute(
            "INSERT INTO resource_history
                 (resource_id, version_id, content_hash, fhir_version, raw, r4, imported_at, replaced_at)
             SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8
             WHERE NOT EXISTS (SELECT 1 FROM resource_history
                               WHERE resource_id = ?1 AND content_hash = ?3 AND replaced_at = ?8)",
            params![target, version_id, hash, fhir_version, raw, r4, imported_at, replaced_at],
        )?;
    }
    Ok(())
}

/// Carries the person's note and hide on one entry (`entry_annotation`, named by its source
/// key, type and logical id) from `from` to `tx`. One already there is replaced only by a
/// newer one (a move a crash stopped, then a note changed where the entry still was).
fn copy_annotation(
    from: &Connection,
    tx: &Transaction<'_>,
    source_key: &str,
    resource_type: &str,
    logical_id: &str,
) -> rusqlite::Result<()> {
    let row: Option<(Option<String>, Option<String>, bool, String)> = from
        .query_row(
            "SELECT note, note_at, hidden, updated_at FROM entry_annotation
             WHERE source_key = ?1 AND resource_type = ?2 AND logical_id = ?3",
            params![source_key, resource_type, logical_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let Some((note, note_at, hidden, updated_at)) = row else { return Ok(()) };
    tx.execute(
        "INSERT INTO entry_annotation (source_key, resource_type, logical_id, note, note_at, hidden, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (source_key, resource_type, logical_id) DO UPDATE SET
             note = excluded.note, note_at = excluded.note_at, hidden = excluded.hidden, updated_at = excluded.updated_at
         WHERE excluded.updated_at >= entry_annotation.updated_at",
        params![source_key, resource_type, logical_id, note, note_at, hidden, updated_at],
    )?;
    Ok(())
}

fn delete_annotation(
    tx: &Transaction<'_>,
    source_key: &str,
    resource_type: &str,
    logical_id: &str,
) -> rusqlite::Result<()> {
    tx.execute(
        "DELETE FROM entry_annotation WHERE source_key = ?1 AND resource_type = ?2 AND logical_id = ?3",
        params![source_key, resource_type, logical_id],
    )?;
    Ok(())
}

/// The annotations of `conn` about entries `private` holds: a note kept in the record about an
/// entry that is private now (one that arrived sealed, or a note written on an entry just
/// before a move a crash stopped), by (source key, type, logical id).
fn annotations_of_private(conn: &Connection, private: &[Held]) -> rusqlite::Result<Vec<(String, String, String)>> {
    let kept: HashSet<(&str, &str, &str)> =
        private.iter().map(|h| (h.source.key.as_str(), h.resource_type.as_str(), h.logical_id.as_str())).collect();
    let mut stmt = conn.prepare("SELECT source_key, resource_type, logical_id FROM entry_annotation")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let key = row?;
        if kept.contains(&(key.0.as_str(), key.1.as_str(), key.2.as_str())) {
            out.push(key);
        }
    }
    Ok(out)
}

/// Removes every trace of `items` from the database of `tx` (see the module's words).
fn remove(tx: &Transaction<'_>, items: &[&Held]) -> rusqlite::Result<()> {
    for h in items {
        search_index::unindex_entry(tx, h.entry_id)?;
        tx.execute("DELETE FROM entry_link WHERE from_entry = ?1 OR to_entry = ?1", [h.entry_id])?;
        tx.execute("DELETE FROM attachment WHERE entry_id = ?1", [h.entry_id])?;
        tx.execute(
            "DELETE FROM attachment_history WHERE history_id IN (SELECT id FROM resource_history WHERE resource_id = ?1)",
            [h.resource_id],
        )?;
        tx.execute("DELETE FROM resource_history WHERE resource_id = ?1", [h.resource_id])?;
        tx.execute("DELETE FROM entry WHERE id = ?1", [h.entry_id])?;
        tx.execute("DELETE FROM resource WHERE id = ?1", [h.resource_id])?;
        delete_annotation(tx, &h.source.key, &h.resource_type, &h.logical_id)?;
    }
    if !items.is_empty() {
        // FTS5 keeps a deleted row's words in older index segments until they are merged.
        tx.execute("INSERT INTO entry_fts (entry_fts) VALUES ('optimize')", [])?;
    }
    Ok(())
}

#[cfg(feature = "test-seams")]
thread_local! {
    static FAIL_BETWEEN: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Makes this thread's moves between a record and its private part stop after the first
/// commit (where the entries go) and before the second (removing them where they were), as a
/// crash there would. Test-only.
#[cfg(feature = "test-seams")]
pub fn debug_fail_private_move_for_tests(on: bool) {
    FAIL_BETWEEN.with(|c| c.set(on));
}

#[cfg(feature = "test-seams")]
fn between_commits() -> Result<()> {
    if FAIL_BETWEEN.with(std::cell::Cell::get) {
        return Err(VaultError::internal("a fault injected by a test between a move's two commits"));
    }
    Ok(())
}

#[cfg(not(feature = "test-seams"))]
#[allow(clippy::unnecessary_wraps)]
fn between_commits() -> Result<()> {
    Ok(())
}

fn count_private(conn: &Connection) -> rusqlite::Result<u64> {
    conn.query_row("SELECT count(*) FROM entry", [], |r| r.get(0))
}

impl Vault {
    /// How many entries are still in a person's private part.
    pub(crate) fn private_entries_left(&self, session: &OwnerSession) -> Result<u64> {
        let (private, path) = self.open_private(session)?;
        count_private(&private).map_err(|e| db_error(&path, &e))
    }

    /// The private part, opened with the owner key.
    fn open_private(&self, session: &OwnerSession) -> Result<(Connection, PathBuf)> {
        let file = self.own_key_file(&session.person)?;
        let key = file.private_db_key(&session.owner_key)?;
        let path = private_db_path(&self.dir, &session.person);
        Ok((db::open(&path, &key, false)?, path))
    }

    /// Sets what a person keeps from their carer: the limits are signed and written to their
    /// own key file, then every entry they now hide moves from the record into their private
    /// part, and every entry they no longer hide moves back.
    pub fn set_carer_limits(&mut self, session: &OwnerSession, limits: CarerLimits) -> Result<LimitsMoved> {
        self.person(&session.person)?;
        self.write_limits(session, &limits)?;
        let moved = self.settle_private_part(session)?;
        let detail = format!(
            "what is kept private from the carer changed; {} entries made private, {} shown again",
            moved.to_private, moved.to_record
        );
        let _ = self.write_person(&session.person, AuditAction::PersonUpdated, &detail, |_, _| Ok(()));
        // The log holds only what was written since the move's own checkpoint (counts and
        // audit entries); emptied too, so the record's file is all there is.
        let _ = self.read_person(&session.person, db::checkpoint);
        Ok(moved)
    }

    /// The limits as the person set them, for showing back to them.
    pub fn own_carer_limits(&self, session: &OwnerSession) -> Result<CarerLimits> {
        let rule = self.own_key_file(&session.person)?.limits_rule();
        let (conn, path) = self.open_private(session)?;
        let keys: Vec<String> = held(&conn)
            .map_err(|e| db_error(&path, &e))?
            .into_iter()
            .map(|h| entry_key(&h.resource_type, &h.logical_id))
            .collect();
        Ok(rule.to_limits(keys.iter().map(String::as_str)))
    }

    /// Brings the record and the private part in line with the signed limits: what they hide
    /// goes into the private part, what they do not comes back (see the module's words).
    pub(crate) fn settle_private_part(&mut self, session: &OwnerSession) -> Result<LimitsMoved> {
        self.writable()?;
        let id = session.person.clone();
        let rule: LimitsRule = self.own_key_file(&id)?.limits_rule();
        let (mut private, private_path) = self.open_private(session)?;
        let now = self.now();

        // The record to the private part: the private part commits first.
        let (in_record, hidden) = self.read_person(&id, |conn, path| {
            let all = held(conn).map_err(|e| db_error(path, &e))?;
            let hidden = hidden_ids(conn, &all, &rule).map_err(|e| db_error(path, &e))?;
            Ok((all, hidden))
        })?;
        let going: Vec<&Held> = in_record.iter().filter(|h| hidden.contains(&h.entry_id)).collect();
        if !going.is_empty() {
            let tx = private.transaction().map_err(|e| db_error(&private_path, &e))?;
            self.read_person(&id, |conn, _| copy_into(conn, &tx, &private_path, &going, now))?;
            tx.commit().map_err(|e| db_error(&private_path, &e))?;
            between_commits()?;
            let detail = format!("{} entries moved to their private part", going.len());
            self.write_person(&id, AuditAction::PersonUpdated, &detail, |tx, path| {
                remove(tx, &going).map_err(|e| db_error(path, &e))
            })?;
            self.read_person(&id, db::checkpoint)?;
        }

        // The private part back to the record: the record commits first.
        let in_private = held(&private).map_err(|e| db_error(&private_path, &e))?;
        let hidden = hidden_ids(&private, &in_private, &rule).map_err(|e| db_error(&private_path, &e))?;
        let coming: Vec<&Held> = in_private.iter().filter(|h| !hidden.contains(&h.entry_id)).collect();
        if !coming.is_empty() {
            let detail = format!("{} entries no longer kept private", coming.len());
            self.write_person(&id, AuditAction::PersonUpdated, &detail, |tx, path| {
                copy_into(&private, tx, path, &coming, now)
            })?;
            between_commits()?;
            let tx = private.transaction().map_err(|e| db_error(&private_path, &e))?;
            remove(&tx, &coming).map_err(|e| db_error(&private_path, &e))?;
            tx.commit().map_err(|e| db_error(&private_path, &e))?;
            db::checkpoint(&private, &private_path)?;
        }

        // A note or hide still in the record about an entry that is private (it arrived sealed
        // after the note was written, or a crash stopped a move): the private part first.
        let private_now = held(&private).map_err(|e| db_error(&private_path, &e))?;
        let stray = self.read_person(&id, |conn, path| {
            annotations_of_private(conn, &private_now).map_err(|e| db_error(path, &e))
        })?;
        if !stray.is_empty() {
            let tx = private.transaction().map_err(|e| db_error(&private_path, &e))?;
            self.read_person(&id, |conn, path| {
                for (k, t, l) in &stray {
                    copy_annotation(conn, &tx, k, t, l).map_err(|e| db_error(path, &e))?;
                }
                Ok(())
            })?;
            tx.commit().map_err(|e| db_error(&private_path, &e))?;
            let detail = format!("{} notes on private entries moved to their private part", stray.len());
            self.write_person(&id, AuditAction::PersonUpdated, &detail, |tx, path| {
                for (k, t, l) in &stray {
                    delete_annotation(tx, k, t, l).map_err(|e| db_error(path, &e))?;
                }
                Ok(())
            })?;
            self.read_person(&id, db::checkpoint)?;
        }

        // What is private now is named (hashed) in the limits, so a new version of it arriving
        // from the GP is sealed too, even when its label alone would not hide it.
        let kept: Vec<String> = private_now.iter().map(|h| entry_key(&h.resource_type, &h.logical_id)).collect();
        self.write_kept_private(session, &kept)?;
        let count = count_private(&private).map_err(|e| db_error(&private_path, &e))?;
        self.write_private_count(&id, count)?;
        Ok(LimitsMoved { to_private: going.len(), to_record: coming.len() })
    }

    /// Keeps the number of private entries in the record (carer-readable), for the carer's
    /// "some entries are private" when the person allows it.
    fn write_private_count(&mut self, id: &PersonId, count: u64) -> Result<()> {
        let now = time_text(self.now());
        let p = self.people.iter_mut().find(|p| p.id == *id).ok_or_else(|| VaultError::internal("no such person"))?;
        p.conn
            .execute(
                "INSERT INTO private_part (only_row, entries, counted_at) VALUES (1, ?1, ?2)
                 ON CONFLICT (only_row) DO UPDATE SET entries = excluded.entries, counted_at = excluded.counted_at",
                params![count, now],
            )
            .map_err(|e| db_error(&p.path, &e))?;
        Ok(())
    }

    /// How many entries a person keeps private (with the arrivals sealed for them), when
    /// their limits let the carer see the count; `None` when they do not, or have no own
    /// access.
    pub fn private_entry_count(&self, id: &PersonId) -> Result<Option<u64>> {
        let Some(rule) = self.carer_limits(id)? else { return Ok(None) };
        if !rule.show_count || rule.tampered {
            return Ok(None);
        }
        self.read_person(id, |conn, path| {
            let kept: Option<u64> = conn
                .query_row("SELECT entries FROM private_part WHERE only_row = 1", [], |r| r.get(0))
                .optional()
                .map_err(|e| db_error(path, &e))?;
            let waiting = sealed::count(conn).map_err(|e| db_error(path, &e))?;
            Ok(Some(kept.unwrap_or(0) + waiting))
        })
    }

    /// Moves what arrived sealed for the person into their private part: the private part
    /// commits first, then the sealed rows go.
    pub(crate) fn move_sealed_arrivals(&mut self, session: &OwnerSession) -> Result<usize> {
        let id = session.person.clone();
        let rows = self.read_person(&id, |conn, path| sealed::all(conn).map_err(|e| db_error(path, &e)))?;
        if rows.is_empty() {
            return Ok(0);
        }
        self.writable()?;
        let identity = self.own_key_file(&id)?.age_identity(&session.owner_key)?;
        let mut by_source: BTreeMap<String, (SourceInfo, Vec<Moved>)> = BTreeMap::new();
        let mut opened = Vec::with_capacity(rows.len());
        for (row, blob) in &rows {
            // One that does not open (sealed to a key that is not theirs: a key file changed by
            // hand) stays where it is; the rest move.
            let Ok(arrival) = sealed::open(&identity, blob) else { continue };
            by_source
                .entry(arrival.source.key.clone())
                .or_insert_with(|| (arrival.source, Vec::new()))
                .1
                .push((arrival.full_url, arrival.resource));
            opened.push(*row);
        }
        let (mut private, private_path) = self.open_private(session)?;
        let now = self.now();
        let tx = private.transaction().map_err(|e| db_error(&private_path, &e))?;
        for (source, raws) in by_source.values() {
            let refs: Vec<(Option<&str>, &RawValue)> = raws.iter().map(|(u, r)| (u.as_deref(), r.as_ref())).collect();
            store_moved(&tx, &private_path, source, &refs, now)?;
        }
        tx.commit().map_err(|e| db_error(&private_path, &e))?;
        between_commits()?;
        let detail = format!("{} arrivals moved to their private part", opened.len());
        self.write_person(&id, AuditAction::RecordImported, &detail, |tx, path| {
            sealed::remove(tx, &opened).map_err(|e| db_error(path, &e))
        })?;
        self.read_person(&id, db::checkpoint)?;
        Ok(opened.len())
    }

    /// A page of the private part's entries, newest first (entry ids are the private part's own).
    pub fn private_timeline(&self, session: &OwnerSession, filter: &TimelineFilter) -> Result<TimelinePage> {
        let (conn, path) = self.open_private(session)?;
        query_timeline(&conn, filter).map_err(|e| e.at(&path))
    }

    /// One private entry in full.
    pub fn private_entry(&self, session: &OwnerSession, entry_id: i64) -> Result<EntryFull> {
        let (conn, path) = self.open_private(session)?;
        query_entry_full(&conn, entry_id).map_err(|e| db_error(&path, &e))?.ok_or_else(|| {
            VaultError::new(phr_core::ErrorCode::EntryNotFound, "There is no such entry in their private part")
        })
    }

    /// The person's note on private entry `entry_id` (the private part's id) and whether they
    /// hid it from their timeline: kept in the private part with the entry.
    pub fn private_annotation(&self, session: &OwnerSession, entry_id: i64) -> Result<crate::own_entries::Annotation> {
        let (conn, path) = self.open_private(session)?;
        let key = crate::own_entries::identity(&conn, entry_id)
            .map_err(|e| db_error(&path, &e))?
            .ok_or_else(|| crate::own_entries::no_entry(entry_id))?;
        crate::own_entries::annotation_in(&conn, &key).map_err(|e| db_error(&path, &e))
    }

    /// The key ("Condition/abc") of an entry of the person's record, to keep it private by itself.
    pub fn entry_key_of(&self, id: &PersonId, entry_id: i64) -> Result<String> {
        let all = self.read_person(id, |conn, path| held(conn).map_err(|e| db_error(path, &e)))?;
        all.iter().find(|h| h.entry_id == entry_id).map(|h| entry_key(&h.resource_type, &h.logical_id)).ok_or_else(
            || VaultError::new(phr_core::ErrorCode::EntryNotFound, "There is no such entry in their record"),
        )
    }

    /// Every entry of the private part with its key and label (the id is the private part's own).
    pub fn private_entry_keys(&self, session: &OwnerSession) -> Result<Vec<(i64, String, Sensitivity)>> {
        let (conn, path) = self.open_private(session)?;
        let all = held(&conn).map_err(|e| db_error(&path, &e))?;
        Ok(all.into_iter().map(|h| (h.entry_id, entry_key(&h.resource_type, &h.logical_id), h.sensitivity)).collect())
    }

    /// Private entries whose words match `text`, best first.
    pub fn search_private(&self, session: &OwnerSession, text: &str, limit: u32) -> Result<Vec<SearchHit>> {
        let (conn, path) = self.open_private(session)?;
        query_search(&conn, text, limit).map_err(|e| db_error(&path, &e))
    }

    /// The private part's resources as (fullUrl, R4 text), for the whole record's export.
    pub(crate) fn private_resources(&self, session: &OwnerSession) -> Result<Vec<(String, String)>> {
        let (conn, path) = self.open_private(session)?;
        crate::record_store::export_resources(&conn).map_err(|e| db_error(&path, &e))
    }
}
