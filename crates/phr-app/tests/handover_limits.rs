//! Handing a record over is an export of the whole record, so the carer's limits hold for it:
//! a carer whose review is past its date, or whom the person does not let export, cannot make
//! a handover package (the person can, with their own access open); at the 16th birthday the
//! pause does not stop it, since handing the record to the young person is what it is for.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

#[allow(dead_code)]
mod carer;
#[allow(dead_code)]
mod common;

use std::path::Path;

use carer::*;
use common::PASS;
use phr_app::dto_person::PersonRoleInput;
use phr_app::*;

fn reopen(dir: &Path, year: i32, month: u32, day: u32) -> App {
    reopen_with(dir, PASS, year, month, day)
}

fn parental(review_on: &str) -> PersonRoleInput {
    PersonRoleInput {
        kind: "caredFor".into(),
        relationship: Some("daughter".into()),
        basis: Some("parental".into()),
        review_on: Some(review_on.into()),
        ..PersonRoleInput::default()
    }
}

fn make(app: &App, id: &str, out: &Path) -> Result<HandoverCreated, AppError> {
    let place = app.file_chosen_for(id, FilePurpose::SaveHandover, vec![out.to_path_buf()]).unwrap().handle;
    app.handover_create_to(id, &place)
}

#[test]
fn a_review_past_its_date_stops_a_handover_and_the_sixteenth_birthday_does_not() {
    let tmp = tempfile::tempdir().unwrap();
    // Emma turns 16 on 10/02/2027; the review is due on 01/01/2027.
    let emma =
        sarah_caring_for(&app_on(tmp.path(), 2026, 11, 23), PASS, "Emma Jones", "2011-02-10", parental("2027-01-01"));

    let app = reopen(tmp.path(), 2027, 1, 20);
    let e = make(&app, &emma, &tmp.path().join("review.phrhandover")).unwrap_err();
    assert_eq!(e.code, ErrorCode::CareAccessSuspended, "{}", e.message);
    assert!(!tmp.path().join("review.phrhandover").exists(), "nothing written");
    app.mark_review_done(&emma, Some("2028-01-01")).unwrap();
    app.lock();

    // At 16 the carer's access is paused, and handing the record over still works.
    let app = reopen(tmp.path(), 2027, 2, 10);
    assert_eq!(app.record_summary(&emma).unwrap_err().code, ErrorCode::CareAccessSuspended);
    let made = make(&app, &emma, &tmp.path().join("sixteen.phrhandover")).unwrap();
    assert!(!made.code.is_empty());
}

#[test]
fn a_carer_the_person_does_not_let_export_cannot_hand_over_but_the_person_can() {
    let tmp = tempfile::tempdir().unwrap();
    let app = app_on(tmp.path(), 2026, 11, 23);
    let karena = sarah_caring_for(&app, PASS, "Karena Pfeffer", "1994-12-21", lasting_power_of_attorney("daughter"));
    app.set_own_access(&karena, own_pw()).unwrap();
    app.open_own_access(&karena, own_pw()).unwrap();
    let no_export = OwnLimitsInput { hidden: vec![], allowed: vec![CarerPermission::Readings], show_count: true };
    app.set_own_limits(&karena, no_export).unwrap();
    app.close_own_access().unwrap();

    let e = make(&app, &karena, &tmp.path().join("carer.phrhandover")).unwrap_err();
    assert_eq!(e.code, ErrorCode::CarerNotAllowed, "{}", e.message);
    assert!(!tmp.path().join("carer.phrhandover").exists(), "nothing written");

    app.open_own_access(&karena, own_pw()).unwrap();
    make(&app, &karena, &tmp.path().join("hers.phrhandover")).unwrap();
}
