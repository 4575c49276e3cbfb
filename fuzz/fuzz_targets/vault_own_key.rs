//! Fuzz target `vault_own_key`: see `phr_fuzz_entry::vault_own_key`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| phr_fuzz_entry::vault_own_key(data));
