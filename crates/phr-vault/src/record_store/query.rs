//! Reading the record: the summary, timeline pages, one entry in full, search, import history
//! and the sensitivity label a citizen sets.

use phr_core::ErrorCode;
use phr_core::audit::AuditAction;
use phr_core::record::place::Place;
use phr_core::record::{EntryKind, RangeCheck, Sensitivity};
use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter};

use super::fts::{MATCH_END, MATCH_START};
use super::model::*;
use super::{dates, fts};
use crate::error::{Result, VaultError, db_error};
use crate::model::PersonId;
use crate::person_store::{parse_time, time_text};
use crate::vault::Vault;

/// The columns `entry_row` reads, in order; `e` is the entry, `s` its source.
const ROW_COLS: &str =
    "e.id, e.kind, e.title, e.status, e.date, e.value_text, e.flag, e.abnormal, e.sensitivity, s.name, e.codes";
/// How many columns [`ROW_COLS`] holds: a query's own columns follow them.
const ROW_LEN: usize = 11;
const ROW_FROM: &str = "entry e JOIN resource r ON r.id = e.resource_id JOIN source s ON s.id = r.source_id";

fn entry_row(r: &Row<'_>) -> rusqlite::Result<EntryRow> {
    let kind: String = r.get(1)?;
    let sensitivity: String = r.get(8)?;
    let codes: String = r.get(10)?;
    let codes: Vec<phr_core::record::Coding> = serde_json::from_str(&codes).unwrap_or_default();
    let title: String = r.get(2)?;
    let plain_title = phr_core::record::meanings::meaning_of(&codes)
        .map(|m| m.plain)
        .filter(|p| !p.eq_ignore_ascii_case(title.trim()))
        .map(str::to_owned);
    Ok(EntryRow {
        id: r.get(0)?,
        kind: EntryKind::parse(&kind).unwrap_or(EntryKind::Other),
        title,
        plain_title,
        status: r.get(3)?,
        date: r.get(4)?,
        value_text: r.get(5)?,
        flag: r.get(6)?,
        abnormal: r.get(7)?,
        sensitivity: Sensitivity::parse(&sensitivity).unwrap_or(Sensitivity::General),
        source_name: r.get(9)?,
    })
}

fn rows(conn: &Connection, sql: &str, args: impl rusqlite::Params) -> rusqlite::Result<Vec<EntryRow>> {
    let mut stmt = conn.prepare_cached(sql)?;
    stmt.query_map(args, entry_row)?.collect()
}

fn not_found(id: i64) -> VaultError {
    VaultError::new(ErrorCode::EntryNotFound, format!("There is no entry {id} in this record"))
}

fn source_of(r: &Row<'_>, at: usize) -> rusqlite::Result<SourceInfo> {
    let kind: String = r.get(at)?;
    Ok(SourceInfo {
        kind: SourceKind::parse(&kind).unwrap_or(SourceKind::File),
        key: r.get(at + 1)?,
        name: r.get(at + 2)?,
        ods_code: r.get(at + 3)?,
        url: r.get(at + 4)?,
    })
}

fn run_of(r: &Row<'_>) -> rusqlite::Result<ImportRun> {
    let finished: String = r.get(1)?;
    let files: String = r.get(2)?;
    let kind: String = r.get(13)?;
    let undone: Option<String> = r.get(14)?;
    Ok(ImportRun {
        import_id: r.get(0)?,
        kind: if kind == ImportKind::Readings.as_str() { ImportKind::Readings } else { ImportKind::Record },
        undone_at: undone.as_deref().and_then(parse_time),
        owner_overridden: r.get(15)?,
        finished_at: parse_time(&finished).unwrap_or_default(),
        files: serde_json::from_str(&files).unwrap_or_default(),
        counts: ImportCounts {
            added: r.get(3)?,
            updated: r.get(4)?,
            unchanged: r.get(5)?,
            unmapped: r.get(6)?,
            rejected: r.get(7)?,
        },
        source: source_of(r, 8)?,
    })
}

const RUN_SQL: &str = "SELECT i.id, i.finished_at, i.files, i.added, i.updated, i.unchanged, i.unmapped, i.rejected,
    s.kind, s.key, s.name, s.ods_code, s.url, i.kind, i.undone_at, i.owner_overridden
    FROM import_run i JOIN source s ON s.id = i.source_id";

/// Past imports, newest first: of FHIR and of device files, undone or not. What the citizen
/// adds themselves (a share's Consent, their own entries) is stored as a one-resource run
/// under their own source (or their carer's); it is not an import, so the history skips it.
pub(crate) fn imports(conn: &Connection, limit: i64) -> rusqlite::Result<Vec<ImportRun>> {
    let mut stmt =
        conn.prepare_cached(&format!("{RUN_SQL} WHERE s.kind NOT IN ('self', 'carer') ORDER BY i.id DESC LIMIT ?1"))?;
    stmt.query_map([limit], run_of)?.collect()
}

/// One past import by id (the citizen's own runs included, for the caller to refuse).
pub(crate) fn import_run(conn: &Connection, import_id: i64) -> rusqlite::Result<Option<(ImportRun, bool)>> {
    let mut stmt = conn.prepare_cached(&format!("{RUN_SQL} WHERE i.id = ?1"))?;
    let mut rows = stmt.query([import_id])?;
    let Some(row) = rows.next()? else { return Ok(None) };
    let own: String = row.get(8)?;
    Ok(Some((run_of(row)?, own == SourceKind::SelfEntered.as_str() || own == SourceKind::Carer.as_str())))
}

/// The record's last import that is still in it: FHIR only, not undone.
fn last_record_import(conn: &Connection) -> rusqlite::Result<Option<ImportRun>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{RUN_SQL} WHERE s.kind <> 'self' AND i.kind = 'record' AND i.undone_at IS NULL ORDER BY i.id DESC LIMIT 1"
    ))?;
    stmt.query_map([], run_of)?.next().transpose()
}

/// Where the timeline is: the last entry shown, as (sort date, id).
fn encode_cursor(sort_date: &str, id: i64) -> String {
    format!("{id}.{sort_date}")
}

fn decode_cursor(c: &str) -> Result<(String, i64)> {
    let bad = || VaultError::new(ErrorCode::InvalidInput, "The timeline position is not valid; start from the top");
    let (id, date) = c.split_once('.').ok_or_else(bad)?;
    Ok((date.to_string(), id.parse().map_err(|_| bad())?))
}

fn summary(conn: &Connection) -> rusqlite::Result<RecordSummary> {
    let list = |kind: EntryKind, extra: &str, limit: i64| {
        rows(
            conn,
            &format!(
                "SELECT {ROW_COLS} FROM {ROW_FROM} WHERE e.kind = ?1 AND e.place = ?3 {extra}
                 ORDER BY e.sort_date DESC, e.id DESC LIMIT ?2"
            ),
            params![kind.as_str(), limit, Place::Story.stored()],
        )
    };
    let mut counts = Vec::new();
    let mut total = 0;
    {
        let mut stmt = conn.prepare_cached("SELECT kind, count(*) FROM entry WHERE place = ?1 GROUP BY kind")?;
        let found: Vec<(String, u32)> = stmt
            .query_map([Place::Story.stored()], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for k in EntryKind::ALL {
            if let Some((_, n)) = found.iter().find(|(s, _)| s == k.as_str()) {
                counts.push((k, *n));
                total += n;
            }
        }
    }
    Ok(RecordSummary {
        active_problems: list(EntryKind::Problem, "AND e.active", 200)?,
        allergies: list(EntryKind::Allergy, "AND e.active", 200)?,
        recent_results: list(EntryKind::Result, "", 10)?,
        immunisations: list(EntryKind::Immunisation, "", 200)?,
        counts,
        total,
        administrative: conn
            .prepare_cached("SELECT count(*) FROM entry WHERE place = ?1")?
            .query_row([Place::Administrative.stored()], |r| r.get(0))?,
        last_import: last_record_import(conn)?,
    })
}

pub(crate) fn timeline(conn: &Connection, f: &TimelineFilter) -> Result<TimelinePage> {
    let mut wher: Vec<String> = Vec::new();
    let mut args: Vec<SqlValue> = Vec::new();
    let arg = |v: SqlValue, args: &mut Vec<SqlValue>| {
        args.push(v);
        format!("?{}", args.len())
    };
    let place = match f.places {
        PlaceFilter::Story => Some(Place::Story),
        PlaceFilter::Administrative => Some(Place::Administrative),
        PlaceFilter::Every => None,
    };
    if let Some(p) = place {
        wher.push(format!("e.place = {}", arg(SqlValue::Integer(p.stored()), &mut args)));
    }
    if !f.kinds.is_empty() {
        let list: Vec<String> = f.kinds.iter().map(|k| arg(SqlValue::Text(k.as_str().into()), &mut args)).collect();
        wher.push(format!("e.kind IN ({})", list.join(", ")));
    }
    if let Some(from) = f.from {
        wher.push(format!("e.sort_date >= {}", arg(SqlValue::Text(dates::day(from)), &mut args)));
    }
    if let Some(to) = f.to {
        wher.push(format!("e.sort_date < {}", arg(SqlValue::Text(dates::after_day(to)), &mut args)));
        if f.from.is_none() {
            wher.push("e.sort_date <> ''".into());
        }
    }
    if let Some(s) = f.sensitivity {
        wher.push(format!("e.sensitivity = {}", arg(SqlValue::Text(s.as_str().into()), &mut args)));
    }
    // What the person hid from their timeline stays in the record, out of this list.
    let hidden = crate::own_entries::hidden_resource_ids(conn).map_err(|e| VaultError::internal(e.to_string()))?;
    if !hidden.is_empty() {
        let ids: Vec<String> = hidden.iter().map(i64::to_string).collect();
        wher.push(format!("e.resource_id NOT IN ({})", ids.join(", ")));
    }
    // With "outside the normal range", the results the same filters hold that could not be
    // judged are counted too, so the list never passes them off as normal.
    let unchecked = if f.abnormal_only {
        let mut base = wher.clone();
        base.push(format!("e.kind = 'result' AND coalesce(e.range_check, {}) = {0}", RangeCheck::CannotCheck.stored()));
        let n: u32 = conn
            .prepare_cached(&format!("SELECT count(*) FROM entry e WHERE {}", base.join(" AND ")))
            .and_then(|mut s| s.query_row(params_from_iter(args.iter()), |r| r.get(0)))
            .map_err(|e| VaultError::internal(e.to_string()))?;
        wher.push("e.abnormal".into());
        Some(n)
    } else {
        None
    };
    let filters = if wher.is_empty() { "1".to_string() } else { wher.join(" AND ") };
    let total: u32 = conn
        .prepare_cached(&format!("SELECT count(*) FROM entry e WHERE {filters}"))
        .and_then(|mut s| s.query_row(params_from_iter(args.iter()), |r| r.get(0)))
        .map_err(|e| VaultError::internal(e.to_string()))?;

    let mut page_where = filters.clone();
    if let Some(c) = f.cursor.as_deref() {
        let (date, id) = decode_cursor(c)?;
        let d = arg(SqlValue::Text(date), &mut args);
        let i = arg(SqlValue::Integer(id), &mut args);
        page_where.push_str(&format!(" AND (e.sort_date < {d} OR (e.sort_date = {d} AND e.id < {i}))"));
    }
    let limit = i64::from(f.limit.clamp(1, 200));
    let l = arg(SqlValue::Integer(limit + 1), &mut args);
    let sql = format!(
        "SELECT {ROW_COLS}, e.sort_date FROM {ROW_FROM} WHERE {page_where} ORDER BY e.sort_date DESC, e.id DESC LIMIT {l}"
    );
    let mut stmt = conn.prepare_cached(&sql).map_err(|e| VaultError::internal(e.to_string()))?;
    let mut found: Vec<(EntryRow, String)> = stmt
        .query_map(params_from_iter(args.iter()), |r| Ok((entry_row(r)?, r.get(ROW_LEN)?)))
        .and_then(|rows| rows.collect())
        .map_err(|e| VaultError::internal(e.to_string()))?;
    let more = found.len() as i64 > limit;
    found.truncate(usize::try_from(limit).unwrap_or(200));
    let next_cursor = if more { found.last().map(|(e, d)| encode_cursor(d, e.id)) } else { None };
    Ok(TimelinePage { entries: found.into_iter().map(|(e, _)| e).collect(), next_cursor, total, unchecked })
}

pub(crate) fn entry_full(conn: &Connection, id: i64) -> rusqlite::Result<Option<EntryFull>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ROW_COLS}, e.codes, e.value, e.components, e.facts, r.first_imported_at, e.updated_at,
             r.resource_type, r.fhir_version, r.raw, e.sensitivity_set_by_user,
             (SELECT count(*) FROM resource_history h WHERE h.resource_id = r.id),
             s.kind, s.key, s.name, s.ods_code, s.url
         FROM {ROW_FROM} WHERE e.id = ?1"
    ))?;
    let found = stmt
        .query_row([id], |r| {
            let at = |i: usize| ROW_LEN + i;
            let codes: String = r.get(at(0))?;
            let value: Option<String> = r.get(at(1))?;
            let components: String = r.get(at(2))?;
            let facts: String = r.get(at(3))?;
            let imported: String = r.get(at(4))?;
            let updated: String = r.get(at(5))?;
            let older: u32 = r.get(at(10))?;
            Ok(EntryFull {
                row: entry_row(r)?,
                codes: serde_json::from_str(&codes).unwrap_or_default(),
                value: value.and_then(|v| serde_json::from_str(&v).ok()),
                components: serde_json::from_str(&components).unwrap_or_default(),
                facts: serde_json::from_str(&facts).unwrap_or_default(),
                imported_at: parse_time(&imported).unwrap_or_default(),
                updated_at: parse_time(&updated).unwrap_or_default(),
                resource_type: r.get(at(6))?,
                fhir_version: r.get(at(7))?,
                raw: r.get(at(8))?,
                sensitivity_set_by_user: r.get(at(9))?,
                versions: older + 1,
                source: source_of(r, at(11))?,
                related: Vec::new(),
                attachments: Vec::new(),
            })
        })
        .optional()?;
    let Some(mut full) = found else { return Ok(None) };
    full.related = rows(
        conn,
        &format!(
            "SELECT {ROW_COLS} FROM {ROW_FROM} WHERE e.id IN
                 (SELECT to_entry FROM entry_link WHERE from_entry = ?1
                  UNION SELECT from_entry FROM entry_link WHERE to_entry = ?1)
               AND e.id <> ?1 AND e.kind <> 'patient'
             ORDER BY e.sort_date DESC, e.id DESC LIMIT 100"
        ),
        [id],
    )?;
    let mut stmt = conn.prepare_cached(
        "SELECT id, title, content_type, length(data) FROM attachment WHERE entry_id = ?1 ORDER BY id",
    )?;
    full.attachments = stmt
        .query_map([id], |r| {
            Ok(AttachmentInfo { id: r.get(0)?, title: r.get(1)?, content_type: r.get(2)?, bytes: r.get(3)? })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(full))
}

/// Matches newest entry first (by id, which follows import order), like a mail search: FTS5
/// walks its index in rowid order and stops at `limit`, so a common word in a 100,000-entry
/// record costs the same as a rare one. Ranking by bm25 would score every match first.
/// Lay phrases in the text also search the record terms they stand for
/// (`phr_core::record::lay_terms`).
pub(crate) fn search(conn: &Connection, text: &str, limit: u32) -> rusqlite::Result<Vec<SearchHit>> {
    let Some(q) = fts::match_query_as_people_speak(text) else { return Ok(Vec::new()) };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ROW_COLS}, snippet(entry_fts, -1, '{MATCH_START}', '{MATCH_END}', '…', 12) FROM entry_fts
         JOIN entry e ON e.id = entry_fts.rowid JOIN resource r ON r.id = e.resource_id
         JOIN source s ON s.id = r.source_id
         WHERE entry_fts MATCH ?1 ORDER BY entry_fts.rowid DESC LIMIT ?2"
    ))?;
    stmt.query_map(params![q, limit.clamp(1, 200)], |r| {
        let marked: String = r.get(ROW_LEN)?;
        Ok(SearchHit { entry: entry_row(r)?, snippet: fts::snippet_parts(&marked) })
    })?
    .collect()
}

/// Every word in the full-text index with the number of entries holding it. Counting reads
/// the whole index (an `fts5vocab` table), so the counts are kept in the connection's temporary
/// schema (nothing is written to the record's file), stamped with FTS5's structure record,
/// which changes with every write to the index, and read again only after a change. A
/// read-only opening may refuse even a temporary table: then the words of the entries'
/// distinct titles (where the record's terms are) are counted instead.
fn index_words(conn: &Connection) -> rusqlite::Result<Vec<(String, u64)>> {
    let kept = conn.execute_batch(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.entry_fts_words USING fts5vocab(main, entry_fts, row);
         CREATE TABLE IF NOT EXISTS temp.entry_words_kept (term TEXT PRIMARY KEY, doc INTEGER) WITHOUT ROWID;
         CREATE TABLE IF NOT EXISTS temp.entry_words_stamp (structure BLOB);",
    );
    if kept.is_ok() {
        let now: Option<Vec<u8>> =
            conn.query_row("SELECT block FROM main.entry_fts_data WHERE id = 10", [], |r| r.get(0)).optional()?;
        let then: Option<Vec<u8>> =
            conn.query_row("SELECT structure FROM temp.entry_words_stamp", [], |r| r.get(0)).optional()?;
        if now.is_none() || now != then {
            conn.execute_batch(
                "DELETE FROM temp.entry_words_kept; DELETE FROM temp.entry_words_stamp;
                 INSERT INTO temp.entry_words_kept SELECT term, doc FROM temp.entry_fts_words;",
            )?;
            conn.execute("INSERT INTO temp.entry_words_stamp (structure) VALUES (?1)", [&now])?;
        }
        let mut stmt = conn.prepare_cached("SELECT term, doc FROM temp.entry_words_kept")?;
        return stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?.unsigned_abs())))?.collect();
    }
    let mut counts: std::collections::BTreeMap<String, u64> = std::collections::BTreeMap::new();
    let mut stmt = conn.prepare_cached("SELECT title, count(*) FROM entry GROUP BY title")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?.unsigned_abs())))?;
    for row in rows {
        let (title, n) = row?;
        for word in title.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
            *counts.entry(word.to_lowercase()).or_insert(0) += n;
        }
    }
    Ok(counts.into_iter().collect())
}

/// The record's own words nearest to a misspelt query ("hypertention" → "hypertension"), as
/// whole queries to run instead, best first; empty when every word is in the record.
pub(crate) fn suggestions(conn: &Connection, text: &str, limit: usize) -> rusqlite::Result<Vec<String>> {
    if fts::match_query(text).is_none() {
        return Ok(Vec::new());
    }
    let words = index_words(conn)?;
    Ok(phr_core::record::lay_terms::nearest_terms(text, &words, limit))
}

/// What the record holds from the source of import `import_id`.
fn source_holds(conn: &Connection, import_id: i64) -> rusqlite::Result<SourceHolds> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.kind, e.place, count(*) FROM entry e JOIN resource r ON r.id = e.resource_id
         WHERE r.source_id = (SELECT source_id FROM import_run WHERE id = ?1) GROUP BY e.kind, e.place",
    )?;
    let found: Vec<(String, i64, u32)> = stmt
        .query_map([import_id], |r| Ok((r.get(0)?, r.get::<_, Option<i64>>(1)?.unwrap_or_default(), r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut holds = SourceHolds::default();
    for k in EntryKind::ALL {
        let n: u32 = found
            .iter()
            .filter(|(kind, place, _)| kind == k.as_str() && Place::from_stored(*place) == Place::Story)
            .map(|(_, _, n)| n)
            .sum();
        if n > 0 {
            holds.counts.push((k, n));
            holds.total += n;
        }
    }
    holds.administrative = found
        .iter()
        .filter(|(_, place, _)| Place::from_stored(*place) == Place::Administrative)
        .map(|(_, _, n)| n)
        .sum();
    Ok(holds)
}

impl Vault {
    /// What the record holds from the source an import came from: the health story's entries
    /// by kind and the administrative entries, for the import's outcome.
    pub fn source_holds(&self, id: &PersonId, import_id: i64) -> Result<SourceHolds> {
        self.read_person(id, |conn, path| source_holds(conn, import_id).map_err(|e| db_error(path, &e)))
    }

    /// The record at a glance: active problems and allergies, the latest 10
    /// results, immunisations, counts by kind and the last import; kept while the record is
    /// unchanged.
    pub fn record_summary(&self, id: &PersonId) -> Result<RecordSummary> {
        self.read_person_derived(id, |conn, path, kept| kept.summary(conn, summary).map_err(|e| db_error(path, &e)))
    }

    /// A page of entries, newest first, from where `filter.cursor` left off.
    pub fn timeline(&self, id: &PersonId, filter: &TimelineFilter) -> Result<TimelinePage> {
        self.read_person(id, |conn, path| timeline(conn, filter).map_err(|e| e.at(path)))
    }

    /// One entry in full, with related entries (those it refers to and those referring to it).
    pub fn entry(&self, id: &PersonId, entry_id: i64) -> Result<EntryFull> {
        self.read_person(id, |conn, path| {
            entry_full(conn, entry_id).map_err(|e| db_error(path, &e))?.ok_or_else(|| not_found(entry_id))
        })
    }

    /// Entries whose words match `text` (every word; the last as a prefix), best first.
    pub fn search_record(&self, id: &PersonId, text: &str, limit: u32) -> Result<Vec<SearchHit>> {
        self.read_person(id, |conn, path| search(conn, text, limit).map_err(|e| db_error(path, &e)))
    }

    /// Searches to offer when `text` finds little: the record's own words nearest to each
    /// word of it that the record does not hold, at most `limit`.
    pub fn search_suggestions(&self, id: &PersonId, text: &str, limit: usize) -> Result<Vec<String>> {
        self.read_person(id, |conn, path| suggestions(conn, text, limit).map_err(|e| db_error(path, &e)))
    }

    /// Past imports, newest first.
    pub fn import_history(&self, id: &PersonId) -> Result<Vec<ImportRun>> {
        self.read_person(id, |conn, path| imports(conn, 1000).map_err(|e| db_error(path, &e)))
    }

    /// A stored attachment's bytes.
    pub fn attachment_data(&self, id: &PersonId, attachment_id: i64) -> Result<(AttachmentInfo, Vec<u8>)> {
        self.read_person(id, |conn, path| {
            conn.query_row(
                "SELECT id, title, content_type, length(data), data FROM attachment WHERE id = ?1",
                [attachment_id],
                |r| {
                    Ok((
                        AttachmentInfo { id: r.get(0)?, title: r.get(1)?, content_type: r.get(2)?, bytes: r.get(3)? },
                        r.get(4)?,
                    ))
                },
            )
            .optional()
            .map_err(|e| db_error(path, &e))?
            .ok_or_else(|| VaultError::new(ErrorCode::EntryNotFound, "There is no such attachment in this record"))
        })
    }

    /// Sets an entry's sensitivity label as the citizen chose it; a later import keeps it.
    pub fn set_entry_sensitivity(&mut self, id: &PersonId, entry_id: i64, s: Sensitivity) -> Result<EntryFull> {
        let now = time_text(self.now());
        self.write_person(
            id,
            AuditAction::EntryLabelChanged,
            &format!("entry {entry_id} label changed"),
            |tx, path| {
                let n = tx
                    .execute(
                        "UPDATE entry SET sensitivity = ?2, sensitivity_set_by_user = 1, updated_at = ?3 WHERE id = ?1",
                        params![entry_id, s.as_str(), now],
                    )
                    .map_err(|e| db_error(path, &e))?;
                if n == 0 {
                    return Err(not_found(entry_id));
                }
                Ok(())
            },
        )?;
        self.entry(id, entry_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip() {
        assert_eq!(
            decode_cursor(&encode_cursor("2019-03-01T10:00:00", 42)).unwrap(),
            ("2019-03-01T10:00:00".into(), 42)
        );
        assert_eq!(decode_cursor(&encode_cursor("", 7)).unwrap(), (String::new(), 7));
        assert!(decode_cursor("nonsense").is_err());
    }
}
