// What a reading form holds while it is being typed, kept in memory only (lib/drafts) so that
// unlocking after an auto-lock brings the form back as it was left. Never saved: a half-typed
// reading is health data. A lock the person asks for, a move to another screen and a switch
// to another person forget it (App.svelte and Readings.svelte).
import type { ReadingKind } from "../../ipc";
import { draftFor, forgetDraft, keepDraft } from "../drafts";

/** Every box of the reading form, as typed. */
export interface ReadingDraft {
  value: string;
  value2: string;
  pulse: string;
  unit: string;
  context: string;
  arm: string;
  position: string;
  text: string;
  note: string;
  day: string;
  month: string;
  year: string;
  time: string;
}

/** The draft's key: the kind, and the reading being changed ("new" when adding). */
export function readingDraftKey(kind: ReadingKind, readingId?: string | null): string {
  return `reading-form:${kind}:${readingId ?? "new"}`;
}

/** Whether the person has typed anything: the form differs from how it was shown. */
export function typedSomething(now: ReadingDraft, shown: ReadingDraft): boolean {
  return (Object.keys(shown) as (keyof ReadingDraft)[]).some((k) => now[k] !== shown[k]);
}

/** The form kept across a lock under `key`, if there is one. */
export function keptReadingDraft(key: string): ReadingDraft | undefined {
  return draftFor<ReadingDraft>(key);
}

/**
 * Keeps what the form holds now, or forgets it when nothing was typed (so a form left as it
 * was shown comes back with a fresh date and time).
 */
export function keepReadingDraft(key: string, now: ReadingDraft, shown: ReadingDraft): void {
  if (typedSomething(now, shown)) keepDraft(key, { ...now });
  else forgetDraft(key);
}
