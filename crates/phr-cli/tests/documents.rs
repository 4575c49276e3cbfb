//! `phr entry add document --file F --title T`, `phr entry save-copy` and the decisions from
//! the command line: a letter is kept inside the record and a copy saved out is the same
//! bytes; a file that is not a PDF, JPEG or PNG is refused with UNSUPPORTED_FORMAT naming it;
//! an organ donation decision and two ReSPECT forms are listed by `phr entry decisions`, the
//! older form said to be replaced.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

mod common;

use common::Sandbox;

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";

#[test]
fn a_letter_is_kept_and_a_copy_saved_out_is_the_same_bytes() {
    let s = Sandbox::with_person("Jane Doe", "1970-01-02");
    let letter = s.path("clinic letter.pdf");
    std::fs::write(&letter, PDF).unwrap();
    let file = letter.to_str().unwrap();
    let saved = s.json(&[
        "entry",
        "add",
        "document",
        "--file",
        file,
        "--title",
        "Letter from the clinic",
        "--date",
        "2026-01-15",
    ]);
    let entry = &saved["entry"];
    assert_eq!(entry["addedBy"], "Added by you", "{saved}");
    assert_eq!(entry["file"]["fileName"], "clinic letter.pdf");
    assert_eq!(entry["form"]["date"], "2026-01-15");
    let id = entry["entryId"].as_str().unwrap();
    let shown = s.ok(&["entry", "show", id]);
    assert!(shown.contains("File: clinic letter.pdf (a PDF,"), "{shown}");

    let out = s.path("copy.pdf");
    let said = s.ok(&["entry", "save-copy", id, "--out", out.to_str().unwrap()]);
    assert!(said.contains("It is not encrypted"), "{said}");
    assert_eq!(std::fs::read(&out).unwrap(), PDF);

    let text = s.path("notes.pdf");
    std::fs::write(&text, b"Dear Dr Smith").unwrap();
    let err = s.fails(
        &["entry", "add", "document", "--file", text.to_str().unwrap(), "--title", "Notes"],
        "UNSUPPORTED_FORMAT",
    );
    assert!(err.contains("notes.pdf is not a PDF, JPEG or PNG file"), "{err}");
    s.fails(&["entry", "add", "document", "--title", "No file"], "INVALID_INPUT");
}

#[test]
fn decisions_are_listed_the_older_respect_form_said_to_be_replaced() {
    let s = Sandbox::with_person("Jane Doe", "1970-01-02");
    s.json(&["entry", "add", "organ-donation", "--decision", "opt-in", "--registered", "--date", "2024-04-01"]);
    s.json(&["entry", "add", "respect-form", "--date", "2025-09-10"]);
    s.json(&["entry", "add", "respect-form", "--date", "2022-02-03"]);
    s.fails(&["entry", "add", "advance-decision"], "INVALID_INPUT");
    let list = s.json(&["entry", "decisions"]);
    let items = list["items"].as_array().unwrap();
    let seen: Vec<(&str, bool)> =
        items.iter().map(|d| (d["kind"].as_str().unwrap(), d["latest"].as_bool().unwrap())).collect();
    assert_eq!(seen, [("organDonation", true), ("respect", true), ("respect", false)]);
    let text = s.ok(&["entry", "decisions"]);
    assert!(
        text.contains("Wants to donate their organs and tissue. Registered on the NHS Organ Donor Register."),
        "{text}"
    );
    assert!(text.contains("A newer ReSPECT form is in this record: this one may no longer apply."), "{text}");
}
