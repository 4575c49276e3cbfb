//! House rule as a test: every field name the lower layers give their errors is an
//! [`ErrorField`], so no error reaches the UI without the input it belongs next to.
//!
//! phr-core's checks (a person's details, a reading, a target, a share request) name their
//! fields as text, because they cannot depend on this crate; `AppError::on_field_named` maps
//! the text to the enum. This test reads phr-core's source for every name those checks use and
//! fails when one is not a variant.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::string_slice)]

use std::fs;
use std::path::{Path, PathBuf};

use phr_app::ErrorField;

/// Where phr-core's checks give a field name as the first string argument.
const MARKERS: &[&str] = &[
    "DetailsError::new(",
    "Impossible::new(",
    "RequestProblem::invalid(",
    "field: ",
    "within(",
    "flag(",
    "choice(",
    "OwnEntryError::new(",
    "too_long(",
    "ReminderProblem::new(",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The string literal right after `marker` (whitespace and line breaks allowed before it).
fn literals_after(text: &str, marker: &str) -> Vec<String> {
    text.match_indices(marker)
        .filter_map(|(at, _)| {
            let rest = text.get(at + marker.len()..)?.trim_start();
            let rest = rest.strip_prefix('"')?;
            Some(rest.split('"').next()?.to_owned())
        })
        .collect()
}

/// Field names in a target's `[("low", self.low), ...]` list: a tuple, not a call such as
/// `Fact::new("Status", self.status)` or `format!("...", self.n)`.
fn tuple_names(text: &str) -> Vec<String> {
    text.match_indices("(\"")
        .filter(|(at, _)| {
            let before = text.get(..*at).unwrap_or("").trim_end();
            before.ends_with('[') || before.ends_with(',') || before.ends_with('(')
        })
        .filter_map(|(at, _)| {
            let rest = text.get(at + 2..)?;
            let (name, after) = rest.split_once('"')?;
            after.starts_with(", self.").then(|| name.to_owned())
        })
        .collect()
}

#[test]
fn every_field_the_core_checks_name_is_an_error_field() {
    let core = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../phr-core/src");
    let mut files = Vec::new();
    rust_files(&core, &mut files);
    let mut names = Vec::new();
    for file in &files {
        let text = fs::read_to_string(file).unwrap();
        // Only the code, not the tests at the bottom of a file.
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for marker in MARKERS {
            names.extend(literals_after(code, marker).into_iter().map(|n| (file.clone(), n)));
        }
        names.extend(tuple_names(code).into_iter().map(|n| (file.clone(), n)));
    }
    // The scan must find the checks at all, or it proves nothing.
    for expected in ["nhsNumber", "value2", "expiresOn", "high2", "unit"] {
        assert!(names.iter().any(|(_, n)| n == expected), "the scan no longer finds {expected:?}");
    }
    let unknown: Vec<_> = names
        .iter()
        .filter(|(_, n)| ErrorField::from_name(n).is_none())
        .map(|(f, n)| format!("{n:?} in {}", f.display()))
        .collect();
    assert!(unknown.is_empty(), "not an ErrorField (add a variant in phr-app's error_field.rs): {unknown:?}");
}
