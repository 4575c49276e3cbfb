//! What this app is: its version and the versions of the formats it reads and writes, for
//! `phr --version` and the About screen, with the words both show.
//!
//! Each format number is read from the constant the format's own code checks (the key file,
//! the database migrations, the backup, the share package), so it cannot drift from what the
//! app actually accepts. A file in a higher format is refused with "a newer version of the app
//! is needed" (`ErrorCode::UnsupportedVersion`), never as damaged.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::App;

/// The app's name, as the desktop shows it.
const APP_NAME: &str = "My Health Record";

/// One line of the About screen: what it is, and its value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AboutRow {
    pub label: String,
    pub value: String,
}

/// This app's version, the format versions it reads and writes, and the words to show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct About {
    /// "About My Health Record".
    pub title: String,
    /// The app's version, as `phr --version` prints it ("0.1.0").
    pub app_version: String,
    /// The vault key file's format (`vault.key`).
    pub vault_format: u32,
    /// The record database's format: how many schema changes this app knows.
    pub database_format: u32,
    /// The backup file's format (`.phrbackup`).
    pub backup_format: u32,
    /// The newest shared-record package format (`.phrshare`) this app writes and reads, as its
    /// manifest names it ("phr-share/2": a package holding an International Patient Summary; one
    /// without is still written as "phr-share/1", which every version reads).
    pub share_format: String,
    /// What people read, one row each: the app, then each format.
    pub rows: Vec<AboutRow>,
    /// That the app never contacts anyone by itself.
    pub privacy: String,
    /// What happens when a file comes from a newer version of the app.
    pub newer_files: String,
}

impl App {
    /// This app's version and the format versions it reads and writes.
    pub fn about(&self) -> About {
        about()
    }
}

/// This app's version and the format versions it reads and writes (no app needed: `phr
/// --version` prints it before any vault is opened).
pub fn about() -> About {
    let app_version = env!("CARGO_PKG_VERSION").to_owned();
    let vault_format = phr_vault::KEY_FILE_FORMAT;
    let database_format = u32::try_from(phr_vault::migrations::MIGRATIONS.len()).unwrap_or(u32::MAX);
    let backup_format = u32::from(phr_vault::BACKUP_FORMAT);
    let share_format = phr_share::FORMAT_WITH_IPS.to_owned();
    let share_number = share_format.rsplit('/').next().unwrap_or(&share_format).to_owned();
    let row = |label: &str, value: String| AboutRow { label: label.to_owned(), value };
    let rows = vec![
        row("App version", app_version.clone()),
        row("Vault format", format!("{vault_format} (record format {database_format})")),
        row("Backup format", backup_format.to_string()),
        row("Shared record format", share_number),
    ];
    About {
        title: format!("About {APP_NAME}"),
        app_version,
        vault_format,
        database_format,
        backup_format,
        share_format,
        rows,
        privacy: "This app does not check for updates and sends nothing about you or how you use it to \
                  anyone. It only connects to your GP practice when you ask it to."
            .to_owned(),
        newer_files: "If a record, backup or shared record was made by a newer version of the app, this \
                      version says so and leaves the file as it is. Install the newer version to open it."
            .to_owned(),
    }
}

impl About {
    /// What `phr --version` prints after the program's name: the version and the app's name,
    /// then each format on a line of its own.
    pub fn version_text(&self) -> String {
        let mut text = format!("{} ({APP_NAME})", self.app_version);
        for r in self.rows.iter().skip(1) {
            text.push_str(&format!("\n{}: {}", r.label, r.value));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_versions_come_from_the_formats_own_constants() {
        let a = about();
        assert_eq!(a.app_version, env!("CARGO_PKG_VERSION"));
        assert_eq!(a.database_format as usize, phr_vault::migrations::MIGRATIONS.len());
        assert_eq!(a.share_format, phr_share::FORMAT_WITH_IPS);
        let text = a.version_text();
        assert!(text.starts_with(&format!("{} (My Health Record)", a.app_version)), "{text}");
        assert!(text.contains(&format!("Vault format: {}", a.vault_format)), "{text}");
        assert!(text.contains(&format!("Backup format: {}", a.backup_format)), "{text}");
        assert!(text.contains("Shared record format: 2"), "{text}");
    }
}
