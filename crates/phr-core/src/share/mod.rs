//! Sharing a slice of the record: the consent (who, why, what, until when), the rule that says
//! which entries and readings a slice holds, the FHIR document and the printable summary that a
//! package carries, and reading a shared document back.
//!
//! Pure like the rest of this crate: the vault gathers the slice's contents, `phr-share` seals
//! and signs them; ids and times are parameters.

mod model;

pub use model::*;
