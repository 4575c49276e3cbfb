//! `phr carer activity --person ID [--json]`: who did what on a person's record, by who did
//! it ("You (carer)" when the carer reads it), each in plain words with its time in the app's
//! one en-GB form, newest first.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

mod common;
use chrono::{Offset, TimeZone};
use common::Sandbox;

#[test]
fn a_carers_activity_is_listed_by_who_did_it() {
    let s = Sandbox::new();
    s.ok(&["person", "add", "--name", "Sarah Jones", "--dob", "1970-04-01", "--me"]);
    let mum = s.json(&[
        "person",
        "add",
        "--name",
        "Margaret Jones",
        "--dob",
        "1940-02-03",
        "--relationship",
        "mother",
        "--basis",
        "consent",
    ]);
    let id = mum["id"].as_str().unwrap();

    let activity = s.json(&["carer", "activity", "--person", id]);
    assert_eq!(activity["heading"], "Activity in Margaret's record");
    assert_eq!(activity["personName"], "Margaret Jones");
    let carer = &activity["actors"][0];
    assert_eq!(carer["actor"], "carer");
    assert_eq!(carer["who"], "You (carer)");
    let entries = carer["entries"].as_array().unwrap();
    assert_eq!(entries.last().unwrap()["what"], "Added this person to the app");
    assert!(entries.windows(2).all(|w| w[0]["seq"].as_u64() > w[1]["seq"].as_u64()), "newest first");

    let text = s.ok(&["carer", "activity", "--person", id]);
    assert!(text.starts_with("Activity in Margaret's record: Margaret Jones\n"), "{text}");
    assert!(text.contains("\nYou (carer)\n"), "{text}");
    assert!(text.contains(" Added this person to the app for Margaret Jones"), "{text}");
    // Each time in the app's one en-GB form, as the desktop's list shows it: "4 Dec 2026, 15:39".
    let when = entries.last().unwrap()["when"].as_str().unwrap();
    let at = chrono::DateTime::parse_from_rfc3339(entries.last().unwrap()["at"].as_str().unwrap()).unwrap();
    let offset = chrono::Local.offset_from_utc_datetime(&at.naive_utc()).fix();
    assert_eq!(when, phr_core::en_gb::date_time(at.to_utc(), offset));
    assert!(text.contains(&format!("  {when}  Added this person to the app")), "{text}");
}

#[test]
fn an_unknown_person_is_refused() {
    let s = Sandbox::new();
    s.fails(&["carer", "activity", "--person", "no-such-person"], "PERSON_NOT_FOUND");
}
