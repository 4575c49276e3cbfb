//! Passphrases: the policy a new one must meet (a length, and a guessing estimate made in
//! the manner of zxcvbn), the plain words that explain a refusal, and suggestions that meet it.
//!
//! The estimate itself is made outside the core (phr-app runs the `zxcvbn` crate, which reads
//! the clock); the core holds the thresholds, the labels and the advice, and judges an
//! [`Estimate`] it is given.

use serde::Deserialize;

use crate::error::ErrorCode;
use crate::secret::SecretString;
use crate::wordlist;

/// The fewest characters a new passphrase may have. Counted in characters, not bytes, so an
/// accented or non-Latin passphrase is judged by what the person typed.
pub const MIN_PASSPHRASE_CHARS: usize = 10;

/// The passphrase that unlocks a vault. A thin name over [`SecretString`] so signatures say
/// which secret they take; it inherits the redacted `Debug` and the zeroize on drop.
#[derive(Debug, Deserialize)]
#[serde(transparent)]
pub struct Passphrase(SecretString);

impl Passphrase {
    pub fn new(s: String) -> Self {
        Self(SecretString::new(s))
    }

    /// The passphrase's text, for the key derivation and nothing else.
    pub fn expose_secret(&self) -> &str {
        self.0.expose_secret()
    }
}

impl From<String> for Passphrase {
    fn from(s: String) -> Self {
        Self::new(s)
    }
}

/// Why a new passphrase was refused, with a sentence that tells the person what to do.
#[derive(Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct PassphraseRejected {
    pub code: ErrorCode,
    pub message: String,
}
crate::redacted_debug!(PassphraseRejected { code });

/// Checks a passphrase's length as someone is about to set it (at create, change or
/// recovery); [`check_strength`] judges how easy it is to guess. Existing passphrases are
/// never re-checked: a rule change must not lock anyone out.
pub fn check_new_passphrase(p: &Passphrase) -> Result<(), PassphraseRejected> {
    let chars = p.expose_secret().chars().count();
    if chars < MIN_PASSPHRASE_CHARS {
        return Err(PassphraseRejected {
            code: ErrorCode::PassphraseTooShort,
            message: format!(
                "Use at least {MIN_PASSPHRASE_CHARS} characters. A passphrase this short can be \
                 guessed; four or five random words, like \"otter lantern gravel mosaic\", are \
                 long and easy to remember."
            ),
        });
    }
    Ok(())
}

/// How many words a suggestion has: 5 words from the EFF long list carry
/// 5 × log2(7,776) = 64.6 bits, above [`MIN_SUGGESTION_BITS`].
pub const SUGGESTION_WORDS: usize = 5;

/// The least guessing entropy a suggestion may carry, by construction.
pub const MIN_SUGGESTION_BITS: f64 = 60.0;

/// The guessing entropy of a suggestion: words × log2(list size), as each word is drawn
/// uniformly and on its own.
pub fn suggestion_bits() -> f64 {
    SUGGESTION_WORDS as f64 * wordlist::bits_per_word()
}

/// [`SUGGESTION_WORDS`] words from the EFF long list, for the "suggest one" button. The
/// caller draws the random numbers (the core draws no randomness), one uniform `u32` a word;
/// each is taken modulo the list's length, which favours some words by at most
/// 7,776 / 2^32 (about 2 in a million): too little to matter.
pub fn suggest(random: [u32; SUGGESTION_WORDS]) -> String {
    let words = wordlist::words();
    random
        .iter()
        .filter_map(|r| words.get(usize::try_from(*r).unwrap_or(0) % words.len().max(1)))
        .copied()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The fewest guesses (as log10) a new passphrase must need, by the estimate: 10^10, zxcvbn's
/// top band ("very unguessable", its score 4), the one it gives for protection against an
/// offline attack on a slow hash. That is this app's case: whoever copies `vault.key` can try
/// passphrases against it at their own pace, each slowed only by the key derivation. A
/// five-word suggestion needs about 10^19.
pub const MIN_GUESSES_LOG10: f64 = 10.0;

/// The least zxcvbn score (0 to 4) a new passphrase must have, besides the guesses.
pub const MIN_SCORE: u8 = 3;

/// What the estimator noticed about a passphrase: zxcvbn's warnings and suggestions, named
/// here so that the plain words for them live in the core.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Finding {
    KeyboardRow,
    ShortKeyboardPattern,
    RepeatedCharacters,
    RepeatedGroup,
    VeryCommonPassword,
    LikeACommonPassword,
    Sequence,
    RecentYear,
    SingleWord,
    Date,
    Name,
    CommonName,
    UseAFewWords,
    NoNeedForSymbols,
    AddAnotherWord,
    CapitalsHelpLittle,
    AllCapitalsHelpLittle,
    ReversedHelpLittle,
    SubstitutionsHelpLittle,
    LongerKeyboardPattern,
    AvoidRepeats,
    AvoidSequences,
    AvoidYears,
    AvoidPersonalDates,
}

impl Finding {
    /// The finding as one short sentence for the person (reading age 9 to 11).
    pub fn advice(self) -> &'static str {
        match self {
            Self::KeyboardRow => "Avoid keys that sit next to each other, like qwerty.",
            Self::ShortKeyboardPattern | Self::LongerKeyboardPattern => "Avoid patterns of keys, like qwe or asdf.",
            Self::RepeatedCharacters => "Avoid the same letter or number again and again, like aaa or 111.",
            Self::RepeatedGroup => "Avoid repeating a group of letters, like abcabc.",
            Self::VeryCommonPassword => "This is one of the most used passwords. Choose something else.",
            Self::LikeACommonPassword => "This is too close to a password that many people use.",
            Self::Sequence | Self::AvoidSequences => "Avoid letters or numbers in order, like abc or 6543.",
            Self::RecentYear | Self::AvoidYears => "Avoid years, like 2019.",
            Self::SingleWord => "One word on its own is easy to guess.",
            Self::Date | Self::AvoidPersonalDates => "Avoid dates, like birthdays.",
            Self::Name => "Avoid names on their own.",
            Self::CommonName => "Avoid common first names and surnames.",
            Self::UseAFewWords => "Use a few random words, not a saying or a phrase people know.",
            Self::NoNeedForSymbols => "You do not need symbols, numbers or capital letters.",
            Self::AddAnotherWord => "Add another word or two. Unusual words are better.",
            Self::CapitalsHelpLittle => "Capital letters do not make it much harder to guess.",
            Self::AllCapitalsHelpLittle => "All capital letters are almost as easy to guess as none.",
            Self::ReversedHelpLittle => "Words spelt backwards are not much harder to guess.",
            Self::SubstitutionsHelpLittle => "Swapping letters for symbols, like @ for a, does not help much.",
            Self::AvoidRepeats => "Avoid repeated words and letters.",
        }
    }
}

/// A guessing estimate of a passphrase, as the estimator made it.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimate {
    /// zxcvbn's score, 0 (too guessable) to 4 (very unguessable).
    pub score: u8,
    /// log10 of the guesses needed.
    pub guesses_log10: f64,
    /// What it noticed, its warning first.
    pub findings: Vec<Finding>,
}

/// The plain label of a strength.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StrengthLabel {
    Weak,
    Fair,
    Strong,
}

impl StrengthLabel {
    pub fn label(self) -> &'static str {
        match self {
            Self::Weak => "Weak",
            Self::Fair => "Fair",
            Self::Strong => "Strong",
        }
    }
}

/// A passphrase's strength as the person is told it: a 0 to 4 score for the bar, a label,
/// whether the app accepts it, and advice.
#[derive(Debug, Clone, PartialEq)]
pub struct Strength {
    pub score: u8,
    pub label: StrengthLabel,
    pub acceptable: bool,
    /// Plain sentences, at most three, the most useful first; empty when there is nothing to add.
    pub advice: Vec<String>,
}

/// Judges a passphrase of `chars` characters with its `estimate`: accepted when it is long
/// enough, has a score of at least [`MIN_SCORE`] and needs at least 10^[`MIN_GUESSES_LOG10`]
/// guesses. "Fair" is a score of 3 or more that is still short of that: nearly there, and
/// refused.
pub fn judge(chars: usize, estimate: &Estimate) -> Strength {
    let long_enough = chars >= MIN_PASSPHRASE_CHARS;
    let score = estimate.score.min(4);
    let acceptable = long_enough && score >= MIN_SCORE && estimate.guesses_log10 >= MIN_GUESSES_LOG10;
    let label = if acceptable {
        StrengthLabel::Strong
    } else if long_enough && score >= MIN_SCORE {
        StrengthLabel::Fair
    } else {
        StrengthLabel::Weak
    };
    let mut advice: Vec<String> = Vec::new();
    if !long_enough {
        advice.push(format!("Use at least {MIN_PASSPHRASE_CHARS} characters."));
    }
    if !acceptable {
        for finding in &estimate.findings {
            let sentence = finding.advice().to_owned();
            if !advice.contains(&sentence) {
                advice.push(sentence);
            }
        }
        let more = Finding::AddAnotherWord.advice().to_owned();
        if long_enough && !advice.contains(&more) {
            advice.push(more);
        }
        advice.truncate(3);
    }
    // The bar never looks full for a passphrase the app refuses.
    let score = if acceptable { score } else { score.min(2) };
    Strength { score, label, acceptable, advice }
}

/// Refuses a new passphrase that [`judge`] does not accept, with the reason and the advice.
pub fn check_strength(chars: usize, estimate: &Estimate) -> Result<(), PassphraseRejected> {
    let strength = judge(chars, estimate);
    if strength.acceptable {
        return Ok(());
    }
    let mut message = String::from("This passphrase would be too easy to guess.");
    for sentence in &strength.advice {
        message.push(' ');
        message.push_str(sentence);
    }
    message.push_str(" Or use a suggested passphrase: five random words.");
    Err(PassphraseRejected { code: ErrorCode::PassphraseTooWeak, message })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_passphrases_are_refused_with_a_reason() {
        let e = check_new_passphrase(&Passphrase::new("abcdefghi".into())).unwrap_err();
        assert_eq!(e.code, ErrorCode::PassphraseTooShort);
        assert!(e.message.contains("at least 10 characters"), "{}", e.message);
        assert!(e.message.contains("five random words"), "{}", e.message);
        assert!(check_new_passphrase(&Passphrase::new("abcdefghij".into())).is_ok());
    }

    /// Nine two-byte characters are 18 bytes but still only nine characters.
    #[test]
    fn counts_characters_not_bytes() {
        let nine = "ééééééééé".to_string();
        assert_eq!(nine.len(), 18);
        assert!(check_new_passphrase(&Passphrase::new(nine)).is_err());
        assert!(check_new_passphrase(&Passphrase::new("éééééééééé".into())).is_ok());
    }

    #[test]
    fn suggestions_carry_at_least_60_bits_by_construction() {
        // words × log2(list size), each word drawn uniformly on its own.
        assert_eq!(wordlist::words().len(), wordlist::WORD_COUNT);
        let bits = SUGGESTION_WORDS as f64 * (wordlist::WORD_COUNT as f64).log2();
        assert!(bits >= MIN_SUGGESTION_BITS, "{bits}");
        assert!((suggestion_bits() - 64.62).abs() < 0.01, "{}", suggestion_bits());
    }

    #[test]
    fn suggestions_are_five_listed_words_and_pass_the_length_policy() {
        for r in [[0, 1, 2, 3, 4], [u32::MAX, 7775, 7776, 4000, 1], [7; 5]] {
            let s = suggest(r);
            let words: Vec<_> = s.split(' ').collect();
            assert_eq!(words.len(), SUGGESTION_WORDS, "{s}");
            assert!(words.iter().all(|w| wordlist::words().contains(w)), "{s}");
            assert!(check_new_passphrase(&Passphrase::new(s.clone())).is_ok(), "{s}");
        }
        assert_eq!(suggest([0; 5]), ["abacus"; 5].join(" "));
        // 7,776 wraps to the first word again.
        assert_eq!(suggest([7776, 7775, 0, 0, 0]), "abacus zoom abacus abacus abacus");
    }

    fn estimate(score: u8, guesses_log10: f64, findings: &[Finding]) -> Estimate {
        Estimate { score, guesses_log10, findings: findings.to_vec() }
    }

    #[test]
    fn strength_is_judged_on_the_score_and_the_guesses() {
        let strong = judge(30, &estimate(4, 19.0, &[]));
        assert_eq!((strong.label, strong.acceptable, strong.score), (StrengthLabel::Strong, true, 4));
        assert!(strong.advice.is_empty());
        // Score 3 but fewer than 10^10 guesses: fair, and refused.
        let fair = judge(20, &estimate(3, 9.2, &[]));
        assert_eq!((fair.label, fair.acceptable), (StrengthLabel::Fair, false));
        assert_eq!(fair.advice, ["Add another word or two. Unusual words are better."]);
        let weak = judge(11, &estimate(0, 2.1, &[Finding::VeryCommonPassword, Finding::AddAnotherWord]));
        assert_eq!((weak.label, weak.acceptable, weak.score), (StrengthLabel::Weak, false, 0));
        assert_eq!(weak.advice[0], "This is one of the most used passwords. Choose something else.");
        // Too short is weak whatever the estimate, and says the length first.
        let short = judge(9, &estimate(4, 12.0, &[]));
        assert_eq!((short.label, short.acceptable), (StrengthLabel::Weak, false));
        assert_eq!(short.advice[0], "Use at least 10 characters.");
    }

    #[test]
    fn a_weak_passphrase_is_refused_with_a_reason_and_advice() {
        let e =
            check_strength(12, &estimate(0, 1.5, &[Finding::RepeatedCharacters, Finding::AvoidRepeats])).unwrap_err();
        assert_eq!(e.code, ErrorCode::PassphraseTooWeak);
        assert!(
            e.message.starts_with("This passphrase would be too easy to guess. Avoid the same letter"),
            "{}",
            e.message
        );
        assert!(e.message.contains("Avoid repeated words and letters.") && e.message.ends_with("five random words."));
        assert!(check_strength(25, &estimate(4, 12.0, &[])).is_ok());
    }

    #[test]
    fn every_finding_has_a_short_plain_sentence() {
        use Finding::*;
        let all = [
            KeyboardRow,
            ShortKeyboardPattern,
            RepeatedCharacters,
            RepeatedGroup,
            VeryCommonPassword,
            LikeACommonPassword,
            Sequence,
            RecentYear,
            SingleWord,
            Date,
            Name,
            CommonName,
            UseAFewWords,
            NoNeedForSymbols,
            AddAnotherWord,
            CapitalsHelpLittle,
            AllCapitalsHelpLittle,
            ReversedHelpLittle,
            SubstitutionsHelpLittle,
            LongerKeyboardPattern,
            AvoidRepeats,
            AvoidSequences,
            AvoidYears,
            AvoidPersonalDates,
        ];
        for f in all {
            let s = f.advice();
            assert!(s.ends_with('.') && s.split(' ').count() <= 14, "{f:?}: {s}");
            // No jargon that a reading age of 9 to 11 would trip on.
            for word in ["entropy", "dictionary", "capitalization", "predictable"] {
                assert!(!s.to_lowercase().contains(word), "{f:?}: {s}");
            }
        }
    }

    #[test]
    fn debug_and_deserialize() {
        let p: Passphrase = serde_json::from_str("\"correct horse battery\"").unwrap();
        assert_eq!(p.expose_secret(), "correct horse battery");
        assert!(!format!("{p:?}").contains("horse"));
    }
}
