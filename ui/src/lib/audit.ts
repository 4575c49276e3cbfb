import type { AuditAction } from "../ipc";

/** What each audit action means, in plain English. */
export const ACTION_TEXT: Record<AuditAction, string> = {
  vaultUnlocked: "Record unlocked",
  personCreated: "Person added",
  personUpdated: "Details changed",
  passphraseChanged: "Passphrase changed",
  recoveryKeyUsed: "Recovery key used",
  backupCreated: "Backup made",
  backupRestored: "Restored from a backup",
  recordImported: "Record imported",
  entryLabelChanged: "Entry's sensitivity label changed",
  recordExported: "Record exported",
  readingAdded: "Reading added",
  readingsImported: "Readings imported from a device file",
  readingEdited: "Reading changed",
  readingDeleted: "Reading deleted",
  readingRestored: "Deleted reading restored",
  readingsExported: "Readings exported",
  targetsChanged: "Target ranges changed",
  shareCreated: "Shared package made",
  shareRevoked: "Share revoked",
  sharePackageOpened: "Shared package opened",
  bpWeekStarted: "Home blood pressure week started",
  importUndone: "An import undone",
  recordImportRefused: "An import refused: it was someone else's record",
  recordChecked: "Record checked for damage",
};

export function actionText(action: AuditAction): string {
  return ACTION_TEXT[action] ?? action;
}
