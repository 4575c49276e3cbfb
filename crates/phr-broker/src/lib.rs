//! The NHS login client-assertion broker (docs/design/nhs-login-broker.md).
//!
//! NHS login authenticates clients at its token endpoint with `private_key_jwt` (RFC 7523),
//! and a desktop app cannot keep a private key. The deploying organisation runs this small,
//! stateless service, which holds the key and signs one thing: a client assertion naming the
//! client and the token endpoint. The app makes the token request itself, so the PKCE verifier
//! never leaves it, and the broker never sees a code, a token or who signed in.
//!
//! - `POST /assertion` `{"token_endpoint": "…"}` → `{"client_assertion", "client_assertion_type",
//!   "expires_in": 60}`, for the configured token endpoint only (400 otherwise), rate limited
//!   per address (429 with `Retry-After`), bodies capped at [`MAX_BODY_BYTES`] (413).
//! - `GET /health` → `ok`. Anything else → 404.
//! - [`jwks`] gives the public key to register with NHS login.

mod assertion;
mod key;
mod rate;
mod server;

pub use assertion::{ASSERTION_LIFETIME_SECS, CLIENT_ASSERTION_TYPE};
pub use key::{SigningKey, jwks};
pub use rate::RateLimit;
pub use server::{Broker, Config, LogSink, MAX_BODY_BYTES, StateSnapshot};

/// Why the broker could not start or sign, in words for whoever runs it.
#[derive(Debug, thiserror::Error)]
pub enum BrokerError {
    /// The signing key cannot be read or used.
    #[error("signing key: {0}")]
    Key(String),
    /// A setting is missing or unsafe.
    #[error("configuration: {0}")]
    Config(String),
    /// Signing failed inside the broker.
    #[error("internal error: {0}")]
    Internal(String),
}
