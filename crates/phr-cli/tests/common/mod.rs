//! The harness every `phr` end-to-end test shares: a scratch vault in a temporary folder, the
//! `phr` binary run against it with the test password and the fast key-derivation profile (and
//! nothing else from the environment that would change what it does), and the checks on how
//! each run ended. Use it from a test file with `mod common;`.
//!
//! Each test binary uses only some of these, so the rest would read as dead code there.
#![allow(dead_code, clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// The password every test vault is made with.
pub const PASS: &str = "otter lantern gravel";

/// Runs `phr` with `args` against the vault folder `vault`, with no input.
pub fn run(vault: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_phr"))
        .args(args)
        .env("PHR_VAULT_DIR", vault)
        .env("PHR_KDF_PROFILE", "floor")
        .env("PHR_PASSPHRASE", PASS)
        .env_remove("PHR_NEW_PASSPHRASE")
        .env_remove("PHR_RECOVERY_KEY")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// Runs a command that must succeed; gives what it printed.
pub fn ok(vault: &Path, args: &[&str]) -> String {
    let out = run(vault, args);
    assert!(out.status.success(), "phr {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Runs a command with `--json` that must succeed; gives what it printed, read as JSON.
pub fn json(vault: &Path, args: &[&str]) -> Value {
    let mut args = args.to_vec();
    args.push("--json");
    serde_json::from_str(&ok(vault, &args)).unwrap()
}

/// Runs a command that must fail with exit code 1 and `error[CODE]: ` first on stderr; gives
/// (stdout, stderr).
pub fn fails_with_output(vault: &Path, args: &[&str], code: &str) -> (String, String) {
    let out = run(vault, args);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "phr {args:?}: {stderr}");
    assert!(stderr.starts_with(&format!("error[{code}]: ")), "phr {args:?}: {stderr}");
    (String::from_utf8(out.stdout).unwrap(), stderr)
}

/// Runs a command that must fail with `code` (see [`fails_with_output`]); gives stderr.
pub fn fails(vault: &Path, args: &[&str], code: &str) -> String {
    fails_with_output(vault, args, code).1
}

/// A temporary folder holding a vault (in `vault/`), removed when dropped, and `phr` run
/// against it.
pub struct Sandbox {
    tmp: tempfile::TempDir,
}

impl Sandbox {
    /// A new vault with no one in it (`phr init`).
    pub fn new() -> Self {
        let s = Self { tmp: tempfile::tempdir().unwrap() };
        s.ok(&["init"]);
        s
    }

    /// A new vault with one person in it.
    pub fn with_person(name: &str, dob: &str) -> Self {
        let s = Self::new();
        s.ok(&["person", "add", "--name", name, "--dob", dob]);
        s
    }

    /// The temporary folder (the vault is in `vault/` inside it).
    pub fn dir(&self) -> &Path {
        self.tmp.path()
    }

    /// A path inside the temporary folder, beside the vault.
    pub fn path(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }

    /// The vault folder.
    pub fn vault(&self) -> PathBuf {
        self.path("vault")
    }

    pub fn run(&self, args: &[&str]) -> Output {
        run(&self.vault(), args)
    }

    pub fn ok(&self, args: &[&str]) -> String {
        ok(&self.vault(), args)
    }

    pub fn json(&self, args: &[&str]) -> Value {
        json(&self.vault(), args)
    }

    pub fn fails(&self, args: &[&str], code: &str) -> String {
        fails(&self.vault(), args, code)
    }

    pub fn fails_with_output(&self, args: &[&str], code: &str) -> (String, String) {
        fails_with_output(&self.vault(), args, code)
    }
}
