//! A carer's import for someone whose limits hide something says what was kept private
//! ("14 entries were kept private for Karena: only Karena can see them."), or only that some
//! may have been when she does not let her carer see the count, and never names it.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

#[allow(dead_code)]
mod common;

use common::*;
use phr_app::dto_person::PersonRoleInput;
use phr_app::*;

const KARENA: &str = "synthea-r4-smart/Karena_Pfeffer_1f99a0cb-594b-476a-b9cb-502594c1ee6b.json";
const OWN_PW: &str = "kestrel pebble harbour";
/// Words only Karena's sexual health entries hold (the pills, the coil).
const HIDDEN_WORDS: [&str; 4] = ["Camila", "Errin", "Trinessa", "Liletta"];

/// Sarah ("me") cares for Karena, who has her own password and keeps sexual health private
/// (`show_count`: whether Sarah may see how much). Nothing is imported yet.
fn karena_hiding(show_count: bool) -> (App, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let app =
        App::with_options(dir.path().join("vault"), AppOptions { kdf: KdfProfile::Floor, ..AppOptions::default() });
    app.create_vault(Passphrase::new(PASS.to_owned())).unwrap();
    let me = PersonRoleInput { kind: "me".into(), ..Default::default() };
    let sarah = PersonInput {
        name: "Sarah Jones".into(),
        date_of_birth: "1970-04-01".into(),
        nhs_number: None,
        role: Some(me),
    };
    app.add_person(sarah).unwrap();
    let role = PersonRoleInput {
        kind: "caredFor".into(),
        relationship: Some("daughter".into()),
        basis: Some("lpa".into()),
        basis_ref: Some("7000-0000-1234".into()),
        review_on: Some("2027-11-23".into()),
        ..PersonRoleInput::default()
    };
    let karena = PersonInput {
        name: "Karena Pfeffer".into(),
        date_of_birth: "1994-12-21".into(),
        nhs_number: None,
        role: Some(role),
    };
    let karena = app.add_person(karena).unwrap().id.as_str().to_owned();
    let pw = || Passphrase::new(OWN_PW.to_owned());
    app.set_own_access(&karena, pw()).unwrap();
    app.open_own_access(&karena, pw()).unwrap();
    let limits = OwnLimitsInput {
        hidden: vec![Sensitivity::SexualHealth],
        allowed: vec![CarerPermission::Readings, CarerPermission::Import],
        show_count,
    };
    app.set_own_limits(&karena, limits).unwrap();
    app.close_own_access().unwrap();
    (app, karena, dir)
}

#[test]
fn a_carers_import_says_how_many_entries_were_kept_private_and_names_none() {
    let (app, karena, _dir) = karena_hiding(true);
    let report = app.import_files(&karena, &[fixtures().join(KARENA)]).unwrap();
    let said = report.outcome.kept_private.clone().unwrap();
    assert!(said.ends_with(" entries were kept private for Karena: only Karena can see them."), "{said}");
    let n: u32 = said.split(' ').next().unwrap().parse().unwrap();
    assert!(n >= 10, "{said}");
    // Nothing the carer's report holds names what was kept private.
    let whole = serde_json::to_string(&report).unwrap();
    assert_eq!(HIDDEN_WORDS.iter().filter(|w| whole.contains(*w)).collect::<Vec<_>>(), Vec::<&&str>::new());
}

#[test]
fn without_the_count_the_import_says_only_that_some_entries_may_have_been_kept_private() {
    let (app, karena, _dir) = karena_hiding(false);
    let report = app.import_files(&karena, &[fixtures().join(KARENA)]).unwrap();
    assert_eq!(report.outcome.kept_private.as_deref(), Some("Some entries may have been kept private for Karena."));
    let whole = serde_json::to_string(&report).unwrap();
    assert!(!whole.contains("kept private for Karena: only"), "no count: {whole:.200}");
}

#[test]
fn an_import_for_someone_who_keeps_nothing_private_says_nothing_about_it() {
    let dir = tempfile::tempdir().unwrap();
    let app =
        App::with_options(dir.path().join("vault"), AppOptions { kdf: KdfProfile::Floor, ..AppOptions::default() });
    app.create_vault(Passphrase::new(PASS.to_owned())).unwrap();
    let karena = add_person_matching(&app, KARENA);
    let report = app.import_files(karena.as_str(), &[fixtures().join(KARENA)]).unwrap();
    assert_eq!(report.outcome.kept_private, None);
}
