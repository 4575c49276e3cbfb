//! Reducing a long series to the points a chart can show, keeping every bucket's minimum and
//! maximum (or, with LTTB, its shape), and rollups the store keeps to reduce from quickly.
//!
//! All inputs are sorted by time (unix seconds). Functions take slices and allocate only their
//! output: they run over a million points per chart redraw.

/// How a range is cut into time buckets: `count` equal buckets spanning `first..=last`, the
/// times of the first and last point in range. The same plan is used by [`reduce_min_max`],
/// [`reduce_min_max2`] and [`reduce_rollups`], so a test (or the store) can recompute it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BucketPlan {
    /// Time of the first point in range.
    pub first: i64,
    /// Time of the last point in range.
    pub last: i64,
    /// Number of buckets (at least 1).
    pub count: usize,
    /// The first and last points are kept besides each bucket's extremes.
    pub keeps_ends: bool,
}

impl BucketPlan {
    /// The plan for points spanning `first..=last` reduced to `max_points`, keeping
    /// `per_bucket` points per bucket. With room for 2 more points than one bucket needs, the
    /// first and last points are kept too.
    pub fn new(first: i64, last: i64, max_points: usize, per_bucket: usize) -> BucketPlan {
        let per_bucket = per_bucket.max(1);
        let keeps_ends = max_points >= per_bucket + 2;
        let budget = if keeps_ends { max_points - 2 } else { max_points };
        BucketPlan { first, last, count: (budget / per_bucket).max(1), keeps_ends }
    }

    /// The bucket time `t` (within `first..=last`) falls in.
    pub fn index(&self, t: i64) -> usize {
        let span = i128::from(self.last) - i128::from(self.first) + 1;
        let offset = (i128::from(t) - i128::from(self.first)).clamp(0, span - 1);
        let i = offset * self.count as i128 / span;
        // `offset < span` makes `i < count`, which fits usize.
        usize::try_from(i).unwrap_or(self.count - 1)
    }
}

/// The index range of `times` within `from..=to`.
pub fn range_indices(times: &[i64], from: i64, to: i64) -> std::ops::Range<usize> {
    let lo = times.partition_point(|t| *t < from);
    let hi = times.partition_point(|t| *t <= to).max(lo);
    lo..hi
}

/// Indices (into the full slices, ascending) of the points [`reduce_min_max`] keeps.
///
/// Points within `from..=to` are cut into [`BucketPlan`] buckets; each bucket keeps the first
/// occurrence of its minimum and of its maximum, in time order, and the range's first and last
/// points are kept when `max_points >= 4`. So at most `max_points` points come back; when the
/// range already holds no more than `max_points`, all of them do. `max_points` 0 gives nothing;
/// 1 gives the overall maximum.
pub fn reduce_min_max_indices(times: &[i64], values: &[f64], from: i64, to: i64, max_points: usize) -> Vec<usize> {
    let range = range_indices(times, from, to);
    let n = range.len().min(values.len().saturating_sub(range.start));
    let range = range.start..range.start + n;
    if n <= max_points {
        return range.collect();
    }
    if max_points == 0 {
        return Vec::new();
    }
    if max_points == 1 {
        return first_extreme(values, range, |a, b| a > b).into_iter().collect();
    }
    let plan = BucketPlan::new(times[range.start], times[range.end - 1], max_points, 2);
    let mut out = Vec::with_capacity(max_points);
    if plan.keeps_ends {
        out.push(range.start);
    }
    let mut bucket = usize::MAX;
    let (mut lo, mut hi) = (range.start, range.start);
    for i in range.clone() {
        let b = plan.index(times[i]);
        if b != bucket {
            if bucket != usize::MAX {
                push_sorted_pair(&mut out, lo, hi);
            }
            bucket = b;
            lo = i;
            hi = i;
            continue;
        }
        if values[i] < values[lo] {
            lo = i;
        }
        if values[i] > values[hi] {
            hi = i;
        }
    }
    push_sorted_pair(&mut out, lo, hi);
    if plan.keeps_ends && out.last() != Some(&(range.end - 1)) {
        out.push(range.end - 1);
    }
    out
}

/// Appends indices `a` and `b` in ascending order, skipping any already last in `out`.
fn push_sorted_pair(out: &mut Vec<usize>, a: usize, b: usize) {
    for i in [a.min(b), a.max(b)] {
        if out.last().is_none_or(|last| *last < i) {
            out.push(i);
        }
    }
}

fn first_extreme(values: &[f64], range: std::ops::Range<usize>, better: impl Fn(f64, f64) -> bool) -> Option<usize> {
    let mut best: Option<usize> = None;
    for i in range {
        if best.is_none_or(|b| better(values[i], values[b])) {
            best = Some(i);
        }
    }
    best
}

/// Reduces sorted `(times, values)` within `from..=to` to at most `max_points` points, keeping
/// each bucket's minimum and maximum (see [`reduce_min_max_indices`]).
pub fn reduce_min_max(times: &[i64], values: &[f64], from: i64, to: i64, max_points: usize) -> (Vec<i64>, Vec<f64>) {
    pick(times, values, &reduce_min_max_indices(times, values, from, to, max_points))
}

fn pick(times: &[i64], values: &[f64], idx: &[usize]) -> (Vec<i64>, Vec<f64>) {
    (idx.iter().map(|i| times[*i]).collect(), idx.iter().map(|i| values[*i]).collect())
}

/// Like [`reduce_min_max`] for two series on the same times (blood pressure): each bucket
/// keeps the minimum and maximum of both, so buckets are a quarter of `max_points`.
pub fn reduce_min_max2(
    times: &[i64],
    values: &[f64],
    values2: &[f64],
    from: i64,
    to: i64,
    max_points: usize,
) -> (Vec<i64>, Vec<f64>, Vec<f64>) {
    let range = range_indices(times, from, to);
    let n = range.len().min(values.len().min(values2.len()).saturating_sub(range.start));
    let range = range.start..range.start + n;
    let idx: Vec<usize> = if n <= max_points {
        range.collect()
    } else if max_points < 4 {
        // Too few points for both series' extremes: keep the first series' ones.
        reduce_min_max_indices(&times[..range.end], &values[..range.end], from, to, max_points)
    } else {
        let plan = BucketPlan::new(times[range.start], times[range.end - 1], max_points, 4);
        let mut out = Vec::with_capacity(max_points);
        if plan.keeps_ends {
            out.push(range.start);
        }
        let mut bucket = usize::MAX;
        let mut ext = [range.start; 4];
        let flush = |out: &mut Vec<usize>, ext: &mut [usize; 4]| {
            ext.sort_unstable();
            for i in *ext {
                if out.last().is_none_or(|last| *last < i) {
                    out.push(i);
                }
            }
        };
        for i in range.clone() {
            let b = plan.index(times[i]);
            if b != bucket {
                if bucket != usize::MAX {
                    flush(&mut out, &mut ext);
                }
                bucket = b;
                ext = [i; 4];
                continue;
            }
            if values[i] < values[ext[0]] {
                ext[0] = i;
            }
            if values[i] > values[ext[1]] {
                ext[1] = i;
            }
            if values2[i] < values2[ext[2]] {
                ext[2] = i;
            }
            if values2[i] > values2[ext[3]] {
                ext[3] = i;
            }
        }
        flush(&mut out, &mut ext);
        if plan.keeps_ends && out.last() != Some(&(range.end - 1)) {
            out.push(range.end - 1);
        }
        out
    };
    let (t, v) = pick(times, values, &idx);
    (t, v, idx.iter().map(|i| values2[*i]).collect())
}

/// Largest-Triangle-Three-Buckets (Steinarsson 2013) downsampling of sorted `(times, values)`
/// within `from..=to` to at most `max_points`, keeping the first and last points. Keeps the
/// visual shape, not every extreme: use [`reduce_min_max`] where peaks matter.
pub fn lttb(times: &[i64], values: &[f64], from: i64, to: i64, max_points: usize) -> (Vec<i64>, Vec<f64>) {
    let range = range_indices(times, from, to);
    let n = range.len().min(values.len().saturating_sub(range.start));
    let (t, v) = (&times[range.start..range.start + n], &values[range.start..range.start + n]);
    if n <= max_points || max_points < 3 {
        return if n <= max_points {
            (t.to_vec(), v.to_vec())
        } else {
            reduce_min_max(t, v, i64::MIN, i64::MAX, max_points)
        };
    }
    let mut out_t = Vec::with_capacity(max_points);
    let mut out_v = Vec::with_capacity(max_points);
    let every = (n - 2) as f64 / (max_points - 2) as f64;
    let mut a = 0usize;
    out_t.push(t[0]);
    out_v.push(v[0]);
    // Every bucket below is non-empty: n > max_points makes `every` at least 1.
    for b in 0..max_points - 2 {
        // The next bucket's average point is the triangle's third corner.
        let next_start = ((b + 1) as f64 * every) as usize + 1;
        let next_end = (((b + 2) as f64 * every) as usize + 1).min(n);
        let (mut avg_t, mut avg_v) = (0.0, 0.0);
        for i in next_start..next_end {
            avg_t += t[i] as f64;
            avg_v += v[i];
        }
        let len = (next_end - next_start) as f64;
        avg_t /= len;
        avg_v /= len;
        let start = (b as f64 * every) as usize + 1;
        let end = ((b + 1) as f64 * every) as usize + 1;
        let (at, av) = (t[a] as f64, v[a]);
        let mut best = start;
        let mut best_area = -1.0;
        for i in start..end {
            let area = ((at - avg_t) * (v[i] - av) - (at - t[i] as f64) * (avg_v - av)).abs();
            if area > best_area {
                best_area = area;
                best = i;
            }
        }
        out_t.push(t[best]);
        out_v.push(v[best]);
        a = best;
    }
    out_t.push(t[n - 1]);
    out_v.push(v[n - 1]);
    (out_t, out_v)
}

/// Summary of the readings in one time bucket (an hour, a day), which the store keeps so a
/// ten-year chart reads thousands of rollups rather than millions of readings. Merging keeps
/// the exact minimum and maximum with their times, so reducing from rollups keeps the same
/// extremes as reducing the raw points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rollup {
    /// Bucket start (unix seconds).
    pub start: i64,
    /// Lowest value (its first occurrence).
    pub min: f64,
    /// Time of the lowest value.
    pub min_time: i64,
    /// Highest value (its first occurrence).
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

impl Rollup {
    /// A rollup of one reading, in the bucket starting at `start`.
    pub fn of(start: i64, t: i64, v: f64) -> Rollup {
        Rollup {
            start,
            min: v,
            min_time: t,
            max: v,
            max_time: t,
            sum: v,
            count: 1,
            first_time: t,
            first_value: v,
            last_time: t,
            last_value: v,
        }
    }

    /// Adds a reading (in any order).
    pub fn push(&mut self, t: i64, v: f64) {
        self.merge(&Rollup::of(self.start, t, v));
    }

    /// Folds `other` in: the union of both buckets' readings. Ties keep the earlier time.
    pub fn merge(&mut self, other: &Rollup) {
        if other.min < self.min || (other.min == self.min && other.min_time < self.min_time) {
            self.min = other.min;
            self.min_time = other.min_time;
        }
        if other.max > self.max || (other.max == self.max && other.max_time < self.max_time) {
            self.max = other.max;
            self.max_time = other.max_time;
        }
        self.sum += other.sum;
        self.count += other.count;
        if other.first_time < self.first_time {
            self.first_time = other.first_time;
            self.first_value = other.first_value;
        }
        if other.last_time >= self.last_time {
            self.last_time = other.last_time;
            self.last_value = other.last_value;
        }
        self.start = self.start.min(other.start);
    }

    /// Mean of the values.
    pub fn mean(&self) -> f64 {
        if self.count == 0 { 0.0 } else { self.sum / self.count as f64 }
    }

    /// Rollups of sorted `(times, values)` in buckets of `width` seconds aligned to the epoch
    /// (a day's rollups are UTC days).
    pub fn build(times: &[i64], values: &[f64], width: i64) -> Vec<Rollup> {
        let width = width.max(1);
        let mut out: Vec<Rollup> = Vec::new();
        for (t, v) in times.iter().zip(values) {
            let start = t.div_euclid(width) * width;
            match out.last_mut() {
                Some(r) if r.start == start => r.push(*t, *v),
                _ => out.push(Rollup::of(start, *t, *v)),
            }
        }
        out
    }
}

/// Reduces rollups sorted by start to at most `max_points` points: rollups are grouped into
/// [`BucketPlan`] buckets by their start, and each bucket keeps its minimum and maximum with
/// their real times; the first and last readings are kept when `max_points >= 4`. The caller
/// picks the rollups covering the range.
pub fn reduce_rollups(rollups: &[Rollup], max_points: usize) -> (Vec<i64>, Vec<f64>) {
    let (Some(first), Some(last)) = (rollups.first(), rollups.last()) else { return (Vec::new(), Vec::new()) };
    if max_points == 0 {
        return (Vec::new(), Vec::new());
    }
    let plan = BucketPlan::new(first.start, last.start, max_points, 2);
    let mut points: Vec<(i64, f64)> = Vec::with_capacity(max_points);
    let push = |points: &mut Vec<(i64, f64)>, p: (i64, f64)| {
        if points.last().is_none_or(|last| last.0 < p.0) {
            points.push(p);
        }
    };
    if plan.keeps_ends {
        push(&mut points, (first.first_time, first.first_value));
    }
    let mut acc: Option<(usize, Rollup)> = None;
    let flush = |points: &mut Vec<(i64, f64)>, r: &Rollup| {
        let (a, b) = ((r.min_time, r.min), (r.max_time, r.max));
        let (a, b) = if a.0 <= b.0 { (a, b) } else { (b, a) };
        if max_points == 1 {
            push(points, (r.max_time, r.max));
        } else {
            push(points, a);
            push(points, b);
        }
    };
    for r in rollups {
        let b = plan.index(r.start);
        match &mut acc {
            Some((cur, merged)) if *cur == b => merged.merge(r),
            _ => {
                if let Some((_, merged)) = &acc {
                    flush(&mut points, merged);
                }
                acc = Some((b, *r));
            }
        }
    }
    if let Some((_, merged)) = &acc {
        flush(&mut points, merged);
    }
    if plan.keeps_ends {
        push(&mut points, (last.last_time, last.last_value));
    }
    points.into_iter().unzip()
}
