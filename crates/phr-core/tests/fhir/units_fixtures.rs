//! Every value mapped from every fixture reads in words: no raw UCUM code ("Cel", "mm[Hg]",
//! "mL/min/{1.73_m2}") in a value, a normal range, a blood pressure's parts or a fact, and the
//! units the table does not know yet are counted so it can grow.

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;

use phr_core::fhir::{MapOutcome, Resolver, map_resource, read_fhir_json};
use phr_core::record::MappedEntry;
use phr_core::record::units::{holds_raw_unit, known};

use super::fixtures_dir;

fn json_files() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![fixtures_dir()];
    while let Some(dir) = stack.pop() {
        for e in fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "json") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Every entry mapped from every fixture, with the file it came from.
pub(super) fn every_entry() -> Vec<(String, MappedEntry)> {
    let mut out = Vec::new();
    for path in json_files() {
        let text = fs::read_to_string(&path).unwrap();
        let Ok(file) = read_fhir_json(&text) else { continue };
        let resolver = Resolver::new(&file.resources);
        for r in &file.resources {
            if let MapOutcome::Mapped(e) | MapOutcome::Unmapped(e) = map_resource(&r.value, &resolver) {
                out.push((path.display().to_string(), e));
            }
        }
    }
    out
}

/// Every entry of the records the meanings table is measured against: all the fixtures but the
/// International Patient Summaries from other countries (`ips/`). Those ten documents name
/// medicines and tests as other countries' systems code them, a few times each, and would crowd
/// the ranking of what people here meet most; their import is tested on its own (phr-app's
/// `tests/ips.rs`).
pub(super) fn every_entry_but_ips() -> Vec<(String, MappedEntry)> {
    let ips = format!("{}ips{}", std::path::MAIN_SEPARATOR, std::path::MAIN_SEPARATOR);
    every_entry().into_iter().filter(|(path, _)| !path.contains(&ips)).collect()
}

/// The texts of an entry that carry a unit.
fn unit_texts(e: &MappedEntry) -> Vec<String> {
    let mut t = Vec::new();
    if let Some(v) = &e.value {
        t.push(v.text.clone());
        t.extend(v.range_text.clone());
    }
    t.extend(e.components.iter().map(|c| c.text.clone()));
    t.extend(e.facts.iter().filter(|f| f.label != "Note" && f.label != "Notes").map(|f| f.text.clone()));
    t
}

#[test]
fn no_raw_ucum_code_reaches_a_shown_value() {
    let entries = every_entry();
    assert!(entries.len() > 1000, "the fixtures map to {} entries", entries.len());
    let mut raw = Vec::new();
    for (file, e) in &entries {
        for t in unit_texts(e) {
            if holds_raw_unit(&t) {
                raw.push(format!("{file}: {}: {t}", e.title));
            }
        }
    }
    assert!(raw.is_empty(), "{} texts hold a raw unit:\n{}", raw.len(), raw.join("\n"));
}

#[test]
fn blood_pressure_reads_systolic_over_diastolic() {
    let mut seen = 0;
    for (file, e) in every_entry() {
        let Some(v) = &e.value else { continue };
        let (Some(sys), Some(dia)) = (
            e.components.iter().find(|c| c.label.to_lowercase().contains("systolic")),
            e.components.iter().find(|c| c.label.to_lowercase().contains("diastolic")),
        ) else {
            continue;
        };
        let number = |t: &str| t.split_whitespace().next().unwrap_or("").to_string();
        if v.quantity.is_some() {
            continue;
        }
        let expected = format!("{}/{}", number(&sys.text), number(&dia.text));
        assert!(v.text.starts_with(&expected), "{file}: {} is not {expected}", v.text);
        let si = e.components.iter().position(|c| std::ptr::eq(c, sys)).unwrap();
        let di = e.components.iter().position(|c| std::ptr::eq(c, dia)).unwrap();
        assert!(si < di, "{file}: diastolic is listed before systolic");
        seen += 1;
    }
    assert!(seen > 10, "only {seen} blood pressures");
}

/// The units the table does not know, with how often they appear, so it can grow. They are
/// shown as written (without annotations); this holds their number down.
#[test]
fn units_the_table_does_not_know_are_counted() {
    let mut unknown: BTreeMap<String, usize> = BTreeMap::new();
    let mut total = 0;
    for (_, e) in every_entry() {
        let Some(q) = e.value.as_ref().and_then(|v| v.quantity.as_ref()) else { continue };
        let Some(u) = q.unit.as_deref() else { continue };
        total += 1;
        if known(u).is_none() {
            *unknown.entry(u.to_string()).or_default() += 1;
        }
    }
    let missed: usize = unknown.values().sum();
    eprintln!("{missed} of {total} result units are not in the table: {unknown:?}");
    assert!(missed * 100 <= total, "{missed} of {total} result units are not in the table: {unknown:?}");
}

/// The curated meanings against the 200 codes found most often on the clinical entries of the
/// fixtures (administrative entries left out): how many of them the table explains.
#[test]
fn meanings_cover_the_most_frequent_codes() {
    use phr_core::record::EntryKind;
    use phr_core::record::meanings::MEANINGS;
    let mut counts: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (_, e) in every_entry_but_ips() {
        if matches!(e.kind, EntryKind::Other | EntryKind::Patient | EntryKind::Encounter) {
            continue;
        }
        let Some(c) = e.codes.first() else { continue };
        let Some(code) = c.code.clone() else { continue };
        *counts.entry((c.system_name(), code)).or_default() += 1;
    }
    let mut ranked: Vec<((String, String), usize)> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let top: Vec<_> = ranked.iter().take(200).collect();
    let explained =
        top.iter().filter(|((system, code), _)| MEANINGS.iter().any(|m| m.system == system && m.code == code)).count();
    let entries: usize = top.iter().map(|(_, n)| n).sum();
    let entries_explained: usize = top
        .iter()
        .filter(|((system, code), _)| MEANINGS.iter().any(|m| m.system == system && m.code == code))
        .map(|(_, n)| n)
        .sum();
    eprintln!(
        "the meanings explain {explained} of the top {} codes ({entries_explained} of their {entries} entries)",
        top.len()
    );
    for ((system, code), n) in
        top.iter().filter(|((system, code), _)| !MEANINGS.iter().any(|m| m.system == system && m.code == code)).take(40)
    {
        eprintln!("  not explained: {n} × {system} {code}");
    }
    assert!(explained >= 155, "only {explained} of the top 200 codes are explained");
}

#[test]
fn a_heart_rate_counts_beats_and_a_breathing_rate_breaths() {
    let entries = every_entry();
    let heart = entries
        .iter()
        .filter_map(|(_, e)| e.value.as_ref().map(|v| (e, v)))
        .find(|(e, v)| e.codes.iter().any(|c| c.code.as_deref() == Some("8867-4")) && v.text.contains("per minute"));
    let (_, v) = heart.expect("a heart rate in the fixtures");
    assert!(v.text.ends_with("beats per minute"), "{}", v.text);
    for (file, e) in &entries {
        if let Some(v) = &e.value
            && e.codes.iter().any(|c| c.code.as_deref() == Some("9279-1"))
            && v.text.contains("per minute")
        {
            assert!(v.text.ends_with("breaths per minute"), "{file}: {}", v.text);
        }
    }
}
