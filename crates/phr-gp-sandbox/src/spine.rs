//! GP Connect's Spine headers on the structured record request: checked as a GP Connect
//! provider checks them, and refused with GP Connect's `BAD_REQUEST` OperationOutcome.
//!
//! Sources (GP Connect 1.x):
//! - "Retrieve a patient's structured record", Request headers
//!   (developer.nhs.uk/apis/gpconnect-1-2-1/accessrecord_structured_development_retrieve_patient_record.html):
//!   `Ssp-TraceID` (a GUID or UUID), `Ssp-From` (consumer's ASID), `Ssp-To` (provider's ASID),
//!   `Ssp-InteractionID` (`urn:nhs:names:services:gpconnect:fhir:operation:gpc.getstructuredrecord-1`).
//! - "Error handling", Malformed request errors (nhsconnect/gpconnect,
//!   pages/development/development_fhir_error_handling_guidance.md; developer.nhs.uk/apis/
//!   gpconnect-1-5-1/development_fhir_error_handling_guidance.html): HTTP 400, issue type
//!   `invalid`, Spine error code `BAD_REQUEST` ("Bad request") when "an expected header (for
//!   example, interaction ID header) is missing or invalid" or the "InteractionID header does
//!   not match request", with the details in `diagnostics`. GP Connect's provider test suite
//!   (nhsconnect/gpconnect-provider-testing) expects the same 400 BAD_REQUEST for each missing
//!   Ssp header and for a wrong interaction id.
//!
//! A wrong `Ssp-To` is refused the same way: to a provider it is an invalid header. (On the
//! real network the Spine Secure Proxy checks ASIDs first and answers 403 `forbidden`; the
//! sandbox has no proxy in front of it.)

use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::json;

use crate::fhir::fhir;

/// The demo practice's ASID (made up, like its ODS code): the `Ssp-To` it accepts, and the
/// one its GP Connect CapabilityStatement advertises in [`PROVIDER_ASID_EXTENSION`].
pub const SANDBOX_ASID: &str = "900000000001";

/// The CapabilityStatement extension the sandbox states its ASID in (the phr project's
/// convention, read by phr-gp's discovery; GP Connect itself defines none: consumers look
/// ASIDs up in the Spine Directory Service).
pub const PROVIDER_ASID_EXTENSION: &str = "urn:phr:fhir:extension:provider-asid";

/// The identifier system NHS England's FHIR profiles give ASIDs.
pub const ASID_SYSTEM: &str = "https://fhir.nhs.uk/Id/accredited-system";

/// `$gpc.getstructuredrecord`'s Spine interaction id.
pub const GET_STRUCTURED_RECORD: &str = "urn:nhs:names:services:gpconnect:fhir:operation:gpc.getstructuredrecord-1";

const SPINE_ERROR_CODES: &str = "https://fhir.nhs.uk/STU3/ValueSet/Spine-ErrorOrWarningCode-1";
const GP_CONNECT_OUTCOME: &str = "https://fhir.nhs.uk/STU3/StructureDefinition/GPConnect-OperationOutcome-1";

/// Checks the four Spine headers; returns the trace id, or why the request is refused (a
/// sentence naming the header).
pub fn check(headers: &HeaderMap) -> Result<String, String> {
    let get = |name: &str| -> Result<&str, String> {
        let value = headers.get(name).ok_or_else(|| format!("The {name} header is missing"))?;
        let text = value.to_str().map_err(|_| format!("The {name} header is not plain text"))?.trim();
        if text.is_empty() {
            return Err(format!("The {name} header is empty"));
        }
        Ok(text)
    };
    let trace = get("Ssp-TraceID")?;
    if uuid::Uuid::try_parse(trace).is_err() {
        return Err(format!("The Ssp-TraceID header is not a GUID or UUID: {}", shown(trace)));
    }
    get("Ssp-From")?;
    let to = get("Ssp-To")?;
    if to != SANDBOX_ASID {
        return Err(format!("The Ssp-To header is {}, not this practice's ASID {SANDBOX_ASID}", shown(to)));
    }
    let interaction = get("Ssp-InteractionID")?;
    if interaction != GET_STRUCTURED_RECORD {
        return Err(format!(
            "The Ssp-InteractionID header is {}, which does not match this request: it should be {GET_STRUCTURED_RECORD}",
            shown(interaction)
        ));
    }
    Ok(trace.to_owned())
}

/// A header's value quoted for a message, cut short if long.
fn shown(value: &str) -> String {
    let cut: String = value.chars().take(100).collect();
    format!("\"{cut}\"")
}

/// GP Connect's malformed request error: 400, `invalid`, Spine code `BAD_REQUEST`.
pub fn bad_request(diagnostics: &str) -> Response {
    let body = json!({
        "resourceType": "OperationOutcome",
        "meta": { "profile": [GP_CONNECT_OUTCOME] },
        "issue": [{
            "severity": "error",
            "code": "invalid",
            "details": { "coding": [{ "system": SPINE_ERROR_CODES, "code": "BAD_REQUEST", "display": "Bad request" }] },
            "diagnostics": diagnostics
        }]
    });
    fhir(StatusCode::BAD_REQUEST, body.to_string())
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn good() -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("Ssp-TraceID", HeaderValue::from_static("629ea9ba-a077-4d99-b289-7a9b19fd4e03"));
        h.insert("Ssp-From", HeaderValue::from_static("900000000002"));
        h.insert("Ssp-To", HeaderValue::from_static(SANDBOX_ASID));
        h.insert("Ssp-InteractionID", HeaderValue::from_static(GET_STRUCTURED_RECORD));
        h
    }

    #[test]
    fn good_headers_pass_and_give_the_trace_id() {
        assert_eq!(check(&good()).unwrap(), "629ea9ba-a077-4d99-b289-7a9b19fd4e03");
        // Header names are case-insensitive in HTTP.
        let mut lower = HeaderMap::new();
        for (k, v) in &good() {
            lower.insert(axum::http::HeaderName::from_bytes(k.as_str().to_lowercase().as_bytes()).unwrap(), v.clone());
        }
        assert!(check(&lower).is_ok());
    }

    #[test]
    fn each_missing_or_empty_header_is_named() {
        for name in ["Ssp-TraceID", "Ssp-From", "Ssp-To", "Ssp-InteractionID"] {
            let mut h = good();
            h.remove(name);
            assert_eq!(check(&h).unwrap_err(), format!("The {name} header is missing"));
            h.insert(name, HeaderValue::from_static(" "));
            assert_eq!(check(&h).unwrap_err(), format!("The {name} header is empty"));
        }
    }

    #[test]
    fn bad_values_are_refused_with_the_value() {
        let with = |name: &'static str, value: &'static str| {
            let mut h = good();
            h.insert(name, HeaderValue::from_static(value));
            check(&h).unwrap_err()
        };
        assert_eq!(with("Ssp-TraceID", "trace-1"), "The Ssp-TraceID header is not a GUID or UUID: \"trace-1\"");
        assert!(with("Ssp-To", "200000000116").starts_with("The Ssp-To header is \"200000000116\", not"));
        let e = with("Ssp-InteractionID", "urn:nhs:names:services:gpconnect:fhir:rest:read:metadata-1");
        assert!(e.starts_with("The Ssp-InteractionID header is \"urn:") && e.ends_with(GET_STRUCTURED_RECORD), "{e}");
    }
}
