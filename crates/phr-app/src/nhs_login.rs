//! Signing in with NHS login through the deploying organisation's broker, and matching the
//! person by the NHS number NHS login gives (never by name): a sign-in for another NHS number
//! is refused, as every other import of someone else's record is (hazard H-06).

use phr_core::ErrorCode;
use phr_gp::{GpClient, NhsLoginConfig, Options, SystemBrowser};
use serde::Serialize;

use crate::app::App;
use crate::dto::AppError;
use crate::gp::{gp_error, on_gp_thread};

/// Who NHS login said signed in, and that it is the person whose record is open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NhsLoginChecked {
    /// The identity level NHS login vouched for ("P9").
    pub identity_level: String,
    /// "Signed in with NHS login as Karena Pfeffer: NHS number 943 476 5919, identity proved to
    /// the highest level (P9)."
    pub words: String,
}

impl App {
    /// Signs in with NHS login (issuer, client id, broker) through the system browser and
    /// checks the NHS number it gives is the person's. A carer needs the person's permission
    /// to import, as for any GP connection.
    pub fn nhs_login(
        &self,
        person_id_str: &str,
        issuer: &str,
        client_id: &str,
        broker: &str,
    ) -> Result<NhsLoginChecked, AppError> {
        let id = self.record_person(person_id_str)?;
        self.carer_may(&id, phr_core::carer_limits::CarerPermission::Import)?;
        let person = self.with_vault(|v| Ok(v.person(&id)?))?;
        let name = person.details.name.clone();
        let Some(theirs) = person.details.nhs_number.clone() else {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                format!("Add {name}'s NHS number to their details first: NHS login is matched to a person by it."),
            ));
        };
        let config = NhsLoginConfig::for_gp_record(issuer.to_owned(), client_id.to_owned(), broker.to_owned());
        let job = self.start_gp_job()?;
        let client = GpClient::new(Options::default()).map_err(gp_error)?.with_cancel(job.cancel.clone());
        let on_progress = |_| {
            let _ = self.touch();
        };
        let signed_in =
            on_gp_thread(|rt| rt.block_on(client.nhs_login(&config, &SystemBrowser, &on_progress)).map_err(gp_error))?;
        let claims = signed_in.claims;
        let matches = claims.nhs_number.as_ref().is_some_and(|n| n.as_digits() == theirs.as_digits());
        if !matches {
            return Err(AppError::new(
                ErrorCode::PatientMismatch,
                format!(
                    "The NHS login you signed in with is for a different NHS number from the one in {name}'s details. \
                     Nothing was imported. Check the NHS number in {name}'s details, and that {name} signed in."
                ),
            ));
        }
        let level = format!("{:?}", claims.level);
        Ok(NhsLoginChecked {
            words: format!(
                "Signed in with NHS login as {name}: NHS number {theirs}, identity proved to the highest level ({level})."
            ),
            identity_level: level,
        })
    }
}
