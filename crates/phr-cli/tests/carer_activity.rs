//! `phr carer activity --person ID [--json]`: who did what on a person's record, by who did
//! it ("Sarah (carer)"), each in plain words with its en-GB time, newest first.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

mod common;
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
    assert_eq!(activity["heading"], "What your carer has done");
    assert_eq!(activity["personName"], "Margaret Jones");
    let carer = &activity["actors"][0];
    assert_eq!(carer["actor"], "carer");
    assert_eq!(carer["who"], "Sarah (carer)");
    let entries = carer["entries"].as_array().unwrap();
    assert_eq!(entries.last().unwrap()["what"], "Added this person to the app");
    assert!(entries.windows(2).all(|w| w[0]["seq"].as_u64() > w[1]["seq"].as_u64()), "newest first");

    let text = s.ok(&["carer", "activity", "--person", id]);
    assert!(text.starts_with("What your carer has done: Margaret Jones\n"), "{text}");
    assert!(text.contains("\nSarah (carer)\n"), "{text}");
    assert!(text.contains(" Added this person to the app for Margaret Jones"), "{text}");
}

#[test]
fn an_unknown_person_is_refused() {
    let s = Sandbox::new();
    s.fails(&["carer", "activity", "--person", "no-such-person"], "PERSON_NOT_FOUND");
}
