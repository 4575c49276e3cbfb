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
    /// What `.well-known/smart-configuration` said beyond the two endpoints; `None` when the
    /// practice gave none and the endpoints came from its CapabilityStatement.
    pub smart: Option<SmartConfiguration>,
}

/// The parts of a practice's `.well-known/smart-configuration` (SMART App Launch 2, with the
/// OAuth metadata of RFC 8414) that sign-in uses now or that later work will: the scopes to
/// ask for, the issuer to check a redirect's `iss` against (RFC 9207), and where tokens are
/// revoked and clients registered. Those two endpoints are kept as the practice gave them, and
/// whatever calls them first holds them to the rule the sign-in endpoints are held to (https,
/// or http only to this computer; `check_endpoint`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SmartConfiguration {
    /// The authorisation server's issuer identifier, compared as a plain string with the
    /// `iss` a redirect carries.
    pub issuer: Option<String>,
    /// `scopes_supported`, empty when not listed.
    pub scopes_supported: Vec<String>,
    /// `capabilities` (e.g. `permission-v2`, `client-public`), empty when not listed.
    pub capabilities: Vec<String>,
    pub revocation_endpoint: Option<String>,
    pub registration_endpoint: Option<String>,
    /// `authorization_response_iss_parameter_supported`: when true, a redirect without `iss`
    /// is refused (RFC 9207 section 2.4).
    pub iss_parameter_supported: bool,
}

impl SmartConfiguration {
    /// Whether the practice offers SMART v2 scopes (`patient/*.rs`): one is listed in
    /// `scopes_supported`, or `permission-v2` is among its capabilities.
    pub fn offers_v2(&self) -> bool {
        self.capabilities.iter().any(|c| c == "permission-v2") || self.scopes_supported.iter().any(|s| is_v2_scope(s))
    }

    /// Whether the practice offers `scope`: listed in `scopes_supported`.
    pub fn offers(&self, scope: &str) -> bool {
        self.scopes_supported.iter().any(|s| s == scope)
    }

    /// Whether the practice offers OpenID Connect sign-in: `openid` listed, or the
    /// `sso-openid-connect` capability.
    pub fn offers_openid(&self) -> bool {
        self.offers("openid") || self.capabilities.iter().any(|c| c == "sso-openid-connect")
    }
}

impl Practice {
    /// The scopes this app asks for when the person signs in for one import:
    /// [`Practice::scope_for`] without staying connected.
    pub fn scope(&self) -> String {
        self.scope_for(false)
    }

    /// The scopes this app asks for, chosen from what the practice offers: read access to
    /// the person's whole record as SMART v2's `patient/*.rs` where offered, else v1's
    /// `patient/*.read`; `launch/patient`, so the token names whose record it opens; and
    /// `openid fhirUser` where offered. `offline_access` (lasting access, a refresh token that
    /// outlives the sign-in) only when the person chose to stay connected and the practice
    /// offers it or lists no scopes: otherwise the app would ask for more than it uses.
    pub fn scope_for(&self, stay_connected: bool) -> String {
        let smart = self.smart.as_ref();
        let mut scopes = vec!["launch/patient"];
        scopes.push(if smart.is_some_and(SmartConfiguration::offers_v2) { "patient/*.rs" } else { "patient/*.read" });
        if let Some(smart) = smart.filter(|s| s.offers_openid()) {
            scopes.push("openid");
            if smart.offers("fhirUser") || smart.capabilities.iter().any(|c| c == "sso-openid-connect") {
                scopes.push("fhirUser");
            }
        }
        if stay_connected && smart.is_none_or(|s| s.scopes_supported.is_empty() || s.offers("offline_access")) {
            scopes.push("offline_access");
        }
        scopes.join(" ")
    }
}

/// A SMART v2 resource scope: `patient/`, `user/` or `system/`, a resource type or `*`, then
/// a dot and permissions from `cruds` in that order (`patient/*.rs`,
/// `patient/Observation.rs?category=laboratory`). SMART v1's `.read`, `.write` and `.*` are
/// not.
pub(crate) fn is_v2_scope(scope: &str) -> bool {
    let scope = scope.split('?').next().unwrap_or_default();
    let Some((context, rest)) = scope.split_once('/') else { return false };
    if !matches!(context, "patient" | "user" | "system") {
        return false;
    }
    let Some((_, permissions)) = rest.rsplit_once('.') else { return false };
    // Each of c, r, u, d, s at most once and in that order.
    let mut order = "cruds".chars();
    !permissions.is_empty() && permissions.chars().all(|p| order.any(|o| o == p))
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
    // A SMART configuration is a JSON object; anything else is taken as none given.
    let smart = smart.filter(|s| s.is_object());
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
    let smart = smart.map(|s| check_smart(base, s)).transpose()?;
    let name = metadata
        .pointer("/software/name")
        .and_then(Value::as_str)
        .or_else(|| metadata.get("name").and_then(Value::as_str))
        .map(str::to_owned);
    let asid = asid(metadata);
    Ok(Practice { base: base.to_owned(), kind, fhir_version, name, authorize_url, token_url, asid, smart })
}

/// The strings of `value[key]` when it is an array; empty when it is missing or not one.
fn strings(value: &Value, key: &str) -> Vec<String> {
    value[key].as_array().into_iter().flatten().filter_map(Value::as_str).map(str::to_owned).collect()
}

/// Refuses, before any browser opens, a SMART configuration that cannot serve a desktop app,
/// and keeps the rest of it. A desktop app cannot keep a secret, so it is a public client
/// proving itself with PKCE: the practice must list `S256` among its
/// `code_challenge_methods_supported` (SMART App Launch 2 requires servers to list it), and
/// when it lists `token_endpoint_auth_methods_supported` it must allow `none` (RFC 8414). A
/// practice that fails either would only refuse after the person had signed in and agreed.
fn check_smart(base: &str, smart: &Value) -> Result<SmartConfiguration, GpError> {
    let cannot = |why: &str| {
        GpError::auth(format!(
            "The practice's sign-in service at {base} {why}, so this app cannot sign in to it safely. \
             The app did not open the sign-in page and nothing was imported. Ask the practice whether \
             it lets patients connect an app on their own computer."
        ))
    };
    if !strings(smart, "code_challenge_methods_supported").iter().any(|m| m == "S256") {
        return Err(cannot("does not offer the protection this app uses for signing in (PKCE with S256)"));
    }
    let auth_methods = smart.get("token_endpoint_auth_methods_supported");
    if auth_methods.is_some() && !strings(smart, "token_endpoint_auth_methods_supported").iter().any(|m| m == "none") {
        return Err(cannot("only lets in apps that keep a secret password, which an app on your computer cannot do"));
    }
    let text = |key: &str| smart[key].as_str().map(str::to_owned);
    Ok(SmartConfiguration {
        issuer: text("issuer"),
        scopes_supported: strings(smart, "scopes_supported"),
        capabilities: strings(smart, "capabilities"),
        revocation_endpoint: text("revocation_endpoint"),
        registration_endpoint: text("registration_endpoint"),
        iss_parameter_supported: smart["authorization_response_iss_parameter_supported"] == true,
    })
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
        let smart = smart("https://a/authorize", "https://a/token");
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
        let smart = smart("https://a/authorize", "https://a/token");
        let p = practice("https://a", &with(ASID_SYSTEM), Some(&smart)).unwrap();
        assert_eq!(p.asid.as_deref(), Some("918999198993"));
        // An identifier of another kind is not taken for an ASID.
        let p = practice("https://a", &with("https://fhir.nhs.uk/Id/ods-organization-code"), Some(&smart)).unwrap();
        assert_eq!(p.asid, None);
    }

    /// The least SMART configuration a desktop app can use: the two endpoints and S256.
    fn smart(authorize: &str, token: &str) -> Value {
        json!({ "authorization_endpoint": authorize, "token_endpoint": token, "code_challenge_methods_supported": ["S256"] })
    }

    fn r4() -> Value {
        json!({ "resourceType": "CapabilityStatement", "fhirVersion": "4.0.1", "rest": [{}] })
    }

    /// `smart("https://a/authorize", "https://a/token")` with `extra`'s keys added or replaced.
    fn smart_with(extra: Value) -> Value {
        let mut s = smart("https://a/authorize", "https://a/token");
        for (k, v) in extra.as_object().unwrap() {
            s[k] = v.clone();
        }
        s
    }

    #[test]
    fn a_smart_configuration_without_s256_is_refused_before_sign_in() {
        for methods in [json!(null), json!([]), json!(["plain"]), json!("S256"), json!(["s256"])] {
            let e =
                practice("https://a", &r4(), Some(&smart_with(json!({ "code_challenge_methods_supported": methods }))))
                    .unwrap_err();
            assert_eq!(e.code, phr_core::ErrorCode::GpAuthFailed, "{methods}");
            assert!(e.message.contains("S256") && e.message.contains("did not open the sign-in page"), "{e}");
            assert!(e.message.contains("nothing was imported"), "{e}");
        }
        let ok = smart_with(json!({ "code_challenge_methods_supported": ["plain", "S256"] }));
        assert!(practice("https://a", &r4(), Some(&ok)).is_ok());
        // Without a SMART configuration there is nothing to check (the CapabilityStatement's
        // endpoints are used; PKCE S256 is still sent).
        let cap = json!({ "resourceType": "CapabilityStatement", "fhirVersion": "4.0.1",
            "rest": [{ "security": { "extension": [{ "url": OAUTH_URIS, "extension": [
                { "url": "authorize", "valueUri": "https://b/auth" }, { "url": "token", "valueUri": "https://b/tok" }] }] } }] });
        assert_eq!(practice("https://b", &cap, None).unwrap().smart, None);
        // A SMART configuration that is not a JSON object is taken as none.
        assert_eq!(practice("https://b", &cap, Some(&json!(["x"]))).unwrap().smart, None);
    }

    #[test]
    fn a_practice_that_allows_only_secret_keeping_clients_is_refused_before_sign_in() {
        for methods in [json!(["client_secret_basic"]), json!(["client_secret_basic", "private_key_jwt"]), json!([])] {
            let e = practice(
                "https://a",
                &r4(),
                Some(&smart_with(json!({ "token_endpoint_auth_methods_supported": methods }))),
            )
            .unwrap_err();
            assert_eq!(e.code, phr_core::ErrorCode::GpAuthFailed, "{methods}");
            assert!(e.message.contains("secret") && e.message.contains("nothing was imported"), "{e}");
        }
        // `none` (a public client) among others, or the list left out, is accepted.
        let both = smart_with(json!({ "token_endpoint_auth_methods_supported": ["client_secret_basic", "none"] }));
        assert!(practice("https://a", &r4(), Some(&both)).is_ok());
        assert!(practice("https://a", &r4(), Some(&smart("https://a/authorize", "https://a/token"))).is_ok());
    }

    #[test]
    fn the_smart_configuration_is_kept_for_later() {
        let full = smart_with(json!({
            "issuer": "https://a/auth",
            "scopes_supported": ["launch/patient", "patient/*.rs", 7],
            "capabilities": ["client-public", "permission-v2"],
            "revocation_endpoint": "https://a/revoke",
            "registration_endpoint": "https://a/register",
            "authorization_response_iss_parameter_supported": true,
        }));
        let p = practice("https://a", &r4(), Some(&full)).unwrap();
        let kept = p.smart.unwrap();
        assert_eq!(kept.issuer.as_deref(), Some("https://a/auth"));
        assert_eq!(kept.scopes_supported, ["launch/patient", "patient/*.rs"]);
        assert_eq!(kept.capabilities, ["client-public", "permission-v2"]);
        assert_eq!(kept.revocation_endpoint.as_deref(), Some("https://a/revoke"));
        assert_eq!(kept.registration_endpoint.as_deref(), Some("https://a/register"));
        assert!(kept.iss_parameter_supported);
        // Only a JSON true says the `iss` parameter is supported.
        let p = practice(
            "https://a",
            &r4(),
            Some(&smart_with(json!({ "authorization_response_iss_parameter_supported": "true" }))),
        )
        .unwrap();
        assert!(!p.smart.unwrap().iss_parameter_supported);
    }

    #[test]
    fn scopes_are_chosen_from_what_the_practice_offers() {
        let scope = |extra: Value| practice("https://a", &r4(), Some(&smart_with(extra))).unwrap().scope();
        // v2 where a v2 scope is listed, or the permission-v2 capability is given.
        assert_eq!(scope(json!({ "scopes_supported": ["patient/*.rs"] })), "launch/patient patient/*.rs");
        assert_eq!(
            scope(json!({ "scopes_supported": ["patient/Observation.rs?category=laboratory", "patient/*.read"] })),
            "launch/patient patient/*.rs"
        );
        assert_eq!(scope(json!({ "capabilities": ["permission-v2"] })), "launch/patient patient/*.rs");
        // Else v1.
        assert_eq!(
            scope(json!({ "scopes_supported": ["patient/*.read", "offline_access"] })),
            "launch/patient patient/*.read"
        );
        assert_eq!(scope(json!({})), "launch/patient patient/*.read");
        // `openid fhirUser` only where offered.
        assert_eq!(
            scope(json!({ "scopes_supported": ["openid", "fhirUser", "patient/*.rs"] })),
            "launch/patient patient/*.rs openid fhirUser"
        );
        assert_eq!(scope(json!({ "scopes_supported": ["openid"] })), "launch/patient patient/*.read openid");
        assert_eq!(
            scope(json!({ "capabilities": ["sso-openid-connect"] })),
            "launch/patient patient/*.read openid fhirUser"
        );
        assert_eq!(scope(json!({ "scopes_supported": ["fhirUser"] })), "launch/patient patient/*.read");
        // offline_access only when the person chose to stay connected, and the practice
        // offers it or lists no scopes at all.
        let offered = json!({ "scopes_supported": ["offline_access", "online_access", "patient/*.rs"],
            "capabilities": ["permission-offline"] });
        assert!(!scope(offered.clone()).contains("offline_access"));
        let staying = |extra: Value| practice("https://a", &r4(), Some(&smart_with(extra))).unwrap().scope_for(true);
        assert_eq!(staying(offered), "launch/patient patient/*.rs offline_access");
        assert_eq!(staying(json!({})), "launch/patient patient/*.read offline_access");
        assert_eq!(
            staying(json!({ "scopes_supported": ["patient/*.rs", "online_access"] })),
            "launch/patient patient/*.rs"
        );
        // Without a SMART configuration: v1.
        let cap = json!({ "resourceType": "CapabilityStatement", "fhirVersion": "4.0.1",
            "rest": [{ "security": { "extension": [{ "url": OAUTH_URIS, "extension": [
                { "url": "authorize", "valueUri": "https://b/auth" }, { "url": "token", "valueUri": "https://b/tok" }] }] } }] });
        assert_eq!(practice("https://b", &cap, None).unwrap().scope(), "launch/patient patient/*.read");
    }

    #[test]
    fn v2_scopes_are_told_from_v1() {
        for v2 in
            ["patient/*.rs", "patient/*.cruds", "user/Observation.r", "system/*.s", "patient/Observation.rs?category=x"]
        {
            assert!(is_v2_scope(v2), "{v2}");
        }
        for not in [
            "patient/*.read",
            "patient/*.write",
            "patient/*.*",
            "patient/*.sr",
            "patient/*.rr",
            "patient/*.",
            "launch/patient",
            "openid",
            "other/*.rs",
            "patient/rs",
            "",
        ] {
            assert!(!is_v2_scope(not), "{not}");
        }
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
