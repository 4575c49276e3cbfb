//! Importing from a GP practice through the facade, against the sandbox started here: the
//! record arrives and is stored once; a dropped connection, a damaged page or a cancel leave
//! the record exactly as it was.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{TimeZone, Utc};
use phr_app::*;
use phr_core::clock::FixedClock;
use phr_gp::{HttpBrowser, Options, RetryPolicy};
use phr_gp_sandbox::{Config, DEMO_PRACTICE_ODS_CODE, DemoPatient, Faults, Flavour, Sandbox};

#[path = "../../../tests/support/mod.rs"]
mod repo;

fn setup() -> (tempfile::TempDir, App, Sandbox) {
    let tmp = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock(Utc.with_ymd_and_hms(2026, 11, 23, 14, 5, 0).unwrap()));
    let app = App::with_options(tmp.path().join("vault"), AppOptions::with_clock(clock, KdfProfile::Floor));
    app.create_vault(Passphrase::new("otter lantern gravel".into())).unwrap();
    let sandbox = Sandbox::start(Config { auto_approve: true, page_size: 50, ..Config::default() }).unwrap();
    (tmp, app, sandbox)
}

fn add(app: &App, p: &DemoPatient) -> PersonId {
    let input = PersonInput {
        name: p.name.clone(),
        date_of_birth: p.birth_date.clone(),
        nhs_number: Some(p.nhs_number.clone()),
        role: None,
    };
    app.add_person(input).unwrap().id
}

fn fast() -> Options {
    Options {
        retry: RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(5),
            ..RetryPolicy::default()
        },
        sign_in_timeout: Duration::from_secs(60),
        ..Options::default()
    }
}

#[derive(Default, Clone)]
struct Heard(Arc<Mutex<Vec<ImportProgress>>>);

impl Heard {
    fn stages(&self) -> Vec<ImportStage> {
        let mut s: Vec<ImportStage> = self.0.lock().unwrap().iter().map(|p| p.stage).collect();
        s.dedup();
        s
    }
}

fn import(app: &App, person: &str, url: &str, heard: &Heard) -> Result<ImportReport, AppError> {
    let sink = heard.0.clone();
    app.import_from_gp_with(person, url, &HttpBrowser, fast(), &move |p| sink.lock().unwrap().push(p))
}

/// Everything a person can see of their record: the summary and every timeline entry.
fn snapshot(app: &App, person: &str) -> (RecordSummary, Vec<EntrySummary>, usize) {
    let summary = app.record_summary(person).unwrap();
    let mut entries = Vec::new();
    let mut cursor = None;
    loop {
        let page = app
            .timeline(person, TimelineQuery { cursor: cursor.clone(), limit: Some(200), ..Default::default() })
            .unwrap();
        entries.extend(page.entries);
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    (summary, entries, app.import_history(person).unwrap().len())
}

#[test]
fn the_record_arrives_once_with_progress() {
    let (_tmp, app, s) = setup();
    let karena = s.patients()[0].clone();
    let person = add(&app, &karena);
    let heard = Heard::default();
    let report = import(&app, &person, s.url(), &heard).unwrap();

    assert_eq!(report.source.kind, SourceKind::Gp);
    assert_eq!(report.source.name, "Demo Practice (sandbox)");
    assert_eq!(report.source.url.as_deref(), Some(s.url()));
    // Provenance: the practice's ODS code, from the Organization the Patient names as its GP.
    assert_eq!(report.source.ods_code.as_deref(), Some(DEMO_PRACTICE_ODS_CODE));
    assert_eq!(report.files, ["page 1", "page 2", "page 3", "page 4"]);
    assert_eq!(report.items.len(), 198);
    assert!(report.added > 100, "{report:?}");
    assert_eq!(report.rejected, 0);
    assert_eq!(
        heard.stages(),
        [
            ImportStage::Discovering,
            ImportStage::SigningIn,
            ImportStage::Fetching,
            ImportStage::Storing,
            ImportStage::Done
        ]
    );
    let fetched = heard.0.lock().unwrap().iter().rfind(|p| p.stage == ImportStage::Fetching).cloned().unwrap();
    assert_eq!((fetched.done, fetched.total), (198, Some(198)));
    let total = app.record_summary(&person).unwrap().total;
    assert!(total > 100);
    // Every entry says where it came from: the practice and its ODS code.
    let condition = report.items.iter().find(|i| i.resource_type == "Condition").unwrap();
    let source = app.entry(&person, condition.entry_id.as_ref().unwrap()).unwrap().source;
    assert_eq!(
        (source.kind, source.name.as_str(), source.ods_code.as_deref()),
        (SourceKind::Gp, "Demo Practice (sandbox)", Some(DEMO_PRACTICE_ODS_CODE))
    );

    // Again: nothing new.
    let again = import(&app, &person, s.url(), &Heard::default()).unwrap();
    assert_eq!((again.added, again.updated), (0, 0));
    assert_eq!(app.record_summary(&person).unwrap().total, total);
}

#[test]
fn gp_connect_record_arrives() {
    let (_tmp, app, s) = setup();
    let jane = s.patients().into_iter().find(|p| p.flavour == Flavour::GpConnect).unwrap();
    let person = add(&app, &jane);
    let report = import(&app, &person, &s.gp_connect_url(), &Heard::default()).unwrap();
    assert_eq!(report.files, ["structured record"]);
    assert!(report.added > 10, "{report:?}");
    // GP Connect's own practice, through the Patient's managingOrganization.
    assert_eq!(report.source.ods_code.as_deref(), Some("O001"));
    let entry = report.items.iter().find_map(|i| i.entry_id.clone()).unwrap();
    assert_eq!(app.entry(&person, &entry).unwrap().source.ods_code.as_deref(), Some("O001"));
}

#[test]
fn a_file_import_names_no_practice() {
    let (tmp, app, s) = setup();
    let karena = s.patients()[0].clone();
    let person = add(&app, &karena);
    import(&app, &person, s.url(), &Heard::default()).unwrap();
    // The same person's record as a file (Synthea's, without the sandbox's practice).
    let fixtures = repo::fixture("synthea-r4-smart");
    let file = std::fs::read_dir(fixtures)
        .unwrap()
        .map(|f| f.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("Karena_Pfeffer"))
        .unwrap();
    let copy = tmp.path().join("karena.json");
    std::fs::copy(file, &copy).unwrap();
    let report = app.import_files(&person, &[copy]).unwrap();
    assert_eq!((report.source.kind, report.source.ods_code.clone()), (SourceKind::File, None));
    let entry = report.items.iter().find_map(|i| i.entry_id.clone()).unwrap();
    let source = app.entry(&person, &entry).unwrap().source;
    assert_eq!((source.kind, source.ods_code), (SourceKind::File, None));
}

#[test]
fn a_dropped_connection_leaves_the_record_as_it_was() {
    let (_tmp, app, s) = setup();
    let karena = s.patients()[0].clone();
    let person = add(&app, &karena);
    import(&app, &person, s.url(), &Heard::default()).unwrap();
    let before = snapshot(&app, &person);

    s.set_faults(Faults { drop_connection: 100, from_page: 2, ..Faults::default() });
    let e = import(&app, &person, s.url(), &Heard::default()).unwrap_err();
    assert_eq!(e.code, ErrorCode::GpUnreachable, "{e:?}");
    assert!(e.message.contains("page 3"), "{}", e.message);
    assert_eq!(snapshot(&app, &person), before);

    // A first import that fails stores nothing at all.
    let louis = s.patients()[1].clone();
    let other = add(&app, &louis);
    let e = import(&app, &other, s.url(), &Heard::default()).unwrap_err();
    assert_eq!(e.code, ErrorCode::GpUnreachable);
    let (summary, entries, imports) = snapshot(&app, &other);
    assert_eq!((summary.total, entries.len(), imports), (0, 0, 0));
}

#[test]
fn a_page_or_record_past_its_cap_or_deadline_leaves_the_record_as_it_was() {
    let (_tmp, app, s) = setup();
    let karena = s.patients()[0].clone();
    let person = add(&app, &karena);
    import(&app, &person, s.url(), &Heard::default()).unwrap();
    let before = snapshot(&app, &person);
    let import_with =
        |options: Options| app.import_from_gp_with(&person, s.url(), &HttpBrowser, options, &|_| {}).unwrap_err();

    s.set_faults(Faults { endless: 1, from_page: 1, ..Faults::default() });
    let e = import_with(Options { max_page_bytes: 512 * 1024, ..fast() });
    assert_eq!(e.code, ErrorCode::GpPageTooLarge, "{e:?}");
    assert!(e.message.contains("page 2 of your record") && e.message.contains("Nothing was imported"), "{e:?}");
    assert_eq!(snapshot(&app, &person), before);

    s.set_faults(Faults::default());
    let e = import_with(Options { max_record_bytes: 100 * 1024, ..fast() });
    assert_eq!(e.code, ErrorCode::GpRecordTooLarge, "{e:?}");
    assert_eq!(snapshot(&app, &person), before);

    s.set_faults(Faults { trickle: 1, trickle_ms: 20, from_page: 1, ..Faults::default() });
    let e = import_with(Options { import_deadline: Duration::from_secs(1), ..fast() });
    assert_eq!(e.code, ErrorCode::GpImportTimedOut, "{e:?}");
    assert_eq!(snapshot(&app, &person), before);
}

#[test]
fn a_malformed_page_leaves_the_record_as_it_was() {
    let (_tmp, app, s) = setup();
    let karena = s.patients()[0].clone();
    let person = add(&app, &karena);
    import(&app, &person, s.url(), &Heard::default()).unwrap();
    let before = snapshot(&app, &person);

    s.set_faults(Faults { malformed: 1, from_page: 3, ..Faults::default() });
    let e = import(&app, &person, s.url(), &Heard::default()).unwrap_err();
    assert_eq!(e.code, ErrorCode::GpResponseInvalid);
    assert!(e.message.contains("page 4") && e.message.contains("column"), "{}", e.message);
    assert_eq!(snapshot(&app, &person), before);
}

#[test]
fn cancelling_stores_nothing() {
    let (_tmp, app, s) = setup();
    let karena = s.patients()[0].clone();
    let person = add(&app, &karena);
    s.set_faults(Faults { slow_ms: 30_000, from_page: 1, ..Faults::default() });
    let app = Arc::new(app);
    let canceller = app.clone();
    // Cancel once the first page has arrived and the second is awaited.
    let on_progress = move |p: ImportProgress| {
        if p.stage == ImportStage::Fetching && p.done > 0 {
            canceller.cancel_gp_import();
        }
    };
    let e = app.import_from_gp_with(&person, s.url(), &HttpBrowser, fast(), &on_progress).unwrap_err();
    assert_eq!(e.code, ErrorCode::ImportCancelled);
    let (summary, entries, imports) = snapshot(&app, &person);
    assert_eq!((summary.total, entries.len(), imports), (0, 0, 0));

    // The app can import again afterwards.
    s.set_faults(Faults::default());
    assert!(import(&app, &person, s.url(), &Heard::default()).unwrap().added > 100);
}

#[test]
fn someone_elses_record_is_refused() {
    let (_tmp, app, s) = setup();
    // Not a sandbox patient: the sandbox approves its first patient, who is someone else.
    let person = app
        .add_person(PersonInput {
            name: "Ada Lovelace".into(),
            date_of_birth: "1948-07-05".into(),
            nhs_number: Some("9434765919".into()),
            role: None,
        })
        .unwrap()
        .id;
    let e = import(&app, &person, s.url(), &Heard::default()).unwrap_err();
    assert_eq!(e.code, ErrorCode::PatientMismatch, "{e:?}");
    assert_eq!(app.record_summary(&person).unwrap().total, 0);
    // In the GP practice's words, about Ada Lovelace's details only: nothing of whose record it was.
    assert!(
        e.message.starts_with("The record your GP practice sent is not Ada Lovelace's record: the NHS number"),
        "{}",
        e.message
    );
    for other in s.patients() {
        let born = chrono::NaiveDate::parse_from_str(&other.birth_date, "%Y-%m-%d").unwrap();
        for shown in other.name.split_whitespace().map(str::to_owned).chain([
            other.birth_date.clone(),
            born.format("%-d %b %Y").to_string(),
            born.format("%d/%m/%Y").to_string(),
            other.nhs_number.clone(),
            format!("{} {} {}", &other.nhs_number[..3], &other.nhs_number[3..6], &other.nhs_number[6..]),
        ]) {
            assert!(!e.message.contains(&shown), "{shown:?} in {}", e.message);
        }
    }
    let refused = app.audit_log(&person).unwrap().into_iter().last().unwrap();
    assert_eq!(refused.detail, "a GP practice: the NHS number did not match. Nothing was imported");
}

/// The demo practice and the way of signing in come from the options the app was made with
/// (read once by the front end), not from the process's environment at call time.
#[test]
fn the_demo_practice_and_the_browser_come_from_the_app_options() {
    let tmp = tempfile::tempdir().unwrap();
    let s = Sandbox::start(Config { auto_approve: true, page_size: 50, ..Config::default() }).unwrap();
    let plain = App::new(tmp.path().join("plain"));
    assert!(plain.gp_practices().is_empty(), "no demo practice unless the front end names one");

    let clock = Arc::new(FixedClock(Utc.with_ymd_and_hms(2026, 11, 23, 14, 5, 0).unwrap()));
    let options = AppOptions {
        gp_sandbox_url: Some(s.url().trim_end_matches('/').to_owned()),
        browser: BrowserChoice::Http,
        ..AppOptions::with_clock(clock, KdfProfile::Floor)
    };
    let app = App::with_options(tmp.path().join("vault"), options);
    let practices = app.gp_practices();
    assert_eq!(practices.len(), 2, "{practices:?}");
    assert!(practices.iter().all(|p| p.sandbox && p.url.starts_with(s.url().trim_end_matches('/'))));

    app.create_vault(Passphrase::new("otter lantern gravel".into())).unwrap();
    let person = add(&app, &s.patients()[0].clone());
    // BrowserChoice::Http signs in without a browser: the system one would wait for a person.
    let first = practices.first().unwrap();
    let report = app.import_from_gp(&person, &first.url, false, &|_| {}).unwrap();
    assert!(report.added > 100, "{report:?}");
}

#[test]
fn the_demo_patients_are_the_ones_the_demo_practice_serves() {
    let tmp = tempfile::tempdir().unwrap();
    let s = Sandbox::start(Config::default()).unwrap();
    let plain = App::new(tmp.path().join("plain"));
    assert!(plain.gp_demo_patients().unwrap().is_empty(), "no demo patients without the demo practice");
    assert!(
        plain.search_practices("demo").practices.is_empty(),
        "the demo practice is in the directory only while it runs"
    );

    let options =
        AppOptions { gp_sandbox_url: Some(s.url().trim_end_matches('/').to_owned()), ..AppOptions::default() };
    let app = App::with_options(tmp.path().join("vault"), options);
    let shown: Vec<(String, String, String)> = app
        .gp_demo_patients()
        .unwrap()
        .into_iter()
        .inspect(|p| assert_eq!(p.marker, "Made-up person for trying the app"))
        .map(|p| (p.name, p.date_of_birth, p.nhs_number.replace(' ', "")))
        .collect();
    let served: Vec<(String, String, String)> =
        s.patients().into_iter().map(|p| (p.name, p.birth_date, p.nhs_number)).collect();
    assert_eq!(shown, served);

    let found = app.search_practices("Demo Practice");
    assert_eq!(found.practices.len(), 1, "{found:?}");
    assert_eq!(found.practices[0].url.as_deref(), Some(s.url().trim_end_matches('/')));
}
