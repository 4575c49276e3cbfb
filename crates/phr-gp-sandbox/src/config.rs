//! What a sandbox is started with, the fault switches, and the request counts tests read.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// How a sandbox is started.
#[derive(Debug, Clone)]
pub struct Config {
    /// The loopback port; 0 picks a free one.
    pub port: u16,
    /// Skip the authorisation page: `/authorize` redirects straight back with a code for the
    /// patient named by [`Config::approve_as`], else by `login_hint` (id or NHS number; this
    /// app's client never sends one), else the first of that base.
    pub auto_approve: bool,
    /// The patient (id or NHS number) auto-approve signs in as; also settable at run time
    /// ([`crate::Sandbox::approve_as`]).
    pub approve_as: Option<String>,
    /// Entries per `Patient/$everything` page.
    pub page_size: usize,
    /// How long an access token lasts, in seconds.
    pub token_lifetime_secs: u64,
    pub faults: Faults,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            port: 0,
            auto_approve: false,
            approve_as: None,
            page_size: 100,
            token_lifetime_secs: 3600,
            faults: Faults::default(),
        }
    }
}

/// Fault switches. Those for the record endpoints are counts, used up one request at a time;
/// those for discovery and sign-in (from [`Faults::smart_without_s256`] on) stay on until
/// changed. By default the sandbox is a working SMART App Launch 2 server: its SMART
/// configuration lists S256, the public client's `none`, its issuer, v2 and v1 scopes and
/// `authorization_response_iss_parameter_supported`, and its redirects carry `iss`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Faults {
    /// Wait this long before every record response.
    pub slow_ms: u64,
    /// The next N record requests answer 500.
    pub error_500: u32,
    /// The next N record requests answer 429 with `Retry-After`.
    pub error_429: u32,
    /// The `Retry-After` given with a 429, in seconds.
    pub retry_after_secs: u64,
    /// Give `Retry-After` as an HTTP date instead of seconds.
    pub retry_after_as_date: bool,
    /// The next N record responses are cut off part-way through the body (the connection
    /// is closed).
    pub drop_connection: u32,
    /// The next N record responses are not valid JSON.
    pub malformed: u32,
    /// The next N record responses are a Bundle that never ends, sent as fast as the client
    /// reads it, with no `Content-Length`: only a client that caps a page stops.
    pub endless: u32,
    /// The next N record responses announce this many bytes (`Content-Length`) and then
    /// send a Bundle of that size, generated as it is read (0 = off).
    pub huge_page_bytes: u64,
    /// The next N record responses send their headers, then one byte every
    /// [`Faults::trickle_ms`] for ever: only a client with a deadline stops.
    pub trickle: u32,
    /// The wait between the bytes of a trickle (0 means 50 ms).
    pub trickle_ms: u64,
    /// Faults (slowness included) apply only to pages from this one on (0 = the first page).
    pub from_page: u32,
    /// Make every access token given so far invalid (a one-off: cleared once applied).
    pub expire_tokens: bool,
    /// The SMART configuration lists only `plain` among `code_challenge_methods_supported`.
    pub smart_without_s256: bool,
    /// The SMART configuration allows only `client_secret_basic` at the token endpoint (no
    /// public clients).
    pub smart_secret_only: bool,
    /// The SMART configuration offers only SMART v1 scopes (`patient/*.read`) and no
    /// `permission-v2` capability.
    pub smart_v1_only: bool,
    /// The SMART configuration also offers `openid` and `fhirUser` (the sandbox still issues
    /// no ID token).
    pub smart_openid: bool,
    /// `/authorize` redirects straight back with this OAuth error (e.g. `invalid_scope`)
    /// instead of showing the page or approving (empty = off).
    pub authorize_error: String,
    /// The `error_description` sent with [`Faults::authorize_error`] (empty = none).
    pub authorize_error_description: String,
    /// Redirects carry an `iss` that is not the sandbox's issuer.
    pub wrong_iss: bool,
    /// Redirects carry no `iss`, though the SMART configuration says they do.
    pub no_iss: bool,
    /// Token replies to an authorisation code name no `patient`.
    pub token_without_patient: bool,
    /// `$everything` refuses `_since` with 400, as a server that does not support it may.
    pub refuse_since: bool,
    /// The SMART configuration names a `registration_endpoint` (RFC 7591 dynamic client
    /// registration, `POST /register`).
    pub registration: bool,
}

/// Request counts, for tests that assert on attempts rather than time.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    /// Requests to the record endpoints, answered or not.
    pub record_requests: u32,
    pub error_500_sent: u32,
    pub error_429_sent: u32,
    pub dropped: u32,
    pub malformed_sent: u32,
    /// Endless, huge and trickling replies begun.
    pub endless_sent: u32,
    pub huge_sent: u32,
    pub trickles_sent: u32,
    /// Bytes of endless, huge and trickling bodies handed to the connection so far.
    pub streamed_bytes: u64,
    /// Record requests refused for a missing, unknown or expired token.
    pub unauthorised: u32,
    /// GP Connect requests refused for a missing or invalid Spine (`Ssp-*`) header.
    pub bad_headers: u32,
    /// The `Ssp-TraceID` of each GP Connect request whose Spine headers passed, in order.
    pub trace_ids: Vec<String>,
    pub codes_issued: u32,
    pub tokens_issued: u32,
    pub refreshes: u32,
    /// The query of each `GET /authorize`, in order.
    pub authorize_requests: Vec<BTreeMap<String, String>>,
    /// The form of each `POST /token`, in order, with the code, the verifier and the refresh
    /// token left out.
    pub token_requests: Vec<BTreeMap<String, String>>,
    /// Every refresh token issued under `offline_access` (lasting access), in order: tests
    /// search the vault's files and the app's output for them.
    pub offline_tokens_issued: Vec<String>,
    /// The form of each `POST /revoke`, in order, with the token left out.
    pub revocations: Vec<BTreeMap<String, String>>,
    /// Tokens a revocation found and forgot.
    pub tokens_revoked: u32,
    /// The `_since` of each `$everything` request that had one, in order.
    pub since_requests: Vec<String>,
    /// The client metadata of each `POST /register`, in order, and the ids given.
    pub registrations: Vec<serde_json::Value>,
    pub registered_ids: Vec<String>,
}
