//! A string that must never be printed, logged, copied by accident or left in memory.
//!
//! Passphrases travel from the UI into the vault as [`SecretString`]; the only way to read
//! one is [`SecretString::expose_secret`], whose name makes every reading visible in review.

use std::fmt;

use serde::{Deserialize, Deserializer};
use zeroize::Zeroizing;

/// A string zeroized on drop. Deliberately not `Clone` (copies would outlive the original's
/// wipe) and not `Serialize` (it must never go back to the webview or into a file).
pub struct SecretString(Zeroizing<String>);

impl SecretString {
    /// Wraps a string; the caller's `String` is moved in, so no unzeroized copy remains.
    pub fn new(s: String) -> Self {
        Self(Zeroizing::new(s))
    }

    /// The secret's text. Named so that each use stands out in review.
    pub fn expose_secret(&self) -> &str {
        self.0.as_str()
    }
}

impl From<String> for SecretString {
    fn from(s: String) -> Self {
        Self::new(s)
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretString(*****)")
    }
}

/// Lets a Tauri command take a passphrase as an argument. The intermediate `String` that
/// serde builds is moved into the `Zeroizing` wrapper, not copied.
impl<'de> Deserialize<'de> for SecretString {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Self::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted() {
        let s = SecretString::from("hunter2 correct horse".to_string());
        let shown = format!("{s:?} {:#?}", s);
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("SecretString(*****)"));
    }

    #[test]
    fn deserializes_from_a_json_string() {
        let s: SecretString = serde_json::from_str("\"otter lantern gravel\"").unwrap();
        assert_eq!(s.expose_secret(), "otter lantern gravel");
        assert!(serde_json::from_str::<SecretString>("42").is_err());
    }
}
