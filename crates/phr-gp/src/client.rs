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
    /// The OAuth client id the practice knows this app by.
    pub client_id: String,
    pub scope: String,
    pub connect_timeout: Duration,
    /// The whole of one request, body included.
    pub request_timeout: Duration,
    /// How long the person has to finish signing in.
    pub sign_in_timeout: Duration,
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
            scope: "launch/patient patient/*.read offline_access".into(),
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(60),
            sign_in_timeout: Duration::from_secs(5 * 60),
            retry: RetryPolicy::default(),
            max_pages: 10_000,
            consumer_asid: "900000000002".into(),
            provider_asid: None,
        }
    }
}

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

    /// Reads `/metadata` and `/.well-known/smart-configuration` at `base`.
    pub async fn discover(&self, base: &str) -> Result<Practice, GpError> {
        let base = check_base(base)?;
        let noop = |_: Progress| {};
        let meta = self
            .send("the practice's service description", &noop, || self.http.get(format!("{base}/metadata")))
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
        let smart = self.send("the practice's sign-in details", &noop, || self.http.get(&smart_url)).await?;
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
    /// record"). Other statuses are returned for the caller to judge.
    pub(crate) async fn send(
        &self,
        what: &str,
        progress: OnProgress<'_>,
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
                    let body = response.text().await?;
                    Ok::<_, reqwest::Error>((status, headers, body))
                })
                .await?;
            let (reason, retry_after, failure) = match outcome {
                Ok((status, _, body)) if !retryable_status(status) => return Ok(Reply { status, body }),
                Ok((status, headers, _)) => {
                    let after = headers
                        .get(RETRY_AFTER)
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| parse_retry_after(v, SystemTime::now()));
                    let failure = server_error(what, status, attempt);
                    (format!("the practice answered {status}"), after, failure)
                }
                Err(e) => (describe(&e), None, unreachable(what, &e)),
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

/// The base URL, trimmed of a trailing slash: https, or http only on this computer.
pub fn check_base(base: &str) -> Result<String, GpError> {
    let trimmed = base.trim().trim_end_matches('/');
    let url = url::Url::parse(trimmed).map_err(|_| {
        GpError::new(ErrorCode::InvalidInput, format!("{trimmed} is not a web address. It should start with https://"))
    })?;
    let loopback = matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
    match url.scheme() {
        "https" => Ok(trimmed.to_owned()),
        "http" if loopback => Ok(trimmed.to_owned()),
        _ => Err(GpError::new(
            ErrorCode::InvalidInput,
            format!("{trimmed} is not a secure address. A GP practice's address starts with https://"),
        )),
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
    let message = if e.is_timeout() {
        format!("The practice took too long to send {what}. Check your internet connection and try again.")
    } else if e.is_connect() {
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
}
