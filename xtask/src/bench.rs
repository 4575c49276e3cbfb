//! `cargo xtask bench`: the speed and memory targets, measured in release builds.
//!
//! First `phr bench import`, `readings`, `share`, `heavy` (a ten-year record: unlock, every
//! screen, statistics over any range and memory) and `backup` (a 1 GiB vault backed up and
//! restored: time and how far memory rises), which print each figure beside its target
//! (and, for imports, beside the same rows in plain SQLite); then the app's start-up (below);
//! then the criterion benchmarks for a statistical view. Speed is checked here, never by
//! timed tests.
//!
//! `cargo xtask bench start [--app PATH]`: the installable app (the `dist` build, or the
//! installed `/usr/bin/phr-desktop`, or PATH) from launch to its unlock screen, under Xvfb,
//! beside the target of under a second on two cores. The app, started with
//! `PHR_REPORT_STARTUP=1`, says when its first screen is up (src-tauri's `startup.rs`); the
//! time is taken here, from just before the launch, so loading and linking count.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::cmd;

/// The start-up target: launch to an unlock screen a person can type in.
const START_TARGET: Duration = Duration::from_secs(1);
/// Timed launches after the first, whose median is the figure (the first, from a cold page
/// cache, is shown apart).
const START_RUNS: usize = 7;
/// The line `phr-desktop` prints when its first screen is up (src-tauri/src/startup.rs).
const FIRST_SCREEN: &str = "phr-desktop: first screen shown";
/// A launch that shows nothing for this long has failed.
const START_GIVE_UP: Duration = Duration::from_secs(60);

pub fn all(args: &[String]) -> Result<(), String> {
    if args.first().is_some_and(|a| a == "start") {
        return start(args.get(1..).unwrap_or_default());
    }
    if args.first().is_some_and(|a| a == "start-under-xvfb") {
        return start_runs(args.get(1..).unwrap_or_default());
    }
    let quick = args.iter().any(|a| a == "--quick");
    let mut build = cmd::cargo();
    // `phr bench` (and the plain-SQLite copy it compares with) exists only with this feature:
    // a release `phr` has neither.
    build.args(["build", "--release", "--locked", "-p", "phr-cli", "--features", "bench"]);
    cmd::run(&mut build)?;
    let phr = crate::target_dir().join("release/phr");
    for what in ["import", "readings", "share", "heavy", "backup"] {
        let mut bench = cmd::new(&phr);
        bench.args(["bench", what]).env("PHR_KDF_PROFILE", "floor");
        cmd::run(&mut bench)?;
    }
    start(&[])?;
    if quick {
        return Ok(());
    }
    let mut criterion = cmd::cargo();
    criterion.args(["bench", "--locked", "-p", "phr-vault", "-p", "phr-share"]);
    cmd::run(&mut criterion)
}

/// `bench start [--app PATH]`: finds (or builds) the app, then times it under one Xvfb.
fn start(args: &[String]) -> Result<(), String> {
    let app = match args {
        [flag, path] if flag == "--app" => PathBuf::from(path),
        [] => installable_app()?,
        _ => return Err("usage: cargo xtask bench start [--app PATH]".into()),
    };
    let phr = app.with_file_name("phr");
    if !phr.is_file() {
        return Err(format!(
            "{} is not there: the benchmark makes its vault with the phr beside the app",
            phr.display()
        ));
    }
    crate::setup::system_packages()?;
    // One display for every launch, so Xvfb's own start is not counted.
    let mut runs = cmd::new("xvfb-run");
    runs.args(["-a", "--server-args=-screen 0 1280x1024x24"])
        .arg(std::env::current_exe().map_err(|e| format!("which xtask is this: {e}"))?)
        .args(["bench", "start-under-xvfb"])
        .arg(&app);
    cmd::run(&mut runs)
}

/// The installed app when there is one, else the `dist` build (built here when missing).
fn installable_app() -> Result<PathBuf, String> {
    let installed = Path::new("/usr/bin/phr-desktop");
    if installed.is_file() && Path::new("/usr/bin/phr").is_file() {
        return Ok(installed.to_path_buf());
    }
    crate::setup::ui()?;
    let mut build = cmd::cargo();
    build.args(["build", "--locked", "--profile", crate::bundle::PROFILE, "-p", "phr-desktop", "-p", "phr-cli"]);
    build.args(["--bin", "phr", "--bin", "phr-desktop"]);
    cmd::run(&mut build)?;
    Ok(crate::target_dir().join(crate::bundle::PROFILE).join("phr-desktop"))
}

/// Inside Xvfb: a vault made with the `phr` beside `app`, then the timed launches.
fn start_runs(args: &[String]) -> Result<(), String> {
    let [app] = args else { return Err("start-under-xvfb APP".into()) };
    let app = PathBuf::from(app);
    let work = crate::target_dir().join("bench-start");
    if work.exists() {
        std::fs::remove_dir_all(&work).map_err(|e| format!("remove {}: {e}", work.display()))?;
    }
    let vault = work.join("vault");
    let mut init = cmd::new(app.with_file_name("phr"));
    init.arg("init")
        .arg("--vault-dir")
        .arg(&vault)
        .env("PHR_PASSPHRASE", "orbit lantern meadow copper quietly fox")
        .env("PHR_KDF_PROFILE", "floor")
        .stdout(Stdio::null());
    cmd::run(&mut init)?;

    let mut times = Vec::new();
    for _ in 0..=START_RUNS {
        times.push(launch(&app, &vault)?);
    }
    let (first, rest) = times.split_first().ok_or("no launch")?;
    let mut rest = rest.to_vec();
    rest.sort();
    let median = rest.get(rest.len() / 2).copied().ok_or("no launch")?;
    let (fastest, slowest) = (rest.first().copied().unwrap_or(median), rest.last().copied().unwrap_or(median));
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    println!("\nstart-up: {} launched to its unlock screen, under Xvfb, on {cores} cores", app.display());
    println!(
        "  median of {START_RUNS}: {} ms (fastest {} ms, slowest {} ms; the first launch, from a cold cache: {} ms)",
        median.as_millis(),
        fastest.as_millis(),
        slowest.as_millis(),
        first.as_millis()
    );
    let verdict = if median < START_TARGET { "within" } else { "OVER" };
    println!("  target: under {} ms on 2 cores: {verdict}", START_TARGET.as_millis());
    Ok(())
}

/// One launch: the time from just before it to the app's first-screen line.
fn launch(app: &Path, vault: &Path) -> Result<Duration, String> {
    let started = Instant::now();
    let mut child = cmd::new(app)
        .arg("--vault-dir")
        .arg(vault)
        .env("PHR_REPORT_STARTUP", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not start {}: {e}", app.display()))?;
    let stderr = child.stderr.take().ok_or("no stderr")?;
    // The reader runs apart, so a launch that never shows its screen is given up on in time.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if line.trim() == FIRST_SCREEN {
                let _ = tx.send(Instant::now());
                return;
            }
        }
    });
    let shown = rx.recv_timeout(START_GIVE_UP);
    cmd::kill_tree(&mut child);
    match shown {
        Ok(at) => Ok(at.duration_since(started)),
        Err(_) => Err(format!("{} showed no first screen within {} s", app.display(), START_GIVE_UP.as_secs())),
    }
}
