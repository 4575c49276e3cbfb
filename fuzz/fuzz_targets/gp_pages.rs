//! Fuzz target `gp_pages`: see `phr_fuzz_entry::gp_pages`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| phr_fuzz_entry::gp_pages(data));
