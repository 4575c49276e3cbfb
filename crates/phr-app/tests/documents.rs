//! Documents and decisions kept in the person's record through the facade: a letter (PDF)
//! added from a file survives an export and an import into a fresh vault byte for byte; a file
//! over the cap or of another type is refused naming the file; the form's problems name their
//! field; a carer without "Add readings" is refused, one without "Export" cannot save a copy;
//! a photo is shown only as the photo its bytes say it is; the decisions are listed, an older
//! ReSPECT form said to be replaced; and the organ donation page opens only as the table has it.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

#[allow(dead_code)]
mod carer;
#[allow(dead_code)]
mod common;

use carer::{lasting_power_of_attorney, own_pw, sarah_caring_for};
use common::PASS;
use phr_app::*;

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, b'I', b'H', b'D', b'R'];

fn app_in(dir: &std::path::Path) -> App {
    App::with_options(dir.join("vault"), AppOptions { kdf: KdfProfile::Floor, ..AppOptions::default() })
}

fn me_in(app: &App) -> String {
    app.create_vault(Passphrase::new(PASS.to_owned())).unwrap();
    app.add_person(PersonInput {
        name: "Jane Doe".into(),
        date_of_birth: "1970-01-02".into(),
        nhs_number: None,
        role: None,
    })
    .unwrap()
    .id
    .as_str()
    .to_owned()
}

fn form(kind: OwnEntryKind, name: &str) -> OwnEntryForm {
    OwnEntryForm { kind: Some(kind), name: name.into(), ..OwnEntryForm::default() }
}

fn file(dir: &std::path::Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn a_letter_survives_export_and_import_into_a_fresh_vault_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_in(dir.path());
    let me = me_in(&app);
    let asthma = app.add_own_entry(&me, &form(OwnEntryKind::Condition, "Asthma")).unwrap().entry.unwrap();
    let letter = OwnEntryForm {
        date: Some("2026-01-15".into()),
        about: Some(asthma.entry_id.clone()),
        ..form(OwnEntryKind::Document, "Letter from the asthma clinic")
    };
    // A letter of a few KB, as a real one is at least.
    let letter_bytes: Vec<u8> = PDF.iter().copied().chain(std::iter::repeat_n(b'%', 4000)).collect();
    let pdf = file(dir.path(), "clinic letter.pdf", &letter_bytes);
    let saved = app.add_own_entry_with_file(&me, &letter, Some(&pdf)).unwrap().entry.unwrap();
    let kept = saved.file.clone().unwrap();
    assert_eq!(
        (kept.file_name.as_str(), kept.type_text.as_str(), kept.is_image),
        ("clinic letter.pdf", "a PDF", false)
    );
    assert_eq!(saved.form.about, Some(asthma.entry_id.clone()), "the letter says which entry it is about");
    assert_eq!(saved.added_by, "Added by you");
    let detail = app.entry(&me, &saved.entry_id).unwrap();
    assert!(detail.related.iter().any(|r| r.id == asthma.entry_id), "linked to the condition");
    assert!(
        !detail.raw_json.contains(&base64_of(&letter_bytes)),
        "the entry's page is not sent the file's bytes as text"
    );
    assert!(detail.raw_json.contains("is kept in the record and not shown here"), "{}", detail.raw_json);

    // A change that chooses no new file keeps the one kept.
    let changed = OwnEntryForm { text: Some("Peak flow plan".into()), ..saved.form.clone() };
    let changed = app.edit_own_entry(&me, &saved.entry_id, &changed).unwrap().entry.unwrap();
    assert_eq!(changed.version, 2);
    assert_eq!(changed.file.as_ref().unwrap().file_name, "clinic letter.pdf");

    let export = dir.path().join("export.json");
    app.export_fhir(&me, &export).unwrap();
    let bundle: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&export).unwrap()).unwrap();
    let doc = bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["resource"])
        .find(|r| r["resourceType"] == "DocumentReference")
        .unwrap();
    assert_eq!(doc["author"][0]["reference"], format!("Patient/{me}"));
    assert_eq!(doc["content"][0]["attachment"]["contentType"], "application/pdf");
    assert_eq!(doc["content"][0]["attachment"]["size"], letter_bytes.len());
    assert_eq!(doc["meta"]["tag"][0]["code"], "you");

    // A fresh vault for the same person imports it, and the kept bytes are equal.
    let other = tempfile::tempdir().unwrap();
    let fresh = app_in(other.path());
    let her = me_in(&fresh);
    fresh.import_files(&her, &[export]).unwrap();
    let query = TimelineQuery { show: Some(TimelineShow::Everything), ..TimelineQuery::default() };
    let row = fresh
        .timeline(&her, query)
        .unwrap()
        .entries
        .into_iter()
        .find(|e| e.title == "Letter from the asthma clinic")
        .unwrap();
    assert_eq!(row.added_by.as_deref(), Some("Added by you"), "still the person's own after the import");
    let imported = fresh.entry(&her, &row.id).unwrap();
    let attachment = &imported.attachments[0];
    let out = other.path().join("copy.pdf");
    fresh.save_attachment(&her, &attachment.id, &out).unwrap();
    assert_eq!(std::fs::read(&out).unwrap(), letter_bytes);
}

fn base64_of(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[test]
fn a_file_too_large_or_of_another_type_is_refused_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_in(dir.path());
    let me = me_in(&app);
    let letter = form(OwnEntryKind::Document, "Letter");
    let mut big = PDF.to_vec();
    big.resize(20_000_001, b' ');
    let huge = file(dir.path(), "huge scan.pdf", &big);
    let err = app.add_own_entry_with_file(&me, &letter, Some(&huge)).unwrap_err();
    assert_eq!((err.code, err.field), (ErrorCode::FileTooLarge, Some(ErrorField::File)));
    assert!(err.message.contains("huge scan.pdf") && err.message.contains("20 MB"), "{}", err.message);

    let word = file(dir.path(), "letter.pdf", b"PK\x03\x04 a Word document renamed");
    let err = app.add_own_entry_with_file(&me, &letter, Some(&word)).unwrap_err();
    assert_eq!((err.code, err.field), (ErrorCode::UnsupportedFormat, Some(ErrorField::File)));
    assert!(err.message.starts_with("letter.pdf is not a PDF, JPEG or PNG file"), "{}", err.message);

    // Without a file a document is refused on its file; a decision needs its date.
    let err = app.add_own_entry(&me, &letter).unwrap_err();
    assert_eq!(err.field, Some(ErrorField::File));
    let fields: Vec<Option<ErrorField>> =
        app.check_own_entry(&form(OwnEntryKind::OrganDonation, "")).unwrap().into_iter().map(|e| e.field).collect();
    assert_eq!(fields, [Some(ErrorField::Date), Some(ErrorField::Decision)]);
    assert!(app.own_entries(&me).unwrap().is_empty(), "nothing stored");
}

#[test]
fn a_photo_is_shown_and_a_copy_saved_only_as_what_its_bytes_are() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_in(dir.path());
    let me = me_in(&app);
    // Named .jpg, but a PNG: it is kept, shown and saved as the PNG it is.
    let photo = file(dir.path(), "rash", PNG);
    let saved = app
        .add_own_entry_with_file(&me, &form(OwnEntryKind::Document, "Rash on my arm"), Some(&photo))
        .unwrap()
        .entry
        .unwrap();
    let kept = saved.file.unwrap();
    assert!(kept.is_image);
    let id = kept.attachment_id.unwrap();
    let image = app.attachment_image(&me, &id).unwrap();
    assert!(
        image.data_url.starts_with("data:image/png;base64,"),
        "{}",
        image.data_url.chars().take(30).collect::<String>()
    );
    assert_eq!(app.attachment_file_name(&me, &id).unwrap(), "rash.png");

    let pdf = file(dir.path(), "letter.pdf", PDF);
    let letter =
        app.add_own_entry_with_file(&me, &form(OwnEntryKind::Document, "Letter"), Some(&pdf)).unwrap().entry.unwrap();
    let pdf_id = letter.file.unwrap().attachment_id.unwrap();
    assert_eq!(app.attachment_image(&me, &pdf_id).unwrap_err().code, ErrorCode::UnsupportedFormat);
    let missing = AttachmentId::from("9999");
    assert_eq!(app.attachment_image(&me, &missing).unwrap_err().code, ErrorCode::EntryNotFound);

    // Saving a copy is in the audit log.
    app.save_attachment(&me, &pdf_id, &dir.path().join("out.pdf")).unwrap();
    let log = app.audit_log(&me).unwrap();
    assert!(log.iter().any(|e| e.detail.contains("a copy of a kept file")), "{log:?}");
}

#[test]
fn a_carer_without_permission_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_in(dir.path());
    let karena = sarah_caring_for(&app, PASS, "Karena Pfeffer", "1994-12-21", lasting_power_of_attorney("daughter"));
    app.set_own_access(&karena, own_pw()).unwrap();
    app.open_own_access(&karena, own_pw()).unwrap();
    let pdf = file(dir.path(), "respect.pdf", PDF);
    let respect = OwnEntryForm { date: Some("2025-06-01".into()), ..form(OwnEntryKind::Respect, "") };
    let hers = app.add_own_entry_with_file(&karena, &respect, Some(&pdf)).unwrap().entry.unwrap();
    let limits = OwnLimitsInput { hidden: vec![], allowed: vec![CarerPermission::Import], show_count: false };
    app.set_own_limits(&karena, limits).unwrap();
    app.close_own_access().unwrap();

    let err = app.add_own_entry_with_file(&karena, &respect, Some(&pdf)).unwrap_err();
    assert_eq!(err.code, ErrorCode::CarerNotAllowed);
    let attachment = hers.file.unwrap().attachment_id.unwrap();
    let err = app.save_attachment(&karena, &attachment, &dir.path().join("copy.pdf")).unwrap_err();
    assert_eq!(err.code, ErrorCode::CarerNotAllowed);
    assert!(!dir.path().join("copy.pdf").exists());
    // Reading the record is still allowed: the decision is listed, with who added it.
    let decisions = app.decisions(&karena).unwrap();
    assert_eq!(decisions.items.len(), 1);
    assert_eq!(decisions.items[0].added_by, "Added by Karena");
}

#[test]
fn decisions_are_listed_latest_first_and_an_older_one_said_to_be_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_in(dir.path());
    let me = me_in(&app);
    let organ = OwnEntryForm {
        date: Some("2024-04-01".into()),
        decision: Some(DonationDecision::OptOut),
        registered: Some(true),
        ..form(OwnEntryKind::OrganDonation, "")
    };
    let organ = app.add_own_entry(&me, &organ).unwrap().entry.unwrap();
    assert_eq!(
        organ.statement.as_deref(),
        Some("Does not want to donate their organs and tissue. Registered on the NHS Organ Donor Register.")
    );
    let page = organ.page.unwrap();
    app.meaning_page(&page.url).unwrap();
    let newer = OwnEntryForm { date: Some("2025-09-10".into()), ..form(OwnEntryKind::Respect, "") };
    let older = OwnEntryForm { date: Some("2022-02-03".into()), ..form(OwnEntryKind::Respect, "") };
    app.add_own_entry(&me, &newer).unwrap();
    let old = app.add_own_entry(&me, &older).unwrap().entry.unwrap();
    assert_eq!(old.replaced.as_deref(), Some("A newer ReSPECT form is in this record: this one may no longer apply."));
    let list = app.decisions(&me).unwrap().items;
    let seen: Vec<(OwnEntryKind, Option<&str>, bool)> =
        list.iter().map(|d| (d.kind, d.date.as_deref(), d.latest)).collect();
    assert_eq!(
        seen,
        [
            (OwnEntryKind::OrganDonation, Some("2024-04-01"), true),
            (OwnEntryKind::Respect, Some("2025-09-10"), true),
            (OwnEntryKind::Respect, Some("2022-02-03"), false),
        ]
    );
    assert_eq!(list[1].date_text.as_deref(), Some("10 Sep 2025"));
    assert_eq!(list[1].title, "ReSPECT form");
}
