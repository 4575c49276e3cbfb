//! The glucose report from stored day tallies (whole UTC days, raw readings at the two edges)
//! equals the report worked out from every raw reading, on random ranges over a generated
//! record kept by every writer: a device import at two UTC offsets, typed readings, edits
//! (one moving a reading to another day, one changing its kind), deletes, a restore, and a
//! second import that is then undone. And migration 12 builds the tallies of a record that
//! had glucose readings before it.

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use phr_core::readings::ReadingKind;
use phr_core::readings::glucose_report::{GlucoseReport, GlucoseTally, glucose_report};
use phr_core::readings::reduce::{Point, Rollup};
use phr_vault::{DeviceImport, NewReading, PersonId, ReadingFilter, Vault};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use crate::support::*;

const FIVE_MIN: i64 = 300_000;
const DAY: i64 = 86_400_000;
const READINGS: i64 = 12_000;

fn at(ms: i64, offset_hours: i32) -> DateTime<FixedOffset> {
    Utc.timestamp_millis_opt(ms).unwrap().with_timezone(&FixedOffset::east_opt(offset_hours * 3600).unwrap())
}

fn glucose(ms: i64, offset_hours: i32, value: f64, key: String) -> NewReading {
    NewReading { dedupe_key: Some(key), ..device_reading(ReadingKind::BloodGlucose, at(ms, offset_hours), value, None) }
}

fn file(name: &str) -> DeviceImport {
    DeviceImport { label: "Test sensor".into(), file: name.into(), unreadable: 0, owner_overridden: false }
}

/// About 42 days of a sensor every 5 minutes (summer time for the first half, so +01:00,
/// then +00:00), with gaps, changed by every writer. Returns the span it covers.
fn record() -> (tempfile::TempDir, Vault, PersonId, i64, i64) {
    let (tmp, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let id = v.add_person(details("Ada Lovelace")).unwrap().id;
    let start = t0().timestamp_millis() - (READINGS + 100) * FIVE_MIN;
    let end = start + READINGS * FIVE_MIN;
    let mut seed = 0x5eed_u64;
    let mut next = move || {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        seed >> 33
    };
    let mut batch = Vec::new();
    for i in 0..READINGS {
        if i % 1_009 < 40 {
            continue;
        }
        let ms = start + i * FIVE_MIN + (next() % 1000) as i64;
        let value = 2.0 + (next() % 200) as f64 / 10.0 + (next() % 10) as f64 / 1000.0;
        batch.push(glucose(ms, if i < READINGS / 2 { 1 } else { 0 }, value, format!("g{i}")));
    }
    v.import_device_readings(&id, &batch, &file("sensor.csv")).unwrap();

    let (stored, _) = v
        .list_readings(
            &id,
            &ReadingFilter { kind: Some(ReadingKind::BloodGlucose), limit: Some(300), ..Default::default() },
        )
        .unwrap();
    for (n, r) in stored.iter().enumerate() {
        match n % 30 {
            0 => v.delete_reading(&id, r.id).unwrap(),
            1 => {
                let mut edited = r.reading.clone();
                edited.value = Some(2.4);
                edited.at = at(edited.at.timestamp_millis() - DAY - 90 * 60_000, 1);
                v.update_reading(&id, r.id, &edited).unwrap();
            }
            2 => {
                let mut edited = r.reading.clone();
                edited.kind = ReadingKind::Weight;
                edited.value = Some(70.0);
                v.update_reading(&id, r.id, &edited).unwrap();
            }
            3 => {
                v.delete_reading(&id, r.id).unwrap();
                v.restore_reading(&id, r.id).unwrap();
            }
            _ => {}
        }
    }
    for i in 0..20 {
        let mut typed = device_reading(ReadingKind::BloodGlucose, at(start + i * 2 * DAY + 7, 0), 16.5, None);
        typed.reading.source = phr_core::readings::ReadingSource::Typed;
        typed.source_name = None;
        v.add_reading(&id, &typed).unwrap();
    }
    // A second file over the same days, then undone: its readings and tallies go.
    let again: Vec<NewReading> =
        (0..500).map(|i| glucose(start + i * 7 * FIVE_MIN + 11, 0, 9.9, format!("again{i}"))).collect();
    let counts = v.import_device_readings(&id, &again, &file("again.csv")).unwrap();
    v.undo_import(&id, counts.import_id).unwrap();
    (tmp, v, id, start, end)
}

/// The report worked out from every live glucose reading in `[from, to)`.
fn from_raw(v: &Vault, id: &PersonId, from: i64, to: i64) -> GlucoseReport {
    let conn = v.debug_open_person_db_for_tests(id).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT at, tz_offset, value FROM reading WHERE kind = 5 AND at >= ?1 AND at < ?2 \
             AND deleted_at IS NULL AND value IS NOT NULL",
        )
        .unwrap();
    let rows: Vec<(i64, i32, f64)> = stmt
        .query_map(rusqlite::params![from, to], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut rollup = Rollup::default();
    for &(at, _, value) in &rows {
        rollup.push(Point { at, value, value2: None });
    }
    glucose_report(&GlucoseTally::of_readings(rows), &rollup.summary(), from, to)
}

fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => (a - b).abs() <= 1e-6 * b.abs().max(1.0),
        _ => false,
    }
}

fn agree(got: &GlucoseReport, want: &GlucoseReport) -> Result<(), String> {
    let ok = got.count == want.count
        && got.bands == want.bands
        && got.profile == want.profile
        && got.cover_percent == want.cover_percent
        && got.days == want.days
        && close(got.mean, want.mean)
        && close(got.sd, want.sd)
        && close(got.cv_percent, want.cv_percent)
        && close(got.gmi_mmol_mol, want.gmi_mmol_mol);
    if ok {
        Ok(())
    } else {
        Err(format!("from tallies {got:?} {:?}\nfrom raw rows {want:?} {:?}", got.bands, want.bands))
    }
}

#[test]
fn the_glucose_report_from_day_tallies_equals_the_report_from_raw_readings() {
    let (_tmp, v, id, start, end) = record();
    let whole = v.glucose_report(&id, start - DAY, end + DAY).unwrap();
    assert!(whole.count > 10_000, "{whole:?}");
    agree(&whole, &from_raw(&v, &id, start - DAY, end + DAY)).unwrap();
    let span = end - start;
    let edge = prop_oneof![
        (-2 * DAY..span + 2 * DAY).prop_map(move |t| start + t),
        (-3i64..(span / DAY) + 3).prop_map(move |d| (start / DAY + d) * DAY),
        (-3i64..(span / DAY) + 3).prop_map(move |d| (start / DAY + d) * DAY - 3_600_000),
    ];
    let mut runner = TestRunner::new(Config { cases: crate::repo::cases(48), ..Config::default() });
    runner
        .run(&(edge.clone(), edge), |(a, b)| {
            let (from, to) = (a.min(b), a.max(b));
            agree(&v.glucose_report(&id, from, to).unwrap(), &from_raw(&v, &id, from, to))
                .map_err(|e| TestCaseError::fail(format!("[{from}, {to}): {e}")))
        })
        .unwrap();
}

/// A record that had glucose readings before migration 12: with its tallies gone and its
/// days listed again by the migration's own statement, opening it builds them back.
#[test]
fn migration_12_builds_the_tallies_of_existing_glucose_readings() {
    let (_tmp, v, id, start, end) = record();
    let list = phr_vault::migrations::MIGRATIONS[11]
        .split(';')
        .map(str::trim)
        .find(|s| s.starts_with("INSERT OR IGNORE INTO glucose_day_pending"))
        .expect("migration 12 lists the days");
    let conn = v.debug_open_person_db_for_tests(&id).unwrap();
    conn.execute_batch("DELETE FROM glucose_day").unwrap();
    conn.execute_batch(list).unwrap();
    let pending: i64 = conn.query_row("SELECT count(*) FROM glucose_day_pending", [], |r| r.get(0)).unwrap();
    assert!(pending > 40, "{pending} days listed");
    drop(conn);
    // Opening the database (as unlocking does) builds the listed days and empties the list.
    let conn = v.debug_open_person_db_for_tests(&id).unwrap();
    let left: i64 = conn.query_row("SELECT count(*) FROM glucose_day_pending", [], |r| r.get(0)).unwrap();
    assert_eq!(left, 0);
    drop(conn);
    let (from, to) = (start + 5 * DAY + 1234, end - 3 * DAY);
    agree(&v.glucose_report(&id, from, to).unwrap(), &from_raw(&v, &id, from, to)).unwrap();
}
