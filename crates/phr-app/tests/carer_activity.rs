//! The activity list of a cared-for person's record: its times in the app's one en-GB form (the
//! same as the UI's `formatDateTime` and the CLI's, pinned by samples both sides check), and
//! its heading and names fitting whoever reads it (the carer, or the person with their own
//! access open).

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

#[allow(dead_code)]
mod carer;

use std::path::PathBuf;
use std::sync::Arc;

use carer::*;
use chrono::{DateTime, FixedOffset, Local, NaiveDate, Offset, TimeZone, Utc};
use phr_app::*;
use phr_core::clock::FixedClock;

const PASS: &str = "otter lantern gravel";

fn app_on(dir: &std::path::Path) -> App {
    let clock = Arc::new(FixedClock(Utc.with_ymd_and_hms(2026, 12, 4, 15, 39, 0).unwrap()));
    App::with_options(dir.join("vault"), AppOptions::with_clock(clock, KdfProfile::Floor))
}

/// Moments in Europe/London (the UI's tests run in that zone), each with London's offset then:
/// winter (GMT), summer (BST), a summer night that is the next day in London, a single-digit
/// day, September (whose short name ICU writes differently), midnight.
const SAMPLES: [(&str, i32); 5] = [
    ("2026-12-04T15:39:00Z", 0),
    ("2026-09-04T08:05:00Z", 3600),
    ("2026-06-30T23:30:00Z", 3600),
    ("2027-01-01T00:00:00Z", 0),
    ("2026-03-29T00:59:00Z", 0),
];

/// The UI's `formatDate` and `formatDateTime` read these samples (ui/src/lib/people/dateTimes.test.ts): if
/// either side's form drifts, one of the two tests fails. `UPDATE_BINDINGS=1` rewrites them.
#[test]
fn the_committed_date_time_samples_are_what_the_app_writes() {
    let date_times: Vec<_> = SAMPLES
        .iter()
        .map(|(at, offset)| {
            let t = DateTime::parse_from_rfc3339(at).unwrap().with_timezone(&Utc);
            serde_json::json!({ "at": at, "text": phr_core::en_gb::date_time(t, FixedOffset::east_opt(*offset).unwrap()) })
        })
        .collect();
    let dates: Vec<_> = ["2026-09-04", "2027-02-10", "1948-07-05"]
        .iter()
        .map(|d| {
            let day = NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
            serde_json::json!({ "iso": d, "text": phr_core::en_gb::date(day) })
        })
        .collect();
    let data = serde_json::json!({ "zone": "Europe/London", "dateTimes": date_times, "dates": dates });
    let text = serde_json::to_string_pretty(&data).unwrap() + "\n";
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/test/date-times.json");
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &text).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == text,
        "{} is stale: run UPDATE_BINDINGS=1 cargo test -p phr-app --test carer_activity",
        path.display()
    );
    assert!(text.contains("\"4 Dec 2026, 15:39\"") && text.contains("\"1 Jul 2026, 00:30\""), "{text}");
}

#[test]
fn the_activity_list_writes_each_time_in_the_one_en_gb_form() {
    let tmp = tempfile::tempdir().unwrap();
    let app = app_on(tmp.path());
    let mum = sarah_caring_for(&app, PASS, "Margaret Evans", "1948-07-05", lasting_power_of_attorney("mother"));
    let activity = app.carer_activity(&mum).unwrap();
    let entry = &activity.actors[0].entries[0];
    let at = DateTime::parse_from_rfc3339(&entry.at).unwrap().with_timezone(&Utc);
    let offset = Local.offset_from_utc_datetime(&at.naive_utc()).fix();
    assert_eq!(entry.when, phr_core::en_gb::date_time(at, offset));
    if offset.local_minus_utc() == 0 {
        assert_eq!(entry.when, "4 Dec 2026, 15:39");
    }
}

#[test]
fn the_list_is_worded_for_whoever_reads_it() {
    let tmp = tempfile::tempdir().unwrap();
    let app = app_on(tmp.path());
    let mum = sarah_caring_for(&app, PASS, "Margaret Evans", "1948-07-05", lasting_power_of_attorney("mother"));
    app.set_own_access(&mum, own_pw()).unwrap();

    // Sarah, her carer, reads it: her own entries are hers ("You").
    let for_carer = app.carer_activity(&mum).unwrap();
    assert_eq!(for_carer.heading, "Activity in Margaret's record");
    let who: Vec<&str> = for_carer.actors.iter().map(|a| a.who.as_str()).collect();
    assert_eq!(who, ["You (carer)"]);

    // Margaret reads it with her own access open: Sarah is her carer, and Margaret is "You".
    app.open_own_access(&mum, own_pw()).unwrap();
    let all = vec![CarerPermission::Readings, CarerPermission::Import, CarerPermission::Share, CarerPermission::Export];
    let hide = OwnLimitsInput { hidden: vec![Sensitivity::MentalHealth], allowed: all, show_count: true };
    app.set_own_limits(&mum, hide).unwrap();
    let for_person = app.carer_activity(&mum).unwrap();
    assert_eq!(for_person.heading, "What your carer has done");
    let who: Vec<&str> = for_person.actors.iter().map(|a| a.who.as_str()).collect();
    assert_eq!(who, ["You", "Sarah (carer)"], "changing what she keeps private is hers, the rest Sarah's");

    // The vault holder's own record keeps its own heading.
    app.close_own_access().unwrap();
    let me = app.list_people().unwrap().into_iter().find(|p| p.role_words == "Me").unwrap();
    let own = app.carer_activity(me.id.as_str()).unwrap();
    assert_eq!(own.heading, "What has been done on this record");
    assert_eq!(own.actors[0].who, "You");
}
