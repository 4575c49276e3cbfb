//! A cared-for person keeping one entry private by itself, through the app: with her own
//! access open she keeps one entry of her record private; it leaves everything the carer reads
//! (timeline, search, export) and is in her private entries, marked as kept by itself; showing
//! it again brings it back. An entry private because of its label cannot be shown on its own.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

#[allow(dead_code)]
mod carer;
#[allow(dead_code)]
mod common;

use std::sync::Arc;

use carer::*;
use chrono::{TimeZone, Utc};
use common::*;
use phr_app::*;
use phr_core::clock::FixedClock;

/// Sarah ("me") cares for Karena, whose GP record Sarah imported; Karena has her own password.
fn setup() -> (App, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock(Utc.with_ymd_and_hms(2026, 11, 23, 10, 30, 0).unwrap()));
    let app = App::with_options(dir.path().join("vault"), AppOptions::with_clock(clock, KdfProfile::Floor));
    let karena = sarah_caring_for(&app, PASS, "Karena Pfeffer", "1994-12-21", lasting_power_of_attorney("mother"));
    app.import_files(&karena, &[fixtures().join(KARENA)]).unwrap();
    app.set_own_access(&karena, own_pw()).unwrap();
    (app, karena, dir)
}

fn every_entry(app: &App, id: &str) -> Vec<EntrySummary> {
    let q = TimelineQuery { limit: Some(200), show: Some(TimelineShow::Everything), ..TimelineQuery::default() };
    let mut out = Vec::new();
    let mut page = app.timeline(id, q.clone()).unwrap();
    loop {
        out.extend(page.entries.iter().cloned());
        let Some(next) = page.next_cursor.clone() else { break };
        page = app.timeline(id, TimelineQuery { cursor: Some(next), ..q.clone() }).unwrap();
    }
    out
}

#[test]
fn one_entry_kept_private_leaves_what_the_carer_reads_and_can_be_shown_again() {
    let (app, karena, dir) = setup();
    let all = every_entry(&app, &karena);
    // An allergy (or, failing that, a problem) whose title is the only one of its kind.
    let once = |e: &&EntrySummary| all.iter().filter(|o| o.title == e.title).count() == 1;
    let chosen = all
        .iter()
        .filter(once)
        .find(|e| e.kind == EntryKind::Allergy)
        .or_else(|| all.iter().filter(once).find(|e| e.kind == EntryKind::Problem))
        .expect("the fixture holds a problem with a title of its own")
        .clone();

    // Only with her own access open.
    let refused = app.keep_entry_private(&karena, chosen.id.as_str()).unwrap_err();
    assert_eq!(refused.code, ErrorCode::OwnAccessNeeded);

    app.open_own_access(&karena, own_pw()).unwrap();
    let limits = app.own_limits(&karena).unwrap();
    assert_eq!(limits.keep_private_words, "Keep this private from Sarah");
    assert_eq!(limits.show_again_words, "Show this to Sarah again");
    let changed = app.keep_entry_private(&karena, chosen.id.as_str()).unwrap();
    assert!(changed.to_private >= 1, "{}", changed.message);

    // Her limits count it, and her private entries hold it, marked as kept by itself.
    let limits = app.own_limits(&karena).unwrap();
    assert_eq!(limits.hidden_entries, 1);
    assert_eq!(limits.hidden_entries_words.as_deref(), Some("1 entry kept private one by one."));
    let private = app.private_entries(&karena, None).unwrap();
    let held = private.entries.iter().find(|e| e.title == chosen.title).expect("in her private entries");
    assert_eq!(limits.kept_alone, vec![held.id.clone()]);
    app.close_own_access().unwrap();

    // The carer: not in the timeline, search or export.
    assert!(every_entry(&app, &karena).iter().all(|e| e.title != chosen.title));
    let hits = app.search_record(&karena, &chosen.title, None).unwrap();
    assert!(hits.iter().all(|h| h.entry.title != chosen.title), "search still finds it");
    let out = dir.path().join("karena.json");
    app.export_fhir(&karena, &out).unwrap();
    assert!(!std::fs::read_to_string(&out).unwrap().contains(&chosen.title), "the export still holds it");

    // Shown again, it is back for the carer.
    app.open_own_access(&karena, own_pw()).unwrap();
    let back = app.show_entry_again(&karena, held.id.as_str()).unwrap();
    assert!(back.to_record >= 1, "{}", back.message);
    assert_eq!(app.own_limits(&karena).unwrap().hidden_entries, 0);
    app.close_own_access().unwrap();
    assert!(every_entry(&app, &karena).iter().any(|e| e.title == chosen.title));
}

#[test]
fn an_entry_private_by_its_label_is_not_shown_again_on_its_own() {
    let (app, karena, _dir) = setup();
    app.open_own_access(&karena, own_pw()).unwrap();
    let input = OwnLimitsInput {
        hidden: vec![Sensitivity::SexualHealth],
        allowed: vec![CarerPermission::Readings],
        show_count: false,
    };
    app.set_own_limits(&karena, input).unwrap();
    let private = app.private_entries(&karena, None).unwrap();
    let first = private.entries.first().expect("sexual health entries are private");
    assert!(app.own_limits(&karena).unwrap().kept_alone.is_empty());
    let e = app.show_entry_again(&karena, first.id.as_str()).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
    assert!(e.message.contains("because of its label"), "{}", e.message);
}
