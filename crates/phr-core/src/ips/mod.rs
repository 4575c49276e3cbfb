//! The International Patient Summary (IPS, HL7's FHIR implementation guide): building one
//! from the person's record for a professional's system, the structural rules every IPS
//! keeps, and reading who an IPS from elsewhere (a hospital abroad) is about and who sent it.
//!
//! Pure like the rest of this crate: the vault gathers the contents (the same slice a share
//! uses), ids and times are parameters.

mod build;
mod incoming;
mod narrative;
mod sections;
mod structural;

pub use build::{BuiltIps, IPS_TITLE, IPS_TYPE_CODE, IpsIds, NOT_IN_SUMMARY, build_ips, ips_slice};
pub use incoming::{DocumentSubject, SubjectCheck, SubjectIdentifier, check_subject, is_ips, sender_name, subjects};
pub use narrative::{REPORTED_BY_CARER, REPORTED_BY_PATIENT};
pub use sections::{IpsSection, section_of};
pub use structural::{StructuralProblem, structural_problems};
