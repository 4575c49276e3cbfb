//! Every commit the vault reported survives the process being killed (SIGKILL) at any moment.
//!
//! The parent test re-runs this test binary, filtered to `durability::sigkill_child`, with
//! an environment variable that tells the child which vault to write to. The child adds and
//! updates people in a loop and prints each committed id; the parent kills it mid-stream and
//! checks every printed id is in the vault.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use phr_vault::PersonId;

use crate::support::*;

const CHILD_ENV: &str = "PHR_VAULT_SIGKILL_CHILD_DIR";
const KILL_AFTER: usize = 30;

/// Does nothing unless started by the parent below.
#[test]
fn sigkill_child() {
    let Ok(dir) = std::env::var(CHILD_ENV) else { return };
    let mut v = unlock(Path::new(&dir));
    let mut out = std::io::stdout().lock();
    for i in 0..10_000 {
        let p = v.add_person(details(&format!("Child {i}"))).expect("add");
        writeln!(out, "ADDED {}", p.id).expect("print");
        out.flush().expect("flush");
        if i % 2 == 0 {
            v.update_person(&p.id, details(&format!("Child {i} updated"))).expect("update");
            writeln!(out, "UPDATED {}", p.id).expect("print");
            out.flush().expect("flush");
        }
    }
}

#[test]
fn committed_changes_survive_sigkill() {
    let (_tmp, dir) = vault_dir();
    drop(create(&dir));
    let mut child = Command::new(std::env::current_exe().expect("test binary"))
        .args(["--exact", "durability::sigkill_child", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, &dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("spawn child");
    let stdout = child.stdout.take().expect("stdout");
    let mut added: Vec<PersonId> = Vec::new();
    let mut updated: Vec<PersonId> = Vec::new();
    let mut killed = false;
    for line in BufReader::new(stdout).lines() {
        let line = line.expect("line");
        if let Some(id) = line.strip_prefix("ADDED ") {
            added.push(id.parse().expect("id"));
        } else if let Some(id) = line.strip_prefix("UPDATED ") {
            updated.push(id.parse().expect("id"));
        }
        if added.len() >= KILL_AFTER && !killed {
            child.kill().expect("SIGKILL"); // On unix, Child::kill sends SIGKILL.
            killed = true;
        }
    }
    child.wait().expect("wait");
    assert!(killed, "the child stopped after {} commits without being killed", added.len());

    let v = unlock(&dir);
    for id in &added {
        v.person(id).unwrap_or_else(|e| panic!("{id} was reported committed but is missing: {e}"));
        assert_eq!(v.verify_audit(id).expect("verify").broken, None);
    }
    for id in &updated {
        let name = v.person(id).expect("person").details.name;
        assert!(name.ends_with("updated"), "{id}: the reported update was lost ({name})");
    }
}
