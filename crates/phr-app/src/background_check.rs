//! The whole-file check after unlock, in the background: each person's database is read whole
//! and checked (as "Check my record for damage" does, [`App::check_record`]) at most once every
//! [`CHECK_EVERY_DAYS`] days, one database at a time, pausing between them, and never counted
//! as the person's activity (so it does not hold auto-lock off). It stops at a lock. What it
//! finds is kept for the interface to ask ([`App::background_check`]): a damaged record is named
//! with what to do, on People and on the person's own page.
//!
//! When a record was last checked is read from its own audit log (the newest `RecordChecked`
//! entry that found no damage), so it needs no new field in the key file (no new key file
//! version) and no migration, and a check run from Settings counts too. A record whose last
//! check found damage, or whose log cannot be read, is checked again at the next unlock, so the
//! notice comes back until the record is restored.

use std::sync::Mutex;
use std::time::Duration;

use chrono::{DateTime, Utc};
use phr_core::ErrorCode;
use phr_core::audit::AuditAction;
use serde::Serialize;
use ts_rs::TS;

use crate::App;
use crate::integrity::{DatabaseCheck, RecordCheck};

/// A record is checked in the background at most this often. A week: damage in pages nobody
/// reads is found within days, and a large record (1.9 s for 157 MB) is read whole rarely.
pub const CHECK_EVERY_DAYS: i64 = 7;

/// The pause between two people's databases, so the check gives way to what the person does.
const PAUSE: Duration = Duration::from_millis(250);

/// The words the vault writes in a `RecordChecked` entry when the check found no damage.
const NO_DAMAGE: &str = "no damage found";

/// What the background check is doing and what it found, kept by the [`App`].
#[derive(Debug, Default)]
pub(crate) struct BackgroundState {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    /// Bumped at each start: a check from an earlier unlock stops when it sees a newer one.
    generation: u64,
    running: bool,
    /// Each damaged record found since the app started, until a later check finds it whole.
    damaged: Vec<DatabaseCheck>,
}

/// What the background check found, for the notice on People and on a person's page.
#[derive(Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackgroundCheck {
    /// Whether a check is under way now.
    pub running: bool,
    /// The damage found, in plain words with what to do; `None` when none was found.
    pub damage: Option<RecordCheck>,
}
phr_core::redacted_debug!(BackgroundCheck { running });

impl BackgroundState {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl App {
    /// Runs the background check now, on the calling thread (the desktop starts a thread of
    /// its own for it after each unlock): every person whose record was not found whole in the
    /// last [`CHECK_EVERY_DAYS`] days, one at a time, each recorded in their audit log. Stops
    /// early, with what it found so far, when the vault is locked or a newer check starts.
    /// Returns how many records it checked.
    pub fn run_background_check(&self) -> usize {
        let generation = {
            let mut s = self.background.lock();
            s.generation += 1;
            s.running = true;
            // A record found damaged is always due (its last check found no whole record), so
            // this run finds it again: what was found before is not kept past it.
            s.damaged.clear();
            s.generation
        };
        let checked = self.check_due(generation);
        let mut s = self.background.lock();
        if s.generation == generation {
            s.running = false;
        }
        checked
    }

    fn check_due(&self, generation: u64) -> usize {
        let now = self.clock.now();
        let Some(Ok(people)) = self.with_vault_unattended(|v| v.people()) else { return 0 };
        let mut checked = 0;
        for (i, p) in people.iter().enumerate() {
            if self.background.lock().generation != generation {
                break;
            }
            if i > 0 {
                std::thread::sleep(PAUSE);
            }
            let due = self.with_vault_unattended(|v| is_due(v.audit_log(&p.id).ok().as_deref(), now));
            match due {
                None => break,
                Some(false) => continue,
                Some(true) => {}
            }
            // The file is read on a connection of its own, without holding the vault, so the
            // person's commands do not wait the seconds a large record takes.
            let check = match self.with_vault_unattended(|v| v.prepare_file_check(&p.id)) {
                None => break,
                Some(Ok(check)) => check,
                Some(Err(_)) => continue,
            };
            let result = check.run();
            drop(check);
            if self.background.lock().generation != generation {
                break;
            }
            let problem = match self.with_vault_unattended(|v| v.record_file_check(&p.id, &result)).map(|()| result) {
                None => break,
                Some(Ok(())) => None,
                Some(Err(e)) if e.code == ErrorCode::DatabaseDamaged => Some(e.message.clone()),
                // Anything else (a file that could not be read just now) is no finding: the
                // next unlock tries again.
                Some(Err(_)) => continue,
            };
            checked += 1;
            let check = DatabaseCheck {
                person_id: p.id.to_string().into(),
                person_name: p.details.name.clone(),
                ok: problem.is_none(),
                problem,
            };
            let mut s = self.background.lock();
            s.damaged.retain(|d| d.person_id != check.person_id);
            if !check.ok {
                s.damaged.push(check);
            }
        }
        checked
    }

    /// What the background check found so far, and whether it is still running; nothing while
    /// the vault is locked. Asking is not activity.
    pub fn background_check(&self) -> BackgroundCheck {
        if self.with_vault_if_open(|v| v.is_none()) {
            return BackgroundCheck { running: false, damage: None };
        }
        let s = self.background.lock();
        let damage = (!s.damaged.is_empty()).then(|| RecordCheck::from_checks(s.damaged.clone()));
        BackgroundCheck { running: s.running, damage }
    }
}

/// Whether a record with this audit log is due a check at `now`: no entry of a check that found
/// it whole in the last [`CHECK_EVERY_DAYS`] days (an unreadable log is due).
fn is_due(log: Option<&[phr_core::audit::AuditRecord]>, now: DateTime<Utc>) -> bool {
    let Some(log) = log else { return true };
    let since = now - chrono::Duration::days(CHECK_EVERY_DAYS);
    !log.iter()
        .rev()
        .take_while(|e| e.at > since)
        .any(|e| e.action == AuditAction::RecordChecked && e.detail.contains(NO_DAMAGE))
}
