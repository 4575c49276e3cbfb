//! Passphrases: the policy a new one must meet, and suggestions that meet it.

use serde::Deserialize;

use crate::error::ErrorCode;
use crate::secret::SecretString;
use crate::wordlist::WORDS;

/// The fewest characters a new passphrase may have. Counted in characters, not bytes, so an
/// accented or non-Latin passphrase is judged by what the person typed.
pub const MIN_PASSPHRASE_CHARS: usize = 10;

/// The passphrase that unlocks a vault. A thin name over [`SecretString`] so signatures say
/// which secret they take; it inherits the redacted `Debug` and the zeroize on drop.
#[derive(Debug, Deserialize)]
#[serde(transparent)]
pub struct Passphrase(SecretString);

impl Passphrase {
    pub fn new(s: String) -> Self {
        Self(SecretString::new(s))
    }

    /// The passphrase's text, for the key derivation and nothing else.
    pub fn expose_secret(&self) -> &str {
        self.0.expose_secret()
    }
}

impl From<String> for Passphrase {
    fn from(s: String) -> Self {
        Self::new(s)
    }
}

/// Why a new passphrase was refused, with a sentence that tells the person what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct PassphraseRejected {
    pub code: ErrorCode,
    pub message: String,
}

/// Checks a passphrase someone is about to set (at create, change or recovery). Existing
/// passphrases are never re-checked: a rule change must not lock anyone out.
pub fn check_new_passphrase(p: &Passphrase) -> Result<(), PassphraseRejected> {
    let chars = p.expose_secret().chars().count();
    if chars < MIN_PASSPHRASE_CHARS {
        return Err(PassphraseRejected {
            code: ErrorCode::PassphraseTooShort,
            message: format!(
                "Use at least {MIN_PASSPHRASE_CHARS} characters. A passphrase this short can be \
                 guessed; three random words, like \"otter lantern gravel\", are long and easy \
                 to remember."
            ),
        });
    }
    Ok(())
}

/// Three words from the embedded list, for the "suggest one" button. The caller draws the
/// random numbers (the core draws no randomness); each is taken modulo the list length.
pub fn suggest(random: [u16; 3]) -> String {
    random.iter().filter_map(|r| WORDS.get(usize::from(*r) % WORDS.len())).copied().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_passphrases_are_refused_with_a_reason() {
        let e = check_new_passphrase(&Passphrase::new("abcdefghi".into())).unwrap_err();
        assert_eq!(e.code, ErrorCode::PassphraseTooShort);
        assert!(e.message.contains("at least 10 characters"), "{}", e.message);
        assert!(check_new_passphrase(&Passphrase::new("abcdefghij".into())).is_ok());
    }

    /// Nine two-byte characters are 18 bytes but still only nine characters.
    #[test]
    fn counts_characters_not_bytes() {
        let nine = "ééééééééé".to_string();
        assert_eq!(nine.len(), 18);
        assert!(check_new_passphrase(&Passphrase::new(nine)).is_err());
        assert!(check_new_passphrase(&Passphrase::new("éééééééééé".into())).is_ok());
    }

    #[test]
    fn suggestions_are_three_listed_words_and_pass_the_policy() {
        for r in [[0, 1, 2], [u16::MAX, 1023, 4000], [7, 7, 7]] {
            let s = suggest(r);
            let words: Vec<_> = s.split(' ').collect();
            assert_eq!(words.len(), 3, "{s}");
            assert!(words.iter().all(|w| WORDS.contains(w)), "{s}");
            assert!(check_new_passphrase(&Passphrase::new(s.clone())).is_ok(), "{s}");
        }
        assert_eq!(suggest([0, 0, 0]), format!("{0} {0} {0}", WORDS[0]));
    }

    #[test]
    fn debug_and_deserialize() {
        let p: Passphrase = serde_json::from_str("\"correct horse battery\"").unwrap();
        assert_eq!(p.expose_secret(), "correct horse battery");
        assert!(!format!("{p:?}").contains("horse"));
    }
}
