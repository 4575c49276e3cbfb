//! The manifest: what a package is, who made it and for whom, and each file's size and SHA-256.
//! `manifest.json` is signed byte for byte; `manifest.sig` holds the signature in base64.
//!
//! Every type here is the signed wire format and nothing else: the consent and what was left
//! out are written through their own types ([`ManifestConsent`], [`ManifestLeftOut`]), not
//! through the domain's or the interface's, so a change made for the app cannot change the
//! bytes a package signs. A golden test pins those bytes.

use chrono::{DateTime, NaiveDate, Utc};
use phr_core::readings::ReadingKind;
use phr_core::record::{EntryKind, Sensitivity};
use phr_core::share::{LeftOut, MakerRole, ShareConsent, ShareMaker, ShareRecipient, ShareSlice};
use serde::{Deserialize, Serialize};

/// The format of a package of four files (record and summary): what this crate writes when
/// no International Patient Summary is asked for, byte for byte as before the summary existed.
pub const FORMAT: &str = "phr-share/1";
/// The format of a package that also holds `ips.json`, an International Patient Summary. An
/// app that reads only [`FORMAT`] refuses it as made by a newer version.
pub const FORMAT_WITH_IPS: &str = "phr-share/2";
/// The signature algorithm named in the manifest.
pub const ALGORITHM: &str = "Ed25519";

/// The signed description of a package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Manifest {
    /// [`FORMAT`], or [`FORMAT_WITH_IPS`] when the package holds `ips.json`.
    pub format: String,
    pub share_id: String,
    pub created: DateTime<Utc>,
    /// The package does not open after this.
    pub not_after: DateTime<Utc>,
    /// The consent as given: recipient, purpose, slice, dates.
    pub consent: ManifestConsent,
    /// What the slice leaves out (categories, labels, reading kinds), derived from the slice.
    pub left_out: ManifestLeftOut,
    /// Who the record is about.
    pub subject: ShareSubject,
    /// Who made the package: the person, or their carer for them. Absent in packages made
    /// before the app wrote it (they were made by the person), and then not written, so those
    /// packages' bytes are unchanged; an older app reading a package that has it ignores it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub made_by: Option<ManifestMaker>,
    pub signer: ManifestSigner,
    /// The content files, in the order they are in the archive.
    pub files: Vec<ManifestFile>,
}

/// The consent as the manifest signs it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ManifestConsent {
    pub share_id: String,
    pub recipient: ManifestRecipient,
    pub purpose: String,
    pub slice: ManifestSlice,
    pub created: DateTime<Utc>,
    pub not_after: DateTime<Utc>,
}
phr_core::redacted_debug!(ManifestConsent { share_id, created, not_after });

/// Who the share is for, as the manifest signs it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ManifestRecipient {
    pub name: String,
    pub role: Option<String>,
    pub organisation: Option<String>,
    pub ods_code: Option<String>,
    pub public_key: Option<String>,
}
phr_core::redacted_debug!(ManifestRecipient);

/// What the share holds, as the manifest signs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ManifestSlice {
    pub categories: Vec<EntryKind>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub readings: Vec<ReadingKind>,
    pub readings_from: Option<NaiveDate>,
    pub readings_to: Option<NaiveDate>,
    pub include_sensitive: Vec<Sensitivity>,
    pub exclude_entries: Vec<i64>,
    /// "What matters to me" is shared. Absent in packages made before the tick existed (they
    /// held none of it), and not written when false, so those manifests' bytes are unchanged.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub what_matters: bool,
    /// The package holds an International Patient Summary of the same contents (`ips.json`,
    /// format [`FORMAT_WITH_IPS`]). Not written when false, so phr-share/1 manifests' bytes
    /// are unchanged.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ips: bool,
}

/// What the share leaves out, as the manifest signs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ManifestLeftOut {
    pub categories: Vec<EntryKind>,
    pub labels: Vec<Sensitivity>,
    pub readings: Vec<ReadingKind>,
}

impl From<&ShareConsent> for ManifestConsent {
    fn from(c: &ShareConsent) -> Self {
        let r = &c.recipient;
        let s = &c.slice;
        Self {
            share_id: c.share_id.clone(),
            recipient: ManifestRecipient {
                name: r.name.clone(),
                role: r.role.clone(),
                organisation: r.organisation.clone(),
                ods_code: r.ods_code.clone(),
                public_key: r.public_key.clone(),
            },
            purpose: c.purpose.clone(),
            slice: ManifestSlice {
                categories: s.categories.clone(),
                from: s.from,
                to: s.to,
                readings: s.readings.clone(),
                readings_from: s.readings_from,
                readings_to: s.readings_to,
                include_sensitive: s.include_sensitive.clone(),
                exclude_entries: s.exclude_entries.clone(),
                what_matters: s.what_matters,
                ips: s.ips,
            },
            created: c.created,
            not_after: c.not_after,
        }
    }
}

impl From<ManifestConsent> for ShareConsent {
    fn from(c: ManifestConsent) -> Self {
        let r = c.recipient;
        let s = c.slice;
        Self {
            share_id: c.share_id,
            recipient: ShareRecipient {
                name: r.name,
                role: r.role,
                organisation: r.organisation,
                ods_code: r.ods_code,
                public_key: r.public_key,
            },
            purpose: c.purpose,
            slice: ShareSlice {
                categories: s.categories,
                from: s.from,
                to: s.to,
                readings: s.readings,
                readings_from: s.readings_from,
                readings_to: s.readings_to,
                include_sensitive: s.include_sensitive,
                exclude_entries: s.exclude_entries,
                what_matters: s.what_matters,
                ips: s.ips,
            },
            created: c.created,
            not_after: c.not_after,
            // Signed beside the subject, not in the consent: see [`Manifest::made_by`].
            made_by: None,
        }
    }
}

impl From<&LeftOut> for ManifestLeftOut {
    fn from(l: &LeftOut) -> Self {
        Self { categories: l.categories.clone(), labels: l.labels.clone(), readings: l.readings.clone() }
    }
}

impl From<ManifestLeftOut> for LeftOut {
    fn from(l: ManifestLeftOut) -> Self {
        Self { categories: l.categories, labels: l.labels, readings: l.readings }
    }
}

/// Who a shared record is about.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ShareSubject {
    pub name: String,
    pub birth_date: NaiveDate,
    pub nhs_number: Option<String>,
}
phr_core::redacted_debug!(ShareSubject);

/// Who made a package, as the manifest signs it: `role` is "self" or "carer".
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ManifestMaker {
    pub name: String,
    pub role: ManifestMakerRole,
}
phr_core::redacted_debug!(ManifestMaker { role });

/// In what capacity the maker made a package, as the manifest signs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ManifestMakerRole {
    #[serde(rename = "self")]
    Person,
    #[serde(rename = "carer")]
    Carer,
}

impl From<&ShareMaker> for ManifestMaker {
    fn from(m: &ShareMaker) -> Self {
        let role = match m.role {
            MakerRole::Person => ManifestMakerRole::Person,
            MakerRole::Carer => ManifestMakerRole::Carer,
        };
        Self { name: m.name.clone(), role }
    }
}

impl From<ManifestMaker> for ShareMaker {
    fn from(m: ManifestMaker) -> Self {
        let role = match m.role {
            ManifestMakerRole::Person => MakerRole::Person,
            ManifestMakerRole::Carer => MakerRole::Carer,
        };
        Self { name: m.name, role }
    }
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
    use std::fmt::Write;
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        // Writing to a String cannot fail.
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// Lower-case hex SHA-256 of `bytes`, as the manifest and the share register give it.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(ring::digest::digest(&ring::digest::SHA256, bytes).as_ref())
}
