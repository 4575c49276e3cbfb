//! Transport types for sharing (issue 5): the citizen's share request and its preview, a share
//! made, the share register, the record's signing key, and a package opened by a professional.
//! They derive ts-rs; the UI's bindings are generated from them.
//!
//! The consent's parts (recipient, slice, what is left out) are the core's own types, so the
//! UI sends exactly what the signed manifest and the FHIR Consent hold.

// Shared with the core: the same shapes on the wire as in the package format.
pub use phr_core::share::{
    LeftOut, ShareRecipient, ShareSlice, SharedConsentInfo, SharedDocument, SharedReadingGroup, SharedReadingRow,
    SharedRow, SharedSection, SharedSubject,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dto_record::{EntryKind, Sensitivity};

/// What the citizen asks to share: for whom, why, what, and the last day it opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ShareRequest {
    pub recipient: ShareRecipient,
    /// Why, in the citizen's words.
    pub purpose: String,
    pub slice: ShareSlice,
    /// `YYYY-MM-DD`: the last day the package opens (it stops at 23:59:59 UTC that day).
    /// After today and at most two years ahead.
    pub expires_on: String,
}

/// How a package is sealed: to a one-time access code, or to the professional's public key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SealedTo {
    Code,
    Key,
}

/// Where a share stands in the register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ShareStatus {
    Active,
    Expired,
    Revoked,
}

/// How many entries in the chosen categories and dates a sensitive label keeps out of a share.
/// Only ever shown to the citizen, in the preview; never in a package.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WithheldCount {
    pub label: Sensitivity,
    pub count: u32,
}

/// Exactly what a share will hold, before anything is sealed: the document read back by the
/// same reader a professional's app uses, so what is previewed is what is opened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SharePreview {
    /// The draft this preview is kept as: `share_create` seals exactly this document, and
    /// refuses (SHARE_PREVIEW_STALE) if the record changed since.
    pub draft_id: String,
    /// Rows carry `entryId` here, so the citizen can untick one (`slice.excludeEntries`).
    pub document: SharedDocument,
    pub left_out: LeftOut,
    pub withheld_by_label: Vec<WithheldCount>,
    /// Record entries shared.
    pub entries: u32,
    /// Readings shared.
    pub readings: u32,
    pub sealed_to: SealedTo,
    /// RFC 3339: the package does not open after this.
    pub not_after: String,
}

/// One share in the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ShareInfo {
    /// A UUID.
    pub share_id: String,
    pub recipient: ShareRecipient,
    pub purpose: String,
    pub slice: ShareSlice,
    /// RFC 3339.
    pub created: String,
    /// RFC 3339.
    pub not_after: String,
    pub status: ShareStatus,
    /// RFC 3339, when revoked.
    pub revoked_at: Option<String>,
    pub sealed_to: SealedTo,
    pub entries: u32,
    pub readings: u32,
}

/// A share made: the package written and registered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ShareCreated {
    pub share: ShareInfo,
    /// The access code in four groups ("K7QM-2XD9-4HRT-8WPA"), shown once so the citizen can
    /// pass it on by another channel; `null` when sealed to the recipient's key.
    pub access_code: Option<String>,
    /// The record's signing key fingerprint ("3F2A 91C0 ..."), to check by phone.
    pub fingerprint: String,
    /// Where the package was written.
    pub path: String,
    #[ts(type = "number")]
    pub bytes: u64,
}

/// The record's signing key, as a professional checks it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KeyInfo {
    /// SHA-256 of the public key, first 16 bytes, upper-case hex in 8 groups of 4.
    pub fingerprint: String,
    /// The raw Ed25519 public key, base64.
    pub public_key: String,
}

/// How a professional unlocks a package: the access code they were given, or their age
/// identity file. Exactly one is set.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ShareUnlock {
    pub access_code: Option<String>,
    /// A file holding an `AGE-SECRET-KEY-1...` line.
    pub identity_path: Option<String>,
}

impl std::fmt::Debug for ShareUnlock {
    // The access code unlocks a package of health data: it must never reach a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ShareUnlock")
            .field("access_code", &self.access_code.as_ref().map(|_| "[redacted]"))
            .field("identity_path", &self.identity_path)
            .finish()
    }
}

/// Who a shared record is about, as the signed manifest says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ShareSubject {
    pub name: String,
    /// `YYYY-MM-DD`.
    pub birth_date: String,
    pub nhs_number: Option<String>,
}

/// One file inside an opened package, its hash checked against the signed manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PackageFileInfo {
    pub name: String,
    pub media_type: String,
    #[ts(type = "number")]
    pub bytes: u64,
    /// Hex SHA-256.
    pub sha256: String,
}

/// A package opened and checked (signature, every hash, expiry): who shared it, when, for
/// whom, why, until when, what was left out, and the rows. Held in memory only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OpenedShare {
    pub share_id: String,
    pub subject: ShareSubject,
    /// The signer's key fingerprint, to check with the citizen by phone.
    pub fingerprint: String,
    /// RFC 3339.
    pub created: String,
    /// RFC 3339.
    pub not_after: String,
    pub recipient: ShareRecipient,
    pub purpose: String,
    /// The categories the citizen chose.
    pub included: Vec<EntryKind>,
    pub left_out: LeftOut,
    pub document: SharedDocument,
    pub files: Vec<PackageFileInfo>,
}
