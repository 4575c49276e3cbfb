//! Signing in: OAuth 2.0 authorisation code with PKCE through a browser and a loopback
//! redirect; the tokens, refreshed when expired or refused.

use std::time::{Duration, Instant};

use reqwest::{RequestBuilder, StatusCode};
use serde::Deserialize;

use crate::browser::Browser;
use crate::client::{GpClient, Limit, OnProgress, Progress, Reply};
use crate::discovery::{Practice, ServerKind};
use crate::error::GpError;
use crate::loopback::{Expected, Redirect, shown};
use crate::pkce;

/// A signed-in session: the tokens and whose record they open. Its Debug hides the tokens.
pub struct Session {
    access: String,
    refresh: Option<String>,
    expires_at: Option<Instant>,
    /// The Patient id the practice gave with the token (SMART's launch context).
    pub patient: Option<String>,
    token_url: String,
    /// The FHIR base the tokens are for, sent as `resource` (RFC 8707) when refreshing.
    resource: String,
    /// How many times the access token was refreshed.
    pub refreshes: u32,
    /// The client id the tokens were issued to: refreshing and revoking must name it.
    pub(crate) client_id: String,
}

impl Session {
    /// A session from a kept refresh token, with no access token yet: the first request
    /// refreshes it (see [`GpClient::resume`](crate::GpClient)).
    pub(crate) fn resumed(
        refresh: String,
        token_url: String,
        resource: String,
        patient: Option<String>,
        client_id: String,
    ) -> Self {
        Self {
            access: String::new(),
            refresh: Some(refresh),
            expires_at: Some(Instant::now()),
            patient,
            token_url,
            resource,
            refreshes: 0,
            client_id,
        }
    }

    /// The refresh token, to keep when the person chose to stay connected. Named so that each
    /// use stands out in review: it opens the person's record at the practice until revoked.
    pub(crate) fn expose_refresh_token(&self) -> Option<&str> {
        self.refresh.as_deref()
    }
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
    /// The request asks for the scopes [`Practice::scope`] chooses (or
    /// [`crate::Options::scope`] when set) and names the FHIR base twice: as SMART's `aud`,
    /// and as OAuth's `resource` (RFC 8707), which a generic authorisation server needs
    /// before it grants access to anything; the token request names it as `resource` too.
    /// The redirect must carry the `state` sent and, where the practice's metadata gives an
    /// issuer, an `iss` equal to it (required when the metadata says it is always sent; RFC
    /// 9207); an error redirect ends the sign-in at once. For a FHIR R4 practice the token
    /// reply must name the patient (SMART's launch context), whose record is then fetched.
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
        let client_id = self.client_id_for(practice, progress).await?;
        progress(Progress::SigningIn);
        let verifier = pkce::random(32)?;
        let state = pkce::random(16)?;
        let redirect = Redirect::bind().await?;
        let mut url = url::Url::parse(&practice.authorize_url)
            .map_err(|_| GpError::invalid("The practice's sign-in address is not a valid web address."))?;
        let scope = self.options.scope.clone().unwrap_or_else(|| practice.scope_for(self.options.stay_connected));
        {
            let mut q = url.query_pairs_mut();
            q.append_pair("response_type", "code")
                .append_pair("client_id", &client_id)
                .append_pair("redirect_uri", &redirect.uri)
                .append_pair("scope", &scope)
                .append_pair("state", &state)
                .append_pair("aud", &practice.base)
                .append_pair("resource", &practice.base)
                .append_pair("code_challenge", &pkce::challenge(&verifier))
                .append_pair("code_challenge_method", "S256");
            // OpenID Connect grants lasting access only with the person's explicit consent
            // (Core 1.0 section 11): an OpenID provider drops `offline_access` otherwise.
            let words: Vec<&str> = scope.split(' ').collect();
            if words.contains(&"offline_access") && words.contains(&"openid") {
                q.append_pair("prompt", "consent");
            }
        }
        crate::browser::check_address(url.as_str())?;
        browser.open(url.as_str())?;
        let timeout = self.options.sign_in_timeout;
        let smart = practice.smart.as_ref();
        let expected = Expected {
            state: &state,
            issuer: smart.and_then(|s| s.issuer.as_deref()),
            iss_required: smart.is_some_and(|s| s.iss_parameter_supported),
        };
        // Past the nudge the person hears what may be wrong, and the wait goes on.
        let nudge = self.options.sign_in_nudge;
        let waiting = async {
            let code = redirect.code(expected);
            tokio::pin!(code);
            match tokio::time::timeout(nudge, &mut code).await {
                Ok(reply) => reply,
                Err(_) => {
                    progress(Progress::StillSigningIn);
                    code.await
                }
            }
        };
        let code = self.cancellable(tokio::time::timeout(timeout, waiting)).await?.map_err(|_| {
            let minutes = timeout.as_secs().div_ceil(60).max(1);
            let minutes = if minutes == 1 { "1 minute".to_owned() } else { format!("{minutes} minutes") };
            GpError::auth(format!(
                "Sign-in was not finished within {minutes}. If the practice's page showed an error, it \
                     could not send you back to this app. Nothing was imported. Try connecting again, or ask the \
                     practice if it keeps happening."
            ))
        })??;
        let form = [
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("redirect_uri", redirect.uri.as_str()),
            ("client_id", client_id.as_str()),
            ("code_verifier", verifier.as_str()),
            ("resource", practice.base.as_str()),
        ];
        let limit = self.small_reply_limit();
        let reply =
            self.send("your sign-in", progress, limit, || self.http.post(&practice.token_url).form(&form)).await?;
        let tokens = token_reply(&reply, "The practice did not accept the sign-in")?;
        if practice.kind == ServerKind::R4 {
            // The R4 record is fetched by the patient the token names; GP Connect names the
            // patient by NHS number instead.
            check_patient(tokens.patient.as_deref())?;
        }
        Ok(session_from(tokens, practice.token_url.clone(), practice.base.clone(), None, None, client_id))
    }

    /// Trades the refresh token for a new access token.
    pub async fn refresh(&self, session: &mut Session, progress: OnProgress<'_>) -> Result<(), GpError> {
        let Some(refresh) = session.refresh.clone() else {
            return Err(GpError::auth("Your sign-in to the practice has ended. Connect again to sign in."));
        };
        let form = [
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh.as_str()),
            ("client_id", session.client_id.as_str()),
            ("resource", session.resource.as_str()),
        ];
        let limit = self.small_reply_limit();
        let reply =
            self.send("a new sign-in", progress, limit, || self.http.post(&session.token_url).form(&form)).await?;
        let tokens = token_reply(&reply, "Your sign-in to the practice has ended; connect again to sign in")?;
        let refreshes = session.refreshes + 1;
        let patient = session.patient.take();
        *session = session_from(
            tokens,
            session.token_url.clone(),
            session.resource.clone(),
            patient,
            Some(refresh),
            session.client_id.clone(),
        );
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
        // What the service said is cut short and stripped of control characters: a hostile
        // reply could otherwise fill the app's message with up to the 4 MB a reply may hold.
        let said = serde_json::from_str::<TokenError>(&reply.body).ok();
        let detail = said
            .as_ref()
            .map(|e| {
                let described = e.error_description.as_deref().map(|d| format!(": {}", shown(d))).unwrap_or_default();
                format!(" ({}{described})", shown(&e.error))
            })
            .unwrap_or_else(|| format!(" ({})", reply.status));
        // What the person can do depends on why (RFC 6749 section 5.2); the code and the
        // service's own words stay in brackets for whoever helps them.
        let advice = match said.as_ref().map(|e| e.error.as_str()) {
            Some("invalid_grant") => {
                "The sign-in had run out or had been used already. Nothing was imported. Try connecting again."
            }
            Some("invalid_client" | "unauthorized_client") => {
                "The practice's service does not accept this app. Nothing was imported. Ask the practice about \
                 connecting this app."
            }
            _ => "Nothing was imported. Try connecting again, and if it keeps happening, ask the practice.",
        };
        return Err(GpError::auth(format!("{refused}{detail}. {advice}")));
    }
    let tokens: TokenReply = serde_json::from_str(&reply.body)
        .map_err(|e| GpError::invalid(format!("The practice's sign-in reply could not be read: {e}.")))?;
    if !tokens.token_type.is_empty() && !tokens.token_type.eq_ignore_ascii_case("bearer") {
        return Err(GpError::invalid(format!(
            "The practice gave a kind of sign-in token this app cannot use ({}).",
            shown(&tokens.token_type)
        )));
    }
    Ok(tokens)
}

/// Said when a token reply does not name whose record it opens: the practice's service left
/// out SMART's launch context, which signing in again will not change.
pub(crate) const NO_PATIENT: &str = "The practice's sign-in service did not say whose GP record this sign-in is for, \
     so the app could not ask for your record. Nothing was imported. This is a problem at the practice's end, not \
     something you did: try again later, and if it keeps happening, ask the practice about connecting this app.";

/// Refuses a token reply for a FHIR R4 practice that names no patient, or names one by
/// something that is not a FHIR id (`[A-Za-z0-9-.]`, 1 to 64 characters): the id goes into
/// the address of every page, where a `/` or `?` would ask for something else.
pub(crate) fn check_patient(patient: Option<&str>) -> Result<&str, GpError> {
    let Some(patient) = patient.filter(|p| !p.is_empty()) else {
        return Err(GpError::invalid(NO_PATIENT));
    };
    let fhir_id = patient.len() <= 64 && patient.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
    if !fhir_id {
        return Err(GpError::invalid(
            "The practice's sign-in service named the record in a way this app cannot use, so the app did not ask \
             for it. Nothing was imported. Try again later, and if it keeps happening, ask the practice.",
        ));
    }
    Ok(patient)
}

/// A session from a token reply; a refresh reply may leave out the patient and the refresh
/// token, in which case the old ones carry on.
fn session_from(
    t: TokenReply,
    token_url: String,
    resource: String,
    old_patient: Option<String>,
    old_refresh: Option<String>,
    client_id: String,
) -> Session {
    Session {
        access: t.access_token,
        refresh: t.refresh_token.or(old_refresh),
        // Half a minute early, so a token does not expire between the check and the request.
        expires_at: t
            .expires_in
            .map(|s| Instant::now() + Duration::from_secs(s).saturating_sub(Duration::from_secs(30))),
        patient: t.patient.or(old_patient),
        token_url,
        resource,
        refreshes: 0,
        client_id,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_reply_must_name_the_patient_by_a_fhir_id() {
        assert_eq!(check_patient(Some("a1-B2.c3")).unwrap(), "a1-B2.c3");
        for missing in [None, Some("")] {
            let e = check_patient(missing).unwrap_err();
            assert_eq!(e.code, phr_core::ErrorCode::GpResponseInvalid);
            assert_eq!(e.message, NO_PATIENT);
        }
        // What would change the address the record is asked for at is refused.
        let long = "a".repeat(65);
        for odd in ["../../Practitioner/1", "1?_format=xml", "a b", "é", long.as_str()] {
            let e = check_patient(Some(odd)).unwrap_err();
            assert_eq!(e.code, phr_core::ErrorCode::GpResponseInvalid, "{odd}");
            assert!(e.message.contains("Nothing was imported"), "{e}");
        }
    }

    #[test]
    fn what_a_refusing_token_endpoint_said_is_cut_short() {
        let body = serde_json::json!({ "error": "invalid_grant", "error_description": format!("a\nb{}", "x".repeat(100_000)) });
        let reply = Reply { status: StatusCode::BAD_REQUEST, body: body.to_string(), date: None };
        let e = token_reply(&reply, "The practice did not accept the sign-in").err().unwrap();
        assert_eq!(e.code, phr_core::ErrorCode::GpAuthFailed);
        assert!(e.message.starts_with("The practice did not accept the sign-in (invalid_grant: ab"), "{e}");
        assert!(e.message.len() < 420 && !e.message.contains('\n'), "{}", e.message.len());
        assert!(e.message.ends_with("had been used already. Nothing was imported. Try connecting again."), "{e}");
    }

    #[test]
    fn a_refusing_token_endpoint_gets_advice_for_its_reason() {
        let refused = |error: &str| {
            let body = serde_json::json!({ "error": error }).to_string();
            token_reply(&Reply { status: StatusCode::BAD_REQUEST, body, date: None }, "Refused").err().unwrap().message
        };
        assert!(refused("invalid_client").contains("does not accept this app"));
        assert!(refused("unauthorized_client").contains("Ask the practice about connecting this app"));
        let other = refused("invalid_request");
        assert!(other.starts_with("Refused (invalid_request). Nothing was imported."), "{other}");
        let not_json =
            token_reply(&Reply { status: StatusCode::BAD_GATEWAY, body: "<html>".into(), date: None }, "Refused");
        assert!(not_json.err().unwrap().message.contains("Nothing was imported"));
    }

    #[test]
    fn the_missing_patient_message_says_what_to_do_not_to_connect_again() {
        assert!(NO_PATIENT.contains("did not say whose GP record"));
        assert!(NO_PATIENT.contains("try again later") && NO_PATIENT.contains("ask the practice"));
        assert!(!NO_PATIENT.contains("connecting again"));
    }
}
