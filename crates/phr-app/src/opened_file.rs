//! A file the desktop asked the app to open: a shared record (`.phrshare`) or a backup
//! (`.phrbackup`) double-clicked in the file manager, or named on the app's command line.
//!
//! The shell hands the path here straight from the process's arguments; the webview gets a
//! one-time handle bound to opening a package or restoring a backup, and the file's name,
//! never the path (the same [`FileChoice`] a native Open dialog gives).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{App, FileChoice, FilePurpose};

/// The extension of a shared record package the desktop opens with the app.
pub const SHARE_EXTENSION: &str = "phrshare";
/// The extension of a backup the desktop opens with the app.
pub const BACKUP_EXTENSION: &str = "phrbackup";

/// What kind of file was opened, and so which screen takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum OpenedKind {
    /// "Open a shared record".
    Share,
    /// "Restore from a backup".
    Backup,
}

/// A file the desktop opened with the app, chosen for its screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OpenedFile {
    pub kind: OpenedKind,
    pub choice: FileChoice,
}

/// The kind of file `path` names by its extension, or `None` for a file the app does not open
/// this way.
pub fn opened_kind(path: &Path) -> Option<OpenedKind> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        SHARE_EXTENSION => Some(OpenedKind::Share),
        BACKUP_EXTENSION => Some(OpenedKind::Backup),
        _ => None,
    }
}

impl App {
    /// Keeps `path`, which the desktop asked the app to open, as a file chosen for opening a
    /// package or restoring a backup; `None` when it is neither kind or no longer a file.
    pub fn file_opened(&self, path: PathBuf) -> Option<OpenedFile> {
        let kind = opened_kind(&path)?;
        if !path.is_file() {
            return None;
        }
        let purpose = match kind {
            OpenedKind::Share => FilePurpose::OpenSharePackage,
            OpenedKind::Backup => FilePurpose::RestoreBackup,
        };
        let choice = self.file_chosen(purpose, vec![path])?;
        Some(OpenedFile { kind, choice })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kind_comes_from_the_extension() {
        assert_eq!(opened_kind(Path::new("/home/a/Ada.phrshare")), Some(OpenedKind::Share));
        assert_eq!(opened_kind(Path::new("Ada.PHRSHARE")), Some(OpenedKind::Share));
        assert_eq!(opened_kind(Path::new("record.phrbackup")), Some(OpenedKind::Backup));
        assert_eq!(opened_kind(Path::new("record.age")), None);
        assert_eq!(opened_kind(Path::new("phrshare")), None);
    }
}
