//! The data that crosses the API boundary: what the UI sends and receives.
//!
//! Every type here derives `ts_rs::TS`; `ui/src/bindings/` is generated from them and a test
//! fails when the committed bindings are stale. Dates are ISO strings (`YYYY-MM-DD` for dates,
//! RFC 3339 for instants): the UI formats them for people (en-GB).

use crate::ErrorField;
use crate::dto_ids::{FileHandle, PersonId};
use crate::error_code::ErrorCode;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A file (or files) the person chose in a native dialog, as the interface holds it: a
/// one-time handle to give the action that uses it, and the name to show. Never the path: the
/// backend keeps that, bound to what the file was chosen for.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FileChoice {
    pub handle: FileHandle,
    /// The file's name without its folders ("record.phrbackup"), or "3 files".
    pub display_name: String,
    /// How many files were chosen (more than one only for FHIR imports).
    pub count: u32,
}
phr_core::redacted_debug!(FileChoice { handle, count });

/// Where the vault is and whether it is open: the first thing the UI asks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VaultStatus {
    /// A vault exists in `vault_dir` (so the UI shows unlock, not first-run set-up).
    pub exists: bool,
    pub unlocked: bool,
    /// The folder that holds the vault, for settings ("where the vault lives").
    pub vault_dir: String,
    /// Minutes of inactivity before the vault locks itself.
    pub auto_lock_minutes: u32,
    /// The vault is open but changes cannot be saved (read-only media, a full disk): the UI
    /// shows a notice and every change is refused with `READ_ONLY`.
    pub read_only: bool,
    /// Why changes cannot be saved, in plain words ("the disk the vault is on is full"), when
    /// `read_only`.
    pub read_only_reason: Option<String>,
}

/// What changing the keys gives back: the new recovery key, shown once (the old one no
/// longer opens the vault), and whether every record is already locked with its new key.
/// When not (the disk filled up part way), the rest change at the next unlock.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NewKeys {
    /// The recovery key in groups, `XXXX-XXXX-...`: shown once, never stored in the clear.
    pub recovery_key: String,
    pub finished: bool,
}
phr_core::redacted_debug!(NewKeys { finished });

/// What creating a vault gives back: the recovery key, shown to the citizen once.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CreatedVault {
    /// The recovery key in groups, `XXXX-XXXX-...`: shown once, never stored in the clear.
    pub recovery_key: String,
    pub status: VaultStatus,
}
phr_core::redacted_debug!(CreatedVault { status });

/// A person whose record the vault holds.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Person {
    pub id: PersonId,
    pub name: String,
    /// `YYYY-MM-DD`.
    pub date_of_birth: String,
    /// Grouped `943 476 5919`, when known.
    pub nhs_number: Option<String>,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339.
    pub updated_at: String,
    /// Who they are to the holder; absent when it was never set (an older vault).
    pub role: Option<crate::dto_person::PersonRole>,
    /// What People shows under the name: "Me", "Your mother", "Someone you care for" or
    /// "Role not set".
    pub role_words: String,
    /// The sentence on every screen of a cared-for person's record; absent for the holder's own.
    pub banner: Option<String>,
    /// What they are asked when the review is due, or when the role was never set.
    pub prompt: Option<String>,
}
phr_core::redacted_debug!(Person { id, created_at, updated_at });

/// A person's details as typed: for adding and for editing.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PersonInput {
    pub name: String,
    /// `YYYY-MM-DD`.
    pub date_of_birth: String,
    /// Any grouping; blank or absent means not known.
    pub nhs_number: Option<String>,
    /// Who they are to the holder. Absent: not set on adding, unchanged on changing details.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub role: Option<crate::dto_person::PersonRoleInput>,
}
phr_core::redacted_debug!(PersonInput);

/// What an audit entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum AuditAction {
    VaultUnlocked,
    PersonCreated,
    PersonUpdated,
    PassphraseChanged,
    RecoveryKeyUsed,
    BackupCreated,
    BackupRestored,
    RecordImported,
    EntryLabelChanged,
    RecordExported,
    ReadingAdded,
    ReadingsImported,
    ReadingEdited,
    ReadingDeleted,
    ReadingRestored,
    ReadingsExported,
    TargetsChanged,
    ShareCreated,
    ShareRevoked,
    SharePackageOpened,
    BpWeekStarted,
    ImportUndone,
    RecordImportRefused,
    RecordChecked,
    HandoverPackageMade,
    HandoverReceived,
    HandoverReceiptRefused,
    HandoverConfirmed,
    OwnAccessRefused,
    HandoverReceiptGiven,
    OwnEntryAdded,
    OwnEntryEdited,
    OwnEntryDeleted,
    OwnEntryRestored,
    EntryNoteChanged,
    RemindersChanged,
    ReminderDone,
    GpConnected,
    GpConnectionRenewed,
    GpUpdated,
    GpDisconnected,
}

/// One line of a person's audit log.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    /// 1, 2, 3...: a gap means an entry was removed.
    #[ts(type = "number")]
    pub seq: u64,
    /// RFC 3339.
    pub at: String,
    pub action: AuditAction,
    /// What happened, in plain words (from the core's one list).
    pub what: String,
    /// Who acted, in plain words ("You", "Sarah (carer)", "Margaret"); absent on entries
    /// written before the app kept it.
    pub who: Option<String>,
    /// A plain-English line; never health data.
    pub detail: String,
    /// Hex SHA-256 of this entry, chained to the one before.
    pub hash: String,
}
phr_core::redacted_debug!(AuditEntry { seq, at, action });

/// The result of checking one person's audit chain.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditReport {
    pub person_id: PersonId,
    pub person_name: String,
    /// How many entries were checked.
    #[ts(type = "number")]
    pub entries: u64,
    pub ok: bool,
    /// The first entry that fails, when one does.
    #[ts(type = "number | null")]
    pub broken_at: Option<u64>,
    /// What is wrong there, in words.
    pub problem: Option<String>,
}
phr_core::redacted_debug!(AuditReport { person_id, ok, broken_at });

/// A backup that was written.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupInfo {
    pub path: String,
    pub people: u32,
    #[ts(type = "number")]
    pub bytes: u64,
    /// RFC 3339.
    pub created_at: String,
}
// A path names the person's folders ("/home/jane.smith/…"): never in a log.
phr_core::redacted_debug!(BackupInfo { people, bytes, created_at });

/// Settings the citizen can change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// 1 to 120 minutes.
    pub auto_lock_minutes: u32,
}

/// Interface preferences: not health data, kept outside the vault, read before unlocking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Preferences {
    /// The text size, as a percentage of normal: one of the vocabulary's `textSizes`.
    pub text_size_percent: u32,
}

/// Every failure the UI sees: a stable code to branch on, a sentence for people, and the input
/// field it belongs next to when there is one.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS, thiserror::Error)]
#[serde(rename_all = "camelCase")]
#[error("{message}")]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
    /// The input it belongs next to, when there is one.
    pub field: Option<ErrorField>,
    /// READING_NEEDS_CONFIRMATION for a reading that meets a row of the red-flag table: the
    /// advice, to show prominently with the question before saving (default focus on "No,
    /// change it"). Absent on every other error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub advice: Option<Box<crate::dto_advice::Advice>>,
}
phr_core::redacted_debug!(AppError { code, field });
