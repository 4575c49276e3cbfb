//! The one way time enters the domain: callers hand in a [`Clock`].

use chrono::{DateTime, Utc};

/// A source of the current time. The real one lives at the edge (`phr-app`); tests use
/// [`FixedClock`] so that what they assert does not depend on when they run.
pub trait Clock: Send + Sync + std::fmt::Debug {
    fn now(&self) -> DateTime<Utc>;
}

/// A clock that always answers the same instant.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}
