//! Every FHIR fixture (Synthea, HL7 examples, UK Core, GP Connect including the invalid
//! ones) imports without a panic into a person made to match its Patient, with a report;
//! importing it again changes nothing. Round trip: what is exported is what arrived, and the
//! export passes the independent FHIR validator.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use phr_core::ErrorCode;
use phr_core::person::PersonDetails;
use phr_vault::record_store::bench::person_matching;
use phr_vault::record_store::{ImportDocument, ImportOutcome, SourceInfo};
use phr_vault::{PersonId, Vault};
use serde_json::Value;

use crate::support::*;

fn fixtures() -> PathBuf {
    crate::repo::fixtures()
}

fn files(dir: &str, ext: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(fixtures().join(dir))
        .unwrap_or_else(|e| panic!("fixtures folder {dir}: {e}"))
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(ext))
        .collect();
    out.sort();
    out
}

fn all_fixture_files() -> Vec<PathBuf> {
    let mut all = files("synthea-r4-smart", ".json");
    all.extend(files("hl7-r4-examples", ".json"));
    all.extend(files("ukcore-r4/json", ".json"));
    all.extend(files("gpconnect-stu3/access-record-structured", ".json"));
    all.extend(files("gpconnect-stu3/access-record-structured", ".json.txt"));
    all
}

fn default_person() -> PersonDetails {
    PersonDetails {
        name: "Nobody Inparticular".into(),
        date_of_birth: chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap(),
        nhs_number: None,
    }
}

/// One person per identity met in the files, made to match that file's Patient.
fn person_for(v: &mut Vault, people: &mut HashMap<String, PersonId>, text: &str) -> PersonId {
    let details = person_matching(text).unwrap_or_else(default_person);
    // Keyed by the details themselves: their Debug is redacted and names no one.
    let nhs_number = details.nhs_number.as_ref().map(ToString::to_string).unwrap_or_default();
    let key = format!("{}|{}|{nhs_number}", details.name, details.date_of_birth);
    people.entry(key).or_insert_with(|| v.add_person(details).unwrap().id).clone()
}

fn total(v: &Vault, id: &PersonId) -> u32 {
    v.record_summary(id).unwrap().total
}

#[test]
fn every_fixture_imports_with_a_report_and_a_second_import_changes_nothing() {
    let (_t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let mut people = HashMap::new();
    let mut imported = 0;
    let mut refused: Vec<(String, ErrorCode)> = Vec::new();
    let all = all_fixture_files();
    assert!(all.len() > 500, "fixtures missing: found {}", all.len());
    for path in &all {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(path).unwrap();
        let id = person_for(&mut v, &mut people, &text);
        let before = total(&v, &id);
        let doc = [ImportDocument { name: name.clone(), text }];
        match v.import_fhir(&id, &SourceInfo::files(), &doc) {
            Ok(report) => {
                imported += 1;
                let c = report.counts;
                assert_eq!(
                    report.items.len() as u32,
                    c.added + c.updated + c.unchanged + c.unmapped + c.rejected,
                    "{name}: every resource has a report line"
                );
                assert_eq!(report.files.len(), 1);
                assert_eq!(report.files[0], name);
                for item in &report.items {
                    assert_eq!(item.file, name);
                    assert!(!item.location.is_empty(), "{name}: an item with no place");
                    if item.outcome == ImportOutcome::Rejected {
                        assert!(item.reason.is_some(), "{name}: a rejection with no reason");
                    }
                }
                let after = total(&v, &id);
                let again = v.import_fhir(&id, &SourceInfo::files(), &doc).unwrap();
                assert_eq!(
                    again.counts.added + again.counts.updated + again.counts.unmapped,
                    0,
                    "{name}: {:?}",
                    again.counts
                );
                assert_eq!(again.counts.rejected, c.rejected, "{name}");
                assert_eq!(total(&v, &id), after, "{name}: the second import changed the entry count");
            }
            Err(e) => {
                assert!(
                    matches!(
                        e.code,
                        ErrorCode::PatientMismatch | ErrorCode::MalformedFile | ErrorCode::UnsupportedFormat
                    ),
                    "{name}: {e:?}"
                );
                assert!(e.message.contains(&name), "{name}: the error names the file: {}", e.message);
                assert_eq!(total(&v, &id), before, "{name}: a refused import stored something");
                refused.push((name, e.code));
            }
        }
    }
    // The one file published with broken JSON is refused as such. The others refused are
    // examples whose Patient cannot be told apart from anyone (no date of birth and no NHS
    // number, no name, a one-word name) or files about two different patients: importing
    // those into someone's record would be guessing.
    for (n, c) in &refused {
        if n.ends_with(".as-published.json.txt") {
            assert_eq!(*c, ErrorCode::MalformedFile);
        } else {
            assert_eq!(*c, ErrorCode::PatientMismatch, "{n}");
            assert!(
                !n.contains('_') || n == "skeleton_full_record.json",
                "a Synthea or GP Connect file was refused: {n}"
            );
        }
    }
    assert!(refused.iter().any(|(n, _)| n.ends_with(".as-published.json.txt")));
    assert!(refused.len() < 40, "{} refused: {refused:?}", refused.len());
    assert!(imported > 500);
}

/// The export holds each original resource, equal as JSON to what arrived (STU3 originals as
/// their R4 mapping).
fn assert_round_trip(v: &mut Vault, id: &PersonId, originals: &[&str], out: &Path) {
    let info = v.export_fhir(id, out).unwrap();
    let exported: Value = serde_json::from_str(&std::fs::read_to_string(out).unwrap()).unwrap();
    let got: Vec<&Value> = exported["entry"].as_array().unwrap().iter().map(|e| &e["resource"]).collect();
    assert_eq!(info.resources as usize, got.len());
    for text in originals {
        let parsed = phr_core::fhir::read_fhir_json(text).unwrap();
        for r in &parsed.resources {
            let want: Value = if r.original_version == phr_core::fhir::FhirVersion::Stu3 {
                r.value.clone()
            } else {
                serde_json::from_str(r.raw.get()).unwrap()
            };
            assert!(got.contains(&&want), "{} {:?} missing from the export", r.resource_type, r.id);
        }
    }
}

fn validate(file: &Path) {
    let name = file.file_name().unwrap_or_default().to_string_lossy();
    crate::repo::assert_valid_fhir(&[file], &format!("the export {name}"));
}

#[test]
fn round_trip_synthea_hl7_and_gp_connect_and_the_export_is_valid_fhir() {
    let (t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let synthea = std::fs::read_to_string(
        fixtures().join("synthea-r4-smart/Karena_Pfeffer_1f99a0cb-594b-476a-b9cb-502594c1ee6b.json"),
    )
    .unwrap();
    let hl7 = std::fs::read_to_string(fixtures().join("hl7-r4-examples/Bundle-father.json")).unwrap();
    let gpc =
        std::fs::read_to_string(fixtures().join("gpconnect-stu3/access-record-structured/allergies_response1.json"))
            .unwrap();
    for (name, text) in [("synthea", &synthea), ("hl7", &hl7), ("gpc", &gpc)] {
        let mut people = HashMap::new();
        let id = person_for(&mut v, &mut people, text);
        let doc = [ImportDocument { name: format!("{name}.json"), text: text.clone() }];
        v.import_fhir(&id, &SourceInfo::files(), &doc).unwrap();
        let out = t.path().join(format!("{name}-export.json"));
        assert_round_trip(&mut v, &id, &[text], &out);
        if name != "gpc" {
            validate(&out);
        }
    }
}
