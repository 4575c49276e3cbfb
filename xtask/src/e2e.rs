//! The desktop end-to-end suite: the real `phr-desktop` binary, driven through tauri-driver
//! (which runs WebKitWebDriver) on an Xvfb display, by the Node tests in `tests/e2e/`.

use std::path::PathBuf;

use crate::cmd;

pub fn run() -> Result<(), String> {
    // Same profile and features as `cargo test --workspace` builds the binary with, so after
    // the Rust suite this only relinks (if anything).
    let mut build = cmd::cargo();
    build.args(["build", "-p", "phr-desktop", "--locked"]);
    if crate::quiet() {
        build.arg("--quiet");
    }
    cmd::run(&mut build)?;
    let app = crate::target_dir().join("debug/phr-desktop");
    if !app.exists() {
        return Err(format!("{} was not built", app.display()));
    }

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
        .args(["node", "--test", "--test-reporter=spec", "tests/e2e/desktop.test.mjs"])
        .env("PHR_DESKTOP_BIN", &app)
        .env("TAURI_DRIVER", &driver)
        .env("PHR_E2E_ARTIFACTS", &artifacts);
    cmd::run(&mut test).map_err(|e| format!("{e}; screenshots in {}", artifacts.display()))
}

/// tauri-driver from PATH or cargo's bin folder, installing it (a minute or two) if absent.
fn tauri_driver() -> Result<PathBuf, String> {
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
