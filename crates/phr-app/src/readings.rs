//! Readings: adding with checks and confirmation, listing, editing with undo ([`entry`]),
//! statistics with the NICE home blood pressure average and chart series ([`stats`]), targets,
//! device imports ([`device`]), the home blood pressure week ([`bp_week`]), the glucose report
//! ([`glucose`]) and export.
//!
//! Times people type without an offset are read in this computer's local offset, read once per
//! call ([`local`]); the arithmetic on local days and windows is `phr_core::local_time`.

mod bp_week;
mod device;
mod entry;
mod export;
mod glucose;
pub(crate) mod gp;
pub(crate) mod local;
mod stats;
mod targets;

pub(crate) use entry::{to_dto_judged, weight_times};
