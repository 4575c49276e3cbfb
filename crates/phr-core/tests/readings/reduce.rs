//! Chart reduction on generated series: every bucket's minimum and maximum survive (value and
//! time), the result never exceeds the budget, the ends are kept when they fit, and a series
//! that already fits comes back unchanged. The same for rollups and for two series.

use phr_core::readings::reduce::*;
use proptest::prelude::*;

/// Sorted, distinct times and values with plenty of ties.
fn series() -> impl Strategy<Value = (Vec<i64>, Vec<f64>)> {
    prop::collection::vec((1i64..5_000, -50i32..50), 0..1_500).prop_map(|steps| {
        let mut t = 1_700_000_000i64;
        let mut times = Vec::with_capacity(steps.len());
        let mut values = Vec::with_capacity(steps.len());
        for (dt, v) in steps {
            t += dt;
            times.push(t);
            values.push(f64::from(v) / 2.0);
        }
        (times, values)
    })
}

/// For each bucket of `plan`, the first index of its minimum and of its maximum.
fn bucket_extremes(plan: &BucketPlan, times: &[i64], values: &[f64], range: std::ops::Range<usize>) -> Vec<usize> {
    let mut best: std::collections::BTreeMap<usize, (usize, usize)> = Default::default();
    for i in range {
        let b = plan.index(times[i]);
        let e = best.entry(b).or_insert((i, i));
        if values[i] < values[e.0] {
            e.0 = i;
        }
        if values[i] > values[e.1] {
            e.1 = i;
        }
    }
    best.values().flat_map(|(a, b)| [*a, *b]).collect()
}

fn contains(out: &(Vec<i64>, Vec<f64>), t: i64, v: f64) -> bool {
    out.0.iter().zip(&out.1).any(|(ot, ov)| *ot == t && *ov == v)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn min_max_keeps_every_bucket_extreme((times, values) in series(), max in 0usize..200, cut in 0usize..4) {
        // Sometimes reduce a sub-range.
        let (from, to) = match (cut, times.first(), times.last()) {
            (1, Some(a), Some(b)) => (a + (b - a) / 3, *b),
            (2, Some(a), Some(b)) => (*a, b - (b - a) / 3),
            _ => (i64::MIN, i64::MAX),
        };
        let out = reduce_min_max(&times, &values, from, to, max);
        let range = range_indices(&times, from, to);
        prop_assert!(out.0.len() <= max);
        prop_assert_eq!(out.0.len(), out.1.len());
        prop_assert!(out.0.windows(2).all(|w| w[0] < w[1]), "in time order");
        if range.len() <= max {
            prop_assert_eq!(&out.0[..], &times[range.clone()]);
            prop_assert_eq!(&out.1[..], &values[range.clone()]);
        } else if max >= 2 {
            let plan = BucketPlan::new(times[range.start], times[range.end - 1], max, 2);
            for i in bucket_extremes(&plan, &times, &values, range.clone()) {
                prop_assert!(contains(&out, times[i], values[i]), "bucket extreme at {} lost", i);
            }
            if max >= 4 {
                prop_assert_eq!(out.0.first(), Some(&times[range.start]));
                prop_assert_eq!(out.0.last(), Some(&times[range.end - 1]));
            }
        }
        // Every point returned is a real point.
        for (t, v) in out.0.iter().zip(&out.1) {
            let i = times.binary_search(t).unwrap();
            prop_assert_eq!(values[i], *v);
        }
    }

    #[test]
    fn rollups_keep_the_same_extremes((times, values) in series(), max in 2usize..120, width in prop::sample::select(vec![60i64, 3600, 86_400])) {
        let rollups = Rollup::build(&times, &values, width);
        prop_assert_eq!(rollups.iter().map(|r| r.count).sum::<u64>(), times.len() as u64);
        let out = reduce_rollups(&rollups, max);
        prop_assert!(out.0.len() <= max);
        prop_assert!(out.0.windows(2).all(|w| w[0] < w[1]));
        if let (Some(first), Some(last)) = (rollups.first(), rollups.last()) {
            let plan = BucketPlan::new(first.start, last.start, max, 2);
            // Group raw points by the chart bucket of their rollup.
            let mut best: std::collections::BTreeMap<usize, (usize, usize)> = Default::default();
            for i in 0..times.len() {
                let b = plan.index(times[i].div_euclid(width) * width);
                let e = best.entry(b).or_insert((i, i));
                if values[i] < values[e.0] { e.0 = i; }
                if values[i] > values[e.1] { e.1 = i; }
            }
            for (a, b) in best.values() {
                prop_assert!(contains(&out, times[*a], values[*a]));
                prop_assert!(contains(&out, times[*b], values[*b]));
            }
            if max >= 4 {
                prop_assert_eq!(out.0.first(), times.first());
                prop_assert_eq!(out.0.last(), times.last());
            }
        }
    }

    #[test]
    fn two_series_keep_both_extremes((times, values) in series(), max in 0usize..200) {
        let values2: Vec<f64> = values.iter().enumerate().map(|(i, v)| (i % 7) as f64 - v).collect();
        let out = reduce_min_max2(&times, &values, &values2, i64::MIN, i64::MAX, max);
        prop_assert!(out.0.len() <= max);
        prop_assert_eq!(out.0.len(), out.2.len());
        if times.len() <= max {
            prop_assert_eq!(&out.0, &times);
            prop_assert_eq!(&out.2, &values2);
        } else if max >= 4 {
            let plan = BucketPlan::new(times[0], times[times.len() - 1], max, 4);
            for i in bucket_extremes(&plan, &times, &values, 0..times.len()) {
                prop_assert!(out.0.contains(&times[i]));
            }
            for i in bucket_extremes(&plan, &times, &values2, 0..times.len()) {
                prop_assert!(out.0.contains(&times[i]));
            }
        }
    }

    #[test]
    fn lttb_fits_and_keeps_the_ends((times, values) in series(), max in 0usize..200) {
        let out = lttb(&times, &values, i64::MIN, i64::MAX, max);
        prop_assert!(out.0.len() <= max || times.len() <= max);
        if times.len() <= max {
            prop_assert_eq!(&out.0, &times);
        } else if max >= 3 {
            prop_assert_eq!(out.0.len(), max);
            prop_assert_eq!(out.0.first(), times.first());
            prop_assert_eq!(out.0.last(), times.last());
            prop_assert!(out.0.windows(2).all(|w| w[0] < w[1]));
        }
    }
}

#[test]
fn a_spike_survives_a_million_points() {
    // One sharp low and high among a million flat glucose readings, 5 minutes apart.
    let n = 1_000_000usize;
    let times: Vec<i64> = (0..n as i64).map(|i| 1_600_000_000 + i * 300).collect();
    let mut values = vec![6.0; n];
    values[123_457] = 2.1;
    values[876_543] = 27.5;
    let out = reduce_min_max(&times, &values, i64::MIN, i64::MAX, 2000);
    assert!(out.0.len() <= 2000);
    assert!(contains(&out, times[123_457], 2.1));
    assert!(contains(&out, times[876_543], 27.5));
    let rollups = Rollup::build(&times, &values, 3600);
    let out = reduce_rollups(&rollups, 2000);
    assert!(out.0.len() <= 2000);
    assert!(contains(&out, times[123_457], 2.1));
    assert!(contains(&out, times[876_543], 27.5));
}

#[test]
fn rollup_merge_is_the_union() {
    let mut a = Rollup::of(0, 10, 5.0);
    a.push(20, 1.0);
    let mut b = Rollup::of(3600, 3700, 9.0);
    b.push(3800, 1.0);
    a.merge(&b);
    assert_eq!((a.count, a.sum, a.min, a.min_time, a.max, a.max_time), (4, 16.0, 1.0, 20, 9.0, 3700));
    assert_eq!((a.first_time, a.first_value, a.last_time, a.last_value), (10, 5.0, 3800, 1.0));
    assert_eq!(a.mean(), 4.0);
    assert_eq!(a.start, 0);
}
