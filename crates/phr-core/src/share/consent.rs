//! The FHIR R4 Consent a share is recorded as: the record keeps it and the document carries it.

use super::model::ShareConsent;

/// The FHIR R4 Consent (JSON text) for `consent`, with id `consent_id`, about the Patient
/// `patient_ref` ("urn:uuid:..." inside a document, "Patient/..." in the record).
pub fn consent_resource(consent: &ShareConsent, patient_ref: &str, consent_id: &str) -> String {
    let _ = (consent, patient_ref, consent_id);
    String::new()
}
