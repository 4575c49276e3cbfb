//! The time limits on a carer's access, through the app with a fixed clock: a review past
//! its date pauses the record (everything but the person's page and the review) until the
//! review is done; a child's record warns from three months before the 16th birthday and is
//! paused from it. And the activity list names who did what, newest first.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

#[allow(dead_code)]
mod carer;

use std::path::Path;

use carer::{app_on, reopen_with};
use phr_app::dto_person::PersonRoleInput;
use phr_app::*;

const PASS: &str = "otter lantern gravel";

fn reopen(dir: &Path, year: i32, month: u32, day: u32) -> App {
    reopen_with(dir, PASS, year, month, day)
}

fn person(name: &str, dob: &str, role: PersonRoleInput) -> PersonInput {
    PersonInput { name: name.into(), date_of_birth: dob.into(), nhs_number: None, role: Some(role) }
}

fn cared_for(basis: &str, review_on: Option<&str>) -> PersonRoleInput {
    PersonRoleInput {
        kind: "caredFor".into(),
        relationship: Some(if basis == "parental" { "daughter" } else { "mother" }.into()),
        basis: Some(basis.into()),
        basis_ref: (basis == "lpa").then(|| "7000-0000-1234".into()),
        review_on: review_on.map(Into::into),
        ..PersonRoleInput::default()
    }
}

/// A vault made on 23/11/2026 by Sarah Jones ("me"), with `who` cared for.
fn vault_with(dir: &Path, who: PersonInput) -> String {
    let app = app_on(dir, 2026, 11, 23);
    app.create_vault(Passphrase::new(PASS.to_owned())).unwrap();
    app.add_person(person("Sarah Jones", "1970-04-01", PersonRoleInput { kind: "me".into(), ..Default::default() }))
        .unwrap();
    app.add_person(who).unwrap().id.as_str().to_owned()
}

fn access_of(app: &App, id: &str) -> Option<CareAccessInfo> {
    let people = app.list_people().unwrap();
    people.into_iter().find(|p| p.id.as_str() == id).unwrap().role.unwrap().access
}

fn refused(r: Result<impl Sized, AppError>) -> AppError {
    match r {
        Ok(_) => panic!("expected CARE_ACCESS_SUSPENDED, the command went through"),
        Err(e) => e,
    }
}

/// Every command on the record is refused with the same code and field; the person's page
/// (People, the audit log, the activity list) stays open.
fn assert_paused(app: &App, id: &str, field: ErrorField) {
    let errors = [
        refused(app.record_summary(id)),
        refused(app.timeline(id, TimelineQuery::default())),
        refused(app.list_readings(id, ReadingQuery::default())),
        refused(app.import_history(id)),
        refused(app.export_fhir(id, Path::new("/nonexistent/out.json"))),
        refused(app.reading_overview(id)),
        refused(app.share_list(id)),
    ];
    for e in errors {
        assert_eq!((e.code, e.field), (ErrorCode::CareAccessSuspended, Some(field)), "{}", e.message);
    }
    assert!(app.audit_log(id).is_ok());
    assert!(app.carer_activity(id).is_ok());
}

#[test]
fn a_review_past_its_date_pauses_the_record_until_it_is_done() {
    let tmp = tempfile::tempdir().unwrap();
    let mum = vault_with(tmp.path(), person("Margaret Jones", "1940-02-03", cared_for("lpa", Some("2026-12-31"))));

    // A month before: open, nothing said.
    let app = reopen(tmp.path(), 2026, 11, 30);
    assert_eq!(access_of(&app, &mum), None);
    assert!(app.record_summary(&mum).is_ok());
    app.lock();

    // 30 days before: open, with the warning and its date.
    let app = reopen(tmp.path(), 2026, 12, 1);
    let warning = access_of(&app, &mum).unwrap();
    assert_eq!(warning.state, "warning");
    assert_eq!(warning.tag.as_deref(), Some("Review due soon"));
    assert!(warning.message.unwrap().contains("by 31 Dec 2026"));
    assert!(app.record_summary(&mum).is_ok());
    app.lock();

    // The day after the review date: paused, and it says why.
    let app = reopen(tmp.path(), 2027, 1, 1);
    let paused = access_of(&app, &mum).unwrap();
    assert_eq!((paused.state.as_str(), paused.tag.as_deref()), ("suspended", Some("Access paused")));
    assert!(paused.review_reopens);
    assert_paused(&app, &mum, ErrorField::ReviewOn);
    let e = refused(app.record_summary(&mum));
    assert!(e.message.contains("Margaret Jones's record") && e.message.contains("31 Dec 2026"), "{}", e.message);

    // The review is one click: it opens the record again.
    app.mark_review_done(&mum, None).unwrap();
    assert_eq!(access_of(&app, &mum), None);
    assert!(app.record_summary(&mum).is_ok());
}

#[test]
fn a_child_turning_sixteen_warns_three_months_ahead_and_pauses_at_sixteen() {
    let tmp = tempfile::tempdir().unwrap();
    // Born 10/02/2011: 15 years and 9 months on 23/11/2026 (review set past the birthday's
    // warning, so only the birthday speaks).
    let emma = vault_with(tmp.path(), person("Emma Jones", "2011-02-10", cared_for("parental", Some("2027-02-10"))));

    let app = reopen(tmp.path(), 2026, 11, 9);
    assert_eq!(access_of(&app, &emma), None, "15 years and 9 months less a day: no warning yet");
    app.lock();

    let app = reopen(tmp.path(), 2026, 11, 23);
    let warning = access_of(&app, &emma).unwrap();
    assert_eq!((warning.state.as_str(), warning.tag.as_deref()), ("warning", Some("Turns 16 soon")));
    assert!(warning.message.unwrap().starts_with("Emma Jones turns 16 on 10 Feb 2027."));
    assert!(app.record_summary(&emma).is_ok());
    app.lock();

    let app = reopen(tmp.path(), 2027, 2, 10);
    let paused = access_of(&app, &emma).unwrap();
    assert_eq!(paused.state, "suspended");
    assert!(!paused.review_reopens, "at 16, a review does not reopen the record: the young person decides");
    assert_paused(&app, &emma, ErrorField::Role);
    let e = refused(app.record_summary(&emma));
    assert!(e.message.contains("unless Emma takes it over"), "{}", e.message);
}

#[test]
fn the_holders_own_record_is_never_paused() {
    let tmp = tempfile::tempdir().unwrap();
    vault_with(tmp.path(), person("Margaret Jones", "1940-02-03", cared_for("consent", Some("2026-12-31"))));
    let app = reopen(tmp.path(), 2030, 1, 1);
    let me = app.list_people().unwrap().into_iter().find(|p| p.role_words == "Me").unwrap();
    assert!(me.role.unwrap().access.is_none());
    assert!(app.record_summary(me.id.as_str()).is_ok());
}

#[test]
fn the_activity_list_names_who_did_what_newest_first() {
    let tmp = tempfile::tempdir().unwrap();
    let mum = vault_with(tmp.path(), person("Margaret Jones", "1940-02-03", cared_for("lpa", Some("2027-06-01"))));
    let app = reopen(tmp.path(), 2026, 11, 24);
    app.mark_review_done(&mum, Some("2027-11-01")).unwrap();

    let activity = app.carer_activity(&mum).unwrap();
    assert_eq!(activity.heading, "Activity in Margaret's record");
    assert_eq!(activity.person_name, "Margaret Jones");
    let carer = &activity.actors[0];
    assert_eq!((carer.actor.as_str(), carer.who.as_str()), ("carer", "You (carer)"));
    let what: Vec<&str> = carer.entries.iter().map(|e| e.what.as_str()).collect();
    assert_eq!(what, ["Changed their details", "Opened the app", "Added this person to the app"]);
    assert!(carer.entries.windows(2).all(|w| w[0].seq > w[1].seq), "newest first");
    assert!(carer.entries.iter().all(|e| e.for_whom == "Margaret Jones"));
    assert!(carer.entries[0].when.starts_with("24 Nov 2026, "), "{}", carer.entries[0].when);

    let me = app.list_people().unwrap().into_iter().find(|p| p.role_words == "Me").unwrap();
    let own = app.carer_activity(me.id.as_str()).unwrap();
    assert_eq!(own.heading, "What has been done on this record");
    assert_eq!(own.actors[0].who, "You");
}
