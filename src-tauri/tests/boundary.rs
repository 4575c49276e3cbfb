//! House rule as a test: the boundary between the webview and the backend is generated from
//! the one command table (`src/command_table.rs`), and what is committed is what it generates.
//!
//! `capabilities/main.json` (what the webview may call) and `ui/src/commands.ts` (the typed
//! functions the UI calls) are generated from [`COMMANDS`] and [`EVENTS`]; this test fails when
//! either file is stale. Run with `UPDATE_BINDINGS=1` to rewrite them after changing the table.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::string_slice)]

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use phr_desktop::commands::{COMMANDS, CommandSig, EVENTS, EventSig};

const CAPABILITY: &str = "capabilities/main.json";
const COMMANDS_TS: &str = "../ui/src/commands.ts";
const BINDINGS: &str = "../ui/src/bindings";

fn path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// `person_id` → `personId`, as Tauri names a command's arguments in JS.
fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// `VAULT_LOCKED` → `VaultLocked`.
fn pascal_of_screaming(id: &str) -> String {
    id.split('_')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map(|first| first.to_string() + &chars.as_str().to_lowercase()).unwrap_or_default()
        })
        .collect()
}

/// The permission Tauri generates for a command in the app manifest.
fn permission(command: &str) -> String {
    format!("allow-{}", command.replace('_', "-"))
}

/// A doc comment's lines as a JSDoc block, indented by `indent`.
fn jsdoc(doc: &[&str], indent: &str) -> String {
    let lines: Vec<&str> = doc.iter().map(|l| l.strip_prefix(' ').unwrap_or(l)).collect();
    match lines.as_slice() {
        [one] => format!("{indent}/** {one} */\n"),
        many => {
            let mut out = format!("{indent}/**\n");
            for line in many {
                let _ = writeln!(out, "{indent} * {line}").map(|_| ());
            }
            out + &format!("{indent} */\n")
        }
    }
}

fn generate_capability() -> String {
    let events: Vec<&str> = EVENTS.iter().map(|e| e.name).collect();
    let mut permissions = vec!["core:event:allow-listen".to_string(), "core:event:allow-unlisten".to_string()];
    permissions.extend(COMMANDS.iter().map(|c| permission(c.name)));
    let list: Vec<String> = permissions.iter().map(|p| format!("    \"{p}\"")).collect();
    format!(
        r#"{{
  "$schema": "../gen/schemas/desktop-schema.json",
  "identifier": "main",
  "description": "Generated from src/command_table.rs by tests/boundary.rs (do not edit). The main window may call the app's own commands and listen for events ({}, and files dropped on it); nothing else (no fs, shell, http, dialog or opener).",
  "windows": ["main"],
  "permissions": [
{}
  ]
}}
"#,
        events.join(", "),
        list.join(",\n")
    )
}

fn imports(commands: &[CommandSig], events: &[EventSig]) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for c in commands {
        names.extend(c.result.imports());
        for a in c.args {
            names.extend(a.ty.imports());
        }
    }
    for e in events {
        names.extend(e.payload.imports());
    }
    names
}

fn generate_commands_ts() -> String {
    let mut out = String::from(
        "// Generated from src-tauri/src/command_table.rs by src-tauri/tests/boundary.rs: do not edit.\n\
         // To add or change a command, edit the table, then run\n\
         // `UPDATE_BINDINGS=1 cargo test -p phr-desktop` and commit what it rewrote.\n\
         //\n\
         // One typed function per backend command, and one subscription per backend event. A\n\
         // rejection is an IpcError (see ipc.ts, the runtime these call).\n\
         import { call, subscribe } from \"./ipc\";\n",
    );
    for name in imports(COMMANDS, EVENTS) {
        let _ = writeln!(out, "import type {{ {name} }} from \"./bindings/{name}\";");
    }

    out.push_str("\n/** Every command: its arguments (camelCase, as sent) and what its promise resolves to. */\n");
    out.push_str("export type Commands = {\n");
    for c in COMMANDS {
        let args: Vec<String> = c.args.iter().map(|a| format!("{}: {}", camel(a.name), a.ty.name())).collect();
        let args =
            if args.is_empty() { "Record<string, never>".to_string() } else { format!("{{ {} }}", args.join("; ")) };
        let _ = writeln!(out, "  {}: {{ args: {args}; result: {} }};", c.name, c.result.name());
    }
    out.push_str("};\n\n");

    out.push_str("/** Every command's name, as `invoke` takes it. */\n");
    out.push_str("export const COMMAND_NAMES = [\n");
    for c in COMMANDS {
        let _ = writeln!(out, "  \"{}\",", c.name);
    }
    out.push_str("] as const satisfies readonly (keyof Commands)[];\n");

    for c in COMMANDS {
        out.push('\n');
        out.push_str(&jsdoc(c.doc, ""));
        let params: Vec<String> = c.args.iter().map(|a| format!("{}: {}", camel(a.name), a.ty.name())).collect();
        let keys: Vec<String> = c.args.iter().map(|a| camel(a.name)).collect();
        let result = c.result.name();
        let _ = writeln!(out, "export function {}({}): Promise<{result}> {{", camel(c.name), params.join(", "));
        if keys.is_empty() {
            let _ = writeln!(out, "  return call(\"{}\");", c.name);
        } else {
            let _ = writeln!(out, "  return call(\"{}\", {{ {} }});", c.name, keys.join(", "));
        }
        out.push_str("}\n");
    }

    out.push_str("\n/** Every event the backend sends the window, by name, with its payload. */\n");
    out.push_str("export type Events = {\n");
    for e in EVENTS {
        let _ = writeln!(out, "  \"{}\": {};", e.name, e.payload.name());
    }
    out.push_str("};\n\n");
    out.push_str("/** Every event's name on the wire. */\n");
    out.push_str("export const EVENTS = {\n");
    for e in EVENTS {
        let pascal = pascal_of_screaming(e.id);
        let key = pascal
            .chars()
            .next()
            .map(|f| f.to_lowercase().to_string() + pascal.get(1..).unwrap_or(""))
            .unwrap_or_default();
        let _ = writeln!(out, "  {key}: \"{}\",", e.name);
    }
    out.push_str("} as const satisfies Record<string, keyof Events>;\n");
    for e in EVENTS {
        out.push('\n');
        out.push_str(&jsdoc(e.doc, ""));
        let payload = e.payload.name();
        let _ = writeln!(
            out,
            "export function on{}(handler: (payload: {payload}) => void): Promise<() => void> {{",
            pascal_of_screaming(e.id)
        );
        let _ = writeln!(out, "  return subscribe(\"{}\", handler);", e.name);
        out.push_str("}\n");
    }
    out
}

/// Compares `fresh` with the committed file, or rewrites it under `UPDATE_BINDINGS`.
fn check_fresh(rel: &str, fresh: &str) {
    let file = path(rel);
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        fs::write(&file, fresh).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        return;
    }
    let committed = fs::read_to_string(&file).unwrap_or_default();
    assert!(
        committed == fresh,
        "{rel} is stale: it is generated from src/command_table.rs. Run `UPDATE_BINDINGS=1 cargo test -p phr-desktop` and commit the result"
    );
}

#[test]
fn the_capability_is_generated_from_the_table() {
    check_fresh(CAPABILITY, &generate_capability());
}

#[test]
fn commands_ts_is_generated_from_the_table() {
    check_fresh(COMMANDS_TS, &generate_commands_ts());
}

#[test]
fn every_type_commands_ts_imports_is_a_committed_binding() {
    let missing: Vec<String> = imports(COMMANDS, EVENTS)
        .into_iter()
        .filter(|name| !path(BINDINGS).join(format!("{name}.ts")).is_file())
        .collect();
    assert!(
        missing.is_empty(),
        "no ui/src/bindings file for {missing:?}: export it in crates/phr-app/tests/bindings.rs"
    );
}

#[test]
fn command_and_event_names_are_unique() {
    let commands: BTreeSet<&str> = COMMANDS.iter().map(|c| c.name).collect();
    assert_eq!(commands.len(), COMMANDS.len(), "a command is declared twice");
    let camel_names: BTreeSet<String> = COMMANDS.iter().map(|c| camel(c.name)).collect();
    assert_eq!(camel_names.len(), COMMANDS.len(), "two commands share a TypeScript name");
    let events: BTreeSet<&str> = EVENTS.iter().map(|e| e.name).collect();
    assert_eq!(events.len(), EVENTS.len(), "an event is declared twice");
    for c in COMMANDS {
        let args: BTreeSet<&str> = c.args.iter().map(|a| a.name).collect();
        assert_eq!(args.len(), c.args.len(), "{} names an argument twice", c.name);
    }
}

#[test]
fn the_app_manifest_covers_exactly_the_table() {
    // build.rs writes the names it gave `AppManifest::commands`.
    let manifest = include_str!(concat!(env!("OUT_DIR"), "/manifest_commands.txt"));
    let manifest: Vec<&str> = manifest.lines().collect();
    let table: Vec<&str> = COMMANDS.iter().map(|c| c.name).collect();
    assert_eq!(manifest, table);
}

/// The webview names no path: no command takes a path (a `PathBuf`, a `Path`, an `OsString`,
/// or a string called one), every `choose_*` dialog gives back a `FileChoice` (a one-time
/// handle and the file's name, never its path), and the action commands take that handle.
#[test]
fn no_command_takes_a_path_and_dialogs_give_handles() {
    let table = fs::read_to_string(path("src/command_table.rs")).unwrap();
    let signatures: Vec<&str> = table
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("fn "))
        .map(|l| l.split_once('{').map_or(l, |(sig, _)| sig))
        .collect();
    assert_eq!(signatures.len(), COMMANDS.len(), "one signature line per command");
    for sig in &signatures {
        for banned in ["PathBuf", "Path", "OsString", " path:", " paths:", " dir:", "_path:", "_dir:", "file:"] {
            assert!(!sig.contains(banned), "a command takes a path ({banned}): {sig}");
        }
    }
    let handle_args: BTreeSet<&str> = ["choice", "identity"].into();
    for c in COMMANDS {
        if c.name.starts_with("choose_") {
            assert_eq!(c.result.name(), "FileChoice | null", "{} must give a FileChoice", c.name);
        }
        for a in c.args.iter().filter(|a| handle_args.contains(a.name)) {
            assert!(a.ty.name().starts_with("FileHandle"), "{}'s {} must be a FileHandle", c.name, a.name);
        }
    }
    let takes_handle: BTreeSet<&str> = COMMANDS
        .iter()
        .filter(|c| c.args.iter().any(|a| a.ty.name().starts_with("FileHandle")))
        .map(|c| c.name)
        .collect();
    let expected: BTreeSet<&str> = [
        "create_backup",
        "restore_backup",
        "import_files",
        "import_subject_question",
        "import_files_confirmed",
        "export_fhir",
        "export_ips",
        "preview_device_file",
        "import_device_file",
        "export_readings",
        "share_create",
        "share_open",
        "share_save_opened",
        "open_saved_pdf",
        "handover_create",
        "handover_accept",
    ]
    .into();
    assert_eq!(takes_handle, expected);
}
