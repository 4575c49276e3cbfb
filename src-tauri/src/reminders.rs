//! Reminders as desktop notifications: a thread of its own (`phr-reminders`) that runs
//! `phr_app::run_reminders`, which asks `phr_app::ReminderNotifier` what has come due (every
//! minute at most, sooner when one fires sooner); this file shows each through Tauri's
//! notification plugin, from Rust only. The webview is granted none of the plugin's
//! permissions, so it cannot show a notification itself. What a notification says is the
//! app's: by default no medicine, reading or person is named, and while the app is locked
//! only that a reminder is due.

use std::ops::ControlFlow;
use std::time::Duration;

use phr_app::{App, ReminderNotification, ReminderNotifier};
use tauri::{AppHandle, Manager};
use tauri_plugin_notification::NotificationExt;

/// Starts the reminders thread. It lives as long as the process. The loop is phr-app's
/// (`run_reminders`, tested there with a clock the test moves on); only showing and sleeping
/// are the desktop's.
pub fn spawn(handle: AppHandle) -> std::io::Result<()> {
    std::thread::Builder::new().name("phr-reminders".into()).spawn(move || {
        let mut notifier = ReminderNotifier::new();
        let app = handle.state::<App>();
        let mut shower = |n: &ReminderNotification| show(&handle, n);
        phr_app::run_reminders(&app, &mut notifier, &mut shower, |wait| {
            std::thread::sleep(wait);
            ControlFlow::Continue(())
        });
    })?;
    Ok(())
}

/// How long to wait before asking again: until the next reminder fires, within the bounds.
pub fn wait(notifier: &ReminderNotifier, app: &App) -> Duration {
    phr_app::reminders_wait(notifier, app)
}

fn show(handle: &AppHandle, n: &ReminderNotification) {
    if let Err(e) = handle.notification().builder().title(&n.title).body(&n.body).show() {
        // The words are not printed: with the person's leave they may name a medicine.
        eprintln!("phr-desktop: could not show a reminder notification: {e}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use phr_app::{CHECK_AT_LEAST_AFTER, CHECK_AT_MOST_EVERY};

    #[test]
    fn with_nothing_planned_it_asks_again_within_a_minute() {
        let dir = std::env::temp_dir().join(format!("phr-desktop-reminders-{}", std::process::id()));
        let notifier = ReminderNotifier::new();
        let w = wait(&notifier, &App::new(dir));
        assert!(w >= CHECK_AT_LEAST_AFTER && w <= CHECK_AT_MOST_EVERY, "{w:?}");
    }
}
