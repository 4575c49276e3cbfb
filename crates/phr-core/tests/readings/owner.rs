//! Whose readings a device file holds: the owner Dexcom CLARITY and LibreView exports name in
//! their headers, checked loosely against the person the file is going into, and the question
//! asked when they differ (which names no one but this person).

use chrono::NaiveDate;
use phr_core::person::PersonDetails;
use phr_core::readings::device::{self, DeviceFormat, FileOwner, OwnerCheck, check_owner, file_owner};

fn person(name: &str, born: &str) -> PersonDetails {
    PersonDetails {
        name: name.into(),
        date_of_birth: NaiveDate::parse_from_str(born, "%Y-%m-%d").unwrap(),
        nhs_number: None,
    }
}

fn dexcom_small() -> String {
    std::fs::read_to_string(super::repo::fixture("device-data/dexcom-clarity-small.csv")).unwrap()
}

fn local(rel: &str) -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/device");
    std::fs::read_to_string(dir.join(rel)).unwrap()
}

#[test]
fn a_dexcom_file_naming_another_person_is_someone_elses() {
    let text = dexcom_small();
    let owner = file_owner(&text, DeviceFormat::DexcomClarity).expect("the CLARITY header names its owner");
    assert_eq!(owner.name.as_deref(), Some("Joe Schmoe"));
    assert_eq!(owner.date_of_birth.as_deref(), Some("1/1/1970"));
    let karena = person("Karena Pfeffer", "1994-12-21");
    assert_eq!(check_owner(Some(&owner), &karena), OwnerCheck::Differs { name: true, date_of_birth: true });
    // The same header on the full 2,159-line export.
    let full =
        std::fs::read_to_string(super::repo::fixture("device-data/dexcom-clarity-csv_cgmquantify/test_file.csv"))
            .unwrap();
    assert_eq!(file_owner(&full, DeviceFormat::DexcomClarity), Some(owner));
    // Parsing is unchanged: the owner rows are not readings.
    let parsed = device::parse(&text, None, None, chrono::FixedOffset::east_opt(0).unwrap(), super::now()).unwrap();
    assert!(parsed.rows.iter().all(|r| r.line > 12));
}

#[test]
fn the_owners_own_file_matches_however_the_name_is_written() {
    let owner = file_owner(&dexcom_small(), DeviceFormat::DexcomClarity).unwrap();
    for name in ["Joe Schmoe", "joe schmoe", "Schmoe, Joe", "Joe Alan Schmoe", "Jöe Schmoe", "Mr Joe Schmoe"] {
        assert_eq!(check_owner(Some(&owner), &person(name, "1970-01-01")), OwnerCheck::Matches, "{name}");
    }
    // The right name with another date of birth, and the reverse: each alone stops it.
    assert_eq!(
        check_owner(Some(&owner), &person("Joe Schmoe", "1970-02-01")),
        OwnerCheck::Differs { name: false, date_of_birth: true }
    );
    assert_eq!(
        check_owner(Some(&owner), &person("Joe Bloggs", "1970-01-01")),
        OwnerCheck::Differs { name: true, date_of_birth: false }
    );
}

#[test]
fn a_date_of_birth_written_either_way_round_is_the_same_date() {
    let owner = FileOwner { name: None, date_of_birth: Some("3/4/1970".into()) };
    assert_eq!(check_owner(Some(&owner), &person("Anyone", "1970-04-03")), OwnerCheck::Matches);
    assert_eq!(check_owner(Some(&owner), &person("Anyone", "1970-03-04")), OwnerCheck::Matches);
    assert!(matches!(check_owner(Some(&owner), &person("Anyone", "1970-03-05")), OwnerCheck::Differs { .. }));
    // A date of birth that is not a date cannot be checked, so it is not held against the file.
    let unreadable = FileOwner { name: None, date_of_birth: Some("unknown".into()) };
    assert_eq!(check_owner(Some(&unreadable), &person("Anyone", "1970-03-05")), OwnerCheck::NotNamed);
}

#[test]
fn files_that_name_no_one_go_in_as_before() {
    let karena = person("Karena Pfeffer", "1994-12-21");
    for (file, format) in [
        ("omron-connect.csv", DeviceFormat::OmronConnect),
        ("ihealth.csv", DeviceFormat::IHealth),
        ("mangled.csv", DeviceFormat::GenericCsv),
    ] {
        let owner = file_owner(&local(file), format);
        assert_eq!(owner, None, "{file}");
        assert_eq!(check_owner(owner.as_ref(), &karena), OwnerCheck::NotNamed);
    }
    // A CLARITY export without the name rows (they are optional in the app's settings).
    let without: String = dexcom_small()
        .lines()
        .filter(|l| !l.contains("Name,") && !l.contains("DateOfBirth"))
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(file_owner(&without, DeviceFormat::DexcomClarity), None);
    // LibreView without its metadata line.
    let headless: String = local("libreview.csv").lines().skip(1).collect::<Vec<_>>().join("\n");
    assert_eq!(file_owner(&headless, DeviceFormat::LibreView), None);
}

#[test]
fn libreview_names_its_owner_in_its_first_line_or_a_clinics_second() {
    let own = file_owner(&local("libreview.csv"), DeviceFormat::LibreView).unwrap();
    assert_eq!(own, FileOwner { name: Some("Sam Example".into()), date_of_birth: None });
    assert_eq!(check_owner(Some(&own), &person("Sam Example", "1980-05-05")), OwnerCheck::Matches);
    assert_eq!(
        check_owner(Some(&own), &person("Ada Lovelace", "1948-07-05")),
        OwnerCheck::Differs { name: true, date_of_birth: false }
    );
    // A clinic's export: the clinician generated it; the patient is on line 2.
    let text = local("libreview-patient-report.csv");
    assert_eq!(device::detect_format(&text), Some(DeviceFormat::LibreView));
    let clinic = file_owner(&text, DeviceFormat::LibreView).unwrap();
    assert_eq!(clinic.name.as_deref(), Some("Example, Sam"));
    assert_eq!(check_owner(Some(&clinic), &person("Sam Example", "1980-05-05")), OwnerCheck::Matches);
    let parsed = device::parse(&text, None, None, chrono::FixedOffset::east_opt(0).unwrap(), super::now()).unwrap();
    assert_eq!(parsed.rows.iter().map(|r| r.line).collect::<Vec<_>>(), vec![4, 5, 6]);
}

#[test]
fn the_question_names_only_this_person() {
    let q = device::other_person_question("Karena Pfeffer", true, true);
    assert_eq!(
        q,
        "This file seems to belong to someone else: the name and date of birth in it do not match Karena's. Import it anyway?"
    );
    assert!(device::other_person_question("Karena Pfeffer", true, false).contains("the name in it does not match"));
    assert!(
        device::other_person_question("Karena Pfeffer", false, true).contains("the date of birth in it does not match")
    );
    for q in [q, device::OWNER_CHECK_OVERRIDDEN.to_owned()] {
        for other in ["Joe", "Schmoe", "1970", "1/1"] {
            assert!(!q.contains(other), "{q}");
        }
    }
}
