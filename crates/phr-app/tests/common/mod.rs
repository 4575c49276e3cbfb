//! What the facade's record and share tests both start from: the fixtures, the
//! Synthea record they import, and a person made to match its Patient.

use std::path::PathBuf;

use phr_app::{App, PersonInput};

pub const PASS: &str = "otter lantern gravel";
pub const SYNTHEA: &str = "synthea-r4-smart/Dino_Barton_f24d7951-2016-43c6-a2d6-89dd4b8f4fcb.json";

#[path = "../../../../tests/support/mod.rs"]
pub mod repo;

/// The fixtures inside the repository (`tests/fixtures`).
pub fn fixtures() -> PathBuf {
    repo::fixtures()
}

/// Adds a person made to match the Patient of the fixture at `rel`; their id.
pub fn add_person_matching(app: &App, rel: &str) -> phr_app::PersonId {
    let text = std::fs::read_to_string(fixtures().join(rel)).unwrap();
    let d = phr_vault::record_store::bench::person_matching(&text).unwrap();
    let input = PersonInput {
        name: d.name,
        date_of_birth: d.date_of_birth.format("%Y-%m-%d").to_string(),
        nhs_number: None,
        role: None,
    };
    app.add_person(input).unwrap().id
}
