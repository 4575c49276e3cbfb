//! `phr reading` end to end: add (with the checks and --confirm), list, import with preview,
//! stats with the NICE average, export, delete and restore; text and --json; exit codes.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

use std::path::PathBuf;

use serde_json::Value;

#[path = "../../../tests/support/mod.rs"]
mod repo;

mod common;
use common::Sandbox;

/// A scratch vault with one person, and a way to run `phr` against it.
fn ada() -> Sandbox {
    Sandbox::with_person("Ada Lovelace", "1948-07-05")
}

/// `date` at `time` (`HH:MM`) by the machine's clock, as RFC 3339 with that offset. `phr` files a
/// reading under the person's local day (the machine's time zone) and shows it in the offset it
/// was taken in, so tests that count days write their readings this way and pass in any zone
/// (xtask also runs them at +13:00 and -10:00).
fn local(date: &str, time: &str) -> String {
    let naive = chrono::NaiveDateTime::parse_from_str(&format!("{date} {time}"), "%Y-%m-%d %H:%M").unwrap();
    naive.and_local_timezone(chrono::Local).single().unwrap().to_rfc3339()
}

fn dexcom() -> PathBuf {
    repo::fixture("device-data/dexcom-clarity-csv_cgmquantify/test_file.csv")
}

#[test]
fn add_checks_confirms_and_lists() {
    let s = ada();
    let text = s.ok(&[
        "reading",
        "add",
        "bp",
        "128/82",
        "--pulse",
        "70",
        "--at",
        &local("2026-01-05", "08:00"),
        "--arm",
        "left",
    ]);
    assert!(text.contains("128/82 mmHg, pulse 70") && text.contains("5 Jan 2026, 08:00"), "{text}");

    let r = s.json(&[
        "reading",
        "add",
        "glucose",
        "126",
        "--unit",
        "mg/dL",
        "--context",
        "fasting",
        "--at",
        &local("2026-01-05", "07:00"),
    ]);
    assert_eq!((r["enteredValue"].as_f64(), r["enteredUnit"].as_str()), (Some(126.0), Some("mg/dL")));
    assert!((r["value"].as_f64().unwrap() - 126.0 / 18.016).abs() < 1e-9);

    let nine = local("2026-01-05", "09:00");
    let err = s.fails(&["reading", "add", "bp", "200/95", "--at", &nine], "READING_NEEDS_CONFIRMATION");
    assert!(err.contains("--confirm"), "{err}");
    let kept = s.json(&["reading", "add", "bp", "200/95", "--at", &nine, "--confirm"]);
    assert!(!kept["unusual"].as_array().unwrap().is_empty());

    s.fails(&["reading", "add", "bp", "900/80"], "READING_IMPOSSIBLE");
    s.fails(&["reading", "add", "bp", "120/130"], "READING_IMPOSSIBLE");
    s.fails(&["reading", "add", "glucose", "0"], "READING_IMPOSSIBLE");
    s.fails(&["reading", "add", "weight", "70", "--at", "2099-01-01T00:00:00Z"], "READING_IMPOSSIBLE");
    s.fails(&["reading", "add", "bp", "120"], "INVALID_INPUT");
    s.fails(&["reading", "add", "cholesterol", "5"], "UNKNOWN_READING_KIND");
    s.ok(&["reading", "add", "symptom", "Headache after lunch", "--at", &local("2026-01-05", "13:00")]);

    let page = s.json(&["reading", "list"]);
    assert_eq!(page["total"], 4);
    assert_eq!(page["readings"][0]["kind"], "symptom");
    let bp = s.json(&["reading", "list", "--kind", "bp", "--from", "2026-01-05", "--to", "2026-01-05"]);
    assert_eq!(bp["total"], 2);
    let text = s.ok(&["reading", "list", "--kind", "bp"]);
    assert!(text.contains("5 Jan 2026, 09:00") && text.contains("[unusual]"), "{text}");
    assert!(s.ok(&["reading", "list", "--from", "2030-01-01"]).contains("No readings."));

    let id = kept["id"].as_str().unwrap();
    assert!(s.ok(&["reading", "delete", id]).contains("phr reading restore"));
    assert_eq!(s.json(&["reading", "list", "--kind", "bp"])["total"], 1);
    s.ok(&["reading", "restore", id]);
    s.fails(&["reading", "restore", id], "NOTHING_TO_UNDO");
    assert_eq!(s.json(&["reading", "list", "--kind", "bp"])["total"], 2);
}

#[test]
fn import_previews_then_imports_once() {
    let s = ada();
    let file = dexcom();
    let file = file.to_str().unwrap();
    let preview = s.json(&["reading", "import", file, "--preview"]);
    let readable = preview["rowsReadable"].as_u64().unwrap();
    assert!(readable > 1000);
    assert_eq!(preview["format"], "dexcomClarity");
    assert_eq!(s.json(&["reading", "list"])["total"], 0, "a preview stores nothing");
    assert!(s.ok(&["reading", "import", file, "--preview"]).contains("Nothing was stored"));

    // The file names Joe Schmoe; Ada says it is hers.
    let done = s.json(&["reading", "import", file, "--format", "dexcom", "--confirm-owner"]);
    assert_eq!(done["added"].as_u64(), Some(readable));
    let again = s.ok(&["reading", "import", file, "--confirm-owner"]);
    assert!(
        again.contains("Added 0 readings") && again.contains(&format!("{readable} were already stored")),
        "{again}"
    );
    s.fails(&["reading", "import", file, "--format", "fax"], "UNSUPPORTED_FORMAT");
    let missing = s.path("nowhere.csv");
    let err = s.fails(&["reading", "import", missing.to_str().unwrap()], "IO");
    assert!(err.contains("nowhere.csv"), "{err}");

    let mangled = s.path("mangled.csv");
    let text = std::fs::read_to_string(dexcom()).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let row = lines.iter().position(|l| l.contains(",EGV,")).unwrap() + 5;
    lines[row] = lines[row].replacen("20", "xx", 1);
    std::fs::write(&mangled, lines.join("\n")).unwrap();
    let out = s.ok(&["reading", "import", mangled.to_str().unwrap(), "--confirm-owner"]);
    assert!(out.contains(&format!("line {}:", row + 1)), "{out}");
}

/// Dexcom CLARITY's export headed "Joe Schmoe, 1/1/1970".
fn dexcom_small() -> String {
    repo::fixture("device-data/dexcom-clarity-small.csv").to_str().unwrap().to_owned()
}

#[test]
fn a_device_file_naming_someone_else_is_refused_unless_confirmed() {
    let s = ada();
    let file = dexcom_small();
    let preview = s.ok(&["reading", "import", &file, "--preview"]);
    assert!(
        preview.contains("do not match Ada's. Import it anyway? If it is, import it with --confirm-owner."),
        "{preview}"
    );
    assert!(s.json(&["reading", "import", &file, "--preview"])["otherPerson"].is_string());

    let err = s.fails(&["reading", "import", &file], "DEVICE_FILE_OTHER_PERSON");
    assert_eq!(
        err.trim(),
        "error[DEVICE_FILE_OTHER_PERSON]: This file seems to belong to someone else: the name and date of birth in \
         it do not match Ada's. Import it anyway? Nothing was imported. If the file is theirs, run the same command \
         again with --confirm-owner."
    );
    for other in ["Joe", "Schmoe", "1970"] {
        assert!(!err.contains(other), "{err}");
    }
    assert_eq!(s.json(&["reading", "list"])["total"], 0, "nothing was stored");

    let out = s.ok(&["reading", "import", &file, "--confirm-owner"]);
    assert!(out.contains("Added 24 readings") && out.contains("phr import undo "), "{out}");
    let audit = s.ok(&["audit", "list"]);
    assert!(audit.contains("imported after the person confirmed it was theirs"), "{audit}");
}

#[test]
fn the_import_history_lists_each_import_with_its_id_and_undo_asks_first() {
    let s = ada();
    let file = dexcom_small();
    let done = s.json(&["reading", "import", &file, "--confirm-owner"]);
    let id = done["importId"].as_str().unwrap().to_owned();
    let history = s.json(&["import", "history"]);
    assert_eq!(history[0]["importId"], id.as_str());
    assert_eq!(history[0]["kind"], "readings");
    assert_eq!(history[0]["ownerOverridden"], true);
    assert!(history[0]["undoneAt"].is_null());
    let text = s.ok(&["import", "history"]);
    assert!(
        text.contains(&format!("{id}  "))
            && text.contains("Dexcom CLARITY export dexcom-clarity-small.csv: 24 readings added"),
        "{text}"
    );

    // Not a terminal and no --yes: nothing is undone.
    let err = s.fails(&["import", "undo", &id], "CONFIRMATION_REQUIRED");
    assert!(err.contains("--yes"), "{err}");
    assert_eq!(s.json(&["reading", "list"])["total"], 24);

    let out = s.ok(&["import", "undo", &id, "--yes"]);
    assert_eq!(out.trim(), format!("Import {id} undone: 24 readings removed."));
    assert_eq!(s.json(&["reading", "list"])["total"], 0);
    assert!(s.json(&["import", "history"])[0]["undoneAt"].is_string());
    assert!(s.ok(&["import", "history"]).contains("UNDONE"));
    s.fails(&["import", "undo", &id, "--yes"], "NOTHING_TO_UNDO");
    s.fails(&["import", "undo", "999", "--yes"], "IMPORT_NOT_FOUND");
    assert!(s.ok(&["audit", "list"]).contains(&format!("import {id} from a device file undone: 24 readings removed")));

    // Imported again after the undo: all of it again.
    assert_eq!(s.json(&["reading", "import", &file, "--confirm-owner"])["added"], 24);
}

#[test]
fn stats_give_the_nice_average_and_export_writes_fhir() {
    let s = ada();
    // Four days, two readings morning and evening; the first day is left out of the average.
    for day in 1..=4 {
        for (time, v) in [("07:30", "150/95"), ("07:31", "148/93"), ("19:30", "130/80"), ("19:31", "132/82")] {
            let v = if day == 1 { "170/100" } else { v };
            s.ok(&["reading", "add", "bp", v, "--at", &local(&format!("2026-01-0{day}"), time)]);
        }
    }
    let stats = s.json(&["reading", "stats", "--kind", "bp", "--from", "2026-01-01", "--to", "2026-01-04"]);
    assert_eq!(stats["count"], 16);
    let home = &stats["homeBp"];
    assert_eq!(home["daysUsed"], 3);
    // (150 + 148 + 130 + 132) / 4 = 140; (95 + 93 + 80 + 82) / 4 = 87.5.
    assert_eq!(home["systolic"].as_f64(), Some(140.0));
    assert_eq!(home["diastolic"].as_f64(), Some(87.5));
    assert_eq!(home["aboveThreshold"], true);
    let text = s.ok(&["reading", "stats", "--kind", "bp", "--from", "2026-01-01", "--to", "2026-01-04"]);
    assert!(text.contains("NICE home blood pressure average: 140/88 mmHg") && text.contains("1 Jan 2026"), "{text}");
    let weights = s.ok(&["reading", "stats", "--kind", "weight"]);
    assert!(weights.contains("Weight: 0 readings"), "{weights}");

    let out = s.path("readings.json");
    let info = s.json(&["reading", "export", "--out", out.to_str().unwrap()]);
    assert_eq!(info["resources"], 16);
    let bundle: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(bundle["resourceType"], "Bundle");
    assert_eq!(bundle["entry"][0]["resource"]["resourceType"], "Observation");
    let text = s.ok(&["reading", "export", "--out", out.to_str().unwrap()]);
    assert!(text.contains("Wrote 16 readings"), "{text}");
}
