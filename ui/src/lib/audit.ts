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
};

export function actionText(action: AuditAction): string {
  return ACTION_TEXT[action] ?? action;
}
