//! The client against the sandbox, in process: sign-in with PKCE, paging, GP Connect, token
//! refresh, and every fault switch. Assertions are on counts and codes, never on time.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use phr_core::ErrorCode;
use phr_gp::{Browser, CancellationToken, GpClient, GpError, HttpBrowser, Options, Progress, RetryPolicy, ServerKind};
use phr_gp_sandbox::{Config, DemoPatient, Faults, Flavour, Sandbox};
use serde_json::Value;

/// A plain HTTP client for what a browser or another program would send, with rustls's ring
/// provider installed as the app's client installs it (each test is its own process).
fn raw_http() -> reqwest::ClientBuilder {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
}

fn sandbox(page_size: usize) -> Sandbox {
    Sandbox::start(Config { auto_approve: true, page_size, ..Config::default() }).unwrap()
}

fn client(attempts: u32) -> GpClient {
    GpClient::new(Options {
        retry: RetryPolicy {
            max_attempts: attempts,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(5),
            max_retry_after: Duration::from_secs(5),
        },
        sign_in_timeout: Duration::from_secs(60),
        ..Options::default()
    })
    .unwrap()
}

fn patient(s: &Sandbox, flavour: Flavour) -> DemoPatient {
    s.patients().into_iter().find(|p| p.flavour == flavour).unwrap()
}

#[derive(Default, Clone)]
struct Events(Arc<Mutex<Vec<Progress>>>);

impl Events {
    fn sink(&self) -> impl Fn(Progress) + Send + Sync + use<> {
        let events = self.0.clone();
        move |p| events.lock().unwrap().push(p)
    }
    fn retries(&self) -> Vec<Duration> {
        self.0
            .lock()
            .unwrap()
            .iter()
            .filter_map(|p| match p {
                Progress::Retrying { wait, .. } => Some(*wait),
                _ => None,
            })
            .collect()
    }
}

async fn fetch(s: &Sandbox, c: &GpClient, p: &DemoPatient, events: &Events) -> Result<Vec<(String, String)>, GpError> {
    let sink = events.sink();
    // The client names no one in the sign-in address, so the sandbox is told whom to approve.
    s.approve_as(Some(&p.id));
    c.fetch_all(&p.url, &HttpBrowser, Some(&p.nhs_number), &sink).await.map(|(_, pages)| pages)
}

fn entries(pages: &[(String, String)]) -> Vec<Value> {
    pages
        .iter()
        .flat_map(|(_, text)| {
            serde_json::from_str::<Value>(text).unwrap()["entry"].as_array().cloned().unwrap_or_default()
        })
        .collect()
}

#[tokio::test]
async fn pkce_sign_in_then_every_page_in_order() {
    let s = sandbox(50);
    let karena = &s.patients()[0];
    let events = Events::default();
    let pages = fetch(&s, &client(3), karena, &events).await.unwrap();

    // 198 entries at 50 a page (Synthea's 197 and the demo practice).
    let names: Vec<&str> = pages.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["page 1", "page 2", "page 3", "page 4"]);
    let all = entries(&pages);
    let first: Value = serde_json::from_str(&pages[0].1).unwrap();
    assert_eq!(all.len() as u64, first["total"].as_u64().unwrap());
    assert_eq!(all.len(), 198);
    // In the server's order: the Patient first, then the bundle's entries as they stand.
    let fixture: Value =
        serde_json::from_str(include_str!("../../phr-gp-sandbox/data/synthea-karena-pfeffer.json")).unwrap();
    let mut expected: Vec<&str> =
        fixture["entry"].as_array().unwrap().iter().map(|e| e["fullUrl"].as_str().unwrap()).collect();
    let at = expected.iter().position(|u| u.ends_with(&karena.id)).unwrap();
    let p = expected.remove(at);
    expected.insert(0, p);
    // The sandbox adds the demo practice, the Patient's GP, last.
    let practice = all.last().unwrap();
    assert_eq!(practice["resource"]["identifier"][0]["value"], phr_gp_sandbox::DEMO_PRACTICE_ODS_CODE);
    expected.push(practice["fullUrl"].as_str().unwrap());
    let got: Vec<&str> = all.iter().map(|e| e["fullUrl"].as_str().unwrap()).collect();
    assert_eq!(got, expected);
    assert_eq!(all[0]["resource"]["id"], karena.id.as_str());

    let stats = s.stats();
    assert_eq!((stats.codes_issued, stats.tokens_issued, stats.record_requests), (1, 1, 4));
    let seen = events.0.lock().unwrap().clone();
    assert_eq!(seen[0], Progress::Discovering);
    assert_eq!(seen[1], Progress::SigningIn);
    assert_eq!(seen.last().unwrap(), &Progress::Fetching { pages: 4, resources: 198, total: Some(198) });
}

#[tokio::test]
async fn discovery_reads_the_kind_and_the_endpoints() {
    let s = sandbox(100);
    let c = client(2);
    let r4 = c.discover(s.url()).await.unwrap();
    assert_eq!((r4.kind, r4.fhir_version.as_str()), (ServerKind::R4, "4.0.1"));
    assert_eq!(r4.token_url, format!("{}/token", s.url()));
    let gpc = c.discover(&format!("{}/", s.gp_connect_url())).await.unwrap();
    assert_eq!(gpc.kind, ServerKind::GpConnect);
    assert_eq!(gpc.base, s.gp_connect_url());

    let not_fhir = c.discover(&format!("{}/demo", s.url())).await.unwrap_err();
    assert_eq!(not_fhir.code, ErrorCode::GpResponseInvalid, "{not_fhir}");

    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let gone = c.discover(&format!("http://{closed}")).await.unwrap_err();
    assert_eq!(gone.code, ErrorCode::GpUnreachable, "{gone}");
}

#[tokio::test]
async fn gp_connect_structured_record() {
    let s = sandbox(100);
    let jane = patient(&s, Flavour::GpConnect);
    let pages = fetch(&s, &client(2), &jane, &Events::default()).await.unwrap();
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0].0, "structured record");
    let bundle: Value = serde_json::from_str(&pages[0].1).unwrap();
    assert_eq!(
        bundle["meta"]["profile"][0],
        "https://fhir.nhs.uk/STU3/StructureDefinition/GPConnect-StructuredRecord-Bundle-1"
    );
    assert_eq!(bundle["entry"].as_array().unwrap().len(), 136);

    // The NHS number names the patient; someone else's is not found.
    let c = client(2);
    let noop = |_: Progress| {};
    let practice = c.discover(&jane.url).await.unwrap();
    let mut session = c.sign_in(&practice, &HttpBrowser, &noop).await.unwrap();
    let wrong = c.fetch_record(&practice, &mut session, Some("9000000009"), &noop).await.unwrap_err();
    assert_eq!(wrong.code, ErrorCode::GpServerError, "{wrong}");
    let missing = c.fetch_record(&practice, &mut session, None, &noop).await.unwrap_err();
    assert_eq!(missing.code, ErrorCode::InvalidInput);
}

/// Drives the real approval page: reads the form, presses Approve (or Deny) for a patient.
struct PageBrowser {
    approve: Option<String>,
}

impl Browser for PageBrowser {
    fn open(&self, url: &str) -> Result<(), GpError> {
        let url = url.to_owned();
        let approve = self.approve.clone();
        std::thread::spawn(move || {
            tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async move {
                let http = raw_http().build().unwrap();
                let page = http.get(&url).send().await.unwrap().text().await.unwrap();
                assert!(page.contains("<h1>Demo Practice (sandbox)</h1>") && page.contains("Date of birth"));
                let mut form = hidden_fields(&page);
                match approve {
                    Some(id) => {
                        form.push(("patient".into(), id));
                        form.push(("decision".into(), "approve".into()));
                    }
                    None => form.push(("decision".into(), "deny".into())),
                }
                let base = url.split("/authorize").next().unwrap();
                // Follows the 303 to the app's loopback redirect.
                http.post(format!("{base}/authorize")).form(&form).send().await.unwrap();
            });
        });
        Ok(())
    }
}

/// The hidden inputs of the first form on the page.
fn hidden_fields(page: &str) -> Vec<(String, String)> {
    let form = page.split("<form").nth(1).unwrap().split("</form>").next().unwrap();
    form.split("<input type=\"hidden\" ")
        .skip(1)
        .map(|i| {
            let name = i.split("name=\"").nth(1).unwrap().split('"').next().unwrap();
            let value = i.split("value=\"").nth(1).unwrap().split('"').next().unwrap().replace("&amp;", "&");
            (name.to_owned(), value)
        })
        .filter(|(n, _)| n != "patient")
        .collect()
}

#[tokio::test]
async fn the_approval_page_approves_or_denies() {
    let s = Sandbox::start(Config::default()).unwrap();
    let louis = s.patients()[1].clone();
    let c = client(2);
    let noop = |_: Progress| {};
    let practice = c.discover(s.url()).await.unwrap();
    let browser = PageBrowser { approve: Some(louis.id.clone()) };
    let mut session = c.sign_in(&practice, &browser, &noop).await.unwrap();
    assert_eq!(session.patient.as_deref(), Some(louis.id.as_str()));
    let pages = c.fetch_record(&practice, &mut session, None, &noop).await.unwrap();
    assert_eq!(entries(&pages).len(), 127);

    let denied = c.sign_in(&practice, &PageBrowser { approve: None }, &noop).await.unwrap_err();
    assert_eq!(denied.code, ErrorCode::GpAuthFailed);
    assert!(denied.message.contains("not given"), "{denied}");
}

/// Sends the browser back to the app with a `state` the app did not make.
struct ForgedStateBrowser;

impl Browser for ForgedStateBrowser {
    fn open(&self, url: &str) -> Result<(), GpError> {
        let url = url.to_owned();
        std::thread::spawn(move || {
            tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async move {
                let http = raw_http().redirect(reqwest::redirect::Policy::none()).build().unwrap();
                let r = http.get(&url).send().await.unwrap();
                let location = r.headers()["location"].to_str().unwrap().to_owned();
                let mut back = url::Url::parse(&location).unwrap();
                let pairs: Vec<(String, String)> = back
                    .query_pairs()
                    .map(|(k, v)| {
                        let v = if k == "state" { "forged".into() } else { v.into_owned() };
                        (k.into_owned(), v)
                    })
                    .collect();
                back.query_pairs_mut().clear().extend_pairs(pairs);
                let _ = http.get(back.as_str()).send().await;
            });
        });
        Ok(())
    }
}

#[tokio::test]
async fn a_reply_with_the_wrong_state_is_refused() {
    let s = sandbox(100);
    let c = client(2);
    let practice = c.discover(s.url()).await.unwrap();
    let e = c.sign_in(&practice, &ForgedStateBrowser, &|_| {}).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::GpAuthFailed);
    assert!(e.message.contains("did not match"), "{e}");
    assert_eq!(s.stats().tokens_issued, 0);
}

#[tokio::test]
async fn the_token_endpoint_checks_the_pkce_verifier() {
    let s = sandbox(100);
    let http = raw_http().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let redirect = "http://127.0.0.1:9/callback";
    let code_for = |challenge: String| {
        let http = http.clone();
        let url = format!(
            "{}/authorize?response_type=code&client_id=t&redirect_uri={redirect}&state=s&code_challenge={challenge}&code_challenge_method=S256",
            s.url()
        );
        async move {
            let r = http.get(url).send().await.unwrap();
            let location = url::Url::parse(r.headers()["location"].to_str().unwrap()).unwrap();
            location.query_pairs().find(|(k, _)| k == "code").unwrap().1.into_owned()
        }
    };
    let verifier = "a".repeat(43);
    let challenge = {
        use base64::Engine;
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(ring::digest::digest(&ring::digest::SHA256, verifier.as_bytes()))
    };
    let exchange = |code: String, verifier: String| {
        let http = http.clone();
        let url = format!("{}/token", s.url());
        async move {
            http.post(url)
                .form(&[
                    ("grant_type", "authorization_code"),
                    ("code", &code),
                    ("redirect_uri", redirect),
                    ("code_verifier", &verifier),
                ])
                .send()
                .await
                .unwrap()
        }
    };
    let wrong = exchange(code_for(challenge.clone()).await, "b".repeat(43)).await;
    assert_eq!(wrong.status(), 400);
    assert_eq!(wrong.json::<Value>().await.unwrap()["error"], "invalid_grant");
    let right = exchange(code_for(challenge.clone()).await, verifier.clone()).await;
    assert_eq!(right.status(), 200);
    assert!(right.json::<Value>().await.unwrap()["access_token"].is_string());

    // A plain (non-S256) request is refused outright.
    let plain = http
        .get(format!("{}/authorize?response_type=code&redirect_uri={redirect}&state=s&code_challenge={challenge}&code_challenge_method=plain", s.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(plain.status(), 400);
}

#[tokio::test]
async fn an_expired_token_is_refreshed_once() {
    let s = sandbox(50);
    let karena = s.patients()[0].clone();
    let c = client(2);
    let noop = |_: Progress| {};
    let practice = c.discover(s.url()).await.unwrap();
    let mut session = c.sign_in(&practice, &HttpBrowser, &noop).await.unwrap();
    s.expire_access_tokens();
    let pages = c.fetch_record(&practice, &mut session, None, &noop).await.unwrap();
    assert_eq!(pages.len(), 4);
    assert_eq!(session.refreshes, 1);
    let stats = s.stats();
    assert_eq!((stats.refreshes, stats.unauthorised), (1, 1));
    assert_eq!(session.patient.as_deref(), Some(karena.id.as_str()));
}

#[tokio::test]
async fn a_token_about_to_expire_is_refreshed_before_use() {
    // Tokens that last under the client's half-minute margin are refreshed before each page.
    let s = Sandbox::start(Config { auto_approve: true, page_size: 100, token_lifetime_secs: 20, ..Config::default() })
        .unwrap();
    let pages = fetch(&s, &client(2), &s.patients()[0], &Events::default()).await.unwrap();
    assert_eq!(pages.len(), 2);
    let stats = s.stats();
    assert_eq!((stats.refreshes, stats.unauthorised), (2, 0));
}

#[tokio::test]
async fn retries_recover_from_500s() {
    let s = sandbox(100);
    s.set_faults(Faults { error_500: 2, from_page: 1, ..Faults::default() });
    let events = Events::default();
    let pages = fetch(&s, &client(3), &s.patients()[0], &events).await.unwrap();
    assert_eq!(entries(&pages).len(), 198);
    let stats = s.stats();
    assert_eq!(stats.error_500_sent, 2);
    assert_eq!(stats.record_requests, 2 + 2);
    assert_eq!(events.retries().len(), 2);
}

#[tokio::test]
async fn too_many_500s_is_a_server_error_after_the_cap() {
    let s = sandbox(100);
    s.set_faults(Faults { error_500: 100, ..Faults::default() });
    let e = fetch(&s, &client(3), &s.patients()[0], &Events::default()).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::GpServerError);
    assert!(e.message.contains("page 1") && e.message.contains("3 times"), "{e}");
    assert_eq!(s.stats().record_requests, 3);
}

#[tokio::test]
async fn a_429_waits_as_long_as_retry_after_says() {
    let s = sandbox(100);
    s.set_faults(Faults { error_429: 1, retry_after_secs: 1, ..Faults::default() });
    let events = Events::default();
    let pages = fetch(&s, &client(3), &s.patients()[1], &events).await.unwrap();
    assert_eq!(entries(&pages).len(), 127);
    assert_eq!(s.stats().error_429_sent, 1);
    assert_eq!(s.stats().record_requests, 3);
    // The server's second, not the client's 1 ms backoff.
    assert_eq!(events.retries(), [Duration::from_secs(1)]);

    // Retry-After as an HTTP date is honoured too (to the second, so at most 1 s here).
    s.set_faults(Faults { error_429: 1, retry_after_secs: 1, retry_after_as_date: true, ..Faults::default() });
    let events = Events::default();
    fetch(&s, &client(3), &s.patients()[1], &events).await.unwrap();
    let waits = events.retries();
    assert_eq!(waits.len(), 1);
    assert!(waits[0] <= Duration::from_secs(1) && waits[0] != Duration::from_millis(1), "{waits:?}");
}

#[tokio::test]
async fn a_connection_dropped_mid_page_is_retried_then_reported() {
    let s = sandbox(100);
    // Once: the retry recovers.
    s.set_faults(Faults { drop_connection: 1, from_page: 1, ..Faults::default() });
    let pages = fetch(&s, &client(3), &s.patients()[0], &Events::default()).await.unwrap();
    assert_eq!(entries(&pages).len(), 198);
    assert_eq!(s.stats().dropped, 1);

    // Every time: a clear error naming the page, and no pages handed back.
    s.set_faults(Faults { drop_connection: 100, from_page: 1, ..Faults::default() });
    let e = fetch(&s, &client(3), &s.patients()[0], &Events::default()).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::GpUnreachable, "{e}");
    assert!(e.message.contains("page 2") && e.message.contains("lost"), "{e}");
    assert_eq!(s.stats().dropped, 1 + 3);
}

#[tokio::test]
async fn a_malformed_page_is_refused_with_its_position() {
    let s = sandbox(100);
    s.set_faults(Faults { malformed: 1, from_page: 1, ..Faults::default() });
    let e = fetch(&s, &client(3), &s.patients()[0], &Events::default()).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::GpResponseInvalid);
    assert!(e.message.contains("page 2") && e.message.contains("line 1, column"), "{e}");
    // Not retried: a damaged page is the server's answer, not a lost connection.
    assert_eq!(s.stats().record_requests, 2);
}

#[tokio::test]
async fn a_slow_practice_times_out() {
    let s = sandbox(100);
    s.set_faults(Faults { slow_ms: 5_000, ..Faults::default() });
    let c = GpClient::new(Options {
        request_timeout: Duration::from_millis(200),
        retry: RetryPolicy { max_attempts: 2, base_delay: Duration::from_millis(1), ..RetryPolicy::default() },
        ..Options::default()
    })
    .unwrap();
    let e = fetch(&s, &c, &s.patients()[0], &Events::default()).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::GpRequestTimedOut);
    assert!(e.message.contains("too long"), "{e}");
    assert_eq!(s.stats().record_requests, 2);
}

#[tokio::test]
async fn cancelling_stops_a_fetch_in_flight() {
    let s = sandbox(100);
    s.set_faults(Faults { slow_ms: 30_000, ..Faults::default() });
    let cancel = CancellationToken::new();
    let c = client(3).with_cancel(cancel.clone());
    let p = s.patients()[0].clone();
    // Cancel as soon as the first page has been asked for.
    let on_progress = move |e: Progress| {
        if e == (Progress::Fetching { pages: 0, resources: 0, total: None }) {
            cancel.cancel();
        }
    };
    let e = c.fetch_all(&p.url, &HttpBrowser, None, &on_progress).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::ImportCancelled);

    // A cancelled client stops before it starts.
    let e = c.discover(s.url()).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::ImportCancelled);
}

#[tokio::test]
async fn faults_can_be_set_over_http() {
    let s = sandbox(100);
    let http = raw_http().build().unwrap();
    let r = http.post(format!("{}/_faults", s.url())).json(&serde_json::json!({ "error500": 1 })).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(s.faults().error_500, 1);
    let listed: Vec<Value> = http.get(format!("{}/demo/patients", s.url())).send().await.unwrap().json().await.unwrap();
    assert_eq!(listed.len(), 3);
    assert_eq!(listed[2]["nhsNumber"], "9999999999");
}
