//! The auto-lock rule: how long the person has been away, from two clocks.
//!
//! A monotonic clock cannot be set back, but on Linux it does not advance while the machine
//! is suspended, so a laptop that slept for hours would wake unlocked if only it counted. The
//! wall clock does count sleep, but can be set back. So both are kept at each activity and
//! the longer of the two spans is the idle time: suspend cannot hide time, and setting the
//! wall clock back cannot unlock anything or shorten the monotonic span.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

/// When the person last did something, by both clocks.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Activity {
    monotonic: Instant,
    wall: DateTime<Utc>,
}

impl Activity {
    /// Activity now: `wall` is the app's clock (the system clock outside tests).
    pub(crate) fn at(wall: DateTime<Utc>) -> Self {
        Self { monotonic: Instant::now(), wall }
    }

    /// Whether the person has been idle for `limit` or longer, the wall clock now reading
    /// `wall_now`.
    pub(crate) fn is_idle(&self, wall_now: DateTime<Utc>, limit: Duration) -> bool {
        is_idle(self.monotonic.elapsed(), self.wall, wall_now, limit)
    }
}

/// The idle time: the longer of what the monotonic clock measured and what the wall clock
/// says passed from `wall_then` to `wall_now`. A wall clock that went backwards counts as no
/// time, leaving the monotonic span.
pub(crate) fn idle_for(monotonic: Duration, wall_then: DateTime<Utc>, wall_now: DateTime<Utc>) -> Duration {
    let wall = (wall_now - wall_then).to_std().unwrap_or(Duration::ZERO);
    monotonic.max(wall)
}

/// Whether the person has been idle for `limit` or longer.
pub(crate) fn is_idle(monotonic: Duration, wall_then: DateTime<Utc>, wall_now: DateTime<Utc>, limit: Duration) -> bool {
    idle_for(monotonic, wall_then, wall_now) >= limit
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    const LIMIT: Duration = Duration::from_secs(5 * 60);

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 4, h, m, 0).unwrap()
    }

    /// The laptop slept for two hours: the monotonic clock saw one minute, the wall clock two
    /// hours. It locks on wake.
    #[test]
    fn a_suspend_past_the_limit_locks() {
        assert!(is_idle(Duration::from_secs(60), at(9, 0), at(11, 0), LIMIT));
        assert_eq!(idle_for(Duration::from_secs(60), at(9, 0), at(11, 0)), Duration::from_secs(2 * 3600));
    }

    /// Setting the wall clock back neither unlocks nor panics: the monotonic span still counts.
    #[test]
    fn a_wall_clock_set_back_does_not_hide_idle_time() {
        assert!(is_idle(Duration::from_secs(10 * 60), at(11, 0), at(9, 0), LIMIT));
        assert!(!is_idle(Duration::from_secs(60), at(11, 0), at(9, 0), LIMIT));
        assert_eq!(idle_for(Duration::ZERO, DateTime::<Utc>::MAX_UTC, DateTime::<Utc>::MIN_UTC), Duration::ZERO);
        assert_eq!(
            idle_for(Duration::ZERO, DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC),
            (DateTime::<Utc>::MAX_UTC - DateTime::<Utc>::MIN_UTC).to_std().unwrap()
        );
    }

    #[test]
    fn activity_within_the_limit_by_both_clocks_does_not_lock() {
        assert!(!is_idle(Duration::from_secs(60), at(9, 0), at(9, 1), LIMIT));
        assert!(is_idle(LIMIT, at(9, 0), at(9, 0), LIMIT), "the limit itself locks");
    }
}
