//! The readers a file from anywhere reaches before any key is derived, for the fuzz targets
//! (`fuzz/`) and their corpus replay: test-only (`test-seams`), never in a release build.

use std::path::Path;

use crate::model::PersonId;
use crate::{backup, handover, keyfile, own_access};

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

/// Reads `bytes` as a person's own key file (`people/<id>.own.key`): the newer-version check,
/// the file's shape, then the carer limits inside it as the carer's app reads them (their
/// signature checked against the file's own public key). Whether the file was accepted.
pub fn read_own_key_file(bytes: &[u8]) -> bool {
    let _ = own_access::newer_version(bytes);
    let id: PersonId = "6f0c2a8e-3b1d-4c5e-9f7a-2d4b6c8e0a1f".parse().expect("a fixed id");
    match own_access::OwnKeyFile::parse(&id, bytes) {
        Ok(file) => {
            let _ = file.limits_rule();
            true
        }
        Err(_) => false,
    }
}

/// Reads the first line of `bytes` (at most the length a handover package's header may have)
/// as a handover package's header is checked before any work; whether it was accepted.
pub fn read_handover_header(bytes: &[u8]) -> bool {
    let line = bytes.split_inclusive(|b| *b == b'\n').next().unwrap_or_default();
    let line = line.get(..handover::MAX_HEADER).unwrap_or(line);
    handover::check_header_line(line, Path::new("fuzz.phrhandover")).is_ok()
}
