//! Signing in: OAuth 2.0 authorisation code with PKCE through a browser and a loopback
//! redirect; the tokens, refreshed when expired or refused.

use std::time::{Duration, Instant};

use reqwest::{RequestBuilder, StatusCode};
use serde::Deserialize;

use crate::browser::Browser;
use crate::client::{GpClient, Limit, OnProgress, Progress, Reply};
use crate::discovery::Practice;
use crate::error::GpError;
use crate::loopback::Redirect;
use crate::pkce;

/// A signed-in session: the tokens and whose record they open. Its Debug hides the tokens.
pub struct Session {
    access: String,
    refresh: Option<String>,
    expires_at: Option<Instant>,
    /// The Patient id the practice gave with the token (SMART's launch context).
    pub patient: Option<String>,
    token_url: String,
    /// How many times the access token was refreshed.
    pub refreshes: u32,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("patient", &self.patient)
            .field("expires_at", &self.expires_at)
            .field("has_refresh", &self.refresh.is_some())
            .field("refreshes", &self.refreshes)
            .finish_non_exhaustive()
    }
}

#[derive(Deserialize)]
struct TokenReply {
    access_token: String,
    #[serde(default)]
    token_type: String,
    expires_in: Option<u64>,
    refresh_token: Option<String>,
    patient: Option<String>,
}

#[derive(Deserialize)]
struct TokenError {
    error: String,
    error_description: Option<String>,
}

impl GpClient {
    /// Opens the practice's sign-in page in `browser` and waits (up to the sign-in timeout)
    /// for it to come back to the loopback redirect; then exchanges the code for tokens.
    ///
    /// The address names nothing about the person: no `login_hint` with their NHS number,
    /// because a browser keeps addresses in its history, its sync and its crash reports.
    /// Both endpoints are checked again here (https, or http only to this computer), so a
    /// [`Practice`] made by hand is held to the same rule as a discovered one.
    pub async fn sign_in(
        &self,
        practice: &Practice,
        browser: &dyn Browser,
        progress: OnProgress<'_>,
    ) -> Result<Session, GpError> {
        crate::discovery::check_endpoint(&practice.base, &practice.authorize_url, "sign-in page")?;
        crate::discovery::check_endpoint(&practice.base, &practice.token_url, "sign-in token service")?;
        progress(Progress::SigningIn);
        let verifier = pkce::random(32)?;
        let state = pkce::random(16)?;
        let redirect = Redirect::bind().await?;
        let mut url = url::Url::parse(&practice.authorize_url)
            .map_err(|_| GpError::invalid("The practice's sign-in address is not a valid web address."))?;
        {
            let mut q = url.query_pairs_mut();
            q.append_pair("response_type", "code")
                .append_pair("client_id", &self.options.client_id)
                .append_pair("redirect_uri", &redirect.uri)
                .append_pair("scope", &self.options.scope)
                .append_pair("state", &state)
                .append_pair("aud", &practice.base)
                .append_pair("code_challenge", &pkce::challenge(&verifier))
                .append_pair("code_challenge_method", "S256");
        }
        crate::browser::check_address(url.as_str())?;
        browser.open(url.as_str())?;
        let timeout = self.options.sign_in_timeout;
        let code = self.cancellable(tokio::time::timeout(timeout, redirect.code(&state))).await?.map_err(|_| {
            GpError::auth(format!(
                "Sign-in was not finished within {} minutes. Try connecting again.",
                timeout.as_secs().div_ceil(60)
            ))
        })??;
        let form = [
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("redirect_uri", redirect.uri.as_str()),
            ("client_id", self.options.client_id.as_str()),
            ("code_verifier", verifier.as_str()),
        ];
        let limit = self.small_reply_limit();
        let reply =
            self.send("your sign-in", progress, limit, || self.http.post(&practice.token_url).form(&form)).await?;
        let tokens = token_reply(&reply, "The practice did not accept the sign-in")?;
        Ok(session(tokens, practice.token_url.clone(), None))
    }

    /// Trades the refresh token for a new access token.
    pub async fn refresh(&self, session: &mut Session, progress: OnProgress<'_>) -> Result<(), GpError> {
        let Some(refresh) = session.refresh.clone() else {
            return Err(GpError::auth("Your sign-in to the practice has ended. Connect again to sign in."));
        };
        let form = [
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh.as_str()),
            ("client_id", self.options.client_id.as_str()),
        ];
        let limit = self.small_reply_limit();
        let reply =
            self.send("a new sign-in", progress, limit, || self.http.post(&session.token_url).form(&form)).await?;
        let tokens = token_reply(&reply, "Your sign-in to the practice has ended; connect again to sign in")?;
        let refreshes = session.refreshes + 1;
        let patient = session.patient.take();
        *session = session_from(tokens, session.token_url.clone(), patient, Some(refresh));
        session.refreshes = refreshes;
        Ok(())
    }

    /// Sends with the bearer token: refreshed first when it has expired, and once more after
    /// a 401. A second 401 ends it.
    pub(crate) async fn send_authed(
        &self,
        session: &mut Session,
        what: &str,
        progress: OnProgress<'_>,
        limit: Limit,
        build: impl Fn() -> RequestBuilder,
    ) -> Result<Reply, GpError> {
        let mut refreshed = false;
        if session.expires_at.is_some_and(|t| Instant::now() >= t) && session.refresh.is_some() {
            self.refresh(session, progress).await?;
            refreshed = true;
        }
        loop {
            let token = session.access.clone();
            let reply = self.send(what, progress, limit, || build().bearer_auth(&token)).await?;
            if reply.status != StatusCode::UNAUTHORIZED {
                return Ok(reply);
            }
            if refreshed || session.refresh.is_none() {
                return Err(GpError::auth(
                    "The practice no longer accepts this sign-in. Connect again to sign in. Nothing was imported.",
                ));
            }
            self.refresh(session, progress).await?;
            refreshed = true;
        }
    }
}

fn token_reply(reply: &Reply, refused: &str) -> Result<TokenReply, GpError> {
    if !reply.status.is_success() {
        let detail = serde_json::from_str::<TokenError>(&reply.body)
            .map(|e| format!(" ({}{})", e.error, e.error_description.map(|d| format!(": {d}")).unwrap_or_default()))
            .unwrap_or_else(|_| format!(" ({})", reply.status));
        return Err(GpError::auth(format!("{refused}{detail}.")));
    }
    let tokens: TokenReply = serde_json::from_str(&reply.body)
        .map_err(|e| GpError::invalid(format!("The practice's sign-in reply could not be read: {e}.")))?;
    if !tokens.token_type.is_empty() && !tokens.token_type.eq_ignore_ascii_case("bearer") {
        return Err(GpError::invalid(format!(
            "The practice gave a kind of sign-in token this app cannot use ({}).",
            tokens.token_type
        )));
    }
    Ok(tokens)
}

fn session(t: TokenReply, token_url: String, keep_patient: Option<String>) -> Session {
    session_from(t, token_url, keep_patient, None)
}

/// A session from a token reply; a refresh reply may leave out the patient and the refresh
/// token, in which case the old ones carry on.
fn session_from(t: TokenReply, token_url: String, old_patient: Option<String>, old_refresh: Option<String>) -> Session {
    Session {
        access: t.access_token,
        refresh: t.refresh_token.or(old_refresh),
        // Half a minute early, so a token does not expire between the check and the request.
        expires_at: t
            .expires_in
            .map(|s| Instant::now() + Duration::from_secs(s).saturating_sub(Duration::from_secs(30))),
        patient: t.patient.or(old_patient),
        token_url,
        refreshes: 0,
    }
}
