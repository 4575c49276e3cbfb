//! SMART App Launch conformance against the sandbox, and its failures: what the client asks
//! the practice for (scopes, `aud`, `resource`), what it refuses before any browser opens (no
//! S256, no public client), and what it says at once when the redirect carries an error, a
//! wrong or missing `iss`, or the token reply names no patient. Assertions are on what the
//! sandbox received, on codes and on words, never on time (a generous limit only guards
//! against waiting for the sign-in timeout).

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use phr_core::ErrorCode;
use phr_gp::{Browser, GpClient, GpError, HttpBrowser, Options, Progress, RetryPolicy};
use phr_gp_sandbox::{Config, Faults, Flavour, Sandbox};

fn sandbox() -> Sandbox {
    Sandbox::start(Config { auto_approve: true, ..Config::default() }).unwrap()
}

fn with_faults(faults: Faults) -> Sandbox {
    let s = sandbox();
    s.set_faults(faults);
    s
}

/// A client whose sign-in would wait five minutes: a test that finishes well within the
/// guard of [`within`] shows the client did not wait for it.
fn options() -> Options {
    Options {
        retry: RetryPolicy {
            max_attempts: 2,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(5),
            max_retry_after: Duration::from_secs(1),
        },
        sign_in_timeout: Duration::from_secs(5 * 60),
        ..Options::default()
    }
}

fn client() -> GpClient {
    GpClient::new(options()).unwrap()
}

fn noop(_: Progress) {}

/// `fut`, which must end well before the sign-in timeout.
async fn within<T>(fut: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(60), fut).await.expect("the client waited for the sign-in timeout")
}

/// A browser that notes each address it is asked to open and, when `through` is set,
/// follows it to the loopback redirect, keeping the page the app showed there.
#[derive(Default, Clone)]
struct Capturing {
    opened: Arc<Mutex<Vec<String>>>,
    page: Arc<Mutex<Option<String>>>,
    through: bool,
}

impl Capturing {
    fn through() -> Self {
        Self { through: true, ..Self::default() }
    }

    /// The page the app's loopback listener served, once the browser has read it.
    async fn page(&self) -> String {
        for _ in 0..500 {
            if let Some(page) = self.page.lock().unwrap().clone() {
                return page;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("the browser never got a page back from the app");
    }
}

impl Browser for Capturing {
    fn open(&self, url: &str) -> Result<(), GpError> {
        self.opened.lock().unwrap().push(url.to_owned());
        if !self.through {
            return Ok(());
        }
        let (url, page) = (url.to_owned(), self.page.clone());
        std::thread::spawn(move || {
            tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async move {
                let _ = rustls::crypto::ring::default_provider().install_default();
                let http = reqwest::Client::builder().build().unwrap();
                // Follows the sandbox's redirect to the app's loopback listener.
                let text = http.get(&url).send().await.unwrap().text().await.unwrap();
                *page.lock().unwrap() = Some(text);
            });
        });
        Ok(())
    }
}

fn last(requests: &[BTreeMap<String, String>]) -> BTreeMap<String, String> {
    requests.last().cloned().expect("no request was received")
}

#[tokio::test]
async fn the_request_names_the_fhir_base_as_aud_and_resource_and_asks_for_v2_scopes() {
    let s = sandbox();
    for p in s.patients() {
        s.approve_as(Some(&p.id));
        let (practice, _) = client().fetch_all(&p.url, &HttpBrowser, Some(&p.nhs_number), &noop).await.unwrap();
        let stats = s.stats();
        let authorize = last(&stats.authorize_requests);
        assert_eq!(authorize["aud"], practice.base);
        assert_eq!(authorize["resource"], practice.base, "RFC 8707");
        // The sandbox offers SMART v2; no offline_access unless the person chose to stay connected.
        assert_eq!(authorize["scope"], "launch/patient patient/*.rs");
        assert_eq!(authorize["code_challenge_method"], "S256");
        let token = last(&stats.token_requests);
        assert_eq!(token["grant_type"], "authorization_code");
        assert_eq!(token["resource"], practice.base);
        assert_eq!(token["client_id"], "phr-desktop");
    }
    let gp_connect = s.stats().authorize_requests.iter().filter(|r| r["resource"] == s.gp_connect_url()).count();
    assert_eq!(gp_connect, 1);
}

#[tokio::test]
async fn a_refresh_names_the_resource_too() {
    let s = sandbox();
    let c = client();
    let practice = c.discover(s.url()).await.unwrap();
    let mut session = c.sign_in(&practice, &HttpBrowser, &noop).await.unwrap();
    s.expire_access_tokens();
    c.fetch_record(&practice, &mut session, None, &noop).await.unwrap();
    let token = last(&s.stats().token_requests);
    assert_eq!(token["grant_type"], "refresh_token");
    assert_eq!(token["resource"], s.url());
    assert!(!token.contains_key("refresh_token"), "the sandbox keeps no secret in its stats");
}

#[tokio::test]
async fn scopes_follow_what_the_practice_offers() {
    let s = with_faults(Faults { smart_v1_only: true, ..Faults::default() });
    client().fetch_all(s.url(), &HttpBrowser, None, &noop).await.unwrap();
    assert_eq!(last(&s.stats().authorize_requests)["scope"], "launch/patient patient/*.read");

    s.set_faults(Faults { smart_openid: true, ..Faults::default() });
    client().fetch_all(s.url(), &HttpBrowser, None, &noop).await.unwrap();
    assert_eq!(last(&s.stats().authorize_requests)["scope"], "launch/patient patient/*.rs openid fhirUser");

    // The caller's own choice, when it makes one, is sent as it is.
    let chosen =
        GpClient::new(Options { scope: Some("launch/patient patient/Observation.rs".into()), ..options() }).unwrap();
    chosen.fetch_all(s.url(), &HttpBrowser, None, &noop).await.unwrap();
    assert_eq!(last(&s.stats().authorize_requests)["scope"], "launch/patient patient/Observation.rs");
}

#[tokio::test]
async fn discovery_keeps_the_smart_configuration() {
    let s = sandbox();
    let practice = client().discover(&s.gp_connect_url()).await.unwrap();
    let smart = practice.smart.unwrap();
    assert_eq!(smart.issuer.as_deref(), Some(s.url()));
    assert!(smart.iss_parameter_supported);
    assert!(smart.capabilities.iter().any(|c| c == "permission-v2"));
    assert!(smart.scopes_supported.iter().any(|c| c == "patient/*.rs"));
    assert_eq!(smart.revocation_endpoint, Some(format!("{}/revoke", s.url())));
    assert_eq!(smart.registration_endpoint, None);
}

#[tokio::test]
async fn a_practice_without_s256_or_without_public_clients_is_refused_before_any_browser_opens() {
    for (faults, says) in [
        (Faults { smart_without_s256: true, ..Faults::default() }, "S256"),
        (Faults { smart_secret_only: true, ..Faults::default() }, "secret password"),
    ] {
        let s = with_faults(faults);
        let browser = Capturing::default();
        // A short wait, so that a client which wrongly opened the page fails fast.
        let c = GpClient::new(Options { sign_in_timeout: Duration::from_secs(2), ..options() }).unwrap();
        let e = c.fetch_all(s.url(), &browser, None, &noop).await.unwrap_err();
        assert_eq!(e.code, ErrorCode::GpAuthFailed, "{e}");
        assert!(e.message.contains(says) && e.message.contains("nothing was imported"), "{e}");
        assert!(browser.opened.lock().unwrap().is_empty(), "a browser was opened");
        let stats = s.stats();
        assert!(stats.authorize_requests.is_empty() && stats.token_requests.is_empty());
    }
}

#[tokio::test]
async fn an_error_redirect_is_reported_at_once_with_its_own_words_on_the_page_and_in_the_app() {
    let s = with_faults(Faults {
        authorize_error: "invalid_scope".into(),
        authorize_error_description: "<b>patient/*.rs</b> is not allowed".into(),
        ..Faults::default()
    });
    let browser = Capturing::through();
    let e = within(client().fetch_all(s.url(), &browser, None, &noop)).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::GpAuthFailed, "{e}");
    assert!(e.message.contains("did not accept the kind of access") && e.message.contains("invalid_scope"), "{e}");
    assert!(e.message.contains("Nothing was imported") && !e.message.contains("not given"), "{e}");
    let page = browser.page().await;
    assert!(page.contains("<h1>Sign-in did not finish</h1>") && page.contains("invalid_scope"), "{page}");
    assert!(!page.contains("not give"), "{page}");
    // What the server sent is text on the page, not markup.
    assert!(page.contains("&lt;b&gt;patient/*.rs&lt;/b&gt;") && !page.contains("<b>"), "{page}");
    assert_eq!(s.stats().token_requests.len(), 0);

    // Each other code has its own words, at once too.
    for (code, says) in [
        ("temporarily_unavailable", "busy or not working"),
        ("server_error", "a problem of its own"),
        ("unauthorized_client", "does not let this app connect"),
        ("invalid_request", "was not right"),
        ("unsupported_response_type", "does not support the way this app signs in"),
        ("interaction_required", "an error called \"interaction_required\""),
    ] {
        s.set_faults(Faults { authorize_error: code.into(), ..Faults::default() });
        let browser = Capturing::through();
        let e = within(client().fetch_all(s.url(), &browser, None, &noop)).await.unwrap_err();
        assert!(e.message.contains(says) && !e.message.contains("not given"), "{code}: {e}");
        let page = browser.page().await;
        assert!(page.contains(code) && !page.contains("not give"), "{code}: {page}");
    }

    // Only a refusal says that access was not given.
    s.set_faults(Faults { authorize_error: "access_denied".into(), ..Faults::default() });
    let browser = Capturing::through();
    let e = within(client().fetch_all(s.url(), &browser, None, &noop)).await.unwrap_err();
    assert!(e.message.contains("was not given"), "{e}");
    assert!(browser.page().await.contains("<h1>Access not given</h1>"));
}

#[tokio::test]
async fn a_resource_the_practice_does_not_serve_is_reported_by_its_error() {
    let s = sandbox();
    let c = client();
    let mut practice = c.discover(s.url()).await.unwrap();
    practice.base = format!("{}/elsewhere", s.url());
    let e = within(c.sign_in(&practice, &HttpBrowser, &noop)).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::GpAuthFailed);
    assert!(e.message.contains("invalid_target"), "{e}");
}

#[tokio::test]
async fn a_wrong_or_missing_iss_is_refused_and_nothing_is_exchanged() {
    for (faults, says) in [
        (Faults { wrong_iss: true, ..Faults::default() }, "did not come from the practice's sign-in service"),
        (Faults { no_iss: true, ..Faults::default() }, "did not say it came from the practice's sign-in service"),
    ] {
        let s = with_faults(faults);
        let browser = Capturing::through();
        let e = within(client().fetch_all(s.url(), &browser, None, &noop)).await.unwrap_err();
        assert_eq!(e.code, ErrorCode::GpAuthFailed, "{e}");
        assert!(e.message.contains(says) && e.message.contains("Nothing was imported"), "{e}");
        assert!(browser.page().await.contains("Sign-in not accepted"));
        let stats = s.stats();
        assert_eq!((stats.codes_issued, stats.tokens_issued), (1, 0));
        assert!(stats.token_requests.is_empty(), "the code was exchanged");
    }
}

#[tokio::test]
async fn a_token_reply_without_a_patient_says_what_happened_and_what_to_do() {
    let s = with_faults(Faults { token_without_patient: true, ..Faults::default() });
    let e = within(client().fetch_all(s.url(), &HttpBrowser, None, &noop)).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::GpResponseInvalid, "{e}");
    assert!(e.message.contains("did not say whose GP record"), "{e}");
    assert!(e.message.contains("try again later") && e.message.contains("ask the practice"), "{e}");
    assert!(!e.message.contains("Try connecting again"), "{e}");
    assert_eq!(s.stats().record_requests, 0);

    // GP Connect names the patient by NHS number, so its token reply need not.
    let jane = s.patients().into_iter().find(|p| p.flavour == Flavour::GpConnect).unwrap();
    s.approve_as(Some(&jane.id));
    let (_, pages) = client().fetch_all(&jane.url, &HttpBrowser, Some(&jane.nhs_number), &noop).await.unwrap();
    assert_eq!(pages.len(), 1);
}

#[tokio::test]
async fn a_sign_in_that_never_comes_back_says_what_may_have_happened() {
    let s = sandbox();
    // A browser that shows the page and never comes back, as when the practice's page shows
    // an error of its own instead of sending the person back.
    let c = GpClient::new(Options {
        sign_in_timeout: Duration::from_millis(400),
        sign_in_nudge: Duration::from_millis(50),
        ..options()
    })
    .unwrap();
    let seen = std::sync::Mutex::new(Vec::new());
    let record = |p: Progress| seen.lock().unwrap().push(format!("{p:?}"));
    let e = within(c.fetch_all(s.url(), &Capturing::default(), None, &record)).await.unwrap_err();
    // Before giving up, the person was told what may be wrong, once, after the shorter wait.
    let seen = seen.into_inner().unwrap();
    assert_eq!(seen.iter().filter(|p| p.as_str() == "StillSigningIn").count(), 1, "{seen:?}");
    assert_eq!(seen.last().map(String::as_str), Some("StillSigningIn"), "{seen:?}");
    assert_eq!(e.code, ErrorCode::GpAuthFailed);
    assert!(e.message.starts_with("Sign-in was not finished within 1 minute."), "{e}");
    assert!(e.message.contains("showed an error") && e.message.contains("Nothing was imported"), "{e}");
}
