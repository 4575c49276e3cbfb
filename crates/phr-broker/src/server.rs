//! [`Broker`]: the HTTP service. `POST /assertion`, `GET /health`, nothing else.
//!
//! Stateless by design: it keeps no request, no body and no assertion it signed. The rate
//! limiter's per-address counts are its only state ([`Broker::state_snapshot`] shows how much),
//! and its log has one line per request (time, method, path, status), never a body.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use ring::rand::SystemRandom;
use serde::Deserialize;

use crate::assertion::{ASSERTION_LIFETIME_SECS, CLIENT_ASSERTION_TYPE, sign_assertion};
use crate::rate::Limiter;
use crate::{BrokerError, RateLimit, SigningKey};

/// The largest request body read. An assertion request is one short URL in JSON; anything
/// bigger is refused (413) before it is buffered.
pub const MAX_BODY_BYTES: usize = 4 * 1024;

/// What the broker is configured with.
pub struct Config {
    /// The client id registered with the identity provider (the assertion's `iss` and `sub`).
    pub client_id: String,
    /// The one token endpoint assertions are signed for (their `aud`); any other is refused,
    /// so an assertion is good only at the identity provider the broker serves.
    pub token_endpoint: String,
    /// The client's private key.
    pub key: SigningKey,
    /// Assertions per address per window.
    pub rate: RateLimit,
    /// Count requests by the last address in `X-Forwarded-For` (the one the broker's own
    /// reverse proxy appended) instead of the connection's. Only behind a proxy that sets it:
    /// otherwise a client could name any address and escape the limit.
    pub trust_forwarded_for: bool,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("client_id", &self.client_id)
            .field("token_endpoint", &self.token_endpoint)
            .field("key", &self.key)
            .field("rate", &self.rate)
            .field("trust_forwarded_for", &self.trust_forwarded_for)
            .finish()
    }
}

/// Where each request's log line goes: stderr in the binary, a collector in tests.
pub type LogSink = Arc<dyn Fn(&str) + Send + Sync>;

/// What the broker holds between requests (for tests and monitoring): only the number of
/// addresses the rate limiter remembers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StateSnapshot {
    pub remembered_addresses: usize,
}

struct Inner {
    config: Config,
    limiter: Limiter,
    rng: SystemRandom,
    log: LogSink,
}

/// The broker service. Cheap to clone (shared inside).
#[derive(Clone)]
pub struct Broker {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Broker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Broker").field("config", &self.inner.config).finish_non_exhaustive()
    }
}

impl Broker {
    /// A broker that logs to stderr. Refuses a config whose client id is empty or whose token
    /// endpoint is not https (http only to a loopback address, for tests).
    pub fn new(config: Config) -> Result<Self, BrokerError> {
        Self::with_log(config, Arc::new(|line: &str| eprintln!("{line}")))
    }

    /// A broker whose log lines go to `log`.
    pub fn with_log(config: Config, log: LogSink) -> Result<Self, BrokerError> {
        if config.client_id.trim().is_empty() {
            return Err(BrokerError::Config("the client id is empty".into()));
        }
        check_token_endpoint(&config.token_endpoint)?;
        if config.rate.per_window == 0 || config.rate.window.is_zero() {
            return Err(BrokerError::Config("the rate limit must allow at least one assertion per window".into()));
        }
        let limiter = Limiter::new(config.rate);
        Ok(Self { inner: Arc::new(Inner { config, limiter, rng: SystemRandom::new(), log }) })
    }

    /// The public JWKS of the signing key, to register with the identity provider.
    pub fn jwks(&self) -> serde_json::Value {
        crate::jwks(&self.inner.config.key)
    }

    /// What the broker remembers now (after forgetting expired rate windows).
    pub fn state_snapshot(&self) -> StateSnapshot {
        StateSnapshot { remembered_addresses: self.inner.limiter.remembered(Instant::now()) }
    }

    /// The routes. Serve them with connection info ([`Broker::serve`] does) so requests are
    /// counted per address; without it every request shares one count.
    pub fn router(&self) -> Router {
        let assertion_route = post(assertion).route_layer(middleware::from_fn_with_state(self.clone(), rate_limit));
        Router::new()
            .route("/assertion", assertion_route)
            .route("/health", get(health))
            .fallback(not_found)
            .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
            .layer(middleware::from_fn_with_state(self.clone(), log_request))
            .with_state(self.clone())
    }

    /// Serves on `listener` until `shutdown` completes.
    pub async fn serve(
        self,
        listener: tokio::net::TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let app = self.router().into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(listener, app).with_graceful_shutdown(shutdown).await
    }
}

/// An assertion is only as safe as the endpoint it is sent to: https, or loopback http in tests.
fn check_token_endpoint(endpoint: &str) -> Result<(), BrokerError> {
    let url = url::Url::parse(endpoint)
        .map_err(|e| BrokerError::Config(format!("the token endpoint {endpoint:?} is not an absolute URL: {e}")))?;
    let loopback = match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d == "localhost",
        None => false,
    };
    match url.scheme() {
        "https" => Ok(()),
        "http" if loopback => Ok(()),
        _ => Err(BrokerError::Config(format!(
            "the token endpoint {endpoint:?} must be https (http only to a loopback address, for tests)"
        ))),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AssertionRequest {
    token_endpoint: String,
}

/// An error reply: `{"error": code, "error_description": words}` (OAuth's shape).
fn error(status: StatusCode, code: &str, description: &str) -> Response {
    (status, axum::Json(serde_json::json!({ "error": code, "error_description": description }))).into_response()
}

async fn assertion(State(broker): State<Broker>, body: Result<Bytes, BytesRejection>) -> Response {
    let body = match body {
        Ok(body) => body,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return error(
                StatusCode::PAYLOAD_TOO_LARGE,
                "invalid_request",
                &format!("the request body is larger than {MAX_BODY_BYTES} bytes"),
            );
        }
        Err(rejection) => return error(rejection.status(), "invalid_request", "the request body could not be read"),
    };
    // Unknown fields are refused, not ignored: a client that sends a code or a verifier here is
    // misbuilt, and is told so rather than having the broker take them in silence.
    let request: AssertionRequest = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(_) => {
            return error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "the body must be JSON {\"token_endpoint\": \"...\"} and nothing else",
            );
        }
    };
    let config = &broker.inner.config;
    if request.token_endpoint != config.token_endpoint {
        return error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "this broker signs assertions only for its configured identity provider's token endpoint",
        );
    }
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let now = i64::try_from(now).unwrap_or(i64::MAX);
    match sign_assertion(&config.key, &broker.inner.rng, &config.client_id, &config.token_endpoint, now) {
        Ok(jwt) => {
            let mut response = axum::Json(serde_json::json!({
                "client_assertion": jwt,
                "client_assertion_type": CLIENT_ASSERTION_TYPE,
                "expires_in": ASSERTION_LIFETIME_SECS,
            }))
            .into_response();
            // An assertion is a credential for a minute: no cache may keep it.
            response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, "server_error", &e.to_string()),
    }
}

async fn health() -> &'static str {
    "ok"
}

async fn not_found() -> Response {
    error(StatusCode::NOT_FOUND, "not_found", "the broker serves only POST /assertion and GET /health")
}

/// The address a request is counted under.
fn client_address(broker: &Broker, request: &Request) -> IpAddr {
    if broker.inner.config.trust_forwarded_for
        && let Some(ip) = request
            .headers()
            .get_all("x-forwarded-for")
            .iter()
            .next_back()
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .and_then(|v| v.trim().parse::<IpAddr>().ok())
    {
        return ip;
    }
    request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
}

async fn rate_limit(State(broker): State<Broker>, request: Request, next: Next) -> Response {
    let addr = client_address(&broker, &request);
    match broker.inner.limiter.check(addr, Instant::now()) {
        Ok(()) => next.run(request).await,
        Err(retry_after) => {
            // Whole seconds, rounded up, at least one: Retry-After takes delta-seconds.
            let secs = retry_after.as_secs() + u64::from(retry_after.subsec_nanos() > 0);
            let mut response = error(
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_requests",
                "too many assertions from this address; try again later",
            );
            if let Ok(value) = HeaderValue::from_str(&secs.max(1).to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            response
        }
    }
}

/// One line per request: time, method, path, status. The path is logged only when it is one of
/// the broker's own; any other is `(other)`, since a stray path could carry anything.
async fn log_request(State(broker): State<Broker>, request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path: &'static str = match request.uri().path() {
        "/assertion" => "/assertion",
        "/health" => "/health",
        _ => "(other)",
    };
    let response = next.run(request).await;
    let time = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    (broker.inner.log)(&format!("{time} {method} {path} {}", response.status().as_u16()));
    response
}
