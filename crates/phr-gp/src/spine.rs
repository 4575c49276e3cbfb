//! GP Connect's Spine Secure Proxy headers (`Ssp-TraceID`, `Ssp-From`, `Ssp-To`,
//! `Ssp-InteractionID`) and the FHIR media type, for the structured record request.
//!
//! Source: GP Connect 1.x, Access Record Structured, "Retrieve a patient's structured record",
//! Request headers (developer.nhs.uk/apis/gpconnect-1-2-1/
//! accessrecord_structured_development_retrieve_patient_record.html): consumers SHALL send
//! `Ssp-TraceID` (the consumer's trace id, a GUID or UUID), `Ssp-From` (the consumer's ASID),
//! `Ssp-To` (the provider's ASID) and `Ssp-InteractionID`
//! (`urn:nhs:names:services:gpconnect:fhir:operation:gpc.getstructuredrecord-1`), with
//! `Accept` and `Content-Type` of `application/fhir+json`.

use reqwest::RequestBuilder;
use reqwest::header::{ACCEPT, CONTENT_TYPE};

use crate::discovery::Practice;
use crate::error::GpError;

/// The Spine interaction id of `$gpc.getstructuredrecord` (GP Connect 1.x, "Spine interactions").
pub const GET_STRUCTURED_RECORD: &str = "urn:nhs:names:services:gpconnect:fhir:operation:gpc.getstructuredrecord-1";

/// FHIR's JSON media type, as GP Connect's examples send it.
pub const FHIR_JSON: &str = "application/fhir+json";

/// The Spine headers of one GP Connect request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SspHeaders {
    /// A fresh v4 UUID.
    pub trace_id: String,
    /// The consumer's (this app's) ASID.
    pub from: String,
    /// The provider's (the practice's) ASID.
    pub to: String,
    pub interaction: &'static str,
}

impl SspHeaders {
    /// The headers for one structured record request to `practice`: a new trace id, this
    /// app's ASID `consumer`, and the practice's ASID (from discovery, else `configured`).
    pub fn structured_record(practice: &Practice, consumer: &str, configured: Option<&str>) -> Result<Self, GpError> {
        let to = provider_asid(practice, configured)?;
        if consumer.trim().is_empty() {
            return Err(GpError::new(
                phr_core::ErrorCode::InvalidInput,
                "This app has no Spine ASID set, which a GP Connect practice needs to accept a request.",
            ));
        }
        Ok(Self {
            trace_id: uuid::Uuid::new_v4().to_string(),
            from: consumer.trim().to_owned(),
            to,
            interaction: GET_STRUCTURED_RECORD,
        })
    }

    /// `rb` with the four Spine headers, `Accept` and `Content-Type`.
    pub fn apply(&self, rb: RequestBuilder) -> RequestBuilder {
        rb.header(ACCEPT, FHIR_JSON)
            .header(CONTENT_TYPE, FHIR_JSON)
            .header("Ssp-TraceID", &self.trace_id)
            .header("Ssp-From", &self.from)
            .header("Ssp-To", &self.to)
            .header("Ssp-InteractionID", self.interaction)
    }
}

/// The practice's ASID: the one its CapabilityStatement gives, else the configured one.
fn provider_asid(practice: &Practice, configured: Option<&str>) -> Result<String, GpError> {
    practice
        .asid
        .as_deref()
        .or(configured)
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(str::to_owned)
        .ok_or_else(|| {
            GpError::new(
                phr_core::ErrorCode::InvalidInput,
                format!(
                    "The GP Connect service at {} did not say its Spine ASID, and none is set for it in this app, so your record cannot be asked for.",
                    practice.base
                ),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discovery::ServerKind;

    fn practice(asid: Option<&str>) -> Practice {
        Practice {
            base: "https://gp.example/fhir".into(),
            kind: ServerKind::GpConnect,
            fhir_version: "3.0.1".into(),
            name: None,
            authorize_url: "https://gp.example/authorize".into(),
            token_url: "https://gp.example/token".into(),
            asid: asid.map(str::to_owned),
            smart: None,
        }
    }

    #[test]
    fn the_discovered_asid_comes_first_then_the_configured_one() {
        let h = SspHeaders::structured_record(&practice(Some("111")), "900", Some("222")).unwrap();
        assert_eq!((h.from.as_str(), h.to.as_str(), h.interaction), ("900", "111", GET_STRUCTURED_RECORD));
        let h = SspHeaders::structured_record(&practice(None), "900", Some("222")).unwrap();
        assert_eq!(h.to, "222");
        let e = SspHeaders::structured_record(&practice(None), "900", None).unwrap_err();
        assert_eq!(e.code, phr_core::ErrorCode::InvalidInput);
        assert!(e.message.contains("ASID") && e.message.contains("https://gp.example/fhir"), "{e}");
        let e = SspHeaders::structured_record(&practice(Some("111")), " ", None).unwrap_err();
        assert!(e.message.contains("no Spine ASID"), "{e}");
    }

    #[test]
    fn each_request_gets_a_new_v4_uuid() {
        let a = SspHeaders::structured_record(&practice(Some("1")), "2", None).unwrap();
        let b = SspHeaders::structured_record(&practice(Some("1")), "2", None).unwrap();
        assert_ne!(a.trace_id, b.trace_id);
        let parsed = uuid::Uuid::parse_str(&a.trace_id).unwrap();
        assert_eq!(parsed.get_version_num(), 4);
        assert_eq!(a.trace_id.len(), 36);
    }

    #[test]
    fn the_request_carries_every_header() {
        let h = SspHeaders::structured_record(&practice(Some("111")), "900", None).unwrap();
        crate::client::install_crypto();
        let request = h.apply(reqwest::Client::new().post("https://gp.example/fhir/x")).build().unwrap();
        let get = |name: &str| request.headers().get(name).unwrap().to_str().unwrap().to_owned();
        assert_eq!(get("accept"), FHIR_JSON);
        assert_eq!(get("content-type"), FHIR_JSON);
        assert_eq!(get("ssp-traceid"), h.trace_id);
        assert_eq!(get("ssp-from"), "900");
        assert_eq!(get("ssp-to"), "111");
        assert_eq!(get("ssp-interactionid"), GET_STRUCTURED_RECORD);
    }
}
