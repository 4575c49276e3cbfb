// Access codes and key fingerprints as people read them aloud: in groups.

/** "K7QM-2XD9-4HRT-8WPA" -> ["K7QM", "2XD9", "4HRT", "8WPA"]. */
export function codeGroups(code: string): string[] {
  return code
    .toUpperCase()
    .split(/[\s-]+/)
    .filter(Boolean);
}

/** A fingerprint "3F2A 91C0 ..." in its groups of four. */
export function fingerprintGroups(fingerprint: string): string[] {
  const compact = fingerprint.replace(/[\s:-]+/g, "").toUpperCase();
  const groups: string[] = [];
  for (let i = 0; i < compact.length; i += 4) groups.push(compact.slice(i, i + 4));
  return groups;
}

/** How a group reads letter by letter, so "8" and "B" are not confused on the phone. */
export function spoken(group: string): string {
  return [...group].join(" ");
}

/**
 * What the professional typed, tidied for display only: upper case, and a dash
 * after every 4 letters or numbers. The backend parses the code itself (it
 * forgives I/L for 1 and O for 0), so nothing is refused here.
 */
export function tidyCode(typed: string): string {
  const compact = typed.replace(/[^0-9A-Za-z]/g, "").toUpperCase();
  return codeGroups(compact.replace(/(.{4})(?=.)/g, "$1-")).join("-");
}

/** Whether typed text could be a whole code (16 letters and numbers); the backend decides. */
export function looksComplete(typed: string): boolean {
  return typed.replace(/[^0-9A-Za-z]/g, "").length === 16;
}
