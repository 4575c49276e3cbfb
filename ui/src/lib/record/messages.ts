// Plain-English text for the record and import error codes. The backend's own
// message is used where it says exactly where the problem is (a file's line and
// column, the field of a Patient that did not match).
import { IpcError, toIpcError, type ErrorCode } from "../../ipc";
import { messageFor } from "../messages";

const TEXT: Partial<Record<ErrorCode, string>> = {
  MALFORMED_FILE: "That file is not readable FHIR JSON. Nothing was imported.",
  UNSUPPORTED_FORMAT: "That file is not a FHIR JSON file. Choose a .json file with a FHIR Bundle or resource.",
  PATIENT_MISMATCH: "That record is for someone else, so it was not imported.",
  ENTRY_NOT_FOUND: "We could not find that entry. It may have been replaced by a newer import.",
  IMPORT_CANCELLED: "The import was cancelled. Nothing was changed in the record.",
  GP_UNREACHABLE: "We could not reach the GP practice's service. Check your internet connection and the address, then try again.",
  GP_SERVER_ERROR: "The GP practice's service had a problem. Nothing was changed in the record. Try again later.",
  GP_AUTH_FAILED: "Signing in to the GP practice's service did not work. Try again.",
  GP_RESPONSE_INVALID: "The GP practice's service sent something we could not read. Nothing was changed in the record.",
  NOTHING_TO_UNDO: "This import has been undone already.",
  IMPORT_NOT_FOUND: "We could not find that import. It may have been undone already.",
};

// The backend's message names the file, line, column or field: more useful than ours.
const BACKEND_SAYS_BEST = new Set<ErrorCode>([
  "MALFORMED_FILE",
  "UNSUPPORTED_FORMAT",
  "PATIENT_MISMATCH",
  "GP_UNREACHABLE",
  "GP_SERVER_ERROR",
  "GP_AUTH_FAILED",
  "GP_RESPONSE_INVALID",
  "IMPORT_UNDO_BLOCKED",
  "DEVICE_FILE_OTHER_PERSON",
  "IO",
  "INVALID_INPUT",
]);

export function recordMessageFor(error: unknown): string {
  const e = error instanceof IpcError ? error : toIpcError(error);
  if (BACKEND_SAYS_BEST.has(e.code) && e.message.trim()) return e.message;
  return TEXT[e.code] ?? messageFor(e);
}

export function errorCode(error: unknown): ErrorCode {
  return (error instanceof IpcError ? error : toIpcError(error)).code;
}
