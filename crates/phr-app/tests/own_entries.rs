//! The person's own entries through the facade, with a carer: a carer the person does not let
//! add readings cannot add entries either; what a carer adds is shown as "Added by Sarah
//! (carer)", and what the person adds themselves as "Added by Karena" on Sarah's screens; an
//! entry with a label the person keeps private (a mental health condition) is sealed for their
//! private part like any arrival, never shown to the carer; problems name their field; and
//! nothing the person typed shows in the DTOs' `Debug` output.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

#[allow(dead_code)]
mod carer;
#[allow(dead_code)]
mod common;

use carer::{lasting_power_of_attorney, own_pw, sarah_caring_for};
use common::PASS;
use phr_app::*;

fn app_in(dir: &tempfile::TempDir) -> App {
    App::with_options(dir.path().join("vault"), AppOptions { kdf: KdfProfile::Floor, ..AppOptions::default() })
}

fn form(kind: OwnEntryKind, name: &str) -> OwnEntryForm {
    OwnEntryForm { kind: Some(kind), name: name.into(), ..OwnEntryForm::default() }
}

/// Sarah cares for Karena, who keeps mental health private and lets Sarah do `allowed`.
fn karena_with(allowed: Vec<CarerPermission>) -> (App, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let app = app_in(&dir);
    let karena = sarah_caring_for(&app, PASS, "Karena Pfeffer", "1994-12-21", lasting_power_of_attorney("daughter"));
    app.set_own_access(&karena, own_pw()).unwrap();
    app.open_own_access(&karena, own_pw()).unwrap();
    let limits = OwnLimitsInput { hidden: vec![Sensitivity::MentalHealth], allowed, show_count: false };
    app.set_own_limits(&karena, limits).unwrap();
    app.close_own_access().unwrap();
    (app, karena, dir)
}

fn titles(app: &App, person: &str) -> Vec<String> {
    let query = TimelineQuery { show: Some(TimelineShow::Everything), ..TimelineQuery::default() };
    app.timeline(person, query).unwrap().entries.into_iter().map(|e| e.title).collect()
}

#[test]
fn a_carer_without_permission_cannot_add_an_entry() {
    let (app, karena, _dir) = karena_with(vec![CarerPermission::Import]);
    let err = app.add_own_entry(&karena, &form(OwnEntryKind::Medicine, "Paracetamol")).unwrap_err();
    assert_eq!(err.code, ErrorCode::CarerNotAllowed);
    assert!(titles(&app, &karena).is_empty());
}

#[test]
fn who_added_it_is_shown_and_what_the_person_keeps_private_is_sealed() {
    let (app, karena, _dir) = karena_with(vec![CarerPermission::Readings]);

    // Sarah adds a medicine: hers, by name.
    let saved = app.add_own_entry(&karena, &form(OwnEntryKind::Medicine, "Paracetamol 500mg tablets")).unwrap();
    let entry = saved.entry.unwrap();
    assert_eq!(entry.added_by, "Added by Sarah (carer)");
    let detail = app.entry(&karena, &entry.entry_id).unwrap();
    assert_eq!(detail.entry.added_by.as_deref(), Some("Added by Sarah (carer)"));
    assert_eq!(detail.source.kind, SourceKind::Carer);

    // A mental health condition, while Karena keeps mental health private: sealed for her.
    let saved = app.add_own_entry(&karena, &form(OwnEntryKind::Condition, "Depression")).unwrap();
    assert!(saved.entry.is_none(), "not stored where Sarah can see it");
    assert!(saved.message.contains("private"), "{}", saved.message);
    assert_eq!(titles(&app, &karena), vec!["Paracetamol 500mg tablets".to_owned()]);
    assert_eq!(app.own_entries(&karena).unwrap().len(), 1);
    assert!(app.search_record(&karena, "Depression", None).unwrap().is_empty());

    // Karena, with her own access open, sees it in her private part and adds one herself.
    app.open_own_access(&karena, own_pw()).unwrap();
    let private = app.private_entries(&karena, None).unwrap();
    assert!(private.entries.iter().any(|e| e.title == "Depression"), "{:?}", private.entries);
    let hers = app.add_own_entry(&karena, &form(OwnEntryKind::Allergy, "Latex")).unwrap().entry.unwrap();
    app.close_own_access().unwrap();
    // Sarah sees it as Karena's, not as "added by you".
    let on_sarahs_screen = app.own_entry(&karena, &hers.entry_id).unwrap();
    assert_eq!(on_sarahs_screen.added_by, "Added by Karena");
    let summary = app.record_summary(&karena).unwrap();
    assert_eq!(summary.allergies[0].added_by.as_deref(), Some("Added by Karena"));
    let paracetamol = summary.medicines.shown.iter().find(|m| m.name.starts_with("Paracetamol")).unwrap();
    assert_eq!(paracetamol.added_by.as_deref(), Some("Added by Sarah (carer)"));
}

#[test]
fn every_problem_names_its_field() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_in(&dir);
    app.create_vault(Passphrase::new(PASS.to_owned())).unwrap();
    let me = app
        .add_person(PersonInput {
            name: "Jane Doe".into(),
            date_of_birth: "1970-01-02".into(),
            nhs_number: None,
            role: None,
        })
        .unwrap()
        .id
        .as_str()
        .to_owned();
    let bad = OwnEntryForm {
        kind: Some(OwnEntryKind::Medicine),
        name: " ".into(),
        date: Some("2999-01-01".into()),
        dose: Some("x".repeat(201)),
        ..OwnEntryForm::default()
    };
    let fields: Vec<Option<ErrorField>> = app.check_own_entry(&bad).unwrap().into_iter().map(|e| e.field).collect();
    assert_eq!(fields, vec![Some(ErrorField::Name), Some(ErrorField::Date), Some(ErrorField::Dose)]);
    let err = app.add_own_entry(&me, &bad).unwrap_err();
    assert_eq!((err.code, err.field), (ErrorCode::InvalidInput, Some(ErrorField::Name)));
    let not_a_date = OwnEntryForm { date: Some("1st May".into()), ..form(OwnEntryKind::Condition, "Asthma") };
    assert_eq!(app.add_own_entry(&me, &not_a_date).unwrap_err().field, Some(ErrorField::Date));
    let no_kind = OwnEntryForm { kind: None, ..form(OwnEntryKind::Condition, "Asthma") };
    assert_eq!(app.check_own_entry(&no_kind).unwrap()[0].field, Some(ErrorField::Kind));
    let note = form(OwnEntryKind::Note, "Diary");
    assert_eq!(app.check_own_entry(&note).unwrap()[0].field, Some(ErrorField::Text));
    assert!(app.check_own_entry(&form(OwnEntryKind::Vaccination, "Yellow fever")).unwrap().is_empty());
}

#[test]
fn own_entries_and_notes_print_no_health_data() {
    const MARK: &str = "marker-own-entry";
    let dir = tempfile::tempdir().unwrap();
    let app = app_in(&dir);
    app.create_vault(Passphrase::new(PASS.to_owned())).unwrap();
    let me = app
        .add_person(PersonInput {
            name: "Jane Doe".into(),
            date_of_birth: "1970-01-02".into(),
            nhs_number: None,
            role: None,
        })
        .unwrap()
        .id
        .as_str()
        .to_owned();
    let f = OwnEntryForm {
        dose: Some(MARK.into()),
        reason: Some(MARK.into()),
        text: Some(MARK.into()),
        ..form(OwnEntryKind::Medicine, MARK)
    };
    let saved = app.add_own_entry(&me, &f).unwrap();
    let entry = saved.entry.clone().unwrap();
    let note = app.set_entry_note(&me, &entry.entry_id, Some(MARK)).unwrap();
    let hidden = app.set_entry_hidden(&me, &entry.entry_id, true).unwrap();
    let list = app.hidden_entries(&me).unwrap();
    let gone = app.delete_own_entry(&me, &entry.entry_id).unwrap();
    let shown: Vec<String> = [
        format!("{f:?}"),
        format!("{saved:#?}"),
        format!("{entry:?}"),
        format!("{note:?}"),
        format!("{hidden:?}"),
        format!("{list:?}"),
        format!("{gone:?}"),
    ]
    .into_iter()
    .collect();
    for s in &shown {
        assert!(!s.contains(MARK), "{s}");
    }
}

fn me_in(app: &App) -> String {
    app.create_vault(Passphrase::new(PASS.to_owned())).unwrap();
    app.add_person(PersonInput {
        name: "Jane Doe".into(),
        date_of_birth: "1970-01-02".into(),
        nhs_number: None,
        role: None,
    })
    .unwrap()
    .id
    .as_str()
    .to_owned()
}

#[test]
fn a_vaccination_without_a_date_sorts_last_with_the_other_undated_entries() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_in(&dir);
    let me = me_in(&app);
    // Added first, so by id alone it would come last: only its date can put it first.
    app.add_own_entry(&me, &form(OwnEntryKind::Vaccination, "Yellow fever")).unwrap();
    let dated = OwnEntryForm { date: Some("2020-05-01".into()), ..form(OwnEntryKind::Condition, "Asthma") };
    app.add_own_entry(&me, &dated).unwrap();
    app.add_own_entry(&me, &form(OwnEntryKind::Procedure, "Tonsils out")).unwrap();
    assert_eq!(titles(&app, &me), vec!["Asthma", "Tonsils out", "Yellow fever"]);
}

#[test]
fn a_deleted_entry_put_back_keeps_its_earlier_versions() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_in(&dir);
    let me = me_in(&app);
    let first = app.add_own_entry(&me, &form(OwnEntryKind::Medicine, "Ibuprofen")).unwrap().entry.unwrap();
    let changed = OwnEntryForm { dose: Some("200mg".into()), ..form(OwnEntryKind::Medicine, "Ibuprofen") };
    let second = app.edit_own_entry(&me, &first.entry_id, &changed).unwrap().entry.unwrap();
    assert_eq!(app.entry(&me, &second.entry_id).unwrap().versions, 2);
    let gone = app.delete_own_entry(&me, &second.entry_id).unwrap();
    let back = app.restore_own_entry(&me, &gone.undo_token).unwrap().entry.unwrap();
    assert_eq!(back.version, 2);
    assert_eq!(back.form.dose.as_deref(), Some("200mg"));
    assert_eq!(app.entry(&me, &back.entry_id).unwrap().versions, 2, "the first version came back too");
    // Put back twice is refused, and deleting it again keeps both versions again.
    assert_eq!(app.restore_own_entry(&me, &gone.undo_token).unwrap_err().code, ErrorCode::NothingToUndo);
    let again = app.delete_own_entry(&me, &back.entry_id).unwrap();
    let back = app.restore_own_entry(&me, &again.undo_token).unwrap().entry.unwrap();
    assert_eq!(app.entry(&me, &back.entry_id).unwrap().versions, 2);
}
