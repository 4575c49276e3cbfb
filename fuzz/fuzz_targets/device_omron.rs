//! Fuzz target `device_omron`: see `phr_fuzz_entry::device_omron`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| phr_fuzz_entry::device_omron(data));
