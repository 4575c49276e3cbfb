//! Dynamic client registration (RFC 7591): a practice whose SMART configuration names a
//! `registration_endpoint` is asked to register this app as a native public client before the
//! person signs in, when no client id was given for it (the practice directory gives one for
//! a practice that registered the app ahead of time).
//!
//! The registration asks for what the app is and no more: a native application (RFC 8252)
//! with a loopback redirect on any port, no client secret (`token_endpoint_auth_method`
//! `none`), the authorisation code and refresh token grants.

use phr_core::ErrorCode;
use serde::Deserialize;
use serde_json::json;

use crate::client::{GpClient, OnProgress};
use crate::discovery::Practice;
use crate::error::GpError;

/// The name a practice's registration shows for this app.
const CLIENT_NAME: &str = "My Health Record";

#[derive(Deserialize)]
struct Registered {
    client_id: String,
}

impl GpClient {
    /// The client id to sign in to `practice` with: the one given ([`crate::Options::client_id`])
    /// unless the practice offers dynamic registration and
    /// [`crate::Options::dynamic_registration`] is on, in which case it registers this app.
    pub(crate) async fn client_id_for(&self, practice: &Practice, progress: OnProgress<'_>) -> Result<String, GpError> {
        let endpoint = practice.smart.as_ref().and_then(|s| s.registration_endpoint.as_deref());
        match endpoint {
            Some(endpoint) if self.options.dynamic_registration => self.register(practice, endpoint, progress).await,
            _ => Ok(self.options.client_id.clone()),
        }
    }

    async fn register(&self, practice: &Practice, endpoint: &str, progress: OnProgress<'_>) -> Result<String, GpError> {
        crate::discovery::check_endpoint(&practice.base, endpoint, "app registration service")?;
        let metadata = json!({
            "client_name": CLIENT_NAME,
            "application_type": "native",
            // RFC 8252 section 7.3: a loopback redirect is registered without its port, and
            // the practice accepts any port at sign-in.
            "redirect_uris": ["http://127.0.0.1/callback"],
            "token_endpoint_auth_method": "none",
            "grant_types": ["authorization_code", "refresh_token"],
            "response_types": ["code"],
        });
        let limit = self.small_reply_limit();
        let reply =
            self.send("the app's registration", progress, limit, || self.http.post(endpoint).json(&metadata)).await?;
        let refused = || {
            GpError::new(
                ErrorCode::GpAuthFailed,
                format!(
                    "The practice's service would not register this app (it answered {}), so the app did not open \
                     the sign-in page. Nothing was imported. Ask the practice whether it lets patients connect an \
                     app on their own computer.",
                    reply.status
                ),
            )
        };
        if !reply.status.is_success() {
            return Err(refused());
        }
        let registered: Registered = serde_json::from_str(&reply.body).map_err(|_| refused())?;
        let id = registered.client_id;
        // An id goes into the sign-in address and every token request: plain printable text.
        if id.is_empty() || id.len() > 200 || !id.chars().all(|c| c.is_ascii_graphic()) {
            return Err(refused());
        }
        Ok(id)
    }
}
