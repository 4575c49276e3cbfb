//! The install suite: the app built, packaged and installed as a citizen gets it, started and
//! removed.
//!
//! It makes exactly what `cargo xtask bundle` makes (the `dist` build, LTO and stripped, and its
//! `.deb` and `.rpm`), then runs `tests/install/install.test.mjs`, as root (or through `sudo -n`):
//! `apt-get install` of the `.deb` with its dependencies resolved, every linked library's package
//! among them, `phr --version`, the desktop entry and MIME types registered, the installed app
//! started under Xvfb through tauri-driver to its unlock screen, a `.phrshare` opened through the
//! desktop (`gio open`) reaching "Open a shared record" with that file chosen, and `apt-get
//! purge` leaving the vault as it was. The `.rpm` is made, not installed.

use crate::{bundle, cmd, e2e};

/// Runs the suite; `limit_secs` stops the test when it takes longer.
pub fn run(limit_secs: u64) -> Result<(), String> {
    for tool in ["dbus-run-session", "xvfb-run", "gio", "xdg-mime", "apt-get", "dpkg", "objdump"] {
        if cmd::which(tool).is_none() {
            return Err(format!("{tool} is not on PATH (cargo xtask setup installs it on Debian and Ubuntu)"));
        }
    }
    let started = std::time::Instant::now();
    let dist = bundle::build_dist(Some(limit_secs))?;
    let packages = bundle::package(&dist, true)?;
    for (what, path) in [("app", dist.join("phr-desktop")), ("phr", dist.join("phr")), (".deb", packages.deb.clone())]
        .into_iter()
        .chain(packages.rpm.clone().map(|rpm| (".rpm", rpm)))
    {
        println!("xtask: install: {what:<5} {:>8}  {}", bundle::size(&path), path.display());
    }
    let left = limit_secs.saturating_sub(started.elapsed().as_secs()).max(60);

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
    cmd::run_for(&mut test, left).map_err(|e| format!("{e}; screenshots in {}", artifacts.join("install").display()))
}
