//! Why a shared document cannot be made or read: a stable code and a message a professional
//! understands.

use crate::error::ErrorCode;

/// A shared document that cannot be built or read.
#[derive(Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ShareDocError {
    /// `MalformedFile` (not a document this app reads), `ShareTampered` (a document that
    /// refers to parts it does not hold), `ShareNothingSelected`, `InvalidInput` or `Internal`.
    pub code: ErrorCode,
    pub message: String,
}
crate::redacted_debug!(ShareDocError { code });

impl ShareDocError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into() }
    }

    pub(crate) fn malformed(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::MalformedFile, message)
    }

    pub(crate) fn tampered(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::ShareTampered, message)
    }
}
