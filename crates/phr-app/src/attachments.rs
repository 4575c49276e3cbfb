//! Files kept in a person's record with their own documents and decisions: reading the file
//! the person chose (capped by `file_caps`, its type checked by its first bytes in
//! `phr_core::record::own_document`), showing a kept photo, and saving a copy out.
//!
//! The bytes live inside the encrypted database. A copy goes out only where the person chose
//! in a Save dialog, after the words that say it will not be encrypted, under the carer's
//! "Export" permission, and the person's audit log records it (its size, never what it is).
//! The saved copy is then opened in the system's viewer like the app's saved PDFs.

use std::path::{Path, PathBuf};

use phr_core::ErrorCode;
use phr_core::carer_limits::CarerPermission;
use phr_core::record::own_document::{self, FileType, MAX_DOCUMENT_BYTES};
use phr_core::record::own_entry::OwnKind;

use crate::App;
use crate::ErrorField;
use crate::dto::{AppError, FileChoice};
use crate::dto_ids::{AttachmentId, FileHandle};
use crate::dto_own_entries::{AttachmentImage, OwnEntryForm};
use crate::file_actions::{Use, one};
use crate::file_caps::{self, FileKind};
use crate::file_choice::FilePurpose;

/// A file saved out of the record.
#[derive(Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SavedCopy {
    pub path: String,
    /// "Saved a copy of letter.pdf. It is not encrypted."
    pub message: String,
}
phr_core::redacted_debug!(SavedCopy);

fn attachment_number(id: &str) -> Result<i64, AppError> {
    id.trim().parse::<i64>().map_err(|_| no_such_file())
}

fn no_such_file() -> AppError {
    AppError::new(ErrorCode::EntryNotFound, "There is no such file in this record").on_field(ErrorField::Id)
}

/// Reads the file at `path` for a document: refused unread over [`MAX_DOCUMENT_BYTES`]
/// (naming the file and the cap), and refused when its first bytes are not a PDF, JPEG or PNG.
fn attachment_at(path: &Path) -> Result<serde_json::Value, AppError> {
    let bytes = file_caps::read_capped(path, MAX_DOCUMENT_BYTES, FileKind::Document, ErrorField::File)?;
    own_document::attachment_of(&file_caps::file_name(path), &bytes)
        .map_err(|e| AppError::new(e.code, e.message).on_field_named(e.field))
}

impl App {
    /// The FHIR attachment of the file given for a document or decision of `kind`: chosen in
    /// the Open dialog for this person (`form.file`), or at the CLI's `path`. `None` when no
    /// file was given; refused on `file` for a kind that keeps none.
    pub(crate) fn attachment_for(
        &self,
        person_id: &str,
        kind: OwnKind,
        form: &OwnEntryForm,
        path: crate::own_entries::FileFrom<'_>,
    ) -> Result<Option<serde_json::Value>, AppError> {
        let given = form.file.is_some() || matches!(path, crate::own_entries::FileFrom::Path(_));
        if given && !kind.takes_file() {
            return Err(AppError::new(ErrorCode::InvalidInput, format!("{} cannot keep a file", kind.label()))
                .on_field(ErrorField::File));
        }
        if let crate::own_entries::FileFrom::Path(p) = path {
            return attachment_at(p).map(Some);
        }
        match &form.file {
            None => Ok(None),
            Some(handle) => self
                .with_choice(handle, FilePurpose::AttachDocument, Some(person_id), Use::Spend, |paths| {
                    attachment_at(one(paths)?)
                })
                .map(Some),
        }
    }

    /// Keeps the file the person picked in the Open dialog to attach to `person_id`'s record.
    pub fn attachment_file_chosen(&self, person_id: &str, path: Option<PathBuf>) -> Option<FileChoice> {
        self.file_chosen_for(person_id, FilePurpose::AttachDocument, path.into_iter().collect())
    }

    /// A kept photo, to show on its entry's page: its bytes as a `data:` address whose type is
    /// read from the bytes. A PDF (or anything else) is refused: it is opened or saved instead.
    pub fn attachment_image(&self, person_id: &str, attachment_id: &AttachmentId) -> Result<AttachmentImage, AppError> {
        let id = self.record_person(person_id)?;
        let number = attachment_number(attachment_id)?;
        let (info, bytes) = self.with_vault(|v| Ok(v.attachment_data(&id, number)?))?;
        let file_type = own_document::sniff(&bytes).filter(|t| t.is_image()).ok_or_else(|| {
            AppError::new(
                ErrorCode::UnsupportedFormat,
                format!("{} is not a photo the app can show: save a copy to open it", info.title),
            )
        })?;
        use base64::Engine;
        let data = base64::engine::general_purpose::STANDARD.encode(&bytes);
        Ok(AttachmentImage {
            data_url: format!("data:{};base64,{data}", file_type.content_type()),
            file_name: info.title,
        })
    }

    /// The name a copy of a kept file is offered under in the Save dialog: its own name, with
    /// the ending its type has when the name has none.
    pub fn attachment_file_name(&self, person_id: &str, attachment_id: &AttachmentId) -> Result<String, AppError> {
        let id = self.record_person(person_id)?;
        let number = attachment_number(attachment_id)?;
        let (info, bytes) = self.with_vault(|v| Ok(v.attachment_data(&id, number)?))?;
        let safe: String =
            info.title.chars().map(|c| if c.is_control() || matches!(c, '/' | '\\' | ':') { '-' } else { c }).collect();
        let safe = safe.trim().trim_start_matches('.').to_owned();
        let ending = own_document::sniff(&bytes).map(FileType::extension);
        Ok(match ending {
            Some(e) if !safe.to_lowercase().ends_with(&format!(".{e}")) => format!("{safe}.{e}"),
            _ if safe.is_empty() => "document".to_owned(),
            _ => safe,
        })
    }

    /// Saves a copy of a kept file (`attachment_id`, from an entry's page) at `path`, outside
    /// the encrypted record: written whole or not at all, never over a file the person did not
    /// choose (the Save dialog asked), and recorded in the audit log. CARER_NOT_ALLOWED when a
    /// carer may not export.
    pub fn save_attachment(
        &self,
        person_id: &str,
        attachment_id: &AttachmentId,
        path: &Path,
    ) -> Result<SavedCopy, AppError> {
        let id = self.record_person(person_id)?;
        self.carer_may(&id, CarerPermission::Export)?;
        let number = attachment_number(attachment_id)?;
        self.with_vault(|v| {
            let (info, bytes) = v.attachment_data(&id, number)?;
            phr_vault::write_file_atomically(path, &bytes).map_err(|e| {
                AppError::new(ErrorCode::Io, format!("The copy could not be saved at {}: {e}", path.display()))
                    .on_field(ErrorField::Path)
            })?;
            v.audit_attachment_saved(
                &id,
                &format!("a copy of a kept file ({})", phr_core::sizes::size_words(info.bytes)),
            )?;
            Ok(SavedCopy {
                path: path.display().to_string(),
                message: format!(
                    "Saved a copy of {} as {}. It is not encrypted.",
                    info.title,
                    file_caps::file_name(path)
                ),
            })
        })
    }

    /// [`App::save_attachment`] to the place chosen in the Save dialog for this person; gives
    /// back the saved copy as a choice to open in the system's viewer (`open_saved_pdf`).
    pub fn save_attachment_to(
        &self,
        person_id: &str,
        attachment_id: &AttachmentId,
        choice: &FileHandle,
    ) -> Result<FileChoice, AppError> {
        let saved = self.with_choice(choice, FilePurpose::SaveAttachment, Some(person_id), Use::Spend, |paths| {
            self.save_attachment(person_id, attachment_id, one(paths)?)
        })?;
        self.file_chosen(FilePurpose::OpenSavedPdf, vec![PathBuf::from(saved.path)]).ok_or_else(AppError::locked)
    }

    /// Keeps where the person chose, in the Save dialog, to save a copy of a kept file.
    pub fn attachment_save_path_chosen(&self, person_id: &str, path: Option<PathBuf>) -> Option<FileChoice> {
        self.file_chosen_for(person_id, FilePurpose::SaveAttachment, path.into_iter().collect())
    }
}
