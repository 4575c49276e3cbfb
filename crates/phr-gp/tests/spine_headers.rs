//! GP Connect's Spine headers against the sandbox: the client sends them (one trace id per
//! request, kept by its retries) and its import works; the sandbox refuses a request missing
//! any of them, or with a wrong value, with GP Connect's 400 BAD_REQUEST naming the header.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

use std::time::Duration;

use phr_core::ErrorCode;
use phr_gp::{GpClient, HttpBrowser, Options, Practice, Progress, RetryPolicy};
use phr_gp_sandbox::{Config, DemoPatient, Faults, Flavour, SANDBOX_ASID, Sandbox};
use serde_json::{Value, json};

/// A plain HTTP client for what a browser or another program would send, with rustls's ring
/// provider installed as the app's client installs it (each test is its own process).
fn raw_http() -> reqwest::ClientBuilder {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
}

const INTERACTION: &str = "urn:nhs:names:services:gpconnect:fhir:operation:gpc.getstructuredrecord-1";

fn sandbox() -> Sandbox {
    Sandbox::start(Config { auto_approve: true, ..Config::default() }).unwrap()
}

fn client(options: Options) -> GpClient {
    GpClient::new(Options {
        retry: RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(5),
            max_retry_after: Duration::from_secs(5),
        },
        ..options
    })
    .unwrap()
}

fn jane(s: &Sandbox) -> DemoPatient {
    s.patients().into_iter().find(|p| p.flavour == Flavour::GpConnect).unwrap()
}

fn noop(_: Progress) {}

#[test]
fn the_client_and_the_sandbox_agree_on_the_names() {
    assert_eq!(phr_gp::GET_STRUCTURED_RECORD, INTERACTION);
    assert_eq!(phr_gp_sandbox::GET_STRUCTURED_RECORD, INTERACTION);
    assert_eq!(phr_gp::PROVIDER_ASID_EXTENSION, phr_gp_sandbox::PROVIDER_ASID_EXTENSION);
    assert_eq!(phr_gp::ASID_SYSTEM, phr_gp_sandbox::ASID_SYSTEM);
}

#[tokio::test]
async fn the_import_sends_the_headers_with_one_trace_id_per_request() {
    let s = sandbox();
    let jane = jane(&s);
    let c = client(Options::default());
    let (practice, pages) = c.fetch_all(&jane.url, &HttpBrowser, Some(&jane.nhs_number), &noop).await.unwrap();
    // The ASID came from the sandbox's CapabilityStatement.
    assert_eq!(practice.asid.as_deref(), Some(SANDBOX_ASID));
    let bundle: Value = serde_json::from_str(&pages[0].1).unwrap();
    assert_eq!(bundle["entry"].as_array().unwrap().len(), 136);
    let first = s.stats();
    assert_eq!((first.bad_headers, first.trace_ids.len()), (0, 1));
    let trace = uuid::Uuid::parse_str(&first.trace_ids[0]).unwrap();
    assert_eq!(trace.get_version_num(), 4);

    // Two 500s, then success: three attempts of one request, all with the same trace id.
    s.set_faults(Faults { error_500: 2, ..Faults::default() });
    let mut session = c.sign_in(&practice, &HttpBrowser, &noop).await.unwrap();
    c.fetch_record(&practice, &mut session, Some(&jane.nhs_number), &noop).await.unwrap();
    let stats = s.stats();
    assert_eq!(stats.error_500_sent, 2);
    let retried = &stats.trace_ids[1..];
    assert_eq!(retried.len(), 3);
    assert!(retried.iter().all(|t| t == &retried[0]), "{retried:?}");
    // A new request has a new trace id.
    assert_ne!(retried[0], stats.trace_ids[0]);
}

#[tokio::test]
async fn the_configured_asid_is_used_when_the_practice_gives_none() {
    let s = sandbox();
    let jane = jane(&s);
    let configured = client(Options { provider_asid: Some(SANDBOX_ASID.into()), ..Options::default() });
    let discovered = configured.discover(&jane.url).await.unwrap();
    let silent = Practice { asid: None, ..discovered.clone() };
    let mut session = configured.sign_in(&silent, &HttpBrowser, &noop).await.unwrap();
    let pages = configured.fetch_record(&silent, &mut session, Some(&jane.nhs_number), &noop).await.unwrap();
    assert_eq!(pages.len(), 1);

    // Neither: refused before anything is sent.
    let bare = client(Options::default());
    let before = s.stats();
    let e = bare.fetch_record(&silent, &mut session, Some(&jane.nhs_number), &noop).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput, "{e}");
    assert!(e.message.contains("Spine ASID"), "{e}");
    let after = s.stats();
    assert_eq!((after.trace_ids.len(), after.bad_headers), (before.trace_ids.len(), before.bad_headers));

    // A wrong ASID reaches the practice, whose refusal the person is shown, naming the header.
    let wrong = Practice { asid: Some("200000000116".into()), ..discovered };
    let e = bare.fetch_record(&wrong, &mut session, Some(&jane.nhs_number), &noop).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::GpServerError, "{e}");
    assert!(e.message.contains("400 Bad Request") && e.message.contains("Ssp-To"), "{e}");
    // Not retried: a refusal is the practice's answer.
    assert_eq!(s.stats().bad_headers, after.bad_headers + 1);
}

/// An access token for Jane, by the authorisation code flow with PKCE, done by hand.
async fn token(s: &Sandbox, http: &reqwest::Client, jane: &DemoPatient) -> String {
    use base64::Engine;
    let verifier = "v".repeat(43);
    let challenge = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(ring::digest::digest(&ring::digest::SHA256, verifier.as_bytes()));
    let redirect = "http://127.0.0.1:9/callback";
    let authorize = format!(
        "{}/authorize?response_type=code&client_id=t&redirect_uri={redirect}&state=s&code_challenge={challenge}&code_challenge_method=S256&login_hint={}",
        s.url(),
        jane.nhs_number
    );
    let r = http.get(authorize).send().await.unwrap();
    let location = url::Url::parse(r.headers()["location"].to_str().unwrap()).unwrap();
    let code = location.query_pairs().find(|(k, _)| k == "code").unwrap().1.into_owned();
    let form = [
        ("grant_type", "authorization_code"),
        ("code", &code),
        ("redirect_uri", redirect),
        ("code_verifier", &verifier),
    ];
    let tokens: Value = http.post(format!("{}/token", s.url())).form(&form).send().await.unwrap().json().await.unwrap();
    tokens["access_token"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_sandbox_refuses_a_request_without_each_header() {
    let s = sandbox();
    let jane = jane(&s);
    let http = raw_http().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let token = token(&s, &http, &jane).await;
    let url = format!("{}/Patient/$gpc.getstructuredrecord", jane.url);
    let body = json!({ "resourceType": "Parameters", "parameter": [{ "name": "patientNHSNumber",
        "valueIdentifier": { "system": "https://fhir.nhs.uk/Id/nhs-number", "value": jane.nhs_number } }] })
    .to_string();
    let good = [
        ("Ssp-TraceID", "629ea9ba-a077-4d99-b289-7a9b19fd4e03"),
        ("Ssp-From", "900000000002"),
        ("Ssp-To", SANDBOX_ASID),
        ("Ssp-InteractionID", INTERACTION),
    ];
    // Sends the good headers with `change` applied: (name, None) leaves one out.
    let send = |change: (&'static str, Option<&'static str>)| {
        let (http, url, token, body) = (http.clone(), url.clone(), token.clone(), body.clone());
        async move {
            let mut rb = http
                .post(url)
                .bearer_auth(token)
                .header("Accept", "application/fhir+json")
                .header("Content-Type", "application/fhir+json")
                .body(body);
            for (name, value) in good {
                match change {
                    (n, None) if n == name => {}
                    (n, Some(other)) if n == name => rb = rb.header(name, other),
                    _ => rb = rb.header(name, value),
                }
            }
            let r = rb.send().await.unwrap();
            let status = r.status().as_u16();
            (status, r.json::<Value>().await.unwrap())
        }
    };
    let refused = |(status, outcome): (u16, Value)| -> String {
        assert_eq!(status, 400, "{outcome}");
        assert_eq!(outcome["resourceType"], "OperationOutcome");
        let issue = &outcome["issue"][0];
        assert_eq!((issue["severity"].as_str(), issue["code"].as_str()), (Some("error"), Some("invalid")));
        let coding = &issue["details"]["coding"][0];
        assert_eq!(coding["system"], "https://fhir.nhs.uk/STU3/ValueSet/Spine-ErrorOrWarningCode-1");
        assert_eq!((coding["code"].as_str(), coding["display"].as_str()), (Some("BAD_REQUEST"), Some("Bad request")));
        issue["diagnostics"].as_str().unwrap().to_owned()
    };

    // The same request with every header is answered: it is the headers that are refused below.
    let (status, bundle) = send(("", None)).await;
    assert_eq!((status, bundle["resourceType"].as_str()), (200, Some("Bundle")));

    for (name, _) in good {
        assert_eq!(refused(send((name, None)).await), format!("The {name} header is missing"));
    }
    let e =
        refused(send(("Ssp-InteractionID", Some("urn:nhs:names:services:gpconnect:fhir:rest:read:metadata-1"))).await);
    assert!(
        e.starts_with("The Ssp-InteractionID header is \"urn:nhs:names:services:gpconnect:fhir:rest:read:metadata-1\""),
        "{e}"
    );
    assert!(e.contains(INTERACTION), "{e}");
    let e = refused(send(("Ssp-TraceID", Some("not-a-uuid"))).await);
    assert_eq!(e, "The Ssp-TraceID header is not a GUID or UUID: \"not-a-uuid\"");
    let e = refused(send(("Ssp-To", Some("200000000116"))).await);
    assert_eq!(e, format!("The Ssp-To header is \"200000000116\", not this practice's ASID {SANDBOX_ASID}"));

    let stats = s.stats();
    assert_eq!((stats.bad_headers, stats.record_requests), (7, 1));
}
