//! The install suite: the app packaged as a citizen gets it, installed, started and removed.
//!
//! It packages the binaries the earlier suites built (the test build of `phr-desktop` and
//! `phr`, stripped) with the same bundler and configuration as `cargo xtask bundle`, so every
//! part of the package but the compiler's optimisation is what a citizen installs. Building
//! the `dist` profile from cold (LTO, every dependency again) would not fit the CI budget; the
//! summary says so. Then `tests/install/install.test.mjs`, as root (or through `sudo -n`):
//! `apt-get install` of the `.deb` with its dependencies resolved, `phr --version`, the desktop
//! entry and MIME types registered, the installed app started under Xvfb through tauri-driver
//! to its unlock screen, a `.phrshare` opened through the desktop (`gio open`) reaching "Open a
//! shared record" with that file chosen, and `apt-get purge` leaving the vault as it was.

use std::path::{Path, PathBuf};

use crate::{bundle, cmd, e2e};

/// What the summary says of the `dist` build, which this suite does not make.
pub const NOTE: &str = "packages the test build; the dist (LTO) build is `cargo xtask bundle`'s, left out of CI by its time budget (10 to 11 minutes from cold on two cores)";

/// Runs the suite; `limit_secs` stops the test when it takes longer.
pub fn run(limit_secs: u64) -> Result<(), String> {
    for tool in ["dbus-run-session", "xvfb-run", "gio", "xdg-mime", "apt-get", "dpkg", "strip"] {
        if cmd::which(tool).is_none() {
            return Err(format!("{tool} is not on PATH (cargo xtask setup installs it on Debian and Ubuntu)"));
        }
    }
    let app = e2e::build_desktop()?;
    let built = app.parent().ok_or("no folder for the built app")?;
    let staged = stage(built)?;
    let packages = bundle::package(&staged, false)?;
    println!("xtask: install: {} ({})", packages.deb.display(), bundle::size(&packages.deb));

    let artifacts = crate::target_dir().join("e2e-artifacts");
    let mut test = cmd::new("dbus-run-session");
    // A session bus (the single-instance plugin finds the running app on it, as on a desktop)
    // and a display, as a person's session has.
    test.args(["--", "xvfb-run", "-a", "--server-args=-screen 0 1280x1024x24"])
        .args(["node", "--test", "--test-concurrency=1", "--test-reporter=spec", "tests/install/install.test.mjs"])
        .env("PHR_DEB", &packages.deb)
        .env("PHR_VERSION", bundle::VERSION)
        .env("TAURI_DRIVER", e2e::tauri_driver()?)
        .env("PHR_E2E_ARTIFACTS", &artifacts);
    cmd::run_for(&mut test, limit_secs)
        .map_err(|e| format!("{e}; screenshots in {}", artifacts.join("install").display()))
}

/// Stripped copies of `phr-desktop` and `phr` from `built` in `target/install-ci/`: the
/// package is then the size of a release one, and quick to compress.
fn stage(built: &Path) -> Result<PathBuf, String> {
    let dir = crate::target_dir().join("install-ci");
    if dir.exists() {
        std::fs::remove_dir_all(&dir).map_err(|e| format!("remove {}: {e}", dir.display()))?;
    }
    std::fs::create_dir_all(&dir).map_err(|e| format!("create {}: {e}", dir.display()))?;
    for name in ["phr-desktop", "phr"] {
        let from = built.join(name);
        if !from.is_file() {
            return Err(format!("{} was not built", from.display()));
        }
        let to = dir.join(name);
        let mut strip = cmd::new("strip");
        strip.arg("-o").arg(&to).arg(&from);
        cmd::run(&mut strip)?;
    }
    Ok(dir)
}
