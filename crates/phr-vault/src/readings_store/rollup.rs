//! Hourly and daily rollups of each kind's readings: count, sums, sums of squares, and the
//! bucket's extreme points (the readings with the lowest and highest value, and for blood
//! pressure the lowest and highest diastolic). Kept in step with the readings in the same
//! transaction, so a chart or the statistics of ten years read a few thousand rows, and
//! reducing from them keeps every bucket's minimum and maximum exactly. The same door keeps
//! each day's glucose tally ([`super::glucose`]).

use std::collections::{BTreeMap, BTreeSet};

use phr_core::readings::reduce::{Extremes, Point, Rollup, ceil_to, floor_to};
use rusqlite::{Connection, Transaction, params};

/// Bucket widths in milliseconds. Buckets are aligned to the unix epoch (UTC), so an hour
/// bucket lies wholly inside one day bucket and inside any coarser multiple.
pub(crate) const HOUR: i64 = 3_600_000;
pub(crate) const DAY: i64 = 86_400_000;

/// The stored levels: a format, never renumbered.
pub(crate) const LEVEL_HOUR: i64 = 1;
pub(crate) const LEVEL_DAY: i64 = 2;

/// The extreme points as a blob: per point 8 bytes of time, 8 of value, 8 of second value
/// (NaN when there is none), little-endian. A format, never changed.
pub(crate) fn encode_extremes(e: &Extremes) -> Vec<u8> {
    let points = e.points();
    let mut out = Vec::with_capacity(points.len() * 24);
    for p in points {
        out.extend_from_slice(&p.at.to_le_bytes());
        out.extend_from_slice(&p.value.to_le_bytes());
        out.extend_from_slice(&p.value2.unwrap_or(f64::NAN).to_le_bytes());
    }
    out
}

pub(crate) fn decode_extremes(blob: &[u8]) -> Extremes {
    let mut e = Extremes::default();
    // Each point is 24 bytes: time, value and second value (NaN when none), 8 bytes each.
    let points = blob.chunks_exact(24).filter_map(|c| {
        let (a, rest) = c.split_first_chunk::<8>()?;
        let (v, rest) = rest.split_first_chunk::<8>()?;
        let v2 = f64::from_le_bytes(*rest.first_chunk::<8>()?);
        Some(Point { at: i64::from_le_bytes(*a), value: f64::from_le_bytes(*v), value2: (!v2.is_nan()).then_some(v2) })
    });
    points.for_each(|p| e.push(p));
    e
}

/// Live numeric readings of `kind` in `[from, to)` as points, in time order.
pub(crate) fn raw_points(conn: &Connection, kind: i64, from: i64, to: i64) -> rusqlite::Result<Vec<Point>> {
    let mut stmt = conn.prepare_cached(
        "SELECT at, value, value2 FROM reading WHERE kind = ?1 AND at >= ?2 AND at < ?3 AND deleted_at IS NULL \
         AND value IS NOT NULL ORDER BY kind, at",
    )?;
    let rows =
        stmt.query_map(params![kind, from, to], |r| Ok(Point { at: r.get(0)?, value: r.get(1)?, value2: r.get(2)? }))?;
    rows.collect()
}

/// Rollup rows of `kind` at `level` whose buckets start in `[from, to)`, in time order.
pub(crate) fn rollups(conn: &Connection, kind: i64, level: i64, from: i64, to: i64) -> rusqlite::Result<Vec<Rollup>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ROLLUP_COLUMNS} FROM reading_rollup WHERE kind = ?1 AND level = ?2 AND bucket >= ?3 \
         AND bucket < ?4 ORDER BY bucket"
    ))?;
    let rows = stmt.query_map(params![kind, level, from, to], from_row)?;
    rows.collect()
}

/// The columns [`from_row`] reads, in its order.
const ROLLUP_COLUMNS: &str = "n, sum, sum2, extremes, sum_sq, n2, sum_sq2";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Rollup> {
    let blob: Vec<u8> = r.get(3)?;
    let (n, n2): (i64, i64) = (r.get(0)?, r.get(5)?);
    Ok(Rollup {
        count: u64::try_from(n).unwrap_or(0),
        sum: r.get(1)?,
        sum_sq: r.get(4)?,
        count2: u64::try_from(n2).unwrap_or(0),
        sum2: r.get(2)?,
        sum_sq2: r.get(6)?,
        extremes: decode_extremes(&blob),
    })
}

fn store(tx: &Transaction<'_>, kind: i64, level: i64, bucket: i64, r: &Rollup) -> rusqlite::Result<()> {
    if r.count == 0 {
        tx.prepare_cached("DELETE FROM reading_rollup WHERE kind = ?1 AND level = ?2 AND bucket = ?3")?
            .execute(params![kind, level, bucket])?;
        return Ok(());
    }
    tx.prepare_cached(
        "INSERT OR REPLACE INTO reading_rollup (kind, level, bucket, n, sum, sum2, extremes, sum_sq, n2, sum_sq2) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        kind,
        level,
        bucket,
        i64::try_from(r.count).unwrap_or(i64::MAX),
        r.sum,
        r.sum2,
        encode_extremes(&r.extremes),
        r.sum_sq,
        i64::try_from(r.count2).unwrap_or(i64::MAX),
        r.sum_sq2,
    ])?;
    Ok(())
}

/// The stored rollup of one bucket, if any.
fn stored(tx: &Transaction<'_>, kind: i64, level: i64, bucket: i64) -> rusqlite::Result<Option<Rollup>> {
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT {ROLLUP_COLUMNS} FROM reading_rollup WHERE kind = ?1 AND level = ?2 AND bucket = ?3"
    ))?;
    let mut rows = stmt.query(params![kind, level, bucket])?;
    rows.next()?.map(from_row).transpose()
}

/// What a change did to the rollups, brought up to date before commit. A reading added only
/// adds to its hour and day, so its rollup is merged into the stored ones (exact: counts add
/// and the extremes of a union are the extremes of the parts' extremes); a reading edited or
/// deleted may take an extreme away, so its hour is recomputed from the readings and its day
/// from its hours.
#[derive(Debug, Default)]
pub(crate) struct Touched {
    /// (kind, hour) to recompute.
    changed: BTreeSet<(i64, i64)>,
    /// (kind, hour) and the rollup of the readings added to it.
    added: BTreeMap<(i64, i64), Rollup>,
    /// The hour last added to, kept aside: a device file's rows come in time order.
    last: Option<((i64, i64), Rollup)>,
    /// UTC days whose glucose tally to work out again ([`super::glucose`]).
    glucose_days: BTreeSet<i64>,
}

impl Touched {
    /// A reading of `kind` at `at` was edited, deleted or restored.
    pub(crate) fn changed(&mut self, kind: i64, at: i64) {
        self.changed.insert((kind, floor_to(at, HOUR)));
        if kind == super::glucose::glucose_code() {
            self.glucose_days.insert(super::glucose::day_of(at));
        }
    }

    /// A live reading of `kind` was stored; `point` is `None` when it has no value (a note),
    /// which no rollup counts.
    pub(crate) fn added(&mut self, kind: i64, point: Option<Point>) {
        let Some(p) = point else { return };
        if kind == super::glucose::glucose_code() {
            self.glucose_days.insert(super::glucose::day_of(p.at));
        }
        let key = (kind, floor_to(p.at, HOUR));
        match &mut self.last {
            Some((k, r)) if *k == key => r.push(p),
            last => {
                if let Some((k, r)) = last.take() {
                    self.added.entry(k).or_default().merge(&r);
                }
                let mut r = Rollup::default();
                r.push(p);
                *last = Some((key, r));
            }
        }
    }

    /// Writes the rollups of every touched hour and day, and the glucose tallies of every
    /// touched day (worked out again from the day's readings: a tally needs each reading's
    /// own UTC offset, which a chart point does not carry).
    pub(crate) fn recompute(mut self, tx: &Transaction<'_>) -> rusqlite::Result<()> {
        for &day in &self.glucose_days {
            super::glucose::rebuild_day(tx, day)?;
        }
        if let Some((k, r)) = self.last.take() {
            self.added.entry(k).or_default().merge(&r);
        }
        // Per day: `None` to recompute from its hours, else what was added to it.
        let mut days: BTreeMap<(i64, i64), Option<Rollup>> = BTreeMap::new();
        for &(kind, hour) in &self.changed {
            let mut r = Rollup::default();
            for p in raw_points(tx, kind, hour, hour + HOUR)? {
                r.push(p);
            }
            store(tx, kind, LEVEL_HOUR, hour, &r)?;
            days.insert((kind, floor_to(hour, DAY)), None);
        }
        for ((kind, hour), add) in self.added {
            // A recomputed hour already counts the readings added to it.
            if self.changed.contains(&(kind, hour)) {
                continue;
            }
            let mut r = stored(tx, kind, LEVEL_HOUR, hour)?.unwrap_or_default();
            r.merge(&add);
            store(tx, kind, LEVEL_HOUR, hour, &r)?;
            if let Some(day) = days.entry((kind, floor_to(hour, DAY))).or_insert_with(|| Some(Rollup::default())) {
                day.merge(&add);
            }
        }
        for ((kind, day), add) in days {
            let r = match add {
                Some(add) => {
                    let mut r = stored(tx, kind, LEVEL_DAY, day)?.unwrap_or_default();
                    r.merge(&add);
                    r
                }
                None => {
                    let mut r = Rollup::default();
                    for h in rollups(tx, kind, LEVEL_HOUR, day, day + DAY)? {
                        r.merge(&h);
                    }
                    r
                }
            };
            store(tx, kind, LEVEL_DAY, day, &r)?;
        }
        Ok(())
    }
}

fn raw_count(conn: &Connection, kind: i64, from: i64, to: i64) -> rusqlite::Result<i64> {
    if from >= to {
        return Ok(0);
    }
    conn.prepare_cached(
        "SELECT count(*) FROM reading WHERE kind = ?1 AND at >= ?2 AND at < ?3 AND deleted_at IS NULL \
         AND value IS NOT NULL",
    )?
    .query_row(params![kind, from, to], |r| r.get(0))
}

fn rollup_count(conn: &Connection, kind: i64, level: i64, from: i64, to: i64) -> rusqlite::Result<i64> {
    if from >= to {
        return Ok(0);
    }
    conn.prepare_cached(
        "SELECT coalesce(sum(n), 0) FROM reading_rollup WHERE kind = ?1 AND level = ?2 AND bucket >= ?3 \
         AND bucket < ?4",
    )?
    .query_row(params![kind, level, from, to], |r| r.get(0))
}

/// How many live numeric readings of `kind` lie in `[from, to)`, exactly, reading raw rows
/// only at the ragged edges, hourly rollups next to them and daily rollups for the rest.
pub(crate) fn count(conn: &Connection, kind: i64, from: i64, to: i64) -> rusqlite::Result<i64> {
    let (h1, h2) = (ceil_to(from, HOUR), floor_to(to, HOUR));
    if h1 >= h2 {
        return raw_count(conn, kind, from, to);
    }
    let edges = raw_count(conn, kind, from, h1)? + raw_count(conn, kind, h2, to)?;
    let (d1, d2) = (ceil_to(h1, DAY), floor_to(h2, DAY));
    if d1 >= d2 {
        return Ok(edges + rollup_count(conn, kind, LEVEL_HOUR, h1, h2)?);
    }
    Ok(edges
        + rollup_count(conn, kind, LEVEL_HOUR, h1, d1)?
        + rollup_count(conn, kind, LEVEL_HOUR, d2, h2)?
        + rollup_count(conn, kind, LEVEL_DAY, d1, d2)?)
}

/// The rollup of the live numeric readings of `kind` in `[from, to)`, exactly as if built from
/// every one of them: raw rows only at the ragged edges (less than an hour each), hourly
/// rollups next to them and daily rollups for the rest, so ten years read a few thousand rows.
/// Counts and extremes are exact; sums may differ from a sum of the raw rows in the last bits,
/// since floating-point addition is done in another order.
pub(crate) fn span(conn: &Connection, kind: i64, from: i64, to: i64) -> rusqlite::Result<Rollup> {
    let mut out = Rollup::default();
    let raw = |out: &mut Rollup, a: i64, b: i64| -> rusqlite::Result<()> {
        if a < b {
            raw_points(conn, kind, a, b)?.into_iter().for_each(|p| out.push(p));
        }
        Ok(())
    };
    let (h1, h2) = (ceil_to(from, HOUR), floor_to(to, HOUR));
    if h1 >= h2 {
        raw(&mut out, from, to)?;
        return Ok(out);
    }
    raw(&mut out, from, h1)?;
    raw(&mut out, h2, to)?;
    let buckets = |out: &mut Rollup, level: i64, a: i64, b: i64| -> rusqlite::Result<()> {
        if a < b {
            rollups(conn, kind, level, a, b)?.iter().for_each(|r| out.merge(r));
        }
        Ok(())
    };
    let (d1, d2) = (ceil_to(h1, DAY), floor_to(h2, DAY));
    if d1 >= d2 {
        buckets(&mut out, LEVEL_HOUR, h1, h2)?;
    } else {
        buckets(&mut out, LEVEL_HOUR, h1, d1)?;
        buckets(&mut out, LEVEL_DAY, d1, d2)?;
        buckets(&mut out, LEVEL_HOUR, d2, h2)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extremes_round_trip_through_their_blob() {
        let mut e = Extremes::default();
        for (i, v) in [5.0, 1.0, 9.0, 1.0, 3.0].into_iter().enumerate() {
            e.push(Point { at: i as i64 * 1000, value: v, value2: Some(10.0 - v) });
        }
        assert_eq!(decode_extremes(&encode_extremes(&e)).points(), e.points());
        let single = Extremes::default();
        assert!(decode_extremes(&encode_extremes(&single)).is_empty());
    }
}
