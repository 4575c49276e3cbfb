//! Handing a record over to its person (a child at 16, an adult taking their record back): a
//! package sealed to a one-time code, a new vault made from it on the other side, and the
//! carer's copy removed only when the receipt code comes back.
//!
//! The package is one file:
//!
//! ```text
//! {"format":"phr-handover","version":1}\n      a plain header line, read before anything else
//! <an age file, sealed to the handover code (scrypt)>
//!     u32 big-endian length, then the manifest JSON:
//!       { "format": "phr-handover", "version": 1, "person_id": "<uuid>",
//!         "database_key": "<hex>", "secret": "<hex>",
//!         "files": [ { "name": "database" | "own_key" | "private_database",
//!                      "bytes": 123, "sha256": "<hex>" } ] }
//!     then each file's bytes, in the manifest's order
//! ```
//!
//! The database inside is a copy of the person's, re-keyed under a new random key that exists
//! only inside the package; the receiving side re-keys it again under a key of its own, so the
//! carer, who saw the code, holds no key to the new vault's files. The person's own-access
//! files (`<id>.own.key`, `<id>.private.db`) travel as they are: they are already under keys
//! only the person holds.
//!
//! The receipt code is derived (HKDF) from the package's random `secret` and the SHA-256 of the
//! whole package file, so only someone who opened the package can say it, and the carer's vault
//! checks it against a hash it kept (`people/<id>.handover`), never the code.
//!
//! The receiving vault keeps the receipt code until the person says they gave it, so closing
//! the app first does not lose it: `people/<id>.receipt`, a small JSON file beside the
//! person's database holding the code wrapped by the vault's master key (AES-256-GCM, with
//! associated data naming the field and the person). A file, not a row in the person's
//! database: it needs no migration, it is not part of their health record (it is never
//! exported, shared or handed on), and "given" removes it whole.

use std::fmt;
use std::io::{BufRead, BufReader, Read, Write};
use std::iter;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use age::secrecy::SecretString;
use phr_core::audit::AuditAction;
use phr_core::crockford::{check_symbol, check_value, data_value, symbol};
use phr_core::passphrase::Passphrase;
use phr_core::person_role::Role;
use phr_core::recovery_key::RecoveryKey;
use phr_core::{Clock, ErrorCode};
use ring::digest;
use ring::rand::SystemRandom;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::error::{Result, VaultError, db_error};
use crate::kdf::KdfChoice;
use crate::keyfile::KeyFile;
use crate::keys::{self, Key32};
use crate::model::PersonId;
use crate::own_access::OwnerSession;
use crate::vault::{OpenPerson, PEOPLE_DIR, Vault, db_files, db_path};
use crate::{db, fsutil, hex, person_store};

const FORMAT: &str = "phr-handover";
/// The package format this version writes and reads.
pub const HANDOVER_VERSION: u32 = 1;
const PENDING_FORMAT: &str = "phr-handover-pending";
const RECEIPT_FORMAT: &str = "phr-handover-receipt";
/// The associated data the kept receipt code is wrapped with, followed by the person's id.
const RECEIPT_AAD: &[u8] = b"phr-handover/v1/kept-receipt\0";
/// The most the header line and the manifest may be: both are small.
pub(crate) const MAX_HEADER: usize = 256;
const MAX_MANIFEST: u32 = 64 << 10;
const PIECE: usize = 64 << 10;
const HKDF_INFO_RECEIPT: &[u8] = b"phr-handover/v1/receipt";
const RECEIPT_VERIFIER_DOMAIN: &[u8] = b"phr-handover/v1/receipt-verifier\0";

/// The scrypt work factor (log2 N) a package is sealed with: age's default, as for a share
/// sealed to an access code. 75 random bits behind it are far beyond guessing.
const WORK_FACTOR: u8 = 18;
/// The most work opening will do: one step more than sealing, so a crafted header cannot make
/// the receiving app work for minutes.
const MAX_WORK_FACTOR: u8 = WORK_FACTOR + 1;

/// The files a package carries, by their name in the manifest and beside the database.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Carried {
    Database,
    OwnKey,
    PrivateDatabase,
}

impl Carried {
    const ALL: [Carried; 3] = [Carried::Database, Carried::OwnKey, Carried::PrivateDatabase];

    fn name(self) -> &'static str {
        match self {
            Carried::Database => "database",
            Carried::OwnKey => "own_key",
            Carried::PrivateDatabase => "private_database",
        }
    }

    /// Where the file is in a vault (the own-access files' names are fixed by the design).
    fn path(self, dir: &Path, id: &PersonId) -> PathBuf {
        let people = dir.join(PEOPLE_DIR);
        match self {
            Carried::Database => db_path(dir, id),
            Carried::OwnKey => people.join(format!("{id}.own.key")),
            Carried::PrivateDatabase => people.join(format!("{id}.private.db")),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The codes

/// 15 symbols of 5 bits (75 random bits), then a mod-37 check symbol: 16 in four groups.
const CODE_DATA: usize = 15;
const RECEIPT_SYMBOLS: usize = 8;

/// The one-time code a handover package is sealed to: 75 random bits as 15 symbols and a check
/// symbol, in groups of four ("K7QM-2XD9-4HRT-8WP5"). Its grouped form is the passphrase given
/// to age. Not `Clone`; zeroized on drop; `Debug` shows nothing.
pub struct HandoverCode(Zeroizing<String>);

impl HandoverCode {
    fn generate(rng: &SystemRandom) -> Result<Self> {
        let bytes = Zeroizing::new(keys::random_bytes::<16>(rng)?);
        let value = Zeroizing::new(u128::from_be_bytes(*bytes) >> (128 - 5 * CODE_DATA));
        Ok(Self::from_value(*value))
    }

    fn from_value(value: u128) -> Self {
        let mut symbols = Zeroizing::new(Vec::with_capacity(CODE_DATA + 1));
        for i in (0..CODE_DATA).rev() {
            symbols.push(symbol((value >> (5 * i)) as usize & 31));
        }
        symbols.push(check_symbol((value % 37) as usize));
        Self(grouped(&symbols))
    }

    /// Reads a code as a person typed it: any case, spaces and dashes anywhere, `O` read as 0,
    /// `I` and `L` as 1. A typing slip is caught by the check symbol before any work is done.
    pub fn parse(text: &str) -> Result<Self> {
        let malformed = |why: String| VaultError::new(ErrorCode::HandoverCodeMalformed, why);
        let symbols: Zeroizing<Vec<char>> =
            Zeroizing::new(text.chars().filter(|c| *c != '-' && !c.is_whitespace()).collect());
        if symbols.len() != CODE_DATA + 1 {
            return Err(malformed(format!(
                "A handover code has 16 letters and digits, like K7QM-2XD9-4HRT-8WP5; this has {}. Check that you copied all of it.",
                symbols.len()
            )));
        }
        let mut value = Zeroizing::new(0u128);
        for (i, &c) in symbols.iter().enumerate() {
            if i == CODE_DATA {
                let check = check_value(c).ok_or_else(|| bad_character(c))?;
                if u128::from(check) != *value % 37 {
                    return Err(malformed(
                        "This handover code has a typing mistake: its last character does not match the others. Check each character again.".to_owned(),
                    ));
                }
            } else {
                let digit = data_value(c).ok_or_else(|| bad_character(c))?;
                *value = (*value << 5) | u128::from(digit);
            }
        }
        Ok(Self::from_value(*value))
    }

    /// The code as it is shown and written down: "K7QM-2XD9-4HRT-8WP5".
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for HandoverCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("HandoverCode(****)")
    }
}

fn bad_character(c: char) -> VaultError {
    VaultError::new(
        ErrorCode::HandoverCodeMalformed,
        format!(
            "A handover code cannot hold '{}': it uses the digits 0 to 9 and the letters A to Z without I, L, O and U.",
            c.escape_default()
        ),
    )
}

/// The short code the receiving app shows, typed back into the carer's app to finish the
/// handover: 8 symbols from the same alphabet ("7KQM-2XD9"), 40 bits.
#[derive(Clone, PartialEq, Eq)]
pub struct ReceiptCode(String);

impl ReceiptCode {
    fn derive(secret: &[u8; 32], package_hash: &[u8; 32]) -> Result<Self> {
        let k = keys::hkdf32(package_hash, secret, HKDF_INFO_RECEIPT)?;
        let bits = k.expose().iter().take(5).fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
        let symbols: Vec<char> = (0..RECEIPT_SYMBOLS).rev().map(|i| symbol((bits >> (5 * i)) as usize & 31)).collect();
        Ok(Self(grouped(&symbols).to_string()))
    }

    /// Reads a receipt as typed: any case, spaces and dashes anywhere, Crockford's aliases.
    pub fn parse(text: &str) -> Result<Self> {
        let mut symbols = Vec::with_capacity(RECEIPT_SYMBOLS);
        for c in text.chars().filter(|c| *c != '-' && !c.is_whitespace()) {
            let wrong = || {
                VaultError::new(
                    ErrorCode::HandoverReceiptWrong,
                    format!(
                        "A receipt code cannot hold '{}': it uses the digits 0 to 9 and the letters A to Z without I, L, O and U.",
                        c.escape_default()
                    ),
                )
            };
            symbols.push(symbol(usize::from(data_value(c).ok_or_else(wrong)?)));
        }
        if symbols.len() != RECEIPT_SYMBOLS {
            return Err(VaultError::new(
                ErrorCode::HandoverReceiptWrong,
                format!(
                    "A receipt code has 8 letters and digits, like 7KQM-2XD9; this has {}. Check it on the other screen.",
                    symbols.len()
                ),
            ));
        }
        Ok(Self(grouped(&symbols).to_string()))
    }

    /// "7KQM-2XD9".
    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn verifier(&self, package_hash: &[u8; 32]) -> [u8; 32] {
        let mut ctx = digest::Context::new(&digest::SHA256);
        ctx.update(RECEIPT_VERIFIER_DOMAIN);
        ctx.update(package_hash);
        ctx.update(self.0.as_bytes());
        let mut out = [0u8; 32];
        out.copy_from_slice(ctx.finish().as_ref());
        out
    }
}

impl fmt::Debug for ReceiptCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ReceiptCode(****)")
    }
}

fn grouped(symbols: &[char]) -> Zeroizing<String> {
    let mut out = Zeroizing::new(String::with_capacity(symbols.len() + symbols.len() / 4));
    for (i, c) in symbols.iter().enumerate() {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        out.push(*c);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The manifest and the pending handover

#[derive(Serialize, Deserialize)]
struct HeaderLine {
    format: String,
    version: u32,
}

#[derive(Serialize, Deserialize)]
struct Manifest {
    format: String,
    version: u32,
    person_id: String,
    database_key: String,
    secret: String,
    files: Vec<ManifestFile>,
}

#[derive(Serialize, Deserialize)]
struct ManifestFile {
    name: String,
    bytes: u64,
    sha256: String,
}

/// What the carer's vault keeps while a handover waits for its receipt: no code, no key.
#[derive(Serialize, Deserialize)]
struct Pending {
    format: String,
    version: u32,
    person_id: String,
    package_sha256: String,
    receipt_verifier: String,
}

fn pending_path(dir: &Path, id: &PersonId) -> PathBuf {
    dir.join(PEOPLE_DIR).join(format!("{id}.handover"))
}

/// What the receiving vault keeps until the person says they gave the receipt code.
#[derive(Serialize, Deserialize)]
struct KeptReceipt {
    format: String,
    version: u32,
    /// The receipt code, wrapped by the vault's master key.
    receipt: String,
}

fn receipt_path(dir: &Path, id: &PersonId) -> PathBuf {
    dir.join(PEOPLE_DIR).join(format!("{id}.receipt"))
}

/// The kept receipt code wrapped under the next master key while a key rotation commits
/// (see [`Vault::stage_receipts`]).
fn receipt_next_path(dir: &Path, id: &PersonId) -> PathBuf {
    dir.join(PEOPLE_DIR).join(format!("{id}.receipt.next"))
}

fn receipt_aad(id: &PersonId) -> Vec<u8> {
    [RECEIPT_AAD, id.to_string().as_bytes()].concat()
}

/// What [`Vault::accept_handover`] gives: the new vault (unlocked), its recovery key (shown
/// once, never stored), the receipt code to type into the carer's app, and whose record it is.
pub struct HandoverAccepted {
    pub vault: Vault,
    pub recovery_key: RecoveryKey,
    pub receipt: ReceiptCode,
    pub person_id: PersonId,
}

impl fmt::Debug for HandoverAccepted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HandoverAccepted").field("vault", &self.vault).finish_non_exhaustive()
    }
}

fn damaged(path: &Path, why: &str) -> VaultError {
    VaultError::new(
        ErrorCode::HandoverPackageDamaged,
        format!(
            "This handover package has been changed or damaged since it was made ({why}). Nothing was saved. Ask for a new package."
        ),
    )
    .at(path)
}

fn sha256_hex(bytes: &[u8; 32]) -> String {
    hex::encode(bytes)
}

/// A writer that hashes everything it passes on.
struct Hashing<W> {
    inner: W,
    ctx: digest::Context,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.ctx.update(buf.get(..n).unwrap_or_default());
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

fn to32(d: digest::Digest) -> [u8; 32] {
    let mut out = [0u8; 32];
    out.copy_from_slice(d.as_ref());
    out
}

// ---------------------------------------------------------------------------------------------
// Making the package (the carer's side)

impl Vault {
    /// Writes a handover package of the person's record to `out` (which must not exist) and
    /// returns the one-time code it is sealed to, shown once and never stored.
    ///
    /// The person's database is copied under a new random key (the same export as a key
    /// rotation), their own-access files are carried as they are when present, and the whole
    /// is sealed with age to the code. The package is written to a private temporary file
    /// beside `out`, synced, and renamed to `out`; before the rename the vault records the
    /// pending handover (the package's hash and a hash of the receipt it gives), so
    /// [`Vault::confirm_handover`] can check the receipt. Nothing of the person is removed:
    /// that waits for the receipt. Audited "handover package made".
    ///
    /// Refused with OWN_ACCESS_NEEDED for a person who has their own access: their record is
    /// handed over with it open ([`Vault::create_handover_as_owner`]).
    pub fn create_handover(&mut self, id: &PersonId, out: &Path) -> Result<HandoverCode> {
        self.make_handover(id, out, None)
    }

    /// [`Vault::create_handover`] for a person with their own access open (`session`): the
    /// package's copy of their own key file carries their signature that the record is now
    /// their own, so in the vault that receives it nothing is kept from them and their next
    /// opening of own access brings their private entries back into the record. The file in
    /// this vault stays as it was: here the limits still apply.
    pub fn create_handover_as_owner(&mut self, session: &OwnerSession, out: &Path) -> Result<HandoverCode> {
        let id = session.person().clone();
        self.make_handover(&id, out, Some(session))
    }

    fn make_handover(&mut self, id: &PersonId, out: &Path, owner: Option<&OwnerSession>) -> Result<HandoverCode> {
        self.writable()?;
        self.find_person(id)?;
        let own_key = if self.has_own_access(id) {
            let Some(session) = owner.filter(|s| s.person() == id) else {
                return Err(VaultError::new(
                    ErrorCode::OwnAccessNeeded,
                    "They have their own password: open their own access to hand their record over to them.",
                ));
            };
            Some(Zeroizing::new(self.own_key_for_handover(session)?))
        } else {
            None
        };
        if out.exists() {
            return Err(VaultError::new(
                ErrorCode::Io,
                "A file with that name is already there. Choose another name for the handover package.",
            )
            .at(out));
        }
        let code = HandoverCode::generate(&self.rng)?;
        let secret = Zeroizing::new(keys::random_bytes::<32>(&self.rng)?);
        let key = Key32::random(&self.rng)?;
        let people_dir = self.dir.join(PEOPLE_DIR);

        // The re-keyed copy, in a private temporary file beside the database (a copy an earlier
        // handover left when it was stopped is under a key that no longer exists anywhere).
        remove_unfinished(&people_dir, &format!(".{id}.handover."), false);
        let (file, copy) = fsutil::create_temp(&people_dir, &format!("{id}.handover"))
            .map_err(|e| VaultError::io("make a copy of the record for the handover", &people_dir, &e))?;
        drop(file);
        let mut own_copy: Option<std::path::PathBuf> = None;
        let made = (|| {
            {
                let p = self.find_person(id)?;
                db::checkpoint(&p.conn, &p.path)?;
                // The kept GP connection stays behind: it was made with whoever signed in
                // then, and the record's new holder connects with their own sign-in.
                db::export_rekeyed_leaving_out(&p.conn, &p.path, &copy, &key, &["gp_connection"])?;
            }
            let mut files = vec![(Carried::Database, copy.clone())];
            if let Some(bytes) = &own_key {
                // The package's copy of the own key file, with the person's signature that the
                // record is now their own (see `Vault::own_key_for_handover`).
                let (mut f, path) = fsutil::create_temp(&people_dir, &format!("{id}.handover"))
                    .map_err(|e| VaultError::io("make a copy of the record for the handover", &people_dir, &e))?;
                own_copy = Some(path.clone());
                std::io::Write::write_all(&mut f, bytes)
                    .and_then(|()| f.sync_all())
                    .map_err(|e| VaultError::io("make a copy of the record for the handover", &path, &e))?;
                files.push((Carried::OwnKey, path));
            }
            let private = Carried::PrivateDatabase.path(&self.dir, id);
            if private.is_file() {
                files.push((Carried::PrivateDatabase, private));
            }
            self.seal_package(id, &code, &secret, &key, &files, out)
        })();
        let _ = fsutil::remove_if_present(&copy);
        if let Some(path) = &own_copy {
            let _ = fsutil::remove_if_present(path);
        }
        let (tmp, package_hash) = made?;

        let receipt = ReceiptCode::derive(&secret, &package_hash)?;
        let placed = (|| {
            let pending = Pending {
                format: PENDING_FORMAT.to_owned(),
                version: HANDOVER_VERSION,
                person_id: id.to_string(),
                package_sha256: sha256_hex(&package_hash),
                receipt_verifier: hex::encode(&receipt.verifier(&package_hash)),
            };
            let bytes = serde_json::to_vec_pretty(&pending)
                .map_err(|e| VaultError::internal(format!("could not encode the pending handover: {e}")))?;
            fsutil::write_atomic(&pending_path(&self.dir, id), &bytes)?;
            if out.exists() {
                return Err(VaultError::new(
                    ErrorCode::Io,
                    "A file with that name appeared while the package was made. Choose another name.",
                )
                .at(out));
            }
            std::fs::rename(&tmp, out).map_err(|e| VaultError::io("save the handover package", out, &e))
        })();
        if let Err(e) = placed {
            let _ = fsutil::remove_if_present(&tmp);
            return Err(e);
        }
        if let Ok(parent) = fsutil::parent(out) {
            let _ = fsutil::sync_dir(parent);
        }
        // The package is made from the rename on: an audit entry that cannot be written (a
        // full disk) must not report it as failed.
        let _ = self.write_person(
            id,
            AuditAction::HandoverPackageMade,
            "handover package made; the record stays here until its receipt code is typed in",
            |_, _| Ok(()),
        );
        Ok(code)
    }

    /// Writes the sealed package into a new private temporary file beside `out`, synced, and
    /// returns it with the SHA-256 of its bytes.
    fn seal_package(
        &self,
        id: &PersonId,
        code: &HandoverCode,
        secret: &[u8; 32],
        key: &Key32,
        files: &[(Carried, PathBuf)],
        out: &Path,
    ) -> Result<(PathBuf, [u8; 32])> {
        let mut listed = Vec::with_capacity(files.len());
        for (c, path) in files {
            let (bytes, hash) = fsutil::hash_file(path)?;
            listed.push(ManifestFile { name: c.name().to_owned(), bytes, sha256: sha256_hex(&hash) });
        }
        let hashes: Vec<String> = listed.iter().map(|f| f.sha256.clone()).collect();
        let mut manifest = Manifest {
            format: FORMAT.to_owned(),
            version: HANDOVER_VERSION,
            person_id: id.to_string(),
            database_key: hex::encode(key.expose()),
            secret: hex::encode(secret),
            files: listed,
        };
        let manifest_json = Zeroizing::new(
            serde_json::to_vec(&manifest)
                .map_err(|e| VaultError::internal(format!("could not encode the handover manifest: {e}")))?,
        );
        // The key's text, zeroized (the JSON copy above is too).
        drop(Zeroizing::new(std::mem::take(&mut manifest.database_key)));
        drop(Zeroizing::new(std::mem::take(&mut manifest.secret)));

        let dir = fsutil::parent(out)?;
        let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let (file, tmp) =
            fsutil::create_temp(dir, &name).map_err(|e| VaultError::io("save the handover package", out, &e))?;
        let written = (|| -> std::io::Result<[u8; 32]> {
            let mut w = Hashing { inner: std::io::BufWriter::new(file), ctx: digest::Context::new(&digest::SHA256) };
            let header = serde_json::to_vec(&HeaderLine { format: FORMAT.to_owned(), version: HANDOVER_VERSION })
                .map_err(std::io::Error::other)?;
            w.write_all(&header)?;
            w.write_all(b"\n")?;
            let mut recipient = age::scrypt::Recipient::new(SecretString::from(code.as_str().to_owned()));
            recipient.set_work_factor(WORK_FACTOR);
            let encryptor = age::Encryptor::with_recipients(iter::once(&recipient as &dyn age::Recipient))
                .map_err(std::io::Error::other)?;
            let mut sealed = encryptor.wrap_output(&mut w)?;
            let len = u32::try_from(manifest_json.len()).map_err(std::io::Error::other)?;
            sealed.write_all(&len.to_be_bytes())?;
            sealed.write_all(&manifest_json)?;
            let mut buf = vec![0u8; PIECE];
            for (_, path) in files {
                let mut f = std::fs::File::open(path)?;
                loop {
                    let n = f.read(&mut buf)?;
                    let Some(piece) = buf.get(..n).filter(|p| !p.is_empty()) else { break };
                    sealed.write_all(piece)?;
                }
            }
            sealed.finish()?;
            w.flush()?;
            let Hashing { inner, ctx } = w;
            let file = inner.into_inner().map_err(|e| std::io::Error::other(e.to_string()))?;
            file.sync_all()?;
            Ok(to32(ctx.finish()))
        })();
        match written {
            Ok(hash) => {
                // Every file was hashed before it was sealed: one that changed meanwhile (an
                // own-access file rewritten by the person) would give a package that is refused.
                for ((_, path), listed) in files.iter().zip(&hashes) {
                    if fsutil::hash_file(path).ok().map(|(_, h)| sha256_hex(&h)).as_ref() != Some(listed) {
                        let _ = fsutil::remove_if_present(&tmp);
                        return Err(VaultError::new(
                            ErrorCode::Io,
                            "A record file changed while the handover package was made. Try again.",
                        ));
                    }
                }
                Ok((tmp, hash))
            }
            Err(e) => {
                let _ = fsutil::remove_if_present(&tmp);
                Err(VaultError::io("save the handover package", out, &e))
            }
        }
    }

    /// Finishes a handover: checks `receipt` against the pending handover of `id`, then
    /// removes the person by crypto-shredding (their key leaves the key file first, so no copy
    /// of their database in this vault's folder can be read after it; a backup made before
    /// still holds the key wrapped as it was then; then their files are deleted, as
    /// [`Vault::delete_person`] does). Until a right receipt, nothing is removed; a wrong one
    /// is refused (`HANDOVER_RECEIPT_WRONG`) and recorded in the person's audit log.
    pub fn confirm_handover(&mut self, id: &PersonId, receipt: &str) -> Result<()> {
        self.writable()?;
        self.find_person(id)?;
        let path = pending_path(&self.dir, id);
        let not_waiting = || {
            VaultError::new(
                ErrorCode::HandoverNotWaiting,
                "No handover of this record is waiting for a receipt. Make a handover package first.",
            )
        };
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(not_waiting()),
            Err(e) => return Err(VaultError::io("read the waiting handover", &path, &e)),
        };
        let pending: Pending = serde_json::from_slice(&bytes).map_err(|_| not_waiting())?;
        let package_hash = hex::decode(&pending.package_sha256)
            .and_then(|b| <[u8; 32]>::try_from(b).ok())
            .filter(|_| pending.format == PENDING_FORMAT && pending.person_id == id.to_string())
            .ok_or_else(not_waiting)?;
        let expected = hex::decode(&pending.receipt_verifier).ok_or_else(not_waiting)?;
        let refused = || {
            VaultError::new(
                ErrorCode::HandoverReceiptWrong,
                "That receipt code does not match the handover package. Check it on the other screen and type it again. Nothing was removed.",
            )
        };
        let matches = match ReceiptCode::parse(receipt) {
            Ok(r) => r.verifier(&package_hash).as_slice() == expected.as_slice(),
            Err(e) => return Err(e),
        };
        if !matches {
            let _ = self.write_person(
                id,
                AuditAction::HandoverReceiptRefused,
                "a receipt code that does not match the handover package was refused; nothing was removed",
                |_, _| Ok(()),
            );
            return Err(refused());
        }
        // The key file is the commit point (delete_person writes it first).
        self.delete_person(id)?;
        for c in [Carried::OwnKey, Carried::PrivateDatabase] {
            for f in db_files(&c.path(&self.dir, id)) {
                let _ = fsutil::remove_if_present(&f);
            }
        }
        let _ = fsutil::remove_if_present(&path);
        let _ = fsutil::sync_dir(&self.dir.join(PEOPLE_DIR));
        let _ = self.audit_everyone(&[(
            AuditAction::HandoverConfirmed,
            "a record was handed over to its person and removed from this vault after its receipt",
        )]);
        Ok(())
    }

    /// Whether a handover of `id` is waiting for its receipt.
    pub fn handover_pending(&self, id: &PersonId) -> bool {
        pending_path(&self.dir, id).is_file()
    }

    // -----------------------------------------------------------------------------------------
    // The receipt code kept on the person's side

    /// Keeps `receipt` for `id` until [`Vault::receipt_given`], wrapped by the master key.
    fn keep_receipt(&self, id: &PersonId, receipt: &ReceiptCode) -> Result<()> {
        self.write_receipt(&receipt_path(&self.dir, id), &self.master, id, receipt)
    }

    fn write_receipt(&self, path: &Path, master: &Key32, id: &PersonId, receipt: &ReceiptCode) -> Result<()> {
        let wrapped = master.wrap(receipt.as_str().as_bytes(), &receipt_aad(id), &self.rng)?;
        let kept = KeptReceipt {
            format: RECEIPT_FORMAT.to_owned(),
            version: HANDOVER_VERSION,
            receipt: hex::encode(&wrapped),
        };
        let bytes = serde_json::to_vec_pretty(&kept)
            .map_err(|e| VaultError::internal(format!("could not encode the kept receipt code: {e}")))?;
        fsutil::write_atomic(path, &bytes)
    }

    /// Before a key rotation writes its key file: each kept receipt code is written again
    /// beside the old, wrapped by the next master key (`<id>.receipt.next`). Whichever master
    /// key the key file ends with (a crash can stop the rotation before or after it), one of
    /// the two copies opens with it, so a rotation never loses a code still to be given.
    pub(crate) fn stage_receipts(&self, next_master: &Key32) -> Result<()> {
        for p in &self.people {
            if let Ok(Some(code)) = self.handover_receipt(&p.id) {
                self.write_receipt(&receipt_next_path(&self.dir, &p.id), next_master, &p.id, &code)?;
            }
        }
        Ok(())
    }

    /// After the key file names the new master key: the copies [`Vault::stage_receipts`]
    /// wrote replace the old ones. A failure leaves the next copy, which reading tries too.
    pub(crate) fn settle_receipts(&self) {
        let mut moved = false;
        for p in &self.people {
            let next = receipt_next_path(&self.dir, &p.id);
            if next.is_file() {
                moved |= std::fs::rename(&next, receipt_path(&self.dir, &p.id)).is_ok();
            }
        }
        if moved {
            let _ = fsutil::sync_dir(&self.dir.join(PEOPLE_DIR));
        }
    }

    /// The receipt code of the handover that brought `id`'s record into this vault, while
    /// the person has not yet said they gave it back ([`Vault::receipt_given`]); `None` after,
    /// and for a record that did not come by handover. A kept code that does not open with
    /// this vault's key is reported as damaged.
    pub fn handover_receipt(&self, id: &PersonId) -> Result<Option<ReceiptCode>> {
        self.find_person(id)?;
        match self.read_receipt(&receipt_path(&self.dir, id), id) {
            // A rotation stopped after its key file and before its staged copy replaced this
            // one: the copy opens with the key in force.
            Err(e) if receipt_next_path(&self.dir, id).is_file() => {
                self.read_receipt(&receipt_next_path(&self.dir, id), id).map_err(|_| e)
            }
            other => other,
        }
    }

    fn read_receipt(&self, path: &Path, id: &PersonId) -> Result<Option<ReceiptCode>> {
        let path = path.to_path_buf();
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(VaultError::io("read the kept receipt code", &path, &e)),
        };
        let bad = || {
            VaultError::new(
                ErrorCode::KeyFileDamaged,
                "The receipt code kept for this record cannot be read: the file that keeps it was changed or damaged.",
            )
            .at(&path)
        };
        let kept: KeptReceipt = serde_json::from_slice(&bytes).map_err(|_| bad())?;
        if kept.format != RECEIPT_FORMAT || kept.version != HANDOVER_VERSION {
            return Err(bad());
        }
        let wrapped = hex::decode(&kept.receipt).ok_or_else(bad)?;
        let plain = self.master.unwrap_bytes(&wrapped, &receipt_aad(id)).ok_or_else(bad)?;
        let text = std::str::from_utf8(&plain).map_err(|_| bad())?;
        ReceiptCode::parse(text).map(Some).map_err(|_| bad())
    }

    /// The person says they gave the receipt code back: it is no longer kept, and their log
    /// says so (`HandoverReceiptGiven`). Nothing else changes; saying it twice is harmless and
    /// logged once.
    pub fn receipt_given(&mut self, id: &PersonId) -> Result<()> {
        self.writable()?;
        self.find_person(id)?;
        let path = receipt_path(&self.dir, id);
        let kept = path.exists();
        fsutil::remove_if_present(&path)?;
        fsutil::remove_if_present(&receipt_next_path(&self.dir, id))?;
        let _ = fsutil::sync_dir(&self.dir.join(PEOPLE_DIR));
        if kept {
            // The code is gone from the removal on: an audit entry that cannot be written (a
            // full disk) must not report it as still kept.
            let _ = self.write_person(
                id,
                AuditAction::HandoverReceiptGiven,
                "said the receipt code was given back; it is no longer kept in this app",
                |_, _| Ok(()),
            );
        }
        Ok(())
    }

    // -----------------------------------------------------------------------------------------
    // Receiving the package (the person's side)

    /// Makes a new vault in `dir` (absent or empty) from a handover package: its own password
    /// (`new_password`) and a new recovery key, the person's record re-keyed under a key of
    /// this vault's, their own-access files when carried, the person marked "me", and
    /// "record received by handover" audited on top of the history carried with it.
    ///
    /// Everything is written in a private folder beside `dir` and renamed to `dir` last: a
    /// wrong code (`HANDOVER_WRONG_CODE`), a damaged package (`HANDOVER_PACKAGE_DAMAGED`), a
    /// newer package (`UNSUPPORTED_VERSION`) or a crash leave `dir` as it was. The package
    /// file is only read.
    pub fn accept_handover(
        package: &Path,
        code: &HandoverCode,
        dir: &Path,
        new_password: &Passphrase,
        kdf: KdfChoice,
        clock: Arc<dyn Clock>,
    ) -> Result<HandoverAccepted> {
        phr_core::passphrase::check_new_passphrase(new_password).map_err(|e| VaultError::new(e.code, e.message))?;
        ensure_empty(dir)?;
        read_header(package)?;
        let (_, package_hash) = fsutil::hash_file(package)?;

        let parent = fsutil::parent(dir)?;
        fsutil::create_private_dir(parent)?;
        let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        remove_unfinished(parent, &format!(".{name}.handover."), true);
        let tmp = fsutil::create_temp_dir(parent, &format!("{name}.handover"))
            .map_err(|e| VaultError::io("make a folder for the new vault", parent, &e))?;
        let made = (|| {
            let (vault, recovery) = Vault::create(&tmp, new_password, kdf, clock.clone())?;
            let (vault, person_id, secret) = receive_into(vault, package, code)?;
            // Checked again: the file could have changed between the hash and the reading.
            let (_, again) = fsutil::hash_file(package)?;
            if again != package_hash {
                return Err(damaged(package, "it changed while it was being read"));
            }
            let receipt = ReceiptCode::derive(&secret, &package_hash)?;
            // Kept in the new vault before it is moved into place, so closing the app before
            // the code is given does not lose it.
            vault.keep_receipt(&person_id, &receipt)?;
            let Vault { people, master, key_file, _lock: lock, .. } = vault;
            drop(people);
            fsutil::move_into_place(&tmp, dir, "the new vault")?;
            let _ = fsutil::sync_dir(parent);
            Ok((lock, key_file, master, recovery, receipt, person_id))
        })();
        let (lock, key_file, master, recovery_key, receipt, person_id) = match made {
            Ok(m) => m,
            Err(e) => {
                let _ = std::fs::remove_dir_all(&tmp);
                return Err(e);
            }
        };
        let vault = Vault::open(dir, lock, key_file, master, clock).map_err(|e| {
            VaultError::new(
                e.code,
                format!("The record was received, but the new vault could not be opened after it: {}", e.message),
            )
            .at(dir)
        })?;
        Ok(HandoverAccepted { vault, recovery_key, receipt, person_id })
    }

    fn find_person(&self, id: &PersonId) -> Result<&OpenPerson> {
        self.people
            .iter()
            .find(|p| p.id == *id)
            .ok_or_else(|| VaultError::new(ErrorCode::PersonNotFound, "No person with that id is in this vault"))
    }
}

/// The version a package's header names, checked before any work: a newer one needs a newer
/// app, which is not the same as a damaged package.
fn read_header(package: &Path) -> Result<()> {
    let f = std::fs::File::open(package).map_err(|e| VaultError::io("read the handover package", package, &e))?;
    let mut line = Vec::new();
    BufReader::new(f)
        .take(MAX_HEADER as u64)
        .read_until(b'\n', &mut line)
        .map_err(|e| VaultError::io("read the handover package", package, &e))?;
    check_header_line(&line, package)
}

/// [`read_header`]'s check of the first line (at most `MAX_HEADER` bytes), apart from the file.
pub(crate) fn check_header_line(line: &[u8], package: &Path) -> Result<()> {
    let not_package = || {
        VaultError::new(ErrorCode::UnsupportedFormat, "This file is not a handover package made by this app.")
            .at(package)
    };
    let header: serde_json::Value = serde_json::from_slice(line).map_err(|_| not_package())?;
    if header.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(not_package());
    }
    match header.get("version").and_then(serde_json::Value::as_u64) {
        Some(v) if v == u64::from(HANDOVER_VERSION) => Ok(()),
        Some(v) if v > u64::from(HANDOVER_VERSION) => Err(VaultError::new(
            ErrorCode::UnsupportedVersion,
            format!(
                "This handover package needs a newer version of the app (package format {v}; this version reads format {HANDOVER_VERSION}). Update the app, then receive the record again."
            ),
        )
        .at(package)),
        _ => Err(damaged(package, "its first line is not readable")),
    }
}

/// Decrypts the package into `vault` (new, empty, in its temporary folder): the files are
/// written and checked, the database re-keyed under a key of this vault's, the person marked
/// "me" with the audit entry, and the key file written. Returns the vault, the person's id and
/// the package's secret (for the receipt).
fn receive_into(
    mut vault: Vault,
    package: &Path,
    code: &HandoverCode,
) -> Result<(Vault, PersonId, Zeroizing<[u8; 32]>)> {
    let f = std::fs::File::open(package).map_err(|e| VaultError::io("read the handover package", package, &e))?;
    let mut reader = BufReader::new(f);
    let mut line = Vec::new();
    (&mut reader)
        .take(MAX_HEADER as u64)
        .read_until(b'\n', &mut line)
        .map_err(|e| VaultError::io("read the handover package", package, &e))?;
    let decryptor =
        age::Decryptor::new_buffered(reader).map_err(|_| damaged(package, "its sealed part is not readable"))?;
    if !decryptor.is_scrypt() {
        return Err(damaged(package, "it is not sealed to a handover code"));
    }
    let mut identity = age::scrypt::Identity::new(SecretString::from(code.as_str().to_owned()));
    identity.set_max_work_factor(MAX_WORK_FACTOR);
    let mut sealed = decryptor.decrypt(iter::once(&identity as &dyn age::Identity)).map_err(|e| match e {
        age::DecryptError::DecryptionFailed | age::DecryptError::KeyDecryptionFailed => VaultError::new(
            ErrorCode::HandoverWrongCode,
            "That handover code does not open this package. Check it with the person who made the package. Nothing was saved.",
        ),
        _ => damaged(package, "its sealed part is damaged"),
    })?;
    let io_damaged = |_: std::io::Error| damaged(package, "it is cut short or its sealed part was changed");

    let mut len = [0u8; 4];
    sealed.read_exact(&mut len).map_err(io_damaged)?;
    let len = u32::from_be_bytes(len);
    if len > MAX_MANIFEST {
        return Err(damaged(package, "its list of contents is too long"));
    }
    let mut manifest_json = Zeroizing::new(vec![0u8; len as usize]);
    sealed.read_exact(&mut manifest_json).map_err(io_damaged)?;
    let mut manifest: Manifest =
        serde_json::from_slice(&manifest_json).map_err(|_| damaged(package, "its list of contents is not readable"))?;
    let key_text = Zeroizing::new(std::mem::take(&mut manifest.database_key));
    let secret_text = Zeroizing::new(std::mem::take(&mut manifest.secret));
    if manifest.format != FORMAT || manifest.version != HANDOVER_VERSION {
        return Err(damaged(package, "its sealed part names another format"));
    }
    let id: PersonId = manifest.person_id.parse().map_err(|_| damaged(package, "its person is not valid"))?;
    if id.to_string() != manifest.person_id {
        return Err(damaged(package, "its person is not valid"));
    }
    let package_key = hex::decode(&key_text)
        .map(Zeroizing::new)
        .and_then(|b| <[u8; 32]>::try_from(b.as_slice()).ok())
        .map(|k| Key32::from_array(Zeroizing::new(k)))
        .ok_or_else(|| damaged(package, "its record key is not valid"))?;
    let secret = hex::decode(&secret_text)
        .map(Zeroizing::new)
        .and_then(|b| <[u8; 32]>::try_from(b.as_slice()).ok())
        .map(Zeroizing::new)
        .ok_or_else(|| damaged(package, "its receipt secret is not valid"))?;
    if manifest.files.first().map(|f| f.name.as_str()) != Some(Carried::Database.name()) {
        return Err(damaged(package, "it holds no record"));
    }

    // The files, each checked against its hash as it is written.
    let people = vault.dir.join(PEOPLE_DIR);
    let received_db = people.join(format!(".{id}.received"));
    let mut seen = Vec::new();
    for listed in &manifest.files {
        let carried = Carried::ALL
            .into_iter()
            .find(|c| c.name() == listed.name)
            .filter(|c| !seen.contains(c))
            .ok_or_else(|| damaged(package, "it lists a file twice or one this app does not know"))?;
        seen.push(carried);
        let target = if carried == Carried::Database { received_db.clone() } else { carried.path(&vault.dir, &id) };
        let file = fsutil::new_private_file(&target).map_err(|e| VaultError::io("save a record file", &target, &e))?;
        let mut w = Hashing { inner: std::io::BufWriter::new(file), ctx: digest::Context::new(&digest::SHA256) };
        let copied = std::io::copy(&mut (&mut sealed).take(listed.bytes), &mut w).map_err(io_damaged)?;
        if copied != listed.bytes {
            return Err(damaged(package, "it is cut short"));
        }
        w.flush().map_err(|e| VaultError::io("save a record file", &target, &e))?;
        let Hashing { inner, ctx } = w;
        let file = inner.into_inner().map_err(|e| VaultError::io("save a record file", &target, e.error()))?;
        file.sync_all().map_err(|e| VaultError::io("save a record file", &target, &e))?;
        if sha256_hex(&to32(ctx.finish())) != listed.sha256 {
            return Err(damaged(package, "a file in it does not match its hash"));
        }
    }
    // Read to the end, so the last chunk is authenticated and nothing follows the files.
    let mut rest = [0u8; 1];
    if sealed.read(&mut rest).map_err(io_damaged)? != 0 {
        return Err(damaged(package, "it holds more than its list of contents"));
    }

    // Re-keyed under a key only this vault holds, marked "me", the arrival audited.
    let key = Key32::random(&vault.rng)?;
    let path = db_path(&vault.dir, &id);
    {
        let received = db::open(&received_db, &package_key, false)?;
        person_store::read(&received, &id, &received_db)?;
        db::checkpoint(&received, &received_db)?;
        let f = fsutil::new_private_file(&path).map_err(|e| VaultError::io("save a record file", &path, &e))?;
        drop(f);
        db::export_rekeyed(&received, &received_db, &path, &key)?;
    }
    for f in db_files(&received_db) {
        fsutil::remove_if_present(&f)?;
    }
    let now = vault.clock.now();
    let mut conn = db::open(&path, &key, false)?;
    // The role first (the entry below then names the person as acting on their own record);
    // all of this is in the new vault's temporary folder, so nothing sees it in between.
    let tx = conn.transaction().map_err(|e| db_error(&path, &e))?;
    let mut record = person_store::read(&tx, &id, &path)?;
    record.role = Some(Role::me());
    record.updated_at = now;
    person_store::update(&tx, &record).map_err(|e| db_error(&path, &e))?;
    tx.commit().map_err(|e| db_error(&path, &e))?;
    fsutil::sync_dir(&people)?;
    let mut kf: KeyFile = vault.key_file.clone();
    kf.add_person(&vault.master, &id, &key, &vault.rng)?;
    kf.write(&vault.dir)?;
    vault.key_file = kf;
    vault.people.push(OpenPerson {
        id: id.clone(),
        #[cfg(feature = "test-seams")]
        key,
        path,
        conn,
        derived: Default::default(),
    });
    vault.write_person(
        &id,
        AuditAction::HandoverReceived,
        "record received by handover into this new vault; it is now your own record",
        |_, _| Ok(()),
    )?;
    if vault.key_file.audit_anchor(&id).is_none() {
        return Err(VaultError::io(
            "save the new vault's key file",
            &KeyFile::path(&vault.dir),
            &std::io::Error::other("its record of the newest audit entry was not saved"),
        ));
    }
    Ok((vault, id, secret))
}

/// Removes what earlier handovers left in `dir` when they were stopped (a crash, a kill):
/// entries named `{prefix}<hex>.tmp`, folders (`dirs`: a half-made new vault, removed only when
/// its lock is free, so one being made now is left) or files (a re-keyed copy). Links are never
/// followed.
fn remove_unfinished(dir: &Path, prefix: &str, dirs: bool) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(n) = file_name.to_str() else { continue };
        let Ok(kind) = entry.file_type() else { continue };
        if !n.starts_with(prefix) || !n.ends_with(".tmp") || kind.is_dir() != dirs || kind.is_symlink() {
            continue;
        }
        let path = entry.path();
        if dirs {
            if let Ok(lock) = crate::lock::VaultLock::acquire(&path) {
                let _ = std::fs::remove_dir_all(&path);
                drop(lock);
            }
        } else {
            let _ = std::fs::remove_file(&path);
        }
    }
}

fn ensure_empty(dir: &Path) -> Result<()> {
    let refuse = || {
        VaultError::new(
            ErrorCode::HandoverTargetNotEmpty,
            "A handed-over record can only be received into a new or empty folder. Choose a new folder.",
        )
        .at(dir)
    };
    match std::fs::read_dir(dir) {
        Ok(mut entries) => match entries.next() {
            Some(_) => Err(refuse()),
            None => Ok(()),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => Err(refuse()),
        Err(e) => Err(VaultError::io("look in the folder", dir, &e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_grouped_checked_and_parse_back() {
        let rng = SystemRandom::new();
        let code = HandoverCode::generate(&rng).unwrap();
        assert_eq!(code.as_str().len(), 19);
        assert_eq!(HandoverCode::parse(&code.as_str().to_lowercase()).unwrap().as_str(), code.as_str());
        assert_ne!(HandoverCode::generate(&rng).unwrap().as_str(), code.as_str());
        assert!(!format!("{code:?}").contains(code.as_str().get(..4).unwrap()));
        // Every single changed symbol is caught by the check symbol.
        let plain: Vec<char> = code.as_str().chars().filter(|c| *c != '-').collect();
        for pos in 0..plain.len() {
            for sub in "0123456789ABCDEFGHJKMNPQRSTVWXYZ".chars() {
                if sub == plain[pos] {
                    continue;
                }
                let mut typed = plain.clone();
                typed[pos] = sub;
                let typed: String = typed.into_iter().collect();
                let e = HandoverCode::parse(&typed).err();
                assert_eq!(e.map(|e| e.code), Some(ErrorCode::HandoverCodeMalformed), "{typed}");
            }
        }
        assert_eq!(HandoverCode::parse("K7QM").unwrap_err().code, ErrorCode::HandoverCodeMalformed);
    }

    #[test]
    fn receipts_are_eight_symbols_and_depend_on_the_package() {
        let secret = [7u8; 32];
        let a = ReceiptCode::derive(&secret, &[1; 32]).unwrap();
        let b = ReceiptCode::derive(&secret, &[2; 32]).unwrap();
        assert_eq!(a.as_str().len(), 9);
        assert_ne!(a, b);
        assert_eq!(ReceiptCode::parse(&a.as_str().to_lowercase().replace('-', " ")).unwrap(), a);
        assert_eq!(ReceiptCode::parse("ABC").unwrap_err().code, ErrorCode::HandoverReceiptWrong);
    }
}
