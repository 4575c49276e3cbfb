//! The commands the webview may invoke: one line each, forwarding to `phr_app::App`.
//!
//! All run on Tauri's thread pool (`async`), never on the main thread, so a half-second key
//! derivation never freezes the window. Arguments arrive camelCase from JS (`newPassphrase`)
//! and passphrases deserialize straight into zeroizing types: they are never held as plain
//! `String`s here. Failures are `AppError`, which Tauri sends as the promise's rejection.

use std::path::PathBuf;

use phr_app::{
    App, AppError, AuditEntry, AuditReport, BackupInfo, CreatedVault, Passphrase, Person, PersonInput, SecretString,
    Settings, VaultStatus,
};
use tauri::{AppHandle, State};

use crate::dialogs;

type Result<T> = std::result::Result<T, AppError>;

#[tauri::command(async)]
pub fn vault_status(app: State<'_, App>) -> VaultStatus {
    app.status()
}

#[tauri::command(async)]
pub fn create_vault(app: State<'_, App>, passphrase: Passphrase) -> Result<CreatedVault> {
    app.create_vault(passphrase)
}

#[tauri::command(async)]
pub fn unlock(app: State<'_, App>, passphrase: Passphrase) -> Result<VaultStatus> {
    app.unlock(passphrase)
}

#[tauri::command(async)]
pub fn lock(app: State<'_, App>) -> VaultStatus {
    app.lock()
}

#[tauri::command(async)]
pub fn recover(app: State<'_, App>, recovery_key: SecretString, new_passphrase: Passphrase) -> Result<VaultStatus> {
    app.recover(recovery_key, new_passphrase)
}

#[tauri::command(async)]
pub fn change_passphrase(app: State<'_, App>, current: Passphrase, new_passphrase: Passphrase) -> Result<()> {
    app.change_passphrase(current, new_passphrase)
}

#[tauri::command(async)]
pub fn suggest_passphrase(app: State<'_, App>) -> String {
    app.suggest_passphrase()
}

#[tauri::command(async)]
pub fn list_people(app: State<'_, App>) -> Result<Vec<Person>> {
    app.list_people()
}

#[tauri::command(async)]
pub fn add_person(app: State<'_, App>, input: PersonInput) -> Result<Person> {
    app.add_person(input)
}

#[tauri::command(async)]
pub fn update_person(app: State<'_, App>, id: String, input: PersonInput) -> Result<Person> {
    app.update_person(&id, input)
}

#[tauri::command(async)]
pub fn delete_person(app: State<'_, App>, id: String, confirm_name: String) -> Result<()> {
    app.delete_person(&id, &confirm_name)
}

#[tauri::command(async)]
pub fn audit_log(app: State<'_, App>, person_id: String) -> Result<Vec<AuditEntry>> {
    app.audit_log(&person_id)
}

#[tauri::command(async)]
pub fn verify_audit(app: State<'_, App>, person_id: Option<String>) -> Result<Vec<AuditReport>> {
    app.verify_audit(person_id.as_deref())
}

#[tauri::command(async)]
pub fn get_settings(app: State<'_, App>) -> Result<Settings> {
    app.settings()
}

#[tauri::command(async)]
pub fn set_settings(app: State<'_, App>, settings: Settings) -> Result<Settings> {
    app.set_settings(settings)
}

#[tauri::command(async)]
pub fn choose_backup_path(handle: AppHandle, app: State<'_, App>) -> Option<String> {
    dialogs::choose_backup_path(&handle, &app)
}

#[tauri::command(async)]
pub fn create_backup(app: State<'_, App>, path: PathBuf) -> Result<BackupInfo> {
    app.create_backup(&path)
}

#[tauri::command(async)]
pub fn choose_restore_file(handle: AppHandle, app: State<'_, App>) -> Option<String> {
    dialogs::choose_restore_file(&handle, &app)
}

#[tauri::command(async)]
pub fn restore_backup(app: State<'_, App>, path: PathBuf, passphrase: Passphrase) -> Result<VaultStatus> {
    app.restore_backup(&path, passphrase)
}

/// The UI calls this on keyboard and pointer activity so auto-lock counts real idleness.
#[tauri::command(async)]
pub fn keep_alive(app: State<'_, App>) {
    app.touch()
}
