//! The strength estimate for a new passphrase: the `zxcvbn` crate's, turned into the core's
//! [`Estimate`] so the core's rule judges it and the core's plain words explain it.
//!
//! Here and not in phr-core because zxcvbn reads the clock (the current year, for its date
//! patterns, and the time it took).

use phr_core::passphrase::{self, Estimate, Finding, PassphraseRejected, Strength};
use zxcvbn::feedback::{Suggestion, Warning};

/// zxcvbn looks at no more than this many characters: its matching grows quickly with length,
/// and a passphrase this long is long enough to judge by its start.
const MAX_ESTIMATED_CHARS: usize = 100;

/// zxcvbn's estimate of `text`, its feedback as the core's findings.
pub(crate) fn estimate(text: &str) -> Estimate {
    let head: String = text.chars().take(MAX_ESTIMATED_CHARS).collect();
    if head.is_empty() {
        return Estimate { score: 0, guesses_log10: 0.0, findings: Vec::new() };
    }
    let entropy = zxcvbn::zxcvbn(&head, &[]);
    let mut findings = Vec::new();
    if let Some(feedback) = entropy.feedback() {
        findings.extend(feedback.warning().map(warning));
        findings.extend(feedback.suggestions().iter().map(|s| suggestion(*s)));
    }
    Estimate { score: u8::from(entropy.score()), guesses_log10: entropy.guesses_log10(), findings }
}

/// `text` judged by the core's rule.
pub(crate) fn strength(text: &str) -> Strength {
    passphrase::judge(text.chars().count(), &estimate(text))
}

/// Refuses a new passphrase the core's rule does not accept.
pub(crate) fn check(text: &str) -> Result<(), PassphraseRejected> {
    passphrase::check_strength(text.chars().count(), &estimate(text))
}

fn warning(w: Warning) -> Finding {
    match w {
        Warning::StraightRowsOfKeysAreEasyToGuess => Finding::KeyboardRow,
        Warning::ShortKeyboardPatternsAreEasyToGuess => Finding::ShortKeyboardPattern,
        Warning::RepeatsLikeAaaAreEasyToGuess => Finding::RepeatedCharacters,
        Warning::RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess => Finding::RepeatedGroup,
        Warning::ThisIsATop10Password | Warning::ThisIsATop100Password | Warning::ThisIsACommonPassword => {
            Finding::VeryCommonPassword
        }
        Warning::ThisIsSimilarToACommonlyUsedPassword => Finding::LikeACommonPassword,
        Warning::SequencesLikeAbcAreEasyToGuess => Finding::Sequence,
        Warning::RecentYearsAreEasyToGuess => Finding::RecentYear,
        Warning::AWordByItselfIsEasyToGuess => Finding::SingleWord,
        Warning::DatesAreOftenEasyToGuess => Finding::Date,
        Warning::NamesAndSurnamesByThemselvesAreEasyToGuess => Finding::Name,
        Warning::CommonNamesAndSurnamesAreEasyToGuess => Finding::CommonName,
    }
}

fn suggestion(s: Suggestion) -> Finding {
    match s {
        Suggestion::UseAFewWordsAvoidCommonPhrases => Finding::UseAFewWords,
        Suggestion::NoNeedForSymbolsDigitsOrUppercaseLetters => Finding::NoNeedForSymbols,
        Suggestion::AddAnotherWordOrTwo => Finding::AddAnotherWord,
        Suggestion::CapitalizationDoesntHelpVeryMuch => Finding::CapitalsHelpLittle,
        Suggestion::AllUppercaseIsAlmostAsEasyToGuessAsAllLowercase => Finding::AllCapitalsHelpLittle,
        Suggestion::ReversedWordsArentMuchHarderToGuess => Finding::ReversedHelpLittle,
        Suggestion::PredictableSubstitutionsDontHelpVeryMuch => Finding::SubstitutionsHelpLittle,
        Suggestion::UseALongerKeyboardPatternWithMoreTurns => Finding::LongerKeyboardPattern,
        Suggestion::AvoidRepeatedWordsAndCharacters => Finding::AvoidRepeats,
        Suggestion::AvoidSequences => Finding::AvoidSequences,
        Suggestion::AvoidRecentYears => Finding::AvoidYears,
        Suggestion::AvoidYearsThatAreAssociatedWithYou | Suggestion::AvoidDatesAndYearsThatAreAssociatedWithYou => {
            Finding::AvoidPersonalDates
        }
    }
}

#[cfg(test)]
mod tests {
    use phr_core::passphrase::StrengthLabel;

    use super::*;

    #[test]
    fn common_and_repeated_passphrases_are_refused_with_advice() {
        for weak in ["password123", "aaaaaaaaaaaa", "qwertyuiop", "abcdefghijkl"] {
            let e = check(weak).unwrap_err();
            assert_eq!(e.code, phr_core::ErrorCode::PassphraseTooWeak, "{weak}");
            assert!(e.message.starts_with("This passphrase would be too easy to guess."), "{weak}: {}", e.message);
            assert_eq!(strength(weak).label, StrengthLabel::Weak, "{weak}");
        }
        assert!(check("password123").unwrap_err().message.contains("most used passwords"));
        assert!(check("aaaaaaaaaaaa").unwrap_err().message.contains("like aaa or 111"));
    }

    #[test]
    fn a_five_word_suggestion_is_accepted() {
        for random in [[0, 1, 2, 3, 4], [1234, 5678, 910, 7000, 42], [7775, 3000, 2, 999, 4444]] {
            let s = passphrase::suggest(random);
            assert!(check(&s).is_ok(), "{s}: {:?}", strength(&s));
            assert_eq!(strength(&s).label, StrengthLabel::Strong, "{s}");
        }
    }

    #[test]
    fn very_long_input_is_judged_by_its_start() {
        let long = "otter lantern gravel mosaic ".repeat(1000);
        assert!(check(&long).is_ok());
        assert_eq!(estimate("").score, 0);
    }
}
