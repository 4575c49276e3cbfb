//! Embeds the capabilities and generates one `allow-<command>` permission per app command.
//!
//! The command names come from `src/command_table.rs`, the one place commands are declared:
//! it is `include!`d here through a macro that keeps only the names (the types and bodies are
//! just tokens to it). The names are also written to `$OUT_DIR/manifest_commands.txt` so that
//! `tests/boundary.rs` can check the manifest covers exactly the table.

/// Keeps each entry's name; `command_table.rs` describes the entries.
macro_rules! commands {
    ($( $(#[$meta:meta])* fn $name:ident $params:tt -> $ret:ty $body:block )*) => {
        const COMMANDS: &[&str] = &[$(stringify!($name)),*];
    };
}

/// Events are not commands: the manifest does not need them.
macro_rules! events {
    ($($tokens:tt)*) => {};
}

include!("src/command_table.rs");

fn main() {
    let commands = COMMANDS;
    println!("cargo:rerun-if-changed=src/command_table.rs");
    if let Some(out) = std::env::var_os("OUT_DIR") {
        let list = std::path::Path::new(&out).join("manifest_commands.txt");
        if let Err(e) = std::fs::write(&list, commands.join("\n")) {
            panic!("could not write {}: {e}", list.display());
        }
    }
    let manifest = tauri_build::AppManifest::new().commands(commands);
    if let Err(e) = tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest)) {
        // A build script reports failure by panicking; the message is what cargo prints.
        panic!("tauri-build failed: {e:#}");
    }
}
