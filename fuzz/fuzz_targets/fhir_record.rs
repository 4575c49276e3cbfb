//! Fuzz target `fhir_record`: see `phr_fuzz_entry::fhir_record`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| phr_fuzz_entry::fhir_record(data));
