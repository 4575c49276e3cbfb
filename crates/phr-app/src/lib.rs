//! The application facade: the one API that the `phr` CLI and the desktop shell both call.
//!
//! API boundary: front ends pass plain DTOs ([`dto`]) and secrets ([`Passphrase`],
//! [`SecretString`]) in, and get DTOs or an [`AppError`] (a stable [`phr_core::ErrorCode`], a
//! sentence and the input field it concerns) back. Front ends never see a vault, a key or a
//! database. This crate owns the things the core must not: the system clock, randomness for
//! suggestions, the idle timer and where the vault lives by default.

// Tests may unwrap: a panic there is a failed test, which is what we want.
#![cfg_attr(test, allow(clippy::unwrap_used))]

mod about;
mod about_me;
mod activity;
mod advice;
mod app;
mod appointment;
mod attachments;
mod background_check;
mod care_access;
mod checks;
mod convert;
pub mod dto;
pub mod dto_about_me;
pub mod dto_advice;
pub mod dto_care;
pub mod dto_glucose;
pub mod dto_gp;
pub mod dto_ids;
pub mod dto_medicines;
pub mod dto_own_access;
pub mod dto_own_entries;
pub mod dto_passphrase;
pub mod dto_person;
pub mod dto_readings;
pub mod dto_record;
pub mod dto_reminders;
pub mod dto_share;
pub mod dto_vocabulary;
mod error;
mod error_code;
mod error_field;
mod file_actions;
mod file_caps;
mod file_choice;
mod gp;
mod gp_connection;
mod handover;
mod idle;
mod import_undo;
mod integrity;
mod medicines;
mod mirror;
mod nhs_login;
mod opened_file;
mod options;
mod own_access;
mod own_entries;
mod passphrase_strength;
mod paths;
mod pdf_export;
mod people;
mod practice_directory;
mod preferences;
mod printable;
mod readings;
mod readings_derived;
mod record;
mod reminders;
mod share;
mod system_clock;
mod vocabulary;

pub use about::{About, AboutRow, about};
pub use app::{App, KdfProfile};
pub use attachments::SavedCopy;
pub use background_check::{BackgroundCheck, CHECK_EVERY_DAYS};
pub use dto::*;
pub use dto_about_me::*;
pub use dto_advice::*;
pub use dto_care::*;
pub use dto_glucose::*;
pub use dto_gp::*;
pub use dto_ids::*;
pub use dto_medicines::*;
pub use dto_own_access::*;
pub use dto_own_entries::*;
pub use dto_passphrase::*;
pub use dto_readings::*;
pub use dto_record::*;
pub use dto_reminders::*;
pub use dto_share::*;
pub use dto_vocabulary::*;
pub use error_code::ErrorCode;
pub use error_field::ErrorField;
pub use file_caps::{MAX_BACKUP_BYTES, MAX_DEVICE_FILE_BYTES, MAX_FHIR_FILE_BYTES, MAX_HANDOVER_BYTES};
pub use file_choice::{CHOICE_LIFETIME, FilePurpose};
pub use gp::{GpAddressQuestion, MAX_TYPED_PATH_CHARS};
pub use handover::{HandoverCreated, HandoverMade, HandoverReceipt, HandoverReceived, HandoverStatus, HandoverWords};
pub use integrity::{CheckProgress, DatabaseCheck, RecordCheck};
pub use nhs_login::NhsLoginChecked;
pub use opened_file::{BACKUP_EXTENSION, OpenedFile, OpenedKind, SHARE_EXTENSION, opened_kind};
pub use options::{AppOptions, BrowserChoice, vars as option_vars};
pub use paths::default_vault_dir;
pub use pdf_export::{Printable, SavedPdf};
pub use phr_core::passphrase::Passphrase;
pub use phr_core::secret::SecretString;
pub use reminders::{
    CHECK_AT_LEAST_AFTER, CHECK_AT_MOST_EVERY, ReminderNotification, ReminderNotifier, ShowNotification,
    reminders_wait, run_reminders,
};
pub use system_clock::SystemClock;
