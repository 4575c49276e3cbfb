//! Native Save, Open and folder dialogs, and the question before a typed GP address is used,
//! shown from Rust.
//!
//! The webview never gets the dialog plugin's permissions, nor a path: it asks through a
//! `choose_*` command, the path the person picked is kept in `phr_app` bound to what it was
//! chosen for ([`FilePurpose`]), and the webview gets back a one-time handle and the file's
//! name ([`FileChoice`]) to give the action command. Each blocks until the dialog closes, so
//! they must run off the main thread (the commands are `async`). Each counts as activity, so
//! auto-lock does not fire while a dialog is open.
//!
//! Test seams: in an `e2e` build only, the end-to-end suite can stand in for the dialogs a
//! [`Seam`] or a [`Question`] names (see `e2e_seams.rs`); a release build always shows the dialog.

use std::path::PathBuf;

use phr_app::{App, AppError, AttachmentId, FileChoice, FilePurpose, PersonId, Printable, SecretString};
use tauri::{AppHandle, DragDropEvent, Manager, Window, WindowEvent};

use crate::commands::FILES_DROPPED;
use tauri_plugin_dialog::{DialogExt, FilePath, MessageDialogButtons, MessageDialogKind};

/// The extension a backup file carries; also in the workspace .gitignore.
pub const BACKUP_EXTENSION: &str = "phrbackup";
/// The extension a share package is saved with, which the desktop knows as the app's own.
pub const PACKAGE_EXTENSION: &str = phr_app::SHARE_EXTENSION;
/// What the Open dialog offers: the app's own extension, and the plain age files that earlier
/// versions of the app saved packages as (an age file says nothing more of itself, so the desktop
/// cannot hand those to the app: they are opened from the app).
const PACKAGE_EXTENSIONS_OPENED: [&str; 2] = [PACKAGE_EXTENSION, "age"];

/// The dialogs the end-to-end suite may stand in for (in an `e2e` build).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seam {
    /// The Open dialog of a device file.
    DeviceFile,
    /// The Save dialog of a new package.
    SharePath,
    /// The Open dialog of a package.
    SharePackage,
    /// The folder dialog of "Save a copy".
    ShareSaveDir,
    /// The Save dialog of a printable PDF (and of a copy of a kept file).
    PdfPath,
    /// The Open dialog of a letter or photo to keep in the record.
    AttachmentFile,
}

/// The yes-or-no questions the end-to-end suite may answer (in an `e2e` build).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Question {
    /// "Connect to <host>?" before a typed GP practice address is used.
    GpAddress,
}

// --- backups ---

/// Asks where to save a new backup. `None` when the person cancels.
pub fn choose_backup_path(handle: &AppHandle, app: &App) -> Option<FileChoice> {
    app.touch().ok()?;
    let picked = handle
        .dialog()
        .file()
        .set_title("Save a backup of your health record")
        .add_filter("Health record backup", &[BACKUP_EXTENSION])
        .set_file_name(format!("my-health-record.{BACKUP_EXTENSION}"))
        .blocking_save_file();
    app.file_chosen(FilePurpose::SaveBackup, picked.and_then(path).into_iter().collect())
}

/// Asks for a backup file to restore. `None` when the person cancels.
pub fn choose_restore_file(handle: &AppHandle, app: &App) -> Option<FileChoice> {
    app.touch().ok()?;
    let picked = handle
        .dialog()
        .file()
        .set_title("Choose a backup to restore")
        .add_filter("Health record backup", &[BACKUP_EXTENSION])
        .blocking_pick_file();
    app.file_chosen(FilePurpose::RestoreBackup, picked.and_then(path).into_iter().collect())
}

// --- the record ---

/// Asks for one or more FHIR JSON files. `None` when the person cancels.
pub fn choose_fhir_files(handle: &AppHandle, app: &App, person_id: &PersonId) -> Option<FileChoice> {
    app.touch().ok()?;
    let picked = handle
        .dialog()
        .file()
        .set_title("Choose FHIR files to import")
        .add_filter("FHIR JSON", &["json"])
        .blocking_pick_files();
    app.file_chosen_for(
        person_id,
        FilePurpose::ImportFhir,
        picked.unwrap_or_default().into_iter().filter_map(path).collect(),
    )
}

/// Asks where to save an export of the whole record. `None` when the person cancels.
pub fn choose_export_path(handle: &AppHandle, app: &App, person_id: &PersonId) -> Option<FileChoice> {
    app.touch().ok()?;
    let picked = handle
        .dialog()
        .file()
        .set_title("Save your health record as a FHIR file (not encrypted)")
        .add_filter("FHIR JSON", &["json"])
        .set_file_name("my-health-record-fhir.json")
        .blocking_save_file();
    app.file_chosen_for(person_id, FilePurpose::ExportFhir, picked.and_then(path).into_iter().collect())
}

/// Asks where to save an International Patient Summary. `None` when the person cancels.
pub fn choose_ips_export_path(handle: &AppHandle, app: &App, person_id: &PersonId) -> Option<FileChoice> {
    app.touch().ok()?;
    let picked = handle
        .dialog()
        .file()
        .set_title("Save a patient summary for a health professional (not encrypted)")
        .add_filter("FHIR JSON", &["json"])
        .set_file_name("my-patient-summary-ips.json")
        .blocking_save_file();
    app.file_chosen_for(person_id, FilePurpose::ExportIps, picked.and_then(path).into_iter().collect())
}

// --- documents kept in the record ---

/// Asks for a letter (PDF) or photo (JPEG, PNG) to keep in the person's record. What it is
/// is checked by its first bytes when it is read, whatever the filter let through. `None`
/// when the person cancels.
pub fn choose_attachment_file(handle: &AppHandle, app: &App, person_id: &PersonId) -> Option<FileChoice> {
    app.touch().ok()?;
    if let Some(chosen) = seam(Seam::AttachmentFile) {
        return app.attachment_file_chosen(person_id, Some(chosen));
    }
    let picked = handle
        .dialog()
        .file()
        .set_title("Choose a letter (PDF) or a photo (JPEG or PNG) to keep in your record")
        .add_filter("Letters and photos", &["pdf", "jpg", "jpeg", "png"])
        .blocking_pick_file();
    app.attachment_file_chosen(person_id, picked.and_then(path))
}

/// Asks where to save a copy of a kept file, offering its own name, and saves it there: the
/// saved copy as a choice to open, or `None` when the person cancels.
pub fn save_attachment_copy(
    handle: &AppHandle,
    app: &App,
    person_id: &PersonId,
    attachment_id: &AttachmentId,
) -> Result<Option<FileChoice>, AppError> {
    let name = app.attachment_file_name(person_id, attachment_id)?;
    let picked = match seam(Seam::PdfPath) {
        Some(chosen) => Some(chosen),
        None => handle
            .dialog()
            .file()
            .set_title("Save a copy (it will not be encrypted)")
            .set_file_name(&name)
            .blocking_save_file()
            .and_then(path),
    };
    match app.attachment_save_path_chosen(person_id, picked) {
        Some(choice) => app.save_attachment_to(person_id, attachment_id, &choice.handle).map(Some),
        None => Ok(None),
    }
}

// --- readings ---

/// Asks for a device export file. `None` when the person cancels.
pub fn choose_device_file(handle: &AppHandle, app: &App, person_id: &PersonId) -> Option<FileChoice> {
    app.touch().ok()?;
    if let Some(chosen) = seam(Seam::DeviceFile) {
        return app.file_chosen_for(person_id, FilePurpose::DeviceFile, vec![chosen]);
    }
    let picked = handle
        .dialog()
        .file()
        .set_title("Choose a file exported from your device")
        .add_filter("Device export (CSV or JSON)", &["csv", "txt", "json"])
        .blocking_pick_file();
    app.file_chosen_for(person_id, FilePurpose::DeviceFile, picked.and_then(path).into_iter().collect())
}

/// Asks where to save the readings as FHIR Observations. `None` when the person cancels.
pub fn choose_readings_export_path(handle: &AppHandle, app: &App, person_id: &PersonId) -> Option<FileChoice> {
    app.touch().ok()?;
    let picked = handle
        .dialog()
        .file()
        .set_title("Save your readings")
        .add_filter("FHIR JSON", &["json"])
        .set_file_name("my-readings-fhir.json")
        .blocking_save_file();
    app.file_chosen_for(person_id, FilePurpose::ExportReadings, picked.and_then(path).into_iter().collect())
}

// --- sharing ---

/// Asks where to save a new package, offering `health-record-share-<today>.phrshare`, named from
/// the app's clock (the webview sends no date). `None` when the person cancels.
pub fn choose_share_path(handle: &AppHandle, app: &App, person_id: &PersonId) -> Option<FileChoice> {
    app.touch().ok()?;
    if let Some(chosen) = seam(Seam::SharePath) {
        return app.file_chosen_for(person_id, FilePurpose::SaveSharePackage, vec![chosen]);
    }
    let picked = handle
        .dialog()
        .file()
        .set_title("Save the shared record (encrypted)")
        .add_filter("Shared health record", &[PACKAGE_EXTENSION])
        .set_file_name(app.share_file_name())
        .blocking_save_file();
    app.file_chosen_for(person_id, FilePurpose::SaveSharePackage, picked.and_then(path).into_iter().collect())
}

// --- handing a record over ---

/// The extension of a handover package.
pub const HANDOVER_EXTENSION: &str = "phrhandover";

/// Asks where to save a package handing `person_id`'s record over. `None` when cancelled.
pub fn choose_handover_path(handle: &AppHandle, app: &App, person_id: &PersonId) -> Option<FileChoice> {
    app.touch().ok()?;
    let picked = handle
        .dialog()
        .file()
        .set_title("Save the handover file (encrypted)")
        .add_filter("Health record handover", &[HANDOVER_EXTENSION])
        .set_file_name(format!("health-record-handover.{HANDOVER_EXTENSION}"))
        .blocking_save_file();
    app.file_chosen_for(person_id, FilePurpose::SaveHandover, picked.and_then(path).into_iter().collect())
}

/// Asks for a handover package to receive (on the first screen, with no vault). `None` when
/// cancelled.
pub fn choose_handover_file(handle: &AppHandle, app: &App) -> Option<FileChoice> {
    app.touch().ok()?;
    let picked = handle
        .dialog()
        .file()
        .set_title("Choose the handover file")
        .add_filter("Health record handover", &[HANDOVER_EXTENSION])
        .blocking_pick_file();
    app.file_chosen(FilePurpose::OpenHandover, picked.and_then(path).into_iter().collect())
}

/// Asks for a package to open. `None` when cancelled.
pub fn choose_share_package(handle: &AppHandle, app: &App) -> Option<FileChoice> {
    app.touch().ok()?;
    if let Some(chosen) = seam(Seam::SharePackage) {
        return app.file_chosen(FilePurpose::OpenSharePackage, vec![chosen]);
    }
    let picked = handle
        .dialog()
        .file()
        .set_title("Choose a shared health record to open")
        .add_filter("Shared health record", &PACKAGE_EXTENSIONS_OPENED)
        .blocking_pick_file();
    app.file_chosen(FilePurpose::OpenSharePackage, picked.and_then(path).into_iter().collect())
}

/// Asks for the professional's age identity file (the `AGE-SECRET-KEY-1...` line). `None` when
/// cancelled.
pub fn choose_share_identity(handle: &AppHandle, app: &App) -> Option<FileChoice> {
    app.touch().ok()?;
    let picked =
        handle.dialog().file().set_title("Choose your identity file (your age secret key)").blocking_pick_file();
    app.file_chosen(FilePurpose::ShareIdentity, picked.and_then(path).into_iter().collect())
}

/// Asks for a folder to save the opened package's files in. `None` when cancelled.
pub fn choose_share_save_dir(handle: &AppHandle, app: &App) -> Option<FileChoice> {
    app.touch().ok()?;
    if let Some(chosen) = seam(Seam::ShareSaveDir) {
        return app.file_chosen(FilePurpose::SaveOpenedShare, vec![chosen]);
    }
    let picked = handle
        .dialog()
        .file()
        .set_title("Choose a folder to save the shared record in (not encrypted)")
        .blocking_pick_folder();
    app.file_chosen(FilePurpose::SaveOpenedShare, picked.and_then(path).into_iter().collect())
}

// --- printable PDFs ---

/// Asks where to save the PDF of `doc`, offering its usual name. `None` when the person cancels.
fn choose_pdf_path(handle: &AppHandle, app: &App, doc: Printable, title: &str) -> Option<FileChoice> {
    app.touch().ok()?;
    if let Some(chosen) = seam(Seam::PdfPath) {
        return app.file_chosen(FilePurpose::SavePdf, vec![chosen]);
    }
    let picked = handle
        .dialog()
        .file()
        .set_title(title)
        .add_filter("PDF document", &["pdf"])
        .set_file_name(app.pdf_file_name(doc))
        .blocking_save_file();
    app.file_chosen(FilePurpose::SavePdf, picked.and_then(path).into_iter().collect())
}

/// Asks where to save the record summary as a PDF and saves it there: the saved file as a
/// choice to open, or `None` when the person cancels.
pub fn save_summary_pdf(handle: &AppHandle, app: &App, person_id: &PersonId) -> Result<Option<FileChoice>, AppError> {
    match choose_pdf_path(handle, app, Printable::Summary, "Save the health record summary as a PDF (not encrypted)") {
        Some(choice) => app.export_summary_pdf_to(person_id, &choice.handle).map(Some),
        None => Ok(None),
    }
}

/// The same for the appointment summary ("For my appointment").
pub fn save_appointment_summary_pdf(
    handle: &AppHandle,
    app: &App,
    person_id: &PersonId,
) -> Result<Option<FileChoice>, AppError> {
    let title = "Save the summary for your appointment as a PDF (not encrypted)";
    match choose_pdf_path(handle, app, Printable::AppointmentSummary, title) {
        Some(choice) => app.export_appointment_summary_pdf_to(person_id, &choice.handle).map(Some),
        None => Ok(None),
    }
}

/// The same for the emergency card.
pub fn save_emergency_card_pdf(
    handle: &AppHandle,
    app: &App,
    person_id: &PersonId,
) -> Result<Option<FileChoice>, AppError> {
    let title = "Save your emergency information as a PDF (not encrypted)";
    match choose_pdf_path(handle, app, Printable::EmergencyCard, title) {
        Some(choice) => app.export_emergency_card_pdf_to(person_id, &choice.handle).map(Some),
        None => Ok(None),
    }
}

/// The same for the blood pressure week's summary.
pub fn save_bp_week_pdf(handle: &AppHandle, app: &App, person_id: &PersonId) -> Result<Option<FileChoice>, AppError> {
    match choose_pdf_path(handle, app, Printable::BpWeek, "Save the blood pressure summary as a PDF (not encrypted)") {
        Some(choice) => app.export_bp_week_pdf_to(person_id, &choice.handle).map(Some),
        None => Ok(None),
    }
}

/// The same for the glucose report of `from`..`to`.
pub fn save_glucose_report_pdf(
    handle: &AppHandle,
    app: &App,
    person_id: &PersonId,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<Option<FileChoice>, AppError> {
    match choose_pdf_path(handle, app, Printable::GlucoseReport, "Save the glucose report as a PDF (not encrypted)") {
        Some(choice) => app.export_glucose_report_pdf_to(person_id, from, to, &choice.handle).map(Some),
        None => Ok(None),
    }
}

/// The same for the recovery key's page.
pub fn save_recovery_key_pdf(
    handle: &AppHandle,
    app: &App,
    recovery_key: SecretString,
) -> Result<Option<FileChoice>, AppError> {
    match choose_pdf_path(handle, app, Printable::RecoveryKey, "Save your recovery key as a PDF to print") {
        Some(choice) => app.save_recovery_key_pdf_to(recovery_key, &choice.handle).map(Some),
        None => Ok(None),
    }
}

/// Asks where to save a handover code (as `handover_create` gave it) on a page to print, and
/// saves it there. `None` when the person cancels.
pub fn save_handover_code_pdf(
    handle: &AppHandle,
    app: &App,
    code: SecretString,
) -> Result<Option<FileChoice>, AppError> {
    match choose_pdf_path(handle, app, Printable::HandoverCode, "Save the handover code as a PDF to print") {
        Some(choice) => app.save_handover_code_pdf_to(code, &choice.handle).map(Some),
        None => Ok(None),
    }
}

// --- GP practices ---

/// Before the app connects to a GP practice address the app does not offer (one typed on the
/// Connect screen, or made up by a compromised webview: the shell cannot tell which), asks
/// the person in a native dialog, naming the host. `Ok` when the address is one the app
/// offers or the person chose Connect; IMPORT_CANCELLED when they chose Cancel; an address
/// that fails the checks is refused against the address field without a dialog.
pub fn confirm_gp_address(handle: &AppHandle, app: &App, url: &str) -> Result<(), AppError> {
    let Some(question) = app.gp_address_to_confirm(url)? else {
        return Ok(());
    };
    app.touch()?;
    let connect = match answer(Question::GpAddress) {
        Some(answer) => answer,
        None => handle
            .dialog()
            .message(question.question.clone())
            .title(question.title.clone())
            .kind(MessageDialogKind::Warning)
            .buttons(MessageDialogButtons::OkCancelCustom(question.connect.clone(), question.cancel.clone()))
            .blocking_show(),
    };
    app.touch()?;
    if connect { Ok(()) } else { Err(question.declined()) }
}

// --- files dropped onto the window ---

/// Files dropped onto the window are the person's choice of FHIR files to import, like the
/// Open dialog's: kept here, and the window told their handle (`files-dropped`), never their
/// paths by this app. The window does not know whose page they fell on, so they are bound to
/// the person of their first import (`App::files_dropped`).
pub fn on_window_event(window: &Window, event: &WindowEvent) {
    if let WindowEvent::DragDrop(DragDropEvent::Drop { paths, .. }) = event {
        let app = window.state::<App>();
        if let Some(choice) = app.files_dropped(paths.clone())
            && let Err(e) = FILES_DROPPED.emit(window.app_handle(), &choice)
        {
            eprintln!("phr-desktop: could not tell the window which files were dropped: {e}");
        }
    }
}

/// The seam's path, when the end-to-end suite set one.
#[cfg(feature = "e2e")]
fn seam(seam: Seam) -> Option<PathBuf> {
    crate::e2e_seams::path(seam).map(PathBuf::from)
}

/// A release build has no seams: the dialog is always shown.
#[cfg(not(feature = "e2e"))]
fn seam(_: Seam) -> Option<PathBuf> {
    None
}

/// The seam's answer, when the end-to-end suite set one.
#[cfg(feature = "e2e")]
fn answer(question: Question) -> Option<bool> {
    crate::e2e_seams::answer(question)
}

/// A release build has no seams: the question is always asked.
#[cfg(not(feature = "e2e"))]
fn answer(_: Question) -> Option<bool> {
    None
}

/// Desktop dialogs give file paths; anything else (a URL, on a platform that gives them)
/// counts as no choice.
fn path(picked: FilePath) -> Option<PathBuf> {
    picked.into_path().ok()
}
