//! The desktop shell: a Tauri window over `phr_app::App`, and nothing more.
//!
//! Architecture invariant: this crate holds no application logic. Each command in
//! [`commands`] forwards to one `App` method; what the webview may call is fenced by
//! `capabilities/main.json` (the app's own commands and the `vault-locked` event, no plugin
//! permissions), and `tests/capabilities.rs` keeps that file, `build.rs` and
//! `generate_handler!` in step.

use std::ffi::OsString;
use std::path::PathBuf;

pub mod commands;
pub mod dialogs;
pub mod idle;
pub mod readings_commands;
pub mod record_commands;
pub mod share_commands;

/// Starts the app; returns when the last window closes.
pub fn run() {
    let vault_dir = vault_dir(std::env::var_os("PHR_VAULT_DIR"), std::env::args_os().skip(1));
    // The environment is read once, here, at start-up: the app itself reads none.
    let options = phr_app::AppOptions::from_vars(|name| std::env::var(name).ok());
    let app = phr_app::App::with_options(vault_dir, options);

    let result = tauri::Builder::default()
        // Native Save/Open dialogs, used from Rust (dialogs.rs); the webview gets no dialog
        // permission, so the plugin's own commands stay unreachable from JS.
        .plugin(tauri_plugin_dialog::init())
        .manage(app)
        .setup(|tauri_app| {
            idle::spawn(tauri_app.handle().clone())?;
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::vault_status,
            commands::create_vault,
            commands::unlock,
            commands::lock,
            commands::recover,
            commands::change_passphrase,
            commands::suggest_passphrase,
            commands::list_people,
            commands::add_person,
            commands::update_person,
            commands::delete_person,
            commands::audit_log,
            commands::verify_audit,
            commands::get_settings,
            commands::set_settings,
            commands::choose_backup_path,
            commands::create_backup,
            commands::choose_restore_file,
            commands::restore_backup,
            commands::keep_alive,
            // record and GP import (issue 3)
            record_commands::record_summary,
            record_commands::timeline,
            record_commands::entry,
            record_commands::search_record,
            record_commands::set_entry_sensitivity,
            record_commands::import_history,
            record_commands::choose_fhir_files,
            record_commands::import_files,
            record_commands::gp_practices,
            record_commands::import_from_gp,
            record_commands::cancel_gp_import,
            record_commands::choose_export_path,
            record_commands::export_fhir,
            // readings (issue 4)
            readings_commands::reading_kinds,
            readings_commands::add_reading,
            readings_commands::update_reading,
            readings_commands::delete_reading,
            readings_commands::restore_reading,
            readings_commands::list_readings,
            readings_commands::reading_stats,
            readings_commands::chart_series,
            readings_commands::targets,
            readings_commands::set_target,
            readings_commands::choose_device_file,
            readings_commands::preview_device_file,
            readings_commands::import_device_file,
            readings_commands::bp_week,
            readings_commands::start_bp_week,
            readings_commands::choose_readings_export_path,
            readings_commands::export_readings,
            // sharing (issue 5)
            share_commands::share_preview,
            share_commands::choose_share_path,
            share_commands::share_create,
            share_commands::share_list,
            share_commands::share_revoke,
            share_commands::signing_key,
            share_commands::choose_share_package,
            share_commands::choose_share_identity,
            share_commands::share_open,
            share_commands::choose_share_save_dir,
            share_commands::share_save_opened,
            share_commands::share_close_opened,
        ])
        .run(tauri::generate_context!());

    if let Err(e) = result {
        eprintln!("phr-desktop: {e}");
        std::process::exit(1);
    }
}

/// Where the vault lives: `PHR_VAULT_DIR` if set, else `--vault-dir <DIR>` (or
/// `--vault-dir=<DIR>`), else the platform's data folder. Other arguments are ignored.
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
