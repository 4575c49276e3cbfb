//! About this app: the JSON the UI's tests and browser mock read (`ui/src/test/about.json`)
//! is what the backend's `about` gives.
//!
//! Its words must be fresh; its numbers follow the formats (a new migration raises the record
//! format), so they are rewritten with `UPDATE_BINDINGS=1` but not compared, and a migration
//! added elsewhere does not fail this test.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

use std::path::PathBuf;

/// The words only: the title, each row's label, and the two notes.
fn words(about: &serde_json::Value) -> serde_json::Value {
    let labels: Vec<_> = about["rows"].as_array().unwrap().iter().map(|r| r["label"].clone()).collect();
    serde_json::json!({
        "title": about["title"],
        "labels": labels,
        "privacy": about["privacy"],
        "newerFiles": about["newerFiles"],
    })
}

#[test]
fn the_committed_about_json_has_the_apps_words() {
    let about = serde_json::to_value(phr_app::about()).unwrap();
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/test/about.json");
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, serde_json::to_string_pretty(&about).unwrap() + "\n").unwrap();
    }
    let committed: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(words(&committed), words(&about), "run UPDATE_BINDINGS=1 cargo test -p phr-app --test about");
    assert_eq!(committed["rows"].as_array().unwrap().len(), about["rows"].as_array().unwrap().len());
}
