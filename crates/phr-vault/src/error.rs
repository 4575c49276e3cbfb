//! [`VaultError`]: a stable code, a sentence for the person, and the file concerned.

use std::path::{Path, PathBuf};

use phr_core::ErrorCode;

/// Every failure the vault reports. The UI branches on `code`; `message` is shown as is;
/// `path` names the file when one is involved so support can find it.
#[derive(thiserror::Error)]
#[error("{message}{}", path_suffix(.path.as_deref()))]
pub struct VaultError {
    pub code: ErrorCode,
    pub message: String,
    pub path: Option<PathBuf>,
    /// The input field the error belongs next to, named as phr-core's checks name it
    /// (`nhsNumber`), when the error is about something typed.
    pub field: Option<&'static str>,
}
phr_core::redacted_debug!(VaultError { code });

fn path_suffix(path: Option<&Path>) -> String {
    path.map(|p| format!(" (file: {})", p.display())).unwrap_or_default()
}

pub type Result<T> = std::result::Result<T, VaultError>;

impl VaultError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into(), path: None, field: None }
    }

    /// Names the file the error concerns.
    pub fn at(mut self, path: &Path) -> Self {
        self.path = Some(path.to_path_buf());
        self
    }

    /// A failed read or write. The OS error is kept in the message: it is about the file
    /// system, never about the record's contents.
    pub(crate) fn io(what: &str, path: &Path, e: &std::io::Error) -> Self {
        Self::new(ErrorCode::Io, format!("Could not {what}: {e}")).at(path)
    }

    pub(crate) fn internal(what: impl Into<String>) -> Self {
        Self::new(ErrorCode::Internal, format!("Something went wrong inside the app: {}", what.into()))
    }

    pub(crate) fn key_file_damaged(path: &Path, why: &str) -> Self {
        Self::new(
            ErrorCode::KeyFileDamaged,
            format!(
                "The vault's key file is damaged ({why}). It has not been changed; restore the \
                 vault from a backup, or ask for help before deleting anything."
            ),
        )
        .at(path)
    }

    pub(crate) fn database_damaged(path: &Path, why: &str) -> Self {
        Self::new(
            ErrorCode::DatabaseDamaged,
            format!(
                "A person's record file is damaged ({why}). It has not been changed; restore \
                 the vault from a backup."
            ),
        )
        .at(path)
    }

    pub(crate) fn backup_damaged(path: &Path, why: &str) -> Self {
        Self::new(
            ErrorCode::BackupDamaged,
            format!("This backup is damaged or is not a backup ({why}). Nothing was restored."),
        )
        .at(path)
    }
}

/// A database error on a person's file: a damaged file is named as such, anything else is a
/// bug or an IO problem worth reporting with its text (SQLite's messages hold no data).
pub(crate) fn db_error(path: &Path, e: &rusqlite::Error) -> VaultError {
    use rusqlite::ffi::ErrorCode as C;
    match e.sqlite_error_code() {
        Some(C::NotADatabase | C::DatabaseCorrupt) => VaultError::database_damaged(path, &e.to_string()),
        Some(C::ReadOnly) => VaultError::new(
            ErrorCode::ReadOnly,
            "Changes cannot be saved: the record is open read-only. Nothing was changed.",
        )
        .at(path),
        Some(C::DiskFull | C::CannotOpen | C::SystemIoFailure | C::PermissionDenied) => {
            VaultError::new(ErrorCode::Io, format!("Could not read or write a person's record file: {e}")).at(path)
        }
        _ => VaultError::new(ErrorCode::Internal, format!("A database operation failed: {e}")).at(path),
    }
}

/// A refused person's detail (a vault-wide rule such as "nobody added twice") keeps its field.
impl From<phr_core::person::DetailsError> for VaultError {
    fn from(e: phr_core::person::DetailsError) -> Self {
        Self { code: e.code, message: e.message, path: None, field: Some(e.field) }
    }
}
