//! Fuzz target `share_open`: see `phr_fuzz_entry::share_open`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| phr_fuzz_entry::share_open(data));
