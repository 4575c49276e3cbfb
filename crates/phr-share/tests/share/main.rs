//! phr-share through its public API: sealing and opening by code and by key, every refusal and
//! its reason, tampering of every kind, access-code properties, and the reference `age` tool
//! opening our packages. One binary, so the crate links once.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

#[path = "../../../../tests/support/mod.rs"]
mod repo;

mod access_code;
mod age_cli;
mod debug_redaction;
mod golden;
mod ips;
mod made_by;
mod refusals;
mod round_trip;
mod size;
mod support;
mod tampering;
