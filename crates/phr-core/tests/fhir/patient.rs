//! Is the file about this person: NHS numbers decide, else name and date of birth. A refusal
//! says which of this person's details did not match, and never shows the other person's.

use chrono::NaiveDate;
use phr_core::NhsNumber;
use phr_core::fhir::{Check, ImportOrigin, Mismatch, PatientFacts, match_patient, patient_facts};
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
    assert_eq!(err.nhs_number, Check::Differs);
    assert_eq!(
        err.message("Jane Smith", ImportOrigin::File),
        "This file is not Jane Smith's record: the NHS number in it is not the one in Jane Smith's details. \
         Check the NHS number in Jane Smith's details, and that you chose the right file."
    );
    assert_eq!(
        err.message("Jane Smith", ImportOrigin::GpPractice),
        "The record your GP practice sent is not Jane Smith's record: the NHS number in it is not the one in \
         Jane Smith's details. Check the NHS number in Jane Smith's details, and that you signed in to your GP \
         practice's service for Jane Smith."
    );
    assert_eq!(err.summary(), "the NHS number did not match");
}

#[test]
fn otherwise_name_and_birth_date_must_both_match() {
    let f = facts("Chalmers", "Peter", "1974-12-25", None);
    assert_eq!(match_patient(&f, &person("Peter Chalmers", "1974-12-25", Some("9000000009"))), Ok(()));
    assert_eq!(match_patient(&f, &person("PETER chalmers", "1974-12-25", None)), Ok(()));
    let err = match_patient(&f, &person("Sam Smith", "1980-01-01", None)).unwrap_err();
    assert_eq!(err, Mismatch { nhs_number: Check::NotInFile, name: Check::Differs, date_of_birth: Check::Differs });
    assert_eq!(
        err.message("Sam Smith", ImportOrigin::File),
        "This file is not Sam Smith's record: the name and date of birth in the file do not match Sam Smith's \
         details. Check the name and date of birth in Sam Smith's details."
    );
    assert_eq!(err.summary(), "the name and date of birth did not match");
    let err = match_patient(&f, &person("Peter Chalmers", "1974-12-26", None)).unwrap_err();
    assert_eq!(
        err.message("Peter Chalmers", ImportOrigin::GpPractice),
        "The record your GP practice sent is not Peter Chalmers's record: the date of birth in the record does \
         not match Peter Chalmers's details. Check the date of birth in Peter Chalmers's details."
    );
    let err = match_patient(&f, &person("Paul Chalmers", "1974-12-25", None)).unwrap_err();
    assert_eq!(err.summary(), "the name did not match");
}

/// A file with an NHS number, for a person whose details have none: adding it lets the NHS
/// number decide, and the refusal says so.
#[test]
fn the_refusal_says_what_to_add() {
    let f = facts("Chalmers", "Peter", "1974-12-25", Some("9000000009"));
    let err = match_patient(&f, &person("Peter Chalmers", "1974-12-24", None)).unwrap_err();
    assert_eq!(err.nhs_number, Check::NotInDetails);
    assert_eq!(
        err.message("Peter Chalmers", ImportOrigin::File),
        "This file is not Peter Chalmers's record: the date of birth in the file does not match Peter Chalmers's \
         details. Check the date of birth in Peter Chalmers's details. It has an NHS number: add Peter \
         Chalmers's NHS number to their details, and the app checks that instead."
    );
    let mut no_birth = json!({"resourceType": "Patient", "name": [{"family": "Chalmers", "given": ["Peter"]}]});
    let err = match_patient(&patient_facts(&no_birth), &person("Peter Chalmers", "1974-12-25", None)).unwrap_err();
    assert_eq!(
        err.message("Peter Chalmers", ImportOrigin::File),
        "This file gives no date of birth, so the app cannot check that it is Peter Chalmers's record."
    );
    assert_eq!(err.summary(), "it gave no date of birth to check");
    no_birth["identifier"] = json!([{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "9000000009"}]);
    let err = match_patient(&patient_facts(&no_birth), &person("Peter Chalmers", "1974-12-25", None)).unwrap_err();
    assert!(err.message("Peter Chalmers", ImportOrigin::File).ends_with("and the app checks that instead."));
    // With the NHS number added, the same file goes in.
    let added = person("Peter Chalmers", "1974-12-25", Some("9000000009"));
    assert_eq!(match_patient(&patient_facts(&no_birth), &added), Ok(()));
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
    let err = match_patient(&nobody, &person("A B", "2000-01-01", None)).unwrap_err();
    assert_eq!(
        err.message("A B", ImportOrigin::GpPractice),
        "The record your GP practice sent does not say who it is about (it has no NHS number, name or date of \
         birth), so the app cannot check that it is A B's record."
    );
    assert_eq!(err.summary(), "it gave no NHS number, name or date of birth");
}

mod no_other_identity {
    //! Whatever the other Patient is, a refusal and its audit summary hold nothing of their
    //! identity: no part of their name, their date of birth however written, or their NHS
    //! number with or without spaces.

    use chrono::{Datelike, NaiveDate};
    use phr_core::NhsNumber;
    use phr_core::fhir::{Check, ImportOrigin, Mismatch, match_patient, patient_facts};
    use phr_core::person::PersonDetails;
    use proptest::prelude::*;
    use serde_json::{Value, json};

    /// A name part: Latin with accents, Greek, Cyrillic, CJK, apostrophes and hyphens.
    fn name_part() -> impl Strategy<Value = String> {
        prop_oneof![
            "[A-Z][a-z]{1,11}",
            "[A-ZÀ-ÖØ-Ý][a-zà-öø-ÿ'’-]{1,11}",
            "[Α-Ω][α-ω]{2,9}",
            "[А-Я][а-я]{2,9}",
            "[一-龥]{1,3}",
            Just("O'Brien".to_owned()),
            Just("Nguyễn".to_owned()),
            Just("Karena".to_owned()),
            Just("Pfeffer".to_owned()),
        ]
    }

    fn date() -> impl Strategy<Value = NaiveDate> {
        (1900i32..2025, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap())
    }

    /// A valid NHS number (Modulus 11), from nine digits; `None` where no check digit fits.
    fn nhs_number() -> impl Strategy<Value = Option<NhsNumber>> {
        proptest::collection::vec(0u32..10, 9).prop_map(|d| {
            let sum: u32 = d.iter().enumerate().map(|(i, x)| x * (10 - i as u32)).sum();
            let check = match 11 - sum % 11 {
                11 => 0,
                10 => return None,
                c => c,
            };
            let digits: String = d.iter().chain([&check]).map(|x| x.to_string()).collect();
            NhsNumber::parse(&digits).ok()
        })
    }

    /// The other Patient: any of its names, date of birth and NHS number may be missing.
    fn other_patient() -> impl Strategy<Value = (Value, Vec<String>, Option<NaiveDate>, Option<NhsNumber>)> {
        (
            proptest::collection::vec(name_part(), 0..3),
            proptest::option::of(name_part()),
            proptest::option::of(date()),
            proptest::option::of(nhs_number()).prop_map(Option::flatten),
            any::<bool>(),
        )
            .prop_map(|(given, family, born, nhs, as_text)| {
                let mut p = json!({"resourceType": "Patient"});
                let mut parts: Vec<String> = given.clone();
                parts.extend(family.clone());
                if !parts.is_empty() {
                    p["name"] = if as_text {
                        json!([{"text": parts.join(" ")}])
                    } else {
                        json!([{"use": "official", "family": family, "given": given}])
                    };
                }
                if let Some(b) = born {
                    p["birthDate"] = json!(b.format("%Y-%m-%d").to_string());
                }
                if let Some(n) = &nhs {
                    p["identifier"] = json!([{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": n.as_digits()}]);
                }
                (p, parts, born, nhs)
            })
    }

    fn this_person() -> impl Strategy<Value = PersonDetails> {
        (name_part(), name_part(), date(), proptest::option::of(nhs_number()).prop_map(Option::flatten)).prop_map(
            |(given, family, born, nhs)| PersonDetails {
                name: format!("{given} {family}"),
                date_of_birth: born,
                nhs_number: nhs,
            },
        )
    }

    /// Every way a date of birth might be written: ISO, en-GB short and long months, numeric
    /// with and without leading zeros, US order.
    fn date_forms(d: NaiveDate) -> Vec<String> {
        vec![
            d.format("%Y-%m-%d").to_string(),
            d.format("%d %b %Y").to_string(),
            d.format("%-d %b %Y").to_string(),
            d.format("%-d %B %Y").to_string(),
            d.format("%d/%m/%Y").to_string(),
            d.format("%-d/%-m/%Y").to_string(),
            d.format("%m/%d/%Y").to_string(),
            d.format("%Y%m%d").to_string(),
            format!("{}", d.year()),
        ]
    }

    /// Everything a refusal can say about `me`, whoever the other Patient is: every message
    /// and summary for every way the details can compare. A random name part that is a piece
    /// of these words ("the", "record") cannot be told from them, so it is not looked for.
    fn neutral_words(me: &PersonDetails) -> String {
        let checks = [Check::Matches, Check::Differs, Check::NotInFile, Check::NotInDetails];
        let mut out = String::new();
        for nhs_number in checks {
            for name in checks {
                for date_of_birth in checks {
                    let m = Mismatch { nhs_number, name, date_of_birth };
                    for origin in [ImportOrigin::File, ImportOrigin::GpPractice] {
                        out.push_str(&m.message(&me.name, origin));
                    }
                    out.push_str(&m.summary());
                }
            }
        }
        out.to_lowercase()
    }

    /// What of the other Patient's identity `text` shows; only what this person's own details
    /// do not also hold (a shared first name is this person's name too).
    pub(super) fn leaks(
        text: &str,
        parts: &[String],
        born: Option<NaiveDate>,
        nhs: Option<&NhsNumber>,
        me: &PersonDetails,
    ) -> Vec<String> {
        let lower = text.to_lowercase();
        let mine = me.name.to_lowercase();
        let neutral = neutral_words(me);
        let mut found = Vec::new();
        for part in parts.iter().flat_map(|p| p.split_whitespace()) {
            let word = part.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
            if word.chars().count() > 2 && !mine.contains(&word) && !neutral.contains(&word) && lower.contains(&word) {
                found.push(format!("name part {part:?}"));
            }
        }
        if let Some(b) = born.filter(|b| *b != me.date_of_birth) {
            let mine: Vec<String> = date_forms(me.date_of_birth);
            for form in date_forms(b) {
                if !mine.contains(&form) && lower.contains(&form.to_lowercase()) {
                    found.push(format!("date of birth as {form:?}"));
                }
            }
        }
        if let Some(n) = nhs.filter(|n| Some(*n) != me.nhs_number.as_ref()) {
            let digits: String = text.chars().filter(char::is_ascii_digit).collect();
            for form in [n.as_digits().to_owned(), n.to_string()] {
                if text.contains(&form) {
                    found.push(format!("NHS number as {form:?}"));
                }
            }
            if digits.contains(n.as_digits()) {
                found.push("NHS number digits".to_owned());
            }
        }
        found
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(crate::repo::cases(512)))]

        #[test]
        fn no_refusal_shows_the_other_patients_name_birth_date_or_nhs_number(
            (patient, parts, born, nhs) in other_patient(),
            me in this_person(),
        ) {
            let Err(mismatch) = match_patient(&patient_facts(&patient), &me) else {
                return Ok(());
            };
            for origin in [ImportOrigin::File, ImportOrigin::GpPractice] {
                let message = mismatch.message(&me.name, origin);
                let leaked = leaks(&message, &parts, born, nhs.as_ref(), &me);
                prop_assert!(leaked.is_empty(), "{leaked:?} in {message:?}");
            }
            let summary = mismatch.summary();
            let leaked = leaks(&summary, &parts, born, nhs.as_ref(), &me);
            prop_assert!(leaked.is_empty(), "{leaked:?} in the audit summary {summary:?}");
        }

        /// The same Patient with this person's own details goes in: the test above is not
        /// passing only because everything is refused.
        #[test]
        fn a_patient_with_this_persons_details_is_accepted(me in this_person()) {
            let mut parts = me.name.split(' ');
            let (given, family) = (parts.next().unwrap(), parts.next().unwrap());
            let mut p = json!({"resourceType": "Patient", "name": [{"family": family, "given": [given]}],
                "birthDate": me.date_of_birth.format("%Y-%m-%d").to_string()});
            if let Some(n) = &me.nhs_number {
                p["identifier"] = json!([{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": n.to_string()}]);
            }
            prop_assert_eq!(match_patient(&patient_facts(&p), &me), Ok(()));
        }
    }

    /// The leak check itself finds what it should, so a pass means something.
    #[test]
    fn the_leak_check_finds_each_kind_of_detail() {
        let me = PersonDetails {
            name: "Margaret Evans".into(),
            date_of_birth: NaiveDate::from_ymd_opt(1948, 3, 12).unwrap(),
            nhs_number: None,
        };
        let born = NaiveDate::from_ymd_opt(1994, 12, 21);
        let nhs = NhsNumber::parse("9434765919").unwrap();
        let parts = ["Karena".to_owned(), "Pfeffer".to_owned()];
        let old = "The file is about Karena Pfeffer, born 21 Dec 1994, NHS number 943 476 5919";
        let found = leaks(old, &parts, born, Some(&nhs), &me).join("; ");
        for kind in ["\"Karena\"", "\"Pfeffer\"", "\"21 Dec 1994\"", "\"943 476 5919\"", "NHS number digits"] {
            assert!(found.contains(kind), "{kind} not found: {found}");
        }
        assert!(!leaks("born 21/12/1994", &parts, born, None, &me).is_empty());
        assert!(!leaks("9434765919", &parts, None, Some(&nhs), &me).is_empty());
        assert!(leaks("This file is not Margaret Evans's record", &parts, born, Some(&nhs), &me).is_empty());
    }
}
