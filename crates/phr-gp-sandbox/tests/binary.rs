//! `phr-gp-sandbox --port 0`: prints its URL first and serves the practice there.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};

#[test]
fn prints_its_url_then_serves() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_phr-gp-sandbox"))
        .args(["--port", "0", "--auto-approve", "--fault", "500=1", "--fault", "no-s256=1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let url = line.trim().to_owned();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");

    let faults = get(&url, "/_faults");
    let patients = get(&url, "/demo/patients");
    let metadata = get(&url, "/metadata");
    let smart = get(&url, "/.well-known/smart-configuration");
    child.kill().unwrap();
    let _ = child.wait();

    assert!(faults.contains(r#""error500":1"#) && faults.contains(r#""smartWithoutS256":true"#), "{faults}");
    // A sign-in fault from the command line shapes the SMART configuration.
    assert!(smart.contains(r#""code_challenge_methods_supported":["plain"]"#), "{smart}");
    assert!(smart.contains(&format!(r#""issuer":"{url}""#)), "{smart}");
    assert!(patients.contains("Karena Pfeffer") && patients.contains("9000000009"), "{patients}");
    assert!(metadata.contains(r#""fhirVersion":"4.0.1""#), "{metadata}");
}

#[test]
fn refuses_an_unknown_fault() {
    let out = Command::new(env!("CARGO_BIN_EXE_phr-gp-sandbox")).args(["--fault", "gremlins=1"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown fault gremlins"));
}

/// A plain HTTP/1.1 GET over a socket; returns the body.
fn get(url: &str, path: &str) -> String {
    let addr = url.trim_start_matches("http://");
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut text = String::new();
    s.read_to_string(&mut text).unwrap();
    text.split_once("\r\n\r\n").unwrap().1.to_owned()
}
