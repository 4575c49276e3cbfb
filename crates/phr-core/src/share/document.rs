//! The FHIR R4 `document` Bundle a share carries: Composition, Patient, the entries and what
//! they need, readings, the Consent and a Provenance.

use super::error::ShareDocError;
use super::model::{ShareConsent, SliceContents};

/// The UUIDs (hyphenated, without `urn:uuid:`) the caller drew for a document: the core has no
/// randomness. Every other fullUrl in the document is derived from `bundle`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentIds {
    pub bundle: String,
    pub composition: String,
    pub consent: String,
    pub provenance: String,
    pub patient: String,
}

/// The document Bundle (JSON text) for `contents` shared under `consent`, signed (in the
/// package's manifest) by the key with `signer_fingerprint`.
pub fn build_document(
    consent: &ShareConsent,
    contents: &SliceContents,
    ids: &DocumentIds,
    signer_fingerprint: &str,
) -> Result<String, ShareDocError> {
    let _ = (consent, contents, ids, signer_fingerprint);
    Err(ShareDocError::new(crate::error::ErrorCode::Internal, "not built yet"))
}
