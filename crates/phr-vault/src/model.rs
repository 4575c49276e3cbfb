//! The plain values the vault hands out: ids, people, settings, summaries.

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use phr_core::ErrorCode;
use phr_core::audit::ChainBreak;
use phr_core::person::PersonDetails;
use phr_core::person_role::Role;
use serde::{Deserialize, Serialize};

use crate::error::VaultError;

/// A person's id: a random UUID, also the name of their database file.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PersonId(pub(crate) uuid::Uuid);

impl PersonId {
    pub(crate) fn new_random() -> Self {
        Self(uuid::Uuid::new_v4())
    }
}

impl fmt::Display for PersonId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}

impl fmt::Debug for PersonId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PersonId({})", self.0.hyphenated())
    }
}

/// Garbage is "no such person": an id only ever comes from the vault, so one that does not
/// parse names nobody.
impl FromStr for PersonId {
    type Err = VaultError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        uuid::Uuid::parse_str(s.trim())
            .map(Self)
            .map_err(|_| VaultError::new(ErrorCode::PersonNotFound, "No person with that id is in this vault"))
    }
}

/// A person as stored: details plus when they were added and last changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonRecord {
    pub id: PersonId,
    pub details: PersonDetails,
    /// Who they are to the vault's holder; `None` when it was never set.
    pub role: Option<Role>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Preferences kept in the key file (they must be readable before any database opens).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VaultSettings {
    pub auto_lock_minutes: u32,
}

impl VaultSettings {
    /// The range `set_settings` accepts; what is read is clamped to it, so a hand-edited
    /// key file cannot switch auto-lock off.
    pub const AUTO_LOCK_RANGE: std::ops::RangeInclusive<u32> = 1..=120;

    pub(crate) fn clamped(self) -> Self {
        Self {
            auto_lock_minutes: self
                .auto_lock_minutes
                .clamp(*Self::AUTO_LOCK_RANGE.start(), *Self::AUTO_LOCK_RANGE.end()),
        }
    }
}

impl Default for VaultSettings {
    fn default() -> Self {
        Self { auto_lock_minutes: 5 }
    }
}

/// What a finished backup holds.
#[derive(Clone, PartialEq, Eq)]
pub struct BackupSummary {
    pub path: PathBuf,
    pub people: u32,
    pub bytes: u64,
    pub created_at: DateTime<Utc>,
}
// A path names the person's folders ("/home/jane.smith/…"): never in a log.
phr_core::redacted_debug!(BackupSummary { people, bytes, created_at });

/// The result of checking one person's audit chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditVerification {
    /// Entries checked (all of them when the chain holds; those read when it breaks).
    pub entries: u64,
    pub broken: Option<ChainBreak>,
}
