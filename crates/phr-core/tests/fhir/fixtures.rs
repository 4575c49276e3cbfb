//! Every JSON file of the fixtures reads and maps without a panic, and every resource
//! ends mapped, unmapped or rejected with a reason.

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;

use phr_core::fhir::{MapOutcome, Resolver, map_resource, read_fhir_json};

use super::fixtures_dir;

fn json_files(folder: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![fixtures_dir().join(folder)];
    while let Some(dir) = stack.pop() {
        for e in fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
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

#[derive(Default, Debug)]
struct Tally {
    files: usize,
    refused: usize,
    resources: usize,
    mapped: usize,
    unmapped: usize,
    rejected: usize,
    entries_rejected: usize,
}

fn run(folder: &str) -> Tally {
    let files = json_files(folder);
    assert!(!files.is_empty(), "no fixtures in {folder}");
    let mut t = Tally::default();
    for path in files {
        let text = fs::read_to_string(&path).unwrap();
        let name = path.display().to_string();
        t.files += 1;
        let outcome = std::panic::catch_unwind(|| {
            let file = match read_fhir_json(&text) {
                Ok(f) => f,
                Err(e) => return Err(e),
            };
            let resolver = Resolver::new(&file.resources);
            let outcomes: Vec<MapOutcome> = file.resources.iter().map(|r| map_resource(&r.value, &resolver)).collect();
            Ok((file.resources.len(), file.rejected.clone(), outcomes))
        });
        let Ok(result) = outcome else { panic!("{name}: panicked") };
        match result {
            Err(e) => {
                // Only files that are not FHIR resources (UK Core's extension examples) may be refused.
                assert!(e.line.is_none(), "{name}: {e}");
                t.refused += 1;
            }
            Ok((n, rejected, outcomes)) => {
                for r in &rejected {
                    assert!(!r.reason.is_empty() && r.location.starts_with("entry["), "{name}: {r:?}");
                }
                t.entries_rejected += rejected.len();
                assert_eq!(outcomes.len(), n, "{name}");
                t.resources += n;
                for o in outcomes {
                    match o {
                        MapOutcome::Mapped(e) | MapOutcome::Unmapped(e) => {
                            assert!(!e.title.trim().is_empty(), "{name}: an entry with no title");
                            if e.kind != phr_core::record::EntryKind::Other {
                                t.mapped += 1;
                            } else {
                                t.unmapped += 1;
                            }
                        }
                        MapOutcome::Rejected(why) => {
                            assert!(!why.is_empty(), "{name}");
                            t.rejected += 1;
                        }
                    }
                }
            }
        }
    }
    assert_eq!(t.mapped + t.unmapped + t.rejected, t.resources, "{folder}: {t:?}");
    t
}

#[test]
fn synthea_bundles_read_and_map() {
    let t = run("synthea-r4-smart");
    // The four bundles the tests use by name (tests/fixtures/synthea-r4-smart/SOURCE.md).
    assert_eq!(t.files, 4);
    assert_eq!(t.refused, 0);
    assert!(t.resources > 1800, "{t:?}");
    assert_eq!(t.rejected, 0, "{t:?}");
    assert!(t.mapped * 2 > t.resources, "most Synthea resources have a category: {t:?}");
}

#[test]
fn hl7_examples_read_and_map() {
    let t = run("hl7-r4-examples");
    assert_eq!(t.refused, 0, "{t:?}");
    assert!(t.resources >= 315, "{t:?}");
}

#[test]
fn uk_core_examples_read_and_map() {
    let t = run("ukcore-r4/json");
    assert!(t.resources > 50, "{t:?}");
}

#[test]
fn gp_connect_examples_read_and_map() {
    let t = run("gpconnect-stu3");
    assert_eq!(t.refused, 0, "{t:?}");
    // diaryentries_response1 has two entries outside `resource`.
    assert!(t.entries_rejected >= 2, "{t:?}");
}

/// STU3 resource types R4 renamed arrive under their R4 name.
#[test]
fn tally_by_type_is_consistent() {
    let mut by_type: BTreeMap<String, usize> = BTreeMap::new();
    for path in json_files("gpconnect-stu3") {
        let text = fs::read_to_string(&path).unwrap();
        let Ok(file) = read_fhir_json(&text) else { continue };
        for r in &file.resources {
            let r4_type = r.value["resourceType"].as_str().unwrap().to_string();
            *by_type.entry(r4_type).or_default() += 1;
        }
    }
    // The STU3 request types become ServiceRequest in the R4 value.
    assert!(!by_type.contains_key("ReferralRequest") && !by_type.contains_key("ProcedureRequest"), "{by_type:?}");
    // Two ReferralRequests and one ProcedureRequest; the other ProcedureRequest sits outside
    // its entry's `resource` and is rejected.
    assert_eq!(by_type.get("ServiceRequest"), Some(&3), "{by_type:?}");
}

/// The lean read (what imports use: each resource's value parsed again when it is mapped)
/// gives what the full read gives, for every fixture: the same refusals, the same resources
/// with the same type, ids, version, place and text, the same rejected entries, and the same
/// value when a resource is parsed again.
#[test]
fn the_lean_read_agrees_with_the_full_read_on_every_fixture() {
    use phr_core::fhir::read_fhir_json_lean;
    let mut files = Vec::new();
    for folder in ["synthea-r4-smart", "hl7-r4-examples", "ukcore-r4/json", "gpconnect-stu3"] {
        files.extend(json_files(folder));
    }
    let mut resources = 0;
    for path in files {
        let text = fs::read_to_string(&path).unwrap();
        let name = path.display().to_string();
        let (full, lean) = match (read_fhir_json(&text), read_fhir_json_lean(&text)) {
            (Err(a), Err(b)) => {
                assert_eq!(a, b, "{name}");
                continue;
            }
            (Ok(a), Ok(b)) => (a, b),
            (a, b) => panic!("{name}: full {:?}, lean {:?}", a.err(), b.err()),
        };
        assert_eq!(full.version, lean.version, "{name}");
        assert_eq!(full.bundle_type, lean.bundle_type, "{name}");
        assert_eq!(full.rejected, lean.rejected, "{name}");
        assert_eq!(full.resources.len(), lean.resources.len(), "{name}");
        let resolver = Resolver::new(&lean.resources);
        for (i, (f, l)) in full.resources.iter().zip(&lean.resources).enumerate() {
            let key = |r: &phr_core::fhir::IncomingResource| {
                (
                    r.resource_type.clone(),
                    r.id.clone(),
                    r.full_url.clone(),
                    r.version_id.clone(),
                    r.last_updated.clone(),
                    r.location.clone(),
                    r.raw.get().to_string(),
                    r.original_version,
                )
            };
            assert_eq!(key(f), key(l), "{name}: resource {i}");
            assert!(l.value.is_null(), "{name}: a lean read keeps no value");
            assert_eq!(resolver.value(i).as_deref(), Some(&f.value), "{name}: resource {i}");
            resources += 1;
        }
    }
    assert!(resources > 2800, "{resources}");
}
