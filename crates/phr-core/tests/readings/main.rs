//! Integration tests for phr-core's readings: kinds, checks, units, the NICE home blood
//! pressure average and week, targets, the red-flag table, chart reduction, device parsers and
//! FHIR export.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

#[path = "../../../../tests/support/mod.rs"]
mod repo;

mod checks;
mod device;
mod fhir;
mod glucose_report;
mod kinds;
mod nice;
mod owner;
mod red_flags;
mod reduce;
mod targets;
mod units;

use chrono::{DateTime, FixedOffset, Utc};

/// A time with its offset, from RFC 3339.
pub fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

/// The fixed "now" of these tests.
pub fn now() -> DateTime<Utc> {
    at("2026-06-01T12:00:00+00:00").with_timezone(&Utc)
}

/// A time an hour before [`now`].
pub fn earlier() -> DateTime<FixedOffset> {
    at("2026-06-01T11:00:00+01:00")
}
