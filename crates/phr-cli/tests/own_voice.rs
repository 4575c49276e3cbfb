//! The person's own voice from the command line: `phr about-me set|show|undo` (text and
//! `--json`), the appointment summary and the emergency card saved as PDFs holding the
//! person's medicine and allergy, `phr export ips` writing an International Patient Summary
//! document, and `phr import file --confirm-subject` for an IPS whose patient the app cannot
//! match. (`phr export summary --pdf` is the record summary of the issue before; the
//! appointment summary is `phr export appointment-summary --pdf`.)

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

mod common;
#[path = "../../../tests/support/mod.rs"]
mod repo;

use common::Sandbox;
use serde_json::Value;

#[test]
fn about_me_is_set_shown_and_put_back() {
    let s = Sandbox::with_person("Margaret Evans", "1950-02-03");
    let saved = s.json(&[
        "about-me",
        "set",
        "--matters",
        "Walking my dog Bess every morning",
        "--contact",
        "Sarah Evans;child;07700 900123;next-of-kin,emergency",
        "--practice",
        "Riverside Surgery",
        "--practice-code",
        "A81001",
        "--need",
        "largePrint",
        "--need",
        "interpreter:Polish",
    ]);
    assert!(saved["message"].is_string(), "{saved}");
    assert_eq!(saved["undoToken"], Value::Null, "nothing was removed: {saved}");
    let a = &saved["aboutMe"];
    assert_eq!(a["whatMatters"][0]["text"], "Walking my dog Bess every morning");
    assert_eq!(a["contacts"][0]["name"], "Sarah Evans");
    assert_eq!(a["contacts"][0]["relationship"], "child");
    assert_eq!(a["contacts"][0]["phone"], "07700 900123");
    assert_eq!(
        (&a["contacts"][0]["nextOfKin"], &a["contacts"][0]["emergency"]),
        (&Value::Bool(true), &Value::Bool(true))
    );
    assert_eq!(a["gpPractice"]["name"], "Riverside Surgery");
    assert_eq!(a["gpPractice"]["odsCode"], "A81001");
    let needs: Vec<&str> = a["needs"].as_array().unwrap().iter().map(|n| n["kind"].as_str().unwrap()).collect();
    assert_eq!(needs, ["largePrint", "interpreter"]);

    // `show`: the same, as JSON and in words.
    let shown = s.json(&["about-me", "show"]);
    assert_eq!(shown["whatMatters"], a["whatMatters"]);
    assert_eq!(shown["contacts"][0]["name"], "Sarah Evans");
    let text = s.ok(&["about-me", "show"]);
    for expected in ["Walking my dog Bess every morning", "Sarah Evans", "07700 900123", "Riverside Surgery (A81001)"] {
        assert!(text.contains(expected), "{expected:?} is not shown:\n{text}");
    }

    // A set that removes something gives a token; undo puts it back. A part not given stays.
    let cleared = s.json(&["about-me", "set", "--clear-matters"]);
    let token = cleared["undoToken"].as_str().unwrap().to_owned();
    assert!(cleared["aboutMe"]["whatMatters"].as_array().unwrap().is_empty());
    assert_eq!(cleared["aboutMe"]["contacts"][0]["name"], "Sarah Evans", "contacts were not given: they stay");
    let text = s.ok(&["about-me", "set", "--need", "easyRead"]);
    assert!(text.contains("phr about-me undo "), "{text}");
    let back = s.json(&["about-me", "undo", &token]);
    assert_eq!(back["aboutMe"]["whatMatters"][0]["text"], "Walking my dog Bess every morning");
    assert_eq!(s.json(&["about-me", "show"])["whatMatters"][0]["text"], "Walking my dog Bess every morning");

    // Problems name their field and change nothing.
    let err = s.fails(&["about-me", "set", "--contact", "Tom;cousin-ish;;"], "INVALID_INPUT");
    assert!(err.contains("is not a relationship"), "{err}");
    s.fails(&["about-me", "set", "--need", "semaphore"], "INVALID_INPUT");
}

/// The person's own medicine and allergy, and what matters to them.
fn margaret() -> Sandbox {
    let s = Sandbox::with_person("Margaret Evans", "1950-02-03");
    s.json(&["entry", "add", "medicine", "Ibuprofen 200mg tablets", "--type", "overTheCounter"]);
    s.json(&["entry", "add", "allergy", "Elastoplast", "--reaction", "Blistered skin"]);
    s.json(&["about-me", "set", "--contact", "Sarah Evans;child;07700 900123;emergency"]);
    s
}

/// The text of a PDF, words joined by single spaces; `None` (skipped) without pdftotext.
fn pdf_text(path: &std::path::Path) -> Option<String> {
    let pages = repo::pdf_pages(path, "phr export's PDFs read back")?;
    Some(pages.concat().split_whitespace().collect::<Vec<_>>().join(" "))
}

#[test]
fn the_appointment_summary_and_the_emergency_card_are_saved_as_pdfs_with_the_medicine_and_allergy() {
    let s = margaret();
    let summary = s.path("appointment.pdf");
    let saved = s.json(&["export", "appointment-summary", "--pdf", summary.to_str().unwrap()]);
    let bytes = std::fs::read(&summary).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "a PDF");
    assert_eq!(saved["bytes"].as_u64(), Some(bytes.len() as u64), "{saved}");

    let card = s.path("card.pdf");
    let text = s.ok(&["export", "emergency-card", "--pdf", card.to_str().unwrap()]);
    assert!(text.contains("NOT encrypted"), "{text}");
    assert!(std::fs::read(&card).unwrap().starts_with(b"%PDF-"));

    for (what, path, heading) in [("summary", &summary, "For my appointment"), ("card", &card, "Emergency information")]
    {
        let Some(text) = pdf_text(path) else { return };
        for expected in
            [heading, "Ibuprofen 200mg tablets", "Elastoplast", "Blistered skin", "Sarah Evans", "As recorded on"]
        {
            assert!(text.contains(expected), "{expected:?} is not on the {what}:\n{text}");
        }
    }
}

#[test]
fn an_ips_export_is_a_document_whose_composition_is_a_patient_summary() {
    let s = margaret();
    let out = s.path("ips.json");
    let info = s.json(&["export", "ips", "--out", out.to_str().unwrap()]);
    let text = std::fs::read_to_string(&out).unwrap();
    assert_eq!(info["bytes"].as_u64(), Some(text.len() as u64), "{info}");
    let b: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(b["resourceType"], "Bundle");
    assert_eq!(b["type"], "document");
    assert_eq!(info["resources"].as_u64(), Some(b["entry"].as_array().unwrap().len() as u64));
    let c = &b["entry"][0]["resource"];
    assert_eq!(c["resourceType"], "Composition");
    assert_eq!(c["type"]["coding"][0]["system"], "http://loinc.org");
    assert_eq!(c["type"]["coding"][0]["code"], "60591-5");
    assert!(text.contains("Ibuprofen 200mg tablets") && text.contains("Elastoplast"));
    let said = s.ok(&["export", "ips", "--out", out.to_str().unwrap()]);
    assert!(said.contains("International Patient Summary") && said.contains("NOT encrypted"), "{said}");
    repo::assert_valid_fhir(&[&out], "phr export ips");
}

#[test]
fn an_ips_about_someone_the_app_cannot_match_is_imported_only_with_confirm_subject() {
    let s = Sandbox::with_person("Ada Lovelace", "1985-12-10");
    let file = repo::fixtures().join("ips").join("IPS_IG_bundle-minimal.json");
    let file = file.to_str().unwrap();

    // Without --confirm-subject: who the document says it is about, and nothing imported.
    // (In words, who the document names comes first and the error line after it.)
    let out = s.run(&["import", "file", file]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("error[IMPORT_SUBJECT_UNCONFIRMED]: "), "{err}");
    assert!(err.contains("Martha DeLarosa") && err.contains("--confirm-subject"), "{err}");
    assert!(!err.contains("Ada") && !err.contains("Lovelace"), "the question shows none of Ada's details: {err}");
    s.fails(&["import", "file", file, "--json"], "IMPORT_SUBJECT_UNCONFIRMED");
    assert_eq!(s.json(&["record", "summary"])["total"], 0, "nothing imported");

    let report = s.json(&["import", "file", file, "--confirm-subject"]);
    assert!(report["added"].as_u64().unwrap() > 0, "{report}");
    assert!(s.json(&["record", "summary"])["total"].as_u64().unwrap() > 0);
}
