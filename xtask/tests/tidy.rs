//! House rules as tests: the architecture's promises that a reviewer would otherwise check by eye.

use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            if !matches!(path.file_name().and_then(|n| n.to_str()), Some("target" | "node_modules")) {
                rust_files(&path, out);
            }
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

fn all_rust_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in ["crates", "src-tauri/src", "src-tauri/tests", "xtask"] {
        rust_files(&root().join(dir), &mut files);
    }
    assert!(files.len() > 20, "found only {} files", files.len());
    files
}

#[test]
fn every_rust_module_starts_with_a_doc_line() {
    let missing: Vec<_> = all_rust_files()
        .into_iter()
        .filter(|p| {
            let text = fs::read_to_string(p).expect("readable source");
            !text.lines().find(|l| !l.trim().is_empty()).is_some_and(|l| l.starts_with("//!"))
        })
        .collect();
    assert!(missing.is_empty(), "these files need a `//!` line saying what they hold: {missing:?}");
}

/// The core does no IO and reads no clock: time and data are passed in.
#[test]
fn phr_core_does_no_io_and_reads_no_clock() {
    let mut files = Vec::new();
    rust_files(&root().join("crates/phr-core/src"), &mut files);
    let forbidden = [
        "std::fs",
        "std::net",
        "std::process",
        "std::env",
        "SystemTime",
        "Utc::now",
        "Local::now",
        "Instant::now",
        "SystemRandom",
    ];
    for file in files {
        let text = fs::read_to_string(&file).expect("readable source");
        for word in forbidden {
            assert!(
                !text.contains(word),
                "{} uses {word}: phr-core must stay free of IO, clocks and randomness",
                file.display()
            );
        }
    }
}

/// Only the desktop shell depends on tauri; dependencies point inward.
#[test]
fn only_the_shell_depends_on_tauri_and_the_core_depends_on_no_other_crate_of_ours() {
    for entry in fs::read_dir(root().join("crates")).expect("crates/") {
        let manifest = entry.expect("entry").path().join("Cargo.toml");
        let text = fs::read_to_string(&manifest).expect("manifest");
        assert!(!text.contains("tauri"), "{} depends on tauri: only src-tauri may", manifest.display());
        if manifest.to_string_lossy().contains("phr-core") {
            let ours = text.lines().any(|l| l.trim_start().starts_with("phr-"));
            assert!(!ours, "phr-core depends on another phr crate; dependencies must point inward");
        }
    }
}

/// The libraries read no environment variable: configuration and test seams reach them through
/// `phr_app::AppOptions` (and the vault's and client's own options), read once at start-up by a
/// front end (`src-tauri`'s `run`, `phr`'s `main`), so what they do cannot change at call time.
#[test]
fn the_libraries_read_no_environment_variable() {
    let mut files = Vec::new();
    for krate in ["phr-app", "phr-gp", "phr-vault", "phr-core", "phr-share"] {
        rust_files(&root().join("crates").join(krate).join("src"), &mut files);
    }
    let readers: Vec<String> = files
        .iter()
        .flat_map(|file| {
            let text = fs::read_to_string(file).expect("readable source");
            text.lines()
                .enumerate()
                .filter(|(_, line)| line.contains("env::var") || line.contains("use std::env"))
                .map(|(i, line)| format!("{}:{}: {}", file.display(), i + 1, line.trim()))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(
        readers.is_empty(),
        "these lines read the environment; pass the value in through AppOptions instead:\n{}",
        readers.join("\n")
    );
}

/// The suites stand alone: no test, benchmark or build file reaches outside the repository for
/// fixtures or tools (the shared folder beside the checkout is not there in a fresh clone). What
/// they read is copied into `tests/fixtures` and `tools/`.
#[test]
fn no_test_bench_or_build_file_refers_to_the_shared_folder() {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = fs::read_dir(dir) else { return };
        for entry in entries {
            let path = entry.expect("directory entry").path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if path.is_dir() {
                if !matches!(name, "target" | "node_modules" | "dist" | "fixtures" | ".git") {
                    walk(&path, out);
                }
            } else if [".rs", ".toml", ".mjs", ".js", ".ts", ".json", ".sh", ".py", ".txt"]
                .iter()
                .any(|ext| name.ends_with(ext))
                || name == "run"
                || name == "fhir-validate"
            {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    for dir in ["crates", "src-tauri", "xtask", "tests", "tools", "ui", ".ci"] {
        walk(&root().join(dir), &mut files);
    }
    files.push(root().join("Cargo.toml"));
    assert!(files.len() > 50, "found only {} files", files.len());
    // Spelt in two halves so this file does not name it.
    let shared = format!("../{}", "shared");
    let offenders: Vec<String> = files
        .iter()
        .filter(|f| fs::read_to_string(f).is_ok_and(|text| text.contains(&shared)))
        .map(|f| f.strip_prefix(root()).unwrap_or(f).display().to_string())
        .collect();
    assert!(
        offenders.is_empty(),
        "these files refer to {shared}, which a fresh clone does not have; copy what they read into \
         tests/fixtures or tools/ instead: {offenders:?}"
    );
}

/// One DTO policy: the core carries no transport concerns. What the UI sees is declared in
/// phr-app (`dto*.rs`, converted from the core's types), so phr-core neither depends on nor
/// derives ts-rs.
#[test]
fn phr_core_has_no_ts_rs() {
    let manifest = fs::read_to_string(root().join("crates/phr-core/Cargo.toml")).expect("phr-core manifest");
    assert!(!manifest.contains("ts-rs"), "phr-core's Cargo.toml names ts-rs: the UI's types belong in phr-app");
    let mut files = Vec::new();
    rust_files(&root().join("crates/phr-core"), &mut files);
    let uses: Vec<String> = files
        .iter()
        .flat_map(|file| {
            let text = fs::read_to_string(file).expect("readable source");
            text.lines()
                .enumerate()
                .filter(|(_, l)| l.contains("ts_rs") || l.contains("#[ts(") || l.contains(", TS)") || l.contains("(TS)"))
                .map(|(i, l)| format!("{}:{}: {}", file.display(), i + 1, l.trim()))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(uses.is_empty(), "phr-core uses ts-rs; declare the DTO in phr-app instead:\n{}", uses.join("\n"));
}

/// The machine's time zone is read in one place, the facade's readings/local.rs, once per call:
/// everything else is handed the UTC offset, so the core and the stores stay deterministic.
#[test]
fn the_local_time_zone_is_read_in_one_place() {
    let mut files = Vec::new();
    for krate in ["phr-app", "phr-gp", "phr-vault", "phr-core", "phr-share"] {
        rust_files(&root().join("crates").join(krate).join("src"), &mut files);
    }
    let allowed = root().join("crates/phr-app/src/readings/local.rs");
    let readers: Vec<String> = files
        .iter()
        .filter(|f| **f != allowed)
        .filter(|f| {
            let text = fs::read_to_string(f).expect("readable source");
            text.contains("chrono::Local")
                || text.contains("Local.")
                || text.contains("Local::")
                || text.contains(" Local,")
        })
        .map(|f| f.display().to_string())
        .collect();
    assert!(readers.is_empty(), "these files read the machine's time zone; pass the offset in instead: {readers:?}");
}
