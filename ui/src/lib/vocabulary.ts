// The words and limits the interface shows, as the backend gives them: App.svelte asks for
// them once at start-up (`commands.vocabulary()`) and sets them here, then the label helpers
// read them synchronously. The UI keeps no copy of a domain word or rule; it looks them up.
// This module imports no backend call, so the unit tests can set the committed copy.
import type { AppError } from "../bindings/AppError";
import type { Vocabulary } from "../bindings/Vocabulary";

export type { Vocabulary };

let current: Vocabulary | null = null;

/** Keeps the backend's vocabulary for the label helpers (the unit tests set the committed copy). */
export function setVocabulary(vocabulary: Vocabulary): void {
  current = vocabulary;
}

/** The vocabulary; the app loads it before it shows any screen. */
export function vocabulary(): Vocabulary {
  if (!current) throw new Error("The vocabulary has not been loaded from the backend yet.");
  return current;
}

/** Looks a code up in a list of {code, text} words; `undefined` when it is not there. */
export function wordFor(words: { code: string; text: string }[], code: string): string | undefined {
  return words.find((w) => w.code === code)?.text;
}

/** A check's problems as field -> message (the first for each field), fields as the backend names them. */
export function problemsByField(problems: AppError[], message: (p: AppError) => string = (p) => p.message) {
  const errors: Record<string, string> = {};
  for (const p of problems) {
    const field = p.field ?? "";
    if (!(field in errors)) errors[field] = message(p);
  }
  return errors;
}
