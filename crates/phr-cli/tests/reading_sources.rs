//! `phr reading list` with the GP record: each reading marked where it was taken, the GP
//! record's blood pressure beside the home one, and `--source home` leaving it out.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

use std::path::PathBuf;

#[path = "../../../tests/support/mod.rs"]
mod repo;

mod common;
use common::{json, ok, run};

/// Jane Jackson, with the GP Connect record that holds her blood pressure of 130/72 on
/// 28 Mar 2019, and a home blood pressure typed in.
fn jane() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let vault = tmp.path().join("vault");
    ok(&vault, &["init"]);
    ok(&vault, &["person", "add", "--name", "Jane Jackson", "--dob", "1952-05-31"]);
    let file = repo::fixtures().join("gpconnect-stu3/access-record-structured/consultations_response1.json");
    ok(&vault, &["import", "file", file.to_str().unwrap()]);
    ok(&vault, &["reading", "add", "bp", "128/80", "--at", "2026-11-20T08:00"]);
    (tmp, vault)
}

#[test]
fn reading_list_includes_gp_observations_marked_by_source() {
    let (_tmp, vault) = jane();
    let text = ok(&vault, &["reading", "list", "--kind", "bp"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[0].contains("at home") && lines[0].contains("128/80 mmHg"), "{text}");
    assert!(lines[1].contains("at the GP") && lines[1].contains("130/72 mmHg"), "{text}");
    let page = json(&vault, &["reading", "list", "--kind", "bp"]);
    let origins: Vec<&str> =
        page["readings"].as_array().unwrap().iter().map(|r| r["origin"].as_str().unwrap()).collect();
    assert_eq!(origins, ["atHome", "atGp"]);
    assert_eq!(page["readings"][1]["originLabel"], "at the GP");
    // Every kind: the GP oxygen and temperature readings are there too.
    let all = ok(&vault, &["reading", "list"]);
    assert!(all.lines().filter(|l| l.contains("at the GP")).count() >= 5, "{all}");
}

#[test]
fn reading_list_source_home_leaves_the_gp_record_out() {
    let (_tmp, vault) = jane();
    let text = ok(&vault, &["reading", "list", "--source", "home"]);
    assert!(!text.contains("at the GP"), "{text}");
    assert_eq!(text.lines().count(), 1, "{text}");
    let page = json(&vault, &["reading", "list", "--source", "home"]);
    assert_eq!(page["total"], 1);
    let gp = json(&vault, &["reading", "list", "--source", "gp", "--kind", "bp"]);
    assert_eq!(gp["total"], 1);
    assert_eq!(gp["readings"][0]["display"], "130/72 mmHg");
    let out = run(&vault, &["reading", "list", "--source", "hospital"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is not a source of readings") && err.contains("home"), "{err}");
}
