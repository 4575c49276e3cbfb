//! Access codes: 80 random bits as 16 Crockford base32 characters in four groups; parsing
//! forgives case, spaces, dashes and the look-alikes I, L and O, and refuses everything else.

use std::collections::HashSet;

use phr_core::ErrorCode;
use phr_share::AccessCode;
use proptest::prelude::*;

const ALPHABET: &str = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

fn is_canonical(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 4 && groups.iter().all(|g| g.len() == 4 && g.chars().all(|c| ALPHABET.contains(c)))
}

#[test]
fn generated_codes_are_canonical_and_use_all_80_bits() {
    let codes: Vec<AccessCode> = (0..64).map(|_| AccessCode::generate().unwrap()).collect();
    for code in &codes {
        assert!(is_canonical(code.as_str()), "{}", code.as_str());
        assert_eq!(code.as_str().chars().filter(|c| *c != '-').count() * 5, 80);
    }
    // Every position varies: no character is stuck (as it would be if some bits were not used).
    for pos in [0usize, 5, 10, 18] {
        let seen: HashSet<char> = codes.iter().map(|c| c.as_str().chars().nth(pos).unwrap()).collect();
        assert!(seen.len() > 4, "position {pos} took only {seen:?}");
    }
    let distinct: HashSet<&str> = codes.iter().map(AccessCode::as_str).collect();
    assert_eq!(distinct.len(), codes.len());
}

#[test]
fn look_alikes_case_and_separators_are_forgiven() {
    let code = AccessCode::parse("K7QM-2XD9-4HRT-8WPA").unwrap();
    assert_eq!(code.as_str(), "K7QM-2XD9-4HRT-8WPA");
    for typed in ["k7qm2xd94hrt8wpa", " K7QM 2XD9 4HRT 8WPA ", "k7qm-2xd9-4hrt-8wpa", "K7QM--2XD9\t4HRT8WPA"] {
        assert_eq!(AccessCode::parse(typed).unwrap(), code, "{typed}");
    }
    assert_eq!(AccessCode::parse("IL0O-1100-0000-0000").unwrap().as_str(), "1100-1100-0000-0000");
}

#[test]
fn wrong_lengths_and_characters_are_malformed() {
    for bad in [
        "",
        "K7QM-2XD9-4HRT",
        "K7QM-2XD9-4HRT-8WPAX",
        "K7QM-2XD9-4HRT-8WPU",
        "K7QM-2XD9-4HRT-8WP!",
        "K7QM-2XD9-4HRT-8WPÄ",
    ] {
        let err = AccessCode::parse(bad).unwrap_err();
        assert_eq!(err.code, ErrorCode::ShareAccessCodeMalformed, "{bad}");
    }
    assert!(AccessCode::parse("K7QM-2XD9-4HRT-8WPU").unwrap_err().message.contains("'U'"));
}

#[test]
fn debug_never_shows_the_code() {
    let code = AccessCode::generate().unwrap();
    let shown = format!("{code:?}");
    assert!(!shown.contains(&code.as_str()[..4]), "{shown}");
}

proptest! {
    #[test]
    fn any_16_alphabet_characters_round_trip(chars in proptest::collection::vec(0usize..32, 16)) {
        let raw: String = chars.iter().map(|&i| ALPHABET.as_bytes()[i] as char).collect();
        let code = AccessCode::parse(&raw).unwrap();
        prop_assert!(is_canonical(code.as_str()));
        prop_assert_eq!(code.as_str().replace('-', ""), raw.clone());
        prop_assert_eq!(AccessCode::parse(code.as_str()).unwrap(), code.clone());
        prop_assert_eq!(AccessCode::parse(&raw.to_lowercase()).unwrap(), code);
    }

    #[test]
    fn parsing_anything_never_panics_and_accepts_only_16_symbols(text in "\\PC{0,40}") {
        if let Ok(code) = AccessCode::parse(&text) {
            prop_assert!(is_canonical(code.as_str()));
        }
    }
}
