//! The background check after unlock: a thread of its own (`phr-record-check`), started after
//! each unlock, that waits a little so the first screens load first, then runs
//! `phr_app::App::run_background_check` (which checks each record at most once a week, one at
//! a time, stops at a lock and is not activity). The window asks what it found with the
//! `background_check` command.

use std::time::Duration;

use phr_app::{App, AppError, VaultStatus};
use tauri::{AppHandle, Manager};

/// How long after unlock the check starts.
pub const START_AFTER: Duration = Duration::from_secs(20);

/// Passes an unlock's answer on, starting the background check when the record is now open.
pub fn after_unlock(handle: &AppHandle, status: Result<VaultStatus, AppError>) -> Result<VaultStatus, AppError> {
    if status.as_ref().is_ok_and(|s| s.unlocked) {
        let handle = handle.clone();
        let started = std::thread::Builder::new().name("phr-record-check".into()).spawn(move || {
            std::thread::sleep(START_AFTER);
            handle.state::<App>().run_background_check();
        });
        if let Err(e) = started {
            eprintln!("phr-desktop: could not start the background check: {e}");
        }
    }
    status
}
