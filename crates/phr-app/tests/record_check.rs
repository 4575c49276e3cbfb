//! "Check my record for damage" (App::check_record): every person's record read whole, the
//! progress told person by person, what was found said in plain words with what to do when a
//! record is damaged, and the check recorded in each person's audit log.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

mod common;
mod damage;

use std::sync::Mutex;

use common::*;
use phr_app::*;

fn app_with_two(dir: &std::path::Path) -> (App, PersonId, PersonId) {
    let app = App::with_options(
        dir.join("vault"),
        AppOptions::with_clock(std::sync::Arc::new(SystemClock), KdfProfile::Floor),
    );
    app.create_vault(Passphrase::new(PASS.to_owned())).unwrap();
    let ada = add_person_matching(&app, SYNTHEA);
    let bob = app
        .add_person(PersonInput {
            name: "Bob Smith".into(),
            date_of_birth: "1950-02-03".into(),
            nhs_number: None,
            role: None,
        })
        .unwrap()
        .id;
    (app, ada, bob)
}

fn run(app: &App) -> (RecordCheck, Vec<(u32, u32)>) {
    let seen = Mutex::new(Vec::new());
    let result = app.check_record(&|p| seen.lock().unwrap().push((p.done, p.total))).unwrap();
    (result, seen.into_inner().unwrap())
}

#[test]
fn a_whole_record_is_reported_whole_with_progress_and_audited() {
    let tmp = tempfile::tempdir().unwrap();
    let (app, ada, bob) = app_with_two(tmp.path());
    let (result, progress) = run(&app);
    assert!(result.ok);
    assert_eq!(result.summary, "No damage found. Your record is whole.");
    assert!(result.advice.is_none());
    assert_eq!(result.people.len(), 2);
    assert_eq!(progress, [(0, 2), (1, 2), (2, 2)]);
    for id in [&ada, &bob] {
        let last = app.audit_log(id).unwrap().last().cloned().unwrap();
        assert_eq!(last.action, AuditAction::RecordChecked);
    }
}

#[test]
fn a_damaged_record_is_named_with_what_to_do() {
    let tmp = tempfile::tempdir().unwrap();
    let (app, ada, _bob) = app_with_two(tmp.path());
    let db = tmp.path().join("vault").join("people").join(format!("{ada}.db"));
    assert!(db.is_file(), "{}", db.display());
    app.lock();
    damage::damage_a_page_unlock_does_not_read(&app, &db, PASS);
    let (result, _) = run(&app);
    assert!(!result.ok);
    let damaged: Vec<_> = result.people.iter().filter(|c| !c.ok).collect();
    assert_eq!(damaged.len(), 1);
    assert_eq!(damaged[0].person_id, ada);
    assert!(result.summary.starts_with("Damage found in the record of "), "{}", result.summary);
    assert!(result.advice.unwrap().contains("Restore your record from your latest backup"));
}
