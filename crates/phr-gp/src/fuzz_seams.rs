//! What a practice's service and the browser's redirect can send, read without a network, for
//! the fuzz targets (`fuzz/`) and their corpus replay: test-only (`test-seams`), never in a
//! release build.

use reqwest::StatusCode;
use serde_json::Value;

use crate::client::Reply;
use crate::discovery::{self, Practice};
use crate::error::GpError;
use crate::{fetch, loopback};

/// Reads a practice's `/metadata` text and, when given, its SMART configuration's text, as
/// discovery does after fetching them from `base`.
pub fn read_discovery(base: &str, metadata: &str, smart: Option<&str>) -> Result<Practice, GpError> {
    let metadata: Value = serde_json::from_str(metadata).map_err(|e| GpError::invalid(e.to_string()))?;
    let smart: Option<Value> = smart.and_then(|s| serde_json::from_str(s).ok());
    discovery::practice(base, &metadata, smart.as_ref())
}

/// Reads one page of a record as a practice answered it (`status`, `body`), as the fetch does:
/// the refusal it names, else the Bundle, its next page's address and that address's origin.
pub fn read_page(status: u16, body: &str) -> Result<Option<String>, GpError> {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    let reply = Reply { status, body: body.to_owned(), date: None };
    let next = fetch::bundle(&reply, "page 1 of your record", "page 1")?.next;
    if let Some(next) = &next {
        fetch::origin(next)?;
    }
    Ok(next)
}

/// The issuer the loopback listener expects in [`read_redirect`], so that an `iss` in the
/// head is compared (RFC 9207) as it is for a practice whose metadata gives one.
pub const REDIRECT_ISSUER: &str = "https://gp.example/auth";

/// The loopback listener's answer to a request whose head is `head`: `None` when it would drop
/// the connection, `Some(None)` when it answers and keeps waiting, `Some(Some(outcome))` when
/// the sign-in ends with the code or an error. The page it would show is written too, so its
/// escaping is exercised.
pub fn read_redirect(head: &[u8], expected_state: &str) -> Option<Option<Result<String, GpError>>> {
    let expected = loopback::Expected { state: expected_state, issuer: Some(REDIRECT_ISSUER), iss_required: false };
    loopback::answer(head, expected).map(|a| {
        let _ = a.page();
        a.outcome
    })
}
