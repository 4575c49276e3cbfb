//! Is a file about this person? The Patient's NHS number, names and date of birth, checked
//! against the person the record belongs to.

use chrono::NaiveDate;
use serde_json::Value;

use super::NHS_NUMBER_SYSTEM;
use super::json::{arr, s};
use crate::nhs_number::NhsNumber;
use crate::person::PersonDetails;

/// What a Patient resource says about who it is.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct PatientFacts {
    /// A valid NHS number; one failing the Modulus 11 check is ignored.
    pub nhs_number: Option<NhsNumber>,
    /// Each name as (family, given names), in the resource's order, official first.
    pub names: Vec<(String, Vec<String>)>,
    pub birth_date: Option<NaiveDate>,
}
crate::redacted_debug!(PatientFacts);

/// Reads the identifying facts of a Patient (R4 or STU3: the shapes agree here).
pub fn patient_facts(patient: &Value) -> PatientFacts {
    let nhs_number = arr(patient, "identifier")
        .into_iter()
        .filter(|i| s(i, "system").is_some_and(|sys| sys.trim_end_matches('/') == NHS_NUMBER_SYSTEM))
        .find_map(|i| s(i, "value").and_then(|v| NhsNumber::parse(v).ok()));
    let mut names: Vec<(bool, (String, Vec<String>))> = arr(patient, "name")
        .into_iter()
        .filter_map(|n| {
            let given: Vec<String> =
                arr(n, "given").into_iter().filter_map(Value::as_str).map(|g| g.trim().to_string()).collect();
            let family = match n.get("family") {
                Some(Value::String(f)) => Some(f.trim().to_string()),
                Some(Value::Array(f)) => f.iter().filter_map(Value::as_str).next().map(|f| f.trim().to_string()),
                _ => None,
            };
            let (family, given) = match family {
                Some(f) if !f.is_empty() => (f, given),
                // Only a text name: its last word is the family name.
                _ => {
                    let text = s(n, "text")?;
                    let mut words: Vec<String> = text.split_whitespace().map(str::to_string).collect();
                    let family = words.pop()?;
                    (family, if given.is_empty() { words } else { given })
                }
            };
            Some((s(n, "use") == Some("official"), (family, given)))
        })
        .collect();
    // Official names first; the sort is stable so the file's order is kept otherwise.
    names.sort_by_key(|(official, _)| !official);
    let birth_date = s(patient, "birthDate").and_then(|d| NaiveDate::parse_from_str(d.get(..10)?, "%Y-%m-%d").ok());
    PatientFacts { nhs_number, names: names.into_iter().map(|(_, n)| n).collect(), birth_date }
}

/// Where an import's Patient comes from: the words a refusal uses ("this file", "the record
/// your GP practice sent"). The caller says which.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportOrigin {
    File,
    GpPractice,
}

/// How one of this person's details compared with the Patient's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    Matches,
    Differs,
    /// The Patient does not give it.
    NotInFile,
    /// This person's details do not hold it (only an NHS number is optional).
    NotInDetails,
}

/// Why a Patient is not this person, told through this person's details only. Nothing of the
/// Patient's own name, date of birth or NHS number is kept here, so no message or audit entry
/// made from it can show another person's identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mismatch {
    pub nhs_number: Check,
    pub name: Check,
    pub date_of_birth: Check,
}

/// Checks that an import's Patient is the person whose record it is going into. NHS numbers
/// decide when both have one; otherwise a name (family and first given name, ignoring case,
/// accents and the digits Synthea appends) and the date of birth must both match.
pub fn match_patient(facts: &PatientFacts, person: &PersonDetails) -> Result<(), Mismatch> {
    let nhs_number = match (&facts.nhs_number, &person.nhs_number) {
        (Some(a), Some(b)) if a == b => return Ok(()),
        (Some(_), Some(_)) => Check::Differs,
        (None, _) => Check::NotInFile,
        (Some(_), None) => Check::NotInDetails,
    };
    let person_words = words(&person.name);
    let name = if facts.names.is_empty() {
        Check::NotInFile
    } else if facts.names.iter().any(|(family, given)| {
        let family_words = words(family);
        let first_given = given.iter().flat_map(|g| words(g)).next();
        !family_words.is_empty()
            && family_words.iter().all(|w| person_words.contains(w))
            && first_given.is_some_and(|g| person_words.first() == Some(&g) || person_words.contains(&g))
    }) {
        Check::Matches
    } else {
        Check::Differs
    };
    let date_of_birth = match facts.birth_date {
        None => Check::NotInFile,
        Some(d) if d == person.date_of_birth => Check::Matches,
        Some(_) => Check::Differs,
    };
    let mismatch = Mismatch { nhs_number, name, date_of_birth };
    if nhs_number != Check::Differs && name == Check::Matches && date_of_birth == Check::Matches {
        Ok(())
    } else {
        Err(mismatch)
    }
}

impl Mismatch {
    /// What did not match, for the audit log: "the NHS number did not match". Only this
    /// person's details are named, never a value.
    pub fn summary(&self) -> String {
        match self.kind() {
            Kind::NhsNumber => "the NHS number did not match".to_owned(),
            Kind::NothingToCheck => "it gave no NHS number, name or date of birth".to_owned(),
            Kind::Missing(details) => format!("it gave no {details} to check"),
            Kind::Differs(details) => format!("the {details} did not match"),
        }
    }

    /// The refusal in plain words for the citizen: which of `person_name`'s details did not
    /// match and what to check. It names this person and never the other.
    pub fn message(&self, person_name: &str, origin: ImportOrigin) -> String {
        let theirs = possessive(person_name);
        let (this, it) = match origin {
            ImportOrigin::File => ("This file", "the file"),
            ImportOrigin::GpPractice => ("The record your GP practice sent", "the record"),
        };
        // Where the Patient has an NHS number and this person's details do not, adding it
        // lets the NHS number decide.
        let add_nhs_number = if self.nhs_number == Check::NotInDetails {
            format!(" It has an NHS number: add {theirs} NHS number to their details, and the app checks that instead.")
        } else {
            String::new()
        };
        match self.kind() {
            Kind::NhsNumber => {
                let also = match origin {
                    ImportOrigin::File => "that you chose the right file".to_owned(),
                    ImportOrigin::GpPractice => {
                        format!("that you signed in to your GP practice's service for {person_name}")
                    }
                };
                format!(
                    "{this} is not {theirs} record: the NHS number in it is not the one in {theirs} details. \
                     Check the NHS number in {theirs} details, and {also}."
                )
            }
            Kind::NothingToCheck => format!(
                "{this} does not say who it is about (it has no NHS number, name or date of birth), so the app \
                 cannot check that it is {theirs} record."
            ),
            Kind::Missing(details) => {
                format!(
                    "{this} gives no {details}, so the app cannot check that it is {theirs} record.{add_nhs_number}"
                )
            }
            Kind::Differs(details) => {
                let verb = if details.contains(" and ") { "do" } else { "does" };
                format!(
                    "{this} is not {theirs} record: the {details} in {it} {verb} not match {theirs} details. \
                     Check the {details} in {theirs} details.{add_nhs_number}"
                )
            }
        }
    }

    fn kind(&self) -> Kind {
        if self.nhs_number == Check::Differs {
            return Kind::NhsNumber;
        }
        let differs = (self.name == Check::Differs, self.date_of_birth == Check::Differs);
        let missing = (self.name == Check::NotInFile, self.date_of_birth == Check::NotInFile);
        match (differs, missing) {
            ((true, true), _) => Kind::Differs("name and date of birth"),
            ((true, false), _) => Kind::Differs("name"),
            ((false, true), _) => Kind::Differs("date of birth"),
            (_, (true, true)) if self.nhs_number == Check::NotInFile => Kind::NothingToCheck,
            (_, (true, true)) => Kind::Missing("name or date of birth"),
            (_, (true, false)) => Kind::Missing("name"),
            _ => Kind::Missing("date of birth"),
        }
    }
}

/// The shape of a refusal, for its words.
enum Kind {
    NhsNumber,
    NothingToCheck,
    /// This person's details the Patient does not give, in words.
    Missing(&'static str),
    /// This person's details that did not match, in words: "name", "date of birth" or both.
    Differs(&'static str),
}

/// "Margaret Evans's", the en-GB possessive (also after an s: "James's").
fn possessive(name: &str) -> String {
    format!("{}'s", name.trim())
}

/// A name as comparable words: lower case, accents folded, punctuation a word break, the
/// trailing digits Synthea adds ("Peter123") removed.
fn words(name: &str) -> Vec<String> {
    let folded: String = name.chars().flat_map(crate::person_name::fold).collect();
    folded
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .map(|w| w.replace('\'', ""))
        .map(|w| w.trim_end_matches(|c: char| c.is_ascii_digit()).to_string())
        .filter(|w| !w.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_fold_accents_and_digits() {
        assert_eq!(words("Zoë O’Brien-Smith123"), vec!["zoe", "obrien", "smith"]);
        assert_eq!(words("Peter123 Chalmers456"), vec!["peter", "chalmers"]);
    }
}
