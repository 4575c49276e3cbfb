//! "What matters to me" as one tick in a share: the slice admits those resources (the things
//! that matter, contacts, the practice, communication needs, decisions) only when ticked and
//! never through a category; a consent made before the tick reads as not ticked; the document,
//! its reading back and the summary say them in plain words.

use chrono::{TimeZone, Utc};
use phr_core::record::about_me::{
    self, CommunicationNeed, Contact, GpPractice, NeedKind, Relationship, WhatMatters, contact_resource, need_resource,
    practice_resource, what_matters_resource,
};
use phr_core::record::own_document::DonationDecision;
use phr_core::record::own_entry::{self, Author, OwnEntryInput, OwnKind};
use phr_core::record::{EntryKind, Sensitivity};
use phr_core::share::{
    ShareConsent, ShareSlice, SharedEntry, SharedPatient, SliceContents, WHAT_MATTERS_TITLE, WhatMattersPart,
    build_document, read_document, render_summary, what_matters_part,
};
use serde_json::{Value, json};

use super::{FINGERPRINT, consent, day, ids, slice_of};

const PATIENT: &str = "Patient/p1";

fn about(id: &str) -> about_me::Written<'static> {
    about_me::Written {
        id: Box::leak(id.to_owned().into_boxed_str()),
        version: 1,
        author: &Author::Person,
        patient: PATIENT,
        now: Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap(),
    }
}

fn organ_donation() -> Value {
    let input = OwnEntryInput {
        decision: Some(DonationDecision::OptIn),
        registered: true,
        date: Some(day(2025, 3, 1)),
        ..OwnEntryInput::default()
    };
    let w = own_entry::Written {
        id: "d1",
        version: 1,
        author: &Author::Person,
        patient: PATIENT,
        now: Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap(),
    };
    own_entry::resource(OwnKind::OrganDonation, &input, &w)
}

fn shared(entry_id: i64, kind: EntryKind, resource: &Value) -> SharedEntry {
    SharedEntry {
        entry_id,
        kind,
        sensitivity: Sensitivity::General,
        date: None,
        resource_type: resource["resourceType"].as_str().unwrap().to_owned(),
        resource: resource.to_string(),
        aliases: vec![],
    }
}

/// A record's worth of "What matters to me" beside one condition, each under the category the
/// record files it in.
fn contents() -> SliceContents {
    let goal = what_matters_resource(&WhatMatters { text: "Walking my dog every day".into() }, 1, &about("g1"));
    let contact = contact_resource(
        &Contact {
            name: "Mary Jones".into(),
            relationship: Relationship::Child,
            phone: Some("07700 900123".into()),
            next_of_kin: true,
            ..Contact::default()
        },
        &about("c1"),
    );
    let practice = practice_resource(
        &GpPractice { name: "Bridge Surgery".into(), ods_code: Some("Y12345".into()), ..GpPractice::default() },
        &about("o1"),
    );
    let need =
        need_resource(&CommunicationNeed { kind: NeedKind::ALL[0], detail: Some("Polish".into()) }, &about("f1"));
    let condition = json!({
        "resourceType": "Condition", "id": "k1", "subject": { "reference": PATIENT },
        "code": { "text": "Knee pain" }
    });
    SliceContents {
        patient: SharedPatient {
            name: "Ann Smith".into(),
            birth_date: day(1950, 5, 1),
            nhs_number: None,
            resource: None,
            aliases: vec![PATIENT.into()],
        },
        entries: vec![
            shared(1, EntryKind::Problem, &condition),
            shared(2, EntryKind::Goal, &goal),
            shared(3, EntryKind::Other, &contact),
            shared(4, EntryKind::Other, &practice),
            shared(5, EntryKind::Other, &need),
            shared(6, EntryKind::Document, &organ_donation()),
        ],
        supporting: vec![],
        readings: vec![],
    }
}

/// Every category these resources are filed under, so only the tick can keep them out.
fn every_category() -> ShareSlice {
    slice_of(&[EntryKind::Problem, EntryKind::Goal, EntryKind::Other, EntryKind::Document])
}

fn types_in(bundle: &str) -> Vec<String> {
    let v: Value = serde_json::from_str(bundle).unwrap();
    v["entry"].as_array().unwrap().iter().map(|e| e["resource"]["resourceType"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn the_parts_and_the_decisions_are_recognised_and_nothing_else() {
    let c = contents();
    let parts: Vec<Option<WhatMattersPart>> =
        c.entries.iter().map(|e| what_matters_part(&serde_json::from_str(&e.resource).unwrap())).collect();
    assert_eq!(parts[0], None, "a condition is not part of what matters");
    assert!(parts[1..5].iter().all(|p| matches!(p, Some(WhatMattersPart::About(_)))), "{parts:?}");
    assert_eq!(parts[5], Some(WhatMattersPart::Decision(OwnKind::OrganDonation)));
    // A GP's Organization and a letter the person keeps are not.
    assert_eq!(what_matters_part(&json!({ "resourceType": "Organization", "name": "Bridge Surgery" })), None);
    let letter = own_entry::resource(
        OwnKind::Note,
        &OwnEntryInput { name: "Letter".into(), text: Some("x".into()), ..OwnEntryInput::default() },
        &own_entry::Written { id: "n1", version: 1, author: &Author::Person, patient: PATIENT, now: Utc::now() },
    );
    assert_eq!(what_matters_part(&letter), None);
}

#[test]
fn the_slice_admits_them_only_when_ticked_whatever_the_categories_and_dates() {
    let off = every_category();
    assert!(!off.admits_what_matters(2, Sensitivity::General));
    let on = ShareSlice { what_matters: true, from: Some(day(2030, 1, 1)), ..slice_of(&[]) };
    assert!(on.admits_what_matters(2, Sensitivity::General), "no category or date is needed");
    assert!(!on.is_empty(), "the tick alone is something to share");
    // A label still needs its own tick, and an untick in the preview keeps one out.
    assert!(!on.admits_what_matters(2, Sensitivity::MentalHealth));
    assert!(
        ShareSlice { include_sensitive: vec![Sensitivity::MentalHealth], ..on.clone() }
            .admits_what_matters(2, Sensitivity::MentalHealth)
    );
    assert!(!ShareSlice { exclude_entries: vec![2], ..on }.admits_what_matters(2, Sensitivity::General));
}

#[test]
fn a_consent_made_before_the_tick_reads_as_not_ticked_and_writes_as_it_was() {
    // A slice as a consent and a manifest wrote it before "What matters to me" existed.
    let old = r#"{"categories":["problem","medication"],"from":null,"to":null,"readings":["bloodPressure"],
        "readingsFrom":"2026-01-01","readingsTo":null,"includeSensitive":[],"excludeEntries":[4]}"#;
    let slice: ShareSlice = serde_json::from_str(old).unwrap();
    assert!(!slice.what_matters);
    assert_eq!(slice.categories, vec![EntryKind::Problem, EntryKind::Medication]);
    let again = serde_json::to_string(&slice).unwrap();
    assert!(!again.contains("whatMatters"), "an unticked slice is written as before: {again}");
    let consent_json = serde_json::to_string(&consent(slice)).unwrap();
    let back: ShareConsent = serde_json::from_str(&consent_json).unwrap();
    assert!(!back.slice.what_matters);
    let ticked = serde_json::to_string(&ShareSlice { what_matters: true, ..ShareSlice::default() }).unwrap();
    assert!(ticked.contains("\"whatMatters\":true"), "{ticked}");
}

#[test]
fn without_the_tick_no_goal_contact_practice_need_or_decision_is_in_the_document() {
    let doc = build_document(&consent(every_category()), &contents(), &ids(), FINGERPRINT).unwrap();
    let types = types_in(&doc);
    for t in ["Goal", "RelatedPerson", "Organization", "Flag", "DocumentReference"] {
        assert!(!types.iter().any(|x| x == t), "{t} shared without the tick: {types:?}");
    }
    assert!(!doc.contains("Walking my dog") && !doc.contains("Mary Jones") && !doc.contains("Bridge Surgery"));
    assert!(types.iter().any(|x| x == "Condition"));
    let read = read_document(&doc).unwrap();
    assert_eq!(read.what_matters, None);
    let html = render_summary(&consent(every_category()), &read, FINGERPRINT);
    let left_out = html.split("<dt>Left out</dt><dd>").nth(1).unwrap().split("</dd>").next().unwrap();
    assert!(left_out.contains(WHAT_MATTERS_TITLE), "{left_out}");
    assert!(!html.contains(&format!("<h2>{WHAT_MATTERS_TITLE}</h2>")));
}

#[test]
fn with_the_tick_they_are_in_their_own_section_in_plain_words() {
    let slice = ShareSlice { what_matters: true, ..slice_of(&[EntryKind::Problem]) };
    let c = consent(slice);
    let doc = build_document(&c, &contents(), &ids(), FINGERPRINT).unwrap();
    let types = types_in(&doc);
    for t in ["Goal", "RelatedPerson", "Organization", "Flag", "DocumentReference", "Condition"] {
        assert!(types.iter().any(|x| x == t), "{t} missing: {types:?}");
    }
    let v: Value = serde_json::from_str(&doc).unwrap();
    let sections = v["entry"][0]["resource"]["section"].as_array().unwrap();
    let titles: Vec<&str> = sections.iter().map(|s| s["title"].as_str().unwrap()).collect();
    assert_eq!(titles, vec![EntryKind::Problem.label(), WHAT_MATTERS_TITLE]);
    assert_eq!(sections[0]["entry"].as_array().unwrap().len(), 1, "the condition alone under its category");
    assert_eq!(sections[1]["entry"].as_array().unwrap().len(), 5);

    let read = read_document(&doc).unwrap();
    let rows = read.what_matters.clone().unwrap();
    let said: Vec<(String, String)> = rows.iter().map(|r| (r.what.clone(), r.words.clone())).collect();
    assert_eq!(said[0], ("Matters most to me".to_owned(), "Walking my dog every day".to_owned()));
    assert_eq!(said[1].0, "Next of kin");
    assert!(said[1].1.starts_with("Mary Jones. Son or daughter. Phone 07700 900123"), "{:?}", said[1]);
    assert_eq!(said[2], ("GP practice".to_owned(), "Bridge Surgery. ODS code Y12345".to_owned()));
    assert_eq!(said[3].0, "Communication need");
    assert!(said[3].1.contains("Polish"), "{:?}", said[3]);
    assert_eq!(said[4].0, "Organ donation decision");
    assert_eq!(
        said[4].1,
        "Wants to donate their organs and tissue. Registered on the NHS Organ Donor Register. Dated 1 Mar 2025"
    );
    assert!(read.sections.iter().all(|s| s.kind == EntryKind::Problem));

    let html = render_summary(&c, &read, FINGERPRINT);
    assert!(html.contains(&format!("<h2>{WHAT_MATTERS_TITLE}</h2>")));
    assert!(html.contains("<td>Next of kin</td><td>Mary Jones. Son or daughter."), "{html}");
    let included = html.split("<dt>Included</dt><dd>").nth(1).unwrap().split("</dd>").next().unwrap();
    assert!(included.contains(WHAT_MATTERS_TITLE), "{included}");
    let left_out = html.split("<dt>Left out</dt><dd>").nth(1).unwrap().split("</dd>").next().unwrap();
    assert!(!left_out.contains(WHAT_MATTERS_TITLE), "{left_out}");
}

#[test]
fn with_the_tick_and_nothing_to_share_the_section_says_so() {
    let c = consent(ShareSlice { what_matters: true, ..ShareSlice::default() });
    let mut only_condition = contents();
    only_condition.entries.truncate(1);
    let doc = build_document(&c, &only_condition, &ids(), FINGERPRINT).unwrap();
    assert!(!doc.contains("Knee pain"), "the condition's category was not chosen");
    let read = read_document(&doc).unwrap();
    assert_eq!(read.what_matters, Some(vec![]));
    assert!(render_summary(&c, &read, FINGERPRINT).contains("None in this share."));
}
