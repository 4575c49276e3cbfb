//! The person-held record's domain: the rules and data shapes every other crate shares.
//!
//! Architecture invariant: this crate does no IO and never reads the system clock. Time comes
//! in through [`clock::Clock`] or as a plain value, randomness as bytes the caller drew, so
//! every function here is deterministic and tested without a file system.

// Tests may unwrap: a panic there is a failed test, which is what we want.
#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod audit;
pub mod care_access;
pub mod carer_limits;
pub mod clock;
pub mod crockford;
pub mod en_gb;
pub mod error;
pub mod fhir;
pub mod hash_chain;
pub mod ips;
pub mod local_time;
pub mod nhs_number;
pub mod numbers;
pub mod passphrase;
pub mod person;
pub mod person_name;
pub mod person_role;
pub mod readings;
pub mod record;
pub mod recovery_key;
pub mod redact;
pub mod reminders;
pub mod secret;
pub mod share;
pub mod sizes;
pub mod wordlist;

pub use clock::Clock;
pub use error::ErrorCode;
pub use nhs_number::NhsNumber;
