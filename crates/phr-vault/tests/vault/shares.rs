//! The share store: the record's signing key, what a slice gathers (categories,
//! dates, labels, unticked entries, readings by kind and day, supporting Medications), the
//! counts a label keeps out, and the register (one transaction with its Consent in the record
//! and its audit entry; a failed package write leaves nothing; list, revoke, status).

use std::collections::HashMap;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone, Utc};
use phr_core::ErrorCode;
use phr_core::audit::AuditAction;
use phr_core::readings::ReadingKind;
use phr_core::record::{EntryKind, Sensitivity};
use phr_core::share::{ShareConsent, ShareRecipient, ShareSlice, SliceContents};
use phr_vault::record_store::{ImportDocument, SourceInfo, TimelineFilter};
use phr_vault::share_store::{NewShare, SealedTo, ShareStatus};
use phr_vault::{PersonId, Vault, VaultError};
use ring::signature::{Ed25519KeyPair, KeyPair};
use serde_json::json;

use crate::support::*;

const PATIENT_URL: &str = "urn:uuid:11111111-1111-4111-8111-111111111111";

/// Jane Doe's small record: two problems (one in 2015, one in 2024), an undated allergy, a
/// medication request naming a Medication resource, an older medication statement.
fn bundle() -> String {
    json!({
        "resourceType": "Bundle", "type": "collection",
        "entry": [
            {"fullUrl": PATIENT_URL, "resource": {
                "resourceType": "Patient", "id": "p1",
                "name": [{"family": "Doe", "given": ["Jane"]}], "birthDate": "1970-01-02"}},
            {"fullUrl": "urn:uuid:22222222-2222-4222-8222-222222222222", "resource": {
                "resourceType": "Condition", "id": "c-asthma",
                "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active"}]},
                "code": {"text": "Asthma"},
                "subject": {"reference": PATIENT_URL},
                "onsetDateTime": "2015-06-01"}},
            {"fullUrl": "urn:uuid:55555555-5555-4555-8555-555555555555", "resource": {
                "resourceType": "Condition", "id": "c-knee",
                "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active"}]},
                "code": {"text": "Osteoarthritis of knee"},
                "subject": {"reference": PATIENT_URL},
                "onsetDateTime": "2024-02-10"}},
            {"fullUrl": "urn:uuid:66666666-6666-4666-8666-666666666666", "resource": {
                "resourceType": "AllergyIntolerance", "id": "a-penicillin",
                "code": {"text": "Penicillin"},
                "patient": {"reference": PATIENT_URL}}},
            {"fullUrl": "urn:uuid:77777777-7777-4777-8777-777777777777", "resource": {
                "resourceType": "Medication", "id": "med-ramipril",
                "code": {"text": "Ramipril 5mg capsules"}}},
            {"fullUrl": "urn:uuid:88888888-8888-4888-8888-888888888888", "resource": {
                "resourceType": "MedicationRequest", "id": "mr-ramipril", "status": "active", "intent": "order",
                "medicationReference": {"reference": "Medication/med-ramipril"},
                "subject": {"reference": PATIENT_URL},
                "authoredOn": "2024-03-01"}},
            {"fullUrl": "urn:uuid:44444444-4444-4444-8444-444444444444", "resource": {
                "resourceType": "MedicationStatement", "id": "ms-salbutamol", "status": "active",
                "medicationCodeableConcept": {"text": "Salbutamol 100micrograms inhaler"},
                "subject": {"reference": "Patient/p1"},
                "effectiveDateTime": "2019-01-01"}}
        ]
    })
    .to_string()
}

fn jane(v: &mut Vault) -> PersonId {
    let mut d = details("Jane Doe");
    d.date_of_birth = NaiveDate::from_ymd_opt(1970, 1, 2).unwrap();
    let id = v.add_person(d).unwrap().id;
    v.import_fhir(&id, &SourceInfo::files(), &[ImportDocument { name: "jane.json".into(), text: bundle() }]).unwrap();
    id
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The entry id of the entry titled `title`.
fn entry_id(v: &Vault, id: &PersonId, title: &str) -> i64 {
    let page = v.timeline(id, &TimelineFilter { limit: 200, ..TimelineFilter::default() }).unwrap();
    page.entries.iter().find(|e| e.title.contains(title)).unwrap_or_else(|| panic!("no entry {title}")).id
}

fn resource_types(c: &SliceContents) -> Vec<String> {
    let mut t: Vec<String> = c.entries.iter().map(|e| e.resource_type.clone()).collect();
    t.sort();
    t
}

fn text_of(c: &SliceContents) -> String {
    let mut all: Vec<&str> = c.entries.iter().map(|e| e.resource.as_str()).collect();
    all.extend(c.supporting.iter().map(|s| s.resource.as_str()));
    all.extend(c.readings.iter().map(|r| r.resource.as_str()));
    all.join("\n")
}

fn slice(categories: &[EntryKind]) -> ShareSlice {
    ShareSlice { categories: categories.to_vec(), ..ShareSlice::default() }
}

fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<FixedOffset> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap().fixed_offset()
}

fn consent(share_id: &str, created: DateTime<Utc>, days: i64) -> ShareConsent {
    ShareConsent {
        share_id: share_id.into(),
        recipient: ShareRecipient {
            name: "Sam Physio".into(),
            role: Some("Physiotherapist".into()),
            organisation: Some("Knee Clinic".into()),
            ods_code: None,
            public_key: None,
        },
        purpose: "Physiotherapy for my left knee".into(),
        slice: slice(&[EntryKind::Problem, EntryKind::Allergy]),
        created,
        not_after: created + Duration::days(days),
        made_by: None,
    }
}

fn new_share(share_id: &str, created: DateTime<Utc>, days: i64) -> NewShare {
    let consent_id = format!("c0ffee00{}", &share_id[8..]);
    NewShare {
        consent: consent(share_id, created, days),
        consent_resource: json!({
            "resourceType": "Consent", "id": consent_id, "status": "active",
            "scope": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/consentscope", "code": "patient-privacy"}]},
            "category": [{"coding": [{"system": "http://loinc.org", "code": "59284-0"}]}],
            "patient": {"reference": PATIENT_URL}
        })
        .to_string(),
        sealed_to: SealedTo::Code,
        package_sha256: "ab".repeat(32),
        entries: 2,
        readings: 0,
    }
}

#[test]
fn contents_hold_the_chosen_categories_and_dates_and_leave_out_unticked_entries() {
    let (_t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let id = jane(&mut v);

    let c = v.share_contents(&id, &slice(&[EntryKind::Problem, EntryKind::Allergy])).unwrap();
    assert_eq!(resource_types(&c), ["AllergyIntolerance", "Condition", "Condition"]);
    assert!(c.entries.iter().all(|e| matches!(e.kind, EntryKind::Problem | EntryKind::Allergy)));
    assert!(c.supporting.is_empty() && c.readings.is_empty());
    // Who it is about: the imported Patient, with the ways entries refer to it.
    assert_eq!(c.patient.name, "Jane Doe");
    assert_eq!(c.patient.birth_date, day(1970, 1, 2));
    assert!(c.patient.resource.as_deref().unwrap().contains("\"Doe\""));
    assert!(c.patient.aliases.contains(&"Patient/p1".to_string()));
    assert!(c.patient.aliases.contains(&PATIENT_URL.to_string()));
    let asthma = c.entries.iter().find(|e| e.resource.contains("Asthma")).unwrap();
    assert_eq!(asthma.aliases, ["Condition/c-asthma", "urn:uuid:22222222-2222-4222-8222-222222222222"]);
    assert_eq!(asthma.date.as_deref(), Some("2015-06-01"));

    // Dates: the 2015 problem is out, the 2024 one in, the undated allergy kept.
    let recent = ShareSlice { from: Some(day(2020, 1, 1)), ..slice(&[EntryKind::Problem, EntryKind::Allergy]) };
    let c = v.share_contents(&id, &recent).unwrap();
    let text = text_of(&c);
    assert!(text.contains("Osteoarthritis of knee") && text.contains("Penicillin"));
    assert!(!text.contains("Asthma"));
    let until = ShareSlice { to: Some(day(2015, 6, 1)), ..slice(&[EntryKind::Problem]) };
    let c = v.share_contents(&id, &until).unwrap();
    assert_eq!(c.entries.len(), 1);
    assert!(text_of(&c).contains("Asthma"), "the last day of the range is in it");

    // An entry unticked in the preview is left out; nothing else changes.
    let knee = entry_id(&v, &id, "Osteoarthritis");
    let unticked = ShareSlice { exclude_entries: vec![knee], ..slice(&[EntryKind::Problem]) };
    let c = v.share_contents(&id, &unticked).unwrap();
    assert_eq!(c.entries.len(), 1);
    assert!(!text_of(&c).contains("Osteoarthritis"));

    // No category: nothing but the subject (the Patient is never an entry of a share).
    let c = v.share_contents(&id, &slice(&[EntryKind::Patient])).unwrap();
    assert!(c.entries.is_empty());
    assert!(c.patient.resource.is_some());
}

#[test]
fn a_person_without_an_imported_patient_is_described_by_their_details() {
    let (_t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let id = v.add_person(details_with_nhs("Ada Lovelace", "943 476 5919")).unwrap().id;
    let c = v.share_contents(&id, &slice(&[EntryKind::Problem])).unwrap();
    assert_eq!(c.patient.name, "Ada Lovelace");
    assert_eq!(c.patient.nhs_number.as_deref(), Some("9434765919"));
    assert_eq!(c.patient.resource, None);
    assert!(c.entries.is_empty());
}

/// The preview's counts of entries each label keeps out, read with the contents in one go;
/// those contents are the ones a share would hold.
fn withheld(v: &Vault, id: &PersonId, slice: &ShareSlice) -> Vec<(Sensitivity, u32)> {
    let (contents, withheld) = v.share_contents_and_withheld(id, slice).unwrap();
    assert_eq!(contents, v.share_contents(id, slice).unwrap());
    withheld
}

#[test]
fn sensitive_entries_are_left_out_unless_their_label_is_ticked_and_counted_for_the_preview() {
    let (_t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let id = jane(&mut v);
    let knee = entry_id(&v, &id, "Osteoarthritis");
    v.set_entry_sensitivity(&id, knee, Sensitivity::MentalHealth).unwrap();
    let problems = slice(&[EntryKind::Problem]);

    let c = v.share_contents(&id, &problems).unwrap();
    assert_eq!(c.entries.len(), 1);
    assert!(!text_of(&c).contains("Osteoarthritis"));
    assert_eq!(withheld(&v, &id, &problems), [(Sensitivity::MentalHealth, 1)]);

    // Another label ticked does not share it.
    let other = ShareSlice { include_sensitive: vec![Sensitivity::SexualHealth], ..problems.clone() };
    assert!(!text_of(&v.share_contents(&id, &other).unwrap()).contains("Osteoarthritis"));

    let ticked = ShareSlice { include_sensitive: vec![Sensitivity::MentalHealth], ..problems.clone() };
    let c = v.share_contents(&id, &ticked).unwrap();
    assert_eq!(c.entries.len(), 2);
    let shared = c.entries.iter().find(|e| e.entry_id == knee).unwrap();
    assert_eq!(shared.sensitivity, Sensitivity::MentalHealth);
    assert!(withheld(&v, &id, &ticked).is_empty());

    // Held back is shared only when ticked too; counts follow the categories and dates chosen.
    let asthma = entry_id(&v, &id, "Asthma");
    v.set_entry_sensitivity(&id, asthma, Sensitivity::HeldBack).unwrap();
    assert!(v.share_contents(&id, &ticked).unwrap().entries.iter().all(|e| e.entry_id != asthma));
    assert_eq!(withheld(&v, &id, &problems), [(Sensitivity::MentalHealth, 1), (Sensitivity::HeldBack, 1)]);
    let recent = ShareSlice { from: Some(day(2020, 1, 1)), ..problems.clone() };
    assert_eq!(withheld(&v, &id, &recent), [(Sensitivity::MentalHealth, 1)]);
    assert!(withheld(&v, &id, &slice(&[EntryKind::Allergy])).is_empty());
    let unticked = ShareSlice { exclude_entries: vec![knee], ..problems };
    assert_eq!(withheld(&v, &id, &unticked), [(Sensitivity::HeldBack, 1)]);
}

#[test]
fn a_medication_request_brings_the_medication_it_names_unless_that_is_labelled() {
    let (_t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let id = jane(&mut v);
    let meds = slice(&[EntryKind::Medication]);
    let c = v.share_contents(&id, &meds).unwrap();
    assert_eq!(resource_types(&c), ["MedicationRequest", "MedicationStatement"]);
    assert_eq!(c.supporting.len(), 1, "the Medication the request names");
    let med = &c.supporting[0];
    assert_eq!(med.resource_type, "Medication");
    assert!(med.resource.contains("Ramipril 5mg"));
    assert!(med.aliases.contains(&"Medication/med-ramipril".to_string()));

    // Without the request, no Medication; a Medication the citizen labelled stays out.
    let request = entry_id(&v, &id, "Ramipril");
    let without = ShareSlice { exclude_entries: vec![request], ..meds.clone() };
    assert!(v.share_contents(&id, &without).unwrap().supporting.is_empty());
    let medication = v.share_contents(&id, &meds).unwrap();
    let medication_entry = {
        // The Medication resource has an entry of its own (kind Other); find it by its text.
        let all = v.timeline(&id, &TimelineFilter { limit: 200, ..TimelineFilter::default() }).unwrap();
        all.entries.iter().map(|e| e.id).find(|&e| v.entry(&id, e).unwrap().resource_type == "Medication").unwrap()
    };
    assert_eq!(medication.supporting.len(), 1);
    v.set_entry_sensitivity(&id, medication_entry, Sensitivity::MentalHealth).unwrap();
    assert!(v.share_contents(&id, &meds).unwrap().supporting.is_empty());
}

#[test]
fn readings_are_shared_by_kind_and_by_the_day_they_were_taken() {
    let (_t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let id = jane(&mut v);
    let minus5 = FixedOffset::west_opt(5 * 3600).unwrap();
    // 23:30 on 1 March where it was taken is 04:30 on 2 March in UTC: it is a 1 March reading.
    let late = minus5.with_ymd_and_hms(2026, 3, 1, 23, 30, 0).unwrap();
    for r in [
        device_reading(ReadingKind::BloodPressure, utc(2026, 2, 27, 8, 0), 131.0, Some(82.0)),
        device_reading(ReadingKind::BloodPressure, utc(2026, 2, 28, 8, 0), 128.0, Some(80.0)),
        device_reading(ReadingKind::BloodPressure, late, 140.0, Some(90.0)),
        device_reading(ReadingKind::BloodPressure, utc(2026, 3, 2, 8, 0), 125.0, Some(79.0)),
        device_reading(ReadingKind::Weight, utc(2026, 2, 28, 8, 0), 71.5, None),
    ] {
        v.add_reading(&id, &r).unwrap();
    }

    let bp = ShareSlice {
        readings: vec![ReadingKind::BloodPressure],
        readings_from: Some(day(2026, 2, 28)),
        readings_to: Some(day(2026, 3, 1)),
        ..ShareSlice::default()
    };
    let c = v.share_contents(&id, &bp).unwrap();
    assert!(c.entries.is_empty());
    let at: Vec<&str> = c.readings.iter().map(|r| r.at.as_str()).collect();
    assert_eq!(at, ["2026-02-28T08:00:00+00:00", "2026-03-01T23:30:00-05:00"]);
    assert!(c.readings.iter().all(|r| r.kind == ReadingKind::BloodPressure));
    let obs: serde_json::Value = serde_json::from_str(&c.readings[1].resource).unwrap();
    assert_eq!(obs["resourceType"], "Observation");
    // The same id the record export gives the reading.
    let exported = v.readings_fhir(&id).unwrap();
    assert!(exported.iter().any(|(url, _)| *url == format!("urn:uuid:{}", obs["id"].as_str().unwrap())));

    // No range: every reading of the kinds chosen; a kind not chosen never.
    let all = ShareSlice { readings: vec![ReadingKind::BloodPressure], ..ShareSlice::default() };
    assert_eq!(v.share_contents(&id, &all).unwrap().readings.len(), 4);
    let weight = ShareSlice { readings: vec![ReadingKind::Weight], ..ShareSlice::default() };
    let c = v.share_contents(&id, &weight).unwrap();
    assert_eq!(c.readings.len(), 1);
    assert_eq!(c.readings[0].kind, ReadingKind::Weight);
}

#[test]
fn register_list_revoke_and_status_with_the_consent_kept_in_the_record() {
    let (_t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let id = jane(&mut v);
    let audit_before = v.audit_log(&id).unwrap().len();

    let first = new_share("0a7e5d8c-1111-4000-8000-000000000001", t0() - Duration::days(40), 30);
    let second = new_share("0a7e5d8c-2222-4000-8000-000000000002", t0(), 30);
    let mut written = 0;
    let a = v
        .register_share(&id, &first, || {
            written += 1;
            Ok(())
        })
        .unwrap();
    let b = v
        .register_share(&id, &second, || {
            written += 1;
            Ok(())
        })
        .unwrap();
    assert_eq!(written, 2);
    assert_eq!(a.consent, first.consent);
    assert_eq!(b.status(t0()), ShareStatus::Active);
    assert_eq!(a.status(t0()), ShareStatus::Expired, "made 40 days ago for 30 days");
    assert_eq!(b.status(b.consent.not_after), ShareStatus::Active, "the last second still opens");
    assert_eq!(b.status(b.consent.not_after + Duration::seconds(1)), ShareStatus::Expired);

    // Newest first, everything as registered.
    let list = v.shares(&id).unwrap();
    assert_eq!(
        list.iter().map(|s| s.consent.share_id.as_str()).collect::<Vec<_>>(),
        [second.consent.share_id.as_str(), first.consent.share_id.as_str()]
    );
    assert_eq!(list[0], b);
    assert_eq!(list[0].sealed_to, SealedTo::Code);
    assert_eq!(list[0].package_sha256, "ab".repeat(32));
    assert_eq!((list[0].entries, list[0].readings), (2, 0));
    assert_eq!(v.share(&id, &first.consent.share_id).unwrap(), a);

    // The Consent is in the record, as it was sealed, under the citizen's own source; search
    // finds it.
    let consent_entry = entry_id(&v, &id, "Consent to share with Sam Physio");
    let full = v.entry(&id, consent_entry).unwrap();
    assert_eq!(full.row.kind, EntryKind::Other);
    assert_eq!(full.resource_type, "Consent");
    assert_eq!(full.raw, second.consent_resource);
    assert_eq!(full.source.kind, phr_vault::record_store::SourceKind::SelfEntered);
    assert!(!v.search_record(&id, "Physio", 10).unwrap().is_empty());
    search_index_matches_entries(&v, &id);
    // It is not an import: the import history and "last imported" do not list it.
    let self_source = phr_vault::record_store::SourceKind::SelfEntered;
    assert!(v.import_history(&id).unwrap().iter().all(|run| run.source.kind != self_source));
    assert!(v.record_summary(&id).unwrap().last_import.is_none_or(|run| run.source.kind != self_source));
    // A later share of the category Other never carries the Consents of earlier ones.
    let others = v.share_contents(&id, &slice(&[EntryKind::Other])).unwrap();
    assert!(others.entries.iter().all(|e| e.resource_type != "Consent"), "{:?}", resource_types(&others));

    // Revoke: marked, audited, the Consent in the record made inactive; revoking again and
    // revoking an expired share are fine.
    let revoked = v.revoke_share(&id, &second.consent.share_id).unwrap();
    assert_eq!(revoked.revoked_at, Some(t0()));
    assert_eq!(revoked.status(t0()), ShareStatus::Revoked);
    assert_eq!(revoked.status(t0() + Duration::days(365)), ShareStatus::Revoked);
    let again = v.revoke_share(&id, &second.consent.share_id).unwrap();
    assert_eq!(again, revoked);
    let consent_ids: Vec<i64> = v
        .timeline(&id, &TimelineFilter { kinds: vec![EntryKind::Other], limit: 200, ..TimelineFilter::default() })
        .unwrap()
        .entries
        .iter()
        .filter(|e| e.title.starts_with("Consent to share"))
        .map(|e| e.id)
        .collect();
    assert_eq!(consent_ids.len(), 2);
    let revoked_consent: Vec<_> = consent_ids.iter().map(|&e| v.entry(&id, e).unwrap()).collect();
    let inactive = revoked_consent.iter().find(|e| e.raw.contains("\"inactive\"")).unwrap();
    assert_eq!(inactive.row.status.as_deref(), Some("inactive"));
    assert_eq!(inactive.versions, 2, "the active version is kept in the history");
    assert_eq!(v.revoke_share(&id, &first.consent.share_id).unwrap().status(t0()), ShareStatus::Revoked);
    assert_eq!(v.shares(&id).unwrap()[0].status(t0()), ShareStatus::Revoked);
    search_index_matches_entries(&v, &id);

    // Audited: two shares made, two revoked (not three), nothing of who or why in the log.
    let log = v.audit_log(&id).unwrap();
    let new: Vec<_> = log[audit_before..].iter().collect();
    let actions: Vec<AuditAction> = new.iter().map(|r| r.action).collect();
    assert_eq!(
        actions,
        [AuditAction::ShareCreated, AuditAction::ShareCreated, AuditAction::ShareRevoked, AuditAction::ShareRevoked]
    );
    for r in &new {
        for secret in ["Sam", "Physio", "knee", "Knee Clinic"] {
            assert!(!r.detail.contains(secret), "{secret} in the audit: {}", r.detail);
        }
    }
    let expires = second.consent.not_after.format("%-d %b %Y").to_string();
    assert!(new[1].detail.contains(&expires), "{}", new[1].detail);
    assert!(new[1].detail.contains("2 entries"), "{}", new[1].detail);
    assert_eq!(v.verify_audit(&id).unwrap().broken, None);

    // Everything survives locking.
    drop(v);
    let v = unlock(&dir);
    assert_eq!(v.shares(&id).unwrap().len(), 2);
    assert_eq!(v.share(&id, &second.consent.share_id).unwrap().revoked_at, Some(t0()));
}

#[test]
fn a_failed_package_write_registers_nothing_and_audits_nothing() {
    let (_t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let id = jane(&mut v);
    let log_before = v.audit_log(&id).unwrap();
    let total_before = v.record_summary(&id).unwrap().total;
    let imports_before = v.import_history(&id).unwrap().len();

    let share = new_share("0a7e5d8c-3333-4000-8000-000000000003", t0(), 7);
    let err = v
        .register_share(&id, &share, || {
            Err(VaultError::new(ErrorCode::Io, "Could not write the package: the disk is full"))
        })
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Io);
    assert!(v.shares(&id).unwrap().is_empty());
    assert_eq!(v.share(&id, &share.consent.share_id).unwrap_err().code, ErrorCode::ShareNotFound);
    assert_eq!(v.audit_log(&id).unwrap(), log_before);
    assert_eq!(v.record_summary(&id).unwrap().total, total_before, "no Consent entry left behind");
    assert_eq!(v.import_history(&id).unwrap().len(), imports_before);
    assert_eq!(v.verify_audit(&id).unwrap().broken, None);

    // The same share registers once the write works, and only once.
    v.register_share(&id, &share, || Ok(())).unwrap();
    let twice = v.register_share(&id, &share, || panic!("not written twice")).unwrap_err();
    assert_eq!(twice.code, ErrorCode::InvalidInput);
    assert_eq!(v.shares(&id).unwrap().len(), 1);
}

#[test]
fn an_unknown_share_is_not_found() {
    let (_t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let id = v.add_person(details("Ada Lovelace")).unwrap().id;
    let before = v.audit_log(&id).unwrap().len();
    assert_eq!(v.share(&id, "no-such-share").unwrap_err().code, ErrorCode::ShareNotFound);
    let err = v.revoke_share(&id, "no-such-share").unwrap_err();
    assert_eq!(err.code, ErrorCode::ShareNotFound);
    assert!(err.message.contains("no-such-share"));
    assert_eq!(v.audit_log(&id).unwrap().len(), before);
    assert!(v.shares(&id).unwrap().is_empty());
}

#[test]
fn the_signing_key_is_made_once_kept_encrypted_and_stays_the_same() {
    let (_t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let id = v.add_person(details("Ada Lovelace")).unwrap().id;
    let other = v.add_person(details("Grace Hopper")).unwrap().id;
    let log_before = v.audit_log(&id).unwrap();
    assert_eq!(v.signing_public_key(&id).unwrap(), None);

    let pkcs8 = v.signing_key(&id).unwrap();
    let pair = Ed25519KeyPair::from_pkcs8(&pkcs8).unwrap();
    let public: [u8; 32] = pair.public_key().as_ref().try_into().unwrap();
    assert_eq!(v.signing_public_key(&id).unwrap(), Some(public));
    assert_eq!(*v.signing_key(&id).unwrap(), *pkcs8, "made once");
    assert_eq!(v.audit_log(&id).unwrap(), log_before, "making the key is not a user action");
    assert_eq!(v.verify_audit(&id).unwrap().broken, None);

    // Each record has its own key.
    let theirs = Ed25519KeyPair::from_pkcs8(&v.signing_key(&other).unwrap()).unwrap();
    assert_ne!(theirs.public_key().as_ref(), public.as_slice());

    // Kept across locking, and never in the clear on disk.
    drop(v);
    for (path, bytes) in snapshot(&dir) {
        assert!(!bytes.windows(32).any(|w| w == public), "public key in the clear in {}", path.display());
    }
    let mut v = unlock(&dir);
    assert_eq!(v.signing_public_key(&id).unwrap(), Some(public));
    assert_eq!(*v.signing_key(&id).unwrap(), *pkcs8);
    assert_eq!(
        v.signing_key(&"00000000-0000-4000-8000-000000000000".parse::<PersonId>().unwrap()).unwrap_err().code,
        ErrorCode::PersonNotFound
    );
}

#[test]
fn a_package_opened_is_audited() {
    let (_t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let id = v.add_person(details("Ada Lovelace")).unwrap().id;
    v.audit_package_opened(&id, "a package signed 3F2A 91C0 opened").unwrap();
    let last = v.audit_log(&id).unwrap().pop().unwrap();
    assert_eq!(last.action, AuditAction::SharePackageOpened);
    assert_eq!(last.detail, "a package signed 3F2A 91C0 opened");
}

/// Every schema object migrations 1 to 3 make, by name (run on a plain in-memory database).
/// The schema a record had before sharing (migrations 1 to 3): each object's name and the
/// SQL that made it.
fn objects_before_sharing() -> HashMap<String, Option<String>> {
    let conn = rusqlite::Connection::open_in_memory().unwrap();
    for sql in &phr_vault::migrations::MIGRATIONS[..3] {
        conn.execute_batch(sql).unwrap();
    }
    let mut stmt = conn.prepare("SELECT name, sql FROM sqlite_master").unwrap();
    stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?)))
        .unwrap()
        .map(|n| n.unwrap())
        .collect()
}

#[test]
fn a_record_made_before_sharing_is_brought_up_to_date_when_unlocked() {
    let (_t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let id = jane(&mut v);
    let total = v.record_summary(&id).unwrap().total;
    // Turn the database back into one made before migration 4 (and any after it): drop what
    // they made, bring back the triggers migration 6 dropped, and set the version back.
    {
        let conn = v.debug_open_person_db_for_tests(&id).unwrap();
        let before = objects_before_sharing();
        let later: Vec<(String, String)> = conn
            .prepare("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .filter(|(_, name)| !before.contains_key(name))
            .collect();
        assert!(later.iter().any(|(_, n)| n == "share") && later.iter().any(|(_, n)| n == "signing_key"));
        for (kind, name) in later.iter().filter(|(k, _)| k == "trigger" || k == "view") {
            conn.execute_batch(&format!("DROP {} IF EXISTS \"{name}\"", kind.to_uppercase())).unwrap();
        }
        for (_, name) in later.iter().filter(|(k, _)| k == "index") {
            conn.execute_batch(&format!("DROP INDEX IF EXISTS \"{name}\"")).unwrap();
        }
        for (_, name) in later.iter().filter(|(k, _)| k == "table") {
            conn.execute_batch(&format!("DROP TABLE IF EXISTS \"{name}\"")).unwrap();
        }
        // Columns later migrations added to the tables that were already there.
        let plain = rusqlite::Connection::open_in_memory().unwrap();
        for sql in &phr_vault::migrations::MIGRATIONS[..3] {
            plain.execute_batch(sql).unwrap();
        }
        let columns = |c: &rusqlite::Connection, table: &str| -> Vec<String> {
            c.prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .map(|n| n.unwrap())
                .collect()
        };
        for (table, sql) in &before {
            if !sql.as_deref().is_some_and(|s| s.starts_with("CREATE TABLE")) {
                continue;
            }
            let original = columns(&plain, table);
            for column in columns(&conn, table).into_iter().filter(|c| !original.contains(c)) {
                conn.execute_batch(&format!("ALTER TABLE \"{table}\" DROP COLUMN \"{column}\"")).unwrap();
            }
        }
        for (name, sql) in &before {
            let exists: bool =
                conn.query_row("SELECT count(*) > 0 FROM sqlite_master WHERE name = ?1", [name], |r| r.get(0)).unwrap();
            if let (false, Some(sql)) = (exists, sql.as_deref().filter(|s| s.starts_with("CREATE TRIGGER"))) {
                conn.execute_batch(sql).unwrap();
            }
        }
        conn.pragma_update(None, "user_version", 3).unwrap();
    }
    drop(v);

    let mut v = unlock(&dir);
    assert_eq!(v.record_summary(&id).unwrap().total, total, "the record is as it was");
    let conn = v.debug_open_person_db_for_tests(&id).unwrap();
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version as usize, phr_vault::migrations::MIGRATIONS.len());
    drop(conn);
    assert!(v.shares(&id).unwrap().is_empty());
    assert!(v.signing_key(&id).is_ok());
    v.register_share(&id, &new_share("0a7e5d8c-4444-4000-8000-000000000004", t0(), 7), || Ok(())).unwrap();
    assert_eq!(v.shares(&id).unwrap().len(), 1);
    search_index_matches_entries(&v, &id);
}

/// Jane's "What matters to me" (a thing that matters, her next of kin, her practice) and her
/// organ donation decision, written as the app writes them.
fn what_matters(v: &mut Vault, id: &PersonId) {
    use phr_core::record::about_me::{self, Contact, GpPractice, WhatMatters};
    use phr_core::record::own_entry::{self, Author, OwnEntryInput, OwnKind};
    use phr_vault::about_me::AboutMeWrite;
    let now = Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap();
    let w =
        |id: &'static str| about_me::Written { id, version: 1, author: &Author::Person, patient: "Patient/p1", now };
    let writes = [
        about_me::what_matters_resource(&WhatMatters { text: "Walking my dog".into() }, 1, &w("wm1")),
        about_me::contact_resource(
            &Contact { name: "Mary Doe".into(), next_of_kin: true, ..Contact::default() },
            &w("ct1"),
        ),
        about_me::practice_resource(&GpPractice { name: "Bridge Surgery".into(), ..GpPractice::default() }, &w("gp1")),
    ]
    .map(|r| AboutMeWrite { resource: r.to_string(), replaces: None });
    v.save_about_me(id, &Author::Person, &writes).unwrap();
    let donation = own_entry::resource(
        OwnKind::OrganDonation,
        &OwnEntryInput {
            decision: Some(phr_core::record::own_document::DonationDecision::OptOut),
            ..OwnEntryInput::default()
        },
        &own_entry::Written { id: "od1", version: 1, author: &Author::Person, patient: "Patient/p1", now },
    );
    v.add_own_entry(id, &Author::Person, OwnKind::OrganDonation, &donation.to_string()).unwrap();
}

#[test]
fn what_matters_to_me_is_gathered_by_its_tick_alone_and_never_by_a_category() {
    let (_t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let id = jane(&mut v);
    what_matters(&mut v, &id);
    let words = ["Walking my dog", "Mary Doe", "Bridge Surgery", "organ-donation"];

    // Every category these are filed under, without the tick: none of them.
    let every = slice(&[EntryKind::Problem, EntryKind::Goal, EntryKind::Other, EntryKind::Document]);
    let c = v.share_contents(&id, &every).unwrap();
    let text = text_of(&c);
    for w in words {
        assert!(!text.contains(w), "{w} gathered without the tick");
    }
    // (The Medication is the record's own "other" entry, as before.)
    assert_eq!(resource_types(&c), ["Condition", "Condition", "Medication"]);

    // The tick alone: all of them, and nothing of an unchosen category.
    let ticked = ShareSlice { what_matters: true, ..slice(&[EntryKind::Problem]) };
    let c = v.share_contents(&id, &ticked).unwrap();
    let text = text_of(&c);
    for w in words {
        assert!(text.contains(w), "{w} not gathered with the tick");
    }
    assert_eq!(
        resource_types(&c),
        ["Condition", "Condition", "DocumentReference", "Goal", "Organization", "RelatedPerson"]
    );
    assert!(!text.contains("Penicillin"));

    // A dated range does not keep them out; an untick in the preview does.
    let goal = c.entries.iter().find(|e| e.resource_type == "Goal").unwrap().entry_id;
    let narrowed = ShareSlice { from: Some(day(2030, 1, 1)), exclude_entries: vec![goal], ..ticked };
    let c = v.share_contents(&id, &narrowed).unwrap();
    assert_eq!(resource_types(&c), ["DocumentReference", "Organization", "RelatedPerson"]);
}
