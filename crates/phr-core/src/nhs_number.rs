//! The NHS number: ten digits whose last is a Modulus 11 check digit.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A valid NHS number, held as its ten digits. Only [`NhsNumber::parse`] makes one, so holding
/// one means the check digit was right.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct NhsNumber(String);
crate::redacted_debug!(NhsNumber);

/// Why a string is not an NHS number, in words a citizen can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NhsNumberError {
    #[error("an NHS number has 10 digits; this has {0}")]
    WrongLength(usize),
    #[error("an NHS number has only digits (spaces and dashes between groups are fine)")]
    NotDigits,
    #[error(
        "this is not a valid NHS number: its last digit does not match the others (Modulus 11 check). Check for a mistyped digit"
    )]
    CheckDigitMismatch,
    #[error("this is not a valid NHS number: no NHS number can have these first nine digits (Modulus 11 check)")]
    NoValidCheckDigit,
}

impl NhsNumber {
    /// Parses an NHS number, accepting the usual `943 476 5919` or `943-476-5919` grouping.
    pub fn parse(input: &str) -> Result<Self, NhsNumberError> {
        let compact: String = input.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        if !compact.chars().all(|c| c.is_ascii_digit()) {
            return Err(NhsNumberError::NotDigits);
        }
        if compact.len() != 10 {
            return Err(NhsNumberError::WrongLength(compact.len()));
        }
        let digits: Vec<u32> = compact.bytes().map(|b| u32::from(b - b'0')).collect();
        let [first_nine @ .., last] = digits.as_slice() else {
            return Err(NhsNumberError::WrongLength(digits.len()));
        };
        // Modulus 11 as NHS Digital specifies: weights 10 down to 2 on the first nine digits,
        // check = 11 - (sum mod 11); 11 becomes 0, and 10 means no number is possible.
        let sum: u32 = first_nine.iter().zip((2..=10).rev()).map(|(d, w)| d * w).sum();
        let check = match 11 - sum % 11 {
            11 => 0,
            10 => return Err(NhsNumberError::NoValidCheckDigit),
            c => c,
        };
        if check != *last {
            return Err(NhsNumberError::CheckDigitMismatch);
        }
        Ok(Self(compact))
    }

    /// The ten digits with no spaces, as FHIR identifiers carry it.
    pub fn as_digits(&self) -> &str {
        &self.0
    }
}

/// The `3 3 4` grouping people read on their NHS letters.
impl fmt::Display for NhsNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Ten ASCII digits (checked when parsed), so every cut falls between characters.
        match (self.0.get(..3), self.0.get(3..6), self.0.get(6..)) {
            (Some(a), Some(b), Some(c)) => write!(f, "{a} {b} {c}"),
            _ => f.write_str(&self.0),
        }
    }
}

impl TryFrom<String> for NhsNumber {
    type Error = NhsNumberError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<NhsNumber> for String {
    fn from(n: NhsNumber) -> String {
        n.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The PDS sandbox's published numbers, with their Modulus 11 verdicts.
    const PDS_SANDBOX: &str = include_str!("../../../tests/fixtures/nhs-numbers.csv");

    #[test]
    fn agrees_with_every_pds_sandbox_number() {
        let mut checked = 0;
        for line in PDS_SANDBOX.lines().skip(1) {
            let mut cols = line.split(',');
            let (number, valid) = (cols.next().unwrap(), cols.next().unwrap());
            assert_eq!(NhsNumber::parse(number).is_ok(), valid == "true", "{number}");
            checked += 1;
        }
        assert!(checked >= 4);
    }

    #[test]
    fn accepts_grouped_forms_and_displays_3_3_4() {
        let n = NhsNumber::parse("943 476 5919").unwrap();
        assert_eq!(n.as_digits(), "9434765919");
        assert_eq!(n.to_string(), "943 476 5919");
        assert_eq!(NhsNumber::parse("943-476-5919").unwrap(), n);
    }

    #[test]
    fn refuses_with_the_reason() {
        assert_eq!(NhsNumber::parse("943476591"), Err(NhsNumberError::WrongLength(9)));
        assert_eq!(NhsNumber::parse("94347659190"), Err(NhsNumberError::WrongLength(11)));
        assert_eq!(NhsNumber::parse("943476591x"), Err(NhsNumberError::NotDigits));
        assert_eq!(NhsNumber::parse("9434765918"), Err(NhsNumberError::CheckDigitMismatch));
        // 1000000010: weighted sum 12, 12 mod 11 = 1, 11 - 1 = 10: no check digit can fit.
        assert_eq!(NhsNumber::parse("1000000010"), Err(NhsNumberError::NoValidCheckDigit));
    }

    proptest::proptest! {
        /// Changing any one digit of a valid number always breaks the check (Modulus 11
        /// catches every single-digit error).
        #[test]
        fn single_digit_changes_are_caught(pos in 0usize..10, delta in 1u8..10) {
            let valid = b"9434765919";
            let mut bytes = *valid;
            bytes[pos] = b'0' + (bytes[pos] - b'0' + delta) % 10;
            let s = std::str::from_utf8(&bytes).unwrap();
            proptest::prop_assert!(NhsNumber::parse(s).is_err());
        }
    }
}
