//! Red flags on the command line: `phr reading add` prints the NHS advice for a red-flag
//! reading (and `--json` carries it), both before saving (refused until `--confirm`) and after;
//! `phr record list --abnormal` lists what is outside the normal range and counts what could
//! not be checked.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

use std::path::PathBuf;

use serde_json::Value;

#[path = "../../../tests/support/mod.rs"]
mod repo;

mod common;
use common::Sandbox;

fn ada() -> Sandbox {
    Sandbox::with_person("Ada Lovelace", "1948-07-05")
}

#[test]
fn a_red_flag_blood_pressure_prints_the_advice_before_and_after_saving() {
    let s = ada();
    let (out, err) = s.fails_with_output(&["reading", "add", "bp", "185/122"], "READING_NEEDS_CONFIRMATION");
    assert!(out.contains("Red flag: urgent: Very high blood pressure. Act today."), "{out}");
    assert!(out.contains("ask for an urgent GP appointment today or call NHS 111"), "{out}");
    assert!(out.contains("If you also have chest pain"), "{out}");
    assert!(out.contains("Emergency Call 999 now."), "{out}");
    assert!(out.contains("Source: NICE guideline NG136") && out.contains("reviewed 3 Dec 2026"), "{out}");
    assert!(err.contains("--confirm"), "{err}");
    // Nothing was stored.
    assert_eq!(s.json(&["reading", "list"])["total"], 0);

    let text = s.ok(&["reading", "add", "bp", "185/122", "--confirm"]);
    assert!(text.contains("Added blood pressure: 185/122 mmHg"), "{text}");
    assert!(text.contains("Red flag: urgent: Very high blood pressure"), "{text}");
    let list = s.ok(&["reading", "list"]);
    assert!(list.contains("[Red flag: urgent: Very high blood pressure]"), "{list}");
}

#[test]
fn json_carries_the_advice_with_its_urgency_text_and_source() {
    let s = ada();
    let r = s.json(&["reading", "add", "bp", "185/122", "--confirm"]);
    let a = &r["advice"];
    assert_eq!(a["urgency"], "urgent");
    assert_eq!(a["rule"], "bp-very-high");
    assert!(a["text"].as_str().unwrap().contains("NHS 111"), "{a}");
    assert!(a["source"]["url"].as_str().unwrap().starts_with("https://www.nice.org.uk/"), "{a}");
    assert_eq!(a["ifSymptoms"][0]["urgency"], "emergency");
    assert_eq!(a["reviewed"], "2026-12-03");

    assert_eq!(s.json(&["reading", "add", "spo2", "91", "--confirm"])["advice"]["urgency"], "emergency");
    assert_eq!(s.json(&["reading", "add", "temperature", "38.2", "--confirm"])["advice"]["urgency"], "soon");
    // A glucose typed in mg/dL is converted before it is judged: 60 mg/dL is a hypo.
    let g = s.json(&["reading", "add", "glucose", "60", "--unit", "mg/dL", "--confirm"]);
    assert_eq!((g["advice"]["urgency"].as_str(), g["advice"]["rule"].as_str()), (Some("urgent"), Some("glucose-hypo")));
    // A reading that meets no row carries no advice.
    let fine = s.json(&["reading", "add", "bp", "118/76"]);
    assert!(fine.get("advice").is_none(), "{fine}");

    // Refused for confirmation with --json: the error, advice and all, on stdout.
    let out = s.run(&["reading", "add", "spo2", "93", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let e: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (e["code"].as_str(), e["advice"]["urgency"].as_str()),
        (Some("READING_NEEDS_CONFIRMATION"), Some("urgent"))
    );
}

#[test]
fn a_temperature_typed_in_fahrenheit_is_converted_before_any_advice() {
    let s = ada();
    // 38 °F is 3.3 °C: impossible, refused, and no advice about a fever or hypothermia.
    let (out, err) =
        s.fails_with_output(&["reading", "add", "temperature", "38", "--unit", "degF"], "READING_IMPOSSIBLE");
    assert!(!out.contains("Red flag"), "{out}");
    assert!(err.contains("38 °F as entered"), "{err}");
    let r = s.json(&["reading", "add", "temperature", "100.4", "--unit", "degF", "--confirm"]);
    assert_eq!(r["advice"]["rule"], "temperature-high");
}

#[test]
fn record_list_abnormal_lists_the_gp_blood_pressures_and_counts_what_cannot_be_checked() {
    let s = Sandbox::with_person("Karena Pfeffer", "1994-12-21");
    let file = repo::fixture("synthea-r4-smart/Karena_Pfeffer_1f99a0cb-594b-476a-b9cb-502594c1ee6b.json");
    let file: PathBuf = file;
    s.ok(&["import", "file", file.to_str().unwrap()]);
    let text = s.ok(&["record", "list", "--abnormal"]);
    assert!(text.contains("174.2/102.7 mmHg (High)"), "{text}");
    assert!(text.contains("163.6/105.1 mmHg (High)"), "{text}");
    assert!(text.contains("[Outside the usual range: Higher than the usual range]"), "{text}");
    assert!(text.contains("results have no range and cannot be checked."), "{text}");
    let v = s.json(&["record", "list", "--abnormal"]);
    let entries = v["entries"].as_array().unwrap();
    assert!(!entries.is_empty() && entries.iter().all(|e| e["abnormal"] == true && e["rangeCheck"] == "outside"));
    let unchecked = v["unchecked"].as_u64().unwrap();
    assert!(unchecked > 0);
    assert_eq!(v["uncheckedText"], format!("{unchecked} results have no range and cannot be checked."));
    // Without --abnormal the list is the plain list, and nothing is counted.
    assert!(s.json(&["record", "list", "--kind", "result"]).is_array());
}
