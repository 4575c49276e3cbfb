//! Readings through the facade: the checks on both sides of their bounds, confirmation of
//! unusual values, units kept as entered, undo, the NICE home average on a week worked by
//! hand, chart series, targets, the blood pressure week, device imports from every fixture,
//! and the FHIR export checked by an independent validator.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use phr_app::*;
use phr_core::clock::FixedClock;

#[path = "../../../tests/support/mod.rs"]
mod repo;

const PASS: &str = "otter lantern gravel";

struct Setup {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    app: App,
    id: PersonId,
}

fn setup() -> Setup {
    setup_at(Utc.with_ymd_and_hms(2026, 11, 23, 14, 5, 0).unwrap())
}

/// A vault whose clock says `now`.
fn setup_at(now: chrono::DateTime<Utc>) -> Setup {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_path_buf();
    let clock = Arc::new(FixedClock(now));
    let app = App::with_options(dir.join("vault"), AppOptions::with_clock(clock, KdfProfile::Floor));
    app.create_vault(Passphrase::new(PASS.to_owned())).unwrap();
    let p = app
        .add_person(PersonInput {
            name: "Ada Lovelace".into(),
            date_of_birth: "1948-07-05".into(),
            nhs_number: None,
            role: None,
        })
        .unwrap();
    Setup { _tmp: tmp, dir, app, id: p.id }
}

fn input(kind: ReadingKind, value: f64) -> ReadingInput {
    ReadingInput {
        kind,
        at: Some("2026-11-23T09:00:00+00:00".into()),
        value: Some(value),
        value2: None,
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

/// A time on 2026-11-`day` by the machine's clock. The app files a reading under the person's
/// local day, morning or evening (the machine's time zone), so a test that counts those writes
/// its readings this way and passes in any zone (xtask also runs it at +13:00 and -10:00).
fn local(day: u32, hour: u32, minute: u32) -> chrono::DateTime<chrono::Local> {
    chrono::Local.with_ymd_and_hms(2026, 11, day, hour, minute, 0).single().unwrap()
}

fn bp(at: &str, sys: f64, dia: f64) -> ReadingInput {
    ReadingInput { at: Some(at.into()), value2: Some(dia), ..input(ReadingKind::BloodPressure, sys) }
}

fn count(s: &Setup) -> u64 {
    s.app.list_readings(&s.id, ReadingQuery::default()).unwrap().total
}

fn refused(s: &Setup, i: ReadingInput) -> AppError {
    s.app.add_reading(&s.id, i).unwrap_err()
}

#[test]
fn impossible_values_are_refused_naming_the_field() {
    let s = setup();
    let cases = [
        (input(ReadingKind::BloodPressure, 900.0), "value"),
        (bp("2026-11-23T09:00:00Z", 120.0, 130.0), "value2"),
        (input(ReadingKind::BloodGlucose, 0.0), "value"),
        (ReadingInput { at: Some("2026-11-24T09:00:00Z".into()), ..input(ReadingKind::Weight, 70.0) }, "at"),
        (input(ReadingKind::Pain, 11.0), "value"),
    ];
    for (i, field) in cases {
        let e = refused(&s, i.clone());
        assert_eq!(
            (e.code, e.field.map(ErrorField::name).as_deref()),
            (ErrorCode::ReadingImpossible, Some(field)),
            "{i:?}: {e:?}"
        );
        assert!(!e.message.is_empty());
    }
    let bad_time = refused(&s, ReadingInput { at: Some("yesterday-ish".into()), ..input(ReadingKind::Weight, 70.0) });
    assert_eq!((bad_time.code, bad_time.field), (ErrorCode::InvalidInput, Some(ErrorField::At)));
    assert_eq!(count(&s), 0);

    // The other side of each bound is accepted.
    for i in [
        bp("2026-11-23T09:00:00Z", 300.0, 120.0),
        bp("2026-11-23T09:00:00Z", 120.0, 119.0),
        input(ReadingKind::BloodGlucose, 0.1),
        ReadingInput { at: Some("2026-11-23T14:05:00Z".into()), ..input(ReadingKind::Weight, 70.0) },
        input(ReadingKind::Pain, 10.0),
    ] {
        s.app
            .add_reading(&s.id, ReadingInput { confirm: true, ..i.clone() })
            .unwrap_or_else(|e| panic!("{i:?}: {e:?}"));
    }
    assert_eq!(count(&s), 5);
}

#[test]
fn unusual_values_need_confirming_then_are_stored_flagged() {
    let s = setup();
    // 179 systolic is usual; 180 is not (NICE severe hypertension starts at 180).
    let fine = s.app.add_reading(&s.id, bp("2026-11-23T08:00:00Z", 179.0, 90.0)).unwrap();
    assert!(fine.unusual.is_empty());

    let high = bp("2026-11-23T08:05:00Z", 200.0, 95.0);
    let e = refused(&s, high.clone());
    assert_eq!((e.code, e.field), (ErrorCode::ReadingNeedsConfirmation, Some(ErrorField::Value)));
    assert!(e.message.contains("200"), "the reason names the value: {}", e.message);
    assert_eq!(count(&s), 1, "nothing stored before confirming");

    let kept = s.app.add_reading(&s.id, ReadingInput { confirm: true, ..high }).unwrap();
    assert!(!kept.unusual.is_empty());
    assert_eq!(kept.display, "200/95 mmHg");
    let listed = s.app.list_readings(&s.id, ReadingQuery::default()).unwrap();
    assert_eq!(listed.readings[0], kept, "newest first, flag kept");

    let glucose = input(ReadingKind::BloodGlucose, 30.0);
    assert_eq!(refused(&s, glucose.clone()).code, ErrorCode::ReadingNeedsConfirmation);
    assert!(!s.app.add_reading(&s.id, ReadingInput { confirm: true, ..glucose }).unwrap().unusual.is_empty());
}

#[test]
fn glucose_in_mg_dl_is_converted_and_kept_as_entered() {
    let s = setup();
    let r = s
        .app
        .add_reading(
            &s.id,
            ReadingInput {
                unit: Some("mg/dL".into()),
                context: Some("fasting".into()),
                ..input(ReadingKind::BloodGlucose, 126.0)
            },
        )
        .unwrap();
    assert_eq!(r.entered_value, Some(126.0));
    assert_eq!(r.entered_unit.as_deref(), Some("mg/dL"));
    assert_eq!(r.unit, "mmol/L");
    assert!((r.value.unwrap() - 126.0 / 18.016).abs() < 1e-12);
    assert_eq!(r.context.as_deref(), Some("fasting"));
    assert_eq!(r.source, ReadingSource::Typed);
    let back = s.app.list_readings(&s.id, ReadingQuery::default()).unwrap().readings.remove(0);
    assert_eq!(back, r);
}

#[test]
fn delete_then_undo_and_edit() {
    let s = setup();
    let r = s.app.add_reading(&s.id, input(ReadingKind::Weight, 70.0)).unwrap();
    s.app.delete_reading(&s.id, &r.id).unwrap();
    assert_eq!(count(&s), 0);
    assert_eq!(s.app.delete_reading(&s.id, &r.id).unwrap_err().code, ErrorCode::ReadingNotFound);
    let back = s.app.restore_reading(&s.id, &r.id).unwrap();
    assert_eq!(back, r);
    assert_eq!(count(&s), 1);
    assert_eq!(s.app.restore_reading(&s.id, &r.id).unwrap_err().code, ErrorCode::NothingToUndo);
    assert_eq!(s.app.delete_reading(&s.id, "nonsense").unwrap_err().code, ErrorCode::ReadingNotFound);

    let edited = s.app.update_reading(&s.id, &r.id, input(ReadingKind::Weight, 71.5)).unwrap();
    assert_eq!((edited.id.as_str(), edited.value), (r.id.as_str(), Some(71.5)));
    let e = s.app.update_reading(&s.id, &r.id, input(ReadingKind::Weight, -1.0)).unwrap_err();
    assert_eq!((e.code, e.field), (ErrorCode::ReadingImpossible, Some(ErrorField::Value)));
}

#[test]
fn nice_home_average_of_a_week_worked_by_hand() {
    let s = setup();
    // Day 1 (discarded, as NICE says): high readings that would skew the average.
    // Days 2-4: morning 140/90 and 138/88, evening 130/80 and 132/82 -> mean 135/85.
    // Days 5-7: morning 128/84 and 126/82, evening 124/78 and 122/76 -> mean 125/80.
    // Average of the 24 readings kept: (12 x 135 + 12 x 125) / 24 = 130 systolic,
    // (12 x 85 + 12 x 80) / 24 = 82.5 diastolic: below the 135/85 threshold.
    for day in 15..=21 {
        let (m, e) = match day {
            15 => ([(170.0, 100.0), (168.0, 98.0)], [(166.0, 96.0), (164.0, 94.0)]),
            16..=18 => ([(140.0, 90.0), (138.0, 88.0)], [(130.0, 80.0), (132.0, 82.0)]),
            _ => ([(128.0, 84.0), (126.0, 82.0)], [(124.0, 78.0), (122.0, 76.0)]),
        };
        for (i, (sys, dia)) in m.iter().enumerate() {
            s.app
                .add_reading(
                    &s.id,
                    ReadingInput { confirm: true, ..bp(&local(day, 7, 30 + i as u32).to_rfc3339(), *sys, *dia) },
                )
                .unwrap();
        }
        for (i, (sys, dia)) in e.iter().enumerate() {
            s.app
                .add_reading(
                    &s.id,
                    ReadingInput { confirm: true, ..bp(&local(day, 19, 30 + i as u32).to_rfc3339(), *sys, *dia) },
                )
                .unwrap();
        }
    }
    let stats = s.app.reading_stats(&s.id, ReadingKind::BloodPressure, Some("2026-11-15"), Some("2026-11-21")).unwrap();
    assert_eq!(stats.count, 28);
    assert_eq!((stats.min, stats.max), (Some(122.0), Some(170.0)));
    let home = stats.home_bp.unwrap();
    assert!(home.enough && home.first_day_discarded, "{home:?}");
    assert_eq!((home.days_used, home.readings_used), (6, 24));
    assert!((home.systolic.unwrap() - 130.0).abs() < 1e-9, "{home:?}");
    assert!((home.diastolic.unwrap() - 82.5).abs() < 1e-9, "{home:?}");
    assert_eq!(home.above_threshold, Some(false));
    assert!(!home.explanation.is_empty());

    // The first four days alone (the least NICE accepts) average days 2-4: 135/85, at the
    // threshold, which counts as above it.
    let four = s.app.reading_stats(&s.id, ReadingKind::BloodPressure, Some("2026-11-15"), Some("2026-11-18")).unwrap();
    let home = four.home_bp.unwrap();
    assert_eq!((home.days_used, home.readings_used), (3, 12));
    assert!(home.enough, "{home:?}");
    assert_eq!((home.systolic, home.diastolic, home.above_threshold), (Some(135.0), Some(85.0), Some(true)));
    // Three days recorded are not enough.
    let three = s.app.reading_stats(&s.id, ReadingKind::BloodPressure, Some("2026-11-15"), Some("2026-11-17")).unwrap();
    assert!(!three.home_bp.unwrap().enough);
}

#[test]
fn chart_series_targets_and_thresholds() {
    let s = setup();
    s.app.add_reading(&s.id, bp("2026-11-22T08:00:00Z", 128.0, 82.0)).unwrap();
    s.app.add_reading(&s.id, bp("2026-11-23T08:00:00Z", 150.0, 95.0)).unwrap();
    let t = Target { kind: ReadingKind::BloodPressure, low: None, high: Some(140.0), low2: None, high2: Some(90.0) };
    s.app.set_target(&s.id, t.clone()).unwrap();
    let series = s.app.chart_series(&s.id, ReadingKind::BloodPressure, "2026-11-01", "2026-11-23", 2000).unwrap();
    assert_eq!(series.values, vec![128.0, 150.0]);
    assert_eq!(series.values2, vec![82.0, 95.0]);
    assert_eq!(series.times[0], Utc.with_ymd_and_hms(2026, 11, 22, 8, 0, 0).unwrap().timestamp());
    assert_eq!((series.raw_count, series.reduced), (2, false));
    assert_eq!(series.target, Some(t.clone()));
    assert!(series.thresholds.iter().any(|x| x.value == 135.0 && x.series == 1));
    let listed = s.app.list_readings(&s.id, ReadingQuery::default()).unwrap();
    assert_eq!(listed.readings.iter().map(|r| r.out_of_target).collect::<Vec<_>>(), vec![true, false]);
    assert_eq!(s.app.targets(&s.id).unwrap(), vec![t]);
    let bad = s.app.set_target(
        &s.id,
        Target { kind: ReadingKind::Weight, low: Some(80.0), high: Some(60.0), low2: None, high2: None },
    );
    assert_eq!(bad.unwrap_err().field, Some(ErrorField::Low));
    let e = s.app.chart_series(&s.id, ReadingKind::BloodPressure, "2026-11-23", "2026-11-01", 100).unwrap_err();
    assert_eq!(e.field, Some(ErrorField::To));
}

#[test]
fn the_blood_pressure_week_guides_and_counts() {
    // Early afternoon where the person is, so this morning has passed and this evening has not.
    let s = setup_at(local(23, 14, 5).with_timezone(&Utc));
    let idle = s.app.bp_week(&s.id).unwrap();
    assert!(!idle.active && idle.days.is_empty() && !idle.next_step.is_empty());
    let week = s.app.start_bp_week(&s.id).unwrap();
    assert!(week.active && !week.complete);
    assert_eq!(week.days.len(), 7);
    assert!(week.started_at.is_some());
    s.app.add_reading(&s.id, bp(&local(23, 19, 0).to_rfc3339(), 128.0, 82.0)).unwrap_err(); // in the future: refused
    s.app.add_reading(&s.id, bp(&local(23, 7, 30).to_rfc3339(), 128.0, 82.0)).unwrap();
    s.app.add_reading(&s.id, bp(&local(23, 7, 31).to_rfc3339(), 126.0, 80.0)).unwrap();
    let week = s.app.bp_week(&s.id).unwrap();
    let today = week.days.iter().map(|d| d.morning).sum::<u32>();
    assert_eq!(today, 2, "{week:?}");
    assert!(week.average.is_some());
}

/// The real vendor files in the repository's `tests/fixtures/device-data`.
fn shared_fixtures() -> PathBuf {
    repo::fixture("device-data")
}

/// Every device file the app should read: the shared fixtures' good files and the core's samples.
fn device_files() -> Vec<PathBuf> {
    let mut out = vec![shared_fixtures().join("dexcom-clarity-csv_cgmquantify/test_file.csv")];
    for f in ["ihealth-bp.json", "ihealth-glucose.json", "ihealth-weight.json", "ihealth-bp-no-heart-rate.json"] {
        out.push(shared_fixtures().join("openmhealth-shimmer-vendor-json").join(f));
    }
    let omh = shared_fixtures().join("openmhealth-schemas-testdata");
    for schema in ["blood-pressure/4.0", "blood-glucose/4.0", "body-weight/3.0", "heart-rate/2.0"] {
        let mut files: Vec<PathBuf> =
            std::fs::read_dir(omh.join(schema).join("shouldPass")).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        out.extend(files);
    }
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../phr-core/tests/fixtures/device");
    if let Ok(entries) = std::fs::read_dir(samples) {
        let mut files: Vec<PathBuf> = entries
            .map(|e| e.unwrap().path())
            .filter(|p| {
                let name = p.file_name().unwrap().to_string_lossy().to_lowercase();
                (name.ends_with(".csv") || name.ends_with(".json")) && !name.contains("mangled") && p.is_file()
            })
            .collect();
        files.sort();
        out.extend(files);
    }
    out
}

#[test]
fn every_device_fixture_previews_then_imports_once() {
    // The Dexcom and LibreView fixtures name their (made-up) owners, not Ada: each import
    // confirms the file is hers (the owner check has its own tests in import_undo.rs).
    let s = setup();
    let mut readable_files = 0;
    for f in device_files() {
        let name = f.display().to_string();
        let preview = s.app.preview_device_file(&s.id, &f, None, None).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        if preview.needs_mapping {
            continue;
        }
        if preview.rows_readable == 0 {
            // A valid file that holds no single reading (an Open mHealth summary statistic)
            // says why, and imports nothing.
            assert!(!preview.problems.is_empty(), "{name}: {preview:?}");
            assert_eq!(s.app.import_device_file(&s.id, &f, None, None, true).unwrap().added, 0);
            continue;
        }
        readable_files += 1;
        // Two of the iHealth files hold the same blood pressure: the second import finds it.
        assert!(!preview.sample.is_empty() && preview.sample.len() <= 20);
        assert!(preview.sample.iter().all(|r| r.source == ReadingSource::DeviceFile && r.id.is_empty()));
        let before = count(&s);
        assert_eq!(before, count(&s), "{name}: preview stores nothing");

        let first = s.app.import_device_file(&s.id, &f, None, None, true).unwrap();
        assert_eq!((first.added, first.duplicates), (preview.rows_readable - preview.duplicates, preview.duplicates));
        assert_eq!(count(&s), before + u64::from(first.added));
        let again_preview = s.app.preview_device_file(&s.id, &f, None, None).unwrap();
        assert_eq!(again_preview.duplicates, preview.rows_readable, "{name}");
        let again = s.app.import_device_file(&s.id, &f, Some(preview.format), None, true).unwrap();
        assert_eq!((again.added, again.duplicates), (0, preview.rows_readable), "{name}");
        assert_eq!(count(&s), before + u64::from(first.added));
    }
    assert!(readable_files >= 12, "only {readable_files} fixtures held readings");
    let audit = s.app.audit_log(&s.id).unwrap();
    assert!(audit.iter().any(|a| a.action == AuditAction::ReadingsImported));
}

#[test]
fn the_dexcom_export_holds_glucose_converted_from_mg_dl() {
    let s = setup();
    let f = shared_fixtures().join("dexcom-clarity-csv_cgmquantify/test_file.csv");
    let preview = s.app.preview_device_file(&s.id, &f, None, None).unwrap();
    assert_eq!(preview.format, DeviceFormat::DexcomClarity);
    assert_eq!(preview.kinds, vec![ReadingKindCount { kind: ReadingKind::BloodGlucose, count: preview.rows_readable }]);
    let r = &preview.sample[0];
    assert_eq!(r.entered_unit.as_deref(), Some("mg/dL"));
    assert!((r.value.unwrap() - r.entered_value.unwrap() / 18.016).abs() < 1e-9);
}

#[test]
fn a_mangled_csv_reports_its_bad_lines_and_imports_the_rest() {
    let s = setup();
    let original =
        std::fs::read_to_string(shared_fixtures().join("dexcom-clarity-csv_cgmquantify/test_file.csv")).unwrap();
    let mut lines: Vec<String> = original.lines().map(str::to_owned).collect();
    let egv: Vec<usize> = lines.iter().enumerate().filter(|(_, l)| l.contains(",EGV,")).map(|(i, _)| i).collect();
    assert!(egv.len() > 100);
    // Three rows broken in different ways: a date that is not one, a value that is not a
    // number, and a glucose of 0 (impossible).
    let (a, b, c) = (egv[10], egv[50], egv[90]);
    lines[a] = lines[a].replacen("20", "xx", 1);
    let cols: Vec<&str> = lines[b].split(',').collect();
    let mut cols: Vec<String> = cols.iter().map(|s| (*s).to_owned()).collect();
    cols[7] = "lots".into();
    lines[b] = cols.join(",");
    let mut cols: Vec<String> = lines[c].split(',').map(str::to_owned).collect();
    cols[7] = "0".into();
    lines[c] = cols.join(",");
    let path = s.dir.join("mangled.csv");
    std::fs::write(&path, lines.join("\n")).unwrap();

    let clean = s
        .app
        .preview_device_file(&s.id, &shared_fixtures().join("dexcom-clarity-csv_cgmquantify/test_file.csv"), None, None)
        .unwrap();
    let preview = s.app.preview_device_file(&s.id, &path, Some(DeviceFormat::DexcomClarity), None).unwrap();
    let bad: Vec<u32> = preview.problems.iter().map(|p| p.line).collect();
    for line in [a, b, c] {
        assert!(bad.contains(&(line as u32 + 1)), "line {} not reported: {:?}", line + 1, preview.problems);
    }
    assert_eq!(preview.rows_readable + 3, clean.rows_readable);
    // The fixture names Joe Schmoe: Ada confirms it is hers.
    let done = s.app.import_device_file(&s.id, &path, Some(DeviceFormat::DexcomClarity), None, true).unwrap();
    assert_eq!(done.added, preview.rows_readable);
    assert_eq!(done.problems, preview.problems);
}

#[test]
fn files_that_cannot_be_read_say_which() {
    let s = setup();
    let missing = s.dir.join("nowhere.csv");
    let e = s.app.preview_device_file(&s.id, &missing, None, None).unwrap_err();
    assert_eq!(e.code, ErrorCode::Io);
    assert!(e.message.contains("nowhere.csv"), "{}", e.message);
    let omh_bad = shared_fixtures().join("openmhealth-schemas-testdata/blood-pressure/4.0/shouldFail");
    for f in std::fs::read_dir(omh_bad).unwrap() {
        let f = f.unwrap().path();
        match s.app.preview_device_file(&s.id, &f, Some(DeviceFormat::OpenMHealth), None) {
            Ok(p) => assert!(p.rows_readable == 0 && !p.problems.is_empty(), "{}: {p:?}", f.display()),
            Err(e) => assert!(matches!(e.code, ErrorCode::MalformedFile | ErrorCode::UnsupportedFormat), "{e:?}"),
        }
    }
}

#[test]
fn a_generic_csv_needs_a_mapping_then_imports() {
    let s = setup();
    let path = s.dir.join("my-weights.csv");
    std::fs::write(
        &path,
        "When,Kilos,Comment\n2026-11-01 08:00,70.2,\n2026-11-02 08:00,70.0,ok\n2026-11-03 08:00,heavy,\n",
    )
    .unwrap();
    let preview = s.app.preview_device_file(&s.id, &path, None, None).unwrap();
    assert!(preview.needs_mapping, "{preview:?}");
    assert_eq!(preview.columns, vec!["When", "Kilos", "Comment"]);
    let e = s.app.import_device_file(&s.id, &path, None, None, false).unwrap_err();
    assert_eq!(e.field, Some(ErrorField::Mapping));
    let mapping = ColumnMapping {
        time_column: "When".into(),
        value_column: "Kilos".into(),
        value2_column: None,
        kind: ReadingKind::Weight,
        unit: Some("kg".into()),
        time_format: None,
        utc_offset_minutes: Some(0),
    };
    let done = s.app.import_device_file(&s.id, &path, Some(DeviceFormat::GenericCsv), Some(mapping), false).unwrap();
    assert_eq!(done.added, 2);
    assert_eq!(done.problems.iter().map(|p| p.line).collect::<Vec<_>>(), vec![4]);
}

#[test]
fn exported_observations_pass_the_independent_validator() {
    let s = setup();
    let mut g = input(ReadingKind::BloodGlucose, 110.0);
    g.unit = Some("mg/dL".into());
    g.context = Some("fasting".into());
    s.app.add_reading(&s.id, g).unwrap();
    let mut p = bp("2026-11-23T07:30:00+01:00", 128.0, 82.0);
    p.pulse = Some(70.0);
    p.arm = Some("left".into());
    p.position = Some("sitting".into());
    s.app.add_reading(&s.id, p).unwrap();
    for (kind, v) in [
        (ReadingKind::HeartRate, 64.0),
        (ReadingKind::Weight, 70.5),
        (ReadingKind::Height, 172.0),
        (ReadingKind::OxygenSaturation, 97.0),
        (ReadingKind::Temperature, 36.8),
        (ReadingKind::PeakFlow, 450.0),
        (ReadingKind::Steps, 8000.0),
        (ReadingKind::Sleep, 7.5),
        (ReadingKind::Pain, 3.0),
        (ReadingKind::Mood, 7.0),
    ] {
        s.app.add_reading(&s.id, input(kind, v)).unwrap();
    }
    s.app
        .add_reading(
            &s.id,
            ReadingInput { value: None, text: Some("Headache after lunch".into()), ..input(ReadingKind::Symptom, 0.0) },
        )
        .unwrap();
    let out = s.dir.join("readings.json");
    let info = s.app.export_readings(&s.id, &out).unwrap();
    assert_eq!(info.resources, 13);
    assert_eq!(info.bytes, std::fs::metadata(&out).unwrap().len());
    let bundle: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(bundle["type"], "collection");
    assert_eq!(bundle["entry"].as_array().unwrap().len(), 13);
    let leftovers: Vec<_> = std::fs::read_dir(&s.dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    assert!(s.app.audit_log(&s.id).unwrap().iter().any(|a| a.action == AuditAction::ReadingsExported));

    // Each Observation on its own as well as the Bundle, so a failure names the kind.
    let mut files = vec![out.clone()];
    for (i, e) in bundle["entry"].as_array().unwrap().iter().enumerate() {
        let f = s.dir.join(format!("obs-{i}.json"));
        std::fs::write(&f, e["resource"].to_string()).unwrap();
        files.push(f);
    }
    repo::assert_valid_fhir(&files, "the readings export");
}

#[test]
fn the_cores_mangled_sample_reports_each_bad_line_through_the_mapping() {
    let s = setup();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../phr-core/tests/fixtures/device/mangled.csv");
    let mapping = ColumnMapping {
        time_column: "When".into(),
        value_column: "Glucose (mg/dL)".into(),
        value2_column: None,
        kind: ReadingKind::BloodGlucose,
        unit: Some("mg/dL".into()),
        time_format: None,
        utc_offset_minutes: Some(0),
    };
    let preview =
        s.app.preview_device_file(&s.id, &path, Some(DeviceFormat::GenericCsv), Some(mapping.clone())).unwrap();
    let bad: Vec<u32> = preview.problems.iter().map(|p| p.line).collect();
    // Not a date, a missing column, not a number, an impossible glucose of 0.
    for line in [4, 5, 6, 10] {
        assert!(bad.contains(&line), "line {line} not reported: {:?}", preview.problems);
    }
    assert!(preview.rows_readable >= 2, "{preview:?}");
    let done = s.app.import_device_file(&s.id, &path, Some(DeviceFormat::GenericCsv), Some(mapping), false).unwrap();
    assert_eq!(done.added, preview.rows_readable);
    let stored = s.app.list_readings(&s.id, ReadingQuery::default()).unwrap();
    assert!(stored.readings.iter().any(|r| r.entered_value == Some(101.0) && r.at.starts_with("2024-05-01T07:30")));
}

/// "Today" is the person's own day, not UTC's: at 23:30 UTC it is already tomorrow at +13:00
/// and still today at -10:00. xtask runs this at both, and at UTC. A person born on their own
/// today is accepted, and the day after is refused as in the future.
#[test]
fn today_is_the_persons_local_day_in_every_time_zone() {
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 23, 30, 0).unwrap();
    let s = setup_at(now);
    let local_today = now.with_timezone(&chrono::Local).date_naive();
    let iso = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    let today = s.app.today();
    assert_eq!(today.date, iso(local_today));
    assert_eq!(s.app.share_file_name(), format!("health-record-share-{}.phrshare", iso(local_today)));
    let born = |d: chrono::NaiveDate| PersonInput {
        name: "New Baby".into(),
        date_of_birth: iso(d),
        nhs_number: None,
        role: None,
    };
    assert!(s.app.check_person(&born(local_today)).is_empty(), "born today (local) is accepted");
    let tomorrow = local_today.succ_opt().unwrap();
    assert!(!s.app.check_person(&born(tomorrow)).is_empty(), "born tomorrow (local) is refused");
}
