//! How strong a passphrase is, as the interface shows it while the person types a new one.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A new passphrase's strength, estimated in the manner of zxcvbn and judged by the core's
/// rule: what the strength hint shows, word for word. The interface computes none of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PassphraseStrength {
    /// 0 to 4, for the bar; never above 2 for a passphrase the app would refuse.
    pub score: u8,
    /// "Weak", "Fair" or "Strong".
    pub label: String,
    /// Whether the app would accept it as a new passphrase.
    pub acceptable: bool,
    /// Plain sentences, the most useful first; empty when there is nothing to add.
    pub advice: Vec<String>,
}
