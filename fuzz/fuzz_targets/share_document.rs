//! Fuzz target `share_document`: see `phr_fuzz_entry::share_document`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| phr_fuzz_entry::share_document(data));
