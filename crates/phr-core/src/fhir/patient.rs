//! Is a file about this person? The Patient's NHS number, names and date of birth, checked
//! against the person the record belongs to.

use chrono::NaiveDate;
use serde_json::Value;

use super::NHS_NUMBER_SYSTEM;
use super::json::{arr, human_date, s};
use crate::nhs_number::NhsNumber;
use crate::person::PersonDetails;

/// What a Patient resource says about who it is.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PatientFacts {
    /// A valid NHS number; one failing the Modulus 11 check is ignored.
    pub nhs_number: Option<NhsNumber>,
    /// Each name as (family, given names), in the resource's order, official first.
    pub names: Vec<(String, Vec<String>)>,
    pub birth_date: Option<NaiveDate>,
}

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

/// Checks that a file's Patient is the person whose record it is going into. NHS numbers
/// decide when both have one; otherwise a name (family and first given name, ignoring case,
/// accents and the digits Synthea appends) and the date of birth must both match. The error
/// is a sentence for the citizen.
pub fn match_patient(facts: &PatientFacts, person: &PersonDetails) -> Result<(), String> {
    let about = describe(facts);
    let theirs = format!("this record is {}'s", person.name);
    if let (Some(a), Some(b)) = (&facts.nhs_number, &person.nhs_number) {
        return if a == b {
            Ok(())
        } else {
            Err(format!("The file is about {about}, NHS number {a}; {theirs}, NHS number {b}"))
        };
    }
    if facts.names.is_empty() && facts.birth_date.is_none() {
        return Err(format!(
            "The file's patient has no NHS number, name or date of birth to check against {}'s record",
            person.name
        ));
    }
    let person_words = words(&person.name);
    let name_matches = facts.names.iter().any(|(family, given)| {
        let family_words = words(family);
        let first_given = given.iter().flat_map(|g| words(g)).next();
        !family_words.is_empty()
            && family_words.iter().all(|w| person_words.contains(w))
            && first_given.is_some_and(|g| person_words.first() == Some(&g) || person_words.contains(&g))
    });
    let born_matches = facts.birth_date == Some(person.date_of_birth);
    match (name_matches, born_matches) {
        (true, true) => Ok(()),
        (true, false) if facts.birth_date.is_none() => {
            Err(format!("The file is about {about} but gives no date of birth to check; {theirs}"))
        }
        _ => Err(format!(
            "The file is about {about}; {theirs}, born {}",
            human_date(&person.date_of_birth.format("%Y-%m-%d").to_string())
        )),
    }
}

/// "Peter Chalmers, born 25 Dec 1974".
fn describe(facts: &PatientFacts) -> String {
    let name = facts
        .names
        .first()
        .map(|(family, given)| {
            let mut parts: Vec<String> = given.iter().take(1).map(|g| strip_digits(g)).collect();
            parts.push(strip_digits(family));
            parts.join(" ")
        })
        .unwrap_or_else(|| "someone with no name given".to_string());
    match facts.birth_date {
        Some(d) => format!("{name}, born {}", human_date(&d.format("%Y-%m-%d").to_string())),
        None => name,
    }
}

fn strip_digits(s: &str) -> String {
    s.split_whitespace().map(|w| w.trim_end_matches(|c: char| c.is_ascii_digit())).collect::<Vec<_>>().join(" ")
}

/// A name as comparable words: lower case, accents folded, punctuation a word break, the
/// trailing digits Synthea adds ("Peter123") removed.
fn words(name: &str) -> Vec<String> {
    let folded: String = name.chars().flat_map(fold).collect();
    folded
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .map(|w| w.replace('\'', ""))
        .map(|w| w.trim_end_matches(|c: char| c.is_ascii_digit()).to_string())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Lower case without accents, for the Latin letters names use.
fn fold(c: char) -> Vec<char> {
    let base = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' => {
            'a'
        }
        'ç' | 'ć' | 'č' | 'Ç' | 'Ć' | 'Č' => 'c',
        'ď' | 'đ' | 'Ď' | 'Đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' | 'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ě' => 'e',
        'ğ' | 'Ğ' => 'g',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' | 'İ' => 'i',
        'ł' | 'Ł' => 'l',
        'ñ' | 'ń' | 'ň' | 'Ñ' | 'Ń' | 'Ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' | 'Ő' => {
            'o'
        }
        'ř' | 'Ř' => 'r',
        'ś' | 'š' | 'ş' | 'Ś' | 'Š' | 'Ş' => 's',
        'ť' | 'ţ' | 'Ť' | 'Ţ' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' | 'Ű' => 'u',
        'ý' | 'ÿ' | 'Ý' | 'Ÿ' => 'y',
        'ź' | 'ż' | 'ž' | 'Ź' | 'Ż' | 'Ž' => 'z',
        'ß' => return vec!['s', 's'],
        'æ' | 'Æ' => return vec!['a', 'e'],
        'œ' | 'Œ' => return vec!['o', 'e'],
        '’' | '‘' => '\'',
        other => return other.to_lowercase().collect(),
    };
    vec![base]
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
