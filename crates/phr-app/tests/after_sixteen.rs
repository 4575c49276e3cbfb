//! A young person at 16 letting the carer who had parental responsibility carry on, through
//! the app with a fixed clock: their own-access status says why the carer's access stopped
//! and names the carer; only with their own access open can they agree; once they have, the
//! carer's access opens again and the section is gone.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

#[allow(dead_code)]
mod carer;

use std::path::Path;

use carer::*;
use phr_app::dto_person::PersonRoleInput;
use phr_app::*;

const PASS: &str = "otter lantern gravel";

fn reopen(dir: &Path, year: i32, month: u32, day: u32) -> App {
    reopen_with(dir, PASS, year, month, day)
}

/// A vault made on 23/11/2026 by Sarah Jones ("me"), caring for Emma (born 10/02/2011) with
/// parental responsibility; Emma sets her own password that day.
fn vault_with_emma(dir: &Path) -> String {
    let app = app_on(dir, 2026, 11, 23);
    let role = PersonRoleInput {
        kind: "caredFor".into(),
        relationship: Some("daughter".into()),
        basis: Some("parental".into()),
        review_on: Some("2027-02-10".into()),
        ..PersonRoleInput::default()
    };
    let emma = sarah_caring_for(&app, PASS, "Emma Jones", "2011-02-10", role);
    app.set_own_access(&emma, Passphrase::new(OWN_PW.to_owned())).unwrap();
    app.lock();
    emma
}

#[test]
fn at_sixteen_she_can_let_her_carer_carry_on_with_her_own_access_open() {
    let tmp = tempfile::tempdir().unwrap();
    let emma = vault_with_emma(tmp.path());

    // Before her birthday nothing is said.
    let app = reopen(tmp.path(), 2027, 2, 9);
    assert!(app.own_access_status(&emma).unwrap().after_sixteen.is_none());
    app.lock();

    // On it the carer's access stops, and her status says what she can do, naming Sarah.
    let app = reopen(tmp.path(), 2027, 2, 10);
    assert_eq!(app.record_summary(&emma).unwrap_err().code, ErrorCode::CareAccessSuspended);
    let words = app.own_access_status(&emma).unwrap().after_sixteen.unwrap();
    assert_eq!(
        words.text,
        "Your carer's access to your record has stopped because you are 16. You can take your record over \
         (hand over), or let Sarah carry on looking after it within the limits you set."
    );
    assert_eq!(words.button, "Let Sarah carry on");
    assert_eq!(words.limits_link, "See what Sarah can see and do");
    assert_eq!(words.done, "Sarah can look after your record again, within the limits you set.");

    // Only Emma, with her own access open, can agree.
    let e = app.continue_care_after_sixteen(&emma).unwrap_err();
    assert_eq!(e.code, ErrorCode::OwnAccessNeeded, "{}", e.message);
    app.open_own_access(&emma, Passphrase::new(OWN_PW.to_owned())).unwrap();
    let status = app.continue_care_after_sixteen(&emma).unwrap();
    assert!(status.after_sixteen.is_none() && status.open);

    // Agreeing again has nothing to agree to.
    let again = app.continue_care_after_sixteen(&emma).unwrap_err();
    assert_eq!(again.code, ErrorCode::InvalidInput);

    // Her own access closed, Sarah's access is open again, and the audit log names Emma.
    app.close_own_access().unwrap();
    assert!(app.record_summary(&emma).is_ok());
    let people = app.list_people().unwrap();
    let role = people.into_iter().find(|p| p.id.as_str() == emma).unwrap().role.unwrap();
    assert_eq!(role.access, None);
    let log = app.audit_log(&emma).unwrap();
    let text = format!("{:?}", log.iter().map(|e| e.detail.clone()).collect::<Vec<_>>());
    assert!(text.contains("agreed their carer can keep looking after this record"), "{text}");
}

#[test]
fn a_review_past_its_date_is_not_what_she_agrees_to() {
    let tmp = tempfile::tempdir().unwrap();
    let emma = vault_with_emma(tmp.path());
    // Three months before 16: a warning only, nothing to agree to yet.
    let app = reopen(tmp.path(), 2026, 11, 23);
    app.open_own_access(&emma, Passphrase::new(OWN_PW.to_owned())).unwrap();
    assert!(app.own_access_status(&emma).unwrap().after_sixteen.is_none());
    assert_eq!(app.continue_care_after_sixteen(&emma).unwrap_err().code, ErrorCode::InvalidInput);
}
