//! Row writes for an import: sources, import runs, resources (with their history), entries,
//! links and attachments. The statements run for every resource are prepared once per import
//! and held (`Writer`); the rest are prepared once per transaction (cached).

use chrono::{DateTime, Utc};
use phr_core::record::MappedEntry;
use rusqlite::{OptionalExtension, Statement, Transaction, params};

use super::dates;
use super::model::{ImportCounts, SourceInfo};
use super::search_index;
use crate::person_store::time_text;

/// The source's row id, creating the source (or refreshing its name and address) as needed.
pub(crate) fn upsert_source(tx: &Transaction<'_>, s: &SourceInfo, now: DateTime<Utc>) -> rusqlite::Result<i64> {
    tx.execute(
        "INSERT INTO source (kind, key, name, ods_code, url, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (key) DO UPDATE SET name = excluded.name,
             ods_code = coalesce(excluded.ods_code, ods_code), url = coalesce(excluded.url, url)",
        params![s.kind.as_str(), s.key, s.name, s.ods_code, s.url, time_text(now)],
    )?;
    tx.query_row("SELECT id FROM source WHERE key = ?1", [&s.key], |r| r.get(0))
}

pub(crate) fn start_run(
    tx: &Transaction<'_>,
    source_id: i64,
    files: &[String],
    now: DateTime<Utc>,
) -> rusqlite::Result<i64> {
    let files = serde_json::to_string(files).unwrap_or_else(|_| "[]".into());
    tx.execute(
        "INSERT INTO import_run (source_id, finished_at, files, added, updated, unchanged, unmapped, rejected, report)
         VALUES (?1, ?2, ?3, 0, 0, 0, 0, 0, '[]')",
        params![source_id, time_text(now), files],
    )?;
    Ok(tx.last_insert_rowid())
}

pub(crate) fn finish_run(
    tx: &Transaction<'_>,
    run: i64,
    c: &ImportCounts,
    report_json: &str,
    now: DateTime<Utc>,
) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE import_run SET finished_at = ?2, added = ?3, updated = ?4, unchanged = ?5, unmapped = ?6,
             rejected = ?7, report = ?8 WHERE id = ?1",
        params![run, time_text(now), c.added, c.updated, c.unchanged, c.unmapped, c.rejected, report_json],
    )?;
    Ok(())
}

/// What the store already holds for a resource.
pub(crate) struct Existing {
    pub(crate) resource_id: i64,
    pub(crate) version_id: Option<String>,
    pub(crate) content_hash: String,
    pub(crate) entry_id: Option<i64>,
}

/// The statements an import runs for every resource, prepared once and held: looking each up
/// in the statement cache (hashing its text) cost more than binding it.
pub(crate) struct Writer<'t> {
    find: Statement<'t>,
    resource: Statement<'t>,
    entry: Statement<'t>,
    link: Statement<'t>,
    /// Whether the source held resources before this import: when not, a resource can only
    /// be stored already if this import stored it (see `may_exist`).
    source_had_resources: bool,
    /// Hashes of (type, logical id) this import stored, for a source that held none before.
    seen: std::collections::HashSet<u64>,
}

/// An entry row's values in statement order after the first (the resource's id when
/// inserting, the entry's own when updating): one list for both statements.
macro_rules! entry_params {
    ($first:expr, $e:expr, $c:expr, $now:expr) => {
        params![
            $first,
            $e.kind.as_str(),
            $e.title,
            $e.status,
            $e.date,
            $c.sort_date,
            $c.value_text,
            $c.flag,
            $c.abnormal,
            $c.active,
            $c.codes,
            $c.value,
            $c.components,
            $c.facts,
            $e.search_text,
            $e.sensitivity.as_str(),
            $now,
            $c.range_check,
            $c.place
        ]
    };
}

impl<'t> Writer<'t> {
    pub(crate) fn new(tx: &'t Transaction<'_>, source_id: i64) -> rusqlite::Result<Self> {
        let source_had_resources =
            tx.query_row("SELECT EXISTS (SELECT 1 FROM resource WHERE source_id = ?1)", [source_id], |r| r.get(0))?;
        Ok(Self {
            find: tx.prepare(
                "SELECT r.id, r.version_id, r.content_hash, e.id FROM resource r LEFT JOIN entry e ON e.resource_id = r.id
                 WHERE r.source_id = ?1 AND r.resource_type = ?2 AND r.logical_id = ?3",
            )?,
            resource: tx.prepare(
                "INSERT INTO resource (source_id, resource_type, logical_id, full_url, version_id, content_hash,
                     fhir_version, raw, r4, first_imported_at, last_imported_at, import_id, first_import_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11, ?11)",
            )?,
            entry: tx.prepare(
                "INSERT INTO entry (resource_id, kind, title, status, date, sort_date, value_text, flag, abnormal,
                     active, codes, value, components, facts, search_text, sensitivity, sensitivity_set_by_user,
                     created_at, updated_at, range_check, place)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, 0, ?17, ?17, ?18, ?19)",
            )?,
            link: tx.prepare("INSERT OR IGNORE INTO entry_link (from_entry, to_entry, role) VALUES (?1, ?2, ?3)")?,
            source_had_resources,
            seen: std::collections::HashSet::new(),
        })
    }

    fn key(resource_type: &str, logical_id: &str) -> u64 {
        use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
        BuildHasherDefault::<DefaultHasher>::default().hash_one((resource_type, logical_id))
    }

    /// False only when the resource cannot be stored yet: its source held nothing before this
    /// import and this import has not stored it (a hash collision just means a look-up).
    fn may_exist(&self, resource_type: &str, logical_id: &str) -> bool {
        self.source_had_resources || self.seen.contains(&Self::key(resource_type, logical_id))
    }

    /// What the store holds for a resource of this source, if anything.
    pub(crate) fn find_resource(
        &mut self,
        source_id: i64,
        resource_type: &str,
        logical_id: &str,
    ) -> rusqlite::Result<Option<Existing>> {
        if !self.may_exist(resource_type, logical_id) {
            return Ok(None);
        }
        self.find
            .query_row(params![source_id, resource_type, logical_id], |r| {
                Ok(Existing {
                    resource_id: r.get(0)?,
                    version_id: r.get(1)?,
                    content_hash: r.get(2)?,
                    entry_id: r.get(3)?,
                })
            })
            .optional()
    }

    pub(crate) fn insert_resource(&mut self, r: &ResourceRow<'_>, now: &str) -> rusqlite::Result<i64> {
        if !self.source_had_resources {
            self.seen.insert(Self::key(r.resource_type, r.logical_id));
        }
        self.resource.insert(params![
            r.source_id,
            r.resource_type,
            r.logical_id,
            r.full_url,
            r.version_id,
            r.content_hash,
            r.fhir_version,
            r.raw,
            r.r4,
            now,
            r.import_id
        ])
    }

    pub(crate) fn insert_entry(
        &mut self,
        resource_id: i64,
        e: &MappedEntry,
        c: &EntryCols,
        now: &str,
    ) -> rusqlite::Result<i64> {
        self.entry.insert(entry_params!(resource_id, e, c, now))
    }

    pub(crate) fn insert_link(&mut self, from: i64, to: i64, role: &str) -> rusqlite::Result<()> {
        self.link.execute(params![from, to, role])?;
        Ok(())
    }
}

/// A resource's row as it is written.
pub(crate) struct ResourceRow<'a> {
    pub(crate) source_id: i64,
    pub(crate) resource_type: &'a str,
    pub(crate) logical_id: &'a str,
    pub(crate) full_url: Option<&'a str>,
    pub(crate) version_id: Option<&'a str>,
    pub(crate) content_hash: &'a str,
    pub(crate) fhir_version: &'a str,
    pub(crate) raw: &'a str,
    pub(crate) r4: Option<&'a str>,
    pub(crate) import_id: i64,
}

/// Keeps the stored version in `resource_history`, then overwrites it with the new one. The
/// kept version names the import that brought it and the one replacing it, and holds the
/// entry as it was (its columns, and its links by the linked resource's source, type and id,
/// which outlive entry ids, as JSON; `null` when the resource had none) and its attachments,
/// so undoing the replacing import can put back exactly what was there (`import_undo`).
pub(crate) fn replace_resource(
    tx: &Transaction<'_>,
    resource_id: i64,
    r: &ResourceRow<'_>,
    now: &str,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO resource_history (resource_id, version_id, content_hash, fhir_version, raw, r4, imported_at,
             replaced_at, import_id, replaced_by_import, full_url, entry)
         SELECT r.id, r.version_id, r.content_hash, r.fhir_version, r.raw, r.r4, r.last_imported_at, ?2, r.import_id, ?3,
             r.full_url,
             coalesce((SELECT json_object('kind', e.kind, 'title', e.title, 'status', e.status, 'date', e.date,
                 'sortDate', e.sort_date, 'valueText', e.value_text, 'flag', e.flag, 'abnormal', e.abnormal,
                 'active', e.active, 'codes', e.codes, 'value', e.value, 'components', e.components, 'facts', e.facts,
                 'searchText', e.search_text, 'sensitivity', e.sensitivity, 'updatedAt', e.updated_at,
                 'createdAt', e.created_at, 'rangeCheck', e.range_check,
                 'links', (SELECT json_group_array(json_array(tr.source_id, tr.resource_type, tr.logical_id, l.role))
                           FROM entry_link l JOIN entry te ON te.id = l.to_entry JOIN resource tr ON tr.id = te.resource_id
                           WHERE l.from_entry = e.id))
               FROM entry e WHERE e.resource_id = r.id), 'null')
         FROM resource r WHERE r.id = ?1",
    )?
    .execute(params![resource_id, now, r.import_id])?;
    let history_id = tx.last_insert_rowid();
    tx.prepare_cached(
        "INSERT INTO attachment_history (history_id, title, content_type, data)
         SELECT ?1, a.title, a.content_type, a.data FROM attachment a JOIN entry e ON e.id = a.entry_id
         WHERE e.resource_id = ?2 ORDER BY a.id",
    )?
    .execute(params![history_id, resource_id])?;
    tx.prepare_cached(
        "UPDATE resource SET full_url = ?2, version_id = ?3, content_hash = ?4, fhir_version = ?5, raw = ?6, r4 = ?7,
             last_imported_at = ?8, import_id = ?9 WHERE id = ?1",
    )?
    .execute(params![
        resource_id,
        r.full_url,
        r.version_id,
        r.content_hash,
        r.fhir_version,
        r.raw,
        r.r4,
        now,
        r.import_id
    ])?;
    Ok(())
}

/// Whether an older version the store kept is this one (by versionId when the incoming
/// resource has one, else by content). An old version arriving again is not news: a file
/// holding two versions of a resource, imported twice, must not flip between them.
pub(crate) fn is_kept_version(
    tx: &Transaction<'_>,
    resource_id: i64,
    version_id: Option<&str>,
    content_hash: &str,
) -> rusqlite::Result<bool> {
    let mut stmt = tx.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM resource_history WHERE resource_id = ?1
             AND (CASE WHEN ?2 IS NOT NULL THEN version_id = ?2 ELSE content_hash = ?3 END))",
    )?;
    stmt.query_row(params![resource_id, version_id, content_hash], |r| r.get(0))
}

/// Marks an unchanged resource as seen again.
pub(crate) fn touch_resource(tx: &Transaction<'_>, resource_id: i64, now: &str) -> rusqlite::Result<()> {
    tx.prepare_cached("UPDATE resource SET last_imported_at = ?2 WHERE id = ?1")?.execute(params![resource_id, now])?;
    Ok(())
}

/// Whether an entry counts as current: an active problem, a medication being taken, an
/// allergy that still applies. Statuses are FHIR codes; no status means current.
fn is_active(e: &MappedEntry) -> bool {
    let status = e.status.as_deref().map(str::to_ascii_lowercase);
    let s = status.as_deref();
    match e.kind {
        phr_core::record::EntryKind::Problem => matches!(s, None | Some("active" | "recurrence" | "relapse")),
        phr_core::record::EntryKind::Medication => matches!(s, None | Some("active" | "intended" | "on-hold")),
        phr_core::record::EntryKind::Allergy => {
            !matches!(s, Some("inactive" | "resolved" | "entered-in-error" | "refuted"))
        }
        _ => !matches!(s, Some("entered-in-error")),
    }
}

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "null".into())
}

/// The columns an entry gets from its mapping, worked out on the mapping threads so the
/// writer only binds them.
pub(crate) struct EntryCols {
    sort_date: String,
    value_text: Option<String>,
    flag: Option<String>,
    abnormal: bool,
    active: bool,
    codes: String,
    value: Option<String>,
    components: String,
    facts: String,
    /// A result's range check (`RangeCheck::stored`); `NULL` for other entries.
    range_check: Option<i64>,
    /// Where it belongs among what the person browses (`Place::stored`).
    place: i64,
}

/// `resource_type` is the type as it arrived (its place depends on it).
pub(crate) fn cols(e: &MappedEntry, resource_type: &str) -> EntryCols {
    EntryCols {
        place: phr_core::record::place::place_of(resource_type, e).stored(),
        sort_date: dates::sort_key(e.date.as_deref()),
        value_text: e.value.as_ref().map(|v| v.text.clone()),
        flag: e.value.as_ref().and_then(|v| v.flag.clone()),
        abnormal: e.value.as_ref().is_some_and(|v| v.abnormal),
        active: is_active(e),
        codes: json(&e.codes),
        value: e.value.as_ref().map(json),
        components: json(&e.components),
        facts: json(&e.facts),
        range_check: (e.kind == phr_core::record::EntryKind::Result).then(|| {
            e.value.as_ref().and_then(|v| v.range_check).unwrap_or(phr_core::record::RangeCheck::CannotCheck).stored()
        }),
    }
}

/// Rewrites an entry from a newer version of its resource. A sensitivity the citizen chose
/// is kept; links and attachments are cleared for the caller to add again. `indexed`: the
/// entry is in the search index already (an earlier import's), so its index row is rewritten
/// with it; an entry this import added is indexed at its end, from its final text.
pub(crate) fn update_entry(
    tx: &Transaction<'_>,
    entry_id: i64,
    e: &MappedEntry,
    c: &EntryCols,
    now: &str,
    indexed: bool,
) -> rusqlite::Result<()> {
    if indexed {
        search_index::unindex_entry(tx, entry_id)?;
    }
    tx.prepare_cached(
        "UPDATE entry SET kind = ?2, title = ?3, status = ?4, date = ?5, sort_date = ?6, value_text = ?7, flag = ?8,
             abnormal = ?9, active = ?10, codes = ?11, value = ?12, components = ?13, facts = ?14, search_text = ?15,
             sensitivity = CASE WHEN sensitivity_set_by_user THEN sensitivity ELSE ?16 END, updated_at = ?17,
             range_check = ?18, place = ?19
         WHERE id = ?1",
    )?
    .execute(entry_params!(entry_id, e, c, now))?;
    if indexed {
        search_index::index_entry(tx, entry_id)?;
    }
    tx.prepare_cached("DELETE FROM entry_link WHERE from_entry = ?1")?.execute([entry_id])?;
    tx.prepare_cached("DELETE FROM attachment WHERE entry_id = ?1")?.execute([entry_id])?;
    Ok(())
}

/// The entry of a resource stored earlier from the same source (a reference to something a
/// previous import brought).
pub(crate) fn entry_of(
    tx: &Transaction<'_>,
    source_id: i64,
    resource_type: &str,
    logical_id: &str,
) -> rusqlite::Result<Option<i64>> {
    tx.prepare_cached(
        "SELECT e.id FROM resource r JOIN entry e ON e.resource_id = r.id
         WHERE r.source_id = ?1 AND r.resource_type = ?2 AND r.logical_id = ?3",
    )?
    .query_row(params![source_id, resource_type, logical_id], |r| r.get(0))
    .optional()
}

pub(crate) fn insert_attachment(
    tx: &Transaction<'_>,
    entry_id: i64,
    title: &str,
    content_type: &str,
    data: &[u8],
) -> rusqlite::Result<()> {
    tx.prepare_cached("INSERT INTO attachment (entry_id, title, content_type, data) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![entry_id, title, content_type, data])?;
    Ok(())
}
