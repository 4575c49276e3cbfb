//! Integration tests for phr-core's reminders: the schedule across the 2026 UK clock changes
//! with a fake clock stepped minute by minute, what counts as done or missed, and properties of
//! firing times over every day of the year.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

mod london;
mod props;
mod schedule;
