//! Fuzz target `device_dexcom`: see `phr_fuzz_entry::device_dexcom`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| phr_fuzz_entry::device_dexcom(data));
