//! The loopback redirect (RFC 8252 section 7.3): a one-shot HTTP listener on 127.0.0.1 that
//! receives the authorisation code and tells the browser it can close.

use std::time::Duration;

// Whatever the practice's service sent goes on the page as text, never markup or script.
use phr_core::share::escape_html;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::error::GpError;

pub struct Redirect {
    listener: TcpListener,
    pub uri: String,
}

impl std::fmt::Debug for Redirect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Redirect").field("uri", &self.uri).finish_non_exhaustive()
    }
}

impl Redirect {
    /// Listens on 127.0.0.1 on a port the system picks.
    pub async fn bind() -> Result<Self, GpError> {
        let listener = TcpListener::bind(("127.0.0.1", 0))
            .await
            .map_err(|e| GpError::auth(format!("Could not prepare to receive the sign-in from your browser: {e}")))?;
        let port = listener.local_addr().map_err(|e| GpError::auth(e.to_string()))?.port();
        Ok(Self { listener, uri: format!("http://127.0.0.1:{port}/callback") })
    }

    /// Waits for the browser to arrive at `/callback`; returns the code when the reply is the
    /// one `expected`, or at once the error the reply carries. Other paths (a favicon) get a
    /// 404 and the wait goes on.
    pub async fn code(&self, expected: Expected<'_>) -> Result<String, GpError> {
        loop {
            let Ok((mut stream, _)) = self.listener.accept().await else { continue };
            let Some(head) = read_head(&mut stream).await else { continue };
            let Some(answer) = answer(&head, expected) else { continue };
            respond(&mut stream, answer.status, &answer.page()).await;
            if let Some(outcome) = answer.outcome {
                return outcome;
            }
        }
    }
}

/// What a redirect must carry to be taken as the reply to this app's request.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Expected<'a> {
    /// The `state` the app sent.
    pub state: &'a str,
    /// The practice's issuer identifier, when its metadata gave one: an `iss` in the redirect
    /// must equal it (RFC 9207). With none, there is nothing to compare an `iss` with.
    pub issuer: Option<&'a str>,
    /// The metadata says the server puts `iss` in its redirects
    /// (`authorization_response_iss_parameter_supported`): a redirect without it is refused.
    pub iss_required: bool,
}

/// What the listener says to one request, and what it means for the sign-in.
pub(crate) struct Answer {
    status: &'static str,
    /// The page's title and text, as plain text: escaped when the page is written.
    title: String,
    text: String,
    /// The code, or why the sign-in failed; `None` keeps waiting (another path, a favicon).
    pub(crate) outcome: Option<Result<String, GpError>>,
}

impl Answer {
    /// The page this answer shows the browser.
    pub(crate) fn page(&self) -> String {
        page(&self.title, &self.text)
    }

    fn refused(title: &str, text: &str, message: &str) -> Self {
        Self {
            status: "400 Bad Request",
            title: title.to_owned(),
            text: text.to_owned(),
            outcome: Some(Err(GpError::auth(message))),
        }
    }
}

/// The answer to a request whose head is `head`; `None` when it is not a GET of a readable
/// target (the connection is dropped unanswered and the wait goes on).
///
/// The checks run in this order: `state` (a reply to another request is ignored), then `iss`
/// (RFC 9207 wants it checked before anything else in the reply is believed, error replies
/// included), then the error a practice sends back, then the code. An error reply without any
/// `state` is still reported, at once: some services leave it out of error replies, and a
/// forged one can do no more than end a sign-in, which a forged `state` does already.
pub(crate) fn answer(head: &[u8], expected: Expected<'_>) -> Option<Answer> {
    let target = request_target(head)?;
    let url = url::Url::parse(&format!("http://127.0.0.1{target}")).ok()?;
    if url.path() != "/callback" {
        return Some(Answer {
            status: "404 Not Found",
            title: "Not found".into(),
            text: "There is nothing here.".into(),
            outcome: None,
        });
    }
    let get = |k: &str| url.query_pairs().find(|(n, _)| n == k).map(|(_, v)| v.into_owned());
    let error = get("error");
    let state = get("state");
    let unstated_error = state.is_none() && error.is_some();
    if state.as_deref() != Some(expected.state) && !unstated_error {
        return Some(Answer::refused(
            "Sign-in not accepted",
            "This sign-in reply did not match the request the app made, so it was ignored. Go back to the app and try again.",
            "The sign-in reply did not match the request this app made, so it was ignored for your safety. Nothing was imported. Try connecting again.",
        ));
    }
    match (get("iss"), expected.issuer) {
        (Some(iss), Some(issuer)) if iss != issuer => {
            return Some(Answer::refused(
                "Sign-in not accepted",
                "This reply did not come from the practice's sign-in service, so the app ignored it. Go back to the app.",
                "The sign-in reply did not come from the practice's sign-in service, so this app ignored it and did not \
                 finish signing in. Nothing was imported. Try connecting again; if this happens again, tell the practice.",
            ));
        }
        (None, _) if expected.iss_required => {
            return Some(Answer::refused(
                "Sign-in not accepted",
                "This reply did not say it came from the practice's sign-in service, so the app ignored it. Go back to the app.",
                "The sign-in reply did not say it came from the practice's sign-in service, as that service always does, \
                 so this app ignored it and did not finish signing in. Nothing was imported. Try connecting again; if \
                 this happens again, tell the practice.",
            ));
        }
        _ => {}
    }
    if let Some(error) = error {
        let words = error_words(&error, get("error_description").as_deref());
        return Some(Answer {
            status: "200 OK",
            title: words.title.to_owned(),
            text: format!("{} You can close this window and go back to the app.", words.page),
            outcome: Some(Err(GpError::auth(words.app))),
        });
    }
    let Some(code) = get("code") else {
        return Some(Answer::refused(
            "Sign-in not accepted",
            "The reply had no authorisation code.",
            "The practice's sign-in reply had no authorisation code. Try connecting again.",
        ));
    };
    Some(Answer {
        status: "200 OK",
        title: "Signed in".into(),
        text: "You are signed in. You can close this window and go back to the app.".into(),
        outcome: Some(Ok(code)),
    })
}

/// What an error reply from the practice's sign-in service means, in words for the browser
/// page and for the app.
#[derive(Debug)]
pub(crate) struct ErrorWords {
    pub title: &'static str,
    pub page: String,
    pub app: String,
}

/// The words for an OAuth error code (RFC 6749 section 4.1.2.1), with the service's own
/// description when it gave one. Only `access_denied` says that access was not given: any
/// other code is a problem between the app and the practice, and saying the person refused
/// would send them the wrong way.
pub(crate) fn error_words(code: &str, description: Option<&str>) -> ErrorWords {
    const NOT_YOU: &str = "This is a problem between the app and the practice, not something you did.";
    const ASK: &str = "Ask the practice whether patients can connect this app to their GP record.";
    const LATER: &str = "Try again later.";
    let (title, what, advice) = match code {
        "access_denied" => {
            let said =
                description.map(|d| format!(" The practice's service said: \"{}\".", shown(d))).unwrap_or_default();
            return ErrorWords {
                title: "Access not given",
                page: format!("You did not give access to your GP record, so nothing was imported.{said}"),
                app: format!(
                    "Access to your GP record was not given at the practice's sign-in page, so nothing was imported.{said} \
                     If you meant to give access, connect again."
                ),
            };
        }
        "invalid_scope" => (
            "Sign-in did not finish",
            "The practice's sign-in service did not accept the kind of access this app asked for (invalid_scope).",
            format!("{NOT_YOU} {ASK}"),
        ),
        "invalid_request" => (
            "Sign-in did not finish",
            "The practice's sign-in service said the app's sign-in request was not right (invalid_request).",
            format!("{NOT_YOU} {LATER} If it happens again, ask the practice."),
        ),
        "unauthorized_client" => (
            "Sign-in did not finish",
            "The practice's sign-in service does not let this app connect (unauthorized_client).",
            format!("{NOT_YOU} {ASK}"),
        ),
        "unsupported_response_type" => (
            "Sign-in did not finish",
            "The practice's sign-in service does not support the way this app signs in (unsupported_response_type).",
            format!("{NOT_YOU} {ASK}"),
        ),
        "server_error" => (
            "Sign-in did not finish",
            "The practice's sign-in service had a problem of its own and could not finish signing you in (server_error).",
            LATER.to_owned(),
        ),
        "temporarily_unavailable" => (
            "Sign-in did not finish",
            "The practice's sign-in service is busy or not working at the moment (temporarily_unavailable).",
            LATER.to_owned(),
        ),
        other => {
            return words_for_other(other, description);
        }
    };
    let said = description.map(|d| format!(" The service said: \"{}\".", shown(d))).unwrap_or_default();
    ErrorWords {
        title,
        page: format!("{what}{said} Nothing was imported."),
        app: format!("{what}{said} Nothing was imported. {advice}"),
    }
}

fn words_for_other(code: &str, description: Option<&str>) -> ErrorWords {
    let what = format!("The practice's sign-in service stopped the sign-in with an error called \"{}\".", shown(code));
    let said = description.map(|d| format!(" The service said: \"{}\".", shown(d))).unwrap_or_default();
    ErrorWords {
        title: "Sign-in did not finish",
        page: format!("{what}{said} Nothing was imported."),
        app: format!("{what}{said} Nothing was imported. Try again later; if it happens again, ask the practice."),
    }
}

/// Text the practice's service sent, for a message: control characters dropped and cut to
/// 200 characters, so a hostile reply cannot fill the screen or break a line of a log.
pub(crate) fn shown(text: &str) -> String {
    text.chars().filter(|c| !c.is_control()).take(200).collect()
}

/// The page the browser is shown: `title` and `text` as plain text, escaped.
pub(crate) fn page(title: &str, text: &str) -> String {
    let (title, text) = (escape_html(title), escape_html(text));
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title></head><body style=\"font-family:Arial,sans-serif;margin:2rem\"><main><h1>{title}</h1><p>{text}</p></main></body></html>"
    )
}

/// Reads the request head (up to 16 KiB, a few seconds at most).
async fn read_head(stream: &mut TcpStream) -> Option<Vec<u8>> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    let read = async {
        while !buf.windows(4).any(|w| w == b"\r\n\r\n") && buf.len() < 16 * 1024 {
            let n = stream.read(&mut chunk).await.ok()?;
            if n == 0 {
                break;
            }
            buf.extend_from_slice(chunk.get(..n).unwrap_or_default());
        }
        Some(())
    };
    tokio::time::timeout(Duration::from_secs(5), read).await.ok()??;
    Some(buf)
}

/// The request target of a GET request head.
fn request_target(head: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(head);
    let mut parts = head.lines().next()?.split(' ');
    (parts.next()? == "GET").then_some(())?;
    parts.next().map(str::to_owned)
}

async fn respond(stream: &mut TcpStream, status: &str, body: &str) {
    let reply = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nContent-Security-Policy: default-src 'none'; style-src 'unsafe-inline'\r\nX-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.write_all(reply.as_bytes()).await;
    let _ = stream.shutdown().await;
}

#[cfg(test)]
mod tests {
    use phr_core::ErrorCode;

    use super::*;

    const ISSUER: &str = "https://gp.example/auth";

    fn expected(iss_required: bool) -> Expected<'static> {
        Expected { state: "s1", issuer: Some(ISSUER), iss_required }
    }

    fn get(query: &str) -> Vec<u8> {
        format!("GET /callback?{query} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").into_bytes()
    }

    fn outcome(query: &str, expected: Expected<'_>) -> Result<String, GpError> {
        answer(&get(query), expected).unwrap().outcome.unwrap()
    }

    #[test]
    fn a_code_with_the_state_and_the_issuer_is_taken() {
        assert_eq!(outcome("code=c1&state=s1&iss=https%3A%2F%2Fgp.example%2Fauth", expected(true)).unwrap(), "c1");
        // Without `iss`, where the practice does not say it sends one.
        assert_eq!(outcome("code=c1&state=s1", expected(false)).unwrap(), "c1");
        // With `iss` and no issuer to compare it with.
        let unknown = Expected { state: "s1", issuer: None, iss_required: false };
        assert_eq!(outcome("code=c1&state=s1&iss=https%3A%2F%2Fx", unknown).unwrap(), "c1");
    }

    #[test]
    fn a_wrong_or_missing_iss_is_refused_before_the_code_or_the_error_is_believed() {
        for query in [
            "code=c1&state=s1&iss=https%3A%2F%2Fevil.example%2Fauth",
            // A prefix, a trailing slash and another case are other issuers (a plain string comparison).
            "code=c1&state=s1&iss=https%3A%2F%2Fgp.example",
            "code=c1&state=s1&iss=https%3A%2F%2Fgp.example%2Fauth%2F",
            "code=c1&state=s1&iss=HTTPS%3A%2F%2Fgp.example%2Fauth",
            "error=access_denied&state=s1&iss=https%3A%2F%2Fevil.example",
        ] {
            let e = outcome(query, expected(false)).unwrap_err();
            assert_eq!(e.code, ErrorCode::GpAuthFailed);
            assert!(e.message.contains("did not come from the practice's sign-in service"), "{query}: {e}");
            assert!(e.message.contains("Nothing was imported") && !e.message.contains("not given"), "{e}");
        }
        let e = outcome("code=c1&state=s1", expected(true)).unwrap_err();
        assert!(e.message.contains("did not say it came from the practice's sign-in service"), "{e}");
        let a = answer(&get("code=c1&state=s1"), expected(true)).unwrap();
        assert_eq!(a.status, "400 Bad Request");
    }

    #[test]
    fn every_error_reply_ends_the_sign_in_at_once_with_its_own_words() {
        let words = |code: &str| {
            let a = answer(&get(&format!("error={code}&state=s1")), expected(false)).unwrap();
            let e = a.outcome.unwrap().unwrap_err();
            assert_eq!(e.code, ErrorCode::GpAuthFailed);
            (a.title, a.text, e.message)
        };
        let (title, page, app) = words("access_denied");
        assert_eq!(title, "Access not given");
        assert!(page.contains("You did not give access"), "{page}");
        assert!(app.contains("was not given") && app.contains("nothing was imported"), "{app}");
        for (code, says) in [
            ("invalid_scope", "did not accept the kind of access"),
            ("invalid_request", "was not right"),
            ("unauthorized_client", "does not let this app connect"),
            ("unsupported_response_type", "does not support the way this app signs in"),
            ("server_error", "had a problem of its own"),
            ("temporarily_unavailable", "busy or not working"),
            ("slow_down_please", "an error called \"slow_down_please\""),
        ] {
            let (title, page, app) = words(code);
            assert_eq!(title, "Sign-in did not finish", "{code}");
            for text in [&page, &app] {
                assert!(text.contains(says) && text.contains(code), "{code}: {text}");
                assert!(text.contains("Nothing was imported"), "{code}: {text}");
                // Only access_denied says the person did not give access.
                assert!(!text.contains("not give") && !text.contains("not given"), "{code}: {text}");
            }
        }
        assert!(words("server_error").2.contains("Try again later"));
        assert!(words("invalid_scope").2.contains("Ask the practice"));
        // An error reply without a state is still reported, not taken for a forgery.
        let e = outcome("error=invalid_scope", expected(false)).unwrap_err();
        assert!(e.message.contains("invalid_scope"), "{e}");
        // With the wrong state it is.
        let e = outcome("error=invalid_scope&state=other", expected(false)).unwrap_err();
        assert!(e.message.contains("did not match"), "{e}");
    }

    #[test]
    fn what_the_service_sent_is_shown_as_text_never_as_markup() {
        let query = "error=%3Cscript%3Ealert(1)%3C%2Fscript%3E&error_description=%3Cimg+src%3Dx+onerror%3D%22alert(2)%22%3E%0D%0Anext+line&state=s1";
        let a = answer(&get(query), expected(false)).unwrap();
        let html = a.page();
        assert!(!html.contains("<script") && !html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{html}");
        assert!(html.contains("&lt;img src=x onerror=&quot;alert(2)&quot;&gt;"), "{html}");
        let e = a.outcome.unwrap().unwrap_err();
        assert!(!e.message.contains('\r') && !e.message.contains('\n'), "{e}");
        // A long description is cut short.
        let long = format!("error=server_error&error_description={}&state=s1", "x".repeat(5000));
        let e = outcome(&long, expected(false)).unwrap_err();
        assert!(e.message.len() < 600, "{}", e.message.len());
    }

    #[test]
    fn other_paths_keep_the_wait_going() {
        let head = b"GET /favicon.ico HTTP/1.1\r\n\r\n";
        let a = answer(head, expected(false)).unwrap();
        assert!(a.outcome.is_none());
        assert_eq!(a.status, "404 Not Found");
        assert!(answer(b"POST /callback HTTP/1.1\r\n\r\n", expected(false)).is_none());
    }
}
