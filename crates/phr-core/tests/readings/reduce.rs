//! Chart reduction on generated series: every output bucket's lowest and highest value (and,
//! for two-valued series, the diastolic's) survive with their times, the result never exceeds
//! the budget and is a subset of the input in time order, reducing from rollups gives the same
//! points as reducing the readings, and merging rollups gives the extremes of the union.

use std::collections::BTreeMap;

use phr_core::readings::reduce::*;
use proptest::prelude::*;

/// Points at strictly increasing times with plenty of tied values; a second value when `two`.
fn series(two: bool) -> impl Strategy<Value = Vec<Point>> {
    prop::collection::vec((1i64..5_000, -50i32..50, 0i32..40), 0..1_500).prop_map(move |steps| {
        let mut t = 1_700_000_000i64;
        steps
            .into_iter()
            .map(|(dt, v, w)| {
                t += dt;
                Point { at: t, value: f64::from(v) / 2.0, value2: two.then_some(f64::from(w)) }
            })
            .collect()
    })
}

/// A series, with or without second values.
fn any_series() -> impl Strategy<Value = (Vec<Point>, bool)> {
    any::<bool>().prop_flat_map(|two| series(two).prop_map(move |s| (s, two)))
}

/// The half-open range to chart: everything, or a cut of it.
fn range(points: &[Point], cut: u8) -> (i64, i64) {
    let (Some(a), Some(b)) = (points.first().map(|p| p.at), points.last().map(|p| p.at + 1)) else {
        return (0, 1);
    };
    match cut {
        1 => (a + (b - a) / 3, b),
        2 => (a, b - (b - a) / 3),
        3 => (a + (b - a) / 4, b - (b - a) / 4),
        _ => (a, b),
    }
}

/// For each aligned bucket, the points with the lowest and highest value and second value
/// (earliest on a tie), found by sorting rather than by the code under test.
fn brute_force(points: &[Point], width: i64) -> BTreeMap<i64, Vec<Point>> {
    let mut buckets: BTreeMap<i64, Vec<Point>> = BTreeMap::new();
    for p in points {
        buckets.entry(p.at.div_euclid(width)).or_default().push(*p);
    }
    buckets
        .into_iter()
        .map(|(b, ps)| {
            let by = |key: fn(&Point) -> Option<f64>, lower: bool| {
                let mut c: Vec<(f64, i64, Point)> = ps.iter().filter_map(|p| key(p).map(|k| (k, p.at, *p))).collect();
                c.sort_by(|x, y| {
                    let ord = if lower { x.0.total_cmp(&y.0) } else { y.0.total_cmp(&x.0) };
                    ord.then(x.1.cmp(&y.1))
                });
                c.first().map(|x| x.2)
            };
            let v1: fn(&Point) -> Option<f64> = |p| Some(p.value);
            let v2: fn(&Point) -> Option<f64> = |p| p.value2;
            (b, [by(v1, true), by(v1, false), by(v2, true), by(v2, false)].into_iter().flatten().collect())
        })
        .collect()
}

/// Hour-like rollups of `points` in buckets of `unit`, in time order.
fn rollups(points: &[Point], unit: i64) -> Vec<Rollup> {
    let mut out: Vec<(i64, Rollup)> = Vec::new();
    for p in points {
        let b = floor_to(p.at, unit);
        match out.last_mut() {
            Some((lb, r)) if *lb == b => r.push(*p),
            _ => {
                let mut r = Rollup::default();
                r.push(*p);
                out.push((b, r));
            }
        }
    }
    out.into_iter().map(|(_, r)| r).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(crate::repo::cases(200)))]

    #[test]
    fn reduction_keeps_every_buckets_extremes_within_budget(
        (points, two) in any_series(),
        max in 8usize..400,
        cut in 0u8..4,
        unit in prop::sample::select(vec![1i64, 60, 3_600]),
    ) {
        let (from, to) = range(&points, cut);
        let input: Vec<Point> = points.iter().copied().filter(|p| p.at >= from && p.at < to).collect();
        let width = bucket_width(to - from, max, two, unit);
        prop_assert!(width >= unit && width % unit == 0, "width {} is a multiple of {}", width, unit);
        let out = reduce_to_buckets(input.iter().copied(), width);

        prop_assert!(out.len() <= max, "{} points for at most {}", out.len(), max);
        prop_assert!(out.windows(2).all(|w| w[0].at < w[1].at), "in time order");
        let mut rest = input.iter();
        for p in &out {
            prop_assert!(rest.any(|q| q == p), "{:?} is not an input point (or out of order)", p);
        }
        for (bucket, wanted) in brute_force(&input, width) {
            for p in wanted {
                prop_assert!(out.contains(&p), "bucket {}: extreme {:?} lost", bucket, p);
            }
        }
    }

    #[test]
    fn reducing_rollups_gives_the_same_points_as_reducing_readings(
        (points, two) in any_series(),
        max in 8usize..400,
        unit in prop::sample::select(vec![7i64, 60, 3_600, 86_400]),
    ) {
        let (from, to) = range(&points, 0);
        let width = bucket_width(to - from, max, two, unit);
        let direct = reduce_to_buckets(points.iter().copied(), width);
        let via_rollups = reduce_to_buckets(rollups(&points, unit).iter().flat_map(|r| r.extremes.points()), width);
        prop_assert_eq!(direct, via_rollups);
    }

    #[test]
    fn merged_rollups_hold_the_extremes_of_the_union((points, _) in any_series(), chunk in 1usize..200) {
        let mut whole = Rollup::default();
        points.iter().for_each(|p| whole.push(*p));
        let mut merged = Rollup::default();
        for part in points.chunks(chunk) {
            let mut r = Rollup::default();
            part.iter().for_each(|p| r.push(*p));
            merged.merge(&r);
        }
        prop_assert_eq!(merged.count, points.len() as u64);
        prop_assert_eq!(merged.extremes.points(), whole.extremes.points());
        prop_assert_eq!(merged.extremes.points(), extremes(points.iter().copied()));
        let expected: Vec<Point> = brute_force(&points, i64::MAX).into_values().flatten().collect();
        let mut got = whole.extremes.points();
        got.sort_by_key(|p| p.at);
        for p in &expected {
            prop_assert!(got.contains(p), "{:?} missing from {:?}", p, got);
        }
        prop_assert!(got.len() <= 4);
        prop_assert!((merged.sum - whole.sum).abs() < 1e-6);
    }
}

#[test]
fn a_spike_survives_a_million_points() {
    // One sharp low and high among a million flat glucose readings, 5 minutes apart (in ms).
    let step = 300_000;
    let n = 1_000_000i64;
    let points: Vec<Point> = (0..n)
        .map(|i| {
            let value = match i {
                123_457 => 2.1,
                876_543 => 27.5,
                _ => 6.0,
            };
            Point { at: 1_600_000_000_000 + i * step, value, value2: None }
        })
        .collect();
    let span = n * step;
    let out = reduce_to_buckets(points.iter().copied(), bucket_width(span, 2000, false, 1));
    assert!(out.len() <= 2000);
    assert!(out.contains(&points[123_457]) && out.contains(&points[876_543]));
    // The same from hourly rollups.
    let hours = rollups(&points, 3_600_000);
    let width = bucket_width(span, 2000, false, 3_600_000);
    let out = reduce_to_buckets(hours.iter().flat_map(|r| r.extremes.points()), width);
    assert!(out.len() <= 2000);
    assert!(out.contains(&points[123_457]) && out.contains(&points[876_543]));
}

#[test]
fn extremes_take_the_earliest_on_a_tie_and_floor_and_ceil_align() {
    let p = |at, value| Point { at, value, value2: None };
    assert_eq!(extremes([p(5, 1.0), p(3, 1.0), p(9, 2.0)]), vec![p(3, 1.0), p(9, 2.0)]);
    assert_eq!(extremes([p(5, 1.0)]), vec![p(5, 1.0)], "one point is both extremes, kept once");
    assert!(extremes([]).is_empty());
    assert_eq!(floor_to(-1, 3600), -3600);
    assert_eq!(ceil_to(1, 3600), 3600);
    assert_eq!(ceil_to(3600, 3600), 3600);
    assert_eq!(ceil_to(i64::MAX - 1, 3600), i64::MAX, "saturates");
    // A blood pressure's lowest diastolic is kept even when it is no systolic extreme.
    let bp = |at, s, d| Point { at, value: s, value2: Some(d) };
    assert_eq!(
        extremes([bp(1, 120.0, 80.0), bp(2, 140.0, 90.0), bp(3, 130.0, 60.0), bp(4, 110.0, 70.0)]),
        vec![bp(2, 140.0, 90.0), bp(3, 130.0, 60.0), bp(4, 110.0, 70.0)]
    );
}
