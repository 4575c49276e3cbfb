//! Stable error codes: what the UI and scripts branch on, never the message text.

use serde::{Deserialize, Serialize};

/// A stable, machine-readable reason for a failure. The serialised names
/// (`WRONG_PASSPHRASE`, ...) are a public contract: the UI, the CLI's `error[CODE]` lines and
/// scripts depend on them, so a code is only ever added, never renamed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
    /// The vault is open but changes cannot be saved (read-only media, a full disk, no
    /// permission to write): it can be read, and every change is refused.
    ReadOnly,
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
    /// A file cannot be read as what it claims to be (JSON, CSV, FHIR); the message says where.
    MalformedFile,
    /// A file's format or FHIR version is not one the app reads.
    UnsupportedFormat,
    /// An import's Patient is not the person it was imported into.
    PatientMismatch,
    /// No record entry with that id.
    EntryNotFound,
    /// The user cancelled an import; nothing was stored.
    ImportCancelled,
    /// The GP practice's server could not be reached, or the connection dropped.
    GpUnreachable,
    /// The GP practice's server answered with an error.
    GpServerError,
    /// Signing in to the GP practice failed, was refused, or expired.
    GpAuthFailed,
    /// The GP practice's server sent something that is not valid FHIR.
    GpResponseInvalid,
    /// A reading's value, unit or time cannot be right (900 mmHg, a future date).
    ReadingImpossible,
    /// A reading is possible but unusual: the user must confirm it.
    ReadingNeedsConfirmation,
    /// No reading with that id.
    ReadingNotFound,
    /// The reading kind or unit is not one the app knows.
    UnknownReadingKind,
    /// There is nothing to undo (it was already undone, or is too old).
    NothingToUndo,
    /// The access code does not open this shared package.
    ShareWrongCode,
    /// A shared package is sealed to someone else's key (or to a code when a key was given).
    ShareNotForYou,
    /// A shared package was changed, truncated or damaged after it was made: its signature or a file's hash does not match.
    ShareTampered,
    /// A shared package is past the date its maker set.
    ShareExpired,
    /// The file is not a shared package (not an age file, or not one this app made).
    ShareNotAPackage,
    /// No share with that id is in the share register.
    ShareNotFound,
    /// A professional's public key is not a valid age X25519 key (age1...).
    ShareRecipientKeyInvalid,
    /// An access code has the wrong length or characters.
    ShareAccessCodeMalformed,
    /// A share was asked for with nothing in its slice.
    ShareNothingSelected,
    /// The record changed after the share's preview was made (an import, a label, a reading):
    /// the preview must be looked at again before anything is sealed.
    SharePreviewStale,
    /// A device file names someone else (its name or date of birth is not this person's): it
    /// is imported only when the person confirms it is theirs.
    DeviceFileOtherPerson,
    /// No import with that id in this record's import history.
    ImportNotFound,
    /// An import cannot be undone as a whole: a later import changed what it brought (undo
    /// that one first), or it was made by a version of the app that did not keep what it replaced.
    ImportUndoBlocked,
    /// A new passphrase is long enough but easy to guess (a common password, a pattern, a repeated letter).
    PassphraseTooWeak,
    /// A GP practice's service named a sign-in, token or record address that is not https (plain http is allowed only on this computer).
    GpAddressInsecure,
    /// The browser was to be opened on an address that is not https (plain http is allowed only on this computer).
    GpBrowserAddressRefused,
    /// One page of a GP record is larger than the app accepts.
    GpPageTooLarge,
    /// A GP record, all its pages together, is larger than the app accepts.
    GpRecordTooLarge,
    /// One request to the GP practice took longer than the app waits, every time it was tried.
    GpRequestTimedOut,
    /// The whole GP import took longer than the app waits for it.
    GpImportTimedOut,
    /// The person is not connected to a GP practice for this record: there is nothing to
    /// update from or disconnect.
    GpNotConnected,
    /// The practice no longer accepts the kept connection (revoked there, or expired): the
    /// app has forgotten it, and the person connects again by signing in.
    GpConnectionEnded,
    /// A file is larger than the app reads for that purpose; the message says the limit.
    FileTooLarge,
    /// A file choice the interface named is not one the person made for this action: unknown,
    /// already used, expired, or made for something else. The person chooses the file again.
    FileChoiceInvalid,
    /// A person being added (or changed) is someone already in the vault: the same NHS number,
    /// or the same name and date of birth.
    PersonAlreadyAdded,
    /// The own password of a cared-for person (their own access) is not right.
    OwnPasswordWrong,
    /// This needs the person's own access open (their own password), or they have none set up.
    OwnAccessNeeded,
    /// A person's limits on their carer are not signed as they were written: changed outside
    /// the app. Everything is kept private and the carer may do nothing until the person sets them again.
    LimitsTampered,
    /// A carer's access to the record of someone they care for is paused: its review date has
    /// passed (the review opens it again), or a child has turned 16 (the young person decides).
    CareAccessSuspended,
    /// The person cared for, through their own access, has chosen not to let their carer do
    /// this (add readings, import, make shares, export); only they can change it.
    CarerNotAllowed,
    /// Input that fits none of the more specific codes.
    InvalidInput,
    /// Reading or writing a file failed.
    Io,
    /// A bug: something that should not happen did.
    Internal,
    /// A handover code has the wrong length, characters or check character (a typing slip).
    HandoverCodeMalformed,
    /// The handover code is well formed but does not open this handover package.
    HandoverWrongCode,
    /// A handover package was changed, cut short or damaged after it was made.
    HandoverPackageDamaged,
    /// A handover can only be received into a new or empty folder.
    HandoverTargetNotEmpty,
    /// The receipt code typed back is not the one the handover package gives.
    HandoverReceiptWrong,
    /// No handover of this person is waiting for its receipt (none was made, or it was finished).
    HandoverNotWaiting,
    /// An International Patient Summary is about someone the app cannot match to the person:
    /// it is imported only after the person confirms it is about them.
    ImportSubjectUnconfirmed,
    /// There is no such reminder (it was removed, or never set).
    ReminderNotFound,
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
            Self::ReadOnly => "READ_ONLY",
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
            Self::MalformedFile => "MALFORMED_FILE",
            Self::UnsupportedFormat => "UNSUPPORTED_FORMAT",
            Self::PatientMismatch => "PATIENT_MISMATCH",
            Self::EntryNotFound => "ENTRY_NOT_FOUND",
            Self::ImportCancelled => "IMPORT_CANCELLED",
            Self::GpUnreachable => "GP_UNREACHABLE",
            Self::GpServerError => "GP_SERVER_ERROR",
            Self::GpAuthFailed => "GP_AUTH_FAILED",
            Self::GpResponseInvalid => "GP_RESPONSE_INVALID",
            Self::ReadingImpossible => "READING_IMPOSSIBLE",
            Self::ReadingNeedsConfirmation => "READING_NEEDS_CONFIRMATION",
            Self::ReadingNotFound => "READING_NOT_FOUND",
            Self::UnknownReadingKind => "UNKNOWN_READING_KIND",
            Self::NothingToUndo => "NOTHING_TO_UNDO",
            Self::ShareWrongCode => "SHARE_WRONG_CODE",
            Self::ShareNotForYou => "SHARE_NOT_FOR_YOU",
            Self::ShareTampered => "SHARE_TAMPERED",
            Self::ShareExpired => "SHARE_EXPIRED",
            Self::ShareNotAPackage => "SHARE_NOT_A_PACKAGE",
            Self::ShareNotFound => "SHARE_NOT_FOUND",
            Self::ShareRecipientKeyInvalid => "SHARE_RECIPIENT_KEY_INVALID",
            Self::ShareAccessCodeMalformed => "SHARE_ACCESS_CODE_MALFORMED",
            Self::ShareNothingSelected => "SHARE_NOTHING_SELECTED",
            Self::SharePreviewStale => "SHARE_PREVIEW_STALE",
            Self::DeviceFileOtherPerson => "DEVICE_FILE_OTHER_PERSON",
            Self::ImportNotFound => "IMPORT_NOT_FOUND",
            Self::ImportUndoBlocked => "IMPORT_UNDO_BLOCKED",
            Self::FileTooLarge => "FILE_TOO_LARGE",
            Self::FileChoiceInvalid => "FILE_CHOICE_INVALID",
            Self::PassphraseTooWeak => "PASSPHRASE_TOO_WEAK",
            Self::GpAddressInsecure => "GP_ADDRESS_INSECURE",
            Self::GpBrowserAddressRefused => "GP_BROWSER_ADDRESS_REFUSED",
            Self::GpPageTooLarge => "GP_PAGE_TOO_LARGE",
            Self::GpRecordTooLarge => "GP_RECORD_TOO_LARGE",
            Self::GpRequestTimedOut => "GP_REQUEST_TIMED_OUT",
            Self::GpImportTimedOut => "GP_IMPORT_TIMED_OUT",
            Self::GpNotConnected => "GP_NOT_CONNECTED",
            Self::GpConnectionEnded => "GP_CONNECTION_ENDED",
            Self::PersonAlreadyAdded => "PERSON_ALREADY_ADDED",
            Self::OwnPasswordWrong => "OWN_PASSWORD_WRONG",
            Self::OwnAccessNeeded => "OWN_ACCESS_NEEDED",
            Self::LimitsTampered => "LIMITS_TAMPERED",
            Self::CareAccessSuspended => "CARE_ACCESS_SUSPENDED",
            Self::CarerNotAllowed => "CARER_NOT_ALLOWED",
            Self::InvalidInput => "INVALID_INPUT",
            Self::Io => "IO",
            Self::Internal => "INTERNAL",
            Self::HandoverCodeMalformed => "HANDOVER_CODE_MALFORMED",
            Self::HandoverWrongCode => "HANDOVER_WRONG_CODE",
            Self::HandoverPackageDamaged => "HANDOVER_PACKAGE_DAMAGED",
            Self::HandoverTargetNotEmpty => "HANDOVER_TARGET_NOT_EMPTY",
            Self::HandoverReceiptWrong => "HANDOVER_RECEIPT_WRONG",
            Self::HandoverNotWaiting => "HANDOVER_NOT_WAITING",
            Self::ImportSubjectUnconfirmed => "IMPORT_SUBJECT_UNCONFIRMED",
            Self::ReminderNotFound => "REMINDER_NOT_FOUND",
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
            ErrorCode::ReadOnly,
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
            ErrorCode::MalformedFile,
            ErrorCode::UnsupportedFormat,
            ErrorCode::PatientMismatch,
            ErrorCode::EntryNotFound,
            ErrorCode::ImportCancelled,
            ErrorCode::GpUnreachable,
            ErrorCode::GpServerError,
            ErrorCode::GpAuthFailed,
            ErrorCode::GpResponseInvalid,
            ErrorCode::ReadingImpossible,
            ErrorCode::ReadingNeedsConfirmation,
            ErrorCode::ReadingNotFound,
            ErrorCode::UnknownReadingKind,
            ErrorCode::NothingToUndo,
            ErrorCode::ShareWrongCode,
            ErrorCode::ShareNotForYou,
            ErrorCode::ShareTampered,
            ErrorCode::ShareExpired,
            ErrorCode::ShareNotAPackage,
            ErrorCode::ShareNotFound,
            ErrorCode::ShareRecipientKeyInvalid,
            ErrorCode::ShareAccessCodeMalformed,
            ErrorCode::ShareNothingSelected,
            ErrorCode::SharePreviewStale,
            ErrorCode::DeviceFileOtherPerson,
            ErrorCode::ImportNotFound,
            ErrorCode::ImportUndoBlocked,
            ErrorCode::PassphraseTooWeak,
            ErrorCode::GpAddressInsecure,
            ErrorCode::GpBrowserAddressRefused,
            ErrorCode::GpPageTooLarge,
            ErrorCode::GpRecordTooLarge,
            ErrorCode::GpRequestTimedOut,
            ErrorCode::GpImportTimedOut,
            ErrorCode::GpNotConnected,
            ErrorCode::GpConnectionEnded,
            ErrorCode::FileTooLarge,
            ErrorCode::FileChoiceInvalid,
            ErrorCode::OwnPasswordWrong,
            ErrorCode::OwnAccessNeeded,
            ErrorCode::LimitsTampered,
            ErrorCode::CareAccessSuspended,
            ErrorCode::CarerNotAllowed,
            ErrorCode::InvalidInput,
            ErrorCode::Io,
            ErrorCode::Internal,
            ErrorCode::HandoverCodeMalformed,
            ErrorCode::HandoverWrongCode,
            ErrorCode::HandoverPackageDamaged,
            ErrorCode::HandoverTargetNotEmpty,
            ErrorCode::HandoverReceiptWrong,
            ErrorCode::HandoverNotWaiting,
            ErrorCode::ImportSubjectUnconfirmed,
            ErrorCode::ReminderNotFound,
        ];
        for code in all {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
    }
}
