//! Every write path meets a full disk and I/O errors with a clear error and the record as it
//! was. The real `phr` binary runs each path `PHR_CRASH_LOOPS` times (20 unless set), shared
//! among three kinds of fault:
//!
//! - disk full: the file size limit (`ulimit -f`, RLIMIT_FSIZE) set to a random size, with
//!   SIGXFSZ ignored so a write past it fails with EFBIG instead of killing the process;
//! - ENOSPC and EIO: Debian's libfiu (`fiu-run -x`) fails `write`, `pwrite`, `fsync` and
//!   `fdatasync` at a random rate with that errno. Reads are left alone: the bundled SQLCipher
//!   decrypts a page whose read failed and reports the file as damaged (see ARCHITECTURE.md,
//!   "Crash and fault testing").
//!
//! A run either finishes (and the change is whole) or fails with `error[IO]` or `error[READ_ONLY]`
//! and a sentence (never a panic, INTERNAL or "database disk image is malformed"), and the
//! record, opened again without faults, is as it was. The faults hit the output too (phr's
//! printing ignores a failed write rather than panic): a run that exits 1 with no words counts
//! as "output lost" and must leave the record as before or as after; any panic fails. Two
//! failures may leave the change made, and are counted apart: a restore whose folder is in
//! place but cannot be opened says "The backup was restored, but ..."; and when the sync of
//! SQLite's log fails after it wrote a commit, SQLite reports a disk I/O error, yet the next
//! open recovers the transaction from the log ("kept by SQLite after a failed commit sync").
//! Each path prints its figures. Without `fiu-run` the libfiu tests record a skip (CI fails
//! them).

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

mod write_paths;

use std::ffi::OsString;
use std::process::Output;

use write_paths::*;

#[derive(Clone, Copy, Debug)]
enum Fault {
    DiskFull,
    NoSpace,
    Eio,
}

impl Fault {
    fn name(self) -> &'static str {
        match self {
            Fault::DiskFull => "disk full (ulimit -f)",
            Fault::NoSpace => "ENOSPC (libfiu)",
            Fault::Eio => "EIO (libfiu)",
        }
    }
}

#[derive(Default)]
struct Figures {
    runs: usize,
    refused: usize,
    completed: usize,
    output_lost: usize,
    sync_kept: usize,
    unclear: usize,
    panics: usize,
    changed: usize,
    not_reopened: usize,
}

/// Error codes a fault may give: an I/O failure, or a record that opens read-only.
const CLEAR_CODES: &[&str] = &["IO", "READ_ONLY"];

/// The wrapper that starts `phr` with `fault` at a random strength.
fn wrapper(fault: Fault, rng: &mut Rng, fiu_run: Option<&std::path::Path>, largest: u64) -> (Vec<OsString>, String) {
    match fault {
        Fault::DiskFull => {
            // From 1 KiB (not even a page of the write-ahead log fits) to a little past the
            // largest file the command leaves (where it finishes).
            let bytes = rng.log_between(1024.0, (largest as f64 * 1.2).max(4096.0)) as u64;
            let blocks = (bytes / 512).max(1);
            let script = "trap '' XFSZ; ulimit -f \"$1\" || exit 99; shift; exec \"$@\"";
            let args = ["sh", "-c", script, "sh", &blocks.to_string()];
            (args.iter().map(OsString::from).collect(), format!("file size limit {} bytes", blocks * 512))
        }
        Fault::NoSpace | Fault::Eio => {
            let (errno, calls): (u32, &[&str]) = match fault {
                Fault::NoSpace => (28, &["rw/write", "rw/pwrite", "sync/fsync", "sync/fdatasync"]),
                _ => (5, &["rw/write", "rw/pwrite", "sync/fsync", "sync/fdatasync"]),
            };
            let probability = rng.log_between(0.002, 0.3);
            let mut args: Vec<OsString> = vec![fiu_run.unwrap().into(), "-x".into(), "-f".into(), "".into()];
            for call in calls {
                args.push("-c".into());
                args.push(
                    format!("enable_random name=posix/io/{call},probability={probability:.4},failinfo={errno}").into(),
                );
            }
            (args, format!("probability {probability:.4} per call"))
        }
    }
}

/// `error[CODE]: words` on stderr's first line.
fn error_code(out: &Output) -> Option<(String, String)> {
    let text = String::from_utf8_lossy(&out.stderr);
    let line = text.lines().next()?;
    let rest = line.strip_prefix("error[")?;
    let (code, words) = rest.split_once("]: ")?;
    Some((code.to_owned(), words.to_owned()))
}

/// `runs` runs of one path under one kind of fault; its figures. `None` when the tool is
/// missing (the skip is recorded; CI fails).
fn fault_loop(ready: &mut Ready, fault: Fault, runs: usize) -> Option<Figures> {
    let path = ready.path;
    let fiu_run = match fault {
        Fault::DiskFull => None,
        _ => Some(repo::tool("fiu-run", &format!("{}: {}", path.name, fault.name()))?),
    };
    let (mut rng, seed) = Rng::for_path(&format!("{} {}", path.name, fault.name()));
    let mut f = Figures::default();
    let mut failures = Vec::new();
    for run in 0..runs {
        let (wrap, strength) = wrapper(fault, &mut rng, fiu_run.as_deref(), ready.largest_file);
        let w = ready.fresh();
        let out = ready.wrapped(&w, &wrap).output().unwrap();
        f.runs += 1;
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        let seen = ready.observe(&w);
        let mut failed: Option<String> = None;
        let seen = match seen {
            Ok(s) => s,
            Err(e) => {
                f.not_reopened += 1;
                failed = Some(format!("the vault did not open afterwards: {e}"));
                Seen::Neither(String::new())
            }
        };
        let code = out.status.code();
        if failed.is_none() {
            failed = match (code, error_code(&out), &seen) {
                (_, _, Seen::Neither(what)) => {
                    f.changed += 1;
                    Some(format!("a part of the change: {what}"))
                }
                (Some(0), _, Seen::After) => {
                    f.completed += 1;
                    None
                }
                (Some(0), _, Seen::Before) => Some("it said it finished, and the change is missing".into()),
                (Some(1), Some((c, words)), Seen::Before) if CLEAR_CODES.contains(&c.as_str()) => {
                    if words.contains("malformed") || words.trim().len() < 20 {
                        f.unclear += 1;
                        Some(format!("an unclear error: {c}: {words}"))
                    } else {
                        f.refused += 1;
                        None
                    }
                }
                (Some(1), Some((c, words)), _) if !CLEAR_CODES.contains(&c.as_str()) => {
                    f.unclear += 1;
                    Some(format!("not an I/O error: {c}: {words}"))
                }
                // SQLite wrote the commit to its log, then the log's sync failed: it reports the
                // error, and the next open recovers the committed transaction from the log. The
                // words claim nothing was changed only where the app says so itself.
                (Some(1), Some((c, words)), Seen::After)
                    if c == "IO" && words.starts_with("Could not read or write a person's record file") =>
                {
                    f.sync_kept += 1;
                    None
                }
                // A restore whose folder is in place says so when opening it fails.
                (Some(1), Some((_, words)), Seen::After) if words.starts_with("The backup was restored") => {
                    f.completed += 1;
                    None
                }
                (Some(1), Some(_), _) => {
                    f.changed += 1;
                    Some("it failed, but the change was made".into())
                }
                // The fault took the error's words (stderr) or the result (stdout) with it.
                (Some(1), None, _) if stderr.trim().is_empty() => {
                    f.output_lost += 1;
                    None
                }
                (Some(101), _, _) => {
                    f.panics += 1;
                    Some("a panic".into())
                }
                _ => {
                    f.unclear += 1;
                    Some(format!("exit {code:?} without an error code"))
                }
            };
        }
        let kept = ready.done(w, failed.is_some());
        if let Some(why) = failed {
            failures.push(format!(
                "run {run} ({strength}): {why}\n  stderr: {}\n  the run's folder: {}",
                stderr.lines().take(14).collect::<Vec<_>>().join("\n          "),
                kept.unwrap().display()
            ));
        }
    }
    eprintln!(
        "{}, {}: {} runs, {} refused with a clear error and the record as it was, {} completed, {} output lost, {} kept by SQLite after a failed commit sync, {} unclear errors, {} panics, {} changed records, {} did not reopen (PHR_CRASH_SEED={seed})",
        path.name,
        fault.name(),
        f.runs,
        f.refused,
        f.completed,
        f.output_lost,
        f.sync_kept,
        f.unclear,
        f.panics,
        f.changed,
        f.not_reopened,
    );
    assert!(
        failures.is_empty(),
        "{}, {}: {} of {runs} runs failed:\n{}",
        path.name,
        fault.name(),
        failures.len(),
        failures.join("\n")
    );
    Some(f)
}

/// One test per path: `PHR_CRASH_LOOPS` runs (20 unless set) shared among the three kinds of
/// fault (at least 2 each).
fn all_faults(path: &'static WritePath) {
    let mut ready = path.ready();
    let kinds = [Fault::DiskFull, Fault::NoSpace, Fault::Eio];
    let runs = loops().max(2 * kinds.len());
    let mut refused = 0;
    for (i, fault) in kinds.into_iter().enumerate() {
        let share = runs / kinds.len() + usize::from(i < runs % kinds.len());
        if let Some(f) = fault_loop(&mut ready, fault, share) {
            refused += f.refused;
        }
    }
    // The faults must really meet the writes, not only let them finish.
    assert!(refused > 0, "{}: no run met a fault", path.name);
}

#[test]
fn import_meets_faults_clearly() {
    all_faults(&IMPORT);
}

#[test]
fn import_with_a_rollback_journal_meets_faults_clearly() {
    all_faults(&IMPORT_LARGE);
}

#[test]
fn undo_of_an_import_meets_faults_clearly() {
    all_faults(&UNDO);
}

#[test]
fn adding_a_reading_meets_faults_clearly() {
    all_faults(&READING);
}

#[test]
fn device_import_meets_faults_clearly() {
    all_faults(&DEVICE_IMPORT);
}

#[test]
fn passphrase_change_meets_faults_clearly() {
    all_faults(&PASSPHRASE);
}

#[test]
fn passphrase_change_with_key_rotation_meets_faults_clearly() {
    all_faults(&ROTATE);
}

#[test]
fn new_recovery_key_meets_faults_clearly() {
    all_faults(&NEW_RECOVERY_KEY);
}

#[test]
fn recovery_meets_faults_clearly() {
    all_faults(&RECOVER);
}

#[test]
fn deleting_a_person_meets_faults_clearly() {
    all_faults(&DELETE);
}

#[test]
fn backup_meets_faults_clearly() {
    all_faults(&BACKUP);
}

#[test]
fn restore_meets_faults_clearly() {
    all_faults(&RESTORE);
}

#[test]
fn share_create_meets_faults_clearly() {
    all_faults(&SHARE);
}
