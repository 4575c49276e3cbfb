//! One reading row: the column list, reading a row back, inserting one, and the compact forms
//! of the source and the unusual flags.

use chrono::{DateTime, FixedOffset, Offset, TimeZone, Utc};
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
    let mut b = [0u8; 8];
    b.copy_from_slice(&d.as_ref()[..8]);
    i64::from_le_bytes(b)
}

/// Inserts a reading; `None` when its dedupe key is already stored (a duplicate).
pub(crate) fn insert(tx: &Transaction<'_>, n: &NewReading, now_ms: i64) -> rusqlite::Result<Option<i64>> {
    let r = &n.reading;
    let (at, tz) = split_time(&r.at);
    let mut stmt = tx.prepare_cached(
        "INSERT INTO reading (kind, at, tz_offset, value, value2, pulse, entered_value, entered_unit, context, arm, \
         position, text, note, source, source_name, unusual, dedupe_key, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18) \
         ON CONFLICT (kind, at, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING",
    )?;
    let changed = stmt.execute(params![
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
        source_code(r.source),
        n.source_name,
        encode_unusual(&r.unusual),
        n.dedupe_key.as_deref().map(dedupe_hash),
        now_ms,
    ])?;
    Ok((changed == 1).then(|| tx.last_insert_rowid()))
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
