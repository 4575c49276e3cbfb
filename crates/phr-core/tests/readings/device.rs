//! Device parsers on the real fixtures in tests/fixtures/device-data (Dexcom CLARITY,
//! Open mHealth valid and invalid, iHealth API JSON) and the constructed samples in
//! tests/fixtures/device (LibreView, OMRON connect, iHealth CSV, a mangled CSV).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use chrono::FixedOffset;
use phr_core::readings::device::{self, ColumnMapping, DeviceFormat, DeviceParse};
use phr_core::readings::{ReadingKind, ReadingSource};

use super::{at, now};

/// A real vendor file in the repository's `tests/fixtures/device-data`.
fn shared(rel: &str) -> PathBuf {
    super::repo::fixture("device-data").join(rel)
}

fn local(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/device").join(rel)).unwrap()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn utc() -> FixedOffset {
    FixedOffset::east_opt(0).unwrap()
}

fn parse(text: &str, format: Option<DeviceFormat>) -> DeviceParse {
    device::parse(text, format, None, utc(), now()).unwrap()
}

fn lines(p: &DeviceParse) -> (Vec<u32>, Vec<u32>) {
    (p.rows.iter().map(|r| r.line).collect(), p.problems.iter().map(|r| r.line).collect())
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

fn assert_unique_keys(p: &DeviceParse) {
    let keys: HashSet<&str> = p.rows.iter().map(|r| r.dedupe_key.as_str()).collect();
    assert_eq!(keys.len(), p.rows.len(), "dedupe keys are unique");
}

#[test]
fn dexcom_clarity_fixture() {
    let text = read(&shared("dexcom-clarity-csv_cgmquantify/test_file.csv"));
    assert_eq!(device::detect_format(&text), Some(DeviceFormat::DexcomClarity));
    let p = parse(&text, None);
    let egv = text.lines().filter(|l| l.contains(",EGV,")).count();
    assert_eq!(p.rows.len(), egv);
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    assert_eq!(p.columns[1], "Timestamp (YYYY-MM-DDThh:mm:ss)");
    let first = &p.rows[0];
    // "12,2016-10-24T11:24:17,EGV,,,,iPhone G6,103,...": line 13 (the header is line 1).
    assert_eq!(first.line, 13);
    assert_eq!(first.reading.at, at("2016-10-24T11:24:17+00:00"));
    assert!(close(first.reading.value, 103.0 / 18.016));
    assert_eq!(first.reading.entered_value, Some(103.0));
    assert_eq!(first.reading.entered_unit.as_deref(), Some("mg/dL"));
    assert_eq!(first.reading.source, ReadingSource::DeviceFile);
    assert_eq!(first.reading.kind, ReadingKind::BloodGlucose);
    assert!(
        first.dedupe_key.starts_with("dexcom|iPhone G6|blood_glucose|2016-10-24T11:24:17Z|103"),
        "{}",
        first.dedupe_key
    );
    assert_unique_keys(&p);
    // The same file again gives the same keys: a second import adds nothing.
    let again = parse(&text, Some(DeviceFormat::DexcomClarity));
    assert_eq!(
        p.rows.iter().map(|r| &r.dedupe_key).collect::<Vec<_>>(),
        again.rows.iter().map(|r| &r.dedupe_key).collect::<Vec<_>>()
    );
    // Local times take the offset the app passes.
    let bst = device::parse(&text, None, None, FixedOffset::east_opt(3600).unwrap(), now()).unwrap();
    assert_eq!(bst.rows[0].reading.at.to_utc(), at("2016-10-24T10:24:17+00:00").to_utc());
}

#[test]
fn dexcom_high_low_and_bad_rows_are_listed() {
    let text = "Index,Timestamp (YYYY-MM-DDThh:mm:ss),Event Type,Event Subtype,Patient Info,Device Info,Source Device ID,Glucose Value (mmol/L),Insulin Value (u)\n\
                1,,FirstName,,Sam,,,,\n\
                2,2024-01-01T08:00:00,EGV,,,,G7,5.6,\n\
                3,2024-01-01T08:05:00,EGV,,,,G7,High,\n\
                4,2024-01-01T08:10:00,EGV,,,,G7,Low,\n\
                5,2024-13-01T08:15:00,EGV,,,,G7,5.8,\n\
                6,2024-01-01T08:20:00,Calibration,,,,G7,6.0,\n\
                7,2024-01-01T08:25:00,EGV,,,,G7,\n\
                8,2099-01-01T08:25:00,EGV,,,,G7,6.1,\n";
    let p = parse(text, None);
    assert_eq!(lines(&p), (vec![3], vec![4, 5, 6, 8, 9]));
    assert_eq!(p.rows[0].reading.value, Some(5.6), "a UK export is in mmol/L already");
    assert!(p.problems[0].reason.contains("\"High\""), "{}", p.problems[0].reason);
    assert!(p.problems[2].reason.contains("not a date"), "{}", p.problems[2].reason);
    assert!(p.problems[3].reason.contains("empty"), "{}", p.problems[3].reason);
    assert!(p.problems[4].reason.contains("future"), "{}", p.problems[4].reason);
}

fn omh_files(schema: &str, kind: &str) -> Vec<PathBuf> {
    let dir = shared("openmhealth-schemas-testdata").join(schema);
    let version = std::fs::read_dir(&dir).unwrap().next().unwrap().unwrap().path();
    let mut files: Vec<PathBuf> = std::fs::read_dir(version.join(kind)).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files
}

#[test]
fn open_mhealth_invalid_documents_are_problems_not_panics() {
    let mut count = 0;
    for schema in ["blood-glucose", "blood-pressure", "body-weight", "heart-rate"] {
        for file in omh_files(schema, "shouldFail") {
            let p = parse(&read(&file), Some(DeviceFormat::OpenMHealth));
            assert!(p.rows.is_empty(), "{} imported a row", file.display());
            assert_eq!(p.problems.len(), 1, "{}", file.display());
            assert_eq!(p.problems[0].line, 1);
            count += 1;
        }
    }
    assert_eq!(count, 21, "every shouldFail case was tried");
    let reason = |schema: &str, name: &str| {
        let file = omh_files(schema, "shouldFail").into_iter().find(|f| f.ends_with(name)).unwrap();
        parse(&read(&file), Some(DeviceFormat::OpenMHealth)).problems[0].reason.clone()
    };
    assert!(reason("blood-pressure", "invalid-unit.json").contains("\"mmH\""));
    assert!(reason("blood-glucose", "invalid-temporal-relationship-to-meal.json").contains("\"fsting\""));
    assert!(reason("body-weight", "missing-body-weight-value.json").contains("no number"));
    assert!(reason("heart-rate", "missing-effective-time-frame.json").contains("time"));
}

#[test]
fn open_mhealth_valid_documents() {
    let mut imported = 0;
    for schema in ["blood-glucose", "blood-pressure", "body-weight", "heart-rate"] {
        for file in omh_files(schema, "shouldPass") {
            let text = read(&file);
            assert_eq!(device::detect_format(&text), Some(DeviceFormat::OpenMHealth), "{}", file.display());
            let p = parse(&text, None);
            assert_eq!(p.rows.len() + p.problems.len(), 1, "{}", file.display());
            if text.contains("descriptive_statistic") {
                assert!(p.problems[0].reason.contains("summary"), "{}", p.problems[0].reason);
            } else {
                assert!(p.problems.is_empty(), "{}: {:?}", file.display(), p.problems);
                imported += 1;
            }
        }
    }
    assert_eq!(imported, 8);
    let one = |schema: &str, name: &str| {
        let file = omh_files(schema, "shouldPass").into_iter().find(|f| f.ends_with(name)).unwrap();
        parse(&read(&file), None).rows.remove(0).reading
    };
    let bp = one("blood-pressure", "with-posture-and-location.json");
    assert_eq!((bp.value, bp.value2), (Some(140.0), Some(60.0)));
    assert_eq!(bp.at, at("2020-02-05T07:25:00-08:00"));
    assert_eq!((bp.arm.as_deref(), bp.position.as_deref()), (Some("left"), Some("sitting")));
    let g = one("blood-glucose", "with-temporal-relationship-to-meal.json");
    assert_eq!(
        (g.entered_value, g.entered_unit.as_deref(), g.context.as_deref()),
        (Some(95.0), Some("mg/dL"), Some("fasting"))
    );
    let g = one("blood-glucose", "with-temporal-relationship-to-sleep.json");
    assert_eq!(g.context.as_deref(), Some("bedtime"));
    let hr = one("heart-rate", "with-temporal-relationship-to-sleep.json");
    assert_eq!((hr.kind, hr.value), (ReadingKind::HeartRate, Some(67.5)));
    let w = one("body-weight", "body-weight-only.json");
    assert_eq!((w.kind, w.value), (ReadingKind::Weight, Some(50.0)));
}

#[test]
fn open_mhealth_lists_and_data_points() {
    let text = r#"[
      {"header": {"id": "a"}, "body": {"heart_rate": {"value": 61, "unit": "beats/min"}, "effective_time_frame": {"date_time": "2024-01-01T08:00:00Z"}}},
      {"heart_rate": {"value": 62, "unit": "beats/min"}, "effective_time_frame": {"date_time": "2024-01-01T09:00:00Z"}},
      {"heart_rate": {"value": 999, "unit": "beats/min"}, "effective_time_frame": {"date_time": "2024-01-01T10:00:00Z"}},
      7
    ]"#;
    let p = parse(text, None);
    assert_eq!(lines(&p), (vec![1, 2], vec![3, 4]));
    assert!(device::parse("{ not json", Some(DeviceFormat::OpenMHealth), None, utc(), now()).is_err());
}

#[test]
fn ihealth_api_json() {
    let p = parse(&read(&shared("openmhealth-shimmer-vendor-json/ihealth-bp.json")), None);
    assert_eq!(p.format, DeviceFormat::IHealth);
    assert_eq!(p.rows.len(), 2);
    let a = &p.rows[0].reading;
    // MDate 1442491463 is the local clock reading 2015-09-17 12:04:23, at TimeZone -0800.
    assert_eq!(a.at, at("2015-09-17T12:04:23-08:00"));
    assert_eq!((a.value, a.value2, a.pulse), (Some(120.0), Some(90.0), Some(100.0)));
    let b = &p.rows[1].reading;
    assert_eq!(b.at, at("2015-09-17T14:07:45-06:00"));
    assert_eq!(b.note.as_deref(), Some("BP on the up and up."));
    assert!(p.rows[0].dedupe_key.contains("c62b84d9d4b7480a8ff2aef1465aa454"));

    let p = parse(&read(&shared("openmhealth-shimmer-vendor-json/ihealth-bp-no-heart-rate.json")), None);
    assert_eq!((p.rows.len(), p.rows[0].reading.pulse), (1, None));
    for empty in ["ihealth-bp-empty.json", "ihealth-glucose-empty.json"] {
        let p = parse(&read(&shared(&format!("openmhealth-shimmer-vendor-json/{empty}"))), None);
        assert!(p.rows.is_empty() && p.problems.is_empty(), "{empty}");
    }
    let p = parse(&read(&shared("openmhealth-shimmer-vendor-json/ihealth-glucose.json")), None);
    assert_eq!(p.rows.len(), 2);
    let g = &p.rows[0].reading;
    assert_eq!(
        (g.entered_value, g.entered_unit.as_deref(), g.context.as_deref()),
        (Some(60.0), Some("mg/dL"), Some("beforeMeal"))
    );
    assert!(close(g.value, 60.0 / 18.016));
    // 60 mg/dL = 3.33 mmol/L: a hypo by the red-flag table, so it is flagged as the person's own would be.
    assert_eq!(g.unusual.len(), 1, "60 mg/dL = 3.33 mmol/L");
    assert_eq!(p.rows[1].reading.context.as_deref(), Some("afterMeal"));
    let p = parse(&read(&shared("openmhealth-shimmer-vendor-json/ihealth-weight.json")), None);
    assert_eq!(p.rows.len(), 2);
    assert!(close(p.rows[0].reading.value, 77.5643875134944));
    let p = parse(&read(&shared("openmhealth-shimmer-vendor-json/ihealth-weight-no-weight-value.json")), None);
    assert_eq!(lines(&p), (vec![], vec![1]));
    assert!(p.problems[0].reason.contains("no weight"), "{}", p.problems[0].reason);
}

#[test]
fn libreview_sample() {
    let text = local("libreview.csv");
    assert_eq!(device::detect_format(&text), Some(DeviceFormat::LibreView));
    let p = parse(&text, None);
    // Lines 3-4 historic, 5 scan, 6 food (skipped), 7 strip, 8 a low historic; 9 bad date,
    // 10 empty value, 11 a glucose of 0.
    assert_eq!(lines(&p), (vec![3, 4, 5, 7, 8], vec![9, 10, 11]));
    let r = |i: usize| &p.rows[i].reading;
    assert_eq!((r(0).at, r(0).value), (at("2024-01-13T07:00:00+00:00"), Some(5.6)));
    assert_eq!((r(2).value, r(2).note.as_deref()), (Some(6.1), Some("After breakfast")));
    assert_eq!((r(3).value, r(3).context.as_deref()), (Some(7.4), Some("random")));
    assert_eq!(r(4).unusual.len(), 1, "2.4 mmol/L is flagged");
    assert!(p.rows[0].dedupe_key.starts_with("libreview|AB12-CD34|"));
    assert!(p.problems[0].reason.contains("31-02-2024"), "{}", p.problems[0].reason);
    assert!(p.problems[2].reason.contains("not possible"), "{}", p.problems[2].reason);
    // Without the metadata line, the header is the first line.
    let headless: String = text.lines().skip(1).collect::<Vec<_>>().join("\n");
    assert_eq!(device::detect_format(&headless), Some(DeviceFormat::LibreView));
    assert_eq!(parse(&headless, None).rows.len(), 5);
}

#[test]
fn omron_connect_sample() {
    let text = local("omron-connect.csv");
    assert_eq!(device::detect_format(&text), Some(DeviceFormat::OmronConnect));
    let p = parse(&text, None);
    assert_eq!(lines(&p), (vec![2, 3, 4, 5], vec![6, 7]));
    let r = |i: usize| &p.rows[i].reading;
    assert_eq!((r(0).value, r(0).value2, r(0).pulse), (Some(138.0), Some(88.0), Some(66.0)));
    assert_eq!(r(0).at, at("2024-03-04T07:31:00+00:00"));
    assert_eq!(r(2).note.as_deref(), Some("Irregular heartbeat"));
    assert_eq!((r(3).pulse, r(3).unusual.len()), (None, 1), "pulse 0 is none; 182 is flagged");
    assert!(p.problems[0].reason.contains("lower than systolic"), "{}", p.problems[0].reason);
    assert!(p.problems[1].reason.contains("Time"), "{}", p.problems[1].reason);
}

#[test]
fn ihealth_csv_sample() {
    let text = local("ihealth.csv");
    assert_eq!(device::detect_format(&text), Some(DeviceFormat::IHealth));
    let p = parse(&text, None);
    assert_eq!(lines(&p), (vec![2, 3, 4], vec![5]));
    assert_eq!(p.rows[0].reading.at, at("2025-12-30T08:02:00+00:00"));
    assert_eq!(p.rows[1].reading.note.as_deref(), Some("morning"));
    assert_eq!(p.rows[2].reading.pulse, None);
    assert!(p.problems[0].reason.contains("\"abc\""), "{}", p.problems[0].reason);
}

fn glucose_mapping() -> ColumnMapping {
    ColumnMapping {
        time_column: "When".into(),
        value_column: "Glucose (mg/dL)".into(),
        value2_column: None,
        kind: ReadingKind::BloodGlucose,
        unit: Some("mg/dL".into()),
        time_format: None,
        utc_offset_minutes: Some(60),
    }
}

#[test]
fn a_mangled_csv_reports_the_bad_lines_and_returns_the_rest() {
    let text = local("mangled.csv");
    assert_eq!(device::detect_format(&text), Some(DeviceFormat::GenericCsv));
    let preview = parse(&text, None);
    assert!(preview.needs_mapping && preview.rows.is_empty());
    assert_eq!(preview.columns, ["When", "Glucose (mg/dL)", "Comment"]);
    let p = device::parse(&text, None, Some(&glucose_mapping()), utc(), now()).unwrap();
    // 2, 3 good; 4 bad date; 5 too short; 6 not a number; 7 empty; 8 blank (skipped);
    // 9 extra cells (fine); 10 a glucose of 0; 11 a UK date.
    assert_eq!(lines(&p), (vec![2, 3, 9, 11], vec![4, 5, 6, 7, 10]));
    let reasons: Vec<&str> = p.problems.iter().map(|p| p.reason.as_str()).collect();
    assert!(reasons[0].contains("\"not a date\""), "{}", reasons[0]);
    assert!(reasons[1].contains("too short"), "{}", reasons[1]);
    assert!(reasons[2].contains("\"one hundred\", which is not a number"), "{}", reasons[2]);
    assert!(reasons[3].contains("empty"), "{}", reasons[3]);
    assert!(reasons[4].contains("not possible"), "{}", reasons[4]);
    let r = &p.rows[0].reading;
    assert_eq!(r.at, at("2024-05-01T07:30:00+01:00"));
    assert_eq!((r.entered_value, r.entered_unit.as_deref()), (Some(101.0), Some("mg/dL")));
    assert!(close(r.value, 101.0 / 18.016));
    assert_eq!(p.rows[3].reading.at, at("2024-05-01T23:00:00+01:00"));
    assert_unique_keys(&p);
}

#[test]
fn generic_csv_mapping_errors_and_formats() {
    let text = local("mangled.csv");
    let bad = ColumnMapping { value_column: "Nope".into(), ..glucose_mapping() };
    let e = device::parse_generic(&text, &bad, utc(), now()).unwrap_err();
    assert!(e.message.contains("\"Nope\""), "{}", e.message);
    let bad_unit = ColumnMapping { unit: Some("furlongs".into()), ..glucose_mapping() };
    assert!(device::parse_generic(&text, &bad_unit, utc(), now()).is_err());

    let bp = "day,sys,dia\n04/03/2024 07:00,128,82\n05/03/2024 07:00,131,\n";
    let mapping = ColumnMapping {
        time_column: "day".into(),
        value_column: "sys".into(),
        value2_column: Some("dia".into()),
        kind: ReadingKind::BloodPressure,
        unit: None,
        time_format: Some("%d/%m/%Y %H:%M".into()),
        utc_offset_minutes: None,
    };
    let p = device::parse_generic(bp, &mapping, utc(), now()).unwrap();
    assert_eq!(lines(&p), (vec![2], vec![3]));
    assert_eq!(p.rows[0].reading.at, at("2024-03-04T07:00:00+00:00"));
    assert_eq!((p.rows[0].reading.value, p.rows[0].reading.value2), (Some(128.0), Some(82.0)));
    let no_dia = ColumnMapping { value2_column: None, ..mapping };
    assert!(device::parse_generic(bp, &no_dia, utc(), now()).is_err());
}

#[test]
fn detection_and_unreadable_files() {
    assert_eq!(device::detect_format("just some words"), None);
    assert_eq!(device::detect_format("{}"), None);
    assert!(device::parse("just some words", None, None, utc(), now()).is_err());
    let e = device::parse("a,b\n1,2\n", Some(DeviceFormat::DexcomClarity), None, utc(), now()).unwrap_err();
    assert_eq!(e.code, phr_core::ErrorCode::MalformedFile);
    assert!(e.message.contains("Timestamp"), "{}", e.message);
    for f in DeviceFormat::ALL {
        assert_eq!(DeviceFormat::parse(f.as_str()), Some(f));
    }
    assert_eq!(serde_json::to_value(DeviceFormat::IHealth).unwrap(), serde_json::json!("iHealth"));
    assert_eq!(serde_json::to_value(DeviceFormat::OpenMHealth).unwrap(), serde_json::json!("openMHealth"));
    assert_eq!(serde_json::to_value(DeviceFormat::DexcomClarity).unwrap(), serde_json::json!("dexcomClarity"));
}
