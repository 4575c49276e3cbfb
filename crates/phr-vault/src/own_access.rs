//! A cared-for person's own access: `people/<id>.own.key`, the keys only their own password
//! and their own recovery key open, never the vault's master key.
//!
//! ```json
//! { "format": "phr-own-access", "version": 1,
//!   "kdf": { "alg": "argon2id", "m_kib": 19456, "t": 2, "p": 1, "salt": "<16 bytes hex>" },
//!   "owner_key_by_password": "<wrapped hex>",
//!   "recovery": { "hkdf_salt": "<32 bytes hex>", "owner_key": "<wrapped hex>" },
//!   "private_db_key": "<wrapped by the owner key>",
//!   "age_recipient": "age1...",
//!   "age_identity": "<AGE-SECRET-KEY-1..., wrapped by the owner key>",
//!   "limits": { ... `CarerLimits::to_json` ... },
//!   "limits_signature": "<Ed25519 over the limits>",
//!   "limits_public_key": "<Ed25519 public key hex>",
//!   "limits_secret_key": "<the Ed25519 seed, wrapped by the owner key>",
//!   "own_record": "<Ed25519 over `phr-own-access/v1/own-record/<id>`; only in a handover package>" }
//! ```
//!
//! The limits apply whenever this file exists, whatever the person's role in the record says
//! (the role is in the carer-readable database, so the carer can change it). Only `own_record`
//! says otherwise: the person's own signing key, used while their own access was open for the
//! handover of their record, signed that the record is now theirs. It is written only into the
//! handover package's copy of this file (never the carer's), so in the vault that receives the
//! record nothing is sealed away from them, and their next opening of own access brings every
//! private entry back; without it, opening own access never empties the private part.
//!
//! The carer's app reads `age_recipient` (it seals what arrives for a hidden label to it) and
//! the limits, which it applies only when their signature verifies under `limits_public_key`
//! (else everything is kept private and nothing allowed: [`LimitsRule::fail_closed`]). A carer
//! who rewrites this file by hand can change what happens to future arrivals, never read what
//! is already private: the owner key is wrapped only under the person's password (Argon2id)
//! and their recovery key (HKDF). Opening own access checks the public values against the
//! secret ones and reports a mismatch ([`OwnerSession::limits_tampered`]).

use std::fmt;
use std::path::{Path, PathBuf};

use phr_core::ErrorCode;
use phr_core::audit::AuditAction;
use phr_core::carer_limits::{CarerLimits, LimitsRule};
use phr_core::passphrase::{Passphrase, check_new_passphrase};
use phr_core::recovery_key::RecoveryKey;
use ring::rand::SystemRandom;
use ring::signature::{self, Ed25519KeyPair, KeyPair};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::error::{Result, VaultError, db_error};
use crate::kdf::{self, KdfJson, KdfParams};
use crate::keys::{self, Key32};
use crate::model::PersonId;
use crate::vault::{PEOPLE_DIR, Vault, db_files};
use crate::{fsutil, hex};

const FORMAT: &str = "phr-own-access";
const VERSION: u32 = 1;
const OWN_KEY_SUFFIX: &str = ".own.key";
const PRIVATE_DB_SUFFIX: &str = ".private.db";
const SALT_LEN: usize = 16;
const HKDF_SALT_LEN: usize = 32;
const HKDF_INFO_RECOVERY: &[u8] = b"phr-own-access/v1/recovery-kek";
const SIGNED_PREFIX: &[u8] = b"phr-own-access/v1/limits/";
const OWN_RECORD_PREFIX: &[u8] = b"phr-own-access/v1/own-record/";

/// `people/<id>.own.key`.
pub(crate) fn own_key_path(dir: &Path, id: &PersonId) -> PathBuf {
    dir.join(PEOPLE_DIR).join(format!("{id}{OWN_KEY_SUFFIX}"))
}

/// `people/<id>.private.db`.
pub(crate) fn private_db_path(dir: &Path, id: &PersonId) -> PathBuf {
    dir.join(PEOPLE_DIR).join(format!("{id}{PRIVATE_DB_SUFFIX}"))
}

/// Every file of a person's own access: the key file, the private database and its logs.
pub(crate) fn own_files(dir: &Path, id: &PersonId) -> Vec<PathBuf> {
    let mut out = vec![own_key_path(dir, id)];
    out.extend(db_files(&private_db_path(dir, id)));
    out
}

/// Associated data: what a wrapped value is and whose, so a value moved to another field or
/// another person's file does not open.
fn aad(field: &str, id: &PersonId) -> Vec<u8> {
    format!("phr-own-access/v1/{field}/{id}").into_bytes()
}

fn signed_message(id: &PersonId, limits_json: &str) -> Vec<u8> {
    let mut m = SIGNED_PREFIX.to_vec();
    m.extend_from_slice(id.to_string().as_bytes());
    m.push(0);
    m.extend_from_slice(limits_json.as_bytes());
    m
}

/// What the person's signing key signs to say the record is now their own (handed over to them).
fn own_record_message(id: &PersonId) -> Vec<u8> {
    let mut m = OWN_RECORD_PREFIX.to_vec();
    m.extend_from_slice(id.to_string().as_bytes());
    m
}

#[derive(Serialize, Deserialize)]
struct Json {
    format: String,
    version: u32,
    kdf: KdfJson,
    owner_key_by_password: String,
    recovery: RecoveryJson,
    private_db_key: String,
    age_recipient: String,
    age_identity: String,
    limits: serde_json::Value,
    limits_signature: String,
    limits_public_key: String,
    limits_secret_key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    own_record: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct RecoveryJson {
    hkdf_salt: String,
    owner_key: String,
}

/// `<id>.own.key`, read and checked for shape (not for trust: see [`OwnKeyFile::limits_rule`]).
#[derive(Clone)]
pub(crate) struct OwnKeyFile {
    id: PersonId,
    kdf: KdfParams,
    salt: [u8; SALT_LEN],
    by_password: Vec<u8>,
    recovery_salt: [u8; HKDF_SALT_LEN],
    by_recovery: Vec<u8>,
    private_db_key: Vec<u8>,
    pub(crate) age_recipient: String,
    age_identity: Vec<u8>,
    /// The limits as the canonical JSON text that is signed.
    limits_json: String,
    limits_signature: Vec<u8>,
    limits_public_key: Vec<u8>,
    limits_secret_key: Vec<u8>,
    /// The person's signature saying the record is now their own (see the module's words).
    own_record: Option<Vec<u8>>,
}

/// Shows whose file it is; never a key.
impl fmt::Debug for OwnKeyFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OwnKeyFile").field("id", &self.id).finish_non_exhaustive()
    }
}

fn damaged(path: &Path, why: &str) -> VaultError {
    VaultError::key_file_damaged(path, why)
}

/// The limits JSON in one canonical text: parsed and written again by serde_json, so the
/// text signed and the text checked are the same whatever spacing the file has.
fn canonical(value: &serde_json::Value) -> Option<String> {
    serde_json::to_string(value).ok()
}

/// The version an own key file names when it is newer than this app reads: a file from a
/// later app is not a damaged one, and is never called so.
pub(crate) fn newer_version(bytes: &[u8]) -> Option<u64> {
    let json: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    if json.get("format")?.as_str()? != FORMAT {
        return None;
    }
    json.get("version")?.as_u64().filter(|v| *v > u64::from(VERSION))
}

impl OwnKeyFile {
    pub(crate) fn read(dir: &Path, id: &PersonId) -> Result<Option<Self>> {
        let path = own_key_path(dir, id);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(VaultError::io("read a person's own key file", &path, &e)),
        };
        if let Some(found) = newer_version(&bytes) {
            return Err(VaultError::new(
                ErrorCode::UnsupportedVersion,
                format!(
                    "This person's own password was set up by a newer version of the app (own key file format \
                     {found}; this version reads format {VERSION}). Update the app to open it."
                ),
            )
            .at(&path));
        }
        Self::parse(id, &bytes).map(Some).map_err(|why| damaged(&path, why))
    }

    pub(crate) fn parse(id: &PersonId, bytes: &[u8]) -> std::result::Result<Self, &'static str> {
        let j: Json = serde_json::from_slice(bytes).map_err(|_| "it is not an own access key file")?;
        if j.format != FORMAT {
            return Err("it is not an own access key file");
        }
        if j.version != VERSION {
            return Err("it was written by another version of the app");
        }
        let kdf = j.kdf.params();
        if !j.kdf.is_argon2id() || !kdf.within_bounds() {
            return Err("its key derivation settings are outside the safe range");
        }
        let fixed = |s: &str| hex::decode(s);
        let salt = fixed(&j.kdf.salt).and_then(|b| b.try_into().ok()).ok_or("the password salt is not valid")?;
        let recovery_salt =
            fixed(&j.recovery.hkdf_salt).and_then(|b| b.try_into().ok()).ok_or("the recovery salt is not valid")?;
        let wrapped =
            |s: &str| hex::decode(s).filter(|b| b.len() == keys::WRAPPED_LEN).ok_or("a wrapped key is not valid");
        let sealed = |s: &str| {
            hex::decode(s).filter(|b| b.len() > keys::NONCE_LEN + keys::TAG_LEN).ok_or("a wrapped key is not valid")
        };
        Ok(Self {
            id: id.clone(),
            kdf,
            salt,
            by_password: wrapped(&j.owner_key_by_password)?,
            recovery_salt,
            by_recovery: wrapped(&j.recovery.owner_key)?,
            private_db_key: wrapped(&j.private_db_key)?,
            age_recipient: j.age_recipient,
            age_identity: sealed(&j.age_identity)?,
            limits_json: canonical(&j.limits).ok_or("the limits are not valid")?,
            limits_signature: hex::decode(&j.limits_signature).ok_or("the limits' signature is not valid")?,
            limits_public_key: hex::decode(&j.limits_public_key).ok_or("the limits' key is not valid")?,
            limits_secret_key: wrapped(&j.limits_secret_key)?,
            own_record: match j.own_record {
                None => None,
                Some(s) => Some(hex::decode(&s).ok_or("the own record signature is not valid")?),
            },
        })
    }

    fn to_json(&self) -> Result<Vec<u8>> {
        let limits: serde_json::Value = serde_json::from_str(&self.limits_json)
            .map_err(|e| VaultError::internal(format!("could not encode the limits: {e}")))?;
        let j = Json {
            format: FORMAT.to_owned(),
            version: VERSION,
            kdf: KdfJson::argon2id(self.kdf, &self.salt),
            owner_key_by_password: hex::encode(&self.by_password),
            recovery: RecoveryJson {
                hkdf_salt: hex::encode(&self.recovery_salt),
                owner_key: hex::encode(&self.by_recovery),
            },
            private_db_key: hex::encode(&self.private_db_key),
            age_recipient: self.age_recipient.clone(),
            age_identity: hex::encode(&self.age_identity),
            limits,
            limits_signature: hex::encode(&self.limits_signature),
            limits_public_key: hex::encode(&self.limits_public_key),
            limits_secret_key: hex::encode(&self.limits_secret_key),
            own_record: self.own_record.as_deref().map(hex::encode),
        };
        serde_json::to_vec_pretty(&j).map_err(|e| VaultError::internal(format!("could not encode a key file: {e}")))
    }

    /// Writes the file atomically (temporary file, fsync, rename, fsync the folder).
    pub(crate) fn write(&self, dir: &Path) -> Result<()> {
        fsutil::write_atomic(&own_key_path(dir, &self.id), &self.to_json()?)
    }

    /// New keys for `id`: an owner key under `password` and a new recovery key (returned), a
    /// private database key, an age identity and a signing key; limits: everything visible.
    fn create(
        id: &PersonId,
        password: &Passphrase,
        kdf: KdfParams,
        rng: &SystemRandom,
    ) -> Result<(Self, Key32, Key32, RecoveryKey)> {
        let owner = Key32::random(rng)?;
        let db_key = Key32::random(rng)?;
        let recovery = RecoveryKey::from_bytes(keys::random_bytes(rng)?);
        let identity = age::x25519::Identity::generate();
        let recipient = identity.to_public().to_string();
        let identity_text = Zeroizing::new(age::secrecy::ExposeSecret::expose_secret(&identity.to_string()).to_owned());
        let seed = Key32::random(rng)?;
        let pair = Ed25519KeyPair::from_seed_unchecked(seed.expose())
            .map_err(|_| VaultError::internal("could not make a signing key"))?;
        let mut f = Self {
            id: id.clone(),
            kdf,
            salt: [0; SALT_LEN],
            by_password: Vec::new(),
            recovery_salt: keys::random_bytes(rng)?,
            by_recovery: Vec::new(),
            private_db_key: owner.wrap(db_key.expose(), &aad("private-db-key", id), rng)?,
            age_recipient: recipient,
            age_identity: owner.wrap(identity_text.as_bytes(), &aad("age-identity", id), rng)?,
            limits_json: String::new(),
            limits_signature: Vec::new(),
            limits_public_key: pair.public_key().as_ref().to_vec(),
            limits_secret_key: owner.wrap(seed.expose(), &aad("limits-secret-key", id), rng)?,
            own_record: None,
        };
        f.set_password(&owner, password, rng)?;
        f.by_recovery = f.recovery_kek(&recovery)?.wrap(owner.expose(), &aad("owner-key/by-recovery-key", id), rng)?;
        f.sign_limits(&owner, &CarerLimits::everything_visible(), rng)?;
        Ok((f, owner, db_key, recovery))
    }

    fn recovery_kek(&self, key: &RecoveryKey) -> Result<Key32> {
        keys::hkdf32(&self.recovery_salt, key.expose_bytes(), HKDF_INFO_RECOVERY)
    }

    fn set_password(&mut self, owner: &Key32, password: &Passphrase, rng: &SystemRandom) -> Result<()> {
        let salt: [u8; SALT_LEN] = keys::random_bytes(rng)?;
        let kek = kdf::derive_kek(password, &salt, self.kdf)?;
        self.by_password = kek.wrap(owner.expose(), &aad("owner-key/by-password", &self.id), rng)?;
        self.salt = salt;
        Ok(())
    }

    /// The owner key, if `password` is the person's own password.
    fn open_with_password(&self, password: &Passphrase) -> Result<Key32> {
        let kek = kdf::derive_kek(password, &self.salt, self.kdf)?;
        kek.unwrap_key(&self.by_password, &aad("owner-key/by-password", &self.id)).ok_or_else(|| {
            VaultError::new(ErrorCode::OwnPasswordWrong, "That is not their own password. Check it and try again.")
        })
    }

    fn open_with_recovery(&self, key: &RecoveryKey) -> Result<Key32> {
        self.recovery_kek(key)?.unwrap_key(&self.by_recovery, &aad("owner-key/by-recovery-key", &self.id)).ok_or_else(
            || {
                VaultError::new(
                    ErrorCode::WrongRecoveryKey,
                    "That recovery key is well formed but is not the one for their own password.",
                )
            },
        )
    }

    /// The private database's key.
    pub(crate) fn private_db_key(&self, owner: &Key32) -> Result<Key32> {
        owner
            .unwrap_key(&self.private_db_key, &aad("private-db-key", &self.id))
            .ok_or_else(|| VaultError::internal("the private part's key does not open with the owner key"))
    }

    /// The age identity that opens sealed arrivals.
    pub(crate) fn age_identity(&self, owner: &Key32) -> Result<age::x25519::Identity> {
        let text = owner
            .unwrap_bytes(&self.age_identity, &aad("age-identity", &self.id))
            .ok_or_else(|| VaultError::internal("the key for sealed arrivals does not open with the owner key"))?;
        std::str::from_utf8(&text)
            .ok()
            .and_then(|t| t.parse::<age::x25519::Identity>().ok())
            .ok_or_else(|| VaultError::internal("the key for sealed arrivals is not valid"))
    }

    fn signing_pair(&self, owner: &Key32) -> Result<Ed25519KeyPair> {
        let seed = owner
            .unwrap_key(&self.limits_secret_key, &aad("limits-secret-key", &self.id))
            .ok_or_else(|| VaultError::internal("the limits' signing key does not open with the owner key"))?;
        Ed25519KeyPair::from_seed_unchecked(seed.expose())
            .map_err(|_| VaultError::internal("the limits' signing key is not valid"))
    }

    /// Writes `limits` (checked) and its signature. The public key written is the signing
    /// key's own, so limits signed by the person verify again whatever was in the file.
    fn sign_limits(&mut self, owner: &Key32, limits: &CarerLimits, rng: &SystemRandom) -> Result<()> {
        let salt: [u8; 16] = keys::random_bytes(rng)?;
        let text = limits.to_json(&salt).map_err(|e| VaultError::new(e.code, e.message))?;
        let value: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| VaultError::internal(format!("the limits are not JSON: {e}")))?;
        let text = canonical(&value).ok_or_else(|| VaultError::internal("could not write the limits"))?;
        let pair = self.signing_pair(owner)?;
        self.limits_signature = pair.sign(&signed_message(&self.id, &text)).as_ref().to_vec();
        self.limits_public_key = pair.public_key().as_ref().to_vec();
        self.limits_json = text;
        Ok(())
    }

    /// Signs the same limits again naming `kept` (entry keys) as the entries already in the
    /// private part, so a new version of one is sealed when it arrives. Limits that do not
    /// verify are left as they are (the person sets them again).
    fn resign_keeping(&mut self, owner: &Key32, kept: &[String]) -> Result<()> {
        let rule = self.limits_rule();
        if rule.tampered {
            return Ok(());
        }
        let text = rule.to_json_keeping(kept).map_err(|e| VaultError::new(e.code, e.message))?;
        let value: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| VaultError::internal(format!("the limits are not JSON: {e}")))?;
        let text = canonical(&value).ok_or_else(|| VaultError::internal("could not write the limits"))?;
        if text == self.limits_json {
            return Ok(());
        }
        let pair = self.signing_pair(owner)?;
        self.limits_signature = pair.sign(&signed_message(&self.id, &text)).as_ref().to_vec();
        self.limits_json = text;
        Ok(())
    }

    /// The limits the carer's app applies: as signed, or, when the signature does not verify
    /// under the file's public key, everything hidden and nothing allowed.
    pub(crate) fn limits_rule(&self) -> LimitsRule {
        let key = signature::UnparsedPublicKey::new(&signature::ED25519, &self.limits_public_key);
        if key.verify(&signed_message(&self.id, &self.limits_json), &self.limits_signature).is_err() {
            return LimitsRule::fail_closed();
        }
        LimitsRule::from_json(&self.limits_json).unwrap_or_else(|_| LimitsRule::fail_closed())
    }

    /// Whether the person's signing key signed that the record is now their own, verified under
    /// the file's public key. Before own access is opened that key is only what the file says
    /// (a carer who rewrites the file can change what happens to future arrivals, as with the
    /// limits); bringing the private part back also needs [`Self::public_values_changed`] false,
    /// so the key is the one the owner key opens.
    pub(crate) fn own_record_signed(&self) -> bool {
        let Some(sig) = self.own_record.as_deref() else { return false };
        let key = signature::UnparsedPublicKey::new(&signature::ED25519, &self.limits_public_key);
        key.verify(&own_record_message(&self.id), sig).is_ok()
    }

    /// Signs, with the person's own signing key, that the record is now their own. Refused
    /// when the file's public values are not those of the keys the owner key opens (the file
    /// was changed by hand: the person sets their limits again first).
    fn sign_own_record(&mut self, owner: &Key32) -> Result<()> {
        if self.public_values_changed(owner) {
            return Err(VaultError::new(
                ErrorCode::InvalidInput,
                "Their own key file was changed outside the app. Set what they keep private again, then hand \
                 the record over.",
            ));
        }
        let pair = self.signing_pair(owner)?;
        self.own_record = Some(pair.sign(&own_record_message(&self.id)).as_ref().to_vec());
        Ok(())
    }

    /// Whether the public values (the recipient for arrivals, the limits' public key) are not
    /// those of the secret keys the owner key opens: the file was changed by hand.
    fn public_values_changed(&self, owner: &Key32) -> bool {
        let recipient_ok = self.age_identity(owner).is_ok_and(|i| i.to_public().to_string() == self.age_recipient);
        let key_ok = self.signing_pair(owner).is_ok_and(|p| p.public_key().as_ref() == self.limits_public_key);
        !(recipient_ok && key_ok) || self.limits_rule().tampered
    }
}

/// A person's own access, open: their owner key and whose it is. Held by the app while the
/// person is at the keyboard; dropping it zeroizes the key. Never printed, never serialised.
pub struct OwnerSession {
    pub(crate) person: PersonId,
    pub(crate) owner_key: Key32,
    limits_tampered: bool,
}

impl OwnerSession {
    /// Whose own access this is.
    pub fn person(&self) -> &PersonId {
        &self.person
    }

    /// Whether the limits or the public keys in their own key file were changed outside the
    /// app when it was opened (the carer's app then kept everything private and allowed
    /// nothing; setting the limits again puts it right).
    pub fn limits_tampered(&self) -> bool {
        self.limits_tampered
    }
}

impl fmt::Debug for OwnerSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OwnerSession").field("person", &self.person).finish_non_exhaustive()
    }
}

fn own_password_policy(p: &Passphrase) -> Result<()> {
    check_new_passphrase(p).map_err(|e| VaultError::new(e.code, e.message))
}

/// Whether a person is someone the vault's holder cares for (the only people limits apply to).
fn is_cared_for(person: &crate::model::PersonRecord) -> bool {
    person.role.as_ref().is_some_and(|r| r.kind == phr_core::person_role::RoleKind::CaredFor)
}

pub(crate) fn own_access_needed() -> VaultError {
    VaultError::new(
        ErrorCode::OwnAccessNeeded,
        "They have not set up their own password, so nothing can be kept private from their carer yet.",
    )
}

impl Vault {
    /// Whether a person has their own password (own access) set up.
    pub fn has_own_access(&self, id: &PersonId) -> bool {
        own_key_path(&self.dir, id).is_file()
    }

    pub(crate) fn own_key_file(&self, id: &PersonId) -> Result<OwnKeyFile> {
        OwnKeyFile::read(&self.dir, id)?.ok_or_else(own_access_needed)
    }

    /// The limits the carer's app applies to a person: `None` when they have no own access
    /// (nothing is kept private). Limits whose signature does not verify come back as
    /// everything hidden and nothing allowed, with `tampered` set.
    ///
    /// The limits apply whenever the person's own key file exists, whatever their role says:
    /// the role is in the record the carer can change. The one exception is a record the
    /// person's own key signed as theirs (handed over to them, with their own access open
    /// when the package was made): it has no carer, and nothing is sealed away from them or
    /// hidden in their lists, even while their old own-access files are still beside it.
    pub fn carer_limits(&self, id: &PersonId) -> Result<Option<LimitsRule>> {
        self.person(id)?;
        Ok(OwnKeyFile::read(&self.dir, id)?.filter(|f| !f.own_record_signed()).map(|f| f.limits_rule()))
    }

    /// Whether a person's record is their own but still has a private part from when someone
    /// cared for it (a record handed over to them, their own key having signed that it is now
    /// theirs): opening it with their own password brings every entry back into the record.
    pub fn has_private_part_to_bring_back(&self, id: &PersonId) -> Result<bool> {
        self.person(id)?;
        Ok(OwnKeyFile::read(&self.dir, id)?.is_some_and(|f| f.own_record_signed()))
    }

    /// The person's own key file as a handover package carries it: the same, plus their
    /// signature (with the signing key `session` opens) that the record is now their own.
    /// The file in this vault is not changed, so the limits still apply here until the
    /// handover is confirmed (or if it never is).
    pub(crate) fn own_key_for_handover(&self, session: &OwnerSession) -> Result<Vec<u8>> {
        let mut file = self.own_key_file(&session.person)?;
        file.private_db_key(&session.owner_key)?;
        file.sign_own_record(&session.owner_key)?;
        file.to_json()
    }

    /// Refuses, and keeps in the person's log, a change of the role of someone who has their
    /// own access away from "someone I care for" while their own access is not open (the
    /// vault's actor is then not them). Their limits do not depend on the role (see
    /// [`Vault::carer_limits`]); this keeps the record's words true to them too.
    pub(crate) fn check_role_change(
        &mut self,
        id: &PersonId,
        role: Option<&phr_core::person_role::Role>,
    ) -> Result<()> {
        let leaves = role.is_none_or(|r| r.kind != phr_core::person_role::RoleKind::CaredFor);
        if !leaves || !is_cared_for(&self.person(id)?) || self.carer_limits(id)?.is_none() {
            return Ok(());
        }
        let owner = matches!(&self.acting, Some((who, phr_core::audit::Actor::Owner { .. })) if who == id);
        if owner {
            return Ok(());
        }
        self.audit_own_access_refused(
            id,
            "a change of their role away from someone you care for, without their own access open",
        );
        Err(VaultError::new(
            ErrorCode::OwnAccessNeeded,
            "They have their own password, so only they can change who they are to you: open their own access first.",
        ))
    }

    /// Sets up a cared-for person's own password: a new owner key, private part, key for
    /// sealed arrivals and signing key, and their recovery key (returned once, never stored).
    /// Nothing is hidden yet. Refused for a person who is not "someone I care for" and for one
    /// who already has own access.
    pub fn set_own_access(&mut self, id: &PersonId, password: &Passphrase) -> Result<RecoveryKey> {
        self.writable()?;
        let person = self.person(id)?;
        if !is_cared_for(&person) {
            return Err(VaultError::new(
                ErrorCode::InvalidInput,
                "Only someone you care for can have their own password for their record.",
            ));
        }
        if self.has_own_access(id) {
            return Err(VaultError::new(ErrorCode::InvalidInput, "They already have their own password."));
        }
        own_password_policy(password)?;
        let (file, _owner, db_key, recovery) = OwnKeyFile::create(id, password, self.key_file.kdf, &self.rng)?;
        // A private part without a key file is the leftover of a set-up that stopped before
        // its key file was written, or of a key file lost by accident (a sync tool, a partial
        // copy): nothing opens it now, but it is moved aside, never deleted.
        let private = private_db_path(&self.dir, id);
        let people_dir = self.dir.join(PEOPLE_DIR);
        let mut moved = false;
        for f in db_files(&private) {
            if f.exists() {
                crate::vault::quarantine_file(&people_dir, &f)?;
                moved = true;
            }
        }
        if moved {
            fsutil::sync_dir(&people_dir.join(crate::vault::QUARANTINE_DIR))?;
            fsutil::sync_dir(&people_dir)?;
        }
        let created = crate::db::open(&private, &db_key, true).map(drop).and_then(|()| file.write(&self.dir));
        if let Err(e) = created {
            for f in own_files(&self.dir, id) {
                let _ = fsutil::remove_if_present(&f);
            }
            return Err(e);
        }
        // The key file is the commit point: a failed audit entry is not a failed set-up.
        let _ = self.write_person(id, AuditAction::PersonUpdated, "own access set up", |_, _| Ok(()));
        Ok(recovery)
    }

    /// Opens a person's own access with their own password, then moves what arrived sealed
    /// for them into their private part and finishes any move of entries a crash
    /// interrupted. A wrong password is refused with OWN_PASSWORD_WRONG.
    pub fn open_own_access(&mut self, id: &PersonId, password: &Passphrase) -> Result<OwnerSession> {
        self.person(id)?;
        let file = self.own_key_file(id)?;
        let owner = file.open_with_password(password)?;
        self.start_owner_session(id, &file, owner)
    }

    /// Opens a person's own access with their recovery key and sets a new own password (the
    /// recovery key stays the same).
    pub fn open_own_access_with_recovery(
        &mut self,
        id: &PersonId,
        key: &RecoveryKey,
        new_password: &Passphrase,
    ) -> Result<OwnerSession> {
        self.writable()?;
        self.person(id)?;
        own_password_policy(new_password)?;
        let mut file = self.own_key_file(id)?;
        let owner = file.open_with_recovery(key)?;
        file.set_password(&owner, new_password, &self.rng)?;
        file.write(&self.dir)?;
        let _ = self.write_person(
            id,
            AuditAction::PersonUpdated,
            "own access opened with the recovery key; own password changed",
            |_, _| Ok(()),
        );
        self.start_owner_session(id, &file, owner)
    }

    fn start_owner_session(&mut self, id: &PersonId, file: &OwnKeyFile, owner: Key32) -> Result<OwnerSession> {
        let session =
            OwnerSession { person: id.clone(), limits_tampered: file.public_values_changed(&owner), owner_key: owner };
        if self.read_only().is_none() {
            self.move_sealed_arrivals(&session)?;
            // Only the person's own signature that the record is theirs, under the key their
            // owner key opens, empties the private part: never the role, which the carer can set.
            if file.own_record_signed() && !session.limits_tampered {
                self.bring_back_private_part(&session)?;
            } else if !session.limits_tampered {
                self.settle_private_part(&session)?;
            }
        }
        Ok(session)
    }

    /// For a record that is now the person's own: everything they kept private from their
    /// carer comes back into the record (limits that hide nothing, then the usual settle), and
    /// once the private part and the sealed arrivals are empty the own-access files go, so
    /// nothing is kept apart from the person again. A crash part-way leaves the files; the
    /// next opening finishes.
    fn bring_back_private_part(&mut self, session: &OwnerSession) -> Result<()> {
        let id = session.person.clone();
        self.write_limits(session, &CarerLimits::everything_visible())?;
        let moved = self.settle_private_part(session)?;
        let waiting = self.read_person(&id, |conn, path| crate::sealed::count(conn).map_err(|e| db_error(path, &e)))?;
        let left = self.private_entries_left(session)?;
        if waiting > 0 || left > 0 {
            return Ok(());
        }
        // The key file first: without it nothing reads the (now empty) private part, and a
        // crash before the rest leaves only an empty database that set-up clears.
        for path in own_files(&self.dir, &id) {
            fsutil::remove_if_present(&path)?;
        }
        fsutil::sync_dir(&self.dir.join(PEOPLE_DIR))?;
        let detail = format!(
            "{} entries kept private from a carer brought back into the record; own password no longer needed",
            moved.to_record
        );
        let _ = self.write_person(&id, AuditAction::PersonUpdated, &detail, |_, _| Ok(()));
        Ok(())
    }

    /// Records in the person's log that their own access was refused: a wrong own password,
    /// or a change of what they keep private tried without their own access open. `detail`
    /// says which, never a password. Best-effort: a read-only record takes no entry.
    pub fn audit_own_access_refused(&mut self, id: &PersonId, detail: &str) {
        if self.read_only().is_none() {
            let _ = self.write_person(id, AuditAction::OwnAccessRefused, detail, |_, _| Ok(()));
        }
    }

    /// Changes a person's own password. Only their own key file changes.
    pub fn change_own_password(&mut self, session: &OwnerSession, new_password: &Passphrase) -> Result<()> {
        self.writable()?;
        own_password_policy(new_password)?;
        let mut file = self.own_key_file(&session.person)?;
        file.set_password(&session.owner_key, new_password, &self.rng)?;
        file.write(&self.dir)?;
        let _ = self.write_person(&session.person, AuditAction::PersonUpdated, "own password changed", |_, _| Ok(()));
        Ok(())
    }

    /// Names the private part's entries (`kept`, entry keys) in the person's signed limits, so
    /// new versions of them are sealed on arrival; the file is written only when that changes.
    pub(crate) fn write_kept_private(&mut self, session: &OwnerSession, kept: &[String]) -> Result<()> {
        let mut file = self.own_key_file(&session.person)?;
        let before = file.limits_json.clone();
        file.resign_keeping(&session.owner_key, kept)?;
        if file.limits_json != before {
            file.write(&self.dir)?;
        }
        Ok(())
    }

    /// Signs and writes new limits in the person's own key file (atomically); the caller
    /// then moves entries (`Vault::set_carer_limits`).
    pub(crate) fn write_limits(&mut self, session: &OwnerSession, limits: &CarerLimits) -> Result<LimitsRule> {
        self.writable()?;
        let mut file = self.own_key_file(&session.person)?;
        // The owner key must open this file: a file replaced by hand since the session
        // opened is refused rather than re-signed with keys it does not hold.
        file.private_db_key(&session.owner_key)?;
        file.sign_limits(&session.owner_key, limits, &self.rng)?;
        file.write(&self.dir)?;
        Ok(file.limits_rule())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id() -> PersonId {
        PersonId::new_random()
    }

    #[test]
    fn a_new_file_round_trips_and_opens_only_with_its_secrets() {
        let rng = SystemRandom::new();
        let who = id();
        let pw = Passphrase::new("kestrel pebble harbour".into());
        let (f, owner, db_key, recovery) = OwnKeyFile::create(&who, &pw, KdfParams::FLOOR, &rng).unwrap();
        let back = OwnKeyFile::parse(&who, &f.to_json().unwrap()).unwrap();
        assert_eq!(back.open_with_password(&pw).unwrap().expose(), owner.expose());
        assert_eq!(back.open_with_recovery(&recovery).unwrap().expose(), owner.expose());
        assert_eq!(back.private_db_key(&owner).unwrap().expose(), db_key.expose());
        let wrong = back.open_with_password(&Passphrase::new("kestrel pebble harbor".into())).unwrap_err();
        assert_eq!(wrong.code, ErrorCode::OwnPasswordWrong);
        assert!(!back.limits_rule().tampered);
        assert!(!back.public_values_changed(&owner));
        // Another person's id does not open it (the associated data names the person).
        let other = OwnKeyFile::parse(&id(), &f.to_json().unwrap()).unwrap();
        assert!(other.open_with_password(&pw).is_err());
        assert!(other.limits_rule().tampered);
        let text = String::from_utf8(f.to_json().unwrap()).unwrap();
        assert!(!text.contains("AGE-SECRET-KEY"), "{text}");
        assert!(
            !format!("{f:?}{:?}", OwnerSession { person: who, owner_key: owner, limits_tampered: false })
                .contains("Key32(")
        );
    }

    #[test]
    fn limits_changed_by_hand_fail_closed() {
        let rng = SystemRandom::new();
        let who = id();
        let pw = Passphrase::new("kestrel pebble harbour".into());
        let (mut f, owner, _, _) = OwnKeyFile::create(&who, &pw, KdfParams::FLOOR, &rng).unwrap();
        let limits = CarerLimits {
            hidden: vec![phr_core::record::Sensitivity::SexualHealth],
            ..CarerLimits::everything_visible()
        };
        f.sign_limits(&owner, &limits, &rng).unwrap();
        assert!(f.limits_rule().hides(phr_core::record::Sensitivity::SexualHealth, "Condition/x"));
        let text = String::from_utf8(f.to_json().unwrap()).unwrap().replace("\"sexual_health\"", "\"mental_health\"");
        let forged = OwnKeyFile::parse(&who, text.as_bytes()).unwrap();
        let rule = forged.limits_rule();
        assert!(rule.tampered);
        assert_eq!(rule.allow, phr_core::carer_limits::CarerAllow::NONE);
        assert!(forged.public_values_changed(&owner));
    }
}
