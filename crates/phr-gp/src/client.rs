//! [`GpClient`]: the HTTP client with its timeouts, retries, cancellation and progress.

use std::future::Future;
use std::time::{Duration, SystemTime};

use phr_core::ErrorCode;
use reqwest::header::{ACCEPT, HeaderMap, HeaderValue, RETRY_AFTER};
use reqwest::{RequestBuilder, StatusCode};
use serde_json::Value;
use tokio_util::sync::CancellationToken;

use crate::discovery::{self, Practice};
use crate::error::GpError;
use crate::retry::{RetryPolicy, parse_retry_after, retryable_status};

/// What the client is doing, for a progress bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    Discovering,
    /// Waiting for the person to sign in in their browser.
    SigningIn,
    /// Still waiting after [`Options::sign_in_nudge`]: the practice's page may have shown an
    /// error that cannot send the person back to the app.
    StillSigningIn,
    /// After each page: pages and resources so far, and the total when the server gives it.
    Fetching {
        pages: u32,
        resources: u64,
        total: Option<u64>,
    },
    /// A request failed in a way worth trying again; waiting `wait` before attempt `attempt`.
    Retrying {
        attempt: u32,
        wait: Duration,
        reason: String,
    },
}

/// How the client behaves.
#[derive(Debug, Clone)]
pub struct Options {
    /// The OAuth client id the practice knows this app by: the practice directory's for a
    /// practice that registered the app ahead of time, else the demo practice's.
    pub client_id: String,
    /// Register this app with a practice whose SMART configuration names a
    /// `registration_endpoint` (RFC 7591) and sign in with the id it gives, instead of
    /// [`Options::client_id`]. Off when the practice directory gave the id.
    pub dynamic_registration: bool,
    /// The scopes to ask for, instead of those [`crate::Practice::scope`] chooses from what
    /// the practice offers; `None` (the default) lets it choose.
    pub scope: Option<String>,
    pub connect_timeout: Duration,
    /// The whole of one request, body included: long enough for a page at the
    /// [`Options::max_page_bytes`] cap on a slow line (64 MiB in 5 minutes is about 1.8 Mbit/s).
    pub request_timeout: Duration,
    /// The longest silence while a reply is arriving: a server that stops sending is given up
    /// on well before [`Options::request_timeout`].
    pub idle_timeout: Duration,
    /// The largest page (one reply's body) the client reads; a larger one is refused as soon
    /// as the cap is passed, without reading the rest.
    pub max_page_bytes: u64,
    /// The largest record, all pages together. The pages are held in memory until the import
    /// stores them in one transaction, so this is also what the download may take in memory.
    pub max_record_bytes: u64,
    /// The whole fetch of the record, every page and every retry, after signing in.
    pub import_deadline: Duration,
    /// Whether the person chose to stay connected: the sign-in asks for `offline_access`,
    /// and the refresh token the practice gives is handed back to be kept
    /// ([`crate::KeptConnection`]).
    pub stay_connected: bool,
    /// How long the person has to finish signing in.
    pub sign_in_timeout: Duration,
    /// After this long without the browser coming back, the person is told what may be wrong
    /// ([`Progress::StillSigningIn`]) while the wait goes on: a practice's error page cannot
    /// send them back, and five minutes is long to wait for nothing.
    pub sign_in_nudge: Duration,
    pub retry: RetryPolicy,
    /// A guard against a server whose `next` links never end.
    pub max_pages: u32,
    /// This app's Spine ASID (Accredited System ID), sent as GP Connect's `Ssp-From`. The
    /// default is the ASID the demo practice (phr-gp-sandbox) knows this app by; a real
    /// deployment sets the one NHS England issues when the app is accredited for GP Connect.
    pub consumer_asid: String,
    /// The practice's ASID, sent as GP Connect's `Ssp-To` when the practice's
    /// CapabilityStatement does not give one (see [`crate::Practice::asid`]).
    pub provider_asid: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            client_id: "phr-desktop".into(),
            dynamic_registration: true,
            scope: None,
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(5 * 60),
            idle_timeout: Duration::from_secs(60),
            max_page_bytes: MAX_PAGE_BYTES,
            max_record_bytes: MAX_RECORD_BYTES,
            import_deadline: IMPORT_DEADLINE,
            stay_connected: false,
            sign_in_timeout: Duration::from_secs(5 * 60),
            sign_in_nudge: Duration::from_secs(90),
            retry: RetryPolicy::default(),
            max_pages: 10_000,
            consumer_asid: "900000000002".into(),
            provider_asid: None,
        }
    }
}

/// The largest page: 64 MB. A `$everything` page of a few hundred resources is a few
/// megabytes; a GP Connect structured record is one page, the whole record, and the largest
/// seen in GP Connect's examples is far below this.
pub const MAX_PAGE_BYTES: u64 = 64_000_000;

/// The largest record, all pages together: the same cap as FHIR files chosen together
/// ([`phr_core::sizes::MAX_IMPORT_BYTES`], 500 MB), since both are held in memory and stored
/// in one import. A Synthea record of about 1,000 resources is about 1.7 MB of JSON, so this
/// holds about 290,000 resources: nearly three times the 100,000 of the heaviest record the
/// app is measured with, while keeping a hostile server from filling the computer's memory.
pub const MAX_RECORD_BYTES: u64 = phr_core::sizes::MAX_IMPORT_BYTES;

/// The largest service description, sign-in reply or demo patient list: 4 MB. The largest
/// CapabilityStatements published by FHIR servers are a few hundred kilobytes and a token
/// reply is a few kilobytes, so a larger reply is not one of them.
pub const MAX_SMALL_REPLY_BYTES: u64 = 4_000_000;

/// The whole fetch: 1 hour, enough for a record at [`MAX_RECORD_BYTES`] on a 2.5 Mbit/s line
/// (a typical record of a few megabytes takes seconds). A server that never finishes cannot
/// hold the app's one GP import for ever.
pub const IMPORT_DEADLINE: Duration = Duration::from_secs(60 * 60);

/// The callback progress goes to.
pub type OnProgress<'a> = &'a (dyn Fn(Progress) + Send + Sync);

/// Talks to one practice. Cheap to clone; clones share the connection pool and the cancel.
#[derive(Debug, Clone)]
pub struct GpClient {
    pub(crate) http: reqwest::Client,
    pub(crate) options: Options,
    cancel: CancellationToken,
}

/// A response read whole: status, headers, body text.
#[derive(Debug)]
pub(crate) struct Reply {
    pub status: StatusCode,
    pub body: String,
    /// The reply's `Date` header: the practice's own clock, for asking next time for what
    /// changed since (`_since`) without trusting this computer's clock.
    pub date: Option<SystemTime>,
}

/// How much of a reply's body the client will read: the page cap, and what is left of the
/// record's cap.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limit {
    pub page: u64,
    /// The record's cap, for the message.
    pub record: u64,
    pub record_left: u64,
}

/// Why a request did not give a reply: the network (worth retrying), or a cap (not).
enum Failure {
    Network(reqwest::Error),
    Refused(GpError),
}

impl From<reqwest::Error> for Failure {
    fn from(e: reqwest::Error) -> Self {
        Self::Network(e)
    }
}

/// rustls uses ring here (as the vault does), installed once per process.
pub(crate) fn install_crypto() {
    // Err means a provider is already installed, which is all we need.
    let _ = rustls::crypto::ring::default_provider().install_default();
}

impl GpClient {
    pub fn new(options: Options) -> Result<Self, GpError> {
        install_crypto();
        let http = reqwest::Client::builder()
            .connect_timeout(options.connect_timeout)
            .timeout(options.request_timeout)
            .read_timeout(options.idle_timeout)
            // Never follow a redirect with a bearer token to wherever it points.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("phr/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| GpError::new(ErrorCode::Internal, format!("Could not set up the connection: {e}")))?;
        Ok(Self { http, options, cancel: CancellationToken::new() })
    }

    /// The same client, cancelled by `cancel`.
    pub fn with_cancel(mut self, cancel: CancellationToken) -> Self {
        self.cancel = cancel;
        self
    }

    pub fn cancel_token(&self) -> &CancellationToken {
        &self.cancel
    }

    /// A reply read under the page cap alone: GP Connect's one page, the first of `$everything`.
    pub(crate) fn page_limit(&self) -> Limit {
        let record = self.options.max_record_bytes;
        Limit { page: self.options.max_page_bytes, record, record_left: record }
    }

    /// A reply that is not part of the record: discovery, sign-in and token replies, the demo
    /// practice's list of patients.
    pub(crate) fn small_reply_limit(&self) -> Limit {
        let page = self.options.max_page_bytes.min(MAX_SMALL_REPLY_BYTES);
        Limit { page, record: page, record_left: page }
    }

    /// Reads `/metadata` and `/.well-known/smart-configuration` at `base`.
    pub async fn discover(&self, base: &str) -> Result<Practice, GpError> {
        let base = check_base(base)?;
        let noop = |_: Progress| {};
        let limit = self.small_reply_limit();
        let meta = self
            .send("the practice's service description", &noop, limit, || self.http.get(format!("{base}/metadata")))
            .await?;
        if !meta.status.is_success() {
            return Err(GpError::invalid(format!(
                "The address {base} does not look like a GP practice's FHIR service (it answered {} to /metadata).",
                meta.status
            )));
        }
        let metadata: Value = serde_json::from_str(&meta.body).map_err(|e| {
            GpError::invalid(format!("The practice's service description at {base}/metadata could not be read: {e}."))
        })?;
        let smart_url = format!("{base}/.well-known/smart-configuration");
        let smart = self.send("the practice's sign-in details", &noop, limit, || self.http.get(&smart_url)).await?;
        // Optional: older servers put the endpoints in the CapabilityStatement instead.
        let smart: Option<Value> =
            if smart.status.is_success() { serde_json::from_str(&smart.body).ok() } else { None };
        discovery::practice(&base, &metadata, smart.as_ref())
    }

    /// Runs `fut` unless cancelled first.
    pub(crate) async fn cancellable<T>(&self, fut: impl Future<Output = T>) -> Result<T, GpError> {
        tokio::select! {
            biased;
            () = self.cancel.cancelled() => Err(GpError::cancelled()),
            v = fut => Ok(v),
        }
    }

    /// Sends a request (rebuilt for each attempt) and reads its body, retrying on 429, 5xx
    /// and connection errors. `what` names the thing fetched in messages ("page 2 of your
    /// record"). Other statuses are returned for the caller to judge. The body is read in
    /// chunks under `limit`: a reply past it is refused at once, and not tried again.
    pub(crate) async fn send(
        &self,
        what: &str,
        progress: OnProgress<'_>,
        limit: Limit,
        build: impl Fn() -> RequestBuilder,
    ) -> Result<Reply, GpError> {
        let policy = &self.options.retry;
        let mut attempt = 1;
        loop {
            let outcome = self
                .cancellable(async {
                    let mut request = build().build()?;
                    // A request that names what it accepts (GP Connect's) keeps its own Accept.
                    request
                        .headers_mut()
                        .entry(ACCEPT)
                        .or_insert(HeaderValue::from_static("application/fhir+json, application/json"));
                    let response = self.http.execute(request).await?;
                    let status = response.status();
                    let headers: HeaderMap = response.headers().clone();
                    let body = read_body(response, limit, what).await?;
                    Ok::<_, Failure>((status, headers, body))
                })
                .await?;
            let (reason, retry_after, failure) = match outcome {
                Err(Failure::Refused(e)) => return Err(e),
                Ok((status, headers, body)) if !retryable_status(status) => {
                    let date = headers
                        .get(reqwest::header::DATE)
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| httpdate::parse_http_date(v).ok());
                    return Ok(Reply { status, body, date });
                }
                Ok((status, headers, _)) => {
                    let after = headers
                        .get(RETRY_AFTER)
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| parse_retry_after(v, SystemTime::now()));
                    let failure = server_error(what, status, attempt);
                    (format!("the practice answered {status}"), after, failure)
                }
                Err(Failure::Network(e)) => (describe(&e), None, unreachable(what, &e)),
            };
            if attempt >= policy.max_attempts {
                return Err(failure);
            }
            let wait = policy.wait(attempt, retry_after);
            attempt += 1;
            progress(Progress::Retrying { attempt, wait, reason });
            self.cancellable(tokio::time::sleep(wait)).await?;
        }
    }
}

/// Reads a reply's body in chunks, stopping as soon as it passes `limit`: a server that
/// announces or sends more is refused without the rest being read.
async fn read_body(mut response: reqwest::Response, limit: Limit, what: &str) -> Result<String, Failure> {
    let cap = limit.page.min(limit.record_left);
    let too_large = || {
        Failure::Refused(if limit.record_left < limit.page {
            GpError::new(
                ErrorCode::GpRecordTooLarge,
                format!(
                    "Your record at the practice is larger than this app can take ({} at most, all pages together). Nothing was imported.",
                    size(limit.record)
                ),
            )
        } else {
            GpError::new(
                ErrorCode::GpPageTooLarge,
                format!(
                    "The practice sent {what} larger than this app accepts ({} at most). Nothing was imported.",
                    size(cap)
                ),
            )
        })
    };
    if response.content_length().is_some_and(|n| n > cap) {
        return Err(too_large());
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        let seen = (body.len() as u64).saturating_add(chunk.len() as u64);
        if seen > cap {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    // JSON is UTF-8; a stray byte is replaced, and the page's JSON check reports it.
    Ok(String::from_utf8(body).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

use phr_core::sizes::size_words as size;

/// The base URL, trimmed of a trailing slash: https, or http only on this computer.
pub fn check_base(base: &str) -> Result<String, GpError> {
    let trimmed = base.trim().trim_end_matches('/');
    let url = url::Url::parse(trimmed).map_err(|_| {
        GpError::new(ErrorCode::InvalidInput, format!("{trimmed} is not a web address. It should start with https://"))
    })?;
    if secure(&url) {
        Ok(trimmed.to_owned())
    } else {
        Err(GpError::new(
            ErrorCode::InvalidInput,
            format!("{trimmed} is not a secure address. A GP practice's address starts with https://"),
        ))
    }
}

/// https anywhere, or plain http only to this computer (127.0.0.1, ::1, localhost), where
/// nothing crosses a network: the loopback redirect and the demo practice.
pub(crate) fn secure(url: &url::Url) -> bool {
    let loopback = match url.host() {
        Some(url::Host::Ipv4(ip)) => ip == std::net::Ipv4Addr::LOCALHOST,
        Some(url::Host::Ipv6(ip)) => ip == std::net::Ipv6Addr::LOCALHOST,
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    };
    match url.scheme() {
        "https" => url.host().is_some(),
        "http" => loopback,
        _ => false,
    }
}

fn describe(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "the practice took too long to answer".into()
    } else if e.is_connect() {
        "the practice's service could not be reached".into()
    } else {
        "the connection to the practice was lost".into()
    }
}

fn unreachable(what: &str, e: &reqwest::Error) -> GpError {
    if e.is_timeout() {
        return GpError::new(
            ErrorCode::GpRequestTimedOut,
            format!(
                "The practice took too long to send {what}, each time it was asked. Check your internet connection and try again. Nothing was imported."
            ),
        );
    }
    let message = if e.is_connect() {
        format!("Could not reach the practice's service to get {what}. Check your internet connection and try again.")
    } else {
        format!("The connection to the practice was lost while {what} was arriving. Nothing was imported; try again.")
    };
    GpError::new(ErrorCode::GpUnreachable, message)
}

fn server_error(what: &str, status: StatusCode, attempts: u32) -> GpError {
    let tries = if attempts == 1 { "once".to_owned() } else { format!("{attempts} times") };
    let busy = if status == StatusCode::TOO_MANY_REQUESTS { " (it is busy)" } else { "" };
    GpError::new(
        ErrorCode::GpServerError,
        format!(
            "The practice's service could not send {what}{busy}: it answered {status}, asked {tries}. Nothing was imported; try again later."
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_addresses() {
        assert_eq!(check_base("https://gp.example/fhir/").unwrap(), "https://gp.example/fhir");
        assert_eq!(check_base("http://127.0.0.1:8080").unwrap(), "http://127.0.0.1:8080");
        assert_eq!(check_base("http://gp.example/fhir").unwrap_err().code, ErrorCode::InvalidInput);
        assert_eq!(check_base("gp practice").unwrap_err().code, ErrorCode::InvalidInput);
    }

    #[test]
    fn https_anywhere_and_http_only_to_this_computer() {
        let secure = |u: &str| secure(&url::Url::parse(u).unwrap());
        for ok in ["https://gp.example/token", "http://127.0.0.1:8080/token", "http://[::1]:9/x", "http://localhost/x"]
        {
            assert!(secure(ok), "{ok}");
        }
        for refused in [
            "http://gp.example/token",
            "http://127.0.0.1.gp.example/token",
            "http://localhost.gp.example/x",
            "http://10.0.0.1/token",
            "ftp://gp.example/x",
            "javascript:alert(1)",
            "file:///etc/passwd",
        ] {
            assert!(!secure(refused), "{refused}");
        }
    }

    #[test]
    fn sizes_in_plain_words() {
        assert_eq!(size(MAX_PAGE_BYTES), "64 MB");
        assert_eq!(size(MAX_RECORD_BYTES), "500 MB");
        assert_eq!(size(MAX_SMALL_REPLY_BYTES), "4 MB");
    }
}
