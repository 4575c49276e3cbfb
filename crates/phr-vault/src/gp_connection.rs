//! The kept connection to a person's GP practice (migration 19), when they chose to stay
//! connected: what lets the app check for updates without a new sign-in, the refresh token
//! included. It lives only inside the person's encrypted database: never in the key file, a
//! log or an audit entry (whose details name the practice alone). A handover package leaves
//! it behind: it was made with whoever signed in then, and the record's new holder connects
//! with their own sign-in.

use chrono::{DateTime, Utc};
use phr_core::audit::AuditAction;
use phr_core::secret::SecretString;
use rusqlite::{OptionalExtension, params};

use crate::error::{Result, db_error};
use crate::model::PersonId;
use crate::person_store::{parse_time, time_text};
use crate::vault::Vault;

/// A kept connection, as stored.
pub struct GpConnection {
    /// The practice's FHIR base.
    pub base: String,
    /// The practice's name, as the app showed it when connecting.
    pub practice_name: String,
    /// The OAuth client id the token was issued to.
    pub client_id: String,
    /// The Patient id the practice named at sign-in.
    pub patient: Option<String>,
    /// The practice's instant to ask for changes after, next time.
    pub since: Option<String>,
    pub refresh_token: SecretString,
    pub connected_at: DateTime<Utc>,
    /// When an update last brought the record up to date; `None` before the first.
    pub updated_at: Option<DateTime<Utc>>,
}
phr_core::redacted_debug!(GpConnection { base, practice_name, connected_at, updated_at });

/// Why a kept connection was forgotten, for the audit entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnectionForgotten {
    /// The person disconnected, and the practice confirmed it stopped the token.
    DisconnectedAndRevoked,
    /// The person disconnected; the practice offers no way to stop the token, or did not
    /// confirm it.
    Disconnected,
    /// The practice no longer accepted the token.
    EndedByPractice,
}

impl ConnectionForgotten {
    fn detail(self, practice: &str) -> String {
        match self {
            Self::DisconnectedAndRevoked => {
                format!("disconnected from {practice}; the practice stopped the connection")
            }
            Self::Disconnected => format!("disconnected from {practice}"),
            Self::EndedByPractice => format!("{practice} no longer accepted the connection"),
        }
    }
}

impl Vault {
    /// Keeps a new connection (replacing any earlier one), audited with the practice's name.
    pub fn keep_gp_connection(&mut self, id: &PersonId, c: &GpConnection) -> Result<()> {
        let detail = format!("connected to {}", c.practice_name);
        self.write_person(id, AuditAction::GpConnected, &detail, |tx, path| {
            tx.execute(
                "INSERT OR REPLACE INTO gp_connection
                   (only_row, base, practice_name, client_id, patient, since, refresh_token, connected_at, updated_at)
                 VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    c.base,
                    c.practice_name,
                    c.client_id,
                    c.patient,
                    c.since,
                    c.refresh_token.expose_secret(),
                    time_text(c.connected_at),
                    c.updated_at.map(time_text),
                ],
            )
            .map_err(|e| db_error(path, &e))?;
            Ok(())
        })
    }

    /// The person's kept connection, if any.
    pub fn gp_connection(&self, id: &PersonId) -> Result<Option<GpConnection>> {
        self.read_person(id, |conn, path| {
            conn.query_row(
                "SELECT base, practice_name, client_id, patient, since, refresh_token, connected_at, updated_at
                 FROM gp_connection WHERE only_row = 1",
                [],
                |r| {
                    let connected: String = r.get(6)?;
                    let updated: Option<String> = r.get(7)?;
                    Ok(GpConnection {
                        base: r.get(0)?,
                        practice_name: r.get(1)?,
                        client_id: r.get(2)?,
                        patient: r.get(3)?,
                        since: r.get(4)?,
                        refresh_token: SecretString::new(r.get(5)?),
                        connected_at: parse_time(&connected).unwrap_or_default(),
                        updated_at: updated.as_deref().and_then(parse_time),
                    })
                },
            )
            .optional()
            .map_err(|e| db_error(path, &e))
        })
    }

    /// Keeps the token the practice rotated to, at once: the one before it no longer works.
    /// Audited without the token. Nothing happens when there is no kept connection (it was
    /// forgotten meanwhile).
    pub fn renew_gp_token(&mut self, id: &PersonId, token: &SecretString) -> Result<()> {
        let Some(c) = self.gp_connection(id)? else { return Ok(()) };
        let detail = format!("{} renewed the connection", c.practice_name);
        self.write_person(id, AuditAction::GpConnectionRenewed, &detail, |tx, path| {
            tx.execute("UPDATE gp_connection SET refresh_token = ?1 WHERE only_row = 1", [token.expose_secret()])
                .map_err(|e| db_error(path, &e))?;
            Ok(())
        })
    }

    /// After an update brought the record up to date: the next `since`, when, and the token
    /// to keep (the practice may have rotated it during the fetch). Audited as a check for
    /// updates; the import it brought is audited by the import.
    pub fn mark_gp_updated(&mut self, id: &PersonId, since: Option<&str>, token: &SecretString) -> Result<()> {
        let Some(c) = self.gp_connection(id)? else { return Ok(()) };
        let now = time_text(self.now());
        let renewed = c.refresh_token.expose_secret() != token.expose_secret();
        let detail = format!(
            "checked {} for updates{}",
            c.practice_name,
            if renewed { "; the practice renewed the connection" } else { "" }
        );
        self.write_person(id, AuditAction::GpUpdated, &detail, |tx, path| {
            tx.execute(
                "UPDATE gp_connection SET since = COALESCE(?1, since), updated_at = ?2, refresh_token = ?3
                 WHERE only_row = 1",
                params![since, now, token.expose_secret()],
            )
            .map_err(|e| db_error(path, &e))?;
            Ok(())
        })
    }

    /// Forgets the kept connection, audited with why. Returns whether there was one.
    pub fn forget_gp_connection(&mut self, id: &PersonId, why: ConnectionForgotten) -> Result<bool> {
        let Some(c) = self.gp_connection(id)? else { return Ok(false) };
        self.write_person(id, AuditAction::GpDisconnected, &why.detail(&c.practice_name), |tx, path| {
            tx.execute("DELETE FROM gp_connection", []).map_err(|e| db_error(path, &e))?;
            Ok(())
        })?;
        Ok(true)
    }
}
