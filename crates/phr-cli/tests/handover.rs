//! `phr handover create|accept|confirm` end to end, and each side killed part-way (SIGKILL)
//! losing nothing: the carer's vault keeps the person whole until the receipt, a receiving
//! folder is either untouched or a whole vault, and the package is only ever read.
//!
//! The crash loops take their count from `PHR_CRASH_LOOPS` (20 unless set; `cargo xtask test`
//! sets CI's figure, as for tests/crash.rs): a quarter of it per step, at least 2. More by
//! hand: `PHR_CRASH_LOOPS=200 cargo nextest run -p phr-cli --test handover`.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const PASS: &str = "otter lantern gravel";
const NEW_PASS: &str = "copper meadow violin";

fn phr(vault: &Path, env: &[(&str, &str)], args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_phr"));
    cmd.args(args)
        .env("PHR_VAULT_DIR", vault)
        .env("PHR_KDF_PROFILE", "floor")
        .env_remove("PHR_PASSPHRASE")
        .env_remove("PHR_NEW_PASSPHRASE")
        .env_remove("PHR_RECOVERY_KEY")
        .env_remove("PHR_HANDOVER_CODE")
        .stdin(Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd
}

fn run(vault: &Path, pass: &str, args: &[&str]) -> Output {
    phr(vault, &[("PHR_PASSPHRASE", pass)], args).output().unwrap()
}

fn ok(vault: &Path, pass: &str, args: &[&str]) -> Value {
    let mut args = args.to_vec();
    args.push("--json");
    let out = run(vault, pass, &args);
    assert!(out.status.success(), "phr {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn fails(vault: &Path, pass: &str, args: &[&str], code: &str) {
    let out = run(vault, pass, args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "phr {args:?}: {stderr}");
    assert!(stderr.starts_with(&format!("error[{code}]: ")), "phr {args:?}: {stderr}");
}

fn fhir() -> String {
    json!({
        "resourceType": "Bundle", "type": "collection",
        "entry": [
            {"fullUrl": "urn:uuid:11111111-1111-4111-8111-111111111111", "resource": {
                "resourceType": "Patient", "id": "p1",
                "name": [{"family": "Doe", "given": ["Emma"]}], "birthDate": "2010-01-02"}},
            {"fullUrl": "urn:uuid:22222222-2222-4222-8222-222222222222", "resource": {
                "resourceType": "Condition", "id": "c1",
                "code": {"coding": [{"system": "http://snomed.info/sct", "code": "195967001", "display": "Asthma"}], "text": "Asthma"},
                "subject": {"reference": "urn:uuid:11111111-1111-4111-8111-111111111111"},
                "onsetDateTime": "2015-06-01"}}
        ]
    })
    .to_string()
}

/// A carer's vault (Sarah, "me") with Emma, whom she cares for: a record and a reading.
struct Carer {
    tmp: tempfile::TempDir,
    vault: PathBuf,
    emma: String,
}

fn carer() -> Carer {
    let tmp = tempfile::tempdir().unwrap();
    let vault = tmp.path().join("carer");
    ok(&vault, PASS, &["init"]);
    ok(&vault, PASS, &["person", "add", "--name", "Sarah Doe", "--dob", "1980-03-04", "--me"]);
    let emma = ok(
        &vault,
        PASS,
        &[
            "person",
            "add",
            "--name",
            "Emma Doe",
            "--dob",
            "2010-01-02",
            "--relationship",
            "daughter",
            "--basis",
            "consent",
        ],
    )["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let file = tmp.path().join("emma.json");
    std::fs::write(&file, fhir()).unwrap();
    ok(&vault, PASS, &["import", "file", file.to_str().unwrap(), "--person", &emma]);
    ok(&vault, PASS, &["reading", "add", "heart-rate", "72", "--at", "2026-11-20T08:00:00Z", "--person", &emma]);
    Carer { tmp, vault, emma }
}

/// What must survive a handover unchanged: the person's entries and readings.
fn record_of(vault: &Path, pass: &str, id: &str) -> (Value, Value) {
    let entries = ok(vault, pass, &["record", "list", "--all", "--person", id]);
    let readings = ok(vault, pass, &["reading", "list", "--person", id]);
    (entries, readings)
}

fn people(vault: &Path, pass: &str) -> Vec<Value> {
    ok(vault, pass, &["person", "list"]).as_array().unwrap().clone()
}

fn accept(target: &Path, package: &Path, code: &str) -> Command {
    let mut c = phr(target, &[("PHR_PASSPHRASE", NEW_PASS)], &["handover", "accept", package.to_str().unwrap()]);
    c.args(["--code", code, "--json"]);
    c
}

#[test]
fn a_record_is_handed_over_and_removed_only_after_its_receipt() {
    let c = carer();
    let before = record_of(&c.vault, PASS, &c.emma);
    let out = c.tmp.path().join("emma.phrhandover");
    let made = ok(&c.vault, PASS, &["handover", "create", "--person", &c.emma, "--out", out.to_str().unwrap()]);
    let code = made["code"].as_str().unwrap().to_owned();
    assert_eq!(made["personId"], c.emma.as_str());
    assert!(out.is_file());

    // Into an empty --vault-dir only; a wrong code writes nothing.
    let target = c.tmp.path().join("emma-vault");
    let wrong = if code.starts_with('0') { "1" } else { "0" };
    let out_wrong = accept(&target, &out, &format!("{wrong}{}", &code[1..])).output().unwrap();
    assert_eq!(out_wrong.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out_wrong.stderr);
    assert!(
        stderr.starts_with("error[HANDOVER_CODE_MALFORMED]") || stderr.starts_with("error[HANDOVER_WRONG_CODE]"),
        "{stderr}"
    );
    assert!(!target.exists());

    let got = accept(&target, &out, &code.to_lowercase()).output().unwrap();
    assert!(got.status.success(), "{}", String::from_utf8_lossy(&got.stderr));
    let got: Value = serde_json::from_slice(&got.stdout).unwrap();
    let receipt = got["receipt"].as_str().unwrap().to_owned();
    assert_eq!(receipt.len(), 9);
    assert_eq!(got["recoveryKey"].as_str().unwrap().len(), 33);

    // The new vault opens with the new passphrase and holds Emma's record, as "me".
    let theirs = people(&target, NEW_PASS);
    assert_eq!(theirs.len(), 1);
    assert_eq!(theirs[0]["name"], "Emma Doe");
    assert_eq!(theirs[0]["role"]["kind"], "me");
    assert_eq!(record_of(&target, NEW_PASS, &c.emma), before);
    let verified = ok(&target, NEW_PASS, &["audit", "verify"]);
    assert_eq!(verified[0]["ok"], true, "{verified}");
    fails(&target, PASS, &["person", "list"], "WRONG_PASSPHRASE");

    // The carer still has Emma until the right receipt.
    assert_eq!(people(&c.vault, PASS).len(), 2);
    fails(
        &c.vault,
        PASS,
        &["handover", "confirm", "--person", &c.emma, "--receipt", "ZZZZ-ZZZZ"],
        "HANDOVER_RECEIPT_WRONG",
    );
    assert_eq!(record_of(&c.vault, PASS, &c.emma), before);
    let done = ok(&c.vault, PASS, &["handover", "confirm", "--person", &c.emma, "--receipt", &receipt]);
    assert_eq!(done["removed"], true);
    let left = people(&c.vault, PASS);
    assert_eq!(left.len(), 1);
    assert_eq!(left[0]["name"], "Sarah Doe");
    // Emma's own vault is untouched by that.
    assert_eq!(record_of(&target, NEW_PASS, &c.emma), before);
}

#[test]
fn the_receipt_is_printed_again_until_it_was_given() {
    let c = carer();
    let out = c.tmp.path().join("emma.phrhandover");
    let made = ok(&c.vault, PASS, &["handover", "create", "--person", &c.emma, "--out", out.to_str().unwrap()]);
    let target = c.tmp.path().join("emma-vault");
    let got = accept(&target, &out, made["code"].as_str().unwrap()).output().unwrap();
    assert!(got.status.success(), "{}", String::from_utf8_lossy(&got.stderr));
    let got: Value = serde_json::from_slice(&got.stdout).unwrap();
    let receipt = got["receipt"].as_str().unwrap().to_owned();

    // Each run of phr opens the vault afresh: the code is still there.
    let again = ok(&target, NEW_PASS, &["handover", "receipt", "--person", &c.emma]);
    assert_eq!(again["receipt"], receipt.as_str());
    let words = run(&target, NEW_PASS, &["handover", "receipt", "--person", &c.emma]);
    let words = String::from_utf8_lossy(&words.stdout);
    assert!(words.contains(&format!("Give this receipt code to Sarah: {receipt}")), "{words}");

    let given = ok(&target, NEW_PASS, &["handover", "receipt", "--person", &c.emma, "--given"]);
    assert_eq!(given["given"], true);
    let after = ok(&target, NEW_PASS, &["handover", "receipt", "--person", &c.emma]);
    assert_eq!(after["receipt"], Value::Null);
}

// ---------------------------------------------------------------------------------------------
// Killed part-way

/// Kills per step: a quarter of `PHR_CRASH_LOOPS` (20 unless set), at least 2. Each run seals
/// or opens a package (scrypt) and unlocks a vault, so a handover run costs about ten of the
/// other write paths' runs.
fn loops() -> usize {
    let n: usize = std::env::var("PHR_CRASH_LOOPS").ok().and_then(|n| n.trim().parse().ok()).unwrap_or(20);
    (n / 4).max(2)
}

/// SplitMix64, seeded from `PHR_CRASH_SEED` or the time (printed, to replay a failure).
struct Rng(u64);

impl Rng {
    fn new(name: &str) -> (Self, u64) {
        let seed = std::env::var("PHR_CRASH_SEED").ok().and_then(|s| s.trim().parse().ok()).unwrap_or_else(|| {
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |d| d.as_nanos() as u64)
        });
        let mixed = name.bytes().fold(seed, |h, b| h.rotate_left(5) ^ u64::from(b));
        (Self(mixed), seed)
    }

    fn unit(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Runs `cmd`, killing it after `delay` unless it finished first; whether it was killed.
fn kill_after(mut cmd: Command, delay: Duration) -> bool {
    let mut child = cmd.stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    let deadline = Instant::now() + delay;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let _ = status;
            return false;
        }
        if Instant::now() >= deadline {
            child.kill().unwrap(); // SIGKILL on unix
            child.wait().unwrap();
            return true;
        }
        std::thread::sleep(Duration::from_micros(300));
    }
}

fn timed(mut cmd: Command) -> Duration {
    let started = Instant::now();
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    started.elapsed()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Runs `make` killed at random points over its measured duration, `loops()` kills, checking
/// each run with `check` (given the run's number and whether it was killed).
fn crash_loop(name: &str, duration: Duration, mut make: impl FnMut(usize) -> Command, mut check: impl FnMut(usize)) {
    let (mut rng, seed) = Rng::new(name);
    let (mut kills, mut run) = (0, 0);
    while kills < loops() && run < loops() * 4 {
        let delay = Duration::from_secs_f64(rng.unit() * duration.as_secs_f64() * 1.1);
        if kill_after(make(run), delay) {
            kills += 1;
        }
        check(run);
        run += 1;
    }
    eprintln!("{name}: {kills} kills in {run} runs (command {} ms; PHR_CRASH_SEED={seed})", duration.as_millis());
    assert_eq!(kills, loops(), "{name}: too few runs were killed before they finished");
}

#[test]
fn a_handover_killed_part_way_on_either_side_loses_nothing() {
    let c = carer();
    let before = record_of(&c.vault, PASS, &c.emma);
    let runs = c.tmp.path().join("runs");

    // The carer's side: the vault keeps Emma whole; a package, if there, is whole.
    let out = c.tmp.path().join("first.phrhandover");
    let create = |vault: &Path, out: &Path| {
        phr(
            vault,
            &[("PHR_PASSPHRASE", PASS)],
            &["handover", "create", "--person", &c.emma, "--out", out.to_str().unwrap()],
        )
    };
    let took = timed(create(&c.vault, &out));
    crash_loop(
        "handover create",
        took,
        |n| {
            let dir = runs.join(format!("create-{n}"));
            copy_dir(&c.vault, &dir.join("vault"));
            create(&dir.join("vault"), &dir.join("package"))
        },
        |n| {
            let dir = runs.join(format!("create-{n}"));
            assert_eq!(record_of(&dir.join("vault"), PASS, &c.emma), before, "run {n}");
            assert_eq!(people(&dir.join("vault"), PASS).len(), 2, "run {n}");
            std::fs::remove_dir_all(&dir).unwrap();
        },
    );

    // A package made whole, and its code, for the other two sides.
    let package = c.tmp.path().join("emma.phrhandover");
    let made = ok(&c.vault, PASS, &["handover", "create", "--person", &c.emma, "--out", package.to_str().unwrap()]);
    let code = made["code"].as_str().unwrap().to_owned();
    let package_bytes = std::fs::read(&package).unwrap();

    // The person's side: the folder is untouched (and a second try works) or a whole vault.
    let took = timed(accept(&c.tmp.path().join("timing"), &package, &code));
    crash_loop(
        "handover accept",
        took,
        |n| accept(&runs.join(format!("accept-{n}")).join("vault"), &package, &code),
        |n| {
            let target = runs.join(format!("accept-{n}")).join("vault");
            assert_eq!(std::fs::read(&package).unwrap(), package_bytes, "run {n}: the package changed");
            if !target.join("vault.key").exists() {
                assert!(target.read_dir().map_or(true, |mut d| d.next().is_none()), "run {n}: a half-made vault");
                let again = accept(&target, &package, &code).output().unwrap();
                assert!(again.status.success(), "run {n}: {}", String::from_utf8_lossy(&again.stderr));
            }
            assert_eq!(record_of(&target, NEW_PASS, &c.emma), before, "run {n}");
            // A half-made vault a killed run left beside the folder is gone after the next one.
            let stray: Vec<_> = std::fs::read_dir(runs.join(format!("accept-{n}")))
                .unwrap()
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().starts_with(".vault.handover."))
                .collect();
            assert!(stray.is_empty(), "run {n}: a half-made vault was left: {stray:?}");
            std::fs::remove_dir_all(runs.join(format!("accept-{n}"))).unwrap();
        },
    );

    // The carer's side again, confirming: Emma is there whole (and the receipt still works)
    // or gone; never half.
    let target = c.tmp.path().join("received");
    let got: Value = serde_json::from_slice(&accept(&target, &package, &code).output().unwrap().stdout).unwrap();
    let receipt = got["receipt"].as_str().unwrap().to_owned();
    let confirm = |vault: &Path| {
        phr(vault, &[("PHR_PASSPHRASE", PASS)], &["handover", "confirm", "--person", &c.emma, "--receipt", &receipt])
    };
    let scratch = c.tmp.path().join("timing-confirm");
    copy_dir(&c.vault, &scratch);
    let took = timed(confirm(&scratch));
    crash_loop(
        "handover confirm",
        took,
        |n| {
            let dir = runs.join(format!("confirm-{n}"));
            copy_dir(&c.vault, &dir);
            confirm(&dir)
        },
        |n| {
            let dir = runs.join(format!("confirm-{n}"));
            let names: Vec<String> =
                people(&dir, PASS).iter().map(|p| p["name"].as_str().unwrap().to_owned()).collect();
            if names.len() == 2 {
                assert_eq!(record_of(&dir, PASS, &c.emma), before, "run {n}");
                let again = confirm(&dir).output().unwrap();
                assert!(again.status.success(), "run {n}: {}", String::from_utf8_lossy(&again.stderr));
            }
            assert_eq!(people(&dir, PASS).len(), 1, "run {n}");
            std::fs::remove_dir_all(&dir).unwrap();
        },
    );
    // The received vault was never touched by any of it.
    assert_eq!(record_of(&target, NEW_PASS, &c.emma), before);
}

// ---------------------------------------------------------------------------------------------
// Someone with their own password and a private part

const OWN: &str = "kestrel pebble harbour";

/// `phr … --json` as the person (`--as-owner`, their own password in the environment).
fn as_owner(vault: &Path, pass: &str, args: &[&str]) -> Value {
    let mut args = args.to_vec();
    args.extend(["--as-owner", "--json"]);
    let out = phr(vault, &[("PHR_PASSPHRASE", pass), ("PHR_OWNER_PASSPHRASE", OWN)], &args).output().unwrap();
    assert!(out.status.success(), "phr {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn titles(list: &Value) -> Vec<String> {
    let mut t: Vec<String> =
        list.as_array().unwrap().iter().map(|e| e["title"].as_str().unwrap_or_default().to_owned()).collect();
    t.sort();
    t
}

/// The carer's vault, with Emma's own password set and her asthma kept private from Sarah.
/// The titles of her whole record, before anything was private.
fn carer_with_private() -> (Carer, Vec<String>) {
    let c = carer();
    let whole = titles(&ok(&c.vault, PASS, &["record", "list", "--all", "--person", &c.emma]));
    let set = phr(
        &c.vault,
        &[("PHR_PASSPHRASE", PASS), ("PHR_NEW_OWN_PASSPHRASE", OWN)],
        &["person", "own-access", "set", "--person", &c.emma],
    )
    .output()
    .unwrap();
    assert!(set.status.success(), "{}", String::from_utf8_lossy(&set.stderr));
    let list = ok(&c.vault, PASS, &["record", "list", "--all", "--person", &c.emma]);
    let asthma =
        list.as_array().unwrap().iter().find(|e| e["title"] == "Asthma").unwrap()["id"].as_str().unwrap().to_owned();
    as_owner(&c.vault, PASS, &["carer", "limits", "--person", &c.emma, "--hide-entry", &asthma]);
    assert!(!titles(&ok(&c.vault, PASS, &["record", "list", "--all", "--person", &c.emma])).contains(&"Asthma".into()));
    (c, whole)
}

/// What the carer's vault must keep of Emma: what Sarah sees, and her private part.
fn kept_with_private(vault: &Path, id: &str) -> (Value, Value, Vec<String>) {
    let (entries, readings) = record_of(vault, PASS, id);
    (entries, readings, titles(&as_owner(vault, PASS, &["record", "private", "--person", id])))
}

#[test]
fn a_record_with_a_private_part_is_handed_over_as_its_owner_and_arrives_whole() {
    let (c, whole) = carer_with_private();
    let out = c.tmp.path().join("emma.phrhandover");
    let path = out.to_str().unwrap();

    // Her private part goes only with her own access open.
    let refused = run(&c.vault, PASS, &["handover", "create", "--person", &c.emma, "--out", path]);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.starts_with("error[OWN_ACCESS_NEEDED]: "), "{stderr}");
    assert!(stderr.contains("--as-owner"), "{stderr}");
    assert!(!out.exists());

    let made = as_owner(&c.vault, PASS, &["handover", "create", "--person", &c.emma, "--out", path]);
    let target = c.tmp.path().join("emma-vault");
    let got = accept(&target, &out, made["code"].as_str().unwrap()).output().unwrap();
    assert!(got.status.success(), "{}", String::from_utf8_lossy(&got.stderr));

    // In her own vault, her own password brings the asthma back: the record is whole.
    let list = ["record", "list", "--all", "--person", c.emma.as_str()];
    assert_eq!(titles(&as_owner(&target, NEW_PASS, &list)), whole);
    assert_eq!(titles(&ok(&target, NEW_PASS, &["record", "list", "--all", "--person", &c.emma])), whole);
}

#[test]
fn a_handover_with_a_private_part_killed_part_way_loses_nothing() {
    let (c, whole) = carer_with_private();
    let before = kept_with_private(&c.vault, &c.emma);
    assert_eq!(before.2, vec!["Asthma".to_owned()]);
    let runs = c.tmp.path().join("runs");
    let create = |vault: &Path, out: &Path| {
        phr(
            vault,
            &[("PHR_PASSPHRASE", PASS), ("PHR_OWNER_PASSPHRASE", OWN)],
            &["handover", "create", "--person", &c.emma, "--as-owner", "--out", out.to_str().unwrap()],
        )
    };

    // The carer's side: Emma stays whole, private part included.
    // The shorter of two runs: the first can be slowed by whatever else the machine does.
    let took = timed(create(&c.vault, &c.tmp.path().join("first.phrhandover")))
        .min(timed(create(&c.vault, &c.tmp.path().join("second.phrhandover"))));
    crash_loop(
        "handover create as owner",
        took,
        |n| {
            let dir = runs.join(format!("create-{n}"));
            copy_dir(&c.vault, &dir.join("vault"));
            create(&dir.join("vault"), &dir.join("package"))
        },
        |n| {
            let dir = runs.join(format!("create-{n}"));
            assert_eq!(kept_with_private(&dir.join("vault"), &c.emma), before, "run {n}");
            std::fs::remove_dir_all(&dir).unwrap();
        },
    );

    // Her side: a folder untouched (a second try works) or a whole vault, private part in it.
    let package = c.tmp.path().join("emma.phrhandover");
    let made = timed_json(create(&c.vault, &package));
    let code = made["code"].as_str().unwrap().to_owned();
    let took = timed(accept(&c.tmp.path().join("timing"), &package, &code));
    crash_loop(
        "handover accept with a private part",
        took,
        |n| accept(&runs.join(format!("accept-{n}")).join("vault"), &package, &code),
        |n| {
            let target = runs.join(format!("accept-{n}")).join("vault");
            if !target.join("vault.key").exists() {
                let again = accept(&target, &package, &code).output().unwrap();
                assert!(again.status.success(), "run {n}: {}", String::from_utf8_lossy(&again.stderr));
            }
            let list = ["record", "list", "--all", "--person", c.emma.as_str()];
            assert_eq!(titles(&as_owner(&target, NEW_PASS, &list)), whole, "run {n}");
            assert_eq!(titles(&ok(&target, NEW_PASS, &list)), whole, "run {n}");
            std::fs::remove_dir_all(runs.join(format!("accept-{n}"))).unwrap();
        },
    );
    assert_eq!(kept_with_private(&c.vault, &c.emma), before);
}

fn timed_json(mut cmd: Command) -> Value {
    let out = cmd.arg("--json").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}
