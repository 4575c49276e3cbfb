//! The FHIR layer against real published data: every fixture reads and maps without a
//! panic, and the mappings a citizen relies on say what the resource says.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

#[path = "../../../../tests/support/mod.rs"]
mod repo;

mod fixtures;
mod mapping;
mod meanings_fixtures;
mod patient;
mod place_fixtures;
mod practice;
mod props;
mod read;
mod sensitivity_fixtures;
mod stu3;
mod stu3_valid_r4;
mod units_fixtures;

use std::path::PathBuf;

use phr_core::fhir::{MapOutcome, ParsedFile, Resolver, map_resource, read_fhir_json};
use phr_core::record::MappedEntry;

/// The fixtures inside the repository (`tests/fixtures`).
pub fn fixtures_dir() -> PathBuf {
    repo::fixtures()
}

pub fn fixture_text(rel: &str) -> String {
    let path = fixtures_dir().join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn parse(rel: &str) -> ParsedFile<'static> {
    read_fhir_json(&fixture_text(rel)).unwrap_or_else(|e| panic!("{rel}: {e}")).into_owned()
}

/// Maps every resource of a file with a resolver over the file.
pub fn map_all(file: &ParsedFile) -> Vec<MapOutcome> {
    let resolver = Resolver::new(&file.resources);
    file.resources.iter().map(|r| map_resource(&r.value, &resolver)).collect()
}

/// The entry a resource of `resource_type` with `id` maps to (mapped or unmapped).
pub fn entry(file: &ParsedFile, resource_type: &str, id: &str) -> MappedEntry {
    let resolver = Resolver::new(&file.resources);
    let r = file
        .resources
        .iter()
        .find(|r| r.resource_type == resource_type && r.id.as_deref() == Some(id))
        .unwrap_or_else(|| panic!("no {resource_type}/{id}"));
    match map_resource(&r.value, &resolver) {
        MapOutcome::Mapped(e) | MapOutcome::Unmapped(e) => e,
        MapOutcome::Rejected(why) => panic!("{resource_type}/{id} rejected: {why}"),
    }
}

/// The text of the fact with this label.
pub fn fact<'e>(e: &'e MappedEntry, label: &str) -> Option<&'e str> {
    e.facts.iter().find(|f| f.label == label).map(|f| f.text.as_str())
}
