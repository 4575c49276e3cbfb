// Unsaved form input that is not secret (a person's details being typed), kept in memory only
// and never saved, so that unlocking after an auto-lock returns to a form as it was left.
// App.svelte forgets them on any other move between screens.
const drafts = new Map<string, unknown>();

/** Remembers what a form holds now, under a key naming the form (and the person). */
export function keepDraft(key: string, value: unknown): void {
  drafts.set(key, value);
}

/** What the form held when it was last shown, if it is being returned to. */
export function draftFor<T>(key: string): T | undefined {
  return drafts.get(key) as T | undefined;
}

/** Forgets one form's draft (the form was sent). */
export function forgetDraft(key: string): void {
  drafts.delete(key);
}

/** Forgets every draft. */
export function forgetDrafts(): void {
  drafts.clear();
}
