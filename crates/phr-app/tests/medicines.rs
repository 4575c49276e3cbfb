//! The record's medicines through the facade, over real published records: a GP Connect
//! structured record (plans, issues and statements) and Synthea R4 records. Each medicine
//! once, the current set and the words, exactly as a person (or a carer, or a paramedic
//! reading over their shoulder) sees them.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

mod common;

use std::path::Path;
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use common::*;
use phr_app::*;
use phr_core::clock::FixedClock;

const CONSULTATIONS: &str = "gpconnect-stu3/access-record-structured/consultations_response1.json";
const MEDS: &str = "gpconnect-stu3/access-record-structured/meds_response.json";
const KARENA: &str = "synthea-r4-smart/Karena_Pfeffer_1f99a0cb-594b-476a-b9cb-502594c1ee6b.json";

/// An unlocked app on 23 Nov 2026 with one person made to match `fixture`, its file imported.
fn record_of(dir: &Path, fixture: &str) -> (App, PersonId) {
    let clock = Arc::new(FixedClock(Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap()));
    let app = App::with_options(dir.join("vault"), AppOptions::with_clock(clock, KdfProfile::Floor));
    app.create_vault(Passphrase::new(PASS.to_owned())).unwrap();
    let person = add_person_matching(&app, fixture);
    let report = app.import_files(&person, &[fixtures().join(fixture)]).unwrap();
    assert_eq!(report.rejected, 0, "{report:?}");
    (app, person)
}

fn fact<'a>(m: &'a Medicine, label: &str) -> Option<&'a str> {
    m.details.iter().find(|f| f.label == label).map(|f| f.text.as_str())
}

fn medication_entries(app: &App, person: &PersonId) -> u32 {
    let counts = app.record_summary(person).unwrap().counts;
    counts.iter().find(|c| c.kind == EntryKind::Medication).map_or(0, |c| c.count)
}

#[test]
fn gp_connect_acute_medicines_issued_long_ago_are_named_not_called_none() {
    // Jane Jackson, 74: Citalopram issued on three plans, Amlodipine and Paracetamol once, all
    // acute and all in 2019. The summary used to say "No current medicines are recorded".
    let tmp = tempfile::tempdir().unwrap();
    let (app, jane) = record_of(tmp.path(), CONSULTATIONS);
    let all = app.medicines(&jane).unwrap();

    let groups: Vec<(&str, &str, usize)> =
        all.medicines.iter().map(|m| (m.name.as_str(), m.key.as_str(), m.issues.len())).collect();
    assert_eq!(
        groups,
        [
            ("Citalopram 20mg tablets", "sct:321987003", 7),
            ("Amlodipine 10mg tablets", "sct:319284000", 2),
            ("Paracetamol 500mg tablets", "sct:322236009", 3),
        ]
    );
    // Every medicine entry is under exactly one medicine, the unnamed issue under its plan's.
    let listed: usize = all.medicines.iter().map(|m| m.issues.len()).sum();
    assert_eq!(listed as u32, medication_entries(&app, &jane));
    let paracetamol = &all.medicines[2];
    assert!(paracetamol.issues.iter().any(|i| i.title == "Medicine (not named)"), "{paracetamol:?}");

    // None is current; the summary says so AND names what was issued last, with its age.
    assert!(all.medicines.iter().all(|m| !m.current && m.current_text == "Not current"));
    assert_eq!(all.summary.current_count, 0);
    assert_eq!(all.summary.total, 3);
    assert_eq!(
        all.summary.statement.as_deref(),
        Some(
            "No current medicines. Most recent: Citalopram 20mg tablets, last issued 1 Jun 2019 (7 years ago); \
             Amlodipine 10mg tablets, last issued 28 Mar 2019 (7 years ago); \
             Paracetamol 500mg tablets, last issued 28 Mar 2019 (7 years ago)."
        )
    );
    let shown: Vec<&str> = all.summary.shown.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(shown, ["Citalopram 20mg tablets", "Amlodipine 10mg tablets", "Paracetamol 500mg tablets"]);
    assert_eq!(all.summary.acute_current_days, 28);
    assert_eq!(all.summary.others_heading, None, "all three are shown");

    let citalopram = &all.medicines[0];
    assert_eq!(citalopram.course, MedicineCourse::Acute);
    assert_eq!(citalopram.first_issued.as_deref(), Some("2019-03-28"));
    assert_eq!(citalopram.last_issued.as_deref(), Some("2019-06-01"));
    assert_eq!(citalopram.status.as_deref(), Some("completed"));
    assert_eq!(citalopram.reason, "Last issued more than 28 days ago.");
    assert_eq!(citalopram.caution, None);
    let details: Vec<(&str, &str)> = citalopram.details.iter().map(|f| (f.label.as_str(), f.text.as_str())).collect();
    assert_eq!(
        details,
        [
            ("Acute or repeat", "Acute (a one-off course)"),
            ("Dose", "TAKE ONE DAILY. INSTRUCTIONS FOR PATIENT"),
            ("First issued", "28 Mar 2019"),
            ("Last issued", "1 Jun 2019 (7 years ago)"),
            ("Status", "Completed"),
        ]
    );
    assert_eq!(citalopram.issues_heading, "Prescriptions and records (7)");
    let roles: Vec<(MedicineRole, Option<&str>)> =
        citalopram.issues.iter().map(|i| (i.role, i.date_text.as_deref())).collect();
    assert_eq!(
        roles.iter().filter(|(r, _)| *r == MedicineRole::Issue).map(|(_, d)| *d).collect::<Vec<_>>(),
        [Some("1 Jun 2019"), Some("1 May 2019"), Some("28 Mar 2019")],
        "the three issues, newest first"
    );
    assert_eq!(roles.iter().filter(|(r, _)| *r == MedicineRole::Authorisation).count(), 3);

    // The record summary says exactly what the medicines view says.
    assert_eq!(app.record_summary(&jane).unwrap().medicines, all.summary);
}

#[test]
fn gp_connect_an_active_repeat_is_current_and_an_old_one_says_to_check() {
    let tmp = tempfile::tempdir().unwrap();
    let (app, jane) = record_of(tmp.path(), MEDS);
    let all = app.medicines(&jane).unwrap();
    let groups: Vec<(&str, bool, usize)> =
        all.medicines.iter().map(|m| (m.name.as_str(), m.current, m.issues.len())).collect();
    assert_eq!(groups, [("Aspirin 75mg dispersible tablets", true, 4), ("Amoxicillin 250mg capsules", false, 5)]);
    assert_eq!(all.summary.current_count, 1);
    assert_eq!(all.summary.statement, None, "something is current: no 'none' sentence");
    assert_eq!(
        all.summary.shown.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(),
        ["Aspirin 75mg dispersible tablets"]
    );

    let aspirin = &all.medicines[0];
    assert_eq!(aspirin.course, MedicineCourse::Repeat);
    assert_eq!(aspirin.current_text, "Current");
    assert_eq!(aspirin.reason, "An active repeat prescription.");
    assert_eq!(
        aspirin.caution.as_deref(),
        Some("Last issued over a year ago: check with your GP practice that it is still taken.")
    );
    assert_eq!(fact(aspirin, "Last issued"), Some("11 Sep 2016 (10 years ago)"));
    assert_eq!(fact(aspirin, "First issued"), Some("11 Aug 2016"));
    assert_eq!(fact(aspirin, "Dose"), Some("TAKE ONE 3 TIMES/DAY. INSTRUCTIONS FOR PATIENT"));
    assert_eq!(fact(aspirin, "Status"), Some("Active"));

    // Two acute plans of the same medicine (one SNOMED code) are one medicine.
    let amoxicillin = &all.medicines[1];
    assert_eq!(amoxicillin.issues.iter().filter(|i| i.role == MedicineRole::Authorisation).count(), 2);
    assert_eq!(amoxicillin.last_issued.as_deref(), Some("2016-05-10"));
    assert_eq!(amoxicillin.reason, "Last issued more than 28 days ago.");
}

#[test]
fn synthea_r4_active_requests_are_current_and_repeats_are_one_medicine() {
    let tmp = tempfile::tempdir().unwrap();
    let (app, karena) = record_of(tmp.path(), KARENA);
    let all = app.medicines(&karena).unwrap();
    let current: Vec<&str> = all.medicines.iter().filter(|m| m.current).map(|m| m.name.as_str()).collect();
    assert_eq!(
        current,
        [
            "Liletta 52 MG Intrauterine System",
            "Hydrochlorothiazide 25 MG",
            "Loratadine 5 MG Chewable Tablet",
            "NDA020800 0.3 ML Epinephrine 1 MG/ML Auto-Injector",
        ]
    );
    assert_eq!(all.summary.current_count, 4);
    assert_eq!(all.summary.total, 11, "12 requests, Camila twice");
    assert_eq!(all.summary.statement, None);
    assert_eq!(all.summary.shown.len(), 4);
    assert_eq!(all.summary.others_heading.as_deref(), Some("Other medicines in the record (7)"));
    assert!(all.medicines.iter().filter(|m| m.current).all(|m| m.reason == "The record marks it as active."));
    // Synthea's newest is from 2020: current by the record, but old, so each says to check.
    assert!(all.summary.shown.iter().all(|m| m.caution.is_some()), "{:?}", all.summary.shown);

    let camila = all.medicines.iter().find(|m| m.name == "Camila 28 Day Pack").unwrap();
    assert_eq!(camila.key, "rxnorm:748962");
    assert_eq!(camila.issues.len(), 2);
    assert_eq!(camila.first_issued.as_deref(), Some("2013-11-22"));
    assert_eq!(camila.last_issued.as_deref(), Some("2016-11-06"));
    assert_eq!(camila.course, MedicineCourse::NotStated);
    assert_eq!(camila.reason, "Stopped.");
    assert_eq!(fact(camila, "Acute or repeat"), Some("Not recorded"));
    // 25 mg and 6.25 mg are different medicines.
    assert!(all.medicines.iter().any(|m| m.name == "Hydrochlorothiazide 6.25 MG" && !m.current));

    let listed: usize = all.medicines.iter().map(|m| m.issues.len()).sum();
    assert_eq!(listed as u32, medication_entries(&app, &karena));
    assert_eq!(app.record_summary(&karena).unwrap().medicines, all.summary);
}

#[test]
fn another_synthea_record_and_a_record_with_no_medicines() {
    let tmp = tempfile::tempdir().unwrap();
    let (app, dino) = record_of(tmp.path(), SYNTHEA);
    let all = app.medicines(&dino).unwrap();
    let current: Vec<&str> = all.medicines.iter().filter(|m| m.current).map(|m| m.name.as_str()).collect();
    assert_eq!(current.len(), 4, "{current:?}");
    assert!(all.medicines.iter().any(|m| m.name == "Galantamine 4 MG Oral Tablet" && !m.current));

    let nobody = app
        .add_person(PersonInput {
            name: "No Medicines".into(),
            date_of_birth: "1990-01-01".into(),
            nhs_number: None,
            role: None,
        })
        .unwrap()
        .id;
    let none = app.medicines(&nobody).unwrap();
    assert!(none.medicines.is_empty());
    assert_eq!(
        none.summary.statement.as_deref(),
        Some(
            "No medicines have been imported. This does not mean there are none: ask your GP practice if you are not sure."
        )
    );
}
