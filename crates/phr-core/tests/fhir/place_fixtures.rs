//! Where every fixture's entries belong (`phr_core::record::place`): no clinical resource is
//! ever administrative, every type the fixtures hold is named by one of the two lists, and what
//! the health story shows never reads as a FHIR type name or an empty result.

use std::collections::BTreeSet;
use std::fs;
use std::path::PathBuf;

use phr_core::fhir::{MapOutcome, Resolver, map_resource, read_fhir_json};
use phr_core::record::place::{ADMINISTRATIVE_TYPES, CLINICAL_TYPES, Place, place_of};
use phr_core::record::{EntryKind, MappedEntry};

use super::fixtures_dir;

fn json_files() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![fixtures_dir()];
    while let Some(dir) = stack.pop() {
        for e in fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "json") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Every entry of every fixture with the file and the resource type it arrived as.
fn every_entry() -> Vec<(String, String, MappedEntry)> {
    let mut out = Vec::new();
    for path in json_files() {
        let text = fs::read_to_string(&path).unwrap();
        let Ok(file) = read_fhir_json(&text) else { continue };
        let resolver = Resolver::new(&file.resources);
        for r in &file.resources {
            if let MapOutcome::Mapped(e) | MapOutcome::Unmapped(e) = map_resource(&r.value, &resolver) {
                out.push((path.display().to_string(), r.resource_type.clone(), e));
            }
        }
    }
    out
}

#[test]
fn no_clinical_entry_of_any_fixture_is_administrative() {
    let entries = every_entry();
    assert!(entries.len() > 1000, "the fixtures map to {} entries", entries.len());
    let mut wrong = Vec::new();
    let mut administrative = 0;
    for (file, t, e) in &entries {
        let place = place_of(t, e);
        if place == Place::Administrative {
            administrative += 1;
            // Only unmapped resources can be administrative: an entry of any category is not.
            if e.kind != EntryKind::Other || CLINICAL_TYPES.contains(&t.as_str()) {
                wrong.push(format!("{file}: {t} ({:?}) {}", e.kind, e.title));
            }
        }
        // A category's entry leaves the story only as a result with nothing to say.
        if place == Place::Folded && !matches!(e.kind, EntryKind::Result | EntryKind::Other) {
            wrong.push(format!("{file}: {t} ({:?}) folded", e.kind));
        }
    }
    assert!(wrong.is_empty(), "{} clinical entries left the story:\n{}", wrong.len(), wrong.join("\n"));
    assert!(administrative > 500, "the Synthea billing resources are administrative ({administrative})");
}

#[test]
fn every_fixture_type_is_named_clinical_or_administrative() {
    let types: BTreeSet<String> = every_entry().into_iter().map(|(_, t, _)| t).collect();
    let unnamed: Vec<&String> = types
        .iter()
        .filter(|t| !CLINICAL_TYPES.contains(&t.as_str()) && !ADMINISTRATIVE_TYPES.contains(&t.as_str()))
        .collect();
    assert!(unnamed.is_empty(), "decide where these types belong: {unnamed:?}");
}

/// A FHIR type name is two or more capitalised words run together ("ExplanationOfBenefit").
fn reads_as_type_name(text: &str) -> Option<&'static str> {
    ADMINISTRATIVE_TYPES
        .iter()
        .chain(CLINICAL_TYPES)
        .filter(|t| t.chars().filter(char::is_ascii_uppercase).count() > 1)
        .find(|t| text.split(|c: char| !c.is_alphanumeric()).any(|w| w == **t))
        .copied()
}

#[test]
fn the_story_shows_no_type_name_and_no_empty_result() {
    let mut wrong = Vec::new();
    for (file, t, e) in every_entry() {
        if place_of(&t, &e) != Place::Story {
            continue;
        }
        if let Some(name) = reads_as_type_name(&e.title) {
            wrong.push(format!("{file}: title names {name}: {}", e.title));
        }
        let empty = e.value.is_none() && e.components.is_empty();
        if e.kind == EntryKind::Result
            && empty
            && e.title == "Comment note"
            && e.facts.iter().all(|f| f.label != "Note")
        {
            wrong.push(format!("{file}: empty Comment note"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
