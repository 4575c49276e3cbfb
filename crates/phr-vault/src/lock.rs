//! One process at a time: an exclusive OS lock on `dir/vault.lock` while a vault is open.
//!
//! Two programs writing the key file or the same database would lose changes; the lock makes
//! the second one stop with a clear message instead. The OS drops the lock when the process
//! ends, even by SIGKILL, so a crash never leaves a vault stuck.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;

use phr_core::ErrorCode;

use crate::error::{Result, VaultError};

pub(crate) const FILE_NAME: &str = "vault.lock";

/// Held for as long as the vault is open; dropping it closes the file and releases the lock.
#[derive(Debug)]
pub(crate) struct VaultLock {
    _file: Option<File>,
}

impl VaultLock {
    pub(crate) fn acquire(dir: &Path) -> Result<Self> {
        let path = dir.join(FILE_NAME);
        let mut options = OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        // Owner-only like every file of the vault (it holds nothing, but its mode should not
        // stand out).
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options.open(&path).map_err(|e| VaultError::io("open the vault's lock file", &path, &e))?;
        match file.try_lock() {
            Ok(()) => Ok(Self { _file: Some(file) }),
            Err(TryLockError::WouldBlock) => Err(VaultError::new(
                ErrorCode::VaultBusy,
                "The vault is open in another window or program. Close it there first.",
            )
            .at(&path)),
            Err(TryLockError::Error(e)) => Err(VaultError::io("lock the vault", &path, &e)),
        }
    }

    /// For a vault opened read-only: the lock file is opened for reading (an OS lock needs no
    /// write access) and locked; where it does not exist and cannot be made (read-only media
    /// that no copy of the app has opened for writing), the vault is opened without a lock,
    /// which is safe because this process writes nothing.
    pub(crate) fn acquire_for_reading(dir: &Path) -> Result<Self> {
        match Self::acquire(dir) {
            Ok(lock) => return Ok(lock),
            Err(e) if e.code == ErrorCode::VaultBusy => return Err(e),
            Err(_) => {}
        }
        let path = dir.join(FILE_NAME);
        let file = match OpenOptions::new().read(true).open(&path) {
            Ok(f) => f,
            Err(_) => return Ok(Self { _file: None }),
        };
        match file.try_lock() {
            Ok(()) => Ok(Self { _file: Some(file) }),
            Err(TryLockError::WouldBlock) => Err(VaultError::new(
                ErrorCode::VaultBusy,
                "The vault is open in another window or program. Close it there first.",
            )
            .at(&path)),
            Err(TryLockError::Error(_)) => Ok(Self { _file: None }),
        }
    }
}
