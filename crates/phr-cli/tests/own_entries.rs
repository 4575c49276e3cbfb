//! `phr entry ...`: the person's own entries from the command line. Each kind is added, shown
//! as "Added by you", exported as FHIR with the patient as its author or source (and the
//! project's FHIR validator accepts it), and imported into a fresh vault as the same entries,
//! still marked as the person's, each resource the same (dose, how often, reaction, country).
//! Notes and hides on a GP entry never change its stored bytes.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

mod common;
#[path = "../../../tests/support/mod.rs"]
mod repo;

use common::Sandbox;
use serde_json::Value;

/// Adds one of each kind; returns the ids.
fn add_each(s: &Sandbox) -> Vec<String> {
    let adds: [&[&str]; 6] = [
        &["entry", "add", "condition", "Coeliac disease", "--date", "2019-05-01", "--text", "Diagnosed privately"],
        &[
            "entry",
            "add",
            "medicine",
            "Ibuprofen 200mg tablets",
            "--dose",
            "2 tablets",
            "--how-often",
            "three times a day",
            "--why",
            "Back pain",
            "--type",
            "overTheCounter",
            "--date",
            "2026-10-01",
        ],
        &["entry", "add", "allergy", "Plasters", "--reaction", "Itchy rash"],
        &["entry", "add", "vaccination", "Yellow fever", "--date", "2018-02-03", "--country", "Kenya"],
        &["entry", "add", "procedure", "Wisdom tooth removed", "--date", "2010-07-07", "--why", "Infection"],
        &["entry", "add", "note", "After the clinic", "--text", "Felt dizzy after the new tablets."],
    ];
    adds.iter()
        .map(|args| {
            let saved = s.json(args);
            assert_eq!(saved["entry"]["addedBy"], "Added by you", "{saved}");
            saved["entry"]["entryId"].as_str().unwrap().to_owned()
        })
        .collect()
}

fn entries_of(list: &Value) -> Vec<Value> {
    list.get("entries").and_then(Value::as_array).or_else(|| list.as_array()).cloned().unwrap_or_default()
}

/// What an entry is, as lists show it, without what differs between vaults (its id, source).
fn shape(e: &Value) -> (String, String, String, String, String) {
    let s = |k: &str| e[k].as_str().unwrap_or_default().to_owned();
    (s("kind"), s("title"), s("date"), s("status"), s("addedBy"))
}

#[test]
fn own_entries_round_trip_through_a_fhir_export() {
    let s = Sandbox::with_person("Jane Doe", "1970-01-02");
    let ids = add_each(&s);
    assert_eq!(ids.len(), 6);

    let text = s.ok(&["entry", "list"]);
    assert!(text.contains("Ibuprofen 200mg tablets") && text.contains("(Added by you)"), "{text}");
    let list = s.json(&["record", "list", "--all"]);
    let before: Vec<_> = entries_of(&list).iter().map(shape).collect();
    assert_eq!(before.len(), 6, "{list}");
    assert!(before.iter().all(|e| e.4 == "Added by you"), "{before:?}");

    let out = s.path("export.json");
    s.ok(&["export", "fhir", "--out", out.to_str().unwrap()]);
    let bundle: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let resources: Vec<&Value> = bundle["entry"].as_array().unwrap().iter().map(|e| &e["resource"]).collect();
    let of = |t: &str| *resources.iter().find(|r| r["resourceType"] == t).unwrap_or_else(|| panic!("no {t}"));
    let patient = of("Condition")["subject"]["reference"].as_str().unwrap().to_owned();
    assert!(patient.starts_with("Patient/"));
    assert_eq!(of("Condition")["asserter"]["reference"], patient.as_str());
    assert_eq!(of("MedicationStatement")["informationSource"]["reference"], patient.as_str());
    assert_eq!(of("MedicationStatement")["category"]["coding"][0]["code"], "patientspecified");
    assert_eq!(of("MedicationStatement")["dosage"][0]["text"], "2 tablets, three times a day");
    assert_eq!(of("AllergyIntolerance")["recorder"]["reference"], patient.as_str());
    assert_eq!(of("AllergyIntolerance")["asserter"]["reference"], patient.as_str());
    assert_eq!(of("Immunization")["primarySource"], false);
    assert_eq!(of("Immunization")["reportOrigin"]["coding"][0]["code"], "recall");
    assert_eq!(of("Immunization")["location"]["display"], "Kenya");
    assert_eq!(of("Procedure")["asserter"]["reference"], patient.as_str());
    assert_eq!(of("DocumentReference")["author"][0]["reference"], patient.as_str());
    assert_eq!(of("DocumentReference")["type"]["coding"][0]["code"], "51855-5");
    for r in &resources {
        assert_eq!(r["meta"]["tag"][0]["system"], "urn:phr:fhir:tag:source", "{r}");
        assert_eq!(r["meta"]["tag"][0]["code"], "you", "{r}");
    }
    repo::assert_valid_fhir(&[&out], "own entries in a FHIR export");

    // Into a fresh vault: the same entries, still marked as the person's own.
    let fresh = Sandbox::with_person("Jane Doe", "1970-01-02");
    fresh.ok(&["import", "file", out.to_str().unwrap()]);
    let after: Vec<_> = entries_of(&fresh.json(&["record", "list", "--all"])).iter().map(shape).collect();
    let mut b = before.clone();
    let mut a = after.clone();
    b.sort();
    a.sort();
    assert_eq!(a, b);

    // And each resource says the same in full after the import, not only its title: the
    // medicine's dose and how often (its dosage text), why, the allergy's reaction, the
    // country a vaccination was given in. (Imported, they are entries of the record marked
    // as the person's; `phr entry list` holds only entries made in this vault.)
    let resources = |s: &Sandbox| -> std::collections::BTreeMap<String, Value> {
        entries_of(&s.json(&["record", "list", "--all"]))
            .iter()
            .map(|e| {
                let shown = s.json(&["record", "show", e["id"].as_str().unwrap()]);
                let raw: Value = serde_json::from_str(shown["rawJson"].as_str().unwrap()).unwrap();
                (raw["resourceType"].as_str().unwrap().to_owned(), raw)
            })
            .collect()
    };
    let (was, is) = (resources(&s), resources(&fresh));
    assert_eq!(is.len(), 6, "one of each kind: {:?}", is.keys());
    let field = |m: &std::collections::BTreeMap<String, Value>, t: &str, pointer: &str| {
        m[t].pointer(pointer).cloned().unwrap_or_else(|| panic!("{t} has no {pointer}: {}", m[t]))
    };
    for (t, pointer, expected) in [
        ("MedicationStatement", "/dosage/0/text", "2 tablets, three times a day"),
        ("MedicationStatement", "/reasonCode/0/text", "Back pain"),
        ("MedicationStatement", "/effectivePeriod/start", "2026-10-01"),
        ("AllergyIntolerance", "/reaction/0/manifestation/0/text", "Itchy rash"),
        ("Immunization", "/location/display", "Kenya"),
        ("Immunization", "/occurrenceDateTime", "2018-02-03"),
        ("Procedure", "/reasonCode/0/text", "Infection"),
    ] {
        assert_eq!(field(&was, t, pointer), expected, "{t} {pointer} as added");
        assert_eq!(field(&is, t, pointer), expected, "{t} {pointer} after the import");
    }
    for (t, r) in &is {
        let mut a = r.clone();
        let mut b = was[t].clone();
        for v in [&mut a, &mut b] {
            // The ids and the record's bookkeeping are each vault's own.
            let o = v.as_object_mut().unwrap();
            o.remove("id");
            o.remove("meta");
        }
        assert_eq!(a, b, "{t} is not the same after the import");
    }
}

#[test]
fn edit_delete_and_put_back() {
    let s = Sandbox::with_person("Jane Doe", "1970-01-02");
    let added = s.json(&["entry", "add", "medicine", "Vitamin D", "--type", "supplement", "--dose", "10 micrograms"]);
    let id = added["entry"]["entryId"].as_str().unwrap().to_owned();
    assert_eq!(added["entry"]["form"]["medicineType"], "supplement");

    let edited = s.json(&["entry", "edit", &id, "--how-often", "once a day", "--status", "past"]);
    assert_eq!(edited["entry"]["version"], 2);
    assert_eq!(edited["entry"]["form"]["dose"], "10 micrograms");
    assert_eq!(edited["entry"]["form"]["howOften"], "once a day");
    assert_eq!(edited["entry"]["form"]["status"], "past");
    let shown = s.json(&["record", "show", &id]);
    assert_eq!(shown["versions"], 2, "the earlier version is kept");

    let gone = s.json(&["entry", "delete", &id]);
    let token = gone["undoToken"].as_str().unwrap().to_owned();
    assert!(s.json(&["entry", "list"]).as_array().unwrap().is_empty());
    assert!(entries_of(&s.json(&["record", "list", "--all"])).is_empty());
    let back = s.json(&["entry", "restore", &token]);
    assert_eq!(back["entry"]["form"]["name"], "Vitamin D");
    assert_eq!(back["entry"]["form"]["howOften"], "once a day");
    assert_eq!(s.json(&["entry", "list"]).as_array().unwrap().len(), 1);
    s.fails(&["entry", "restore", &token], "NOTHING_TO_UNDO");
}

#[test]
fn problems_name_their_field() {
    let s = Sandbox::with_person("Jane Doe", "1970-01-02");
    let err = s.fails(&["entry", "add", "condition", "  "], "INVALID_INPUT");
    assert!(err.contains("Enter the condition"), "{err}");
    let err = s.fails(&["entry", "add", "allergy", "Penicillin", "--date", "2999-01-01"], "INVALID_INPUT");
    assert!(err.contains("must be today or in the past"), "{err}");
    let long = "x".repeat(201);
    let err = s.fails(&["entry", "add", "medicine", "Paracetamol", "--dose", &long], "INVALID_INPUT");
    assert!(err.contains("The dose must be 200 characters or fewer"), "{err}");
    s.fails(&["entry", "add", "potion", "Elixir"], "INVALID_INPUT");
    s.fails(&["entry", "add", "note", "Empty note"], "INVALID_INPUT");
}

#[test]
fn a_note_and_a_hide_leave_a_gp_entry_as_it_arrived() {
    let s = Sandbox::with_person("Jane Doe", "1970-01-02");
    let file = s.path("gp.json");
    let condition = r#"{"resourceType":"Condition","id":"c1","clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},"code":{"text":"Migraine"},"subject":{"reference":"Patient/p1"},"onsetDateTime":"2015-06-01"}"#;
    std::fs::write(&file, condition).unwrap();
    s.ok(&["import", "file", file.to_str().unwrap()]);
    let list = entries_of(&s.json(&["record", "list", "--all"]));
    let id = list[0]["id"].as_str().unwrap().to_owned();
    assert!(list[0].get("addedBy").is_none(), "a GP entry is not marked as the person's");
    let raw_before = s.json(&["record", "show", &id])["rawJson"].clone();

    let note = s.json(&["entry", "note", &id, "This was a misdiagnosis"]);
    assert_eq!(note["note"], "This was a misdiagnosis");
    let hide = s.json(&["entry", "hide", &id]);
    assert_eq!(hide["hidden"], true);
    let shown = s.json(&["record", "show", &id]);
    assert_eq!(shown["rawJson"], raw_before, "the resource's bytes are unchanged");
    assert_eq!(shown["yourNote"], "This was a misdiagnosis");
    assert_eq!(shown["versions"], 1);
    assert!(entries_of(&s.json(&["record", "list"])).is_empty(), "hidden from the timeline");
    assert_eq!(s.json(&["entry", "hidden"])["entries"][0]["id"], id.as_str());

    // Still exported, byte for byte.
    let out = s.path("export.json");
    s.ok(&["export", "fhir", "--out", out.to_str().unwrap()]);
    assert!(std::fs::read_to_string(&out).unwrap().contains(condition));

    s.json(&["entry", "hide", &id, "--unhide"]);
    assert_eq!(entries_of(&s.json(&["record", "list"])).len(), 1);
    s.json(&["entry", "note", &id, "--remove"]);
    assert!(s.json(&["record", "show", &id]).get("yourNote").is_none());
    // A GP entry is not the person's to edit or delete.
    s.fails(&["entry", "delete", &id], "ENTRY_NOT_FOUND");
}
