//! The person's reminders through the facade: set, list (with when each fires next), remove,
//! tick a medicine as taken, and whether notifications may name details; what is due now and
//! missed for the home screen's panel; and [`ReminderNotifier`], which the desktop's loop
//! ([`run_reminders`]) asks every so often what to show as a notification.
//!
//! The schedule is `phr_core::reminders::schedule`, given this computer's time zone rules
//! (`readings::local::local_zone`) and the clock's "now". A carer sets and removes reminders,
//! and ticks medicines, for the person they care for under the "Add readings" permission, as
//! for their own entries: it is writing into the record what the person would write themselves.

use std::collections::HashSet;

use chrono::{DateTime, Days, Utc};
use phr_core::ErrorCode;
use phr_core::carer_limits::CarerPermission;
use phr_core::person_role::RoleKind;
use phr_core::readings::ReadingKind as CoreReadingKind;
use phr_core::readings::nice::IDEAL_DAYS;
use phr_core::reminders::schedule::{self, Facts, Occurrence, ReminderStatus, State};
use phr_core::reminders::words::{self, Notification};
use phr_core::reminders::{self as core, Reminder, ReminderInput, ReminderKind as CoreKind, ReminderWhat};
use phr_core::{en_gb, person_name};
use phr_vault::{PersonId, ReadingFilter, Vault};

use crate::App;
use crate::ErrorField;
use crate::dto::AppError;
use crate::dto_reminders::*;
use crate::readings::local::{local_offset, local_zone};

/// What the record says that the schedule needs, read once.
struct Gathered {
    reminders: Vec<Reminder>,
    readings: Vec<(CoreReadingKind, DateTime<Utc>)>,
    taken: Vec<(i64, DateTime<Utc>)>,
    last_backup: Option<DateTime<Utc>>,
    review_on: Option<chrono::NaiveDate>,
    bp_week: Option<(chrono::NaiveDate, chrono::NaiveDate)>,
    /// The first name of someone the holder cares for (`None` on their own record).
    cared_for: Option<String>,
    show_details: bool,
}

impl Gathered {
    fn read(v: &Vault, id: &PersonId, now: DateTime<Utc>) -> Result<Self, AppError> {
        let reminders = v.reminders(id)?;
        let from = schedule::readings_needed_from(now);
        let filter = ReadingFilter {
            kind: None,
            from_ms: Some(from.timestamp_millis()),
            to_ms: Some(now.timestamp_millis().saturating_add(1)),
            limit: None,
            offset: 0,
        };
        let readings = if reminders.iter().any(|r| r.what.reading_kind().is_some()) {
            let (rows, _) = v.list_readings(id, &filter)?;
            rows.iter().filter(|r| !r.deleted).map(|r| (r.reading.kind, r.reading.at.with_timezone(&Utc))).collect()
        } else {
            Vec::new()
        };
        let p = v.person(id)?;
        let cared_for = p.role.as_ref().is_some_and(|r| r.kind == RoleKind::CaredFor);
        let bp_week = v.bp_week_start(id)?.and_then(|start| {
            let first = start.date_naive();
            Some((first, first.checked_add_days(Days::new(u64::from(IDEAL_DAYS).saturating_sub(1)))?))
        });
        Ok(Self {
            taken: v.reminders_taken(id, from)?,
            last_backup: v.last_backup_at(id)?,
            review_on: p.role.as_ref().filter(|r| r.kind == RoleKind::CaredFor).and_then(|r| r.review_on),
            bp_week,
            cared_for: cared_for.then(|| person_name::first_name(&p.details.name).to_owned()),
            show_details: v.reminder_details_shown(id)?,
            readings,
            reminders,
        })
    }

    fn statuses(&self, now: DateTime<Utc>) -> Vec<ReminderStatus> {
        let facts = Facts {
            readings: &self.readings,
            taken: &self.taken,
            last_backup: self.last_backup,
            review_on: self.review_on,
            bp_week: self.bp_week,
        };
        schedule::statuses(&self.reminders, &facts, &local_zone(), now)
    }

    fn reminder(&self, id: i64) -> Option<&Reminder> {
        self.reminders.iter().find(|r| r.id == id)
    }
}

fn moment(at: DateTime<Utc>) -> String {
    en_gb::date_time(at, local_offset(at))
}

fn due_dto(r: &Reminder, o: &Occurrence, cared_for: Option<&str>) -> ReminderDue {
    let (action, action_label) = match r.what {
        ReminderWhat::BpWeek | ReminderWhat::Reading { .. } => (ReminderActionKind::AddReading, "Add the reading"),
        ReminderWhat::Medicine { .. } => (ReminderActionKind::MarkTaken, "Mark as taken"),
        ReminderWhat::Backup { .. } => (ReminderActionKind::MakeBackup, "Make a backup"),
        ReminderWhat::Review { .. } => (ReminderActionKind::Review, "Do the review"),
    };
    ReminderDue {
        reminder_id: r.id.to_string(),
        fired_at: o.at.to_rfc3339(),
        fired_text: moment(o.at),
        state: o.state.into(),
        title: words::due_title(&r.what, o.slot, cared_for),
        action,
        action_label: action_label.to_owned(),
        reading_kind: r.what.reading_kind().map(Into::into),
    }
}

fn row(r: &Reminder, s: Option<&ReminderStatus>) -> ReminderRow {
    let next = s.and_then(|s| s.next);
    ReminderRow {
        id: r.id.to_string(),
        kind: r.what.kind().into(),
        description: words::describe(r),
        times: r.times.iter().map(|t| core::time_text(*t)).collect(),
        next_at: next.map(|n| n.to_rfc3339()),
        next_text: match next {
            Some(n) => format!("Next: {}", moment(n)),
            None => words::no_next_words(&r.what).to_owned(),
        },
    }
}

fn due_of(g: &Gathered, statuses: &[ReminderStatus]) -> RemindersDue {
    let mut out = RemindersDue { due: Vec::new(), missed: Vec::new(), done: Vec::new(), count: 0, summary: None };
    out.count = u32::try_from(g.reminders.len()).unwrap_or(u32::MAX);
    let mut all: Vec<(&Reminder, &Occurrence)> = statuses
        .iter()
        .flat_map(|s| s.occurrences.iter())
        .filter_map(|o| g.reminder(o.reminder_id).map(|r| (r, o)))
        .collect();
    all.sort_by_key(|(_, o)| o.at);
    for (r, o) in all {
        let d = due_dto(r, o, g.cared_for.as_deref());
        match o.state {
            State::Due => out.due.push(d),
            State::Missed => out.missed.push(d),
            State::Done => out.done.push(d),
        }
    }
    out.summary = due_summary(out.due.len(), out.missed.len());
    out
}

/// The People screen's line for a person: how many reminders are due now and how many were
/// missed ("1 reminder due now", "2 reminders missed", "1 reminder due now, 2 missed"), or
/// nothing when none are either.
fn due_summary(due: usize, missed: usize) -> Option<String> {
    let reminders = |n: usize| if n == 1 { "reminder" } else { "reminders" };
    match (due, missed) {
        (0, 0) => None,
        (d, 0) => Some(format!("{d} {} due now", reminders(d))),
        (0, m) => Some(format!("{m} {} missed", reminders(m))),
        (d, m) => Some(format!("{d} {} due now, {m} missed", reminders(d))),
    }
}

fn reminders_of(v: &Vault, id: &PersonId, now: DateTime<Utc>) -> Result<Reminders, AppError> {
    let g = Gathered::read(v, id, now)?;
    let statuses = g.statuses(now);
    Ok(Reminders {
        reminders: g.reminders.iter().map(|r| row(r, statuses.iter().find(|s| s.reminder_id == r.id))).collect(),
        due: due_of(&g, &statuses),
        show_details: g.show_details,
    })
}

fn reminder_number(s: &str) -> Result<i64, AppError> {
    s.trim().parse::<i64>().map_err(|_| {
        AppError::new(ErrorCode::ReminderNotFound, format!("There is no reminder {s:?} in this record"))
            .on_field(ErrorField::Id)
    })
}

/// The form's problems, each on its field; what it sets when there are none.
fn checked(form: &ReminderForm) -> Result<(ReminderWhat, Vec<chrono::NaiveTime>), Vec<AppError>> {
    let kind = form.kind.map(|k| CoreKind::from(k).code()).unwrap_or_default();
    let reading_kind = form.reading_kind.map(|k| CoreReadingKind::from(k).as_str());
    let input = ReminderInput {
        kind,
        reading_kind,
        name: form.name.as_deref(),
        times: form.times.iter().map(String::as_str).collect(),
        weeks: form.weeks,
        days_before: form.days_before,
    };
    core::check(&input).map_err(|problems| {
        problems
            .into_iter()
            .map(|p| AppError::new(ErrorCode::InvalidInput, p.message).on_field_named(p.field))
            .collect()
    })
}

impl App {
    /// The person's reminders with when each fires next, what is due now, missed and done.
    pub fn reminders(&self, person_id: &str) -> Result<Reminders, AppError> {
        let id = self.record_person(person_id)?;
        let now = self.clock.now();
        self.with_vault(|v| reminders_of(v, &id, now))
    }

    /// Every problem with a reminder's form, each on its field, with nothing stored.
    pub fn check_reminder(&self, form: &ReminderForm) -> Result<Vec<AppError>, AppError> {
        Ok(checked(form).err().unwrap_or_default())
    }

    /// Sets a reminder. Refused with the first problem, on its field; a review reminder on a
    /// record that has no review (not someone the holder cares for); CARER_NOT_ALLOWED when
    /// the person has not let their carer add readings.
    pub fn add_reminder(&self, person_id: &str, form: &ReminderForm) -> Result<ReminderChanged, AppError> {
        let id = self.record_person(person_id)?;
        self.carer_may(&id, CarerPermission::Readings)?;
        let (what, times) = checked(form).map_err(|mut e| e.remove(0))?;
        let now = self.clock.now();
        self.with_vault(|v| {
            if what.kind() == CoreKind::Review {
                let cared_for = v.person(&id)?.role.is_some_and(|r| r.kind == RoleKind::CaredFor);
                if !cared_for {
                    return Err(AppError::new(
                        ErrorCode::InvalidInput,
                        "Only the record of someone you care for has a review date to be reminded of.",
                    )
                    .on_field(ErrorField::Kind));
                }
            }
            let r = v.add_reminder(&id, &what, &times)?;
            Ok(ReminderChanged {
                message: format!("Reminder set: {}", words::describe(&r)),
                reminders: reminders_of(v, &id, now)?,
            })
        })
    }

    /// Removes a reminder (the screen asks first).
    pub fn remove_reminder(&self, person_id: &str, reminder_id: &str) -> Result<ReminderChanged, AppError> {
        let id = self.record_person(person_id)?;
        self.carer_may(&id, CarerPermission::Readings)?;
        let rid = reminder_number(reminder_id)?;
        let now = self.clock.now();
        self.with_vault(|v| {
            let gone = v.remove_reminder(&id, rid)?;
            Ok(ReminderChanged {
                message: format!("Reminder removed: {}", words::describe(&gone)),
                reminders: reminders_of(v, &id, now)?,
            })
        })
    }

    /// Ticks a medicine reminder's firing at `fired_at` (as the panel gave it) as taken, or
    /// takes the tick back.
    pub fn set_reminder_taken(
        &self,
        person_id: &str,
        reminder_id: &str,
        fired_at: &str,
        taken: bool,
    ) -> Result<Reminders, AppError> {
        let id = self.record_person(person_id)?;
        self.carer_may(&id, CarerPermission::Readings)?;
        let rid = reminder_number(reminder_id)?;
        let at = DateTime::parse_from_rfc3339(fired_at.trim()).map(|t| t.with_timezone(&Utc)).map_err(|_| {
            AppError::new(ErrorCode::InvalidInput, format!("{fired_at:?} is not a time a reminder fired"))
                .on_field(ErrorField::At)
        })?;
        let now = self.clock.now();
        self.with_vault(|v| {
            v.set_reminder_taken(&id, rid, at, taken)?;
            reminders_of(v, &id, now)
        })
    }

    /// Lets notifications name what the person's reminders are for and whose they are, or
    /// stops them (the default names nothing).
    pub fn set_reminder_details(&self, person_id: &str, shown: bool) -> Result<Reminders, AppError> {
        let id = self.record_person(person_id)?;
        self.carer_may(&id, CarerPermission::Readings)?;
        let now = self.clock.now();
        self.with_vault(|v| {
            v.set_reminder_details_shown(&id, shown)?;
            reminders_of(v, &id, now)
        })
    }
}

/// A desktop notification's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderNotification {
    pub title: String,
    pub body: String,
}

/// What the desktop shows as notifications, asked every so often ([`ReminderNotifier::poll`]):
/// each reminder that has come due since, once. While the app is unlocked it reads every
/// person's reminders (not counted as activity, so auto-lock still comes) and keeps only the
/// moments the next ones fire, nothing of whose or what for; while it is locked, a moment
/// passing gives one notification that says only that a reminder is due.
#[derive(Debug, Default)]
pub struct ReminderNotifier {
    /// The firings already shown: whose (the person's id), which reminder, when (Unix ms).
    shown: HashSet<(String, i64, i64)>,
    /// When the next reminders fire, kept for while the app is locked.
    plan: Vec<DateTime<Utc>>,
    /// Moments already told while locked (not shown again in full after unlocking).
    told_locked: HashSet<i64>,
}

impl ReminderNotifier {
    pub fn new() -> Self {
        Self::default()
    }

    /// The notifications to show now.
    pub fn poll(&mut self, app: &App) -> Vec<ReminderNotification> {
        let now = app.clock.now();
        let open = app.with_vault_if_open(|v| v.map(|v| self.poll_open(v, now)));
        match open {
            Some(shown) => shown,
            None => self.poll_locked(now),
        }
    }

    fn poll_open(&mut self, v: &Vault, now: DateTime<Utc>) -> Vec<ReminderNotification> {
        let mut out = Vec::new();
        let mut plan = Vec::new();
        let people = v.people().unwrap_or_default();
        for p in &people {
            // A record that cannot be read now (a damaged one) is left for the next time.
            let Ok(g) = Gathered::read(v, &p.id, now) else { continue };
            let statuses = g.statuses(now);
            plan.extend(statuses.iter().filter_map(|s| s.next));
            for o in statuses.iter().flat_map(|s| s.occurrences.iter()).filter(|o| o.state == State::Due) {
                let ms = o.at.timestamp_millis();
                if !self.shown.insert((p.id.to_string(), o.reminder_id, ms)) || self.told_locked.contains(&ms) {
                    continue;
                }
                let Some(r) = g.reminder(o.reminder_id) else { continue };
                let body = if g.show_details {
                    Notification::detailed(&r.what, o.slot, g.cared_for.as_deref(), g.review_on)
                } else {
                    Notification::private(&r.what, o.slot)
                };
                out.push(ReminderNotification { title: words::NOTIFICATION_TITLE.to_owned(), body });
            }
        }
        plan.sort();
        plan.dedup();
        self.plan = plan;
        // Firings long past can no longer come due again: forget them.
        let oldest = (now - schedule::MISSED_SHOWN_FOR - chrono::Duration::days(8)).timestamp_millis();
        self.shown.retain(|(_, _, ms)| *ms >= oldest);
        self.told_locked.retain(|ms| *ms >= oldest);
        out
    }

    fn poll_locked(&mut self, now: DateTime<Utc>) -> Vec<ReminderNotification> {
        let passed: Vec<DateTime<Utc>> = self.plan.iter().copied().filter(|at| *at <= now).collect();
        if passed.is_empty() {
            return Vec::new();
        }
        self.plan.retain(|at| *at > now);
        self.told_locked.extend(passed.iter().map(DateTime::timestamp_millis));
        vec![ReminderNotification { title: words::NOTIFICATION_TITLE.to_owned(), body: words::LOCKED_TEXT.to_owned() }]
    }

    /// How long to wait before asking again, by the app's clock: until the next planned
    /// moment, at most a minute.
    pub fn wait(&self, app: &App) -> std::time::Duration {
        let now = app.clock.now();
        (self.next_wake(now) - now).to_std().unwrap_or_default()
    }

    /// When to ask again at the latest: the next planned moment, or in a minute.
    pub fn next_wake(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        let minute = now + chrono::Duration::minutes(1);
        self.plan.iter().copied().filter(|at| *at > now).min().map_or(minute, |at| at.min(minute))
    }
}

/// The longest the desktop's reminders loop waits before asking again.
pub const CHECK_AT_MOST_EVERY: std::time::Duration = std::time::Duration::from_secs(60);
/// The shortest: a reminder due in a moment is asked about then, not sooner than this.
pub const CHECK_AT_LEAST_AFTER: std::time::Duration = std::time::Duration::from_secs(5);

/// Where the reminders loop shows a notification: on the desktop, Tauri's notification
/// plugin; in a test, a list it keeps. A trait so the loop itself is what the test drives.
pub trait ShowNotification {
    fn show(&mut self, n: &ReminderNotification);
}

impl<F: FnMut(&ReminderNotification)> ShowNotification for F {
    fn show(&mut self, n: &ReminderNotification) {
        self(n);
    }
}

/// The desktop's reminders loop: ask the notifier what has come due, show each, wait (until
/// the next reminder fires, at least [`CHECK_AT_LEAST_AFTER`], at most
/// [`CHECK_AT_MOST_EVERY`]) and ask again, until `sleep` says to stop. On the desktop `sleep`
/// sleeps the thread and never stops; a test moves its clock on instead.
pub fn run_reminders(
    app: &App,
    notifier: &mut ReminderNotifier,
    shower: &mut impl ShowNotification,
    mut sleep: impl FnMut(std::time::Duration) -> std::ops::ControlFlow<()>,
) {
    loop {
        for n in notifier.poll(app) {
            shower.show(&n);
        }
        if sleep(reminders_wait(notifier, app)).is_break() {
            return;
        }
    }
}

/// How long the loop waits before asking again: until the next reminder fires, within the
/// bounds.
pub fn reminders_wait(notifier: &ReminderNotifier, app: &App) -> std::time::Duration {
    notifier.wait(app).clamp(CHECK_AT_LEAST_AFTER, CHECK_AT_MOST_EVERY)
}

/// The reminders' words for the vocabulary.
pub(crate) fn words() -> ReminderWords {
    ReminderWords {
        kinds: CoreKind::ALL
            .into_iter()
            .map(|k| ReminderKindWords { kind: k.into(), label: k.label().to_owned(), hint: k.hint().to_owned() })
            .collect(),
        panel_title: "Reminders".to_owned(),
        due_heading: "Due now".to_owned(),
        missed_heading: "Missed".to_owned(),
        done_heading: "Done".to_owned(),
        nothing_due: "Nothing is due now.".to_owned(),
        none_set: "You have no reminders set.".to_owned(),
        details_label: "Let notifications say what each reminder is for".to_owned(),
        details_hint: "Notifications can be seen by anyone near the screen. Unless you tick this, they say only \
                       \"Time for your reading\" or \"Time to take your medicine\", never the medicine's name, \
                       the kind of reading or whose record it is."
            .to_owned(),
        private_example: Notification::private(&ReminderWhat::BpWeek, 1),
        max_medicine_times: u32::try_from(core::MAX_MEDICINE_TIMES).unwrap_or(u32::MAX),
        max_medicine_name: u32::try_from(core::MAX_MEDICINE_NAME).unwrap_or(u32::MAX),
        backup_weeks_min: *core::BACKUP_WEEKS.start(),
        backup_weeks_max: *core::BACKUP_WEEKS.end(),
        review_days_max: *core::REVIEW_DAYS_BEFORE.end(),
        bp_week_times: vec!["08:00".to_owned(), "20:00".to_owned()],
    }
}
