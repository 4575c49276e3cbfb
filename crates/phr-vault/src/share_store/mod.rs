//! Sharing from the record: the record's signing key, gathering what a slice holds,
//! and the share register (every share made, with its consent, until when, and whether it was
//! revoked).
//!
//! The package itself is made by `phr-share` and its document by `phr_core::share`; this module
//! knows only the person's database. A share is registered in one transaction with its audit
//! entry and the Consent resource it leaves in the record, and the package file is written last
//! inside that transaction, so a failed write leaves nothing registered.

mod contents;
mod model;
mod register;
mod signing;

pub use model::{NewShare, SealedTo, ShareRecord, ShareStatus};
