//! Records labelled by older lists of sensitive codes get today's suggested labels when the
//! vault opens, once; the labels the citizen chose stay as they are.

use chrono::NaiveDate;
use phr_core::audit::AuditAction;
use phr_core::person::PersonDetails;
use phr_core::record::Sensitivity;
use phr_vault::record_store::{EntryRow, ImportDocument, SourceInfo, TimelineFilter};
use phr_vault::{PersonId, Vault};

use crate::support::*;

const KARENA: &str = "synthea-r4-smart/Karena_Pfeffer_1f99a0cb-594b-476a-b9cb-502594c1ee6b.json";

fn entries(v: &Vault, id: &PersonId) -> Vec<EntryRow> {
    let mut all = Vec::new();
    let mut filter = TimelineFilter { limit: 200, ..TimelineFilter::default() };
    loop {
        let page = v.timeline(id, &filter).unwrap();
        all.extend(page.entries);
        match page.next_cursor {
            Some(c) => filter.cursor = Some(c),
            None => break,
        }
    }
    all
}

fn labels_of(all: &[EntryRow], title: &str) -> Vec<(i64, Sensitivity)> {
    let found: Vec<_> = all.iter().filter(|e| e.title == title).map(|e| (e.id, e.sensitivity)).collect();
    assert!(!found.is_empty(), "no entry {title:?}");
    found
}

fn label_changes(v: &Vault, id: &PersonId) -> Vec<String> {
    v.audit_log(id)
        .unwrap()
        .into_iter()
        .filter(|a| a.action == AuditAction::EntryLabelChanged)
        .map(|a| a.detail)
        .collect()
}

#[test]
fn a_record_labelled_by_older_lists_is_labelled_again_when_it_opens_keeping_the_citizens_own_labels() {
    let (_t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let karena = PersonDetails {
        name: "Karena Pfeffer".into(),
        date_of_birth: NaiveDate::from_ymd_opt(1994, 12, 21).unwrap(),
        nhs_number: None,
    };
    let id = v.add_person(karena).unwrap().id;
    let text = std::fs::read_to_string(crate::repo::fixture(KARENA)).unwrap();
    v.import_fhir(&id, &SourceInfo::files(), &[ImportDocument { name: "karena.json".into(), text }]).unwrap();
    let all = entries(&v, &id);
    // Imported with today's lists: the pills are sexual health.
    for pill in ["Camila 28 Day Pack", "Errin 28 Day Pack", "Trinessa 28 Day Pack"] {
        assert!(labels_of(&all, pill).iter().all(|(_, s)| *s == Sensitivity::SexualHealth), "{pill}");
    }
    // The citizen decides Trinessa is general: their choice must survive relabelling.
    let (trinessa, _) = labels_of(&all, "Trinessa 28 Day Pack")[0];
    v.set_entry_sensitivity(&id, trinessa, Sensitivity::General).unwrap();
    // As an older app left it: the pills unlabelled, a spare label on a painkiller, no version.
    let (paracetamol, _) = labels_of(&all, "Acetaminophen 325 MG Oral Tablet")[0];
    {
        let raw = v.debug_open_person_db_for_tests(&id).unwrap();
        raw.execute(
            "UPDATE entry SET sensitivity = 'general'
             WHERE title IN ('Camila 28 Day Pack', 'Errin 28 Day Pack') AND sensitivity_set_by_user = 0",
            [],
        )
        .unwrap();
        raw.execute("UPDATE entry SET sensitivity = 'mental_health' WHERE id = ?1", [paracetamol]).unwrap();
        raw.execute("DELETE FROM derived_version", []).unwrap();
    }
    let before = label_changes(&v, &id).len();
    drop(v);

    let v = unlock(&dir);
    let all = entries(&v, &id);
    for pill in ["Camila 28 Day Pack", "Errin 28 Day Pack"] {
        assert!(labels_of(&all, pill).iter().all(|(_, s)| *s == Sensitivity::SexualHealth), "{pill}");
    }
    assert_eq!(labels_of(&all, "Trinessa 28 Day Pack"), [(trinessa, Sensitivity::General)], "the citizen's own");
    assert!(all.iter().filter(|e| e.id == paracetamol).all(|e| e.sensitivity == Sensitivity::General));
    let changes = label_changes(&v, &id);
    assert_eq!(changes.len(), before + 1, "{changes:?}");
    assert_eq!(
        changes.last().unwrap(),
        "4 entries' sensitivity labels suggested again: the app's lists of sensitive codes and medicines changed \
         (labels you chose are kept)"
    );
    drop(v);

    // Once per version of the lists: the next unlock changes nothing and records nothing.
    let v = unlock(&dir);
    assert_eq!(label_changes(&v, &id).len(), before + 1);
    assert_eq!(
        entries(&v, &id).iter().map(|e| (e.id, e.sensitivity)).collect::<Vec<_>>(),
        all.iter().map(|e| (e.id, e.sensitivity)).collect::<Vec<_>>()
    );
}

#[test]
fn a_record_already_labelled_by_these_lists_only_has_its_version_recorded() {
    let (_t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let id = v.add_person(details("Margaret Evans")).unwrap().id;
    drop(v);
    let v = unlock(&dir);
    assert!(label_changes(&v, &id).is_empty());
    let raw = v.debug_open_person_db_for_tests(&id).unwrap();
    let version: u32 =
        raw.query_row("SELECT version FROM derived_version WHERE what = 'sensitivity'", [], |r| r.get(0)).unwrap();
    assert_eq!(version, phr_core::record::SENSITIVITY_LISTS_VERSION);
}

/// What the relabel pass works out from stored entries is what the import suggested from the
/// resources: a record just imported and opened again changes no label, for a Synthea record
/// and for GP Connect's, whose prescriptions take their codes from the Medication they name.
#[test]
fn labels_worked_out_again_from_stored_entries_are_the_imports_own() {
    let (_t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let mut people = Vec::new();
    for (name, born, fixture) in [
        ("Karena Pfeffer", (1994, 12, 21), KARENA),
        ("Jane Jackson", (1952, 5, 31), "gpconnect-stu3/access-record-structured/consultations_response1.json"),
    ] {
        let d = PersonDetails {
            name: name.into(),
            date_of_birth: NaiveDate::from_ymd_opt(born.0, born.1, born.2).unwrap(),
            nhs_number: None,
        };
        let id = v.add_person(d).unwrap().id;
        let text = std::fs::read_to_string(crate::repo::fixture(fixture)).unwrap();
        v.import_fhir(&id, &SourceInfo::files(), &[ImportDocument { name: "record.json".into(), text }]).unwrap();
        v.debug_open_person_db_for_tests(&id).unwrap().execute("DELETE FROM derived_version", []).unwrap();
        let all = entries(&v, &id);
        assert!(all.iter().any(|e| e.sensitivity != Sensitivity::General), "{name}");
        people.push((id, all));
    }
    drop(v);
    let v = unlock(&dir);
    for (id, before) in &people {
        assert!(label_changes(&v, id).is_empty(), "{:?}", label_changes(&v, id));
        let after = entries(&v, id);
        assert_eq!(
            after.iter().map(|e| (e.id, e.sensitivity)).collect::<Vec<_>>(),
            before.iter().map(|e| (e.id, e.sensitivity)).collect::<Vec<_>>()
        );
    }
}
