//! A chart series for any range: read raw readings, hourly or daily rollups (the finest level
//! whose rows for the range fit in [`MAX_ROWS`]), then keep each output bucket's extreme
//! points. Output buckets are whole multiples of the level's width, aligned to it, so every
//! rollup bucket lies inside one output bucket and the reduced series holds exactly the
//! lowest and highest reading of each output bucket.

use rusqlite::Connection;

use super::rollup::{self, Agg, DAY, HOUR, LEVEL_DAY, LEVEL_HOUR, Point, ceil_to, extremes, floor_to};

/// The most rows a chart reads for any range.
pub const MAX_ROWS: i64 = 20_000;

/// Which rows a series was built from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeriesLevel {
    Raw,
    Hour,
    Day,
}

impl SeriesLevel {
    /// Bucket width in milliseconds (1 for raw readings).
    pub fn width_ms(self) -> i64 {
        match self {
            SeriesLevel::Raw => 1,
            SeriesLevel::Hour => HOUR,
            SeriesLevel::Day => DAY,
        }
    }
}

/// A series ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesData {
    /// Points in time order (unix ms); `value2` is set for blood pressure.
    pub points: Vec<Point>,
    /// Live numeric readings in the range.
    pub raw_count: u64,
    /// Fewer points than readings.
    pub reduced: bool,
    /// What was read.
    pub level: SeriesLevel,
    /// The output buckets' width in ms, aligned to the unix epoch (0 when not reduced): each
    /// bucket's lowest and highest reading (and diastolic) are among the points.
    pub bucket_ms: i64,
}

/// The series of `kind` (its code) in `[from, to)` with at most `max_points` points (at
/// least 8 are always allowed).
pub(crate) fn series(
    conn: &Connection,
    kind: i64,
    from: i64,
    to: i64,
    max_points: u32,
    two_values: bool,
) -> rusqlite::Result<SeriesData> {
    let max_points = i64::from(max_points.max(8));
    let raw_count = rollup::count(conn, kind, from, to)?;
    let raw_count_u = u64::try_from(raw_count).unwrap_or(0);
    if raw_count <= max_points {
        let points = rollup::raw_points(conn, kind, from, to)?;
        return Ok(SeriesData {
            points,
            raw_count: raw_count_u,
            reduced: false,
            level: SeriesLevel::Raw,
            bucket_ms: 0,
        });
    }
    let span = to - from;
    let level = if raw_count <= MAX_ROWS {
        SeriesLevel::Raw
    } else if span / HOUR + 2 <= MAX_ROWS {
        SeriesLevel::Hour
    } else {
        SeriesLevel::Day
    };
    // Each output bucket yields up to 2 points (4 with a diastolic); one more bucket than the
    // span needs is allowed for, because aligned buckets may straddle both ends.
    let per_bucket = if two_values { 4 } else { 2 };
    let buckets = (max_points / per_bucket).max(2);
    let lw = level.width_ms();
    let width = ceil_to((span + buckets - 2) / (buckets - 1), lw).max(lw);

    let mut aggs: Vec<(i64, Agg)> = Vec::new();
    let mut push = |p: Point| {
        let b = floor_to(p.at, width);
        match aggs.last_mut() {
            Some((lb, agg)) if *lb == b => agg.points.push(p),
            _ => aggs.push((b, Agg { points: vec![p], ..Agg::default() })),
        }
    };
    match level {
        SeriesLevel::Raw => rollup::raw_points(conn, kind, from, to)?.into_iter().for_each(&mut push),
        SeriesLevel::Hour | SeriesLevel::Day => {
            let code = if level == SeriesLevel::Hour { LEVEL_HOUR } else { LEVEL_DAY };
            let (a, b) = (ceil_to(from, lw), floor_to(to, lw));
            if a >= b {
                rollup::raw_points(conn, kind, from, to)?.into_iter().for_each(&mut push);
            } else {
                rollup::raw_points(conn, kind, from, a)?.into_iter().for_each(&mut push);
                for agg in rollup::rollups(conn, kind, code, a, b)? {
                    agg.points.into_iter().for_each(&mut push);
                }
                rollup::raw_points(conn, kind, b, to)?.into_iter().for_each(&mut push);
            }
        }
    }
    let points: Vec<Point> = aggs.into_iter().flat_map(|(_, agg)| extremes(agg.points)).collect();
    let reduced = (points.len() as u64) < raw_count_u;
    Ok(SeriesData { points, raw_count: raw_count_u, reduced, level, bucket_ms: width })
}
