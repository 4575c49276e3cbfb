//! Hourly and daily rollups of each kind's readings: count, sums, and the bucket's extreme
//! points (the readings with the lowest and highest value, and for blood pressure the lowest
//! and highest diastolic). Kept in step with the readings in the same transaction, so a chart
//! of ten years reads a few thousand rows, and reducing from them keeps every bucket's
//! minimum and maximum exactly.

use std::collections::BTreeSet;

use rusqlite::{Connection, Transaction, params};

/// Bucket widths in milliseconds. Buckets are aligned to the unix epoch (UTC), so an hour
/// bucket lies wholly inside one day bucket and inside any coarser multiple.
pub(crate) const HOUR: i64 = 3_600_000;
pub(crate) const DAY: i64 = 86_400_000;

/// The stored levels: a format, never renumbered.
pub(crate) const LEVEL_HOUR: i64 = 1;
pub(crate) const LEVEL_DAY: i64 = 2;

/// A reading reduced to what a chart needs: time (unix ms), value, second value (diastolic).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub at: i64,
    pub value: f64,
    pub value2: Option<f64>,
}

/// Floor and ceiling of `t` to a multiple of `w` (works for times before 1970 too).
pub(crate) fn floor_to(t: i64, w: i64) -> i64 {
    t.div_euclid(w) * w
}

pub(crate) fn ceil_to(t: i64, w: i64) -> i64 {
    let f = floor_to(t, w);
    if f == t { t } else { f.saturating_add(w) }
}

/// The extreme points of a set: the lowest and highest value and the lowest and highest
/// second value, the earliest on a tie; each once, in time order. The extremes of a union of
/// sets are the extremes of the union of their extremes, which is what makes rollups merge.
pub fn extremes(points: impl IntoIterator<Item = Point>) -> Vec<Point> {
    let mut lo: Option<Point> = None;
    let mut hi: Option<Point> = None;
    let mut lo2: Option<(f64, Point)> = None;
    let mut hi2: Option<(f64, Point)> = None;
    let better = |cand: f64, at: i64, best: f64, best_at: i64, lower: bool| {
        if lower {
            cand < best || (cand == best && at < best_at)
        } else {
            cand > best || (cand == best && at < best_at)
        }
    };
    for p in points {
        if lo.is_none_or(|b| better(p.value, p.at, b.value, b.at, true)) {
            lo = Some(p);
        }
        if hi.is_none_or(|b| better(p.value, p.at, b.value, b.at, false)) {
            hi = Some(p);
        }
        if let Some(v2) = p.value2 {
            if lo2.is_none_or(|(b, bp)| better(v2, p.at, b, bp.at, true)) {
                lo2 = Some((v2, p));
            }
            if hi2.is_none_or(|(b, bp)| better(v2, p.at, b, bp.at, false)) {
                hi2 = Some((v2, p));
            }
        }
    }
    let mut out: Vec<Point> = Vec::with_capacity(4);
    for p in [lo, hi, lo2.map(|x| x.1), hi2.map(|x| x.1)].into_iter().flatten() {
        if !out.contains(&p) {
            out.push(p);
        }
    }
    out.sort_by_key(|p| p.at);
    out
}

/// One bucket's aggregate.
#[derive(Debug, Clone, Default)]
pub(crate) struct Agg {
    pub n: i64,
    pub sum: f64,
    pub sum2: f64,
    pub points: Vec<Point>,
}

impl Agg {
    fn add_point(&mut self, p: Point) {
        self.n += 1;
        self.sum += p.value;
        self.sum2 += p.value2.unwrap_or(0.0);
        self.points.push(p);
        if self.points.len() > 8 {
            self.points = extremes(self.points.drain(..));
        }
    }

    fn merge(&mut self, other: Agg) {
        self.n += other.n;
        self.sum += other.sum;
        self.sum2 += other.sum2;
        self.points.extend(other.points);
        if self.points.len() > 8 {
            self.points = extremes(self.points.drain(..));
        }
    }

    fn finish(mut self) -> Agg {
        self.points = extremes(self.points.drain(..));
        self
    }
}

/// The extreme points as a blob: per point 8 bytes of time, 8 of value, 8 of second value
/// (NaN when there is none), little-endian.
pub(crate) fn encode_points(points: &[Point]) -> Vec<u8> {
    let mut out = Vec::with_capacity(points.len() * 24);
    for p in points {
        out.extend_from_slice(&p.at.to_le_bytes());
        out.extend_from_slice(&p.value.to_le_bytes());
        out.extend_from_slice(&p.value2.unwrap_or(f64::NAN).to_le_bytes());
    }
    out
}

pub(crate) fn decode_points(blob: &[u8]) -> Vec<Point> {
    blob.chunks_exact(24)
        .map(|c| {
            let mut a = [0u8; 8];
            let mut v = [0u8; 8];
            let mut w = [0u8; 8];
            a.copy_from_slice(&c[0..8]);
            v.copy_from_slice(&c[8..16]);
            w.copy_from_slice(&c[16..24]);
            let v2 = f64::from_le_bytes(w);
            Point { at: i64::from_le_bytes(a), value: f64::from_le_bytes(v), value2: (!v2.is_nan()).then_some(v2) }
        })
        .collect()
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
pub(crate) fn rollups(conn: &Connection, kind: i64, level: i64, from: i64, to: i64) -> rusqlite::Result<Vec<Agg>> {
    let mut stmt = conn.prepare_cached(
        "SELECT n, sum, sum2, extremes FROM reading_rollup WHERE kind = ?1 AND level = ?2 AND bucket >= ?3 \
         AND bucket < ?4 ORDER BY bucket",
    )?;
    let rows = stmt.query_map(params![kind, level, from, to], |r| {
        let blob: Vec<u8> = r.get(3)?;
        Ok(Agg { n: r.get(0)?, sum: r.get(1)?, sum2: r.get(2)?, points: decode_points(&blob) })
    })?;
    rows.collect()
}

fn store(tx: &Transaction<'_>, kind: i64, level: i64, bucket: i64, agg: Agg) -> rusqlite::Result<()> {
    if agg.n == 0 {
        tx.prepare_cached("DELETE FROM reading_rollup WHERE kind = ?1 AND level = ?2 AND bucket = ?3")?
            .execute(params![kind, level, bucket])?;
        return Ok(());
    }
    tx.prepare_cached(
        "INSERT OR REPLACE INTO reading_rollup (kind, level, bucket, n, sum, sum2, extremes) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![kind, level, bucket, agg.n, agg.sum, agg.sum2, encode_points(&agg.points)])?;
    Ok(())
}

/// The (kind, time) pairs a change touched; their buckets are recomputed before commit.
#[derive(Debug, Default)]
pub(crate) struct Touched {
    hours: BTreeSet<(i64, i64)>,
}

impl Touched {
    pub(crate) fn add(&mut self, kind: i64, at: i64) {
        self.hours.insert((kind, floor_to(at, HOUR)));
    }

    /// Recomputes every touched hour from the readings, then every touched day from its hours.
    pub(crate) fn recompute(self, tx: &Transaction<'_>) -> rusqlite::Result<()> {
        let mut days = BTreeSet::new();
        for (kind, hour) in self.hours {
            let mut agg = Agg::default();
            for p in raw_points(tx, kind, hour, hour + HOUR)? {
                agg.add_point(p);
            }
            store(tx, kind, LEVEL_HOUR, hour, agg.finish())?;
            days.insert((kind, floor_to(hour, DAY)));
        }
        for (kind, day) in days {
            let mut agg = Agg::default();
            for h in rollups(tx, kind, LEVEL_HOUR, day, day + DAY)? {
                agg.merge(h);
            }
            store(tx, kind, LEVEL_DAY, day, agg.finish())?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn p(at: i64, value: f64, value2: Option<f64>) -> Point {
        Point { at, value, value2 }
    }

    #[test]
    fn extremes_of_a_union_are_the_extremes_of_the_extremes() {
        let all: Vec<Point> = (0..200).map(|i| p(i, ((i * 37) % 101) as f64, Some(((i * 53) % 89) as f64))).collect();
        let direct = extremes(all.clone());
        let merged = extremes(all.chunks(17).flat_map(|c| extremes(c.to_vec())));
        assert_eq!(direct, merged);
        assert!(direct.len() <= 4);
    }

    #[test]
    fn ties_keep_the_earliest_and_points_round_trip() {
        let e = extremes([p(5, 1.0, None), p(3, 1.0, None), p(9, 2.0, None)]);
        assert_eq!(e, vec![p(3, 1.0, None), p(9, 2.0, None)]);
        assert_eq!(decode_points(&encode_points(&e)), e);
        assert_eq!(floor_to(-1, HOUR), -HOUR);
        assert_eq!(ceil_to(1, HOUR), HOUR);
        assert_eq!(ceil_to(HOUR, HOUR), HOUR);
    }
}
