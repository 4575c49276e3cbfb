//! Transport types for sharing: the citizen's share request and its preview, a share made, the
//! share register, the record's signing key, and a package opened by a professional. They
//! derive ts-rs; the UI's bindings are generated from them.
//!
//! The consent's parts (recipient, slice, what is left out) and the shared document's rows
//! mirror the core's types field for field, with conversions that name every field, so the UI
//! sends exactly what the signed manifest and the FHIR Consent hold.

use chrono::NaiveDate;
use phr_core::share as core;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::advice::advice_by_id;
use crate::dto_advice::Advice;
use crate::dto_ids::{EntryId, ShareDraftId, ShareId};
use crate::dto_readings::ReadingKind;
use crate::dto_record::{EntryKind, Sensitivity};

/// Who a share is for, as the citizen names them.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ShareRecipient {
    pub name: String,
    /// "Physiotherapist", "Consultant cardiologist".
    pub role: Option<String>,
    pub organisation: Option<String>,
    /// The organisation's ODS code, when the citizen knows it.
    pub ods_code: Option<String>,
    /// The professional's age X25519 public key (`age1...`): when given, the package is sealed
    /// to it instead of to an access code.
    pub public_key: Option<String>,
}
phr_core::redacted_debug!(ShareRecipient);

impl From<ShareRecipient> for core::ShareRecipient {
    fn from(r: ShareRecipient) -> Self {
        let ShareRecipient { name, role, organisation, ods_code, public_key } = r;
        Self { name, role, organisation, ods_code, public_key }
    }
}

impl From<core::ShareRecipient> for ShareRecipient {
    fn from(r: core::ShareRecipient) -> Self {
        let core::ShareRecipient { name, role, organisation, ods_code, public_key } = r;
        Self { name, role, organisation, ods_code, public_key }
    }
}

/// What a share holds. Dates are inclusive, in the citizen's calendar.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ShareSlice {
    /// The record categories included. The Patient (who the record is about) is always in a
    /// share as its subject; listing `patient` here changes nothing.
    pub categories: Vec<EntryKind>,
    /// Entries dated before this are left out. Undated entries (an allergy with no onset) are
    /// kept when their category is included.
    pub from: Option<NaiveDate>,
    /// Entries dated after this are left out.
    pub to: Option<NaiveDate>,
    /// The reading kinds included.
    pub readings: Vec<ReadingKind>,
    pub readings_from: Option<NaiveDate>,
    pub readings_to: Option<NaiveDate>,
    /// Sensitive labels the citizen ticked one by one. Entries with any other label than
    /// `general` are left out unless their label is here.
    pub include_sensitive: Vec<Sensitivity>,
    /// Entries the citizen unticked in the preview.
    pub exclude_entries: Vec<EntryId>,
    /// "What matters to me" and the person's decisions are shared (one tick; never through a
    /// category). Absent means not shared.
    #[serde(default)]
    pub what_matters: bool,
    /// An International Patient Summary of exactly what the share holds goes in the package
    /// too, as ips.json, for the professional's computer system. Absent means not.
    #[serde(default)]
    pub ips: bool,
}

impl From<core::ShareSlice> for ShareSlice {
    fn from(s: core::ShareSlice) -> Self {
        let core::ShareSlice {
            categories,
            from,
            to,
            readings,
            readings_from,
            readings_to,
            include_sensitive,
            exclude_entries,
            what_matters,
            ips,
        } = s;
        Self {
            categories: into_all(categories),
            from,
            to,
            readings: into_all(readings),
            readings_from,
            readings_to,
            include_sensitive: into_all(include_sensitive),
            exclude_entries: into_all(exclude_entries),
            what_matters,
            ips,
        }
    }
}

impl From<ShareSlice> for core::ShareSlice {
    /// An excluded id that is not an entry number names no entry of the record, so it leaves
    /// nothing out and is dropped.
    fn from(s: ShareSlice) -> Self {
        let ShareSlice {
            categories,
            from,
            to,
            readings,
            readings_from,
            readings_to,
            include_sensitive,
            exclude_entries,
            what_matters,
            ips,
        } = s;
        Self {
            categories: into_all(categories),
            from,
            to,
            readings: into_all(readings),
            readings_from,
            readings_to,
            include_sensitive: into_all(include_sensitive),
            exclude_entries: exclude_entries.iter().filter_map(|e| e.number().ok()).collect(),
            what_matters,
            ips,
        }
    }
}

/// What a share leaves out, said in a way that reveals nothing about the record: every
/// category not chosen and every sensitive label not ticked, whether or not the record has
/// any such entries. Derived from the slice alone.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LeftOut {
    pub categories: Vec<EntryKind>,
    pub labels: Vec<Sensitivity>,
    pub readings: Vec<ReadingKind>,
}

impl From<core::LeftOut> for LeftOut {
    fn from(l: core::LeftOut) -> Self {
        let core::LeftOut { categories, labels, readings } = l;
        Self { categories: into_all(categories), labels: into_all(labels), readings: into_all(readings) }
    }
}

/// A shared document as rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SharedDocument {
    pub patient: SharedSubject,
    pub sections: Vec<SharedSection>,
    pub readings: Vec<SharedReadingGroup>,
    /// What the document's Consent says, when it carries one.
    pub consent: Option<SharedConsentInfo>,
    /// "What matters to me" in plain words, when the share holds it (null when not ticked).
    pub what_matters: Option<Vec<SharedWhatMattersRow>>,
}

impl From<core::SharedDocument> for SharedDocument {
    fn from(d: core::SharedDocument) -> Self {
        let core::SharedDocument { patient, sections, readings, consent, what_matters } = d;
        Self {
            patient: patient.into(),
            sections: into_all(sections),
            readings: into_all(readings),
            consent: consent.map(Into::into),
            what_matters: what_matters.map(into_all),
        }
    }
}

/// The share form's one tick for "What matters to me": its label and hint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ShareWhatMattersWords {
    pub label: String,
    pub hint: String,
}

impl ShareWhatMattersWords {
    pub fn new() -> Self {
        Self { label: core::WHAT_MATTERS_TITLE.to_owned(), hint: core::WHAT_MATTERS_SHARE_HINT.to_owned() }
    }
}

impl Default for ShareWhatMattersWords {
    fn default() -> Self {
        Self::new()
    }
}

/// The share form's International Patient Summary tick.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ShareIpsWords {
    /// The heading of the tick's own group.
    pub heading: String,
    pub label: String,
    pub hint: String,
}

impl ShareIpsWords {
    pub fn new() -> Self {
        Self {
            heading: core::IPS_SHARE_HEADING.to_owned(),
            label: core::IPS_SHARE_LABEL.to_owned(),
            hint: core::IPS_SHARE_HINT.to_owned(),
        }
    }
}

impl Default for ShareIpsWords {
    fn default() -> Self {
        Self::new()
    }
}

/// One part of "What matters to me" in a share, in plain words.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SharedWhatMattersRow {
    /// The resource's fullUrl in the Bundle (`urn:uuid:...`).
    pub resource_id: String,
    /// The record entry it came from: only in the citizen's preview, never from a package.
    pub entry_id: Option<EntryId>,
    /// What it is: "Matters most to me", "Next of kin", "GP practice", "Organ donation decision".
    pub what: String,
    /// What it says, as the person wrote it.
    pub words: String,
}
phr_core::redacted_debug!(SharedWhatMattersRow { entry_id });

impl From<core::SharedWhatMattersRow> for SharedWhatMattersRow {
    fn from(r: core::SharedWhatMattersRow) -> Self {
        let core::SharedWhatMattersRow { resource_id, entry_id, what, words } = r;
        Self { resource_id, entry_id: entry_id.map(EntryId::from), what, words }
    }
}

/// Who the document is about.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SharedSubject {
    pub name: String,
    pub birth_date: Option<NaiveDate>,
    /// Ten digits, unformatted.
    pub nhs_number: Option<String>,
}
phr_core::redacted_debug!(SharedSubject);

impl From<core::SharedSubject> for SharedSubject {
    fn from(s: core::SharedSubject) -> Self {
        let core::SharedSubject { name, birth_date, nhs_number } = s;
        Self { name, birth_date, nhs_number }
    }
}

/// One category of entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SharedSection {
    pub kind: EntryKind,
    /// The section's title ("Medications").
    pub title: String,
    pub rows: Vec<SharedRow>,
}

impl From<core::SharedSection> for SharedSection {
    fn from(s: core::SharedSection) -> Self {
        let core::SharedSection { kind, title, rows } = s;
        Self { kind: kind.into(), title, rows: into_all(rows) }
    }
}

/// One shared entry.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SharedRow {
    /// The entry's fullUrl in the Bundle (`urn:uuid:...`).
    pub resource_id: String,
    /// The record entry it came from: only in the citizen's preview, never from a package.
    pub entry_id: Option<EntryId>,
    pub title: String,
    /// ISO date or date-time as the resource gives it.
    pub date: Option<String>,
    pub status: Option<String>,
    pub value_text: Option<String>,
    pub flag: Option<String>,
    /// A result that is a kind of reading: the red-flag row it meets, as advice (show the
    /// urgency in words: a professional may print the page).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub advice: Option<Advice>,
}
phr_core::redacted_debug!(SharedRow { entry_id, flag });

impl From<core::SharedRow> for SharedRow {
    fn from(r: core::SharedRow) -> Self {
        let core::SharedRow { resource_id, entry_id, title, date, status, value_text, flag, red_flag } = r;
        let advice = red_flag.as_deref().and_then(advice_by_id);
        Self { resource_id, entry_id: entry_id.map(EntryId::from), title, date, status, value_text, flag, advice }
    }
}

/// The readings of one kind, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SharedReadingGroup {
    pub kind: ReadingKind,
    pub rows: Vec<SharedReadingRow>,
}

impl From<core::SharedReadingGroup> for SharedReadingGroup {
    fn from(g: core::SharedReadingGroup) -> Self {
        let core::SharedReadingGroup { kind, rows } = g;
        Self { kind: kind.into(), rows: into_all(rows) }
    }
}

/// One reading.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SharedReadingRow {
    /// RFC 3339 as the Observation gives it.
    pub at: String,
    /// "128/82 mmHg, pulse 64", "72.4 kg".
    pub value_text: String,
    /// The red-flag advice the person was given for it, when it met a row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub advice: Option<Advice>,
}
phr_core::redacted_debug!(SharedReadingRow { at });

impl From<core::SharedReadingRow> for SharedReadingRow {
    fn from(r: core::SharedReadingRow) -> Self {
        let core::SharedReadingRow { at, value_text, red_flag } = r;
        Self { at, value_text, advice: red_flag.as_deref().and_then(advice_by_id) }
    }
}

/// What the document's Consent says.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SharedConsentInfo {
    /// The recipient as named in the Consent.
    pub recipient: Option<String>,
    pub purpose: Option<String>,
    /// RFC 3339.
    pub start: Option<String>,
    pub end: Option<String>,
}
phr_core::redacted_debug!(SharedConsentInfo);

impl From<core::SharedConsentInfo> for SharedConsentInfo {
    fn from(c: core::SharedConsentInfo) -> Self {
        let core::SharedConsentInfo { recipient, purpose, start, end } = c;
        Self { recipient, purpose, start, end }
    }
}

/// Converts every item of a list between its core and DTO types.
fn into_all<A, B: From<A>>(items: Vec<A>) -> Vec<B> {
    items.into_iter().map(B::from).collect()
}

/// What the citizen asks to share: for whom, why, what, and the last day it opens.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
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
phr_core::redacted_debug!(ShareRequest { slice, expires_on });

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
    pub draft_id: ShareDraftId,
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
    /// When the person ticked the International Patient Summary: a sentence saying the package
    /// will hold one of exactly what the preview shows.
    pub ips: Option<String>,
}

/// One share in the register.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ShareInfo {
    pub share_id: ShareId,
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
    /// Who made it, in words: "Made by Sarah (carer) for Margaret Evans", "Made by Margaret Evans".
    pub made_by: String,
}
phr_core::redacted_debug!(ShareInfo {
    share_id,
    slice,
    created,
    not_after,
    status,
    revoked_at,
    sealed_to,
    entries,
    readings
});

/// A share made: the package written and registered.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
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
phr_core::redacted_debug!(ShareCreated { fingerprint, bytes });

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
/// identity file. Exactly one is set. The code is a secret from the moment it arrives (wiped
/// when dropped, never printed); on the wire it is a plain string.
#[derive(Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ShareUnlock {
    #[ts(type = "string | null")]
    pub access_code: Option<phr_core::secret::SecretString>,
    /// A file holding an `AGE-SECRET-KEY-1...` line.
    pub identity_path: Option<String>,
}

impl std::fmt::Debug for ShareUnlock {
    // The access code unlocks a package of health data: it must never reach a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ShareUnlock")
            .field("access_code", &self.access_code.as_ref().map(|_| "[redacted]"))
            // A path names the person's folders: shown only as there or not.
            .field("identity_path", &self.identity_path.as_ref().map(|_| "[path]"))
            .finish()
    }
}

/// Who a shared record is about, as the signed manifest says.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ShareSubject {
    pub name: String,
    /// `YYYY-MM-DD`.
    pub birth_date: String,
    pub nhs_number: Option<String>,
}
phr_core::redacted_debug!(ShareSubject);

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
#[derive(Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OpenedShare {
    pub share_id: ShareId,
    pub subject: ShareSubject,
    /// Who made it, as the signed manifest says, in words: "Made by Sarah (carer) for Margaret
    /// Evans", or "Made by Margaret Evans" (also for a package that does not say).
    pub made_by: String,
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
    /// When the package holds an International Patient Summary (ips.json): a sentence saying
    /// so, and that "Save a copy" writes it.
    pub ips: Option<String>,
}
phr_core::redacted_debug!(OpenedShare { share_id, fingerprint, created, not_after });
