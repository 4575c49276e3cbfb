//! The FHIR endpoints: capability statements, SMART configuration, `Patient/$everything`
//! pages, GP Connect's structured record, and the demo and test helpers.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::auth::patient_of_token;
use crate::config::Faults;
use crate::faults;
use crate::patients::{DemoPatient, Flavour};
use crate::server::Shared;
use crate::spine;

const FHIR_JSON: &str = "application/fhir+json";

pub async fn metadata_r4(State(s): State<Arc<Shared>>) -> Response {
    fhir(StatusCode::OK, capability(&s, "4.0.1", Flavour::R4).to_string())
}

pub async fn metadata_gp_connect(State(s): State<Arc<Shared>>) -> Response {
    fhir(StatusCode::OK, capability(&s, "3.0.1", Flavour::GpConnect).to_string())
}

fn capability(s: &Shared, version: &str, flavour: Flavour) -> Value {
    let (resource, operation) = match flavour {
        Flavour::R4 => (
            json!({ "type": "Patient", "operation": [{ "name": "everything",
                "definition": "http://hl7.org/fhir/OperationDefinition/Patient-everything" }] }),
            json!([]),
        ),
        Flavour::GpConnect => (
            json!({ "type": "Patient" }),
            json!([{ "name": "gpc.getstructuredrecord",
                "definition": { "reference": "https://fhir.nhs.uk/STU3/OperationDefinition/GPConnect-GetStructuredRecord-Operation-1" } }]),
        ),
    };
    // The GP Connect base states its ASID, so a client can fill in `Ssp-To` (see spine.rs).
    let extension = match flavour {
        Flavour::R4 => json!([]),
        Flavour::GpConnect => json!([{ "url": spine::PROVIDER_ASID_EXTENSION,
            "valueIdentifier": { "system": spine::ASID_SYSTEM, "value": spine::SANDBOX_ASID } }]),
    };
    json!({
        "resourceType": "CapabilityStatement",
        "extension": extension,
        "status": "active",
        "date": "2025-01-01",
        "publisher": "phr-gp-sandbox",
        "kind": "instance",
        "software": { "name": "Demo Practice (sandbox)" },
        "fhirVersion": version,
        "format": ["application/fhir+json"],
        "rest": [{
            "mode": "server",
            "security": {
                "service": [{ "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/restful-security-service", "code": "SMART-on-FHIR" }] }],
                "extension": [{
                    "url": "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris",
                    "extension": [
                        { "url": "authorize", "valueUri": format!("{}/authorize", s.url) },
                        { "url": "token", "valueUri": format!("{}/token", s.url) }
                    ]
                }]
            },
            "resource": [resource],
            "operation": operation
        }]
    })
}

/// `GET [base]/.well-known/smart-configuration`: one authorisation server for both bases,
/// shaped by the discovery fault switches.
pub async fn smart_configuration(State(s): State<Arc<Shared>>) -> Response {
    let faults = s.state().faults.clone();
    let methods = if faults.smart_without_s256 { json!(["plain"]) } else { json!(["S256"]) };
    let auth_methods = if faults.smart_secret_only { json!(["client_secret_basic"]) } else { json!(["none"]) };
    let mut scopes = vec!["launch/patient"];
    if !faults.smart_v1_only {
        scopes.push("patient/*.rs");
    }
    scopes.extend(["patient/*.read", "offline_access"]);
    if faults.smart_openid {
        scopes.extend(["openid", "fhirUser"]);
    }
    let mut capabilities = vec![
        "launch-standalone",
        "client-public",
        "context-standalone-patient",
        "permission-offline",
        "permission-patient",
    ];
    capabilities.push("permission-v1");
    if !faults.smart_v1_only {
        capabilities.push("permission-v2");
    }
    let mut config = json!({
        "issuer": s.url,
        "authorization_endpoint": format!("{}/authorize", s.url),
        "token_endpoint": format!("{}/token", s.url),
        "revocation_endpoint": format!("{}/revoke", s.url),
        "token_endpoint_auth_methods_supported": auth_methods,
        "grant_types_supported": ["authorization_code", "refresh_token"],
        "code_challenge_methods_supported": methods,
        "scopes_supported": scopes,
        "response_types_supported": ["code"],
        "capabilities": capabilities,
        "authorization_response_iss_parameter_supported": true
    });
    if faults.registration
        && let Some(fields) = config.as_object_mut()
    {
        fields.insert("registration_endpoint".into(), json!(format!("{}/register", s.url)));
    }
    Json(config).into_response()
}

/// `GET /Patient/{id}/$everything?page=N[&_count=M]`: one search-set page.
pub async fn everything(
    State(s): State<Arc<Shared>>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let page: usize = q.get("page").and_then(|p| p.parse().ok()).unwrap_or(0);
    if let Err(refused) = authorised(&s, &headers, &id) {
        return refused;
    }
    let Some(record) = s.patient(&id).filter(|p| p.info.flavour == Flavour::R4) else {
        return outcome(StatusCode::NOT_FOUND, "not-found", "No such patient at this base");
    };
    let size = q.get("_count").and_then(|c| c.parse().ok()).filter(|&c: &usize| c > 0).unwrap_or(s.config.page_size);
    // `_since`: only entries whose meta.lastUpdated is later (the records are fixed, so
    // usually none); the parameter is carried to the next page's address.
    let since = q.get("_since").cloned();
    let since_query = match &since {
        Some(since) => {
            if page == 0 {
                let refuse = {
                    let mut state = s.state();
                    state.stats.since_requests.push(since.clone());
                    state.faults.refuse_since
                };
                if refuse {
                    return outcome(StatusCode::BAD_REQUEST, "not-supported", "_since is not supported");
                }
            }
            format!("&_since={}", crate::auth::encode(since))
        }
        None => String::new(),
    };
    let entries: Vec<&Value> = record
        .entries
        .iter()
        .filter(|e| {
            since.as_deref().is_none_or(|since| {
                e.pointer("/resource/meta/lastUpdated").and_then(Value::as_str).is_some_and(|u| u > since)
            })
        })
        .collect();
    let total = entries.len();
    let start = (page * size).min(total);
    let end = (start + size).min(total);
    let this = format!("{}/Patient/{id}/$everything?page={page}&_count={size}{since_query}", s.url);
    let mut links = vec![json!({ "relation": "self", "url": this })];
    if end < total {
        let next = format!("{}/Patient/{id}/$everything?page={}&_count={size}{since_query}", s.url, page + 1);
        links.push(json!({ "relation": "next", "url": next }));
    }
    let bundle = json!({
        "resourceType": "Bundle",
        "type": "searchset",
        "total": total,
        "link": links,
        "entry": entries.get(start..end).unwrap_or_default(),
    });
    faults::respond(&s, page as u32, bundle.to_string()).await
}

/// `POST [base]/Patient/$gpc.getstructuredrecord` with a Parameters body naming the patient.
/// The Spine headers are checked first, as the Spine Secure Proxy in front of a real practice
/// would, then the token.
pub async fn structured_record(State(s): State<Arc<Shared>>, headers: HeaderMap, body: String) -> Response {
    match spine::check(&headers) {
        Ok(trace_id) => s.state().stats.trace_ids.push(trace_id),
        Err(why) => {
            s.state().stats.bad_headers += 1;
            return spine::bad_request(&why);
        }
    }
    let patient = match patient_of_token(&s, bearer(&headers)) {
        Some(p) => p,
        None => return unauthorised(&s),
    };
    s.state().stats.record_requests += 1;
    let Ok(params) = serde_json::from_str::<Value>(&body) else {
        return outcome(StatusCode::BAD_REQUEST, "invalid", "The request body is not a Parameters resource");
    };
    let nhs = params
        .get("parameter")
        .and_then(Value::as_array)
        .and_then(|ps| ps.iter().find(|p| p["name"] == "patientNHSNumber"))
        .and_then(|p| p.pointer("/valueIdentifier/value"))
        .and_then(Value::as_str)
        .unwrap_or_default();
    let Some(record) = s.patient(&patient).filter(|p| p.info.flavour == Flavour::GpConnect) else {
        return outcome(StatusCode::NOT_FOUND, "not-found", "No GP Connect record for this sign-in");
    };
    if record.info.nhs_number != nhs {
        // GP Connect answers PATIENT_NOT_FOUND rather than revealing who else is registered.
        return outcome(StatusCode::NOT_FOUND, "not-found", "PATIENT_NOT_FOUND");
    }
    faults::respond_counted(&s, 0, record.structured.clone()).await
}

pub async fn demo_patients(State(s): State<Arc<Shared>>) -> Json<Vec<DemoPatient>> {
    Json(s.patients.iter().map(|p| p.info.clone()).collect())
}

pub async fn get_faults(State(s): State<Arc<Shared>>) -> Json<Faults> {
    Json(s.state().faults.clone())
}

pub async fn set_faults(State(s): State<Arc<Shared>>, Json(f): Json<Faults>) -> Json<Faults> {
    s.state().faults = f.clone();
    Json(f)
}

pub async fn get_stats(State(s): State<Arc<Shared>>) -> Json<crate::config::Stats> {
    Json(s.state().stats.clone())
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok())
}

/// A valid token for this patient: else 401 (no or expired token) or 403 (someone else's).
#[allow(clippy::result_large_err)]
fn authorised(s: &Shared, headers: &HeaderMap, id: &str) -> Result<(), Response> {
    match patient_of_token(s, bearer(headers)) {
        None => Err(unauthorised(s)),
        Some(p) if p != id => {
            Err(outcome(StatusCode::FORBIDDEN, "forbidden", "This sign-in does not give access to that patient"))
        }
        Some(_) => Ok(()),
    }
}

fn unauthorised(s: &Shared) -> Response {
    s.state().stats.unauthorised += 1;
    let mut r = outcome(StatusCode::UNAUTHORIZED, "login", "The access token is missing, unknown or expired");
    if let Ok(v) = r#"Bearer error="invalid_token""#.parse() {
        r.headers_mut().insert(header::WWW_AUTHENTICATE, v);
    }
    r
}

pub fn outcome(status: StatusCode, code: &str, text: &str) -> Response {
    let body = json!({
        "resourceType": "OperationOutcome",
        "issue": [{ "severity": "error", "code": code, "diagnostics": text }]
    });
    fhir(status, body.to_string())
}

pub fn fhir(status: StatusCode, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, FHIR_JSON)], body).into_response()
}
