//! An import whose Patient is someone else: refused whole, audited, and neither the message
//! nor the audit entry shows the other person's name, date of birth or NHS number, whether
//! the record came from a file or a GP practice.

use chrono::NaiveDate;
use phr_core::ErrorCode;
use phr_core::NhsNumber;
use phr_core::audit::AuditAction;
use phr_vault::record_store::{ImportDocument, SourceInfo, SourceKind};
use phr_vault::{PersonId, Vault, VaultError};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::json;

use crate::support::*;

fn gp() -> SourceInfo {
    SourceInfo {
        kind: SourceKind::Gp,
        key: "https://gp.example/fhir".into(),
        name: "Demo Practice".into(),
        ods_code: None,
        url: Some("https://gp.example/fhir".into()),
    }
}

/// A Bundle about one Patient, with one problem.
fn bundle(family: &str, given: &str, born: Option<&str>, nhs: Option<&str>) -> String {
    let mut patient = json!({"resourceType": "Patient", "id": "p1", "name": [{"family": family, "given": [given]}]});
    if let Some(b) = born {
        patient["birthDate"] = json!(b);
    }
    if let Some(n) = nhs {
        patient["identifier"] = json!([{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": n}]);
    }
    json!({"resourceType": "Bundle", "type": "collection", "entry": [
        {"fullUrl": "urn:uuid:11111111-1111-4111-8111-111111111111", "resource": patient},
        {"resource": {"resourceType": "Condition", "id": "c1",
            "code": {"coding": [{"system": "http://snomed.info/sct", "code": "195967001", "display": "Asthma"}]},
            "subject": {"reference": "urn:uuid:11111111-1111-4111-8111-111111111111"}}}
    ]})
    .to_string()
}

fn import(v: &mut Vault, id: &PersonId, source: &SourceInfo, name: &str, text: String) -> VaultError {
    v.import_fhir(id, source, &[ImportDocument { name: name.into(), text }]).unwrap_err()
}

#[test]
fn a_gp_record_of_someone_else_is_refused_naming_only_this_persons_details() {
    let (_t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let id = v.add_person(details_with_nhs("Margaret Evans", "9000000009")).unwrap().id;
    let before = v.audit_log(&id).unwrap().len();

    let e = import(&mut v, &id, &gp(), "page 1", bundle("Pfeffer", "Karena", Some("1994-12-21"), Some("9434765919")));
    assert_eq!(e.code, ErrorCode::PatientMismatch);
    assert_eq!(
        e.message,
        "The record your GP practice sent is not Margaret Evans's record: the NHS number in it is not the one in \
         Margaret Evans's details. Check the NHS number in Margaret Evans's details, and that you signed in to \
         your GP practice's service for Margaret Evans. Nothing was imported."
    );
    let log = v.audit_log(&id).unwrap();
    assert_eq!(log.len(), before + 1);
    let refused = log.last().unwrap();
    assert_eq!(refused.action, AuditAction::RecordImportRefused);
    assert_eq!(refused.detail, "a GP practice: the NHS number did not match. Nothing was imported");
    assert_eq!(v.record_summary(&id).unwrap().total, 0);
    assert!(v.import_history(&id).unwrap().is_empty());
}

#[test]
fn a_file_of_someone_else_is_refused_by_its_own_name() {
    let (_t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let id = v.add_person(details("Margaret Evans")).unwrap().id;

    let e = import(
        &mut v,
        &id,
        &SourceInfo::files(),
        "summary.json",
        bundle("Pfeffer", "Karena", Some("1994-12-21"), Some("9434765919")),
    );
    assert_eq!(e.code, ErrorCode::PatientMismatch);
    assert_eq!(
        e.message,
        "summary.json: This file is not Margaret Evans's record: the name and date of birth in the file do not \
         match Margaret Evans's details. Check the name and date of birth in Margaret Evans's details. It has an \
         NHS number: add Margaret Evans's NHS number to their details, and the app checks that instead. Nothing \
         was imported."
    );
    let refused = v.audit_log(&id).unwrap().pop().unwrap();
    assert_eq!(refused.action, AuditAction::RecordImportRefused);
    assert_eq!(refused.detail, "a file: the name and date of birth did not match. Nothing was imported");
}

/// What of another person's identity a text shows, beyond what it shares with `mine`.
fn shows(text: &str, family: &str, given: &str, born: NaiveDate, nhs: &NhsNumber, mine: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    let mut found: Vec<String> = [family, given]
        .iter()
        .map(|p| p.to_lowercase())
        .filter(|p| p.chars().count() > 2 && !mine.to_lowercase().contains(p) && lower.contains(p))
        .collect();
    for form in ["%Y-%m-%d", "%d %b %Y", "%-d %b %Y", "%-d %B %Y", "%d/%m/%Y", "%-d/%-m/%Y", "%Y"] {
        let f = born.format(form).to_string();
        if text.contains(&f) {
            found.push(f);
        }
    }
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    if digits.contains(nhs.as_digits()) || text.contains(&nhs.to_string()) {
        found.push(nhs.to_string());
    }
    found
}

/// Random other Patients into one person's record, from a file and from a GP practice: every
/// refusal's message and audit entry are free of the other Patient's identity. (The full
/// property, over every way the details can differ and many more names, is phr-core's
/// `no_refusal_shows_the_other_patients_name_birth_date_or_nhs_number`.)
#[test]
fn no_refused_import_shows_or_audits_the_other_persons_identity() {
    let (_t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let me = details_with_nhs("Margaret Evans", "9000000009");
    let mine = me.name.clone();
    let id = v.add_person(me).unwrap().id;
    // The runner takes a shared closure; each case borrows the vault in turn.
    let v = std::cell::RefCell::new(v);
    let strategy = (
        "[A-Z][a-z]{2,10}|[А-Я][а-я]{2,8}|Nguyễn|O'Brien",
        "[A-Z][a-z]{2,10}|[Α-Ω][α-ω]{2,8}|Zoë",
        (1920i32..2020, 1u32..=12, 1u32..=28),
        proptest::collection::vec(0u32..10, 9),
        any::<bool>(),
        any::<bool>(),
    );
    let mut runner = TestRunner::new(Config { cases: crate::repo::cases(32), ..Config::default() });
    let run = runner.run(&strategy, |(family, given, (y, m, d), nine, with_nhs, from_gp)| {
        let born = NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let sum: u32 = nine.iter().enumerate().map(|(i, x)| x * (10 - i as u32)).sum();
        let check = match 11 - sum % 11 {
            11 => 0,
            10 => 1, // no check digit fits: the number is then invalid and ignored, which is fine
            c => c,
        };
        let digits: String = nine.iter().chain([&check]).map(|x| x.to_string()).collect();
        let nhs = NhsNumber::parse(&digits).unwrap_or_else(|_| NhsNumber::parse("9434765919").unwrap());
        let (source, name) = if from_gp { (gp(), "page 1") } else { (SourceInfo::files(), "record.json") };
        let text =
            bundle(&family, &given, Some(&born.format("%Y-%m-%d").to_string()), with_nhs.then_some(nhs.as_digits()));
        let mut v = v.borrow_mut();
        let result = v.import_fhir(&id, &source, &[ImportDocument { name: name.into(), text }]);
        let e = match result {
            Err(e) => e,
            Ok(r) => return Err(TestCaseError::fail(format!("imported someone else: {:?}", r.counts))),
        };
        prop_assert_eq!(e.code, ErrorCode::PatientMismatch);
        let leaked = shows(&e.message, &family, &given, born, &nhs, &mine);
        prop_assert!(leaked.is_empty(), "{:?} in {:?}", leaked, e.message);
        let entry = v.audit_log(&id).unwrap().pop().unwrap();
        prop_assert_eq!(entry.action, AuditAction::RecordImportRefused);
        let leaked = shows(&entry.detail, &family, &given, born, &nhs, &mine);
        prop_assert!(leaked.is_empty(), "{:?} in the audit entry {:?}", leaked, entry.detail);
        Ok(())
    });
    if let Err(e) = run {
        panic!("{e}");
    }
    assert_eq!(v.borrow().record_summary(&id).unwrap().total, 0);
}
