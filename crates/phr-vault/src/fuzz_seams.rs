//! The readers a file from anywhere reaches before any key is derived, for the fuzz targets
//! (`fuzz/`) and their corpus replay: test-only (`test-seams`), never in a release build.

use std::path::Path;

use crate::{backup, keyfile};

/// Checks `bytes` as a `vault.key` is checked at unlock; whether it was accepted.
pub fn read_key_file(bytes: &[u8]) -> bool {
    keyfile::KeyFile::parse(bytes).map_err(|e| e.into_error(Path::new("vault.key"))).is_ok()
}

/// Reads `bytes` as a backup's header (its key file checked too), then as a backup's plaintext
/// body (each person's database with its hash); whether each was accepted.
pub fn read_backup(bytes: &[u8]) -> (bool, bool) {
    let header = backup::read_header(bytes, Path::new("fuzz.phrbackup")).is_ok();
    let body = backup::parse_body(bytes).is_some();
    (header, body)
}
