//! The glucose report against figures worked by hand for a small series, the consensus's
//! band edges, the reliability rule, and a property test that day tallies (what the store
//! keeps) add up to the tally of the readings themselves, percentiles included.

use phr_core::readings::glucose_report::*;
use phr_core::readings::reduce::{Point, Rollup};
use proptest::prelude::*;

const H: i64 = 3_600_000;
const M: i64 = 60_000;
/// 2026-06-01T00:00Z.
const DAY0: i64 = 1_780_272_000_000;

fn summary(values: &[f64]) -> phr_core::readings::reduce::Summary {
    let mut r = Rollup::default();
    for (i, v) in values.iter().enumerate() {
        r.push(Point { at: i as i64, value: *v, value2: None });
    }
    r.summary()
}

/// Ten readings on 1 June 2026: five at 08:00-08:50 UTC (offset 0) and five at 19:00-19:46
/// UTC taken at +01:00, so 20:00 on the clock.
fn small_series() -> Vec<(i64, i32, f64)> {
    let morning = [(0, 2.5), (5, 3.4), (20, 3.85), (35, 5.0), (50, 6.0)];
    let evening = [(0, 7.0), (15, 10.0), (30, 10.04), (45, 12.0), (46, 15.0)];
    let mut out: Vec<(i64, i32, f64)> = morning.iter().map(|(m, v)| (DAY0 + 8 * H + m * M, 0, *v)).collect();
    out.extend(evening.iter().map(|(m, v)| (DAY0 + 19 * H + m * M, 60, *v)));
    out
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

#[test]
fn the_report_of_a_small_series_matches_figures_worked_by_hand() {
    let readings = small_series();
    let values: Vec<f64> = readings.iter().map(|r| r.2).collect();
    let r = glucose_report(&GlucoseTally::of_readings(readings), &summary(&values), DAY0, DAY0 + 24 * H);
    let mut failures = Vec::new();
    let mut check = |what: &str, ok: bool| {
        if !ok {
            failures.push(what.to_owned());
        }
    };
    check("count 10", r.count == 10);
    // By hand: 2.5 very low; 3.4 low; 3.85 shows as 3.9 so in range, as do 5, 6, 7, 10 and
    // 10.04 (shows as 10.0); 12 high; 15 very high.
    let counts: Vec<u64> = r.bands.iter().map(|b| b.count).collect();
    check("band counts 1, 1, 6, 1, 1", counts == [1, 1, 6, 1, 1]);
    let percents: Vec<f64> = r.bands.iter().map(|b| b.percent).collect();
    check("band percents 10, 10, 60, 10, 10", percents == [10.0, 10.0, 60.0, 10.0, 10.0]);
    check("below 3.9: 20%", r.below_percent == 20.0);
    check("above 10.0: 20%", r.above_percent == 20.0);
    // Mean 74.79 / 10 = 7.479; sum of squares 712.4341, so variance 71.24341 - 7.479² =
    // 15.307969 and SD 3.91254; CV 3.91254 / 7.479 = 52.31%.
    check("mean 7.479", close(r.mean.unwrap_or(0.0), 7.479, 1e-9));
    check("sd 3.9125", close(r.sd.unwrap_or(0.0), 3.912540, 1e-5));
    check("cv 52.31%", close(r.cv_percent.unwrap_or(0.0), 52.3137, 1e-3));
    // GMI: 12.71 + 4.70587 × 7.479 = 47.905 mmol/mol; 3.31 + 0.02392 × (7.479 × 18.016) = 6.533%.
    check("gmi 47.905 mmol/mol", close(r.gmi_mmol_mol.unwrap_or(0.0), 47.9052, 1e-3));
    check("gmi 6.533%", close(r.gmi_percent.unwrap_or(0.0), 6.53302, 1e-4));
    // Hour 8 holds 2.5, 3.4, 3.9, 5.0, 6.0: nearest ranks 1, 2, 3, 4, 5 of 5.
    let h8 = r.profile[8];
    check("hour 8 profile", h8.count == 5 && h8.percentiles == Some([2.5, 3.4, 3.9, 5.0, 6.0]));
    // The evening readings were taken at +01:00, so they are the clock's 20:00, not UTC's 19:00.
    let h20 = r.profile[20];
    check("hour 20 profile", h20.count == 5 && h20.percentiles == Some([7.0, 10.0, 10.0, 12.0, 15.0]));
    check("hour 19 empty", r.profile[19].count == 0 && r.profile[19].percentiles.is_none());
    // Quarter-hours: 08:00 and 08:05 share one, then 08:15, 08:30, 08:45; 19:00, 19:15,
    // 19:30, 19:45 (19:46 shares it): 8 of 96.
    check("cover 8 of 96", close(r.cover_percent, 800.0 / 96.0, 1e-9));
    check("one day", r.days == 1);
    check("not reliable", !r.reliable());
    check("targets", r.meets_target(Band::InRange) == Some(false) && r.meets_target(Band::VeryLow) == Some(false));
    check("cv target missed", r.cv_meets_target() == Some(false));
    assert!(failures.is_empty(), "wrong: {failures:?}");
}

#[test]
fn each_band_edge_follows_the_consensus_at_one_decimal_place() {
    let cases = [
        (2.9, Band::VeryLow),
        (2.949, Band::VeryLow),
        (2.95, Band::Low),
        (3.0, Band::Low),
        (3.8, Band::Low),
        (3.84, Band::Low),
        (3.85, Band::InRange),
        (3.9, Band::InRange),
        (10.0, Band::InRange),
        (10.04, Band::InRange),
        (10.05, Band::High),
        (10.1, Band::High),
        (13.9, Band::High),
        (14.0, Band::VeryHigh),
        (0.0, Band::VeryLow),
        (80.0, Band::VeryHigh),
    ];
    let wrong: Vec<_> = cases.iter().filter(|(v, b)| Band::of(*v) != *b).collect();
    assert!(wrong.is_empty(), "wrong bands: {wrong:?}");
}

/// A reading every `every` minutes for `days` days, skipping the quarter-hours `gap` says.
fn steady(days: i64, every: i64, gap: impl Fn(i64) -> bool) -> Vec<(i64, i32, f64)> {
    (0..days * 24 * 60 / every)
        .map(|i| DAY0 + i * every * M)
        .filter(|at| !gap((at - DAY0) / (15 * M)))
        .map(|at| (at, 0, 6.0))
        .collect()
}

fn report_of(readings: Vec<(i64, i32, f64)>, days: i64) -> GlucoseReport {
    let values: Vec<f64> = readings.iter().map(|r| r.2).collect();
    glucose_report(&GlucoseTally::of_readings(readings), &summary(&values), DAY0, DAY0 + days * 24 * H)
}

#[test]
fn a_report_is_reliable_only_with_14_days_and_70_percent_cover() {
    // 14 days of a reading every 5 minutes: reliable.
    let full = report_of(steady(14, 5, |_| false), 14);
    assert!(full.reliable() && full.cover_percent == 100.0, "{full:?}");
    assert!(reliability_warning(&full).is_none());
    // 13 days of full cover: too short.
    let short = report_of(steady(13, 5, |_| false), 13);
    assert!(!short.enough_days && short.enough_cover && !short.reliable());
    // 14 days are 1,344 quarter-hours: 941 with readings is 70.01%, reliable; 940 is 69.94%, not.
    let seventy = report_of(steady(14, 5, |q| q < 403), 14);
    assert!(seventy.reliable(), "70%: {}", seventy.cover_percent);
    let under = report_of(steady(14, 5, |q| q < 404), 14);
    assert!(!under.reliable(), "under 70%: {}", under.cover_percent);
    let sixty = report_of(steady(14, 5, |q| q % 10 < 4), 14);
    let warning = reliability_warning(&sixty).unwrap();
    assert!(warning.starts_with("Do not rely on this report") && warning.contains("60%"), "{warning}");
    // Finger-prick readings four times a day for 30 days: long enough, far too sparse.
    let fingers = report_of(steady(30, 360, |_| false), 30);
    assert!(!fingers.reliable() && fingers.cover_percent < 5.0);
    // No readings: no figures, and a plain sentence.
    let none = report_of(Vec::new(), 14);
    assert!(none.mean.is_none() && none.gmi_mmol_mol.is_none() && none.meets_target(Band::InRange).is_none());
    assert_eq!(reliability_warning(&none).as_deref(), Some(words::NO_READINGS));
}

/// Readings over three days in any order, at offsets seen in the world (UTC, BST, New York,
/// India), with values across every band.
fn readings() -> impl Strategy<Value = Vec<(i64, i32, f64)>> {
    prop::collection::vec((0i64..3 * 24 * 60 * 60, prop::sample::select(vec![0, 60, -300, 330]), 5u32..3_000), 0..400)
        .prop_map(|v| v.into_iter().map(|(s, off, c)| (DAY0 + s * 1000, off, f64::from(c) / 100.0)).collect())
}

proptest! {
    #[test]
    fn day_tallies_add_up_to_the_tally_of_the_readings(rs in readings()) {
        let raw = GlucoseTally::of_readings(rs.iter().copied());
        let mut days: std::collections::BTreeMap<i64, DayTally> = Default::default();
        for &(at, off, v) in &rs {
            let day = at.div_euclid(DAY_MS) * DAY_MS;
            days.entry(day).or_default().push(day, at, off, v);
        }
        let mut from_days = GlucoseTally::default();
        days.values().for_each(|d| d.add_to(&mut from_days));
        prop_assert_eq!(&from_days, &raw);
        // Each hour's percentiles from the tally are those of its readings.
        for h in 0..HOURS {
            let values: Vec<f64> =
                rs.iter().filter(|r| usize::from(local_hour(r.0, r.1)) == h).map(|r| r.2).collect();
            let (n, ps) = from_days.hour_profile(h);
            prop_assert_eq!(n, values.len() as u64);
            let expected: Option<Vec<f64>> =
                PERCENTILES.iter().map(|p| percentile_of_values(&values, *p)).collect();
            prop_assert_eq!(ps.map(|p| p.to_vec()), expected);
        }
        let bands = from_days.band_counts();
        for (i, b) in Band::ALL.iter().enumerate() {
            prop_assert_eq!(bands[i], rs.iter().filter(|r| Band::of(r.2) == *b).count() as u64);
        }
    }
}
