//! A chart series for any range: which rows to read (raw readings, or hourly or daily rollups
//! with raw readings at the ragged ends: the finest level whose rows for the range fit in
//! [`MAX_ROWS`]); the reduction itself is the core's (`phr_core::readings::reduce`): output
//! buckets are whole multiples of the level's width, aligned to it, so every rollup lies inside
//! one output bucket and the series holds exactly each output bucket's lowest and highest
//! reading.

use phr_core::readings::reduce::{BucketReducer, Point, bucket_width, ceil_to, floor_to};
use rusqlite::Connection;

use super::rollup::{self, DAY, HOUR, LEVEL_DAY, LEVEL_HOUR};

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
#[derive(Clone, PartialEq)]
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
phr_core::redacted_debug!(SeriesData { raw_count, reduced, level, bucket_ms });

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
    let lw = level.width_ms();
    let width = bucket_width(span, usize::try_from(max_points).unwrap_or(usize::MAX), two_values, lw);
    let mut reducer = BucketReducer::new(width);
    let mut push = |p: Point| reducer.push(p);
    match level {
        SeriesLevel::Raw => rollup::raw_points(conn, kind, from, to)?.into_iter().for_each(&mut push),
        SeriesLevel::Hour | SeriesLevel::Day => {
            let code = if level == SeriesLevel::Hour { LEVEL_HOUR } else { LEVEL_DAY };
            let (a, b) = (ceil_to(from, lw), floor_to(to, lw));
            if a >= b {
                rollup::raw_points(conn, kind, from, to)?.into_iter().for_each(&mut push);
            } else {
                rollup::raw_points(conn, kind, from, a)?.into_iter().for_each(&mut push);
                for r in rollup::rollups(conn, kind, code, a, b)? {
                    r.extremes.points().into_iter().for_each(&mut push);
                }
                rollup::raw_points(conn, kind, b, to)?.into_iter().for_each(&mut push);
            }
        }
    }
    let points = reducer.finish();
    let reduced = (points.len() as u64) < raw_count_u;
    Ok(SeriesData { points, raw_count: raw_count_u, reduced, level, bucket_ms: width })
}
