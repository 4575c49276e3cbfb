//! [`Vault`]: an unlocked vault. Holding one means holding the master key, every person's
//! database key and connection, and the folder's lock; dropping it locks the vault.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use phr_core::Clock;
use phr_core::ErrorCode;
use phr_core::audit::{AuditAction, AuditRecord};
use phr_core::passphrase::{Passphrase, check_new_passphrase};
use phr_core::person::PersonDetails;
use phr_core::person_role::{self, Role};
use phr_core::recovery_key::RecoveryKey;
use ring::rand::SystemRandom;
use rusqlite::Connection;

use crate::error::{Result, VaultError, db_error};
use crate::kdf::KdfChoice;
use crate::keyfile::KeyFile;
use crate::keys::{self, Key32};
use crate::lock::VaultLock;
use crate::model::{AuditVerification, PersonId, PersonRecord, VaultSettings};
use crate::{audit_store, db, fsutil, person_store};

pub(crate) const PEOPLE_DIR: &str = "people";
/// Beside the databases: where unlock moves a database the key file does not list.
pub(crate) const QUARANTINE_DIR: &str = "quarantine";

/// Whether `dir` holds a vault (its key file).
pub fn vault_exists(dir: &Path) -> bool {
    KeyFile::path(dir).is_file()
}

/// One person's open database.
pub(crate) struct OpenPerson {
    pub(crate) id: PersonId,
    /// Kept only for the test seam that opens a second connection; a release build does not
    /// hold the person's key beside the open connection.
    #[cfg(feature = "test-seams")]
    pub(crate) key: Key32,
    pub(crate) path: PathBuf,
    pub(crate) conn: Connection,
    /// What reads worked out from the whole record, kept while it is unchanged.
    pub(crate) derived: crate::record_store::Derived,
}

/// An unlocked vault. Fields drop in order: connections close before the lock is released.
pub struct Vault {
    pub(crate) people: Vec<OpenPerson>,
    pub(crate) master: Key32,
    pub(crate) key_file: KeyFile,
    pub(crate) dir: PathBuf,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) rng: SystemRandom,
    /// Print each import phase's time, CPU and memory to stderr (benchmarks); off unless the
    /// front end asked, through [`Vault::report_import_phases`].
    pub(crate) import_phases: bool,
    /// Why changes cannot be saved, when the vault was opened read-only (read-only media, a
    /// full disk); `None` when it can be written.
    pub(crate) read_only: Option<String>,
    /// Who acts on one person's record instead of the holder (see [`Vault::set_actor`]).
    pub(crate) acting: Option<(PersonId, phr_core::audit::Actor)>,
    pub(crate) _lock: VaultLock,
}

/// What a key rotation leaves: the new recovery key (the old one opens nothing now; it is
/// never stored and must be shown once) and whether every database is already under its new
/// key. When not, the key file lists both keys for those left and the next unlock that can
/// write finishes them.
#[derive(Debug)]
pub struct Rotation {
    pub recovery_key: RecoveryKey,
    pub finished: bool,
}

/// Shows where the vault is and how many people it holds; never a key.
impl fmt::Debug for Vault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Vault").field("dir", &self.dir).field("people", &self.people.len()).finish_non_exhaustive()
    }
}

pub(crate) fn db_path(dir: &Path, id: &PersonId) -> PathBuf {
    dir.join(PEOPLE_DIR).join(format!("{id}.db"))
}

/// The files SQLite keeps beside a database.
pub(crate) fn db_files(db: &Path) -> [PathBuf; 4] {
    let with = |suffix: &str| {
        let mut s = db.as_os_str().to_owned();
        s.push(suffix);
        PathBuf::from(s)
    };
    [db.to_path_buf(), with("-wal"), with("-shm"), with("-journal")]
}

fn policy(p: &Passphrase) -> Result<()> {
    check_new_passphrase(p).map_err(|e| VaultError::new(e.code, e.message))
}

fn not_found() -> VaultError {
    VaultError::new(ErrorCode::PersonNotFound, "No person with that id is in this vault")
}

/// The steps of re-keying one database at which a test can make it fail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RekeyStep {
    /// Writing the re-keyed copy.
    Copy,
    /// Closing the old connection.
    Close,
    /// Renaming the copy over the database.
    Rename,
    /// Syncing the folder after the rename.
    SyncFolder,
    /// The first attempt to open the database again.
    Reopen,
}

#[cfg(feature = "test-seams")]
thread_local! {
    static FAIL_REKEY: std::cell::Cell<Option<RekeyStep>> = const { std::cell::Cell::new(None) };
}

/// Makes this thread's re-keys fail at `step` (as an I/O error would), or `None` to stop.
/// Test-only: the fault-injection seam the rotation failure tests use.
#[cfg(feature = "test-seams")]
pub fn debug_fail_rekey_for_tests(step: Option<RekeyStep>) {
    FAIL_REKEY.with(|c| c.set(step));
}

#[cfg(feature = "test-seams")]
fn rekey_fault(step: RekeyStep) -> Result<()> {
    if FAIL_REKEY.with(std::cell::Cell::get) == Some(step) {
        let e = std::io::Error::other("a fault injected by a test");
        return Err(VaultError::io("change a record file's key", Path::new("people"), &e));
    }
    Ok(())
}

#[cfg(not(feature = "test-seams"))]
#[allow(clippy::unnecessary_wraps)]
fn rekey_fault(_: RekeyStep) -> Result<()> {
    Ok(())
}

impl Vault {
    /// Creates a vault in `dir` (made if missing, private to this user) and returns it
    /// unlocked with its recovery key, which is never stored and must be shown once.
    pub fn create(
        dir: &Path,
        passphrase: &Passphrase,
        kdf: KdfChoice,
        clock: Arc<dyn Clock>,
    ) -> Result<(Vault, RecoveryKey)> {
        policy(passphrase)?;
        let exists = || VaultError::new(ErrorCode::VaultExists, "There is already a vault in this folder").at(dir);
        if vault_exists(dir) {
            return Err(exists());
        }
        fsutil::create_private_dir(dir)?;
        let lock = VaultLock::acquire(dir)?;
        // Checked again under the lock: another program may have created one meanwhile.
        if vault_exists(dir) {
            return Err(exists());
        }
        fsutil::create_private_dir(&dir.join(PEOPLE_DIR))?;
        let params = kdf.resolve()?;
        let rng = SystemRandom::new();
        let master = Key32::random(&rng)?;
        let recovery = RecoveryKey::from_bytes(keys::random_bytes(&rng)?);
        let key_file = KeyFile::new(&master, passphrase, params, &recovery, &rng)?;
        key_file.write(dir)?;
        if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
            fsutil::sync_dir(parent)?;
        }
        let vault = Vault {
            people: Vec::new(),
            master,
            key_file,
            dir: dir.to_path_buf(),
            clock,
            rng,
            import_phases: false,
            read_only: None,
            acting: None,
            _lock: lock,
        };
        Ok((vault, recovery))
    }

    /// Unlocks with the passphrase: every database is opened and checked, and the unlock is
    /// recorded in each person's audit log.
    ///
    /// Unlocking needs no write. When the folder cannot be written (read-only media, a full
    /// disk, no permission), or a write unlock makes fails for want of space or access, the
    /// vault opens read-only instead ([`Vault::read_only`]): everything can be read, every
    /// change is refused with `READ_ONLY`, and the unlock is not recorded (nothing can be).
    pub fn unlock(dir: &Path, passphrase: &Passphrase, clock: Arc<dyn Clock>) -> Result<Vault> {
        let master_of = |kf: &KeyFile| kf.open_with_passphrase(passphrase).map_err(|e| e.at(&KeyFile::path(dir)));
        if !vault_exists(dir) {
            return Err(VaultError::new(ErrorCode::VaultNotFound, "There is no vault in this folder").at(dir));
        }
        if let Some(reason) = fsutil::cannot_write_reason(dir) {
            return Self::open_read_only(dir, &master_of, clock, reason);
        }
        let writable = (|| -> Result<Vault> {
            let (lock, key_file) = Self::lock_and_read(dir)?;
            let master = master_of(&key_file)?;
            let mut vault = Self::open(dir, lock, key_file, master, clock.clone())?;
            vault.audit_everyone(&[(AuditAction::VaultUnlocked, "vault unlocked with the passphrase")])?;
            Ok(vault)
        })();
        match writable {
            Err(e)
                if matches!(e.code, ErrorCode::Io | ErrorCode::ReadOnly)
                    && fsutil::cannot_write_reason(dir).is_some() =>
            {
                let reason = fsutil::cannot_write_reason(dir).unwrap_or_default();
                Self::open_read_only(dir, &master_of, clock, reason)
            }
            other => other,
        }
    }

    /// Why changes cannot be saved, in plain words, when the vault is open read-only.
    pub fn read_only(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// Refuses a change while the vault is open read-only.
    pub fn writable(&self) -> Result<()> {
        match &self.read_only {
            None => Ok(()),
            Some(why) => Err(VaultError::new(
                ErrorCode::ReadOnly,
                format!("Changes cannot be saved because {why}. Nothing was changed."),
            )
            .at(&self.dir)),
        }
    }

    /// Opens every listed database read-only; nothing is written: no audit entry, no
    /// migration, no quarantine, no finishing of a key rotation (each waits for an unlock
    /// that can write).
    fn open_read_only(
        dir: &Path,
        master_of: &dyn Fn(&KeyFile) -> Result<Key32>,
        clock: Arc<dyn Clock>,
        reason: String,
    ) -> Result<Vault> {
        let lock = VaultLock::acquire_for_reading(dir)?;
        let key_file = KeyFile::read(dir)?;
        let master = master_of(&key_file)?;
        let mut people = Vec::with_capacity(key_file.people.len());
        for (id, wrapped) in &key_file.people {
            let path = db_path(dir, id);
            let (conn, _key, _on_next) = open_listed(&key_file, &master, id, wrapped, &path, true)?;
            people.push(OpenPerson {
                id: id.clone(),
                #[cfg(feature = "test-seams")]
                key: _key,
                path,
                conn,
                derived: Default::default(),
            });
        }
        Ok(Vault {
            people,
            master,
            key_file,
            dir: dir.to_path_buf(),
            clock,
            rng: SystemRandom::new(),
            import_phases: false,
            read_only: Some(reason),
            acting: None,
            _lock: lock,
        })
    }

    /// Opens the vault with the recovery key and sets a new passphrase (the recovery key
    /// stays the same). The databases are checked before the key file changes.
    pub fn recover(dir: &Path, key: &RecoveryKey, new_passphrase: &Passphrase, clock: Arc<dyn Clock>) -> Result<Vault> {
        policy(new_passphrase)?;
        if vault_exists(dir)
            && let Some(why) = fsutil::cannot_write_reason(dir)
        {
            return Err(VaultError::new(
                ErrorCode::ReadOnly,
                format!("A new passphrase cannot be saved because {why}. Nothing was changed."),
            )
            .at(dir));
        }
        let (lock, key_file) = Self::lock_and_read(dir)?;
        let master = key_file.open_with_recovery(key).map_err(|e| e.at(&KeyFile::path(dir)))?;
        let mut vault = Self::open(dir, lock, key_file, master, clock)?;
        let mut kf = vault.key_file.clone();
        kf.set_passphrase(&vault.master, new_passphrase, &vault.rng)?;
        kf.write(dir)?;
        vault.key_file = kf;
        // As in change_passphrase: the new passphrase is in force once the key file is
        // written, so a failed audit entry after it is not a failed recovery.
        let _ = vault.audit_everyone(&[
            (AuditAction::RecoveryKeyUsed, "vault opened with the recovery key"),
            (AuditAction::PassphraseChanged, "new passphrase set after recovery"),
        ]);
        Ok(vault)
    }

    fn lock_and_read(dir: &Path) -> Result<(VaultLock, KeyFile)> {
        // Checked before locking so that no lock file is left in a folder with no vault.
        if !vault_exists(dir) {
            return Err(VaultError::new(ErrorCode::VaultNotFound, "There is no vault in this folder").at(dir));
        }
        let lock = VaultLock::acquire(dir)?;
        let key_file = KeyFile::read(dir)?;
        Ok((lock, key_file))
    }

    /// Opens every listed database with its key and checks it; moves database files the key
    /// file does not list into `people/quarantine/` (never deletes them: they may be the
    /// leftovers of a crash between creating a database and recording its key, or people an
    /// older `vault.key`, put back by a sync tool or by hand, does not know); finishes a key
    /// rotation a crash interrupted.
    pub(crate) fn open(
        dir: &Path,
        lock: VaultLock,
        key_file: KeyFile,
        master: Key32,
        clock: Arc<dyn Clock>,
    ) -> Result<Vault> {
        let key_path = KeyFile::path(dir);
        let mut people = Vec::with_capacity(key_file.people.len());
        let mut on_next = Vec::new();
        for (id, wrapped) in &key_file.people {
            let path = db_path(dir, id);
            let (conn, _key, next) = open_listed(&key_file, &master, id, wrapped, &path, false)?;
            person_store::read(&conn, id, &path)?;
            if next {
                on_next.push(id.clone());
            }
            people.push(OpenPerson {
                id: id.clone(),
                #[cfg(feature = "test-seams")]
                key: _key,
                path,
                conn,
                derived: Default::default(),
            });
        }
        let _ = &key_path;
        // Housekeeping, not the unlock's work: a file that cannot be moved (a folder the
        // person made read-only, a name taken by a file) stays where it is. Nothing opens an
        // unlisted database, so it is safe there, and the next unlock tries again.
        let _ = quarantine_unlisted(dir, &key_file);
        let ids: Vec<PersonId> = people.iter().map(|p| p.id.clone()).collect();
        let mut vault = Vault {
            people,
            master,
            key_file,
            dir: dir.to_path_buf(),
            clock,
            rng: SystemRandom::new(),
            import_phases: false,
            read_only: None,
            acting: None,
            _lock: lock,
        };
        if vault.key_file.rotation_pending() {
            // A rotation a crash interrupted: finished now. Should that fail (no space for a
            // copy), both keys stay listed and the next unlock tries again.
            let _ = vault.finish_rotation(&on_next);
        }
        // Records labelled by older lists of sensitive codes get today's suggestions (the
        // citizen's own labels kept), once per new version of the lists.
        for id in &ids {
            vault.relabel_if_behind(id)?;
        }
        Ok(vault)
    }

    /// Appends the same entries to every person's log, each person in one transaction, then
    /// records everyone's new audit anchor in one key file write. If a person's append
    /// fails, the anchors of those already committed are still saved. A person whose log no
    /// longer holds their recorded anchor keeps it, so verifying goes on reporting the cut.
    pub(crate) fn audit_everyone(&mut self, entries: &[(AuditAction, &str)]) -> Result<()> {
        let now = self.clock.now();
        if self.people.is_empty() || entries.is_empty() {
            return Ok(());
        }
        self.writable()?;
        let everyone = self.people()?;
        let mut kf = self.key_file.clone();
        let mut appended = Ok(());
        let mut moved = false;
        for p in &mut self.people {
            let actor = audit_store::actor_on(&everyone, &p.id, self.acting.as_ref());
            let recorded = kf.audit_anchor(&p.id).copied();
            let committed = (|| {
                let tx = p.conn.transaction().map_err(|e| db_error(&p.path, &e))?;
                let holds = audit_store::anchor_holds(&tx, recorded.as_ref(), &p.path)?;
                let mut anchor = None;
                for (action, detail) in entries {
                    anchor = Some(audit_store::append(&tx, now, *action, detail, &actor, &p.path)?);
                }
                tx.commit().map_err(|e| db_error(&p.path, &e))?;
                Ok(anchor.filter(|_| holds))
            })();
            match committed {
                Ok(anchor) => {
                    if let Some(anchor) = anchor {
                        kf.set_audit_anchor(&p.id, anchor);
                        moved = true;
                    }
                }
                Err(e) => {
                    appended = Err(e);
                    break;
                }
            }
        }
        let saved = if moved { self.save_key_file(kf) } else { Ok(()) };
        appended.and(saved)
    }

    /// Moves a person's audit anchor in the key file after their change has committed. A
    /// failure (a full disk) is not the change's: it is stored, and saying it failed would
    /// have the person make it again (a second reading, a second share). The recorded anchor
    /// then lags behind the log, which still holds it, so verifying passes and covers the
    /// log up to it; the next write that can save the key file moves it on.
    fn save_anchor_after_commit(&mut self, id: &PersonId, anchor: audit_store::AuditAnchor) {
        let mut kf = self.key_file.clone();
        kf.set_audit_anchor(id, anchor);
        let _ = self.save_key_file(kf);
    }

    /// Writes `kf` as the key file and, once it is on disk, makes it this vault's.
    fn save_key_file(&mut self, kf: KeyFile) -> Result<()> {
        self.writable()?;
        kf.write(&self.dir)?;
        self.key_file = kf;
        Ok(())
    }

    /// Rewraps the master key under `new`. Only the key file changes; no database is
    /// rewritten (the change is recorded in each audit log, which lands in the WAL).
    pub fn change_passphrase(&mut self, current: &Passphrase, new: &Passphrase) -> Result<()> {
        self.writable()?;
        let key_path = KeyFile::path(&self.dir);
        self.key_file.open_with_passphrase(current).map_err(|e| e.at(&key_path))?;
        policy(new)?;
        let mut kf = self.key_file.clone();
        kf.set_passphrase(&self.master, new, &self.rng)?;
        kf.write(&self.dir)?;
        self.key_file = kf;
        // The key file is the commit point: from here only the new passphrase opens the
        // vault, so a failed audit entry (a full disk) must not be reported as a failed
        // change, or the person would keep trying the old passphrase.
        let _ = self.audit_everyone(&[(AuditAction::PassphraseChanged, "passphrase changed")]);
        Ok(())
    }

    /// Changes the passphrase and replaces every key: a new master key (so a new recovery
    /// key, returned once: the old one opens nothing), and a new key for each person's
    /// database, which is re-keyed. After it, an older copy of `vault.key`, with the old
    /// passphrase or the old recovery key, opens none of these databases.
    ///
    /// Crash safety: the key file is the commit point. (1) The key file is written with the
    /// new master key and, for each person, their current key and their next key (both
    /// wrapped under the new master key). (2) Each database is copied, encrypted under its
    /// next key (`sqlcipher_export` into a new private temporary file, synced), and renamed
    /// over the original (the folder synced). (3) The key file is written with each next key
    /// as the key. A crash anywhere leaves each database under one of the two keys listed
    /// for it, and unlock tries both, then finishes the rotation. ARCHITECTURE.md lists the
    /// cases.
    pub fn change_passphrase_and_rotate(&mut self, current: &Passphrase, new: &Passphrase) -> Result<Rotation> {
        self.writable()?;
        let key_path = KeyFile::path(&self.dir);
        self.key_file.open_with_passphrase(current).map_err(|e| e.at(&key_path))?;
        policy(new)?;
        self.rotate(new, "passphrase changed; the keys that lock the record and the recovery key replaced")
    }

    /// Makes a new recovery key and retires the old one, keeping the passphrase. It replaces
    /// every key, as [`Vault::change_passphrase_and_rotate`] does: the old recovery key opens
    /// every older copy of `vault.key` (each backup holds one), so with only a new master key
    /// it would still unwrap the database keys in use. The passphrase is asked again because
    /// this cannot be undone; it is not re-checked against the rules for a new one.
    pub fn new_recovery_key(&mut self, passphrase: &Passphrase) -> Result<Rotation> {
        self.writable()?;
        let key_path = KeyFile::path(&self.dir);
        self.key_file.open_with_passphrase(passphrase).map_err(|e| e.at(&key_path))?;
        self.rotate(passphrase, "new recovery key made; the keys that lock the record replaced, and the old recovery key no longer opens anything")
    }

    /// A new master key (under `passphrase` and a new recovery key, returned once) and a new
    /// key for each person's database, which is re-keyed, by the crash-safe steps described
    /// at [`Vault::change_passphrase_and_rotate`].
    fn rotate(&mut self, passphrase: &Passphrase, audit_text: &str) -> Result<Rotation> {
        if self.key_file.rotation_pending() {
            return Err(VaultError::new(
                ErrorCode::Io,
                "An earlier change of keys is not finished yet. Lock the app, unlock it again, then try again.",
            ));
        }
        let master = Key32::random(&self.rng)?;
        let recovery = RecoveryKey::from_bytes(keys::random_bytes(&self.rng)?);
        let mut kf = self.key_file.clone();
        kf.rotate_master(&self.master, &master, passphrase, &recovery, &self.rng)?;
        for p in &self.people {
            let next = Key32::random(&self.rng)?;
            kf.set_next_key(&master, &p.id, &next, &self.rng)?;
        }
        self.stage_receipts(&master)?;
        kf.write(&self.dir)?;
        self.key_file = kf;
        self.master = master;
        self.settle_receipts();
        let finished = self.finish_rotation(&[]).is_ok() && !self.key_file.rotation_pending();
        // The key file is the commit point: a failed audit entry must not report the change
        // as failed.
        let _ = self.audit_everyone(&[(AuditAction::PassphraseChanged, audit_text)]);
        Ok(Rotation { recovery_key: recovery, finished })
    }

    /// Re-keys every person the key file lists with a next key (except those in `done`,
    /// already under it), then writes the key file with each next key in force. A person
    /// whose re-key fails keeps both keys listed; the error is returned after the rest.
    fn finish_rotation(&mut self, done: &[PersonId]) -> Result<()> {
        self.writable()?;
        let mut kf = self.key_file.clone();
        let mut first_error = None;
        for i in 0..self.people.len() {
            let Some(id) = self.people.get(i).map(|p| p.id.clone()) else { continue };
            let Some(next) = kf.next_key(&self.master, &id) else { continue };
            if done.contains(&id) {
                kf.settle(&id, true);
                continue;
            }
            match self.rekey_person(i, &next) {
                Ok(()) => kf.settle(&id, true),
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        kf.write(&self.dir)?;
        self.key_file = kf;
        first_error.map_or(Ok(()), Err)
    }

    /// Moves one person's database under `key`: a re-keyed copy in a new private temporary
    /// file beside it, synced, the old connection closed, the copy renamed over the original,
    /// the folder synced, the database opened again under `key`.
    ///
    /// A failure at any step leaves the person's record open and working: before the rename
    /// the copy is removed and the file is as it was, under its old key; after it, the file
    /// is under `key` and opened so (the key file still lists both keys, so the next unlock
    /// opens it either way). Only a file that opens under neither key leaves no connection.
    fn rekey_person(&mut self, index: usize, key: &Key32) -> Result<()> {
        let people_dir = self.dir.join(PEOPLE_DIR);
        let old_key = {
            let p = self.people.get(index).ok_or_else(not_found)?;
            let wrapped = self.key_file.people.iter().find(|(id, _)| *id == p.id).map(|(_, w)| w.clone());
            wrapped.and_then(|w| self.key_file.person_key(&self.master, &p.id, &w)).ok_or_else(not_found)?
        };
        let p = self.people.get_mut(index).ok_or_else(not_found)?;
        db::checkpoint(&p.conn, &p.path)?;
        let (file, copy) = fsutil::create_temp(&people_dir, &format!("{}.rekey", p.id))
            .map_err(|e| VaultError::io("make a re-keyed copy of a record file", &people_dir, &e))?;
        drop(file);
        let exported = rekey_fault(RekeyStep::Copy).and_then(|()| db::export_rekeyed(&p.conn, &p.path, &copy, key));
        if let Err(e) = exported {
            let _ = fsutil::remove_if_present(&copy);
            return Err(e);
        }
        if let Err(e) = rekey_fault(RekeyStep::Close) {
            let _ = fsutil::remove_if_present(&copy);
            return Err(e);
        }
        let placeholder = Connection::open_in_memory().map_err(|e| db_error(&p.path, &e))?;
        let old = std::mem::replace(&mut p.conn, placeholder);
        if let Err((conn, e)) = old.close() {
            let _ = fsutil::remove_if_present(&copy);
            // A connection that did not close is still open: it stays the person's.
            p.conn = conn;
            return Err(db_error(&p.path, &e));
        }
        let mut renamed = false;
        let moved = (|| {
            // After a TRUNCATE checkpoint and a clean close the log is gone or empty; a log
            // with frames in it would belong to the old key, so it stops the swap.
            for side in db_files(&p.path).into_iter().skip(1) {
                match std::fs::metadata(&side) {
                    Ok(m) if m.len() > 0 && !side.to_string_lossy().ends_with("-shm") => {
                        return Err(VaultError::internal("a record's log was not empty while changing its key"));
                    }
                    Ok(_) => fsutil::remove_if_present(&side)?,
                    Err(_) => {}
                }
            }
            rekey_fault(RekeyStep::Rename)?;
            std::fs::rename(&copy, &p.path).map_err(|e| VaultError::io("replace a record file", &p.path, &e))?;
            renamed = true;
            rekey_fault(RekeyStep::SyncFolder)?;
            fsutil::sync_dir(&people_dir)
        })();
        if !renamed {
            let _ = fsutil::remove_if_present(&copy);
        }
        // Open the file under the key it is now under, again if that fails once, then under
        // the other key, in case the rename's outcome is not what it seemed.
        let (first, second) = if renamed { (key, &old_key) } else { (&old_key, key) };
        let attempts = [(first, renamed), (first, renamed), (second, !renamed)];
        let mut reopened = None;
        let mut open_error = None;
        for (n, (k, is_new)) in attempts.into_iter().enumerate() {
            let tried = if n == 0 { rekey_fault(RekeyStep::Reopen) } else { Ok(()) };
            match tried.and_then(|()| db::open(&p.path, k, false)) {
                Ok(conn) => {
                    reopened = Some((conn, is_new));
                    break;
                }
                Err(e) => {
                    open_error.get_or_insert(e);
                }
            }
        }
        let Some((conn, under_new)) = reopened else {
            return Err(moved.err().or(open_error).unwrap_or_else(not_found));
        };
        p.conn = conn;
        #[cfg(feature = "test-seams")]
        if under_new {
            p.key = Key32::from_array(zeroize::Zeroizing::new(*key.expose()));
        }
        match moved {
            // Opened under the old key although the rename seemed done: not re-keyed.
            Ok(()) if !under_new => {
                Err(VaultError::internal("a record's file was not under its new key after changing it"))
            }
            other => other,
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn settings(&self) -> VaultSettings {
        self.key_file.settings.clone()
    }

    pub fn set_settings(&mut self, s: VaultSettings) -> Result<()> {
        self.writable()?;
        let range = VaultSettings::AUTO_LOCK_RANGE;
        if !range.contains(&s.auto_lock_minutes) {
            return Err(VaultError::new(
                ErrorCode::InvalidInput,
                format!("Choose an auto-lock time between {} and {} minutes", range.start(), range.end()),
            ));
        }
        let mut kf = self.key_file.clone();
        kf.settings = s;
        kf.write(&self.dir)?;
        self.key_file = kf;
        Ok(())
    }

    /// Everyone in the vault, oldest first.
    pub fn people(&self) -> Result<Vec<PersonRecord>> {
        let mut out =
            self.people.iter().map(|p| person_store::read(&p.conn, &p.id, &p.path)).collect::<Result<Vec<_>>>()?;
        out.sort_by(|a, b| a.created_at.cmp(&b.created_at).then_with(|| a.id.cmp(&b.id)));
        Ok(out)
    }

    pub fn person(&self, id: &PersonId) -> Result<PersonRecord> {
        let p = self.find(id)?;
        person_store::read(&p.conn, &p.id, &p.path)
    }

    fn find(&self, id: &PersonId) -> Result<&OpenPerson> {
        self.people.iter().find(|p| p.id == *id).ok_or_else(not_found)
    }

    fn find_mut(&mut self, id: &PersonId) -> Result<&mut OpenPerson> {
        self.people.iter_mut().find(|p| p.id == *id).ok_or_else(not_found)
    }

    /// Adds a person: their database is created and committed first, then their key is
    /// recorded in the key file. A crash in between leaves only an unreadable file that the
    /// next unlock removes, never a key file naming a missing database.
    pub fn add_person(&mut self, d: PersonDetails) -> Result<PersonRecord> {
        self.add_person_as(d, None)
    }

    /// [`Vault::add_person`] with who they are to the vault's holder. Refused, with the
    /// reason, when they are someone already in the vault (the same NHS number, or the same
    /// name and date of birth: two entries would split one record in two) or when they are
    /// "me" and someone else already is.
    pub fn add_person_as(&mut self, d: PersonDetails, role: Option<Role>) -> Result<PersonRecord> {
        self.writable()?;
        self.check_vault_rules(None, &d, role.as_ref())?;
        let id = PersonId::new_random();
        let key = Key32::random(&self.rng)?;
        let path = db_path(&self.dir, &id);
        let now = self.clock.now();
        let record = PersonRecord { id: id.clone(), details: d, role, created_at: now, updated_at: now };
        let mut everyone = self.people()?;
        everyone.push(record.clone());
        let actor = audit_store::actor_on(&everyone, &id, self.acting.as_ref());
        let created: Result<(Connection, KeyFile)> = (|| {
            let mut conn = db::open(&path, &key, true)?;
            let tx = conn.transaction().map_err(|e| db_error(&path, &e))?;
            person_store::insert(&tx, &record).map_err(|e| db_error(&path, &e))?;
            let anchor = audit_store::append(&tx, now, AuditAction::PersonCreated, "record created", &actor, &path)?;
            tx.commit().map_err(|e| db_error(&path, &e))?;
            let mut kf = self.key_file.clone();
            kf.add_person(&self.master, &id, &key, &self.rng)?;
            kf.set_audit_anchor(&id, anchor);
            kf.write(&self.dir)?;
            Ok((conn, kf))
        })();
        match created {
            Ok((conn, kf)) => {
                self.key_file = kf;
                self.people.push(OpenPerson {
                    id,
                    #[cfg(feature = "test-seams")]
                    key,
                    path,
                    conn,
                    derived: Default::default(),
                });
                Ok(record)
            }
            Err(e) => {
                for f in db_files(&path) {
                    let _ = fsutil::remove_if_present(&f);
                }
                Err(e)
            }
        }
    }

    /// Changes a person's details and records that they changed (not what they became: the
    /// log holds no health data). The new audit anchor is saved after the change commits (see
    /// `save_anchor_after_commit`).
    pub fn update_person(&mut self, id: &PersonId, d: PersonDetails) -> Result<PersonRecord> {
        let role = self.person(id)?.role;
        self.update_person_as(id, d, role)
    }

    /// The vault-wide rules on people, for `d` with `role` (`id`: the person being changed,
    /// left out of the comparison): nobody is in the vault twice, and one person at most is "me".
    fn check_vault_rules(&self, id: Option<&PersonId>, d: &PersonDetails, role: Option<&Role>) -> Result<()> {
        let others: Vec<PersonRecord> = self
            .people
            .iter()
            .filter(|p| Some(&p.id) != id)
            .map(|p| person_store::read(&p.conn, &p.id, &p.path))
            .collect::<Result<_>>()?;
        person_role::check_not_already_added(d, others.iter().map(|o| &o.details))?;
        person_role::check_one_me(role, others.iter().map(|o| o.role.as_ref()))?;
        Ok(())
    }

    /// [`Vault::update_person`] that also sets who they are to the vault's holder (`None`:
    /// not set). The same vault-wide rules as [`Vault::add_person_as`]. A change of someone
    /// with their own access away from "someone I care for" needs their own access open
    /// (else OWN_ACCESS_NEEDED, kept in their log as refused).
    pub fn update_person_as(&mut self, id: &PersonId, d: PersonDetails, role: Option<Role>) -> Result<PersonRecord> {
        self.writable()?;
        self.find(id)?;
        self.check_vault_rules(Some(id), &d, role.as_ref())?;
        self.check_role_change(id, role.as_ref())?;
        let now = self.clock.now();
        let actor = self.actor_on(id)?;
        let recorded = self.key_file.audit_anchor(id).copied();
        let p = self.find_mut(id)?;
        let path = p.path.clone();
        let tx = p.conn.transaction().map_err(|e| db_error(&path, &e))?;
        let holds = audit_store::anchor_holds(&tx, recorded.as_ref(), &path)?;
        let mut record = person_store::read(&tx, id, &path)?;
        record.details = d;
        record.role = role;
        record.updated_at = now;
        person_store::update(&tx, &record).map_err(|e| db_error(&path, &e))?;
        let anchor = audit_store::append(&tx, now, AuditAction::PersonUpdated, "details changed", &actor, &path)?;
        tx.commit().map_err(|e| db_error(&path, &e))?;
        if holds {
            self.save_anchor_after_commit(id, anchor);
        }
        Ok(record)
    }

    /// Records that the holder checked they still have the right to look after a cared-for
    /// person's record, and when they are next asked: the role's review date moves to
    /// `review_on` and the audit log says the review was done. Refused for someone whose role
    /// is not "cared for" (there is nothing to review).
    pub fn review_role(&mut self, id: &PersonId, review_on: chrono::NaiveDate) -> Result<PersonRecord> {
        self.writable()?;
        self.find(id)?;
        let now = self.clock.now();
        let actor = self.actor_on(id)?;
        let recorded = self.key_file.audit_anchor(id).copied();
        let p = self.find_mut(id)?;
        let path = p.path.clone();
        let tx = p.conn.transaction().map_err(|e| db_error(&path, &e))?;
        let holds = audit_store::anchor_holds(&tx, recorded.as_ref(), &path)?;
        let mut record = person_store::read(&tx, id, &path)?;
        match record.role.as_mut() {
            Some(role) if role.kind == phr_core::person_role::RoleKind::CaredFor => role.review_on = Some(review_on),
            _ => {
                return Err(VaultError::new(
                    ErrorCode::InvalidInput,
                    "Only the record of someone you care for has a review.".to_owned(),
                ));
            }
        }
        record.updated_at = now;
        person_store::update(&tx, &record).map_err(|e| db_error(&path, &e))?;
        let detail =
            format!("right to look after this record checked; next check {}", phr_core::en_gb::date(review_on));
        let anchor = audit_store::append(&tx, now, AuditAction::PersonUpdated, &detail, &actor, &path)?;
        tx.commit().map_err(|e| db_error(&path, &e))?;
        if holds {
            self.save_anchor_after_commit(id, anchor);
        }
        Ok(record)
    }

    /// Removes a person for good. Their key leaves the key file first (crypto-shredding:
    /// from that moment no copy of the database, on this disk or in a later backup, can be
    /// read), then the database files are deleted.
    pub fn delete_person(&mut self, id: &PersonId) -> Result<()> {
        self.writable()?;
        let index = self.people.iter().position(|p| p.id == *id).ok_or_else(not_found)?;
        let mut kf = self.key_file.clone();
        kf.remove_person(id);
        kf.write(&self.dir)?;
        self.key_file = kf;
        let person = self.people.remove(index);
        let path = person.path.clone();
        drop(person);
        // The person is gone from the moment the key file no longer holds their key (nothing
        // can read their database after it), so a file that cannot be removed or a folder
        // that cannot be synced is not a failed delete: what is left is unreadable, and the
        // next unlock moves it to quarantine.
        for f in db_files(&path) {
            let _ = fsutil::remove_if_present(&f);
        }
        // Their own access too: its key file, their private part and its logs.
        for f in crate::own_access::own_files(&self.dir, id) {
            let _ = fsutil::remove_if_present(&f);
        }
        let _ = fsutil::sync_dir(&self.dir.join(PEOPLE_DIR));
        Ok(())
    }

    /// A mark that changes whenever anything is written to this person's record: every
    /// change appends an audit entry in its own transaction, so the newest entry's number and
    /// hash name the record's state. Cheap (one indexed row): a share preview keeps it, and
    /// the share is sealed only if it has not moved.
    pub fn change_mark(&self, id: &PersonId) -> Result<(u64, [u8; 32])> {
        let p = self.find(id)?;
        Ok(audit_store::newest(&p.conn, &p.path)?.map_or((0, [0; 32]), |l| (l.seq, l.hash)))
    }

    /// Names who acts on `person`'s record from now on, in every audit entry written there:
    /// the person themselves while their own access is open (`Actor::Owner`). `None` (the
    /// default) is the vault's holder everywhere: "you" on their own record, a carer on
    /// someone they care for.
    pub fn set_actor(&mut self, acting: Option<(PersonId, phr_core::audit::Actor)>) {
        self.acting = acting;
    }

    /// Who an audit entry written now on `id`'s record names (see [`Vault::set_actor`]).
    pub fn actor_on(&self, id: &PersonId) -> Result<phr_core::audit::Actor> {
        Ok(audit_store::actor_on(&self.people()?, id, self.acting.as_ref()))
    }

    pub fn audit_log(&self, id: &PersonId) -> Result<Vec<AuditRecord>> {
        let p = self.find(id)?;
        audit_store::read_all(&p.conn, &p.path)
    }

    /// Checks a person's audit log: every entry still links to the one before it, and the
    /// newest entry recorded in the key file is still there unchanged, so an edited or
    /// removed entry (the newest ones included) is found.
    pub fn verify_audit(&self, id: &PersonId) -> Result<AuditVerification> {
        let p = self.find(id)?;
        audit_store::verify(&p.conn, &p.path, self.key_file.audit_anchor(id))
    }

    /// Runs `f` over a person's database, for reads. The seam the record and readings stores
    /// in this crate use, so that only `Vault` knows how people's databases are held.
    pub(crate) fn read_person<T>(&self, id: &PersonId, f: impl FnOnce(&Connection, &Path) -> Result<T>) -> Result<T> {
        let p = self.find(id)?;
        f(&p.conn, &p.path)
    }

    /// [`Vault::read_person`] with what reads keep of the person's record while it is
    /// unchanged (`record_store::Derived`).
    pub(crate) fn read_person_derived<T>(
        &self,
        id: &PersonId,
        f: impl FnOnce(&Connection, &Path, &crate::record_store::Derived) -> Result<T>,
    ) -> Result<T> {
        let p = self.find(id)?;
        f(&p.conn, &p.path, &p.derived)
    }

    /// Runs `f` in one transaction on a person's database with an audit entry appended in the
    /// same transaction, so the change and its record land together or not at all; the
    /// audit anchor in the key file moves once the transaction has committed. `detail` must
    /// hold no health data ("412 resources from a file"). An error from `f` rolls back.
    pub(crate) fn write_person<T>(
        &mut self,
        id: &PersonId,
        action: AuditAction,
        detail: &str,
        f: impl FnOnce(&rusqlite::Transaction<'_>, &Path) -> Result<T>,
    ) -> Result<T> {
        self.writable()?;
        let now = self.clock.now();
        let actor = self.actor_on(id)?;
        let recorded = self.key_file.audit_anchor(id).copied();
        let p = self.find_mut(id)?;
        let path = p.path.clone();
        let tx = p.conn.transaction().map_err(|e| db_error(&path, &e))?;
        let holds = audit_store::anchor_holds(&tx, recorded.as_ref(), &path)?;
        let value = f(&tx, &path)?;
        let anchor = audit_store::append(&tx, now, action, detail, &actor, &path)?;
        tx.commit().map_err(|e| db_error(&path, &e))?;
        if holds {
            self.save_anchor_after_commit(id, anchor);
        }
        Ok(value)
    }

    /// Runs `write` (a [`Vault::write_person`] of many megabytes: a large import) with the
    /// person's database on a rollback journal instead of WAL, which would write every page
    /// twice (`db::leave_wal`), and sets WAL again after, whatever `write` returned.
    pub(crate) fn with_rollback_journal<T>(
        &mut self,
        id: &PersonId,
        write: impl FnOnce(&mut Self) -> Result<T>,
    ) -> Result<T> {
        let left = db::leave_wal(&self.find(id)?.conn);
        let result = write(self);
        if let (true, Ok(p)) = (left, self.find(id)) {
            db::return_to_wal(&p.conn);
        }
        result
    }

    /// Whether imports print each phase's time, CPU and memory to stderr (for benchmarks; the
    /// front end decides at start-up, the vault reads no environment).
    pub fn report_import_phases(&mut self, on: bool) {
        self.import_phases = on;
    }

    /// The vault's clock: what the stores stamp imports and readings with.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    /// A second connection to a person's database, for tests that tamper with it the way an
    /// attacker with the key could. Not for the app: only in a `test-seams` build.
    #[cfg(feature = "test-seams")]
    #[doc(hidden)]
    pub fn debug_open_person_db_for_tests(&self, id: &PersonId) -> Result<Connection> {
        let p = self.find(id)?;
        db::open(&p.path, &p.key, false)
    }

    /// Where a person's database file is (for tests and diagnostics; the file is encrypted).
    #[doc(hidden)]
    pub fn person_db_path(&self, id: &PersonId) -> PathBuf {
        db_path(&self.dir, id)
    }
}

/// Opens a listed person's database: read-write (migrated, checked) or read-only. During a
/// key rotation the database is under the listed key or, once its re-keyed copy was renamed
/// into place, under the next key; the listed key is tried first. Returns the connection,
/// the key that opened it and whether that was the next key.
fn open_listed(
    key_file: &KeyFile,
    master: &Key32,
    id: &PersonId,
    wrapped: &[u8],
    path: &Path,
    read_only: bool,
) -> Result<(Connection, Key32, bool)> {
    let key_path = path.parent().and_then(Path::parent).map(KeyFile::path).unwrap_or_default();
    let key = key_file
        .person_key(master, id, wrapped)
        .ok_or_else(|| VaultError::key_file_damaged(&key_path, "a person's key does not authenticate"))?;
    let open = |k: &Key32| if read_only { db::open_read_only(path, k) } else { db::open(path, k, false) };
    match open(&key) {
        Ok(conn) => Ok((conn, key, false)),
        Err(e) if e.code == ErrorCode::DatabaseDamaged => match key_file.next_key(master, id) {
            Some(next) => open(&next).map(|conn| (conn, next, true)).map_err(|_| e),
            None => Err(e),
        },
        Err(e) => Err(e),
    }
}

/// Moves database files whose id the key file does not list into `people/quarantine/`
/// (made private if missing; a name already there gets a number). Nothing is deleted: an
/// older `vault.key` put back by a sync tool would otherwise cost the people added since.
/// Only names of the form `<uuid>.db`, `-wal`, `-shm`, `-journal` are touched.
fn quarantine_unlisted(dir: &Path, key_file: &KeyFile) -> Result<()> {
    let people_dir = dir.join(PEOPLE_DIR);
    let entries = match std::fs::read_dir(&people_dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(VaultError::io("list the people folder", &people_dir, &e)),
    };
    let quarantine = people_dir.join(QUARANTINE_DIR);
    let mut moved = false;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some((stem, rest)) = name.split_once(".db") else { continue };
        if !matches!(rest, "" | "-wal" | "-shm" | "-journal") {
            continue;
        }
        let Ok(id) = stem.parse::<PersonId>() else { continue };
        if id.to_string() != stem || key_file.people.iter().any(|(known, _)| *known == id) {
            continue;
        }
        quarantine_file(&people_dir, &entry.path())?;
        moved = true;
    }
    if moved {
        fsutil::sync_dir(&quarantine)?;
        fsutil::sync_dir(&people_dir)?;
    }
    Ok(())
}

/// Moves a file of the people folder that nothing opens any more into `people/quarantine/`
/// (a name already there gets a number), so an accident (a key file dropped by a sync tool,
/// an older key file restored) never loses a record. The caller syncs the folders.
pub(crate) fn quarantine_file(people_dir: &Path, file: &Path) -> Result<()> {
    let quarantine = people_dir.join(QUARANTINE_DIR);
    fsutil::create_private_dir(&quarantine)?;
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("record-file");
    let mut target = quarantine.join(name);
    let mut n = 1;
    while target.exists() {
        target = quarantine.join(format!("{name}.{n}"));
        n += 1;
    }
    std::fs::rename(file, &target).map_err(|e| VaultError::io("move a record file nothing opens", file, &e))
}

/// A key rotation stopped at each point a crash could stop it: the vault still opens with the
/// new passphrase, every person is there, and the unlock finishes the rotation.
#[cfg(test)]
mod rotation_crash_tests {
    use super::*;
    use crate::kdf::KdfParams;
    use chrono::NaiveDate;

    const OLD: &str = "otter lantern gravel";
    const NEW: &str = "heron biscuit meadow";

    fn clock() -> Arc<dyn Clock> {
        Arc::new(phr_core::clock::FixedClock(chrono::DateTime::from_timestamp(1_790_000_000, 0).unwrap()))
    }

    fn person(name: &str) -> PersonDetails {
        PersonDetails {
            name: name.to_owned(),
            date_of_birth: NaiveDate::from_ymd_opt(1948, 7, 5).unwrap(),
            nhs_number: None,
        }
    }

    /// A vault with two people and the rotation's first step done (the key file lists each
    /// person's current and next key, the new master key in force), as a crash would leave it.
    fn after_first_step(dir: &Path) -> (Vault, Vec<Key32>) {
        let p = |s: &str| Passphrase::new(s.to_owned());
        let (mut v, _) = Vault::create(dir, &p(OLD), KdfChoice::Fixed(KdfParams::FLOOR), clock()).unwrap();
        v.add_person(person("Ada Lovelace")).unwrap();
        v.add_person(person("Bob Smith")).unwrap();
        let master = Key32::random(&v.rng).unwrap();
        let recovery = RecoveryKey::from_bytes(keys::random_bytes(&v.rng).unwrap());
        let mut kf = v.key_file.clone();
        kf.rotate_master(&v.master, &master, &p(NEW), &recovery, &v.rng).unwrap();
        let mut next = Vec::new();
        for person in &v.people {
            let k = Key32::random(&v.rng).unwrap();
            kf.set_next_key(&master, &person.id, &k, &v.rng).unwrap();
            next.push(k);
        }
        kf.write(dir).unwrap();
        v.key_file = kf;
        v.master = master;
        (v, next)
    }

    fn reopen_and_check(dir: &Path) {
        let v = Vault::unlock(dir, &Passphrase::new(NEW.to_owned()), clock()).unwrap();
        let mut names: Vec<String> = v.people().unwrap().into_iter().map(|p| p.details.name).collect();
        names.sort();
        assert_eq!(names, ["Ada Lovelace", "Bob Smith"]);
        assert!(!v.key_file.rotation_pending(), "the unlock did not finish the rotation");
        drop(v);
        let text = std::fs::read_to_string(KeyFile::path(dir)).unwrap();
        assert!(!text.contains("next_key"));
        drop(Vault::unlock(dir, &Passphrase::new(NEW.to_owned()), clock()).unwrap());
    }

    #[test]
    fn a_crash_after_the_key_file_lists_both_keys_opens_and_finishes() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("vault");
        let (v, _) = after_first_step(&dir);
        drop(v);
        reopen_and_check(&dir);
    }

    #[test]
    fn a_crash_after_one_database_was_renamed_into_place_opens_with_its_next_key() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("vault");
        let (mut v, next) = after_first_step(&dir);
        v.rekey_person(0, next.first().unwrap()).unwrap();
        drop(v);
        reopen_and_check(&dir);
    }

    #[test]
    fn a_crash_after_every_rename_before_the_last_key_file_write_opens() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("vault");
        let (mut v, next) = after_first_step(&dir);
        for (i, k) in next.iter().enumerate() {
            v.rekey_person(i, k).unwrap();
        }
        drop(v);
        reopen_and_check(&dir);
    }

    #[test]
    fn a_crash_while_a_copy_was_written_leaves_a_temporary_file_that_changes_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("vault");
        let (v, _) = after_first_step(&dir);
        let id = v.people.first().unwrap().id.clone();
        drop(v);
        let half = dir.join(PEOPLE_DIR).join(format!(".{id}.rekey.0123456789abcdef.tmp"));
        std::fs::write(&half, b"half a copy").unwrap();
        reopen_and_check(&dir);
        assert!(half.exists(), "a file unlock does not know was touched");
    }
}
