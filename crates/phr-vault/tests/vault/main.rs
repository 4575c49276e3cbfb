//! The vault's behaviour through its public API, one story per test. One binary (so the
//! crate links once); `durability` re-runs this binary as a child it then kills.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

#[path = "../../../../tests/support/mod.rs"]
mod repo;

mod audit;
mod audit_actors;
mod backup;
mod damage;
mod durability;
mod glucose_tally;
mod gp_connection;
mod gp_readings;
mod handover;
mod handover_receipt;
mod import_undo;
mod kept_private;
mod keys_and_access;
mod lifecycle;
mod migrations;
mod own_access;
mod places;
mod plaintext;
mod range;
mod readings;
mod record;
mod record_fixtures;
mod rekey_failure;
mod relabel;
mod reminders;
mod rollup_stats;
mod shares;
mod someone_else;
mod support;
