//! Fuzz target `vault_key_file`: see `phr_fuzz_entry::vault_key_file`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| phr_fuzz_entry::vault_key_file(data));
