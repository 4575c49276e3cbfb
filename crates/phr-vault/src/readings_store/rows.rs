//! One reading row: the column list, reading a row back, inserting one, and the compact forms
//! of the source and the unusual flags.

use chrono::{DateTime, FixedOffset, Offset, TimeZone, Utc};
use phr_core::readings::reduce::Point;
use phr_core::readings::{CheckedReading, ReadingKind, ReadingSource, Unusual};
use rusqlite::{Row, Transaction, params};

use super::{NewReading, StoredReading};

/// The columns [`from_row`] reads, in its order.
pub(crate) const COLUMNS: &str = "id, kind, at, tz_offset, value, value2, pulse, entered_value, entered_unit, \
     context, arm, position, text, note, source, source_name, unusual, created_at, deleted_at";

/// The stored source codes: a format, never renumbered.
pub(crate) fn source_code(s: ReadingSource) -> i64 {
    match s {
        ReadingSource::Typed => 1,
        ReadingSource::DeviceFile => 2,
        ReadingSource::Carer => 3,
    }
}

fn source_from(code: i64) -> ReadingSource {
    match code {
        2 => ReadingSource::DeviceFile,
        3 => ReadingSource::Carer,
        _ => ReadingSource::Typed,
    }
}

// Separators that cannot appear in the app's own reason sentences.
const FIELD_SEP: char = '\u{1f}';
const ITEM_SEP: char = '\u{1e}';

/// The unusual flags as one short text ("field␟reason␞field␟reason"); `None` when there are none.
pub(crate) fn encode_unusual(u: &[Unusual]) -> Option<String> {
    if u.is_empty() {
        return None;
    }
    let parts: Vec<String> = u.iter().map(|x| format!("{}{FIELD_SEP}{}", x.field, x.reason)).collect();
    Some(parts.join(&ITEM_SEP.to_string()))
}

fn decode_unusual(s: Option<String>) -> Vec<Unusual> {
    let Some(s) = s else { return Vec::new() };
    s.split(ITEM_SEP)
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once(FIELD_SEP) {
            Some((field, reason)) => Unusual { field: field.to_owned(), reason: reason.to_owned() },
            None => Unusual { field: String::new(), reason: p.to_owned() },
        })
        .collect()
}

/// Unix milliseconds (UTC) and the offset in minutes east of UTC.
pub(crate) fn split_time(at: &DateTime<FixedOffset>) -> (i64, i32) {
    (at.timestamp_millis(), at.offset().local_minus_utc() / 60)
}

pub(crate) fn join_time(ms: i64, offset_min: i32) -> DateTime<FixedOffset> {
    let offset = FixedOffset::east_opt(offset_min.saturating_mul(60)).unwrap_or_else(|| Utc.fix());
    let utc = Utc.timestamp_millis_opt(ms).single().unwrap_or_default();
    utc.with_timezone(&offset)
}

/// A row in [`COLUMNS`] order. A kind code this version does not know (written by a newer
/// app) is a conversion error rather than a wrong kind.
pub(crate) fn from_row(r: &Row<'_>) -> rusqlite::Result<StoredReading> {
    let code: i64 = r.get(1)?;
    let kind = u8::try_from(code).ok().and_then(ReadingKind::from_code).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Integer, "unknown reading kind".into())
    })?;
    let reading = CheckedReading {
        kind,
        at: join_time(r.get(2)?, r.get(3)?),
        value: r.get(4)?,
        value2: r.get(5)?,
        pulse: r.get(6)?,
        entered_value: r.get(7)?,
        entered_unit: r.get(8)?,
        context: r.get(9)?,
        arm: r.get(10)?,
        position: r.get(11)?,
        text: r.get(12)?,
        note: r.get(13)?,
        source: source_from(r.get(14)?),
        unusual: decode_unusual(r.get(16)?),
    };
    let deleted_at: Option<i64> = r.get(18)?;
    Ok(StoredReading {
        id: r.get(0)?,
        reading,
        source_name: r.get(15)?,
        created_at: Utc.timestamp_millis_opt(r.get(17)?).single().unwrap_or_default(),
        deleted: deleted_at.is_some(),
    })
}

/// The stored form of a dedupe key: the first 8 bytes of its SHA-256. The unique index is on
/// (kind, time, this), so inserts of a device file's rows land at the end of the index like
/// the readings themselves, and only two rows of the same kind at the same millisecond could
/// ever collide (about one chance in 10^19).
pub(crate) fn dedupe_hash(key: &str) -> i64 {
    let d = ring::digest::digest(&ring::digest::SHA256, key.as_bytes());
    // The first 8 of SHA-256's 32 bytes.
    i64::from_le_bytes(d.as_ref().first_chunk::<8>().copied().unwrap_or_default())
}

/// The columns an insert writes, in [`bind`]'s order.
const INSERT_COLUMNS: &str = "kind, at, tz_offset, value, value2, pulse, entered_value, entered_unit, context, arm, \
     position, text, note, source, source_name, unusual, dedupe_key, created_at, import_id";
const INSERT_WIDTH: usize = 19;

/// `INSERT` of `rows` readings at once; a row whose dedupe key is already stored (or earlier in
/// the same statement) is skipped, and each row inserted is returned as a chart point.
fn insert_sql(rows: usize) -> String {
    let one = format!("({})", vec!["?"; INSERT_WIDTH].join(", "));
    format!(
        "INSERT INTO reading ({INSERT_COLUMNS}) VALUES {} \
         ON CONFLICT (kind, at, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING \
         RETURNING id, kind, at, value, value2",
        vec![one; rows].join(", ")
    )
}

/// Binds reading `n` as the `slot`-th row of an [`insert_sql`] statement whose bindings were
/// cleared: absent values stay NULL unbound, and each value is bound as its own type (no
/// `dyn ToSql`), which matters at 100,000 rows.
fn bind(
    stmt: &mut rusqlite::Statement<'_>,
    slot: usize,
    n: &NewReading,
    now_ms: i64,
    import_id: Option<i64>,
) -> rusqlite::Result<()> {
    let r = &n.reading;
    let (at, tz) = split_time(&r.at);
    let i = |col: usize| slot * INSERT_WIDTH + col;
    stmt.raw_bind_parameter(i(1), i64::from(r.kind.code()))?;
    stmt.raw_bind_parameter(i(2), at)?;
    stmt.raw_bind_parameter(i(3), tz)?;
    for (col, v) in [(4, r.value), (5, r.value2), (6, r.pulse), (7, r.entered_value)] {
        if let Some(v) = v {
            stmt.raw_bind_parameter(i(col), v)?;
        }
    }
    let unusual = encode_unusual(&r.unusual);
    let texts = [
        (8, r.entered_unit.as_deref()),
        (9, r.context.as_deref()),
        (10, r.arm.as_deref()),
        (11, r.position.as_deref()),
        (12, r.text.as_deref()),
        (13, r.note.as_deref()),
        (15, n.source_name.as_deref()),
        (16, unusual.as_deref()),
    ];
    for (col, v) in texts {
        if let Some(v) = v {
            stmt.raw_bind_parameter(i(col), v)?;
        }
    }
    stmt.raw_bind_parameter(i(14), source_code(r.source))?;
    if let Some(key) = n.dedupe_key.as_deref() {
        stmt.raw_bind_parameter(i(17), dedupe_hash(key))?;
    }
    stmt.raw_bind_parameter(i(18), now_ms)?;
    if let Some(run) = import_id {
        stmt.raw_bind_parameter(i(19), run)?;
    }
    Ok(())
}

/// A reading inserted: its id and kind code, and its chart point (`None` without a value).
pub(crate) type Inserted = (i64, i64, Option<Point>);

/// Runs an [`insert_sql`] statement bound with `rows`, calling `added` for each row inserted.
fn insert_rows(
    stmt: &mut rusqlite::Statement<'_>,
    rows: &[NewReading],
    now_ms: i64,
    import_id: Option<i64>,
    added: &mut dyn FnMut(Inserted),
) -> rusqlite::Result<()> {
    stmt.clear_bindings();
    for (slot, n) in rows.iter().enumerate() {
        bind(stmt, slot, n, now_ms, import_id)?;
    }
    let mut out = stmt.raw_query();
    while let Some(row) = out.next()? {
        let point = match row.get::<_, Option<f64>>(3)? {
            Some(value) => Some(Point { at: row.get(2)?, value, value2: row.get(4)? }),
            None => None,
        };
        added((row.get(0)?, row.get(1)?, point));
    }
    Ok(())
}

/// How many readings one statement inserts: SQLite's per-statement work (cursors opened on
/// the table and both indexes, the statement's own journal) is then shared by many rows.
const ROWS_PER_STATEMENT: usize = 64;

/// Inserts `batch` as import `import_id`'s, skipping rows whose dedupe key is already stored
/// or repeated in `batch`, and calls `added` for each reading inserted.
pub(crate) fn insert_batch(
    tx: &Transaction<'_>,
    batch: &[NewReading],
    now_ms: i64,
    import_id: i64,
    mut added: impl FnMut(Inserted),
) -> rusqlite::Result<()> {
    let mut chunks = batch.chunks_exact(ROWS_PER_STATEMENT);
    if chunks.len() > 0 {
        let mut stmt = tx.prepare_cached(&insert_sql(ROWS_PER_STATEMENT))?;
        for chunk in chunks.by_ref() {
            insert_rows(&mut stmt, chunk, now_ms, Some(import_id), &mut added)?;
        }
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        // Not cached: a remainder of each length would push the full statement out.
        let mut stmt = tx.prepare(&insert_sql(rest.len()))?;
        insert_rows(&mut stmt, rest, now_ms, Some(import_id), &mut added)?;
    }
    Ok(())
}

/// Inserts a reading that is no import's; its id, or `None` when its dedupe key is already
/// stored (a duplicate).
pub(crate) fn insert(tx: &Transaction<'_>, n: &NewReading, now_ms: i64) -> rusqlite::Result<Option<i64>> {
    let mut id = None;
    let mut stmt = tx.prepare_cached(&insert_sql(1))?;
    insert_rows(&mut stmt, std::slice::from_ref(n), now_ms, None, &mut |(rowid, _, _)| id = Some(rowid))?;
    Ok(id)
}

/// A stored reading as a chart point (as [`super::rollup::raw_points`] reads it back): `None`
/// for a reading without a value.
pub(crate) fn point(r: &CheckedReading) -> Option<Point> {
    Some(Point { at: r.at.timestamp_millis(), value: r.value?, value2: r.value2 })
}

/// Replaces a live reading's content (its source, dedupe key and creation time stay).
pub(crate) fn update(tx: &Transaction<'_>, id: i64, r: &CheckedReading) -> rusqlite::Result<usize> {
    let (at, tz) = split_time(&r.at);
    tx.prepare_cached(
        "UPDATE reading SET kind = ?2, at = ?3, tz_offset = ?4, value = ?5, value2 = ?6, pulse = ?7, \
         entered_value = ?8, entered_unit = ?9, context = ?10, arm = ?11, position = ?12, text = ?13, note = ?14, \
         unusual = ?15 WHERE id = ?1 AND deleted_at IS NULL",
    )?
    .execute(params![
        id,
        i64::from(r.kind.code()),
        at,
        tz,
        r.value,
        r.value2,
        r.pulse,
        r.entered_value,
        r.entered_unit,
        r.context,
        r.arm,
        r.position,
        r.text,
        r.note,
        encode_unusual(&r.unusual),
    ])
}

/// One reading by id, deleted or not.
pub(crate) fn get(conn: &rusqlite::Connection, id: i64) -> rusqlite::Result<Option<StoredReading>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM reading WHERE id = ?1"))?;
    let mut rows = stmt.query([id])?;
    rows.next()?.map(from_row).transpose()
}
