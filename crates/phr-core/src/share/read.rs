//! Reading a shared document back into rows, with the record's own FHIR mapping: what the
//! professional's app shows, and the citizen's preview before sealing.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::error::ShareDocError;
use super::model::SliceContents;
use crate::readings::ReadingKind;
use crate::record::EntryKind;

/// A shared document as rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SharedDocument {
    pub patient: SharedSubject,
    pub sections: Vec<SharedSection>,
    pub readings: Vec<SharedReadingGroup>,
    /// What the document's Consent says, when it carries one.
    pub consent: Option<SharedConsentInfo>,
}

/// Who the document is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SharedSubject {
    pub name: String,
    pub birth_date: Option<NaiveDate>,
    /// Ten digits, unformatted.
    pub nhs_number: Option<String>,
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

/// One shared entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SharedRow {
    /// The entry's fullUrl in the Bundle (`urn:uuid:...`).
    pub resource_id: String,
    /// The record entry it came from: only in the citizen's preview
    /// ([`read_document_with_entries`]), never from a package.
    #[ts(type = "number | null")]
    pub entry_id: Option<i64>,
    pub title: String,
    /// ISO date or date-time as the resource gives it.
    pub date: Option<String>,
    pub status: Option<String>,
    pub value_text: Option<String>,
    pub flag: Option<String>,
}

/// The readings of one kind, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SharedReadingGroup {
    pub kind: ReadingKind,
    pub rows: Vec<SharedReadingRow>,
}

/// One reading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SharedReadingRow {
    /// RFC 3339 as the Observation gives it.
    pub at: String,
    /// "128/82 mmHg, pulse 64", "72.4 kg".
    pub value_text: String,
}

/// What the document's Consent says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SharedConsentInfo {
    /// The recipient as named in the Consent.
    pub recipient: Option<String>,
    pub purpose: Option<String>,
    /// RFC 3339.
    pub start: Option<String>,
    pub end: Option<String>,
}

/// Reads a document Bundle this app made.
pub fn read_document(bundle_json: &str) -> Result<SharedDocument, ShareDocError> {
    let _ = bundle_json;
    Err(ShareDocError::malformed("not built yet"))
}

/// [`read_document`] for the citizen's preview: each row also carries the record entry it came
/// from (`contents` is what the document was built from), so an entry can be unticked.
pub fn read_document_with_entries(
    bundle_json: &str,
    contents: &SliceContents,
) -> Result<SharedDocument, ShareDocError> {
    let _ = contents;
    read_document(bundle_json)
}
