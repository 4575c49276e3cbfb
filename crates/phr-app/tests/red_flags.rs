//! Red-flag advice through the facade, everywhere a reading appears: the confirmation before
//! saving (advice and all), the reading saved, lists, the newest of each kind, the chart, the
//! blood pressure week; what the record says about the person (type 1 diabetes, heart
//! failure); GP results judged by the same table, with "cannot be checked" counted; and a
//! share, where the professional reads the flag in words.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use phr_app::*;
use phr_core::clock::FixedClock;
use serde_json::json;

#[path = "../../../tests/support/mod.rs"]
mod repo;

const PASS: &str = "otter lantern gravel";

struct Setup {
    tmp: tempfile::TempDir,
    app: App,
    id: PersonId,
}

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 14, 5, 0).unwrap()
}

fn setup_as(name: &str, dob: &str) -> Setup {
    let tmp = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock(now()));
    let app = App::with_options(tmp.path().join("vault"), AppOptions::with_clock(clock, KdfProfile::Floor));
    app.create_vault(Passphrase::new(PASS.to_owned())).unwrap();
    let p = app
        .add_person(PersonInput { name: name.into(), date_of_birth: dob.into(), nhs_number: None, role: None })
        .unwrap();
    Setup { tmp, app, id: p.id }
}

fn setup() -> Setup {
    setup_as("Ada Lovelace", "1948-07-05")
}

fn input(kind: ReadingKind, at: &str, value: f64) -> ReadingInput {
    ReadingInput {
        kind,
        at: Some(at.into()),
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

fn bp(at: &str, s: f64, d: f64) -> ReadingInput {
    ReadingInput { value2: Some(d), ..input(ReadingKind::BloodPressure, at, s) }
}

fn confirmed(i: ReadingInput) -> ReadingInput {
    ReadingInput { confirm: true, ..i }
}

/// A FHIR file with these Conditions, for Ada, imported into her record.
fn import_conditions(s: &Setup, conditions: &[serde_json::Value]) {
    let mut entry = vec![json!({"resource": {"resourceType": "Patient", "id": "p",
        "name": [{"family": "Lovelace", "given": ["Ada"]}], "birthDate": "1948-07-05"}})];
    for (i, c) in conditions.iter().enumerate() {
        entry.push(json!({"resource": {"resourceType": "Condition", "id": format!("c{i}"), "code": c,
            "subject": {"reference": "Patient/p"}}}));
    }
    let file = s.tmp.path().join("conditions.json");
    std::fs::write(&file, json!({"resourceType": "Bundle", "type": "collection", "entry": entry}).to_string()).unwrap();
    s.app.import_files(&s.id, &[file]).unwrap();
}

#[test]
fn a_red_flag_reading_asks_to_confirm_with_the_advice_and_carries_it_everywhere() {
    let s = setup();
    let e = s.app.add_reading(&s.id, bp("2026-11-23T09:00:00+00:00", 185.0, 122.0)).unwrap_err();
    assert_eq!(e.code, ErrorCode::ReadingNeedsConfirmation);
    let a = e.advice.clone().expect("the question before saving carries the advice");
    assert_eq!((a.urgency, a.rule.as_str(), a.is_red_flag), (Urgency::Urgent, "bp-very-high", true));
    assert!(a.text.contains("NHS 111"), "{}", a.text);
    assert_eq!(a.if_symptoms.len(), 1);
    assert_eq!(a.if_symptoms[0].urgency, Urgency::Emergency);
    assert!(a.if_symptoms[0].symptoms.contains("chest pain"));
    assert_eq!(a.field, Some(ErrorField::Value));
    assert_eq!(a.stale, None, "taken today");
    // The error's JSON carries it for the webview.
    let wire = serde_json::to_value(&e).unwrap();
    assert_eq!(wire["advice"]["urgency"], "urgent");
    // The check without a person gives the same advice.
    let checked = s.app.check_reading(&bp("2026-11-23T09:00:00+00:00", 185.0, 122.0));
    assert_eq!(checked[0].advice.as_ref().map(|a| a.rule.as_str()), Some("bp-very-high"));

    let saved = s.app.add_reading(&s.id, confirmed(bp("2026-11-23T09:00:00+00:00", 185.0, 122.0))).unwrap();
    assert_eq!(saved.advice.as_ref().map(|a| a.urgency), Some(Urgency::Urgent));
    let list = s.app.list_readings(&s.id, ReadingQuery::default()).unwrap();
    assert_eq!(list.readings[0].advice, saved.advice);
    let overview = s.app.reading_overview(&s.id).unwrap();
    let latest = overview.iter().find(|o| o.kind == ReadingKind::BloodPressure).unwrap().latest.clone().unwrap();
    assert_eq!(latest.advice.map(|a| a.rule), Some("bp-very-high".to_owned()));
    let fine = s.app.add_reading(&s.id, bp("2026-11-23T10:00:00+00:00", 118.0, 76.0)).unwrap();
    assert_eq!(fine.advice, None);

    let chart = s.app.chart_series(&s.id, ReadingKind::BloodPressure, "2026-11-01", "2026-11-30", 100).unwrap();
    assert_eq!(chart.urgency, [Some(Urgency::Urgent), None]);
    assert_eq!(chart.advice.iter().map(|a| a.rule.as_str()).collect::<Vec<_>>(), ["bp-very-high"]);

    // The week's first day is today: this morning's red flag is in it, the normal one is not
    // listed among the flagged.
    let week = s.app.start_bp_week(&s.id).unwrap();
    assert_eq!(week.flagged.len(), 1);
    s.app.add_reading(&s.id, confirmed(bp("2026-11-23T14:00:00+00:00", 190.0, 100.0))).unwrap();
    let week = s.app.bp_week(&s.id).unwrap();
    assert_eq!(week.flagged.len(), 2);
    assert!(week.flagged.iter().all(|r| r.advice.as_ref().map(|a| a.urgency) == Some(Urgency::Urgent)));
}

#[test]
fn an_old_reading_says_the_advice_is_for_a_reading_taken_now() {
    let s = setup();
    let r =
        s.app.add_reading(&s.id, confirmed(input(ReadingKind::OxygenSaturation, "2026-01-05T09:00:00+00:00", 91.0)));
    let a = r.unwrap().advice.unwrap();
    assert_eq!(a.urgency, Urgency::Emergency);
    assert!(a.stale.as_deref().unwrap().starts_with("This reading was taken on 5 Jan 2026."));
}

#[test]
fn the_record_shapes_the_advice_type_1_diabetes_and_heart_failure() {
    let s = setup();
    let glucose = || input(ReadingKind::BloodGlucose, "2026-11-23T09:00:00+00:00", 16.0);
    // Without type 1 diabetes in the record, 16 mmol/L is above the usual range, nothing more.
    let r = s.app.add_reading(&s.id, glucose()).unwrap();
    assert_eq!(r.advice.map(|a| (a.rule, a.urgency)), Some(("glucose-high".to_owned(), Urgency::NoAction)));
    import_conditions(
        &s,
        &[
            json!({"coding": [{"system": "http://snomed.info/sct", "code": "46635009", "display": "Diabetes mellitus type 1"}]}),
            json!({"text": "Heart failure"}),
        ],
    );
    let e = s.app.add_reading(&s.id, glucose()).unwrap_err();
    assert_eq!(e.code, ErrorCode::ReadingNeedsConfirmation);
    assert!(e.message.contains("High blood sugar: check for ketones."), "{}", e.message);
    let a = e.advice.unwrap();
    assert_eq!((a.rule.as_str(), a.urgency), ("glucose-high-type1", Urgency::Urgent));
    assert_eq!(a.if_symptoms[0].urgency, Urgency::Emergency);
    // Heart failure: more than 2 kg in 3 days.
    s.app.add_reading(&s.id, input(ReadingKind::Weight, "2026-11-21T08:00:00+00:00", 80.0)).unwrap();
    let e = s.app.add_reading(&s.id, input(ReadingKind::Weight, "2026-11-23T08:00:00+00:00", 82.5)).unwrap_err();
    assert_eq!(e.advice.map(|a| a.rule), Some("weight-gain-heart-failure".to_owned()));
    let w = s.app.add_reading(&s.id, input(ReadingKind::Weight, "2026-11-22T08:00:00+00:00", 81.0)).unwrap();
    assert_eq!(w.advice, None, "1 kg in a day is not a red flag");
}

#[test]
fn gp_results_are_flagged_and_what_cannot_be_checked_is_counted() {
    let s = setup_as("Karena Pfeffer", "1994-12-21");
    let file = repo::fixture("synthea-r4-smart/Karena_Pfeffer_1f99a0cb-594b-476a-b9cb-502594c1ee6b.json");
    s.app.import_files(&s.id, &[file]).unwrap();
    let page = s
        .app
        .timeline(&s.id, TimelineQuery { abnormal_only: true, limit: Some(200), ..TimelineQuery::default() })
        .unwrap();
    let values: Vec<&str> = page.entries.iter().filter_map(|e| e.value_text.as_deref()).collect();
    assert!(values.contains(&"174.2/102.7 mmHg") && values.contains(&"163.6/105.1 mmHg"), "{values:?}");
    let unchecked = page.unchecked.unwrap();
    assert!(unchecked > 0);
    assert_eq!(page.unchecked_text, Some(format!("{unchecked} results have no range and cannot be checked.")));
    let bp = page.entries.iter().find(|e| e.value_text.as_deref() == Some("174.2/102.7 mmHg")).unwrap();
    assert_eq!(bp.range_check, Some(RangeCheck::Outside));
    let a = bp.advice.as_ref().unwrap();
    assert_eq!((a.rule.as_str(), a.urgency, a.is_red_flag), ("bp-high-clinic", Urgency::NoAction, false));
    assert!(a.stale.as_deref().unwrap().starts_with("This result is from "), "an old result says so");
    let detail = s.app.entry(&s.id, &bp.id).unwrap();
    let v = detail.value.unwrap();
    assert_eq!((v.range_check, v.range_basis), (Some(RangeCheck::Outside), Some(RangeBasis::Guidance)));
    assert!(v.range_note.unwrap().contains("NHS and NICE"));
    assert_eq!(v.advice.map(|a| a.rule), Some("bp-high-clinic".to_owned()));
    // The summary's recent results carry their judgement too.
    let summary = s.app.record_summary(&s.id).unwrap();
    assert!(summary.recent_results.iter().all(|e| e.range_check.is_some()));
}

#[test]
fn a_share_carries_the_advice_to_the_professional_in_words() {
    let s = setup();
    s.app.add_reading(&s.id, confirmed(bp("2026-11-23T09:00:00+00:00", 185.0, 122.0))).unwrap();
    let req = ShareRequest {
        recipient: ShareRecipient {
            name: "Sam Patel".into(),
            role: Some("Practice nurse".into()),
            organisation: None,
            ods_code: None,
            public_key: None,
        },
        purpose: "Blood pressure review".into(),
        slice: ShareSlice { readings: vec![ReadingKind::BloodPressure], ..ShareSlice::default() },
        expires_on: "2026-12-23".into(),
    };
    let preview = s.app.share_preview(&s.id, req).unwrap();
    let row = &preview.document.readings[0].rows[0];
    assert_eq!(row.advice.as_ref().map(|a| a.rule.as_str()), Some("bp-very-high"));
    let out: PathBuf = s.tmp.path().join("share.phr");
    let created = s.app.share_create(&s.id, &preview.draft_id, &out).unwrap();
    let pro = App::with_options(
        s.tmp.path().join("professional/vault"),
        AppOptions::with_clock(Arc::new(FixedClock(now())), KdfProfile::Floor),
    );
    let opened = pro
        .share_open(&out, ShareUnlock { access_code: created.access_code.clone().map(Into::into), identity_path: None })
        .unwrap();
    let row = &opened.document.readings[0].rows[0];
    assert_eq!(row.advice.as_ref().map(|a| a.urgency), Some(Urgency::Urgent));
    let dir = s.tmp.path().join("saved");
    std::fs::create_dir_all(&dir).unwrap();
    let html = pro
        .share_save_opened(&dir)
        .unwrap()
        .iter()
        .map(Path::new)
        .find(|p| p.ends_with("summary.html"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .unwrap();
    assert!(html.contains("Red flag: urgent.</span> Very high blood pressure."), "the flag is in words");
    assert!(html.contains("Advice given: Your blood pressure is very high."));
}

#[test]
fn the_vocabulary_gives_the_urgency_words_and_where_the_range_filter_is_offered() {
    let s = setup();
    let v = s.app.vocabulary();
    let labels: Vec<(Urgency, &str)> = v.urgencies.iter().map(|u| (u.urgency, u.flag_text.as_str())).collect();
    assert_eq!(labels[1], (Urgency::Urgent, "Red flag: urgent"));
    assert_eq!(v.urgencies.len(), 4);
    let offered: Vec<EntryKind> = v.entry_kinds.iter().filter(|k| k.range_filter).map(|k| k.kind).collect();
    assert_eq!(offered, [EntryKind::Result], "not for problems or medicines");
    assert_eq!(v.range.filter_label, "Only results outside the normal range");
    assert_eq!(v.range.bases.len(), 3);
}

#[test]
fn an_advice_source_is_opened_by_its_row_and_no_other_address() {
    let s = setup();
    // Every row the advice names has a source the shell may open: an https NHS, NICE or guideline page.
    let saved = s.app.add_reading(&s.id, confirmed(bp("2026-11-23T08:00:00+00:00", 185.0, 122.0))).unwrap();
    let advice = saved.advice.unwrap();
    let source = s.app.advice_source(&advice.rule).unwrap();
    assert_eq!(source, advice.source);
    assert!(source.url.starts_with("https://"), "{}", source.url);
    // Anything else, an address included, is refused: the webview cannot choose what opens.
    for bad in ["", "https://example.com/", "bp-very-high ", "../bp-very-high"] {
        let err = s.app.advice_source(bad).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput, "{bad:?}");
    }
}
