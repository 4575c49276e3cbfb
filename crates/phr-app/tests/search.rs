//! Search as people speak, through the facade, over a Synthea record: lay words find the
//! record's terms, and a misspelling is offered the record's nearest words.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

mod common;

use std::sync::Arc;

use chrono::{TimeZone, Utc};
use common::*;
use phr_app::*;
use phr_core::clock::FixedClock;

const KARENA: &str = "synthea-r4-smart/Karena_Pfeffer_1f99a0cb-594b-476a-b9cb-502594c1ee6b.json";

fn karena(dir: &std::path::Path) -> (App, PersonId) {
    record_of(dir, KARENA)
}

fn record_of(dir: &std::path::Path, fixture: &str) -> (App, PersonId) {
    let clock = Arc::new(FixedClock(Utc.with_ymd_and_hms(2026, 11, 23, 14, 5, 0).unwrap()));
    let app = App::with_options(dir.join("vault"), AppOptions::with_clock(clock, KdfProfile::Floor));
    app.create_vault(Passphrase::new(PASS.to_owned())).unwrap();
    let me = add_person_matching(&app, fixture);
    app.import_files(&me, &[fixtures().join(fixture)]).unwrap();
    (app, me)
}

fn titles(app: &App, me: &PersonId, q: &str) -> Vec<String> {
    app.search_record(me, q, Some(200)).unwrap().into_iter().map(|h| h.entry.title).collect()
}

#[test]
fn lay_words_find_the_record_s_terms() {
    let tmp = tempfile::tempdir().unwrap();
    let (app, me) = karena(tmp.path());
    let flu = titles(&app, &me, "flu jab");
    assert!(flu.iter().any(|t| t.to_lowercase().contains("influenza")), "{flu:?}");
    let tmp2 = tempfile::tempdir().unwrap();
    let (dino_app, dino) = record_of(tmp2.path(), SYNTHEA);
    let dino_flu = titles(&dino_app, &dino, "Flu jab");
    assert!(dino_flu.iter().any(|t| t.starts_with("Influenza")), "{dino_flu:?}");
    let help = app.search_help(&me, "Flu jab").unwrap();
    assert_eq!(help.understood, ["Also searched for influenza (flu jab)"]);
    assert!(help.suggestions.is_empty() && help.heading.is_empty(), "{help:?}");

    let bp = titles(&app, &me, "high blood pressure");
    assert!(bp.iter().any(|t| t.to_lowercase().contains("hypertension")), "{bp:?}");
    // A Synthea (US) record says acetaminophen.
    let para = titles(&app, &me, "paracetamol");
    assert!(para.iter().any(|t| t.to_lowercase().contains("acetaminophen")), "{para:?}");
}

#[test]
fn a_misspelling_finds_nothing_and_is_offered_the_nearest_word() {
    let tmp = tempfile::tempdir().unwrap();
    let (app, me) = karena(tmp.path());
    assert!(titles(&app, &me, "hypertention").is_empty());
    let help = app.search_help(&me, "hypertention").unwrap();
    assert_eq!(help.suggestions.first().map(String::as_str), Some("hypertension"), "{help:?}");
    assert!(help.heading.contains("Did you mean"), "{help:?}");
    // The suggestion, run, finds the entry.
    assert!(!titles(&app, &me, &help.suggestions[0]).is_empty());
    let none = app.search_help(&me, "zzzzzzzzzz").unwrap();
    assert!(none.suggestions.is_empty() && none.heading.starts_with("Try another word"), "{none:?}");
}
