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
            let Some(target) = read_target(&mut stream).await else { continue };
            let Ok(url) = url::Url::parse(&format!("http://127.0.0.1{target}")) else { continue };
            if url.path() != "/callback" {
                respond(&mut stream, "404 Not Found", "Not found", "There is nothing here.").await;
                continue;
            }
            let get = |k: &str| url.query_pairs().find(|(n, _)| n == k).map(|(_, v)| v.into_owned());
            if get("state").as_deref() != Some(expected_state) {
                respond(&mut stream, "400 Bad Request", "Sign-in not accepted", "This sign-in reply did not match the request the app made, so it was ignored. Go back to the app and try again.").await;
                return Err(GpError::auth(
                    "The sign-in reply did not match the request this app made, so it was ignored for your safety. Try connecting again.",
                ));
            }
            if let Some(error) = get("error") {
                respond(
                    &mut stream,
                    "200 OK",
                    "Sign-in cancelled",
                    "You did not give access. You can close this window.",
                )
                .await;
                let why = get("error_description").map(|d| format!(" ({d})")).unwrap_or_default();
                return Err(GpError::auth(if error == "access_denied" {
                    format!("Access to your GP record was not given{why}. Nothing was imported.")
                } else {
                    format!("The practice could not sign you in: {error}{why}.")
                }));
            }
            let Some(code) = get("code") else {
                respond(&mut stream, "400 Bad Request", "Sign-in not accepted", "The reply had no authorisation code.")
                    .await;
                return Err(GpError::auth(
                    "The practice's sign-in reply had no authorisation code. Try connecting again.",
                ));
            };
            respond(
                &mut stream,
                "200 OK",
                "Signed in",
                "You are signed in. You can close this window and go back to the app.",
            )
            .await;
            return Ok(code);
        }
    }
}

/// Reads the request head (up to 16 KiB, a few seconds at most); returns the request target.
async fn read_target(stream: &mut TcpStream) -> Option<String> {
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
    let head = String::from_utf8_lossy(&buf);
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
