//! [`App`]: the vault's state (locked or open) and every operation a front end can ask for.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use phr_core::passphrase::{self, Passphrase};
use phr_core::recovery_key::RecoveryKey;
use phr_core::secret::SecretString;
use phr_core::{Clock, ErrorCode};
use phr_vault::{BackupSecret, KdfChoice, KdfParams, PersonId, Vault, VaultSettings};

use crate::ErrorField;
use crate::convert;
use crate::dto::*;
use crate::dto_passphrase::PassphraseStrength;
use crate::idle::Activity;
use crate::options::AppOptions;

/// The shortest and longest auto-lock a citizen may choose, in minutes: the vault's rule.
const AUTO_LOCK_RANGE: std::ops::RangeInclusive<u32> = VaultSettings::AUTO_LOCK_RANGE;

/// How hard the passphrase key derivation works when a vault is created or its passphrase
/// changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KdfProfile {
    /// Calibrated on this machine to about half a second (the default).
    Calibrated,
    /// OWASP's minimum for Argon2id (19 MiB, 2 passes): for tests and scripted set-ups where
    /// many vaults are made. Still a sound setting, just not the strongest this machine allows.
    Floor,
}

impl KdfProfile {
    fn choice(self) -> KdfChoice {
        match self {
            Self::Calibrated => KdfChoice::Calibrate { target: Duration::from_millis(500) },
            Self::Floor => KdfChoice::Fixed(KdfParams::FLOOR),
        }
    }
}

/// The application: one per process. Thread-safe; every method takes `&self`.
#[derive(Debug)]
pub struct App {
    vault_dir: PathBuf,
    pub(crate) clock: Arc<dyn Clock>,
    kdf: KdfProfile,
    /// The start-up choices other than the clock and the KDF (GP sandbox, browser, ...).
    pub(crate) options: AppOptions,
    state: Mutex<State>,
    /// The cancel switch of the GP import under way, if any: outside `state`, because the
    /// fetch runs without holding the vault and a cancel must not wait for it.
    pub(crate) gp_import: Mutex<Option<phr_gp::CancellationToken>>,
    /// The package a professional opened, in memory only.
    pub(crate) opened_share: Mutex<Option<crate::share::OpenedState>>,
    /// The share last previewed, waiting to be created: health data, forgotten at a lock.
    pub(crate) share_draft: Mutex<Option<crate::share::Draft>>,
    /// Files the person chose in a dialog, waiting for their action (see `file_choice`).
    pub(crate) file_choices: Mutex<crate::file_choice::FileChoices>,
    /// The background check after unlock: whether it runs and what it found.
    pub(crate) background: crate::background_check::BackgroundState,
    /// A cared-for person's own access, while they have it open (see `own_access`).
    pub(crate) own_access: Mutex<Option<crate::own_access::OwnOpen>>,
}

#[derive(Debug)]
struct State {
    /// `Some` while unlocked. Dropping it is locking: keys are zeroized, databases closed.
    vault: Option<Vault>,
    /// When the person last did something, by the monotonic and the wall clock (see `idle`).
    last_activity: Activity,
    /// Remembered from the last unlock so a locked app can still report it.
    auto_lock_minutes: u32,
}

impl App {
    /// An app for the vault in `vault_dir` with the default [`AppOptions`]: the system clock,
    /// a calibrated KDF, no demo practice, the system browser.
    pub fn new(vault_dir: PathBuf) -> Self {
        Self::with_options(vault_dir, AppOptions::default())
    }

    /// An app made with the front end's start-up choices (read once, there) or a test's.
    pub fn with_options(vault_dir: PathBuf, options: AppOptions) -> Self {
        let state = State {
            vault: None,
            last_activity: Activity::at(options.clock.now()),
            auto_lock_minutes: VaultSettings::default().auto_lock_minutes,
        };
        Self {
            vault_dir,
            clock: options.clock.clone(),
            kdf: options.kdf,
            options,
            state: Mutex::new(state),
            gp_import: Mutex::new(None),
            opened_share: Mutex::new(None),
            share_draft: Mutex::new(None),
            file_choices: Mutex::new(crate::file_choice::FileChoices::default()),
            background: Default::default(),
            own_access: Mutex::new(None),
        }
    }

    pub fn vault_dir(&self) -> &Path {
        &self.vault_dir
    }

    pub fn status(&self) -> VaultStatus {
        let state = self.state();
        self.status_of(&state)
    }

    /// Creates the vault and leaves it unlocked. The recovery key is returned once, here.
    pub fn create_vault(&self, passphrase: Passphrase) -> Result<CreatedVault, AppError> {
        check_new(&passphrase, ErrorField::Passphrase)?;
        let mut state = self.state();
        let (vault, recovery_key) = Vault::create(&self.vault_dir, &passphrase, self.kdf.choice(), self.clock.clone())
            .map_err(|e| AppError::from(e).on_field(ErrorField::Passphrase))?;
        let shown = recovery_key.display();
        self.open(&mut state, vault);
        Ok(CreatedVault { recovery_key: shown.to_string(), status: self.status_of(&state) })
    }

    pub fn unlock(&self, passphrase: Passphrase) -> Result<VaultStatus, AppError> {
        let mut state = self.state();
        if state.vault.is_none() {
            let vault = Vault::unlock(&self.vault_dir, &passphrase, self.clock.clone())?;
            self.open(&mut state, vault);
        }
        Ok(self.status_of(&state))
    }

    /// Locks the vault and forgets any shared record a professional opened and any share
    /// waiting to be created: all are health data, and leaving the machine should end them.
    pub fn lock(&self) -> VaultStatus {
        let mut state = self.state();
        state.vault = None;
        self.forget_own_access();
        self.forget_opened_share();
        self.forget_share_draft();
        self.forget_file_choices();
        self.status_of(&state)
    }

    /// Unlocks with the recovery key and sets a new passphrase in the same step.
    pub fn recover(&self, recovery_key: SecretString, new_passphrase: Passphrase) -> Result<VaultStatus, AppError> {
        check_new(&new_passphrase, ErrorField::NewPassphrase)?;
        let key = RecoveryKey::parse(recovery_key.expose_secret()).map_err(|e| {
            AppError::new(ErrorCode::RecoveryKeyMalformed, e.to_string()).on_field(ErrorField::RecoveryKey)
        })?;
        let mut state = self.state();
        state.vault = None;
        let vault = Vault::recover(&self.vault_dir, &key, &new_passphrase, self.clock.clone())?;
        self.open(&mut state, vault);
        Ok(self.status_of(&state))
    }

    pub fn change_passphrase(&self, current: Passphrase, new_passphrase: Passphrase) -> Result<(), AppError> {
        check_new(&new_passphrase, ErrorField::NewPassphrase)?;
        self.with_vault(|v| {
            v.change_passphrase(&current, &new_passphrase).map_err(|e| {
                let field =
                    if e.code == ErrorCode::WrongPassphrase { ErrorField::Current } else { ErrorField::NewPassphrase };
                AppError::from(e).on_field(field)
            })
        })
    }

    /// Changes the passphrase and replaces every key that locks the record: a new master key,
    /// a new key for each person's record (each re-keyed) and a new recovery key, returned to
    /// be shown once. Slower than [`App::change_passphrase`] (every record is copied once).
    pub fn rotate_keys(&self, current: Passphrase, new_passphrase: Passphrase) -> Result<NewKeys, AppError> {
        check_new(&new_passphrase, ErrorField::NewPassphrase)?;
        self.with_vault(|v| {
            let r = v.change_passphrase_and_rotate(&current, &new_passphrase).map_err(|e| {
                let field =
                    if e.code == ErrorCode::WrongPassphrase { ErrorField::Current } else { ErrorField::NewPassphrase };
                AppError::from(e).on_field(field)
            })?;
            Ok(NewKeys { recovery_key: r.recovery_key.display().to_string(), finished: r.finished })
        })
    }

    /// Makes a new recovery key, returned to be shown once, and replaces the keys that lock
    /// each record, so the old recovery key opens nothing, not even with an older backup.
    /// `passphrase` is the current one, asked again because this cannot be undone.
    pub fn new_recovery_key(&self, passphrase: Passphrase) -> Result<NewKeys, AppError> {
        self.with_vault(|v| {
            let r = v.new_recovery_key(&passphrase).map_err(|e| AppError::from(e).on_field(ErrorField::Current))?;
            Ok(NewKeys { recovery_key: r.recovery_key.display().to_string(), finished: r.finished })
        })
    }

    /// Five random words from the EFF long list (64.6 bits): a passphrase that is long and
    /// easy to remember.
    pub fn suggest_passphrase(&self) -> String {
        let rng = ring::rand::SystemRandom::new();
        let mut bytes = [[0u8; 4]; passphrase::SUGGESTION_WORDS];
        // SystemRandom only fails when the OS has no entropy source; a fixed suggestion is
        // harmless because it is only ever a suggestion the user can see and change.
        for word in &mut bytes {
            let _ = ring::rand::SecureRandom::fill(&rng, word);
        }
        passphrase::suggest(bytes.map(u32::from_le_bytes))
    }

    /// How strong `passphrase` would be as a new passphrase: the estimate (in the manner of
    /// zxcvbn), the core's label and its advice, for the hint beside a new-passphrase field.
    /// Needs no vault; stores and logs nothing.
    pub fn passphrase_strength(&self, passphrase: Passphrase) -> PassphraseStrength {
        let s = crate::passphrase_strength::strength(passphrase.expose_secret());
        PassphraseStrength {
            score: s.score,
            label: s.label.label().to_owned(),
            acceptable: s.acceptable,
            advice: s.advice,
        }
    }

    pub fn list_people(&self) -> Result<Vec<Person>, AppError> {
        self.people_list()
    }

    /// Adds a person with their role (see `people`): refused with `check_person`'s first problem.
    pub fn add_person(&self, input: PersonInput) -> Result<Person, AppError> {
        self.person_add(&input)
    }

    /// Changes a person's details and, when given, their role (absent: it stays as it was).
    pub fn update_person(&self, id: &str, input: PersonInput) -> Result<Person, AppError> {
        self.person_update(&person_id(id)?, &input)
    }

    /// Deletes a person's whole record. `confirm_name` must repeat their name: deleting is
    /// final, so a stray click or a script with the wrong id must not be enough.
    pub fn delete_person(&self, id: &str, confirm_name: &str) -> Result<(), AppError> {
        let id = person_id(id)?;
        self.with_vault(|v| {
            let person = v.person(&id)?;
            if confirm_name.trim() != person.details.name {
                return Err(AppError::new(
                    ErrorCode::ConfirmationRequired,
                    format!("To delete this record, type the person's name exactly: {}", person.details.name),
                )
                .on_field(ErrorField::ConfirmName));
            }
            Ok(v.delete_person(&id)?)
        })
    }

    pub fn audit_log(&self, person_id_str: &str) -> Result<Vec<AuditEntry>, AppError> {
        let id = person_id(person_id_str)?;
        self.with_vault(|v| Ok(v.audit_log(&id)?.iter().map(convert::audit_entry).collect()))
    }

    /// Checks the audit chain of one person, or of everyone when `person_id` is `None`.
    pub fn verify_audit(&self, person_id_str: Option<&str>) -> Result<Vec<AuditReport>, AppError> {
        let only = person_id_str.map(person_id).transpose()?;
        self.with_vault(|v| {
            let people = match only {
                Some(id) => vec![v.person(&id)?],
                None => v.people()?,
            };
            people
                .iter()
                .map(|p| {
                    let check = v.verify_audit(&p.id)?;
                    Ok(AuditReport {
                        person_id: p.id.to_string().into(),
                        person_name: p.details.name.clone(),
                        entries: check.entries,
                        ok: check.broken.is_none(),
                        broken_at: check.broken.as_ref().map(|b| b.seq),
                        problem: check.broken.map(|b| b.reason),
                    })
                })
                .collect()
        })
    }

    pub fn settings(&self) -> Result<Settings, AppError> {
        self.with_vault(|v| Ok(Settings { auto_lock_minutes: v.settings().auto_lock_minutes }))
    }

    pub fn set_settings(&self, settings: Settings) -> Result<Settings, AppError> {
        if !AUTO_LOCK_RANGE.contains(&settings.auto_lock_minutes) {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                format!("Choose between {} and {} minutes", AUTO_LOCK_RANGE.start(), AUTO_LOCK_RANGE.end()),
            )
            .on_field(ErrorField::AutoLockMinutes));
        }
        let mut state = self.state();
        let vault = state.vault.as_mut().ok_or_else(AppError::locked)?;
        vault.set_settings(VaultSettings { auto_lock_minutes: settings.auto_lock_minutes })?;
        state.auto_lock_minutes = settings.auto_lock_minutes;
        Ok(settings)
    }

    pub fn create_backup(&self, path: &Path) -> Result<BackupInfo, AppError> {
        self.with_vault(|v| {
            let s = v.create_backup(path).map_err(|e| AppError::from(e).on_field(ErrorField::Path))?;
            Ok(BackupInfo {
                path: s.path.display().to_string(),
                people: s.people,
                bytes: s.bytes,
                created_at: convert::rfc3339(s.created_at),
            })
        })
    }

    /// Restores a backup into this app's vault folder, which must be empty, and unlocks it.
    pub fn restore_backup(&self, path: &Path, passphrase: Passphrase) -> Result<VaultStatus, AppError> {
        self.restore(path, BackupSecret::Passphrase(&passphrase))
    }

    /// Restores a backup with its recovery key instead of its passphrase.
    pub fn restore_backup_with_recovery_key(&self, path: &Path, key: SecretString) -> Result<VaultStatus, AppError> {
        let key = RecoveryKey::parse(key.expose_secret()).map_err(|e| {
            AppError::new(ErrorCode::RecoveryKeyMalformed, e.to_string()).on_field(ErrorField::RecoveryKey)
        })?;
        self.restore(path, BackupSecret::RecoveryKey(&key))
    }

    fn restore(&self, path: &Path, secret: BackupSecret<'_>) -> Result<VaultStatus, AppError> {
        let mut state = self.state();
        state.vault = None;
        let vault = Vault::restore_backup(path, &self.vault_dir, secret, self.clock.clone())?;
        self.open(&mut state, vault);
        Ok(self.status_of(&state))
    }

    /// Makes a new vault in this app's folder with `make` (given the folder, the KDF choice
    /// and the clock) and leaves it unlocked, as a restore does (a received handover).
    pub(crate) fn open_made_vault<T>(
        &self,
        make: impl FnOnce(&Path, phr_vault::KdfChoice, Arc<dyn Clock>) -> Result<(Vault, T), AppError>,
    ) -> Result<(VaultStatus, T), AppError> {
        let mut state = self.state();
        state.vault = None;
        let (vault, made) = make(&self.vault_dir, self.kdf.choice(), self.clock.clone())?;
        self.open(&mut state, vault);
        Ok((self.status_of(&state), made))
    }

    /// Records user activity, postponing auto-lock. Activity that comes after the idle limit
    /// has passed locks instead (VAULT_LOCKED): after a long sleep, the first mouse move can
    /// come before the heartbeat's next check, and must not keep the record open.
    pub fn touch(&self) -> Result<(), AppError> {
        if self.lock_if_idle() {
            return Err(AppError::locked());
        }
        self.state().last_activity = Activity::at(self.clock.now());
        Ok(())
    }

    /// Locks the vault when nothing has happened for the auto-lock time, counting time the
    /// machine spent suspended (see `idle`). Returns whether it locked just now, so the shell
    /// can tell the UI.
    pub fn lock_if_idle(&self) -> bool {
        let mut state = self.state();
        let limit = Duration::from_secs(u64::from(state.auto_lock_minutes) * 60);
        if !state.last_activity.is_idle(self.clock.now(), limit) {
            return false;
        }
        let locked = state.vault.take().is_some();
        self.forget_own_access();
        self.forget_share_draft();
        self.forget_file_choices();
        // A professional with no vault gets the same idle limit for a shared record they opened.
        let closed = self.forget_opened_share();
        locked || closed
    }

    fn open(&self, state: &mut State, mut vault: Vault) {
        vault.report_import_phases(self.options.import_phases);
        // A draft and an own access belong to the vault they were made in.
        self.forget_share_draft();
        self.forget_own_access();
        state.auto_lock_minutes = vault.settings().auto_lock_minutes;
        state.last_activity = Activity::at(self.clock.now());
        state.vault = Some(vault);
    }

    fn status_of(&self, state: &State) -> VaultStatus {
        VaultStatus {
            exists: state.vault.is_some() || phr_vault::vault_exists(&self.vault_dir),
            unlocked: state.vault.is_some(),
            vault_dir: self.vault_dir.display().to_string(),
            auto_lock_minutes: state.auto_lock_minutes,
            read_only: state.vault.as_ref().is_some_and(|v| v.read_only().is_some()),
            read_only_reason: state.vault.as_ref().and_then(|v| v.read_only().map(str::to_owned)),
        }
    }

    /// Runs `f` on the open vault, counting the call as activity unless the idle limit has passed. The other `impl App`
    /// blocks (record, gp, readings) go through this too.
    pub(crate) fn with_vault<T>(&self, f: impl FnOnce(&mut Vault) -> Result<T, AppError>) -> Result<T, AppError> {
        // A call past the idle limit (the heartbeat has not run since the machine woke) locks
        // rather than counting as activity.
        if self.lock_if_idle() {
            return Err(AppError::locked());
        }
        let mut state = self.state();
        state.last_activity = Activity::at(self.clock.now());
        let vault = state.vault.as_mut().ok_or_else(AppError::locked)?;
        f(vault)
    }

    /// Runs `f` over the vault when it is unlocked (`None` when locked or past the idle limit),
    /// for work the app does on its own (the background check): not counted as activity.
    pub(crate) fn with_vault_unattended<T>(&self, f: impl FnOnce(&mut Vault) -> T) -> Option<T> {
        if self.lock_if_idle() {
            return None;
        }
        self.state().vault.as_mut().map(f)
    }

    /// Runs `f` over the vault when it is unlocked (`None` when locked), for checks that
    /// change nothing: not counted as activity.
    pub(crate) fn with_vault_if_open<T>(&self, f: impl FnOnce(Option<&Vault>) -> T) -> T {
        f(self.state().vault.as_ref())
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock leaves the state as it was before that call (every
        // change is a single assignment), so recovering the guard is safe.
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// A new passphrase (create, change, recovery) must be long enough, then hard enough to
/// guess. Unlocking never comes here: an existing passphrase is never re-checked.
pub(crate) fn check_new(p: &Passphrase, field: ErrorField) -> Result<(), AppError> {
    passphrase::check_new_passphrase(p)
        .and_then(|()| crate::passphrase_strength::check(p.expose_secret()))
        .map_err(|e| AppError::new(e.code, e.message).on_field(field))
}

pub(crate) fn person_id(s: &str) -> Result<PersonId, AppError> {
    s.parse::<PersonId>().map_err(|_| {
        AppError::new(ErrorCode::PersonNotFound, format!("There is no person with the id {s:?} in this vault"))
    })
}
