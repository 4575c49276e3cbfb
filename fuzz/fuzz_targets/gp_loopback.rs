//! Fuzz target `gp_loopback`: see `phr_fuzz_entry::gp_loopback`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| phr_fuzz_entry::gp_loopback(data));
