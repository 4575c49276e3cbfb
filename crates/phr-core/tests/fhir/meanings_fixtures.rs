//! The meanings table covers the codes people meet most: the most frequent codes across the
//! fixtures (all but the IPS documents from other countries) each have a plain name and a one-line meaning, and the number covered cannot shrink.

use std::collections::BTreeMap;

use phr_core::record::meanings::{MEANINGS, meaning_of};

use super::units_fixtures::every_entry_but_ips;

/// How many of the most frequent codes the table must cover. Raise it as the table grows;
/// never lower it.
const MOST_FREQUENT_COVERED: usize = 200;

/// The code systems the table speaks for.
const SYSTEMS: &[&str] = &["LOINC", "SNOMED CT", "CVX", "RxNorm", "dm+d"];

/// Every (system, code) with the number of entries that carry it, the most frequent first
/// (ties by system and code, so the order is the same on every run).
fn codes_by_frequency() -> Vec<((String, String), usize)> {
    let mut count: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (_, e) in every_entry_but_ips() {
        let mut seen = Vec::new();
        for c in &e.codes {
            let (system, Some(code)) = (c.system_name(), c.code.as_deref()) else { continue };
            let key = (system, code.trim().to_string());
            if SYSTEMS.contains(&key.0.as_str()) && !seen.contains(&key) {
                seen.push(key.clone());
                *count.entry(key).or_default() += 1;
            }
        }
    }
    let mut list: Vec<_> = count.into_iter().collect();
    list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    list
}

#[test]
fn the_most_frequent_codes_each_have_a_meaning() {
    let list = codes_by_frequency();
    assert!(list.len() > MOST_FREQUENT_COVERED, "the fixtures hold {} codes", list.len());
    let missing: Vec<String> = list
        .iter()
        .take(MOST_FREQUENT_COVERED)
        .filter(|((system, code), _)| {
            let c = phr_core::record::Coding {
                system: Some(system_uri(system).to_string()),
                code: Some(code.clone()),
                display: None,
            };
            meaning_of(&[c]).is_none()
        })
        .map(|((s, c), n)| format!("{n}\t{s}\t{c}"))
        .collect();
    assert!(
        missing.is_empty(),
        "{} of the {MOST_FREQUENT_COVERED} most frequent codes have no meaning:\n{}",
        missing.len(),
        missing.join("\n")
    );
    assert!(MEANINGS.len() >= MOST_FREQUENT_COVERED, "the table holds {}", MEANINGS.len());
}

/// The address of a system as [`phr_core::record::Coding::system_name`] names it.
fn system_uri(name: &str) -> &'static str {
    match name {
        "LOINC" => "http://loinc.org",
        "SNOMED CT" => "http://snomed.info/sct",
        "CVX" => "http://hl7.org/fhir/sid/cvx",
        "RxNorm" => "http://www.nlm.nih.gov/research/umls/rxnorm",
        _ => "https://dmd.nhs.uk",
    }
}
