//! The manifest: what a package is, who made it and for whom, and each file's size and SHA-256.
//! `manifest.json` is signed byte for byte; `manifest.sig` holds the signature in base64.

use chrono::{DateTime, NaiveDate, Utc};
use phr_core::share::{LeftOut, ShareConsent};
use serde::{Deserialize, Serialize};

/// The format this crate writes and the only one it opens.
pub const FORMAT: &str = "phr-share/1";
/// The signature algorithm named in the manifest.
pub const ALGORITHM: &str = "Ed25519";

/// The signed description of a package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Manifest {
    /// [`FORMAT`].
    pub format: String,
    pub share_id: String,
    pub created: DateTime<Utc>,
    /// The package does not open after this.
    pub not_after: DateTime<Utc>,
    /// The consent as given: recipient, purpose, slice, dates.
    pub consent: ShareConsent,
    /// What the slice leaves out (categories, labels, reading kinds), derived from the slice.
    pub left_out: LeftOut,
    /// Who the record is about.
    pub subject: ShareSubject,
    pub signer: ManifestSigner,
    /// The content files, in the order they are in the archive.
    pub files: Vec<ManifestFile>,
}

/// Who a shared record is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ShareSubject {
    pub name: String,
    pub birth_date: NaiveDate,
    pub nhs_number: Option<String>,
}

/// The key that signed the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ManifestSigner {
    /// [`ALGORITHM`].
    pub algorithm: String,
    /// The raw 32-byte public key, base64 (standard, padded).
    pub public_key: String,
    /// [`crate::fingerprint`] of that key.
    pub fingerprint: String,
}

/// One content file as the manifest describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ManifestFile {
    pub name: String,
    pub media_type: String,
    pub size: u64,
    /// Lower-case hex.
    pub sha256: String,
}

/// Lower-case hex of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

/// Lower-case hex SHA-256 of `bytes`, as the manifest and the share register give it.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(ring::digest::digest(&ring::digest::SHA256, bytes).as_ref())
}
