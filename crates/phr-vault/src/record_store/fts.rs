//! Turning what a person types into a safe FTS5 query, and FTS5's snippets into pieces.

use super::model::SnippetPart;

/// What FTS5's `snippet()` puts around each match: two Unicode noncharacters, which are
/// reserved for a program's own use and so are not in record text. Any printable marker (such
/// as `[` `]`) could also be in a title and would split it wrongly.
pub(crate) const MATCH_START: char = '\u{FDD0}';
pub(crate) const MATCH_END: char = '\u{FDD1}';

/// Splits a snippet marked with [`MATCH_START`] and [`MATCH_END`] into pieces, matches
/// marked; empty pieces are dropped. A marker without its partner ends or starts a match at
/// the text's end or start rather than failing.
pub(crate) fn snippet_parts(marked: &str) -> Vec<SnippetPart> {
    let mut parts = Vec::new();
    let mut push = |text: &str, is_match: bool| {
        if !text.is_empty() {
            parts.push(SnippetPart { text: text.to_owned(), is_match });
        }
    };
    let mut pieces = marked.split(MATCH_START);
    if let Some(before) = pieces.next() {
        push(&before.replace(MATCH_END, ""), false);
    }
    for piece in pieces {
        let (hit, after) = piece.split_once(MATCH_END).unwrap_or((piece, ""));
        push(hit, true);
        push(&after.replace(MATCH_END, ""), false);
    }
    parts
}

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

/// [`match_query`] for `text` and for each search its lay phrases stand for ("flu jab" also
/// searches "influenza", "influenza vaccin"), OR-ed, so an entry matching any of them is found.
/// `None` when the text holds no word.
pub(crate) fn match_query_as_people_speak(text: &str) -> Option<String> {
    let first = match_query(text)?;
    let alternatives: Vec<String> =
        phr_core::record::lay_terms::lay_alternatives(text).iter().filter_map(|a| match_query(a)).collect();
    if alternatives.is_empty() {
        return Some(first);
    }
    let mut q = format!("({first})");
    for a in alternatives {
        q.push_str(" OR (");
        q.push_str(&a);
        q.push(')');
    }
    Some(q)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lay_phrases_are_or_ed_with_their_record_terms() {
        assert_eq!(match_query_as_people_speak("asthma").as_deref(), Some("\"asthma\"*"));
        let q = match_query_as_people_speak("Flu jab").unwrap_or_default();
        assert!(q.starts_with("(\"Flu\" \"jab\"*) OR (\"influenza\"*)"), "{q}");
        assert_eq!(match_query_as_people_speak(" ()"), None);
    }

    #[test]
    fn words_are_quoted_and_the_last_is_a_prefix() {
        assert_eq!(match_query("asth").as_deref(), Some("\"asth\"*"));
        assert_eq!(match_query("chronic  Asthma").as_deref(), Some("\"chronic\" \"Asthma\"*"));
        assert_eq!(match_query("a\" OR NEAR(b* -c").as_deref(), Some("\"a\" \"OR\" \"NEAR\" \"b\" \"c\"*"));
        assert_eq!(match_query("  \"* ()"), None);
        assert_eq!(match_query("Sjögren").as_deref(), Some("\"Sjögren\"*"));
    }

    fn parts(marked: &str) -> Vec<(String, bool)> {
        snippet_parts(marked).into_iter().map(|p| (p.text, p.is_match)).collect()
    }

    fn want(list: &[(&str, bool)]) -> Vec<(String, bool)> {
        list.iter().map(|(t, m)| ((*t).to_owned(), *m)).collect()
    }

    #[test]
    fn snippets_split_at_the_markers_only() {
        let (s, e) = (MATCH_START, MATCH_END);
        assert_eq!(
            parts(&format!("{s}Asthma{e} [review] – {s}café{e} ]x[")),
            want(&[("Asthma", true), (" [review] – ", false), ("café", true), (" ]x[", false)])
        );
        assert_eq!(parts("no match at all"), want(&[("no match at all", false)]));
        assert_eq!(parts(&format!("open {s}to the end")), want(&[("open ", false), ("to the end", true)]));
        assert_eq!(parts(&format!("stray{e} close")), want(&[("stray close", false)]));
        assert!(parts("").is_empty());
    }
}
