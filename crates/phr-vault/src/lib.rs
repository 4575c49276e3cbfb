//! The encrypted store: a key file, one SQLCipher database per person, an append-only
//! schema, each person's audit chain, and whole-vault backups.
//!
//! Start with [`Vault`]: [`Vault::create`], [`Vault::unlock`] and [`Vault::recover`] return
//! an unlocked vault; dropping it locks (keys zeroized, connections closed, folder lock
//! released).
//!
//! Architecture invariant: nothing a person typed about themselves or their health is written
//! outside an encrypted database. The key file holds only wrapped keys, KDF settings, ids and
//! preferences; backups are encrypted end to end. Time comes from the [`phr_core::Clock`]
//! the caller passes in.
//!
//! API boundary: this crate knows files, SQLCipher and keys; it does not know the UI, the
//! app's state, or what a passphrase prompt looks like. Errors carry [`ErrorCode`]s.

// Tests may unwrap: a panic there is a failed test, which is what we want.
#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod about_me;
mod audit_store;
mod backup;
mod care_continue;
mod db;
mod error;
mod fsutil;
#[cfg(feature = "test-seams")]
pub mod fuzz_seams;
mod gp_connection;
mod handover;
mod hex;
mod import_undo;
mod kdf;
mod keyfile;
mod keys;
mod lock;
pub mod migrations;
mod model;
mod own_access;
pub mod own_entries;
mod person_store;
mod private_part;
mod readings_store;
pub mod record_store;
mod reminders;
mod sealed;
pub mod share_store;
mod vault;

pub use backup::{BackupSecret, VERSION as BACKUP_FORMAT, backup_created_at};
pub use db::FileCheck;
pub use error::{Result, VaultError};
#[cfg(feature = "test-seams")]
pub use fsutil::debug_fail_writes_for_tests;
pub use fsutil::{new_private_file, sync_dir as sync_folder, write_atomic as write_file_atomically};
pub use gp_connection::{ConnectionForgotten, GpConnection};
pub use handover::{HANDOVER_VERSION, HandoverAccepted, HandoverCode, ReceiptCode};
#[cfg(feature = "test-seams")]
pub use import_undo::debug_pause_inside_undo_for_tests;
pub use kdf::{KdfChoice, KdfParams};
pub use keyfile::VERSION as KEY_FILE_FORMAT;
pub use model::{AuditVerification, BackupSummary, PersonId, PersonRecord, VaultSettings};
pub use own_access::OwnerSession;
pub use phr_core::audit::{AuditRecord, ChainBreak};
pub use phr_core::{ErrorCode, passphrase::Passphrase, recovery_key::RecoveryKey};
pub use private_part::LimitsMoved;
#[cfg(feature = "test-seams")]
pub use private_part::debug_fail_private_move_for_tests;
pub use readings_store::{
    DeviceImport, ImportCounts, MAX_ROWS, NewReading, Point, RangeStats, ReadingFilter, SeriesData, SeriesLevel,
    StoredReading, extremes,
};
#[cfg(feature = "test-seams")]
pub use vault::{RekeyStep, debug_fail_rekey_for_tests};
pub use vault::{Rotation, Vault, vault_exists};
