//! Native Save and Open dialogs for backups, shown from Rust.
//!
//! The webview never gets the dialog plugin's permissions: it asks for a path through these
//! two commands and gets back only what the citizen picked. Both block until the dialog
//! closes, so they must run off the main thread (the commands are `async`).

use phr_app::App;
use tauri::AppHandle;
use tauri_plugin_dialog::{DialogExt, FilePath};

/// The extension a backup file carries; also in the workspace .gitignore.
pub const BACKUP_EXTENSION: &str = "phrbackup";

/// Asks where to save a new backup. `None` when the citizen cancels.
pub fn choose_backup_path(handle: &AppHandle, app: &App) -> Option<String> {
    app.touch();
    let picked = handle
        .dialog()
        .file()
        .set_title("Save a backup of your health record")
        .add_filter("Health record backup", &[BACKUP_EXTENSION])
        .set_file_name(format!("my-health-record.{BACKUP_EXTENSION}"))
        .blocking_save_file();
    picked.and_then(path_string)
}

/// Asks for a backup file to restore. `None` when the citizen cancels.
pub fn choose_restore_file(handle: &AppHandle, app: &App) -> Option<String> {
    app.touch();
    let picked = handle
        .dialog()
        .file()
        .set_title("Choose a backup to restore")
        .add_filter("Health record backup", &[BACKUP_EXTENSION])
        .blocking_pick_file();
    picked.and_then(path_string)
}

/// Desktop dialogs give file paths; anything else (or a path that is not UTF-8, which the
/// UI could not show or send back intact) counts as no choice.
fn path_string(picked: FilePath) -> Option<String> {
    picked.into_path().ok()?.into_os_string().into_string().ok()
}
