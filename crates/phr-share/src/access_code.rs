//! The access code a package is sealed to: 80 random bits as 16 Crockford base32 characters in
//! four groups ("K7QM-2XD9-4HRT-8WPA"), easy to read aloud and to type.

use std::fmt;

use phr_core::ErrorCode;
use ring::rand::{SecureRandom, SystemRandom};
use zeroize::Zeroizing;

use crate::ShareError;

/// Crockford's base32 alphabet: no I, L, O or U, so nothing is mistaken for 1, 0 or V.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// 16 characters of 5 bits: 80 bits.
const CHARS: usize = 16;
const GROUP: usize = 4;
const RANDOM_BYTES: usize = 10;

/// An access code. Its canonical grouped form ([`AccessCode::as_str`]) is exactly the
/// passphrase given to age, so `age --decrypt` users type what they see.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessCode {
    /// The grouped form; wiped from memory when dropped.
    grouped: Zeroizing<String>,
}

impl AccessCode {
    /// A new code from the operating system's random source.
    pub fn generate() -> Result<AccessCode, ShareError> {
        let mut bytes = Zeroizing::new([0u8; RANDOM_BYTES]);
        SystemRandom::new().fill(bytes.as_mut()).map_err(|_| ShareError::internal("drawing a random access code"))?;
        let mut chars = Zeroizing::new([0u8; CHARS]);
        // 80 bits read five at a time, most significant first.
        for (i, c) in chars.iter_mut().enumerate() {
            let bit = i * 5;
            let (byte, shift) = (bit / 8, bit % 8);
            let hi = bytes.get(byte).copied().map(u16::from).unwrap_or(0) << 8;
            let lo = bytes.get(byte + 1).copied().map(u16::from).unwrap_or(0);
            let window = hi | lo;
            let value = (window >> (11 - shift)) & 0x1f;
            *c = value as u8;
        }
        Ok(Self::from_values(chars.as_ref()))
    }

    /// Reads a code as a person typed it: any case, spaces and dashes anywhere, `I` and `L` read
    /// as `1`, `O` as `0`. Anything else, or not exactly 16 characters, is refused.
    pub fn parse(text: &str) -> Result<AccessCode, ShareError> {
        let mut values = Zeroizing::new(Vec::with_capacity(CHARS));
        for c in text.chars() {
            if c == '-' || c.is_whitespace() {
                continue;
            }
            let upper = c.to_ascii_uppercase();
            let upper = match upper {
                'I' | 'L' => '1',
                'O' => '0',
                other => other,
            };
            let value = ALPHABET.iter().position(|&a| char::from(a) == upper).ok_or_else(|| {
                ShareError::new(
                    ErrorCode::ShareAccessCodeMalformed,
                    format!(
                        "The access code cannot hold the character '{}': it has 16 letters and digits, like K7QM-2XD9-4HRT-8WPA.",
                        c.escape_default()
                    ),
                )
            })?;
            values.push(value as u8);
        }
        if values.len() != CHARS {
            return Err(ShareError::new(
                ErrorCode::ShareAccessCodeMalformed,
                format!(
                    "The access code has {} letters and digits; it should have 16, like K7QM-2XD9-4HRT-8WPA.",
                    values.len()
                ),
            ));
        }
        Ok(Self::from_values(&values))
    }

    /// The canonical form, "K7QM-2XD9-4HRT-8WPA": what is shown and what age is given.
    pub fn as_str(&self) -> &str {
        &self.grouped
    }

    /// Builds the grouped text from 16 five-bit values.
    fn from_values(values: &[u8]) -> AccessCode {
        let mut grouped = Zeroizing::new(String::with_capacity(CHARS + CHARS / GROUP));
        for (i, &v) in values.iter().enumerate() {
            if i > 0 && i % GROUP == 0 {
                grouped.push('-');
            }
            // Masked to 0..=31: the alphabet has every one.
            if let Some(c) = ALPHABET.get(usize::from(v & 0x1f)) {
                grouped.push(char::from(*c));
            }
        }
        AccessCode { grouped }
    }
}

/// Redacted: a code in a log would open the package.
impl fmt::Debug for AccessCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessCode(****-****-****-****)")
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn generated_codes_are_grouped_and_parse_back() {
        let code = AccessCode::generate().unwrap();
        assert_eq!(code.as_str().len(), 19);
        assert_eq!(AccessCode::parse(code.as_str()).unwrap(), code);
        assert_ne!(AccessCode::generate().unwrap(), code);
    }

    #[test]
    fn debug_hides_the_code() {
        let code = AccessCode::parse("K7QM-2XD9-4HRT-8WPA").unwrap();
        assert!(!format!("{code:?}").contains("K7QM"));
    }
}
