// A live, local estimate of how hard a passphrase is to guess. It runs in the
// webview only: the passphrase is sent to the backend once, on submit.
import { vocabulary } from "./vocabulary";

/** The shortest new passphrase the backend accepts (its rule, from the vocabulary). */
export const minPassphraseLength = (): number => vocabulary().limits.passphraseMinChars;

export type Strength = 0 | 1 | 2 | 3 | 4;

export interface StrengthHint {
  score: Strength;
  /** "Too short", "Weak", "Fair", "Good", "Strong" */
  label: string;
  /** One piece of plain-English advice, or "" when there is nothing to add. */
  advice: string;
}

// A few of the most used passwords and words; enough to catch the obvious.
const COMMON = [
  "password", "passw0rd", "qwerty", "letmein", "welcome", "iloveyou", "admin", "dragon",
  "monkey", "football", "sunshine", "princess", "abc123", "123456", "654321", "111111",
  "trustno1", "baseball", "superman", "starwars", "master", "shadow", "health", "record",
  "nhs", "doctor", "summer", "winter", "hello", "london",
];

const SEQUENCES = ["abcdefghijklmnopqrstuvwxyz", "qwertyuiopasdfghjklzxcvbnm", "01234567890"];

function hasSequence(text: string, run = 4): boolean {
  const t = text.toLowerCase();
  for (const seq of SEQUENCES) {
    const rev = [...seq].reverse().join("");
    for (let i = 0; i + run <= t.length; i++) {
      const part = t.slice(i, i + run);
      if (seq.includes(part) || rev.includes(part)) return true;
    }
  }
  return false;
}

/** Rough guessing entropy in bits, discounted for repeats, sequences and common words. */
export function estimateBits(passphrase: string): number {
  if (!passphrase) return 0;
  let pool = 0;
  if (/[a-z]/.test(passphrase)) pool += 26;
  if (/[A-Z]/.test(passphrase)) pool += 26;
  if (/\d/.test(passphrase)) pool += 10;
  if (/[^a-zA-Z0-9]/.test(passphrase)) pool += 33;

  // Count characters, but a character repeated straight after itself adds little.
  let effective = 0;
  for (let i = 0; i < passphrase.length; i++) {
    effective += i > 0 && passphrase[i] === passphrase[i - 1] ? 0.25 : 1;
  }
  // Few distinct characters mean a small real alphabet.
  const distinct = new Set(passphrase.toLowerCase()).size;
  if (distinct <= 3) effective = Math.min(effective, distinct * 2);

  let bits = effective * Math.log2(Math.max(pool, 2));

  const lower = passphrase.toLowerCase();
  for (const word of COMMON) {
    if (lower.includes(word)) bits -= word.length * 3;
  }
  if (hasSequence(passphrase)) bits -= 12;

  // Several words separated by spaces or dashes are a good sign (and easy to remember).
  const words = passphrase.trim().split(/[\s\-_.]+/).filter((w) => w.length >= 3);
  if (words.length >= 3) bits = Math.max(bits, words.length * 14);

  return Math.max(0, Math.round(bits));
}

export function strengthHint(passphrase: string): StrengthHint {
  const length = [...passphrase].length;
  if (length < minPassphraseLength()) {
    const more = minPassphraseLength() - length;
    return {
      score: 0,
      label: "Too short",
      advice: `Add ${more} more character${more === 1 ? "" : "s"}. Three random words work well.`,
    };
  }
  const bits = estimateBits(passphrase);
  if (bits < 40) {
    return { score: 1, label: "Weak", advice: "This would be easy to guess. Try three or four random words." };
  }
  if (bits < 55) {
    return { score: 2, label: "Fair", advice: "Add another word to make it harder to guess." };
  }
  if (bits < 70) return { score: 3, label: "Good", advice: "" };
  return { score: 4, label: "Strong", advice: "" };
}
