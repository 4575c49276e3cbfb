//! A carer's import for someone whose limits hide something says what it kept private, as
//! much as the person lets their carer know, and never names it.

use chrono::NaiveDate;
use phr_core::carer_limits::{CarerAllow, CarerLimits};
use phr_core::person::PersonDetails;
use phr_core::person_role::{Role, RoleKind};
use phr_core::record::Sensitivity;
use phr_vault::record_store::{ImportDocument, KeptPrivate, SourceInfo};
use phr_vault::{PersonId, Vault};

use crate::support::*;

const KARENA: &str = "synthea-r4-smart/Karena_Pfeffer_1f99a0cb-594b-476a-b9cb-502594c1ee6b.json";
const OWN_PW: &str = "kestrel pebble harbour";

fn karena_docs() -> Vec<ImportDocument> {
    let text = std::fs::read_to_string(crate::repo::fixture(KARENA)).unwrap();
    vec![ImportDocument { name: "karena.json".into(), text }]
}

fn karena(v: &mut Vault) -> PersonId {
    let details = PersonDetails {
        name: "Karena Pfeffer".into(),
        date_of_birth: NaiveDate::from_ymd_opt(1994, 12, 21).unwrap(),
        nhs_number: None,
    };
    let role = Role { kind: RoleKind::CaredFor, relationship: Some("daughter".into()), basis: None, review_on: None };
    v.add_person_as(details, Some(role)).unwrap().id
}

fn hide_sexual_health(show_count: bool) -> CarerLimits {
    CarerLimits {
        hidden: vec![Sensitivity::SexualHealth],
        hidden_entries: Vec::new(),
        allow: CarerAllow { readings: true, import: true, share: false, export: false },
        show_count,
    }
}

/// The ids of what the carer's import sealed: those of the file that are not in Karena's
/// database.
fn sealed_ids(raw: &rusqlite::Connection) -> Vec<String> {
    let stored: Vec<String> = raw
        .prepare("SELECT logical_id FROM resource")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let bundle: serde_json::Value = serde_json::from_str(&karena_docs()[0].text).unwrap();
    bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["resource"]["id"].as_str())
        .filter(|id| !stored.iter().any(|s| s == id))
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_import_report_counts_what_was_sealed_and_names_none_of_it() {
    let (_t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let id = karena(&mut v);
    v.set_own_access(&id, &pw(OWN_PW)).unwrap();
    let s = v.open_own_access(&id, &pw(OWN_PW)).unwrap();
    v.set_carer_limits(&s, hide_sexual_health(true)).unwrap();
    drop(s);

    let report = v.import_fhir(&id, &SourceInfo::files(), &karena_docs()).unwrap();
    let raw = v.debug_open_person_db_for_tests(&id).unwrap();
    let n: u32 = raw.query_row("SELECT count(*) FROM sealed_arrival", [], |r| r.get(0)).unwrap();
    assert!(n >= 10, "{n} sealed");
    assert_eq!(report.kept_private, Some(KeptPrivate::Counted(n)));

    let hidden = sealed_ids(&raw);
    assert_eq!(hidden.len(), n as usize, "each sealed arrival is one resource of the file");
    for item in &report.items {
        let named = item.resource_id.as_deref().unwrap_or_default();
        assert!(!hidden.iter().any(|h| h == named), "the report names a private entry: {}", item.resource_type);
        let reason = item.reason.as_deref().unwrap_or_default();
        assert!(!hidden.iter().any(|h| reason.contains(h.as_str())), "a reason names a private entry");
    }
}

#[test]
fn without_the_count_the_report_says_only_that_some_may_have_been_kept_private() {
    let (_t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let id = karena(&mut v);
    v.set_own_access(&id, &pw(OWN_PW)).unwrap();
    let s = v.open_own_access(&id, &pw(OWN_PW)).unwrap();
    v.set_carer_limits(&s, hide_sexual_health(false)).unwrap();
    drop(s);
    let report = v.import_fhir(&id, &SourceInfo::files(), &karena_docs()).unwrap();
    assert_eq!(report.kept_private, Some(KeptPrivate::NotCounted));
}

#[test]
fn an_import_for_someone_who_hides_nothing_says_nothing_was_kept_private() {
    let (_t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let id = karena(&mut v);
    v.set_own_access(&id, &pw(OWN_PW)).unwrap();
    let report = v.import_fhir(&id, &SourceInfo::files(), &karena_docs()).unwrap();
    assert_eq!(report.kept_private, None);
}
