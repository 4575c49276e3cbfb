//! Fuzz target `device_ihealth`: see `phr_fuzz_entry::device_ihealth`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| phr_fuzz_entry::device_ihealth(data));
