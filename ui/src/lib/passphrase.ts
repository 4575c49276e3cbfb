// The passphrase rules the interface needs before it asks the backend: only the
// minimum length, for the form's own check on submit. How strong a passphrase is
// comes from the backend (commands.passphraseStrength), never from here.
import { vocabulary } from "./vocabulary";

/** The shortest new passphrase the backend accepts (its rule, from the vocabulary). */
export const minPassphraseLength = (): number => vocabulary().limits.passphraseMinChars;
