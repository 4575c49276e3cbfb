// Plain-English text for each error code. The UI branches on the code, never
// on the backend's message text; the backend's message is only a fallback.
import { IpcError, toIpcError, type ErrorCode, type ErrorField } from "../ipc";

const TEXT: Partial<Record<ErrorCode, string>> = {
  PASSPHRASE_TOO_SHORT: "Your password must be at least 10 characters long.",
  WRONG_PASSPHRASE: "That password is not right. Check Caps Lock and try again.",
  WRONG_RECOVERY_KEY: "That recovery key does not open this record. Check each group of characters.",
  RECOVERY_KEY_MALFORMED:
    "A recovery key has 7 groups of letters and numbers, like 7K3M-9QXD-… Check what you typed.",
  VAULT_EXISTS: "A record already exists on this computer. Unlock it instead.",
  VAULT_NOT_FOUND: "There is no record on this computer yet.",
  VAULT_LOCKED: "Your record is locked. Unlock it to carry on.",
  VAULT_BUSY: "Your record is busy with another task. Wait a moment and try again.",
  KEY_FILE_DAMAGED:
    "The file that holds your record's key is damaged. Restore it from a backup, or ask for help.",
  DATABASE_DAMAGED: "Part of your record is damaged. Restore it from a backup, or ask for help.",
  UNSUPPORTED_VERSION: "This record was made by a newer version of the app. Update the app to open it.",
  PERSON_NOT_FOUND: "We could not find that person. They may have been deleted.",
  INVALID_NAME: "Enter the person's name.",
  INVALID_DATE_OF_BIRTH: "Date of birth must be a real date in the past.",
  INVALID_NHS_NUMBER: "That is not a valid NHS number. Check the 10 digits.",
  CONFIRMATION_REQUIRED: "Type the person's name exactly as it is shown to confirm.",
  BACKUP_DAMAGED: "That backup file is damaged or is not a backup from this app.",
  RESTORE_TARGET_NOT_EMPTY: "A record already exists on this computer, so a backup cannot be restored over it.",
  AUDIT_CHAIN_BROKEN: "The activity log has been changed since it was written.",
  INVALID_INPUT: "Check what you entered and try again.",
  IO: "We could not read or write a file. Check there is space on the disk and try again.",
  INTERNAL: "Something went wrong. Try again, and restart the app if it keeps happening.",
};

// For these the backend says exactly what is wrong with what was typed, so its
// (plain-English) message is more useful than a general one.
const BACKEND_SAYS_BEST = new Set<ErrorCode>([
  // Why a carer's access to a record is paused, naming the person and the date.
  "CARE_ACCESS_SUSPENDED",
  "PASSPHRASE_TOO_WEAK",
  "RECOVERY_KEY_MALFORMED",
  "INVALID_NAME",
  "INVALID_DATE_OF_BIRTH",
  "INVALID_NHS_NUMBER",
  "INVALID_INPUT",
]);

/** The message to show for an error from the backend. */
export function messageFor(error: unknown): string {
  const e = error instanceof IpcError ? error : toIpcError(error);
  if (BACKEND_SAYS_BEST.has(e.code) && e.message.trim()) return e.message;
  return TEXT[e.code] ?? e.message;
}

/** One problem with what the person entered; `field` is the input it belongs next to, or null. */
export interface Problem {
  field: ErrorField | null;
  text: string;
}

export function problemFrom(error: unknown): Problem {
  const e = error instanceof IpcError ? error : toIpcError(error);
  return { field: e.field, text: messageFor(e) };
}
