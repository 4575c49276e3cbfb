//! The word list behind passphrase suggestions: the EFF's long list of 7,776 words.
//!
//! Embedded at compile time from `data/eff_large_wordlist.txt` (CC BY 3.0 US, Electronic
//! Frontier Foundation; see `data/SOURCE.md`), so the core does no IO. Each line is a dice
//! number and a word separated by a tab. The list was made for passphrases: common words,
//! easy to spell and to remember. 7,776 = 6^5 words carry log2(7,776) = 12.9 bits each; words
//! are joined by spaces, so the count of words and the list give the strength exactly.

use std::sync::LazyLock;

/// The file as the EFF publishes it.
const LIST: &str = include_str!("../data/eff_large_wordlist.txt");

/// How many words the list has: 6^5, one for each throw of five dice.
pub const WORD_COUNT: usize = 7_776;

static WORDS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| LIST.lines().filter_map(|line| line.split('\t').nth(1)).map(str::trim).collect());

/// The suggestion words, in the list's order.
pub fn words() -> &'static [&'static str] {
    &WORDS
}

/// The bits of guessing entropy one word drawn uniformly from the list carries.
pub fn bits_per_word() -> f64 {
    (words().len() as f64).log2()
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn the_eff_long_list_of_7776_distinct_words() {
        assert_eq!(words().len(), WORD_COUNT);
        let distinct: HashSet<_> = words().iter().collect();
        assert_eq!(distinct.len(), WORD_COUNT, "a word is listed twice");
        for w in words() {
            assert!((3..=9).contains(&w.len()), "{w} is not 3 to 9 characters");
            assert!(w.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'), "{w} is not lowercase a-z");
        }
        assert_eq!((words()[0], words()[WORD_COUNT - 1]), ("abacus", "zoom"));
        assert!((bits_per_word() - 12.925).abs() < 0.001, "{}", bits_per_word());
    }
}
