//! The package checks after decryption, for the fuzz targets (`fuzz/`) and their corpus
//! replay: test-only (`test-seams`), never in a release build.

use chrono::{DateTime, Utc};

use crate::{OpenedPackage, ShareError};

/// What [`crate::open`] does once a package is decrypted, on `archive` as the plaintext: the
/// archive's exact form, the signed manifest, every file's size and hash, then expiry at `now`.
pub fn open_unsealed(archive: &[u8], now: DateTime<Utc>) -> Result<OpenedPackage, ShareError> {
    crate::open::unpack(archive, now)
}
