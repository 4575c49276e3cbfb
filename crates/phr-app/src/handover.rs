//! Handing a record over to its person: the package and its one-time code on the carer's
//! side, the new vault and its receipt code on the person's side, and the carer's copy
//! removed when the receipt comes back (`phr_vault`'s `handover` does the work).

use std::path::Path;

use phr_core::passphrase::Passphrase;
use phr_core::secret::SecretString;
use phr_vault::{HandoverCode, Vault};
use serde::Serialize;

use crate::app::{App, person_id};
use crate::dto::AppError;
use crate::dto::VaultStatus;

/// A handover package made: where it is and the code it is sealed to (shown once).
#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HandoverMade {
    pub person_id: String,
    pub path: String,
    /// The one-time handover code, "K7QM-2XD9-4HRT-8WP5": given to the person by another
    /// way than the package; never stored.
    pub code: String,
}
phr_core::redacted_debug!(HandoverMade { person_id });

/// A record received by handover into a new vault, now unlocked.
#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HandoverReceived {
    pub person_id: String,
    /// The new vault's recovery key, shown only now.
    pub recovery_key: String,
    /// The short code to type into the carer's app, which then removes its copy.
    pub receipt: String,
    pub status: VaultStatus,
}
phr_core::redacted_debug!(HandoverReceived { person_id });

impl App {
    /// Writes a handover package of the person's record to `out` and returns the code it is
    /// sealed to. Nothing is removed from this vault until the receipt comes back.
    pub fn handover_create(&self, person: &str, out: &Path) -> Result<HandoverMade, AppError> {
        let id = person_id(person)?;
        self.with_vault(|v| {
            let code = v.create_handover(&id, out)?;
            Ok(HandoverMade {
                person_id: id.to_string(),
                path: out.display().to_string(),
                code: code.as_str().to_owned(),
            })
        })
    }

    /// Receives a handover package into this app's vault folder (new or empty) as a new vault
    /// with `new_password`, and leaves it unlocked. The recovery key and the receipt code are
    /// returned once, here.
    pub fn handover_accept(
        &self,
        package: &Path,
        code: SecretString,
        new_password: Passphrase,
    ) -> Result<HandoverReceived, AppError> {
        crate::app::check_new(&new_password, crate::ErrorField::Passphrase)?;
        let code = HandoverCode::parse(code.expose_secret())?;
        let (status, (person, recovery_key, receipt)) = self.open_made_vault(|dir, kdf, clock| {
            let got = Vault::accept_handover(package, &code, dir, &new_password, kdf, clock)?;
            let shown = got.recovery_key.display().to_string();
            Ok((got.vault, (got.person_id.to_string(), shown, got.receipt.as_str().to_owned())))
        })?;
        Ok(HandoverReceived { person_id: person, recovery_key, receipt, status })
    }

    /// Finishes a handover with the receipt code the other side showed: the person is removed
    /// from this vault (their key first, then their files). A wrong receipt removes nothing.
    pub fn handover_confirm(&self, person: &str, receipt: &str) -> Result<(), AppError> {
        let id = person_id(person)?;
        self.with_vault(|v| Ok(v.confirm_handover(&id, receipt)?))
    }
}
