// Handing a record over: the backend's words with the person's name put in, and the
// backend's own message for a handover refusal (it says exactly what was wrong with a code).
import type { HandoverWords } from "../bindings/HandoverWords";
import { toIpcError } from "../ipc";
import { problemFrom, type Problem } from "./messages";
import { vocabulary } from "./vocabulary";

/** The handover words, from the backend's vocabulary. */
export function handoverWords(): HandoverWords {
  return vocabulary().handover;
}

/** A handover sentence with `{name}` replaced by the person's name. */
export function named(text: string, name: string): string {
  return text.split("{name}").join(name);
}

/** A refusal as field and text: for a handover code the backend's message, which says what to fix. */
export function handoverProblem(error: unknown): Problem {
  const e = toIpcError(error);
  if (e.code.startsWith("HANDOVER_") && e.message.trim()) return { field: e.field, text: e.message };
  return problemFrom(e);
}

/** A code split into its groups for showing large: "K7QM-2XD9" -> ["K7QM", "2XD9"]. */
export function groupsOf(code: string): string[] {
  return code.split("-").filter((g) => g.length > 0);
}
