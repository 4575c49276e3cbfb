//! House rule for the clinical safety case: every hazard in `docs/clinical-safety/hazard-log.md`
//! is complete (cause, effect, risk before and after, controls, tests), its risk ratings follow
//! the DCB0129 matrix, and every test it names exists, so a control cannot outlive its proof.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::string_slice)]

use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

const LOG: &str = "docs/clinical-safety/hazard-log.md";

/// The rows each hazard must fill in, as the table's first column says them.
const FIELDS: &[&str] = &["Cause", "Effect", "Before controls", "Controls", "After controls", "Tests"];

const SEVERITIES: &[&str] = &["Minor", "Significant", "Considerable", "Major", "Catastrophic"];
const LIKELIHOODS: &[&str] = &["Very low", "Low", "Medium", "High", "Very high"];

/// The risk matrix of the safety case (docs/clinical-safety/safety-case.md): the risk rating
/// for each likelihood (row, very low first) and severity (column, minor first).
const MATRIX: [[u8; 5]; 5] = [
    [1, 1, 2, 2, 3], // very low
    [1, 2, 2, 3, 4], // low
    [2, 2, 3, 3, 4], // medium
    [2, 3, 3, 4, 5], // high
    [3, 4, 4, 5, 5], // very high
];

struct Hazard {
    id: String,
    rows: Vec<(String, String)>,
}

impl Hazard {
    fn field(&self, name: &str) -> Option<&str> {
        self.rows.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// Each `### H-NN title` section, with its two-column table's rows.
fn hazards(text: &str) -> Vec<Hazard> {
    let mut out: Vec<Hazard> = Vec::new();
    for line in text.lines() {
        if let Some(title) = line.strip_prefix("### ") {
            let id = title.split_whitespace().next().unwrap_or_default().to_string();
            if id.starts_with("H-") {
                out.push(Hazard { id, rows: Vec::new() });
                continue;
            }
        }
        if line.starts_with("## ") {
            // A new top-level section ends the hazards' tables.
            if out.last().is_some_and(|last| !last.rows.is_empty()) {
                out.push(Hazard { id: String::new(), rows: Vec::new() });
            }
            continue;
        }
        let Some(h) = out.last_mut() else { continue };
        if h.id.is_empty() {
            continue;
        }
        let cells: Vec<&str> = line.trim().trim_matches('|').split('|').map(str::trim).collect();
        if line.trim_start().starts_with('|') && cells.len() >= 2 {
            let key = cells[0].trim_matches('*').to_string();
            if key.is_empty() || key.starts_with("---") {
                continue;
            }
            h.rows.push((key, cells[1..].join("|")));
        }
    }
    out.retain(|h| !h.id.is_empty());
    out
}

/// `Major / Low → 3`: the severity, the likelihood and the stated rating.
fn risk(text: &str) -> Option<(usize, usize, u8)> {
    let sev = SEVERITIES.iter().position(|s| text.contains(&format!("severity {}", s.to_lowercase())))?;
    // Longest names first, so "Very low" is not read as "Low".
    let mut order: Vec<usize> = (0..LIKELIHOODS.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(LIKELIHOODS[i].len()));
    let lik = order.into_iter().find(|&i| text.contains(&format!("likelihood {}", LIKELIHOODS[i].to_lowercase())))?;
    let rating = text.split("risk ").nth(1)?.chars().next()?.to_digit(10)? as u8;
    Some((sev, lik, rating))
}

/// Every `path::name` in backticks: a test named in the log.
fn named_tests(text: &str) -> Vec<(String, String)> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .filter_map(|t| t.split_once("::"))
        .map(|(p, n)| (p.trim().to_string(), n.trim().to_string()))
        .collect()
}

/// Whether `file` holds the test `name`: a Rust `fn name(`, or a JS test whose title is `name`.
fn test_exists(file: &str, name: &str) -> Result<(), String> {
    let path = root().join(file);
    let body = fs::read_to_string(&path).map_err(|e| format!("{file}: {e}"))?;
    let found = if file.ends_with(".rs") {
        body.contains(&format!("fn {name}("))
    } else {
        ["'", "\"", "`"].iter().any(|q| body.contains(&format!("{q}{name}{q}")))
    };
    if found { Ok(()) } else { Err(format!("{file} has no test `{name}`")) }
}

#[test]
fn every_hazard_is_complete_rated_by_the_matrix_and_proved_by_tests_that_exist() {
    let text = fs::read_to_string(root().join(LOG)).expect("the hazard log exists");
    let hazards = hazards(&text);
    assert!(hazards.len() >= 10, "the log holds {} hazards; expected the issue's and more", hazards.len());
    let mut problems = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for h in &hazards {
        if !seen.insert(h.id.clone()) {
            problems.push(format!("{} appears twice", h.id));
        }
        for f in FIELDS {
            match h.field(f) {
                Some(v) if !v.trim().is_empty() => {}
                _ => problems.push(format!("{}: no `{f}` row", h.id)),
            }
        }
        let mut ratings = Vec::new();
        for f in ["Before controls", "After controls"] {
            let Some(v) = h.field(f) else { continue };
            match risk(&v.to_lowercase()) {
                None => problems.push(format!(
                    "{}: `{f}` should read like `severity major, likelihood low: risk 3`, not `{v}`",
                    h.id
                )),
                Some((sev, lik, rating)) => {
                    let expected = MATRIX[lik][sev];
                    if rating != expected {
                        problems.push(format!(
                            "{}: `{f}` says risk {rating}, but the matrix gives {expected} for {} and {}",
                            h.id, SEVERITIES[sev], LIKELIHOODS[lik]
                        ));
                    }
                    ratings.push(rating);
                }
            }
        }
        if let [before, after] = ratings[..] {
            if after > before {
                problems
                    .push(format!("{}: the risk after controls ({after}) is above the risk before ({before})", h.id));
            }
            if after >= 4 {
                problems.push(format!("{}: a residual risk of {after} is unacceptable", h.id));
            }
        }
        let tests = named_tests(h.field("Tests").unwrap_or_default());
        if tests.is_empty() {
            problems.push(format!("{}: names no test as `path::name`", h.id));
        }
        for (file, name) in tests {
            if let Err(e) = test_exists(&file, &name) {
                problems.push(format!("{}: {e}", h.id));
            }
        }
    }
    assert!(problems.is_empty(), "the hazard log is not sound:\n{}", problems.join("\n"));
}

#[test]
fn the_checker_reads_ratings_and_test_names_as_written() {
    assert_eq!(risk("severity major, likelihood very low: risk 2"), Some((3, 0, 2)));
    assert_eq!(risk("severity minor, likelihood low: risk 1"), Some((0, 1, 1)));
    assert_eq!(
        named_tests("`a/b.rs::c_d` and `x.mjs::a title` but not `plain`"),
        vec![("a/b.rs".into(), "c_d".into()), ("x.mjs".into(), "a title".into())]
    );
    assert!(test_exists("xtask/tests/hazard_log.rs", "the_checker_reads_ratings_and_test_names_as_written").is_ok());
    assert!(test_exists("xtask/tests/hazard_log.rs", "no_such_test").is_err());
}
