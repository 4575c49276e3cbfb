//! The broker over real HTTP on loopback: an assertion that verifies with the published JWKS and
//! names only the client and the token endpoint; everything else refused; and nothing kept.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use phr_broker::{Broker, CLIENT_ASSERTION_TYPE, Config, RateLimit, SigningKey};
use ring::signature::{RSA_PKCS1_2048_8192_SHA512, RsaPublicKeyComponents};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const KEY: &[u8] = include_bytes!("fixtures/test-signing-key.pk8.der");
const CLIENT_ID: &str = "phr-desktop-test";
const TOKEN_ENDPOINT: &str = "https://auth.sandpit.signin.nhs.uk/token";

struct Running {
    base: String,
    broker: Broker,
    log: Arc<Mutex<Vec<String>>>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

async fn start(rate: RateLimit) -> Running {
    let config = Config {
        client_id: CLIENT_ID.into(),
        token_endpoint: TOKEN_ENDPOINT.into(),
        key: SigningKey::from_bytes(KEY, "test-key-1").unwrap(),
        rate,
        trust_forwarded_for: false,
    };
    let log = Arc::new(Mutex::new(Vec::new()));
    let sink = log.clone();
    let broker =
        Broker::with_log(config, Arc::new(move |line: &str| sink.lock().unwrap().push(line.to_owned()))).unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel();
    tokio::spawn(broker.clone().serve(listener, async move {
        let _ = stopped.await;
    }));
    Running { base, broker, log, stop: Some(stop) }
}

struct Reply {
    status: u16,
    headers: String,
    body: String,
}

impl Reply {
    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
    fn header(&self, name: &str) -> Option<String> {
        self.headers.lines().find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim().to_owned())
        })
    }
}

/// One HTTP/1.1 request on a fresh connection, read to its end.
async fn request(base: &str, method: &str, path: &str, body: &[u8]) -> Reply {
    let addr = base.strip_prefix("http://").unwrap();
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    // A body past the cap may be refused before it is all sent; the reply is what matters.
    let _ = stream.write_all(body).await;
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw).await;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (headers, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = headers.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    Reply { status, headers: headers.to_owned(), body: body.to_owned() }
}

async fn ask(base: &str, token_endpoint: &str) -> Reply {
    let body = serde_json::json!({ "token_endpoint": token_endpoint }).to_string();
    request(base, "POST", "/assertion", body.as_bytes()).await
}

fn part(jwt: &str, i: usize) -> serde_json::Value {
    let bytes = URL_SAFE_NO_PAD.decode(jwt.split('.').nth(i).unwrap()).unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
}

#[tokio::test]
async fn an_assertion_verifies_with_the_jwks_and_names_only_the_client_and_endpoint() {
    let broker = start(RateLimit::default()).await;
    let reply = ask(&broker.base, TOKEN_ENDPOINT).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.header("cache-control").as_deref(), Some("no-store"));
    let json = reply.json();
    assert_eq!(json["client_assertion_type"], CLIENT_ASSERTION_TYPE);
    assert_eq!(json["expires_in"], 60);
    let jwt = json["client_assertion"].as_str().unwrap();

    // The signature, with the public key as the identity provider would have it registered.
    let jwks = broker.broker.jwks();
    let jwk = &jwks["keys"][0];
    assert_eq!(
        (jwk["kty"].as_str(), jwk["alg"].as_str(), jwk["kid"].as_str()),
        (Some("RSA"), Some("RS512"), Some("test-key-1"))
    );
    let public = RsaPublicKeyComponents {
        n: URL_SAFE_NO_PAD.decode(jwk["n"].as_str().unwrap()).unwrap(),
        e: URL_SAFE_NO_PAD.decode(jwk["e"].as_str().unwrap()).unwrap(),
    };
    let (signing_input, signature) = jwt.rsplit_once('.').unwrap();
    let signature = URL_SAFE_NO_PAD.decode(signature).unwrap();
    public.verify(&RSA_PKCS1_2048_8192_SHA512, signing_input.as_bytes(), &signature).unwrap();
    let mut tampered = signing_input.as_bytes().to_vec();
    tampered[5] ^= 1;
    assert!(public.verify(&RSA_PKCS1_2048_8192_SHA512, &tampered, &signature).is_err());

    let header = part(jwt, 0);
    assert_eq!(header, serde_json::json!({ "alg": "RS512", "typ": "JWT", "kid": "test-key-1" }));
    let claims = part(jwt, 1);
    let mut names: Vec<&str> = claims.as_object().unwrap().keys().map(String::as_str).collect();
    names.sort_unstable();
    assert_eq!(names, ["aud", "exp", "iat", "iss", "jti", "sub"], "nothing but these claims");
    assert_eq!(claims["iss"], CLIENT_ID);
    assert_eq!(claims["sub"], CLIENT_ID);
    assert_eq!(claims["aud"], TOKEN_ENDPOINT);
    let iat = claims["iat"].as_i64().unwrap();
    assert!((iat - now()).abs() <= 5, "iat is now");
    assert_eq!(claims["exp"].as_i64().unwrap(), iat + 60);
    let jti = claims["jti"].as_str().unwrap();
    assert!(jti.len() >= 22 && URL_SAFE_NO_PAD.decode(jti).is_ok(), "a random base64url jti: {jti}");

    // A fresh jti each time.
    let again = ask(&broker.base, TOKEN_ENDPOINT).await.json();
    assert_ne!(part(again["client_assertion"].as_str().unwrap(), 1)["jti"], claims["jti"]);
}

#[tokio::test]
async fn another_token_endpoint_or_extra_fields_are_refused() {
    let broker = start(RateLimit::default()).await;
    for endpoint in ["https://attacker.example/token", "https://auth.sandpit.signin.nhs.uk/token/", ""] {
        let reply = ask(&broker.base, endpoint).await;
        assert_eq!(reply.status, 400, "{endpoint}: {}", reply.body);
        assert_eq!(reply.json()["error"], "invalid_request");
        assert!(reply.json()["error_description"].as_str().unwrap().contains("token endpoint"));
    }
    // The broker is never given a code or a verifier: a body that carries one is refused.
    let body = serde_json::json!({ "token_endpoint": TOKEN_ENDPOINT, "code": "abc", "code_verifier": "xyz" });
    let reply = request(&broker.base, "POST", "/assertion", body.to_string().as_bytes()).await;
    assert_eq!(reply.status, 400, "{}", reply.body);
    let reply = request(&broker.base, "POST", "/assertion", b"not json").await;
    assert_eq!(reply.status, 400, "{}", reply.body);
    assert!(reply.json()["error_description"].as_str().unwrap().contains("token_endpoint"));
}

#[tokio::test]
async fn past_the_rate_an_address_gets_429_with_retry_after() {
    let broker = start(RateLimit { per_window: 3, window: Duration::from_secs(60) }).await;
    for _ in 0..3 {
        assert_eq!(ask(&broker.base, TOKEN_ENDPOINT).await.status, 200);
    }
    let reply = ask(&broker.base, TOKEN_ENDPOINT).await;
    assert_eq!(reply.status, 429, "{}", reply.body);
    let retry: u64 = reply.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    assert_eq!(reply.json()["error"], "too_many_requests");
    // Health is not counted.
    assert_eq!(request(&broker.base, "GET", "/health", b"").await.status, 200);
}

#[tokio::test]
async fn an_oversized_body_is_refused() {
    let broker = start(RateLimit::default()).await;
    let endpoint = format!("https://auth.sandpit.signin.nhs.uk/{}", "a".repeat(5000));
    let reply = ask(&broker.base, &endpoint).await;
    assert_eq!(reply.status, 413, "{}", reply.body);
    assert_eq!(reply.json()["error"], "invalid_request");
}

#[tokio::test]
async fn health_answers_and_anything_else_is_404() {
    let broker = start(RateLimit::default()).await;
    let reply = request(&broker.base, "GET", "/health", b"").await;
    assert_eq!((reply.status, reply.body.as_str()), (200, "ok"));
    for path in ["/", "/token", "/assertion/x", "/.well-known/jwks.json"] {
        assert_eq!(request(&broker.base, "GET", path, b"").await.status, 404, "{path}");
    }
    assert_eq!(request(&broker.base, "POST", "/token", b"{}").await.status, 404);
    assert_eq!(request(&broker.base, "GET", "/assertion", b"").await.status, 405);
}

#[tokio::test]
async fn after_a_flow_the_broker_holds_only_a_rate_count_and_logs_no_body() {
    let broker = start(RateLimit { per_window: 30, window: Duration::from_secs(1) }).await;
    assert_eq!(broker.broker.state_snapshot().remembered_addresses, 0, "nothing before");
    let jwt = ask(&broker.base, TOKEN_ENDPOINT).await.json()["client_assertion"].as_str().unwrap().to_owned();
    let refused = ask(&broker.base, "https://attacker.example/token?nhs_number=9434765919").await;
    assert_eq!(refused.status, 400);
    let _ = request(&broker.base, "GET", "/callback?code=secret-code-123&state=s", b"").await;
    assert_eq!(broker.broker.state_snapshot().remembered_addresses, 1, "one address's count, nothing else");

    let log = broker.log.lock().unwrap().clone();
    assert_eq!(log.len(), 3, "{log:?}");
    assert!(log[0].ends_with(" POST /assertion 200"), "{log:?}");
    assert!(log[1].ends_with(" POST /assertion 400"), "{log:?}");
    assert!(log[2].ends_with(" GET (other) 404"), "{log:?}");
    let jti = part(&jwt, 1)["jti"].as_str().unwrap().to_owned();
    for secret in [jwt.as_str(), jti.as_str(), "9434765919", "attacker", "secret-code-123", "token_endpoint"] {
        assert!(log.iter().all(|l| !l.contains(secret)), "the log holds {secret}: {log:?}");
    }

    // Once its window has passed, the address is forgotten too: the state is as before.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(broker.broker.state_snapshot().remembered_addresses, 0, "nothing after");
}

#[test]
fn configuration_is_checked_and_debug_shows_no_key() {
    let config = |endpoint: &str, client_id: &str| Config {
        client_id: client_id.into(),
        token_endpoint: endpoint.into(),
        key: SigningKey::from_bytes(KEY, "test-key-1").unwrap(),
        rate: RateLimit::default(),
        trust_forwarded_for: false,
    };
    let e = Broker::new(config("http://auth.example/token", CLIENT_ID)).unwrap_err();
    assert!(e.to_string().contains("must be https"), "{e}");
    assert!(Broker::new(config("http://127.0.0.1:9/token", CLIENT_ID)).is_ok(), "loopback http for tests");
    assert!(Broker::new(config(TOKEN_ENDPOINT, " ")).unwrap_err().to_string().contains("client id"));

    let broker = Broker::new(config(TOKEN_ENDPOINT, CLIENT_ID)).unwrap();
    let shown = format!("{broker:?} {broker:#?}");
    assert!(shown.contains(CLIENT_ID) && shown.contains("test-key-1"), "{shown}");
    // No part of the key's DER (its private parts are most of it) appears in any encoding.
    let n = broker.jwks()["keys"][0]["n"].as_str().unwrap().to_owned();
    assert!(!shown.contains(n.get(..20).unwrap()), "{shown}");
    assert!(!shown.contains("MII"), "{shown}");
}
