//! GP and home readings together: the GP record's blood pressures appear in the readings
//! list and on the chart marked "at the GP", a filter by source leaves them out or keeps only
//! them, and no GP value is ever counted in the NICE home average.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

mod common;

use std::sync::Arc;

use chrono::{TimeZone, Utc};
use common::*;
use phr_app::*;
use phr_core::clock::FixedClock;

const GP_CONNECT: &str = "gpconnect-stu3/access-record-structured/consultations_response1.json";

struct Setup {
    _tmp: tempfile::TempDir,
    app: App,
    id: PersonId,
}

/// A person matching `fixture`'s Patient, with that record imported.
fn with_record(fixture: &str) -> Setup {
    let tmp = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock(Utc.with_ymd_and_hms(2026, 11, 23, 14, 5, 0).unwrap()));
    let app = App::with_options(tmp.path().join("vault"), AppOptions::with_clock(clock, KdfProfile::Floor));
    app.create_vault(Passphrase::new(PASS.to_owned())).unwrap();
    let id = add_person_matching(&app, fixture);
    app.import_files(&id, &[fixtures().join(fixture)]).unwrap();
    Setup { _tmp: tmp, app, id }
}

fn bp(at: &str, sys: f64, dia: f64) -> ReadingInput {
    ReadingInput {
        kind: ReadingKind::BloodPressure,
        at: Some(at.into()),
        value: Some(sys),
        value2: Some(dia),
        pulse: None,
        unit: None,
        context: None,
        arm: None,
        position: None,
        text: None,
        note: None,
        confirm: false,
    }
}

fn query(source: Option<ReadingSourceFilter>) -> ReadingQuery {
    ReadingQuery { kind: Some(ReadingKind::BloodPressure), source, ..ReadingQuery::default() }
}

#[test]
fn the_gp_blood_pressure_is_listed_beside_the_home_one_marked_by_source() {
    let s = with_record(GP_CONNECT);
    s.app.add_reading(&s.id, bp("2026-11-20T08:00:00+00:00", 128.0, 80.0)).unwrap();
    let page = s.app.list_readings(&s.id, query(None)).unwrap();
    assert_eq!(page.total, 2);
    let got: Vec<_> = page.readings.iter().map(|r| (r.origin, r.origin_label.as_str(), r.display.as_str())).collect();
    assert_eq!(
        got,
        [(ReadingOrigin::AtHome, "at home", "128/80 mmHg"), (ReadingOrigin::AtGp, "at the GP", "130/72 mmHg"),]
    );
    let gp = &page.readings[1];
    assert!(gp.entry_id.is_some(), "a GP reading names its record entry");
    assert!(gp.id.as_str().starts_with("gp-"), "and is not a stored reading's id: {}", gp.id.as_str());
    // A GP reading cannot be deleted from Readings: it is not a stored reading.
    assert_eq!(s.app.delete_reading(&s.id, gp.id.as_str()).unwrap_err().code, phr_core::ErrorCode::ReadingNotFound);
    // Every kind at once holds the GP oxygen and temperature readings too.
    let all = s.app.list_readings(&s.id, ReadingQuery::default()).unwrap();
    assert!(all.readings.iter().any(|r| r.kind == ReadingKind::OxygenSaturation && r.origin == ReadingOrigin::AtGp));
    assert!(all.readings.iter().any(|r| r.kind == ReadingKind::Temperature && r.origin == ReadingOrigin::AtGp));
    assert_eq!(all.total, all.readings.len() as u64);
}

#[test]
fn the_filter_by_source_keeps_home_or_gp_readings() {
    let s = with_record(GP_CONNECT);
    s.app.add_reading(&s.id, bp("2026-11-20T08:00:00+00:00", 128.0, 80.0)).unwrap();
    let home = s.app.list_readings(&s.id, query(Some(ReadingSourceFilter::Home))).unwrap();
    assert_eq!(home.total, 1);
    assert!(home.readings.iter().all(|r| r.origin == ReadingOrigin::AtHome));
    let gp = s.app.list_readings(&s.id, query(Some(ReadingSourceFilter::Gp))).unwrap();
    assert_eq!(gp.total, 1);
    assert!(gp.readings.iter().all(|r| r.origin == ReadingOrigin::AtGp));
    // Pages of the merged list meet without a gap or a repeat.
    let first = s.app.list_readings(&s.id, ReadingQuery { limit: Some(1), ..query(None) }).unwrap();
    let second = s.app.list_readings(&s.id, ReadingQuery { limit: Some(1), offset: Some(1), ..query(None) }).unwrap();
    assert_eq!(first.readings[0].origin, ReadingOrigin::AtHome);
    assert_eq!(second.readings[0].origin, ReadingOrigin::AtGp);
}

#[test]
fn a_gp_value_is_never_counted_in_the_nice_home_average() {
    let s = with_record(GP_CONNECT);
    // A GP blood pressure on a day of the home week, and one of 190/120 in the record would
    // move the average: neither may count.
    for day in 16..=20 {
        for (h, sys) in [(8, 130.0), (20, 134.0)] {
            s.app.add_reading(&s.id, bp(&format!("2026-11-{day}T{h:02}:00:00+00:00"), sys, 80.0)).unwrap();
        }
    }
    let stats = s.app.reading_stats(&s.id, ReadingKind::BloodPressure, None, None).unwrap();
    let home = stats.home_bp.unwrap();
    assert_eq!(home.readings_used, 8, "the first day left out, GP readings never in");
    assert_eq!(home.systolic.map(f64::round), Some(132.0));
    assert_eq!(stats.count, 10, "the home statistics count home readings only");
    // The GP reading is on the record (and the list) all the same.
    assert_eq!(s.app.list_readings(&s.id, query(Some(ReadingSourceFilter::Gp))).unwrap().total, 1);
}

#[test]
fn the_chart_draws_gp_readings_apart_and_knows_where_the_data_is() {
    let s = with_record(GP_CONNECT);
    s.app.add_reading(&s.id, bp("2026-11-20T08:00:00+00:00", 128.0, 80.0)).unwrap();
    let c = s.app.chart_series(&s.id, ReadingKind::BloodPressure, "2019-01-01", "2026-11-23", 200).unwrap();
    assert_eq!(c.values, [128.0], "home readings only in the home series");
    assert_eq!(c.gp.len(), 1);
    assert_eq!((c.gp[0].value, c.gp[0].value2, c.gp[0].origin_label.as_str()), (Some(130.0), Some(72.0), "at the GP"));
    assert_eq!(c.earliest.as_deref(), Some("2019-03-28"));
    assert_eq!(c.latest.as_deref(), Some("2026-11-20"));
    // A week that holds nothing still says where the readings are.
    let empty = s.app.chart_series(&s.id, ReadingKind::BloodPressure, "2025-01-01", "2025-01-07", 200).unwrap();
    assert!(empty.values.is_empty() && empty.gp.is_empty());
    assert_eq!(empty.latest.as_deref(), Some("2026-11-20"));
    // The thresholds are named in words and cite their guideline.
    assert!(
        c.thresholds.iter().all(|t| t.label.starts_with("Home blood pressure target") && t.source.contains("NG136"))
    );
}

#[test]
fn no_diabetes_target_is_drawn_for_someone_without_diabetes() {
    let s = with_record(GP_CONNECT);
    let g = ReadingInput {
        value2: None,
        value: Some(6.0),
        kind: ReadingKind::BloodGlucose,
        ..bp("2026-11-20T08:00:00+00:00", 0.0, 0.0)
    };
    s.app.add_reading(&s.id, g).unwrap();
    let c = s.app.chart_series(&s.id, ReadingKind::BloodGlucose, "2026-11-01", "2026-11-23", 200).unwrap();
    assert!(c.thresholds.is_empty(), "{:?}", c.thresholds);
}

#[test]
fn the_synthea_blood_pressures_reach_the_readings_screen() {
    let s = with_record(SYNTHEA);
    let page = s.app.list_readings(&s.id, query(None)).unwrap();
    assert!(page.total >= 5, "found {}", page.total);
    assert!(page.readings.iter().all(|r| r.origin == ReadingOrigin::AtGp && r.value.is_some() && r.value2.is_some()));
    let overview = s.app.reading_overview(&s.id).unwrap();
    let bp = overview.iter().find(|k| k.kind == ReadingKind::BloodPressure).unwrap();
    assert!(bp.count >= 5 && bp.latest.as_ref().is_some_and(|r| r.origin == ReadingOrigin::AtGp));
}
