//! What the client refuses: discovery documents whose sign-in addresses are not secure
//! (before any browser opens), sign-in addresses that name the person, pages and records past
//! their caps (without reading them whole), and a record that never finishes arriving.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use phr_core::ErrorCode;
use phr_gp::{Browser, GpClient, GpError, HttpBrowser, Options, Progress, RetryPolicy};
use phr_gp_sandbox::{Config, DemoPatient, Faults, Flavour, Sandbox};

fn sandbox(page_size: usize) -> Sandbox {
    Sandbox::start(Config { auto_approve: true, page_size, ..Config::default() }).unwrap()
}

fn options() -> Options {
    Options {
        retry: RetryPolicy {
            max_attempts: 2,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(5),
            max_retry_after: Duration::from_secs(1),
        },
        sign_in_timeout: Duration::from_secs(30),
        ..Options::default()
    }
}

fn noop(_: Progress) {}

/// A browser that notes each address it is asked to open, then (when `through` is set) lets
/// the HTTP browser follow it.
#[derive(Default, Clone)]
struct Recording {
    opened: Arc<Mutex<Vec<String>>>,
    through: bool,
}

impl Browser for Recording {
    fn open(&self, url: &str) -> Result<(), GpError> {
        self.opened.lock().unwrap().push(url.to_owned());
        if self.through { HttpBrowser.open(url) } else { Ok(()) }
    }
}

/// A practice that answers only discovery, from a fixed CapabilityStatement and SMART
/// configuration, on 127.0.0.1; its address.
fn discovery_only(authorize: &str, token: &str) -> String {
    discovery_padded(authorize, token, 0)
}

/// As [`discovery_only`], with a CapabilityStatement `padding` bytes longer.
fn discovery_padded(authorize: &str, token: &str, padding: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let metadata = serde_json::json!({
        "resourceType": "CapabilityStatement", "fhirVersion": "4.0.1", "rest": [{}], "description": "x".repeat(padding)
    });
    // The least a desktop app can sign in with: the two endpoints and PKCE S256.
    let smart = serde_json::json!({
        "authorization_endpoint": authorize, "token_endpoint": token, "code_challenge_methods_supported": ["S256"]
    });
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap_or(0) == 1 {
                head.push(byte[0]);
            }
            let head = String::from_utf8_lossy(&head);
            let body = if head.starts_with("GET /metadata ") {
                metadata.to_string()
            } else if head.starts_with("GET /.well-known/smart-configuration ") {
                smart.to_string()
            } else {
                let _ = stream.write_all(b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
                continue;
            };
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    base
}

#[tokio::test]
async fn a_discovery_document_with_an_http_token_endpoint_elsewhere_is_refused_before_any_browser_opens() {
    let browser = Recording::default();
    let c = GpClient::new(options()).unwrap();
    for (authorize, token) in [
        ("https://gp.example/authorize", "http://gp.example/token"),
        ("http://gp.example/authorize", "https://gp.example/token"),
    ] {
        let base = discovery_only(authorize, token);
        let e = c.fetch_all(&base, &browser, None, &noop).await.unwrap_err();
        assert_eq!(e.code, ErrorCode::GpAddressInsecure, "{e}");
        assert!(e.message.contains("not secure") && e.message.contains("http://gp.example/"), "{e}");
    }
    assert!(browser.opened.lock().unwrap().is_empty(), "a browser was opened");

    // A Practice made by hand is held to the same rule by sign_in itself.
    let base = discovery_only("https://gp.example/authorize", "https://gp.example/token");
    let mut practice = c.discover(&base).await.unwrap();
    practice.token_url = "http://gp.example/token".into();
    let e = c.sign_in(&practice, &browser, &noop).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::GpAddressInsecure);
    assert!(browser.opened.lock().unwrap().is_empty(), "a browser was opened");
}

#[tokio::test]
async fn a_service_description_over_the_small_reply_cap_is_refused() {
    let c = GpClient::new(options()).unwrap();
    let base = discovery_padded("https://gp.example/authorize", "https://gp.example/token", 300_000);
    c.discover(&base).await.expect("a large CapabilityStatement of 300 KB is read");
    let base = discovery_padded("https://gp.example/authorize", "https://gp.example/token", 4_000_001);
    let e = c.discover(&base).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::GpPageTooLarge, "{e}");
    assert!(e.message.contains("service description") && e.message.contains("4 MB"), "{e}");
}

#[tokio::test]
async fn http_to_127_0_0_1_is_accepted() {
    let base = discovery_only("http://127.0.0.1:9/authorize", "http://127.0.0.1:9/token");
    let practice = GpClient::new(options()).unwrap().discover(&base).await.unwrap();
    assert_eq!(practice.authorize_url, "http://127.0.0.1:9/authorize");
    assert_eq!(practice.token_url, "http://127.0.0.1:9/token");
    // And the whole journey against the demo practice, which is http on 127.0.0.1.
    let s = sandbox(100);
    let karena = s.patients()[0].clone();
    let (_, pages) = GpClient::new(options()).unwrap().fetch_all(&karena.url, &HttpBrowser, None, &noop).await.unwrap();
    assert_eq!(pages.len(), 2);
}

#[tokio::test]
async fn the_authorization_url_never_contains_the_nhs_number() {
    let s = sandbox(100);
    let c = GpClient::new(options()).unwrap();
    let patients: Vec<DemoPatient> = s.patients();
    assert!(patients.iter().any(|p| p.flavour == Flavour::GpConnect));
    for p in &patients {
        let browser = Recording { through: true, ..Recording::default() };
        s.approve_as(Some(&p.id));
        c.fetch_all(&p.url, &browser, Some(&p.nhs_number), &noop).await.unwrap();
        let opened = browser.opened.lock().unwrap().clone();
        assert_eq!(opened.len(), 1);
        let url = &opened[0];
        assert!(!url.contains(&p.nhs_number), "{url}");
        assert!(!url.contains("login_hint"), "{url}");
    }
}

fn capped(max_page_bytes: u64) -> GpClient {
    GpClient::new(Options { max_page_bytes, ..options() }).unwrap()
}

#[tokio::test]
async fn a_page_over_the_cap_is_refused_without_reading_it_all() {
    let s = sandbox(100);
    let karena = s.patients()[0].clone();
    s.approve_as(Some(&karena.id));
    // A page that never ends: a client without a cap would read for ever.
    s.set_faults(Faults { endless: 1, ..Faults::default() });
    let c = capped(256_000);
    let fetch = c.fetch_all(&karena.url, &HttpBrowser, None, &noop);
    let e =
        tokio::time::timeout(Duration::from_secs(60), fetch).await.expect("the endless page was read on").unwrap_err();
    assert_eq!(e.code, ErrorCode::GpPageTooLarge, "{e}");
    assert!(e.message.contains("page 1 of your record") && e.message.contains("256 KB"), "{e}");
    // Refused, not tried again: the same server would send the same page.
    assert_eq!(s.stats().record_requests, 1);

    // A page that announces 1 GiB is refused on its Content-Length, before its body is read.
    s.set_faults(Faults { huge_page_bytes: 1024 * 1024 * 1024, ..Faults::default() });
    let before = s.stats().streamed_bytes;
    let e = c.fetch_all(&karena.url, &HttpBrowser, None, &noop).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::GpPageTooLarge, "{e}");
    let streamed = s.stats().streamed_bytes - before;
    assert!(streamed < 64 * 1024 * 1024, "{streamed} bytes of the 1 GiB page were sent");
}

#[tokio::test]
async fn a_record_over_its_cap_is_refused() {
    let s = sandbox(50);
    let karena = s.patients()[0].clone();
    s.approve_as(Some(&karena.id));
    let (_, pages) = GpClient::new(options()).unwrap().fetch_all(&karena.url, &HttpBrowser, None, &noop).await.unwrap();
    assert!(pages.len() >= 3);
    // Room for the first two pages and not the third.
    let room = (pages[0].1.len() + pages[1].1.len() + 10) as u64;
    let c = GpClient::new(Options { max_record_bytes: room, ..options() }).unwrap();
    let e = c.fetch_all(&karena.url, &HttpBrowser, None, &noop).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::GpRecordTooLarge, "{e}");
    assert!(e.message.contains("all pages together") && e.message.contains("Nothing was imported"), "{e}");
}

#[tokio::test]
async fn a_body_that_trickles_for_ever_hits_the_deadline() {
    let s = sandbox(100);
    let karena = s.patients()[0].clone();
    s.approve_as(Some(&karena.id));
    s.set_faults(Faults { trickle: 1, trickle_ms: 20, ..Faults::default() });
    // Each byte comes well within the idle timeout and the request's own time is long: only
    // the whole fetch's deadline ends it.
    let c = GpClient::new(Options { import_deadline: Duration::from_secs(2), ..options() }).unwrap();
    let fetch = c.fetch_all(&karena.url, &HttpBrowser, None, &noop);
    let e =
        tokio::time::timeout(Duration::from_secs(60), fetch).await.expect("the deadline did not end it").unwrap_err();
    assert_eq!(e.code, ErrorCode::GpImportTimedOut, "{e}");
    assert!(e.message.contains("within 2 seconds") && e.message.contains("Nothing was imported"), "{e}");
    assert!(s.stats().streamed_bytes > 0, "the trickle never started");

    // The same trickle against a short per-request timeout: that request's own time ends it.
    s.set_faults(Faults { trickle: 2, trickle_ms: 20, ..Faults::default() });
    let c = GpClient::new(Options { request_timeout: Duration::from_millis(500), ..options() }).unwrap();
    let e = c.fetch_all(&karena.url, &HttpBrowser, None, &noop).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::GpRequestTimedOut, "{e}");
}
