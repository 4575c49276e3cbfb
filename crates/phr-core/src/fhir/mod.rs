//! FHIR in and out: reading bundles and resources (R4, and GP Connect STU3 mapped to R4) and
//! mapping each resource to a record entry. Pure: text in, values out.

mod attachment;

mod json;
mod map;
mod patient;
mod practice;
mod read;
mod resolve;
mod stu3;
mod write;

pub use crate::record::sensitivity_of;
pub use attachment::{AttachmentRef, attachments};
pub use map::{MapOutcome, map_resource, medicine_facts, observation_value};
pub use patient::{Check, ImportOrigin, Mismatch, PatientFacts, match_patient, patient_facts};
pub use practice::{ODS_CODE_SYSTEM, Practice, practice_of};
pub use read::{
    FhirReadError, FhirVersion, IncomingResource, ParsedFile, Rejected, read_fhir_json, read_fhir_json_lean,
};
pub use resolve::Resolver;
pub use stu3::{looks_stu3, stu3_to_r4};
pub use write::{BundleKind, write_bundle, write_collection_bundle};

/// The identifier system that carries NHS numbers.
pub const NHS_NUMBER_SYSTEM: &str = "https://fhir.nhs.uk/Id/nhs-number";
