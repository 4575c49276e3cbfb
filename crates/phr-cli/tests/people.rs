//! `phr person add --me | --relationship R --basis B [--basis-ref REF] [--review-on DATE]` and
//! `phr person list` with each role: the names scripts rely on, someone
//! added twice and a second "me" refused with the reason.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

mod common;
use common::Sandbox;

#[test]
fn people_are_added_with_their_role_and_listed_with_it() {
    let s = Sandbox::new();
    let me = s.json(&["person", "add", "--name", "Ada Lovelace", "--dob", "1958-07-05", "--me"]);
    assert_eq!(me["role"]["kind"], "me");
    let lpa = ["person", "add", "--name", "Margaret Jones", "--dob", "1930-02-03", "--relationship", "mother"];
    let lpa = [&lpa[..], &["--basis", "lpa", "--basis-ref", "7000-0000-1234"]].concat();
    // A review more than three years ahead is almost certainly a wrong year.
    let err = s.fails(&[&lpa[..], &["--review-on", "2099-01-01"]].concat(), "INVALID_INPUT");
    assert!(err.contains("within 3 years"), "{err}");
    let mum = s.json(&lpa);
    assert_eq!(mum["role"]["kind"], "caredFor");
    assert_eq!(mum["role"]["basisRef"], "7000-0000-1234");
    assert!(mum["role"]["reviewOn"].is_string());
    let list = s.json(&["person", "list"]);
    let mut words: Vec<&str> = list.as_array().unwrap().iter().map(|p| p["roleWords"].as_str().unwrap()).collect();
    words.sort_unstable();
    assert_eq!(words, ["Me", "Your mother"], "{list}");
    let text = s.ok(&["person", "list"]);
    assert!(text.contains("Me"), "{text}");
}

#[test]
fn a_cared_for_person_needs_a_basis_and_an_lpa_its_reference() {
    let s = Sandbox::new();
    let err = s.fails(
        &[
            "person",
            "add",
            "--name",
            "Margaret Jones",
            "--dob",
            "1930-02-03",
            "--relationship",
            "mother",
            "--basis",
            "lpa",
        ],
        "INVALID_INPUT",
    );
    assert!(err.contains("reference number"), "{err}");
    let mum = s.json(&[
        "person",
        "add",
        "--name",
        "Margaret Jones",
        "--dob",
        "1930-02-03",
        "--relationship",
        "mother",
        "--basis",
        "consent",
    ]);
    assert_eq!(mum["roleWords"], "Your mother");
    assert_eq!(mum["banner"], "You are looking after Margaret Jones's record (your mother).");
    let text = s.ok(&["person", "list"]);
    assert!(text.contains("Margaret Jones") && text.contains("Your mother"), "{text}");
}

#[test]
fn someone_added_twice_and_a_second_me_are_refused() {
    let s = Sandbox::new();
    s.ok(&["person", "add", "--name", "Ada Lovelace", "--dob", "1958-07-05", "--me"]);
    let err = s.fails(&["person", "add", "--name", "ada  lovelace", "--dob", "1958-07-05"], "PERSON_ALREADY_ADDED");
    assert!(err.contains("already in the app"), "{err}");
    let err = s.fails(&["person", "add", "--name", "Bo Smith", "--dob", "1990-01-01", "--me"], "INVALID_INPUT");
    assert!(err.contains("Only one person can be you"), "{err}");
    assert_eq!(s.json(&["person", "list"]).as_array().unwrap().len(), 1);
}
