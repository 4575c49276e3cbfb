//! Turning what a person types into a safe FTS5 query.

/// Each word becomes a quoted FTS5 string (so `AND`, `NEAR`, quotes and `*` typed by the person
/// mean nothing special), all words must match, and the last one matches as a prefix, so
/// results appear while typing. `None` when the text holds no word.
pub(crate) fn match_query(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect();
    let (last, rest) = words.split_last()?;
    let mut q = rest.join(" ");
    if !q.is_empty() {
        q.push(' ');
    }
    q.push_str(last);
    q.push('*');
    Some(q)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_quoted_and_the_last_is_a_prefix() {
        assert_eq!(match_query("asth").as_deref(), Some("\"asth\"*"));
        assert_eq!(match_query("chronic  Asthma").as_deref(), Some("\"chronic\" \"Asthma\"*"));
        assert_eq!(match_query("a\" OR NEAR(b* -c").as_deref(), Some("\"a\" \"OR\" \"NEAR\" \"b\" \"c\"*"));
        assert_eq!(match_query("  \"* ()"), None);
        assert_eq!(match_query("Sjögren").as_deref(), Some("\"Sjögren\"*"));
    }
}
