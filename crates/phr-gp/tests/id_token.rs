//! NHS login ID tokens: a good one is accepted with the person's NHS number, and each way a token
//! can be wrong (audience, expiry, nonce, identity level, signer, algorithm, tampering, NHS
//! number) is refused. Tokens are signed here with test-only keys (tests/fixtures/SOURCE).

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use phr_core::ErrorCode;
use phr_gp::{IdTokenExpectations, IdentityLevel, validate_id_token};
use ring::rand::SystemRandom;
use ring::signature::{RSA_PKCS1_SHA256, RSA_PKCS1_SHA512, RsaKeyPair, RsaPublicKeyComponents};
use serde_json::{Value, json};

const NHS_LOGIN_KEY: &[u8] = include_bytes!("fixtures/nhs-login-test-key.pk8.der");
const OTHER_KEY: &[u8] = include_bytes!("fixtures/other-test-key.pk8.der");
const ISSUER: &str = "https://auth.sandpit.signin.nhs.uk";
const CLIENT_ID: &str = "phr-desktop";
const NONCE: &str = "n-0S6_WzA2Mj";
const NOW: i64 = 1_800_000_000;

fn key(der: &[u8]) -> RsaKeyPair {
    RsaKeyPair::from_pkcs8(der).unwrap()
}

fn jwk(pair: &RsaKeyPair, kid: &str) -> Value {
    let public: RsaPublicKeyComponents<Vec<u8>> = pair.public().into();
    let trim = |b: &[u8]| b.iter().position(|x| *x != 0).map(|i| b[i..].to_vec()).unwrap_or_default();
    json!({ "kty": "RSA", "use": "sig", "kid": kid, "n": URL_SAFE_NO_PAD.encode(trim(&public.n)), "e": URL_SAFE_NO_PAD.encode(trim(&public.e)) })
}

/// NHS login's published keys: its signing key, and another of its keys under another kid.
fn jwks() -> Value {
    json!({ "keys": [jwk(&key(NHS_LOGIN_KEY), "nhs-login-1"), jwk(&key(OTHER_KEY), "nhs-login-old")] })
}

fn expected() -> IdTokenExpectations {
    IdTokenExpectations {
        issuer: ISSUER.into(),
        client_id: CLIENT_ID.into(),
        nonce: NONCE.into(),
        minimum_level: IdentityLevel::P9,
        clock_skew_secs: 60,
    }
}

fn claims() -> Value {
    json!({
        "iss": ISSUER,
        "sub": "49f470a1-cc52-49b7-beba-0f9cec937c46",
        "aud": CLIENT_ID,
        "nonce": NONCE,
        "iat": NOW - 10,
        "exp": NOW + 3600,
        "auth_time": NOW - 20,
        "vot": "P9.Cp.Cd",
        "vtm": "https://auth.sandpit.signin.nhs.uk/trustmark/auth.sandpit.signin.nhs.uk",
        "identity_proofing_level": "P9",
        "nhs_number": "9434765919",
    })
}

fn b64(v: &Value) -> String {
    URL_SAFE_NO_PAD.encode(v.to_string())
}

/// A token with this header and these claims, signed RS512 (or RS256 when the header says so)
/// with `der`.
fn sign_with(der: &[u8], header: &Value, claims: &Value) -> String {
    let input = format!("{}.{}", b64(header), b64(claims));
    let pair = key(der);
    let mut sig = vec![0; pair.public().modulus_len()];
    let alg = if header["alg"] == "RS256" { &RSA_PKCS1_SHA256 } else { &RSA_PKCS1_SHA512 };
    pair.sign(alg, &SystemRandom::new(), input.as_bytes(), &mut sig).unwrap();
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(sig))
}

fn header() -> Value {
    json!({ "alg": "RS512", "typ": "JWT", "kid": "nhs-login-1" })
}

fn token(claims: &Value) -> String {
    sign_with(NHS_LOGIN_KEY, &header(), claims)
}

fn with(change: impl FnOnce(&mut Value)) -> String {
    let mut c = claims();
    change(&mut c);
    token(&c)
}

fn refused(jwt: &str) -> phr_gp::GpError {
    validate_id_token(jwt, &jwks(), &expected(), NOW).unwrap_err()
}

#[test]
fn a_good_token_is_accepted_with_the_nhs_number() {
    let got = validate_id_token(&token(&claims()), &jwks(), &expected(), NOW).unwrap();
    assert_eq!(got.sub, "49f470a1-cc52-49b7-beba-0f9cec937c46");
    assert_eq!(got.nhs_number.as_ref().unwrap().as_digits(), "9434765919");
    assert_eq!((got.vot.as_str(), got.level), ("P9.Cp.Cd", IdentityLevel::P9));
    assert_eq!((got.issued_at, got.expires_at), (NOW - 10, NOW + 3600));
    // Debug shows neither who the person is nor their NHS number.
    let shown = format!("{got:?}");
    assert!(!shown.contains("9434765919") && !shown.contains("49f470a1"), "{shown}");

    // RS256, an aud list with azp, and no kid with a single published key are all fine.
    let rs256 = sign_with(NHS_LOGIN_KEY, &json!({ "alg": "RS256", "kid": "nhs-login-1" }), &claims());
    assert!(validate_id_token(&rs256, &jwks(), &expected(), NOW).is_ok());
    let several = with(|c| {
        c["aud"] = json!([CLIENT_ID, "another"]);
        c["azp"] = json!(CLIENT_ID);
    });
    assert!(validate_id_token(&several, &jwks(), &expected(), NOW).is_ok());
    let no_kid = sign_with(NHS_LOGIN_KEY, &json!({ "alg": "RS512" }), &claims());
    let one_key = json!({ "keys": [jwk(&key(NHS_LOGIN_KEY), "nhs-login-1")] });
    assert!(validate_id_token(&no_kid, &one_key, &expected(), NOW).is_ok());
    assert!(validate_id_token(&no_kid, &jwks(), &expected(), NOW).is_err(), "no kid and two keys: which one?");
    // P5 is enough where P5 is all that is asked.
    let p5 = with(|c| c["vot"] = json!("P5.Cp.Cd"));
    assert!(
        validate_id_token(&p5, &jwks(), &IdTokenExpectations { minimum_level: IdentityLevel::P5, ..expected() }, NOW)
            .is_ok()
    );
}

#[test]
fn a_token_for_another_audience_is_refused() {
    for aud in [json!("someone-else"), json!(["someone-else"]), json!([]), json!(null)] {
        let e = refused(&with(|c| c["aud"] = aud.clone()));
        assert_eq!(e.code, ErrorCode::GpAuthFailed, "{aud}");
        assert!(e.message.contains("issued for another service"), "{}", e.message);
    }
    // Several audiences without azp naming the app, or an azp naming another.
    assert!(refused(&with(|c| c["aud"] = json!([CLIENT_ID, "another"]))).message.contains("another service"));
    assert!(refused(&with(|c| c["azp"] = json!("another"))).message.contains("another service"));
}

#[test]
fn an_expired_token_or_one_from_the_future_is_refused() {
    let e = refused(&with(|c| c["exp"] = json!(NOW - 61)));
    assert_eq!(e.code, ErrorCode::GpAuthFailed);
    assert!(e.message.contains("expired"), "{}", e.message);
    // Within the skew it is still good.
    assert!(validate_id_token(&with(|c| c["exp"] = json!(NOW - 30)), &jwks(), &expected(), NOW).is_ok());
    let e = refused(&with(|c| c["iat"] = json!(NOW + 120)));
    assert!(e.message.contains("future"), "{}", e.message);
    assert_eq!(
        refused(&with(|c| c.as_object_mut().unwrap().remove("exp").map(drop).unwrap())).code,
        ErrorCode::GpResponseInvalid
    );
}

#[test]
fn a_wrong_nonce_or_issuer_is_refused() {
    let e = refused(&with(|c| c["nonce"] = json!("another-sign-in")));
    assert_eq!(e.code, ErrorCode::GpAuthFailed);
    assert!(e.message.contains("does not belong to the sign-in this app started"), "{}", e.message);
    assert!(
        refused(&with(|c| c.as_object_mut().unwrap().remove("nonce").map(drop).unwrap()))
            .message
            .contains("does not belong")
    );
    let e = refused(&with(|c| c["iss"] = json!("https://auth.example")));
    assert!(e.message.contains("not issued by NHS login"), "{}", e.message);
}

#[test]
fn an_identity_below_p9_is_refused_in_plain_words() {
    for vot in [json!("P5.Cp.Cd"), json!("P0.Cp"), json!("Cp.Cd"), json!("P7.Cp.Cd"), json!("P9.P5.Cp"), json!(null)] {
        let e = refused(&with(|c| c["vot"] = vot.clone()));
        assert_eq!(e.code, ErrorCode::GpAuthFailed, "{vot}");
        assert!(
            e.message.contains("You need to prove who you are in the NHS App or NHS login"),
            "{vot}: {}",
            e.message
        );
    }
}

#[test]
fn a_signature_by_another_key_is_refused() {
    // Signed by another key but naming NHS login's kid.
    let e = refused(&sign_with(OTHER_KEY, &header(), &claims()));
    assert_eq!(e.code, ErrorCode::GpAuthFailed);
    assert!(e.message.contains("signature does not match"), "{}", e.message);
    // A kid NHS login does not publish.
    let e = refused(&sign_with(NHS_LOGIN_KEY, &json!({ "alg": "RS512", "kid": "unknown" }), &claims()));
    assert!(e.message.contains("publishes no key"), "{}", e.message);
    // A key published for RS256 is not used for RS512.
    let mut published = jwks();
    published["keys"][0]["alg"] = json!("RS256");
    assert!(validate_id_token(&token(&claims()), &published, &expected(), NOW).is_err());
}

#[test]
fn alg_none_and_hmac_are_refused() {
    let unsigned = format!("{}.{}.", b64(&json!({ "alg": "none" })), b64(&claims()));
    let e = refused(&unsigned);
    assert_eq!(e.code, ErrorCode::GpAuthFailed);
    assert!(e.message.contains("not signed with RS512 or RS256"), "{}", e.message);
    // An HS256 token "keyed" with the public modulus, as the classic confusion attack makes.
    let input = format!("{}.{}", b64(&json!({ "alg": "HS256", "kid": "nhs-login-1" })), b64(&claims()));
    let mac = ring::hmac::sign(
        &ring::hmac::Key::new(ring::hmac::HMAC_SHA256, jwks()["keys"][0]["n"].as_str().unwrap().as_bytes()),
        input.as_bytes(),
    );
    assert!(refused(&format!("{input}.{}", URL_SAFE_NO_PAD.encode(mac))).message.contains("not signed with RS512"));
    let crit = sign_with(NHS_LOGIN_KEY, &json!({ "alg": "RS512", "kid": "nhs-login-1", "crit": ["exp"] }), &claims());
    assert!(refused(&crit).message.contains("critical"));
}

#[test]
fn a_tampered_payload_is_refused() {
    let good = token(&claims());
    let (header, rest) = good.split_once('.').unwrap();
    let (_, signature) = rest.split_once('.').unwrap();
    let forged = with(|c| c["nhs_number"] = json!("4010232137"));
    let forged_payload = forged.split('.').nth(1).unwrap();
    let e = refused(&format!("{header}.{forged_payload}.{signature}"));
    assert_eq!(e.code, ErrorCode::GpAuthFailed);
    assert!(e.message.contains("signature does not match"), "{}", e.message);
    // Not a JWT at all.
    for junk in ["", "a.b", "a.b.c.d", "!!.??.**"] {
        assert_eq!(refused(junk).code, ErrorCode::GpResponseInvalid, "{junk}");
    }
}

#[test]
fn a_bad_nhs_number_is_refused() {
    for bad in
        [json!("9434765918"), json!("943 476 5919"), json!("943476591"), json!("94347659190"), json!(9434765919_u64)]
    {
        let e = refused(&with(|c| c["nhs_number"] = bad.clone()));
        assert_eq!(e.code, ErrorCode::GpResponseInvalid, "{bad}");
        assert!(e.message.contains("not a valid NHS number"), "{bad}: {}", e.message);
    }
    // P9 for a GP record needs the NHS number to match the record on.
    let e = refused(&with(|c| c.as_object_mut().unwrap().remove("nhs_number").map(drop).unwrap()));
    assert_eq!(e.code, ErrorCode::GpAuthFailed);
    assert!(e.message.contains("did not share your NHS number"), "{}", e.message);
}
