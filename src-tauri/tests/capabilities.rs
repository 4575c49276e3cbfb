//! House rules for the shell, checked from its own source files: the webview may call the
//! app's commands (those in the command table) and listen for events, and nothing else.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::string_slice)]

use std::collections::BTreeSet;
use std::path::Path;

use phr_desktop::commands::COMMANDS;

fn read(rel: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
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
fn the_webview_gets_only_app_commands_and_event_listening() {
    let mut expected: BTreeSet<String> =
        COMMANDS.iter().map(|c| format!("allow-{}", c.name.replace('_', "-"))).collect();
    expected.insert("core:event:allow-listen".into());
    expected.insert("core:event:allow-unlisten".into());
    assert_eq!(granted(), expected);

    let cap = capability();
    assert_eq!(cap["windows"], serde_json::json!(["main"]));
    assert!(cap.get("remote").is_none(), "no remote URL may use the IPC");
    assert!(cap.get("webviews").is_none());
}

/// Commands are declared only in the table: no hand-written `#[tauri::command]` elsewhere.
#[test]
fn only_the_table_declares_commands() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut offenders = Vec::new();
    for entry in std::fs::read_dir(&src).expect("src/") {
        let file = entry.expect("a directory entry").path();
        let name = file.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let declares = text.contains("#[tauri::command") || text.contains("tauri::generate_handler!");
        if declares && name != "commands.rs" {
            offenders.push(name);
        }
    }
    assert_eq!(offenders, Vec::<String>::new());
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
