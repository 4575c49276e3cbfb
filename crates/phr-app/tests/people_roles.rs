//! Who each person is to the vault's holder, through the app: roles round-trip with their
//! words and banner, the form's check gives every problem (the role's and the vault-wide ones)
//! and the commands refuse with exactly its first, someone already added and a second "me" are
//! refused on the field they belong to, and a review falls due by the app's clock and is marked
//! done in the audit log.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::path::Path;
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use phr_app::dto_person::PersonRoleInput;
use phr_app::*;
use phr_core::clock::FixedClock;

const PASS: &str = "otter lantern gravel";

/// An app on `day` of 2026 (10:30 UTC: the same date in every time zone the suites run in).
fn app_on(dir: &Path, month: u32, day: u32) -> App {
    let clock = Arc::new(FixedClock(Utc.with_ymd_and_hms(2026, month, day, 10, 30, 0).unwrap()));
    App::with_options(dir.join("vault"), AppOptions::with_clock(clock, KdfProfile::Floor))
}

fn new_vault(dir: &Path) -> App {
    let app = app_on(dir, 11, 23);
    app.create_vault(Passphrase::new(PASS.to_owned())).unwrap();
    app
}

fn input(name: &str, dob: &str, nhs: Option<&str>, role: Option<PersonRoleInput>) -> PersonInput {
    PersonInput { name: name.into(), date_of_birth: dob.into(), nhs_number: nhs.map(Into::into), role }
}

fn me() -> Option<PersonRoleInput> {
    Some(PersonRoleInput { kind: "me".into(), ..PersonRoleInput::default() })
}

fn cared_for(relationship: &str, basis: &str, basis_ref: Option<&str>) -> Option<PersonRoleInput> {
    Some(PersonRoleInput {
        kind: "caredFor".into(),
        relationship: Some(relationship.into()),
        basis: Some(basis.into()),
        basis_ref: basis_ref.map(Into::into),
        ..PersonRoleInput::default()
    })
}

/// A table row: its name, the input, and the (code, field) of every problem, in order.
type Case = (&'static str, PersonInput, Vec<(ErrorCode, &'static str)>);

fn fields(problems: &[AppError]) -> Vec<(ErrorCode, String)> {
    problems.iter().map(|p| (p.code, p.field.map(ErrorField::name).unwrap_or_default())).collect()
}

#[test]
fn roles_round_trip_with_their_words_and_banner() {
    let tmp = tempfile::tempdir().unwrap();
    let app = new_vault(tmp.path());
    let ada = app.add_person(input("Ada Lovelace", "1958-07-05", None, me())).unwrap();
    let mum = app
        .add_person(input("Margaret Jones", "1930-02-03", None, cared_for("mother", "lpa", Some(" 7000-0000-1234 "))))
        .unwrap();
    let old = app.add_person(input("Older Vault", "1960-01-01", None, None)).unwrap();

    assert_eq!(ada.role.as_ref().unwrap().kind, "me");
    assert_eq!(ada.role_words, "Me");
    assert_eq!(ada.banner, None);
    assert_eq!(ada.prompt, None);

    let role = mum.role.as_ref().unwrap();
    assert_eq!(role.kind, "caredFor");
    assert_eq!(role.relationship_label.as_deref(), Some("Mother"));
    assert_eq!(role.basis.as_deref(), Some("lpa"));
    assert_eq!(role.basis_label.as_deref(), Some("Lasting power of attorney for health and welfare"));
    assert_eq!(role.basis_ref.as_deref(), Some("7000-0000-1234"));
    assert_eq!(role.basis_date.as_deref(), Some("2026-11-23"), "the basis date defaults to today");
    assert_eq!(role.review_on.as_deref(), Some("2027-11-23"), "a review a year from today");
    assert!(!role.review_due);
    assert_eq!(mum.role_words, "Your mother");
    assert_eq!(mum.banner.as_deref(), Some("You are looking after Margaret Jones's record (your mother)."));

    assert_eq!(old.role, None);
    assert_eq!(old.role_words, "Role not set");
    assert!(old.prompt.is_some());

    // Listed as added, and kept across a lock.
    app.lock();
    app.unlock(Passphrase::new(PASS.to_owned())).unwrap();
    // (Added in the same fixed second, so listed in id order.)
    let mut listed = app.list_people().unwrap();
    let mut added = vec![ada.clone(), mum.clone(), old.clone()];
    listed.sort_by(|a, b| a.id.as_str().cmp(b.id.as_str()));
    added.sort_by(|a, b| a.id.as_str().cmp(b.id.as_str()));
    assert_eq!(listed, added);

    // Changing details without a role keeps it; with one, sets it.
    let renamed = app.update_person(mum.id.as_str(), input("Margaret Jones-Smith", "1930-02-03", None, None)).unwrap();
    assert_eq!(renamed.role, mum.role);
    let set = app
        .update_person(old.id.as_str(), input("Older Vault", "1960-01-01", None, cared_for("friend", "consent", None)))
        .unwrap();
    assert_eq!(set.role_words, "Your friend");
}

#[test]
fn the_check_gives_every_problem_in_field_order_and_the_command_refuses_with_the_first() {
    let tmp = tempfile::tempdir().unwrap();
    let app = new_vault(tmp.path());
    app.add_person(input("Ada Lovelace", "1958-07-05", Some("943 476 5919"), me())).unwrap();

    let cases: Vec<Case> = vec![
        ("fine", input("Margaret Jones", "1930-02-03", None, cared_for("mother", "consent", None)), vec![]),
        (
            "no role kind",
            input("Bo", "1990-01-01", None, Some(PersonRoleInput::default())),
            vec![(ErrorCode::InvalidInput, "role")],
        ),
        (
            "cared for with nothing",
            input(
                "Bo",
                "1990-01-01",
                None,
                Some(PersonRoleInput { kind: "caredFor".into(), ..PersonRoleInput::default() }),
            ),
            vec![(ErrorCode::InvalidInput, "relationship"), (ErrorCode::InvalidInput, "basis")],
        ),
        (
            "LPA without its reference",
            input("Bo", "1990-01-01", None, cared_for("father", "lpa", None)),
            vec![(ErrorCode::InvalidInput, "basisRef")],
        ),
        (
            "parental for an adult",
            input("Bo", "1990-01-01", None, cared_for("son", "parental", None)),
            vec![(ErrorCode::InvalidInput, "basis")],
        ),
        ("a second me", input("Bo", "1990-01-01", None, me()), vec![(ErrorCode::InvalidInput, "role")]),
        (
            "already added by NHS number",
            input("Someone Else", "1990-01-01", Some("9434765919"), cared_for("friend", "consent", None)),
            vec![(ErrorCode::PersonAlreadyAdded, "nhsNumber")],
        ),
        (
            "already added by name and birth, with spacing and case",
            input("  ada   LOVELACE ", "1958-07-05", None, None),
            vec![(ErrorCode::PersonAlreadyAdded, "name")],
        ),
        (
            "details and role problems together, details first",
            input("", "1990-01-01", Some("123"), cared_for("nobody", "consent", None)),
            vec![
                (ErrorCode::InvalidName, "name"),
                (ErrorCode::InvalidNhsNumber, "nhsNumber"),
                (ErrorCode::InvalidInput, "relationship"),
            ],
        ),
    ];
    let mut failures = Vec::new();
    for (name, person, want) in cases {
        let checked = app.check_person(&person);
        let want: Vec<(ErrorCode, String)> = want.into_iter().map(|(c, f)| (c, f.to_owned())).collect();
        if fields(&checked) != want {
            failures.push(format!("{name}: check gave {:?}, want {want:?}", fields(&checked)));
        }
        match (app.add_person(person), checked.first()) {
            (Err(e), Some(first)) if &e == first => {}
            (Ok(added), None) => app.delete_person(added.id.as_str(), &added.name).unwrap(),
            (result, first) => failures.push(format!("{name}: command gave {result:?}, check {first:?}")),
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn changing_a_person_is_checked_against_everyone_else_only() {
    let tmp = tempfile::tempdir().unwrap();
    let app = new_vault(tmp.path());
    let ada = app.add_person(input("Ada Lovelace", "1958-07-05", None, me())).unwrap();
    let bo = app.add_person(input("Bo Smith", "1990-01-01", None, cared_for("son", "consent", None))).unwrap();
    // Ada is not a duplicate of herself, and stays "me".
    let same = input("Ada Lovelace", "1958-07-05", None, me());
    assert!(app.check_person_update(ada.id.as_str(), &same).is_empty());
    app.update_person(ada.id.as_str(), same).unwrap();
    // Bo cannot become Ada, nor a second "me".
    let as_ada = input("Ada Lovelace", "1958-07-05", None, None);
    let problem = app.check_person_update(bo.id.as_str(), &as_ada);
    assert_eq!(fields(&problem), [(ErrorCode::PersonAlreadyAdded, "name".to_owned())]);
    assert_eq!(app.update_person(bo.id.as_str(), as_ada).unwrap_err(), problem[0]);
    let as_me = input("Bo Smith", "1990-01-01", None, me());
    let problem = app.check_person_update(bo.id.as_str(), &as_me);
    assert_eq!(fields(&problem), [(ErrorCode::InvalidInput, "role".to_owned())]);
    assert_eq!(app.update_person(bo.id.as_str(), as_me).unwrap_err(), problem[0]);
}

#[test]
fn a_review_falls_due_by_the_apps_clock_and_is_marked_done_in_the_audit_log() {
    let tmp = tempfile::tempdir().unwrap();
    let app = new_vault(tmp.path());
    let mut role = cared_for("mother", "consent", None).unwrap();
    role.review_on = Some("2026-12-01".into());
    let mum = app.add_person(input("Margaret Jones", "1930-02-03", None, Some(role))).unwrap();
    assert!(!mum.role.as_ref().unwrap().review_due);
    assert_eq!(mum.prompt, None);
    app.lock();

    // The day before: not yet due.
    let before = app_on(tmp.path(), 11, 30);
    before.unlock(Passphrase::new(PASS.to_owned())).unwrap();
    assert!(!before.list_people().unwrap()[0].role.as_ref().unwrap().review_due);
    before.lock();

    // On the day: due, with the prompt.
    let on = app_on(tmp.path(), 12, 1);
    on.unlock(Passphrase::new(PASS.to_owned())).unwrap();
    let due = on.list_people().unwrap().remove(0);
    assert!(due.role.as_ref().unwrap().review_due);
    assert_eq!(
        due.prompt.as_deref(),
        Some("It is time to check that you still have the right to look after Margaret Jones's record.")
    );

    // A past date is refused on its field; a blank one is a year on.
    let refused = on.mark_review_done(due.id.as_str(), Some("2026-11-30")).unwrap_err();
    assert_eq!(refused.field, Some(ErrorField::ReviewOn));
    let done = on.mark_review_done(due.id.as_str(), None).unwrap();
    assert_eq!(done.role.as_ref().unwrap().review_on.as_deref(), Some("2027-12-01"));
    assert!(!done.role.as_ref().unwrap().review_due);
    assert_eq!(done.prompt, None);
    let log = on.audit_log(due.id.as_str()).unwrap();
    assert!(log.last().unwrap().detail.contains("checked; next check 1 Dec 2027"), "{:?}", log.last().unwrap().detail);

    // Someone who is not cared for has no review.
    let ada = on.add_person(input("Ada Lovelace", "1958-07-05", None, me())).unwrap();
    assert_eq!(on.mark_review_done(ada.id.as_str(), None).unwrap_err().field, Some(ErrorField::ReviewOn));
}
