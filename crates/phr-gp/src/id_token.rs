//! [`validate_id_token`]: the checks the app makes on an NHS login ID token before it trusts who
//! signed in (docs/design/nhs-login-broker.md, "The app").
//!
//! The ID token comes from NHS login's token endpoint in the app's own token request, never from
//! the broker, and is believed only after these checks: an RSA signature (RS512 or RS256, never
//! `none` or an HMAC, which a public JWKS would let anyone forge) by a key in NHS login's JWKS;
//! `iss`, `aud` (and `azp`), `nonce`; `exp` and `iat` within a small skew; and the identity level
//! in `vot` at or above what the record needs (P9 for a GP record). Pure: no IO and no clock, so
//! every check is tested at any time it names.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use phr_core::NhsNumber;
use ring::signature::{self, RsaPublicKeyComponents};
use serde_json::Value;

use crate::GpError;

/// How far the person's identity has been proved, the `P` component of NHS login's vector of
/// trust (`vot`): P0 none, P5 some checks, P9 fully verified (needed for a GP record).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IdentityLevel {
    P0,
    P5,
    P9,
}

impl IdentityLevel {
    /// The level named by a `vot` such as `P9.Cp.Cd`; `None` when it names no level this app
    /// knows.
    pub fn from_vot(vot: &str) -> Option<Self> {
        let mut levels = vot.split('.').filter(|c| c.starts_with('P'));
        let level = match levels.next()? {
            "P0" => Self::P0,
            "P5" => Self::P5,
            "P9" => Self::P9,
            _ => return None,
        };
        // Two identity components make the vector ambiguous: trust neither.
        levels.next().is_none().then_some(level)
    }
}

/// What the ID token must say: who issued it, for which client, the nonce the app sent, and how
/// well the person must have proved who they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdTokenExpectations {
    /// NHS login's issuer, exactly as its discovery document gives it.
    pub issuer: String,
    /// The app's client id: the token's `aud` (or one of them, with `azp` naming it).
    pub client_id: String,
    /// The nonce the app put in the authorization request.
    pub nonce: String,
    /// The lowest identity level accepted (P9 for a GP record).
    pub minimum_level: IdentityLevel,
    /// How far the clocks of the app and NHS login may disagree, in seconds.
    pub clock_skew_secs: i64,
}

/// What a valid ID token says about the person.
#[derive(Clone, PartialEq, Eq)]
pub struct IdTokenClaims {
    /// NHS login's stable identifier for the person.
    pub sub: String,
    /// The person's NHS number (10 digits, Modulus 11 checked), when NHS login gave one: it is
    /// what the record is matched on, never the name.
    pub nhs_number: Option<NhsNumber>,
    /// The vector of trust as NHS login gave it, e.g. `P9.Cp.Cd`.
    pub vot: String,
    /// The identity level `vot` names.
    pub level: IdentityLevel,
    pub issued_at: i64,
    pub expires_at: i64,
}
// `sub` and the NHS number identify the person: Debug shows the level only.
phr_core::redacted_debug!(IdTokenClaims { vot, level });

const CHECK_FAILED: &str = "NHS login's sign-in could not be checked, so the app did not trust it. Nothing was \
                            imported. Try signing in again";

fn refused(detail: &str) -> GpError {
    GpError::auth(format!("{CHECK_FAILED} ({detail})."))
}

fn malformed(detail: &str) -> GpError {
    GpError::invalid(format!("NHS login sent a sign-in token this app cannot read ({detail}). Nothing was imported."))
}

/// Validates an NHS login ID token (a compact JWS) against NHS login's JWKS and what the app
/// expects, at `now_unix` seconds. Returns the person's claims, or an error in plain words.
pub fn validate_id_token(
    jwt: &str,
    jwks: &Value,
    expected: &IdTokenExpectations,
    now_unix: i64,
) -> Result<IdTokenClaims, GpError> {
    let mut parts = jwt.split('.');
    let (Some(header_b64), Some(payload_b64), Some(signature_b64), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(malformed("it is not three dot-separated parts"));
    };
    let header = decode_json(header_b64, "header")?;
    let algorithm: &'static signature::RsaParameters = match header.get("alg").and_then(Value::as_str) {
        Some("RS512") => &signature::RSA_PKCS1_2048_8192_SHA512,
        Some("RS256") => &signature::RSA_PKCS1_2048_8192_SHA256,
        // `none` and HMAC (keyed with something public) would let anyone make a token; other
        // algorithms are not ones NHS login uses.
        _ => return Err(refused("it is not signed with RS512 or RS256")),
    };
    if header.get("crit").is_some() {
        return Err(refused("it names critical header extensions this app does not understand"));
    }
    let alg = header.get("alg").and_then(Value::as_str).unwrap_or_default();
    let key = pick_key(jwks, header.get("kid").and_then(Value::as_str), alg)?;
    let signature = URL_SAFE_NO_PAD.decode(signature_b64).map_err(|_| malformed("its signature is not base64url"))?;
    let signing_input_len = header_b64.len() + 1 + payload_b64.len();
    let signing_input = jwt.as_bytes().get(..signing_input_len).ok_or_else(|| malformed("it is cut short"))?;
    key.verify(algorithm, signing_input, &signature)
        .map_err(|_| refused("its signature does not match NHS login's published keys"))?;

    // Only now, with the signature good, are the claims worth reading.
    let claims = decode_json(payload_b64, "claims")?;
    let text = |name: &str| claims.get(name).and_then(Value::as_str);
    if text("iss") != Some(expected.issuer.as_str()) {
        return Err(refused("it was not issued by NHS login"));
    }
    check_audience(&claims, &expected.client_id)?;
    if text("nonce") != Some(expected.nonce.as_str()) {
        return Err(refused("it does not belong to the sign-in this app started"));
    }
    let expires_at = numeric_date(&claims, "exp")?;
    let issued_at = numeric_date(&claims, "iat")?;
    let skew = expected.clock_skew_secs.max(0);
    if now_unix >= expires_at.saturating_add(skew) {
        return Err(refused("it has expired; check this computer's clock and date"));
    }
    if issued_at > now_unix.saturating_add(skew) {
        return Err(refused("it says it was issued in the future; check this computer's clock and date"));
    }
    let sub = text("sub").filter(|s| !s.is_empty()).ok_or_else(|| refused("it names no one"))?.to_owned();

    let vot = text("vot").unwrap_or_default().to_owned();
    let level = IdentityLevel::from_vot(&vot);
    if level.is_none_or(|level| level < expected.minimum_level) {
        return Err(GpError::auth(
            "You need to prove who you are in the NHS App or NHS login before this app can get your GP \
             record. Open the NHS App, or go to NHS login, and follow the steps to prove who you are, then \
             connect again. Nothing was imported.",
        ));
    }
    let level = level.unwrap_or(IdentityLevel::P0);

    let nhs_number = match claims.get("nhs_number") {
        None | Some(Value::Null) => None,
        Some(Value::String(digits)) => {
            let ten_digits = digits.len() == 10 && digits.chars().all(|c| c.is_ascii_digit());
            let parsed = NhsNumber::parse(digits).ok().filter(|_| ten_digits);
            Some(parsed.ok_or_else(|| malformed("the NHS number it gives is not a valid NHS number"))?)
        }
        Some(_) => return Err(malformed("the NHS number it gives is not a valid NHS number")),
    };
    if nhs_number.is_none() && expected.minimum_level >= IdentityLevel::P9 {
        return Err(GpError::auth(
            "NHS login did not share your NHS number, so the app cannot match your GP record to you. Nothing \
             was imported. Connect again and allow the app to see your NHS number.",
        ));
    }
    Ok(IdTokenClaims { sub, nhs_number, vot, level, issued_at, expires_at })
}

fn decode_json(part: &str, what: &str) -> Result<Value, GpError> {
    let bytes = URL_SAFE_NO_PAD.decode(part).map_err(|_| malformed(&format!("its {what} is not base64url")))?;
    let value: Value = serde_json::from_slice(&bytes).map_err(|_| malformed(&format!("its {what} is not JSON")))?;
    if value.is_object() { Ok(value) } else { Err(malformed(&format!("its {what} is not a JSON object"))) }
}

/// The RSA key that must have signed the token: the one with the header's `kid`, or, when the
/// header names none, the JWKS's only RSA signing key.
fn pick_key(jwks: &Value, kid: Option<&str>, alg: &str) -> Result<RsaPublicKeyComponents<Vec<u8>>, GpError> {
    let no_key = || refused("NHS login publishes no key that could have signed it");
    let keys = jwks.get("keys").and_then(Value::as_array).ok_or_else(no_key)?;
    let signing: Vec<&Value> = keys
        .iter()
        .filter(|k| k.get("kty").and_then(Value::as_str) == Some("RSA"))
        .filter(|k| k.get("use").and_then(Value::as_str).is_none_or(|u| u == "sig"))
        .collect();
    let key = match kid {
        Some(kid) => signing.iter().find(|k| k.get("kid").and_then(Value::as_str) == Some(kid)),
        None if signing.len() == 1 => signing.first(),
        None => None,
    }
    .ok_or_else(no_key)?;
    // A key published for one algorithm is not to be used with another.
    if key.get("alg").and_then(Value::as_str).is_some_and(|a| a != alg) {
        return Err(no_key());
    }
    let component = |name: &str| {
        key.get(name).and_then(Value::as_str).and_then(|v| URL_SAFE_NO_PAD.decode(v).ok()).ok_or_else(no_key)
    };
    Ok(RsaPublicKeyComponents { n: component("n")?, e: component("e")? })
}

/// `aud` is the client id, or a list holding it; with several audiences `azp` must name the
/// client (OpenID Connect Core §3.1.3.7), and any `azp` must.
fn check_audience(claims: &Value, client_id: &str) -> Result<(), GpError> {
    let not_for_us = || refused("it was issued for another service");
    let several = match claims.get("aud") {
        Some(Value::String(aud)) if aud == client_id => false,
        Some(Value::Array(auds)) if auds.iter().any(|a| a.as_str() == Some(client_id)) => auds.len() > 1,
        _ => return Err(not_for_us()),
    };
    match claims.get("azp").and_then(Value::as_str) {
        Some(azp) if azp != client_id => Err(not_for_us()),
        None if several => Err(not_for_us()),
        _ => Ok(()),
    }
}

/// A NumericDate claim in whole seconds (a fraction is dropped).
fn numeric_date(claims: &Value, name: &str) -> Result<i64, GpError> {
    let value = claims.get(name).ok_or_else(|| malformed(&format!("it has no {name} time")))?;
    value
        .as_i64()
        .or_else(|| value.as_f64().filter(|f| f.is_finite() && f.abs() < 1e15).map(|f| f.trunc() as i64))
        .ok_or_else(|| malformed(&format!("its {name} time is not a number")))
}
