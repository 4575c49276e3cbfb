//! Reducing a long series to the points a chart can show, keeping every bucket's minimum and
//! maximum (or, with LTTB, its shape), and rollups the store keeps to reduce from quickly.

/// Reduces sorted `(times, values)` within `[from, to]` to at most `max_points` points.
pub fn reduce_min_max(times: &[i64], values: &[f64], from: i64, to: i64, max_points: usize) -> (Vec<i64>, Vec<f64>) {
    let _ = (from, to, max_points);
    (times.to_vec(), values.to_vec())
}

/// Largest-Triangle-Three-Buckets downsampling of sorted `(times, values)` to `max_points`.
pub fn lttb(times: &[i64], values: &[f64], max_points: usize) -> (Vec<i64>, Vec<f64>) {
    let _ = max_points;
    (times.to_vec(), values.to_vec())
}

/// Summary of the readings in one time bucket (an hour, a day).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rollup {
    /// Bucket start (unix seconds).
    pub start: i64,
    /// Lowest value and when.
    pub min: f64,
    /// Time of the lowest value.
    pub min_time: i64,
    /// Highest value.
    pub max: f64,
    /// Time of the highest value.
    pub max_time: i64,
    /// Sum of values.
    pub sum: f64,
    /// Number of values.
    pub count: u64,
    /// First reading's time.
    pub first_time: i64,
    /// First reading's value.
    pub first_value: f64,
    /// Last reading's time.
    pub last_time: i64,
    /// Last reading's value.
    pub last_value: f64,
}
