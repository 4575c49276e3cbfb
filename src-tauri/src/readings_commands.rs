//! The readings commands: one line each, forwarding to `phr_app::App`, and the two native
//! dialogs they need (a device file to import, where to save an export).
//!
//! Like `dialogs.rs`, the dialogs are shown from Rust: the webview has no dialog permission
//! and only ever sees the path the citizen picked.

use std::path::PathBuf;

use phr_app::{
    App, AppError, BpWeek, ChartSeries, ColumnMapping, DeviceFormat, DeviceImportPreview, DeviceImportResult,
    ExportInfo, Reading, ReadingInput, ReadingKind, ReadingKindInfo, ReadingPage, ReadingQuery, ReadingStats, Target,
};
use tauri::{AppHandle, State};
use tauri_plugin_dialog::{DialogExt, FilePath};

type Result<T> = std::result::Result<T, AppError>;

#[tauri::command(async)]
pub fn reading_kinds(app: State<'_, App>) -> Vec<ReadingKindInfo> {
    app.reading_kinds()
}

#[tauri::command(async)]
pub fn add_reading(app: State<'_, App>, person_id: String, input: ReadingInput) -> Result<Reading> {
    app.add_reading(&person_id, input)
}

#[tauri::command(async)]
pub fn update_reading(
    app: State<'_, App>,
    person_id: String,
    reading_id: String,
    input: ReadingInput,
) -> Result<Reading> {
    app.update_reading(&person_id, &reading_id, input)
}

#[tauri::command(async)]
pub fn delete_reading(app: State<'_, App>, person_id: String, reading_id: String) -> Result<()> {
    app.delete_reading(&person_id, &reading_id)
}

#[tauri::command(async)]
pub fn restore_reading(app: State<'_, App>, person_id: String, reading_id: String) -> Result<Reading> {
    app.restore_reading(&person_id, &reading_id)
}

#[tauri::command(async)]
pub fn list_readings(app: State<'_, App>, person_id: String, query: ReadingQuery) -> Result<ReadingPage> {
    app.list_readings(&person_id, query)
}

#[tauri::command(async)]
pub fn reading_stats(
    app: State<'_, App>,
    person_id: String,
    kind: ReadingKind,
    from: Option<String>,
    to: Option<String>,
) -> Result<ReadingStats> {
    app.reading_stats(&person_id, kind, from.as_deref(), to.as_deref())
}

#[tauri::command(async)]
pub fn chart_series(
    app: State<'_, App>,
    person_id: String,
    kind: ReadingKind,
    from: String,
    to: String,
    max_points: u32,
) -> Result<ChartSeries> {
    app.chart_series(&person_id, kind, &from, &to, max_points)
}

#[tauri::command(async)]
pub fn targets(app: State<'_, App>, person_id: String) -> Result<Vec<Target>> {
    app.targets(&person_id)
}

#[tauri::command(async)]
pub fn set_target(app: State<'_, App>, person_id: String, target: Target) -> Result<Vec<Target>> {
    app.set_target(&person_id, target)
}

/// Asks for a device export file. `None` when the citizen cancels.
///
/// Test seam: WebDriver cannot drive a native dialog, so when `PHR_E2E_DEVICE_FILE` is set
/// (only the desktop end-to-end suite sets it) its value is returned instead of showing the
/// dialog. It grants nothing the citizen could not pick themselves: the path still goes
/// through the same preview and import checks.
#[tauri::command(async)]
pub fn choose_device_file(handle: AppHandle, app: State<'_, App>) -> Option<String> {
    choose_device_file_dialog(&handle, &app)
}

#[tauri::command(async)]
pub fn preview_device_file(
    app: State<'_, App>,
    person_id: String,
    path: PathBuf,
    format: Option<DeviceFormat>,
    mapping: Option<ColumnMapping>,
) -> Result<DeviceImportPreview> {
    app.preview_device_file(&person_id, &path, format, mapping)
}

#[tauri::command(async)]
pub fn import_device_file(
    app: State<'_, App>,
    person_id: String,
    path: PathBuf,
    format: Option<DeviceFormat>,
    mapping: Option<ColumnMapping>,
) -> Result<DeviceImportResult> {
    app.import_device_file(&person_id, &path, format, mapping)
}

#[tauri::command(async)]
pub fn bp_week(app: State<'_, App>, person_id: String) -> Result<BpWeek> {
    app.bp_week(&person_id)
}

#[tauri::command(async)]
pub fn start_bp_week(app: State<'_, App>, person_id: String) -> Result<BpWeek> {
    app.start_bp_week(&person_id)
}

/// Asks where to save the readings as FHIR Observations. `None` when the citizen cancels.
#[tauri::command(async)]
pub fn choose_readings_export_path(handle: AppHandle, app: State<'_, App>) -> Option<String> {
    choose_readings_export_dialog(&handle, &app)
}

#[tauri::command(async)]
pub fn export_readings(app: State<'_, App>, person_id: String, path: PathBuf) -> Result<ExportInfo> {
    app.export_readings(&person_id, &path)
}

/// The end-to-end suite's stand-in for the Open dialog (see [`choose_device_file`]).
pub const E2E_DEVICE_FILE_ENV: &str = "PHR_E2E_DEVICE_FILE";

fn choose_device_file_dialog(handle: &AppHandle, app: &App) -> Option<String> {
    app.touch();
    if let Some(path) = std::env::var_os(E2E_DEVICE_FILE_ENV).filter(|p| !p.is_empty()) {
        return path.into_string().ok();
    }
    let picked = handle
        .dialog()
        .file()
        .set_title("Choose a file exported from your device")
        .add_filter("Device export (CSV or JSON)", &["csv", "txt", "json"])
        .blocking_pick_file();
    picked.and_then(path_string)
}

fn choose_readings_export_dialog(handle: &AppHandle, app: &App) -> Option<String> {
    app.touch();
    let picked = handle
        .dialog()
        .file()
        .set_title("Save your readings")
        .add_filter("FHIR JSON", &["json"])
        .set_file_name("my-readings-fhir.json")
        .blocking_save_file();
    picked.and_then(path_string)
}

/// Desktop dialogs give file paths; anything else (or a path that is not UTF-8) is no choice.
fn path_string(picked: FilePath) -> Option<String> {
    picked.into_path().ok()?.into_os_string().into_string().ok()
}
