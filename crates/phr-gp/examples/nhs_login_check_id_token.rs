//! A test tool for tests/conformance/nhs-login.test.mjs: runs the app's own ID token checks
//! ([`phr_gp::validate_id_token`]) on a token a real identity provider (oidc-provider configured as
//! NHS login) issued, so the end-to-end test proves the Rust checks accept what a real provider
//! sends and refuse what they should.
//!
//! Reads one JSON object on stdin: `{"id_token", "jwks", "issuer", "client_id", "nonce",
//! "minimum_level": "P0"|"P5"|"P9", "now": unix seconds, "clock_skew_secs"}`. Prints
//! `{"ok": true, "sub", "nhs_number", "vot", "level"}` and exits 0, or `{"ok": false, "code",
//! "message"}` and exits 1. Not for a release: it prints the NHS number it read.

// A test tool: a panic on bad input is a failed test, which is what we want.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::io::Read as _;
use std::process::ExitCode;

use phr_gp::{IdTokenExpectations, IdentityLevel, validate_id_token};
use serde_json::{Value, json};

fn main() -> ExitCode {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).unwrap();
    let request: Value = serde_json::from_str(&input).unwrap();
    let text = |name: &str| request[name].as_str().unwrap_or_default().to_owned();
    let minimum_level = match request["minimum_level"].as_str() {
        Some("P0") => IdentityLevel::P0,
        Some("P5") => IdentityLevel::P5,
        _ => IdentityLevel::P9,
    };
    let expected = IdTokenExpectations {
        issuer: text("issuer"),
        client_id: text("client_id"),
        nonce: text("nonce"),
        minimum_level,
        clock_skew_secs: request["clock_skew_secs"].as_i64().unwrap_or(60),
    };
    let now = request["now"].as_i64().unwrap();
    match validate_id_token(&text("id_token"), &request["jwks"], &expected, now) {
        Ok(claims) => {
            let out = json!({
                "ok": true,
                "sub": claims.sub,
                "nhs_number": claims.nhs_number.as_ref().map(|n| n.as_digits().to_owned()),
                "vot": claims.vot,
                "level": format!("{:?}", claims.level),
            });
            println!("{out}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            println!("{}", json!({ "ok": false, "code": format!("{:?}", e.code), "message": e.message }));
            ExitCode::FAILURE
        }
    }
}
