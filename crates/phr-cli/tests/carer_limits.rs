//! `phr person own-access set --person ID` and `phr carer limits --person ID --as-owner`: a
//! cared-for person sets their own password, then keeps sexual health private; what the carer
//! imports for that label is sealed for them and never listed to the carer.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

mod common;
use std::process::{Command, Output, Stdio};

use common::{PASS, Sandbox};
use serde_json::Value;

const OWN: &str = "kestrel pebble harbour";

/// `phr` with the person's own password (new or current) in the environment.
fn with_own(s: &Sandbox, args: &[&str], var: &str, password: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_phr"))
        .args(args)
        .env("PHR_VAULT_DIR", s.vault())
        .env("PHR_KDF_PROFILE", "floor")
        .env("PHR_PASSPHRASE", PASS)
        .env(var, password)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn json_of(out: &Output) -> Value {
    assert!(out.status.success(), "failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn titles(s: &Sandbox, id: &str) -> Vec<String> {
    let list = s.json(&["record", "list", "--all", "--person", id]);
    let entries =
        list.get("entries").and_then(Value::as_array).or_else(|| list.as_array()).cloned().unwrap_or_default();
    entries.iter().filter_map(|e| e["title"].as_str().map(str::to_owned)).collect()
}

#[test]
fn a_person_keeps_sexual_health_private_from_their_carer_from_the_command_line() {
    let s = Sandbox::new();
    s.ok(&["person", "add", "--name", "Sam Carer", "--dob", "1965-03-04", "--me"]);
    let karena = s.json(&[
        "person",
        "add",
        "--name",
        "Karena Pfeffer",
        "--dob",
        "1994-12-21",
        "--relationship",
        "daughter",
        "--basis",
        "consent",
    ]);
    let id = karena["id"].as_str().unwrap();

    let made = json_of(&with_own(
        &s,
        &["--json", "person", "own-access", "set", "--person", id],
        "PHR_NEW_OWN_PASSPHRASE",
        OWN,
    ));
    assert!(made["recoveryKey"].as_str().unwrap().contains('-'), "{made}");

    let limits = ["--json", "carer", "limits", "--person", id, "--as-owner", "--hide", "sexual_health"];
    let set = json_of(&with_own(&s, &limits, "PHR_OWNER_PASSPHRASE", OWN));
    assert_eq!(set["toPrivate"], 0, "{set}");

    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/synthea-r4-smart/Karena_Pfeffer_1f99a0cb-594b-476a-b9cb-502594c1ee6b.json"
    );
    s.ok(&["import", "file", "--person", id, fixture]);
    let shown = titles(&s, id);
    assert!(shown.iter().any(|t| t.starts_with("Acetaminophen")), "{shown:?}");
    assert!(!shown.iter().any(|t| t.contains("Camila") || t.contains("intrauterine")), "{shown:?}");

    // A wrong own password changes nothing.
    let wrong = with_own(&s, &limits, "PHR_OWNER_PASSPHRASE", "kestrel pebble harbor");
    assert!(!wrong.status.success());
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("OWN_PASSWORD_WRONG"));

    // Showing the label again brings everything back to the carer.
    let back = ["--json", "carer", "limits", "--person", id, "--as-owner", "--hide", "none"];
    let moved = json_of(&with_own(&s, &back, "PHR_OWNER_PASSPHRASE", OWN));
    assert!(moved["toRecord"].as_u64().unwrap() >= 10, "{moved}");
    assert!(titles(&s, id).iter().any(|t| t == "Camila 28 Day Pack"));

    // A label that cannot be hidden is refused, in words.
    let general = ["carer", "limits", "--person", id, "--as-owner", "--hide", "general"];
    let refused = with_own(&s, &general, "PHR_OWNER_PASSPHRASE", OWN);
    assert!(String::from_utf8_lossy(&refused.stderr).contains("INVALID_INPUT"));
}

#[test]
fn a_person_keeps_one_entry_private_by_its_id_from_the_command_line() {
    let s = Sandbox::new();
    s.ok(&["person", "add", "--name", "Sam Carer", "--dob", "1965-03-04", "--me"]);
    let karena = s.json(&[
        "person",
        "add",
        "--name",
        "Karena Pfeffer",
        "--dob",
        "1994-12-21",
        "--relationship",
        "daughter",
        "--basis",
        "consent",
    ]);
    let id = karena["id"].as_str().unwrap();
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/synthea-r4-smart/Karena_Pfeffer_1f99a0cb-594b-476a-b9cb-502594c1ee6b.json"
    );
    s.ok(&["import", "file", "--person", id, fixture]);
    json_of(&with_own(&s, &["--json", "person", "own-access", "set", "--person", id], "PHR_NEW_OWN_PASSPHRASE", OWN));

    // An entry whose title is the only one of its kind.
    let list = s.json(&["record", "list", "--all", "--person", id]);
    let entries =
        list.get("entries").and_then(Value::as_array).or_else(|| list.as_array()).cloned().unwrap_or_default();
    let all = titles(&s, id);
    let chosen = entries
        .iter()
        .find(|e| e["title"].as_str().is_some_and(|t| all.iter().filter(|o| *o == t).count() == 1))
        .expect("an entry with a title of its own");
    let (entry, title) = (chosen["id"].as_str().unwrap().to_owned(), chosen["title"].as_str().unwrap().to_owned());

    let limits = ["--json", "carer", "limits", "--person", id, "--as-owner", "--hide-entry", entry.as_str()];
    let set = json_of(&with_own(&s, &limits, "PHR_OWNER_PASSPHRASE", OWN));
    assert!(set["toPrivate"].as_u64().unwrap() >= 1, "{set}");
    assert!(set["message"].as_str().unwrap().contains("now private"), "{set}");
    assert!(!titles(&s, id).contains(&title), "{title} is still listed to the carer");

    // Without their own password, nothing is hidden.
    let wrong = with_own(&s, &limits, "PHR_OWNER_PASSPHRASE", "kestrel pebble harbor");
    assert!(!wrong.status.success());
}

/// Sam cares for Karena, who has her own password and keeps sexual health private; Sam has
/// imported her GP record (the pills and the coil are sealed for her). Returns her id.
fn karena_keeps_sexual_health_private(s: &Sandbox) -> String {
    s.ok(&["person", "add", "--name", "Sam Carer", "--dob", "1965-03-04", "--me"]);
    let karena = s.json(&[
        "person",
        "add",
        "--name",
        "Karena Pfeffer",
        "--dob",
        "1994-12-21",
        "--relationship",
        "daughter",
        "--basis",
        "consent",
    ]);
    let id = karena["id"].as_str().unwrap().to_owned();
    json_of(&with_own(s, &["--json", "person", "own-access", "set", "--person", &id], "PHR_NEW_OWN_PASSPHRASE", OWN));
    let limits = ["--json", "carer", "limits", "--person", &id, "--as-owner", "--hide", "sexual_health"];
    json_of(&with_own(s, &limits, "PHR_OWNER_PASSPHRASE", OWN));
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/synthea-r4-smart/Karena_Pfeffer_1f99a0cb-594b-476a-b9cb-502594c1ee6b.json"
    );
    s.ok(&["import", "file", "--person", &id, fixture]);
    id
}

#[test]
fn only_the_person_can_change_their_limits_and_the_carer_is_told_so() {
    let s = Sandbox::new();
    let id = karena_keeps_sexual_health_private(&s);

    // The carer, without her own password: refused in words that say who decides, how to open
    // her own access, and nothing moves.
    let stderr = s.fails(&["carer", "limits", "--person", &id, "--hide", "none"], "OWN_ACCESS_NEEDED");
    assert!(stderr.contains("Karena needs to open their own access first."), "{stderr}");
    assert!(stderr.contains("Only they can change"), "{stderr}");
    assert!(stderr.contains("--as-owner"), "{stderr}");
    assert!(!titles(&s, &id).iter().any(|t| t.contains("Camila")));

    // The refusal is in her log.
    let log = s.json(&["audit", "list", "--person", &id]);
    let actions: Vec<&str> =
        log[0]["entries"].as_array().unwrap().iter().filter_map(|e| e["action"].as_str()).collect();
    assert!(actions.contains(&"ownAccessRefused"), "{actions:?}");
}

#[test]
fn as_owner_works_on_any_command_and_opens_her_private_entries() {
    let s = Sandbox::new();
    let id = karena_keeps_sexual_health_private(&s);

    // Her private entries: only with her own access.
    let stderr = s.fails(&["record", "private", "--person", &id], "OWN_ACCESS_NEEDED");
    assert!(stderr.contains("--as-owner"), "{stderr}");
    let private = json_of(&with_own(
        &s,
        &["--json", "record", "private", "--person", &id, "--as-owner"],
        "PHR_OWNER_PASSPHRASE",
        OWN,
    ));
    let entries = private.as_array().unwrap();
    let camila = entries.iter().find(|e| e["title"] == "Camila 28 Day Pack").expect("the pills, private");
    let one = json_of(&with_own(
        &s,
        &["--json", "record", "private", camila["id"].as_str().unwrap(), "--person", &id, "--as-owner"],
        "PHR_OWNER_PASSPHRASE",
        OWN,
    ));
    assert!(one.to_string().contains("Camila"), "{one}");

    // Her own password from a file works the same; a wrong one opens nothing.
    let file = s.path("own.txt");
    std::fs::write(&file, format!("{OWN}\n")).unwrap();
    let from_file = s.json(&[
        "record",
        "private",
        "--person",
        &id,
        "--as-owner",
        "--owner-passphrase-file",
        file.to_str().unwrap(),
    ]);
    assert_eq!(from_file.as_array().unwrap().len(), entries.len());
    let wrong =
        with_own(&s, &["record", "private", "--person", &id, "--as-owner"], "PHR_OWNER_PASSPHRASE", "nope nope");
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("OWN_PASSWORD_WRONG"));

    // Any other command runs as her too (her record list is still hers without the private part).
    let listed = with_own(
        &s,
        &["--json", "record", "list", "--all", "--person", &id, "--as-owner"],
        "PHR_OWNER_PASSPHRASE",
        OWN,
    );
    assert!(listed.status.success(), "{}", String::from_utf8_lossy(&listed.stderr));

    // A command that opens no record refuses it.
    s.fails(&["practices", "load", "--as-owner", "x.csv"], "INVALID_INPUT");
}
