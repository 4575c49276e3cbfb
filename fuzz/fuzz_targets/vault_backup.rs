//! Fuzz target `vault_backup`: see `phr_fuzz_entry::vault_backup`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| phr_fuzz_entry::vault_backup(data));
