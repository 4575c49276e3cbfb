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
//!
//! Version 2 (written only when someone has their own access) follows the people with the
//! files of their own access: `count u32`, then per file `id [16] | part u8 | sha256 [32] |
//! len u64 | bytes`, part 1 the own key file, 2 the private part, 3 the private part's log.
//! They are copied as they are: the backup's key cannot open them, only the person's own
//! password or recovery key can, as in the vault.

use std::collections::HashSet;
use std::io::{Read, Seek, SeekFrom, Write};
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
/// The backup format this app writes and the newest it reads.
pub const VERSION: u8 = 2;
/// The version written when nobody has own access (the files an older app reads).
const VERSION_PEOPLE_ONLY: u8 = 1;
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
    /// Writes a backup of the whole vault to `out` (atomically: a new private temporary file
    /// beside it, renamed into place). The backup is recorded in each person's audit log
    /// first, so the backup holds its own entry.
    ///
    /// It streams: each database is read twice (its hash first, which the layout puts before
    /// its bytes, then its bytes, hashed again) through a 64 KiB buffer, and sealed a 1 MiB
    /// chunk at a time, so memory does not grow with the vault's size.
    pub fn create_backup(&mut self, out: &Path) -> Result<BackupSummary> {
        let now = self.clock.now();
        // A vault open read-only (read-only media, a full disk) can still be copied out: that
        // is how a person rescues it. Nothing can be recorded in its logs, and each record
        // must be whole in its own file, as it is when no change is waiting in a log beside it.
        let read_only = self.read_only.is_some();
        if !read_only {
            self.audit_everyone(&[(AuditAction::BackupCreated, "backup made")])?;
        }

        let mut people = Vec::with_capacity(self.people.len());
        let mut body_len: u64 = 4;
        for p in &self.people {
            if read_only {
                db::whole_in_its_file(&p.path)?;
            } else {
                db::checkpoint(&p.conn, &p.path)?;
            }
            // Unlock reads only the pages it needs; a backup checks every page first, so a
            // damaged record is reported now rather than copied into the backup.
            check_with_small_cache(&p.conn, &p.path)?;
            let (len, hash) = fsutil::hash_file(&p.path)?;
            body_len = body_len.saturating_add(PERSON_HEAD as u64).saturating_add(len);
            people.push((p.id.clone(), p.path.clone(), len, hash));
        }
        let mut own = Vec::new();
        for p in &self.people {
            for (part, path) in own_parts(&self.dir, &p.id) {
                if std::fs::metadata(&path).is_ok_and(|m| m.len() > 0) {
                    let (len, hash) = fsutil::hash_file(&path)?;
                    body_len = body_len.saturating_add(OWN_HEAD as u64).saturating_add(len);
                    own.push((p.id.clone(), part, path, len, hash));
                }
            }
        }
        let version = if own.is_empty() { VERSION_PEOPLE_ONLY } else { VERSION };
        if version == VERSION {
            body_len = body_len.saturating_add(4);
        }

        let salt: [u8; SALT_LEN] = keys::random_bytes(&self.rng)?;
        let key_file = self.key_file.to_json()?;
        let mut header = Vec::with_capacity(key_file.len() + 64);
        header.extend_from_slice(MAGIC);
        header.push(version);
        header.extend_from_slice(&now.timestamp().to_be_bytes());
        header.extend_from_slice(&salt);
        header.extend_from_slice(&u32::try_from(key_file.len()).unwrap_or(u32::MAX).to_be_bytes());
        header.extend_from_slice(&key_file);
        let header_hash = sha256(&header);
        let key = body_key(&salt, &self.master)?;

        let dir = fsutil::parent(out)?;
        let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let (file, tmp) = fsutil::create_temp(dir, &name).map_err(|e| VaultError::io("write the backup", out, &e))?;
        let written = (|| {
            let mut w = std::io::BufWriter::with_capacity(CHUNK + TAG_LEN, &file);
            w.write_all(&header).map_err(|e| VaultError::io("write the backup", out, &e))?;
            let mut sealer = Sealer::new(&mut w, &key, header_hash, body_len);
            sealer.write(&u32::try_from(people.len()).unwrap_or(u32::MAX).to_be_bytes(), out)?;
            for (id, path, len, hash) in &people {
                sealer.write(id.0.as_bytes(), out)?;
                sealer.write(hash, out)?;
                sealer.write(&len.to_be_bytes(), out)?;
                stream_file(path, *len, hash, |piece| sealer.write(piece, out))?;
            }
            if version == VERSION {
                sealer.write(&u32::try_from(own.len()).unwrap_or(u32::MAX).to_be_bytes(), out)?;
                for (id, part, path, len, hash) in &own {
                    sealer.write(id.0.as_bytes(), out)?;
                    sealer.write(&[*part], out)?;
                    sealer.write(hash, out)?;
                    sealer.write(&len.to_be_bytes(), out)?;
                    stream_file(path, *len, hash, |piece| sealer.write(piece, out))?;
                }
            }
            sealer.finish(out)?;
            w.flush().map_err(|e| VaultError::io("write the backup", out, &e))?;
            drop(w);
            file.sync_all().map_err(|e| VaultError::io("write the backup", out, &e))?;
            file.metadata().map(|m| m.len()).map_err(|e| VaultError::io("write the backup", out, &e))
        })();
        drop(file);
        let bytes = match written.and_then(|n| {
            std::fs::rename(&tmp, out).map_err(|e| VaultError::io("write the backup", out, &e)).map(|()| n)
        }) {
            Ok(n) => n,
            Err(e) => {
                let _ = fsutil::remove_if_present(&tmp);
                return Err(e);
            }
        };
        // The backup is in place from the rename on: a failed folder sync is not a failed
        // backup (the file is whole; a power cut could at worst undo the rename).
        let _ = fsutil::sync_dir(dir);
        Ok(BackupSummary {
            path: out.to_path_buf(),
            people: u32::try_from(self.people.len()).unwrap_or(u32::MAX),
            bytes,
            created_at: now,
        })
    }

    /// Restores a backup into `dir`, which must be empty or absent, and returns it unlocked.
    ///
    /// Nothing is written until every chunk has authenticated and the whole body has been
    /// checked (its layout, each database's hash, its people against its key file): a first
    /// pass reads the backup through without writing. A second pass writes each database into
    /// a new private folder beside `dir`, checking every chunk and hash again (the file could
    /// have changed in between), then the key file, and only then renames that folder to
    /// `dir`. A damaged backup, a wrong secret or a crash leaves `dir` as it was. Both passes
    /// stream with a bounded buffer, so memory does not grow with the backup's size.
    pub fn restore_backup(backup: &Path, dir: &Path, secret: BackupSecret<'_>, clock: Arc<dyn Clock>) -> Result<Vault> {
        ensure_empty(dir)?;
        let (header, master) = open_header(backup, secret)?;
        let key = body_key(&header.salt, &master)?;
        // Pass 1: check everything, write nothing.
        let present = read_body_from_file(backup, &header, &key, &mut |_| Ok(()))?;
        check_people(&header.key_file, &master, &present, backup)?;

        // Pass 2: write into a private folder beside `dir`, then rename it into place.
        let parent = fsutil::parent(dir)?;
        fsutil::create_private_dir(parent)?;
        let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        remove_unfinished_restores(parent, &name);
        let tmp = fsutil::create_temp_dir(parent, &format!("{name}.restore"))
            .map_err(|e| VaultError::io("make a folder for the restore", parent, &e))?;
        // Locked before the first file is written, so no other program opens a half-restored
        // vault; the lock moves with the folder.
        let restored = (|| {
            let lock = VaultLock::acquire(&tmp)?;
            write_out(&tmp, backup, &header, &key, &present)?;
            fsutil::move_into_place(&tmp, dir, "the restored vault")?;
            // Restored from the rename on: a failed folder sync after it is not a failed
            // restore (which would also try to remove the folder it no longer names).
            let _ = fsutil::sync_dir(parent);
            Ok(lock)
        })();
        let lock = match restored {
            Ok(lock) => lock,
            Err(e) => {
                let _ = std::fs::remove_dir_all(&tmp);
                return Err(e);
            }
        };
        // The restore is whole on disk from the rename on: an error opening it (a full disk)
        // says so, or the person would restore again into a folder that is no longer empty.
        let mut vault = Vault::open(dir, lock, header.key_file, master, clock).map_err(|e| {
            VaultError::new(
                e.code,
                format!("The backup was restored, but the vault could not be opened after it: {}", e.message),
            )
            .at(dir)
        })?;
        // An audit entry that cannot be written (a full disk) must not make it look failed.
        let _ = vault.audit_everyone(&[(AuditAction::BackupRestored, "vault restored from a backup")]);
        Ok(vault)
    }
}

/// The whole-file check with a 2 MiB page cache instead of the connection's 64 MiB, and the
/// cache emptied after: the check reads every page once, so a large cache would only hold
/// pages of every record at once and raise the backup's memory with the vault's size.
fn check_with_small_cache(conn: &rusqlite::Connection, path: &Path) -> Result<()> {
    let _ = conn.pragma_update(None, "cache_size", -2048);
    let checked = db::check_integrity(conn, path);
    let _ = conn.pragma_update(None, "cache_size", -65_536);
    let _ = conn.execute_batch("PRAGMA shrink_memory");
    checked
}

/// Bytes before each database in the body: id, SHA-256, length.
const PERSON_HEAD: usize = 16 + 32 + 8;
/// Bytes before each file of someone's own access: id, part, SHA-256, length.
const OWN_HEAD: usize = 16 + 1 + 32 + 8;

/// The files of a person's own access a backup carries, by part number (see the module's words).
fn own_parts(dir: &Path, id: &PersonId) -> [(u8, std::path::PathBuf); 3] {
    let private = crate::own_access::private_db_path(dir, id);
    let [db, wal, ..] = crate::vault::db_files(&private);
    [(1, crate::own_access::own_key_path(dir, id)), (2, db), (3, wal)]
}
/// The read buffer for streaming a database in or out.
const PIECE: usize = 64 << 10;

/// Hands `path`'s bytes to `sink` in pieces, checking they are still `len` bytes with hash
/// `hash` (the vault is locked and its connections idle, so a change means something else
/// wrote to the file: the backup is refused, not made wrong).
fn stream_file(path: &Path, len: u64, hash: &[u8; 32], mut sink: impl FnMut(&[u8]) -> Result<()>) -> Result<()> {
    let read_err = |e: &std::io::Error| VaultError::io("read a person's record file", path, e);
    let f = std::fs::File::open(path).map_err(|e| read_err(&e))?;
    let mut f = f.take(len);
    let mut ctx = digest::Context::new(&digest::SHA256);
    let mut buf = Zeroizing::new(vec![0u8; PIECE]);
    let mut seen = 0u64;
    loop {
        let n = f.read(&mut buf).map_err(|e| read_err(&e))?;
        let Some(piece) = buf.get(..n).filter(|p| !p.is_empty()) else { break };
        ctx.update(piece);
        sink(piece)?;
        seen += n as u64;
    }
    if seen != len || ctx.finish().as_ref() != hash {
        return Err(VaultError::new(
            ErrorCode::Io,
            "A person's record file changed while the backup was being made. Try again.",
        )
        .at(path));
    }
    Ok(())
}

/// The STREAM construction's writer: plaintext in, sealed 1 MiB chunks out. The body's length
/// is known in advance, so the last chunk is known when it is sealed.
struct Sealer<'a, W: Write> {
    out: W,
    key: &'a Key32,
    header_hash: [u8; 32],
    index: u64,
    count: u64,
    buf: Zeroizing<Vec<u8>>,
}

impl<'a, W: Write> Sealer<'a, W> {
    fn new(out: W, key: &'a Key32, header_hash: [u8; 32], body_len: u64) -> Self {
        let count = body_len.div_ceil(CHUNK as u64).max(1);
        Self { out, key, header_hash, index: 0, count, buf: Zeroizing::new(Vec::with_capacity(CHUNK + TAG_LEN)) }
    }

    fn write(&mut self, mut data: &[u8], path: &Path) -> Result<()> {
        while !data.is_empty() {
            let room = CHUNK.saturating_sub(self.buf.len());
            let (now, rest) = data.split_at(room.min(data.len()));
            self.buf.extend_from_slice(now);
            data = rest;
            if self.buf.len() == CHUNK && self.index + 1 < self.count {
                self.seal(false, path)?;
            }
        }
        Ok(())
    }

    fn seal(&mut self, last: bool, path: &Path) -> Result<()> {
        let index = self.index;
        self.key.seal_with_nonce(nonce(index), &chunk_aad(&self.header_hash, index, last), &mut self.buf)?;
        self.out.write_all(&self.buf).map_err(|e| VaultError::io("write the backup", path, &e))?;
        self.buf.clear();
        self.index += 1;
        Ok(())
    }

    fn finish(mut self, path: &Path) -> Result<()> {
        if self.index + 1 != self.count || self.buf.is_empty() {
            return Err(VaultError::internal("a backup's length changed while it was written"));
        }
        self.seal(true, path)
    }
}

/// The STREAM construction's reader: sealed chunks in, checked plaintext out. A chunk that
/// does not authenticate, a short read or anything after the last chunk is an
/// `InvalidData` error; nothing unchecked is ever returned.
struct Opener<'a, R: Read> {
    src: R,
    key: &'a Key32,
    header_hash: [u8; 32],
    index: u64,
    count: u64,
    body_len: u64,
    buf: Zeroizing<Vec<u8>>,
    pos: usize,
}

impl<'a, R: Read> Opener<'a, R> {
    fn new(src: R, key: &'a Key32, header_hash: [u8; 32], body_len: u64) -> Self {
        let count = body_len.div_ceil((CHUNK + TAG_LEN) as u64);
        Self {
            src,
            key,
            header_hash,
            index: 0,
            count,
            body_len,
            buf: Zeroizing::new(Vec::with_capacity(CHUNK + TAG_LEN)),
            pos: 0,
        }
    }

    fn next_chunk(&mut self) -> std::io::Result<bool> {
        let bad = |why: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, why.to_owned());
        if self.index >= self.count {
            return Ok(false);
        }
        let last = self.index + 1 == self.count;
        let full = (CHUNK + TAG_LEN) as u64;
        let size = if last { self.body_len - self.index * full } else { full };
        let size = usize::try_from(size).map_err(|_| bad("chunk too large"))?;
        self.buf.resize(size, 0);
        self.src.read_exact(&mut self.buf).map_err(|_| bad("cut short"))?;
        let aad = chunk_aad(&self.header_hash, self.index, last);
        let n = self.key.open_with_nonce(nonce(self.index), &aad, &mut self.buf).ok_or_else(|| bad("not authentic"))?;
        self.buf.truncate(n);
        self.pos = 0;
        self.index += 1;
        if last {
            let mut one = [0u8; 1];
            if self.src.read(&mut one)? != 0 {
                return Err(bad("added to"));
            }
        }
        Ok(true)
    }
}

impl<R: Read> Read for Opener<'_, R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        while self.pos >= self.buf.len() {
            if !self.next_chunk()? {
                return Ok(0);
            }
        }
        let avail = self.buf.get(self.pos..).unwrap_or_default();
        let n = avail.len().min(out.len());
        if let (Some(dst), Some(src)) = (out.get_mut(..n), avail.get(..n)) {
            dst.copy_from_slice(src);
        }
        self.pos += n;
        Ok(n)
    }
}

/// What the body parser reports, in order: a database starts, its bytes in pieces, it ends
/// (after its hash has been checked).
enum BodyEvent<'a> {
    Start(&'a PersonId),
    /// A file of someone's own access starts (version 2): whose, and which part.
    StartOwn(&'a PersonId, u8),
    Bytes(&'a [u8]),
    End,
}

/// A body that authenticates but is not laid out as a backup's.
#[derive(Debug)]
struct Layout(&'static str);

impl std::fmt::Display for Layout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "not laid out as a backup's body: {}", self.0)
    }
}

impl std::error::Error for Layout {}

fn layout_error(why: &'static str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, Layout(why))
}

/// Reads a plaintext body (`count u32`, then per person `id | sha256 | len u64 | bytes`) from
/// `r`, handing each database to `on` in pieces of at most 64 KiB; checks each hash, that
/// no person appears twice, and that nothing follows. Returns the people in order.
fn read_body(
    r: &mut dyn Read,
    version: u8,
    on: &mut dyn FnMut(BodyEvent<'_>) -> Result<()>,
) -> std::result::Result<Vec<PersonId>, BodyError> {
    let mut head4 = [0u8; 4];
    r.read_exact(&mut head4).map_err(BodyError::Io)?;
    let count = u32::from_be_bytes(head4);
    let mut people: Vec<PersonId> = Vec::new();
    let mut buf = Zeroizing::new(vec![0u8; PIECE]);
    for _ in 0..count {
        let mut head = [0u8; PERSON_HEAD];
        r.read_exact(&mut head).map_err(BodyError::Io)?;
        let (id, rest) = head.split_at(16);
        let (hash, len) = rest.split_at(32);
        let id = PersonId(uuid::Uuid::from_slice(id).map_err(|_| BodyError::Io(layout_error("id")))?);
        let len = u64::from_be_bytes(len.try_into().map_err(|_| BodyError::Io(layout_error("length")))?);
        if people.contains(&id) {
            return Err(BodyError::Io(layout_error("a person twice")));
        }
        on(BodyEvent::Start(&id)).map_err(BodyError::Sink)?;
        let mut ctx = digest::Context::new(&digest::SHA256);
        let mut left = len;
        while left > 0 {
            let want = usize::try_from(left.min(PIECE as u64)).unwrap_or(PIECE);
            let piece = buf.get_mut(..want).ok_or_else(|| BodyError::Io(layout_error("piece")))?;
            r.read_exact(piece).map_err(BodyError::Io)?;
            ctx.update(piece);
            on(BodyEvent::Bytes(piece)).map_err(BodyError::Sink)?;
            left -= want as u64;
        }
        if ctx.finish().as_ref() != hash {
            return Err(BodyError::Io(layout_error("hash")));
        }
        on(BodyEvent::End).map_err(BodyError::Sink)?;
        people.push(id);
    }
    if version >= VERSION {
        read_own_files(r, &people, &mut buf, on)?;
    }
    let mut one = [0u8; 1];
    if r.read(&mut one).map_err(BodyError::Io)? != 0 {
        return Err(BodyError::Io(layout_error("trailing bytes")));
    }
    Ok(people)
}

/// Reads the files of people's own access (version 2): each names a person of the body and a
/// known part, once; each hash is checked.
fn read_own_files(
    r: &mut dyn Read,
    people: &[PersonId],
    buf: &mut [u8],
    on: &mut dyn FnMut(BodyEvent<'_>) -> Result<()>,
) -> std::result::Result<(), BodyError> {
    let mut head4 = [0u8; 4];
    r.read_exact(&mut head4).map_err(BodyError::Io)?;
    let mut seen: Vec<(PersonId, u8)> = Vec::new();
    for _ in 0..u32::from_be_bytes(head4) {
        let mut head = [0u8; OWN_HEAD];
        r.read_exact(&mut head).map_err(BodyError::Io)?;
        let (id, rest) = head.split_at(16);
        let (part, rest) = rest.split_at(1);
        let (hash, len) = rest.split_at(32);
        let id = PersonId(uuid::Uuid::from_slice(id).map_err(|_| BodyError::Io(layout_error("id")))?);
        let part = part.first().copied().unwrap_or(0);
        let len = u64::from_be_bytes(len.try_into().map_err(|_| BodyError::Io(layout_error("length")))?);
        if !people.contains(&id) || !(1..=3).contains(&part) || seen.contains(&(id.clone(), part)) {
            return Err(BodyError::Io(layout_error("an own access file")));
        }
        on(BodyEvent::StartOwn(&id, part)).map_err(BodyError::Sink)?;
        let mut ctx = digest::Context::new(&digest::SHA256);
        let mut left = len;
        while left > 0 {
            let want = usize::try_from(left.min(PIECE as u64)).unwrap_or(PIECE);
            let piece = buf.get_mut(..want).ok_or_else(|| BodyError::Io(layout_error("piece")))?;
            r.read_exact(piece).map_err(BodyError::Io)?;
            ctx.update(piece);
            on(BodyEvent::Bytes(piece)).map_err(BodyError::Sink)?;
            left -= want as u64;
        }
        if ctx.finish().as_ref() != hash {
            return Err(BodyError::Io(layout_error("hash")));
        }
        on(BodyEvent::End).map_err(BodyError::Sink)?;
        seen.push((id, part));
    }
    Ok(())
}

/// Why reading a body stopped: the backup (damaged, cut, not authentic) or the sink (a write
/// into the restore folder failed).
enum BodyError {
    Io(std::io::Error),
    Sink(VaultError),
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

/// A backup's header, read and checked.
pub(crate) struct Header {
    /// 1: people only; 2: people and the files of their own access.
    version: u8,
    salt: [u8; SALT_LEN],
    key_file_bytes: Vec<u8>,
    key_file: KeyFile,
    /// SHA-256 of the header's bytes, bound into every chunk.
    header_hash: [u8; 32],
    /// The header's length: where the sealed body starts.
    len: u64,
}

/// Reads the header (magic, version, time, salt, the key file, checked as `vault.key` is) with
/// no secret: everything a file can say before the key derivation runs.
#[cfg(feature = "test-seams")]
pub(crate) fn read_header(bytes: &[u8], path: &Path) -> Result<Header> {
    read_header_from(&mut &bytes[..], path)
}

fn read_header_from(r: &mut dyn Read, path: &Path) -> Result<Header> {
    let damaged = |why: &str| VaultError::backup_damaged(path, why);
    let short = |_| damaged("it is cut short");
    let mut fixed = [0u8; 9 + 1 + 8 + SALT_LEN + 4];
    let mut magic = [0u8; 9];
    r.read_exact(&mut magic).map_err(|_| damaged("it does not start like a backup file"))?;
    if &magic != MAGIC {
        return Err(damaged("it does not start like a backup file"));
    }
    let mut version = [0u8; 1];
    r.read_exact(&mut version).map_err(short)?;
    let [version] = version;
    if version > VERSION {
        return Err(VaultError::new(
            ErrorCode::UnsupportedVersion,
            format!(
                "This backup was made by a newer version of the app (format {version}). Update the app to restore it."
            ),
        )
        .at(path));
    }
    if version != VERSION && version != VERSION_PEOPLE_ONLY {
        return Err(damaged("its format version is not valid"));
    }
    let mut rest = [0u8; 8 + SALT_LEN + 4];
    r.read_exact(&mut rest).map_err(short)?;
    let (_created, rest_tail) = rest.split_at(8);
    let (salt, kf_len) = rest_tail.split_at(SALT_LEN);
    let salt: [u8; SALT_LEN] = salt.try_into().map_err(|_| damaged("it is cut short"))?;
    let kf_len = u32::from_be_bytes(kf_len.try_into().map_err(|_| damaged("it is cut short"))?) as usize;
    if kf_len > MAX_KEY_FILE {
        return Err(damaged("its key file is impossibly large"));
    }
    let mut key_file_bytes = vec![0u8; kf_len];
    r.read_exact(&mut key_file_bytes).map_err(short)?;
    let (m, f) = fixed.split_at_mut(9);
    m.copy_from_slice(MAGIC);
    let (v, f) = f.split_at_mut(1);
    v.copy_from_slice(&[version]);
    f.copy_from_slice(&rest);
    let mut ctx = digest::Context::new(&digest::SHA256);
    ctx.update(&fixed);
    ctx.update(&key_file_bytes);
    let mut header_hash = [0u8; 32];
    header_hash.copy_from_slice(ctx.finish().as_ref());
    let key_file = KeyFile::parse(&key_file_bytes).map_err(|e| match e {
        ParseError::Damaged(why) => damaged(&format!("its key file is damaged: {why}")),
        newer @ ParseError::Newer(_) => newer.into_error(path),
    })?;
    let len = (fixed.len() + kf_len) as u64;
    Ok(Header { version, salt, key_file_bytes, key_file, header_hash, len })
}

/// Reads and checks the header of the backup at `path` and opens its master key with `secret`.
fn open_header(path: &Path, secret: BackupSecret<'_>) -> Result<(Header, Key32)> {
    let f = std::fs::File::open(path).map_err(|e| VaultError::io("read the backup", path, &e))?;
    let header = read_header_from(&mut std::io::BufReader::new(f), path)?;
    let master = match secret {
        BackupSecret::Passphrase(p) => header.key_file.open_with_passphrase(p),
        BackupSecret::RecoveryKey(k) => header.key_file.open_with_recovery(k),
    }
    .map_err(|e| e.at(path))?;
    Ok((header, master))
}

/// Streams the backup's body through the chunk reader and the body parser into `on`.
fn read_body_from_file(
    path: &Path,
    header: &Header,
    key: &Key32,
    on: &mut dyn FnMut(BodyEvent<'_>) -> Result<()>,
) -> Result<Vec<PersonId>> {
    let damaged = |why: &str| VaultError::backup_damaged(path, why);
    let mut f = std::fs::File::open(path).map_err(|e| VaultError::io("read the backup", path, &e))?;
    let total = f.metadata().map_err(|e| VaultError::io("read the backup", path, &e))?.len();
    let body_len = total.checked_sub(header.len).filter(|n| *n > 0).ok_or_else(|| damaged("it is cut short"))?;
    f.seek(SeekFrom::Start(header.len)).map_err(|e| VaultError::io("read the backup", path, &e))?;
    let src = std::io::BufReader::with_capacity(CHUNK + TAG_LEN, f);
    let mut opener = Opener::new(src, key, header.header_hash, body_len);
    match read_body(&mut opener, header.version, on) {
        Ok(people) => Ok(people),
        Err(BodyError::Sink(e)) => Err(e),
        Err(BodyError::Io(e))
            if e.kind() == std::io::ErrorKind::UnexpectedEof || e.get_ref().is_some_and(|i| i.is::<Layout>()) =>
        {
            Err(damaged("its contents are not laid out as a backup's"))
        }
        Err(BodyError::Io(e)) if e.kind() == std::io::ErrorKind::InvalidData => {
            Err(damaged("its contents do not authenticate: the file was changed, cut short or added to"))
        }
        Err(BodyError::Io(e)) => Err(VaultError::io("read the backup", path, &e)),
    }
}

/// The people in the body are exactly the key file's, and every person's key opens.
fn check_people(key_file: &KeyFile, master: &Key32, present: &[PersonId], path: &Path) -> Result<()> {
    let damaged = |why: &str| VaultError::backup_damaged(path, why);
    let listed: HashSet<&PersonId> = key_file.people.iter().map(|(id, _)| id).collect();
    let found: HashSet<&PersonId> = present.iter().collect();
    if listed != found || found.len() != present.len() {
        return Err(damaged("its people do not match its key file"));
    }
    for (id, wrapped) in &key_file.people {
        if key_file.person_key(master, id, wrapped).is_none() {
            return Err(damaged("a person's key does not authenticate"));
        }
    }
    Ok(())
}

/// Checks a whole plaintext body held in memory (the fuzz targets' seam): each database with
/// its bytes, or `None` when anything is wrong.
#[cfg(feature = "test-seams")]
pub(crate) fn parse_body(body: &[u8]) -> Option<Vec<(PersonId, Vec<u8>)>> {
    let mut out: Vec<(PersonId, Vec<u8>)> = Vec::new();
    let mut on = |ev: BodyEvent<'_>| {
        match ev {
            BodyEvent::Start(id) => out.push((id.clone(), Vec::new())),
            BodyEvent::StartOwn(..) => {}
            BodyEvent::Bytes(b) => {
                if let Some((_, v)) = out.last_mut() {
                    v.extend_from_slice(b);
                }
            }
            BodyEvent::End => {}
        }
        Ok(())
    };
    read_body(&mut &body[..], VERSION_PEOPLE_ONLY, &mut on).ok()?;
    Some(out)
}

/// Writes every database (streamed from the backup a second time, each chunk and hash checked
/// again) and then the key file into the restore folder `tmp`, each synced.
fn write_out(tmp: &Path, backup: &Path, header: &Header, key: &Key32, expected: &[PersonId]) -> Result<()> {
    let people = tmp.join(PEOPLE_DIR);
    fsutil::create_private_dir(&people)?;
    let mut current: Option<(std::io::BufWriter<std::fs::File>, std::path::PathBuf)> = None;
    let mut on = |ev: BodyEvent<'_>| -> Result<()> {
        match ev {
            BodyEvent::Start(id) => {
                let path = db_path(tmp, id);
                let f = fsutil::new_private_file(&path)
                    .map_err(|e| VaultError::io("write a person's record file", &path, &e))?;
                current = Some((std::io::BufWriter::with_capacity(PIECE, f), path));
            }
            BodyEvent::StartOwn(id, part) => {
                let Some((_, path)) = own_parts(tmp, id).into_iter().find(|(p, _)| *p == part) else {
                    return Err(VaultError::backup_damaged(backup, "it names an unknown file"));
                };
                let f = fsutil::new_private_file(&path)
                    .map_err(|e| VaultError::io("write a person's own access file", &path, &e))?;
                current = Some((std::io::BufWriter::with_capacity(PIECE, f), path));
            }
            BodyEvent::Bytes(b) => {
                if let Some((w, path)) = current.as_mut() {
                    w.write_all(b).map_err(|e| VaultError::io("write a person's record file", path, &e))?;
                }
            }
            BodyEvent::End => {
                if let Some((w, path)) = current.take() {
                    let f =
                        w.into_inner().map_err(|e| VaultError::io("write a person's record file", &path, e.error()))?;
                    f.sync_all().map_err(|e| VaultError::io("write a person's record file", &path, &e))?;
                }
            }
        }
        Ok(())
    };
    let written = read_body_from_file(backup, header, key, &mut on)?;
    if written != expected {
        return Err(VaultError::backup_damaged(backup, "it changed while it was being restored"));
    }
    fsutil::sync_dir(&people)?;
    // Last, so a folder without a key file is never mistaken for a whole vault.
    fsutil::write_atomic(&KeyFile::path(tmp), &header.key_file_bytes)?;
    fsutil::sync_dir(tmp)
}

/// Removes the folders that earlier restores into `name` left beside it when they were
/// stopped (a crash, a kill) before renaming them into place: `.{name}.restore.<hex>.tmp`,
/// each a copy of a backup's key file and databases that would otherwise stay there for good
/// (and open with that backup's passphrase after the vault's has changed). A folder whose lock
/// is held belongs to a restore still running and is left; links are never followed.
fn remove_unfinished_restores(parent: &Path, name: &str) {
    let prefix = format!(".{name}.restore.");
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(n) = file_name.to_str() else { continue };
        if !n.starts_with(&prefix) || !n.ends_with(".tmp") || !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let path = entry.path();
        if let Ok(lock) = VaultLock::acquire(&path) {
            let _ = std::fs::remove_dir_all(&path);
            drop(lock);
        }
    }
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

/// Benchmark power (absent from release builds): grows a person's database to a chosen size.
#[cfg(feature = "bench")]
impl Vault {
    /// Adds `mib` MiB of 1 MiB blobs to a person's database (a `bench_padding` table), 64 MiB
    /// per transaction, so backup and restore can be measured on a vault of any size. On disk
    /// each page is encrypted, so the padding is as incompressible as a real record.
    #[doc(hidden)]
    pub fn bench_pad_person(&mut self, id: &PersonId, mib: u64) -> Result<()> {
        let mut left = mib;
        while left > 0 {
            let now = left.min(64);
            self.write_person(id, AuditAction::RecordImported, "benchmark padding", |tx, path| {
                tx.execute_batch("CREATE TABLE IF NOT EXISTS bench_padding (b BLOB NOT NULL)")
                    .map_err(|e| crate::error::db_error(path, &e))?;
                let mut stmt = tx
                    .prepare("INSERT INTO bench_padding (b) VALUES (zeroblob(1048576))")
                    .map_err(|e| crate::error::db_error(path, &e))?;
                for _ in 0..now {
                    stmt.execute([]).map_err(|e| crate::error::db_error(path, &e))?;
                }
                Ok(())
            })?;
            left -= now;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ring::rand::SystemRandom;

    /// A writer that records the largest single write it was given.
    struct Counting {
        bytes: Vec<u8>,
        largest: usize,
    }

    impl Write for Counting {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.largest = self.largest.max(b.len());
            self.bytes.extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// The sealer and the opener hold one chunk at a time whatever the body's size: 5 MiB and
    /// a bit goes through in sealed chunks of at most 1 MiB plus a tag, and the reader's
    /// buffer never grows past one sealed chunk. The body parser hands the sink pieces of at
    /// most 64 KiB.
    #[test]
    fn the_stream_holds_one_chunk_at_a_time() {
        let rng = SystemRandom::new();
        let key = Key32::random(&rng).unwrap();
        let hash = [7u8; 32];
        let db: Vec<u8> = (0..(5 * CHUNK + 123)).map(|i| (i % 251) as u8).collect();
        let id = PersonId::new_random();
        let body_len = (4 + PERSON_HEAD + db.len()) as u64;
        let mut out = Counting { bytes: Vec::new(), largest: 0 };
        {
            let mut s = Sealer::new(&mut out, &key, hash, body_len);
            let p = Path::new("t");
            s.write(&1u32.to_be_bytes(), p).unwrap();
            s.write(id.0.as_bytes(), p).unwrap();
            s.write(&sha256(&db), p).unwrap();
            s.write(&(db.len() as u64).to_be_bytes(), p).unwrap();
            for piece in db.chunks(PIECE) {
                s.write(piece, p).unwrap();
                assert!(s.buf.capacity() <= CHUNK + TAG_LEN, "the sealer's buffer grew");
            }
            s.finish(p).unwrap();
        }
        assert!(out.largest <= CHUNK + TAG_LEN, "a write of {} bytes", out.largest);
        assert_eq!(out.bytes.len(), body_len as usize + 6 * TAG_LEN);

        let mut opener = Opener::new(&out.bytes[..], &key, hash, out.bytes.len() as u64);
        let mut largest_piece = 0;
        let mut back = Vec::new();
        let people = {
            let mut on = |ev: BodyEvent<'_>| {
                if let BodyEvent::Bytes(b) = ev {
                    largest_piece = largest_piece.max(b.len());
                    back.extend_from_slice(b);
                }
                Ok(())
            };
            read_body(&mut opener, VERSION_PEOPLE_ONLY, &mut on).ok().unwrap()
        };
        assert_eq!(people, [id]);
        assert!(back == db);
        assert!(largest_piece <= PIECE);
        assert!(opener.buf.capacity() <= CHUNK + TAG_LEN, "the opener's buffer grew to {}", opener.buf.capacity());

        // A flipped byte in the fourth chunk stops the reader at that chunk.
        let mut bad = out.bytes.clone();
        bad[3 * (CHUNK + TAG_LEN) + 10] ^= 1;
        let mut opener = Opener::new(&bad[..], &key, hash, bad.len() as u64);
        let mut seen = 0usize;
        let mut on = |ev: BodyEvent<'_>| {
            if let BodyEvent::Bytes(b) = ev {
                seen += b.len();
            }
            Ok(())
        };
        assert!(read_body(&mut opener, VERSION_PEOPLE_ONLY, &mut on).is_err());
        assert!(seen <= 3 * CHUNK, "bytes past the damaged chunk were handed on");
    }
}
