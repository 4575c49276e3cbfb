//! `phr import file`, `phr record summary|list|show|search` and `phr export fhir`, end to end
//! through the binary, in text and with `--json`.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

use std::path::{Path, PathBuf};

use serde_json::Value;

#[path = "../../../tests/support/mod.rs"]
mod repo;

mod common;
use common::{fails, json, ok};

/// A small R4 file about Jane Doe: her Patient, asthma, a glucose result, an inhaler and an
/// Organization (kept as it arrived).
fn jane_file(dir: &Path) -> PathBuf {
    let text = serde_json::json!({
        "resourceType": "Bundle", "type": "collection",
        "entry": [
            {"fullUrl": "urn:uuid:11111111-1111-4111-8111-111111111111", "resource": {
                "resourceType": "Patient", "id": "p1",
                "name": [{"family": "Doe", "given": ["Jane"]}], "birthDate": "1970-01-02"}},
            {"resource": {"resourceType": "Condition", "id": "c1",
                "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active"}]},
                "code": {"coding": [{"system": "http://snomed.info/sct", "code": "195967001", "display": "Asthma"}], "text": "Asthma"},
                "subject": {"reference": "Patient/p1"}, "onsetDateTime": "2015-06-01"}},
            {"resource": {"resourceType": "Observation", "id": "o1", "status": "final",
                "code": {"coding": [{"system": "http://loinc.org", "code": "2339-0", "display": "Glucose"}], "text": "Glucose"},
                "subject": {"reference": "Patient/p1"}, "effectiveDateTime": "2020-02-03T09:30:00Z",
                "valueQuantity": {"value": 6.3, "unit": "mmol/L", "system": "http://unitsofmeasure.org", "code": "mmol/L"}}},
            {"resource": {"resourceType": "MedicationStatement", "id": "m1", "status": "active",
                "medicationCodeableConcept": {"text": "Salbutamol 100micrograms inhaler"},
                "subject": {"reference": "Patient/p1"}, "effectiveDateTime": "2019-01-01"}},
            {"resource": {"resourceType": "Organization", "id": "org1", "name": "Leeds Surgery"}},
            {"request": {"method": "DELETE", "url": "Patient/old"}}
        ]
    });
    let p = dir.join("jane.json");
    std::fs::write(&p, text.to_string()).unwrap();
    p
}

/// A vault holding Jane Doe; returns the temp folder, the vault folder and her id.
fn setup() -> (tempfile::TempDir, PathBuf, String) {
    let tmp = tempfile::tempdir().unwrap();
    let vault = tmp.path().join("vault");
    json(&vault, &["init"]);
    let p = json(&vault, &["person", "add", "--name", "Jane Doe", "--dob", "1970-01-02"]);
    let id = p["id"].as_str().unwrap().to_owned();
    (tmp, vault, id)
}

#[test]
fn import_file_prints_the_report_with_each_place() {
    let (tmp, vault, _) = setup();
    let file = jane_file(tmp.path());
    let text = ok(&vault, &["import", "file", file.to_str().unwrap()]);
    assert!(text.starts_with("Imported 1 file from Files you imported:"), "{text}");
    assert!(text.contains("1 rejected"), "{text}");
    assert!(text.contains("jane.json entry[5] Patient: the entry is a DELETE request"), "{text}");
    assert!(text.contains("jane.json entry[4] Organization/org1"), "{text}");

    let again = json(&vault, &["import", "file", file.to_str().unwrap()]);
    assert_eq!(again["added"], 0);
    assert_eq!(again["unchanged"], 5);
    assert_eq!(again["items"][1]["location"], "entry[1]");

    let broken = tmp.path().join("broken.json");
    std::fs::write(&broken, "{\n\"resourceType\": \"Bundle\",\n\"entry\": [,]}").unwrap();
    let err = fails(&vault, &["import", "file", broken.to_str().unwrap()], "MALFORMED_FILE");
    assert!(err.contains("broken.json") && err.contains("line 3"), "{err}");
    let err = fails(&vault, &["import", "file", "/no/such/file.json"], "IO");
    assert!(err.contains("/no/such/file.json"), "{err}");
}

#[test]
fn someone_elses_record_is_refused() {
    let (tmp, vault, _) = setup();
    json(&vault, &["person", "add", "--name", "John Smith", "--dob", "1980-05-05"]);
    let people = json(&vault, &["person", "list"]);
    let john = people.as_array().unwrap().iter().find(|p| p["name"] == "John Smith").unwrap()["id"].clone();
    let file = jane_file(tmp.path());
    // Two people: --person is needed.
    fails(&vault, &["import", "file", file.to_str().unwrap()], "INVALID_INPUT");
    let err = fails(
        &vault,
        &["import", "file", file.to_str().unwrap(), "--person", john.as_str().unwrap()],
        "PATIENT_MISMATCH",
    );
    // Which of John Smith's details did not match, and nothing of Jane Doe's.
    assert!(err.contains("John Smith's details") && err.contains("name and date of birth"), "{err}");
    assert!(!err.contains("Doe") && !err.contains("Jane") && !err.contains("1970") && !err.contains("2 Jan"), "{err}");
}

#[test]
fn summary_list_show_search_and_export() {
    let (tmp, vault, id) = setup();
    let file = jane_file(tmp.path());
    ok(&vault, &["import", "file", file.to_str().unwrap(), "--person", &id]);

    let summary = ok(&vault, &["record", "summary"]);
    assert!(summary.contains("Active problems") && summary.contains("Asthma"), "{summary}");
    assert!(summary.contains("1 Jun 2015"), "en-GB dates: {summary}");
    let s = json(&vault, &["record", "summary", "--person", &id]);
    // The Organization is administrative: kept, but out of the counts and lists unless --all.
    assert_eq!(s["total"], 4);
    assert_eq!(s["administrative"], 1);
    assert_eq!(s["activeProblems"][0]["title"], "Asthma");
    assert!(summary.contains("Not counted: Administrative information (1;"), "{summary}");
    assert!(!summary.contains("Leeds Surgery"), "{summary}");
    let with_admin = ok(&vault, &["record", "summary", "--all"]);
    assert!(with_admin.contains("Administrative information\n") && with_admin.contains("Organisation: Leeds Surgery"));
    let s_all = json(&vault, &["record", "summary", "--all"]);
    assert_eq!(s_all["administrative"][0]["title"], "Organisation: Leeds Surgery");

    let all = json(&vault, &["record", "list"]);
    assert_eq!(all.as_array().unwrap().len(), 4);
    assert!(!ok(&vault, &["record", "list"]).contains("Leeds Surgery"));
    let every = json(&vault, &["record", "list", "--all"]);
    assert_eq!(every.as_array().unwrap().len(), 5);
    assert!(ok(&vault, &["record", "list", "--all"]).contains("Organisation: Leeds Surgery"));
    let problems = json(&vault, &["record", "list", "--kind", "problem"]);
    assert_eq!(problems.as_array().unwrap().len(), 1);
    let text = ok(&vault, &["record", "list", "--kind", "Problems"]);
    assert!(text.contains("Asthma") && !text.contains("Glucose"), "{text}");
    fails(&vault, &["record", "list", "--kind", "spaceships"], "INVALID_INPUT");

    let asthma_id = problems[0]["id"].as_str().unwrap().to_owned();
    let shown = ok(&vault, &["record", "show", &asthma_id]);
    assert!(shown.contains("Asthma (entry") && shown.contains("SNOMED CT 195967001"), "{shown}");
    assert!(shown.contains("As it arrived:") && shown.contains("\"resourceType\": \"Condition\""), "{shown}");
    let detail = json(&vault, &["record", "show", &asthma_id]);
    assert_eq!(detail["resourceType"], "Condition");
    fails(&vault, &["record", "show", "999999"], "ENTRY_NOT_FOUND");

    let hits = json(&vault, &["record", "search", "salbut"]);
    assert_eq!(hits.as_array().unwrap().len(), 1);
    let parts = hits[0]["snippet"].as_array().unwrap();
    assert!(parts.iter().any(|p| p["match"] == true && p["text"] == "Salbutamol"), "{hits}");
    let shown = ok(&vault, &["record", "search", "salbut"]);
    assert!(shown.contains("[Salbutamol]"), "{shown}");
    let none = ok(&vault, &["record", "search", "zebra"]);
    assert!(none.contains("Nothing in the record matches"), "{none}");
    // Lay words: "inhaler" is searched as salbutamol too; a misspelling is offered a word.
    let inhaler = ok(&vault, &["record", "search", "inhaler"]);
    assert!(inhaler.contains("[Salbutamol]") && inhaler.contains("(inhaler)"), "{inhaler}");
    let typo = ok(&vault, &["record", "search", "asthmma"]);
    assert!(typo.contains("Did you mean: asthma"), "{typo}");

    let out = tmp.path().join("export.json");
    let text = ok(&vault, &["export", "fhir", "--out", out.to_str().unwrap()]);
    assert!(text.contains("NOT encrypted"), "{text}");
    let info = json(&vault, &["export", "fhir", "--out", out.to_str().unwrap()]);
    assert_eq!(info["resources"], 5);
    let bundle: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(bundle["type"], "collection");
    assert_eq!(bundle["entry"].as_array().unwrap().len(), 5);
}

/// `phr record medicines`: GP Connect's published record of Jane Jackson, 74 (acute Citalopram
/// on three plans with their issues, Amlodipine, Paracetamol, all 2019). Each medicine once,
/// none current, and the summary names what was issued last instead of saying "none". The
/// CLI reads the real clock, so ages are matched by their shape.
#[test]
fn record_medicines_lists_each_medicine_once_with_its_issues() {
    let tmp = tempfile::tempdir().unwrap();
    let vault = tmp.path().join("vault");
    json(&vault, &["init"]);
    json(&vault, &["person", "add", "--name", "Jane Jackson", "--dob", "1952-05-31"]);
    let file = repo::fixture("gpconnect-stu3/access-record-structured/consultations_response1.json");
    ok(&vault, &["import", "file", file.to_str().unwrap()]);

    let m = json(&vault, &["record", "medicines"]);
    let names: Vec<(&str, bool, &str, usize)> = m["medicines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            let issues = x["issues"].as_array().unwrap().len();
            (x["name"].as_str().unwrap(), x["current"].as_bool().unwrap(), x["course"].as_str().unwrap(), issues)
        })
        .collect();
    assert_eq!(
        names,
        [
            ("Citalopram 20mg tablets", false, "acute", 7),
            ("Amlodipine 10mg tablets", false, "acute", 2),
            ("Paracetamol 500mg tablets", false, "acute", 3),
        ]
    );
    let citalopram = &m["medicines"][0];
    assert_eq!(citalopram["firstIssued"], "2019-03-28");
    assert_eq!(citalopram["lastIssued"], "2019-06-01");
    assert_eq!(citalopram["currentText"], "Not current");
    assert_eq!(citalopram["issues"][0]["roleText"], "Prescription issued");
    assert_eq!(citalopram["issues"][0]["dateText"], "1 Jun 2019");
    assert_eq!(m["summary"]["currentCount"], 0);
    let statement = m["summary"]["statement"].as_str().unwrap();
    assert!(
        statement.starts_with("No current medicines. Most recent: Citalopram 20mg tablets, last issued 1 Jun 2019 ("),
        "{statement}"
    );
    assert!(statement.contains("; Amlodipine 10mg tablets, last issued 28 Mar 2019 ("), "{statement}");

    let text = ok(&vault, &["record", "medicines"]);
    assert!(text.starts_with("No current medicines. Most recent: Citalopram 20mg tablets"), "{text}");
    assert!(text.contains("issued in the last 28 days"), "the rule is stated: {text}");
    assert!(
        text.contains("  Citalopram 20mg tablets: Not current\n    Last issued more than 28 days ago.\n"),
        "{text}"
    );
    assert!(text.contains("    Acute or repeat: Acute (a one-off course)\n"), "{text}");
    assert!(text.contains("    First issued: 28 Mar 2019\n    Last issued: 1 Jun 2019 ("), "{text}");
    assert!(text.contains("    Prescriptions and records (7)\n      1 Jun 2019    Prescription issued"), "{text}");
    assert_eq!(text.matches(": Not current\n").count(), 3, "each medicine once: {text}");

    // The summary says the same, under its medicines heading, and never "none" alone.
    let summary = ok(&vault, &["record", "summary"]);
    assert!(summary.contains("Current medicines\n  No current medicines. Most recent: Citalopram"), "{summary}");
    assert!(!summary.contains("No current medicines are recorded"), "{summary}");
}

#[test]
fn a_file_import_is_in_the_history_and_undone_as_a_whole() {
    let (tmp, vault, _) = setup();
    let file = jane_file(tmp.path());
    let report = json(&vault, &["import", "file", file.to_str().unwrap()]);
    let id = report["importId"].as_str().unwrap().to_owned();
    let summary = json(&vault, &["record", "summary"]);
    // The undo removes every entry the import brought, administrative ones too.
    let entries = summary["total"].as_u64().unwrap() + summary["administrative"].as_u64().unwrap();
    assert!(entries > 0);
    let history = json(&vault, &["import", "history"]);
    assert_eq!((history[0]["importId"].as_str(), history[0]["kind"].as_str()), (Some(id.as_str()), Some("record")));
    assert_eq!(history[0]["files"][0], "jane.json");
    assert!(ok(&vault, &["import", "history"]).contains(&format!("{id}  ")));

    let out = ok(&vault, &["import", "undo", &id, "--yes"]);
    assert_eq!(out.trim(), format!("Import {id} undone: {entries} entries removed."));
    assert_eq!(json(&vault, &["record", "summary"])["total"], 0);
    assert!(ok(&vault, &["import", "history"]).contains("UNDONE"));
    // The same file again brings it all back.
    let again = json(&vault, &["import", "file", file.to_str().unwrap()]);
    assert_eq!((&again["added"], &again["unmapped"]), (&report["added"], &report["unmapped"]));
    let back = json(&vault, &["record", "summary"]);
    assert_eq!((&back["total"], &back["administrative"]), (&summary["total"], &summary["administrative"]));
}

#[test]
fn record_search_understands_flu_jab_in_a_synthea_record() {
    let tmp = tempfile::tempdir().unwrap();
    let vault = tmp.path().join("vault");
    json(&vault, &["init"]);
    json(&vault, &["person", "add", "--name", "Karena Pfeffer", "--dob", "1994-12-21"]);
    let file = repo::fixture("synthea-r4-smart/Karena_Pfeffer_1f99a0cb-594b-476a-b9cb-502594c1ee6b.json");
    ok(&vault, &["import", "file", file.to_str().unwrap()]);
    let text = ok(&vault, &["record", "search", "flu jab"]);
    assert!(text.starts_with("Also searched for influenza (flu jab)"), "{text}");
    assert!(text.contains("[Influenza]"), "{text}");
    let hits = json(&vault, &["record", "search", "flu jab"]);
    let hits = hits.as_array().unwrap();
    assert!(hits.iter().any(|h| h["entry"]["title"].as_str().unwrap().starts_with("Influenza")), "{hits:?}");
}

/// `phr export summary --pdf FILE`: the record summary as a PDF to print, read back as text:
/// the person, their allergy section, their problem and medicine, the day printed.
#[test]
fn export_summary_pdf_saves_the_summary_as_a_pdf_to_print() {
    let (tmp, vault, id) = setup();
    let file = jane_file(tmp.path());
    ok(&vault, &["import", "file", file.to_str().unwrap(), "--person", &id]);
    let pdf = tmp.path().join("summary.pdf");
    let text = ok(&vault, &["export", "summary", "--pdf", pdf.to_str().unwrap()]);
    assert!(text.contains("Saved the record summary") && text.contains("NOT encrypted"), "{text}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&pdf).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let info = json(&vault, &["export", "summary", "--pdf", pdf.to_str().unwrap(), "--person", &id]);
    assert_eq!(info["bytes"], std::fs::metadata(&pdf).unwrap().len());
    let Some(pages) = repo::pdf_pages(&pdf, "the summary PDF's text") else { return };
    let words = pages.concat().split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "Health record summary",
        "Jane Doe",
        "Date of birth: 2 Jan 1970",
        "Allergies and reactions",
        "Asthma",
        "Salbutamol",
        "Printed on ",
        "Page 1 of",
    ] {
        assert!(words.contains(expected), "{expected:?} missing from the PDF: {words}");
    }
    fails(&vault, &["export", "summary", "--pdf", tmp.path().join("no/such/folder/x.pdf").to_str().unwrap()], "IO");
}
