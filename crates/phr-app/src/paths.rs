//! Where a vault lives when nobody says otherwise.

use std::path::PathBuf;

/// The platform's per-user data folder (`~/.local/share/my-health-record/vault` on Linux),
/// falling back to `./phr-vault` on a system with no home folder.
pub fn default_vault_dir() -> PathBuf {
    directories::ProjectDirs::from("org", "Leeds PHR", "my-health-record")
        .map(|d| d.data_dir().join("vault"))
        .unwrap_or_else(|| PathBuf::from("phr-vault"))
}
