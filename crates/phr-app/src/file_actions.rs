//! The actions the desktop asks for with a file the person chose in a dialog: each names the
//! choice by its handle ([`FileHandle`]), takes it for its own [`FilePurpose`], then does what
//! the path-taking method the CLI calls does. The webview never sends a path.

use std::path::{Path, PathBuf};
use std::sync::MutexGuard;
use std::time::Instant;

use phr_core::passphrase::Passphrase;
use phr_core::secret::SecretString;

use crate::App;
use crate::ErrorField;
use crate::dto::{AppError, BackupInfo, FileChoice, VaultStatus};
use crate::dto_ids::FileHandle;
use crate::dto_readings::{ColumnMapping, DeviceFormat, DeviceImportPreview, DeviceImportResult};
use crate::dto_record::{ExportInfo, ImportReport};
use crate::dto_share::{OpenedShare, ShareCreated, ShareUnlock};
use crate::file_caps::{self, FileKind};
use crate::file_choice::{self, FileChoices, FilePurpose};
use crate::handover::{HandoverCreated, HandoverReceived, placed};

/// Whether an action that succeeds spends its choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Use {
    /// Used up: the next action must be chosen for again.
    Spend,
    /// Still waiting after (a device file's preview, before its import).
    Keep,
}

impl App {
    /// Keeps what a dialog returned (`paths`, chosen for `purpose`) and gives the interface
    /// its handle and the name to show; `None` when the person chose nothing. Choosing counts
    /// as activity. Such a choice serves no person's action: for those, the dialog names the
    /// person ([`App::file_chosen_for`]).
    pub fn file_chosen(&self, purpose: FilePurpose, paths: Vec<PathBuf>) -> Option<FileChoice> {
        self.touch().ok()?;
        self.choices().add(purpose, file_choice::Owner::NoOne, paths, Instant::now())
    }

    /// [`App::create_backup`] to the place chosen for [`FilePurpose::SaveBackup`].
    pub fn create_backup_to(&self, choice: &FileHandle) -> Result<BackupInfo, AppError> {
        self.with_choice(choice, FilePurpose::SaveBackup, None, Use::Spend, |paths| self.create_backup(one(paths)?))
    }

    /// [`App::restore_backup`] from the file chosen for [`FilePurpose::RestoreBackup`]. A wrong
    /// passphrase leaves the choice for another try.
    pub fn restore_backup_from(&self, choice: &FileHandle, passphrase: Passphrase) -> Result<VaultStatus, AppError> {
        self.with_choice(choice, FilePurpose::RestoreBackup, None, Use::Spend, |paths| {
            let path = one(paths)?;
            file_caps::check_size(path, file_caps::MAX_BACKUP_BYTES, FileKind::Backup, ErrorField::Path)?;
            self.restore_backup(path, passphrase)
        })
    }

    /// [`App::import_files`] with the files chosen for [`FilePurpose::ImportFhir`].
    pub fn import_chosen_files(&self, person_id: &str, choice: &FileHandle) -> Result<ImportReport, AppError> {
        self.with_choice(choice, FilePurpose::ImportFhir, Some(person_id), Use::Spend, |paths| {
            self.import_files(person_id, paths)
        })
    }

    /// [`App::export_fhir`] to the place chosen for [`FilePurpose::ExportFhir`].
    pub fn export_fhir_to(&self, person_id: &str, choice: &FileHandle) -> Result<ExportInfo, AppError> {
        self.with_choice(choice, FilePurpose::ExportFhir, Some(person_id), Use::Spend, |paths| {
            self.export_fhir(person_id, one(paths)?)
        })
    }

    /// [`App::import_files_confirmed`] with the files chosen for [`FilePurpose::ImportFhir`],
    /// after the person confirmed an International Patient Summary among them is about them.
    pub fn import_chosen_files_confirmed(
        &self,
        person_id: &str,
        choice: &FileHandle,
    ) -> Result<ImportReport, AppError> {
        self.with_choice(choice, FilePurpose::ImportFhir, Some(person_id), Use::Spend, |paths| {
            self.import_files_confirmed(person_id, paths, true)
        })
    }

    /// [`App::import_subject_question`] about the files chosen for [`FilePurpose::ImportFhir`];
    /// the choice stays for the import that follows.
    pub fn chosen_files_subject_question(
        &self,
        person_id: &str,
        choice: &FileHandle,
    ) -> Result<Option<crate::dto_record::ImportSubjectQuestion>, AppError> {
        self.with_choice(choice, FilePurpose::ImportFhir, Some(person_id), Use::Keep, |paths| {
            self.import_subject_question(person_id, paths)
        })
    }

    /// [`App::export_ips`] to the place chosen for [`FilePurpose::ExportIps`]: its own purpose,
    /// so a place chosen for the summary cannot take the whole export, nor the other way round.
    pub fn export_ips_to(
        &self,
        person_id: &str,
        choice: &FileHandle,
        leave_out: &[crate::dto_record::Sensitivity],
    ) -> Result<ExportInfo, AppError> {
        self.with_choice(choice, FilePurpose::ExportIps, Some(person_id), Use::Spend, |paths| {
            self.export_ips(person_id, one(paths)?, leave_out)
        })
    }

    /// [`App::preview_device_file`] of the file chosen for [`FilePurpose::DeviceFile`]. The
    /// choice stays for the import that follows (and for previews with another format or
    /// column mapping).
    pub fn preview_chosen_device_file(
        &self,
        person_id: &str,
        choice: &FileHandle,
        format: Option<DeviceFormat>,
        mapping: Option<ColumnMapping>,
    ) -> Result<DeviceImportPreview, AppError> {
        self.with_choice(choice, FilePurpose::DeviceFile, Some(person_id), Use::Keep, |paths| {
            self.preview_device_file(person_id, one(paths)?, format, mapping)
        })
    }

    /// [`App::import_device_file`] of the file chosen for [`FilePurpose::DeviceFile`].
    pub fn import_chosen_device_file(
        &self,
        person_id: &str,
        choice: &FileHandle,
        format: Option<DeviceFormat>,
        mapping: Option<ColumnMapping>,
        confirm_owner: bool,
    ) -> Result<DeviceImportResult, AppError> {
        self.with_choice(choice, FilePurpose::DeviceFile, Some(person_id), Use::Spend, |paths| {
            self.import_device_file(person_id, one(paths)?, format, mapping, confirm_owner)
        })
    }

    /// [`App::export_readings`] to the place chosen for [`FilePurpose::ExportReadings`].
    pub fn export_readings_to(&self, person_id: &str, choice: &FileHandle) -> Result<ExportInfo, AppError> {
        self.with_choice(choice, FilePurpose::ExportReadings, Some(person_id), Use::Spend, |paths| {
            self.export_readings(person_id, one(paths)?)
        })
    }

    /// [`App::share_create`] to the place chosen for [`FilePurpose::SaveSharePackage`].
    pub fn share_create_to(
        &self,
        person_id: &str,
        draft_id: &str,
        choice: &FileHandle,
    ) -> Result<ShareCreated, AppError> {
        self.with_choice(choice, FilePurpose::SaveSharePackage, Some(person_id), Use::Spend, |paths| {
            self.share_create(person_id, draft_id, one(paths)?)
        })
    }

    /// [`App::share_open`] of the package chosen for [`FilePurpose::OpenSharePackage`], with
    /// the access code typed or the identity chosen for [`FilePurpose::ShareIdentity`]. A
    /// refusal (a mistyped code, the wrong identity) leaves both choices for another try.
    pub fn share_open_chosen(
        &self,
        package: &FileHandle,
        access_code: Option<SecretString>,
        identity: Option<&FileHandle>,
    ) -> Result<OpenedShare, AppError> {
        self.with_choice(package, FilePurpose::OpenSharePackage, None, Use::Spend, |paths| {
            let path = one(paths)?;
            file_caps::check_size(path, crate::share::MAX_PACKAGE_BYTES, FileKind::Package, ErrorField::Path)?;
            match identity {
                None => self.share_open(path, ShareUnlock { access_code, identity_path: None }),
                Some(identity) => self.with_choice(identity, FilePurpose::ShareIdentity, None, Use::Spend, |ids| {
                    let id_path =
                        one(ids)?.to_str().ok_or_else(|| file_choice::invalid().on_field(ErrorField::IdentityPath))?;
                    self.share_open(path, ShareUnlock { access_code, identity_path: Some(id_path.to_owned()) })
                }),
            }
        })
    }

    /// [`App::share_save_opened`] into the folder chosen for [`FilePurpose::SaveOpenedShare`].
    pub fn share_save_opened_to(&self, choice: &FileHandle) -> Result<Vec<String>, AppError> {
        self.with_choice(choice, FilePurpose::SaveOpenedShare, None, Use::Spend, |paths| {
            self.share_save_opened(one(paths)?)
        })
    }

    /// [`App::export_summary_pdf`] to the place chosen for [`FilePurpose::SavePdf`]. Gives back
    /// the saved file as a choice for [`App::open_saved_pdf`].
    pub fn export_summary_pdf_to(&self, person_id: &str, choice: &FileHandle) -> Result<FileChoice, AppError> {
        self.save_pdf_to(choice, |path| self.export_summary_pdf(person_id, path))
    }

    /// [`App::export_bp_week_pdf`] to the place chosen for [`FilePurpose::SavePdf`], as
    /// [`App::export_summary_pdf_to`].
    pub fn export_bp_week_pdf_to(&self, person_id: &str, choice: &FileHandle) -> Result<FileChoice, AppError> {
        self.save_pdf_to(choice, |path| self.export_bp_week_pdf(person_id, path))
    }

    /// [`App::export_glucose_report_pdf`] of `from`..`to` to the place chosen for
    /// [`FilePurpose::SavePdf`], as [`App::export_summary_pdf_to`].
    pub fn export_glucose_report_pdf_to(
        &self,
        person_id: &str,
        from: Option<&str>,
        to: Option<&str>,
        choice: &FileHandle,
    ) -> Result<FileChoice, AppError> {
        self.save_pdf_to(choice, |path| self.export_glucose_report_pdf(person_id, from, to, path))
    }

    /// [`App::save_recovery_key_pdf`] to the place chosen for [`FilePurpose::SavePdf`], as
    /// [`App::export_summary_pdf_to`].
    pub fn save_recovery_key_pdf_to(
        &self,
        recovery_key: SecretString,
        choice: &FileHandle,
    ) -> Result<FileChoice, AppError> {
        self.save_pdf_to(choice, |path| self.save_recovery_key_pdf(recovery_key, path))
    }

    /// [`App::save_handover_code_pdf`] to the place chosen for [`FilePurpose::SavePdf`], as
    /// [`App::export_summary_pdf_to`].
    pub fn save_handover_code_pdf_to(&self, code: SecretString, choice: &FileHandle) -> Result<FileChoice, AppError> {
        self.save_pdf_to(choice, |path| self.save_handover_code_pdf(code, path))
    }

    /// Opens a PDF saved by one of the actions above (`choice` is what it gave back) in the
    /// system's viewer, to read or print, started without the app's secret variables. The
    /// choice stays, so it can be opened again until it expires or the record locks.
    pub fn open_saved_pdf(&self, choice: &FileHandle) -> Result<(), AppError> {
        self.with_choice(choice, FilePurpose::OpenSavedPdf, None, Use::Keep, |paths| {
            let path = one(paths)?;
            phr_gp::open_file(path).map_err(|e| {
                AppError::new(
                    phr_core::ErrorCode::Io,
                    format!(
                        "The PDF could not be opened ({e}). It is saved as {}: open it from your files.",
                        file_caps::file_name(path)
                    ),
                )
            })
        })
    }

    pub(crate) fn save_pdf_to(
        &self,
        choice: &FileHandle,
        save: impl FnOnce(&Path) -> Result<crate::SavedPdf, AppError>,
    ) -> Result<FileChoice, AppError> {
        let saved = self.with_choice(choice, FilePurpose::SavePdf, None, Use::Spend, |paths| save(one(paths)?))?;
        self.file_chosen(FilePurpose::OpenSavedPdf, vec![PathBuf::from(saved.path)]).ok_or_else(AppError::locked)
    }

    /// [`App::handover_create`] to the place chosen for [`FilePurpose::SaveHandover`] on the
    /// person's page: the package file's name and the one-time code, shown once.
    pub fn handover_create_to(&self, person_id: &str, choice: &FileHandle) -> Result<HandoverCreated, AppError> {
        self.with_choice(choice, FilePurpose::SaveHandover, Some(person_id), Use::Spend, |paths| {
            let path = one(paths)?;
            let made = self.handover_create(person_id, path).map_err(|e| match placed(e) {
                e if e.field.is_none() && e.code == crate::ErrorCode::Io => e.on_field(ErrorField::HandoverFile),
                e => e,
            })?;
            Ok(HandoverCreated {
                person_id: made.person_id.into(),
                file_name: file_caps::file_name(path),
                code: made.code,
            })
        })
    }

    /// [`App::handover_accept`] of the package chosen for [`FilePurpose::OpenHandover`] (on the
    /// first screen, before any vault exists). A mistyped code or a weak password leaves the
    /// choice for another try.
    pub fn handover_accept_from(
        &self,
        choice: &FileHandle,
        code: SecretString,
        new_password: Passphrase,
    ) -> Result<HandoverReceived, AppError> {
        self.with_choice(choice, FilePurpose::OpenHandover, None, Use::Spend, |paths| {
            self.handover_accept(one(paths)?, code, new_password).map_err(placed)
        })
    }

    /// Forgets every file choice waiting (at a lock).
    pub(crate) fn forget_file_choices(&self) {
        self.choices().clear();
    }

    /// Runs `action` with the paths of `choice`, taken for `purpose` (on `person`'s record when
    /// the action is a person's: a choice bound to another is refused). The choice is out of the
    /// registry while the action runs (so two calls cannot both use it), and comes back after
    /// a refusal, or after success when `use_` keeps it.
    pub(crate) fn with_choice<T>(
        &self,
        choice: &FileHandle,
        purpose: FilePurpose,
        person: Option<&str>,
        use_: Use,
        action: impl FnOnce(&[PathBuf]) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let chosen = self.choices().take(choice, purpose, person, Instant::now())?;
        let result = action(&chosen.paths);
        if result.is_err() || use_ == Use::Keep {
            self.choices().put_back(choice, chosen);
        }
        result
    }

    fn choices(&self) -> MutexGuard<'_, FileChoices> {
        // Every change is one insert or remove, so a poisoned lock still holds whole entries.
        self.file_choices.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The one path of a single-file choice.
pub(crate) fn one(paths: &[PathBuf]) -> Result<&Path, AppError> {
    match paths {
        [path] => Ok(path),
        _ => Err(file_choice::invalid()),
    }
}
