//! Every write path survives SIGKILL at random points: the real `phr` binary is killed while it
//! writes, `PHR_CRASH_LOOPS` times per path (20 unless set; `cargo xtask test` sets CI's
//! figure), then the vault must open, hold every change the command reported (it printed its
//! result or exited 0), and hold none that it did not finish: the record is as before or
//! as after, never a mix. Each path prints its figures (`--nocapture` shows them).
//!
//! Kill points: most runs draw a delay from a seeded generator over the command's measured
//! duration, weighted to after the unlock (where the writing happens); an import is also killed
//! at each of its phases (`PHR_IMPORT_PHASES` lines: read, entries stored, ..., report stored).
//! `PHR_CRASH_SEED` replays a run's kill points.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

mod write_paths;

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::{Duration, Instant};

use write_paths::*;

/// How a run is killed.
enum Kill {
    After(Duration),
    AtPhase(&'static str),
}

#[derive(Default)]
struct Figures {
    kills: usize,
    finished: usize,
    reopened: usize,
    committed_seen: usize,
    lost: usize,
    partial: usize,
    stray: usize,
}

fn crash_loop(path: &'static WritePath) {
    let runs = loops();
    let (mut rng, seed) = Rng::for_path(path.name);
    let mut ready = path.ready();
    let open = ready.open_time.as_secs_f64();
    // The command's duration, moved towards a run's whenever one finishes before its kill, so
    // the kill points follow a machine whose speed changes and stay spread around the end,
    // where the command commits.
    let mut op = ready.op_time.as_secs_f64().max(0.001);
    let mut f = Figures::default();
    let mut failures = Vec::new();
    // Runs that finish before their kill are checked too, but only kills count towards `runs`.
    let mut run = 0;
    while f.kills < runs && run < runs * 4 {
        run += 1;
        let kill = if !path.phases.is_empty() && rng.below(3) == 0 {
            Kill::AtPhase(path.phases[rng.below(path.phases.len())])
        } else if rng.below(4) == 0 {
            Kill::After(Duration::from_secs_f64(rng.unit() * op))
        } else {
            // Late in the command, after the unlock, while it writes.
            let from = (open * 0.7).min(op * 0.8);
            Kill::After(Duration::from_secs_f64(from + rng.unit() * (op - from)))
        };
        let w = ready.fresh();
        let stdout_file = w.dir.join("stdout");
        let mut cmd = ready.command(&w);
        cmd.stdout(std::fs::File::create(&stdout_file).unwrap());
        let started = Instant::now();
        let mut child = match kill {
            Kill::AtPhase(_) => cmd.env("PHR_IMPORT_PHASES", "1").stderr(Stdio::piped()).spawn().unwrap(),
            Kill::After(_) => cmd.stderr(Stdio::null()).spawn().unwrap(),
        };
        let killed = match kill {
            Kill::After(delay) => {
                let deadline = Instant::now() + delay;
                loop {
                    if child.try_wait().unwrap().is_some() {
                        op = 0.7 * op + 0.3 * started.elapsed().as_secs_f64();
                        break false;
                    }
                    if Instant::now() >= deadline {
                        child.kill().unwrap(); // SIGKILL on unix
                        break true;
                    }
                    std::thread::sleep(Duration::from_micros(300));
                }
            }
            Kill::AtPhase(phase) => {
                let stderr = child.stderr.take().unwrap();
                let marker = format!("import phase {phase}:");
                let mut hit = false;
                for line in BufReader::new(stderr).lines() {
                    let Ok(line) = line else { break };
                    if line.starts_with(&marker) {
                        // A kill may land a little after the phase: the child keeps running.
                        hit = child.kill().is_ok();
                        break;
                    }
                }
                hit
            }
        };
        let status = child.wait().unwrap();
        let printed = std::fs::metadata(&stdout_file).map(|m| m.len() > 0).unwrap_or(false);
        let reported = status.success() || printed;
        if killed && !status.success() {
            f.kills += 1;
        } else {
            f.finished += 1;
        }
        let seen = ready.observe(&w);
        let mut failed = None;
        match &seen {
            Ok(s) => {
                f.reopened += 1;
                match s {
                    Seen::After => f.committed_seen += 1,
                    Seen::Before if reported => {
                        f.lost += 1;
                        failed = Some("the command reported its change, which is missing".to_owned());
                    }
                    Seen::Before => {}
                    Seen::Neither(what) => {
                        f.partial += 1;
                        failed = Some(format!("a part of the change: {what}"));
                    }
                }
                f.stray += stray_files(&w, s);
            }
            Err(e) => failed = Some(format!("the vault did not open: {e}")),
        }
        let kept = ready.done(w, failed.is_some());
        if let Some(why) = failed {
            let at = match kill {
                Kill::After(d) => format!("killed after {} ms", d.as_millis()),
                Kill::AtPhase(p) => format!("killed at the import phase '{p}'"),
            };
            failures.push(format!("run {run} ({at}): {why}; the run's folder: {}", kept.unwrap().display()));
        }
    }
    eprintln!(
        "{}: {} kills, {} reopened, {} committed seen, {} lost, {} partial ({run} runs, {} finished before the kill; {} stray files left; unlock {:.0} ms, command {:.0} ms; PHR_CRASH_SEED={seed})",
        path.name,
        f.kills,
        f.reopened,
        f.committed_seen,
        f.lost,
        f.partial,
        f.finished,
        f.stray,
        open * 1000.0,
        op * 1000.0,
    );
    assert!(failures.is_empty(), "{}: {} of {run} runs failed:\n{}", path.name, failures.len(), failures.join("\n"));
    assert_eq!(f.reopened, run, "{}: every run's vault opens", path.name);
    // The loop must really kill mid-write, not only watch commands finish.
    assert_eq!(f.kills, runs, "{}: only {} of {run} runs were killed before they finished", path.name, f.kills);
}

#[test]
fn import_survives_sigkill() {
    crash_loop(&IMPORT);
}

#[test]
fn import_with_a_rollback_journal_survives_sigkill() {
    crash_loop(&IMPORT_LARGE);
}

#[test]
fn undo_of_an_import_survives_sigkill() {
    crash_loop(&UNDO);
}

#[test]
fn adding_a_reading_survives_sigkill() {
    crash_loop(&READING);
}

#[test]
fn device_import_survives_sigkill() {
    crash_loop(&DEVICE_IMPORT);
}

#[test]
fn passphrase_change_survives_sigkill() {
    crash_loop(&PASSPHRASE);
}

#[test]
fn passphrase_change_with_key_rotation_survives_sigkill() {
    crash_loop(&ROTATE);
}

#[test]
fn new_recovery_key_survives_sigkill() {
    crash_loop(&NEW_RECOVERY_KEY);
}

#[test]
fn recovery_survives_sigkill() {
    crash_loop(&RECOVER);
}

#[test]
fn deleting_a_person_survives_sigkill() {
    crash_loop(&DELETE);
}

#[test]
fn backup_survives_sigkill() {
    crash_loop(&BACKUP);
}

#[test]
fn restore_survives_sigkill() {
    crash_loop(&RESTORE);
}

#[test]
fn share_create_survives_sigkill() {
    crash_loop(&SHARE);
}
