//! Comparing people's names loosely, as a person would: case, accents, punctuation, titles,
//! word order ("Schmoe, Joe" is "Joe Schmoe") and middle names do not make two names differ.

/// Titles a file may put before a name; they say nothing about who it is.
const TITLES: [&str; 8] = ["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir"];

/// A name as comparable words, given names first: lower case, accents folded, punctuation a
/// word break, titles dropped. "Family, Given Middle" (a comma) is read as "Given Middle Family".
pub fn name_words(name: &str) -> Vec<String> {
    let ordered = match name.split_once(',') {
        Some((family, given)) => format!("{given} {family}"),
        None => name.to_owned(),
    };
    let folded: String = ordered.chars().flat_map(fold).collect();
    folded
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .map(|w| w.replace('\'', ""))
        .filter(|w| !w.is_empty() && !TITLES.contains(&w.as_str()))
        .collect()
}

/// Whether two names are the same person's name, loosely: the first and last words of each
/// are among the other's words. So "Joe Schmoe", "SCHMOE, Joe", "Joe A. Schmoe" and
/// "Jöe Schmoe" all match each other, while "Joe" alone does not match "Joe Schmoe" (a file
/// that gives half a name is not taken as proof). Either name empty: no match.
pub fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (name_words(a), name_words(b));
    let ends_in = |x: &[String], y: &[String]| match (x.first(), x.last()) {
        (Some(first), Some(last)) => y.contains(first) && y.contains(last),
        _ => false,
    };
    ends_in(&a, &b) && ends_in(&b, &a)
}

/// The name a person is called by: the first word of their name as they wrote it ("Karena"
/// for "Karena Pfeffer"), or the whole name when it has no spaces.
pub fn first_name(name: &str) -> &str {
    name.split_whitespace().next().unwrap_or(name)
}

/// Lower case without accents, for the Latin letters names use. Patient matching folds
/// names the same way.
pub(crate) fn fold(c: char) -> Vec<char> {
    let base = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' => {
            'a'
        }
        'ç' | 'ć' | 'č' | 'Ç' | 'Ć' | 'Č' => 'c',
        'ď' | 'đ' | 'Ď' | 'Đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' | 'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ě' => 'e',
        'ğ' | 'Ğ' => 'g',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' | 'İ' => 'i',
        'ł' | 'Ł' => 'l',
        'ñ' | 'ń' | 'ň' | 'Ñ' | 'Ń' | 'Ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' | 'Ő' => {
            'o'
        }
        'ř' | 'Ř' => 'r',
        'ś' | 'š' | 'ş' | 'Ś' | 'Š' | 'Ş' => 's',
        'ť' | 'ţ' | 'Ť' | 'Ţ' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' | 'Ű' => 'u',
        'ý' | 'ÿ' | 'Ý' | 'Ÿ' => 'y',
        'ź' | 'ż' | 'ž' | 'Ź' | 'Ż' | 'Ž' => 'z',
        'ß' => return vec!['s', 's'],
        'æ' | 'Æ' => return vec!['a', 'e'],
        'œ' | 'Œ' => return vec!['o', 'e'],
        '’' | '‘' => '\'',
        other => return other.to_lowercase().collect(),
    };
    vec![base]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_loosely_in_every_way_a_person_would_allow() {
        let same = [
            ("Joe Schmoe", "joe schmoe"),
            ("Joe Schmoe", "Schmoe, Joe"),
            ("Joe Schmoe", "SCHMOE Joe"),
            ("Joe Schmoe", "Joe Alan Schmoe"),
            ("Joe Alan Schmoe", "Schmoe, Joe Alan"),
            ("Zoë Brontë", "Zoe Bronte"),
            ("Mr Joe Schmoe", "Joe Schmoe"),
            ("Mary Smith-Jones", "Mary Smith Jones"),
            ("Siobhán O’Neill", "Siobhan O'Neill"),
            ("Karena Pfeffer", "Pfeffer, Karena Anne"),
        ];
        for (a, b) in same {
            assert!(same_name(a, b), "{a} / {b}");
            assert!(same_name(b, a), "{b} / {a}");
        }
        let different = [
            ("Joe Schmoe", "Karena Pfeffer"),
            ("Joe Schmoe", "Joe Bloggs"),
            ("Joe Schmoe", "Joe"),
            ("Joe Schmoe", ""),
            ("", ""),
            ("Karena Pfeffer", "Karen Pfeffer"),
        ];
        for (a, b) in different {
            assert!(!same_name(a, b), "{a} / {b}");
        }
    }

    #[test]
    fn a_first_name_is_the_first_word() {
        assert_eq!(first_name("Karena Pfeffer"), "Karena");
        assert_eq!(first_name("  Cher "), "Cher");
        assert_eq!(first_name(""), "");
    }
}
