//! Signing in with NHS login through the deploying organisation's broker
//! (docs/design/nhs-login-broker.md). NHS login is OpenID Connect with `private_key_jwt`
//! client authentication, which a desktop app cannot hold a key for: the broker (crates/
//! phr-broker) signs the client assertion and sees nothing else. This app does the rest:
//! discovery of NHS login's OpenID configuration (held to the rules every endpoint is: https,
//! or http only to this computer; S256), the authorization request with PKCE, a `nonce` and the
//! vectors of trust it needs (`vtr`, P9 for a GP record) through the system browser and a
//! loopback redirect (`state` and `iss` checked), the token request with the broker's
//! assertion and the PKCE verifier (which never leaves this app), and the ID token's checks
//! (`validate_id_token`: signature by NHS login's JWKS, `iss`, `aud`, `nonce`, `exp`, `vot`).
//! The person is then matched by the NHS number claim, never by name (the caller's job).

use std::time::{SystemTime, UNIX_EPOCH};

use phr_core::ErrorCode;
use phr_core::secret::SecretString;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::browser::Browser;
use crate::client::{GpClient, OnProgress, Progress};
use crate::error::GpError;
use crate::id_token::{IdTokenClaims, IdTokenExpectations, IdentityLevel, validate_id_token};
use crate::loopback::{Expected, Redirect};
use crate::pkce;

/// The vectors of trust a GP record needs: identity proved to P9, with any of NHS login's
/// credential levels.
pub const VTR_P9: &str = r#"["P9.Cp.Cd","P9.Cp.Ck","P9.Cm"]"#;

/// Where NHS login is, and who this app is to it.
#[derive(Debug, Clone)]
pub struct NhsLoginConfig {
    /// NHS login's issuer (its OpenID configuration is under `/.well-known/`).
    pub issuer: String,
    /// The client id NHS login registered the deploying organisation's service under.
    pub client_id: String,
    /// The broker's address: `POST {broker}/assertion` signs the client assertion.
    pub broker: String,
    /// The scopes to ask for (`openid` and `nhs_number` at least).
    pub scope: String,
    /// The vectors of trust to ask for (`vtr`).
    pub vtr: String,
    /// The lowest identity level accepted.
    pub minimum_level: IdentityLevel,
}

impl NhsLoginConfig {
    /// NHS login for a GP record: `openid nhs_number`, P9.
    pub fn for_gp_record(issuer: String, client_id: String, broker: String) -> Self {
        Self {
            issuer,
            client_id,
            broker,
            scope: "openid nhs_number".into(),
            vtr: VTR_P9.into(),
            minimum_level: IdentityLevel::P9,
        }
    }
}

/// A person signed in with NHS login: who the ID token says they are, and the access token
/// it gave (for the GP service that accepts it). Debug shows neither the NHS number nor the
/// token.
pub struct NhsLoginSignedIn {
    pub claims: IdTokenClaims,
    pub access_token: SecretString,
}
phr_core::redacted_debug!(NhsLoginSignedIn { claims });

#[derive(Deserialize)]
struct OpenIdConfiguration {
    issuer: String,
    authorization_endpoint: String,
    token_endpoint: String,
    jwks_uri: String,
    #[serde(default)]
    code_challenge_methods_supported: Option<Vec<String>>,
    #[serde(default)]
    authorization_response_iss_parameter_supported: bool,
}

#[derive(Deserialize)]
struct Assertion {
    client_assertion: String,
    client_assertion_type: String,
}

#[derive(Deserialize)]
struct Tokens {
    access_token: String,
    id_token: Option<String>,
}

fn unusable(what: &str) -> GpError {
    GpError::new(
        ErrorCode::GpAuthFailed,
        format!(
            "NHS login's {what} could not be used, so the app did not open the sign-in page. Nothing was imported."
        ),
    )
}

impl GpClient {
    /// Signs the person in with NHS login through `browser`, asking the broker for the
    /// client assertion, and checks the ID token. Returns who NHS login says they are.
    pub async fn nhs_login(
        &self,
        config: &NhsLoginConfig,
        browser: &dyn Browser,
        progress: OnProgress<'_>,
    ) -> Result<NhsLoginSignedIn, GpError> {
        progress(Progress::Discovering);
        let issuer = crate::client::check_base(&config.issuer)?;
        let limit = self.small_reply_limit();
        let url = format!("{issuer}/.well-known/openid-configuration");
        let reply = self.send("NHS login's sign-in details", progress, limit, || self.http.get(&url)).await?;
        if !reply.status.is_success() {
            return Err(unusable("sign-in details"));
        }
        let oidc: OpenIdConfiguration = serde_json::from_str(&reply.body).map_err(|_| unusable("sign-in details"))?;
        // OpenID Connect Discovery section 4.3: the issuer is the one the app asked.
        if oidc.issuer.trim_end_matches('/') != issuer {
            return Err(unusable("sign-in details (they name another issuer)"));
        }
        for (endpoint, what) in [
            (&oidc.authorization_endpoint, "sign-in page"),
            (&oidc.token_endpoint, "sign-in token service"),
            (&oidc.jwks_uri, "signing keys"),
        ] {
            crate::discovery::check_endpoint(&issuer, endpoint, what)?;
        }
        if oidc.code_challenge_methods_supported.as_ref().is_some_and(|m| !m.iter().any(|m| m == "S256")) {
            return Err(unusable("sign-in service (it does not offer PKCE with S256)"));
        }
        let broker = crate::client::check_base(&config.broker)?;

        progress(Progress::SigningIn);
        let verifier = pkce::random(32)?;
        let state = pkce::random(16)?;
        let nonce = pkce::random(16)?;
        let redirect = Redirect::bind().await?;
        let mut authorize = url::Url::parse(&oidc.authorization_endpoint).map_err(|_| unusable("sign-in page"))?;
        authorize
            .query_pairs_mut()
            .append_pair("response_type", "code")
            .append_pair("client_id", &config.client_id)
            .append_pair("redirect_uri", &redirect.uri)
            .append_pair("scope", &config.scope)
            .append_pair("state", &state)
            .append_pair("nonce", &nonce)
            .append_pair("vtr", &config.vtr)
            .append_pair("code_challenge", &pkce::challenge(&verifier))
            .append_pair("code_challenge_method", "S256");
        crate::browser::check_address(authorize.as_str())?;
        browser.open(authorize.as_str())?;
        let expected = Expected {
            state: &state,
            issuer: Some(oidc.issuer.as_str()),
            iss_required: oidc.authorization_response_iss_parameter_supported,
        };
        let timeout = self.options.sign_in_timeout;
        let code =
            self.cancellable(tokio::time::timeout(timeout, redirect.code(expected))).await?.map_err(|_| {
                GpError::auth("Signing in with NHS login was not finished in time. Nothing was imported.")
            })??;

        // The broker signs a client assertion for NHS login's token endpoint, and nothing else.
        let body = json!({ "token_endpoint": oidc.token_endpoint });
        let assertion_url = format!("{broker}/assertion");
        let reply = self
            .send("the app's proof of who it is", progress, limit, || self.http.post(&assertion_url).json(&body))
            .await?;
        let assertion: Assertion = if reply.status.is_success() {
            serde_json::from_str(&reply.body).map_err(|_| broker_failed(reply.status))?
        } else {
            return Err(broker_failed(reply.status));
        };
        let form = [
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("redirect_uri", redirect.uri.as_str()),
            ("client_id", config.client_id.as_str()),
            ("code_verifier", verifier.as_str()),
            ("client_assertion_type", assertion.client_assertion_type.as_str()),
            ("client_assertion", assertion.client_assertion.as_str()),
        ];
        let reply =
            self.send("your sign-in", progress, limit, || self.http.post(&oidc.token_endpoint).form(&form)).await?;
        if !reply.status.is_success() {
            let said: Value = serde_json::from_str(&reply.body).unwrap_or(Value::Null);
            let code = said.get("error").and_then(Value::as_str).map(crate::loopback::shown).unwrap_or_default();
            return Err(GpError::auth(format!(
                "NHS login did not accept the sign-in ({code}). Nothing was imported. Try signing in again."
            )));
        }
        let tokens: Tokens =
            serde_json::from_str(&reply.body).map_err(|_| GpError::invalid("NHS login's reply could not be read."))?;
        let Some(id_token) = tokens.id_token else {
            return Err(GpError::invalid("NHS login did not say who signed in. Nothing was imported."));
        };

        let jwks_reply =
            self.send("NHS login's signing keys", progress, limit, || self.http.get(&oidc.jwks_uri)).await?;
        let jwks: Value = serde_json::from_str(&jwks_reply.body).map_err(|_| unusable("signing keys"))?;
        let expected = IdTokenExpectations {
            issuer: oidc.issuer.clone(),
            client_id: config.client_id.clone(),
            nonce,
            minimum_level: config.minimum_level,
            clock_skew_secs: 120,
        };
        let now = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or_default();
        let claims = validate_id_token(&id_token, &jwks, &expected, i64::try_from(now).unwrap_or(i64::MAX))?;
        Ok(NhsLoginSignedIn { claims, access_token: SecretString::new(tokens.access_token) })
    }
}

fn broker_failed(status: reqwest::StatusCode) -> GpError {
    GpError::new(
        ErrorCode::GpServerError,
        format!(
            "The service that vouches for this app to NHS login did not answer as it should ({status}). Nothing was \
             imported. Try again later."
        ),
    )
}
