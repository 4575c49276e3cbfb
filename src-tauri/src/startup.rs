//! The start-up signal for `cargo xtask bench start`: with `PHR_REPORT_STARTUP=1` the app
//! prints [`FIRST_SCREEN`] on stderr once its window has put up its first screen (Unlock, for
//! a person with a vault), so the benchmark times launch to a usable screen from outside, with
//! the process's own start (loading, linking, GTK, WebKit) counted. Without the variable it
//! prints nothing.
//!
//! The signal is the window's first `opened_file` call: the interface makes it once, right
//! after it has chosen and shown its first screen from the vocabulary and the vault's status.

use std::sync::atomic::{AtomicBool, Ordering};

/// The line the benchmark waits for.
pub const FIRST_SCREEN: &str = "phr-desktop: first screen shown";

/// Whether the signal is still to be given.
#[derive(Debug)]
pub struct Report(AtomicBool);

impl Report {
    /// From `PHR_REPORT_STARTUP`'s value, read once at start-up: on for `1`.
    pub fn new(var: Option<&str>) -> Self {
        Self(AtomicBool::new(var == Some("1")))
    }

    /// The first screen is up: print the signal, once.
    pub fn first_screen_shown(&self) {
        if self.0.swap(false, Ordering::Relaxed) {
            eprintln!("{FIRST_SCREEN}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_with_the_variable_set_to_one_and_only_once() {
        assert!(Report::new(Some("1")).0.load(Ordering::Relaxed));
        assert!(!Report::new(None).0.load(Ordering::Relaxed));
        assert!(!Report::new(Some("yes")).0.load(Ordering::Relaxed));
        let r = Report::new(Some("1"));
        r.first_screen_shown();
        assert!(!r.0.load(Ordering::Relaxed), "given once");
    }
}
