//! `cargo xtask bundle`: the installable app. Builds `phr` and the desktop app in the `dist`
//! profile (LTO, stripped), then the Linux packages through the Tauri bundler (tauri-cli,
//! pinned, installed from crates.io when missing): a `.deb`, and an `.rpm` where `rpmbuild`
//! is not needed (the bundler writes it itself). The AppImage is skipped: its tools are
//! downloaded at build time, and nothing here downloads a prebuilt tool.
//!
//! The `.deb` holds the app (`/usr/bin/phr-desktop`), the command line (`/usr/bin/phr`), the
//! icons, a desktop entry in the MedicalSoftware category that opens `.phrshare` and
//! `.phrbackup` files, and their MIME types (`packaging/linux/`).

use std::path::{Path, PathBuf};

use crate::{cmd, setup};

/// The tauri-cli the bundle is made with: the newest 2.x, matching the workspace's `tauri`
/// crate (2.12). Installed with `--locked` when `cargo tauri --version` names another.
pub const TAURI_CLI_VERSION: &str = "2.12.4";

/// The Cargo profile of the installable binaries (the workspace Cargo.toml's `[profile.dist]`).
pub const PROFILE: &str = "dist";

/// What `bundle` made: the packages and the binaries in them, for the install suite.
pub struct Bundled {
    pub deb: PathBuf,
    pub rpm: Option<PathBuf>,
    pub app: PathBuf,
    pub cli: PathBuf,
}

/// `cargo xtask bundle`.
pub fn task() -> Result<(), String> {
    let bundled = all()?;
    println!("\nxtask: bundle: made");
    for (what, path) in [
        ("app", Some(&bundled.app)),
        ("phr", Some(&bundled.cli)),
        (".deb", Some(&bundled.deb)),
        (".rpm", bundled.rpm.as_ref()),
    ]
    .into_iter()
    .filter_map(|(w, p)| p.map(|p| (w, p)))
    {
        println!("  {what:<5} {:>8}  {}", size(path), path.display());
    }
    if bundled.rpm.is_none() {
        println!("xtask: bundle: no .rpm (the bundler made none here)");
    }
    println!("xtask: bundle: AppImage skipped: the bundler would download its tools (linuxdeploy, appimagetool)");
    Ok(())
}

/// Set-up (system packages, the UI build), tauri-cli, then the binaries and packages.
pub fn all() -> Result<Bundled, String> {
    setup::system_packages()?;
    setup::ui()?;
    tauri_cli()?;
    let profile_dir = crate::target_dir().join(PROFILE);

    // `phr` first: the .deb maps /usr/bin/phr to it.
    let mut cli = cmd::cargo();
    cli.args(["build", "--locked", "--profile", PROFILE, "-p", "phr-cli", "--bin", "phr"]);
    cmd::run(&mut cli)?;
    let phr = profile_dir.join("phr");

    // The path of `phr` as this build made it (CARGO_TARGET_DIR may move it), over the
    // configuration's default.
    let files = serde_free_json_files(&phr)?;
    let mut tauri = cmd::cargo();
    tauri
        .current_dir(crate::root().join("src-tauri"))
        .args(["tauri", "build", "--ci", "--bundles", "deb,rpm", "--config"])
        .arg(files)
        .args(["--", "--locked", "--profile", PROFILE]);
    // The bundler finds the binary under CARGO_TARGET_DIR; say where it is.
    tauri.env("CARGO_TARGET_DIR", crate::target_dir());
    cmd::run(&mut tauri)?;

    let bundles = profile_dir.join("bundle");
    let deb =
        newest(&bundles.join("deb"), "deb").ok_or_else(|| format!("no .deb in {}", bundles.join("deb").display()))?;
    let rpm = newest(&bundles.join("rpm"), "rpm");
    Ok(Bundled { deb, rpm, app: profile_dir.join("phr-desktop"), cli: phr })
}

/// Installs tauri-cli [`TAURI_CLI_VERSION`] unless `cargo tauri --version` already names it.
pub fn tauri_cli() -> Result<(), String> {
    let mut version = cmd::cargo();
    version.args(["tauri", "--version"]);
    if cmd::output(&mut version).is_some_and(|v| v.split_whitespace().any(|w| w == TAURI_CLI_VERSION)) {
        if !crate::quiet() {
            println!("xtask: tauri-cli {TAURI_CLI_VERSION} is installed");
        }
        return Ok(());
    }
    println!("xtask: installing tauri-cli {TAURI_CLI_VERSION} (several minutes the first time)");
    let mut install = cmd::cargo();
    install.args(["install", "tauri-cli", "--version", &format!("={TAURI_CLI_VERSION}"), "--locked"]);
    if crate::quiet() {
        install.arg("--quiet");
    }
    cmd::run(&mut install)
}

/// The `--config` override naming this build's `phr` (and the MIME types, which the override
/// would otherwise drop: Tauri merges `files` as a whole).
fn serde_free_json_files(phr: &Path) -> Result<String, String> {
    let phr = phr.to_str().ok_or_else(|| format!("{} is not UTF-8", phr.display()))?;
    if phr.contains('"') || phr.contains('\\') {
        return Err(format!("{phr}: a path with quotes or backslashes cannot be named in the bundle's configuration"));
    }
    let mime = crate::root().join("packaging/linux/my-health-record.xml");
    let mime = mime.to_str().ok_or("the checkout's path is not UTF-8")?;
    let files = format!(r#"{{"/usr/bin/phr":"{phr}","/usr/share/mime/packages/my-health-record.xml":"{mime}"}}"#);
    Ok(format!(r#"{{"bundle":{{"linux":{{"deb":{{"files":{files}}},"rpm":{{"files":{files}}}}}}}}}"#))
}

/// The most recently written file ending in `.ext` in `dir`.
fn newest(dir: &Path, ext: &str) -> Option<PathBuf> {
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .max_by_key(|p| p.metadata().and_then(|m| m.modified()).ok())
}

/// A file's size in MB, for the summary.
pub fn size(path: &Path) -> String {
    let bytes = path.metadata().map(|m| m.len()).unwrap_or(0);
    format!("{:.1} MB", bytes as f64 / 1_000_000.0)
}
