//! `phr import gp` against the demo practice started by the test (auto-approve, and
//! `PHR_BROWSER=http` so no browser opens): progress on stderr, the report on stdout.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

use std::path::Path;
use std::process::{Command, Output};

use phr_gp_sandbox::{Config, Faults, Sandbox};
use serde_json::Value;

const PASS: &str = "otter lantern gravel";

fn run(vault: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_phr"))
        .args(args)
        .env("PHR_VAULT_DIR", vault)
        .env("PHR_KDF_PROFILE", "floor")
        .env("PHR_PASSPHRASE", PASS)
        .env("PHR_BROWSER", "http")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

fn ok(vault: &Path, args: &[&str]) -> (String, String) {
    let out = run(vault, args);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "phr {args:?} failed: {stderr}");
    (String::from_utf8(out.stdout).unwrap(), stderr)
}

#[test]
fn imports_from_the_demo_practice() {
    let sandbox = Sandbox::start(Config { auto_approve: true, ..Config::default() }).unwrap();
    let louis = sandbox.patients()[1].clone();
    // The client names no one in the sign-in address: the demo practice is told whom to approve.
    sandbox.approve_as(Some(&louis.id));
    let tmp = tempfile::tempdir().unwrap();
    let vault = tmp.path().join("vault");
    ok(&vault, &["init", "--json"]);
    ok(
        &vault,
        &["person", "add", "--name", &louis.name, "--dob", &louis.birth_date, "--nhs-number", &louis.nhs_number],
    );

    let (stdout, stderr) = ok(&vault, &["import", "gp", "--url", sandbox.url()]);
    assert!(stdout.starts_with("Imported 2 files from Demo Practice (sandbox):"), "{stdout}");
    for stage in ["Finding your practice", "Sign in", "Downloaded 127 of 127", "Adding 127", "Imported:"] {
        assert!(stderr.contains(stage), "{stage:?} missing from the progress:\n{stderr}");
    }

    // Again, as JSON: nothing new.
    let (stdout, _) = ok(&vault, &["import", "gp", "--url", sandbox.url(), "--json"]);
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["added"], 0);
    assert_eq!(report["source"]["kind"], "gp");
    // The practice's ODS code, from the record: the sandbox's made-up demo practice.
    assert_eq!(report["source"]["odsCode"], phr_gp_sandbox::DEMO_PRACTICE_ODS_CODE);
    assert_eq!(report["files"].as_array().unwrap().len(), 2);

    // A practice that keeps failing: a clear error, exit code 1.
    sandbox.set_faults(Faults { error_500: 1000, ..Faults::default() });
    let out = run(&vault, &["import", "gp", "--url", sandbox.url()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("error[GP_SERVER_ERROR]: "), "{stderr}");
}

#[test]
fn refuses_an_insecure_address() {
    let tmp = tempfile::tempdir().unwrap();
    let vault = tmp.path().join("vault");
    ok(&vault, &["init", "--json"]);
    ok(&vault, &["person", "add", "--name", "Ada Lovelace", "--dob", "1948-07-05"]);
    let out = run(&vault, &["import", "gp", "--url", "http://gp.example/fhir"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("error[INVALID_INPUT]: ") && stderr.contains("https://"), "{stderr}");
}
