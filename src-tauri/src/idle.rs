//! Auto-lock: a background thread that locks the vault once the citizen has been idle for
//! longer than their setting, and tells the UI with the `vault-locked` event.
//!
//! The idle rule itself lives in `phr_app::App::lock_if_idle` (it counts wall-clock time as
//! well as monotonic time, so a machine that slept past the limit locks at the first check
//! after it wakes); this module only supplies the heartbeat and the event.

use std::time::Duration;

use phr_app::{App, VaultStatus};
use tauri::{AppHandle, Manager};

use crate::commands::VAULT_LOCKED;

/// How often the idle check runs. Auto-lock can therefore be up to this late.
pub const CHECK_EVERY: Duration = Duration::from_secs(15);

/// Starts the heartbeat thread. It lives as long as the process.
pub fn spawn(handle: AppHandle) -> std::io::Result<()> {
    std::thread::Builder::new().name("phr-auto-lock".into()).spawn(move || {
        loop {
            std::thread::sleep(CHECK_EVERY);
            let app = handle.state::<App>();
            tick(&app, |status| {
                if let Err(e) = VAULT_LOCKED.emit(&handle, &status) {
                    eprintln!("phr-desktop: could not tell the window the vault locked: {e}");
                }
            });
        }
    })?;
    Ok(())
}

/// One check: locks when idle and hands the new status to `notify`. Returns whether it locked.
pub fn tick(app: &App, notify: impl FnOnce(VaultStatus)) -> bool {
    let locked = app.lock_if_idle();
    if locked {
        notify(app.status());
    }
    locked
}

#[cfg(test)]
mod tests {
    use super::*;

    /// With no vault there is nothing to lock, so nothing is emitted.
    #[test]
    fn an_absent_vault_is_never_reported_locked() {
        let dir = std::env::temp_dir().join(format!("phr-desktop-idle-{}", std::process::id()));
        let app = App::new(dir);
        let mut emitted = false;
        assert!(!tick(&app, |_| emitted = true));
        assert!(!emitted);
    }
}
