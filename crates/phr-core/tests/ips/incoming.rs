//! Who an incoming IPS is about and who sent it.

use chrono::NaiveDate;
use phr_core::ips::{SubjectCheck, check_subject, is_ips, sender_name, subjects};
use phr_core::person::PersonDetails;
use serde_json::{Value, json};

use super::{IPS_FIXTURES, ips_fixture};

fn person(name: &str, born: (i32, u32, u32)) -> PersonDetails {
    PersonDetails {
        name: name.into(),
        date_of_birth: NaiveDate::from_ymd_opt(born.0, born.1, born.2).unwrap(),
        nhs_number: None,
    }
}

#[test]
fn every_fixture_is_an_ips_with_one_patient_and_a_sender() {
    for name in IPS_FIXTURES {
        let b = ips_fixture(name);
        assert!(is_ips(&b), "{name}");
        assert_eq!(subjects(&b).len(), 1, "{name}");
        assert!(sender_name(&b).is_some(), "{name}");
    }
    // The custodian when there is one; else the organisation that wrote it (the author is a
    // device in the Austrian sample).
    assert_eq!(
        sender_name(&ips_fixture("IPS_IG_bundle-minimal.json")).as_deref(),
        Some("Anorg Aniza Tion BV / The best custodian ever")
    );
    assert_eq!(sender_name(&ips_fixture("NL_Curavista_01.json")).as_deref(), Some("Sample Organization"));
    assert!(!is_ips(&json!({ "resourceType": "Bundle", "type": "collection" })));
}

#[test]
fn the_subject_matches_or_is_asked_about_or_refused() {
    let b = ips_fixture("IPS_IG_bundle-minimal.json");
    assert_eq!(check_subject(&b, &person("Martha DeLarosa", (1972, 5, 1))), SubjectCheck::Matches);

    // Someone else: what the document says of its subject, and why, in words that hold
    // nothing of the person's own details.
    let ada = person("Ada Lovelace", (1985, 12, 10));
    let SubjectCheck::ToConfirm { subject, reasons } = check_subject(&b, &ada) else { panic!("not asked") };
    assert_eq!(subject.names, ["Martha DeLarosa"]);
    assert_eq!(subject.birth_date.as_deref(), Some("1972-05-01"));
    assert_eq!(subject.identifiers.len(), 1);
    assert_eq!(
        reasons,
        ["The name in it is not the name in this record.", "The date of birth in it is not the one in this record."]
    );
    let said = format!("{reasons:?}");
    assert!(!said.contains("Ada") && !said.contains("1985") && !said.contains("Lovelace"), "{said}");

    // No birth date: asked about.
    let mut no_birth = b.clone();
    for e in no_birth["entry"].as_array_mut().unwrap() {
        if e["resource"]["resourceType"] == "Patient" {
            e["resource"].as_object_mut().unwrap().remove("birthDate");
        }
    }
    let SubjectCheck::ToConfirm { reasons, .. } = check_subject(&no_birth, &person("Martha DeLarosa", (1972, 5, 1)))
    else {
        panic!("not asked")
    };
    assert_eq!(reasons, ["It gives no date of birth."]);

    // Two Patients: refused.
    let mut two = b.clone();
    let patient: Value =
        two["entry"].as_array().unwrap().iter().find(|e| e["resource"]["resourceType"] == "Patient").unwrap().clone();
    let mut other = patient.clone();
    other["fullUrl"] = json!("urn:uuid:11111111-2222-4333-8444-555555555555");
    two["entry"].as_array_mut().unwrap().push(other);
    assert!(matches!(check_subject(&two, &person("Martha DeLarosa", (1972, 5, 1))), SubjectCheck::Refused { .. }));
}
