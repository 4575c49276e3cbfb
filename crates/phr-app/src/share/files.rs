//! The files sharing touches outside the vault: reading a package (capped in size) and writing
//! an opened package's files out, never over an existing file. (A new package is written with
//! the vault's atomic write.)

use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::Path;

use phr_core::ErrorCode;

use crate::ErrorField;
use crate::dto::AppError;

/// The largest package this app opens: the biggest archive `phr-share` unpacks, plus age's
/// per-chunk overhead and header. Anything larger is not ours and is refused unread.
pub(crate) const MAX_PACKAGE_BYTES: u64 =
    phr_share::MAX_ARCHIVE_BYTES + phr_share::MAX_ARCHIVE_BYTES / 4096 + 64 * 1024;

/// An identity file is a few lines; a big file given as one is a mistake.
pub(crate) const MAX_IDENTITY_BYTES: u64 = 64 * 1024;

/// Reads `path` whole, refusing it when larger than `max` (named after `field` for the UI).
pub(crate) fn read_capped(path: &Path, max: u64, field: ErrorField, too_big: ErrorCode) -> Result<Vec<u8>, AppError> {
    let io = |e: std::io::Error| {
        AppError::new(ErrorCode::Io, format!("Could not read {}: {e}", path.display())).on_field(field)
    };
    let file = File::open(path).map_err(io)?;
    let len = file.metadata().map_err(io)?.len();
    if len > max {
        return Err(AppError::new(
            too_big,
            format!("{} is too large ({} bytes) to be what was asked for here.", path.display(), len),
        )
        .on_field(field));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    // `take` guards against a file that grows while being read.
    file.take(max + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > max {
        return Err(AppError::new(too_big, format!("{} is too large to be what was asked for here.", path.display()))
            .on_field(field));
    }
    Ok(bytes)
}

/// Writes `files` (name, bytes) into `dir`. Refuses before writing anything if any of them is
/// already there: the professional chose this folder, not to replace what is in it.
pub(crate) fn write_new_files(dir: &Path, files: &[(&str, &[u8])]) -> Result<Vec<String>, AppError> {
    if !dir.is_dir() {
        return Err(
            AppError::new(ErrorCode::Io, format!("{} is not a folder.", dir.display())).on_field(ErrorField::Dir)
        );
    }
    if let Some((name, _)) = files.iter().find(|(name, _)| dir.join(name).symlink_metadata().is_ok()) {
        return Err(AppError::new(
            ErrorCode::InvalidInput,
            format!("{name} is already in {}: choose an empty folder. Nothing was written.", dir.display()),
        )
        .on_field(ErrorField::Dir));
    }
    let mut written = Vec::new();
    for (name, bytes) in files {
        let path = dir.join(name);
        let result = OpenOptions::new().write(true).create_new(true).open(&path).and_then(|mut f| {
            f.write_all(bytes)?;
            f.sync_all()
        });
        if let Err(e) = result {
            let code =
                if e.kind() == std::io::ErrorKind::AlreadyExists { ErrorCode::InvalidInput } else { ErrorCode::Io };
            return Err(AppError::new(code, format!("Could not write {name} in {}: {e}", dir.display()))
                .on_field(ErrorField::Dir));
        }
        written.push(path.display().to_string());
    }
    phr_vault::sync_folder(dir).map_err(|e| AppError::from(e).on_field(ErrorField::Dir))?;
    Ok(written)
}
