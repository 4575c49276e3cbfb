//! `cargo xtask test`: every suite in order, each one run even when an earlier one failed, then
//! a summary table (each suite's result and time, and every test that skipped for want of a
//! tool) and a non-zero exit when any failed.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::{cmd, e2e, setup};

/// One suite: a name for the table, what it runs, and how much work it may do.
struct Suite {
    name: &'static str,
    what: &'static str,
    run: fn(&Suite) -> Result<(), String>,
    /// Property-test cases per property (`PHR_PROPTEST_CASES`); `None` keeps each property's own.
    cases: Option<u32>,
    /// Seconds after which the suite is stopped and counted as failed.
    limit_secs: u64,
    /// Seconds each fuzz target runs (the fuzz suite, and `cargo xtask fuzz`'s default).
    seconds_each: Option<u64>,
    /// Kills per write path in the crash tests, and runs per path and kind of fault in the
    /// fault tests (`PHR_CRASH_LOOPS`, phr-cli's tests/crash.rs and tests/faults.rs); `None`
    /// keeps their own (20).
    crash_loops: Option<u32>,
    /// What the summary says of the suite beside its result: what it leaves out, and why.
    note: Option<&'static str>,
}

/// Every suite, in order, with the heavy ones' counts and time limits in one place.
const SUITES: &[Suite] = &[
    Suite {
        name: "fmt",
        what: "cargo fmt --check, the workspace and tools/bundle",
        run: fmt,
        cases: None,
        limit_secs: 300,
        seconds_each: None,
        crash_loops: None,
        note: None,
    },
    Suite {
        name: "clippy",
        what: "cargo clippy -D warnings: the workspace, phr-cli with its bench feature, tools/bundle",
        run: clippy,
        cases: None,
        limit_secs: 1800,
        seconds_each: None,
        crash_loops: None,
        note: None,
    },
    Suite {
        name: "rust",
        what: "cargo test --workspace, TZ=UTC",
        run: rust,
        cases: None,
        limit_secs: 2700,
        seconds_each: None,
        // 20 kills per write path and 20 fault runs per path (thirteen paths): about 140 s of
        // CPU, 1.5 to 2 minutes of the suite on two cores (at least 20 in CI; 100+ by hand).
        crash_loops: Some(20),
        note: None,
    },
    Suite {
        name: "readings-east",
        what: "the readings tests at +13:00 (Tonga)",
        run: readings_east,
        cases: None,
        limit_secs: 900,
        seconds_each: None,
        crash_loops: None,
        note: None,
    },
    Suite {
        name: "readings-west",
        what: "the readings tests at -10:00 (Hawaii)",
        run: readings_west,
        cases: None,
        limit_secs: 900,
        seconds_each: None,
        crash_loops: None,
        note: None,
    },
    // Sixteen targets, two at a time on two cores: 8 rounds of 35 s is under 5 minutes, after
    // a build of 3 to 5 minutes from cold, so the suite stays near 9 minutes of the CI budget
    // (45 minutes in all, of which the install suite's LTO build takes about 12). Longer runs
    // by hand: `cargo xtask fuzz SECONDS`.
    Suite {
        name: "fuzz",
        what: "every fuzz target under libFuzzer (cargo-fuzz, stable), memory and time limited",
        run: fuzz,
        cases: None,
        limit_secs: 1080,
        seconds_each: Some(35),
        crash_loops: None,
        note: None,
    },
    Suite {
        name: "ui",
        what: "npm run check, npm test (ui/)",
        run: ui_unit,
        cases: None,
        limit_secs: 900,
        seconds_each: None,
        crash_loops: None,
        note: None,
    },
    Suite {
        name: "ui-browser",
        what: "npm run test:browser (ui/)",
        run: ui_browser,
        cases: None,
        limit_secs: 900,
        seconds_each: None,
        crash_loops: None,
        note: None,
    },
    Suite {
        name: "desktop-e2e",
        what: "real app via tauri-driver under Xvfb",
        run: desktop_e2e,
        cases: None,
        limit_secs: 1800,
        seconds_each: None,
        crash_loops: None,
        note: None,
    },
    Suite {
        name: "gp-conformance",
        what: "phr import gp against oidc-provider and a FHIR facade, signing in through headless Chromium",
        run: gp_conformance,
        cases: None,
        limit_secs: 600,
        seconds_each: None,
        crash_loops: None,
        note: None,
    },
    Suite {
        name: "install",
        what: "cargo xtask bundle's dist build and .deb, installed with apt-get, started under Xvfb, a share opened from the desktop, purged",
        run: install,
        cases: None,
        // The dist build from cold (LTO) is most of it: 10 to 11 minutes on two cores.
        limit_secs: 1500,
        seconds_each: None,
        crash_loops: None,
        note: None,
    },
];

/// The time zone of the Rust suites. UTC, so a result never depends on where or on which day of
/// the year (summer time) the suites run; the readings suites below add the far offsets.
const TZ_MAIN: &str = "UTC";
/// POSIX TZ strings, so they need no tz database: +13:00 and -10:00 all year, as in Tonga and
/// Hawaii. Between them a local day starts 23 hours apart, which finds any test that mixes a
/// local date with a UTC one.
const TZ_EAST: &str = "<+13>-13";
const TZ_WEST: &str = "<-10>10";

enum Outcome {
    Passed(Duration),
    Failed(Duration, String),
}

/// Below this much free disk at the start, the run says so: a cold run's builds (tests, fuzz
/// targets, the desktop app) need about this much, and a full disk fails a link with a bus
/// error that names no cause.
const DISK_NEEDED: u64 = 20 << 30;

/// Every suite, or only those named in `only`.
pub fn test_all(only: &[String]) -> Result<(), String> {
    if let Some(unknown) = only.iter().find(|n| !SUITES.iter().any(|s| s.name == n.as_str())) {
        let names: Vec<&str> = SUITES.iter().map(|s| s.name).collect();
        return Err(format!("no suite `{unknown}`; the suites are {}", names.join(", ")));
    }
    let chosen: Vec<&Suite> = SUITES.iter().filter(|s| only.is_empty() || only.iter().any(|n| n == s.name)).collect();
    let started = Instant::now();
    let setup_result = setup::all();
    let setup_time = started.elapsed();
    if let Err(e) = setup_result {
        return Err(format!("set-up failed, so no suite ran: {e}"));
    }
    let skipped_log = skipped_log();
    if let Some(dir) = skipped_log.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("create {}: {e}", dir.display()))?;
    }
    // A fresh list each run: only this run's skips are reported.
    std::fs::write(&skipped_log, "").map_err(|e| format!("write {}: {e}", skipped_log.display()))?;

    let target = crate::target_dir();
    match cmd::free_bytes(&target) {
        Some(free) if free < DISK_NEEDED => println!(
            "xtask: WARNING: only {} free where {} is; a run from cold needs about {}",
            gib(free),
            target.display(),
            gib(DISK_NEEDED)
        ),
        Some(free) => println!("xtask: {} free for {}", gib(free), target.display()),
        None => {}
    }

    let mut outcomes = Vec::new();
    let mut free_after = Vec::new();
    for suite in chosen.iter().copied() {
        println!("\nxtask: === {} ({}) ===", suite.name, suite.what);
        let t = Instant::now();
        match (suite.run)(suite) {
            Ok(()) => outcomes.push(Outcome::Passed(t.elapsed())),
            Err(e) => {
                println!("xtask: {} FAILED: {e}", suite.name);
                outcomes.push(Outcome::Failed(t.elapsed(), e));
            }
        }
        free_after.push(cmd::free_bytes(&target));
    }
    summary(setup_time, &chosen, &outcomes, &free_after, started.elapsed(), &skipped_log)
}

pub fn only_e2e() -> Result<(), String> {
    e2e::run(None)
}

/// Where the tests record what they skipped (`PHR_SKIPPED_LOG`, read by `tests/support`).
fn skipped_log() -> PathBuf {
    crate::target_dir().join("xtask/skipped.log")
}

fn summary(
    setup: Duration,
    suites: &[&Suite],
    outcomes: &[Outcome],
    free_after: &[Option<u64>],
    total: Duration,
    skipped_log: &std::path::Path,
) -> Result<(), String> {
    println!("\nxtask: summary");
    println!("  {:<14} {:<8} {:>8} {:>12}", "suite", "result", "time", "disk free");
    println!("  {:<14} {:<8} {:>8}", "set-up", "ok", secs(setup));
    let mut failed = Vec::new();
    for ((suite, outcome), free) in suites.iter().zip(outcomes).zip(free_after) {
        let (result, time) = match outcome {
            Outcome::Passed(d) => ("passed", secs(*d)),
            Outcome::Failed(d, e) => {
                failed.push(format!("{}: {e}", suite.name));
                ("FAILED", secs(*d))
            }
        };
        let free = free.map(gib).unwrap_or_default();
        println!("  {:<14} {:<8} {:>8} {:>12}", suite.name, result, time, free);
    }
    println!("  {:<14} {:<8} {:>8}", "total", "", secs(total));
    for suite in suites {
        if let Some(note) = suite.note {
            println!("xtask: {}: {note}", suite.name);
        }
        if let Some(loops) = suite.crash_loops {
            println!(
                "xtask: {}: crash and fault loops at {loops} per write path (PHR_CRASH_LOOPS; each path's figures are in its output)",
                suite.name
            );
        }
    }
    let text = std::fs::read_to_string(skipped_log).unwrap_or_default();
    let mut skipped: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    skipped.sort_unstable();
    skipped.dedup();
    if skipped.is_empty() {
        println!("xtask: no test skipped");
    } else {
        println!("xtask: {} tests skipped for want of a tool (under CI they fail):", skipped.len());
        for line in &skipped {
            println!("  - {line}");
        }
    }
    println!("xtask: {} passed, {} failed", outcomes.len() - failed.len(), failed.len());
    if failed.is_empty() { Ok(()) } else { Err(failed.join("\n  ")) }
}

fn gib(bytes: u64) -> String {
    format!("{:.1} GiB", bytes as f64 / f64::from(1u32 << 30))
}

fn secs(d: Duration) -> String {
    let s = d.as_secs();
    if s >= 60 { format!("{}m{:02}s", s / 60, s % 60) } else { format!("{:.1}s", d.as_secs_f64()) }
}

fn fmt(suite: &Suite) -> Result<(), String> {
    let mut c = cmd::cargo();
    c.args(["fmt", "--all", "--check"]);
    cmd::run_for(&mut c, suite.limit_secs)?;
    // The packaging tool is a workspace of its own, which `--all` does not reach.
    let mut tool = cmd::cargo();
    tool.args(["fmt", "--check", "--manifest-path", crate::bundle::TOOL_MANIFEST]);
    cmd::run_for(&mut tool, suite.limit_secs)
}

fn clippy(suite: &Suite) -> Result<(), String> {
    let mut c = cmd::cargo();
    c.args(["clippy", "--workspace", "--all-targets", "--locked"]);
    if crate::quiet() {
        c.arg("--quiet");
    }
    c.args(["--", "-D", "warnings"]);
    cmd::run_for(&mut c, suite.limit_secs)?;
    // `phr bench` is compiled only with the bench feature, which the workspace run leaves off.
    let mut bench = cmd::cargo();
    bench.args(["clippy", "-p", "phr-cli", "--features", "bench", "--all-targets", "--locked"]);
    if crate::quiet() {
        bench.arg("--quiet");
    }
    bench.args(["--", "-D", "warnings"]);
    cmd::run_for(&mut bench, suite.limit_secs)?;
    // The packaging tool, a workspace of its own, checked into its own target folder (where the
    // install suite builds it).
    let mut tool = cmd::cargo();
    tool.args(["clippy", "--locked", "--manifest-path", crate::bundle::TOOL_MANIFEST, "--target-dir"]);
    tool.arg(crate::bundle::tool_target_dir());
    if crate::quiet() {
        tool.arg("--quiet");
    }
    tool.args(["--", "-D", "warnings"]);
    cmd::run_for(&mut tool, suite.limit_secs)
}

/// `cargo` for a test run: the pinned time zone, where to record skips, the FHIR validator's
/// environment, the suite's property-test cases and its crash and fault loops.
fn cargo_test(suite: &Suite, tz: &str) -> Command {
    let mut c = cmd::cargo();
    c.env("TZ", tz).env("PHR_SKIPPED_LOG", skipped_log()).env("PHR_FHIR_VENV", setup::fhir_venv());
    if let Some(cases) = suite.cases {
        c.env("PHR_PROPTEST_CASES", cases.to_string());
    }
    if let Some(loops) = suite.crash_loops {
        c.env("PHR_CRASH_LOOPS", loops.to_string());
    }
    // --no-fail-fast: every failing test binary is reported, not only the first.
    c.args(["test", "--locked", "--no-fail-fast"]);
    if crate::quiet() {
        c.arg("--quiet");
    }
    c
}

fn rust(suite: &Suite) -> Result<(), String> {
    let mut c = cargo_test(suite, TZ_MAIN);
    c.arg("--workspace");
    cmd::run_for(&mut c, suite.limit_secs)
}

fn readings_east(suite: &Suite) -> Result<(), String> {
    readings_in(suite, TZ_EAST)
}

fn readings_west(suite: &Suite) -> Result<(), String> {
    readings_in(suite, TZ_WEST)
}

/// The readings tests of every layer (core, vault, facade, command line; unit and integration)
/// in time zone `tz`.
fn readings_in(suite: &Suite, tz: &str) -> Result<(), String> {
    // Always --workspace: Cargo unifies features per invocation, and a `-p` subset would
    // rebuild the shared dependencies with other features (minutes) instead of reusing the
    // rust suite's build.
    let runs: [&[&str]; 3] = [
        &["--workspace", "--lib", "--", "readings::"],
        &["--workspace", "--test", "readings", "--test", "reading"],
        &["--workspace", "--test", "vault", "--", "readings::"],
    ];
    let deadline = Instant::now() + Duration::from_secs(suite.limit_secs);
    let mut failed = Vec::new();
    for args in runs {
        let mut c = cargo_test(suite, tz);
        c.args(args);
        let left = deadline.saturating_duration_since(Instant::now()).as_secs().max(1);
        if let Err(e) = cmd::run_for(&mut c, left) {
            failed.push(e);
        }
    }
    if failed.is_empty() { Ok(()) } else { Err(failed.join("; ")) }
}

fn fuzz(suite: &Suite) -> Result<(), String> {
    let result = crate::fuzz::run(suite.seconds_each.unwrap_or_default(), &[], Some(suite.limit_secs));
    // Under CI the fuzz build (several gigabytes, no later suite uses it) goes once it has run,
    // leaving the room to the desktop app's build; its logs and any crash stay.
    if crate::quiet() {
        crate::fuzz::remove_build();
    }
    result
}

/// The fuzz suite's seconds per target: `cargo xtask fuzz`'s default too.
pub fn fuzz_seconds_each() -> u64 {
    SUITES.iter().find_map(|s| s.seconds_each).unwrap_or_default()
}

fn ui_unit(suite: &Suite) -> Result<(), String> {
    npm_script("check", suite.limit_secs)?;
    npm_script("test", suite.limit_secs)
}

fn ui_browser(suite: &Suite) -> Result<(), String> {
    npm_script("test:browser", suite.limit_secs)
}

fn desktop_e2e(suite: &Suite) -> Result<(), String> {
    e2e::run(Some(suite.limit_secs))
}

/// The GP client against an independent authorization server (tests/conformance/): its npm
/// packages (oidc-provider, playwright-core), then the tests with the test build's `phr`; and
/// NHS login through the broker (`phr-broker` signing the `private_key_jwt` assertion, the ID
/// token checked by phr-gp's `validate_id_token` through its example tool).
fn gp_conformance(suite: &Suite) -> Result<(), String> {
    let dir = crate::root().join("tests/conformance");
    setup::npm_ci(&dir)?;
    let app = e2e::build_desktop()?;
    let phr = app.with_file_name("phr");
    // Two builds: a target selection (`--example`) would leave the broker's binary out.
    let mut broker = cmd::cargo();
    broker.args(["build", "--locked", "-p", "phr-broker"]);
    cmd::run(&mut broker)?;
    let mut check = cmd::cargo();
    check.args(["build", "--locked", "-p", "phr-gp", "--example", "nhs_login_check_id_token"]);
    cmd::run(&mut check)?;
    let debug = crate::target_dir().join("debug");
    let mut test = cmd::new("node");
    test.args([
        "--test",
        "--test-concurrency=1",
        "--test-reporter=spec",
        "tests/conformance/conformance.test.mjs",
        "tests/conformance/nhs-login.test.mjs",
    ])
    .env("PHR_BIN", &phr)
    .env("PHR_BROKER_BIN", debug.join("phr-broker"))
    .env("PHR_ID_TOKEN_CHECK_BIN", debug.join("examples/nhs_login_check_id_token"))
    // Sign-in goes to $BROWSER (the tests' own headless Chromium) through xdg-open, which
    // a desktop session's settings would send to that desktop's browser instead.
    .env_remove("XDG_CURRENT_DESKTOP")
    .env_remove("DESKTOP_SESSION")
    .env_remove("KDE_FULL_SESSION")
    .env_remove("GNOME_DESKTOP_SESSION_ID");
    cmd::run_for(&mut test, suite.limit_secs)
}

fn install(suite: &Suite) -> Result<(), String> {
    crate::install::run(suite.limit_secs)
}

fn npm_script(script: &str, limit_secs: u64) -> Result<(), String> {
    let mut c = setup::npm(&crate::root().join("ui"));
    c.args(["run", script]);
    if crate::quiet() {
        c.arg("--silent");
    }
    cmd::run_for(&mut c, limit_secs)
}
