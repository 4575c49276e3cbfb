//! "What matters to me" through the facade: saved whole and read back in order; a change keeps
//! the item (and its earlier version) rather than making another; a removal is put back by its
//! undo token; problems name their part, item and field; a carer needs "Add readings"; the
//! record's export carries each part as its FHIR resource, tagged as the patient's; and the
//! DTOs' `Debug` output holds nothing typed.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

#[allow(dead_code)]
mod carer;
#[allow(dead_code)]
mod common;

use carer::{lasting_power_of_attorney, own_pw, sarah_caring_for};
use common::PASS;
use phr_app::*;

fn app_in(dir: &tempfile::TempDir) -> App {
    App::with_options(dir.path().join("vault"), AppOptions { kdf: KdfProfile::Floor, ..AppOptions::default() })
}

fn me(app: &App) -> String {
    app.create_vault(Passphrase::new(PASS.to_owned())).unwrap();
    let input =
        PersonInput { name: "Margaret Evans".into(), date_of_birth: "1950-02-03".into(), nhs_number: None, role: None };
    app.add_person(input).unwrap().id.as_str().to_owned()
}

fn form() -> AboutMe {
    AboutMe {
        what_matters: vec![
            WhatMattersItem { id: None, text: "Walking my dog Bess every morning".into() },
            WhatMattersItem { id: None, text: "Being at home for my granddaughter's visits".into() },
        ],
        contacts: vec![ContactItem {
            name: "Sarah Evans".into(),
            relationship: Some(ContactRelationship::Child),
            phone: Some("07700 900123".into()),
            next_of_kin: true,
            emergency: true,
            ..ContactItem::default()
        }],
        gp_practice: Some(PracticeItem {
            name: "Riverside Surgery".into(),
            ods_code: Some("A81001".into()),
            ..PracticeItem::default()
        }),
        needs: vec![
            NeedItem { id: None, kind: CommunicationNeedKind::LargePrint, detail: None, text: String::new() },
            NeedItem {
                id: None,
                kind: CommunicationNeedKind::Interpreter,
                detail: Some("Welsh".into()),
                text: String::new(),
            },
        ],
        ..AboutMe::default()
    }
}

#[test]
fn what_matters_is_saved_whole_changed_in_place_and_a_removal_put_back() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_in(&dir);
    let person = me(&app);
    assert_eq!(app.about_me(&person).unwrap(), AboutMe::default());

    let saved = app.set_about_me(&person, &form()).unwrap();
    let about = saved.about_me;
    assert_eq!(saved.undo_token, None);
    assert_eq!(about.what_matters.len(), 2);
    assert_eq!(about.what_matters[0].text, "Walking my dog Bess every morning");
    assert_eq!(about.contacts[0].roles, ["Next of kin", "Emergency contact"]);
    assert_eq!(about.contacts[0].relationship_text, "Son or daughter");
    assert_eq!(about.needs[1].text, "A spoken language interpreter: Welsh");
    assert_eq!(about.gp_practice.as_ref().unwrap().ods_code.as_deref(), Some("A81001"));
    assert_eq!(about.updated_by.as_deref(), Some("Added by you"));

    // Swap the order and change the phone: the same items, no new ones.
    let mut changed = about.clone();
    changed.what_matters.swap(0, 1);
    changed.contacts[0].phone = Some("07700 900456".into());
    let again = app.set_about_me(&person, &changed).unwrap().about_me;
    assert_eq!(again.what_matters[0].text, "Being at home for my granddaughter's visits");
    assert_eq!(again.what_matters[0].id, about.what_matters[1].id);
    assert_eq!(again.contacts[0].id, about.contacts[0].id);
    assert_eq!(again.contacts[0].phone.as_deref(), Some("07700 900456"));

    // Saving what is there changes nothing.
    assert_eq!(app.set_about_me(&person, &again).unwrap().message, "Nothing has changed.");

    // Remove the contact and a need: one token puts both back.
    let mut fewer = again.clone();
    fewer.contacts.clear();
    fewer.needs.truncate(1);
    let removed = app.set_about_me(&person, &fewer).unwrap();
    assert!(removed.about_me.contacts.is_empty());
    assert_eq!(removed.about_me.needs.len(), 1);
    let token = removed.undo_token.unwrap();
    let back = app.restore_about_me(&person, &token).unwrap().about_me;
    assert_eq!(back.contacts.len(), 1);
    assert_eq!(back.contacts[0].name, "Sarah Evans");
    assert_eq!(back.needs.len(), 2);
    assert_eq!(app.restore_about_me(&person, &token).unwrap_err().code, ErrorCode::NothingToUndo);
}

#[test]
fn problems_name_their_part_item_and_field_and_nothing_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_in(&dir);
    let person = me(&app);
    let mut bad = form();
    bad.what_matters.extend((0..2).map(|i| WhatMattersItem { id: None, text: format!("Thing {i}") }));
    bad.contacts[0].phone = None;
    bad.needs[1].detail = None;
    let problems = app.check_about_me(&bad);
    let placed: Vec<(AboutMePart, Option<u32>, Option<ErrorField>)> =
        problems.iter().map(|p| (p.part, p.index, p.error.field)).collect();
    assert_eq!(
        placed,
        [
            (AboutMePart::WhatMatters, None, Some(ErrorField::WhatMatters)),
            (AboutMePart::Contact, Some(0), Some(ErrorField::Phone)),
            (AboutMePart::CommunicationNeed, Some(1), Some(ErrorField::Detail)),
        ]
    );
    assert_eq!(app.set_about_me(&person, &bad).unwrap_err().code, ErrorCode::InvalidInput);
    assert_eq!(app.about_me(&person).unwrap(), AboutMe::default());

    // An id that is not one of this part's is refused, nothing stored.
    let mut stale = form();
    stale.contacts[0].id = Some(EntryId::from(9999));
    assert_eq!(app.set_about_me(&person, &stale).unwrap_err().code, ErrorCode::EntryNotFound);
}

#[test]
fn the_export_carries_each_part_as_fhir_tagged_as_the_patients() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_in(&dir);
    let person = me(&app);
    app.set_about_me(&person, &form()).unwrap();
    let path = dir.path().join("export.json");
    app.export_fhir(&person, &path).unwrap();
    let bundle: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let resources: Vec<&serde_json::Value> =
        bundle["entry"].as_array().unwrap().iter().map(|e| &e["resource"]).collect();
    let of = |t: &str| resources.iter().filter(|r| r["resourceType"] == t).count();
    assert_eq!((of("Goal"), of("RelatedPerson"), of("Organization"), of("Flag")), (2, 1, 1, 2));
    let goal = resources.iter().find(|r| r["resourceType"] == "Goal").unwrap();
    assert_eq!(goal["meta"]["tag"][0]["code"], "you");
    let kin = resources.iter().find(|r| r["resourceType"] == "RelatedPerson").unwrap();
    assert_eq!(kin["relationship"][0]["coding"][0]["system"], "http://terminology.hl7.org/CodeSystem/v3-RoleCode");
    assert_eq!(kin["relationship"][1]["coding"][0]["code"], "N");
}

#[test]
fn a_carer_needs_add_readings_and_what_they_save_is_theirs() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_in(&dir);
    let karena = sarah_caring_for(&app, PASS, "Karena Pfeffer", "1994-12-21", lasting_power_of_attorney("daughter"));
    app.set_own_access(&karena, own_pw()).unwrap();
    app.open_own_access(&karena, own_pw()).unwrap();
    let limits = OwnLimitsInput { hidden: vec![], allowed: vec![CarerPermission::Import], show_count: false };
    app.set_own_limits(&karena, limits).unwrap();
    app.close_own_access().unwrap();
    assert_eq!(app.set_about_me(&karena, &form()).unwrap_err().code, ErrorCode::CarerNotAllowed);

    app.open_own_access(&karena, own_pw()).unwrap();
    let limits = OwnLimitsInput { hidden: vec![], allowed: vec![CarerPermission::Readings], show_count: false };
    app.set_own_limits(&karena, limits).unwrap();
    app.close_own_access().unwrap();
    let about = app.set_about_me(&karena, &form()).unwrap().about_me;
    assert_eq!(about.updated_by.as_deref(), Some("Added by Sarah (carer)"));
}

#[test]
fn the_words_are_the_backends_roles_places_and_decision_kinds() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_in(&dir);
    let words = app.vocabulary().about_me;
    // The roles a form ticks are named as the page names a saved contact's roles.
    let codes: Vec<&str> = words.roles.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(codes, ["nextOfKin", "carer", "emergency"]);
    let person = me(&app);
    let every = AboutMe {
        contacts: vec![ContactItem {
            name: "Sarah Evans".into(),
            phone: Some("07700 900123".into()),
            next_of_kin: true,
            carer: true,
            emergency: true,
            ..ContactItem::default()
        }],
        ..AboutMe::default()
    };
    let saved = app.set_about_me(&person, &every).unwrap().about_me;
    let labels: Vec<&str> = words.roles.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(saved.contacts[0].roles, labels);
    // One label for each place a thing that matters can take.
    assert_eq!(words.form.what_matters_items.len(), words.what_matters_max as usize);
    assert_eq!(words.form.what_matters_items[0], "The first thing that matters most");
    // The decisions the page lists, each with the words of its Add button.
    let kinds: Vec<OwnEntryKind> = words.decisions.kinds.iter().map(|k| k.kind).collect();
    assert_eq!(
        kinds,
        [
            OwnEntryKind::OrganDonation,
            OwnEntryKind::AdvanceDecision,
            OwnEntryKind::Respect,
            OwnEntryKind::PowerOfAttorney
        ]
    );
    assert_eq!(words.decisions.kinds[2].add, "Add a ReSPECT form");
    assert_eq!(words.decisions.kinds[0].add, "Add your organ donation decision");
    assert_eq!(words.appointment_pdf.save, "Save the appointment page as a PDF");
}

#[test]
fn debug_output_holds_nothing_typed() {
    let shown = format!("{:?}", form());
    assert!(!shown.contains("Bess") && !shown.contains("Sarah") && !shown.contains("Welsh"), "{shown}");
}
