//! A share with an International Patient Summary, as the person chooses: ticked, the package
//! holds ips.json beside the record, built from exactly what the share holds (the labels left
//! out stay out, an entry unticked in the preview stays out), keeping the IPS guide's
//! structural rules and the project's FHIR validator; the professional is told it is there and
//! "Save a copy" writes it. Not ticked, the package is phr-share/1 with its four files.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

#[allow(dead_code)]
mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use common::*;
use phr_app::*;
use phr_core::clock::FixedClock;
use phr_core::fhir::{MapOutcome, Resolver, map_resource, read_fhir_json};
use phr_core::ips::structural_problems;
use serde_json::Value;

const GP_CONNECT: &str = "gpconnect-stu3/access-record-structured/consultations_response1.json";

fn app_in(dir: &Path) -> App {
    let clock = Arc::new(FixedClock(Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap()));
    let app = App::with_options(dir.join("vault"), AppOptions::with_clock(clock, KdfProfile::Floor));
    app.create_vault(Passphrase::new(PASS.to_owned())).unwrap();
    app
}

fn professional(dir: &Path) -> App {
    let clock = Arc::new(FixedClock(Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap()));
    App::with_options(dir.join("professional/vault"), AppOptions::with_clock(clock, KdfProfile::Floor))
}

/// Every category, every reading kind, no sensitive label ticked: mental health is left out.
fn request(ips: bool, exclude: Vec<EntryId>) -> ShareRequest {
    ShareRequest {
        recipient: ShareRecipient {
            name: "Dr Ana Lopez".into(),
            role: Some("GP".into()),
            organisation: None,
            ods_code: None,
            public_key: None,
        },
        purpose: "My new GP practice".into(),
        slice: ShareSlice {
            categories: vec![
                EntryKind::Problem,
                EntryKind::Medication,
                EntryKind::Allergy,
                EntryKind::Immunisation,
                EntryKind::Result,
                EntryKind::Procedure,
                EntryKind::Document,
                EntryKind::Other,
            ],
            exclude_entries: exclude,
            ips,
            ..ShareSlice::default()
        },
        expires_on: "2026-12-23".into(),
    }
}

/// Every resource in a document Bundle but its Composition (the document itself) mapped with
/// the record's own mapping: (title, label).
fn mapped(text: &str) -> Vec<(String, phr_core::record::Sensitivity)> {
    let parsed = read_fhir_json(text).unwrap();
    let resolver = Resolver::new(&parsed.resources);
    parsed
        .resources
        .iter()
        .filter(|r| r.value["resourceType"] != "Composition")
        .filter_map(|r| match map_resource(&r.value, &resolver) {
            MapOutcome::Mapped(e) | MapOutcome::Unmapped(e) => Some((e.title, e.sensitivity)),
            MapOutcome::Rejected(_) => None,
        })
        .collect()
}

/// Makes the package (preview, then create from it), opens it as a professional and saves a
/// copy into `saved`: the opened view and the saved files' names.
fn make_open_save(app: &App, me: &PersonId, req: ShareRequest, dir: &Path, name: &str) -> (SharePreview, OpenedShare) {
    let preview = app.share_preview(me, req).unwrap();
    let out = dir.join(format!("{name}.phrshare"));
    let created = app.share_create(me, &preview.draft_id, &out).unwrap();
    let pro = professional(&dir.join(name));
    let unlock = ShareUnlock { access_code: created.access_code.map(Into::into), identity_path: None };
    let opened = pro.share_open(&out, unlock).unwrap();
    let saved = dir.join(name).join("saved");
    std::fs::create_dir_all(&saved).unwrap();
    pro.share_save_opened(&saved).unwrap();
    (preview, opened)
}

#[test]
fn a_share_with_the_summary_holds_ips_json_of_exactly_what_is_shared_and_nothing_left_out() {
    let tmp = tempfile::tempdir().unwrap();
    let app = app_in(tmp.path());
    let me = add_person_matching(&app, GP_CONNECT);
    app.import_files(&me, &[fixtures().join(GP_CONNECT)]).unwrap();

    // The preview of the same slice without the summary: one general medicine to untick.
    let first = app.share_preview(&me, request(false, vec![])).unwrap();
    assert_eq!(first.ips, None);
    let medicines = first.document.sections.iter().find(|s| s.kind == EntryKind::Medication).unwrap();
    let unticked = medicines.rows.iter().find(|r| r.entry_id.is_some()).unwrap();
    let unticked_title = unticked.title.clone();

    let (preview, opened) =
        make_open_save(&app, &me, request(true, vec![unticked.entry_id.clone().unwrap()]), tmp.path(), "with");
    assert_eq!(preview.ips.as_deref(), Some(phr_core::share::IPS_IN_PREVIEW));
    assert_eq!(opened.ips.as_deref(), Some(phr_core::share::IPS_IN_PACKAGE));
    let names: Vec<&str> = opened.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["record.json", "summary.html", "ips.json"]);
    assert_eq!(opened.files[2].media_type, "application/fhir+json");

    let saved = tmp.path().join("with/saved");
    let manifest: Value = serde_json::from_slice(&std::fs::read(saved.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["format"], "phr-share/2");
    assert_eq!(manifest["consent"]["slice"]["ips"], true);
    assert_eq!(manifest["files"][2]["name"], "ips.json");

    let ips_path = saved.join("ips.json");
    let ips_text = std::fs::read_to_string(&ips_path).unwrap();
    let ips: Value = serde_json::from_str(&ips_text).unwrap();
    assert_eq!(structural_problems(&ips), vec![], "the shared IPS keeps the IPS guide's rules");
    assert_eq!(ips["entry"][0]["resource"]["type"]["coding"][0]["code"], "60591-5");
    repo::assert_valid_fhir(&[ips_path.as_path()], "the IPS inside a share");

    // Nothing of mental health (left out by not ticking its label): not an entry, a
    // Medication, a reference's words nor any section's narrative.
    for (title, s) in mapped(&ips_text) {
        assert_ne!(s, phr_core::record::Sensitivity::MentalHealth, "{title} is in the shared IPS");
    }
    assert!(!ips_text.to_lowercase().contains("citalopram"), "the antidepressant is in the shared IPS");
    // Nor the entry unticked in the preview.
    assert!(!ips_text.contains(&unticked_title), "{unticked_title} was unticked but is in the IPS");

    // Everything the IPS lists is in the shared record too: it adds nothing.
    let record_text = std::fs::read_to_string(saved.join("record.json")).unwrap();
    let in_record: BTreeSet<String> = mapped(&record_text).into_iter().map(|(t, _)| t).collect();
    let in_ips: BTreeSet<String> = mapped(&ips_text).into_iter().map(|(t, _)| t).collect();
    assert!(in_ips.len() > 2, "the IPS holds the shared entries: {in_ips:?}");
    let extra: Vec<&String> = in_ips.difference(&in_record).collect();
    assert!(extra.is_empty(), "in the IPS but not in the share: {extra:?}");
}

#[test]
fn a_share_without_the_summary_is_phr_share_1_with_four_files() {
    let tmp = tempfile::tempdir().unwrap();
    let app = app_in(tmp.path());
    let me = add_person_matching(&app, GP_CONNECT);
    app.import_files(&me, &[fixtures().join(GP_CONNECT)]).unwrap();

    let (_, opened) = make_open_save(&app, &me, request(false, vec![]), tmp.path(), "without");
    assert_eq!(opened.ips, None);
    let names: Vec<&str> = opened.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["record.json", "summary.html"]);
    let saved = tmp.path().join("without/saved");
    assert!(!saved.join("ips.json").exists());
    let manifest = std::fs::read_to_string(saved.join("manifest.json")).unwrap();
    assert!(manifest.contains("\"format\": \"phr-share/1\""), "{manifest}");
    assert!(!manifest.contains("ips"), "{manifest}");
}
