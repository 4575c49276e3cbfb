//! Is the file about this person: NHS numbers decide, else name and date of birth.

use chrono::NaiveDate;
use phr_core::NhsNumber;
use phr_core::fhir::{PatientFacts, match_patient, patient_facts};
use phr_core::person::PersonDetails;
use serde_json::json;

use super::parse;

fn person(name: &str, born: &str, nhs: Option<&str>) -> PersonDetails {
    PersonDetails {
        name: name.to_string(),
        date_of_birth: NaiveDate::parse_from_str(born, "%Y-%m-%d").unwrap(),
        nhs_number: nhs.map(|n| NhsNumber::parse(n).unwrap()),
    }
}

fn facts(family: &str, given: &str, born: &str, nhs: Option<&str>) -> PatientFacts {
    let mut p = json!({"resourceType": "Patient", "name": [{"family": family, "given": [given]}], "birthDate": born});
    if let Some(n) = nhs {
        p["identifier"] = json!([{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": n}]);
    }
    patient_facts(&p)
}

#[test]
fn nhs_numbers_decide_when_both_have_one() {
    let f = facts("Smith", "Jane", "1990-01-01", Some("9000000009"));
    // Same number: a different spelling of the name does not matter.
    assert_eq!(match_patient(&f, &person("Janey Smyth", "1991-02-02", Some("9000000009"))), Ok(()));
    let err = match_patient(&f, &person("Jane Smith", "1990-01-01", Some("9000000017"))).unwrap_err();
    assert!(err.contains("900 000 0009") && err.contains("900 000 0017"), "{err}");
}

#[test]
fn otherwise_name_and_birth_date_must_both_match() {
    let f = facts("Chalmers", "Peter", "1974-12-25", None);
    assert_eq!(match_patient(&f, &person("Peter Chalmers", "1974-12-25", Some("9000000009"))), Ok(()));
    assert_eq!(match_patient(&f, &person("PETER chalmers", "1974-12-25", None)), Ok(()));
    let err = match_patient(&f, &person("Sam Smith", "1980-01-01", None)).unwrap_err();
    assert_eq!(err, "The file is about Peter Chalmers, born 25 Dec 1974; this record is Sam Smith's, born 1 Jan 1980");
    assert!(match_patient(&f, &person("Peter Chalmers", "1974-12-26", None)).is_err());
    assert!(match_patient(&f, &person("Paul Chalmers", "1974-12-25", None)).is_err());
}

#[test]
fn accents_and_synthea_digits_are_ignored() {
    let f = facts("Ritchie586", "Emilee139", "2001-05-06", None);
    assert_eq!(match_patient(&f, &person("Emilee Ritchie", "2001-05-06", None)), Ok(()));
    let f = facts("Brontë", "Zoë", "1950-03-04", None);
    assert_eq!(match_patient(&f, &person("Zoe Bronte", "1950-03-04", None)), Ok(()));
}

#[test]
fn facts_come_from_published_patients() {
    let f = parse("hl7-r4-examples/Patient-example.json");
    let facts = patient_facts(&f.resources[0].value);
    assert_eq!(facts.names[0], ("Chalmers".to_string(), vec!["Peter".to_string(), "James".to_string()]));
    assert_eq!(facts.birth_date, NaiveDate::from_ymd_opt(1974, 12, 25));
    assert_eq!(match_patient(&facts, &person("Peter Chalmers", "1974-12-25", None)), Ok(()));
    // An NHS number failing Modulus 11 (as in some GP Connect examples) cannot decide.
    let bad = json!({"resourceType": "Patient", "identifier": [{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "9432003812"}]});
    assert_eq!(patient_facts(&bad).nhs_number, None);
    let nobody = patient_facts(&json!({"resourceType": "Patient"}));
    assert!(match_patient(&nobody, &person("A B", "2000-01-01", None)).unwrap_err().contains("no NHS number"));
}
