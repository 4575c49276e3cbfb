//! Staying connected, against the sandbox: `offline_access` asked for only when the person
//! chose it, the kept refresh token used to update without a browser (asking only for what
//! changed, `_since`, and the whole record from a practice that refuses it), rotation (the
//! old token stops working, the new one is handed back), revocation at disconnect (RFC 7009),
//! a refused token ending the connection with its own code, and dynamic client registration
//! (RFC 7591) where the practice offers it. Assertions are on what the
//! sandbox received and on codes, never on time.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::time::Duration;

use phr_core::ErrorCode;
use phr_gp::{GpClient, HttpBrowser, KeptConnection, Options, Progress, RetryPolicy, Revocation};
use phr_gp_sandbox::{Config, Faults, Sandbox};

fn sandbox() -> Sandbox {
    Sandbox::start(Config { auto_approve: true, ..Config::default() }).unwrap()
}

fn client(stay_connected: bool) -> GpClient {
    GpClient::new(Options {
        retry: RetryPolicy {
            max_attempts: 2,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(5),
            max_retry_after: Duration::from_secs(1),
        },
        stay_connected,
        ..Options::default()
    })
    .unwrap()
}

fn noop(_: Progress) {}

async fn connected(s: &Sandbox) -> KeptConnection {
    let c = client(true);
    let connected = c.connect(s.url(), &HttpBrowser, None, &noop).await.unwrap();
    connected.kept.expect("the practice gave a refresh token to keep")
}

#[tokio::test]
async fn lasting_access_is_asked_for_only_when_the_person_chose_to_stay_connected() {
    let s = sandbox();
    let once = client(false).connect(s.url(), &HttpBrowser, None, &noop).await.unwrap();
    assert!(once.kept.is_none(), "nothing to keep after a one-off import");
    assert_eq!(s.stats().authorize_requests[0]["scope"], "launch/patient patient/*.rs");
    assert!(s.stats().offline_tokens_issued.is_empty());

    let kept = connected(&s).await;
    let stats = s.stats();
    assert_eq!(stats.authorize_requests[1]["scope"], "launch/patient patient/*.rs offline_access");
    assert_eq!(stats.offline_tokens_issued, vec![kept.expose_refresh_token().to_owned()]);
    assert_eq!(kept.base, s.url());
    assert_eq!(kept.client_id, "phr-desktop");
    // The practice's clock, less a margin, as a FHIR instant.
    let since = kept.since.clone().expect("the first page's Date header gives the next since");
    assert!(since.len() == 20 && since.ends_with('Z'), "{since}");
}

#[tokio::test]
async fn an_update_needs_no_browser_asks_for_what_changed_and_keeps_the_rotated_token() {
    let s = sandbox();
    let kept = connected(&s).await;
    let c = client(true);
    let (practice, mut session, now) = c.resume(&kept, &noop).await.unwrap();
    // The sandbox rotates: the token was replaced at the refresh, and the old one is dead.
    assert!(kept.token_differs(&now));
    let (fetched, next) = c.update(&practice, &mut session, &now, None, &noop).await.unwrap();
    let stats = s.stats();
    assert_eq!(stats.since_requests, vec![kept.since.clone().unwrap()]);
    assert!(fetched.since_used);
    let token = stats.token_requests.last().unwrap();
    assert_eq!((token["grant_type"].as_str(), token["client_id"].as_str()), ("refresh_token", "phr-desktop"));
    assert_eq!(token["resource"], s.url());
    // Nothing in the made-up record changed since: one page, no entries.
    let page: serde_json::Value = serde_json::from_str(&fetched.pages[0].1).unwrap();
    assert_eq!(page["total"], 0);
    assert!(!next.token_differs(&now), "no refresh during the fetch, so the same token");
    assert!(next.since.is_some());

    let e = c.resume(&kept, &noop).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::GpConnectionEnded, "the token before rotation no longer works: {e}");
    assert!(e.message.contains("Connect again"), "{e}");
    // The rotated one does.
    c.resume(&now, &noop).await.unwrap();
}

#[tokio::test]
async fn a_practice_that_refuses_since_is_asked_for_the_whole_record() {
    let s = sandbox();
    let kept = connected(&s).await;
    s.set_faults(Faults { refuse_since: true, ..Faults::default() });
    let c = client(true);
    let (practice, mut session, now) = c.resume(&kept, &noop).await.unwrap();
    let (fetched, _) = c.update(&practice, &mut session, &now, None, &noop).await.unwrap();
    assert!(!fetched.since_used);
    let page: serde_json::Value = serde_json::from_str(&fetched.pages[0].1).unwrap();
    assert!(page["total"].as_u64().unwrap() > 0, "the whole record");
    assert_eq!(s.stats().since_requests.len(), 1);
}

#[tokio::test]
async fn disconnecting_revokes_the_token_at_the_practice() {
    let s = sandbox();
    let kept = connected(&s).await;
    let c = client(true);
    assert_eq!(c.revoke(&kept).await.unwrap(), Revocation::Revoked);
    let stats = s.stats();
    assert_eq!(stats.tokens_revoked, 1);
    let revocation = &stats.revocations[0];
    assert_eq!(revocation["token_type_hint"], "refresh_token");
    assert_eq!(revocation["client_id"], "phr-desktop");
    let e = c.resume(&kept, &noop).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::GpConnectionEnded);
}

#[tokio::test]
async fn a_gp_connect_practice_is_updated_whole() {
    let s = sandbox();
    let jane = s.patients().into_iter().find(|p| p.url == s.gp_connect_url()).unwrap();
    s.approve_as(Some(&jane.id));
    let c = client(true);
    let kept = c.connect(&jane.url, &HttpBrowser, Some(&jane.nhs_number), &noop).await.unwrap().kept.unwrap();
    let (practice, mut session, now) = c.resume(&kept, &noop).await.unwrap();
    let (fetched, _) = c.update(&practice, &mut session, &now, Some(&jane.nhs_number), &noop).await.unwrap();
    assert!(!fetched.since_used);
    assert_eq!(fetched.pages.len(), 1);
    assert!(s.stats().since_requests.is_empty());
}

#[tokio::test]
async fn a_practice_that_offers_registration_registers_the_app_and_its_id_is_used_throughout() {
    let s = sandbox();
    s.set_faults(Faults { registration: true, ..Faults::default() });
    let kept = connected(&s).await;
    let stats = s.stats();
    let [registration] = stats.registrations.as_slice() else { panic!("one registration: {:?}", stats.registrations) };
    assert_eq!(registration["application_type"], "native");
    assert_eq!(registration["token_endpoint_auth_method"], "none");
    assert_eq!(registration["redirect_uris"], serde_json::json!(["http://127.0.0.1/callback"]));
    let id = stats.registered_ids[0].clone();
    assert_eq!(stats.authorize_requests[0]["client_id"], id);
    assert_eq!(stats.token_requests[0]["client_id"], id);
    assert_eq!(kept.client_id, id, "the connection is kept with the id the practice gave");
    // A refresh names it too.
    client(true).resume(&kept, &noop).await.unwrap();
    assert_eq!(s.stats().token_requests.last().unwrap()["client_id"], id);
}

#[tokio::test]
async fn a_client_id_given_for_the_practice_is_used_without_registering() {
    let s = sandbox();
    s.set_faults(Faults { registration: true, ..Faults::default() });
    let c = GpClient::new(Options {
        client_id: "from-the-directory".into(),
        dynamic_registration: false,
        ..Options::default()
    })
    .unwrap();
    c.connect(s.url(), &HttpBrowser, None, &noop).await.unwrap();
    let stats = s.stats();
    assert!(stats.registrations.is_empty());
    assert_eq!(stats.authorize_requests[0]["client_id"], "from-the-directory");
}
