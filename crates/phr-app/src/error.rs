//! Turning the lower layers' errors into [`AppError`]: a code, a sentence, a field.

use phr_core::ErrorCode;
use phr_core::person::DetailsError;
use phr_vault::VaultError;

use crate::ErrorField;
use crate::dto::AppError;

impl AppError {
    pub fn new(code: impl Into<crate::ErrorCode>, message: impl Into<String>) -> Self {
        Self { code: code.into(), message: message.into(), field: None, advice: None }
    }

    /// Names the input field the error belongs next to in the UI.
    pub fn on_field(mut self, field: ErrorField) -> Self {
        self.field = Some(field);
        self
    }

    /// [`AppError::on_field`] for a field the lower layers name as text (their checks do not
    /// know this crate). A name that is not a field leaves none; `tests/error_fields.rs` keeps
    /// every name they use known.
    pub(crate) fn on_field_named(mut self, name: &str) -> Self {
        self.field = ErrorField::from_name(name);
        self
    }

    /// Carries the red-flag advice for the reading the error is about.
    pub(crate) fn with_advice(mut self, advice: Option<crate::dto_advice::Advice>) -> Self {
        self.advice = advice.map(Box::new);
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
            ErrorCode::WrongPassphrase => Some(ErrorField::Passphrase),
            ErrorCode::WrongRecoveryKey | ErrorCode::RecoveryKeyMalformed => Some(ErrorField::RecoveryKey),
            _ => None,
        };
        Self { code: e.code.into(), message: e.to_string(), field, advice: None }
    }
}

impl From<DetailsError> for AppError {
    fn from(e: DetailsError) -> Self {
        Self { code: e.code.into(), message: e.message, field: None, advice: None }.on_field_named(e.field)
    }
}
