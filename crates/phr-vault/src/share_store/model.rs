//! The share register's plain values: a share about to be registered and a registered one.

use chrono::{DateTime, Utc};
use phr_core::share::ShareConsent;
use serde::{Deserialize, Serialize};

/// What a package was sealed to: an access code passed on by another channel, or the
/// professional's own key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SealedTo {
    Code,
    Key,
}

impl SealedTo {
    /// The stored name: a format, never renamed.
    pub fn as_str(self) -> &'static str {
        match self {
            SealedTo::Code => "code",
            SealedTo::Key => "key",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [SealedTo::Code, SealedTo::Key].into_iter().find(|k| k.as_str() == s)
    }
}

/// A share about to be registered, once its package is sealed (but not yet written).
#[derive(Clone, PartialEq, Eq)]
pub struct NewShare {
    pub consent: ShareConsent,
    /// The FHIR R4 Consent (JSON text) from `phr_core::share::consent_resource`: stored in the
    /// record as it went into the package.
    pub consent_resource: String,
    pub sealed_to: SealedTo,
    /// The package file's SHA-256, lower-case hex.
    pub package_sha256: String,
    /// How many record entries and readings the package holds.
    pub entries: u32,
    pub readings: u32,
}
phr_core::redacted_debug!(NewShare { sealed_to, package_sha256 });

/// Where a share stands at a given time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ShareStatus {
    Active,
    Expired,
    Revoked,
}

impl ShareStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ShareStatus::Active => "active",
            ShareStatus::Expired => "expired",
            ShareStatus::Revoked => "revoked",
        }
    }
}

/// A registered share.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareRecord {
    pub consent: ShareConsent,
    pub sealed_to: SealedTo,
    pub package_sha256: String,
    pub entries: u32,
    pub readings: u32,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl ShareRecord {
    /// Revoked wins over expired: the citizen's decision is what the list should say. Expiry
    /// is after `not_after` (the package still opens at that very second).
    pub fn status(&self, now: DateTime<Utc>) -> ShareStatus {
        if self.revoked_at.is_some() {
            ShareStatus::Revoked
        } else if now > self.consent.not_after {
            ShareStatus::Expired
        } else {
            ShareStatus::Active
        }
    }
}
