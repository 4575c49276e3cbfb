//! Staying connected: the refresh token a person chose to keep, used to check for updates
//! without signing in again, replaced whenever the practice rotates it, and revoked at the
//! practice when they disconnect (RFC 7009).
//!
//! Keeping it is the caller's business (phr-app keeps it inside the person's encrypted
//! database, never in the key file); this module only hands it over and takes it back, as a
//! [`KeptConnection`] whose token is a [`SecretString`]: wiped on drop, never printed.

use std::time::{Duration, SystemTime};

use phr_core::ErrorCode;
use phr_core::secret::SecretString;

use crate::auth::Session;
use crate::client::{GpClient, OnProgress, Progress};
use crate::discovery::Practice;
use crate::error::GpError;
use crate::fetch::Fetched;

/// The practice's clock is read from the first page's `Date` header, and the next update asks
/// for what changed since a little before it: a change the practice was still saving while
/// the page left is then asked for again (importing it twice changes nothing).
const SINCE_MARGIN: Duration = Duration::from_secs(5 * 60);

/// What the app keeps to update a record without a new sign-in.
pub struct KeptConnection {
    /// The practice's FHIR base: where the connection is discovered again.
    pub base: String,
    /// The OAuth client id the token was issued to (refresh and revocation must name it).
    pub client_id: String,
    /// The Patient id the practice named at sign-in (SMART's launch context).
    pub patient: Option<String>,
    /// The instant (RFC 3339, the practice's clock) to ask for changes after, next time;
    /// `None` asks for the whole record.
    pub since: Option<String>,
    refresh_token: SecretString,
}
phr_core::redacted_debug!(KeptConnection { base, client_id, since });

impl KeptConnection {
    pub fn new(
        base: String,
        client_id: String,
        patient: Option<String>,
        since: Option<String>,
        refresh_token: SecretString,
    ) -> Self {
        Self { base, client_id, patient, since, refresh_token }
    }

    /// The refresh token, to store encrypted. Named so that each use stands out in review.
    pub fn expose_refresh_token(&self) -> &str {
        self.refresh_token.expose_secret()
    }

    /// This connection with `session`'s refresh token (the practice may have rotated it) and,
    /// when given, a new `since`.
    fn renewed(&self, session: &Session, since: Option<String>) -> Self {
        let token = session.expose_refresh_token().unwrap_or(self.refresh_token.expose_secret()).to_owned();
        Self {
            base: self.base.clone(),
            client_id: self.client_id.clone(),
            patient: session.patient.clone().or_else(|| self.patient.clone()),
            since: since.or_else(|| self.since.clone()),
            refresh_token: SecretString::new(token),
        }
    }

    /// Whether `other` holds a different refresh token: the practice rotated it, and the old
    /// one no longer works, so the new one must be kept at once.
    pub fn token_differs(&self, other: &KeptConnection) -> bool {
        self.expose_refresh_token() != other.expose_refresh_token()
    }
}

/// A record fetched after signing in, and the connection to keep when the person chose to
/// stay connected and the practice gave a refresh token.
#[derive(Debug)]
pub struct Connected {
    pub practice: Practice,
    pub fetched: Fetched,
    pub kept: Option<KeptConnection>,
}

/// What disconnecting did at the practice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Revocation {
    /// The practice's revocation endpoint accepted the token: it no longer works.
    Revoked,
    /// The practice names no revocation endpoint: the token stops working when it expires,
    /// or when the person removes the app at the practice.
    NotOffered,
}

/// `t` less [`SINCE_MARGIN`], as FHIR's instant (RFC 3339, UTC, seconds).
fn since_text(t: SystemTime) -> String {
    let t = t.checked_sub(SINCE_MARGIN).unwrap_or(t);
    chrono::DateTime::<chrono::Utc>::from(t).format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Said when the practice refuses a kept connection's refresh token.
pub(crate) const CONNECTION_ENDED: &str = "The practice no longer accepts this app's connection to your record. \
     It may have ended after a long time unused, or been stopped at the practice. The app has forgotten it. \
     Nothing was imported. Connect again to sign in.";

impl GpClient {
    /// The whole journey, as [`GpClient::fetch_all`], handing back the connection to keep
    /// when [`crate::Options::stay_connected`] is set and the practice gave a refresh token.
    pub async fn connect(
        &self,
        base: &str,
        browser: &dyn crate::Browser,
        nhs_number: Option<&str>,
        progress: OnProgress<'_>,
    ) -> Result<Connected, GpError> {
        progress(Progress::Discovering);
        let practice = self.discover(base).await?;
        let mut session = self.sign_in(&practice, browser, progress).await?;
        let fetched = self.fetch_record_since(&practice, &mut session, nhs_number, None, progress).await?;
        let kept = if self.options.stay_connected {
            session.expose_refresh_token().map(|token| {
                KeptConnection::new(
                    practice.base.clone(),
                    session.client_id.clone(),
                    session.patient.clone(),
                    fetched.server_time.map(since_text),
                    SecretString::new(token.to_owned()),
                )
            })
        } else {
            None
        };
        Ok(Connected { practice, fetched, kept })
    }

    /// Picks a kept connection up again without a browser: discovers the practice, trades
    /// the refresh token for an access token, and hands back the connection to keep now (the
    /// practice may have rotated the refresh token, so the caller keeps this before anything
    /// else). A practice that refuses the token ends the connection
    /// ([`ErrorCode::GpConnectionEnded`]); a network failure does not.
    pub async fn resume(
        &self,
        kept: &KeptConnection,
        progress: OnProgress<'_>,
    ) -> Result<(Practice, Session, KeptConnection), GpError> {
        progress(Progress::Discovering);
        let practice = self.discover(&kept.base).await?;
        let mut session = Session::resumed(
            kept.expose_refresh_token().to_owned(),
            practice.token_url.clone(),
            practice.base.clone(),
            kept.patient.clone(),
            kept.client_id.clone(),
        );
        self.refresh(&mut session, progress).await.map_err(|e| {
            if e.code == ErrorCode::GpAuthFailed {
                GpError::new(ErrorCode::GpConnectionEnded, CONNECTION_ENDED)
            } else {
                e
            }
        })?;
        let now = kept.renewed(&session, None);
        Ok((practice, session, now))
    }

    /// Fetches what changed since the kept connection's last fetch (or the whole record, see
    /// [`GpClient::fetch_record_since`]) with a resumed session; hands back the pages and the
    /// connection to keep after it (its token rotated if a refresh happened meanwhile, and
    /// its next `since`).
    pub async fn update(
        &self,
        practice: &Practice,
        session: &mut Session,
        kept: &KeptConnection,
        nhs_number: Option<&str>,
        progress: OnProgress<'_>,
    ) -> Result<(Fetched, KeptConnection), GpError> {
        let fetched = self.fetch_record_since(practice, session, nhs_number, kept.since.as_deref(), progress).await?;
        let next = kept.renewed(session, fetched.server_time.map(since_text));
        Ok((fetched, next))
    }

    /// Revokes the kept refresh token at the practice (RFC 7009), where it offers a
    /// revocation endpoint. The caller forgets the connection whatever this returns: the
    /// person asked to disconnect.
    pub async fn revoke(&self, kept: &KeptConnection) -> Result<Revocation, GpError> {
        let practice = self.discover(&kept.base).await?;
        let Some(endpoint) = practice.smart.as_ref().and_then(|s| s.revocation_endpoint.clone()) else {
            return Ok(Revocation::NotOffered);
        };
        crate::discovery::check_endpoint(&practice.base, &endpoint, "disconnection service")?;
        let form = [
            ("token", kept.expose_refresh_token()),
            ("token_type_hint", "refresh_token"),
            ("client_id", kept.client_id.as_str()),
        ];
        let noop = |_: Progress| {};
        let limit = self.small_reply_limit();
        let reply = self.send("the disconnection", &noop, limit, || self.http.post(&endpoint).form(&form)).await?;
        // RFC 7009 section 2.2: 200 whether or not the token was still valid.
        if reply.status.is_success() {
            Ok(Revocation::Revoked)
        } else {
            Err(GpError::new(
                ErrorCode::GpServerError,
                format!(
                    "The practice's service did not confirm the disconnection (it answered {}). The app has \
                     forgotten the connection; to be sure it is stopped at the practice too, remove this app \
                     from your account there, or ask the practice.",
                    reply.status
                ),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn since_is_the_practices_clock_less_a_margin_as_a_fhir_instant() {
        let t = SystemTime::UNIX_EPOCH + Duration::from_secs(1_764_930_000);
        assert_eq!(since_text(t), "2025-12-05T10:15:00Z");
    }

    #[test]
    fn debug_never_shows_the_token() {
        let kept = KeptConnection::new(
            "https://gp.example/fhir".into(),
            "phr-desktop".into(),
            Some("p1".into()),
            None,
            SecretString::new("marker-refresh-token".into()),
        );
        let shown = format!("{kept:?} {kept:#?}");
        assert!(!shown.contains("marker-refresh-token") && !shown.contains("p1"), "{shown}");
        assert!(shown.contains("gp.example"), "{shown}");
    }
}
