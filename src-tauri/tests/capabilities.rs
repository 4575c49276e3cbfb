//! House rules for the shell, checked from its own source files: the webview may call the
//! app's commands and listen for `vault-locked`, and nothing else.

use std::collections::BTreeSet;
use std::path::Path;

fn read(rel: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `text` without `//` comments, so commented section markers in lists are not items.
fn strip_comments(text: &str) -> String {
    text.lines().map(|l| l.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n")
}

/// The text between `start` and the next `end` after it.
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).unwrap_or_else(|| panic!("no {start:?}")) + start.len();
    let len = text[from..].find(end).unwrap_or_else(|| panic!("no {end:?} after {start:?}"));
    &text[from..from + len]
}

/// Command names in build.rs's `AppManifest::commands(&[...])`.
fn build_rs_commands() -> BTreeSet<String> {
    let build = strip_comments(&read("build.rs"));
    between(&build, ".commands(&[", "]")
        .split(',')
        .map(|s| s.trim().trim_matches('"').to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Handler names in lib.rs's `generate_handler![...]`.
fn generated_handlers() -> BTreeSet<String> {
    let lib = strip_comments(&read("src/lib.rs"));
    between(&lib, "generate_handler![", "]")
        .split(',')
        .map(|s| s.trim().rsplit("::").next().unwrap_or("").to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Functions marked `#[tauri::command...]` in the command modules.
fn command_fns() -> BTreeSet<String> {
    let src = ["src/commands.rs", "src/record_commands.rs", "src/readings_commands.rs", "src/share_commands.rs"]
        .map(read)
        .join("\n");
    src.split("#[tauri::command").skip(1).map(|rest| between(rest, "pub fn ", "(").trim().to_string()).collect()
}

fn capability() -> serde_json::Value {
    serde_json::from_str(&read("capabilities/main.json")).expect("capabilities/main.json is JSON")
}

fn granted() -> BTreeSet<String> {
    capability()["permissions"]
        .as_array()
        .expect("permissions is an array")
        .iter()
        .map(|p| p.as_str().expect("permissions are plain identifiers, no scopes").to_string())
        .collect()
}

#[test]
fn build_rs_lists_exactly_the_generated_handlers() {
    assert_eq!(build_rs_commands(), generated_handlers());
    assert_eq!(command_fns(), generated_handlers());
    // 20 for the vault, people and settings; 13 for the record and GP import (issue 3); 17 for
    // readings (issue 4); 12 for sharing (issue 5).
    assert_eq!(build_rs_commands().len(), 20 + 13 + 17 + 12);
}

#[test]
fn the_webview_gets_only_app_commands_and_the_lock_event() {
    let mut expected: BTreeSet<String> =
        build_rs_commands().iter().map(|c| format!("allow-{}", c.replace('_', "-"))).collect();
    expected.insert("core:event:allow-listen".into());
    expected.insert("core:event:allow-unlisten".into());
    assert_eq!(granted(), expected);

    let cap = capability();
    assert_eq!(cap["windows"], serde_json::json!(["main"]));
    assert!(cap.get("remote").is_none(), "no remote URL may use the IPC");
    assert!(cap.get("webviews").is_none());
}

#[test]
fn the_window_config_is_locked_down() {
    let conf: serde_json::Value = serde_json::from_str(&read("tauri.conf.json")).expect("tauri.conf.json is JSON");
    assert_eq!(conf["app"]["withGlobalTauri"], false);
    assert_eq!(conf["app"]["security"]["capabilities"], serde_json::json!(["main"]));
    let csp = conf["app"]["security"]["csp"].as_str().expect("a CSP string");
    for directive in [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "connect-src ipc: http://ipc.localhost",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ] {
        assert!(csp.split(';').any(|d| d.trim() == directive), "CSP lacks {directive:?}");
    }
    assert!(!csp.contains("unsafe"), "CSP allows something unsafe: {csp}");
    assert!(conf["build"].get("devUrl").is_none(), "the app always serves ui/dist");
    let windows = conf["app"]["windows"].as_array().expect("windows");
    assert_eq!(windows.len(), 1);
    assert_eq!(windows[0]["label"], "main");
}
