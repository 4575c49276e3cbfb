//! [`GpError`]: what went wrong talking to the practice, as a code and a plain sentence.

use phr_core::ErrorCode;

#[derive(Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct GpError {
    pub code: ErrorCode,
    pub message: String,
}
phr_core::redacted_debug!(GpError { code });

impl GpError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into() }
    }

    pub(crate) fn cancelled() -> Self {
        Self::new(ErrorCode::ImportCancelled, "The import was cancelled. Nothing was added to the record.")
    }

    pub(crate) fn auth(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::GpAuthFailed, message)
    }

    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::GpResponseInvalid, message)
    }
}
