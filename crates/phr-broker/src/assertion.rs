//! The client assertion (RFC 7523 §2.2, OpenID Connect `private_key_jwt`): a JWT that names
//! only the client and the token endpoint, signed RS512 as NHS login requires.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ring::rand::SecureRandom;

use crate::{BrokerError, SigningKey};

/// How long an assertion is good for. Short, because it is used at once: the app asks for it
/// just before its token request.
pub const ASSERTION_LIFETIME_SECS: i64 = 60;

/// The `client_assertion_type` the token request names (RFC 7523 §2.2).
pub const CLIENT_ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// A signed assertion for `client_id` at `token_endpoint`, issued at `now_unix`.
pub(crate) fn sign_assertion(
    key: &SigningKey,
    rng: &dyn SecureRandom,
    client_id: &str,
    token_endpoint: &str,
    now_unix: i64,
) -> Result<String, BrokerError> {
    // A fresh jti per assertion: the provider refuses one it has seen, so a captured assertion
    // cannot be replayed within its minute.
    let mut jti = [0u8; 18];
    rng.fill(&mut jti).map_err(|_| BrokerError::Internal("no randomness for the assertion's jti".into()))?;
    let header = serde_json::json!({ "alg": "RS512", "typ": "JWT", "kid": key.kid() });
    let claims = serde_json::json!({
        "iss": client_id,
        "sub": client_id,
        "aud": token_endpoint,
        "jti": URL_SAFE_NO_PAD.encode(jti),
        "iat": now_unix,
        "exp": now_unix + ASSERTION_LIFETIME_SECS,
    });
    let signing_input =
        format!("{}.{}", URL_SAFE_NO_PAD.encode(header.to_string()), URL_SAFE_NO_PAD.encode(claims.to_string()));
    let signature = key.sign_rs512(rng, signing_input.as_bytes())?;
    Ok(format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(signature)))
}
