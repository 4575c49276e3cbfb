//! The desktop end-to-end suite: the real `phr-desktop` binary, driven through tauri-driver
//! (which runs WebKitWebDriver) on an Xvfb display, by the Node tests in `tests/e2e/`.

use std::path::PathBuf;

use crate::cmd;

/// Builds `target/debug/phr-desktop` and returns its path.
///
/// Deliberately `cargo test --workspace --no-run`, not `cargo build -p phr-desktop`: Cargo
/// picks dependency features per invocation, and the test build (all members plus their
/// dev-dependencies) switches on a few features (`bitflags/std`, ...) that a lone
/// `-p phr-desktop` build does not. Those sit under GTK, WebKitGTK and Tauri, so the two
/// builds would each compile the whole stack. Building the binary the test way means the
/// Rust suite, the end-to-end suite and `cargo xtask run` share one set of artifacts
/// (`cargo test` builds the binary because src-tauri has integration tests).
///
/// The binary has the `e2e` feature (stand-ins for native dialogs, browserless GP sign-in):
/// src-tauri's dev-dependency on itself switches it on in every test build, and it is named
/// here as well so the suite does not depend on that. `cargo build --release -p phr-desktop`
/// has none of it (xtask/tests/tidy.rs checks).
pub fn build_desktop() -> Result<PathBuf, String> {
    let mut build = cmd::cargo();
    build.args(["test", "--workspace", "--locked", "--no-run", "--features", "phr-desktop/e2e"]);
    if crate::quiet() {
        build.arg("--quiet");
    }
    // The list of test executables it built is noise here.
    cmd::run_hiding(&mut build, "Executable ")?;
    let app = crate::target_dir().join("debug/phr-desktop");
    if app.exists() { Ok(app) } else { Err(format!("{} was not built", app.display())) }
}

/// Runs the suite; `limit_secs` stops it when it takes longer.
pub fn run(limit_secs: Option<u64>) -> Result<(), String> {
    let app = build_desktop()?;
    let sandbox = build_gp_sandbox()?;

    let driver = tauri_driver()?;
    if cmd::which("WebKitWebDriver").is_none() {
        return Err("WebKitWebDriver is not on PATH (Debian/Ubuntu: webkit2gtk-driver)".into());
    }
    if cmd::which("xvfb-run").is_none() {
        return Err("xvfb-run is not on PATH (Debian/Ubuntu: xvfb)".into());
    }

    let artifacts = crate::target_dir().join("e2e-artifacts");
    let mut test = cmd::new("xvfb-run");
    test.args(["-a", "--server-args=-screen 0 1280x1024x24"])
        .args(["node", "--test", "--test-concurrency=1", "--test-reporter=spec"])
        .args(e2e_files()?)
        .env("PHR_DESKTOP_BIN", &app)
        .env("PHR_GP_SANDBOX_BIN", &sandbox)
        .env("TAURI_DRIVER", &driver)
        .env("PHR_E2E_ARTIFACTS", &artifacts);
    let result = match limit_secs {
        Some(limit) => cmd::run_for(&mut test, limit),
        None => cmd::run(&mut test),
    };
    result.map_err(|e| format!("{e}; screenshots in {}", artifacts.display()))
}

/// Builds `target/debug/phr-gp-sandbox` (the demo GP practice the record story imports from)
/// and returns its path.
fn build_gp_sandbox() -> Result<PathBuf, String> {
    let mut build = cmd::cargo();
    build.args(["build", "-p", "phr-gp-sandbox", "--locked"]);
    if crate::quiet() {
        build.arg("--quiet");
    }
    cmd::run(&mut build)?;
    let bin = crate::target_dir().join("debug/phr-gp-sandbox");
    if bin.exists() { Ok(bin) } else { Err(format!("{} was not built", bin.display())) }
}

/// tauri-driver from PATH or cargo's bin folder, installing it (a minute or two) if absent.
pub fn tauri_driver() -> Result<PathBuf, String> {
    if let Some(p) = cmd::which("tauri-driver") {
        return Ok(p);
    }
    let cargo_bin = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .map(|home| home.join("bin/tauri-driver"));
    if let Some(p) = cargo_bin.as_ref().filter(|p| p.exists()) {
        return Ok(p.clone());
    }
    println!("xtask: tauri-driver not found; installing it");
    let mut install = cmd::cargo();
    install.args(["install", "tauri-driver", "--locked"]);
    if crate::quiet() {
        install.arg("--quiet");
    }
    cmd::run(&mut install)?;
    cargo_bin
        .filter(|p| p.exists())
        .or_else(|| cmd::which("tauri-driver"))
        .ok_or_else(|| "tauri-driver was installed but cannot be found".into())
}

/// Every `tests/e2e/*.test.mjs`, in name order: each suite starts its own app.
fn e2e_files() -> Result<Vec<String>, String> {
    let dir = crate::root().join("tests/e2e");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .map_err(|e| format!("list {}: {e}", dir.display()))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".test.mjs"))
        .map(|n| format!("tests/e2e/{n}"))
        .collect();
    files.sort();
    Ok(files)
}
