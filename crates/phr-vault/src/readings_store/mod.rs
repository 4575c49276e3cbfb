//! Readings in a person's database: the dense readings table indexed by kind and time, targets,
//! the rollups that make charts of any range fast, and each day's glucose tally for the
//! glucose report.
//!
//! Every change goes through [`Vault::write_person`], so it lands with its audit entry and the
//! rollups of the hours and days it touched, in one transaction. Audit details hold counts
//! and kinds, never values.

pub(crate) mod export;
pub(crate) mod glucose;
mod gp;
pub(crate) mod rollup;
mod rows;
mod series;

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, Utc};
use phr_core::ErrorCode;
use phr_core::audit::AuditAction;
use phr_core::readings::{CheckedReading, ReadingKind, Target};
use rusqlite::{Connection, params};

use crate::error::{Result, VaultError, db_error};
use crate::model::PersonId;
use crate::vault::Vault;

pub use phr_core::readings::reduce::{Point, extremes};
pub use series::{MAX_ROWS, SeriesData, SeriesLevel};

/// A checked reading to store, with where it came from.
#[derive(Clone, PartialEq)]
pub struct NewReading {
    pub reading: CheckedReading,
    /// The device or file ("Dexcom CLARITY export").
    pub source_name: Option<String>,
    /// Identifies a row of a device file; a second row with the same key is a duplicate and
    /// is not stored. `None` for typed readings.
    pub dedupe_key: Option<String>,
}
phr_core::redacted_debug!(NewReading);

/// A reading as stored.
#[derive(Clone, PartialEq)]
pub struct StoredReading {
    pub id: i64,
    pub reading: CheckedReading,
    pub source_name: Option<String>,
    pub created_at: DateTime<Utc>,
    /// Deleted (and so restorable) rather than live.
    pub deleted: bool,
}
phr_core::redacted_debug!(StoredReading { id, created_at, deleted });

/// Which readings to list, newest first. Times are unix ms, `to` exclusive.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadingFilter {
    pub kind: Option<ReadingKind>,
    pub from_ms: Option<i64>,
    pub to_ms: Option<i64>,
    /// `None`: all of them.
    pub limit: Option<u32>,
    pub offset: u32,
}

/// Count, mean, standard deviation (of the population), lowest and highest of the live
/// readings in a range; the second set for the second value (blood pressure's diastolic). The
/// core's summary of a rollup, which is what the statistics are made from.
pub type RangeStats = phr_core::readings::reduce::Summary;

/// What storing a batch of device readings did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportCounts {
    pub added: u32,
    /// Rows whose dedupe key was already stored (or repeated in the batch).
    pub duplicates: u32,
    /// The import's id in the import history (where it can be undone as a whole).
    pub import_id: i64,
}

/// Where a batch of device readings came from, for the import history and the audit log.
#[derive(Clone, PartialEq, Eq)]
pub struct DeviceImport {
    /// What made the file ("Dexcom CLARITY export"): the history's source.
    pub label: String,
    /// The file's name (no folder).
    pub file: String,
    /// Lines of the file that could not be read.
    pub unreadable: u32,
    /// The file named someone else and the person said it was theirs: the audit entry says
    /// the owner check was overridden (never whose the file seemed to be).
    pub owner_overridden: bool,
}
phr_core::redacted_debug!(DeviceImport { label, unreadable, owner_overridden });

fn not_found() -> VaultError {
    VaultError::new(ErrorCode::ReadingNotFound, "There is no such reading. It may have been deleted.")
}

fn ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

fn kind_code(k: ReadingKind) -> i64 {
    i64::from(k.code())
}

impl Vault {
    /// Stores one reading.
    pub fn add_reading(&mut self, id: &PersonId, r: &NewReading) -> Result<StoredReading> {
        let now = ms(self.now());
        let detail = format!("1 {} reading added", r.reading.kind);
        self.write_person(id, AuditAction::ReadingAdded, &detail, |tx, path| {
            let rowid = rows::insert(tx, r, now)
                .map_err(|e| db_error(path, &e))?
                .ok_or_else(|| VaultError::new(ErrorCode::InvalidInput, "This reading is already stored."))?;
            let mut touched = rollup::Touched::default();
            touched.added(kind_code(r.reading.kind), rows::point(&r.reading));
            touched.recompute(tx).map_err(|e| db_error(path, &e))?;
            rows::get(tx, rowid).map_err(|e| db_error(path, &e))?.ok_or_else(not_found)
        })
    }

    /// Replaces a live reading's content (kind, time, values, notes); its source stays.
    pub fn update_reading(&mut self, id: &PersonId, reading_id: i64, r: &CheckedReading) -> Result<StoredReading> {
        let detail = format!("1 {} reading edited", r.kind);
        self.write_person(id, AuditAction::ReadingEdited, &detail, |tx, path| {
            let before = rows::get(tx, reading_id).map_err(|e| db_error(path, &e))?;
            let Some(before) = before.filter(|b| !b.deleted) else { return Err(not_found()) };
            rows::update(tx, reading_id, r).map_err(|e| db_error(path, &e))?;
            let mut touched = rollup::Touched::default();
            touched.changed(kind_code(before.reading.kind), before.reading.at.timestamp_millis());
            touched.changed(kind_code(r.kind), r.at.timestamp_millis());
            touched.recompute(tx).map_err(|e| db_error(path, &e))?;
            rows::get(tx, reading_id).map_err(|e| db_error(path, &e))?.ok_or_else(not_found)
        })
    }

    /// Deletes a reading so that [`Vault::restore_reading`] can bring it back (undo).
    pub fn delete_reading(&mut self, id: &PersonId, reading_id: i64) -> Result<()> {
        let now = ms(self.now());
        let kind = self.reading(id, reading_id)?.reading.kind;
        let detail = format!("1 {kind} reading deleted");
        self.write_person(id, AuditAction::ReadingDeleted, &detail, |tx, path| {
            let r = rows::get(tx, reading_id).map_err(|e| db_error(path, &e))?;
            let Some(r) = r.filter(|r| !r.deleted) else { return Err(not_found()) };
            tx.prepare_cached("UPDATE reading SET deleted_at = ?2 WHERE id = ?1")
                .and_then(|mut s| s.execute(params![reading_id, now]))
                .map_err(|e| db_error(path, &e))?;
            let mut touched = rollup::Touched::default();
            touched.changed(kind_code(r.reading.kind), r.reading.at.timestamp_millis());
            touched.recompute(tx).map_err(|e| db_error(path, &e))
        })
    }

    /// Brings back a deleted reading. NOTHING_TO_UNDO when it is not deleted.
    pub fn restore_reading(&mut self, id: &PersonId, reading_id: i64) -> Result<StoredReading> {
        let existing = self.reading(id, reading_id)?;
        if !existing.deleted {
            return Err(VaultError::new(
                ErrorCode::NothingToUndo,
                "This reading is not deleted, so there is nothing to undo.",
            ));
        }
        let detail = format!("1 {} reading restored", existing.reading.kind);
        self.write_person(id, AuditAction::ReadingRestored, &detail, |tx, path| {
            tx.prepare_cached("UPDATE reading SET deleted_at = NULL WHERE id = ?1")
                .and_then(|mut s| s.execute([reading_id]))
                .map_err(|e| db_error(path, &e))?;
            let mut touched = rollup::Touched::default();
            touched.changed(kind_code(existing.reading.kind), existing.reading.at.timestamp_millis());
            touched.recompute(tx).map_err(|e| db_error(path, &e))?;
            rows::get(tx, reading_id).map_err(|e| db_error(path, &e))?.ok_or_else(not_found)
        })
    }

    /// One reading, deleted or not. READING_NOT_FOUND when there is none with that id.
    pub fn reading(&self, id: &PersonId, reading_id: i64) -> Result<StoredReading> {
        self.read_person(id, |conn, path| {
            rows::get(conn, reading_id).map_err(|e| db_error(path, &e))?.ok_or_else(not_found)
        })
    }

    /// Live readings, newest first, and how many match in all.
    pub fn list_readings(&self, id: &PersonId, f: &ReadingFilter) -> Result<(Vec<StoredReading>, u64)> {
        self.read_person(id, |conn, path| list(conn, f).map_err(|e| db_error(path, &e)))
    }

    /// Count, mean, standard deviation, lowest and highest of live readings of `kind` in
    /// `[from_ms, to_ms)`, from the rollups with raw readings only at the two edges
    /// ([`rollup::span`]), so all time costs a few thousand rows however many readings.
    pub fn reading_stats(&self, id: &PersonId, kind: ReadingKind, from_ms: i64, to_ms: i64) -> Result<RangeStats> {
        self.read_person(id, |conn, path| stats(conn, kind_code(kind), from_ms, to_ms).map_err(|e| db_error(path, &e)))
    }

    /// The glucose report of `[from_ms, to_ms)` (`phr_core::readings::glucose_report`): its
    /// bands and hourly profile from each whole UTC day's stored tally plus the readings at the
    /// two edges ([`glucose::tally`]), its average and spread from the rollups
    /// ([`rollup::span`]), so a year of a sensor's readings costs a few hundred rows.
    pub fn glucose_report(
        &self,
        id: &PersonId,
        from_ms: i64,
        to_ms: i64,
    ) -> Result<phr_core::readings::glucose_report::GlucoseReport> {
        self.read_person(id, |conn, path| {
            let run = || -> rusqlite::Result<_> {
                let tally = glucose::tally(conn, from_ms, to_ms)?;
                let summary = rollup::span(conn, glucose::glucose_code(), from_ms, to_ms)?.summary();
                Ok(phr_core::readings::glucose_report::glucose_report(&tally, &summary, from_ms, to_ms))
            };
            run().map_err(|e| db_error(path, &e))
        })
    }

    /// Each live reading of `kind` with both values in `[from_ms, to_ms)`, oldest first, as
    /// (time in the offset it was taken in, value, second value): what the NICE home blood
    /// pressure average needs, without reading whole rows. In the order of the (kind, time)
    /// index, so no sort: readings at the same millisecond come in any order.
    pub fn paired_values(
        &self,
        id: &PersonId,
        kind: ReadingKind,
        from_ms: i64,
        to_ms: i64,
    ) -> Result<Vec<(DateTime<FixedOffset>, f64, f64)>> {
        self.read_person(id, |conn, path| {
            let run = || -> rusqlite::Result<Vec<_>> {
                let mut stmt = conn.prepare_cached(
                    "SELECT at, tz_offset, value, value2 FROM reading WHERE kind = ?1 AND at >= ?2 AND at < ?3 \
                     AND deleted_at IS NULL AND value IS NOT NULL AND value2 IS NOT NULL ORDER BY at",
                )?;
                let rows = stmt.query_map(params![kind_code(kind), from_ms, to_ms], |r| {
                    Ok((rows::join_time(r.get(0)?, r.get(1)?), r.get(2)?, r.get(3)?))
                })?;
                rows.collect()
            };
            run().map_err(|e| db_error(path, &e))
        })
    }

    /// A chart series of `kind` in `[from_ms, to_ms)` with at most `max_points` points, read
    /// from raw readings or rollups (at most [`MAX_ROWS`] rows), each output bucket's lowest and
    /// highest reading kept (for blood pressure, the diastolic's too).
    pub fn reading_series(
        &self,
        id: &PersonId,
        kind: ReadingKind,
        from_ms: i64,
        to_ms: i64,
        max_points: u32,
    ) -> Result<SeriesData> {
        self.read_person(id, |conn, path| {
            series::series(conn, kind_code(kind), from_ms, to_ms, max_points, kind.has_second_value())
                .map_err(|e| db_error(path, &e))
        })
    }

    /// The earliest and latest time (unix ms) of a live reading of `kind`, if any.
    pub fn reading_time_span(&self, id: &PersonId, kind: ReadingKind) -> Result<Option<(i64, i64)>> {
        self.read_person(id, |conn, path| time_span(conn, kind_code(kind)).map_err(|e| db_error(path, &e)))
    }

    /// Every target the person has set, in kind order.
    pub fn reading_targets(&self, id: &PersonId) -> Result<Vec<Target>> {
        self.read_person(id, |conn, path| targets(conn).map_err(|e| db_error(path, &e)))
    }

    /// Sets (or, when every bound is open, removes) the target for its kind; returns them all.
    /// The caller validates the target first.
    pub fn set_reading_target(&mut self, id: &PersonId, t: &Target) -> Result<Vec<Target>> {
        let now = ms(self.now());
        let detail = format!("target for {} changed", t.kind);
        self.write_person(id, AuditAction::TargetsChanged, &detail, |tx, path| {
            let run = || -> rusqlite::Result<Vec<Target>> {
                if t.is_empty() {
                    tx.execute("DELETE FROM reading_target WHERE kind = ?1", [kind_code(t.kind)])?;
                } else {
                    tx.execute(
                        "INSERT OR REPLACE INTO reading_target (kind, low, high, low2, high2, updated_at) \
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        params![kind_code(t.kind), t.low, t.high, t.low2, t.high2, now],
                    )?;
                }
                targets(tx)
            };
            run().map_err(|e| db_error(path, &e))
        })
    }

    /// When the home blood pressure week was started, in the offset it was started in.
    pub fn bp_week_start(&self, id: &PersonId) -> Result<Option<DateTime<FixedOffset>>> {
        self.read_person(id, |conn, path| {
            conn.prepare_cached("SELECT started_at, tz_offset FROM bp_week WHERE only_row = 1")
                .and_then(|mut s| {
                    let mut q = s.query([])?;
                    q.next()?.map(|r| Ok(rows::join_time(r.get(0)?, r.get(1)?))).transpose()
                })
                .map_err(|e| db_error(path, &e))
        })
    }

    /// Starts (or restarts) the home blood pressure week at `at`. Recorded as a change of the
    /// person's monitoring plan, like a target.
    pub fn start_bp_week(&mut self, id: &PersonId, at: DateTime<FixedOffset>) -> Result<()> {
        let (start, tz) = rows::split_time(&at);
        self.write_person(id, AuditAction::BpWeekStarted, "home blood pressure week started", |tx, path| {
            tx.execute(
                "INSERT OR REPLACE INTO bp_week (only_row, started_at, tz_offset) VALUES (1, ?1, ?2)",
                params![start, tz],
            )
            .map(|_| ())
            .map_err(|e| db_error(path, &e))
        })
    }

    /// How many of `rows` (each with its dedupe key) are already stored: a preview's
    /// duplicates. A row repeated in `rows` counts again from its second time.
    pub fn count_stored_duplicates<'a>(
        &self,
        id: &PersonId,
        batch: impl IntoIterator<Item = &'a NewReading>,
    ) -> Result<u32> {
        self.read_person(id, |conn, path| {
            let run = || -> rusqlite::Result<u32> {
                let mut stmt = conn.prepare_cached(
                    "SELECT 1 FROM reading WHERE kind = ?1 AND at = ?2 AND dedupe_key = ?3 AND dedupe_key IS NOT NULL",
                )?;
                let mut seen = std::collections::HashSet::new();
                let mut n = 0u32;
                for r in batch {
                    let Some(key) = r.dedupe_key.as_deref() else { continue };
                    let (kind, at, hash) =
                        (kind_code(r.reading.kind), r.reading.at.timestamp_millis(), rows::dedupe_hash(key));
                    if !seen.insert((kind, at, hash)) || stmt.exists(params![kind, at, hash])? {
                        n += 1;
                    }
                }
                Ok(n)
            };
            run().map_err(|e| db_error(path, &e))
        })
    }

    /// Stores a batch of device readings in one transaction with one audit entry; rows whose
    /// dedupe key is already stored are counted, not stored. `source` says where they came
    /// from for the audit log ("a device file"): no values.
    pub fn import_readings(&mut self, id: &PersonId, batch: &[NewReading], source: &str) -> Result<ImportCounts> {
        let label = batch.iter().find_map(|r| r.source_name.clone()).unwrap_or_else(|| source.to_owned());
        let from = DeviceImport { label, file: source.to_owned(), unreadable: 0, owner_overridden: false };
        self.import_device_readings(id, batch, &from)
    }

    /// Stores a device file's readings as one import in the import history (kind "readings",
    /// each reading naming it, so [`Vault::undo_import`] can take them out as a whole), in one
    /// transaction with one audit entry; rows whose dedupe key is already stored are counted,
    /// not stored.
    pub fn import_device_readings(
        &mut self,
        id: &PersonId,
        batch: &[NewReading],
        from: &DeviceImport,
    ) -> Result<ImportCounts> {
        let now_time = self.now();
        let now = ms(now_time);
        let mut kinds: BTreeMap<ReadingKind, u32> = BTreeMap::new();
        for r in batch {
            *kinds.entry(r.reading.kind).or_default() += 1;
        }
        let kinds_text: Vec<String> = kinds.iter().map(|(k, n)| format!("{n} {k}")).collect();
        let mut detail =
            format!("{} rows from a device file ({}) ({})", batch.len(), from.label, kinds_text.join(", "));
        if from.owner_overridden {
            detail.push_str("; ");
            detail.push_str(phr_core::readings::device::OWNER_CHECK_OVERRIDDEN);
        }
        self.write_person(id, AuditAction::ReadingsImported, &detail, |tx, path| {
            let run = || -> rusqlite::Result<ImportCounts> {
                let import_id = start_device_run(tx, from, now_time)?;
                let mut counts = ImportCounts { import_id, ..ImportCounts::default() };
                let mut touched = rollup::Touched::default();
                rows::insert_batch(tx, batch, now, import_id, |(_, kind, point)| {
                    counts.added += 1;
                    touched.added(kind, point);
                })?;
                counts.duplicates = u32::try_from(batch.len()).unwrap_or(u32::MAX).saturating_sub(counts.added);
                touched.recompute(tx)?;
                tx.prepare_cached("UPDATE import_run SET added = ?2, unchanged = ?3 WHERE id = ?1")?
                    .execute(params![import_id, counts.added, counts.duplicates])?;
                Ok(counts)
            };
            run().map_err(|e| db_error(path, &e))
        })
    }
}

/// The import history's row for a device file (its source: the kind of file, keyed
/// "device:<label>"), counts filled in once the readings are stored.
fn start_device_run(tx: &rusqlite::Transaction<'_>, from: &DeviceImport, now: DateTime<Utc>) -> rusqlite::Result<i64> {
    let now = crate::person_store::time_text(now);
    tx.prepare_cached(
        "INSERT INTO source (kind, key, name, created_at) VALUES ('file', ?1, ?2, ?3) ON CONFLICT (key) DO NOTHING",
    )?
    .execute(params![format!("device:{}", from.label), from.label, now])?;
    let source_id: i64 = tx
        .prepare_cached("SELECT id FROM source WHERE key = ?1")?
        .query_row([format!("device:{}", from.label)], |r| r.get(0))?;
    let files = serde_json::to_string(&[&from.file]).unwrap_or_else(|_| "[]".into());
    tx.prepare_cached(
        "INSERT INTO import_run (source_id, finished_at, files, added, updated, unchanged, unmapped, rejected, report,
             kind, owner_overridden)
         VALUES (?1, ?2, ?3, 0, 0, 0, 0, ?4, '[]', 'readings', ?5)",
    )?
    .execute(params![source_id, now, files, from.unreadable, from.owner_overridden])?;
    Ok(tx.last_insert_rowid())
}

fn targets(conn: &Connection) -> rusqlite::Result<Vec<Target>> {
    let mut stmt = conn.prepare_cached("SELECT kind, low, high, low2, high2 FROM reading_target ORDER BY kind")?;
    let rows = stmt.query_map([], |r| {
        let code: i64 = r.get(0)?;
        Ok((
            code,
            Target {
                kind: ReadingKind::BloodPressure,
                low: r.get(1)?,
                high: r.get(2)?,
                low2: r.get(3)?,
                high2: r.get(4)?,
            },
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (code, mut t) = row?;
        // A kind this version does not know (written by a newer app) is left out.
        let Some(kind) = u8::try_from(code).ok().and_then(ReadingKind::from_code) else { continue };
        t.kind = kind;
        out.push(t);
    }
    Ok(out)
}

/// Live readings matching `f`, newest first, and how many match in all. Without a kind, each
/// kind's newest are read through the (kind, time) index and merged, rather than keeping a
/// second index on time alone that every insert would pay for.
pub(crate) fn list(conn: &Connection, f: &ReadingFilter) -> rusqlite::Result<(Vec<StoredReading>, u64)> {
    if f.kind.is_some() {
        return list_kind(conn, f);
    }
    let wanted = f.limit.map(|l| l.saturating_add(f.offset));
    let mut all = Vec::new();
    let mut total = 0;
    for kind in ReadingKind::ALL {
        let (rows, n) = list_kind(conn, &ReadingFilter { kind: Some(kind), limit: wanted, offset: 0, ..f.clone() })?;
        all.extend(rows);
        total += n;
    }
    all.sort_by(|a, b| b.reading.at.cmp(&a.reading.at).then(b.id.cmp(&a.id)));
    let page = all.into_iter().skip(f.offset as usize).take(f.limit.map_or(usize::MAX, |l| l as usize)).collect();
    Ok((page, total))
}

fn list_kind(conn: &Connection, f: &ReadingFilter) -> rusqlite::Result<(Vec<StoredReading>, u64)> {
    let mut cond = String::from("deleted_at IS NULL");
    let mut args: Vec<i64> = Vec::new();
    if let Some(k) = f.kind {
        args.push(kind_code(k));
        cond.push_str(&format!(" AND kind = ?{}", args.len()));
    }
    if let Some(from) = f.from_ms {
        args.push(from);
        cond.push_str(&format!(" AND at >= ?{}", args.len()));
    }
    if let Some(to) = f.to_ms {
        args.push(to);
        cond.push_str(&format!(" AND at < ?{}", args.len()));
    }
    let total = match f.kind {
        Some(k) => count_live(conn, kind_code(k), f.from_ms.unwrap_or(i64::MIN), f.to_ms.unwrap_or(i64::MAX))?,
        None => conn
            .prepare_cached(&format!("SELECT count(*) FROM reading WHERE {cond}"))?
            .query_row(rusqlite::params_from_iter(args.iter()), |r| r.get(0))?,
    };
    args.push(f.limit.map_or(-1, i64::from));
    args.push(i64::from(f.offset));
    let sql = format!(
        "SELECT {} FROM reading WHERE {cond} ORDER BY at DESC, id DESC LIMIT ?{} OFFSET ?{}",
        rows::COLUMNS,
        args.len() - 1,
        args.len()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let found = stmt
        .query_map(rusqlite::params_from_iter(args.iter()), rows::from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((found, u64::try_from(total).unwrap_or(0)))
}

/// The earliest and latest time (unix ms) of a live reading of `kind` (its code), if any.
fn time_span(conn: &Connection, kind: i64) -> rusqlite::Result<Option<(i64, i64)>> {
    // Two subqueries, because SQLite answers a lone min() or max() from one end of the
    // (kind, at) index but scans every row of the kind for both in one SELECT.
    conn.prepare_cached(
        "SELECT (SELECT min(at) FROM reading WHERE kind = ?1 AND deleted_at IS NULL), \
         (SELECT max(at) FROM reading WHERE kind = ?1 AND deleted_at IS NULL)",
    )?
    .query_row([kind], |r| Ok(r.get::<_, Option<i64>>(0)?.zip(r.get::<_, Option<i64>>(1)?)))
}

/// `[from, to)` narrowed to the live readings of `kind` (its code): `None` when none lie in
/// it. Rollup buckets are then read only where readings are, and an open range (from
/// `i64::MIN`) never meets bucket arithmetic at the ends of time.
fn narrowed(conn: &Connection, kind: i64, from: i64, to: i64) -> rusqlite::Result<Option<(i64, i64)>> {
    Ok(time_span(conn, kind)?
        .map(|(first, last)| (from.max(first), to.min(last.saturating_add(1))))
        .filter(|(a, b)| a < b))
}

/// Statistics of the live numeric readings of `kind` (its code) in `[from, to)`, from rollups
/// with raw readings at the edges.
pub(crate) fn stats(conn: &Connection, kind: i64, from: i64, to: i64) -> rusqlite::Result<RangeStats> {
    let Some((from, to)) = narrowed(conn, kind, from, to)? else { return Ok(RangeStats::default()) };
    Ok(rollup::span(conn, kind, from, to)?.summary())
}

/// How many live readings of `kind` (its code) lie in `[from, to)`: those with a value from the
/// rollups ([`rollup::count`]), those without (notes) through their own small index.
fn count_live(conn: &Connection, kind: i64, from: i64, to: i64) -> rusqlite::Result<i64> {
    let Some((from, to)) = narrowed(conn, kind, from, to)? else { return Ok(0) };
    let valueless: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM reading INDEXED BY reading_valueless WHERE kind = ?1 AND at >= ?2 AND at < ?3 \
             AND deleted_at IS NULL AND value IS NULL",
        )?
        .query_row(params![kind, from, to], |r| r.get(0))?;
    Ok(rollup::count(conn, kind, from, to)? + valueless)
}
