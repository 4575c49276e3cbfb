//! The desktop shell: a Tauri window over `phr_app::App`, and nothing more.
//!
//! Architecture invariant: this crate holds no application logic. Every command and event
//! is declared once, in `src/command_table.rs`; [`commands`] expands it into one-line
//! Tauri command functions that forward to an `App` method, to [`dialogs`] or to [`links`], and into
//! the `generate_handler!` list; `build.rs` reads the same file for the app manifest; and
//! `tests/boundary.rs` generates `capabilities/main.json` (the app's own commands and event
//! listening, no plugin permissions) and `ui/src/commands.ts` from it, failing when either
//! is stale.
//!
//! How to add a command: one entry in `src/command_table.rs`, then
//! `UPDATE_BINDINGS=1 cargo test -p phr-desktop`, and commit what it rewrote.

use std::ffi::OsString;
use std::path::PathBuf;

pub mod commands;
pub mod dialogs;
#[cfg(feature = "e2e")]
mod e2e_seams;
pub mod idle;
pub mod links;
pub mod navigation;
pub mod opened;
pub mod record_check;
pub mod reminders;
pub mod startup;

/// Starts the app; returns when the last window closes.
pub fn run() {
    let vault_dir = vault_dir(std::env::var_os("PHR_VAULT_DIR"), std::env::args_os().skip(1));
    // The environment is read once, here, at start-up: the app itself reads none.
    let options = phr_app::AppOptions::from_vars(|name| std::env::var(name).ok());
    let app = phr_app::App::with_options(vault_dir, options);
    // A shared record or backup the desktop asked us to open (a double-click): kept in Rust
    // until the window asks for it (opened.rs).
    let opened_file = opened::Waiting::new(opened::from_args(std::env::args_os().skip(1)));
    let startup_report = startup::Report::new(std::env::var("PHR_REPORT_STARTUP").ok().as_deref());

    let context = tauri::generate_context!();
    // The webview may show the app's own pages only (navigation.rs); in a development build
    // that loads from a dev server, its address (tauri.conf.json's devUrl) counts as the app's.
    let navigation_guard = navigation::guard(context.config().build.dev_url.as_ref());

    let result = tauri::Builder::default()
        // One app at a time: a second launch (another double-clicked file) hands its
        // arguments to this one and exits. First, so the second process starts nothing else.
        .plugin(tauri_plugin_single_instance::init(opened::second_launch))
        .plugin(navigation_guard)
        // Native Save/Open dialogs, used from Rust (dialogs.rs); the webview gets no dialog
        // permission, so the plugin's own commands stay unreachable from JS.
        .plugin(tauri_plugin_dialog::init())
        // Desktop notifications for reminders, shown from Rust only (reminders.rs); as with the
        // dialogs, the webview is granted none of the plugin's permissions.
        .plugin(tauri_plugin_notification::init())
        .manage(app)
        .manage(opened_file)
        .manage(startup_report)
        .setup(|tauri_app| {
            idle::spawn(tauri_app.handle().clone())?;
            reminders::spawn(tauri_app.handle().clone())?;
            Ok(())
        })
        .on_window_event(dialogs::on_window_event)
        .invoke_handler(commands::handler())
        .run(context);

    if let Err(e) = result {
        eprintln!("phr-desktop: {e}");
        std::process::exit(1);
    }
}

/// Where the vault lives: `PHR_VAULT_DIR` if set, else `--vault-dir <DIR>` (or
/// `--vault-dir=<DIR>`), else the platform's data folder. Other arguments are ignored here
/// (a file to open is found by `opened::from_args`).
pub fn vault_dir(env: Option<OsString>, args: impl IntoIterator<Item = OsString>) -> PathBuf {
    if let Some(dir) = env.filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if arg == "--vault-dir" {
            if let Some(dir) = args.next() {
                return PathBuf::from(dir);
            }
        } else if let Some(dir) = arg.to_str().and_then(|a| a.strip_prefix("--vault-dir=")) {
            return PathBuf::from(dir);
        }
    }
    phr_app::default_vault_dir()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(env: Option<&str>, args: &[&str], expect: &str) {
        let got = vault_dir(env.map(OsString::from), args.iter().map(OsString::from));
        assert_eq!(got, PathBuf::from(expect), "env {env:?}, args {args:?}");
    }

    #[test]
    fn vault_dir_prefers_env_then_flag() {
        check(Some("/env"), &["--vault-dir", "/flag"], "/env");
        check(None, &["--vault-dir", "/flag"], "/flag");
        check(None, &["--other", "--vault-dir=/eq"], "/eq");
        check(Some(""), &["--vault-dir", "/flag"], "/flag");
    }

    #[test]
    fn vault_dir_falls_back_to_the_default() {
        let default = phr_app::default_vault_dir();
        let default = default.to_str().expect("default vault dir is UTF-8");
        check(None, &[], default);
        check(None, &["--vault-dir"], default);
    }
}
