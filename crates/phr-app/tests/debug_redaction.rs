//! No secret or health data in any `Debug` output: the DTOs the facade hands out (and the app
//! itself) are made with marker values, through the facade where it makes them and by hand
//! otherwise, and formatted with `{:?}` and `{:#?}`; none of the markers may show.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

mod common;

use std::fmt::Debug;
use std::sync::Arc;

use chrono::{NaiveDate, TimeZone, Utc};
use phr_app::*;
use phr_core::clock::FixedClock;

const NAME: &str = "Zebedee Quarrington";
const NHS: &str = "9434765919";
const DOB: &str = "1931-02-17";
const NOTE: &str = "marker-note-text";
const TOKEN: &str = "marker-secret-token";
const PASS: &str = common::PASS;

/// What must never show: the name (either part), the NHS number, the date of birth, the
/// reading's value, the note, the token and the vault's passphrase.
const MARKERS: [&str; 9] = ["Zebedee", "Quarrington", NHS, DOB, "1931", "187.5", NOTE, TOKEN, PASS];

fn assert_hidden(type_name: &str, x: &impl Debug) {
    assert_hidden_also(type_name, x, &[]);
}

/// As [`assert_hidden`], and `extra` (a secret made at run time, such as a recovery key) must
/// not show either.
fn assert_hidden_also(type_name: &str, x: &impl Debug, extra: &[&str]) {
    for shown in [format!("{x:?}"), format!("{x:#?}")] {
        assert!(shown.starts_with(type_name), "{type_name}'s Debug should name the type: {shown}");
        for marker in MARKERS.iter().chain(extra) {
            assert!(!shown.contains(marker), "{type_name}'s Debug shows {marker:?}: {shown}");
        }
    }
}

fn marker_person() -> PersonInput {
    PersonInput { name: NAME.into(), date_of_birth: DOB.into(), nhs_number: Some(NHS.into()), role: None }
}

fn marker_reading() -> ReadingInput {
    ReadingInput {
        kind: ReadingKind::Weight,
        at: Some("2026-11-23T09:00:00+00:00".into()),
        value: Some(187.5),
        value2: None,
        pulse: None,
        unit: None,
        context: None,
        arm: None,
        position: None,
        text: None,
        note: Some(NOTE.into()),
        confirm: true,
    }
}

/// Through the facade: the vault's recovery key, a person, a reading with its note, their
/// statistics and chart, the audit log, an error that would name the person, and the app.
#[test]
fn what_the_facade_hands_out_shows_no_marker() {
    let tmp = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock(Utc.with_ymd_and_hms(2026, 11, 23, 14, 5, 0).unwrap()));
    let app = App::with_options(tmp.path().join("vault"), AppOptions::with_clock(clock, KdfProfile::Floor));
    let created = app.create_vault(Passphrase::new(PASS.to_owned())).unwrap();
    let recovery_key = created.recovery_key.clone();
    assert_hidden_also("CreatedVault", &created, &[&recovery_key]);
    assert_hidden_also("NewKeys", &NewKeys { recovery_key: recovery_key.clone(), finished: true }, &[&recovery_key]);

    assert_hidden("PersonInput", &marker_person());
    let person = app.add_person(marker_person()).unwrap();
    assert_eq!(person.name, NAME, "the person is stored with the marker name");
    assert_hidden("Person", &person);
    let id = person.id.0.clone();

    assert_hidden("ReadingInput", &marker_reading());
    let reading = app.add_reading(&id, marker_reading()).unwrap();
    assert_eq!(reading.note.as_deref(), Some(NOTE), "the reading keeps its note");
    assert_hidden("Reading", &reading);
    let page = app
        .list_readings(&id, ReadingQuery { kind: None, from: None, to: None, limit: None, offset: None, source: None });
    assert_hidden("ReadingPage", &page.unwrap());
    let stats = app.reading_stats(&id, ReadingKind::Weight, None, None).unwrap();
    assert_eq!(stats.mean, Some(187.5), "the statistics hold the marker value");
    assert_hidden("ReadingStats", &stats);

    let chart = app.chart_series(&id, ReadingKind::Weight, "2026-11-01", "2026-11-30", 100).unwrap();
    assert_eq!(chart.values, [187.5], "the chart holds the marker value");
    assert_hidden("ChartSeries", &chart);
    let average = HomeBpAverage {
        enough: true,
        days_used: 4,
        readings_used: 8,
        first_day_discarded: true,
        systolic: Some(187.5),
        diastolic: Some(187.5),
        above_threshold: Some(true),
        threshold: NOTE.into(),
        explanation: NOTE.into(),
    };
    assert_hidden("HomeBpAverage", &average);
    let target = Target { kind: ReadingKind::Weight, low: Some(187.5), high: None, low2: None, high2: None };
    assert_hidden("Target", &target);

    // The confirmation a deletion asks for names the person; the refusal's Debug must not.
    let refused = app.delete_person(&id, "someone else").unwrap_err();
    assert!(refused.message.contains(NAME), "the refusal's message names the person: {}", refused.message);
    assert_hidden("AppError", &refused);
    for entry in app.audit_log(&id).unwrap() {
        assert_hidden("AuditEntry", &entry);
    }
    for report in app.verify_audit(Some(&id)).unwrap() {
        assert_hidden("AuditReport", &report);
    }
    let check = DatabaseCheck { person_id: person.id.clone(), person_name: NAME.into(), ok: true, problem: None };
    assert_hidden("DatabaseCheck", &check);
    assert_hidden_also("App", &app, &[&recovery_key]);
}

#[test]
fn record_dtos_show_no_marker() {
    let code = Code { system: "http://snomed.info/sct".into(), code: NHS.into(), display: Some(NOTE.into()) };
    assert_hidden("Code", &code);
    let value = EntryValue {
        text: NOTE.into(),
        range_text: Some(NOTE.into()),
        flag: None,
        abnormal: true,
        range_check: None,
        range_basis: None,
        range_note: Some(NOTE.into()),
        advice: None,
    };
    assert_hidden("EntryValue", &value);
    assert_hidden("Fact", &Fact { label: NOTE.into(), text: NOTE.into() });
    assert_hidden("SnippetPart", &SnippetPart { text: NAME.into(), is_match: true });
    let source = Source { kind: SourceKind::File, name: NAME.into(), ods_code: None, url: None };
    assert_hidden("Source", &source);
    let attachment =
        Attachment { id: AttachmentId::from("a1"), title: NOTE.into(), content_type: "text/plain".into(), bytes: 5 };
    assert_hidden("Attachment", &attachment);
    let choice = FileChoice { handle: FileHandle::from("h1"), display_name: format!("{NAME}.json"), count: 1 };
    assert_hidden("FileChoice", &choice);
}

#[test]
fn share_dtos_show_no_marker() {
    let recipient = ShareRecipient {
        name: NAME.into(),
        role: None,
        organisation: None,
        ods_code: None,
        public_key: Some(TOKEN.into()),
    };
    assert_hidden("ShareRecipient", &recipient);
    let birth = NaiveDate::from_ymd_opt(1931, 2, 17);
    assert_hidden(
        "SharedSubject",
        &SharedSubject { name: NAME.into(), birth_date: birth, nhs_number: Some(NHS.into()) },
    );
    assert_hidden(
        "ShareSubject",
        &ShareSubject { name: NAME.into(), birth_date: DOB.into(), nhs_number: Some(NHS.into()) },
    );
    assert_hidden(
        "SharedReadingRow",
        &SharedReadingRow { at: "2026-11-23".into(), value_text: NOTE.into(), advice: None },
    );
    let consent =
        SharedConsentInfo { recipient: Some(NAME.into()), purpose: Some(NOTE.into()), start: None, end: None };
    assert_hidden("SharedConsentInfo", &consent);
    let request =
        ShareRequest { recipient, purpose: NOTE.into(), slice: ShareSlice::default(), expires_on: "2026-12-23".into() };
    assert_hidden("ShareRequest", &request);
    assert_hidden("ShareUnlock", &ShareUnlock { access_code: Some(TOKEN.to_owned().into()), identity_path: None });
    assert_hidden("ShareUnlock", &ShareUnlock { access_code: None, identity_path: Some(path_with_name()) });
}

/// A path under the person's home folder names them ("/home/Zebedee Quarrington/…").
fn path_with_name() -> String {
    format!("/home/{NAME}/Documents/{NAME} record.json")
}

#[test]
fn written_files_show_no_path() {
    let backup = BackupInfo { path: path_with_name(), people: 1, bytes: 10, created_at: "2026-12-04T08:00:00Z".into() };
    assert_hidden("BackupInfo", &backup);
    assert_hidden("ExportInfo", &ExportInfo { path: path_with_name(), resources: 3, bytes: 10 });
}

/// Through the facade on an imported record (the Synthea fixture): the timeline, each entry's
/// detail with its FHIR JSON, search hits, the summary and the medicines show none of the
/// person's name, entry titles, values or JSON.
#[test]
fn an_imported_record_shows_no_entry_text() {
    let tmp = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock(Utc.with_ymd_and_hms(2026, 11, 23, 14, 5, 0).unwrap()));
    let app = App::with_options(tmp.path().join("vault"), AppOptions::with_clock(clock, KdfProfile::Floor));
    app.create_vault(Passphrase::new(PASS.to_owned())).unwrap();
    let me = common::add_person_matching(&app, common::SYNTHEA);
    app.import_files(&me, &[common::fixtures().join(common::SYNTHEA)]).unwrap();
    let name = app.list_people().unwrap().into_iter().find(|p| p.id == me).unwrap().name;
    let mut personal: Vec<String> = name.split_whitespace().map(str::to_owned).collect();
    personal.push("resourceType".to_owned());

    let page = app.timeline(&me, TimelineQuery { limit: Some(50), ..TimelineQuery::default() }).unwrap();
    assert!(page.entries.len() > 10, "the fixture imported");
    // Entry titles and values long enough not to be a type's or a field's own name.
    let texts = |e: &EntrySummary| -> Vec<String> {
        [Some(e.title.clone()), e.value_text.clone()].into_iter().flatten().filter(|t| t.len() >= 12).collect()
    };
    let mut all: Vec<String> = personal.clone();
    all.extend(page.entries.iter().flat_map(texts));
    let all: Vec<&str> = all.iter().map(String::as_str).collect();
    assert_hidden_also("TimelinePage", &page, &all);
    for e in page.entries.iter().take(10) {
        assert_hidden_also("EntrySummary", e, &all);
        let detail = app.entry(&me, &e.id).unwrap();
        assert!(detail.raw_json.contains("resourceType"));
        assert_hidden_also("EntryDetail", &detail, &all);
    }
    let word = page.entries.iter().flat_map(|e| e.title.split_whitespace()).find(|w| w.len() > 5).unwrap();
    let hits = app.search_record(&me, word, Some(5)).unwrap();
    assert!(!hits.is_empty(), "searching {word:?}");
    for hit in &hits {
        assert_hidden_also("SearchHit", hit, &[&all[..], &[word]].concat());
    }
    assert_hidden_also("RecordSummary", &app.record_summary(&me).unwrap(), &all);
    let medicines = app.medicines(&me).unwrap();
    let names: Vec<&str> = medicines.medicines.iter().map(|m| m.name.as_str()).filter(|n| n.len() >= 12).collect();
    assert!(!names.is_empty(), "the fixture has medicines");
    for m in &medicines.medicines {
        assert_hidden_also("Medicine", m, &[&all[..], &names[..]].concat());
    }
}

#[test]
fn connect_dtos_show_no_marker() {
    let demo = DemoPatient {
        name: NAME.into(),
        date_of_birth: DOB.into(),
        date_of_birth_text: "17 Feb 1931".into(),
        nhs_number: NHS.into(),
        marker: "Made-up person for trying the app".into(),
    };
    assert_hidden("DemoPatient", &demo);
    let listed = phr_gp::DemoListing {
        name: NAME.into(),
        birth_date: DOB.into(),
        nhs_number: NHS.into(),
        url: "http://127.0.0.1:1".into(),
    };
    assert_hidden("DemoListing", &listed);
}
