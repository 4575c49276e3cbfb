//! A cared-for person's own access in the app: setting up their own password, opening and
//! closing it, what they let their carer see and do, and their private entries.
//!
//! The app holds at most one open [`OwnerSession`] (whose person, opened when). While it is
//! open the vault names the person as who acts (`Vault::set_actor`); it closes when they close
//! it, when the vault locks and at auto-lock (dropping it zeroizes their owner key).
//!
//! "Do" permissions: while a person's own access is closed, [`App::carer_may`] refuses what
//! their limits do not let the carer do (add readings, import, make shares, export), with
//! CARER_NOT_ALLOWED and words saying who decided and how it can change.

use chrono::{DateTime, Utc};
use phr_core::audit::Actor;
use phr_core::care_access::{AccessReason, AccessState};
use phr_core::carer_limits::{self as core_limits, CarerAllow, CarerLimits, HIDEABLE, hide_label_words};
use phr_core::passphrase::Passphrase;
use phr_core::person_name::first_name;
use phr_core::person_role::RoleKind;
use phr_core::recovery_key::RecoveryKey;
use phr_core::secret::SecretString;
use phr_core::{ErrorCode, record::Sensitivity as CoreSensitivity};
use phr_vault::record_store as rs;
use phr_vault::{OwnerSession, PersonId, Vault};

use crate::App;
use crate::ErrorField;
use crate::app::check_new;
use crate::dto::AppError;
use crate::dto_own_access::*;
use crate::dto_record::{EntryDetail, TimelinePage};

/// How many private entries a page lists.
const PRIVATE_PAGE: u32 = 50;

/// The own access open now.
pub(crate) struct OwnOpen {
    session: OwnerSession,
    opened_at: DateTime<Utc>,
}
phr_core::redacted_debug!(OwnOpen { opened_at });

/// What a carer reads when a person's limits refuse an action: who decided, and who can change it.
fn not_allowed(name: &str, what: core_limits::CarerPermission) -> String {
    let doing = match what {
        core_limits::CarerPermission::Readings => "add readings to this record",
        core_limits::CarerPermission::Import => "import into this record",
        core_limits::CarerPermission::Share => "make shares of this record",
        core_limits::CarerPermission::Export => "export this record",
    };
    format!("{name} has chosen not to let you {doing}. Only {name} can change this, with their own password.")
}

fn tampered_words(name: &str) -> String {
    format!(
        "{name}'s choices about what you can see were changed outside the app. Until {name} opens their own \
         access and saves them again, everything that can be private is kept private and you can only look."
    )
}

fn entries(n: u64) -> String {
    if n == 1 { "1 entry".to_owned() } else { format!("{} entries", phr_core::numbers::thousands(n)) }
}

fn words(name: &str, private_line: Option<String>, tampered: Option<String>) -> OwnAccessWords {
    let record_line = private_line
        .as_deref()
        .or(tampered.as_deref())
        .map(|l| format!("{l} These lists may not show everything: ask {name} or their GP before you act on them."));
    OwnAccessWords {
        heading: format!("{name}'s own password"),
        explain: vec![
            format!(
                "With their own password, {name} can open their whole record on this computer and choose what you can see and do."
            ),
            format!(
                "Only {name} can change those choices. What they keep private is locked with their password, not yours."
            ),
        ],
        set_up: format!("Set up {name}'s own password"),
        keyboard: format!("Give the keyboard to {name}."),
        open: format!("{name}: open your own access"),
        forgotten: "Forgotten your password?".to_owned(),
        banner: format!("{name}'s own access is open"),
        close: format!("Close {name}'s own access"),
        private_line,
        record_line,
        tampered,
        limits_heading: "What your carer can see and do".to_owned(),
        private_heading: "Your private entries".to_owned(),
        no_private: "You have no private entries.".to_owned(),
        change_password: "Change your own password".to_owned(),
    }
}

/// What a person reads after their own password brought their private entries back.
const BROUGHT_BACK: &str =
    "Your private entries are back in your record. You do not need your own password for them any more.";

/// The section's words for a record that is now the person's own (handed over to them) and
/// still has entries kept apart from when someone cared for it.
fn own_record_words(name: &str) -> OwnAccessWords {
    let line = "Some of your entries are still kept apart from your record, from when someone else looked after it. \
                Open them with your own password to bring them back into your record."
        .to_owned();
    OwnAccessWords {
        heading: "Entries you kept private".to_owned(),
        explain: vec![line.clone()],
        set_up: String::new(),
        keyboard: String::new(),
        open: format!("{name}: bring back your private entries"),
        forgotten: "Forgotten your password?".to_owned(),
        banner: String::new(),
        close: String::new(),
        private_line: Some(line),
        record_line: None,
        tampered: None,
        limits_heading: String::new(),
        private_heading: "Your private entries".to_owned(),
        no_private: "You have no private entries.".to_owned(),
        change_password: String::new(),
    }
}

/// Whether the carer's access to this record is paused because the person has turned 16.
fn paused_at_sixteen(person: &phr_vault::PersonRecord, today: chrono::NaiveDate) -> bool {
    let a = crate::care_access::access(person, today);
    a.state == AccessState::Suspended && matches!(a.reason, Some(AccessReason::Sixteen(_)))
}

/// The carer's first name (the vault holder's "me" person), or "your carer" when none is named.
fn carer_name(v: &Vault) -> String {
    let me = v
        .people()
        .ok()
        .and_then(|people| people.into_iter().find(|p| p.role.as_ref().is_some_and(|r| r.kind == RoleKind::Me)));
    me.map_or_else(|| "your carer".to_owned(), |p| first_name(&p.details.name).to_owned())
}

fn after_sixteen_words(carer: &str) -> AfterSixteen {
    AfterSixteen {
        text: format!(
            "Your carer's access to your record has stopped because you are 16. You can take your record over \
             (hand over), or let {carer} carry on looking after it within the limits you set."
        ),
        button: format!("Let {carer} carry on"),
        limits_link: format!("See what {carer} can see and do"),
        done: format!("{carer} can look after your record again, within the limits you set."),
    }
}

fn own_field(e: phr_vault::VaultError, field: ErrorField) -> AppError {
    AppError::from(e).on_field(field)
}

fn owner_needed(name: &str) -> AppError {
    AppError::new(ErrorCode::OwnAccessNeeded, format!("{name} needs to open their own access first."))
}

/// The sentence of what a change of limits moved.
fn moved_words(to_private: usize, to_record: usize) -> String {
    let mut out = Vec::new();
    if to_private > 0 {
        let n = to_private as u64;
        out.push(format!("{} {} now private.", entries(n), if n == 1 { "is" } else { "are" }));
    }
    if to_record > 0 {
        let n = to_record as u64;
        out.push(format!("{} {} no longer private.", entries(n), if n == 1 { "is" } else { "are" }));
    }
    if out.is_empty() {
        out.push("Saved. No entries moved.".to_owned());
    }
    out.join(" ")
}

fn entry_number(entry_id: &str, missing: &str) -> Result<i64, AppError> {
    entry_id.parse().map_err(|_| AppError::new(ErrorCode::EntryNotFound, missing).on_field(ErrorField::Id))
}

fn changed(moved: phr_vault::LimitsMoved) -> OwnLimitsChanged {
    OwnLimitsChanged {
        to_private: u32::try_from(moved.to_private).unwrap_or(u32::MAX),
        to_record: u32::try_from(moved.to_record).unwrap_or(u32::MAX),
        message: moved_words(moved.to_private, moved.to_record),
    }
}

/// The private entries kept private by themselves: their key is hidden and their label is not.
fn kept_alone(v: &Vault, s: &OwnerSession, limits: &CarerLimits) -> Result<Vec<i64>, AppError> {
    Ok(v.private_entry_keys(s)?
        .into_iter()
        .filter(|(_, key, label)| limits.hidden_entries.contains(key) && !limits.hidden.contains(label))
        .map(|(id, _, _)| id)
        .collect())
}

fn limits_of(input: &OwnLimitsInput, kept: &CarerLimits) -> CarerLimits {
    let allows = |p: CarerPermission| input.allowed.contains(&p);
    CarerLimits {
        hidden: HIDEABLE.into_iter().filter(|s| input.hidden.iter().any(|h| CoreSensitivity::from(*h) == *s)).collect(),
        hidden_entries: kept.hidden_entries.clone(),
        allow: CarerAllow {
            readings: allows(CarerPermission::Readings),
            import: allows(CarerPermission::Import),
            share: allows(CarerPermission::Share),
            export: allows(CarerPermission::Export),
        },
        show_count: input.show_count,
    }
}

impl App {
    fn own_open(&self) -> std::sync::MutexGuard<'_, Option<OwnOpen>> {
        // Every change is a single assignment, so a poisoned lock holds a whole value.
        self.own_access.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `f` with `id`'s own access when it is the one open (call inside `with_vault`, as
    /// [`Self::as_owner`] does).
    pub(crate) fn with_own_session<T>(&self, id: &PersonId, f: impl FnOnce(Option<&OwnerSession>) -> T) -> T {
        let open = self.own_open();
        f(open.as_ref().map(|o| &o.session).filter(|s| s.person() == id))
    }

    /// Forgets the open own access (at a lock, an auto-lock or a new vault): the owner key
    /// is zeroized as it drops.
    pub(crate) fn forget_own_access(&self) {
        self.own_open().take();
    }

    /// Whose own access is open now, if anyone's.
    pub fn own_access_open(&self) -> Option<String> {
        self.own_open().as_ref().map(|o| o.session.person().to_string())
    }

    fn name_of(v: &Vault, id: &PersonId) -> Result<String, AppError> {
        Ok(first_name(&v.person(id)?.details.name).to_owned())
    }

    fn status_in(&self, v: &Vault, id: &PersonId) -> Result<OwnAccessStatus, AppError> {
        let person = v.person(id)?;
        let name = first_name(&person.details.name).to_owned();
        let has = v.has_own_access(id);
        if v.has_private_part_to_bring_back(id)? {
            return Ok(OwnAccessStatus {
                can_have: true,
                has_own_access: true,
                open: false,
                private_count: None,
                limits_tampered: false,
                words: own_record_words(&name),
                after_sixteen: None,
                brought_back: None,
            });
        }
        let can_have = person.role.as_ref().is_some_and(|r| r.kind == RoleKind::CaredFor);
        let open = self.own_open().as_ref().is_some_and(|o| o.session.person() == id);
        let rule = if has { v.carer_limits(id)? } else { None };
        let tampered = rule.as_ref().is_some_and(|r| r.tampered);
        let count = if has { v.private_entry_count(id)? } else { None };
        let private_line = match (&rule, count) {
            (_, Some(n)) if n > 0 => Some(format!("{name} keeps {} private.", entries(n))),
            (Some(r), None) if r.hides_anything() => Some(format!("{name} keeps some entries private.")),
            _ => None,
        };
        let tampered_line = tampered.then(|| tampered_words(&name));
        let today = crate::readings::local::local_today(self.clock.now());
        let after_sixteen = paused_at_sixteen(&person, today).then(|| after_sixteen_words(&carer_name(v)));
        Ok(OwnAccessStatus {
            can_have,
            has_own_access: has,
            open,
            private_count: count,
            limits_tampered: tampered,
            words: words(&name, private_line, tampered_line),
            after_sixteen,
            brought_back: None,
        })
    }

    /// Whether a person has their own password, whether it is open, and what their carer
    /// reads about what they keep private.
    pub fn own_access_status(&self, person_id: &str) -> Result<OwnAccessStatus, AppError> {
        let id = crate::app::person_id(person_id)?;
        self.with_vault(|v| self.status_in(v, &id))
    }

    /// Sets up a cared-for person's own password (they type it); their recovery key comes
    /// back once, to be shown as the vault's is.
    pub fn set_own_access(&self, person_id: &str, password: Passphrase) -> Result<OwnAccessCreated, AppError> {
        let id = crate::app::person_id(person_id)?;
        check_new(&password, ErrorField::OwnPassword)?;
        self.with_vault(|v| {
            let key = v.set_own_access(&id, &password).map_err(|e| own_field(e, ErrorField::OwnPassword))?;
            Ok(OwnAccessCreated { recovery_key: key.display().to_string(), status: self.status_in(v, &id)? })
        })
    }

    fn start(&self, v: &mut Vault, session: OwnerSession) -> Result<OwnAccessStatus, AppError> {
        let id = session.person().clone();
        if !v.has_own_access(&id) {
            // A record that is the person's own: opening brought their private entries back
            // and retired their own password, so there is nothing to keep open.
            let mut status = self.status_in(v, &id)?;
            status.brought_back = Some(BROUGHT_BACK.to_owned());
            return Ok(status);
        }
        let name = Self::name_of(v, &id)?;
        v.set_actor(Some((id.clone(), Actor::Owner { name })));
        *self.own_open() = Some(OwnOpen { session, opened_at: self.clock.now() });
        self.status_in(v, &id)
    }

    /// Closes whatever own access is open, in the vault too (back to the holder acting).
    fn close_in(&self, v: &mut Vault) {
        if self.own_open().take().is_some() {
            v.set_actor(None);
        }
    }

    /// Opens a person's own access with their own password (any other person's closes first).
    /// What arrived sealed for them moves into their private part.
    pub fn open_own_access(&self, person_id: &str, password: Passphrase) -> Result<OwnAccessStatus, AppError> {
        let id = crate::app::person_id(person_id)?;
        self.with_vault(|v| {
            self.close_in(v);
            let session = match v.open_own_access(&id, &password) {
                Ok(s) => s,
                Err(e) => {
                    if e.code == ErrorCode::OwnPasswordWrong {
                        v.audit_own_access_refused(&id, "a wrong own password was typed");
                    }
                    return Err(own_field(e, ErrorField::OwnPassword));
                }
            };
            self.start(v, session)
        })
    }

    /// Opens a person's own access with their recovery key and sets a new own password.
    pub fn open_own_access_with_recovery(
        &self,
        person_id: &str,
        recovery_key: SecretString,
        new_password: Passphrase,
    ) -> Result<OwnAccessStatus, AppError> {
        let id = crate::app::person_id(person_id)?;
        let key = RecoveryKey::parse(recovery_key.expose_secret()).map_err(|e| {
            AppError::new(ErrorCode::RecoveryKeyMalformed, e.to_string()).on_field(ErrorField::OwnRecoveryKey)
        })?;
        check_new(&new_password, ErrorField::OwnPassword)?;
        self.with_vault(|v| {
            self.close_in(v);
            let session = v.open_own_access_with_recovery(&id, &key, &new_password).map_err(|e| {
                let field = if e.code == ErrorCode::WrongRecoveryKey || e.code == ErrorCode::RecoveryKeyMalformed {
                    ErrorField::OwnRecoveryKey
                } else {
                    ErrorField::OwnPassword
                };
                own_field(e, field)
            })?;
            self.start(v, session)
        })
    }

    /// Closes the open own access ("Close Margaret's own access"); nothing when none is open.
    pub fn close_own_access(&self) -> Result<(), AppError> {
        self.with_vault(|v| {
            self.close_in(v);
            Ok(())
        })
    }

    /// [`Self::as_owner`] for a change of what the person keeps private: refused without their
    /// own access open, and the refusal kept in their log (only they can change it).
    fn as_owner_to_change<T>(
        &self,
        person_id: &str,
        f: impl FnOnce(&mut Vault, &OwnerSession) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let result = self.as_owner(person_id, f);
        if let Err(e) = &result
            && e.code == ErrorCode::OwnAccessNeeded
            && let Ok(id) = crate::app::person_id(person_id)
        {
            let _ = self.with_vault(|v| {
                v.audit_own_access_refused(&id, "a change of what is kept private, without their own access open");
                Ok(())
            });
        }
        result
    }

    /// Runs `f` with the person's own access, which must be open.
    fn as_owner<T>(
        &self,
        person_id: &str,
        f: impl FnOnce(&mut Vault, &OwnerSession) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let id = crate::app::person_id(person_id)?;
        self.with_vault(|v| {
            let open = self.own_open();
            match open.as_ref() {
                Some(o) if o.session.person() == &id => f(v, &o.session),
                _ => Err(owner_needed(&Self::name_of(v, &id)?)),
            }
        })
    }

    /// Changes the person's own password (their own access open).
    pub fn change_own_password(&self, person_id: &str, new_password: Passphrase) -> Result<(), AppError> {
        check_new(&new_password, ErrorField::OwnPassword)?;
        self.as_owner(person_id, |v, s| {
            v.change_own_password(s, &new_password).map_err(|e| own_field(e, ErrorField::OwnPassword))
        })
    }

    /// The person, 16 or over, lets the carer who had parental responsibility carry on looking
    /// after their record (their own access open): the basis becomes their agreement from
    /// today, and the carer's access opens again within their limits.
    pub fn continue_care_after_sixteen(&self, person_id: &str) -> Result<OwnAccessStatus, AppError> {
        let today = crate::readings::local::local_today(self.clock.now());
        self.as_owner(person_id, |v, s| {
            let id = s.person().clone();
            if !paused_at_sixteen(&v.person(&id)?, today) {
                return Err(AppError::new(
                    ErrorCode::InvalidInput,
                    "Your carer's access has not stopped because you are 16, so there is nothing to agree to.",
                ));
            }
            v.continue_after_sixteen(s, today)?;
            Ok(())
        })?;
        let id = crate::app::person_id(person_id)?;
        self.with_vault(|v| self.status_in(v, &id))
    }

    /// What the person lets their carer see and do, with the words beside each box.
    pub fn own_limits(&self, person_id: &str) -> Result<OwnLimits, AppError> {
        self.as_owner(person_id, |v, s| {
            let l = v.own_carer_limits(s)?;
            let carer = carer_name(v);
            let hidden_entries = u32::try_from(l.hidden_entries.len()).unwrap_or(u32::MAX);
            Ok(OwnLimits {
                labels: HIDEABLE
                    .into_iter()
                    .map(|k| OwnLimitLabel {
                        sensitivity: k.into(),
                        words: hide_label_words(k).unwrap_or_default(),
                        hidden: l.hidden.contains(&k),
                    })
                    .collect(),
                permissions: core_limits::CarerPermission::ALL
                    .into_iter()
                    .map(|p| OwnLimitPermission {
                        permission: p.into(),
                        label: p.label().to_owned(),
                        allowed: l.allow.allows(p),
                    })
                    .collect(),
                permissions_heading: "Your carer may:".to_owned(),
                show_count: l.show_count,
                show_count_words: "Let your carer see how many entries are private".to_owned(),
                hidden_entries,
                hidden_entries_words: (hidden_entries > 0)
                    .then(|| format!("{} kept private one by one.", entries(u64::from(hidden_entries)))),
                kept_alone: kept_alone(v, s, &l)?.into_iter().map(crate::dto_ids::EntryId::from).collect(),
                keep_private_words: format!("Keep this private from {carer}"),
                show_again_words: format!("Show this to {carer} again"),
            })
        })
    }

    /// Keeps one entry of their record private from their carer, by itself (their own access
    /// open): it moves to their private part, with whatever refers to it.
    pub fn keep_entry_private(&self, person_id: &str, entry_id: &str) -> Result<OwnLimitsChanged, AppError> {
        let entry = entry_number(entry_id, "There is no such entry in the record")?;
        self.as_owner_to_change(person_id, |v, s| {
            let key = v.entry_key_of(s.person(), entry)?;
            let mut limits = v.own_carer_limits(s)?;
            if !limits.hidden_entries.contains(&key) {
                limits.hidden_entries.push(key);
            }
            Ok(changed(v.set_carer_limits(s, limits)?))
        })
    }

    /// Shows a private entry kept private by itself to the carer again (their own access open).
    /// Refused for an entry private because of its label: that is changed with the labels.
    pub fn show_entry_again(&self, person_id: &str, private_entry_id: &str) -> Result<OwnLimitsChanged, AppError> {
        let entry = entry_number(private_entry_id, "There is no such entry in their private part")?;
        self.as_owner_to_change(person_id, |v, s| {
            let mut limits = v.own_carer_limits(s)?;
            let Some((_, key, _)) = v.private_entry_keys(s)?.into_iter().find(|(id, _, _)| *id == entry) else {
                return Err(AppError::new(ErrorCode::EntryNotFound, "There is no such entry in their private part")
                    .on_field(ErrorField::Id));
            };
            if !kept_alone(v, s, &limits)?.contains(&entry) {
                return Err(AppError::new(
                    ErrorCode::InvalidInput,
                    "This entry is private because of its label. To show it again, change what your carer can see.",
                ));
            }
            limits.hidden_entries.retain(|k| *k != key);
            Ok(changed(v.set_carer_limits(s, limits)?))
        })
    }

    /// What saving these limits would do, in sentences for the confirmation (before anything moves).
    pub fn check_own_limits(&self, person_id: &str, input: OwnLimitsInput) -> Result<Vec<String>, AppError> {
        self.as_owner(person_id, |v, s| {
            let now = v.own_carer_limits(s)?;
            let next = limits_of(&input, &now);
            let mut out = Vec::new();
            for k in HIDEABLE {
                let (was, will) = (now.hidden.contains(&k), next.hidden.contains(&k));
                if will && !was {
                    out.push(format!(
                        "Entries labelled {} will move to your private part. Your carer will not see them.",
                        k.in_sentence()
                    ));
                } else if was && !will {
                    out.push(format!(
                        "Entries labelled {} will go back into your record. Your carer will see them.",
                        k.in_sentence()
                    ));
                }
            }
            for p in core_limits::CarerPermission::ALL {
                match (now.allow.allows(p), next.allow.allows(p)) {
                    (true, false) => {
                        out.push(format!("Your carer will no longer be able to: {}.", p.label().to_lowercase()))
                    }
                    (false, true) => out.push(format!("Your carer will be able to: {}.", p.label().to_lowercase())),
                    _ => {}
                }
            }
            if now.show_count != next.show_count {
                out.push(if next.show_count {
                    "Your carer will see how many entries are private.".to_owned()
                } else {
                    "Your carer will not see how many entries are private.".to_owned()
                });
            }
            if out.is_empty() {
                out.push("Nothing will change.".to_owned());
            }
            Ok(out)
        })
    }

    /// Saves what the person lets their carer see and do, and moves entries to match.
    pub fn set_own_limits(&self, person_id: &str, input: OwnLimitsInput) -> Result<OwnLimitsChanged, AppError> {
        self.as_owner_to_change(person_id, |v, s| {
            let kept = v.own_carer_limits(s)?;
            Ok(changed(v.set_carer_limits(s, limits_of(&input, &kept))?))
        })
    }

    /// A page of the person's private entries, newest first (their own access open).
    pub fn private_entries(&self, person_id: &str, cursor: Option<String>) -> Result<TimelinePage, AppError> {
        let filter = rs::TimelineFilter { cursor, limit: PRIVATE_PAGE, ..rs::TimelineFilter::default() };
        self.as_owner(person_id, |v, s| {
            let page = v.private_timeline(s, &filter)?;
            Ok(TimelinePage {
                entries: page.entries.iter().map(crate::record::summary).collect(),
                next_cursor: page.next_cursor,
                total: page.total,
                unchecked: page.unchecked,
                unchecked_text: page.unchecked.and_then(phr_core::record::range::unchecked_sentence),
            })
        })
    }

    /// One private entry in full (their own access open).
    pub fn private_entry(&self, person_id: &str, entry_id: &str) -> Result<EntryDetail, AppError> {
        let entry: i64 = entry_id.parse().map_err(|_| {
            AppError::new(ErrorCode::EntryNotFound, "There is no such entry in their private part")
                .on_field(ErrorField::Id)
        })?;
        let today = crate::readings::local::local_today(self.clock.now());
        self.as_owner(person_id, |v, s| {
            let id = s.person().clone();
            let judge = crate::advice::Judge::of(v, &id, today)?;
            Ok(crate::record::detail(v.private_entry(s, entry)?, &judge))
        })
    }

    /// Refuses what the person's limits do not let their carer do, while their own access is
    /// closed. Nothing is refused when they have no own access, when it is open, or while the
    /// vault is locked (the command itself then says so).
    pub(crate) fn carer_may(&self, id: &PersonId, what: core_limits::CarerPermission) -> Result<(), AppError> {
        if self.own_open().as_ref().is_some_and(|o| o.session.person() == id) {
            return Ok(());
        }
        self.with_vault_if_open(|v| {
            let Some(v) = v else { return Ok(()) };
            let Some(rule) = v.carer_limits(id)? else { return Ok(()) };
            if rule.allow.allows(what) {
                return Ok(());
            }
            let name = Self::name_of(v, id)?;
            let message = if rule.tampered { tampered_words(&name) } else { not_allowed(&name, what) };
            Err(AppError::new(ErrorCode::CarerNotAllowed, message))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_say_who_decided_and_how_many_moved() {
        assert_eq!(
            not_allowed("Margaret", core_limits::CarerPermission::Import),
            "Margaret has chosen not to let you import into this record. Only Margaret can change this, with their own password."
        );
        assert_eq!(moved_words(3, 0), "3 entries are now private.");
        assert_eq!(moved_words(1, 2), "1 entry is now private. 2 entries are no longer private.");
        assert_eq!(moved_words(0, 0), "Saved. No entries moved.");
    }
}
