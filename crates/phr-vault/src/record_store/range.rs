//! Results against their normal range, as the record keeps them: `entry.range_check` (inside,
//! outside, cannot be checked; see `phr_core::record::range`) judged when a result is stored,
//! and judged here for results that have none (stored before the column existed, or put back
//! without it); each result's numbers and red-flag row for the lists; and what the red-flag
//! table needs to know about the person from their record.

use chrono::{DateTime, Duration, FixedOffset};
use phr_core::fhir::observation_value;
use phr_core::readings::ReadingKind;
use phr_core::readings::red_flags::{self, Advice, PersonContext};
use phr_core::record::{Coding, ObservedReading, RangeCheck};
use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, params, params_from_iter};
use serde_json::Value;

use crate::error::{Result, db_error};
use crate::model::PersonId;
use crate::readings_store::{ReadingFilter, StoredReading, list};
use crate::vault::Vault;

/// One result's judgement, for a list row.
#[derive(Debug, Clone, PartialEq)]
pub struct EntryJudgement {
    pub entry_id: i64,
    pub range_check: Option<RangeCheck>,
    /// The result as a kind of reading, in canonical units.
    pub reading: Option<ObservedReading>,
    /// The red-flag row it meets without knowing the person (or that it names).
    pub red_flag: Option<String>,
}

/// Judges every result that has no `range_check` yet, from its stored resource, in one
/// transaction: its value, flag and `abnormal` are rewritten with the judgement. A resource
/// that cannot be read is marked "cannot be checked". Finds nothing, through the partial
/// index on unjudged results, in a record that needs nothing done. Returns how many it judged.
pub(crate) fn judge_unjudged(conn: &mut Connection) -> rusqlite::Result<usize> {
    let pending: Vec<(i64, String)> = {
        let mut stmt = conn.prepare(
            // INDEXED BY: the planner otherwise walks every result through `entry_kind` to
            // find none unjudged, at every unlock (37 ms warm for 100,000 resources).
            "SELECT e.id, coalesce(r.r4, r.raw) FROM entry e INDEXED BY entry_unjudged
             JOIN resource r ON r.id = e.resource_id
             WHERE e.range_check IS NULL AND e.kind = 'result'",
        )?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?
    };
    if pending.is_empty() {
        return Ok(0);
    }
    let tx = conn.transaction()?;
    {
        let mut judged = tx.prepare(
            "UPDATE entry SET value_text = ?2, flag = ?3, abnormal = ?4, value = ?5, range_check = ?6 WHERE id = ?1",
        )?;
        let mut unreadable = tx.prepare("UPDATE entry SET range_check = ?2 WHERE id = ?1")?;
        for (id, text) in &pending {
            let value = serde_json::from_str::<Value>(text).ok().and_then(|r| observation_value(&r));
            match value {
                Some(v) => {
                    let check = v.range_check.unwrap_or(RangeCheck::CannotCheck);
                    let json = serde_json::to_string(&v).unwrap_or_else(|_| "null".into());
                    judged.execute(params![id, v.text, v.flag, v.abnormal, json, check.stored()])?;
                }
                None => {
                    unreadable.execute(params![id, RangeCheck::CannotCheck.stored()])?;
                }
            }
        }
    }
    tx.commit()?;
    Ok(pending.len())
}

fn judgements(conn: &Connection, ids: &[i64]) -> rusqlite::Result<Vec<EntryJudgement>> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("?{i}")).collect();
        let mut stmt = conn.prepare(&format!(
            "SELECT id, range_check, json_extract(value, '$.reading'), json_extract(value, '$.redFlag') FROM entry
             WHERE id IN ({}) AND kind = 'result'",
            marks.join(", ")
        ))?;
        let args = chunk.iter().map(|i| SqlValue::Integer(*i));
        let rows = stmt.query_map(params_from_iter(args), |r| {
            let check: Option<i64> = r.get(1)?;
            let reading: Option<String> = r.get(2)?;
            Ok(EntryJudgement {
                entry_id: r.get(0)?,
                range_check: check.and_then(RangeCheck::from_stored),
                reading: reading.and_then(|t| serde_json::from_str(&t).ok()),
                red_flag: r.get(3)?,
            })
        })?;
        for row in rows {
            out.push(row?);
        }
    }
    Ok(out)
}

/// What the red-flag table needs from the record: type 1 diabetes or heart failure among the
/// problems (any not entered in error or ruled out), and the highest peak flow.
pub(crate) fn advice_context(conn: &Connection) -> rusqlite::Result<PersonContext> {
    let mut ctx = PersonContext::default();
    let mut stmt = conn.prepare_cached("SELECT title, codes, status FROM entry WHERE kind = 'problem'")?;
    let rows =
        stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<String>>(2)?)))?;
    for row in rows {
        let (title, codes, status) = row?;
        if matches!(status.as_deref(), Some("entered-in-error" | "refuted")) {
            continue;
        }
        let codes: Vec<Coding> = serde_json::from_str(&codes).unwrap_or_default();
        ctx.has_type1_diabetes |= red_flags::is_type1_diabetes(&codes, &title);
        ctx.has_heart_failure |= red_flags::is_heart_failure(&codes, &title);
    }
    ctx.best_peak_flow = conn
        .prepare_cached("SELECT max(value) FROM reading WHERE kind = ?1 AND deleted_at IS NULL")?
        .query_row([ReadingKind::PeakFlow.code()], |r| r.get(0))?;
    Ok(ctx)
}

/// Live weights (time, kg) from 3 days before `from` up to `to`, for a weight gain over days.
pub(crate) fn weights_around(
    conn: &Connection,
    from: DateTime<FixedOffset>,
    to: DateTime<FixedOffset>,
) -> rusqlite::Result<Vec<(DateTime<FixedOffset>, f64)>> {
    let filter = ReadingFilter {
        kind: Some(ReadingKind::Weight),
        from_ms: Some((from - Duration::days(3)).timestamp_millis()),
        to_ms: Some(to.timestamp_millis().saturating_add(1)),
        limit: None,
        offset: 0,
    };
    let (rows, _) = list(conn, &filter)?;
    Ok(rows.iter().filter_map(|r| Some((r.reading.at, r.reading.value?))).collect())
}

/// The red-flag advice for each of `readings`, in order, knowing the person from their record
/// (as shares and exports carry it).
pub(crate) fn readings_advice(conn: &Connection, readings: &[StoredReading]) -> rusqlite::Result<Vec<Option<Advice>>> {
    let mut ctx = advice_context(conn)?;
    let weights = readings.iter().filter(|r| r.reading.kind == ReadingKind::Weight).map(|r| r.reading.at);
    if let (Some(from), Some(to)) = (weights.clone().min(), weights.max()) {
        ctx.weights = weights_around(conn, from, to)?;
    }
    Ok(readings.iter().map(|r| red_flags::advise_reading(&r.reading, Some(&ctx))).collect())
}

impl Vault {
    /// Each result's range judgement, numbers and red-flag row, for the entries of a list
    /// (entries that are not results are left out).
    pub fn entry_judgements(&self, id: &PersonId, entry_ids: &[i64]) -> Result<Vec<EntryJudgement>> {
        self.read_person(id, |conn, path| judgements(conn, entry_ids).map_err(|e| db_error(path, &e)))
    }

    /// What the red-flag table needs to know about the person from their record (type 1
    /// diabetes, heart failure, the best peak flow). Weights are the caller's to add, for the
    /// days around the readings it judges.
    pub fn advice_context(&self, id: &PersonId) -> Result<PersonContext> {
        self.read_person_derived(id, |conn, path, kept| {
            kept.advice(conn, advice_context).map_err(|e| db_error(path, &e))
        })
    }
}
