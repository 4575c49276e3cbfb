//! Interface preferences (the text size): kept outside the vault in a small file beside it,
//! because they are not health data and the unlock screen needs them before any key exists.

use std::path::{Path, PathBuf};

use phr_core::ErrorCode;
use serde::{Deserialize, Serialize};

use crate::dto::{AppError, Preferences};
use crate::dto_vocabulary::TextSizeWords;
use crate::{App, ErrorField};

/// The text sizes a person may choose, as a percentage of the normal size, with their words.
/// Ctrl + and Ctrl − step through these; Ctrl 0 goes back to the first.
pub(crate) const TEXT_SIZES: [(u32, &str); 5] =
    [(100, "Normal"), (125, "Large"), (150, "Larger"), (175, "Very large"), (200, "Largest")];

/// The size every interface starts at, and the one a missing or damaged file gives.
pub(crate) const NORMAL_TEXT_SIZE: u32 = 100;

/// The largest preferences file read; anything longer is not ours and is ignored.
const MAX_FILE_BYTES: u64 = 4096;

/// What is written to disk. Unknown fields are ignored so an older app reads a newer file.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Stored {
    text_size_percent: u32,
}

pub(crate) fn text_size_words() -> Vec<TextSizeWords> {
    TEXT_SIZES.iter().map(|(percent, label)| TextSizeWords { percent: *percent, label: (*label).to_owned() }).collect()
}

fn is_step(percent: u32) -> bool {
    TEXT_SIZES.iter().any(|(p, _)| *p == percent)
}

/// The preferences file of the vault in `vault_dir`: beside the folder, not in it (a restore
/// needs an empty folder, and a backup holds only the record).
pub(crate) fn preferences_path(vault_dir: &Path) -> PathBuf {
    let name = vault_dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "vault".to_owned());
    vault_dir.with_file_name(format!("{name}-preferences.json"))
}

/// The stored preferences, or the defaults when the file is missing, too long, unreadable or
/// holds a size that is not one of the steps. Never fails: a damaged file must not stop the
/// app opening.
pub(crate) fn read(path: &Path) -> Preferences {
    let fallback = Preferences { text_size_percent: NORMAL_TEXT_SIZE };
    let Ok(meta) = std::fs::metadata(path) else { return fallback };
    if !meta.is_file() || meta.len() > MAX_FILE_BYTES {
        return fallback;
    }
    let Ok(bytes) = std::fs::read(path) else { return fallback };
    match serde_json::from_slice::<Stored>(&bytes) {
        Ok(s) if is_step(s.text_size_percent) => Preferences { text_size_percent: s.text_size_percent },
        _ => fallback,
    }
}

/// Checks and saves `prefs` (atomically, readable only by this user).
pub(crate) fn write(path: &Path, prefs: &Preferences) -> Result<(), AppError> {
    if !is_step(prefs.text_size_percent) {
        let steps: Vec<String> = TEXT_SIZES.iter().map(|(p, _)| format!("{p}%")).collect();
        return Err(AppError::new(ErrorCode::InvalidInput, format!("Choose a text size: {}", steps.join(", ")))
            .on_field(ErrorField::TextSize));
    }
    let bytes = serde_json::to_vec_pretty(&Stored { text_size_percent: prefs.text_size_percent })
        .map_err(|e| AppError::new(ErrorCode::Io, format!("Could not save your preferences: {e}")))?;
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| AppError::new(ErrorCode::Io, format!("Could not save your preferences: {e}")))?;
    }
    phr_vault::write_file_atomically(path, &bytes)?;
    Ok(())
}

impl App {
    /// The interface preferences, locked or not (defaults when none are saved).
    pub fn preferences(&self) -> Preferences {
        read(&preferences_path(self.vault_dir()))
    }

    /// Saves the interface preferences, locked or not, and returns them as stored.
    pub fn set_preferences(&self, prefs: Preferences) -> Result<Preferences, AppError> {
        write(&preferences_path(self.vault_dir()), &prefs)?;
        Ok(prefs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_sits_beside_the_vault_folder() {
        assert_eq!(preferences_path(Path::new("/a/b/vault")), PathBuf::from("/a/b/vault-preferences.json"));
    }

    #[test]
    fn the_steps_start_at_normal_and_grow() {
        assert_eq!(TEXT_SIZES.first().map(|s| s.0), Some(NORMAL_TEXT_SIZE));
        assert!(TEXT_SIZES.windows(2).all(|w| matches!(w, [a, b] if a.0 < b.0)));
    }
}
