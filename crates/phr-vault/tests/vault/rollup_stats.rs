//! Statistics read from rollups (whole hourly and daily buckets, raw readings at the two
//! edges) agree with statistics worked out from every raw reading, on random ranges over a
//! generated record of 20,000 glucose readings and 2,000 blood pressures with edits, deletes
//! and notes; and a list's total, counted from rollups, agrees with the rows. Not timed.

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use phr_core::readings::{CheckedReading, ReadingKind, ReadingSource};
use phr_vault::{NewReading, PersonId, RangeStats, ReadingFilter, Vault};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use crate::support::*;

const FIVE_MIN: i64 = 300_000;
const GLUCOSE: i64 = 20_000;
const BP: i64 = 2_000;

fn at(ms: i64) -> DateTime<FixedOffset> {
    Utc.timestamp_millis_opt(ms).unwrap().with_timezone(&FixedOffset::east_opt(3600).unwrap())
}

/// A small pseudo-random generator, so the record is the same on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn unit(&mut self) -> f64 {
        (self.next() % 1_000_000) as f64 / 1_000_000.0
    }
}

fn keyed(r: NewReading, key: String) -> NewReading {
    NewReading { dedupe_key: Some(key), ..r }
}

fn note(ms: i64) -> NewReading {
    let reading = CheckedReading {
        kind: ReadingKind::BloodGlucose,
        at: at(ms),
        value: None,
        value2: None,
        pulse: None,
        entered_value: None,
        entered_unit: None,
        context: None,
        arm: None,
        position: None,
        text: Some("felt shaky".into()),
        note: None,
        source: ReadingSource::Typed,
        unusual: Vec::new(),
    };
    NewReading { reading, source_name: None, dedupe_key: None }
}

/// The generated record: glucose every 5 minutes from `start` with gaps, blood pressures at
/// uneven times over the same span, some edited and deleted (so rollups were recomputed as
/// well as merged), and glucose notes without a value.
fn heavy_ish() -> (tempfile::TempDir, Vault, PersonId, i64, i64) {
    let (tmp, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let id = v.add_person(details("Ada Lovelace")).unwrap().id;
    let start = t0().timestamp_millis() - (GLUCOSE + 100) * FIVE_MIN;
    let end = start + GLUCOSE * FIVE_MIN;
    let mut rng = Lcg(0x5eed);
    let mut batch = Vec::new();
    for i in 0..GLUCOSE {
        // Now and then an hour without readings, so some buckets are missing.
        if i % 997 < 12 {
            continue;
        }
        let ms = start + i * FIVE_MIN + (rng.next() % 1000) as i64;
        let value = 3.0 + 12.0 * rng.unit();
        batch.push(keyed(device_reading(ReadingKind::BloodGlucose, at(ms), value, None), format!("g{i}")));
    }
    for i in 0..BP {
        let ms = start + (rng.next() % (GLUCOSE * FIVE_MIN) as u64) as i64;
        let (s, d) = (100.0 + 60.0 * rng.unit(), 60.0 + 40.0 * rng.unit());
        batch.push(keyed(device_reading(ReadingKind::BloodPressure, at(ms), s, Some(d)), format!("bp{i}")));
    }
    batch.sort_by_key(|r| r.reading.at);
    v.import_readings(&id, &batch, "generated.csv").unwrap();

    let (stored, _) = v
        .list_readings(
            &id,
            &ReadingFilter { kind: Some(ReadingKind::BloodGlucose), limit: Some(400), ..Default::default() },
        )
        .unwrap();
    for (n, r) in stored.iter().enumerate() {
        match n % 40 {
            0 => v.delete_reading(&id, r.id).unwrap(),
            1 => {
                // Edited to an extreme value, and moved an hour and a half earlier.
                let mut edited = r.reading.clone();
                edited.value = Some(if n % 80 == 1 { 1.5 } else { 29.0 });
                edited.at = at(edited.at.timestamp_millis() - 90 * 60_000);
                v.update_reading(&id, r.id, &edited).unwrap();
            }
            _ => {}
        }
    }
    for i in 0..30 {
        v.add_reading(&id, &note(start + i * 41 * FIVE_MIN + 7)).unwrap();
    }
    (tmp, v, id, start, end)
}

/// Statistics worked out from every live reading, the way the store worked them out before
/// rollups held them.
fn from_raw(v: &Vault, id: &PersonId, kind: ReadingKind, from: i64, to: i64) -> RangeStats {
    let conn = v.debug_open_person_db_for_tests(id).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT value, value2 FROM reading WHERE kind = ?1 AND at >= ?2 AND at < ?3 AND deleted_at IS NULL \
             AND value IS NOT NULL",
        )
        .unwrap();
    let rows: Vec<(f64, Option<f64>)> = stmt
        .query_map(rusqlite::params![i64::from(kind.code()), from, to], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let of = |xs: &[f64]| -> (Option<f64>, Option<f64>, Option<f64>, Option<f64>) {
        if xs.is_empty() {
            return (None, None, None, None);
        }
        let n = xs.len() as f64;
        let mean = xs.iter().sum::<f64>() / n;
        let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n;
        let min = xs.iter().copied().fold(f64::INFINITY, f64::min);
        let max = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        (Some(mean), Some(var.sqrt()), Some(min), Some(max))
    };
    let firsts: Vec<f64> = rows.iter().map(|r| r.0).collect();
    let seconds: Vec<f64> = rows.iter().filter_map(|r| r.1).collect();
    let (mean, sd, min, max) = of(&firsts);
    let (mean2, sd2, min2, max2) = of(&seconds);
    RangeStats { count: rows.len() as u64, mean, sd, min, max, mean2, sd2, min2, max2 }
}

fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (None, None) => true,
        // Sums added in another order differ in the last bits; the standard deviation from
        // sums of squares loses a few more to cancellation.
        (Some(a), Some(b)) => (a - b).abs() <= 1e-6 * b.abs().max(1.0),
        _ => false,
    }
}

fn agree(got: &RangeStats, want: &RangeStats) -> Result<(), String> {
    let ok = got.count == want.count
        && got.min == want.min
        && got.max == want.max
        && got.min2 == want.min2
        && got.max2 == want.max2
        && close(got.mean, want.mean)
        && close(got.sd, want.sd)
        && close(got.mean2, want.mean2)
        && close(got.sd2, want.sd2);
    if ok { Ok(()) } else { Err(format!("from rollups {got:?}\nfrom raw rows {want:?}")) }
}

fn live_rows(v: &Vault, id: &PersonId, kind: ReadingKind, from: i64, to: i64) -> u64 {
    let conn = v.debug_open_person_db_for_tests(id).unwrap();
    conn.query_row(
        "SELECT count(*) FROM reading WHERE kind = ?1 AND at >= ?2 AND at < ?3 AND deleted_at IS NULL",
        rusqlite::params![i64::from(kind.code()), from, to],
        |r| r.get::<_, i64>(0),
    )
    .unwrap() as u64
}

#[test]
fn statistics_from_rollups_agree_with_statistics_from_raw_rows_on_random_ranges() {
    let (_tmp, v, id, start, end) = heavy_ish();
    let kinds = [ReadingKind::BloodGlucose, ReadingKind::BloodPressure];
    // All time, and the whole span give every bucket.
    for kind in kinds {
        agree(&v.reading_stats(&id, kind, i64::MIN, i64::MAX).unwrap(), &from_raw(&v, &id, kind, i64::MIN, i64::MAX))
            .unwrap();
    }
    let span = end - start;
    // Ends anywhere (a millisecond off a boundary, on an hour, on a day), ranges from empty to
    // longer than the record.
    let edge = prop_oneof![
        (-2 * 86_400_000..span + 2 * 86_400_000).prop_map(move |t| start + t),
        (-48i64..(span / 3_600_000) + 48).prop_map(move |h| (start / 3_600_000 + h) * 3_600_000),
        (-3i64..(span / 86_400_000) + 3).prop_map(move |d| (start / 86_400_000 + d) * 86_400_000),
    ];
    let strategy = (edge.clone(), edge, prop_oneof![Just(kinds[0]), Just(kinds[1])]);
    let mut runner = TestRunner::new(Config { cases: crate::repo::cases(64), ..Config::default() });
    runner
        .run(&strategy, |(a, b, kind)| {
            let (from, to) = (a.min(b), a.max(b));
            let got = v.reading_stats(&id, kind, from, to).unwrap();
            agree(&got, &from_raw(&v, &id, kind, from, to))
                .map_err(|e| TestCaseError::fail(format!("{kind} [{from}, {to}): {e}")))?;
            let filter =
                ReadingFilter { kind: Some(kind), from_ms: Some(from), to_ms: Some(to), limit: Some(3), offset: 0 };
            let (_, total) = v.list_readings(&id, &filter).unwrap();
            prop_assert_eq!(total, live_rows(&v, &id, kind, from, to), "list total of {} in [{}, {})", kind, from, to);
            Ok(())
        })
        .unwrap();
}

/// Migration 10 fills in the new sums of a record's existing buckets from its readings: with
/// them cleared and filled again by the migration's own statement, statistics still agree
/// with the raw rows (the diastolic mean divides by the filled count of second values).
#[test]
fn migration_10_fills_the_sums_of_existing_buckets_from_the_readings() {
    let (_tmp, v, id, start, end) = heavy_ish();
    let fill = phr_vault::migrations::MIGRATIONS[9]
        .split(';')
        .map(str::trim)
        .find(|s| s.starts_with("UPDATE reading_rollup"))
        .expect("migration 10 fills the buckets");
    let conn = v.debug_open_person_db_for_tests(&id).unwrap();
    conn.execute_batch("UPDATE reading_rollup SET sum_sq = 0, n2 = 0, sum_sq2 = 0").unwrap();
    conn.execute_batch(fill).unwrap();
    drop(conn);
    for kind in [ReadingKind::BloodGlucose, ReadingKind::BloodPressure] {
        for (from, to) in [(i64::MIN, i64::MAX), (start + 7_777_777, end - 86_400_000 * 3 - 1234)] {
            agree(&v.reading_stats(&id, kind, from, to).unwrap(), &from_raw(&v, &id, kind, from, to))
                .map_err(|e| format!("{kind} [{from}, {to}): {e}"))
                .unwrap();
        }
    }
}
