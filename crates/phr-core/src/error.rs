//! Stable error codes: what the UI and scripts branch on, never the message text.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A stable, machine-readable reason for a failure. The serialised names
/// (`WRONG_PASSPHRASE`, ...) are a public contract: the UI, the CLI's `error[CODE]` lines and
/// scripts depend on them, so a code is only ever added, never renamed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    /// A new passphrase is shorter than the minimum.
    PassphraseTooShort,
    /// The passphrase did not unlock the vault.
    WrongPassphrase,
    /// The recovery key is well formed but did not unlock the vault.
    WrongRecoveryKey,
    /// The recovery key has the wrong length, characters or check character.
    RecoveryKeyMalformed,
    /// A vault already exists where a new one was to be created.
    VaultExists,
    /// No vault exists in the chosen folder.
    VaultNotFound,
    /// The operation needs the vault unlocked.
    VaultLocked,
    /// Another program has the vault open.
    VaultBusy,
    /// The key file cannot be read or does not authenticate.
    KeyFileDamaged,
    /// A person's database cannot be read or fails its integrity check.
    DatabaseDamaged,
    /// The vault or a backup was written by a newer version of the app.
    UnsupportedVersion,
    /// No person with that id is in the vault.
    PersonNotFound,
    /// A person's name is empty or too long.
    InvalidName,
    /// A date of birth is malformed, in the future or implausibly old.
    InvalidDateOfBirth,
    /// An NHS number fails the format or the Modulus 11 check.
    InvalidNhsNumber,
    /// A destructive action was asked for without its confirmation.
    ConfirmationRequired,
    /// A backup file is damaged, truncated or not a backup.
    BackupDamaged,
    /// A backup can only be restored into an empty folder.
    RestoreTargetNotEmpty,
    /// The audit log's hash chain is broken: an entry was edited or removed.
    AuditChainBroken,
    /// Input that fits none of the more specific codes.
    InvalidInput,
    /// Reading or writing a file failed.
    Io,
    /// A bug: something that should not happen did.
    Internal,
}

impl ErrorCode {
    /// The code as it is serialised, for `error[CODE]` lines.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::PassphraseTooShort => "PASSPHRASE_TOO_SHORT",
            Self::WrongPassphrase => "WRONG_PASSPHRASE",
            Self::WrongRecoveryKey => "WRONG_RECOVERY_KEY",
            Self::RecoveryKeyMalformed => "RECOVERY_KEY_MALFORMED",
            Self::VaultExists => "VAULT_EXISTS",
            Self::VaultNotFound => "VAULT_NOT_FOUND",
            Self::VaultLocked => "VAULT_LOCKED",
            Self::VaultBusy => "VAULT_BUSY",
            Self::KeyFileDamaged => "KEY_FILE_DAMAGED",
            Self::DatabaseDamaged => "DATABASE_DAMAGED",
            Self::UnsupportedVersion => "UNSUPPORTED_VERSION",
            Self::PersonNotFound => "PERSON_NOT_FOUND",
            Self::InvalidName => "INVALID_NAME",
            Self::InvalidDateOfBirth => "INVALID_DATE_OF_BIRTH",
            Self::InvalidNhsNumber => "INVALID_NHS_NUMBER",
            Self::ConfirmationRequired => "CONFIRMATION_REQUIRED",
            Self::BackupDamaged => "BACKUP_DAMAGED",
            Self::RestoreTargetNotEmpty => "RESTORE_TARGET_NOT_EMPTY",
            Self::AuditChainBroken => "AUDIT_CHAIN_BROKEN",
            Self::InvalidInput => "INVALID_INPUT",
            Self::Io => "IO",
            Self::Internal => "INTERNAL",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `as_str` and serde must agree, or the CLI and the UI would name codes differently.
    #[test]
    fn as_str_matches_serde() {
        let all = [
            ErrorCode::PassphraseTooShort,
            ErrorCode::WrongPassphrase,
            ErrorCode::WrongRecoveryKey,
            ErrorCode::RecoveryKeyMalformed,
            ErrorCode::VaultExists,
            ErrorCode::VaultNotFound,
            ErrorCode::VaultLocked,
            ErrorCode::VaultBusy,
            ErrorCode::KeyFileDamaged,
            ErrorCode::DatabaseDamaged,
            ErrorCode::UnsupportedVersion,
            ErrorCode::PersonNotFound,
            ErrorCode::InvalidName,
            ErrorCode::InvalidDateOfBirth,
            ErrorCode::InvalidNhsNumber,
            ErrorCode::ConfirmationRequired,
            ErrorCode::BackupDamaged,
            ErrorCode::RestoreTargetNotEmpty,
            ErrorCode::AuditChainBroken,
            ErrorCode::InvalidInput,
            ErrorCode::Io,
            ErrorCode::Internal,
        ];
        for code in all {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
    }
}
