//! Every committed fuzz input, replayed as a plain test on each `cargo test`: the corpus
//! (`fuzz/corpus/<target>/`) and every minimised crash (`fuzz/artifacts/<target>/`) through the
//! same entry functions the fuzz targets call. None may panic or take more than a few seconds;
//! the inputs that still do are listed in [`KNOWN`], asserted as they are.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

use std::collections::BTreeSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use phr_fuzz_entry::TARGETS;

/// Inputs known to fail: (target, file name, words of the panic message). Each is a bug not
/// yet fixed; its fix makes the line fail here, and then the line goes.
const KNOWN: &[(&str, &str, &str)] = &[];

/// Longer than any input should take in a debug build; a hang fails rather than stalls.
const SLOW: Duration = Duration::from_secs(20);

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz")
}

/// The files of `fuzz/<kind>/<target>/`, by name; none when the folder does not exist.
fn inputs(kind: &str, target: &str) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(fuzz_dir().join(kind).join(target)) else { return Vec::new() };
    let mut files: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).filter(|p| p.is_file()).collect();
    files.sort();
    files
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_owned())
}

#[test]
fn every_corpus_input_and_minimised_crash_runs_without_a_panic() {
    let mut failures = Vec::new();
    let mut known_seen = Vec::new();
    let mut replayed = 0;
    for (target, entry) in TARGETS {
        for kind in ["corpus", "artifacts"] {
            for file in inputs(kind, target) {
                let name = file.file_name().unwrap().to_string_lossy().into_owned();
                let data = std::fs::read(&file).unwrap();
                let started = Instant::now();
                let outcome = catch_unwind(AssertUnwindSafe(|| entry(&data)));
                let took = started.elapsed();
                replayed += 1;
                let failure = match outcome {
                    Err(payload) => Some(format!("panicked: {}", panic_message(payload.as_ref()))),
                    Ok(()) if took > SLOW => Some(format!("took {:.1} s", took.as_secs_f64())),
                    Ok(()) => None,
                };
                let known = KNOWN.iter().find(|(t, n, _)| t == target && *n == name);
                match (failure, known) {
                    (Some(why), Some((_, _, words))) if why.contains(words) => known_seen.push(name),
                    (Some(why), _) => failures.push(format!("{target}: fuzz/{kind}/{target}/{name} {why}")),
                    (None, Some(_)) => failures.push(format!(
                        "{target}: fuzz/{kind}/{target}/{name} is listed in KNOWN but no longer fails: remove its line"
                    )),
                    (None, None) => {}
                }
            }
        }
    }
    let absent: Vec<String> = KNOWN
        .iter()
        .filter(|(t, n, _)| !["corpus", "artifacts"].iter().any(|k| fuzz_dir().join(k).join(t).join(n).is_file()))
        .map(|(t, n, _)| format!("{t}/{n}"))
        .collect();
    assert!(replayed > 100, "only {replayed} inputs replayed: are the corpora there?");
    assert!(failures.is_empty(), "{} of {replayed} fuzz inputs fail:\n{}", failures.len(), failures.join("\n"));
    assert!(absent.is_empty(), "KNOWN names inputs that are in neither the corpus nor the artifacts: {absent:?}");
    assert_eq!(known_seen.len(), KNOWN.len());
}

/// The targets in `fuzz/` are exactly [`TARGETS`]: each has its binary in `fuzz/Cargo.toml`
/// and `fuzz/fuzz_targets/`, and a corpus; no corpus or artifacts folder names another.
#[test]
fn every_target_has_its_binary_and_its_corpus() {
    let names: BTreeSet<String> = TARGETS.iter().map(|(n, _)| (*n).to_owned()).collect();
    let files = |dir: &str| -> BTreeSet<String> {
        std::fs::read_dir(fuzz_dir().join(dir))
            .map(|entries| {
                entries
                    .map(|e| e.unwrap().path())
                    .filter(|p| p.extension().is_none_or(|e| e == "rs"))
                    .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(files("fuzz_targets"), names, "fuzz/fuzz_targets/*.rs and TARGETS differ");
    let manifest = std::fs::read_to_string(fuzz_dir().join("Cargo.toml")).unwrap();
    let bins: BTreeSet<String> = manifest
        .lines()
        .filter_map(|l| l.strip_prefix("name = \""))
        .filter_map(|l| l.strip_suffix('"'))
        .filter(|n| *n != "phr-fuzz")
        .map(str::to_owned)
        .collect();
    assert_eq!(bins, names, "fuzz/Cargo.toml's [[bin]] names and TARGETS differ");
    assert_eq!(files("corpus"), names, "fuzz/corpus/ has a folder per target and no other");
    for name in &names {
        assert!(!inputs("corpus", name).is_empty(), "fuzz/corpus/{name} is empty: seed it");
    }
    let stray: Vec<String> = files("artifacts").difference(&names).cloned().collect();
    assert!(stray.is_empty(), "fuzz/artifacts/ has folders of no target: {stray:?}");
}
