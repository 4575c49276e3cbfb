// Plain-English text for the sharing error codes, and which field of the open
// form (or the share form) each one belongs to. The UI branches on the code,
// never on the backend's text; that text is used only where it holds a detail
// ours cannot (the date an expired package stopped opening).
import { IpcError, toIpcError, type ErrorCode } from "../../ipc";
import { messageFor } from "../messages";
import { recordMessageFor } from "../record/messages";

const TEXT: Partial<Record<ErrorCode, string>> = {
  SHARE_WRONG_CODE:
    "That access code does not open this file. Check each group of 4 letters and numbers with the person who shared it, then try again.",
  SHARE_ACCESS_CODE_MALFORMED:
    "An access code has 16 letters and numbers in 4 groups, like K7QM-2XD9-4HRT-8WPA. Check what you typed.",
  SHARE_NOT_FOR_YOU:
    "This file was locked for someone else's key, so your key file cannot open it. Ask the person who shared it to make one for you.",
  SHARE_TAMPERED:
    "This file has been changed or damaged since it was made, so it cannot be trusted and was not opened. Ask the person who shared it to send it again.",
  SHARE_EXPIRED:
    "This shared record has expired, so it was not opened. Ask the person who shared it to make a new one.",
  SHARE_NOT_A_PACKAGE:
    "This file is not a shared health record. Choose the file you were given: it ends in .phrshare (or .age).",
  SHARE_NOT_FOUND: "We could not find that share. It may have been removed.",
  SHARE_RECIPIENT_KEY_INVALID:
    "That public key is not right. A public key starts with age1 and is 62 letters and numbers long. Copy it again from what they gave you.",
  SHARE_NOTHING_SELECTED: "Choose at least one kind of information or reading to share.",
  SHARE_PREVIEW_STALE:
    "Your record changed after this preview was made, so nothing has been shared yet. Check the new preview below, then create the package again.",
  IO: "We could not read or write that file. Check it is still there and that you can open it, then try again.",
  MALFORMED_FILE: "That key file could not be read. Choose the file that starts with AGE-SECRET-KEY-1.",
};

// Here the backend's message holds a detail ours cannot (the expiry date).
const BACKEND_SAYS_BEST = new Set<ErrorCode>(["SHARE_EXPIRED", "INVALID_INPUT"]);

/** The message to show for a sharing error. */
export function shareMessageFor(error: unknown): string {
  const e = error instanceof IpcError ? error : toIpcError(error);
  if (BACKEND_SAYS_BEST.has(e.code) && e.message.trim()) return e.message;
  return TEXT[e.code] ?? (e.code.startsWith("SHARE_") ? messageFor(e) : recordMessageFor(e));
}

/** Where an error opening a package belongs: the code field, the identity, or the file. */
export type OpenField = "code" | "identity" | "file";

export function openFieldFor(error: unknown, usingIdentity: boolean): OpenField {
  const e = error instanceof IpcError ? error : toIpcError(error);
  switch (e.code) {
    case "SHARE_WRONG_CODE":
    case "SHARE_ACCESS_CODE_MALFORMED":
      return "code";
    case "SHARE_NOT_FOR_YOU":
      return usingIdentity ? "identity" : "file";
    case "MALFORMED_FILE":
      return usingIdentity ? "identity" : "file";
    case "FILE_TOO_LARGE":
    case "FILE_CHOICE_INVALID":
      return e.field === "identityPath" ? "identity" : "file";
    default:
      return "file";
  }
}
