//! The recovery key: 128 random bits shown once, written down, and typed back in if the
//! passphrase is forgotten.
//!
//! It is written in Crockford's base32 (no I, L, O or U, so nothing reads as something else)
//! with Crockford's mod-37 check symbol at the end, grouped in fours:
//! `XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXX`. The check symbol catches every single mistyped
//! character and every swap of two neighbours before any key derivation is attempted, so a
//! typing slip gets "check the key" rather than "wrong key".

use std::fmt;

use zeroize::{Zeroize, Zeroizing};

use crate::crockford::{check_symbol, check_value, data_value, symbol};
use crate::error::ErrorCode;

/// 128 bits need 26 symbols of 5 bits (130 bits: the first symbol carries 3 bits, so it is 0 to 7).
const DATA_SYMBOLS: usize = 26;
/// Data symbols plus the check symbol.
pub const RECOVERY_KEY_SYMBOLS: usize = DATA_SYMBOLS + 1;

/// A vault's recovery key. Not `Clone` and zeroized on drop; `Debug` prints no bits.
pub struct RecoveryKey(Zeroizing<[u8; 16]>);

/// Why typed text is not a recovery key. Every variant has the code
/// [`ErrorCode::RecoveryKeyMalformed`]; the message never repeats the key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecoveryKeyError {
    #[error(
        "A recovery key has {RECOVERY_KEY_SYMBOLS} characters, not counting dashes or spaces; \
         this has {0}. Check that you copied all of it."
    )]
    WrongLength(usize),
    #[error(
        "A recovery key cannot contain '{0}'. Recovery keys use the digits 0 to 9 and the \
         letters A to Z without I, L, O and U."
    )]
    BadCharacter(char),
    #[error(
        "This is not a recovery key: the first character of a recovery key is always a digit \
         from 0 to 7. Check it against the copy you saved."
    )]
    OutOfRange,
    #[error(
        "This recovery key has a typing mistake: its last character does not match the \
         others. Check each character against the copy you saved."
    )]
    CheckSymbolMismatch,
}

impl RecoveryKeyError {
    pub fn code(&self) -> ErrorCode {
        ErrorCode::RecoveryKeyMalformed
    }
}

impl RecoveryKey {
    /// Wraps 16 bytes the caller drew from a secure random source.
    pub fn from_bytes(bytes: [u8; 16]) -> Self {
        Self(Zeroizing::new(bytes))
    }

    /// The key's bits, for the key derivation and nothing else.
    pub fn expose_bytes(&self) -> &[u8; 16] {
        &self.0
    }

    /// The key as the person writes it down: 27 symbols in groups of four.
    pub fn display(&self) -> Zeroizing<String> {
        let mut value = Zeroizing::new(u128::from_be_bytes(*self.0));
        // Sized up front so the string never reallocates and leaves a copy behind.
        let mut out = Zeroizing::new(String::with_capacity(RECOVERY_KEY_SYMBOLS + 6));
        let mut symbols = 0;
        let mut push = |c: char, out: &mut String| {
            if symbols > 0 && symbols % 4 == 0 {
                out.push('-');
            }
            out.push(c);
            symbols += 1;
        };
        for i in (0..DATA_SYMBOLS).rev() {
            let digit = ((*value >> (5 * i)) & 31) as usize;
            // Masked to 0..=31, so the alphabet always has it.
            push(symbol(digit), &mut out);
        }
        let check = (*value % 37) as usize;
        push(check_symbol(check), &mut out);
        value.zeroize();
        out
    }

    /// Reads a key as a person typed it: any case, spaces and dashes anywhere, O read as 0
    /// and I or L read as 1 (Crockford's rules for what people mistype).
    pub fn parse(input: &str) -> Result<Self, RecoveryKeyError> {
        let symbols: Zeroizing<Vec<char>> =
            Zeroizing::new(input.chars().filter(|c| !matches!(c, ' ' | '-') && !c.is_whitespace()).collect());
        if symbols.len() != RECOVERY_KEY_SYMBOLS {
            return Err(RecoveryKeyError::WrongLength(symbols.len()));
        }
        let [data @ .., c] = symbols.as_slice() else {
            return Err(RecoveryKeyError::WrongLength(symbols.len()));
        };
        let mut value = Zeroizing::new(0u128);
        for (i, &c) in data.iter().enumerate() {
            let digit = data_value(c).ok_or(RecoveryKeyError::BadCharacter(c))?;
            if i == 0 && digit > 7 {
                return Err(RecoveryKeyError::OutOfRange);
            }
            *value = (*value << 5) | u128::from(digit);
        }
        let c = *c;
        let check = check_value(c).ok_or(RecoveryKeyError::BadCharacter(c))?;
        if u128::from(check) != *value % 37 {
            return Err(RecoveryKeyError::CheckSymbolMismatch);
        }
        Ok(Self::from_bytes(value.to_be_bytes()))
    }
}

impl fmt::Debug for RecoveryKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RecoveryKey(*****)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn key(b: [u8; 16]) -> RecoveryKey {
        RecoveryKey::from_bytes(b)
    }

    #[test]
    fn known_values() {
        assert_eq!(key([0; 16]).display().as_str(), "0000-0000-0000-0000-0000-0000-000");
        // 2^128 - 1 is 7 followed by 25 Zs; (2^128 - 1) mod 37 = 32, written *.
        assert_eq!(key([0xff; 16]).display().as_str(), "7ZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZ*");
        let mut one = [0; 16];
        one[15] = 1;
        assert_eq!(key(one).display().as_str(), "0000-0000-0000-0000-0000-0000-011");
    }

    #[test]
    fn typing_variants_are_accepted() {
        let k = key([0xff; 16]);
        for typed in
            ["7zzz zzzz zzzz zzzz zzzz zzzz zz*", "7ZZZZZZZZZZZZZZZZZZZZZZZZZ*", " 7ZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZ*\n"]
        {
            assert_eq!(RecoveryKey::parse(typed).unwrap().expose_bytes(), k.expose_bytes(), "{typed}");
        }
        // O for 0, I and L for 1.
        let zeros = RecoveryKey::parse("oooo-OOOO-0000-0000-0000-0000-000").unwrap();
        assert_eq!(zeros.expose_bytes(), &[0; 16]);
        let mut one = [0; 16];
        one[15] = 1;
        assert_eq!(RecoveryKey::parse("0000-0000-0000-0000-0000-0000-0Il").unwrap().expose_bytes(), &one);
    }

    #[test]
    fn malformed_keys_are_refused_with_a_reason() {
        use RecoveryKeyError::*;
        assert_eq!(RecoveryKey::parse("0000-0000").unwrap_err(), WrongLength(8));
        assert_eq!(RecoveryKey::parse("0000-0000-0000-0000-0000-0000-0000").unwrap_err(), WrongLength(28));
        assert_eq!(RecoveryKey::parse("0000-0000-0000-0000-0000-000U-000").unwrap_err(), BadCharacter('U'));
        assert_eq!(RecoveryKey::parse("0000-0000-0000-0000-0000-00é0-000").unwrap_err(), BadCharacter('é'));
        assert_eq!(RecoveryKey::parse("8000-0000-0000-0000-0000-0000-000").unwrap_err(), OutOfRange);
        assert_eq!(RecoveryKey::parse("0000-0000-0000-0000-0000-0000-001").unwrap_err(), CheckSymbolMismatch);
        let e = RecoveryKey::parse("0000").unwrap_err();
        assert_eq!(e.code(), ErrorCode::RecoveryKeyMalformed);
        assert!(e.to_string().contains("27 characters"), "{e}");
    }

    #[test]
    fn debug_is_redacted() {
        let k = key([0xab; 16]);
        let shown = format!("{k:?}");
        assert_eq!(shown, "RecoveryKey(*****)");
    }

    /// Mod 37 is prime and larger than the alphabet, so changing one symbol to any other
    /// changes the value by d * 32^k with 0 < |d| < 37, which 37 never divides: every single
    /// substitution is caught, none merely "most".
    #[test]
    fn every_single_symbol_change_is_caught() {
        let alphabet: Vec<char> = "0123456789ABCDEFGHJKMNPQRSTVWXYZ*~$=U".chars().collect();
        for bytes in [[0u8; 16], [0xff; 16], *b"0123456789abcdef", [0x5a; 16]] {
            let shown: Vec<char> = key(bytes).display().chars().filter(|&c| c != '-').collect();
            for pos in 0..shown.len() {
                for &sub in &alphabet {
                    if sub == shown[pos] {
                        continue;
                    }
                    let mut typed = shown.clone();
                    typed[pos] = sub;
                    let typed: String = typed.into_iter().collect();
                    assert!(RecoveryKey::parse(&typed).is_err(), "{typed} was accepted");
                }
            }
        }
    }

    proptest! {
        #[test]
        fn display_then_parse_round_trips(bytes in any::<[u8; 16]>()) {
            let k = key(bytes);
            let shown = k.display();
            prop_assert_eq!(shown.len(), 33);
            prop_assert_eq!(*RecoveryKey::parse(&shown).unwrap().expose_bytes(), bytes);
            prop_assert_eq!(*RecoveryKey::parse(&shown.to_lowercase()).unwrap().expose_bytes(), bytes);
        }

        #[test]
        fn adjacent_swaps_are_caught(bytes in any::<[u8; 16]>(), pos in 0usize..26) {
            let mut s: Vec<char> = key(bytes).display().chars().filter(|&c| c != '-').collect();
            prop_assume!(s[pos] != s[pos + 1]);
            s.swap(pos, pos + 1);
            let typed: String = s.into_iter().collect();
            prop_assert!(RecoveryKey::parse(&typed).is_err());
        }

        #[test]
        fn parse_never_panics(s in ".{0,40}") {
            let _ = RecoveryKey::parse(&s);
        }
    }
}
