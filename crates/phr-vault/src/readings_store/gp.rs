//! The GP record's observations that are a kind of reading (a blood pressure, a weight, an
//! oxygen level taken at the surgery), read straight from the record's entries by the reading
//! the import found in each (`entry.value`'s `reading`), never copied into the readings table.
//! An expression index on that reading's kind (migration 11) keeps the read to the few entries
//! it returns, however large the record.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use phr_core::readings::{GpReading, ReadingKind};
use phr_core::record::ObservedReading;
use rusqlite::Connection;

use crate::error::{Result, db_error};
use crate::model::PersonId;
use crate::vault::Vault;

/// The expression the index is on; queries must use the same text for the index to serve them.
const KIND: &str = "json_extract(e.value, '$.reading.kind')";

impl Vault {
    /// The record's observations of `kind` (every reading kind when `None`) taken in
    /// `[from_ms, to_ms)`, oldest first, each with the practice or file it came from. A blood
    /// pressure written as a systolic and a diastolic observation comes back as two halves
    /// ([`phr_core::readings::join_bp_halves`] joins them). Observations with no date are
    /// left out: they cannot be placed on a chart.
    pub fn gp_readings(
        &self,
        id: &PersonId,
        kind: Option<ReadingKind>,
        from_ms: i64,
        to_ms: i64,
    ) -> Result<Vec<GpReading>> {
        // Every GP reading is read once and kept while the record is unchanged (a large
        // record's tens of thousands of observations took about 350 ms to read on each
        // Readings screen); each call takes its kind and time from them.
        let all = self.read_person_derived(id, |conn, path, derived| {
            derived
                .gp_readings(conn, |conn| {
                    let mut all = read(conn, None, i64::MIN, i64::MAX)?;
                    // By moment (the query's order is by sort key), so a range is a slice.
                    all.sort_by_key(|g| g.at.timestamp_millis());
                    Ok(std::sync::Arc::new(all))
                })
                .map_err(|e| db_error(path, &e))
        })?;
        let start = all.partition_point(|g| g.at.timestamp_millis() < from_ms);
        Ok(all
            .get(start..)
            .unwrap_or_default()
            .iter()
            .take_while(|g| g.at.timestamp_millis() < to_ms)
            .filter(|g| kind.is_none_or(|k| g.kind == k))
            .cloned()
            .collect())
    }
}

/// A sort key (UTC text, as `record_store::dates::sort_key` writes) a day beyond a unix-ms
/// bound: the query reads a little more than asked (a day alone sorts before its times) and
/// each moment is then checked exactly.
fn key(ms: i64, days: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(ms)
        .and_then(|t| t.checked_add_signed(chrono::Duration::days(days)))
        .map_or_else(|| if ms < 0 { String::new() } else { "9999".to_string() }, |t| t.format("%Y-%m-%d").to_string())
}

pub(crate) fn read(
    conn: &Connection,
    kind: Option<ReadingKind>,
    from_ms: i64,
    to_ms: i64,
) -> rusqlite::Result<Vec<GpReading>> {
    let kind_name = kind.map(|k| serde_json::to_value(k).ok().and_then(|v| v.as_str().map(str::to_owned)));
    let kind_name = kind_name.flatten();
    let of_kind = if kind_name.is_some() { format!("{KIND} = ?1") } else { "?1 IS NULL".to_string() };
    let sql = format!(
        "SELECT e.id, e.date, e.value, s.name FROM entry e INDEXED BY entry_reading_kind
         JOIN resource r ON r.id = e.resource_id JOIN source s ON s.id = r.source_id
         WHERE {KIND} IS NOT NULL AND {of_kind} AND e.sort_date >= ?2 AND e.sort_date < ?3
         ORDER BY e.sort_date, e.id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(rusqlite::params![kind_name, key(from_ms, -1), key(to_ms, 1)], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, Option<String>>(1)?, r.get::<_, Option<String>>(2)?, r.get(3)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (entry_id, date, value, source_name): (i64, Option<String>, Option<String>, Option<String>) = row?;
        let Some(at) = date.as_deref().and_then(instant) else { continue };
        let ms = at.timestamp_millis();
        if ms < from_ms || ms >= to_ms {
            continue;
        }
        let Some(o) = value.as_deref().and_then(observed) else { continue };
        out.push(GpReading {
            entry_id,
            kind: o.kind,
            at,
            value: o.value,
            value2: o.value2,
            pulse: o.pulse,
            context: o.context,
            source_name,
        });
    }
    Ok(out)
}

/// The reading in a stored entry value.
fn observed(value: &str) -> Option<ObservedReading> {
    #[derive(serde::Deserialize)]
    struct Holder {
        reading: Option<ObservedReading>,
    }
    serde_json::from_str::<Holder>(value).ok()?.reading
}

/// A FHIR date or dateTime as a moment: a day alone is placed at midday UTC (so it stays on its
/// own date in any UK offset), a month or year alone is not placed.
fn instant(date: &str) -> Option<DateTime<FixedOffset>> {
    let d = date.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(d) {
        return Some(t);
    }
    if let Ok(t) = chrono::NaiveDateTime::parse_from_str(d, "%Y-%m-%dT%H:%M:%S") {
        return Some(t.and_utc().fixed_offset());
    }
    if let Ok(t) = chrono::NaiveDateTime::parse_from_str(d, "%Y-%m-%dT%H:%M") {
        return Some(t.and_utc().fixed_offset());
    }
    let day = NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()?;
    Some(day.and_hms_opt(12, 0, 0)?.and_utc().fixed_offset())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kind_is_read_through_the_index_not_the_whole_record() {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::migrations::migrate(&mut conn).unwrap();
        for kind in [Some("bloodPressure"), None] {
            let of_kind = if kind.is_some() { format!("{KIND} = ?1") } else { "?1 IS NULL".to_string() };
            let sql = format!(
                "EXPLAIN QUERY PLAN SELECT e.id FROM entry e INDEXED BY entry_reading_kind WHERE {KIND} IS NOT NULL AND {of_kind} \
                 AND e.sort_date >= ?2 AND e.sort_date < ?3"
            );
            let plan: Vec<String> = conn
                .prepare(&sql)
                .unwrap()
                .query_map(rusqlite::params![kind, "", "9999"], |r| r.get::<_, String>(3))
                .unwrap()
                .map(|r| r.unwrap())
                .collect();
            assert!(plan.iter().any(|p| p.contains("entry_reading_kind")), "{kind:?}: {plan:?}");
        }
    }

    #[test]
    fn dates_become_moments_or_nothing() {
        assert_eq!(
            instant("2019-03-28T10:30:00+01:00").map(|t| t.to_rfc3339()).as_deref(),
            Some("2019-03-28T10:30:00+01:00")
        );
        assert_eq!(instant("2019-03-28").map(|t| t.to_rfc3339()).as_deref(), Some("2019-03-28T12:00:00+00:00"));
        assert!(instant("2019-03").is_none());
        assert_eq!(key(0, -1), "1969-12-31");
        assert_eq!(key(i64::MAX, 1), "9999");
        assert_eq!(key(i64::MIN, -1), "");
    }
}
