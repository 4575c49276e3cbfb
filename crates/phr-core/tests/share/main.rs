//! Sharing a slice of the record: the slice rule, the FHIR document built from a real Synthea
//! record and read back, what an excluded entry leaves behind (nothing), the Consent, and the
//! printable summary.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

#[path = "../../../../tests/support/mod.rs"]
mod repo;

mod document;
mod request;
mod slice;
mod summary;
mod what_matters;

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use phr_core::record::EntryKind;
use phr_core::share::{DocumentIds, ShareConsent, ShareRecipient, ShareSlice};

/// The fixtures inside the repository (`tests/fixtures`).
pub fn fixtures_dir() -> PathBuf {
    repo::fixtures()
}

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub fn created() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 10, 30, 0).unwrap()
}

pub fn consent(slice: ShareSlice) -> ShareConsent {
    ShareConsent {
        share_id: "5b0f8a6e-3c1d-4e2f-9a7b-1c2d3e4f5a6b".into(),
        recipient: ShareRecipient {
            name: "Jane Smith".into(),
            role: Some("Physiotherapist".into()),
            organisation: Some("Knee Clinic".into()),
            ods_code: Some("RX1".into()),
            public_key: None,
        },
        purpose: "Physiotherapy for my knee".into(),
        slice,
        created: created(),
        not_after: Utc.with_ymd_and_hms(2026, 12, 23, 23, 59, 59).unwrap(),
        made_by: None,
    }
}

pub fn slice_of(categories: &[EntryKind]) -> ShareSlice {
    ShareSlice { categories: categories.to_vec(), ..ShareSlice::default() }
}

pub fn ids() -> DocumentIds {
    DocumentIds {
        bundle: "0d6e1a52-9c43-4c1e-8f0a-3b1f6d2e7a01".into(),
        composition: "1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c02".into(),
        consent: "2b3c4d5e-6f7a-4b2c-9d3e-4f5a6b7c8d03".into(),
        provenance: "3c4d5e6f-7a8b-4c3d-8e4f-5a6b7c8d9e04".into(),
        patient: "4d5e6f7a-8b9c-4d4e-9f5a-6b7c8d9e0f05".into(),
    }
}

pub const FINGERPRINT: &str = "3F2A 91C0 7B44 E1D2 0A9C 55E3 1F0B 8C7D";

/// Runs the project's FHIR validator (`tools/fhir-validate`) on `text` written to a file named
/// `name`; panics with the validator's report when it fails.
pub fn assert_valid_fhir(name: &str, text: &str) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("share-documents");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(name);
    std::fs::write(&file, text).unwrap();
    repo::assert_valid_fhir(&[&file], name);
}
