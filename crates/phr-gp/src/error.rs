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

#[cfg(test)]
mod tests {
    use super::*;

    /// A message can quote what the practice's server said, which may hold the person's data:
    /// Debug shows only the code.
    #[test]
    fn debug_shows_the_code_and_not_the_message() {
        let e = GpError::invalid("Zebedee Quarrington 9434765919 marker-secret-token");
        let shown = format!("{e:?} {e:#?}");
        assert!(shown.contains("GpResponseInvalid"), "{shown}");
        for marker in ["Zebedee", "9434765919", "marker-secret-token"] {
            assert!(!shown.contains(marker), "{shown}");
        }
    }
}
