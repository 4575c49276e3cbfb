//! The vault's readers of files from outside: `vault.key` and a backup's header and body.

/// `data` as a `vault.key`.
pub fn vault_key_file(data: &[u8]) {
    let _ = phr_vault::fuzz_seams::read_key_file(data);
}

/// `data` as a backup file's header (with its key file), and as a backup's decrypted body.
pub fn vault_backup(data: &[u8]) {
    let _ = phr_vault::fuzz_seams::read_backup(data);
}
