//! Sharing a slice of the record: the consent (who, why, what, until when), the rule that says
//! which entries and readings a slice holds, the FHIR document and the printable summary that a
//! package carries, and reading a shared document back.
//!
//! Pure like the rest of this crate: the vault gathers the slice's contents, `phr-share` seals
//! and signs them; ids and times are parameters.

mod consent;
pub(crate) mod document;
mod error;
mod ips_option;
mod model;
mod read;
pub(crate) mod references;
mod request;
mod sections;
mod slice;
mod summary_html;
mod what_matters;

pub use consent::{ODS_SYSTEM, consent_resource};
pub use document::{DocumentIds, build_document, entry_full_url};
pub use error::ShareDocError;
pub use ips_option::{
    IPS_FILE_NAME, IPS_IN_PACKAGE, IPS_IN_PREVIEW, IPS_SHARE_HEADING, IPS_SHARE_HINT, IPS_SHARE_LABEL,
};
pub use model::*;
pub use read::{
    SharedConsentInfo, SharedDocument, SharedReadingGroup, SharedReadingRow, SharedRow, SharedSection, SharedSubject,
    SharedWhatMattersRow, read_document, read_document_with_entries,
};
pub use references::NOT_INCLUDED;
pub use request::{
    DEFAULT_READINGS_MONTHS, ExpiryPreset, MAX_PURPOSE_CHARS, MAX_SHARE_MONTHS, ODS_CODE_CHARS, RequestProblem,
    check_request, default_readings_from, latest_last_day, ods_code_is_valid,
};
pub use sections::{READINGS_CODE, READINGS_TITLE};
pub use summary_html::{escape_html, render_summary};
pub use what_matters::{
    WHAT_MATTERS_SHARE_HINT, WHAT_MATTERS_TITLE, WhatMattersPart, WhatMattersWords, decision_of_codes,
    what_matters_part, what_matters_words,
};
