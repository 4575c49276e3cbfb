//! Applying the fault switches to a record response: slow, 500, 429, dropped, malformed,
//! endless, huge, trickling.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use axum::body::{Body, Bytes};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::fhir::{fhir, outcome};
use crate::server::Shared;

enum Fault {
    None,
    Error500,
    Error429 { after: String },
    Drop,
    Malformed,
    Endless,
    Huge(u64),
    Trickle(Duration),
}

/// Counts a record request, then answers with `body` or the fault that is switched on.
pub async fn respond(s: &Arc<Shared>, page: u32, body: String) -> Response {
    s.state().stats.record_requests += 1;
    respond_counted(s, page, body).await
}

/// As [`respond`], for a request already counted.
pub async fn respond_counted(s: &Arc<Shared>, page: u32, body: String) -> Response {
    let (slow, fault) = choose(s, page);
    if slow > 0 {
        tokio::time::sleep(Duration::from_millis(slow)).await;
    }
    match fault {
        Fault::None => fhir(StatusCode::OK, body),
        Fault::Error500 => outcome(StatusCode::INTERNAL_SERVER_ERROR, "exception", "Simulated server error"),
        Fault::Error429 { after } => {
            let mut r = outcome(StatusCode::TOO_MANY_REQUESTS, "throttled", "Simulated rate limit");
            if let Ok(v) = after.parse() {
                r.headers_mut().insert(header::RETRY_AFTER, v);
            }
            r
        }
        Fault::Drop => dropped(body),
        Fault::Malformed => fhir(StatusCode::OK, malformed(&body)),
        Fault::Endless => streamed(s, None, Duration::ZERO),
        Fault::Huge(bytes) => streamed(s, Some(bytes), Duration::ZERO),
        Fault::Trickle(every) => streamed(s, None, every),
    }
}

/// A Bundle generated as it is read: its opening, then empty entries (`{},`) in chunks of
/// 64 KiB (or one byte each `every` when that is not zero), for ever or until `length` bytes,
/// then its closing. Every byte handed over is counted in [`crate::Stats::streamed_bytes`].
fn streamed(s: &Arc<Shared>, length: Option<u64>, every: Duration) -> Response {
    const OPEN: &[u8] = br#"{"resourceType":"Bundle","type":"searchset","entry":["#;
    const CLOSE: &[u8] = b"{}]}";
    let chunk_len: u64 = if every.is_zero() { 64 * 1024 } else { 1 };
    let shared = s.clone();
    let stream = futures_util::stream::unfold((0u64, false), move |(sent, done)| {
        let shared = shared.clone();
        async move {
            if done {
                return None;
            }
            if !every.is_zero() {
                tokio::time::sleep(every).await;
            }
            let mut chunk = Vec::new();
            if sent == 0 {
                chunk.extend_from_slice(OPEN);
            }
            let at = |chunk: &Vec<u8>| sent + chunk.len() as u64;
            let target = match length {
                // The filler stops where the closing still fits in the announced length.
                Some(len) => len.saturating_sub(CLOSE.len() as u64).min(at(&chunk) + chunk_len),
                None => at(&chunk) + chunk_len,
            };
            while at(&chunk) + 3 <= target {
                chunk.extend_from_slice(b"{},");
            }
            while at(&chunk) < target {
                chunk.push(b' ');
            }
            let last = length.is_some_and(|len| at(&chunk) + CLOSE.len() as u64 >= len);
            if last {
                chunk.extend_from_slice(CLOSE);
            }
            let sent = at(&chunk);
            shared.state().stats.streamed_bytes += chunk.len() as u64;
            Some((Ok::<_, std::io::Error>(Bytes::from(chunk)), (sent, last)))
        }
    });
    let mut r = Body::from_stream(stream).into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, header::HeaderValue::from_static("application/fhir+json"));
    if let Some(len) = length {
        r.headers_mut().insert(header::CONTENT_LENGTH, header::HeaderValue::from(len));
    }
    r
}

/// Picks (and uses up) the fault for this request, in a fixed order of precedence.
fn choose(s: &Shared, page: u32) -> (u64, Fault) {
    let mut state = s.state();
    let f = &mut state.faults;
    if page < f.from_page {
        return (0, Fault::None);
    }
    let slow = f.slow_ms;
    let fault = if f.error_500 > 0 {
        f.error_500 -= 1;
        state.stats.error_500_sent += 1;
        Fault::Error500
    } else if f.error_429 > 0 {
        f.error_429 -= 1;
        let after = if f.retry_after_as_date {
            let when = SystemTime::now() + Duration::from_secs(f.retry_after_secs);
            httpdate(when)
        } else {
            f.retry_after_secs.to_string()
        };
        state.stats.error_429_sent += 1;
        Fault::Error429 { after }
    } else if f.drop_connection > 0 {
        f.drop_connection -= 1;
        state.stats.dropped += 1;
        Fault::Drop
    } else if f.malformed > 0 {
        f.malformed -= 1;
        state.stats.malformed_sent += 1;
        Fault::Malformed
    } else if f.endless > 0 {
        f.endless -= 1;
        state.stats.endless_sent += 1;
        Fault::Endless
    } else if f.huge_page_bytes > 0 {
        let bytes = std::mem::take(&mut f.huge_page_bytes);
        state.stats.huge_sent += 1;
        Fault::Huge(bytes)
    } else if f.trickle > 0 {
        f.trickle -= 1;
        let every = Duration::from_millis(if f.trickle_ms == 0 { 50 } else { f.trickle_ms });
        state.stats.trickles_sent += 1;
        Fault::Trickle(every)
    } else {
        Fault::None
    };
    (slow, fault)
}

/// Announces the whole body's length, sends about half of it, then fails the body so the
/// server closes the connection mid-message.
fn dropped(body: String) -> Response {
    let bytes = Bytes::from(body);
    let half = bytes.slice(..bytes.len() / 2);
    let len = bytes.len();
    let chunks: Vec<Result<Bytes, std::io::Error>> =
        vec![Ok(half), Err(std::io::Error::new(std::io::ErrorKind::ConnectionReset, "simulated drop"))];
    let mut r = Body::from_stream(futures_util::stream::iter(chunks)).into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, header::HeaderValue::from_static("application/fhir+json"));
    r.headers_mut().insert(header::CONTENT_LENGTH, header::HeaderValue::from(len));
    r
}

/// The body with a stray fragment after a comma past its middle (outside any string, so the
/// result is never valid JSON); a body with no such comma is cut short instead.
fn malformed(body: &str) -> String {
    let half = body.len() / 2;
    let (mut in_string, mut escaped) = (false, false);
    for (i, c) in body.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            ',' if !in_string && i >= half => {
                // A comma is one byte, so the cut after it falls between characters.
                let (head, tail) = body.split_at_checked(i + 1).unwrap_or((body, ""));
                return format!("{head}<<not json>>{tail}");
            }
            _ => {}
        }
    }
    body.chars().take(body.chars().count() / 2).collect()
}

/// An IMF-fixdate (RFC 9110), e.g. `Sun, 06 Nov 1994 08:49:37 GMT`.
fn httpdate(t: SystemTime) -> String {
    let secs = t.duration_since(SystemTime::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let days = secs / 86_400;
    let rem = secs % 86_400;
    let (h, m, s) = (rem / 3600, rem % 3600 / 60, rem % 60);
    let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"].get((days % 7) as usize).copied().unwrap_or("Thu");
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let mo = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(mo <= 2);
    let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let month = months.get((mo - 1) as usize).copied().unwrap_or("Jan");
    format!("{weekday}, {d:02} {month} {y} {h:02}:{m:02}:{s:02} GMT")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_dates() {
        assert_eq!(
            httpdate(SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777)),
            "Sun, 06 Nov 1994 08:49:37 GMT"
        );
    }

    #[test]
    fn malformed_is_not_json() {
        for body in [r#"{"a":[1,2,3,4,5,6,7,8,9]}"#, r#"{"a":"x,y,z,\",w","b":"p,q,r,s,t,u,v"}"#, "{}"] {
            let m = malformed(body);
            assert!(serde_json::from_str::<serde_json::Value>(&m).is_err(), "{m}");
        }
    }
}
