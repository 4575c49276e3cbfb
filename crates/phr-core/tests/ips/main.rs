//! The International Patient Summary in the core: the structural rules (from the IPS guide)
//! over the ten published IPS documents and over broken ones, an IPS built from a record with
//! nothing in it (every required section says so with `emptyReason`) and from a few entries
//! (the person's own marked as reported by them, the NHS number on the Patient, references to
//! what is left out reduced to words), and who an incoming IPS is about and who sent it.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

#[path = "../../../../tests/support/mod.rs"]
mod repo;

mod build;
mod incoming;
mod structural;

/// The ten IPS documents in `tests/fixtures/ips`, by file name.
pub const IPS_FIXTURES: [&str; 10] = [
    "AT_ELGA_GmbH_01.json",
    "DE_no_info_with_Advance_Directive.json",
    "IPS_IG-bundle-01.json",
    "IPS_IG_bundle-minimal.json",
    "IPS_IG_bundle-no-info-required-sections.json",
    "NL_Curavista_01.json",
    "NZ_Peter_Jordan_AAA1234.json",
    "US_Washington_GDHP.json",
    "US_ePatientDave_medRequest_with_Narrative.json",
    "US_ePatientDave_medStatements_with_Narrative.json",
];

pub fn ips_fixture(name: &str) -> serde_json::Value {
    serde_json::from_str(&repo::fixture_text(&format!("ips/{name}"))).unwrap()
}
