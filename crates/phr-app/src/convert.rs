//! From the vault's types to the DTOs the front ends see.

use chrono::{DateTime, SecondsFormat, Utc};
use phr_core::audit::{AuditAction as CoreAction, AuditRecord};

use crate::dto::{AuditAction, AuditEntry};

pub(crate) fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

pub(crate) fn audit_entry(r: &AuditRecord) -> AuditEntry {
    AuditEntry {
        seq: r.seq,
        at: rfc3339(r.at),
        action: audit_action(r.action),
        what: r.action.words().to_owned(),
        who: r.actor.as_ref().map(|a| a.words()),
        detail: r.detail.clone(),
        hash: hex(&r.hash),
    }
}

fn audit_action(a: CoreAction) -> AuditAction {
    match a {
        CoreAction::VaultUnlocked => AuditAction::VaultUnlocked,
        CoreAction::PersonCreated => AuditAction::PersonCreated,
        CoreAction::PersonUpdated => AuditAction::PersonUpdated,
        CoreAction::PassphraseChanged => AuditAction::PassphraseChanged,
        CoreAction::RecoveryKeyUsed => AuditAction::RecoveryKeyUsed,
        CoreAction::BackupCreated => AuditAction::BackupCreated,
        CoreAction::BackupRestored => AuditAction::BackupRestored,
        CoreAction::RecordImported => AuditAction::RecordImported,
        CoreAction::EntryLabelChanged => AuditAction::EntryLabelChanged,
        CoreAction::RecordExported => AuditAction::RecordExported,
        CoreAction::ReadingAdded => AuditAction::ReadingAdded,
        CoreAction::ReadingsImported => AuditAction::ReadingsImported,
        CoreAction::ReadingEdited => AuditAction::ReadingEdited,
        CoreAction::ReadingDeleted => AuditAction::ReadingDeleted,
        CoreAction::ReadingRestored => AuditAction::ReadingRestored,
        CoreAction::ReadingsExported => AuditAction::ReadingsExported,
        CoreAction::TargetsChanged => AuditAction::TargetsChanged,
        CoreAction::ShareCreated => AuditAction::ShareCreated,
        CoreAction::ShareRevoked => AuditAction::ShareRevoked,
        CoreAction::SharePackageOpened => AuditAction::SharePackageOpened,
        CoreAction::BpWeekStarted => AuditAction::BpWeekStarted,
        CoreAction::ImportUndone => AuditAction::ImportUndone,
        CoreAction::RecordImportRefused => AuditAction::RecordImportRefused,
        CoreAction::RecordChecked => AuditAction::RecordChecked,
        CoreAction::HandoverPackageMade => AuditAction::HandoverPackageMade,
        CoreAction::HandoverReceived => AuditAction::HandoverReceived,
        CoreAction::HandoverReceiptRefused => AuditAction::HandoverReceiptRefused,
        CoreAction::HandoverConfirmed => AuditAction::HandoverConfirmed,
        CoreAction::OwnAccessRefused => AuditAction::OwnAccessRefused,
        CoreAction::HandoverReceiptGiven => AuditAction::HandoverReceiptGiven,
        CoreAction::OwnEntryAdded => AuditAction::OwnEntryAdded,
        CoreAction::OwnEntryEdited => AuditAction::OwnEntryEdited,
        CoreAction::OwnEntryDeleted => AuditAction::OwnEntryDeleted,
        CoreAction::OwnEntryRestored => AuditAction::OwnEntryRestored,
        CoreAction::EntryNoteChanged => AuditAction::EntryNoteChanged,
        CoreAction::RemindersChanged => AuditAction::RemindersChanged,
        CoreAction::ReminderDone => AuditAction::ReminderDone,
        CoreAction::GpConnected => AuditAction::GpConnected,
        CoreAction::GpConnectionRenewed => AuditAction::GpConnectionRenewed,
        CoreAction::GpUpdated => AuditAction::GpUpdated,
        CoreAction::GpDisconnected => AuditAction::GpDisconnected,
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
