//! The one error type of this crate: a stable code for the app to branch on and a sentence a
//! professional (or the citizen) understands.

use phr_core::ErrorCode;

/// Why making or opening a package failed.
#[derive(Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ShareError {
    pub code: ErrorCode,
    pub message: String,
}
phr_core::redacted_debug!(ShareError { code });

impl ShareError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into() }
    }

    /// The package was altered after it was made; `what` says which check failed
    /// ("the record file does not match its signed hash").
    pub(crate) fn tampered(what: &str) -> Self {
        Self::new(
            ErrorCode::ShareTampered,
            format!("This package has been changed or damaged since it was made: {what}. Nothing from it is shown."),
        )
    }

    /// A package in a format this app does not know yet, made by a newer version of the app:
    /// never called damaged, so the person updates the app instead of asking for it again.
    pub(crate) fn newer(format: &str) -> Self {
        Self::new(
            ErrorCode::UnsupportedVersion,
            format!(
                "This shared record was made by a newer version of the app (format '{format}'). \
                 Update the app to open it."
            ),
        )
    }

    pub(crate) fn not_a_package(why: &str) -> Self {
        Self::new(ErrorCode::ShareNotAPackage, format!("This file is not a shared-record package: {why}."))
    }

    pub(crate) fn internal(what: &str) -> Self {
        Self::new(ErrorCode::Internal, format!("Something went wrong while {what}."))
    }
}
