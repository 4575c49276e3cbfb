//! The printable PDFs through the facade (the record summary, the blood pressure week, the
//! recovery key), read back as text with pdftotext: what is on the paper, whose it is, and
//! where and how the file is written.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

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

/// The PDF's text, all pages; `None` when pdftotext is missing (the skip is recorded).
/// Its words are joined by single spaces, so a name wrapped in a table cell reads whole.
fn text(path: &Path) -> Option<String> {
    pages(path).map(|pages| pages.concat())
}

/// The PDF's pages, each with its words joined by single spaces.
fn pages(path: &Path) -> Option<Vec<String>> {
    let pages = common::repo::pdf_pages(path, "the PDF's text")?;
    Some(pages.iter().map(|p| p.split_whitespace().collect::<Vec<_>>().join(" ")).collect())
}

fn mode(path: &Path) -> u32 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }
    #[cfg(not(unix))]
    0o600
}

#[test]
fn the_summary_pdf_lists_every_allergy_and_names_the_person_on_every_page() {
    let tmp = tempfile::tempdir().unwrap();
    let app = app_at(tmp.path());
    let karena = add_person_matching(&app, KARENA);
    app.import_files(&karena, &[fixtures().join(KARENA)]).unwrap();
    let summary = app.record_summary(&karena).unwrap();
    let person = app.list_people().unwrap().into_iter().find(|p| p.id == karena).unwrap();
    assert!(summary.allergies.len() >= 5, "the fixture's allergies: {}", summary.allergies.len());

    let path = tmp.path().join("summary.pdf");
    let saved = app.export_summary_pdf(&karena, &path).unwrap();
    assert_eq!(saved.bytes, std::fs::metadata(&path).unwrap().len());
    assert_eq!(mode(&path), 0o600, "a health record's summary is readable only by its owner");
    let Some(pages) = pages(&path) else { return };
    let all = pages.concat();
    for allergy in &summary.allergies {
        assert!(all.contains(&allergy.title), "allergy {:?} missing from the summary PDF", allergy.title);
    }
    for heading in [
        "Allergies and reactions",
        "Active problems and conditions",
        "Current medicines",
        "Recent test results",
        "Vaccinations",
    ] {
        assert!(all.contains(heading), "section {heading:?} missing");
    }
    for problem in &summary.active_problems {
        assert!(all.contains(&problem.title), "problem {:?} missing", problem.title);
    }
    for medicine in &summary.medicines.shown {
        assert!(all.contains(&medicine.name), "medicine {:?} missing", medicine.name);
    }
    for (i, page) in pages.iter().enumerate() {
        assert!(page.contains(&person.name), "page {} does not name {}", i + 1, person.name);
        assert!(page.contains("Printed on 23 Nov 2026"), "page {} lacks the day printed", i + 1);
        assert!(page.contains(&format!("Page {} of {}", i + 1, pages.len())));
    }
    let born = chrono::NaiveDate::parse_from_str(&person.date_of_birth, "%Y-%m-%d").unwrap();
    assert!(all.contains(&format!("Date of birth: {}", born.format("%-d %b %Y"))));
}

#[test]
fn one_persons_summary_pdf_holds_nothing_of_another_persons_record() {
    let tmp = tempfile::tempdir().unwrap();
    let app = app_at(tmp.path());
    let karena = add_person_matching(&app, KARENA);
    app.import_files(&karena, &[fixtures().join(KARENA)]).unwrap();
    let dino = add_person_matching(&app, SYNTHEA);
    app.import_files(&dino, &[fixtures().join(SYNTHEA)]).unwrap();
    let people = app.list_people().unwrap();
    let name = |id: &PersonId| people.iter().find(|p| &p.id == id).unwrap().name.clone();

    let path = tmp.path().join("dino.pdf");
    app.export_summary_pdf(&dino, &path).unwrap();
    let Some(text) = text(&path) else { return };
    assert!(text.contains(&name(&dino)));
    assert!(!text.contains(&name(&karena)), "another person's name is on the page");
    for allergy in app.record_summary(&karena).unwrap().allergies {
        assert!(!text.contains(&allergy.title), "another person's allergy {:?} is on the page", allergy.title);
    }
    assert!(text.contains("No allergy information has been imported"), "an empty section says so:\n{text}");
}

#[test]
fn the_blood_pressure_week_pdf_shows_the_average_and_the_week() {
    let tmp = tempfile::tempdir().unwrap();
    let app = app_at(tmp.path());
    let ada = app
        .add_person(PersonInput {
            name: "Ada Lovelace".into(),
            date_of_birth: "1948-07-05".into(),
            nhs_number: None,
            role: None,
        })
        .unwrap()
        .id;
    let path = tmp.path().join("bp.pdf");
    let e = app.export_bp_week_pdf(&ada, &path).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput, "no week, no average, nothing to print");
    assert!(!path.exists());

    app.start_bp_week(&ada).unwrap();
    for (minute, sys, dia) in [(30, 128.0, 82.0), (31, 126.0, 80.0)] {
        let at = Utc.with_ymd_and_hms(2026, 11, 23, 12, minute, 0).unwrap().to_rfc3339();
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
        app.add_reading(&ada, input).unwrap();
    }
    let week = app.bp_week(&ada).unwrap();
    app.export_bp_week_pdf(&ada, &path).unwrap();
    assert_eq!(mode(&path), 0o600);
    let Some(text) = text(&path) else { return };
    for expected in [
        "Home blood pressure summary",
        "Ada Lovelace",
        "Date of birth: 5 Jul 1948",
        "Printed on 23 Nov 2026",
        "Your home blood pressure average",
        "Your week",
        "(not counted)",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from:\n{text}");
    }
    let explanation = week.average.unwrap().explanation;
    let first_words: String = explanation.split_whitespace().take(4).collect::<Vec<_>>().join(" ");
    assert!(text.contains(&first_words), "the average's explanation {explanation:?} is missing");
}

#[test]
fn the_recovery_key_pdf_holds_the_key_and_is_written_only_where_chosen() {
    let tmp = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock(Utc.with_ymd_and_hms(2026, 11, 23, 14, 5, 0).unwrap()));
    let app = App::with_options(tmp.path().join("vault"), AppOptions::with_clock(clock, KdfProfile::Floor));
    let created = app.create_vault(Passphrase::new(PASS.to_owned())).unwrap();
    let chosen = tmp.path().join("chosen");
    std::fs::create_dir(&chosen).unwrap();
    let path = chosen.join("recovery key.pdf");

    let before = temp_files();
    app.save_recovery_key_pdf(SecretString::new(created.recovery_key.clone()), &path).unwrap();
    assert_eq!(mode(&path), 0o600, "the recovery key's page is readable only by its owner");
    let names: Vec<_> = std::fs::read_dir(&chosen).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, ["recovery key.pdf"], "nothing else left beside it");
    assert_eq!(temp_files(), before, "nothing written to the temporary folder");

    let e = app.save_recovery_key_pdf(SecretString::new("not a key".into()), &chosen.join("other.pdf")).unwrap_err();
    assert_eq!(e.code, ErrorCode::RecoveryKeyMalformed);
    assert!(!chosen.join("other.pdf").exists());

    app.lock();
    let e = app.save_recovery_key_pdf(SecretString::new(created.recovery_key.clone()), &chosen.join("locked.pdf"));
    assert_eq!(e.unwrap_err().code, ErrorCode::VaultLocked);
    assert!(!chosen.join("locked.pdf").exists());

    let Some(text) = text(&path) else { return };
    assert!(text.contains(&created.recovery_key), "the key as shown on screen is on the page:\n{text}");
    assert!(text.contains("Your recovery key") && text.contains("Printed on 23 Nov 2026"));
    assert!(text.contains("delete the PDF file"), "the page says to delete the file once printed");
}

/// The names in the system's temporary folder that look like ours (a PDF or a temporary file).
fn temp_files() -> Vec<std::ffi::OsString> {
    let mut names: Vec<_> = std::fs::read_dir(std::env::temp_dir())
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.file_name()))
        .filter(|n| n.to_string_lossy().contains("recovery"))
        .collect();
    names.sort();
    names
}

#[test]
fn the_desktop_saves_a_pdf_to_a_chosen_place_and_gets_a_handle_to_open_it() {
    let tmp = tempfile::tempdir().unwrap();
    let app = app_at(tmp.path());
    let dino = add_person_matching(&app, SYNTHEA);
    let path = tmp.path().join("summary.pdf");
    let choice = app.file_chosen(FilePurpose::SavePdf, vec![path.clone()]).unwrap();
    let saved = app.export_summary_pdf_to(&dino, &choice.handle).unwrap();
    assert_eq!(saved.display_name, "summary.pdf");
    assert!(path.exists());
    let again = app.export_summary_pdf_to(&dino, &choice.handle).unwrap_err();
    assert_eq!(again.code, ErrorCode::FileChoiceInvalid, "a save choice is spent");
    let wrong = app.export_summary_pdf_to(&dino, &saved.handle).unwrap_err();
    assert_eq!(wrong.code, ErrorCode::FileChoiceInvalid, "the handle to open a PDF cannot save one");
    let other = app.file_chosen(FilePurpose::ExportFhir, vec![tmp.path().join("x.pdf")]).unwrap();
    assert_eq!(app.open_saved_pdf(&other.handle).unwrap_err().code, ErrorCode::FileChoiceInvalid);
}
