//! `cargo xtask`: the project's own build and test orchestration, in plain Rust.
//!
//! - `cargo xtask run [ARGS]`  set up, then run the desktop app (ARGS go to the app) with the
//!   demo GP practice (`phr-gp-sandbox`) beside it
//! - `cargo xtask test`        set up, then every suite (each even after one fails), with a
//!   summary table of results, times and skipped tests
//! - `cargo xtask setup`       system packages, the FHIR validator's Python environment, UI
//!   dependencies and the UI build
//! - `cargo xtask e2e`         set up, then only the desktop end-to-end suite
//! - `cargo xtask bench`       the speed targets: `phr bench` figures, then criterion
//! - `cargo xtask bundle`      the installable app: the release build and its Linux packages
//! - `cargo xtask fuzz [SECONDS] [TARGET...]`  every fuzz target (or those named) for SECONDS each
//!
//! No dependencies, so it compiles in seconds before anything else. `CI=true` quietens it.

mod bench;
mod bundle;
mod cmd;
mod e2e;
mod fuzz;
mod install;
mod setup;
mod suites;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let task = args.next();
    let rest: Vec<String> = args.collect();
    let result = match task.as_deref() {
        Some("run") => run(&rest),
        Some("test") => suites::test_all(&rest),
        Some("setup") => setup::all(),
        Some("e2e") => setup::all().and_then(|()| suites::only_e2e()),
        Some("bench") => bench::all(&rest),
        Some("bundle") => bundle::task(),
        Some("fuzz") => fuzz::task(&rest, suites::fuzz_seconds_each()),
        Some("help" | "-h" | "--help") | None => {
            print!("{HELP}");
            return if task.is_none() { ExitCode::FAILURE } else { ExitCode::SUCCESS };
        }
        Some(other) => Err(format!("unknown task `{other}`\n\n{HELP}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: error: {e}");
            ExitCode::FAILURE
        }
    }
}

const HELP: &str = "\
usage: cargo xtask <task>

  run [ARGS]   set up, build and start the desktop app with ARGS (e.g. --vault-dir DIR),
               with the demo GP practice (phr-gp-sandbox) on a free loopback port
  test         set up, then every suite, each even after one fails: fmt, clippy (-D warnings),
               the Rust tests (TZ=UTC), the readings tests again at +13:00 and at -10:00,
               the fuzz targets, UI checks and unit tests, UI in a browser, desktop
               end-to-end, and the install test (the .deb installed, started, removed). Prints each suite's result and time and every test skipped for
               want of a tool (under CI=true a missing tool fails the test instead); exits
               non-zero if any failed.
               `test SUITE...` runs only those (fmt, clippy, rust, readings-east, ...)
  setup        install missing system packages (Debian/Ubuntu), make the FHIR validator's
               Python environment (target/fhir-validate, from tools/fhir-validate/
               requirements.txt), install cargo-fuzz, npm ci and build the UI
  e2e          set up, then only the desktop end-to-end suite (real app, tauri-driver, Xvfb)
  bench [--quick]  the speed targets: `phr bench import` and `phr bench readings` (each
               figure beside its target), the app's start-up, then the criterion benchmarks
               (skipped with --quick)
  bench start [--app PATH]  the installable app (installed, or the dist build) from launch
               to its unlock screen under Xvfb, the median of 7 beside its target (1 s)
  bundle       the installable app: `phr` and the desktop app in the dist profile (LTO,
               stripped), then a .deb and an .rpm through the Tauri bundler (pinned, in
               tools/bundle/); prints each file's size. No AppImage (its tools would be
               downloaded)
  fuzz [SECONDS] [TARGET...]  install cargo-fuzz if missing, build the fuzz targets in fuzz/
               (libFuzzer, --sanitizer none, stable Rust) and run each (or those named) for
               SECONDS (default: the fuzz suite's), two at a time, failing on a crash, an
               out-of-memory (-rss_limit_mb) or a hang (-timeout). Crashes go to
               fuzz/artifacts/<target>/, new inputs to target/fuzz-corpus/<target>/
";

fn run(args: &[String]) -> Result<(), String> {
    setup::all()?;
    let app = e2e::build_desktop()?;
    // The demo GP practice runs beside the app, so "Connect to my GP practice" offers it.
    let practice = DemoPractice::start()?;
    println!("Demo Practice (sandbox) at {} (its synthetic patients are listed above)", practice.url);
    let mut desktop = cmd::new(&app);
    desktop.args(args).env("PHR_GP_SANDBOX_URL", &practice.url);
    cmd::run(&mut desktop)
}

/// `phr-gp-sandbox` on a free loopback port; stopped when dropped (when the app exits).
struct DemoPractice {
    child: std::process::Child,
    url: String,
    /// Kept open so the sandbox never writes to a closed pipe.
    _stdout: std::io::BufReader<std::process::ChildStdout>,
}

impl DemoPractice {
    fn start() -> Result<Self, String> {
        use std::io::BufRead;
        let bin = target_dir().join("debug/phr-gp-sandbox");
        if !bin.exists() {
            // The test build above makes it (the crate has integration tests); this is a fallback.
            cmd::run(cmd::cargo().args(["build", "-p", "phr-gp-sandbox", "--locked"]))?;
        }
        let mut child = cmd::new(&bin)
            .args(["--port", "0"])
            .stdout(std::process::Stdio::piped())
            .spawn()
            .map_err(|e| format!("could not start {}: {e}", bin.display()))?;
        let Some(stdout) = child.stdout.take() else {
            let _ = child.kill();
            return Err("phr-gp-sandbox: no stdout".into());
        };
        // Its first line is its URL.
        let mut stdout = std::io::BufReader::new(stdout);
        let mut line = String::new();
        let url = match stdout.read_line(&mut line) {
            Ok(n) if n > 0 && line.trim().starts_with("http://127.0.0.1:") => line.trim().to_owned(),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("phr-gp-sandbox did not print its URL (got {line:?})"));
            }
        };
        Ok(Self { child, url, _stdout: stdout })
    }
}

impl Drop for DemoPractice {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The workspace root: xtask lives one level below it.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask is inside the workspace")
}

/// Cargo's target directory, honouring `CARGO_TARGET_DIR`.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => root().join(dir),
        _ => root().join("target"),
    }
}

/// Whether to print less (`CI=true` or `CI=1`).
pub fn quiet() -> bool {
    matches!(std::env::var("CI").as_deref(), Ok("true" | "1"))
}
