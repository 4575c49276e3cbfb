//! [`AppOptions`]: everything about the app that is chosen once, at start-up, by a front end.
//!
//! The facade reads no environment variable and no setting at call time: a front end (the
//! desktop shell's `run`, the `phr` command's `main`) reads them once, builds these options and
//! hands them to [`crate::App::with_options`]. So what the app does never changes behind its
//! back, and tests set each choice directly instead of through the process's environment.

use std::sync::Arc;

use phr_core::Clock;

use crate::app::KdfProfile;
use crate::system_clock::SystemClock;

/// How the app signs in to a GP practice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BrowserChoice {
    /// Opens the sign-in page in the system's browser (the default, and the only one a person
    /// should meet).
    #[default]
    System,
    /// Fetches the sign-in page with an HTTP client instead: only useful against the demo
    /// practice with auto-approval (tests, the end-to-end suite), so only in a `test-seams`
    /// build.
    #[cfg(feature = "test-seams")]
    Http,
}

/// The choices an [`crate::App`] is made with. Start from [`AppOptions::default`] (the system
/// clock, a calibrated KDF, no demo practice, the system browser) and change what you need.
#[derive(Debug, Clone)]
pub struct AppOptions {
    pub clock: Arc<dyn Clock>,
    pub kdf: KdfProfile,
    /// The demo practice's address when it runs beside the app (`cargo xtask run`, the e2e
    /// suite): then "Connect to my GP practice" offers it.
    pub gp_sandbox_url: Option<String>,
    pub browser: BrowserChoice,
    /// Print each import phase's time, CPU and memory to stderr (benchmarks).
    pub import_phases: bool,
}

impl Default for AppOptions {
    fn default() -> Self {
        Self {
            clock: Arc::new(SystemClock),
            kdf: KdfProfile::Calibrated,
            gp_sandbox_url: None,
            browser: BrowserChoice::System,
            import_phases: false,
        }
    }
}

/// The environment variables [`AppOptions::from_vars`] reads. Named here, once, so both front
/// ends read the same ones.
pub mod vars {
    /// Set by `cargo xtask run` (and the end-to-end suite) to the demo practice's address.
    pub const GP_SANDBOX_URL: &str = "PHR_GP_SANDBOX_URL";
    /// `http`: sign in with an HTTP client instead of a browser (`BrowserChoice::Http`, a test
    /// seam: only read in a `test-seams` build).
    #[cfg(feature = "test-seams")]
    pub const BROWSER: &str = "PHR_BROWSER";
    /// Any value: print each import phase's time, CPU and memory.
    pub const IMPORT_PHASES: &str = "PHR_IMPORT_PHASES";
}

impl AppOptions {
    /// The system clock and a KDF profile: what scripted set-ups and tests mostly need.
    pub fn with_clock(clock: Arc<dyn Clock>, kdf: KdfProfile) -> Self {
        Self { clock, kdf, ..Self::default() }
    }

    /// Options read from variables through `var`: a front end passes its process environment's
    /// lookup, once, at start-up. Unset or empty means the default.
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Self {
        let set = |name: &str| var(name).filter(|v| !v.trim().is_empty());
        Self {
            gp_sandbox_url: set(vars::GP_SANDBOX_URL).map(|u| u.trim().trim_end_matches('/').to_owned()),
            #[cfg(feature = "test-seams")]
            browser: match set(vars::BROWSER).as_deref() {
                Some("http") => BrowserChoice::Http,
                _ => BrowserChoice::System,
            },
            import_phases: set(vars::IMPORT_PHASES).is_some(),
            ..Self::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_are_read_through_the_given_lookup_only() {
        let none = AppOptions::from_vars(|_| None);
        assert_eq!(none.gp_sandbox_url, None);
        assert_eq!(none.browser, BrowserChoice::System);
        assert!(!none.import_phases);

        let all = AppOptions::from_vars(|name| match name {
            vars::GP_SANDBOX_URL => Some(" http://127.0.0.1:8123/ ".to_owned()),
            vars::BROWSER => Some("http".to_owned()),
            vars::IMPORT_PHASES => Some("1".to_owned()),
            _ => None,
        });
        assert_eq!(all.gp_sandbox_url.as_deref(), Some("http://127.0.0.1:8123"));
        assert_eq!(all.browser, BrowserChoice::Http);
        assert!(all.import_phases);

        let empty = AppOptions::from_vars(|_| Some(" ".to_owned()));
        assert_eq!(empty.gp_sandbox_url, None);
        assert!(!empty.import_phases);
    }
}
