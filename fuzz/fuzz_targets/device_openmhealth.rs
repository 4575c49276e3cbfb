//! Fuzz target `device_openmhealth`: see `phr_fuzz_entry::device_openmhealth`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| phr_fuzz_entry::device_openmhealth(data));
