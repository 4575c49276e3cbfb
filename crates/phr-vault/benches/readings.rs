//! Readings store speed (criterion): a chart of a day, a week, a month, a year and ten years
//! reduced to 2,000 points from a million glucose readings (target < 30 ms each), statistics
//! over those ranges and ragged ones from the rollups (< 20 ms), a list page with its total
//! (< 50 ms), adding one reading (< 5 ms) and storing 100,000 device readings in one import
//! (< 1 s).

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

use std::hint::black_box;
use std::sync::Arc;

use chrono::{FixedOffset, TimeZone, Utc};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use phr_core::clock::FixedClock;
use phr_core::person::PersonDetails;
use phr_core::readings::{CheckedReading, ReadingKind, ReadingSource};
use phr_vault::{KdfChoice, KdfParams, NewReading, Passphrase, PersonId, Vault};

const STEP_MS: i64 = 300_000;
const MILLION: i64 = 1_000_000;

fn glucose(n: i64, start: i64, source: ReadingSource) -> NewReading {
    let at = Utc.timestamp_millis_opt(start + n * STEP_MS).unwrap().with_timezone(&FixedOffset::east_opt(0).unwrap());
    let v = 8.0 + 3.0 * ((n % 288) as f64 / 288.0 * std::f64::consts::TAU).sin() + ((n * 7919) % 100) as f64 / 100.0;
    let reading = CheckedReading {
        kind: ReadingKind::BloodGlucose,
        at,
        value: Some(v),
        value2: None,
        pulse: None,
        entered_value: Some(v),
        entered_unit: None,
        context: None,
        arm: None,
        position: None,
        text: None,
        note: None,
        source,
        unusual: Vec::new(),
    };
    let dedupe_key = (source == ReadingSource::DeviceFile).then(|| format!("bench|{}", start + n * STEP_MS));
    NewReading { reading, source_name: None, dedupe_key }
}

struct Fixture {
    _tmp: tempfile::TempDir,
    vault: Vault,
    id: PersonId,
    start: i64,
    end: i64,
}

/// A vault holding a million glucose readings every 5 minutes (about 9.5 years).
fn fixture() -> Fixture {
    let tmp = tempfile::tempdir().unwrap();
    let end = Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap().timestamp_millis();
    let start = end - MILLION * STEP_MS;
    let clock = Arc::new(FixedClock(Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap()));
    let (mut vault, _) = Vault::create(
        &tmp.path().join("vault"),
        &Passphrase::new("bench passphrase".into()),
        KdfChoice::Fixed(KdfParams::FLOOR),
        clock,
    )
    .unwrap();
    let id = vault
        .add_person(PersonDetails {
            name: "Bench Mark".into(),
            date_of_birth: chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap(),
            nhs_number: None,
        })
        .unwrap()
        .id;
    for chunk in 0..10 {
        let batch: Vec<NewReading> =
            (chunk * 100_000..(chunk + 1) * 100_000).map(|n| glucose(n, start, ReadingSource::DeviceFile)).collect();
        vault.import_readings(&id, &batch, "the benchmark").unwrap();
    }
    Fixture { _tmp: tmp, vault, id, start, end }
}

fn readings(c: &mut Criterion) {
    let mut f = fixture();
    let day = 86_400_000;
    let mut series = c.benchmark_group("series_2000_points_of_a_million");
    for (name, span) in
        [("day", day), ("week", 7 * day), ("month", 30 * day), ("year", 365 * day), ("all", f.end - f.start)]
    {
        series.bench_function(name, |b| {
            b.iter(|| {
                let s = f.vault.reading_series(&f.id, ReadingKind::BloodGlucose, f.end - span, f.end, 2000).unwrap();
                black_box(s.points.len())
            })
        });
    }
    series.finish();

    let mut stats = c.benchmark_group("statistics_of_a_million");
    // Whole days and hours, and ends a few minutes off any boundary (raw rows at both edges).
    let ragged = 7 * 60_000 + 13;
    for (name, from, to) in [
        ("all", f.start, f.end),
        ("year", f.end - 365 * day, f.end),
        ("ragged_year", f.end - 365 * day - ragged, f.end - ragged),
        ("ragged_day", f.end - day - ragged, f.end - ragged),
        ("open_range", i64::MIN, i64::MAX),
    ] {
        stats.bench_function(name, |b| {
            b.iter(|| black_box(f.vault.reading_stats(&f.id, ReadingKind::BloodGlucose, from, to).unwrap().count))
        });
    }
    stats.finish();

    let mut list = c.benchmark_group("list_page_of_a_million");
    for (name, offset) in [("first_page", 0), ("page_101", 5_000)] {
        let filter = phr_vault::ReadingFilter {
            kind: Some(ReadingKind::BloodGlucose),
            limit: Some(50),
            offset,
            ..Default::default()
        };
        list.bench_function(name, |b| b.iter(|| black_box(f.vault.list_readings(&f.id, &filter).unwrap().1)));
    }
    list.finish();

    let mut n = 0;
    c.bench_function("add_one_reading", |b| {
        b.iter(|| {
            n += 1;
            let r = glucose(MILLION + n, f.start, ReadingSource::Typed);
            black_box(f.vault.add_reading(&f.id, &r).unwrap().id)
        })
    });

    let mut import = c.benchmark_group("import");
    import.sample_size(10);
    let mut next = 2 * MILLION;
    import.bench_function("100k_device_readings", |b| {
        b.iter_batched(
            || {
                next += 100_000;
                (next..next + 100_000).map(|n| glucose(n, f.start, ReadingSource::DeviceFile)).collect::<Vec<_>>()
            },
            |batch| black_box(f.vault.import_readings(&f.id, &batch, "the benchmark").unwrap()),
            BatchSize::PerIteration,
        )
    });
    import.finish();
}

criterion_group!(benches, readings);
criterion_main!(benches);
