//! The "limits hold against the carer", through every path of the app: Karena keeps
//! sexual health private, then Sarah, her carer, imports the Synthea record holding her pills
//! and her coil. What arrives under the label is sealed for Karena; nothing Sarah reads or makes
//! holds it: timeline, search and its suggestions, the summary's lists, the FHIR and IPS files,
//! a share package (its record.json and summary.html), the readings file, the PDFs, and no
//! file anywhere in the folders. With her own password Karena sees them all. Hazard H-42.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

#[allow(dead_code)]
mod carer;
#[allow(dead_code)]
mod common;

use std::path::{Path, PathBuf};

use carer::*;
use common::*;
use phr_app::*;

/// Words only the sexual health entries of Karena's record hold (the pills, the coil, the
/// terminations) and what refers to them.
const HIDDEN_WORDS: [&str; 7] = ["Camila", "Errin", "Trinessa", "Liletta", "intrauterine", "termination", "abortion"];

const ALL: [CarerPermission; 4] =
    [CarerPermission::Readings, CarerPermission::Import, CarerPermission::Share, CarerPermission::Export];

fn holds_hidden(text: &str) -> Vec<&'static str> {
    HIDDEN_WORDS.into_iter().filter(|w| text.contains(w)).collect()
}

fn every_title(app: &App, id: &str) -> String {
    let q = TimelineQuery { limit: Some(200), show: Some(TimelineShow::Everything), ..TimelineQuery::default() };
    let mut out = String::new();
    let mut page = app.timeline(id, q.clone()).unwrap();
    loop {
        for e in &page.entries {
            out.push_str(&e.title);
            out.push('\n');
        }
        let Some(next) = page.next_cursor.clone() else { break };
        page = app.timeline(id, TimelineQuery { cursor: Some(next), ..q.clone() }).unwrap();
    }
    out
}

/// Every file under `dir`, read as it lies.
fn every_file(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(every_file(&path));
        } else {
            out.push((path.clone(), std::fs::read(&path).unwrap()));
        }
    }
    out
}

#[test]
fn nothing_the_carer_reads_or_makes_holds_what_arrived_after_it_was_made_private() {
    let tmp = tempfile::tempdir().unwrap();
    let app = app_on(tmp.path(), 2026, 11, 23);
    let karena = sarah_caring_for(&app, PASS, "Karena Pfeffer", "1994-12-21", lasting_power_of_attorney("daughter"));

    // Karena sets her own password and keeps sexual health private before anything arrives;
    // she lets Sarah do everything else, so every path is open to Sarah.
    app.set_own_access(&karena, own_pw()).unwrap();
    app.open_own_access(&karena, own_pw()).unwrap();
    let input = OwnLimitsInput { hidden: vec![Sensitivity::SexualHealth], allowed: ALL.to_vec(), show_count: true };
    app.set_own_limits(&karena, input).unwrap();
    app.close_own_access().unwrap();

    // Sarah imports the record, and adds a reading.
    app.import_files(&karena, &[fixtures().join(KARENA)]).unwrap();
    let reading = ReadingInput {
        kind: ReadingKind::Weight,
        at: Some("2026-11-23T09:00:00+00:00".into()),
        value: Some(70.0),
        value2: None,
        pulse: None,
        unit: None,
        context: None,
        arm: None,
        position: None,
        text: None,
        note: None,
        confirm: false,
    };
    app.add_reading(&karena, reading).unwrap();
    let kept = app.own_access_status(&karena).unwrap().private_count.unwrap();
    assert!(kept >= 10, "the pills and the coil were sealed for Karena: {kept}");

    // The timeline, search and its suggestions.
    let titles = every_title(&app, &karena);
    assert!(titles.contains("Acetaminophen"), "the general record is there");
    assert_eq!(holds_hidden(&titles), Vec::<&str>::new());
    for word in HIDDEN_WORDS.into_iter().chain(["contraceptive", "Camil", "pack"]) {
        let hits = serde_json::to_string(&app.search_record(&karena, word, None).unwrap()).unwrap();
        assert_eq!(holds_hidden(&hits), Vec::<&str>::new(), "search for {word}");
        let help = serde_json::to_string(&app.search_help(&karena, word).unwrap()).unwrap();
        assert_eq!(holds_hidden(&help), Vec::<&str>::new(), "suggestions for {word}");
    }

    // The summary's lists, the medicines.
    let summary = serde_json::to_string(&app.record_summary(&karena).unwrap()).unwrap();
    assert_eq!(holds_hidden(&summary), Vec::<&str>::new());
    let medicines = serde_json::to_string(&app.medicines(&karena).unwrap()).unwrap();
    assert!(medicines.contains("Acetaminophen"));
    assert_eq!(holds_hidden(&medicines), Vec::<&str>::new());

    // The files she can export.
    let out = tmp.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    app.export_fhir(&karena, &out.join("karena.json")).unwrap();
    app.export_ips(&karena, &out.join("karena-ips.json"), &[]).unwrap();
    app.export_readings(&karena, &out.join("readings.csv")).unwrap();
    for name in ["karena.json", "karena-ips.json", "readings.csv"] {
        let text = std::fs::read_to_string(out.join(name)).unwrap();
        assert_eq!(holds_hidden(&text), Vec::<&str>::new(), "{name}");
    }
    assert!(std::fs::read_to_string(out.join("readings.csv")).unwrap().contains("70"));

    // A share asking for sexual health too, opened as the professional opens it.
    let req = ShareRequest {
        recipient: ShareRecipient {
            name: "Sam Patel".into(),
            role: Some("Practice nurse".into()),
            organisation: None,
            ods_code: None,
            public_key: None,
        },
        purpose: "Her medicines review".into(),
        slice: ShareSlice {
            categories: vec![EntryKind::Medication, EntryKind::Problem, EntryKind::Procedure],
            include_sensitive: vec![Sensitivity::SexualHealth],
            ..ShareSlice::default()
        },
        expires_on: "2026-12-23".into(),
    };
    let preview = app.share_preview(&karena, req).unwrap();
    assert_eq!(holds_hidden(&serde_json::to_string(&preview.document).unwrap()), Vec::<&str>::new());
    let package = out.join("karena.phr");
    let created = app.share_create(&karena, &preview.draft_id, &package).unwrap();
    let professional = app_on(&tmp.path().join("professional"), 2026, 11, 23);
    let unlock = ShareUnlock { access_code: created.access_code.clone().map(Into::into), identity_path: None };
    let opened = professional.share_open(&package, unlock).unwrap();
    assert_eq!(opened.files.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(), ["record.json", "summary.html"]);
    let saved = tmp.path().join("professional-saved");
    std::fs::create_dir_all(&saved).unwrap();
    let written = professional.share_save_opened(&saved).unwrap();
    assert!(written.iter().any(|p| p.ends_with("record.json")) && written.iter().any(|p| p.ends_with("summary.html")));
    for path in &written {
        let text = std::fs::read_to_string(path).unwrap();
        assert_eq!(holds_hidden(&text), Vec::<&str>::new(), "{path}");
    }

    // The PDFs, read back as text (pdftotext; its absence is recorded as a skip).
    let pdfs = [
        ("summary.pdf", app.export_summary_pdf(&karena, &out.join("summary.pdf")).map(drop)),
        ("appointment.pdf", app.export_appointment_summary_pdf(&karena, &out.join("appointment.pdf")).map(drop)),
        ("card.pdf", app.export_emergency_card_pdf(&karena, &out.join("card.pdf")).map(drop)),
    ];
    for (name, made) in pdfs {
        made.unwrap();
        if let Some(pages) = common::repo::pdf_pages(&out.join(name), "a carer's PDF") {
            let text = pages.concat();
            assert!(text.contains("Karena"), "{name}");
            assert_eq!(holds_hidden(&text), Vec::<&str>::new(), "{name}");
        }
    }

    // No file anywhere, read as it lies: the vault's folder (keys, index, databases,
    // preferences, the packages-opened list), the exports, the professional's folder.
    for (path, bytes) in every_file(tmp.path()) {
        let text = String::from_utf8_lossy(&bytes);
        assert_eq!(holds_hidden(&text), Vec::<&str>::new(), "{}", path.display());
    }

    // With her own password, Karena has them all: what arrived sealed is in her private part.
    app.open_own_access(&karena, own_pw()).unwrap();
    let mut mine = String::new();
    let mut cursor = None;
    loop {
        let page = app.private_entries(&karena, cursor).unwrap();
        mine.extend(page.entries.iter().map(|e| e.title.clone() + "\n"));
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    for pill in ["Camila 28 Day Pack", "Errin 28 Day Pack", "Trinessa 28 Day Pack"] {
        assert!(mine.contains(pill), "{pill} missing from {mine}");
    }
    assert!(mine.contains("intrauterine"), "{mine}");
    assert_eq!(app.own_access_status(&karena).unwrap().private_count, Some(kept), "one private entry each");
    app.close_own_access().unwrap();
}
