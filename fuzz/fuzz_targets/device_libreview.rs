//! Fuzz target `device_libreview`: see `phr_fuzz_entry::device_libreview`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| phr_fuzz_entry::device_libreview(data));
