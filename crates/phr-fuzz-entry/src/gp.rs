//! What a GP practice's service sends (discovery documents, pages of a record) and what the
//! browser sends to the loopback redirect.

use phr_gp::fuzz_seams::{read_discovery, read_page, read_redirect};

/// The practice address every entry reads documents as coming from.
const BASE: &str = "https://gp.example/fhir";

/// The `state` the loopback entry expects.
const STATE: &str = "fuzz-state";

/// Splits `data` at its first NUL byte (JSON text holds none): the part before, and the part
/// after when there is one.
fn split(data: &[u8]) -> (&[u8], Option<&[u8]>) {
    match data.iter().position(|b| *b == 0) {
        Some(at) => (data.get(..at).unwrap_or_default(), data.get(at + 1..)),
        None => (data, None),
    }
}

/// `data` as a practice's `/metadata`, then after a NUL byte its SMART configuration; the
/// first line is also checked as an address a person typed.
pub fn gp_discovery(data: &[u8]) {
    let (metadata, smart) = split(data);
    let metadata = String::from_utf8_lossy(metadata);
    let smart = smart.map(String::from_utf8_lossy);
    let _ = phr_gp::check_base(metadata.lines().next().unwrap_or_default());
    let _ = read_discovery(BASE, &metadata, smart.as_deref());
}

/// `data` as a page of a record: the first two bytes are the HTTP status (big-endian, any
/// number that is not a status read as 200), the rest the body.
pub fn gp_pages(data: &[u8]) {
    let (status, body) = match data {
        [a, b, rest @ ..] => (u16::from_be_bytes([*a, *b]), rest),
        _ => (200, data),
    };
    let _ = read_page(status, &String::from_utf8_lossy(body));
}

/// `data` as the head of a request the browser sends to the loopback redirect.
pub fn gp_loopback(data: &[u8]) {
    let _ = read_redirect(data, STATE);
}
