//! The stable error codes as the UI sees them: a mirror of [`phr_core::ErrorCode`], which
//! carries no transport concerns.

use crate::mirror::mirror_enum;

mirror_enum! {
    /// A stable, machine-readable reason for a failure. The serialised names
    /// (`WRONG_PASSPHRASE`, ...) are a public contract: the UI, the CLI's `error[CODE]` lines and
    /// scripts depend on them, so a code is only ever added, never renamed.
    #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
    pub enum ErrorCode mirrors phr_core::ErrorCode {
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
        /// The record changed after the share's preview was made: look at the preview again.
        SharePreviewStale,
        /// A device file names someone else: it is imported only when the person confirms it is theirs.
        DeviceFileOtherPerson,
        /// No import with that id in this record's import history.
        ImportNotFound,
        /// An import cannot be undone as a whole (a later import changed what it brought).
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
        /// The record is not connected to a GP practice: nothing to update from or disconnect.
        GpNotConnected,
        /// The practice no longer accepts the kept connection: the app has forgotten it, and
        /// the person connects again by signing in.
        GpConnectionEnded,
        /// A file is larger than the app reads for that purpose; the message says the limit.
        FileTooLarge,
        /// A file choice is unknown, already used, expired, or made for another action: choose the file again.
        FileChoiceInvalid,
        /// A person being added or changed is someone already in the vault (same NHS number, or same name and date of birth).
        PersonAlreadyAdded,
        /// The own password of a cared-for person (their own access) is not right.
        OwnPasswordWrong,
        /// This needs the person's own access open (their own password), or they have none set up.
        OwnAccessNeeded,
        /// A person's limits on their carer were changed outside the app: everything is kept private and the carer may do nothing until the person sets them again.
        LimitsTampered,
        /// A carer's access to a cared-for person's record is paused: the review date passed (the review opens it again) or a child turned 16.
        CareAccessSuspended,
        /// The person cared for has chosen, with their own password, not to let their carer do this; only they can change it.
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
}

impl ErrorCode {
    /// The code as it is serialised, for `error[CODE]` lines.
    pub fn as_str(self) -> &'static str {
        phr_core::ErrorCode::from(self).as_str()
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

// Front ends and tests compare an `AppError`'s code with the core's codes they already name.
impl PartialEq<phr_core::ErrorCode> for ErrorCode {
    fn eq(&self, other: &phr_core::ErrorCode) -> bool {
        phr_core::ErrorCode::from(*self) == *other
    }
}

impl PartialEq<ErrorCode> for phr_core::ErrorCode {
    fn eq(&self, other: &ErrorCode) -> bool {
        *self == phr_core::ErrorCode::from(*other)
    }
}
