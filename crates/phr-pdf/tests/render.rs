//! The PDFs read back as text with poppler's `pdftotext` (installed by `cargo xtask setup`;
//! see `tests/support`): what a person, a screen reader or a search finds in them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

#[path = "../../../tests/support/mod.rs"]
mod repo;

use std::io::Write;

use phr_pdf::{Document, Subject, render};

/// The text of `pdf`, page by page; `None` (the skip recorded) without pdftotext.
fn pdf_pages(pdf: &[u8]) -> Option<Vec<String>> {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(pdf).unwrap();
    repo::pdf_pages(file.path(), "the PDF's text")
}

fn margaret() -> Subject {
    Subject { name: "Margaret Evans".into(), date_of_birth: "3 Feb 1950".into() }
}

#[test]
fn every_page_names_the_person_their_date_of_birth_the_day_printed_and_its_number() {
    let mut doc = Document::new("Health record summary", margaret(), "4 Dec 2026");
    for n in 1..=60 {
        doc.paragraph(format!("Line {n} of a long record, with enough words to wrap across the width of the page."));
    }
    let Some(pages) = pdf_pages(&render(&doc).unwrap()) else { return };
    assert!(pages.len() >= 3, "60 wrapped paragraphs fill several pages: {}", pages.len());
    let total = pages.len();
    for (i, page) in pages.iter().enumerate() {
        assert!(page.contains("Margaret Evans"), "page {} lacks the name:\n{page}", i + 1);
        assert!(page.contains("Date of birth: 3 Feb 1950"), "page {} lacks the date of birth", i + 1);
        assert!(page.contains("Printed on 4 Dec 2026"), "page {} lacks the day printed", i + 1);
        assert!(page.contains(&format!("Page {} of {total}", i + 1)), "page {} lacks its number", i + 1);
    }
    assert!(pages[0].contains("Health record summary"));
    let all = pages.concat();
    for n in 1..=60 {
        assert!(all.contains(&format!("Line {n} of a long record")), "line {n} is missing");
    }
}

#[test]
fn headings_rows_tables_and_insets_read_back_as_text() {
    let mut doc = Document::new("Blood pressure week", margaret(), "4 Dec 2026");
    doc.heading("Your average")
        .rows([("Average", "128/82 mmHg"), ("Readings", "14 of 14")])
        .inset("Keep this safe: anyone who has it can open your record.")
        .large("ABCD-EFGH-1234")
        .subheading("Every reading")
        .table(
            ["Date", "Time", "Reading"],
            [["1 Dec 2026", "8:05am", "131/84 mmHg"], ["1 Dec 2026", "8:10am", "127/80 mmHg"]],
        );
    let Some(pages) = pdf_pages(&render(&doc).unwrap()) else { return };
    let text = pages.concat();
    for expected in [
        "Your average",
        "Average",
        "128/82 mmHg",
        "14 of 14",
        "Keep this safe: anyone who has it can open your record.",
        "ABCD-EFGH-1234",
        "Every reading",
        "131/84 mmHg",
        "127/80 mmHg",
        "8:05am",
    ] {
        assert!(text.contains(expected), "{expected:?} is missing from:\n{text}");
    }
}

#[test]
fn letters_beyond_ascii_copy_as_themselves() {
    let subject = Subject { name: "Siân O’Brien-Łukasz".into(), date_of_birth: "29 Feb 1952".into() };
    let mut doc = Document::new("Résumé of care", subject, "4 Dec 2026");
    doc.paragraph("Temperature 37.5 °C, glucose 6.1 mmol/L – “fine”.");
    let Some(pages) = pdf_pages(&render(&doc).unwrap()) else { return };
    let text = pages.concat();
    for expected in ["Siân O’Brien-Łukasz", "Résumé of care", "37.5 °C", "“fine”"] {
        assert!(text.contains(expected), "{expected:?} is missing from:\n{text}");
    }
}

#[test]
fn a_long_table_repeats_its_headings_on_each_page_and_loses_no_row() {
    let rows: Vec<[String; 2]> = (1..=80).map(|n| [format!("{n} Nov 2026"), format!("Reading number {n}")]).collect();
    let mut doc = Document::new("Readings", margaret(), "4 Dec 2026");
    doc.table(["Date", "Reading"], rows);
    let Some(pages) = pdf_pages(&render(&doc).unwrap()) else { return };
    assert!(pages.len() >= 2);
    for page in &pages {
        assert!(page.contains("Date") && page.contains("Reading "), "a page without the table's headings:\n{page}");
    }
    let all = pages.concat();
    for n in 1..=80 {
        assert!(all.contains(&format!("Reading number {n}\n")) || all.contains(&format!("Reading number {n} ")));
    }
}

#[test]
fn a_word_wider_than_the_page_is_broken_rather_than_cut_off() {
    let long = "x".repeat(300);
    let mut doc = Document::new("Long", margaret(), "4 Dec 2026");
    doc.paragraph(long.clone());
    let Some(pages) = pdf_pages(&render(&doc).unwrap()) else { return };
    let text: String = pages.concat().chars().filter(|c| *c == 'x').collect();
    assert_eq!(text.len(), 300);
}

#[test]
fn debug_shows_the_shape_of_a_document_and_none_of_its_words() {
    let mut doc = Document::new("Recovery key", margaret(), "4 Dec 2026");
    doc.large("SECRET-WORDS").rows([("NHS number", "943 476 5919")]);
    let shown = format!("{doc:?}");
    for secret in ["SECRET", "Margaret", "943", "Recovery"] {
        assert!(!shown.contains(secret), "{shown}");
    }
}

/// Set `PHR_PDF_SAMPLE=/some/file.pdf` to look at a sample page by eye.
#[test]
fn sample() {
    let mut doc = Document::new("Health record summary", margaret(), "4 Dec 2026");
    doc.heading("Allergies")
        .table(["Allergy", "Reaction", "Recorded"], [["Penicillin", "Rash and swelling of the face", "2 Mar 2015"]])
        .heading("Medicines")
        .rows([("Ramipril 5mg capsules", "One a day"), ("Atorvastatin 20mg tablets", "One at night")])
        .inset("This summary is from your own record. Ask your GP if something looks wrong.")
        .large("ABCD-EFGH-1234-JKLM");
    let pdf = render(&doc).unwrap();
    if let Some(path) = std::env::var_os("PHR_PDF_SAMPLE") {
        std::fs::write(path, &pdf).unwrap();
    }
}

/// What poppler's `pdfinfo` says of `pdf` with `args`; `None` (the skip recorded) without it.
fn pdfinfo(pdf: &[u8], args: &[&str]) -> Option<String> {
    let program = repo::tool("pdfinfo", "whether the PDF is tagged")?;
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(pdf).unwrap();
    let out = std::process::Command::new(program).args(args).arg(file.path()).output().unwrap();
    assert!(out.status.success(), "pdfinfo failed: {}", String::from_utf8_lossy(&out.stderr));
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn the_pdf_is_tagged_in_reading_order_with_its_headings_and_tables() {
    let mut doc = Document::new("For my appointment", margaret(), "4 Dec 2026");
    doc.heading("Allergies")
        .table(["Allergy", "Reaction"], [["Penicillin", "Rash"], ["Peanuts", "Swelling"]])
        .heading("Contacts")
        .rows([("Sarah Evans", "07700 900123")])
        .paragraph("As recorded on 4 Dec 2026.");
    let pdf = render(&doc).unwrap();
    let text = String::from_utf8_lossy(&pdf);
    assert!(text.contains("/StructTreeRoot"), "no structure tree");
    assert!(text.contains("/MarkInfo"), "not marked as tagged");
    assert!(text.contains("/Lang"), "no language");
    let Some(info) = pdfinfo(&pdf, &[]) else { return };
    assert!(info.lines().any(|l| l.starts_with("Tagged:") && l.ends_with("yes")), "{info}");
    assert!(info.contains("For my appointment"), "the title is the document's: {info}");
    let Some(tree) = pdfinfo(&pdf, &["-struct-text"]) else { return };
    let order: Vec<&str> = tree.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let joined = order.join("\n");
    for (tag, then) in [("H1", "For my appointment"), ("H2", "Allergies"), ("TH", "Allergy"), ("TD", "Penicillin")] {
        let at = order.iter().position(|l| l.starts_with(tag)).unwrap_or_else(|| panic!("no {tag}:\n{joined}"));
        assert!(order[at..].iter().any(|l| l.contains(then)), "{tag} does not hold {then}:\n{joined}");
    }
    assert!(!joined.contains("Page 1 of 1"), "the page furniture is read:\n{joined}");
    let first = |s: &str| joined.find(s).unwrap_or_else(|| panic!("{s} is not read:\n{joined}"));
    assert!(first("Allergies") < first("Penicillin") && first("Penicillin") < first("Sarah Evans"));
}
