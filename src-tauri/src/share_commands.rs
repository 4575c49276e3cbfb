//! The sharing commands (issue 5): one line each, forwarding to `phr_app::App`, and the four
//! native dialogs they need (where to save a package, a package to open, an identity file,
//! a folder to save an opened package in).
//!
//! Like `dialogs.rs`, the dialogs are shown from Rust: the webview has no dialog permission
//! and only ever sees the paths picked. Opening a package needs no vault, so a professional
//! can use these from the first screen.
//!
//! Test seams: WebDriver cannot drive a native dialog, so when `PHR_E2E_SHARE_SAVE_PATH`,
//! `PHR_E2E_SHARE_FILE` or `PHR_E2E_SHARE_SAVE_DIR` is set (only the desktop end-to-end suite
//! sets them) its value is returned instead of showing that dialog. They grant nothing a
//! person could not pick themselves: the path goes through the same checks after.

use std::path::PathBuf;

use phr_app::{App, AppError, KeyInfo, OpenedShare, ShareCreated, ShareInfo, SharePreview, ShareRequest, ShareUnlock};
use tauri::{AppHandle, State};
use tauri_plugin_dialog::{DialogExt, FilePath};

type Result<T> = std::result::Result<T, AppError>;

/// The extension of a share package (an age file).
pub const PACKAGE_EXTENSION: &str = "age";
/// The end-to-end suite's stand-in for the Save dialog of a new package.
pub const E2E_SAVE_PATH_ENV: &str = "PHR_E2E_SHARE_SAVE_PATH";
/// The end-to-end suite's stand-in for the Open dialog of a package.
pub const E2E_PACKAGE_ENV: &str = "PHR_E2E_SHARE_FILE";
/// The end-to-end suite's stand-in for the folder dialog of "Save a copy".
pub const E2E_SAVE_DIR_ENV: &str = "PHR_E2E_SHARE_SAVE_DIR";

#[tauri::command(async)]
pub fn share_preview(app: State<'_, App>, person_id: String, request: ShareRequest) -> Result<SharePreview> {
    app.share_preview(&person_id, request)
}

/// Asks where to save a new package, offering `health-record-share-<today>.age` (`today` is
/// the citizen's calendar date, from the window). `None` when the citizen cancels.
#[tauri::command(async)]
pub fn choose_share_path(handle: AppHandle, app: State<'_, App>, today: String) -> Option<String> {
    app.touch();
    if let Some(path) = seam(E2E_SAVE_PATH_ENV) {
        return Some(path);
    }
    let picked = handle
        .dialog()
        .file()
        .set_title("Save the shared record (encrypted)")
        .add_filter("Shared health record", &[PACKAGE_EXTENSION])
        .set_file_name(package_file_name(&today))
        .blocking_save_file();
    picked.and_then(path_string)
}

#[tauri::command(async)]
pub fn share_create(
    app: State<'_, App>,
    person_id: String,
    request: ShareRequest,
    path: PathBuf,
) -> Result<ShareCreated> {
    app.share_create(&person_id, request, &path)
}

#[tauri::command(async)]
pub fn share_list(app: State<'_, App>, person_id: String) -> Result<Vec<ShareInfo>> {
    app.share_list(&person_id)
}

#[tauri::command(async)]
pub fn share_revoke(app: State<'_, App>, person_id: String, share_id: String) -> Result<ShareInfo> {
    app.share_revoke(&person_id, &share_id)
}

#[tauri::command(async)]
pub fn signing_key(app: State<'_, App>, person_id: String) -> Result<KeyInfo> {
    app.signing_key(&person_id)
}

/// Asks for a package to open. `None` when cancelled.
#[tauri::command(async)]
pub fn choose_share_package(handle: AppHandle, app: State<'_, App>) -> Option<String> {
    app.touch();
    if let Some(path) = seam(E2E_PACKAGE_ENV) {
        return Some(path);
    }
    let picked = handle
        .dialog()
        .file()
        .set_title("Choose a shared health record to open")
        .add_filter("Shared health record", &[PACKAGE_EXTENSION])
        .blocking_pick_file();
    picked.and_then(path_string)
}

/// Asks for the professional's age identity file (the `AGE-SECRET-KEY-1...` line). `None` when
/// cancelled. Only its path reaches the webview; the backend reads the key.
#[tauri::command(async)]
pub fn choose_share_identity(handle: AppHandle, app: State<'_, App>) -> Option<String> {
    app.touch();
    let picked =
        handle.dialog().file().set_title("Choose your identity file (your age secret key)").blocking_pick_file();
    picked.and_then(path_string)
}

#[tauri::command(async)]
pub fn share_open(app: State<'_, App>, path: PathBuf, unlock: ShareUnlock) -> Result<OpenedShare> {
    app.share_open(&path, unlock)
}

/// Asks for a folder to save the opened package's files in. `None` when cancelled.
#[tauri::command(async)]
pub fn choose_share_save_dir(handle: AppHandle, app: State<'_, App>) -> Option<String> {
    app.touch();
    if let Some(path) = seam(E2E_SAVE_DIR_ENV) {
        return Some(path);
    }
    let picked = handle
        .dialog()
        .file()
        .set_title("Choose a folder to save the shared record in (not encrypted)")
        .blocking_pick_folder();
    picked.and_then(path_string)
}

#[tauri::command(async)]
pub fn share_save_opened(app: State<'_, App>, dir: PathBuf) -> Result<Vec<String>> {
    app.share_save_opened(&dir)
}

#[tauri::command(async)]
pub fn share_close_opened(app: State<'_, App>) {
    app.share_close_opened()
}

/// The seam's path, when the end-to-end suite set one.
fn seam(var: &str) -> Option<String> {
    std::env::var_os(var).filter(|p| !p.is_empty()).and_then(|p| p.into_string().ok())
}

/// `health-record-share-2026-11-23.age`; without the date when `today` is not `YYYY-MM-DD`
/// (the webview sends it, so it is never trusted into a file name unchecked).
pub fn package_file_name(today: &str) -> String {
    let b = today.as_bytes();
    let is_date = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() });
    if is_date {
        format!("health-record-share-{today}.{PACKAGE_EXTENSION}")
    } else {
        format!("health-record-share.{PACKAGE_EXTENSION}")
    }
}

/// Desktop dialogs give file paths; anything else (or a path that is not UTF-8) is no choice.
fn path_string(picked: FilePath) -> Option<String> {
    picked.into_path().ok()?.into_os_string().into_string().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_offered_name_carries_a_real_looking_date_only() {
        assert_eq!(package_file_name("2026-11-23"), "health-record-share-2026-11-23.age");
        assert_eq!(package_file_name("../../etc/x"), "health-record-share.age");
        assert_eq!(package_file_name("2026-11-2x"), "health-record-share.age");
        assert_eq!(package_file_name(""), "health-record-share.age");
    }
}
