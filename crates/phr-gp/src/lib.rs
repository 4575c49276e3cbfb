//! The GP practice client: finds a practice's FHIR service, signs the person in through their
//! own browser, and fetches their record.
//!
//! - [`discover`] reads `/metadata` (FHIR R4, or GP Connect STU3 with `$gpc.getstructuredrecord`)
//!   and `/.well-known/smart-configuration` (where to sign in and get tokens). Every address
//!   the client calls or opens must be https, or http only to 127.0.0.1, ::1 or localhost.
//!   Before any browser opens, a SMART configuration must list `S256` among its PKCE methods
//!   and, when it lists token endpoint authentication methods, allow `none` (a public client);
//!   its issuer, scopes, capabilities and other endpoints are kept on the [`Practice`].
//! - [`GpClient::sign_in`] signs in with OAuth 2.0 authorisation code with PKCE (S256) through the system
//!   browser and a loopback redirect (RFC 8252: `http://127.0.0.1:PORT/callback`, `state`
//!   checked, a few minutes to finish), asking for the scopes the practice offers (SMART v2
//!   `patient/*.rs` else v1 `patient/*.read`, `launch/patient`, `openid fhirUser` where offered,
//!   `offline_access` only to stay connected) and naming the FHIR base as `aud` and `resource` (RFC 8707). The
//!   redirect's `iss` is checked against the issuer (RFC 9207), and an error redirect ends the
//!   wait at once with words for its OAuth error code. The sign-in address names nothing about the person
//!   (no `login_hint`), and the system browser starts without the app's secret variables. The
//!   browser is a [`Browser`] so tests drive the page with an HTTP client.
//! - [`GpClient::fetch_record`] fetches `Patient/$everything` following `Bundle.link` next, or GP
//!   Connect's structured record with the Spine headers GP Connect requires (`Ssp-TraceID`,
//!   `Ssp-From`, `Ssp-To`, `Ssp-InteractionID`; see `spine.rs`). Timeouts; retries with
//!   exponential backoff on 429, 5xx and connection errors, honouring `Retry-After`; a token
//!   refreshed when expired or on a 401, once; cancellation at any await; progress events.
//!   Bodies are read in chunks under caps ([`MAX_SMALL_REPLY_BYTES`] a service description or
//!   sign-in reply, [`MAX_PAGE_BYTES`] a page, [`MAX_RECORD_BYTES`] the
//!   record) and the whole fetch has a deadline ([`IMPORT_DEADLINE`]), each with its own code.
//! - NHS login through the deploying organisation's broker (`nhs_login.rs`,
//!   [`GpClient::nhs_login`]): OpenID Connect with PKCE, a nonce and `vtr`; the broker signs
//!   only the `private_key_jwt` client assertion; the ID token is checked here
//!   ([`validate_id_token`]) and the person is matched by its NHS number claim.
//! - Dynamic client registration (`registration.rs`, RFC 7591): a practice that offers it
//!   registers this app as a native public client before sign-in, unless the practice
//!   directory gave its client id ([`Options::dynamic_registration`] off).
//! - Staying connected (`connection.rs`): when the person chooses it, the sign-in asks for
//!   `offline_access` and [`GpClient::connect`] hands back a [`KeptConnection`] (the refresh
//!   token, as a secret) for the caller to keep encrypted; [`GpClient::resume`] and
//!   [`GpClient::update`] check for updates with it, without a browser, asking a FHIR R4
//!   practice only for what changed (`_since`, by the practice's clock), and hand back the
//!   rotated token to keep; [`GpClient::revoke`] revokes it at the practice (RFC 7009).
//!
//! Nothing is returned until the whole record has arrived and every page parsed as JSON: the
//! caller gets `(page name, page JSON text)` pairs to import in one go, or an error and
//! nothing. Errors carry a [`phr_core::ErrorCode`] and a sentence for the person.

// Tests may unwrap: a panic there is a failed test, which is what we want.
#![cfg_attr(test, allow(clippy::unwrap_used))]

mod auth;
mod browser;
mod client;
mod connection;
mod demo;
mod discovery;
mod error;
mod fetch;
#[cfg(feature = "test-seams")]
pub mod fuzz_seams;
mod id_token;
mod loopback;
mod nhs_login;
mod pkce;
mod registration;
mod retry;
mod spine;

pub use auth::Session;
#[cfg(feature = "test-seams")]
pub use browser::HttpBrowser;
pub use browser::{Browser, SystemBrowser, open_file, open_page};
pub use client::{
    GpClient, IMPORT_DEADLINE, MAX_PAGE_BYTES, MAX_RECORD_BYTES, MAX_SMALL_REPLY_BYTES, OnProgress, Options, Progress,
    check_base,
};
pub use connection::{Connected, KeptConnection, Revocation};
pub use demo::DemoListing;
pub use discovery::{ASID_SYSTEM, PROVIDER_ASID_EXTENSION, Practice, ServerKind, SmartConfiguration, discover};
pub use error::GpError;
pub use fetch::{Fetched, Pages};
pub use id_token::{IdTokenClaims, IdTokenExpectations, IdentityLevel, validate_id_token};
pub use nhs_login::{NhsLoginConfig, NhsLoginSignedIn, VTR_P9};
pub use retry::RetryPolicy;
pub use spine::{FHIR_JSON, GET_STRUCTURED_RECORD};
pub use tokio_util::sync::CancellationToken;
