//! The shared set-up every task starts with: system packages, the FHIR validator's Python
//! environment, the UI's npm dependencies and the UI build (the desktop binary embeds `ui/dist`
//! at compile time).

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::cmd;

/// Debian/Ubuntu packages the build and the test suites need.
const PACKAGES: &[&str] = &[
    "build-essential",
    "pkg-config",
    "libssl-dev",
    // Tauri on Linux: WebKitGTK and friends.
    "libwebkit2gtk-4.1-dev",
    "libsoup-3.0-dev",
    "libjavascriptcoregtk-4.1-dev",
    "librsvg2-dev",
    "libayatana-appindicator3-dev",
    // Desktop end-to-end: WebKitWebDriver (driven by tauri-driver) on a virtual display.
    "webkit2gtk-driver",
    "xvfb",
    "xauth",
    // The UI's browser tests.
    "chromium",
    // Share packages are checked against the reference `age` implementation (and its
    // passphrase prompt is driven through `script`, from bsdutils).
    "age",
    "bsdutils",
    // The fault tests (phr-cli's tests/faults.rs) fail writes with EIO and ENOSPC through
    // libfiu's fiu-run.
    "fiu-utils",
    // The install suite: the .deb's desktop integration (MIME types, the desktop entry), the
    // desktop's own way of opening a file (gio, xdg-mime), a session bus for the app's single
    // instance, and strip for the packaged binaries.
    "shared-mime-info",
    "desktop-file-utils",
    "libglib2.0-bin",
    "xdg-utils",
    "dbus",
    "binutils",
    // The printable PDFs (phr-pdf, `phr export summary --pdf`) are read back as text with
    // poppler's pdftotext.
    "poppler-utils",
    // The project's FHIR validator (tools/fhir-validate) runs in a Python virtual environment.
    "python3",
    "python3-venv",
    "nodejs",
    "npm",
];

/// The oldest Node the UI toolchain supports.
const MIN_NODE_MAJOR: u32 = 20;

/// Everything, in order.
pub fn all() -> Result<(), String> {
    system_packages()?;
    fhir_validator()?;
    cargo_fuzz()?;
    ui()?;
    // The GP conformance suite's server and browser driver (oidc-provider, playwright-core).
    npm_ci(&crate::root().join("tests/conformance"))
}

/// The cargo-fuzz the fuzz suite is run with (`cargo install --locked`, a couple of minutes the
/// first time). It drives libFuzzer with `--sanitizer none`, which builds on stable Rust.
const CARGO_FUZZ_VERSION: &str = "0.13.2";

/// Installs cargo-fuzz [`CARGO_FUZZ_VERSION`] unless `cargo fuzz --version` already names it.
pub fn cargo_fuzz() -> Result<(), String> {
    let mut version = cmd::cargo();
    version.args(["fuzz", "--version"]);
    if cmd::output(&mut version).is_some_and(|v| v.split_whitespace().any(|w| w == CARGO_FUZZ_VERSION)) {
        if !crate::quiet() {
            println!("xtask: cargo-fuzz {CARGO_FUZZ_VERSION} is installed");
        }
        return Ok(());
    }
    println!("xtask: installing cargo-fuzz {CARGO_FUZZ_VERSION}");
    let mut install = cmd::cargo();
    install.args(["install", "cargo-fuzz", "--version", CARGO_FUZZ_VERSION, "--locked"]);
    if crate::quiet() {
        install.arg("--quiet");
    }
    cmd::run(&mut install)
}

/// The FHIR validator's Python environment; the tests find it through `PHR_FHIR_VENV`.
pub fn fhir_venv() -> PathBuf {
    crate::target_dir().join("fhir-validate")
}

/// Makes [`fhir_venv`] with exactly `tools/fhir-validate/requirements.txt`, or remakes it when
/// that file has changed since (a copy is kept in the environment to compare).
pub fn fhir_validator() -> Result<(), String> {
    let wanted = crate::root().join("tools/fhir-validate/requirements.txt");
    let requirements = std::fs::read_to_string(&wanted).map_err(|e| format!("read {}: {e}", wanted.display()))?;
    let venv = fhir_venv();
    let python = venv.join("bin/python");
    let stamp = venv.join("requirements.txt");
    let made = std::fs::read_to_string(&stamp).is_ok_and(|s| s == requirements) && python.is_file();
    if made {
        if !crate::quiet() {
            println!("xtask: the FHIR validator's environment is up to date ({})", venv.display());
        }
        return Ok(());
    }
    println!("xtask: making the FHIR validator's Python environment in {}", venv.display());
    if venv.exists() {
        std::fs::remove_dir_all(&venv).map_err(|e| format!("remove {}: {e}", venv.display()))?;
    }
    cmd::run(cmd::new("python3").args(["-m", "venv"]).arg(&venv))?;
    let mut pip = cmd::new(&python);
    pip.args(["-m", "pip", "install", "--disable-pip-version-check", "-r"]).arg(&wanted);
    if crate::quiet() {
        pip.arg("--quiet");
    }
    cmd::run(&mut pip)?;
    // Proves the packages import before the environment counts as made.
    cmd::run(cmd::new(&python).args(["-c", "import fhir.resources, jsonschema_rs"]))?;
    std::fs::write(&stamp, requirements).map_err(|e| format!("write {}: {e}", stamp.display()))
}

/// Installs whichever of [`PACKAGES`] are missing (Debian/Ubuntu only; elsewhere it says what
/// to install and carries on).
pub fn system_packages() -> Result<(), String> {
    if !Path::new("/etc/debian_version").exists() || cmd::which("dpkg-query").is_none() {
        println!(
            "xtask: not Debian/Ubuntu, so not installing system packages. You need: WebKitGTK 4.1 \
             and its WebDriver, Xvfb, Node >= {MIN_NODE_MAJOR} with npm, Chromium, age, libfiu's \
             fiu-run, poppler's pdftotext, Python 3 with venv, and a C toolchain with pkg-config and OpenSSL headers."
        );
        return Ok(());
    }
    let node_ok = node_major().is_some_and(|m| m >= MIN_NODE_MAJOR) && cmd::which("npm").is_some();
    let missing: Vec<&str> = PACKAGES
        .iter()
        .copied()
        .filter(|p| !(node_ok && matches!(*p, "nodejs" | "npm")))
        .filter(|p| !(*p == "chromium" && has_chromium()))
        // A python3 with venv (and pip) from elsewhere, pyenv for one, will do.
        .filter(|p| !(matches!(*p, "python3" | "python3-venv") && has_python_venv()))
        .filter(|p| !installed(p))
        .collect();
    if missing.is_empty() {
        if !crate::quiet() {
            println!("xtask: system packages: all present");
        }
        return Ok(());
    }
    println!("xtask: installing missing system packages: {}", missing.join(" "));
    let sudo = !is_root();
    if sudo && cmd::which("sudo").is_none() {
        return Err(format!("not root and no sudo: please install {} yourself", missing.join(" ")));
    }
    let apt = |args: &[&str]| {
        let mut c = if sudo { cmd::new("sudo") } else { cmd::new("apt-get") };
        if sudo {
            c.args(["env", "DEBIAN_FRONTEND=noninteractive", "apt-get"]);
        } else {
            c.env("DEBIAN_FRONTEND", "noninteractive");
        }
        c.args(args);
        c
    };
    cmd::run(&mut apt(&["update"]))?;
    let mut install = apt(&["install", "-y", "--no-install-recommends"]);
    install.args(&missing);
    cmd::run(&mut install)
}

/// `npm ci` when `ui/node_modules` is missing or older than the lock file, then `npm run build`.
pub fn ui() -> Result<(), String> {
    let ui = crate::root().join("ui");
    npm_ci(&ui)?;
    let mut build = npm(&ui);
    build.args(["run", "build"]);
    if crate::quiet() {
        build.arg("--silent");
    }
    cmd::run(&mut build)
}

/// `npm ci` in `dir` (`ui/`, `tests/conformance/`) unless its node_modules is as new as its
/// lock file.
pub fn npm_ci(dir: &Path) -> Result<(), String> {
    let shown = dir.strip_prefix(crate::root()).unwrap_or(dir).display().to_string();
    if !dir.join("package.json").exists() {
        return Err(format!("{shown}/package.json is missing: is the checkout complete?"));
    }
    // npm writes node_modules/.package-lock.json on every install: its age is the install's.
    let installed = mtime(&dir.join("node_modules/.package-lock.json"));
    let wanted = mtime(&dir.join("package-lock.json"));
    match (installed, wanted) {
        (Some(i), Some(w)) if i >= w => {
            if !crate::quiet() {
                println!("xtask: {shown}/node_modules is up to date");
            }
            Ok(())
        }
        _ => {
            let mut ci = npm(dir);
            ci.args(["ci", "--no-audit", "--no-fund"]);
            if crate::quiet() {
                ci.arg("--loglevel=error");
            }
            cmd::run(&mut ci)
        }
    }
}

pub fn npm(dir: &Path) -> std::process::Command {
    let mut c = cmd::new("npm");
    c.current_dir(dir);
    c
}

fn installed(package: &str) -> bool {
    let mut q = cmd::new("dpkg-query");
    q.args(["-W", "-f=${Status}", package]);
    cmd::output(&mut q).is_some_and(|s| s.ends_with("install ok installed"))
}

fn has_chromium() -> bool {
    ["chromium", "chromium-browser"].iter().any(|c| cmd::which(c).is_some())
}

fn has_python_venv() -> bool {
    cmd::output(cmd::new("python3").args(["-c", "import venv, ensurepip"])).is_some()
}

fn node_major() -> Option<u32> {
    let v = cmd::output(cmd::new("node").arg("--version"))?;
    v.trim_start_matches('v').split('.').next()?.parse().ok()
}

fn is_root() -> bool {
    cmd::output(cmd::new("id").arg("-u")).is_some_and(|uid| uid == "0")
}

fn mtime(p: &Path) -> Option<SystemTime> {
    p.metadata().ok()?.modified().ok()
}
