//! The vault's readers of files from outside: `vault.key`, a backup's header and body, and a
//! person's own key file with the carer limits in it.

/// `data` as a `vault.key`.
pub fn vault_key_file(data: &[u8]) {
    let _ = phr_vault::fuzz_seams::read_key_file(data);
}

/// `data` as a backup file's header (with its key file), and as a backup's decrypted body.
pub fn vault_backup(data: &[u8]) {
    let _ = phr_vault::fuzz_seams::read_backup(data);
}

/// `data` as a person's own key file, with the carer limits inside it, and as the header line
/// of a handover package (the other file of a carer's vault read before any key).
pub fn vault_own_key(data: &[u8]) {
    let _ = phr_vault::fuzz_seams::read_own_key_file(data);
    let _ = phr_vault::fuzz_seams::read_handover_header(data);
}
