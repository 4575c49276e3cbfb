//! The largest file the app reads for each purpose, and the checks that keep to it: a file
//! over its cap is refused with FILE_TOO_LARGE, a message that names the limit, and nothing
//! read, imported or written.
//!
//! The caps are in decimal units (1 MB = 1,000,000 bytes) so the message states them exactly.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use phr_core::ErrorCode;

use crate::ErrorField;
use crate::dto::AppError;

/// FHIR files to import, one file or all chosen together: the core's cap on one import
/// ([`phr_core::sizes::MAX_IMPORT_BYTES`]), the same as a record fetched from a GP.
pub const MAX_FHIR_FILE_BYTES: u64 = phr_core::sizes::MAX_IMPORT_BYTES;

/// A device export (CSV or JSON). Ten years of five-minute glucose readings (about a million
/// rows of about 100 bytes in a Dexcom Clarity export) is about 100 MB; the file is held in
/// memory while it is parsed.
pub const MAX_DEVICE_FILE_BYTES: u64 = 250_000_000;

/// A backup to restore. A backup holds every database of the vault: the heaviest record the
/// app is built for is about 160 MB, so 8 GB leaves room for many people over many years
/// while refusing, before anything is read, a file that cannot be one (a disk image picked
/// by mistake). Restoring streams the file; this is only the size check before it opens.
pub const MAX_BACKUP_BYTES: u64 = 8_000_000_000;

/// A handover package: one person's record (their database and private part) re-keyed for
/// them. The heaviest record the app is built for is about 160 MB, so 2 GB leaves room for
/// many years while refusing, before anything is read, a file that cannot be one.
pub const MAX_HANDOVER_BYTES: u64 = 2_000_000_000;

/// What each kind of file is called in the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FileKind {
    Fhir,
    Device,
    Backup,
    Package,
    Identity,
    Handover,
    /// A letter or photo to keep in the record.
    Document,
}

impl FileKind {
    /// The plural the message uses: "The app opens backups of up to 8 GB."
    fn plural(self) -> &'static str {
        match self {
            Self::Fhir => "FHIR files",
            Self::Device => "device files",
            Self::Backup => "backups",
            Self::Package => "shared record packages",
            Self::Identity => "identity files",
            Self::Handover => "handover files",
            Self::Document => "letters and photos",
        }
    }
}

/// Reads `path` whole, refusing it unread when it is larger than `max`, and refusing it too
/// when it grows past `max` while being read.
pub(crate) fn read_capped(path: &Path, max: u64, kind: FileKind, field: ErrorField) -> Result<Vec<u8>, AppError> {
    let file = File::open(path).map_err(|e| unreadable(path, &e, field))?;
    let len = file.metadata().map_err(|e| unreadable(path, &e, field))?.len();
    if len > max {
        return Err(too_large(path, len, max, kind, field));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(max.saturating_add(1)).read_to_end(&mut bytes).map_err(|e| unreadable(path, &e, field))?;
    let read = bytes.len() as u64;
    if read > max {
        return Err(too_large(path, read, max, kind, field));
    }
    Ok(bytes)
}

/// Refuses `path` when it is larger than `max`, reading nothing of it: for files whose
/// reading is left to a lower layer (a backup, which is streamed).
pub(crate) fn check_size(path: &Path, max: u64, kind: FileKind, field: ErrorField) -> Result<(), AppError> {
    let len = std::fs::metadata(path).map_err(|e| unreadable(path, &e, field))?.len();
    if len > max {
        return Err(too_large(path, len, max, kind, field));
    }
    Ok(())
}

/// Refuses `paths`, reading nothing, when one of them is larger than `max` (naming it), or
/// when together they add up to more: an import holds every chosen file in memory at once,
/// so the cap is on them all, not only on each.
pub(crate) fn check_total(paths: &[&Path], max: u64, kind: FileKind, field: ErrorField) -> Result<(), AppError> {
    let mut total = 0u64;
    for path in paths {
        let len = std::fs::metadata(path).map_err(|e| unreadable(path, &e, field))?.len();
        if len > max {
            return Err(too_large(path, len, max, kind, field));
        }
        total = total.saturating_add(len);
    }
    if paths.len() > 1 && total > max { Err(too_large_together(total, max, kind, field)) } else { Ok(()) }
}

/// "The files you chose come to 600 MB together. The app imports FHIR files of up to 500 MB
/// in all at one time. Nothing was read from them."
pub(crate) fn too_large_together(total: u64, max: u64, kind: FileKind, field: ErrorField) -> AppError {
    AppError::new(
        ErrorCode::FileTooLarge,
        format!(
            "The files you chose come to {} together. The app imports {} of up to {} in all at one time. Choose fewer files. Nothing was read from them.",
            size_words(total),
            kind.plural(),
            size_words(max)
        ),
    )
    .on_field(field)
}

fn unreadable(path: &Path, e: &std::io::Error, field: ErrorField) -> AppError {
    AppError::new(ErrorCode::Io, format!("Could not read {}: {e}. Nothing was changed.", path.display()))
        .on_field(field)
}

/// "readings.csv is too large (300 MB). The app reads device files of up to 250 MB. Nothing
/// was read from it."
pub(crate) fn too_large(path: &Path, len: u64, max: u64, kind: FileKind, field: ErrorField) -> AppError {
    AppError::new(
        ErrorCode::FileTooLarge,
        format!(
            "{} is too large ({}). The app reads {} of up to {}. Nothing was read from it.",
            file_name(path),
            size_words(len),
            kind.plural(),
            size_words(max)
        ),
    )
    .on_field(field)
}

pub(crate) use phr_core::sizes::size_words;

/// The name a person knows a file by ("summary.json"), never the folders above it.
pub(crate) fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_over_its_cap_is_refused_with_the_limit_in_words() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("readings.csv");
        std::fs::write(&path, vec![b'x'; 2_001]).unwrap();
        let e = read_capped(&path, 2_000, FileKind::Device, ErrorField::Path).unwrap_err();
        assert_eq!(e.code, ErrorCode::FileTooLarge);
        assert_eq!(e.field, Some(ErrorField::Path));
        assert_eq!(
            e.message,
            "readings.csv is too large (2.1 KB). The app reads device files of up to 2 KB. Nothing was read from it."
        );
        assert!(!e.message.contains(&dir.path().display().to_string()), "names the file, not its folders");
        assert_eq!(
            check_size(&path, 2_000, FileKind::Backup, ErrorField::Path).unwrap_err().code,
            ErrorCode::FileTooLarge
        );
        assert_eq!(read_capped(&path, 2_001, FileKind::Device, ErrorField::Path).unwrap().len(), 2_001);
        check_size(&path, 2_001, FileKind::Backup, ErrorField::Path).unwrap();
    }
}
