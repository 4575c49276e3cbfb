//! `phr reading report --kind glucose` end to end on a Dexcom CLARITY export: the figures as
//! JSON add up, the text says the period in words and warns that 9 days are too few to rely
//! on, and other kinds are refused.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

use std::path::PathBuf;

#[path = "../../../tests/support/mod.rs"]
mod repo;

mod common;
use common::Sandbox;

/// A vault with Ada in it.
fn ada() -> Sandbox {
    Sandbox::with_person("Ada Lovelace", "1948-07-05")
}

fn dexcom() -> PathBuf {
    repo::fixture("device-data/dexcom-clarity-csv_cgmquantify/test_file.csv")
}

#[test]
fn the_glucose_report_of_a_dexcom_file_warns_that_nine_days_are_too_few() {
    let s = ada();
    let file = dexcom();
    let added = s.json(&["reading", "import", file.to_str().unwrap(), "--confirm-owner"])["added"].as_u64().unwrap();
    assert!(added > 2_000, "{added}");

    let period = ["reading", "report", "--kind", "glucose", "--from", "2016-10-24", "--to", "2016-11-01"];
    let r = s.json(&period);
    assert_eq!(r["count"].as_u64(), Some(added), "every reading of the file is in the period");
    assert_eq!(r["days"], 9);
    assert_eq!(r["reliable"], false);
    let bands = r["bands"].as_array().unwrap();
    let keys: Vec<&str> = bands.iter().map(|b| b["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["very_low", "low", "in_range", "high", "very_high"]);
    let counted: u64 = bands.iter().map(|b| b["count"].as_u64().unwrap()).sum();
    assert_eq!(counted, added, "each reading is in one band");
    let percent: f64 = bands.iter().map(|b| b["percent"].as_f64().unwrap()).sum();
    assert!((percent - 100.0).abs() < 1e-9, "{percent}");
    let profile = r["profile"].as_array().unwrap();
    assert_eq!(profile.len(), 24);
    let hourly: u64 = profile.iter().map(|h| h["count"].as_u64().unwrap()).sum();
    assert_eq!(hourly, added);
    assert!(
        profile.iter().all(|h| h["p5"].as_f64() <= h["median"].as_f64() && h["median"].as_f64() <= h["p95"].as_f64())
    );

    let text = s.ok(&period);
    for want in [
        "Glucose report",
        "24 Oct 2016 to 1 Nov 2016 (9 days)",
        "Do not rely on this report",
        "This period is 9 days long",
        "In range",
        "3.9 to 10.0 mmol/L",
        "Glucose management indicator (GMI)",
        "mmol/mol",
        "midnight",
        "International Consensus on Time in Range",
    ] {
        assert!(text.contains(want), "{want:?} missing from:\n{text}");
    }

    // The default period is the 14 days up to today: none of the 2016 readings.
    let recent = s.json(&["reading", "report", "--kind", "glucose"]);
    assert_eq!(recent["count"], 0);
    assert_eq!(recent["days"], 14);
    assert_eq!(recent["warning"], "There are no glucose readings in this period.");

    // Only glucose has a report; the period must run forwards.
    let out = s.run(&["reading", "report", "--kind", "bp"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error[INVALID_INPUT]: "));
    let out = s.run(&["reading", "report", "--kind", "glucose", "--from", "2016-11-02", "--to", "2016-11-01"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("before its start"));
}

#[test]
fn the_glucose_report_saved_as_a_pdf_reads_back_as_the_report() {
    let s = ada();
    let file = dexcom();
    s.ok(&["reading", "import", file.to_str().unwrap(), "--confirm-owner"]);
    let pdf = s.path("glucose.pdf");
    let period = ["reading", "report", "--kind", "glucose", "--from", "2016-10-24", "--to", "2016-11-01"];
    let mut args = period.to_vec();
    args.extend(["--pdf", pdf.to_str().unwrap()]);
    let text = s.ok(&args);
    assert!(text.contains("Saved the glucose report"), "{text}");
    assert!(text.contains("NOT encrypted"), "{text}");
    // With --json the output stays the report alone, and the PDF is saved all the same.
    let again = s.path("again.pdf");
    let mut args = period.to_vec();
    args.extend(["--pdf", again.to_str().unwrap()]);
    let r = s.json(&args);
    assert_eq!(r["days"], 9);
    assert!(again.exists());

    let Some(pages) = repo::pdf_pages(&pdf, "the glucose report PDF") else { return };
    let pages: Vec<String> = pages.iter().map(|p| p.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
    let all = pages.concat();
    let in_range = r["bands"][2]["percentText"].as_str().unwrap();
    let gmi =
        r["figures"].as_array().unwrap().iter().find(|f| f["key"] == "gmi").unwrap()["valueText"].as_str().unwrap();
    for want in [
        "Glucose report",
        "24 Oct 2016 to 1 Nov 2016 (9 days)",
        "Do not rely on this report",
        "In range",
        "3.9 to 10.0 mmol/L",
        in_range,
        "Glucose management indicator (GMI)",
        gmi,
        "midnight",
        "International Consensus on Time in Range",
    ] {
        assert!(all.contains(want), "{want:?} missing from the PDF:\n{all}");
    }
    for (i, page) in pages.iter().enumerate() {
        assert!(page.contains("Ada Lovelace"), "page {} does not name the person", i + 1);
        assert!(page.contains(&format!("Page {} of {}", i + 1, pages.len())));
    }
}
