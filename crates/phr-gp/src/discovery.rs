//! Discovery: what kind of FHIR service a practice runs and where to sign in.

use serde_json::Value;

use crate::client::{GpClient, Options};
use crate::error::GpError;

/// Which way the record is fetched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerKind {
    /// FHIR R4: `Patient/{id}/$everything`, paged.
    R4,
    /// GP Connect Access Record Structured (STU3): `Patient/$gpc.getstructuredrecord`.
    GpConnect,
}

/// A practice's FHIR service, as discovered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Practice {
    /// The FHIR base URL, without a trailing slash.
    pub base: String,
    pub kind: ServerKind,
    /// As the CapabilityStatement gives it, e.g. `4.0.1`.
    pub fhir_version: String,
    /// The software's or the practice's name, when the service says.
    pub name: Option<String>,
    pub authorize_url: String,
    pub token_url: String,
    /// The practice's Spine ASID (Accredited System ID), for GP Connect's `Ssp-To` header,
    /// when its CapabilityStatement gives one in the [`PROVIDER_ASID_EXTENSION`] extension.
    /// Only the demo practice (phr-gp-sandbox) does: on the real Spine a consumer looks the
    /// provider's ASID up in the Spine Directory Service, so for a real practice it comes
    /// from [`crate::Options::provider_asid`] instead.
    pub asid: Option<String>,
}

/// Discovers the practice at `base` with default [`Options`].
pub async fn discover(base: &str) -> Result<Practice, GpError> {
    GpClient::new(Options::default())?.discover(base).await
}

const OAUTH_URIS: &str = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris";

/// The CapabilityStatement extension in which a GP Connect service states its own ASID: this
/// project's convention (GP Connect defines none; ASIDs live in the Spine Directory
/// Service), which the sandbox follows so that the demo needs no configuration.
pub const PROVIDER_ASID_EXTENSION: &str = "urn:phr:fhir:extension:provider-asid";

/// The identifier system NHS England's FHIR profiles give ASIDs (Accredited System IDs).
pub const ASID_SYSTEM: &str = "https://fhir.nhs.uk/Id/accredited-system";

/// Reads the CapabilityStatement; the SMART configuration, when given, says where to sign in.
pub(crate) fn practice(base: &str, metadata: &Value, smart: Option<&Value>) -> Result<Practice, GpError> {
    if metadata["resourceType"] != "CapabilityStatement" {
        return Err(GpError::invalid(format!(
            "The address {base} does not look like a GP practice's FHIR service: its /metadata is not a CapabilityStatement."
        )));
    }
    let fhir_version = metadata["fhirVersion"].as_str().unwrap_or_default().to_owned();
    let rest = metadata.pointer("/rest/0").unwrap_or(&Value::Null);
    let operations = rest["operation"].as_array().into_iter().flatten().chain(
        rest["resource"].as_array().into_iter().flatten().flat_map(|r| r["operation"].as_array().into_iter().flatten()),
    );
    let gp_connect = operations.clone().any(|o| o["name"] == "gpc.getstructuredrecord");
    let kind = if gp_connect {
        ServerKind::GpConnect
    } else if fhir_version.starts_with("4.") {
        ServerKind::R4
    } else {
        let shown =
            if fhir_version.is_empty() { "an unknown FHIR version".to_owned() } else { format!("FHIR {fhir_version}") };
        return Err(GpError::invalid(format!(
            "The practice's service at {base} uses {shown}; this app reads FHIR R4 and GP Connect."
        )));
    };
    let from_capability = |name: &str| -> Option<String> {
        let oauth = rest.pointer("/security/extension")?.as_array()?.iter().find(|e| e["url"] == OAUTH_URIS)?;
        let uri = oauth.get("extension")?.as_array()?.iter().find(|e| e["url"] == name)?;
        uri.get("valueUri")?.as_str().map(str::to_owned)
    };
    let endpoint = |smart_key: &str, cap_key: &str| {
        smart.and_then(|s| s[smart_key].as_str().map(str::to_owned)).or_else(|| from_capability(cap_key))
    };
    let (Some(authorize_url), Some(token_url)) =
        (endpoint("authorization_endpoint", "authorize"), endpoint("token_endpoint", "token"))
    else {
        return Err(GpError::invalid(format!("The practice's service at {base} does not say where to sign in.")));
    };
    check_endpoint(base, &authorize_url, "sign-in page")?;
    check_endpoint(base, &token_url, "sign-in token service")?;
    let name = metadata
        .pointer("/software/name")
        .and_then(Value::as_str)
        .or_else(|| metadata.get("name").and_then(Value::as_str))
        .map(str::to_owned);
    let asid = asid(metadata);
    Ok(Practice { base: base.to_owned(), kind, fhir_version, name, authorize_url, token_url, asid })
}

/// Refuses an endpoint the client would call, or open in the browser, unless it is https, or
/// plain http to this computer (127.0.0.1, ::1, localhost): over plain http elsewhere the
/// sign-in code and the tokens that open the person's record would cross the network
/// readable by anyone on the way.
pub(crate) fn check_endpoint(base: &str, endpoint: &str, what: &str) -> Result<(), GpError> {
    let secure = url::Url::parse(endpoint).is_ok_and(|u| crate::client::secure(&u));
    if secure {
        return Ok(());
    }
    let shown: String = endpoint.chars().take(200).collect();
    Err(GpError::new(
        phr_core::ErrorCode::GpAddressInsecure,
        format!(
            "The practice's service at {base} gave an address for its {what} that is not secure ({shown}). \
             This app only signs in over https, so it did not connect. Nothing was imported."
        ),
    ))
}

/// The ASID in the [`PROVIDER_ASID_EXTENSION`] extension, if it is an [`ASID_SYSTEM`] identifier.
fn asid(metadata: &Value) -> Option<String> {
    let identifier =
        &metadata["extension"].as_array()?.iter().find(|e| e["url"] == PROVIDER_ASID_EXTENSION)?["valueIdentifier"];
    if identifier["system"] != ASID_SYSTEM {
        return None;
    }
    identifier["value"].as_str().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn r4_gp_connect_and_the_capability_statement_fallback() {
        let r4 = json!({ "resourceType": "CapabilityStatement", "fhirVersion": "4.0.1",
            "rest": [{ "resource": [{ "type": "Patient", "operation": [{ "name": "everything" }] }] }] });
        let smart = json!({ "authorization_endpoint": "https://a/authorize", "token_endpoint": "https://a/token" });
        let p = practice("https://a", &r4, Some(&smart)).unwrap();
        assert_eq!(p.kind, ServerKind::R4);
        assert_eq!(p.token_url, "https://a/token");

        let gpc = json!({ "resourceType": "CapabilityStatement", "fhirVersion": "3.0.1",
            "rest": [{ "operation": [{ "name": "gpc.getstructuredrecord" }],
                "security": { "extension": [{ "url": OAUTH_URIS, "extension": [
                    { "url": "authorize", "valueUri": "https://b/auth" }, { "url": "token", "valueUri": "https://b/tok" }] }] } }] });
        let p = practice("https://b", &gpc, None).unwrap();
        assert_eq!(p.kind, ServerKind::GpConnect);
        assert_eq!(p.authorize_url, "https://b/auth");
        assert_eq!(p.asid, None);
    }

    #[test]
    fn the_asid_is_read_from_its_extension_with_the_asid_system() {
        let with = |system: &str| {
            json!({ "resourceType": "CapabilityStatement", "fhirVersion": "3.0.1",
                "extension": [{ "url": PROVIDER_ASID_EXTENSION, "valueIdentifier": { "system": system, "value": "918999198993" } }],
                "rest": [{ "operation": [{ "name": "gpc.getstructuredrecord" }] }] })
        };
        let smart = json!({ "authorization_endpoint": "https://a/authorize", "token_endpoint": "https://a/token" });
        let p = practice("https://a", &with(ASID_SYSTEM), Some(&smart)).unwrap();
        assert_eq!(p.asid.as_deref(), Some("918999198993"));
        // An identifier of another kind is not taken for an ASID.
        let p = practice("https://a", &with("https://fhir.nhs.uk/Id/ods-organization-code"), Some(&smart)).unwrap();
        assert_eq!(p.asid, None);
    }

    fn smart(authorize: &str, token: &str) -> Value {
        json!({ "authorization_endpoint": authorize, "token_endpoint": token })
    }

    #[test]
    fn endpoints_must_be_https_or_http_to_this_computer() {
        let r4 = json!({ "resourceType": "CapabilityStatement", "fhirVersion": "4.0.1", "rest": [{}] });
        let refused =
            |authorize: &str, token: &str| practice("https://a", &r4, Some(&smart(authorize, token))).unwrap_err();
        let e = refused("https://a/authorize", "http://gp.example/token");
        assert_eq!(e.code, phr_core::ErrorCode::GpAddressInsecure);
        assert!(e.message.contains("token") && e.message.contains("http://gp.example/token"), "{e}");
        let e = refused("http://gp.example/authorize", "https://a/token");
        assert_eq!(e.code, phr_core::ErrorCode::GpAddressInsecure);
        assert!(e.message.contains("sign-in page"), "{e}");
        assert_eq!(refused("javascript:alert(1)", "https://a/token").code, phr_core::ErrorCode::GpAddressInsecure);
        assert_eq!(refused("not a url", "https://a/token").code, phr_core::ErrorCode::GpAddressInsecure);
        for (authorize, token) in [
            ("http://127.0.0.1:8080/authorize", "http://127.0.0.1:8080/token"),
            ("http://[::1]:8080/authorize", "http://localhost:8080/token"),
            ("https://a/authorize", "https://b/token"),
        ] {
            let p = practice("https://a", &r4, Some(&smart(authorize, token))).unwrap();
            assert_eq!((p.authorize_url.as_str(), p.token_url.as_str()), (authorize, token));
        }
    }

    #[test]
    fn refuses_what_it_cannot_read() {
        let dstu2 = json!({ "resourceType": "Conformance", "fhirVersion": "1.0.2" });
        assert_eq!(practice("https://c", &dstu2, None).unwrap_err().code, phr_core::ErrorCode::GpResponseInvalid);
        let stu3 = json!({ "resourceType": "CapabilityStatement", "fhirVersion": "3.0.1", "rest": [{}] });
        let e = practice("https://c", &stu3, None).unwrap_err();
        assert!(e.message.contains("FHIR 3.0.1"), "{e}");
        let r4 = json!({ "resourceType": "CapabilityStatement", "fhirVersion": "4.0.1", "rest": [{}] });
        assert!(practice("https://c", &r4, None).unwrap_err().message.contains("where to sign in"));
    }
}
