//! `vault.key`: the wrapped master key (twice), the KDF parameters, the settings and each
//! person's wrapped database key. It holds no names and nothing clinical.
//!
//! ```json
//! { "format": "phr-vault-key", "version": 1,
//!   "kdf": { "alg": "argon2id", "m_kib": 19456, "t": 2, "p": 1, "salt": "<16 bytes hex>" },
//!   "master_key_by_passphrase": "<nonce|ciphertext|tag hex>",
//!   "recovery": { "hkdf_salt": "<32 bytes hex>", "master_key": "<wrapped hex>" },
//!   "settings": { "auto_lock_minutes": 5 },
//!   "people": [ { "id": "<uuid>", "key": "<wrapped hex>",
//!                 "audit_anchor": { "seq": 7, "hash": "<32 bytes hex>" },
//!                 "next_key": "<wrapped hex>" } ] }
//! ```
//!
//! `audit_anchor` is the person's newest audit entry, so removing entries from the end of
//! their log is caught (see [`crate::audit_store`]). Key files written before anchors
//! existed have none; the first audited action adds it.
//!
//! `next_key` is present only while a key rotation is under way: the database is encrypted
//! under `key` or, once its re-keyed copy has been renamed into place, under `next_key`, and
//! unlock tries them in that order (see `Vault::change_passphrase_and_rotate`). It is an
//! optional field, so version 1 files without it read as before.

use std::collections::BTreeMap;
use std::path::Path;

use phr_core::ErrorCode;
use phr_core::passphrase::Passphrase;
use phr_core::recovery_key::RecoveryKey;
use ring::rand::SystemRandom;
use serde::{Deserialize, Serialize};

use crate::audit_store::AuditAnchor;
use crate::error::{Result, VaultError};
use crate::kdf::{self, KdfJson, KdfParams};
use crate::keys::{self, Key32, WRAPPED_LEN};
use crate::model::{PersonId, VaultSettings};
use crate::{fsutil, hex};

pub(crate) const FILE_NAME: &str = "vault.key";
const FORMAT: &str = "phr-vault-key";
/// The key file format this app writes and the newest it reads.
pub const VERSION: u32 = 1;
const SALT_LEN: usize = 16;
const HKDF_SALT_LEN: usize = 32;

/// Associated data: each wrapped key says what it is and which format wrote it, so a
/// wrapped value moved to another field (or another person) does not open.
const AAD_PASSPHRASE: &[u8] = b"phr-vault/v1/master-key/by-passphrase";
const AAD_RECOVERY: &[u8] = b"phr-vault/v1/master-key/by-recovery-key";
const AAD_PERSON_PREFIX: &[u8] = b"phr-vault/v1/person-db-key/";
const HKDF_INFO_RECOVERY: &[u8] = b"phr-vault/v1/recovery-kek";

#[derive(Serialize, Deserialize)]
struct Json {
    format: String,
    version: u32,
    kdf: KdfJson,
    master_key_by_passphrase: String,
    recovery: RecoveryJson,
    settings: VaultSettings,
    people: Vec<PersonJson>,
}

#[derive(Serialize, Deserialize)]
struct RecoveryJson {
    hkdf_salt: String,
    master_key: String,
}

#[derive(Serialize, Deserialize)]
struct PersonJson {
    id: String,
    key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    audit_anchor: Option<AnchorJson>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    next_key: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct AnchorJson {
    seq: u64,
    hash: String,
}

/// The key file, checked: every length right, parameters within bounds.
#[derive(Debug, Clone)]
pub(crate) struct KeyFile {
    pub(crate) kdf: KdfParams,
    salt: [u8; SALT_LEN],
    by_passphrase: Vec<u8>,
    recovery_salt: [u8; HKDF_SALT_LEN],
    by_recovery: Vec<u8>,
    pub(crate) settings: VaultSettings,
    /// In the order people were added.
    pub(crate) people: Vec<(PersonId, Vec<u8>)>,
    /// Each listed person's newest audit entry, where one has been recorded.
    anchors: BTreeMap<PersonId, AuditAnchor>,
    /// During a key rotation: the key each person's database is being re-keyed to, wrapped
    /// under the master key like the current one.
    next_keys: BTreeMap<PersonId, Vec<u8>>,
}

impl KeyFile {
    /// A new key file for `master`, wrapped under both secrets.
    pub(crate) fn new(
        master: &Key32,
        passphrase: &Passphrase,
        kdf: KdfParams,
        recovery: &RecoveryKey,
        rng: &SystemRandom,
    ) -> Result<Self> {
        let mut kf = KeyFile {
            kdf,
            salt: [0; SALT_LEN],
            by_passphrase: Vec::new(),
            recovery_salt: keys::random_bytes(rng)?,
            by_recovery: Vec::new(),
            settings: VaultSettings::default(),
            people: Vec::new(),
            anchors: BTreeMap::new(),
            next_keys: BTreeMap::new(),
        };
        kf.set_passphrase(master, passphrase, rng)?;
        let kek = kf.recovery_kek(recovery)?;
        kf.by_recovery = kek.wrap(master.expose(), AAD_RECOVERY, rng)?;
        Ok(kf)
    }

    pub(crate) fn path(dir: &Path) -> std::path::PathBuf {
        dir.join(FILE_NAME)
    }

    /// Reads and checks `dir/vault.key`.
    pub(crate) fn read(dir: &Path) -> Result<Self> {
        let path = Self::path(dir);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(VaultError::new(ErrorCode::VaultNotFound, "There is no vault in this folder").at(dir));
            }
            Err(e) => return Err(VaultError::io("read the key file", &path, &e)),
        };
        Self::parse(&bytes).map_err(|e| e.into_error(&path))
    }

    /// Checks a key file's bytes. Kept apart from reading so a backup's copy is checked the
    /// same way.
    pub(crate) fn parse(bytes: &[u8]) -> std::result::Result<Self, ParseError> {
        use ParseError::Damaged as D;
        let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|_| D("it is not valid JSON"))?;
        if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
            return Err(D("it is not a vault key file"));
        }
        match value.get("version").and_then(serde_json::Value::as_u64) {
            Some(v) if v == u64::from(VERSION) => {}
            Some(v) if v > u64::from(VERSION) => return Err(ParseError::Newer(v)),
            _ => return Err(D("its version is missing or invalid")),
        }
        let j: Json = serde_json::from_value(value).map_err(|_| D("a field is missing or has the wrong type"))?;
        if !j.kdf.is_argon2id() {
            return Err(D("it names a key derivation other than Argon2id"));
        }
        let kdf = j.kdf.params();
        if !kdf.within_bounds() {
            return Err(D("its key derivation settings are outside the safe range"));
        }
        let salt = fixed::<SALT_LEN>(&j.kdf.salt).ok_or(D("the passphrase salt has the wrong length"))?;
        let recovery_salt =
            fixed::<HKDF_SALT_LEN>(&j.recovery.hkdf_salt).ok_or(D("the recovery salt has the wrong length"))?;
        let by_passphrase = wrapped(&j.master_key_by_passphrase).ok_or(D("a wrapped key has the wrong length"))?;
        let by_recovery = wrapped(&j.recovery.master_key).ok_or(D("a wrapped key has the wrong length"))?;
        let mut people = Vec::with_capacity(j.people.len());
        let mut anchors = BTreeMap::new();
        let mut next_keys = BTreeMap::new();
        for p in j.people {
            let id: PersonId = p.id.parse().map_err(|_| D("a person's id is not valid"))?;
            if people.iter().any(|(known, _)| *known == id) {
                return Err(D("a person is listed twice"));
            }
            if let Some(a) = p.audit_anchor {
                let hash = fixed::<32>(&a.hash).ok_or(D("a person's audit anchor has the wrong length"))?;
                if a.seq == 0 {
                    return Err(D("a person's audit anchor names no entry"));
                }
                anchors.insert(id.clone(), AuditAnchor { seq: a.seq, hash });
            }
            if let Some(next) = p.next_key {
                next_keys.insert(id.clone(), wrapped(&next).ok_or(D("a person's next key has the wrong length"))?);
            }
            people.push((id, wrapped(&p.key).ok_or(D("a person's wrapped key has the wrong length"))?));
        }
        Ok(KeyFile {
            kdf,
            salt,
            by_passphrase,
            recovery_salt,
            by_recovery,
            settings: j.settings.clamped(),
            people,
            anchors,
            next_keys,
        })
    }

    pub(crate) fn to_json(&self) -> Result<Vec<u8>> {
        let j = Json {
            format: FORMAT.to_string(),
            version: VERSION,
            kdf: KdfJson::argon2id(self.kdf, &self.salt),
            master_key_by_passphrase: hex::encode(&self.by_passphrase),
            recovery: RecoveryJson {
                hkdf_salt: hex::encode(&self.recovery_salt),
                master_key: hex::encode(&self.by_recovery),
            },
            settings: self.settings.clone(),
            people: self
                .people
                .iter()
                .map(|(id, key)| PersonJson {
                    id: id.to_string(),
                    key: hex::encode(key),
                    audit_anchor: self.anchors.get(id).map(|a| AnchorJson { seq: a.seq, hash: hex::encode(&a.hash) }),
                    next_key: self.next_keys.get(id).map(|k| hex::encode(k)),
                })
                .collect(),
        };
        serde_json::to_vec_pretty(&j).map_err(|e| VaultError::internal(format!("could not encode the key file: {e}")))
    }

    /// Writes the file atomically (see [`fsutil::write_atomic`]).
    pub(crate) fn write(&self, dir: &Path) -> Result<()> {
        fsutil::write_atomic(&Self::path(dir), &self.to_json()?)
    }

    /// The master key, if `passphrase` is the right one.
    pub(crate) fn open_with_passphrase(&self, passphrase: &Passphrase) -> Result<Key32> {
        let kek = kdf::derive_kek(passphrase, &self.salt, self.kdf)?;
        kek.unwrap_key(&self.by_passphrase, AAD_PASSPHRASE).ok_or_else(|| {
            VaultError::new(
                ErrorCode::WrongPassphrase,
                "That passphrase does not unlock this vault. Check it and try again.",
            )
        })
    }

    /// The master key, if `key` is this vault's recovery key.
    pub(crate) fn open_with_recovery(&self, key: &RecoveryKey) -> Result<Key32> {
        self.recovery_kek(key)?.unwrap_key(&self.by_recovery, AAD_RECOVERY).ok_or_else(|| {
            VaultError::new(
                ErrorCode::WrongRecoveryKey,
                "That recovery key is well formed but is not this vault's recovery key.",
            )
        })
    }

    /// Rewraps the master key under a new passphrase with a fresh salt (the stored KDF
    /// parameters are kept). Only this file changes: the databases are untouched.
    pub(crate) fn set_passphrase(&mut self, master: &Key32, passphrase: &Passphrase, rng: &SystemRandom) -> Result<()> {
        let salt: [u8; SALT_LEN] = keys::random_bytes(rng)?;
        let kek = kdf::derive_kek(passphrase, &salt, self.kdf)?;
        self.by_passphrase = kek.wrap(master.expose(), AAD_PASSPHRASE, rng)?;
        self.salt = salt;
        Ok(())
    }

    fn recovery_kek(&self, key: &RecoveryKey) -> Result<Key32> {
        keys::hkdf32(&self.recovery_salt, key.expose_bytes(), HKDF_INFO_RECOVERY)
    }

    pub(crate) fn add_person(
        &mut self,
        master: &Key32,
        id: &PersonId,
        db_key: &Key32,
        rng: &SystemRandom,
    ) -> Result<()> {
        let wrapped = master.wrap(db_key.expose(), &person_aad(id), rng)?;
        self.people.push((id.clone(), wrapped));
        Ok(())
    }

    pub(crate) fn remove_person(&mut self, id: &PersonId) {
        self.people.retain(|(known, _)| known != id);
        self.anchors.remove(id);
        self.next_keys.remove(id);
    }

    /// Puts a new master key in force: wrapped under `passphrase` (fresh salt) and under a
    /// new recovery key (fresh HKDF salt), and every person's key (and next key) rewrapped
    /// under it. The old master key and the old recovery key open nothing in the result.
    pub(crate) fn rotate_master(
        &mut self,
        old: &Key32,
        new: &Key32,
        passphrase: &Passphrase,
        recovery: &RecoveryKey,
        rng: &SystemRandom,
    ) -> Result<()> {
        let damaged = || VaultError::internal("a person's key did not open while changing the keys");
        let mut people = Vec::with_capacity(self.people.len());
        for (id, wrapped) in &self.people {
            let key = self.person_key(old, id, wrapped).ok_or_else(damaged)?;
            people.push((id.clone(), new.wrap(key.expose(), &person_aad(id), rng)?));
        }
        let mut next_keys = BTreeMap::new();
        for (id, wrapped) in &self.next_keys {
            let key = old.unwrap_key(wrapped, &person_aad(id)).ok_or_else(damaged)?;
            next_keys.insert(id.clone(), new.wrap(key.expose(), &person_aad(id), rng)?);
        }
        self.people = people;
        self.next_keys = next_keys;
        self.set_passphrase(new, passphrase, rng)?;
        self.recovery_salt = keys::random_bytes(rng)?;
        let kek = self.recovery_kek(recovery)?;
        self.by_recovery = kek.wrap(new.expose(), AAD_RECOVERY, rng)?;
        Ok(())
    }

    /// Records the key a person's database is being re-keyed to (see `next_key` above).
    pub(crate) fn set_next_key(
        &mut self,
        master: &Key32,
        id: &PersonId,
        key: &Key32,
        rng: &SystemRandom,
    ) -> Result<()> {
        self.next_keys.insert(id.clone(), master.wrap(key.expose(), &person_aad(id), rng)?);
        Ok(())
    }

    /// The key a person's database is being re-keyed to, while a rotation is under way.
    pub(crate) fn next_key(&self, master: &Key32, id: &PersonId) -> Option<Key32> {
        self.next_keys.get(id).and_then(|w| master.unwrap_key(w, &person_aad(id)))
    }

    /// Whether a rotation is under way for anyone.
    pub(crate) fn rotation_pending(&self) -> bool {
        !self.next_keys.is_empty()
    }

    /// Ends a person's part in a rotation: `to_next` when their database is now under the
    /// next key (it becomes the key), otherwise the next key is dropped.
    pub(crate) fn settle(&mut self, id: &PersonId, to_next: bool) {
        if let Some(next) = self.next_keys.remove(id)
            && to_next
            && let Some(slot) = self.people.iter_mut().find(|(known, _)| known == id)
        {
            slot.1 = next;
        }
    }

    /// The person's newest audit entry as last recorded; `None` for a key file written
    /// before anchors existed.
    pub(crate) fn audit_anchor(&self, id: &PersonId) -> Option<&AuditAnchor> {
        self.anchors.get(id)
    }

    /// Records `anchor` as the person's newest audit entry (in memory; [`Self::write`]
    /// saves it).
    pub(crate) fn set_audit_anchor(&mut self, id: &PersonId, anchor: AuditAnchor) {
        self.anchors.insert(id.clone(), anchor);
    }

    /// A person's database key. `None` when it does not authenticate: the master key is
    /// right (it opened), so this entry was changed.
    pub(crate) fn person_key(&self, master: &Key32, id: &PersonId, wrapped: &[u8]) -> Option<Key32> {
        master.unwrap_key(wrapped, &person_aad(id))
    }
}

fn person_aad(id: &PersonId) -> Vec<u8> {
    let mut aad = AAD_PERSON_PREFIX.to_vec();
    aad.extend_from_slice(id.0.as_bytes());
    aad
}

fn fixed<const N: usize>(s: &str) -> Option<[u8; N]> {
    hex::decode(s)?.try_into().ok()
}

fn wrapped(s: &str) -> Option<Vec<u8>> {
    hex::decode(s).filter(|b| b.len() == WRAPPED_LEN)
}

/// Why key file bytes were refused, before we know which file they came from.
#[derive(Debug)]
pub(crate) enum ParseError {
    Damaged(&'static str),
    Newer(u64),
}

impl ParseError {
    pub(crate) fn into_error(self, path: &Path) -> VaultError {
        match self {
            ParseError::Damaged(why) => VaultError::key_file_damaged(path, why),
            ParseError::Newer(v) => VaultError::new(
                ErrorCode::UnsupportedVersion,
                format!(
                    "This vault was written by a newer version of the app (key file format {v}; \
                     this version reads format {VERSION}). Update the app to open it."
                ),
            )
            .at(path),
        }
    }
}
