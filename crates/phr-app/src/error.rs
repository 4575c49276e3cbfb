//! Turning the lower layers' errors into [`AppError`]: a code, a sentence, a field.

use phr_core::ErrorCode;
use phr_core::person::DetailsError;
use phr_vault::VaultError;

use crate::dto::AppError;

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into(), field: None }
    }

    /// Names the input field the error belongs next to in the UI.
    pub fn on_field(mut self, field: &str) -> Self {
        self.field = Some(field.to_owned());
        self
    }

    pub(crate) fn locked() -> Self {
        Self::new(ErrorCode::VaultLocked, "The record is locked. Unlock it with your passphrase first.")
    }
}

impl From<VaultError> for AppError {
    fn from(e: VaultError) -> Self {
        // The vault's message already names the file where one is involved.
        let field = match e.code {
            ErrorCode::WrongPassphrase => Some("passphrase"),
            ErrorCode::WrongRecoveryKey | ErrorCode::RecoveryKeyMalformed => Some("recoveryKey"),
            _ => None,
        };
        Self { code: e.code, message: e.to_string(), field: field.map(str::to_owned) }
    }
}

impl From<DetailsError> for AppError {
    fn from(e: DetailsError) -> Self {
        Self { code: e.code, message: e.message, field: Some(e.field.to_owned()) }
    }
}
