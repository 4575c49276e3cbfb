//! The files sharing touches outside the vault: the size caps of a package and an identity
//! (read through `file_caps::read_capped`), and writing an opened package's files out, never
//! over an existing file and readable only by this user. (A new package is written with the
//! vault's atomic write.)

use std::io::Write;
use std::path::Path;

use phr_core::ErrorCode;

use crate::ErrorField;
use crate::dto::AppError;

/// The largest package this app opens: the biggest archive `phr-share` unpacks, plus age's
/// per-chunk overhead and header. Anything larger is not ours and is refused unread.
pub(crate) const MAX_PACKAGE_BYTES: u64 =
    phr_share::MAX_ARCHIVE_BYTES + phr_share::MAX_ARCHIVE_BYTES / 4096 + 64 * 1024;

/// An identity file is a few lines (one `AGE-SECRET-KEY-1...` line is 74 characters); a big
/// file given as one is a mistake.
pub(crate) const MAX_IDENTITY_BYTES: u64 = 64_000;

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
        // `create_new` refuses a file or a link already at the name, so nothing is followed or
        // replaced; 0600 because the files are health data, not encrypted.
        let result = phr_vault::new_private_file(&path).and_then(|mut f| {
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
