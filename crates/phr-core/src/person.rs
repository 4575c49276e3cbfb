//! A person whose record the vault holds, and the rules for their details.

use chrono::NaiveDate;

use crate::error::ErrorCode;
use crate::nhs_number::NhsNumber;

/// The longest name we accept; longer input is almost certainly a paste gone wrong.
pub const MAX_NAME_CHARS: usize = 200;

/// A person's details after validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonDetails {
    pub name: String,
    pub date_of_birth: NaiveDate,
    pub nhs_number: Option<NhsNumber>,
}

/// Why a person's details were refused: the field it concerns, a code and a sentence.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct DetailsError {
    /// The input field the message belongs next to (`name`, `dateOfBirth`, `nhsNumber`).
    pub field: &'static str,
    pub code: ErrorCode,
    pub message: String,
}

impl DetailsError {
    fn new(field: &'static str, code: ErrorCode, message: impl Into<String>) -> Self {
        Self { field, code, message: message.into() }
    }
}

/// Checks raw details as a person typed them. `today` is passed in: the core reads no clock.
pub fn validate_details(
    name: &str,
    date_of_birth: &str,
    nhs_number: Option<&str>,
    today: NaiveDate,
) -> Result<PersonDetails, DetailsError> {
    let name = validate_name(name)?;
    let date_of_birth = validate_date_of_birth(date_of_birth, today)?;
    let nhs_number = match nhs_number.map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(raw) => Some(
            NhsNumber::parse(raw)
                .map_err(|e| DetailsError::new("nhsNumber", ErrorCode::InvalidNhsNumber, capitalise(&e.to_string())))?,
        ),
    };
    Ok(PersonDetails { name, date_of_birth, nhs_number })
}

/// Trims and checks a name; inner runs of white space become one space.
pub fn validate_name(raw: &str) -> Result<String, DetailsError> {
    let name = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(DetailsError::new("name", ErrorCode::InvalidName, "Enter a name"));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(DetailsError::new(
            "name",
            ErrorCode::InvalidName,
            format!("A name can be at most {MAX_NAME_CHARS} characters"),
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(DetailsError::new("name", ErrorCode::InvalidName, "A name cannot contain control characters"));
    }
    Ok(name)
}

/// Parses `YYYY-MM-DD` and refuses dates in the future or before 1880.
pub fn validate_date_of_birth(raw: &str, today: NaiveDate) -> Result<NaiveDate, DetailsError> {
    let err = |m: &str| DetailsError::new("dateOfBirth", ErrorCode::InvalidDateOfBirth, m);
    let date = NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d")
        .map_err(|_| err("Enter a real date of birth, for example 1948-07-05"))?;
    if date > today {
        return Err(err("A date of birth cannot be in the future"));
    }
    if date < NaiveDate::from_ymd_opt(1880, 1, 1).unwrap_or(NaiveDate::MIN) {
        return Err(err("A date of birth must be after 1880"));
    }
    Ok(date)
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    #[test]
    fn valid_details_are_normalised() {
        let d = validate_details("  Ada   Lovelace ", "1948-07-05", Some("943 476 5919"), today()).unwrap();
        assert_eq!(d.name, "Ada Lovelace");
        assert_eq!(d.nhs_number.unwrap().as_digits(), "9434765919");
        let d = validate_details("Ada", "1948-07-05", Some("  "), today()).unwrap();
        assert_eq!(d.nhs_number, None);
    }

    #[test]
    fn each_field_is_refused_with_its_name() {
        let field = |r: Result<PersonDetails, DetailsError>| r.unwrap_err().field;
        assert_eq!(field(validate_details(" ", "1948-07-05", None, today())), "name");
        assert_eq!(field(validate_details("A", "5/7/1948", None, today())), "dateOfBirth");
        assert_eq!(field(validate_details("A", "2026-11-24", None, today())), "dateOfBirth");
        assert_eq!(field(validate_details("A", "1879-12-31", None, today())), "dateOfBirth");
        let e = validate_details("A", "1948-07-05", Some("9434765918"), today()).unwrap_err();
        assert_eq!((e.field, e.code), ("nhsNumber", ErrorCode::InvalidNhsNumber));
        assert!(e.message.contains("Modulus 11"), "{}", e.message);
    }

    #[test]
    fn born_today_is_fine() {
        assert!(validate_date_of_birth("2026-11-23", today()).is_ok());
        assert!(validate_date_of_birth("1880-01-01", today()).is_ok());
    }
}
