//! The `phr` binary end to end: each command's success and failure paths, `--json`, exit codes.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const PASS: &str = "otter lantern gravel";
const NEW_PASS: &str = "copper meadow violin";

/// A scratch vault folder and a way to run `phr` against it.
struct Sandbox {
    tmp: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Self {
        Self { tmp: tempfile::tempdir().unwrap() }
    }

    fn vault(&self) -> PathBuf {
        self.tmp.path().join("vault")
    }

    fn file(&self, name: &str, content: &str) -> PathBuf {
        let p = self.tmp.path().join(name);
        std::fs::write(&p, content).unwrap();
        p
    }

    /// Runs `phr` with the given secrets in the environment (none is inherited).
    fn run(&self, env: &[(&str, &str)], args: &[&str]) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_phr"));
        cmd.args(args)
            .env("PHR_VAULT_DIR", self.vault())
            .env("PHR_KDF_PROFILE", "floor")
            .env_remove("PHR_PASSPHRASE")
            .env_remove("PHR_NEW_PASSPHRASE")
            .env_remove("PHR_RECOVERY_KEY")
            .stdin(std::process::Stdio::null());
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().unwrap()
    }

    fn ok(&self, env: &[(&str, &str)], args: &[&str]) -> String {
        let out = self.run(env, args);
        assert!(out.status.success(), "phr {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }

    fn json(&self, env: &[(&str, &str)], args: &[&str]) -> Value {
        let mut args = args.to_vec();
        args.push("--json");
        serde_json::from_str(&self.ok(env, &args)).unwrap()
    }

    /// Runs a command expected to fail with `code`; returns stderr.
    fn fails(&self, env: &[(&str, &str)], args: &[&str], code: &str) -> String {
        let out = self.run(env, args);
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(1), "phr {args:?}: {stderr}");
        assert!(stderr.starts_with(&format!("error[{code}]: ")), "phr {args:?}: {stderr}");
        stderr
    }

    /// A vault with one person; returns the recovery key.
    fn init(&self) -> String {
        let created = self.json(&[("PHR_PASSPHRASE", PASS)], &["init"]);
        created["recoveryKey"].as_str().unwrap().to_owned()
    }
}

fn with_pass() -> [(&'static str, &'static str); 1] {
    [("PHR_PASSPHRASE", PASS)]
}

#[test]
fn init_prints_the_recovery_key_once_and_refuses_a_second_vault() {
    let s = Sandbox::new();
    let text = s.ok(&with_pass(), &["init"]);
    assert!(text.contains("recovery key"), "{text}");
    let key_line = text.lines().find(|l| l.trim().len() == 33 && l.contains('-')).unwrap();
    assert_eq!(key_line.trim().split('-').count(), 7);
    s.fails(&with_pass(), &["init"], "VAULT_EXISTS");
}

#[test]
fn init_refuses_a_short_passphrase_and_says_why() {
    let s = Sandbox::new();
    let err = s.fails(&[("PHR_PASSPHRASE", "short")], &["init"], "PASSPHRASE_TOO_SHORT");
    assert!(err.contains("10 characters"), "{err}");
    assert!(!s.vault().join("vault.key").exists());
}

#[test]
fn commands_without_a_vault_say_how_to_make_one() {
    let s = Sandbox::new();
    let err = s.fails(&with_pass(), &["person", "list"], "VAULT_NOT_FOUND");
    assert!(err.contains("phr init"), "{err}");
}

#[test]
fn missing_passphrase_without_a_terminal_names_the_sources() {
    let s = Sandbox::new();
    s.init();
    let err = s.fails(&[], &["person", "list"], "INVALID_INPUT");
    assert!(err.contains("PHR_PASSPHRASE") && err.contains("--passphrase-file"), "{err}");
}

#[test]
fn person_add_list_rename_delete() {
    let s = Sandbox::new();
    s.init();
    let added = s.json(
        &with_pass(),
        &["person", "add", "--name", "Ada Lovelace", "--dob", "1948-07-05", "--nhs-number", "943 476 5919"],
    );
    assert_eq!(added["nhsNumber"], "943 476 5919");
    let id = added["id"].as_str().unwrap().to_owned();

    let text = s.ok(&with_pass(), &["person", "list"]);
    assert!(text.contains("Ada Lovelace") && text.contains("5 Jul 1948"), "{text}");

    let renamed = s.json(&with_pass(), &["person", "rename", &id, "--name", "Ada King"]);
    assert_eq!(renamed["name"], "Ada King");
    assert_eq!(renamed["dateOfBirth"], "1948-07-05");

    s.fails(&with_pass(), &["person", "delete", &id, "--confirm-name", "Ada Lovelace"], "CONFIRMATION_REQUIRED");
    s.ok(&with_pass(), &["person", "delete", &id, "--confirm-name", "Ada King"]);
    assert_eq!(s.json(&with_pass(), &["person", "list"]), serde_json::json!([]));
}

#[test]
fn person_add_refuses_bad_details_with_the_reason() {
    let s = Sandbox::new();
    s.init();
    let err = s.fails(
        &with_pass(),
        &["person", "add", "--name", "Ada", "--dob", "1948-07-05", "--nhs-number", "9434765918"],
        "INVALID_NHS_NUMBER",
    );
    assert!(err.contains("not a valid NHS number"), "{err}");
    s.fails(&with_pass(), &["person", "add", "--name", "Ada", "--dob", "5/7/1948"], "INVALID_DATE_OF_BIRTH");
    s.fails(&with_pass(), &["person", "add", "--name", " ", "--dob", "1948-07-05"], "INVALID_NAME");
    s.fails(&with_pass(), &["person", "rename", "not-an-id", "--name", "X"], "PERSON_NOT_FOUND");
    assert_eq!(s.json(&with_pass(), &["person", "list"]), serde_json::json!([]));
}

#[test]
fn wrong_passphrase_is_a_clear_error() {
    let s = Sandbox::new();
    s.init();
    s.fails(&[("PHR_PASSPHRASE", "not the passphrase")], &["person", "list"], "WRONG_PASSPHRASE");
}

#[test]
fn passphrase_file_is_read() {
    let s = Sandbox::new();
    s.init();
    let file = s.file("pass.txt", &format!("{PASS}\n"));
    s.ok(&[], &["person", "list", "--passphrase-file", file.to_str().unwrap()]);
}

#[test]
fn passphrase_change_keeps_the_data() {
    let s = Sandbox::new();
    s.init();
    s.ok(&with_pass(), &["person", "add", "--name", "Ada", "--dob", "1948-07-05"]);
    s.fails(
        &[("PHR_PASSPHRASE", PASS), ("PHR_NEW_PASSPHRASE", "short")],
        &["passphrase", "change"],
        "PASSPHRASE_TOO_SHORT",
    );
    s.json(&[("PHR_PASSPHRASE", PASS), ("PHR_NEW_PASSPHRASE", NEW_PASS)], &["passphrase", "change"]);
    s.fails(&with_pass(), &["person", "list"], "WRONG_PASSPHRASE");
    let people = s.json(&[("PHR_PASSPHRASE", NEW_PASS)], &["person", "list"]);
    assert_eq!(people[0]["name"], "Ada");
}

/// `passphrase change --rotate` re-keys everything and prints a new recovery key; the old key
/// opens nothing. `passphrase new-recovery-key` retires the key before it.
#[test]
fn rotating_the_keys_prints_a_new_recovery_key_and_retires_the_old() {
    let s = Sandbox::new();
    let first = s.init();
    s.ok(&with_pass(), &["person", "add", "--name", "Ada", "--dob", "1948-07-05"]);
    let rotated =
        s.json(&[("PHR_PASSPHRASE", PASS), ("PHR_NEW_PASSPHRASE", NEW_PASS)], &["passphrase", "change", "--rotate"]);
    assert_eq!(rotated["finished"], true);
    let second = rotated["recoveryKey"].as_str().unwrap().to_owned();
    assert_ne!(second, first);
    assert_eq!(s.json(&[("PHR_PASSPHRASE", NEW_PASS)], &["person", "list"])[0]["name"], "Ada");
    s.fails(&[("PHR_RECOVERY_KEY", first.as_str()), ("PHR_NEW_PASSPHRASE", PASS)], &["recover"], "WRONG_RECOVERY_KEY");

    let text = s.ok(&[("PHR_PASSPHRASE", NEW_PASS)], &["passphrase", "new-recovery-key"]);
    assert!(text.contains("The old recovery key no longer opens the vault."), "{text}");
    s.fails(&[("PHR_RECOVERY_KEY", second.as_str()), ("PHR_NEW_PASSPHRASE", PASS)], &["recover"], "WRONG_RECOVERY_KEY");
}

#[test]
fn recover_with_the_key_sets_a_new_passphrase() {
    let s = Sandbox::new();
    let key = s.init();
    s.fails(
        &[("PHR_RECOVERY_KEY", "0000-0000-0000-0000-0000-0000-000"), ("PHR_NEW_PASSPHRASE", NEW_PASS)],
        &["recover"],
        "WRONG_RECOVERY_KEY",
    );
    s.fails(
        &[("PHR_RECOVERY_KEY", "not a key"), ("PHR_NEW_PASSPHRASE", NEW_PASS)],
        &["recover"],
        "RECOVERY_KEY_MALFORMED",
    );
    let key_file = s.file("key.txt", &key.to_lowercase());
    s.ok(&[("PHR_NEW_PASSPHRASE", NEW_PASS)], &["recover", "--recovery-key-file", key_file.to_str().unwrap()]);
    s.fails(&with_pass(), &["person", "list"], "WRONG_PASSPHRASE");
    s.ok(&[("PHR_PASSPHRASE", NEW_PASS)], &["person", "list"]);
}

#[test]
fn backup_and_restore() {
    let s = Sandbox::new();
    let key = s.init();
    s.ok(&with_pass(), &["person", "add", "--name", "Ada", "--dob", "1948-07-05"]);
    let backup = s.tmp.path().join("record.phrbackup");
    let info = s.json(&with_pass(), &["backup", "create", backup.to_str().unwrap()]);
    assert_eq!(info["people"], 1);

    // Into the same (non-empty) folder: refused, nothing touched.
    s.fails(&with_pass(), &["backup", "restore", backup.to_str().unwrap()], "RESTORE_TARGET_NOT_EMPTY");

    let restore_into = |dir: &Path, env: &[(&str, &str)]| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_phr"));
        cmd.args(["backup", "restore", backup.to_str().unwrap(), "--json"])
            .env("PHR_VAULT_DIR", dir)
            .env_remove("PHR_PASSPHRASE")
            .env_remove("PHR_RECOVERY_KEY")
            .stdin(std::process::Stdio::null());
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().unwrap()
    };
    let wrong = restore_into(&s.tmp.path().join("r0"), &[("PHR_PASSPHRASE", "not the passphrase")]);
    assert!(String::from_utf8_lossy(&wrong.stderr).starts_with("error[WRONG_PASSPHRASE]"));
    assert!(!s.tmp.path().join("r0").join("vault.key").exists());

    let out = restore_into(&s.tmp.path().join("r1"), &with_pass());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let restored: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(restored["people"][0]["name"], "Ada");

    let out = restore_into(&s.tmp.path().join("r2"), &[("PHR_RECOVERY_KEY", &key)]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    // A backup cut short in copying: refused as damaged, nothing restored.
    let bytes = std::fs::read(&backup).unwrap();
    let damaged = s.tmp.path().join("damaged.phrbackup");
    std::fs::write(&damaged, &bytes[..bytes.len() / 2]).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_phr"))
        .args(["backup", "restore", damaged.to_str().unwrap()])
        .env("PHR_VAULT_DIR", s.tmp.path().join("r3"))
        .env("PHR_PASSPHRASE", PASS)
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stderr).starts_with("error[BACKUP_DAMAGED]"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!s.tmp.path().join("r3").join("vault.key").exists());
}

#[test]
fn audit_list_and_verify() {
    let s = Sandbox::new();
    s.init();
    s.ok(&with_pass(), &["person", "add", "--name", "Ada", "--dob", "1948-07-05"]);
    let logs = s.json(&with_pass(), &["audit", "list"]);
    let actions: Vec<_> = logs[0]["entries"].as_array().unwrap().iter().map(|e| e["action"].clone()).collect();
    // Created, then unlocked by this very command.
    assert_eq!(actions, ["personCreated", "vaultUnlocked"]);
    let text = s.ok(&with_pass(), &["audit", "list"]);
    assert!(text.contains("personCreated"), "{text}");

    let reports = s.json(&with_pass(), &["audit", "verify"]);
    assert_eq!(reports[0]["ok"], true);
    assert!(s.ok(&with_pass(), &["audit", "verify"]).contains("chain intact"));
    s.fails(&with_pass(), &["audit", "list", "--person", "00000000-0000-4000-8000-000000000000"], "PERSON_NOT_FOUND");
}

/// `phr vault check` reads every page of every record (unlock reads only what it needs); a
/// damaged one is the vault tests' (`damage::a_flipped_byte_in_a_readings_page_...`).
#[test]
fn vault_check_reads_every_record_whole() {
    let s = Sandbox::new();
    s.init();
    s.ok(&with_pass(), &["person", "add", "--name", "Ada", "--dob", "1948-07-05"]);
    let checks = s.json(&with_pass(), &["vault", "check"]);
    assert_eq!(checks[0]["ok"], true, "{checks}");
    assert_eq!(checks[0]["personName"], "Ada");
    assert!(s.ok(&with_pass(), &["vault", "check"]).contains("every page checked"));
}

#[test]
fn usage_errors_exit_2() {
    let s = Sandbox::new();
    assert_eq!(s.run(&[], &["person", "add", "--name", "Ada"]).status.code(), Some(2));
    assert_eq!(s.run(&[], &["no-such-command"]).status.code(), Some(2));
}

#[test]
fn unknown_kdf_profile_is_refused() {
    let s = Sandbox::new();
    let out = s.run(&[("PHR_KDF_PROFILE", "fast"), ("PHR_PASSPHRASE", PASS)], &["init"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn practices_load_reads_an_ods_file_without_a_passphrase() {
    let s = Sandbox::new();
    // Two rows in the epraccur layout (made up): an open GP practice and a closed one.
    let row = |code: &str, status: &str| {
        let mut cells = vec![""; 27];
        cells[0] = code;
        cells[1] = "EXAMPLE SURGERY";
        cells[9] = "ZZ9 9ZZ";
        cells[12] = status;
        cells[25] = "4";
        cells.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(",")
    };
    let file = s.file("epraccur.csv", &format!("{}\n{}\n", row("Y99001", "A"), row("Y99002", "C")));
    let out = s.ok(&[], &["practices", "load", file.to_str().unwrap()]);
    assert_eq!(out.trim(), "Loaded 1 open GP practice into the practice directory.");
    let empty = s.file("empty.csv", "nothing here\n");
    s.fails(&[], &["practices", "load", empty.to_str().unwrap()], "INVALID_INPUT");
}
