//! Fuzz target `share_archive`: see `phr_fuzz_entry::share_archive`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| phr_fuzz_entry::share_archive(data));
