//! Reducing a chart series to the points a chart can show while keeping every bucket's lowest
//! and highest reading (and, for blood pressure, the lowest and highest diastolic) exactly,
//! and the rollup a store keeps per hour or day so a ten-year chart reduces from a few
//! thousand rows instead of millions of readings.
//!
//! Times are integers in one unit throughout (the store uses unix milliseconds). Buckets are
//! aligned to multiples of their width from the epoch, so a rollup's bucket lies wholly inside
//! one output bucket whenever the output width is a multiple of the rollup's: reducing the
//! rollups' extremes then gives the same points as reducing the readings themselves.

/// A reading reduced to what a chart needs: its time, value and second value (diastolic).
#[derive(Clone, Copy, PartialEq)]
pub struct Point {
    pub at: i64,
    pub value: f64,
    pub value2: Option<f64>,
}
crate::redacted_debug!(Point { at });

/// `t` rounded down to a multiple of `w` (`w > 0`; times before 1970 round down too).
pub fn floor_to(t: i64, w: i64) -> i64 {
    t.div_euclid(w) * w
}

/// `t` rounded up to a multiple of `w` (`w > 0`), saturating at the end of time.
pub fn ceil_to(t: i64, w: i64) -> i64 {
    let f = floor_to(t, w);
    if f == t { t } else { f.saturating_add(w) }
}

/// Whether `(value, at)` beats `(best, best_at)`: lower (or higher) value, the earlier on a
/// tie. A total order on distinct times, so the extremes of a set do not depend on the order
/// its points arrive in.
fn beats(value: f64, at: i64, best: f64, best_at: i64, lower: bool) -> bool {
    let better = if lower { value < best } else { value > best };
    better || (value == best && at < best_at)
}

/// The extreme points of a set, kept as points are added: the lowest and highest value and the
/// lowest and highest second value, the earliest on a tie. The extremes of a union are the
/// extremes of its parts' extremes, which is what lets rollups merge and buckets combine.
#[derive(Clone, Copy, Default, PartialEq)]
pub struct Extremes {
    lo: Option<Point>,
    hi: Option<Point>,
    lo2: Option<(f64, Point)>,
    hi2: Option<(f64, Point)>,
}
crate::redacted_debug!(Extremes);

impl Extremes {
    /// Adds a point, in any order.
    pub fn push(&mut self, p: Point) {
        if self.lo.is_none_or(|b| beats(p.value, p.at, b.value, b.at, true)) {
            self.lo = Some(p);
        }
        if self.hi.is_none_or(|b| beats(p.value, p.at, b.value, b.at, false)) {
            self.hi = Some(p);
        }
        if let Some(v2) = p.value2 {
            if self.lo2.is_none_or(|(b, bp)| beats(v2, p.at, b, bp.at, true)) {
                self.lo2 = Some((v2, p));
            }
            if self.hi2.is_none_or(|(b, bp)| beats(v2, p.at, b, bp.at, false)) {
                self.hi2 = Some((v2, p));
            }
        }
    }

    /// Folds in another set's extremes: the extremes of the union.
    pub fn merge(&mut self, other: &Extremes) {
        for p in other.candidates() {
            self.push(p);
        }
    }

    /// No point has been added.
    pub fn is_empty(&self) -> bool {
        self.lo.is_none()
    }

    fn candidates(&self) -> impl Iterator<Item = Point> {
        [self.lo, self.hi, self.lo2.map(|x| x.1), self.hi2.map(|x| x.1)].into_iter().flatten()
    }

    /// Appends the extreme points to `out`, each once, in time order (at most 4).
    pub fn append_to(&self, out: &mut Vec<Point>) {
        let start = out.len();
        for p in self.candidates() {
            if !out.get(start..).unwrap_or_default().contains(&p) {
                out.push(p);
            }
        }
        if let Some(appended) = out.get_mut(start..) {
            appended.sort_by_key(|p| p.at);
        }
    }

    /// The extreme points, each once, in time order (at most 4).
    pub fn points(&self) -> Vec<Point> {
        let mut out = Vec::with_capacity(4);
        self.append_to(&mut out);
        out
    }
}

/// The extreme points of a set (see [`Extremes`]), each once, in time order.
pub fn extremes(points: impl IntoIterator<Item = Point>) -> Vec<Point> {
    let mut e = Extremes::default();
    points.into_iter().for_each(|p| e.push(p));
    e.points()
}

/// What a store keeps per kind and bucket (an hour, a day): how many readings, their sums,
/// sums of squares and their extremes. Merging two rollups gives the rollup of the union, so a
/// day is its hours, and statistics over any range combine whole buckets.
#[derive(Clone, Copy, Default, PartialEq)]
pub struct Rollup {
    pub count: u64,
    pub sum: f64,
    /// Sum of the squares of the values.
    pub sum_sq: f64,
    /// How many readings have a second value.
    pub count2: u64,
    /// Sum of the second values (0 for readings without one).
    pub sum2: f64,
    /// Sum of the squares of the second values.
    pub sum_sq2: f64,
    pub extremes: Extremes,
}
crate::redacted_debug!(Rollup { count, count2 });

impl Rollup {
    /// Adds a reading, in any order.
    pub fn push(&mut self, p: Point) {
        self.count += 1;
        self.sum += p.value;
        self.sum_sq += p.value * p.value;
        if let Some(v2) = p.value2 {
            self.count2 += 1;
            self.sum2 += v2;
            self.sum_sq2 += v2 * v2;
        }
        self.extremes.push(p);
    }

    /// Folds in another rollup: the rollup of both buckets' readings.
    pub fn merge(&mut self, other: &Rollup) {
        self.count += other.count;
        self.sum += other.sum;
        self.sum_sq += other.sum_sq;
        self.count2 += other.count2;
        self.sum2 += other.sum2;
        self.sum_sq2 += other.sum_sq2;
        self.extremes.merge(&other.extremes);
    }

    /// Count, mean, standard deviation, lowest and highest of the values, and of the second
    /// values (`None` where there are none).
    pub fn summary(&self) -> Summary {
        let of = |n: u64, sum: f64, sq: f64| {
            if n == 0 {
                return (None, None);
            }
            let n = n as f64;
            let mean = sum / n;
            // The population standard deviation; rounding can make the variance a hair below 0.
            (Some(mean), Some((sq / n - mean * mean).max(0.0).sqrt()))
        };
        let (mean, sd) = of(self.count, self.sum, self.sum_sq);
        let (mean2, sd2) = of(self.count2, self.sum2, self.sum_sq2);
        let e = &self.extremes;
        Summary {
            count: self.count,
            mean,
            sd,
            min: e.lo.map(|p| p.value),
            max: e.hi.map(|p| p.value),
            mean2,
            sd2,
            min2: e.lo2.map(|x| x.0),
            max2: e.hi2.map(|x| x.0),
        }
    }
}

/// What [`Rollup::summary`] says of a set of readings.
#[derive(Clone, Copy, Default, PartialEq)]
pub struct Summary {
    pub count: u64,
    pub mean: Option<f64>,
    pub sd: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub mean2: Option<f64>,
    pub sd2: Option<f64>,
    pub min2: Option<f64>,
    pub max2: Option<f64>,
}
crate::redacted_debug!(Summary { count });

/// The width of the output buckets for a chart of a half-open range `span` long with at most
/// `max_points` points (at least 8): a multiple of `unit` (the width of the rows it is reduced
/// from: 1 for readings, an hour or a day for rollups, so that every rollup lies inside one
/// bucket), and wide enough that the aligned buckets meeting the range keep, at 2 points each
/// (4 with a second value), no more than `max_points` points.
pub fn bucket_width(span: i64, max_points: usize, two_values: bool, unit: i64) -> i64 {
    let unit = unit.max(1);
    let per_bucket = if two_values { 4 } else { 2 };
    let buckets = i64::try_from(max_points / per_bucket).unwrap_or(i64::MAX).max(2);
    // The range's times span `span - 1`, so it meets at most (span - 1) / width + 2 aligned
    // buckets (its ends may cut two): width >= span / (buckets - 1) keeps that to `buckets`.
    let span = span.max(1);
    let width = span / (buckets - 1) + i64::from(span % (buckets - 1) != 0);
    ceil_to(width, unit).max(unit)
}

/// Reduces a time-ordered stream of points into buckets of `width` aligned to the epoch,
/// keeping each bucket's extreme points ([`Extremes`]) in time order. Points may come from
/// readings or from rollups' extremes, as long as they arrive in time order.
#[derive(Debug, Clone)]
pub struct BucketReducer {
    width: i64,
    bucket: Option<i64>,
    acc: Extremes,
    out: Vec<Point>,
}

impl BucketReducer {
    /// A reducer into buckets of `width` (at least 1).
    pub fn new(width: i64) -> BucketReducer {
        BucketReducer { width: width.max(1), bucket: None, acc: Extremes::default(), out: Vec::new() }
    }

    /// Adds the next point (no earlier than the last one).
    pub fn push(&mut self, p: Point) {
        let b = floor_to(p.at, self.width);
        if self.bucket != Some(b) {
            self.acc.append_to(&mut self.out);
            self.acc = Extremes::default();
            self.bucket = Some(b);
        }
        self.acc.push(p);
    }

    /// The kept points, in time order.
    pub fn finish(mut self) -> Vec<Point> {
        self.acc.append_to(&mut self.out);
        self.out
    }
}

/// Each aligned bucket's extreme points of time-ordered `points` (see [`BucketReducer`]).
pub fn reduce_to_buckets(points: impl IntoIterator<Item = Point>, width: i64) -> Vec<Point> {
    let mut r = BucketReducer::new(width);
    points.into_iter().for_each(|p| r.push(p));
    r.finish()
}
