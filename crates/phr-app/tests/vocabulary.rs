//! The words, limits and checks the interface asks for instead of keeping copies: the
//! vocabulary (and its committed JSON, which the UI's tests read), today's dates, each check on
//! both sides of every limit giving exactly what the real command gives, the readings overview
//! and the chart's outside-target flags.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use phr_app::*;
use phr_core::clock::FixedClock;

const PASS: &str = "otter lantern gravel";

struct Setup {
    _tmp: tempfile::TempDir,
    app: App,
    id: PersonId,
}

/// An unlocked vault with one person, on 23 November 2026 at 14:05 UTC.
fn setup() -> Setup {
    let tmp = tempfile::tempdir().unwrap();
    let app = locked_app(&tmp);
    app.create_vault(Passphrase::new(PASS.to_owned())).unwrap();
    let p = app.add_person(person("Ada Lovelace", "1948-07-05", None)).unwrap();
    Setup { _tmp: tmp, app, id: p.id }
}

fn locked_app(tmp: &tempfile::TempDir) -> App {
    // 10:30 UTC is 23 November from -10:00 to +13:00, so "today" is the same in every time zone
    // the suites run in.
    let clock = Arc::new(FixedClock(Utc.with_ymd_and_hms(2026, 11, 23, 10, 30, 0).unwrap()));
    App::with_options(tmp.path().join("vault"), AppOptions::with_clock(clock, KdfProfile::Floor))
}

fn person(name: &str, dob: &str, nhs: Option<&str>) -> PersonInput {
    PersonInput { name: name.into(), date_of_birth: dob.into(), nhs_number: nhs.map(Into::into), role: None }
}

/// A table row: its name, the input, and the (code, field) of the first problem, if any.
type Case<T> = (&'static str, T, Option<(ErrorCode, &'static str)>);

/// (code, field) of each problem.
fn fields(problems: &[AppError]) -> Vec<(ErrorCode, String)> {
    problems.iter().map(|p| (p.code, p.field.map(ErrorField::name).unwrap_or_default())).collect()
}

// ---- the vocabulary ----

#[test]
fn the_vocabulary_has_one_word_for_each_thing() {
    let tmp = tempfile::tempdir().unwrap();
    let v = locked_app(&tmp).vocabulary();

    let kinds: Vec<EntryKind> = v.entry_kinds.iter().map(|k| k.kind).collect();
    assert_eq!(kinds.len(), 14);
    assert_eq!(kinds.iter().collect::<BTreeSet<_>>().len(), 14, "each kind once");
    assert_eq!(&kinds[..3], &[EntryKind::Problem, EntryKind::Medication, EntryKind::Allergy]);
    let medication = v.entry_kinds.iter().find(|k| k.kind == EntryKind::Medication).unwrap();
    assert_eq!((medication.one.as_str(), medication.many.as_str()), ("Medicine", "Medicines"));

    assert_eq!(v.sensitivities.len(), 5);
    let held = v.sensitivities.iter().find(|s| s.label == Sensitivity::HeldBack).unwrap();
    assert_eq!((held.text.as_str(), held.in_sentence.as_str()), ("To discuss with my GP", "to discuss with my GP"));
    assert!(v.sensitivities.iter().all(|s| s.share_warning.is_some() == (s.label != Sensitivity::General)));

    // One unit table: every unit a reading accepts has a label, and no code is listed twice.
    let units: Vec<&str> = v.units.iter().map(|u| u.code.as_str()).collect();
    assert_eq!(units.iter().collect::<BTreeSet<_>>().len(), units.len());
    for k in &v.reading_kinds {
        for u in &k.units_accepted {
            assert!(units.contains(&u.as_str()), "{u} has no label");
        }
        let label = &v.units.iter().find(|w| w.code == k.unit).map(|w| w.text.clone()).unwrap_or_default();
        assert_eq!(label, &k.unit_label, "{:?}", k.kind);
    }
    let label = |code: &str| v.units.iter().find(|u| u.code == code).map(|u| u.text.clone()).unwrap();
    assert_eq!(label("{score}"), "out of 10");
    assert_eq!(label("mm[Hg]"), "mmHg");

    assert_eq!(v.reading_kinds.len(), 13);
    let symptom = v.reading_kinds.iter().find(|k| k.kind == ReadingKind::Symptom).unwrap();
    assert_eq!(symptom.label, "Symptom note");

    assert_eq!(v.limits.name_max_chars, 200);
    assert_eq!(v.limits.earliest_date_of_birth, "1880-01-01");
    assert_eq!(v.limits.purpose_max_chars, 500);
    assert_eq!(v.limits.share_max_months, 24);
    assert_eq!((v.limits.ods_code_min_chars, v.limits.ods_code_max_chars), (3, 10));
    assert_eq!((v.limits.auto_lock_min_minutes, v.limits.auto_lock_max_minutes), (1, 120));
    assert_eq!(v.limits.passphrase_min_chars, 10);
    assert_eq!(v.expiry_presets.iter().map(|p| p.code.as_str()).collect::<Vec<_>>(), ["1w", "1m", "3m", "6m", "1y"]);
    assert_eq!(v.import_stages.len(), 6);
    assert_eq!(v.sources.len(), 4);
    assert_eq!(v.share_statuses.len(), 3);
    assert!(v.statuses.iter().any(|s| s.code == "final" && s.text == "Complete"));
    assert!(v.statuses.iter().any(|s| s.code == "preliminary" && s.text == "Not the final result yet"));
    assert_eq!(v.reading_form.kept_typing, "We kept what you had typed.");
    assert!(v.flags.iter().any(|f| f.code == "h" && f.word == "High"));
}

/// The UI's unit tests and the browser tests' mock backend read the vocabulary from this file
/// instead of keeping their own words. `UPDATE_BINDINGS=1` rewrites it.
#[test]
fn the_committed_vocabulary_json_is_fresh() {
    let tmp = tempfile::tempdir().unwrap();
    let app = locked_app(&tmp);
    let data = serde_json::json!({ "vocabulary": app.vocabulary(), "today": app.today() });
    let text = serde_json::to_string_pretty(&data).unwrap() + "\n";
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/test/vocabulary.json");
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &text).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == text,
        "{} is stale: run UPDATE_BINDINGS=1 cargo test -p phr-app --test vocabulary",
        path.display()
    );
}

#[test]
fn today_and_the_expiry_days_come_from_the_apps_clock() {
    let tmp = tempfile::tempdir().unwrap();
    let app = locked_app(&tmp);
    let t = app.today();
    assert_eq!(t.date, "2026-11-23");
    let days: Vec<(&str, &str)> = t.expiry_choices.iter().map(|c| (c.preset.as_str(), c.last_day.as_str())).collect();
    assert_eq!(
        days,
        [("1w", "2026-11-30"), ("1m", "2026-12-23"), ("3m", "2027-02-23"), ("6m", "2027-05-23"), ("1y", "2027-11-23")]
    );
    assert_eq!(t.latest_last_day, "2028-11-23");
    assert_eq!(t.share_readings_from, "2026-05-23");
    assert_eq!(app.share_file_name(), "health-record-share-2026-11-23.phrshare");
}

// ---- a person's details ----

#[test]
fn person_checks_match_the_command_on_both_sides_of_each_limit() {
    let s = setup();
    let long = "a".repeat(200);
    let too_long = "a".repeat(201);
    let cases: Vec<Case<PersonInput>> = vec![
        ("name empty", person("  ", "1948-07-05", None), Some((ErrorCode::InvalidName, "name"))),
        ("name 200", person(&long, "1948-07-05", None), None),
        ("name 201", person(&too_long, "1948-07-05", None), Some((ErrorCode::InvalidName, "name"))),
        ("born 1880-01-01", person("A", "1880-01-01", None), None),
        ("born 1879-12-31", person("A", "1879-12-31", None), Some((ErrorCode::InvalidDateOfBirth, "dateOfBirth"))),
        ("born today", person("A", "2026-11-23", None), None),
        ("born tomorrow", person("A", "2026-11-24", None), Some((ErrorCode::InvalidDateOfBirth, "dateOfBirth"))),
        ("not a date", person("A", "1948-02-30", None), Some((ErrorCode::InvalidDateOfBirth, "dateOfBirth"))),
        ("NHS valid", person("A", "1948-07-05", Some("943 476 5919")), None),
        ("NHS blank", person("A", "1948-07-05", Some("  ")), None),
        (
            "NHS check digit",
            person("A", "1948-07-05", Some("9434765918")),
            Some((ErrorCode::InvalidNhsNumber, "nhsNumber")),
        ),
        (
            "NHS 9 digits",
            person("A", "1948-07-05", Some("943476591")),
            Some((ErrorCode::InvalidNhsNumber, "nhsNumber")),
        ),
        (
            "NHS letters",
            person("A", "1948-07-05", Some("94347659AB")),
            Some((ErrorCode::InvalidNhsNumber, "nhsNumber")),
        ),
    ];
    let mut failures = Vec::new();
    for (name, input, want) in cases {
        let checked = s.app.check_person(&input);
        let got = checked.first().map(|p| (p.code, p.field.map(ErrorField::name).unwrap_or_default()));
        if got.as_ref().map(|(c, f)| (*c, f.as_str())) != want {
            failures.push(format!("{name}: check gave {got:?}, want {want:?}"));
        }
        // The command refuses with exactly the check's first problem, or accepts.
        match (s.app.add_person(input), checked.first()) {
            (Err(e), Some(first)) if &e == first => {}
            // Removed again, so the next case is not refused as someone already added.
            (Ok(added), None) => s.app.delete_person(added.id.as_str(), &added.name).unwrap(),
            (result, first) => failures.push(format!("{name}: command gave {result:?}, check {first:?}")),
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    // Every field at once, in field order, as a form shows them.
    let all = s.app.check_person(&person("", "2030-01-01", Some("123")));
    assert_eq!(
        fields(&all),
        [
            (ErrorCode::InvalidName, "name".into()),
            (ErrorCode::InvalidDateOfBirth, "dateOfBirth".into()),
            (ErrorCode::InvalidNhsNumber, "nhsNumber".into())
        ]
    );
}

// ---- a share request ----

fn share(purpose: &str, ods: Option<&str>, key: Option<&str>, expires_on: &str) -> ShareRequest {
    ShareRequest {
        recipient: ShareRecipient {
            name: "Jane Smith".into(),
            role: None,
            organisation: None,
            ods_code: ods.map(Into::into),
            public_key: key.map(Into::into),
        },
        purpose: purpose.into(),
        slice: ShareSlice { categories: vec![EntryKind::Allergy], ..ShareSlice::default() },
        expires_on: expires_on.into(),
    }
}

fn ok_share() -> ShareRequest {
    share("Physiotherapy for my knee", None, None, "2026-12-23")
}

#[test]
fn share_checks_match_the_command_on_both_sides_of_each_limit() {
    let s = setup();
    let key = age::x25519::Identity::generate().to_public().to_string();
    let day = |y, m, d| Some(chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap());
    let with_slice = |f: &dyn Fn(&mut ShareSlice)| {
        let mut r = ok_share();
        f(&mut r.slice);
        r
    };
    let no_name = {
        let mut r = ok_share();
        r.recipient.name = "  ".into();
        r
    };
    let invalid = ErrorCode::InvalidInput;
    let cases: Vec<Case<ShareRequest>> = vec![
        ("fine", ok_share(), None),
        ("no name", no_name, Some((invalid, "recipientName"))),
        ("ODS 3", share("Knee", Some("RX1"), None, "2026-12-23"), None),
        ("ODS 10", share("Knee", Some("A123456789"), None, "2026-12-23"), None),
        ("ODS lower case", share("Knee", Some("rx1"), None, "2026-12-23"), None),
        ("ODS 2", share("Knee", Some("RX"), None, "2026-12-23"), Some((invalid, "recipientOdsCode"))),
        ("ODS 11", share("Knee", Some("A1234567890"), None, "2026-12-23"), Some((invalid, "recipientOdsCode"))),
        ("ODS dash", share("Knee", Some("RX-1"), None, "2026-12-23"), Some((invalid, "recipientOdsCode"))),
        ("key", share("Knee", None, Some(&key), "2026-12-23"), None),
        (
            "not a key",
            share("Knee", None, Some("age1notakey"), "2026-12-23"),
            Some((ErrorCode::ShareRecipientKeyInvalid, "recipientKey")),
        ),
        ("no purpose", share("  ", None, None, "2026-12-23"), Some((invalid, "purpose"))),
        ("purpose 500", share(&"é".repeat(500), None, None, "2026-12-23"), None),
        ("purpose 501", share(&"é".repeat(501), None, None, "2026-12-23"), Some((invalid, "purpose"))),
        ("nothing chosen", with_slice(&|s| s.categories.clear()), Some((ErrorCode::ShareNothingSelected, "slice"))),
        ("from = to", with_slice(&|s| (s.from, s.to) = (day(2026, 1, 1), day(2026, 1, 1))), None),
        ("from > to", with_slice(&|s| (s.from, s.to) = (day(2026, 1, 2), day(2026, 1, 1))), Some((invalid, "sliceTo"))),
        (
            "readings from > to",
            with_slice(&|s| {
                s.readings = vec![ReadingKind::Weight];
                (s.readings_from, s.readings_to) = (day(2026, 6, 2), day(2026, 6, 1));
            }),
            Some((invalid, "readingsTo")),
        ),
        ("last day today", share("Knee", None, None, "2026-11-23"), Some((invalid, "expiresOn"))),
        ("last day tomorrow", share("Knee", None, None, "2026-11-24"), None),
        ("last day in 2 years", share("Knee", None, None, "2028-11-23"), None),
        ("a day later", share("Knee", None, None, "2028-11-24"), Some((invalid, "expiresOn"))),
        ("not a date", share("Knee", None, None, "2026-02-30"), Some((invalid, "expiresOn"))),
    ];
    let mut failures = Vec::new();
    for (name, req, want) in cases {
        let checked = s.app.check_share_request(&req);
        let got = checked.first().map(|p| (p.code, p.field.map(ErrorField::name).unwrap_or_default()));
        if got.as_ref().map(|(c, f)| (*c, f.as_str())) != want {
            failures.push(format!("{name}: check gave {got:?}, want {want:?}"));
        }
        match (s.app.share_preview(&s.id, req), checked.first()) {
            (Err(e), Some(first)) if &e == first => {}
            (Ok(_), None) => {}
            (result, first) => failures.push(format!("{name}: preview gave {:?}, check {first:?}", result.err())),
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    // Every step's problems at once, in the form's order.
    let mut all = share("", Some("R"), Some("nope"), "2020-01-01");
    all.recipient.name = String::new();
    all.slice.categories.clear();
    let got: Vec<String> = s.app.check_share_request(&all).iter().map(|p| p.field.unwrap().name()).collect();
    assert_eq!(got, ["recipientName", "recipientOdsCode", "recipientKey", "purpose", "slice", "expiresOn"]);
}

#[test]
fn share_checks_need_no_vault() {
    let tmp = tempfile::tempdir().unwrap();
    let app = locked_app(&tmp);
    assert!(app.check_share_request(&ok_share()).is_empty());
    assert!(app.check_person(&person("Ada", "1948-07-05", None)).is_empty());
}

// ---- readings and targets ----

fn reading(kind: ReadingKind, value: f64) -> ReadingInput {
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

fn bp(at: &str, sys: f64, dia: f64) -> ReadingInput {
    ReadingInput { at: Some(at.into()), value2: Some(dia), ..reading(ReadingKind::BloodPressure, sys) }
}

#[test]
fn reading_checks_match_the_command_and_store_nothing() {
    let s = setup();
    let cases = [
        ("weight 70", reading(ReadingKind::Weight, 70.0), None),
        ("weight 0", reading(ReadingKind::Weight, 0.0), Some((ErrorCode::ReadingImpossible, "value"))),
        ("systolic 200", bp("2026-11-23T09:00:00Z", 200.0, 90.0), Some((ErrorCode::ReadingNeedsConfirmation, "value"))),
        ("confirmed", ReadingInput { confirm: true, ..bp("2026-11-23T09:00:00Z", 200.0, 90.0) }, None),
        ("diastolic 19", bp("2026-11-23T09:00:00Z", 120.0, 19.0), Some((ErrorCode::ReadingImpossible, "value2"))),
    ];
    let mut failures = Vec::new();
    for (name, input, want) in cases {
        let checked = s.app.check_reading(&input);
        let got = checked.first().map(|p| (p.code, p.field.map(ErrorField::name).unwrap_or_default()));
        if got.as_ref().map(|(c, f)| (*c, f.as_str())) != want {
            failures.push(format!("{name}: check gave {got:?}, want {want:?}"));
        }
        let before = s.app.list_readings(&s.id, ReadingQuery::default()).unwrap().total;
        match (s.app.add_reading(&s.id, input), checked.first()) {
            (Err(e), Some(first)) if &e == first => {}
            (Ok(_), None) => {}
            (result, first) => failures.push(format!("{name}: command gave {:?}, check {first:?}", result.err())),
        }
        let after = s.app.list_readings(&s.id, ReadingQuery::default()).unwrap().total;
        if want.is_some() && after != before {
            failures.push(format!("{name}: a refused reading was stored"));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn target_checks_match_the_command() {
    let s = setup();
    let target = |low: f64, high: f64| Target {
        kind: ReadingKind::Weight,
        low: Some(low),
        high: Some(high),
        low2: None,
        high2: None,
    };
    assert!(s.app.check_target(&target(60.0, 60.0)).is_empty());
    let bad = target(60.1, 60.0);
    let checked = s.app.check_target(&bad);
    assert_eq!(fields(&checked), [(ErrorCode::InvalidInput, "low".to_string())]);
    assert_eq!(Some(&s.app.set_target(&s.id, bad).unwrap_err()), checked.first());
    let second = Target { low2: Some(60.0), ..target(1.0, 2.0) };
    assert_eq!(fields(&s.app.check_target(&second)), [(ErrorCode::InvalidInput, "low2".to_string())]);
}

#[test]
fn chart_points_say_which_value_is_outside_the_target() {
    let s = setup();
    for (at, sys, dia) in [
        ("2026-11-20T08:00:00Z", 128.0, 82.0),
        ("2026-11-21T08:00:00Z", 150.0, 82.0),
        ("2026-11-22T08:00:00Z", 128.0, 95.0),
        ("2026-11-23T08:00:00Z", 140.0, 90.0),
    ] {
        s.app.add_reading(&s.id, bp(at, sys, dia)).unwrap();
    }
    let kind = ReadingKind::BloodPressure;
    let series = s.app.chart_series(&s.id, kind, "2026-11-01", "2026-11-23", 2000).unwrap();
    assert_eq!(series.outside, [false; 4], "no target, nothing outside");
    assert_eq!(series.outside2, [false; 4]);
    let t = Target { kind, low: None, high: Some(140.0), low2: None, high2: Some(90.0) };
    s.app.set_target(&s.id, t).unwrap();
    let series = s.app.chart_series(&s.id, kind, "2026-11-01", "2026-11-23", 2000).unwrap();
    // Bounds are inclusive: 140/90 is inside.
    assert_eq!(series.outside, [false, true, false, false]);
    assert_eq!(series.outside2, [false, false, true, false]);
    s.app.add_reading(&s.id, reading(ReadingKind::Weight, 70.0)).unwrap();
    let weight = s.app.chart_series(&s.id, ReadingKind::Weight, "2026-11-01", "2026-11-23", 2000).unwrap();
    assert_eq!((weight.outside.len(), weight.outside2.len()), (1, 0));
}

#[test]
fn the_overview_counts_every_kind_in_one_call() {
    let s = setup();
    let empty = s.app.reading_overview(&s.id).unwrap();
    assert_eq!(empty.len(), 13);
    assert!(empty.iter().all(|k| k.count == 0 && k.latest.is_none()));
    s.app.add_reading(&s.id, bp("2026-11-20T08:00:00Z", 128.0, 82.0)).unwrap();
    s.app.add_reading(&s.id, bp("2026-11-22T08:00:00Z", 131.0, 84.0)).unwrap();
    s.app.add_reading(&s.id, reading(ReadingKind::Weight, 70.0)).unwrap();
    let overview = s.app.reading_overview(&s.id).unwrap();
    let of = |k: ReadingKind| overview.iter().find(|o| o.kind == k).unwrap();
    assert_eq!(of(ReadingKind::BloodPressure).count, 2);
    assert_eq!(of(ReadingKind::BloodPressure).latest.as_ref().unwrap().value, Some(131.0));
    assert_eq!(of(ReadingKind::Weight).count, 1);
    assert_eq!(of(ReadingKind::Steps).count, 0);
    let kinds: Vec<ReadingKind> = overview.iter().map(|o| o.kind).collect();
    let offered: Vec<ReadingKind> = s.app.reading_kinds().iter().map(|k| k.kind).collect();
    assert_eq!(kinds, offered, "in the order the app offers kinds");
}
