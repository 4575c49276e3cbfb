//! The appointment summary and the emergency card as PDFs, read back with pdftotext: every
//! allergy and current medicine the record summary lists is on both (none left out, none that
//! has stopped), the person's own entries marked "Added by you", the NICE home blood pressure
//! average, what matters, communication needs, contacts and the GP practice, "as recorded on"
//! the day (on both); one page for an ordinary record; and the PDFs are tagged for a screen
//! reader.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

#[allow(dead_code)]
mod common;

use std::path::Path;
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use common::*;
use phr_app::*;
use phr_core::clock::FixedClock;

const KARENA: &str = "synthea-r4-smart/Karena_Pfeffer_1f99a0cb-594b-476a-b9cb-502594c1ee6b.json";

fn app_at(dir: &Path) -> App {
    let clock = Arc::new(FixedClock(Utc.with_ymd_and_hms(2026, 11, 23, 14, 5, 0).unwrap()));
    let app = App::with_options(dir.join("vault"), AppOptions::with_clock(clock, KdfProfile::Floor));
    app.create_vault(Passphrase::new(PASS.to_owned())).unwrap();
    app
}

/// The PDF's pages, each with its words joined by single spaces.
fn pages(path: &Path) -> Option<Vec<String>> {
    let pages = common::repo::pdf_pages(path, "the PDF's text")?;
    Some(pages.iter().map(|p| p.split_whitespace().collect::<Vec<_>>().join(" ")).collect())
}

fn own(app: &App, person: &str, kind: OwnEntryKind, name: &str) {
    let form = OwnEntryForm { kind: Some(kind), name: name.into(), ..OwnEntryForm::default() };
    app.add_own_entry(person, &form).unwrap();
}

fn about() -> AboutMe {
    AboutMe {
        what_matters: vec![WhatMattersItem { id: None, text: "Walking my dog Bess every morning".into() }],
        contacts: vec![
            ContactItem {
                name: "Sarah Evans".into(),
                relationship: Some(ContactRelationship::Child),
                phone: Some("07700 900123".into()),
                next_of_kin: true,
                emergency: true,
                ..ContactItem::default()
            },
            ContactItem {
                name: "Tom Pryce".into(),
                relationship: Some(ContactRelationship::Neighbour),
                ..ContactItem::default()
            },
        ],
        needs: vec![NeedItem { id: None, kind: CommunicationNeedKind::LargePrint, detail: None, text: String::new() }],
        gp_practice: Some(PracticeItem {
            name: "Riverside Surgery".into(),
            ods_code: Some("A81001".into()),
            phone: Some("0113 496 0000".into()),
            ..PracticeItem::default()
        }),
        ..AboutMe::default()
    }
}

fn bp_week(app: &App, person: &str) {
    for day in 0..6 {
        for (hour, sys, dia) in [(8, 142.0, 88.0), (19, 138.0, 86.0)] {
            let at = Utc.with_ymd_and_hms(2026, 11, 16 + day, hour, 0, 0).unwrap().to_rfc3339();
            let input = ReadingInput {
                kind: ReadingKind::BloodPressure,
                at: Some(at),
                value: Some(sys),
                value2: Some(dia),
                pulse: None,
                unit: None,
                context: None,
                arm: None,
                position: None,
                text: None,
                note: None,
                confirm: false,
            };
            app.add_reading(person, input).unwrap();
        }
    }
}

#[test]
fn a_new_persons_appointment_summary_is_one_page_with_their_own_entries_marked() {
    let tmp = tempfile::tempdir().unwrap();
    let app = app_at(tmp.path());
    let person = app
        .add_person(PersonInput {
            name: "Margaret Evans".into(),
            date_of_birth: "1950-02-03".into(),
            nhs_number: None,
            role: None,
        })
        .unwrap()
        .id;
    own(&app, &person, OwnEntryKind::Medicine, "Ibuprofen 200mg tablets");
    // The reaction is what a paramedic needs beside the name: both pages say it.
    let allergy = OwnEntryForm {
        kind: Some(OwnEntryKind::Allergy),
        name: "Elastoplast".into(),
        reaction: Some("Blistered skin".into()),
        ..OwnEntryForm::default()
    };
    app.add_own_entry(&person, &allergy).unwrap();
    own(&app, &person, OwnEntryKind::Condition, "Osteoarthritis of knee");
    app.set_about_me(&person, &about()).unwrap();
    bp_week(&app, &person);

    let path = tmp.path().join("appointment.pdf");
    app.export_appointment_summary_pdf(&person, &path).unwrap();
    if let Some(keep) = std::env::var_os("KEEP_PDFS") {
        std::fs::copy(&path, Path::new(&keep).join("appointment.pdf")).unwrap();
    }
    let Some(summary) = pages(&path) else { return };
    assert_eq!(summary.len(), 1, "one page:\n{}", summary.join("\n---\n"));
    let text = &summary[0];
    for expected in [
        "For my appointment",
        "As recorded on 23 Nov 2026.",
        "Ibuprofen 200mg tablets",
        "Elastoplast",
        "Blistered skin",
        "Osteoarthritis of knee",
        "Added by you",
        "Home average 140/87 mmHg (NICE method",
        "Walking my dog Bess every morning",
        "Information in large print",
        "Sarah Evans",
        "07700 900123",
        "Next of kin",
        "Tom Pryce",
        "Riverside Surgery, 0113 496 0000 (practice code A81001)",
    ] {
        assert!(text.contains(expected), "{expected:?} is not on the summary:\n{text}");
    }

    let card = tmp.path().join("card.pdf");
    app.export_emergency_card_pdf(&person, &card).unwrap();
    if let Some(keep) = std::env::var_os("KEEP_PDFS") {
        std::fs::copy(&card, Path::new(&keep).join("card.pdf")).unwrap();
    }
    let Some(card_pages) = pages(&card) else { return };
    let text = card_pages.concat();
    for expected in [
        "Emergency information",
        "As recorded on 23 Nov 2026.",
        "Riverside Surgery, 0113 496 0000 (practice code A81001)",
        "Elastoplast",
        "Blistered skin",
        "Ibuprofen 200mg tablets",
        "Sarah Evans",
        "Information in large print",
    ] {
        assert!(text.contains(expected), "{expected:?} is not on the card:\n{text}");
    }
    // Only emergency contacts and next of kin are on the card.
    assert!(!text.contains("Tom Pryce"), "a contact who is not for emergencies is on the card:\n{text}");
    assert!(tagged(&path) && tagged(&card), "the PDFs are tagged");
}

fn tagged(path: &Path) -> bool {
    let bytes = std::fs::read(path).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    text.contains("/StructTreeRoot") && text.contains("/MarkInfo")
}

#[test]
fn every_allergy_and_current_medicine_of_the_summary_is_on_both_and_nothing_stopped() {
    let tmp = tempfile::tempdir().unwrap();
    let app = app_at(tmp.path());
    let karena = add_person_matching(&app, KARENA);
    app.import_files(&karena, &[fixtures().join(KARENA)]).unwrap();
    let stopped = OwnEntryForm {
        kind: Some(OwnEntryKind::Medicine),
        name: "Cetirizine 10mg tablets".into(),
        status: Some(OwnEntryStatus::Past),
        ..OwnEntryForm::default()
    };
    app.add_own_entry(&karena, &stopped).unwrap();
    let summary = app.record_summary(&karena).unwrap();
    assert!(summary.allergies.len() >= 5);
    for (name, export) in [
        ("appointment", App::export_appointment_summary_pdf as fn(&App, &str, &Path) -> Result<SavedPdf, AppError>),
        ("card", App::export_emergency_card_pdf),
    ] {
        let path = tmp.path().join(format!("{name}.pdf"));
        export(&app, &karena, &path).unwrap();
        let Some(pages) = pages(&path) else { return };
        let text = pages.concat();
        for allergy in &summary.allergies {
            assert!(text.contains(&allergy.title), "{name}: allergy {:?} is missing", allergy.title);
        }
        for m in summary.medicines.shown.iter().filter(|m| m.current) {
            assert!(text.contains(&m.name), "{name}: current medicine {:?} is missing", m.name);
        }
        assert!(!text.contains("Cetirizine"), "{name}: a medicine the person stopped is listed");
        for (i, page) in pages.iter().enumerate() {
            assert!(page.contains("Karena"), "{name}: page {} does not name the person", i + 1);
        }
    }
}
