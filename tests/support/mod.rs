//! What every crate's tests share, included into each test crate with
//! `#[path = ".../tests/support/mod.rs"] mod repo;`: the fixtures inside the repository, the
//! project's FHIR validator and the one rule for a tool a test needs but cannot find.
//!
//! A missing tool never lets a test pass quietly. Under CI (`CI=true`) the test fails. Elsewhere
//! the test stops, says so on stderr, and appends a line to the file `PHR_SKIPPED_LOG` names
//! (`cargo xtask test` sets it and lists the lines in its summary).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The workspace root: the nearest folder above this crate holding `Cargo.lock`.
pub fn root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    match here.ancestors().find(|p| p.join("Cargo.lock").is_file()) {
        Some(root) => root.to_path_buf(),
        None => panic!("no Cargo.lock above {}", here.display()),
    }
}

/// `tests/fixtures`: third-party material the tests read (see its README.md).
pub fn fixtures() -> PathBuf {
    root().join("tests/fixtures")
}

/// A fixture by its path inside `tests/fixtures`.
pub fn fixture(rel: &str) -> PathBuf {
    fixtures().join(rel)
}

/// A fixture's text; panics naming the file when it cannot be read.
pub fn fixture_text(rel: &str) -> String {
    let path = fixture(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Whether this run is CI's, where every test must really run.
pub fn in_ci() -> bool {
    matches!(std::env::var("CI").as_deref(), Ok("true" | "1"))
}

/// A tool this test needs is missing: under CI the test fails; elsewhere the skip is recorded
/// and the caller returns. `what` says what was not checked, `why` what is missing and how to
/// get it.
pub fn skip(what: &str, why: &str) {
    let test = std::thread::current().name().unwrap_or("a test").to_owned();
    assert!(!in_ci(), "{test}: {why}, so {what} cannot be checked (CI must run it)");
    eprintln!("SKIPPED: {test}: {why}; {what} was not checked");
    if let Some(log) = std::env::var_os("PHR_SKIPPED_LOG").filter(|l| !l.is_empty()) {
        use std::io::Write;
        let line = format!("{} {test}: {why}; {what} was not checked\n", env!("CARGO_PKG_NAME"));
        let written = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log)
            .and_then(|mut f| f.write_all(line.as_bytes()));
        if let Err(e) = written {
            panic!("could not record the skip in {}: {e}", PathBuf::from(log).display());
        }
    }
}

/// A program on PATH, or `None` (after [`skip`]) when it is missing.
pub fn tool(program: &str, what: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).map(|dir| dir.join(program)).find(|p| p.is_file()))
        .unwrap_or_default();
    if found.is_none() {
        skip(what, &format!("`{program}` is not installed (`cargo xtask setup` installs it)"));
    }
    found
}

/// The Python environment of the project's FHIR validator (`tools/fhir-validate`), made by
/// `cargo xtask setup`: `PHR_FHIR_VENV`, or `target/fhir-validate` when that is not set.
pub fn fhir_venv() -> PathBuf {
    match std::env::var_os("PHR_FHIR_VENV") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => root().join("target/fhir-validate"),
    }
}

/// Runs the project's FHIR validator on `files` (with `--stu3` first for the STU3 models).
/// `None` (after [`skip`]) when its environment has not been made.
pub fn fhir_validate<P: AsRef<std::ffi::OsStr>>(args: &[P], what: &str) -> Option<Output> {
    let python = fhir_venv().join("bin/python");
    if !python.is_file() {
        let why =
            format!("the FHIR validator's environment is missing at {} (run `cargo xtask setup`)", python.display());
        skip(what, &why);
        return None;
    }
    let script = root().join("tools/fhir-validate/fhir_validate.py");
    let run = Command::new(&python).arg(&script).args(args).output();
    Some(run.unwrap_or_else(|e| panic!("could not run {}: {e}", python.display())))
}

/// Asserts the validator passes every file; `false` when it could not run (the skip is
/// recorded, or the test has already failed under CI).
pub fn assert_valid_fhir<P: AsRef<std::ffi::OsStr>>(files: &[P], what: &str) -> bool {
    let Some(out) = fhir_validate(files, what) else { return false };
    assert!(
        out.status.success(),
        "{what}: FHIR validation failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    true
}

/// Cases per property test: `PHR_PROPTEST_CASES` when set (xtask's suites table sets it for
/// longer runs), else the property's own `default`.
pub fn cases(default: u32) -> u32 {
    std::env::var("PHR_PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(default)
}

/// The text of the PDF at `pdf`, page by page, as poppler's `pdftotext` extracts it in reading
/// order (a table cell's wrapped lines together): what a person copying it, a search or a
/// screen reader gets. `None` (after
/// [`skip`]) when pdftotext is missing (`cargo xtask setup` installs poppler-utils).
pub fn pdf_pages(pdf: &Path, what: &str) -> Option<Vec<String>> {
    let program = tool("pdftotext", what)?;
    let out = Command::new(program)
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("pdftotext could not run: {e}"));
    assert!(out.status.success(), "pdftotext failed on {}: {}", pdf.display(), String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap_or_else(|e| panic!("pdftotext gave no UTF-8: {e}"));
    // pdftotext ends each page with a form feed.
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_owned).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    Some(pages)
}
