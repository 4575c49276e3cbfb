//! The reader never panics, whatever it is given.

use phr_core::fhir::{Resolver, map_resource, read_fhir_json};
use proptest::prelude::*;

use super::fixture_text;

fn read_and_map(text: &str) {
    if let Ok(f) = read_fhir_json(text) {
        let resolver = Resolver::new(&f.resources);
        for r in &f.resources {
            let _ = map_resource(&r.value, &resolver);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(crate::repo::cases(256)))]

    #[test]
    fn arbitrary_strings_never_panic(text in ".{0,400}") {
        read_and_map(&text);
    }

    #[test]
    fn json_like_strings_never_panic(text in r#"[\[\]{}":,0-9a-zA-Z \n\\-]{0,300}"#) {
        read_and_map(&text);
    }

    #[test]
    fn mangled_fixtures_never_panic(cut in 0usize..6000, at in 0usize..6000, byte in any::<u8>()) {
        let original = fixture_text("gpconnect-stu3/access-record-structured/allergies_response1.json");
        let mut bytes = original.into_bytes();
        let at = at % bytes.len();
        bytes[at] = byte;
        bytes.truncate(bytes.len() - cut % bytes.len());
        read_and_map(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn mangled_values_never_panic(at in 0usize..4000, replacement in prop_oneof![Just("null"), Just("[]"), Just("{}"), Just("\"x\""), Just("1e400"), Just("-0")]) {
        // Replace a value after some colon with a value of another type: every field of the
        // wrong shape must be survivable.
        let original = fixture_text("hl7-r4-examples/Bundle-bundle-response-medsallergies.json");
        let colons: Vec<usize> = original.match_indices(": ").map(|(i, _)| i + 2).collect();
        let start = colons[at % colons.len()];
        let rest = &original[start..];
        let end = rest.find([',', '\n']).unwrap_or(rest.len());
        let mangled = format!("{}{}{}", &original[..start], replacement, &rest[end..]);
        read_and_map(&mangled);
    }
}
