//! The real clock, injected into the vault at the edge of the system.

use chrono::{DateTime, Utc};
use phr_core::Clock;

/// Reads the operating system's clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}
