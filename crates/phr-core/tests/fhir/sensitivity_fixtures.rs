//! Every entry of every FHIR fixture in the repository, labelled as the committed list says:
//! each labelled entry with its label (`tests/fixtures/sensitivity-expected.tsv`), and every
//! other entry unlabelled. A new false positive or a lost label fails here, naming the entry.
//!
//! `UPDATE_EXPECTED=1` rewrites the list from what the mapping gives today: read the change
//! by eye before committing it (a "Mental status" examination is not a mental health entry).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use phr_core::fhir::{MapOutcome, Resolver, map_resource, read_fhir_json};
use phr_core::record::Sensitivity;

/// The fixture folders holding FHIR (the device exports are not FHIR).
const FOLDERS: [&str; 4] = ["synthea-r4-smart", "gpconnect-stu3", "hl7-r4-examples", "ukcore-r4"];

const EXPECTED: &str = "tests/fixtures/sensitivity-expected.tsv";

const HEADER: &str = "# Every labelled entry of the repository's FHIR fixtures (tests/fixtures), one a line:\n\
# fixture file, the resource's place in it, Type/id, title (for reading; not compared), label.\n\
# Any entry not listed must stay General. Written by `UPDATE_EXPECTED=1 cargo test -p phr-core\n\
# --test fhir sensitivity`; every line was read by eye.\n";

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let p = e.unwrap().path();
        if p.is_dir() {
            json_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "json") {
            out.push(p);
        }
    }
}

/// Each labelled entry by (fixture, place, Type/id), with its title and label.
type Labelled = BTreeMap<(String, String, String), (String, Sensitivity)>;

/// Every entry that is not General, and the number of entries walked.
fn labelled_today() -> (Labelled, usize) {
    let root = crate::repo::fixtures();
    let mut files = Vec::new();
    for folder in FOLDERS {
        json_files(&crate::repo::fixture(folder), &mut files);
    }
    files.sort();
    let mut out = BTreeMap::new();
    let mut walked = 0;
    for path in files {
        let rel = path.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
        let text = fs::read_to_string(&path).unwrap();
        // Files that are not FHIR resources (UK Core's extension examples) hold no entries.
        let Ok(file) = read_fhir_json(&text) else { continue };
        let resolver = Resolver::new(&file.resources);
        for r in &file.resources {
            let entry = match map_resource(&r.value, &resolver) {
                MapOutcome::Mapped(e) | MapOutcome::Unmapped(e) => e,
                MapOutcome::Rejected(_) => continue,
            };
            walked += 1;
            if entry.sensitivity == Sensitivity::General {
                continue;
            }
            let id = format!("{}/{}", r.resource_type, r.id.as_deref().unwrap_or("-"));
            let title = entry.title.replace(['\t', '\n', '\r'], " ");
            let previous = out.insert((rel.clone(), r.location.clone(), id), (title, entry.sensitivity));
            assert!(previous.is_none(), "{rel} {}: two resources in one place", r.location);
        }
    }
    (out, walked)
}

fn expected_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(EXPECTED)
}

#[test]
fn sensitivity_labels_of_every_fixture_entry_are_as_listed() {
    let (today, walked) = labelled_today();
    assert!(walked > 2500, "only {walked} entries walked: are the fixtures there?");
    if std::env::var_os("UPDATE_EXPECTED").is_some() {
        let mut text = HEADER.to_string();
        for ((file, place, id), (title, label)) in &today {
            text.push_str(&format!("{file}\t{place}\t{id}\t{title}\t{}\n", label.as_str()));
        }
        fs::write(expected_path(), text).unwrap();
    }
    let listed = fs::read_to_string(expected_path()).unwrap_or_else(|e| panic!("{EXPECTED}: {e}"));
    let mut expected = BTreeMap::new();
    for (n, line) in listed.lines().enumerate().filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 5, "{EXPECTED} line {}: five columns", n + 1);
        let label = Sensitivity::parse(cols[4]).unwrap_or_else(|| panic!("{EXPECTED} line {}: label", n + 1));
        assert_ne!(label, Sensitivity::General, "{EXPECTED} line {}: only labelled entries are listed", n + 1);
        let key = (cols[0].to_string(), cols[1].to_string(), cols[2].to_string());
        assert!(expected.insert(key, (cols[3].to_string(), label)).is_none(), "{EXPECTED} line {}: twice", n + 1);
    }
    let mut wrong = Vec::new();
    for (key, (title, label)) in &today {
        match expected.get(key) {
            None => wrong.push(format!("newly labelled {}: {key:?} {title:?}", label.as_str())),
            Some((_, l)) if l != label => {
                wrong.push(format!("now {} (listed {}): {key:?} {title:?}", label.as_str(), l.as_str()))
            }
            Some(_) => {}
        }
    }
    for (key, (title, label)) in &expected {
        if !today.contains_key(key) {
            wrong.push(format!("lost its {} label: {key:?} {title:?}", label.as_str()));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} entries differ from {EXPECTED} (UPDATE_EXPECTED=1 rewrites it; read the change first):\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// The entries a physiotherapist's share once showed: three contraceptive pills beside an
/// intrauterine system that was labelled, and an antidepressant issued again and again.
#[test]
fn contraceptive_pills_and_antidepressants_in_the_fixtures_are_labelled() {
    let karena = crate::parse("synthea-r4-smart/Karena_Pfeffer_1f99a0cb-594b-476a-b9cb-502594c1ee6b.json");
    for id in [
        "64b74676-575c-4994-8d3c-e3e1314f7bda", // Camila 28 Day Pack
        "daafb12f-ba10-4c17-8707-ae7d46b825d2", // Errin 28 Day Pack
        "85574fed-3095-4a3f-8b21-c758e9fe0d5a", // Trinessa 28 Day Pack
        "84d8ab06-8dcb-4d37-b649-e701572d4370", // Liletta 52 MG Intrauterine System
    ] {
        let e = crate::entry(&karena, "MedicationRequest", id);
        assert_eq!(e.sensitivity, Sensitivity::SexualHealth, "{}", e.title);
    }
    let gp = crate::parse("gpconnect-stu3/access-record-structured/consultations_response1.json");
    let citalopram = crate::entry(&gp, "MedicationRequest", "Consultation1-Topic1-Category-Plan-Medication-Order");
    assert_eq!(citalopram.title, "Citalopram 20mg tablets");
    assert_eq!(citalopram.sensitivity, Sensitivity::MentalHealth);
}
