//! `cargo xtask test`: every suite in order, stopping at the first failure, with a summary
//! table either way.

use std::time::{Duration, Instant};

use crate::{cmd, e2e, setup};

/// One suite: a name for the table and what it runs.
struct Suite {
    name: &'static str,
    what: &'static str,
    run: fn() -> Result<(), String>,
}

const SUITES: &[Suite] = &[
    Suite { name: "rust", what: "cargo test --workspace", run: rust },
    Suite { name: "ui", what: "npm run check, npm test (ui/)", run: ui_unit },
    Suite { name: "ui-browser", what: "npm run test:browser (ui/)", run: ui_browser },
    Suite { name: "desktop-e2e", what: "real app via tauri-driver under Xvfb", run: e2e::run },
];

enum Outcome {
    Passed(Duration),
    Failed(Duration, String),
    NotRun,
}

pub fn test_all() -> Result<(), String> {
    let started = Instant::now();
    let setup_result = setup::all();
    let setup_time = started.elapsed();
    if let Err(e) = setup_result {
        return Err(format!("set-up failed, so no suite ran: {e}"));
    }

    let mut outcomes = Vec::new();
    let mut failed = false;
    for suite in SUITES {
        if failed {
            outcomes.push(Outcome::NotRun);
            continue;
        }
        println!("\nxtask: === {} ({}) ===", suite.name, suite.what);
        let t = Instant::now();
        match (suite.run)() {
            Ok(()) => outcomes.push(Outcome::Passed(t.elapsed())),
            Err(e) => {
                failed = true;
                outcomes.push(Outcome::Failed(t.elapsed(), e));
            }
        }
    }
    summary(setup_time, &outcomes, started.elapsed())
}

pub fn only_e2e() -> Result<(), String> {
    e2e::run()
}

fn summary(setup: Duration, outcomes: &[Outcome], total: Duration) -> Result<(), String> {
    println!("\nxtask: summary");
    println!("  {:<12} {:<8} {:>8}", "suite", "result", "time");
    println!("  {:<12} {:<8} {:>8}", "set-up", "ok", secs(setup));
    let (mut passed, mut failed) = (0, 0);
    let mut first_error = None;
    for (suite, outcome) in SUITES.iter().zip(outcomes) {
        let (result, time) = match outcome {
            Outcome::Passed(d) => {
                passed += 1;
                ("passed", secs(*d))
            }
            Outcome::Failed(d, e) => {
                failed += 1;
                first_error.get_or_insert_with(|| format!("{}: {e}", suite.name));
                ("FAILED", secs(*d))
            }
            Outcome::NotRun => ("not run", "-".to_string()),
        };
        println!("  {:<12} {:<8} {:>8}", suite.name, result, time);
    }
    println!("  {:<12} {:<8} {:>8}", "total", "", secs(total));
    println!("xtask: {passed} passed, {failed} failed");
    match first_error {
        None => Ok(()),
        Some(e) => Err(e),
    }
}

fn secs(d: Duration) -> String {
    let s = d.as_secs();
    if s >= 60 { format!("{}m{:02}s", s / 60, s % 60) } else { format!("{:.1}s", d.as_secs_f64()) }
}

fn rust() -> Result<(), String> {
    let mut c = cmd::cargo();
    // Every failing test binary is reported, not only the first.
    c.args(["test", "--workspace", "--locked", "--no-fail-fast"]);
    if crate::quiet() {
        c.arg("--quiet");
    }
    cmd::run(&mut c)
}

fn ui_unit() -> Result<(), String> {
    npm_script("check")?;
    npm_script("test")
}

fn ui_browser() -> Result<(), String> {
    npm_script("test:browser")
}

fn npm_script(script: &str) -> Result<(), String> {
    let mut c = setup::npm(&crate::root().join("ui"));
    c.args(["run", script]);
    if crate::quiet() {
        c.arg("--silent");
    }
    cmd::run(&mut c)
}
