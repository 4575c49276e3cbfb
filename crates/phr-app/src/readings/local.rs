//! The person's local time as the facade sees it: this computer's UTC offset, read once per
//! call from the clock's "now", and the ranges people type read in it. The arithmetic itself is
//! [`phr_core::local_time`]; this is the only place that asks the system for its time zone.

use chrono::{DateTime, FixedOffset, Local, NaiveDate, Offset, TimeZone, Utc};
use phr_core::ErrorCode;
use phr_core::local_time;

use crate::ErrorField;
use crate::dto::AppError;

/// This computer's time zone, with its daylight saving rules: reminders fire at a local time
/// of day on both sides of a clock change (`phr_core::reminders::schedule`).
pub(crate) fn local_zone() -> Local {
    Local
}

/// This computer's UTC offset at `now` (the caller's one reading of its clock).
pub(crate) fn local_offset(now: DateTime<Utc>) -> FixedOffset {
    Local.offset_from_utc_datetime(&now.naive_utc()).fix()
}

/// The day the person calls today at `now`: the date in this computer's time zone, not UTC's
/// (at +13:00 the two differ for half the day). Dates of birth, share expiry and file names
/// all count from it.
pub(crate) fn local_today(now: DateTime<Utc>) -> NaiveDate {
    local_time::local_date(now, local_offset(now))
}

fn bad_range(s: &str, field: ErrorField) -> AppError {
    AppError::new(ErrorCode::InvalidInput, format!("{s:?} is not a date. Use YYYY-MM-DD, such as 2026-11-23."))
        .on_field(field)
}

/// The start of a range a person typed: a date means from its first local moment.
pub(crate) fn range_start(s: &str, offset: FixedOffset, field: ErrorField) -> Result<i64, AppError> {
    local_time::range_start_ms(s, offset).ok_or_else(|| bad_range(s.trim(), field))
}

/// The end of a range (exclusive): a date means to the end of that local day.
pub(crate) fn range_end(s: &str, offset: FixedOffset, field: ErrorField) -> Result<i64, AppError> {
    local_time::range_end_ms(s, offset).ok_or_else(|| bad_range(s.trim(), field))
}
