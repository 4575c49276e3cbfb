//! Backups: one file holding the key file and every person's database, encrypted and
//! authenticated as a whole.
//!
//! Layout (all integers big-endian):
//! ```text
//! header: "PHRBACKUP" | version u8 | created_at i64 seconds | salt [32] | key file len u32 | key file
//! body:   AES-256-GCM chunks of 1 MiB plaintext (the last may be shorter), each + 16-byte tag
//! ```
//! The body key is HKDF(salt, master key), so only someone who can open the key file (with
//! the passphrase or the recovery key) can read the body, and each backup has its own key.
//! Chunk `i` uses nonce `i` and associated data `SHA-256(header) | i | last?` (the STREAM
//! construction): a changed header, a dropped, reordered or appended chunk, or a cut at a
//! chunk boundary all fail authentication.
//!
//! The plaintext body is `count u32`, then per person `id [16] | sha256 [32] | len u64 |
//! database bytes`. The database bytes are SQLCipher pages, so they are encrypted twice.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use phr_core::Clock;
use phr_core::ErrorCode;
use phr_core::audit::AuditAction;
use phr_core::passphrase::Passphrase;
use phr_core::recovery_key::RecoveryKey;
use ring::digest;
use zeroize::Zeroizing;

use crate::error::{Result, VaultError};
use crate::keyfile::{KeyFile, ParseError};
use crate::keys::{self, Key32, NONCE_LEN, TAG_LEN};
use crate::lock::VaultLock;
use crate::model::{BackupSummary, PersonId};
use crate::vault::{PEOPLE_DIR, Vault, db_path};
use crate::{db, fsutil};

const MAGIC: &[u8; 9] = b"PHRBACKUP";
const VERSION: u8 = 1;
const CHUNK: usize = 1 << 20;
const SALT_LEN: usize = 32;
const HKDF_INFO: &[u8] = b"phr-vault/v1/backup-body";
/// A key file is a few KiB; anything much larger is not one.
const MAX_KEY_FILE: usize = 16 << 20;

/// The secret a backup is restored with: the passphrase or the recovery key that were
/// current when it was made.
#[derive(Debug, Clone, Copy)]
pub enum BackupSecret<'a> {
    Passphrase(&'a Passphrase),
    RecoveryKey(&'a RecoveryKey),
}

fn body_key(salt: &[u8], master: &Key32) -> Result<Key32> {
    keys::hkdf32(salt, master.expose(), HKDF_INFO)
}

fn nonce(index: u64) -> [u8; NONCE_LEN] {
    let mut n = [0u8; NONCE_LEN];
    n[4..].copy_from_slice(&index.to_be_bytes());
    n
}

fn chunk_aad(header_hash: &[u8], index: u64, last: bool) -> Vec<u8> {
    let mut aad = Vec::with_capacity(32 + 9);
    aad.extend_from_slice(header_hash);
    aad.extend_from_slice(&index.to_be_bytes());
    aad.push(u8::from(last));
    aad
}

fn sha256(b: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    out.copy_from_slice(digest::digest(&digest::SHA256, b).as_ref());
    out
}

impl Vault {
    /// Writes a backup of the whole vault to `out` (atomically: a temporary file renamed
    /// into place). The backup is recorded in each person's audit log first, so the backup
    /// holds its own entry.
    pub fn create_backup(&mut self, out: &Path) -> Result<BackupSummary> {
        let now = self.clock.now();
        self.audit_everyone(&[(AuditAction::BackupCreated, "backup made")])?;

        let mut body = Vec::new();
        body.extend_from_slice(&u32::try_from(self.people.len()).unwrap_or(u32::MAX).to_be_bytes());
        for p in &self.people {
            db::checkpoint(&p.conn, &p.path)?;
            // Unlock reads only the pages it needs; a backup checks every page first, so a
            // damaged record is reported now rather than copied into the backup.
            db::check_integrity(&p.conn, &p.path)?;
            let bytes =
                std::fs::read(&p.path).map_err(|e| VaultError::io("read a person's record file", &p.path, &e))?;
            body.extend_from_slice(p.id.0.as_bytes());
            body.extend_from_slice(&sha256(&bytes));
            body.extend_from_slice(&(bytes.len() as u64).to_be_bytes());
            body.extend_from_slice(&bytes);
        }

        let salt: [u8; SALT_LEN] = keys::random_bytes(&self.rng)?;
        let key_file = self.key_file.to_json()?;
        let mut file = Vec::with_capacity(body.len() + body.len() / CHUNK * TAG_LEN + key_file.len() + 128);
        file.extend_from_slice(MAGIC);
        file.push(VERSION);
        file.extend_from_slice(&now.timestamp().to_be_bytes());
        file.extend_from_slice(&salt);
        file.extend_from_slice(&u32::try_from(key_file.len()).unwrap_or(u32::MAX).to_be_bytes());
        file.extend_from_slice(&key_file);
        let header_hash = sha256(&file);

        let key = body_key(&salt, &self.master)?;
        let chunks: Vec<&[u8]> = body.chunks(CHUNK).collect();
        let count = chunks.len();
        for (i, chunk) in chunks.into_iter().enumerate() {
            let index = i as u64;
            let mut sealed = chunk.to_vec();
            key.seal_with_nonce(nonce(index), &chunk_aad(&header_hash, index, i + 1 == count), &mut sealed)?;
            file.extend_from_slice(&sealed);
        }
        fsutil::write_atomic(out, &file)?;
        Ok(BackupSummary {
            path: out.to_path_buf(),
            people: u32::try_from(self.people.len()).unwrap_or(u32::MAX),
            bytes: file.len() as u64,
            created_at: now,
        })
    }

    /// Restores a backup into `dir`, which must be empty or absent, and returns it unlocked.
    /// Everything is decrypted and checked in memory first; nothing is written unless all of
    /// it is sound, so a damaged backup or a wrong secret leaves `dir` as it was.
    pub fn restore_backup(backup: &Path, dir: &Path, secret: BackupSecret<'_>, clock: Arc<dyn Clock>) -> Result<Vault> {
        ensure_empty(dir)?;
        let bytes = std::fs::read(backup).map_err(|e| VaultError::io("read the backup", backup, &e))?;
        let checked = check(&bytes, backup, secret)?;
        // Locked before the first file is written, so no other program opens a half-restored
        // vault.
        fsutil::create_private_dir(dir)?;
        let lock = VaultLock::acquire(dir)?;
        write_out(dir, &checked).inspect_err(|_| clean_up(dir, &checked))?;
        let mut vault = Vault::open(dir, lock, checked.key_file, checked.master, clock)?;
        vault.audit_everyone(&[(AuditAction::BackupRestored, "vault restored from a backup")])?;
        Ok(vault)
    }
}

fn ensure_empty(dir: &Path) -> Result<()> {
    let refuse = || {
        VaultError::new(
            ErrorCode::RestoreTargetNotEmpty,
            "A backup can only be restored into an empty folder. Choose a new or empty folder.",
        )
        .at(dir)
    };
    match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(refuse());
            }
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => Err(refuse()),
        Err(e) => Err(VaultError::io("look in the folder", dir, &e)),
    }
}

/// A backup that has passed every check, ready to write.
struct Checked {
    key_file_bytes: Vec<u8>,
    key_file: KeyFile,
    master: Key32,
    databases: Vec<(PersonId, Vec<u8>)>,
}

/// A cursor over bytes that reports running out instead of panicking.
struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.rest.len() < n {
            return None;
        }
        let (head, tail) = self.rest.split_at(n);
        self.rest = tail;
        Some(head)
    }
    fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N)?.try_into().ok()
    }
}

/// A backup's header, read and checked, and the sealed body after it.
pub(crate) struct Header<'a> {
    salt: [u8; SALT_LEN],
    key_file_bytes: Vec<u8>,
    key_file: KeyFile,
    /// SHA-256 of the header's bytes, bound into every chunk.
    header_hash: [u8; 32],
    body: &'a [u8],
}

/// Reads the header (magic, version, time, salt, the key file, checked as `vault.key` is) with
/// no secret: everything a file can say before the key derivation runs.
pub(crate) fn read_header<'a>(bytes: &'a [u8], path: &Path) -> Result<Header<'a>> {
    let damaged = |why: &str| VaultError::backup_damaged(path, why);
    let mut r = Reader { rest: bytes };
    if r.take(MAGIC.len()) != Some(&MAGIC[..]) {
        return Err(damaged("it does not start like a backup file"));
    }
    let version = r.array::<1>().ok_or_else(|| damaged("it is cut short"))?[0];
    if version > VERSION {
        return Err(VaultError::new(
            ErrorCode::UnsupportedVersion,
            format!(
                "This backup was made by a newer version of the app (format {version}). Update the app to restore it."
            ),
        )
        .at(path));
    }
    if version != VERSION {
        return Err(damaged("its format version is not valid"));
    }
    let _created = r.array::<8>().ok_or_else(|| damaged("it is cut short"))?;
    let salt = r.array::<SALT_LEN>().ok_or_else(|| damaged("it is cut short"))?;
    let kf_len = u32::from_be_bytes(r.array::<4>().ok_or_else(|| damaged("it is cut short"))?) as usize;
    if kf_len > MAX_KEY_FILE {
        return Err(damaged("its key file is impossibly large"));
    }
    let key_file_bytes = r.take(kf_len).ok_or_else(|| damaged("it is cut short"))?.to_vec();
    let header = bytes.get(..bytes.len() - r.rest.len()).ok_or_else(|| damaged("it is cut short"))?;
    let header_hash = sha256(header);
    let key_file = KeyFile::parse(&key_file_bytes).map_err(|e| match e {
        ParseError::Damaged(why) => damaged(&format!("its key file is damaged: {why}")),
        newer @ ParseError::Newer(_) => newer.into_error(path),
    })?;
    Ok(Header { salt, key_file_bytes, key_file, header_hash, body: r.rest })
}

fn check(bytes: &[u8], path: &Path, secret: BackupSecret<'_>) -> Result<Checked> {
    let damaged = |why: &str| VaultError::backup_damaged(path, why);
    let Header { salt, key_file_bytes, key_file, header_hash, body } = read_header(bytes, path)?;
    let master = match secret {
        BackupSecret::Passphrase(p) => key_file.open_with_passphrase(p),
        BackupSecret::RecoveryKey(k) => key_file.open_with_recovery(k),
    }
    .map_err(|e| e.at(path))?;

    let body = decrypt_body(body, &header_hash, &body_key(&salt, &master)?)
        .ok_or_else(|| damaged("its contents do not authenticate: the file was changed, cut short or added to"))?;
    let databases = parse_body(&body).ok_or_else(|| damaged("its contents are not laid out as a backup's"))?;

    let listed: HashSet<&PersonId> = key_file.people.iter().map(|(id, _)| id).collect();
    let present: HashSet<&PersonId> = databases.iter().map(|(id, _)| id).collect();
    if listed != present || present.len() != databases.len() {
        return Err(damaged("its people do not match its key file"));
    }
    for (id, wrapped) in &key_file.people {
        if key_file.person_key(&master, id, wrapped).is_none() {
            return Err(damaged("a person's key does not authenticate"));
        }
    }
    Ok(Checked { key_file_bytes, key_file, master, databases })
}

/// Opens every chunk in order; `None` if any tag fails or the stream is cut or extended.
fn decrypt_body(sealed: &[u8], header_hash: &[u8], key: &Key32) -> Option<Zeroizing<Vec<u8>>> {
    if sealed.is_empty() {
        return None;
    }
    let mut out = Zeroizing::new(Vec::with_capacity(sealed.len()));
    let pieces: Vec<&[u8]> = sealed.chunks(CHUNK + TAG_LEN).collect();
    let count = pieces.len();
    for (i, piece) in pieces.into_iter().enumerate() {
        if piece.len() < TAG_LEN {
            return None;
        }
        let index = i as u64;
        let mut buf = piece.to_vec();
        let n = key.open_with_nonce(nonce(index), &chunk_aad(header_hash, index, i + 1 == count), &mut buf)?;
        out.extend_from_slice(buf.get(..n)?);
    }
    Some(out)
}

pub(crate) fn parse_body(body: &[u8]) -> Option<Vec<(PersonId, Vec<u8>)>> {
    let mut r = Reader { rest: body };
    let count = u32::from_be_bytes(r.array::<4>()?);
    let mut out = Vec::new();
    for _ in 0..count {
        let id = PersonId(uuid::Uuid::from_bytes(r.array::<16>()?));
        let hash = r.array::<32>()?;
        let len = usize::try_from(u64::from_be_bytes(r.array::<8>()?)).ok()?;
        let bytes = r.take(len)?;
        if sha256(bytes) != hash {
            return None;
        }
        out.push((id, bytes.to_vec()));
    }
    r.rest.is_empty().then_some(out)
}

fn write_out(dir: &Path, c: &Checked) -> Result<()> {
    let people = dir.join(PEOPLE_DIR);
    fsutil::create_private_dir(&people)?;
    for (id, bytes) in &c.databases {
        let path = db_path(dir, id);
        write_new(&path, bytes)?;
    }
    fsutil::sync_dir(&people)?;
    // Last, so a folder without a key file is never mistaken for a whole vault.
    fsutil::write_atomic(&KeyFile::path(dir), &c.key_file_bytes)?;
    if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
        fsutil::sync_dir(parent)?;
    }
    Ok(())
}

fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| VaultError::io("write a person's record file", path, &e))?;
    f.write_all(bytes).and_then(|()| f.sync_all()).map_err(|e| VaultError::io("write a person's record file", path, &e))
}

/// After a failed write, removes what was written so the folder can be used again.
fn clean_up(dir: &Path, c: &Checked) {
    let _ = fsutil::remove_if_present(&KeyFile::path(dir));
    for (id, _) in &c.databases {
        let _ = fsutil::remove_if_present(&db_path(dir, id));
    }
    let _ = std::fs::remove_dir(dir.join(PEOPLE_DIR));
    let _ = fsutil::remove_if_present(&dir.join(crate::lock::FILE_NAME));
}

/// When the backup was made, read from its header (for display before restoring).
pub fn backup_created_at(backup: &Path) -> Result<DateTime<Utc>> {
    let damaged = |why: &str| VaultError::backup_damaged(backup, why);
    let mut head = [0u8; 18];
    use std::io::Read;
    std::fs::File::open(backup)
        .and_then(|mut f| f.read_exact(&mut head))
        .map_err(|_| damaged("it is too short to be a backup"))?;
    if &head[..9] != MAGIC {
        return Err(damaged("it does not start like a backup file"));
    }
    let mut secs = [0u8; 8];
    secs.copy_from_slice(&head[10..18]);
    DateTime::from_timestamp(i64::from_be_bytes(secs), 0).ok_or_else(|| damaged("its date is not valid"))
}
