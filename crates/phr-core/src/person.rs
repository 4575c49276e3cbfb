//! A person whose record the vault holds, and the rules for their details.

use chrono::NaiveDate;

use crate::error::ErrorCode;
use crate::nhs_number::{NhsNumber, NhsNumberError};

/// The longest name we accept; longer input is almost certainly a paste gone wrong.
pub const MAX_NAME_CHARS: usize = 200;

/// A person's details after validation.
#[derive(Clone, PartialEq, Eq)]
pub struct PersonDetails {
    pub name: String,
    pub date_of_birth: NaiveDate,
    pub nhs_number: Option<NhsNumber>,
}
crate::redacted_debug!(PersonDetails);

/// Why a person's details were refused: the field it concerns, a code and a sentence.
#[derive(Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct DetailsError {
    /// The input field the message belongs next to (`name`, `dateOfBirth`, `nhsNumber`).
    pub field: &'static str,
    pub code: ErrorCode,
    pub message: String,
}
crate::redacted_debug!(DetailsError { field, code });

impl DetailsError {
    fn new(field: &'static str, code: ErrorCode, message: impl Into<String>) -> Self {
        Self { field, code, message: message.into() }
    }
}

/// The earliest year of birth accepted: nobody alive was born before it, so an earlier year is
/// a typing mistake (1048 for 1948).
pub const EARLIEST_BIRTH_YEAR: i32 = 1880;

/// The earliest date of birth accepted: 1 January of [`EARLIEST_BIRTH_YEAR`].
pub fn earliest_date_of_birth() -> NaiveDate {
    NaiveDate::from_ymd_opt(EARLIEST_BIRTH_YEAR, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// Checks raw details as a person typed them, stopping at the first problem. `today` is passed
/// in: the core reads no clock.
pub fn validate_details(
    name: &str,
    date_of_birth: &str,
    nhs_number: Option<&str>,
    today: NaiveDate,
) -> Result<PersonDetails, DetailsError> {
    check_details(name, date_of_birth, nhs_number, today).map_err(|problems| {
        // `check_details` never returns an empty list; the fallback only keeps this total.
        problems
            .into_iter()
            .next()
            .unwrap_or_else(|| DetailsError::new("name", ErrorCode::InvalidName, "Check the person's details."))
    })
}

/// Checks every field and returns every problem, in field order (name, date of birth, NHS
/// number): what a form shows as the person types. Never an empty list on `Err`.
pub fn check_details(
    name: &str,
    date_of_birth: &str,
    nhs_number: Option<&str>,
    today: NaiveDate,
) -> Result<PersonDetails, Vec<DetailsError>> {
    let name = validate_name(name);
    let date_of_birth = validate_date_of_birth(date_of_birth, today);
    let nhs_number = validate_nhs_number(nhs_number);
    match (name, date_of_birth, nhs_number) {
        (Ok(name), Ok(date_of_birth), Ok(nhs_number)) => Ok(PersonDetails { name, date_of_birth, nhs_number }),
        (name, date_of_birth, nhs_number) => {
            Err([name.err(), date_of_birth.err(), nhs_number.err()].into_iter().flatten().collect())
        }
    }
}

/// Trims and checks a name; inner runs of white space become one space.
pub fn validate_name(raw: &str) -> Result<String, DetailsError> {
    let name = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(DetailsError::new("name", ErrorCode::InvalidName, "Enter the person's name."));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(DetailsError::new(
            "name",
            ErrorCode::InvalidName,
            format!("Name must be {MAX_NAME_CHARS} characters or fewer."),
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(DetailsError::new("name", ErrorCode::InvalidName, "Name cannot contain control characters."));
    }
    Ok(name)
}

/// Parses `YYYY-MM-DD` and refuses dates in the future or before [`EARLIEST_BIRTH_YEAR`].
pub fn validate_date_of_birth(raw: &str, today: NaiveDate) -> Result<NaiveDate, DetailsError> {
    let err = |m: String| DetailsError::new("dateOfBirth", ErrorCode::InvalidDateOfBirth, m);
    let date = NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d")
        .map_err(|_| err("Enter a real date of birth, for example 1948-07-05.".into()))?;
    if date > today {
        return Err(err("Date of birth must be today or in the past.".into()));
    }
    if date < earliest_date_of_birth() {
        return Err(err(format!("Date of birth must be in {EARLIEST_BIRTH_YEAR} or later.")));
    }
    Ok(date)
}

/// An NHS number as typed: blank means not known; otherwise it must pass Modulus 11.
pub fn validate_nhs_number(raw: Option<&str>) -> Result<Option<NhsNumber>, DetailsError> {
    let Some(raw) = raw.map(str::trim).filter(|s| !s.is_empty()) else { return Ok(None) };
    NhsNumber::parse(raw).map(Some).map_err(|e| {
        let message = match e {
            NhsNumberError::WrongLength(_) | NhsNumberError::NotDigits => {
                "NHS number must be 10 digits, like 943 476 5919."
            }
            NhsNumberError::CheckDigitMismatch | NhsNumberError::NoValidCheckDigit => {
                "That is not a valid NHS number. Check the 10 digits."
            }
        };
        DetailsError::new("nhsNumber", ErrorCode::InvalidNhsNumber, message)
    })
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
        assert_eq!(e.message, "That is not a valid NHS number. Check the 10 digits.");
    }

    #[test]
    fn born_today_is_fine() {
        assert!(validate_date_of_birth("2026-11-23", today()).is_ok());
        assert!(validate_date_of_birth("1880-01-01", today()).is_ok());
    }
}
