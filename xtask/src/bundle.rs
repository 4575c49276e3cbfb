//! `cargo xtask bundle`: the installable app. Builds `phr` and the desktop app in the `dist`
//! profile (LTO, stripped), then the Linux packages with the Tauri bundler: a `.deb`, and an
//! `.rpm` (the bundler writes it itself; no `rpmbuild`). The AppImage is never made: its tools
//! would be downloaded at build time, and nothing here downloads a prebuilt tool.
//!
//! The bundler is tauri-cli's own library (tauri-bundler, pinned in `tools/bundle/`), run by a
//! small tool that reads `src-tauri/tauri.conf.json` as tauri-cli does. Installing tauri-cli
//! compiles for over 20 minutes on two cores; the tool for about three, which lets the CI
//! install suite build, package and install the app on every run.
//!
//! The `.deb` holds the app (`/usr/bin/phr-desktop`), the command line (`/usr/bin/phr`), the
//! icons, a desktop entry in the MedicalSoftware category that opens `.phrshare` and
//! `.phrbackup` files, and their MIME types (`packaging/linux/`).

use std::path::{Path, PathBuf};

use crate::cmd;

/// The Cargo profile of the installable binaries (the workspace Cargo.toml's `[profile.dist]`).
pub const PROFILE: &str = "dist";

/// The app's version, which the packages carry (the workspace's, as xtask's own).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The packages made from one folder of binaries.
pub struct Packages {
    pub deb: PathBuf,
    pub rpm: Option<PathBuf>,
}

/// `cargo xtask bundle`.
pub fn task() -> Result<(), String> {
    crate::setup::system_packages()?;
    crate::setup::ui()?;
    let dir = build_dist(None)?;
    let packages = package(&dir, true)?;

    println!("\nxtask: bundle: made");
    let app = dir.join("phr-desktop");
    let cli = dir.join("phr");
    for (what, path) in
        [("app", Some(&app)), ("phr", Some(&cli)), (".deb", Some(&packages.deb)), (".rpm", packages.rpm.as_ref())]
            .into_iter()
            .filter_map(|(w, p)| p.map(|p| (w, p)))
    {
        println!("  {what:<5} {:>8}  {}", size(path), path.display());
    }
    if packages.rpm.is_none() {
        println!("xtask: bundle: no .rpm (the bundler made none here)");
    }
    println!("xtask: bundle: AppImage not made: the bundler would download its tools (linuxdeploy, appimagetool)");
    Ok(())
}

/// Builds `phr-desktop` and `phr` in the [`PROFILE`] profile (stopped after `limit_secs` when
/// given) and returns the folder they are in.
pub fn build_dist(limit_secs: Option<u64>) -> Result<PathBuf, String> {
    let mut build = cmd::cargo();
    build.args(["build", "--locked", "--profile", PROFILE, "-p", "phr-desktop", "-p", "phr-cli", "--bin", "phr"]);
    build.args(["--bin", "phr-desktop"]);
    if crate::quiet() {
        build.arg("--quiet");
    }
    match limit_secs {
        Some(limit) => cmd::run_for(&mut build, limit)?,
        None => cmd::run(&mut build)?,
    }
    Ok(crate::target_dir().join(PROFILE))
}

/// Packages `phr-desktop` and `phr` from `bin_dir` (a `.deb`, and an `.rpm` when `rpm`); the
/// packages go to `bin_dir/bundle/`.
pub fn package(bin_dir: &Path, rpm: bool) -> Result<Packages, String> {
    let tool = build_tool()?;
    let config = crate::root().join("src-tauri/tauri.conf.json");
    let mut c = cmd::new(&tool);
    c.arg("--config").arg(&config).arg("--bin-dir").arg(bin_dir);
    c.args(["--version", VERSION, "--types", if rpm { "deb,rpm" } else { "deb" }]);
    let line = cmd::describe(&c);
    println!("$ {line}");
    let out = c.output().map_err(|e| format!("could not start `{line}`: {e}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Err(format!("`{line}` failed ({}): {}", out.status, String::from_utf8_lossy(&out.stderr).trim()));
    }
    // One line per package: `<kind> <path>`.
    let made = |kind: &str| {
        stdout.lines().find_map(|l| l.strip_prefix(kind).and_then(|rest| rest.strip_prefix(' ')).map(PathBuf::from))
    };
    let deb = made("deb").ok_or_else(|| format!("the bundler made no .deb (it said: {})", stdout.trim()))?;
    Ok(Packages { deb, rpm: made("rpm") })
}

/// The packaging tool's manifest: a workspace of its own, with its own lock file.
pub const TOOL_MANIFEST: &str = "tools/bundle/Cargo.toml";

/// Where the packaging tool is built: `target/tools`, apart from the app's builds.
pub fn tool_target_dir() -> PathBuf {
    crate::target_dir().join("tools")
}

/// Builds the packaging tool and returns its path.
fn build_tool() -> Result<PathBuf, String> {
    let target = tool_target_dir();
    let mut build = cmd::cargo();
    build.args(["build", "--locked", "--manifest-path", TOOL_MANIFEST, "--target-dir"]);
    build.arg(&target);
    if crate::quiet() {
        build.arg("--quiet");
    }
    cmd::run(&mut build)?;
    Ok(target.join("debug/phr-bundle"))
}

/// A file's size in MB, for the summary.
pub fn size(path: &Path) -> String {
    let bytes = path.metadata().map(|m| m.len()).unwrap_or(0);
    format!("{:.1} MB", bytes as f64 / 1_000_000.0)
}
