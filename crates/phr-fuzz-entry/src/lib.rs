//! One entry function per fuzz target, each taking the fuzzer's bytes and running one
//! parser with everything that reads its output, returning nothing: a panic, a hang or a
//! runaway allocation is the only failure.
//!
//! Two callers: the libFuzzer targets in `fuzz/` (a workspace of its own, `cargo xtask fuzz`)
//! and `tests/corpus.rs`, which replays every committed input (`fuzz/corpus/<target>/`) and
//! every minimised crash (`fuzz/artifacts/<target>/`) on each `cargo test`. [`TARGETS`] names
//! them once for both.
//!
//! The entries reach readers that are private to their crates through those crates'
//! `fuzz_seams` modules, which exist only with `test-seams`; so does everything here.

#[cfg(feature = "test-seams")]
mod device;
#[cfg(feature = "test-seams")]
mod fhir;
#[cfg(feature = "test-seams")]
mod gp;
#[cfg(feature = "test-seams")]
mod share;
#[cfg(feature = "test-seams")]
mod vault;

#[cfg(feature = "test-seams")]
pub use {device::*, fhir::*, gp::*, share::*, vault::*};

/// A fuzz target: its name (the `fuzz/fuzz_targets/<name>.rs` binary and its corpus and
/// artifacts folders) and its entry function.
pub type Target = (&'static str, fn(&[u8]));

/// Every fuzz target, in the order `cargo xtask fuzz` runs them.
#[cfg(feature = "test-seams")]
pub const TARGETS: &[Target] = &[
    ("fhir_record", fhir::fhir_record),
    ("device_dexcom", device::device_dexcom),
    ("device_libreview", device::device_libreview),
    ("device_omron", device::device_omron),
    ("device_ihealth", device::device_ihealth),
    ("device_openmhealth", device::device_openmhealth),
    ("device_generic", device::device_generic),
    ("share_archive", share::share_archive),
    ("share_open", share::share_open),
    ("share_document", share::share_document),
    ("vault_key_file", vault::vault_key_file),
    ("vault_backup", vault::vault_backup),
    ("vault_own_key", vault::vault_own_key),
    ("gp_discovery", gp::gp_discovery),
    ("gp_pages", gp::gp_pages),
    ("gp_loopback", gp::gp_loopback),
];

/// The moment every entry takes as now: inside the test share packages' validity.
#[cfg(feature = "test-seams")]
fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(1_795_510_800, 0).unwrap_or_default()
}
