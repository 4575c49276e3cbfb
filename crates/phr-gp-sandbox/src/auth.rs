//! The authorisation server: the approval page, codes bound to a PKCE challenge, tokens.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Json;
use axum::extract::{Form, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::json;

use crate::page;
use crate::patients::{DemoPatient, Flavour};
use crate::server::{PendingCode, Shared};

type Params = HashMap<String, String>;

/// `GET /authorize`: check the request, then show the page (or approve at once).
pub async fn authorize_page(State(s): State<Arc<Shared>>, Query(q): Query<Params>) -> Response {
    s.state().stats.authorize_requests.push(q.iter().map(|(k, v)| (k.clone(), v.clone())).collect());
    let request = match check_request(&q) {
        Ok(r) => r,
        Err(problem) => return bad_request(&problem),
    };
    let (error, description) = {
        let faults = &s.state().faults;
        (faults.authorize_error.clone(), faults.authorize_error_description.clone())
    };
    // RFC 8707: a `resource` must name a service this server grants access to.
    if q.get("resource").is_some_and(|r| !served(&s, r)) {
        return redirect(&s, &request, &[("error", "invalid_target"), ("error_description", "unknown resource")]);
    }
    if !error.is_empty() {
        let mut params = vec![("error", error.as_str())];
        if !description.is_empty() {
            params.push(("error_description", description.as_str()));
        }
        return redirect(&s, &request, &params);
    }
    let choices = choices(&s, &q);
    if s.config.auto_approve {
        let chosen_as = s.state().approve_as.clone();
        let hint = chosen_as.as_deref().or(q.get("login_hint").map(String::as_str)).unwrap_or_default();
        let chosen = choices.iter().find(|p| !hint.is_empty() && (p.id == hint || p.nhs_number == hint));
        return match chosen.or(choices.first()) {
            Some(p) => approve(&s, &request, &p.id),
            None => deny(&s, &request, "No patient to approve"),
        };
    }
    Html(page::authorize(&choices, &q)).into_response()
}

/// `POST /authorize`: the person pressed Approve (with a patient) or Deny.
pub async fn authorize_decision(State(s): State<Arc<Shared>>, Form(f): Form<Params>) -> Response {
    let request = match check_request(&f) {
        Ok(r) => r,
        Err(problem) => return bad_request(&problem),
    };
    match f.get("patient") {
        Some(id) if f.get("decision").map(String::as_str) == Some("approve") && s.patient(id).is_some() => {
            approve(&s, &request, id)
        }
        _ => deny(&s, &request, "The person declined"),
    }
}

/// `POST /token`: an authorisation code with its PKCE verifier, or a refresh token.
pub async fn token(State(s): State<Arc<Shared>>, Form(f): Form<Params>) -> Response {
    let get = |k: &str| f.get(k).map(String::as_str).unwrap_or_default();
    let secret = ["code", "code_verifier", "refresh_token"];
    s.state()
        .stats
        .token_requests
        .push(f.iter().filter(|(k, _)| !secret.contains(&k.as_str())).map(|(k, v)| (k.clone(), v.clone())).collect());
    let (patient, scope) = match get("grant_type") {
        "authorization_code" => {
            let Some(pending) = s.state().codes.remove(get("code")) else {
                return token_error("invalid_grant", "unknown or already used code");
            };
            if pending.redirect_uri != get("redirect_uri") {
                return token_error("invalid_grant", "redirect_uri differs from the one authorised");
            }
            if challenge_of(get("code_verifier")) != pending.challenge {
                return token_error("invalid_grant", "code_verifier does not match the code_challenge");
            }
            (pending.patient, pending.scope)
        }
        "refresh_token" => {
            let mut state = s.state();
            // Rotation: a refresh token works once; the reply carries the next one.
            let Some(granted) = state.refresh.remove(get("refresh_token")) else {
                return token_error("invalid_grant", "unknown, used or revoked refresh token");
            };
            state.stats.refreshes += 1;
            granted
        }
        _ => return token_error("unsupported_grant_type", "use authorization_code or refresh_token"),
    };
    let access = random_token();
    let refresh = random_token();
    let lifetime = s.config.token_lifetime_secs;
    {
        let mut state = s.state();
        state.stats.tokens_issued += 1;
        state.access.insert(access.clone(), (patient.clone(), Instant::now() + Duration::from_secs(lifetime)));
        state.refresh.insert(refresh.clone(), (patient.clone(), scope.clone()));
        if scope.split(' ').any(|s| s == "offline_access") {
            state.stats.offline_tokens_issued.push(refresh.clone());
        }
    }
    let mut body = json!({
        "access_token": access,
        "token_type": "Bearer",
        "expires_in": lifetime,
        "refresh_token": refresh,
        "scope": scope,
        "patient": patient,
    });
    let without_patient = s.state().faults.token_without_patient;
    if without_patient
        && get("grant_type") == "authorization_code"
        && let Some(fields) = body.as_object_mut()
    {
        fields.remove("patient");
    }
    ([(header::CACHE_CONTROL, "no-store")], Json(body)).into_response()
}

/// `POST /register` (RFC 7591): registers a native public client, giving it an id. Only a
/// client with a loopback redirect and no secret is registered, as this app is.
pub async fn register(State(s): State<Arc<Shared>>, Json(metadata): Json<serde_json::Value>) -> Response {
    let loopback = metadata.get("redirect_uris").and_then(serde_json::Value::as_array).is_some_and(|uris| {
        !uris.is_empty() && uris.iter().all(|u| u.as_str().is_some_and(|u| u.starts_with("http://127.0.0.1")))
    });
    if !loopback || metadata.get("token_endpoint_auth_method").and_then(serde_json::Value::as_str) != Some("none") {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({ "error": "invalid_client_metadata", "error_description": "a native public client only" })),
        )
            .into_response();
    }
    let id = format!("registered-{}", random_token());
    let mut state = s.state();
    state.stats.registrations.push(metadata.clone());
    state.stats.registered_ids.push(id.clone());
    let mut reply = metadata;
    if let Some(fields) = reply.as_object_mut() {
        fields.insert("client_id".into(), json!(id));
    }
    (StatusCode::CREATED, Json(reply)).into_response()
}

/// `POST /revoke` (RFC 7009): forgets a refresh or access token. Answers 200 whether or not
/// the token was known, as the RFC asks, so a caller learns nothing about other tokens.
pub async fn revoke(State(s): State<Arc<Shared>>, Form(f): Form<Params>) -> Response {
    let token = f.get("token").map(String::as_str).unwrap_or_default();
    if token.is_empty() {
        return token_error("invalid_request", "token is required");
    }
    let mut state = s.state();
    state
        .stats
        .revocations
        .push(f.iter().filter(|(k, _)| k.as_str() != "token").map(|(k, v)| (k.clone(), v.clone())).collect());
    if state.refresh.remove(token).is_some() || state.access.remove(token).is_some() {
        state.stats.tokens_revoked += 1;
    }
    StatusCode::OK.into_response()
}

/// The patient a bearer token was issued for, if it is valid now.
pub fn patient_of_token(s: &Shared, authorization: Option<&str>) -> Option<String> {
    let token = authorization?.strip_prefix("Bearer ")?;
    let mut state = s.state();
    if std::mem::take(&mut state.faults.expire_tokens) {
        state.access.clear();
    }
    let (patient, expires) = state.access.get(token)?.clone();
    (Instant::now() < expires).then_some(patient)
}

#[derive(Debug)]
struct AuthRequest {
    redirect_uri: String,
    state: String,
    challenge: String,
    /// The scopes asked for, granted as asked.
    scope: String,
}

fn check_request(q: &Params) -> Result<AuthRequest, String> {
    let get = |k: &str| q.get(k).map(String::as_str).unwrap_or_default();
    if get("response_type") != "code" {
        return Err("response_type must be code".into());
    }
    let redirect_uri = get("redirect_uri");
    // RFC 8252: a native app's redirect is a loopback address.
    if !(redirect_uri.starts_with("http://127.0.0.1:") || redirect_uri.starts_with("http://localhost:")) {
        return Err("redirect_uri must be a loopback address (http://127.0.0.1:PORT/...)".into());
    }
    if get("code_challenge_method") != "S256" || get("code_challenge").len() < 43 {
        return Err("PKCE is required: code_challenge with code_challenge_method S256".into());
    }
    Ok(AuthRequest {
        redirect_uri: redirect_uri.to_owned(),
        state: get("state").to_owned(),
        challenge: get("code_challenge").to_owned(),
        scope: get("scope").to_owned(),
    })
}

/// The patients this request may approve: those of the base named by `aud`, else all.
fn choices(s: &Shared, q: &Params) -> Vec<DemoPatient> {
    let aud = q.get("aud").map(|a| a.trim_end_matches('/'));
    let flavour = match aud {
        Some(a) if a == format!("{}{}", s.url, Flavour::GpConnect.base_path()) => Some(Flavour::GpConnect),
        Some(a) if a == s.url => Some(Flavour::R4),
        _ => None,
    };
    s.patients.iter().map(|p| p.info.clone()).filter(|p| flavour.is_none_or(|f| p.flavour == f)).collect()
}

/// Whether `resource` is one of the sandbox's two FHIR bases.
fn served(s: &Shared, resource: &str) -> bool {
    let resource = resource.trim_end_matches('/');
    resource == s.url || resource == format!("{}{}", s.url, Flavour::GpConnect.base_path())
}

fn approve(s: &Shared, r: &AuthRequest, patient: &str) -> Response {
    let code = random_token();
    {
        let mut state = s.state();
        state.stats.codes_issued += 1;
        state.codes.insert(
            code.clone(),
            PendingCode {
                patient: patient.to_owned(),
                challenge: r.challenge.clone(),
                redirect_uri: r.redirect_uri.clone(),
                scope: r.scope.clone(),
            },
        );
    }
    redirect(s, r, &[("code", &code)])
}

fn deny(s: &Shared, r: &AuthRequest, why: &str) -> Response {
    redirect(s, r, &[("error", "access_denied"), ("error_description", why)])
}

/// Back to the app's redirect URI with `params`, the request's `state` and the issuer as
/// `iss` (RFC 9207), unless a fault leaves it out or changes it.
fn redirect(s: &Shared, r: &AuthRequest, params: &[(&str, &str)]) -> Response {
    let (wrong_iss, no_iss) = {
        let faults = &s.state().faults;
        (faults.wrong_iss, faults.no_iss)
    };
    let wrong = "https://not-the-practice.example";
    let mut all: Vec<(&str, &str)> = params.to_vec();
    all.push(("state", &r.state));
    if !no_iss {
        all.push(("iss", if wrong_iss { wrong } else { &s.url }));
    }
    let query: Vec<String> = all.iter().map(|(k, v)| format!("{k}={}", encode(v))).collect();
    let sep = if r.redirect_uri.contains('?') { '&' } else { '?' };
    Redirect::to(&format!("{}{sep}{}", r.redirect_uri, query.join("&"))).into_response()
}

fn bad_request(problem: &str) -> Response {
    (StatusCode::BAD_REQUEST, Html(page::problem(problem))).into_response()
}

fn token_error(code: &str, description: &str) -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({ "error": code, "error_description": description }))).into_response()
}

/// The S256 challenge for a verifier: BASE64URL(SHA256(verifier)).
pub fn challenge_of(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(ring::digest::digest(&ring::digest::SHA256, verifier.as_bytes()))
}

fn random_token() -> String {
    let mut bytes = [0u8; 24];
    // The sandbox's tokens only guard made-up data on loopback; a failure here is unheard of.
    let _ = ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Percent-encodes a query value (RFC 3986 unreserved characters pass through).
pub(crate) fn encode(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn challenge_is_unpadded_base64url_of_sha256() {
        // Expected value computed independently (Python: hashlib.sha256 + urlsafe_b64encode).
        assert_eq!(
            challenge_of("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWjWpGHE"),
            "1lT4JXk0gW7FiOSDWekeyAVndiehLy5xjvHR2aIgdIs"
        );
    }

    #[test]
    fn encodes_query_values() {
        assert_eq!(encode("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
    }
}
