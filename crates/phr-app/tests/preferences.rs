//! The interface preferences file: it round-trips, is private (0600), sits beside the vault
//! folder (so a restore into an empty folder still works), is readable before any vault
//! exists, and a damaged file gives the defaults with no panic.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::path::Path;

use phr_app::*;

fn app(tmp: &tempfile::TempDir) -> App {
    App::new(tmp.path().join("vault"))
}

fn prefs_file(tmp: &tempfile::TempDir) -> std::path::PathBuf {
    tmp.path().join("vault-preferences.json")
}

#[test]
fn with_no_file_the_text_size_is_normal() {
    let tmp = tempfile::tempdir().unwrap();
    let a = app(&tmp);
    assert_eq!(a.preferences(), Preferences { text_size_percent: 100 });
    assert_eq!(a.vocabulary().text_sizes[0].percent, 100);
}

#[test]
fn a_chosen_text_size_is_remembered_by_a_new_app() {
    let tmp = tempfile::tempdir().unwrap();
    let saved = app(&tmp).set_preferences(Preferences { text_size_percent: 150 }).unwrap();
    assert_eq!(saved.text_size_percent, 150);
    // A restart: a new App on the same folder, still locked (no vault exists at all).
    assert_eq!(app(&tmp).preferences().text_size_percent, 150);
    assert!(!tmp.path().join("vault").exists(), "the vault folder is left for a restore");
}

#[test]
fn every_step_in_the_vocabulary_can_be_saved_and_nothing_else() {
    let tmp = tempfile::tempdir().unwrap();
    let a = app(&tmp);
    let steps: Vec<u32> = a.vocabulary().text_sizes.iter().map(|s| s.percent).collect();
    assert_eq!(steps, [100, 125, 150, 175, 200]);
    for p in &steps {
        assert_eq!(a.set_preferences(Preferences { text_size_percent: *p }).unwrap().text_size_percent, *p);
        assert_eq!(a.preferences().text_size_percent, *p);
    }
    for bad in [0, 99, 110, 201, 1000] {
        let e = a.set_preferences(Preferences { text_size_percent: bad }).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput);
        assert_eq!(e.field, Some(ErrorField::TextSize));
    }
    assert_eq!(a.preferences().text_size_percent, 200, "a refused size leaves the saved one");
}

#[test]
fn a_damaged_file_gives_the_default_without_a_panic() {
    let tmp = tempfile::tempdir().unwrap();
    let a = app(&tmp);
    let long = vec![b' '; 10_000];
    let damaged: [&[u8]; 7] = [
        b"",
        b"{",
        b"\xff\xfe\x00",
        b"{\"textSizePercent\": 130}",
        b"{\"textSizePercent\": -1}",
        b"{\"size\": 150}",
        &long,
    ];
    for bytes in damaged {
        std::fs::write(prefs_file(&tmp), bytes).unwrap();
        assert_eq!(a.preferences().text_size_percent, 100);
    }
    // A folder where the file should be: still the default, and saving says why it failed.
    std::fs::remove_file(prefs_file(&tmp)).unwrap();
    std::fs::create_dir(prefs_file(&tmp)).unwrap();
    assert_eq!(a.preferences().text_size_percent, 100);
    assert!(a.set_preferences(Preferences { text_size_percent: 125 }).is_err());
}

#[test]
fn an_unknown_field_from_a_newer_app_is_ignored() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(prefs_file(&tmp), br#"{"textSizePercent": 175, "theme": "dark"}"#).unwrap();
    assert_eq!(app(&tmp).preferences().text_size_percent, 175);
}

#[cfg(unix)]
#[test]
fn the_file_is_readable_only_by_this_user() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    app(&tmp).set_preferences(Preferences { text_size_percent: 125 }).unwrap();
    let mode = std::fs::metadata(prefs_file(&tmp)).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    // Rewriting keeps it private and leaves no temporary file behind.
    app(&tmp).set_preferences(Preferences { text_size_percent: 200 }).unwrap();
    let names: Vec<String> =
        std::fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(names, ["vault-preferences.json"]);
    assert!(Path::new(&prefs_file(&tmp)).is_file());
}
