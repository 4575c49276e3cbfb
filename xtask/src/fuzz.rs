//! `cargo xtask fuzz [SECONDS] [TARGET...]`: builds the fuzz targets in `fuzz/` with cargo-fuzz
//! (libFuzzer, `--sanitizer none`, which needs no nightly toolchain) and runs each for SECONDS,
//! as many at once as there are cores (at most two), with a memory limit and a per-input
//! timeout, so a crash, an out-of-memory or a hang fails the run. The committed corpus
//! (`fuzz/corpus/<target>/`) seeds each run and is never written to: what a run finds goes to
//! `target/fuzz-corpus/<target>/`, crashes to `fuzz/artifacts/<target>/`, and each target's
//! libFuzzer output to `target/fuzz-logs/<target>.log`.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::{cmd, setup};

/// libFuzzer's limit on the resident memory of a run (`-rss_limit_mb`); an input that needs
/// more is reported as an out-of-memory crash. Also its per-allocation limit.
const RSS_LIMIT_MB: u32 = 2048;
/// libFuzzer's limit on one input (`-timeout`, seconds): a slower one is reported as a hang.
const INPUT_TIMEOUT_SECS: u32 = 10;
/// The fastest builds for a fuzzing run of minutes: cargo-fuzz's default of one codegen unit
/// makes the build twice as long for a few percent more executions a second.
const CODEGEN_UNITS: &str = "16";

/// Where the fuzz build goes: inside the workspace's target folder, so one `cargo clean` and
/// one cache cover it.
fn target_dir() -> PathBuf {
    crate::target_dir().join("fuzz")
}

/// Deletes the fuzz build (the targets, their dependencies); logs, corpora and crashes stay.
pub fn remove_build() {
    let dir = target_dir();
    if let Err(e) = std::fs::remove_dir_all(&dir)
        && e.kind() != std::io::ErrorKind::NotFound
    {
        println!("xtask: could not remove {}: {e}", dir.display());
    }
}

fn fuzz_dir() -> PathBuf {
    crate::root().join("fuzz")
}

/// `cargo fuzz <sub>` in `fuzz/`, with the options every subcommand shares.
fn cargo_fuzz(sub: &str) -> Command {
    let mut c = cmd::cargo();
    c.current_dir(fuzz_dir());
    c.args(["fuzz", sub, "--sanitizer", "none", "--codegen-units", CODEGEN_UNITS, "--target-dir"]);
    c.arg(target_dir());
    c
}

/// The task: `args` are an optional number of seconds per target (default `default_secs`)
/// and target names (default all).
pub fn task(args: &[String], default_secs: u64) -> Result<(), String> {
    let (numbers, names): (Vec<&String>, Vec<&String>) = args.iter().partition(|a| a.parse::<u64>().is_ok());
    let seconds = match numbers.as_slice() {
        [] => default_secs,
        [n] => n.parse().map_err(|e| format!("{n}: {e}"))?,
        _ => return Err("give one number of seconds per target".into()),
    };
    let names: Vec<String> = names.into_iter().cloned().collect();
    setup::cargo_fuzz()?;
    run(seconds, &names, None)
}

/// Builds, then runs `only` (or every target) for `seconds` each; `limit_secs` stops the whole
/// run (build included) when it is over.
pub fn run(seconds: u64, only: &[String], limit_secs: Option<u64>) -> Result<(), String> {
    let started = Instant::now();
    let targets = targets()?;
    if let Some(unknown) = only.iter().find(|n| !targets.contains(n)) {
        return Err(format!("no fuzz target `{unknown}`; the targets are {}", targets.join(", ")));
    }
    let chosen: Vec<String> = targets.into_iter().filter(|t| only.is_empty() || only.contains(t)).collect();
    let mut build = cargo_fuzz("build");
    match limit_secs {
        Some(limit) => cmd::run_for(&mut build, limit)?,
        None => cmd::run(&mut build)?,
    }
    let built = started.elapsed();
    // The runs start the built binaries themselves: `cargo fuzz run` would build again first,
    // and a change to the tree meanwhile would spend a target's time on compiling.
    let bin_dir = target_dir().join(host()?).join("release");

    let parallel = std::thread::available_parallelism().map_or(1, usize::from).clamp(1, 2);
    let rounds = chosen.len().div_ceil(parallel) as u64;
    println!(
        "xtask: fuzzing {} targets for {seconds} s each, {parallel} at a time (about {} s)",
        chosen.len(),
        rounds * seconds
    );
    let logs = crate::target_dir().join("fuzz-logs");
    std::fs::create_dir_all(&logs).map_err(|e| format!("create {}: {e}", logs.display()))?;
    // Each run may overrun its time by the last input's timeout and libFuzzer's own exit;
    // beyond that it is stuck and is stopped.
    let grace = Duration::from_secs(seconds + u64::from(INPUT_TIMEOUT_SECS) * 3 + 30);
    let deadline = limit_secs.map(|l| started + Duration::from_secs(l));

    let mut waiting: Vec<String> = chosen.iter().rev().cloned().collect();
    let mut running: Vec<Running> = Vec::new();
    let mut results: Vec<(String, Result<String, String>)> = Vec::new();
    while !waiting.is_empty() || !running.is_empty() {
        if deadline.is_some_and(|d| Instant::now() > d) {
            for name in waiting.drain(..) {
                results.push((name, Err("not run: the suite reached its time limit".into())));
            }
        }
        while running.len() < parallel {
            let Some(name) = waiting.pop() else { break };
            running.push(Running::start(&bin_dir, &name, seconds, &logs)?);
        }
        std::thread::sleep(Duration::from_millis(250));
        let mut still = Vec::new();
        for mut r in running {
            let over_time = r.started.elapsed() > grace || deadline.is_some_and(|d| Instant::now() > d);
            match r.child.try_wait() {
                Ok(Some(status)) => {
                    let outcome = if status.success() { Ok(r.stats()) } else { Err(r.failure(&status.to_string())) };
                    println!("xtask: fuzz {:<20} {}", r.name, outcome.as_ref().unwrap_or_else(|e| e));
                    results.push((r.name.clone(), outcome));
                }
                Ok(None) if over_time => {
                    cmd::kill_tree(&mut r.child);
                    let e = r.failure("stopped: it ran past its time");
                    println!("xtask: fuzz {:<20} {e}", r.name);
                    results.push((r.name.clone(), Err(e)));
                }
                Ok(None) => still.push(r),
                Err(e) => return Err(format!("fuzz target {}: {e}", r.name)),
            }
        }
        running = still;
    }

    println!("xtask: fuzz build {:.0} s, runs {:.0} s", built.as_secs_f64(), (started.elapsed() - built).as_secs_f64());
    let failed: Vec<String> = results.into_iter().filter_map(|(n, r)| r.err().map(|e| format!("{n}: {e}"))).collect();
    if failed.is_empty() { Ok(()) } else { Err(failed.join("\n  ")) }
}

/// The host's target triple (`rustc -vV`), under which cargo-fuzz builds.
fn host() -> Result<String, String> {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let out = cmd::output(cmd::new(rustc).arg("-vV")).ok_or("`rustc -vV` failed")?;
    out.lines()
        .find_map(|l| l.strip_prefix("host: "))
        .map(str::to_owned)
        .ok_or_else(|| "`rustc -vV` names no host".into())
}

/// The targets cargo-fuzz knows (`cargo fuzz list`: the `[[bin]]`s of `fuzz/Cargo.toml`).
fn targets() -> Result<Vec<String>, String> {
    let mut list = cmd::cargo();
    list.current_dir(fuzz_dir()).args(["fuzz", "list"]);
    let out =
        cmd::output(&mut list).ok_or("`cargo fuzz list` failed: is cargo-fuzz installed (`cargo xtask setup`)?")?;
    Ok(out.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect())
}

/// One target's libFuzzer run.
struct Running {
    name: String,
    child: Child,
    log: PathBuf,
    started: Instant,
}

impl Running {
    fn start(bin_dir: &Path, name: &str, seconds: u64, logs: &Path) -> Result<Running, String> {
        let scratch = crate::target_dir().join("fuzz-corpus").join(name);
        std::fs::create_dir_all(&scratch).map_err(|e| format!("create {}: {e}", scratch.display()))?;
        let artifacts = fuzz_dir().join("artifacts").join(name);
        std::fs::create_dir_all(&artifacts).map_err(|e| format!("create {}: {e}", artifacts.display()))?;
        let log = logs.join(format!("{name}.log"));
        let file = std::fs::File::create(&log).map_err(|e| format!("create {}: {e}", log.display()))?;
        let err = file.try_clone().map_err(|e| format!("{}: {e}", log.display()))?;
        let mut c = cmd::new(bin_dir.join(name));
        // New inputs go to the first folder; the committed corpus only seeds the run.
        c.arg(&scratch).arg(fuzz_dir().join("corpus").join(name));
        c.arg(format!("-artifact_prefix={}/", artifacts.display()));
        c.arg(format!("-max_total_time={seconds}"));
        c.arg(format!("-rss_limit_mb={RSS_LIMIT_MB}"));
        c.arg(format!("-malloc_limit_mb={RSS_LIMIT_MB}"));
        c.arg(format!("-timeout={INPUT_TIMEOUT_SECS}"));
        c.arg("-print_final_stats=1");
        c.stdout(Stdio::from(file)).stderr(Stdio::from(err));
        let child = c.spawn().map_err(|e| format!("could not start the fuzz target {name}: {e}"))?;
        Ok(Running { name: name.to_owned(), child, log, started: Instant::now() })
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// "N runs, coverage C" from libFuzzer's final statistics.
    fn stats(&self) -> String {
        let text = self.log_text();
        let stat = |key: &str| {
            text.lines().find_map(|l| l.strip_prefix(key)).map(|v| v.trim_start_matches(':').trim().to_owned())
        };
        let runs = stat("stat::number_of_executed_units").unwrap_or_else(|| "?".into());
        let cov = text
            .lines()
            .rev()
            .find_map(|l| l.split_once(" cov: ").and_then(|(_, rest)| rest.split_whitespace().next()))
            .unwrap_or("?");
        format!("passed: {runs} inputs, coverage {cov} edges")
    }

    /// What failed, the input that did it and how to replay and minimise it.
    fn failure(&self, why: &str) -> String {
        let text = self.log_text();
        let artifact = text
            .lines()
            .find_map(|l| l.split_once("Test unit written to ").map(|(_, p)| p.trim().to_owned()))
            .unwrap_or_else(|| "(none written)".into());
        let tail: Vec<&str> = text.lines().rev().take(30).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        format!(
            "FAILED ({why}); input: {artifact}; log: {}\n    replay: cd fuzz && cargo fuzz run --sanitizer none {name} {artifact}\n    minimise: cd fuzz && cargo fuzz tmin --sanitizer none {name} {artifact}\n    then commit the minimised input under fuzz/artifacts/{name}/ (cargo test replays it)\n{}",
            self.log.display(),
            tail.join("\n"),
            name = self.name,
        )
    }
}
