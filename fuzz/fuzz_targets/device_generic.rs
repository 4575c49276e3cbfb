//! Fuzz target `device_generic`: see `phr_fuzz_entry::device_generic`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| phr_fuzz_entry::device_generic(data));
