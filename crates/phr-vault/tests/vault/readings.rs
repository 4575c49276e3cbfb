//! The readings store: what is entered is kept as entered, deletes undo, re-imports add
//! nothing, and chart series from rollups keep every bucket's lowest and highest reading
//! (checked against a brute-force pass over the stored rows).

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use phr_core::ErrorCode;
use phr_core::readings::{CheckedReading, ReadingInput, ReadingKind, Target, check};
use phr_vault::{NewReading, PersonId, ReadingFilter, SeriesLevel, Vault};

use crate::support::*;

fn at(ms: i64) -> DateTime<FixedOffset> {
    Utc.timestamp_millis_opt(ms).unwrap().with_timezone(&FixedOffset::east_opt(3600).unwrap())
}

fn vault_with_person() -> (tempfile::TempDir, Vault, PersonId) {
    let (tmp, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let p = v.add_person(details("Ada Lovelace")).unwrap();
    (tmp, v, p.id)
}

fn checked(input: &ReadingInput) -> CheckedReading {
    check(input, t0()).unwrap()
}

fn device(kind: ReadingKind, ms: i64, value: f64, value2: Option<f64>) -> NewReading {
    NewReading { dedupe_key: Some(format!("test|{kind}|{ms}")), ..device_reading(kind, at(ms), value, value2) }
}

#[test]
fn entered_value_and_unit_are_kept_and_the_canonical_value_is_converted() {
    let (_tmp, mut v, id) = vault_with_person();
    let mut input = ReadingInput::value(ReadingKind::BloodGlucose, at(t0().timestamp_millis() - 3_600_000), 180.0);
    input.unit = Some("mg/dL".into());
    input.context = Some("fasting".into());
    input.note = Some("after a walk".into());
    let stored =
        v.add_reading(&id, &NewReading { reading: checked(&input), source_name: None, dedupe_key: None }).unwrap();
    let dir = v.dir().to_path_buf();
    drop(v);

    let v = unlock(&dir);
    let back = v.reading(&id, stored.id).unwrap();
    assert_eq!(back.reading.entered_value, Some(180.0));
    assert_eq!(back.reading.entered_unit.as_deref(), Some("mg/dL"));
    assert_eq!(back.reading.value, Some(180.0 / 18.016));
    assert_eq!(back.reading.context.as_deref(), Some("fasting"));
    assert_eq!(back.reading.note.as_deref(), Some("after a walk"));
    assert_eq!(back.reading.at, input.at);
    assert_eq!(back.reading.at.offset().local_minus_utc(), 3600, "the offset it was taken in is kept");
    assert_eq!(back, stored);
}

#[test]
fn a_flagged_blood_pressure_keeps_its_reasons_arm_position_and_pulse() {
    let (_tmp, mut v, id) = vault_with_person();
    let mut input = ReadingInput::blood_pressure(at(t0().timestamp_millis() - 60_000), 200.0, 95.0);
    input.pulse = Some(72.0);
    input.arm = Some("left".into());
    input.position = Some("sitting".into());
    let c = checked(&input);
    assert!(!c.unusual.is_empty());
    let stored = v.add_reading(&id, &NewReading { reading: c.clone(), source_name: None, dedupe_key: None }).unwrap();
    assert_eq!(stored.reading, c);
    assert_eq!(stored.reading.unusual, c.unusual);
}

#[test]
fn delete_hides_a_reading_and_restore_brings_it_back() {
    let (_tmp, mut v, id) = vault_with_person();
    let t = t0().timestamp_millis() - 7_200_000;
    let r = v.add_reading(&id, &device(ReadingKind::Weight, t, 70.5, None)).unwrap();
    let all = ReadingFilter::default();
    v.delete_reading(&id, r.id).unwrap();
    assert_eq!(v.list_readings(&id, &all).unwrap().1, 0);
    assert!(v.reading(&id, r.id).unwrap().deleted);
    assert_eq!(v.reading_stats(&id, ReadingKind::Weight, i64::MIN, i64::MAX).unwrap().count, 0);
    assert_eq!(v.reading_series(&id, ReadingKind::Weight, t - 1000, t + 1000, 100).unwrap().raw_count, 0);
    assert_eq!(v.delete_reading(&id, r.id).unwrap_err().code, ErrorCode::ReadingNotFound);

    let back = v.restore_reading(&id, r.id).unwrap();
    assert!(!back.deleted);
    assert_eq!(v.list_readings(&id, &all).unwrap().0, vec![back]);
    assert_eq!(v.reading_series(&id, ReadingKind::Weight, t - 1000, t + 1000, 100).unwrap().points.len(), 1);
    assert_eq!(v.restore_reading(&id, r.id).unwrap_err().code, ErrorCode::NothingToUndo);
    assert_eq!(v.reading(&id, 999).unwrap_err().code, ErrorCode::ReadingNotFound);

    let actions: Vec<&str> = v.audit_log(&id).unwrap().iter().map(|a| a.action.as_str()).collect::<Vec<_>>();
    for a in ["reading_added", "reading_deleted", "reading_restored"] {
        assert!(actions.contains(&a), "{a} missing from {actions:?}");
    }
    let details: String = v.audit_log(&id).unwrap().iter().map(|a| a.detail.clone()).collect();
    assert!(!details.contains("70.5"), "audit details hold no values: {details}");
    assert!(v.verify_audit(&id).unwrap().broken.is_none());
}

#[test]
fn editing_moves_a_reading_between_buckets() {
    let (_tmp, mut v, id) = vault_with_person();
    let day = 86_400_000;
    let t = 1_700_000_000_000;
    let r = v.add_reading(&id, &device(ReadingKind::BloodGlucose, t, 5.0, None)).unwrap();
    let mut moved = r.reading.clone();
    moved.at = at(t + 3 * day);
    moved.value = Some(9.0);
    let after = v.update_reading(&id, r.id, &moved).unwrap();
    assert_eq!(after.reading.value, Some(9.0));
    assert_eq!(after.source_name.as_deref(), Some("Test meter"));
    let before_range = v.reading_series(&id, ReadingKind::BloodGlucose, t - day, t + day, 100).unwrap();
    assert_eq!(before_range.raw_count, 0);
    let after_range = v.reading_stats(&id, ReadingKind::BloodGlucose, t + 2 * day, t + 4 * day).unwrap();
    assert_eq!((after_range.count, after_range.max), (1, Some(9.0)));
}

#[test]
fn importing_the_same_rows_again_adds_nothing() {
    let (_tmp, mut v, id) = vault_with_person();
    let batch: Vec<NewReading> = (0..50)
        .map(|i| device(ReadingKind::BloodGlucose, 1_700_000_000_000 + i * 300_000, 5.0 + i as f64 / 10.0, None))
        .collect();
    assert_eq!(v.count_stored_duplicates(&id, &batch).unwrap(), 0);
    let first = v.import_readings(&id, &batch, "a test file").unwrap();
    assert_eq!((first.added, first.duplicates), (50, 0));
    assert_eq!(v.count_stored_duplicates(&id, &batch).unwrap(), 50);
    let again = v.import_readings(&id, &batch, "a test file").unwrap();
    assert_eq!((again.added, again.duplicates), (0, 50));
    assert_eq!(v.list_readings(&id, &ReadingFilter::default()).unwrap().1, 50);
    let log = v.audit_log(&id).unwrap();
    let last = log.last().unwrap();
    assert_eq!(last.action.as_str(), "readings_imported");
    assert!(last.detail.contains("50 rows") && last.detail.contains("blood_glucose"), "{}", last.detail);
}

#[test]
fn list_pages_newest_first_with_kind_and_range() {
    let (_tmp, mut v, id) = vault_with_person();
    let base = 1_700_000_000_000;
    let mut batch: Vec<NewReading> =
        (0..30).map(|i| device(ReadingKind::Weight, base + i * 60_000, 70.0, None)).collect();
    batch.extend((0..10).map(|i| device(ReadingKind::HeartRate, base + i * 60_000, 60.0, None)));
    v.import_readings(&id, &batch, "a test file").unwrap();
    let f = ReadingFilter {
        kind: Some(ReadingKind::Weight),
        from_ms: Some(base + 5 * 60_000),
        to_ms: Some(base + 25 * 60_000),
        limit: Some(7),
        offset: 2,
    };
    let (page, total) = v.list_readings(&id, &f).unwrap();
    assert_eq!(total, 20);
    assert_eq!(page.len(), 7);
    assert_eq!(page[0].reading.at.timestamp_millis(), base + 22 * 60_000);
    assert!(page.windows(2).all(|w| w[0].reading.at > w[1].reading.at));
}

#[test]
fn targets_and_the_bp_week_are_kept() {
    let (_tmp, mut v, id) = vault_with_person();
    let t = Target { kind: ReadingKind::BloodGlucose, low: Some(4.0), high: Some(7.0), low2: None, high2: None };
    assert_eq!(v.set_reading_target(&id, &t).unwrap(), vec![t.clone()]);
    let bp = Target { kind: ReadingKind::BloodPressure, low: None, high: Some(135.0), low2: None, high2: Some(85.0) };
    v.set_reading_target(&id, &bp).unwrap();
    assert_eq!(v.reading_targets(&id).unwrap(), vec![bp.clone(), t.clone()]);
    let cleared = Target { low: None, high: None, ..t };
    assert_eq!(v.set_reading_target(&id, &cleared).unwrap(), vec![bp]);

    assert_eq!(v.bp_week_start(&id).unwrap(), None);
    let start = at(t0().timestamp_millis());
    v.start_bp_week(&id, start).unwrap();
    assert_eq!(v.bp_week_start(&id).unwrap(), Some(start));
}

#[test]
fn fhir_entries_have_stable_urn_uuids() {
    let (_tmp, mut v, id) = vault_with_person();
    v.add_reading(&id, &device(ReadingKind::Weight, 1_700_000_000_000, 70.0, None)).unwrap();
    v.add_reading(&id, &device(ReadingKind::Weight, 1_700_000_060_000, 71.0, None)).unwrap();
    let a = v.readings_fhir(&id).unwrap();
    assert_eq!(a.len(), 2);
    assert_eq!(a, v.readings_fhir(&id).unwrap());
    for (url, json) in &a {
        assert!(url.starts_with("urn:uuid:") && url.len() == 45, "{url}");
        let obs: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(obs["resourceType"], "Observation");
        assert_eq!(format!("urn:uuid:{}", obs["id"].as_str().unwrap()), *url);
    }
}

/// A stored reading as the tests see it: time (unix ms), value, second value.
type Row = (i64, f64, Option<f64>);
type ValueOf = dyn Fn(&Row) -> Option<f64>;

/// A deterministic pseudo-random value in [lo, hi).
fn noise(i: i64, lo: f64, hi: f64) -> f64 {
    let x = (i.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407) >> 33) as f64;
    lo + (x / f64::from(1u32 << 31)) * (hi - lo)
}

/// For each output bucket, the stored rows' lowest and highest value (and second value) with
/// the earliest time on a tie: computed directly, without the store's code.
fn brute_force_extremes(rows: &[Row], from: i64, to: i64, width: i64) -> Vec<(i64, Vec<(i64, f64)>)> {
    let mut out: std::collections::BTreeMap<i64, Vec<Row>> = Default::default();
    for r in rows.iter().filter(|r| r.0 >= from && r.0 < to) {
        out.entry(r.0.div_euclid(width)).or_default().push(*r);
    }
    out.into_iter()
        .map(|(b, rs)| {
            let pick = |key: &ValueOf, lower: bool| {
                rs.iter()
                    .filter_map(|r| key(r).map(|k| (k, r.0)))
                    .min_by(|a, b| {
                        let ord = if lower { a.0.total_cmp(&b.0) } else { b.0.total_cmp(&a.0) };
                        ord.then(a.1.cmp(&b.1))
                    })
                    .map(|(k, t)| (t, k))
            };
            let v1 = |r: &Row| Some(r.1);
            let v2 = |r: &Row| r.2;
            let found =
                [pick(&v1, true), pick(&v1, false), pick(&v2, true), pick(&v2, false)].into_iter().flatten().collect();
            (b, found)
        })
        .collect()
}

fn check_series(
    v: &Vault,
    id: &PersonId,
    kind: ReadingKind,
    rows: &[Row],
    (from, to): (i64, i64),
    max: u32,
    level: SeriesLevel,
) {
    let s = v.reading_series(id, kind, from, to, max).unwrap();
    let in_range = rows.iter().filter(|r| r.0 >= from && r.0 < to).count() as u64;
    assert_eq!(s.raw_count, in_range, "raw count for {from}..{to}");
    assert_eq!(s.level, level, "level for {from}..{to} ({in_range} rows)");
    assert!(s.points.len() <= max as usize, "{} points for at most {max}", s.points.len());
    assert!(s.reduced, "a range of {in_range} readings to {max} points is reduced");
    assert!(s.points.windows(2).all(|w| w[0].at <= w[1].at), "points in time order");
    // Every point is a stored reading.
    for p in &s.points {
        assert!(rows.iter().any(|r| r.0 == p.at && r.1 == p.value && r.2 == p.value2), "{p:?} is not a stored reading");
    }
    // Every bucket's extremes are among the points, and no point lies outside the range.
    assert!(s.points.iter().all(|p| p.at >= from && p.at < to));
    let expected = brute_force_extremes(rows, from, to, s.bucket_ms);
    for (bucket, extremes) in expected {
        let got: Vec<_> = s.points.iter().filter(|p| p.at.div_euclid(s.bucket_ms) == bucket).collect();
        let (first, second): (Vec<_>, Vec<_>) = extremes.iter().enumerate().partition(|(i, _)| *i < 2);
        for (_, (t, val)) in first {
            assert!(got.iter().any(|p| p.at == *t && p.value == *val), "bucket {bucket}: value {val} at {t} missing");
        }
        for (_, (t, val)) in second {
            assert!(
                got.iter().any(|p| p.at == *t && p.value2 == Some(*val)),
                "bucket {bucket}: value2 {val} at {t} missing"
            );
        }
    }
}

#[test]
fn series_keep_every_buckets_minimum_and_maximum_at_every_level() {
    let (_tmp, mut v, id) = vault_with_person();
    let min = 60_000;
    let day = 86_400_000;
    // Glucose every 30 minutes for 900 days, then every 2 minutes for 30 more: ranges over
    // the dense month read raw rows or hourly rollups, ranges over years daily rollups.
    let start = 1_600_000_123_456;
    let mut rows: Vec<Row> = (0..900 * 48).map(|i| (start + i * 30 * min, noise(i, 3.0, 15.0), None)).collect();
    let dense = start + 900 * day;
    rows.extend((0..30 * 720).map(|i| (dense + i * 2 * min, noise(i + 7, 2.5, 20.0), None)));
    let batch: Vec<NewReading> = rows.iter().map(|r| device(ReadingKind::BloodGlucose, r.0, r.1, None)).collect();
    assert_eq!(v.import_readings(&id, &batch, "a test file").unwrap().added as usize, rows.len());

    let g = ReadingKind::BloodGlucose;
    // A day and a week of dense data: raw rows reduced.
    check_series(&v, &id, g, &rows, (dense + 3 * day + 12_345, dense + 4 * day + 999), 100, SeriesLevel::Raw);
    check_series(&v, &id, g, &rows, (dense + 5 * day, dense + 12 * day + 7), 500, SeriesLevel::Raw);
    // The dense month and a bit: more than 20,000 rows, so hourly rollups with raw edges.
    check_series(&v, &id, g, &rows, (dense - 2 * day - 1234, dense + 30 * day), 2000, SeriesLevel::Hour);
    // Everything (about 2.5 years): daily rollups with ragged edges.
    check_series(&v, &id, g, &rows, (start - 5_000, dense + 31 * day), 2000, SeriesLevel::Day);
    check_series(&v, &id, g, &rows, (start + 17 * day + 3_333_333, dense + 20 * day + 1), 300, SeriesLevel::Day);

    // Deleting the month's highest reading moves the rollups with it.
    let month = (dense, dense + 30 * day);
    let (hi_at, _, _) =
        *rows.iter().filter(|r| r.0 >= month.0 && r.0 < month.1).max_by(|a, b| a.1.total_cmp(&b.1)).unwrap();
    let (all, _) = v
        .list_readings(
            &id,
            &ReadingFilter { kind: Some(g), from_ms: Some(hi_at), to_ms: Some(hi_at + 1), limit: None, offset: 0 },
        )
        .unwrap();
    v.delete_reading(&id, all[0].id).unwrap();
    rows.retain(|r| r.0 != hi_at);
    check_series(&v, &id, g, &rows, (start - 5_000, dense + 31 * day), 2000, SeriesLevel::Day);
    check_series(&v, &id, g, &rows, (dense - 2 * day, dense + 30 * day), 1000, SeriesLevel::Hour);
    let stats = v.reading_stats(&id, g, month.0, month.1).unwrap();
    let expect_max = rows.iter().filter(|r| r.0 >= month.0 && r.0 < month.1).map(|r| r.1).fold(f64::MIN, f64::max);
    assert_eq!(stats.max, Some(expect_max));
}

#[test]
fn blood_pressure_series_keep_both_values_extremes() {
    let (_tmp, mut v, id) = vault_with_person();
    let start = 1_650_000_000_000;
    let rows: Vec<Row> = (0..3000)
        .map(|i| {
            let sys = noise(i, 100.0, 170.0).round();
            (start + i * 3_600_000 / 4, sys, Some(noise(i + 99, 55.0, sys - 20.0).round()))
        })
        .collect();
    let batch: Vec<NewReading> = rows.iter().map(|r| device(ReadingKind::BloodPressure, r.0, r.1, r.2)).collect();
    v.import_readings(&id, &batch, "a test file").unwrap();
    let end = rows.last().unwrap().0 + 1;
    check_series(&v, &id, ReadingKind::BloodPressure, &rows, (start, end), 200, SeriesLevel::Raw);
    check_series(
        &v,
        &id,
        ReadingKind::BloodPressure,
        &rows,
        (start + 86_400_000 * 10 + 5, end - 86_400_000 * 3),
        64,
        SeriesLevel::Raw,
    );
    let whole = v.reading_series(&id, ReadingKind::BloodPressure, start, end, 10_000).unwrap();
    assert!(!whole.reduced && whole.points.len() == 3000, "a range that fits is returned whole");
}

#[test]
fn readings_added_into_hours_that_hold_readings_keep_the_rollups_exact() {
    // Rollups of added readings are merged into the stored ones rather than recomputed: a
    // second import into the same hours, a duplicate-laden one and single readings (a new
    // highest and lowest among them) must leave every bucket's extremes and the counts exact.
    let (_tmp, mut v, id) = vault_with_person();
    let min = 60_000;
    let day = 86_400_000;
    let start = 1_600_000_000_000;
    // A reading three years earlier stretches "everything" to daily rollups.
    let mut rows: Vec<Row> = vec![(start - 3 * 365 * day, 7.0, None)];
    rows.extend((0..32 * 720).map(|i| (start + i * 2 * min, noise(i + 3, 3.0, 18.0), None)));
    let g = ReadingKind::BloodGlucose;
    let batch = |pick: &dyn Fn(usize) -> bool| -> Vec<NewReading> {
        rows.iter().enumerate().filter(|(i, _)| pick(*i)).map(|(_, r)| device(g, r.0, r.1, None)).collect()
    };
    let evens = batch(&|i| i % 2 == 0);
    let odds = batch(&|i| i % 2 == 1);
    assert_eq!(v.import_readings(&id, &evens, "a test file").unwrap().added as usize, evens.len());
    // The odd rows, with every even row again and two odd rows repeated (next to themselves
    // and thousands of rows later): the duplicates add nothing to any rollup.
    let mut again = odds.clone();
    again.insert(1, odds[0].clone());
    again.extend(evens.iter().cloned());
    again.push(odds[5].clone());
    let counts = v.import_readings(&id, &again, "a test file").unwrap();
    assert_eq!((counts.added as usize, counts.duplicates as usize), (odds.len(), evens.len() + 2));
    for (at, value) in
        [(start + 5 * day + 61_000, 25.0), (start + 9 * day + 7_000, 2.5), (start + 9 * day + 8_000, 6.0)]
    {
        let mut r = device(g, at, value, None);
        r.dedupe_key = None;
        v.add_reading(&id, &r).unwrap();
        rows.push((at, value, None));
    }
    rows.sort_by_key(|r| r.0);
    let end = rows.last().unwrap().0 + 1;
    check_series(&v, &id, g, &rows, (start - 3 * 365 * day, end), 2000, SeriesLevel::Day);
    check_series(&v, &id, g, &rows, (start + day + 1234, end), 1000, SeriesLevel::Hour);
    check_series(&v, &id, g, &rows, (start + 9 * day, start + 10 * day), 100, SeriesLevel::Raw);
}

/// The readings export is written the way the record export is: core's Bundle writer, inside
/// the transaction that appends its audit entry. A write that fails leaves neither a file nor
/// an entry; one that succeeds leaves both, the entry counting what the file holds.
#[test]
fn the_readings_export_and_its_audit_entry_land_together() {
    use phr_core::audit::AuditAction;
    let (tmp, mut v, id) = vault_with_person();
    v.add_reading(&id, &device(ReadingKind::Weight, 1_700_000_000_000, 70.0, None)).unwrap();
    v.add_reading(&id, &device(ReadingKind::Weight, 1_700_000_060_000, 71.0, None)).unwrap();
    let exports = |v: &Vault| {
        v.audit_log(&id).unwrap().into_iter().filter(|e| e.action == AuditAction::ReadingsExported).collect::<Vec<_>>()
    };

    let nowhere = tmp.path().join("no such folder").join("readings.json");
    let e = v.export_readings(&id, &nowhere).unwrap_err();
    assert_eq!(e.code, ErrorCode::Io, "{e:?}");
    assert!(!nowhere.exists());
    assert!(exports(&v).is_empty(), "a failed export is not recorded as made");

    let path = tmp.path().join("readings.json");
    let made = v.export_readings(&id, &path).unwrap();
    assert_eq!(made.resources, 2);
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(made.bytes, text.len() as u64);
    let bundle: serde_json::Value = serde_json::from_str(&text).unwrap();
    // core's writer: a Bundle id and meta.lastUpdated, which the facade's own copy never wrote.
    assert_eq!(bundle["type"], "collection");
    assert!(bundle["id"].as_str().is_some_and(|s| s.len() == 36), "{bundle}");
    assert_eq!(bundle["meta"]["lastUpdated"], bundle["timestamp"]);
    let urls: Vec<&str> = bundle["entry"].as_array().unwrap().iter().filter_map(|e| e["fullUrl"].as_str()).collect();
    let expected: Vec<String> = v.readings_fhir(&id).unwrap().into_iter().map(|(u, _)| u).collect();
    assert_eq!(urls, expected);
    let audited = exports(&v);
    assert_eq!(audited.len(), 1, "{audited:?}");
    assert_eq!(audited[0].detail, "2 readings exported as FHIR Observations");
    assert!(v.verify_audit(&id).unwrap().broken.is_none());
}
