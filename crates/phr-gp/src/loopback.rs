//! The loopback redirect (RFC 8252 section 7.3): a one-shot HTTP listener on 127.0.0.1 that
//! receives the authorisation code and tells the browser it can close.

use std::time::Duration;

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

    /// Waits for the browser to arrive at `/callback`; returns the code when `state` matches.
    /// Other paths (a favicon) get a 404 and the wait goes on.
    pub async fn code(&self, expected_state: &str) -> Result<String, GpError> {
        loop {
            let Ok((mut stream, _)) = self.listener.accept().await else { continue };
            let Some(head) = read_head(&mut stream).await else { continue };
            let Some(answer) = answer(&head, expected_state) else { continue };
            respond(&mut stream, answer.status, answer.title, answer.text).await;
            if let Some(outcome) = answer.outcome {
                return outcome;
            }
        }
    }
}

/// What the listener says to one request, and what it means for the sign-in.
pub(crate) struct Answer {
    status: &'static str,
    title: &'static str,
    text: &'static str,
    /// The code, or why the sign-in failed; `None` keeps waiting (another path, a favicon).
    pub(crate) outcome: Option<Result<String, GpError>>,
}

/// The answer to a request whose head is `head`; `None` when it is not a GET of a readable
/// target (the connection is dropped unanswered and the wait goes on).
pub(crate) fn answer(head: &[u8], expected_state: &str) -> Option<Answer> {
    let target = request_target(head)?;
    let url = url::Url::parse(&format!("http://127.0.0.1{target}")).ok()?;
    if url.path() != "/callback" {
        return Some(Answer {
            status: "404 Not Found",
            title: "Not found",
            text: "There is nothing here.",
            outcome: None,
        });
    }
    let get = |k: &str| url.query_pairs().find(|(n, _)| n == k).map(|(_, v)| v.into_owned());
    if get("state").as_deref() != Some(expected_state) {
        return Some(Answer {
            status: "400 Bad Request",
            title: "Sign-in not accepted",
            text: "This sign-in reply did not match the request the app made, so it was ignored. Go back to the app and try again.",
            outcome: Some(Err(GpError::auth(
                "The sign-in reply did not match the request this app made, so it was ignored for your safety. Try connecting again.",
            ))),
        });
    }
    if let Some(error) = get("error") {
        let why = get("error_description").map(|d| format!(" ({d})")).unwrap_or_default();
        return Some(Answer {
            status: "200 OK",
            title: "Sign-in cancelled",
            text: "You did not give access. You can close this window.",
            outcome: Some(Err(GpError::auth(if error == "access_denied" {
                format!("Access to your GP record was not given{why}. Nothing was imported.")
            } else {
                format!("The practice could not sign you in: {error}{why}.")
            }))),
        });
    }
    let Some(code) = get("code") else {
        return Some(Answer {
            status: "400 Bad Request",
            title: "Sign-in not accepted",
            text: "The reply had no authorisation code.",
            outcome: Some(Err(GpError::auth(
                "The practice's sign-in reply had no authorisation code. Try connecting again.",
            ))),
        });
    };
    Some(Answer {
        status: "200 OK",
        title: "Signed in",
        text: "You are signed in. You can close this window and go back to the app.",
        outcome: Some(Ok(code)),
    })
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

async fn respond(stream: &mut TcpStream, status: &str, title: &str, text: &str) {
    let body = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title></head><body style=\"font-family:Arial,sans-serif;margin:2rem\"><main><h1>{title}</h1><p>{text}</p></main></body></html>"
    );
    let reply = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.write_all(reply.as_bytes()).await;
    let _ = stream.shutdown().await;
}
