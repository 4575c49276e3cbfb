//! Staying connected to the GP practice: keeping what the practice gave when the person chose
//! it, checking for updates with it (no sign-in, only what changed where the practice can say),
//! the token the practice rotates kept at once, and disconnecting (revoked at the practice,
//! forgotten here). A carer does each only with the person's permission to import, as any
//! import. Every step is in the person's audit log, which never names the token.

use std::sync::Mutex;

use phr_core::ErrorCode;
use phr_core::carer_limits::CarerPermission;
use phr_core::en_gb;
use phr_core::secret::SecretString;
use phr_gp::{GpClient, KeptConnection, Options, Revocation};
use phr_vault::{ConnectionForgotten, GpConnection, PersonId};

use crate::app::App;
use crate::dto::AppError;
use crate::dto_gp::{GpConnectionStatus, GpConnectionWords, GpDisconnected};
use crate::dto_record::{ImportProgress, ImportReport};
use crate::gp::{done, gp_error, gp_source, on_gp_thread, progress_of, storing};
use crate::readings::local::local_offset;

/// The words of the connection's controls (`vocabulary().gpConnection`).
pub(crate) fn words() -> GpConnectionWords {
    GpConnectionWords {
        heading: "Your GP practice connection".into(),
        stay_connected: "Stay connected, so I can check for updates without signing in".into(),
        stay_connected_hint: "The app keeps what the practice gives it for this, encrypted in this record. \
                              You can disconnect at any time."
            .into(),
        check_for_updates: "Check for updates".into(),
        disconnect: "Disconnect".into(),
        disconnect_title: "Disconnect from the practice?".into(),
        disconnect_question: "The app will ask the practice to stop its access, and forget the connection. \
                              Your record stays as it is. To get updates again, you will connect and sign in."
            .into(),
        keep_connected: "Keep connected".into(),
    }
}

fn not_connected() -> AppError {
    AppError::new(
        ErrorCode::GpNotConnected,
        "This record is not connected to a GP practice. Connect to the practice and choose to stay connected first.",
    )
}

/// "5 Dec 2026, 10:15" in this computer's time.
fn when(at: chrono::DateTime<chrono::Utc>) -> String {
    en_gb::date_time(at, local_offset(at))
}

fn kept_of(c: GpConnection) -> KeptConnection {
    KeptConnection::new(c.base, c.client_id, c.patient, c.since, c.refresh_token)
}

impl App {
    /// Whether the person's record stays connected to their GP practice, in words.
    pub fn gp_connection_status(&self, person_id_str: &str) -> Result<GpConnectionStatus, AppError> {
        let id = self.record_person(person_id_str)?;
        let kept = self.with_vault(|v| Ok(v.gp_connection(&id)?))?;
        let may_update = self.carer_may(&id, CarerPermission::Import).is_ok();
        Ok(match kept {
            None => GpConnectionStatus {
                connected: false,
                practice_name: None,
                url: None,
                words: "Not connected. When you next connect to your GP practice, you can choose to stay \
                        connected, so that checking for updates needs no sign-in."
                    .into(),
                may_update,
            },
            Some(c) => {
                let checked = c
                    .updated_at
                    .map(|at| format!(" Last checked for updates {}.", when(at)))
                    .unwrap_or_else(|| " Not checked for updates yet.".into());
                GpConnectionStatus {
                    connected: true,
                    words: format!("Connected to {} since {}.{checked}", c.practice_name, when(c.connected_at)),
                    practice_name: Some(c.practice_name),
                    url: Some(c.base),
                    may_update,
                }
            }
        })
    }

    /// Keeps the connection a sign-in gave (after its import was stored) and says what it
    /// came to; says so when the practice gave nothing to keep.
    pub(crate) fn keep_connection(
        &self,
        id: &PersonId,
        kept: Option<KeptConnection>,
        practice_name: &str,
    ) -> Result<String, AppError> {
        let Some(kept) = kept else {
            return Ok(format!(
                "{practice_name} did not let the app stay connected, so you will sign in again next time you connect."
            ));
        };
        self.with_vault(|v| {
            let connection = GpConnection {
                base: kept.base.clone(),
                practice_name: practice_name.to_owned(),
                client_id: kept.client_id.clone(),
                patient: kept.patient.clone(),
                since: kept.since.clone(),
                refresh_token: SecretString::new(kept.expose_refresh_token().to_owned()),
                connected_at: v.now(),
                updated_at: None,
            };
            Ok(v.keep_gp_connection(id, &connection)?)
        })?;
        Ok(format!(
            "The app stays connected to {practice_name}. Choose \"Check for updates\" to bring your record up to \
             date without signing in again. You can disconnect at any time."
        ))
    }

    /// Checks the practice for updates with the kept connection, without a sign-in, and
    /// imports what arrived (only what changed, where the practice can say). A practice that
    /// no longer accepts the connection ends it: the app forgets it and says to connect again.
    pub fn update_from_gp(
        &self,
        person_id_str: &str,
        progress: &(dyn Fn(ImportProgress) + Send + Sync),
    ) -> Result<ImportReport, AppError> {
        self.update_from_gp_through(person_id_str, Options::default(), progress)
    }

    /// [`App::update_from_gp`] with the client's options given (faster retries in tests).
    #[cfg(feature = "test-seams")]
    pub fn update_from_gp_with(
        &self,
        person_id_str: &str,
        options: Options,
        progress: &(dyn Fn(ImportProgress) + Send + Sync),
    ) -> Result<ImportReport, AppError> {
        self.update_from_gp_through(person_id_str, options, progress)
    }

    fn update_from_gp_through(
        &self,
        person_id_str: &str,
        options: Options,
        progress: &(dyn Fn(ImportProgress) + Send + Sync),
    ) -> Result<ImportReport, AppError> {
        let id = self.record_person(person_id_str)?;
        self.carer_may(&id, CarerPermission::Import)?;
        let stored = self.with_vault(|v| Ok(v.gp_connection(&id)?))?.ok_or_else(not_connected)?;
        let practice_name = stored.practice_name.clone();
        let kept = kept_of(stored);
        let nhs_number = self.nhs_digits(&id)?;

        let job = self.start_gp_job()?;
        let client = GpClient::new(options).map_err(gp_error)?.with_cancel(job.cancel.clone());
        let tally = Mutex::new((0u32, None::<u32>));
        let on_progress = progress_of(self, progress, &tally);
        let (practice, fetched, next) = on_gp_thread(|rt| {
            let (practice, mut session, now) = match rt.block_on(client.resume(&kept, &on_progress)) {
                Ok(resumed) => resumed,
                Err(e) if e.code == ErrorCode::GpConnectionEnded => {
                    self.with_vault(|v| Ok(v.forget_gp_connection(&id, ConnectionForgotten::EndedByPractice)?))?;
                    return Err(gp_error(e));
                }
                Err(e) => return Err(gp_error(e)),
            };
            // A rotated token replaces the old one at once: the old one no longer works.
            if kept.token_differs(&now) {
                let token = SecretString::new(now.expose_refresh_token().to_owned());
                self.with_vault(|v| Ok(v.renew_gp_token(&id, &token)?))?;
            }
            let (fetched, next) = rt
                .block_on(client.update(&practice, &mut session, &now, nhs_number.as_deref(), &on_progress))
                .map_err(gp_error)?;
            Ok((practice, fetched, next))
        })?;
        job.stop_if_cancelled()?;

        let resources = tally.lock().map(|t| t.0).unwrap_or(0);
        storing(progress, resources);
        let report = self.import_documents(person_id_str, gp_source(&practice), fetched.pages)?;
        let token = SecretString::new(next.expose_refresh_token().to_owned());
        self.with_vault(|v| Ok(v.mark_gp_updated(&id, next.since.as_deref(), &token)?))?;
        let mut report = report;
        report.outcome.connection = Some(if fetched.since_used {
            format!("Checked {practice_name} for what changed since you last checked.")
        } else {
            format!("Checked {practice_name}: it sent your whole record, and only what changed was added.")
        });
        done(progress, resources, &report);
        Ok(report)
    }

    /// Disconnects from the practice: asks it to stop the app's access (RFC 7009, where it
    /// offers that) and forgets the connection here whatever it answers, since the person
    /// asked to disconnect. Says whether the practice confirmed.
    pub fn disconnect_gp(&self, person_id_str: &str) -> Result<GpDisconnected, AppError> {
        self.disconnect_gp_through(person_id_str, Options::default())
    }

    /// [`App::disconnect_gp`] with the client's options given. Only in a `test-seams` build.
    #[cfg(feature = "test-seams")]
    pub fn disconnect_gp_with(&self, person_id_str: &str, options: Options) -> Result<GpDisconnected, AppError> {
        self.disconnect_gp_through(person_id_str, options)
    }

    fn disconnect_gp_through(&self, person_id_str: &str, options: Options) -> Result<GpDisconnected, AppError> {
        let id = self.record_person(person_id_str)?;
        self.carer_may(&id, CarerPermission::Import)?;
        let stored = self.with_vault(|v| Ok(v.gp_connection(&id)?))?.ok_or_else(not_connected)?;
        let practice_name = stored.practice_name.clone();
        let kept = kept_of(stored);
        let job = self.start_gp_job()?;
        let client = GpClient::new(options).map_err(gp_error)?.with_cancel(job.cancel.clone());
        let revoked = on_gp_thread(|rt| Ok(rt.block_on(client.revoke(&kept))))?;
        let why = match revoked {
            Ok(Revocation::Revoked) => ConnectionForgotten::DisconnectedAndRevoked,
            _ => ConnectionForgotten::Disconnected,
        };
        self.with_vault(|v| Ok(v.forget_gp_connection(&id, why)?))?;
        let words = match revoked {
            Ok(Revocation::Revoked) => {
                format!("You are disconnected from {practice_name}. The practice has stopped the app's access too.")
            }
            Ok(Revocation::NotOffered) => format!(
                "You are disconnected from {practice_name}: the app has forgotten the connection. The practice offers \
                 no way for the app to stop its access, so it ends on its own; to end it now, remove this app from \
                 your account at the practice."
            ),
            Err(_) => format!(
                "You are disconnected from {practice_name}: the app has forgotten the connection. The practice did \
                 not confirm that it stopped the app's access; to be sure, remove this app from your account at the \
                 practice, or ask the practice."
            ),
        };
        Ok(GpDisconnected { revoked: matches!(revoked, Ok(Revocation::Revoked)), words })
    }
}
