//! The record and GP import commands: one line each, forwarding to `phr_app::App`, and the two
//! native dialogs they need (FHIR files to import, where to save an export).
//!
//! Like `dialogs.rs`, the dialogs are shown from Rust: the webview has no dialog permission
//! and only ever sees the paths the citizen picked.

use std::path::PathBuf;

use phr_app::{
    App, AppError, EntryDetail, ExportInfo, GpPractice, ImportReport, ImportRun, RecordSummary, SearchHit, Sensitivity,
    TimelinePage, TimelineQuery,
};
use tauri::{AppHandle, Emitter, State};
use tauri_plugin_dialog::{DialogExt, FilePath};

type Result<T> = std::result::Result<T, AppError>;

#[tauri::command(async)]
pub fn record_summary(app: State<'_, App>, person_id: String) -> Result<RecordSummary> {
    app.record_summary(&person_id)
}

#[tauri::command(async)]
pub fn timeline(app: State<'_, App>, person_id: String, query: TimelineQuery) -> Result<TimelinePage> {
    app.timeline(&person_id, query)
}

#[tauri::command(async)]
pub fn entry(app: State<'_, App>, person_id: String, entry_id: String) -> Result<EntryDetail> {
    app.entry(&person_id, &entry_id)
}

#[tauri::command(async)]
pub fn search_record(
    app: State<'_, App>,
    person_id: String,
    text: String,
    limit: Option<u32>,
) -> Result<Vec<SearchHit>> {
    app.search_record(&person_id, &text, limit)
}

#[tauri::command(async)]
pub fn set_entry_sensitivity(
    app: State<'_, App>,
    person_id: String,
    entry_id: String,
    sensitivity: Sensitivity,
) -> Result<EntryDetail> {
    app.set_entry_sensitivity(&person_id, &entry_id, sensitivity)
}

#[tauri::command(async)]
pub fn import_history(app: State<'_, App>, person_id: String) -> Result<Vec<ImportRun>> {
    app.import_history(&person_id)
}

#[tauri::command(async)]
pub fn choose_fhir_files(handle: AppHandle, app: State<'_, App>) -> Vec<String> {
    choose_fhir_files_dialog(&handle, &app)
}

#[tauri::command(async)]
pub fn import_files(app: State<'_, App>, person_id: String, paths: Vec<PathBuf>) -> Result<ImportReport> {
    app.import_files(&person_id, &paths)
}

#[tauri::command(async)]
pub fn gp_practices(app: State<'_, App>) -> Vec<GpPractice> {
    app.gp_practices()
}

/// Progress reaches the window as `import-progress` events; the result is the import report.
/// An event the window cannot take is dropped: the import itself carries on.
#[tauri::command(async)]
pub fn import_from_gp(handle: AppHandle, app: State<'_, App>, person_id: String, url: String) -> Result<ImportReport> {
    app.import_from_gp(&person_id, &url, &|p| drop(handle.emit("import-progress", p)))
}

#[tauri::command(async)]
pub fn cancel_gp_import(app: State<'_, App>) {
    app.cancel_gp_import()
}

#[tauri::command(async)]
pub fn choose_export_path(handle: AppHandle, app: State<'_, App>) -> Option<String> {
    choose_export_path_dialog(&handle, &app)
}

#[tauri::command(async)]
pub fn export_fhir(app: State<'_, App>, person_id: String, path: PathBuf) -> Result<ExportInfo> {
    app.export_fhir(&person_id, &path)
}

/// Asks for one or more FHIR JSON files. Empty when the citizen cancels.
fn choose_fhir_files_dialog(handle: &AppHandle, app: &App) -> Vec<String> {
    app.touch();
    let picked = handle
        .dialog()
        .file()
        .set_title("Choose FHIR files to import")
        .add_filter("FHIR JSON", &["json"])
        .blocking_pick_files();
    picked.unwrap_or_default().into_iter().filter_map(path_string).collect()
}

/// Asks where to save an export of the whole record. `None` when the citizen cancels.
fn choose_export_path_dialog(handle: &AppHandle, app: &App) -> Option<String> {
    app.touch();
    let picked = handle
        .dialog()
        .file()
        .set_title("Save your health record as a FHIR file (not encrypted)")
        .add_filter("FHIR JSON", &["json"])
        .set_file_name("my-health-record-fhir.json")
        .blocking_save_file();
    picked.and_then(path_string)
}

/// Desktop dialogs give file paths; anything else (or a path that is not UTF-8, which the
/// UI could not show or send back intact) counts as no choice.
fn path_string(picked: FilePath) -> Option<String> {
    picked.into_path().ok()?.into_os_string().into_string().ok()
}
