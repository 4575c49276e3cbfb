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

/// The project's own files under its top folders whose names end in one of `endings` (or are
/// named in `names`), skipping build output, dependencies, `skip` folders and third-party
/// fixtures.
fn project_files(endings: &[&str], names: &[&str], skip: &[&str]) -> Vec<PathBuf> {
    fn walk(dir: &Path, endings: &[&str], names: &[&str], skip: &[&str], out: &mut Vec<PathBuf>) {
        let Ok(entries) = fs::read_dir(dir) else { return };
        for entry in entries {
            let path = entry.expect("directory entry").path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if path.is_dir() {
                if !matches!(name, "target" | "node_modules" | "dist" | "fixtures" | ".git") && !skip.contains(&name) {
                    walk(&path, endings, names, skip, out);
                }
            } else if endings.iter().any(|ext| name.ends_with(ext)) || names.contains(&name) {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    for dir in ["crates", "src-tauri", "xtask", "tests", "tools", "ui", ".ci"] {
        walk(&root().join(dir), endings, names, skip, &mut files);
    }
    files
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
    let files = all_rust_files();
    // A file pulled in with `include!` is not a module and cannot hold a `//!` line (the
    // command table): its including module says what it is.
    let included: Vec<String> = files
        .iter()
        .flat_map(|p| fs::read_to_string(p).expect("readable source").lines().map(str::to_owned).collect::<Vec<_>>())
        .filter_map(|l| l.trim().strip_prefix("include!(\"").and_then(|rest| rest.split('"').next()).map(str::to_owned))
        .collect();
    let missing: Vec<_> = files
        .into_iter()
        .filter(|p| !included.iter().any(|inc| p.ends_with(inc)))
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
    let mut files = project_files(
        &[".rs", ".toml", ".mjs", ".js", ".ts", ".json", ".sh", ".py", ".txt"],
        &["run", "fhir-validate"],
        &[],
    );
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
                .filter(|(_, l)| {
                    l.contains("ts_rs") || l.contains("#[ts(") || l.contains(", TS)") || l.contains("(TS)")
                })
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

/// The cargo features that carry powers only tests, benchmarks and the end-to-end suite may
/// have (`PlainCopy`, a raw database connection, a weak seal, dialog and browser stand-ins, the
/// readers the fuzz targets reach through `fuzz_seams`).
const TEST_FEATURES: [&str; 3] = ["bench", "test-seams", "e2e"];

/// The names of those powers: every line of non-test code that names one must be compiled only
/// with a feature (see [`every_test_power_is_behind_a_cargo_feature`]).
const TEST_POWERS: [&str; 9] = [
    "PlainCopy",
    "fuzz_seams",
    "debug_open_person_db_for_tests",
    "seal_with_work_factor",
    "PHR_E2E_",
    "PHR_BROWSER",
    "BrowserChoice::Http",
    "HttpBrowser",
    "import_from_gp_with",
];

fn cargo_tree(edges: &str) -> String {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = std::process::Command::new(cargo)
        .current_dir(root())
        .args(["tree", "--offline", "--locked", "--prefix", "none", "-e", edges])
        .args(["-p", "phr-desktop", "-p", "phr-cli"])
        .output()
        .expect("cargo tree runs");
    assert!(out.status.success(), "cargo tree failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("cargo tree prints UTF-8")
}

/// A release build (`cargo build --release -p phr-desktop -p phr-cli`: default features, no
/// dev-dependencies) switches on none of the test features. `cargo tree` without dev edges
/// resolves features exactly as that build does, in a second instead of ten minutes.
#[test]
fn test_powers_are_absent_from_a_release_build() {
    let enabled = |tree: &str| -> Vec<String> {
        let mut found: Vec<String> = tree
            .lines()
            .filter(|l| TEST_FEATURES.iter().any(|f| l.contains(&format!("feature \"{f}\""))))
            .map(|l| l.trim_end_matches(" (*)").to_owned())
            .collect();
        found.sort();
        found.dedup();
        found
    };
    let release = cargo_tree("normal,build,features");
    assert!(release.contains("phr-app feature \"default\""), "unexpected cargo tree output:\n{release}");
    let in_release = enabled(&release);
    assert!(in_release.is_empty(), "a release build would switch on test-only features: {in_release:?}");
    // The check sees them when they are on: the tests' own build (dev-dependencies) has them.
    let in_tests = enabled(&cargo_tree("all,features"));
    assert!(
        in_tests.iter().any(|l| l.contains("feature \"e2e\"")) && in_tests.iter().any(|l| l.contains("test-seams")),
        "the test build should switch the seams on: {in_tests:?}"
    );
}

/// The module file `file` is declared with `#[cfg(feature = ...)]` in its parent.
fn module_is_feature_gated(file: &Path) -> bool {
    let Some(name) = file.file_stem().and_then(|n| n.to_str()) else { return false };
    let Some(dir) = file.parent() else { return false };
    let parents = [dir.join("mod.rs"), dir.join("lib.rs"), dir.join("main.rs"), dir.with_extension("rs")];
    parents.iter().filter(|p| p.as_path() != file).filter_map(|p| fs::read_to_string(p).ok()).any(|text| {
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        lines.windows(2).any(|w| {
            w.first().is_some_and(|l| l.starts_with("#[cfg(feature = "))
                && w.get(1).is_some_and(|l| *l == format!("mod {name};") || *l == format!("pub mod {name};"))
        })
    })
}

/// Every test power is compiled only with a cargo feature: a line of non-test code naming one
/// is in a module declared under `#[cfg(feature = ...)]`, or has such an attribute on it or on
/// one of the three lines above it (the item, field, variant or match arm it belongs to).
#[test]
fn every_test_power_is_behind_a_cargo_feature() {
    let mut files = Vec::new();
    for entry in fs::read_dir(root().join("crates")).expect("crates/") {
        let src = entry.expect("entry").path().join("src");
        if src.is_dir() {
            rust_files(&src, &mut files);
        }
    }
    rust_files(&root().join("src-tauri/src"), &mut files);
    let mut ungated = Vec::new();
    let mut seen = 0;
    for file in &files {
        let text = fs::read_to_string(file).expect("readable source");
        if !TEST_POWERS.iter().any(|p| text.contains(p)) {
            continue;
        }
        let gated_module = module_is_feature_gated(file);
        // Unit tests at the end of a file are test code.
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        let lines: Vec<&str> = code.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let trimmed = line.trim_start();
            if trimmed.starts_with("//") || !TEST_POWERS.iter().any(|p| line.contains(p)) {
                continue;
            }
            seen += 1;
            let attribute_above =
                lines.get(i.saturating_sub(3)..=i).is_some_and(|w| w.iter().any(|l| l.contains("#[cfg(feature = ")));
            if !gated_module && !attribute_above {
                ungated.push(format!("{}:{}: {}", file.display(), i + 1, trimmed));
            }
        }
    }
    assert!(seen > 5, "found only {seen} uses of the test powers: has the list gone stale?");
    assert!(
        ungated.is_empty(),
        "these lines name a test-only power outside a `#[cfg(feature = ...)]`:\n{}",
        ungated.join("\n")
    );
}

/// Code and documents say what the code is, not the history of how it was delivered: no
/// "(issue N)" markers and no notes on which helper owns which lines.
#[test]
fn no_delivery_history_markers() {
    let mut files =
        project_files(&[".rs", ".toml", ".mjs", ".ts", ".svelte", ".scss", ".md", ".py", ".html"], &[], &["bindings"]);
    for top in ["Cargo.toml", "README.md", "ARCHITECTURE.md"] {
        files.push(root().join(top));
    }
    // Spelt in pieces so this file does not hold them.
    let markers = [format!("({} ", "issue"), format!("({} ", "issues"), format!("owns {}", "these lines")];
    let mut offenders = Vec::new();
    for f in &files {
        let Ok(text) = fs::read_to_string(f) else { continue };
        for (n, line) in text.lines().enumerate() {
            let hit = markers.iter().any(|m| {
                line.match_indices(m.as_str()).any(|(at, _)| {
                    line.get(at + m.len()..).and_then(|rest| rest.chars().next()).is_some_and(|c| c.is_ascii_digit())
                        || !m.starts_with('(')
                })
            });
            if hit {
                offenders.push(format!("{}:{}", f.strip_prefix(root()).unwrap_or(f).display(), n + 1));
            }
        }
    }
    assert!(offenders.is_empty(), "delivery-history markers (say what the code is instead): {offenders:?}");
}

/// Every secret-like `PHR_` variable a front end reads (a passphrase, a recovery key, an access
/// code, a key, a token or a secret) is one the GP client removes from the browser's
/// environment (`SECRET_VARIABLES` in `crates/phr-gp/src/browser.rs`), so a new one cannot reach
/// the browser `phr import gp` opens.
#[test]
fn the_browser_is_started_without_any_secret_the_app_reads() {
    let mut files = Vec::new();
    for dir in ["crates/phr-cli/src", "crates/phr-app/src", "src-tauri/src"] {
        rust_files(&root().join(dir), &mut files);
    }
    let browser = fs::read_to_string(root().join("crates/phr-gp/src/browser.rs")).expect("browser.rs");
    let removed = browser.split("const SECRET_VARIABLES").nth(1).and_then(|rest| rest.split("];").next()).unwrap_or("");
    let secret = ["PASSPHRASE", "RECOVERY", "CODE", "KEY", "TOKEN", "SECRET"];
    let mut missing = std::collections::BTreeSet::new();
    for file in files {
        let text = fs::read_to_string(&file).expect("readable source");
        for piece in text.split('"').skip(1).step_by(2) {
            let name = piece.trim();
            let variable = name.starts_with("PHR_") && name.chars().all(|c| c.is_ascii_uppercase() || c == '_');
            if variable && secret.iter().any(|s| name.contains(s)) && !removed.contains(&format!("\"{name}\"")) {
                missing.insert(name.to_owned());
            }
        }
    }
    assert!(missing.is_empty(), "the browser would inherit these secrets; add them to SECRET_VARIABLES: {missing:?}");
}

/// Every browser the app starts goes through phr-gp's launcher, which drops the secret
/// variables: `open::that` and friends pass the whole environment on.
#[test]
fn no_browser_is_opened_past_the_launcher_that_drops_the_secrets() {
    let mut files = Vec::new();
    for dir in ["crates", "src-tauri/src"] {
        rust_files(&root().join(dir), &mut files);
    }
    let offenders: Vec<_> = files
        .iter()
        .filter(|f| fs::read_to_string(f).expect("readable source").contains(concat!("open::", "that")))
        .map(|f| f.display().to_string())
        .collect();
    assert!(offenders.is_empty(), "open a page with phr_gp::open_page instead: {offenders:?}");
}

/// Words that make a field's name personal: what it holds could be a person's identity, their
/// health data or a secret. A field matches when one of its `_`-separated words is one of these,
/// or when it holds one of the multi-word names below.
const PERSONAL_FIELD_WORDS: [&str; 19] = [
    "name",
    "names",
    "given",
    "family",
    "address",
    "value",
    "values",
    "note",
    "notes",
    "text",
    "json",
    "passphrase",
    "token",
    "secret",
    "key",
    "code",
    "raw",
    "path",
    "paths",
];
const PERSONAL_FIELD_NAMES: [&str; 3] = ["nhs_number", "birth_date", "date_of_birth"];

/// Public structs that derive `Debug` although a field's name sounds personal, each with why
/// what it holds is not a person's data.
const DEBUG_ALLOWED: [(&str, &str); 35] = [
    (
        "ReminderWords",
        "the fixed words of the reminders' screens and their limits (the longest medicine name allowed), the same for everyone",
    ),
    ("AboutRow", "a line of the About screen: the app's and its formats' version numbers, the same for everyone"),
    ("PdfWords", "the fixed words around saving a PDF (\"Save as PDF\"), the same for everyone"),
    (
        "HandoverWords",
        "the fixed words of handing a record over (\"The handover code\"), with {name} for the screen to fill: never a code or a name",
    ),
    (
        "PersonChoice",
        "a fixed choice on the person form (\"Mother\", \"Lasting power of attorney\") and its hint, the same for everyone",
    ),
    ("UnitWords", "a UCUM unit code and its words: one fixed table row, the same for everyone"),
    ("Meaning", "a clinical code's plain name and meaning: one fixed table row, not the person's entry"),
    ("Advice", "published guidance (NHS, NICE) the same for everyone, not the person's words"),
    ("AdviceIf", "published guidance (NHS, NICE) the same for everyone, not the person's words"),
    ("ColumnMapping", "names a device file's columns, never what the rows hold"),
    ("Threshold", "a line guidance draws on a chart (NICE's 135 mmHg): the same for everyone"),
    ("Choice", "a reading kind's fixed choices (\"before a meal\"), not the person's answer"),
    ("ContextOption", "a reading kind's fixed choices (\"before a meal\"), not the person's answer"),
    ("Mismatch", "which details differ (a Check each), never the details themselves"),
    ("Practice", "an organisation (ODS code, name, FHIR endpoints), not a person"),
    ("GpPractice", "a practice from the app's directory: an organisation, not a person"),
    ("KeyInfo", "a public key, made to be handed out"),
    ("ManifestSigner", "a public key and its fingerprint, made to be handed out"),
    ("ManifestFile", "a package's content file by its fixed name (record.json, summary.html)"),
    ("PackageFileInfo", "a package's content file by its fixed name (record.json, summary.html)"),
    ("Rotation", "its recovery key is a RecoveryKey, whose own Debug is redacted"),
    ("RedFlag", "a red-flag rule's fixed note, the same for everyone"),
    ("FlagWords", "vocabulary: the app's own words and codes, the same for everyone"),
    ("SummarySection", "vocabulary: the app's own words and codes, the same for everyone"),
    ("Word", "vocabulary: the app's own words and codes, the same for everyone"),
    ("SummarySectionWords", "vocabulary: the app's own words and codes, the same for everyone"),
    ("UrgencyWords", "vocabulary: the app's own words, the same for everyone"),
    ("RangeBasisWords", "vocabulary: the app's own words, the same for everyone"),
    ("SensitivityWords", "vocabulary: the app's own words, the same for everyone"),
    ("FlagWord", "vocabulary: the app's own words and codes, the same for everyone"),
    ("SourceKindWords", "vocabulary: the app's own words, the same for everyone"),
    ("ImportStageWords", "vocabulary: the app's own words, the same for everyone"),
    ("ShareStatusWords", "vocabulary: the app's own words, the same for everyone"),
    ("Limits", "the app's limits on fields (the longest name, the earliest date of birth), no one's data"),
    ("Vocabulary", "vocabulary: the code systems the app knows and its own words"),
];

/// A field's last word that makes it a measure of the thing rather than the thing
/// (`text_size_percent`, `name_max_chars`); a first word that makes it a flag (`is_text`).
const MEASURE_WORDS: [&str; 5] = ["percent", "chars", "count", "len", "bytes"];
const FLAG_WORDS: [&str; 2] = ["is", "has"];

fn personal_field(name: &str) -> bool {
    let words: Vec<&str> = name.split('_').collect();
    let measure_or_flag = words.last().is_some_and(|w| MEASURE_WORDS.contains(w))
        || words.first().is_some_and(|w| FLAG_WORDS.contains(w));
    !measure_or_flag
        && (PERSONAL_FIELD_NAMES.iter().any(|n| name.contains(n))
            || words.iter().any(|w| PERSONAL_FIELD_WORDS.contains(w)))
}

/// Each `pub struct` in `text` that derives `Debug` and has a field with a personal name: the
/// struct's name and those fields.
fn debug_structs_with_personal_fields(text: &str) -> Vec<(String, Vec<String>)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let Some(rest) = trimmed.strip_prefix("pub struct ") else { continue };
        if !trimmed.ends_with('{') {
            continue; // a unit or tuple struct: no named fields
        }
        let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        let attributes =
            lines.iter().take(i).rev().map(|l| l.trim()).take_while(|l| l.starts_with("#[") || l.starts_with("//"));
        let derives_debug = attributes.filter(|a| a.starts_with("#[derive(")).any(|a| {
            a.split(|c: char| !c.is_alphanumeric() && c != ':').any(|w| w == "Debug" || w.ends_with("::Debug"))
        });
        if !derives_debug {
            continue;
        }
        let indent: String = line.chars().take_while(|c| c.is_whitespace()).collect();
        let close = format!("{indent}}}");
        let fields: Vec<String> = lines
            .iter()
            .skip(i + 1)
            .take_while(|l| !l.starts_with(&close))
            .map(|l| l.trim())
            .filter(|l| !l.starts_with("//") && !l.starts_with("#["))
            .filter_map(|l| {
                let l = l.strip_prefix("pub(crate) ").or_else(|| l.strip_prefix("pub ")).unwrap_or(l);
                let (field, _) = l.split_once(':')?;
                field.chars().all(|c| c.is_alphanumeric() || c == '_').then(|| field.to_owned())
            })
            .filter(|f| personal_field(f))
            .collect();
        if !fields.is_empty() {
            found.push((name, fields));
        }
    }
    found
}

#[test]
fn the_personal_field_check_finds_a_derived_debug() {
    let sample = "/// A person.\n#[derive(Debug, Clone)]\n#[serde(rename_all = \"camelCase\")]\npub struct Person {\n    \
                  pub id: String,\n    pub given_name: String,\n    pub nhs_number: Option<String>,\n    \
                  pub date_of_birth: String,\n    pub kind: Kind,\n}\n\n#[derive(Clone)]\npub struct Hidden {\n    \
                  pub note: String,\n}\nphr_core::redacted_debug!(Hidden);\n";
    assert_eq!(
        debug_structs_with_personal_fields(sample),
        [("Person".to_owned(), vec!["given_name".to_owned(), "nhs_number".to_owned(), "date_of_birth".to_owned()])]
    );
    assert!(!personal_field("kind") && !personal_field("entry_id") && personal_field("raw_json"));
    assert!(!personal_field("text_size_percent") && !personal_field("is_text") && personal_field("value_text"));
}

/// No secret or health data in any `Debug` output: a `{:?}` reaches logs, panic messages and
/// error chains. A public struct in the libraries with a field named like a person's identity,
/// their health data or a secret does not derive `Debug`; it uses `phr_core::redacted_debug!`
/// (see `crates/phr-core/src/redact.rs`), or is listed in `DEBUG_ALLOWED` with the reason its
/// fields hold nothing personal. The per-crate `debug_redaction` tests format each such type.
#[test]
fn no_public_struct_with_a_personal_field_derives_debug() {
    let mut files = Vec::new();
    for krate in ["phr-core", "phr-vault", "phr-app", "phr-share", "phr-gp"] {
        rust_files(&root().join("crates").join(krate).join("src"), &mut files);
    }
    let mut offenders = Vec::new();
    let mut allowed_seen = std::collections::BTreeSet::new();
    for file in &files {
        let text = fs::read_to_string(file).expect("readable source");
        for (name, fields) in debug_structs_with_personal_fields(&text) {
            if DEBUG_ALLOWED.iter().any(|(allowed, _)| *allowed == name) {
                allowed_seen.insert(name);
            } else {
                let shown = file.strip_prefix(root()).unwrap_or(file).display().to_string();
                offenders.push(format!("{shown}: {name} {fields:?}"));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "these derive Debug and hold personal-sounding fields; use phr_core::redacted_debug! (or, if \
         nothing in them is personal, add them to DEBUG_ALLOWED with the reason):\n{}",
        offenders.join("\n")
    );
    let stale: Vec<&str> =
        DEBUG_ALLOWED.iter().map(|(name, _)| *name).filter(|name| !allowed_seen.contains(*name)).collect();
    assert!(stale.is_empty(), "DEBUG_ALLOWED lists types that no longer need it: {stale:?}");
}
