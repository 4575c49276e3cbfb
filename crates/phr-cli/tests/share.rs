//! `phr share create|open|list|revoke` and `phr key show` end to end through the binary: a
//! citizen shares, a professional with no vault opens it (with the code, or their age key), and
//! Debian's `age` decrypts a key-sealed package to the same files `phr share open --out` writes.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

#[path = "../../../tests/support/mod.rs"]
mod repo;

const PASS: &str = "otter lantern gravel";

fn run(vault: &Path, args: &[&str], passphrase: bool) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_phr"));
    cmd.args(args)
        .env("PHR_VAULT_DIR", vault)
        .env("PHR_KDF_PROFILE", "floor")
        .env_remove("PHR_NEW_PASSPHRASE")
        .env_remove("PHR_RECOVERY_KEY")
        .env_remove("PHR_ACCESS_CODE")
        .stdin(std::process::Stdio::null());
    if passphrase {
        cmd.env("PHR_PASSPHRASE", PASS);
    } else {
        cmd.env_remove("PHR_PASSPHRASE");
    }
    cmd.output().unwrap()
}

fn ok(vault: &Path, args: &[&str]) -> String {
    let out = run(vault, args, true);
    assert!(out.status.success(), "phr {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn json(vault: &Path, args: &[&str]) -> Value {
    let mut args = args.to_vec();
    args.push("--json");
    serde_json::from_str(&ok(vault, &args)).unwrap()
}

/// Runs as a professional: a vault folder that does not exist and no passphrase anywhere.
fn professional(dir: &Path, args: &[&str]) -> Output {
    run(&dir.join("professional/vault"), args, false)
}

fn fails(out: &Output, code: &str) -> String {
    let stderr = String::from_utf8(out.stderr.clone()).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.starts_with(&format!("error[{code}]: ")), "{stderr}");
    stderr
}

/// A vault holding Jane Doe with asthma, an inhaler, a glucose result and a blood pressure.
fn setup() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let vault = tmp.path().join("citizen/vault");
    json(&vault, &["init"]);
    json(&vault, &["person", "add", "--name", "Jane Doe", "--dob", "1970-01-02"]);
    let text = serde_json::json!({
        "resourceType": "Bundle", "type": "collection",
        "entry": [
            {"resource": {"resourceType": "Patient", "id": "p1",
                "name": [{"family": "Doe", "given": ["Jane"]}], "birthDate": "1970-01-02"}},
            {"resource": {"resourceType": "Condition", "id": "c1",
                "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active"}]},
                "code": {"coding": [{"system": "http://snomed.info/sct", "code": "195967001", "display": "Asthma"}], "text": "Asthma"},
                "subject": {"reference": "Patient/p1"}, "onsetDateTime": "2015-06-01"}},
            {"resource": {"resourceType": "Observation", "id": "o1", "status": "final",
                "code": {"coding": [{"system": "http://loinc.org", "code": "2339-0", "display": "Glucose"}], "text": "Glucose"},
                "subject": {"reference": "Patient/p1"}, "effectiveDateTime": "2020-02-03T09:30:00Z",
                "valueQuantity": {"value": 6.3, "unit": "mmol/L", "system": "http://unitsofmeasure.org", "code": "mmol/L"}}},
            {"resource": {"resourceType": "MedicationStatement", "id": "m1", "status": "active",
                "medicationCodeableConcept": {"text": "Salbutamol 100micrograms inhaler"},
                "subject": {"reference": "Patient/p1"}, "effectiveDateTime": "2019-01-01"}}
        ]
    });
    let file = tmp.path().join("jane.json");
    std::fs::write(&file, text.to_string()).unwrap();
    ok(&vault, &["import", "file", file.to_str().unwrap()]);
    ok(&vault, &["reading", "add", "bp", "128/82"]);
    (tmp, vault)
}

#[test]
fn a_citizen_shares_a_professional_opens_it_and_the_register_keeps_it() {
    let (tmp, vault) = setup();
    let out = tmp.path().join("for-sam.phr");
    let out_s = out.to_str().unwrap();
    let created = json(
        &vault,
        &[
            "share",
            "create",
            "--to",
            "Sam Patel",
            "--role",
            "Physiotherapist",
            "--purpose",
            "My knee",
            "--include",
            "problem,medication",
            "--readings",
            "bp",
            "--expires",
            "30d",
            "--out",
            out_s,
        ],
    );
    let code = created["accessCode"].as_str().unwrap().to_owned();
    assert_eq!(code.len(), 19, "{code}");
    let fingerprint = created["fingerprint"].as_str().unwrap().to_owned();
    let share_id = created["share"]["shareId"].as_str().unwrap().to_owned();
    assert_eq!(created["share"]["status"], "active");
    assert_eq!(created["share"]["slice"]["categories"], serde_json::json!(["problem", "medication"]));

    // The key's fingerprint is the one the package was signed with.
    assert_eq!(ok(&vault, &["key", "show"]).trim(), fingerprint);
    assert_eq!(json(&vault, &["key", "show"])["fingerprint"], fingerprint.as_str());

    // A professional with no vault and no passphrase opens it.
    let opened = professional(tmp.path(), &["share", "open", out_s, "--code", &code]);
    assert!(opened.status.success(), "{}", String::from_utf8_lossy(&opened.stderr));
    let text = String::from_utf8(opened.stdout).unwrap();
    for expected in ["Shared record of Jane Doe (born 2 Jan 1970)", &fingerprint, "For: Sam Patel, Physiotherapist"] {
        assert!(text.contains(expected), "{expected:?} in {text}");
    }
    for expected in ["Made by Jane Doe.", "Why: My knee", "Asthma", "Salbutamol", "128/82", "Left out: allergies"] {
        assert!(text.contains(expected), "{expected:?} in {text}");
    }
    assert!(!text.contains("Glucose"), "results were not chosen: {text}");
    assert!(!tmp.path().join("professional/vault").exists(), "opening made no vault");
    assert!(tmp.path().join("professional/packages-opened.jsonl").exists());

    let wrong = professional(tmp.path(), &["share", "open", out_s, "--code", "ABCD-EFGH-JKMN-PQRS"]);
    fails(&wrong, "SHARE_WRONG_CODE");
    let with_env = Command::new(env!("CARGO_BIN_EXE_phr"))
        .args(["share", "open", out_s, "--json"])
        .env("PHR_VAULT_DIR", tmp.path().join("professional/vault"))
        .env("PHR_ACCESS_CODE", code.to_lowercase().replace('-', " "))
        .env_remove("PHR_PASSPHRASE")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(with_env.status.success(), "{}", String::from_utf8_lossy(&with_env.stderr));
    let j: Value = serde_json::from_slice(&with_env.stdout).unwrap();
    assert_eq!(j["opened"]["shareId"], share_id.as_str());
    assert_eq!(j["opened"]["fingerprint"], fingerprint.as_str());

    let list = json(&vault, &["share", "list"]);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["shareId"], share_id.as_str());
    assert!(ok(&vault, &["share", "list"]).contains("active"));

    fails(&run(&vault, &["share", "revoke", &share_id], true), "CONFIRMATION_REQUIRED");
    assert_eq!(json(&vault, &["share", "list"])[0]["status"], "active");
    let revoked = json(&vault, &["share", "revoke", &share_id, "--yes"]);
    assert_eq!(revoked["status"], "revoked");
    assert!(ok(&vault, &["share", "list"]).contains("revoked"));
    let audit = ok(&vault, &["audit", "list"]);
    assert!(audit.contains("shareCreated") && audit.contains("shareRevoked"), "{audit}");
}

/// "Current medications and the last six months of blood pressure": readings have a range of
/// their own, so entries of any date stay in while an older reading is left out.
#[test]
fn readings_may_have_their_own_range() {
    let (tmp, vault) = setup();
    ok(&vault, &["reading", "add", "bp", "141/91", "--at", "2024-03-01T08:00:00Z"]);
    let out = tmp.path().join("recent.phr");
    let out_s = out.to_str().unwrap();
    let args = ["--include", "problem,medication", "--readings", "bp", "--expires", "30d", "--out", out_s];
    let mut create = vec!["share", "create", "--to", "Sam Patel", "--purpose", "My knee", "--readings-from", "6m"];
    create.extend(args);
    let created = json(&vault, &create);
    assert!(created["share"]["slice"]["from"].is_null(), "entries of any date: {created}");
    let code = created["accessCode"].as_str().unwrap().to_owned();
    let opened = professional(tmp.path(), &["share", "open", out_s, "--code", &code]);
    assert!(opened.status.success(), "{}", String::from_utf8_lossy(&opened.stderr));
    let text = String::from_utf8(opened.stdout).unwrap();
    assert!(text.contains("128/82") && text.contains("Asthma"), "{text}");
    assert!(!text.contains("141/91"), "the 2024 reading is older than six months: {text}");
}

#[test]
fn a_request_is_checked_and_nothing_is_written() {
    let (tmp, vault) = setup();
    let out = tmp.path().join("never.phr");
    let out_s = out.to_str().unwrap();
    let base = ["share", "create", "--to", "Sam", "--purpose", "Knee", "--out", out_s];
    let cases: [(&[&str], &str); 5] = [
        (&["--include", "problem", "--expires", "soon"], "INVALID_INPUT"),
        (&["--include", "problem", "--expires", "3y"], "INVALID_INPUT"),
        (&["--include", "gossip", "--expires", "30d"], "INVALID_INPUT"),
        (&["--readings", "mood-ring", "--expires", "30d"], "UNKNOWN_READING_KIND"),
        (&["--include-sensitive", "mental_health", "--expires", "30d"], "SHARE_NOTHING_SELECTED"),
    ];
    for (extra, code) in cases {
        let args: Vec<&str> = base.iter().chain(extra).copied().collect();
        fails(&run(&vault, &args, true), code);
        assert!(!out.exists());
    }
    let mut two_names: Vec<&str> = base.to_vec();
    two_names.extend(["--to", "Alex", "--include", "problem", "--expires", "30d"]);
    fails(&run(&vault, &two_names, true), "INVALID_INPUT");
    // A dated --to is the end of the range.
    let mut dated: Vec<&str> = base.to_vec();
    dated.extend(["--from", "2014-01-01", "--to", "2016-01-01", "--include", "problem,medication", "--expires", "6w"]);
    let created = json(&vault, &dated);
    assert_eq!(created["share"]["slice"]["to"], "2016-01-01");
    assert_eq!(created["share"]["recipient"]["name"], "Sam");
    assert_eq!(created["share"]["entries"], 1, "only the asthma falls in 2014-2015");
}

/// Runs `age-keygen` into `path`, returning the public key.
fn age_keygen(keygen: &Path, path: &Path) -> String {
    let out = Command::new(keygen).arg("-o").arg(path).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(path).unwrap();
    text.lines().find_map(|l| l.strip_prefix("# public key: ")).unwrap().to_owned()
}

#[test]
fn age_decrypts_a_key_sealed_package_to_the_files_phr_writes() {
    // The reference age tools and tar, as a professional would use them.
    let what = "age opening a package phr sealed to an age-keygen key";
    let (Some(keygen), Some(age), Some(tar_tool)) =
        (repo::tool("age-keygen", what), repo::tool("age", what), repo::tool("tar", what))
    else {
        return;
    };
    let (tmp, vault) = setup();
    let identity = tmp.path().join("sam-key.txt");
    let public = age_keygen(&keygen, &identity);
    let pkg = tmp.path().join("for-sam.phr");
    let created = json(
        &vault,
        &[
            "share",
            "create",
            "--to",
            "Sam Patel",
            "--recipient-key",
            &public,
            "--purpose",
            "Knee",
            "--include",
            "problem",
            "--expires",
            "1y",
            "--out",
            pkg.to_str().unwrap(),
        ],
    );
    assert_eq!(created["accessCode"], Value::Null);
    assert_eq!(created["share"]["sealedTo"], "key");

    let phr_out = tmp.path().join("phr-out");
    let opened = professional(
        tmp.path(),
        &[
            "share",
            "open",
            pkg.to_str().unwrap(),
            "--identity",
            identity.to_str().unwrap(),
            "--out",
            phr_out.to_str().unwrap(),
        ],
    );
    assert!(opened.status.success(), "{}", String::from_utf8_lossy(&opened.stderr));
    assert!(String::from_utf8_lossy(&opened.stdout).contains("NOT encrypted"));
    let refused = professional(tmp.path(), &["share", "open", pkg.to_str().unwrap(), "--code", "ABCD-EFGH-JKMN-PQRS"]);
    fails(&refused, "SHARE_NOT_FOR_YOU");

    let tar = tmp.path().join("pkg.tar");
    let age = Command::new(age)
        .args(["--decrypt", "-i", identity.to_str().unwrap(), "-o", tar.to_str().unwrap(), pkg.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(age.status.success(), "age: {}", String::from_utf8_lossy(&age.stderr));
    let age_out = tmp.path().join("age-out");
    std::fs::create_dir(&age_out).unwrap();
    let untar = Command::new(tar_tool).arg("-xf").arg(&tar).arg("-C").arg(&age_out).output().unwrap();
    assert!(untar.status.success(), "tar: {}", String::from_utf8_lossy(&untar.stderr));
    for name in ["manifest.json", "manifest.sig", "record.json", "summary.html"] {
        assert!(age_out.join(name).exists(), "{name} in the package");
    }
    for name in ["record.json", "summary.html", "manifest.json", "manifest.sig"] {
        assert_eq!(
            std::fs::read(age_out.join(name)).unwrap(),
            std::fs::read(phr_out.join(name)).unwrap(),
            "{name} from age equals {name} from phr share open --out"
        );
    }
}

#[test]
fn a_share_made_with_ips_holds_an_international_patient_summary() {
    let (tmp, vault) = setup();
    let out = tmp.path().join("with-ips.phr");
    let out_s = out.to_str().unwrap();
    let args =
        ["share", "create", "--to", "Sam Patel", "--purpose", "My knee", "--include", "problem,medication", "--ips"];
    let mut create = args.to_vec();
    create.extend(["--expires", "30d", "--out", out_s]);
    let created = json(&vault, &create);
    let code = created["accessCode"].as_str().unwrap().to_owned();
    let files = tmp.path().join("opened");
    let opened = professional(tmp.path(), &["share", "open", out_s, "--code", &code, "--out", files.to_str().unwrap()]);
    assert!(opened.status.success(), "{}", String::from_utf8_lossy(&opened.stderr));
    let ips: Value = serde_json::from_str(&std::fs::read_to_string(files.join("ips.json")).unwrap()).unwrap();
    assert_eq!(ips["type"], "document");
    assert_eq!(ips["entry"][0]["resource"]["type"]["coding"][0]["code"], "60591-5");
    let ips_text = ips.to_string();
    assert!(ips_text.contains("Asthma") && ips_text.contains("Salbutamol"), "what is shared is in it");
    assert!(!ips_text.contains("Glucose"), "a result was not shared: {ips_text}");

    // Without --ips there is none.
    let plain = tmp.path().join("plain.phr");
    let mut create = args[..args.len() - 1].to_vec();
    create.extend(["--expires", "30d", "--out", plain.to_str().unwrap()]);
    let code = json(&vault, &create)["accessCode"].as_str().unwrap().to_owned();
    let files = tmp.path().join("opened-plain");
    let opened = professional(
        tmp.path(),
        &["share", "open", plain.to_str().unwrap(), "--code", &code, "--out", files.to_str().unwrap()],
    );
    assert!(opened.status.success(), "{}", String::from_utf8_lossy(&opened.stderr));
    assert!(!files.join("ips.json").exists());
}
