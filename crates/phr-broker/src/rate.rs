//! Per-address rate limiting: the broker's only state, an address and a count per window.
//!
//! An app install can ask for assertions, and each proves only "this is the registered
//! client"; the limit keeps a stolen install from becoming an assertion mill. Windows are fixed
//! (a count per address that starts at its first request), which is enough to bound the rate
//! and keeps nothing but the address and the count. Expired windows are pruned, so the broker
//! forgets an address once its window has passed.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// How many assertions one address may have per window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub per_window: u32,
    pub window: Duration,
}

impl Default for RateLimit {
    /// 30 a minute: a person signing in needs one; a retrying app a few.
    fn default() -> Self {
        Self { per_window: 30, window: Duration::from_secs(60) }
    }
}

/// The most addresses remembered at once. Past it a new address is refused until windows
/// expire, so a flood from many addresses cannot grow the broker's memory without bound.
const MAX_ADDRESSES: usize = 100_000;

#[derive(Debug, Clone, Copy)]
struct Window {
    started: Instant,
    count: u32,
}

#[derive(Debug)]
struct State {
    windows: HashMap<IpAddr, Window>,
    last_pruned: Instant,
}

#[derive(Debug)]
pub(crate) struct Limiter {
    limit: RateLimit,
    state: Mutex<State>,
}

impl Limiter {
    pub(crate) fn new(limit: RateLimit) -> Self {
        Self { limit, state: Mutex::new(State { windows: HashMap::new(), last_pruned: Instant::now() }) }
    }

    /// Counts a request from `addr`; `Err(retry_after)` when it is over the limit.
    pub(crate) fn check(&self, addr: IpAddr, now: Instant) -> Result<(), Duration> {
        let key = coarse(addr);
        // A panic while holding the lock leaves only counts behind, which are still counts.
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if now.saturating_duration_since(state.last_pruned) >= self.limit.window {
            self.prune(&mut state, now);
        }
        if !state.windows.contains_key(&key) && state.windows.len() >= MAX_ADDRESSES {
            self.prune(&mut state, now);
            if state.windows.len() >= MAX_ADDRESSES {
                return Err(self.limit.window);
            }
        }
        let window = state.windows.entry(key).or_insert(Window { started: now, count: 0 });
        let elapsed = now.saturating_duration_since(window.started);
        if elapsed >= self.limit.window {
            *window = Window { started: now, count: 0 };
        }
        if window.count >= self.limit.per_window {
            return Err(self.limit.window.saturating_sub(now.saturating_duration_since(window.started)));
        }
        window.count += 1;
        Ok(())
    }

    /// How many addresses are remembered now, after forgetting those whose window has passed.
    pub(crate) fn remembered(&self, now: Instant) -> usize {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        self.prune(&mut state, now);
        state.windows.len()
    }

    fn prune(&self, state: &mut State, now: Instant) {
        let window = self.limit.window;
        state.windows.retain(|_, w| now.saturating_duration_since(w.started) < window);
        state.last_pruned = now;
    }
}

/// The key an address is counted under: an IPv4 address, or an IPv6 address's /64 (one
/// household or host is usually given a whole /64, and could otherwise walk through it).
fn coarse(addr: IpAddr) -> IpAddr {
    match addr {
        IpAddr::V4(_) => addr,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6((u128::from(v6) & !u128::from(u64::MAX)).into()),
        },
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn counts_per_address_and_resets_after_the_window() {
        let limiter = Limiter::new(RateLimit { per_window: 2, window: Duration::from_secs(60) });
        let t0 = Instant::now();
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "192.0.2.2".parse().unwrap();
        assert!(limiter.check(a, t0).is_ok());
        assert!(limiter.check(a, t0).is_ok());
        let retry = limiter.check(a, t0 + Duration::from_secs(10)).unwrap_err();
        assert_eq!(retry, Duration::from_secs(50));
        assert!(limiter.check(b, t0).is_ok(), "another address has its own count");
        assert_eq!(limiter.remembered(t0 + Duration::from_secs(59)), 2);
        assert!(limiter.check(a, t0 + Duration::from_secs(60)).is_ok(), "a new window");
        assert_eq!(limiter.remembered(t0 + Duration::from_secs(121)), 0, "expired windows are forgotten");
    }

    #[test]
    fn an_ipv6_host_is_counted_by_its_64() {
        let limiter = Limiter::new(RateLimit { per_window: 1, window: Duration::from_secs(60) });
        let t0 = Instant::now();
        assert!(limiter.check("2001:db8::1".parse().unwrap(), t0).is_ok());
        assert!(limiter.check("2001:db8::2".parse().unwrap(), t0).is_err());
        assert!(limiter.check("2001:db8:0:1::1".parse().unwrap(), t0).is_ok());
    }
}
