//! Fuzz target `gp_discovery`: see `phr_fuzz_entry::gp_discovery`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| phr_fuzz_entry::gp_discovery(data));
