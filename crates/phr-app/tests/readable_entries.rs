//! Every entry a citizen sees, for every fixture with a Patient, reads in words: the timeline,
//! each entry's detail and the summary hold no raw UCUM code ("Cel", "mm[Hg]",
//! "mL/min/{1.73_m2}"), a blood pressure reads systolic over diastolic, and a coded title
//! the curated meanings know comes with its plain name and what it means.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use common::*;
use phr_app::*;
use phr_core::clock::FixedClock;
use phr_core::record::units::holds_raw_unit;

/// The fixture files a person's record is imported from: each FHIR JSON file with a Patient.
fn record_files() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for folder in ["synthea-r4-smart", "gpconnect-stu3"] {
        let mut stack = vec![fixtures().join(folder)];
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(&dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "json") {
                    out.push(p);
                }
            }
        }
    }
    out.sort();
    out
}

/// An unlocked app with the file's record imported for a person matching its Patient.
fn imported(dir: &Path, file: &Path) -> Option<(App, PersonId)> {
    let text = std::fs::read_to_string(file).unwrap();
    let d = phr_vault::record_store::bench::person_matching(&text)?;
    let clock = Arc::new(FixedClock(Utc.with_ymd_and_hms(2026, 11, 23, 14, 5, 0).unwrap()));
    let app = App::with_options(dir.join("vault"), AppOptions::with_clock(clock, KdfProfile::Floor));
    app.create_vault(Passphrase::new(PASS.to_owned())).unwrap();
    let input = PersonInput {
        name: d.name,
        date_of_birth: d.date_of_birth.format("%Y-%m-%d").to_string(),
        nhs_number: None,
        role: None,
    };
    let me = app.add_person(input).unwrap().id;
    app.import_files(&me, &[file.to_path_buf()]).ok()?;
    Some((app, me))
}

fn check_summary(where_: &str, e: &EntrySummary, raw: &mut Vec<String>) {
    if let Some(v) = &e.value_text
        && holds_raw_unit(v)
    {
        raw.push(format!("{where_}: {}: {v}", e.title));
    }
}

#[test]
fn no_raw_unit_on_any_screen_and_blood_pressure_reads_systolic_first() {
    let files = record_files();
    assert!(files.len() >= 2, "{files:?}");
    let mut raw = Vec::new();
    let (mut imported_files, mut blood_pressures, mut explained) = (0, 0, 0);
    for file in files {
        let tmp = tempfile::tempdir().unwrap();
        let Some((app, me)) = imported(tmp.path(), &file) else { continue };
        imported_files += 1;
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        let summary = app.record_summary(&me).unwrap();
        for e in summary.active_problems.iter().chain(&summary.recent_results).chain(&summary.allergies) {
            check_summary(&format!("{name} summary"), e, &mut raw);
        }
        let mut cursor = None;
        loop {
            let page =
                app.timeline(&me, TimelineQuery { limit: Some(200), cursor, ..TimelineQuery::default() }).unwrap();
            for e in &page.entries {
                check_summary(&format!("{name} timeline"), e, &mut raw);
                let d = app.entry(&me, &e.id).unwrap();
                let mut texts: Vec<String> = Vec::new();
                if let Some(v) = &d.value {
                    texts.push(v.text.clone());
                    texts.extend(v.range_text.clone());
                }
                texts.extend(d.components.iter().map(|c| c.text.clone()));
                for t in texts {
                    if holds_raw_unit(&t) {
                        raw.push(format!("{name} entry: {}: {t}", e.title));
                    }
                }
                let sys = d.components.iter().position(|c| c.label.to_lowercase().contains("systolic"));
                let dia = d.components.iter().position(|c| c.label.to_lowercase().contains("diastolic"));
                if let (Some(s), Some(di)) = (sys, dia) {
                    assert!(s < di, "{name}: {}: diastolic before systolic", e.title);
                    let first = |i: usize| d.components[i].text.split_whitespace().next().unwrap().to_string();
                    if let Some(v) = &d.value
                        && v.text.contains('/')
                    {
                        assert!(v.text.starts_with(&format!("{}/{}", first(s), first(di))), "{name}: {}", v.text);
                        assert!(v.text.ends_with("mmHg"), "{name}: {}", v.text);
                        blood_pressures += 1;
                    }
                }
                if let Some(plain) = &d.plain_title {
                    assert_eq!(d.coded_title.as_deref(), Some(e.title.as_str()));
                    assert!(d.code.is_some() && d.meaning.is_some(), "{name}: {plain}");
                    explained += 1;
                }
                if let Some(url) = &d.nhs_url {
                    assert!(url.starts_with("https://www.nhs.uk/"), "{url}");
                }
            }
            cursor = page.next_cursor;
            if cursor.is_none() {
                break;
            }
        }
    }
    assert!(imported_files >= 2, "only {imported_files} fixtures imported");
    assert!(raw.is_empty(), "{} shown texts hold a raw unit:\n{}", raw.len(), raw.join("\n"));
    assert!(blood_pressures > 5, "only {blood_pressures} blood pressures");
    assert!(explained > 20, "only {explained} entries have a plain name");
}

#[test]
fn a_pain_score_shows_its_plain_name_then_its_coded_name_and_code() {
    let tmp = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock(Utc.with_ymd_and_hms(2026, 11, 23, 14, 5, 0).unwrap()));
    let app = App::with_options(tmp.path().join("vault"), AppOptions::with_clock(clock, KdfProfile::Floor));
    app.create_vault(Passphrase::new(PASS.to_owned())).unwrap();
    let me = add_person_matching(&app, SYNTHEA);
    app.import_files(&me, &[fixtures().join(SYNTHEA)]).unwrap();
    let page = app.timeline(&me, TimelineQuery { limit: Some(500), ..TimelineQuery::default() }).unwrap();
    let pain = page.entries.iter().find(|e| e.title.starts_with("Pain severity")).unwrap();
    let d = app.entry(&me, &pain.id).unwrap();
    assert_eq!(d.plain_title.as_deref(), Some("Pain score"));
    assert_eq!(d.coded_title.as_deref(), Some("Pain severity - 0-10 verbal numeric rating [Score] - Reported"));
    let code = d.code.unwrap();
    assert_eq!((code.system.as_str(), code.code.as_str()), ("LOINC", "72514-3"));
    assert!(d.meaning.unwrap().contains("0 (no pain) to 10"));
    let v = d.value.unwrap();
    assert!(!v.text.contains('{') && !v.text.contains("score"), "{}", v.text);
}

#[test]
fn only_the_meanings_tables_nhs_pages_can_be_opened() {
    let tmp = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock(Utc.with_ymd_and_hms(2026, 11, 23, 14, 5, 0).unwrap()));
    let app = App::with_options(tmp.path().join("vault"), AppOptions::with_clock(clock, KdfProfile::Floor));
    let table = phr_core::record::meanings::MEANINGS.iter().find_map(|m| m.nhs_url).unwrap();
    assert_eq!(app.meaning_page(table).unwrap(), table);
    for bad in ["https://example.com/", "https://www.nhs.uk/", "file:///etc/passwd", &format!("{table}x"), ""] {
        let err = app.meaning_page(bad).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput, "{bad}");
    }
}

/// FHIR resource type names: words of the format, never of the person's record.
const RESOURCE_TYPES: &[&str] = &[
    "ExplanationOfBenefit",
    "Claim",
    "ClaimResponse",
    "Coverage",
    "Organization",
    "Practitioner",
    "PractitionerRole",
    "Location",
    "Provenance",
    "Observation",
    "DiagnosticReport",
    "AllergyIntolerance",
    "MedicationRequest",
    "MedicationStatement",
    "MedicationAdministration",
    "Immunization",
    "DocumentReference",
    "ImagingStudy",
    "CarePlan",
    "CareTeam",
    "SupplyDelivery",
    "Bundle",
];

/// The resource type names a shown text holds as whole words.
fn resource_type_words(text: &str) -> Vec<&'static str> {
    let words: Vec<&str> = text.split(|c: char| !c.is_ascii_alphanumeric()).collect();
    RESOURCE_TYPES.iter().copied().filter(|t| words.contains(t)).collect()
}

#[test]
fn no_resource_type_name_no_empty_note_and_no_empty_other_entry_on_the_citizens_screens() {
    let mut found = Vec::new();
    let mut entries_seen = 0;
    for file in record_files() {
        let tmp = tempfile::tempdir().unwrap();
        let Some((app, me)) = imported(tmp.path(), &file) else { continue };
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        let mut shown: Vec<(String, EntrySummary)> = Vec::new();
        let summary = app.record_summary(&me).unwrap();
        for e in summary
            .active_problems
            .iter()
            .chain(&summary.allergies)
            .chain(&summary.no_known_allergies)
            .chain(&summary.recent_results)
            .chain(&summary.immunisations)
        {
            shown.push((format!("{name} summary"), e.clone()));
        }
        let mut cursor = None;
        loop {
            let page =
                app.timeline(&me, TimelineQuery { limit: Some(200), cursor, ..TimelineQuery::default() }).unwrap();
            shown.extend(page.entries.iter().map(|e| (format!("{name} timeline"), e.clone())));
            cursor = page.next_cursor;
            if cursor.is_none() {
                break;
            }
        }
        for (where_, e) in shown {
            entries_seen += 1;
            let d = app.entry(&me, &e.id).unwrap();
            let mut texts = vec![e.title.clone()];
            texts.extend(e.plain_title.clone());
            texts.extend(e.value_text.clone());
            texts.extend(d.meaning.clone());
            if let Some(v) = &d.value {
                texts.push(v.text.clone());
            }
            for f in d.components.iter().chain(&d.facts) {
                texts.push(f.label.clone());
                texts.push(f.text.clone());
            }
            for t in &texts {
                let types = resource_type_words(t);
                if !types.is_empty() {
                    found.push(format!("{where_}: {}: {types:?} in {t:?}", e.title));
                }
            }
            let says_something = e.value_text.as_deref().is_some_and(|v| !v.trim().is_empty())
                || d.value.as_ref().is_some_and(|v| !v.text.trim().is_empty())
                || d.components.iter().chain(&d.facts).any(|f| !f.text.trim().is_empty())
                || !d.attachments.is_empty();
            if e.title.trim().eq_ignore_ascii_case("Comment note") && !says_something {
                found.push(format!("{where_}: an empty Comment note"));
            }
            // An "other information" entry says something when it is named beyond its type
            // ("Sample: Venous blood specimen") or holds words.
            if e.kind == EntryKind::Other && !says_something && d.meaning.is_none() && !e.title.contains(": ") {
                found.push(format!("{where_}: an Other information entry that says nothing: {}", e.title));
            }
        }
    }
    assert!(entries_seen > 100, "only {entries_seen} entries seen");
    found.sort();
    found.dedup();
    assert!(found.is_empty(), "{} problems on the citizen's screens:\n{}", found.len(), found.join("\n"));
}
