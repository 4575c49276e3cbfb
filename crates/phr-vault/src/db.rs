//! Opening a person's SQLCipher database with its raw key, and checking it is whole.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};
use zeroize::Zeroizing;

use phr_core::ErrorCode;

use crate::error::{Result, VaultError, db_error};
use crate::hex;
use crate::keys::Key32;
use crate::migrations;

/// Opens a database that cannot be written (read-only media, a full disk): nothing is
/// migrated or judged, and SQLite refuses every write (`SQLITE_READONLY`, reported as
/// `READ_ONLY`). A database whose log still holds changes is opened through SQLite's
/// read-only WAL support, which reads them; one with no log is opened `immutable`, since on
/// read-only media SQLite could not create the log's index file.
pub(crate) fn open_read_only(path: &Path, key: &Key32) -> Result<Connection> {
    if !path.exists() {
        return Err(VaultError::database_damaged(path, "the file is missing"));
    }
    let has = |suffix: &str| std::fs::metadata(db_sibling(path, suffix)).is_ok_and(|m| m.len() > 0);
    // A rollback journal left by a change that stopped part-way (the import's switch to a
    // rollback journal) means the file may hold half of that change: `immutable` would read
    // it as it is, so SQLite itself must look, and it refuses when it cannot roll back.
    let (has_log, has_journal) = (has("-wal"), has("-journal"));
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    let conn = if has_log || has_journal {
        Connection::open_with_flags(path, flags & !OpenFlags::SQLITE_OPEN_URI)
    } else {
        Connection::open_with_flags(immutable_uri(path), flags)
    }
    .map_err(|e| db_error(path, &e))?;
    apply_key(&conn, key).map_err(|e| db_error(path, &e))?;
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)).map_err(|e| {
        if has_journal && e.sqlite_error_code() == Some(rusqlite::ffi::ErrorCode::ReadOnly) {
            unfinished_change(path)
        } else {
            db_error(path, &e)
        }
    })?;
    conn.pragma_update(None, "cache_size", -65_536).map_err(|e| db_error(path, &e))?;
    conn.pragma_update(None, "query_only", "ON").map_err(|e| db_error(path, &e))?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(|e| db_error(path, &e))?;
    let known = migrations::MIGRATIONS.len() as i64;
    if version > known {
        return Err(migrations::MigrateError::Newer { found: version }.into_error(path));
    }
    if version < known {
        return Err(VaultError::new(
            ErrorCode::ReadOnly,
            "This record was saved by an older version of the app and must be updated before it \
             can be shown, but changes cannot be saved where it is kept. Move the vault folder \
             somewhere that can be written to, then open it again.",
        )
        .at(path));
    }
    Ok(conn)
}

/// A record whose last change stopped part-way, found where it cannot be put right.
fn unfinished_change(path: &Path) -> VaultError {
    VaultError::new(
        ErrorCode::ReadOnly,
        "This record was being changed when the app last stopped, and the change must be undone \
         before it can be shown, but nothing can be saved where it is kept. Move the vault folder \
         somewhere that can be written to, then open it again. Nothing has been lost.",
    )
    .at(path)
}

/// `file:` URI for `path` with `immutable=1`; every byte outside the unreserved set is
/// percent-encoded so that `?`, `#` or `%` in a folder name cannot change the URI's meaning.
fn immutable_uri(path: &Path) -> String {
    let mut uri = String::from("file:");
    for b in path.as_os_str().as_encoded_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(b) {
            uri.push(char::from(*b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.push_str("?immutable=1");
    uri
}

fn db_sibling(db: &Path, suffix: &str) -> std::path::PathBuf {
    let mut s = db.as_os_str().to_owned();
    s.push(suffix);
    std::path::PathBuf::from(s)
}

/// Writes a copy of the open database at `conn` to `copy` (a new empty file the caller
/// created with `create_new`), encrypted under `key`: `sqlcipher_export` copies the schema and
/// every row, and the schema version is copied after it. The copy is synced to disk before
/// this returns. The caller renames it over the original once it holds the new key's place.
pub(crate) fn export_rekeyed(conn: &Connection, path: &Path, copy: &Path, key: &Key32) -> Result<()> {
    export_rekeyed_leaving_out(conn, path, copy, key, &[])
}

/// [`export_rekeyed`] with every row of the `leave_out` tables deleted from the copy before it
/// is detached, with `secure_delete` on, so not a byte of them is in the copy's file: what a
/// handover package must not carry (the kept GP connection).
pub(crate) fn export_rekeyed_leaving_out(
    conn: &Connection,
    path: &Path,
    copy: &Path,
    key: &Key32,
    leave_out: &[&str],
) -> Result<()> {
    let mut key_text = Zeroizing::new(String::with_capacity(70));
    key_text.push_str("x'");
    key_text.push_str(&Zeroizing::new(hex::encode(key.expose())));
    key_text.push('\'');
    let fail = |e: rusqlite::Error| db_error(path, &e);
    let copy_text = copy.to_str().ok_or_else(|| VaultError::internal("the vault's folder name is not valid text"))?;
    conn.execute("ATTACH DATABASE ?1 AS rekeyed KEY ?2", rusqlite::params![copy_text, key_text.as_str()])
        .map_err(fail)?;
    let exported = (|| {
        conn.query_row("SELECT sqlcipher_export('rekeyed')", [], |_| Ok(()))?;
        let version: i64 = conn.query_row("PRAGMA main.user_version", [], |r| r.get(0))?;
        conn.pragma_update(Some("rekeyed"), "user_version", version)?;
        if !leave_out.is_empty() {
            conn.pragma_update(Some("rekeyed"), "secure_delete", "ON")?;
            for table in leave_out {
                conn.execute(&format!("DELETE FROM rekeyed.\"{table}\""), [])?;
            }
        }
        Ok(())
    })();
    let detached = conn.execute("DETACH DATABASE rekeyed", []);
    exported.map_err(fail)?;
    detached.map_err(fail)?;
    std::fs::File::open(copy)
        .and_then(|f| f.sync_all())
        .map_err(|e| VaultError::io("save a re-keyed record file", copy, &e))
}

/// Opens (or with `create`, creates) a database, keys it, sets the pragmas, applies
/// migrations, judges any result stored without its range check and builds the glucose
/// tallies of days an upgrade listed.
///
/// Opening reads no more pages than it needs: SQLCipher authenticates every page with its
/// HMAC as it is read, so a changed page is refused (`DATABASE_DAMAGED`) wherever it is read,
/// and the whole file is checked at backup time and on demand ([`check_integrity`]), not at
/// every unlock (ARCHITECTURE.md, "Integrity checks").
pub(crate) fn open(path: &Path, key: &Key32, create: bool) -> Result<Connection> {
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
        // SQLite would create the file with the umask's mode (often 0644), and its logs take
        // the database's mode: made here first, owner-only, so every record file is 0600
        // however the folder came to be.
        if !path.exists() {
            crate::fsutil::new_private_file(path).map_err(|e| VaultError::io("create a record file", path, &e))?;
        }
    } else if !path.exists() {
        return Err(VaultError::database_damaged(path, "the file is missing"));
    }
    let mut conn = Connection::open_with_flags(path, flags).map_err(|e| db_error(path, &e))?;
    apply_key(&conn, key).map_err(|e| db_error(path, &e))?;
    configure(&conn).map_err(|e| db_error(path, &e))?;
    migrations::migrate(&mut conn).map_err(|e| e.into_error(path))?;
    crate::record_store::judge_unjudged(&mut conn).map_err(|e| db_error(path, &e))?;
    crate::readings_store::glucose::build_pending(&mut conn).map_err(|e| db_error(path, &e))?;
    crate::record_store::place_unplaced_at_open(&mut conn).map_err(|e| db_error(path, &e))?;
    Ok(conn)
}

/// `PRAGMA key = "x'…'"`: a raw 256-bit key, so SQLCipher runs no KDF of its own (the key is
/// already random). The statement text holds the key, so it lives in a `Zeroizing` string.
fn apply_key(conn: &Connection, key: &Key32) -> rusqlite::Result<()> {
    let mut sql = Zeroizing::new(String::with_capacity(80));
    sql.push_str("PRAGMA key = \"x'");
    sql.push_str(&Zeroizing::new(hex::encode(key.expose())));
    sql.push_str("'\";");
    conn.execute_batch(&sql)
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    // `cipher_memory_security` stays OFF (SQLCipher's default since 4.5): it would wipe every
    // SQLite allocation on free and lock pages, process-wide, which made imports about ten
    // times slower. SQLCipher always wipes its own key material; our copies of keys are
    // zeroized by `Key32`. What it would add is wiping page buffers of an unlocked record in
    // our own process memory, which an attacker able to read that memory could read anyway.
    // The first read of the schema is where a wrong key or a damaged first page shows.
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0))?;
    conn.pragma_update(None, "secure_delete", "ON")?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(rusqlite::Error::InvalidQuery);
    }
    // FULL: a commit is on disk when it returns, so a crash right after loses nothing.
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "cache_size", -65_536)?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(())
}

/// SQLite's advice (wal.html): WAL suits small transactions; for one larger than a few dozen
/// megabytes a rollback journal is faster, since WAL writes every page twice, into the log at
/// the commit and into the database at the checkpoint after it. So a write that large (a big
/// import) runs between `leave_wal` and `return_to_wal`. Both modes are atomic and durable
/// with `synchronous = FULL`.
///
/// Whether the journal is now DELETE. It stays WAL, and the write runs in WAL as usual, if the
/// mode cannot change (another connection has the database open).
pub(crate) fn leave_wal(conn: &Connection) -> bool {
    conn.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get::<_, String>(0))
        .is_ok_and(|m| m.eq_ignore_ascii_case("delete"))
}

/// Back to WAL after `leave_wal`. Should this fail, the database is whole in DELETE mode and
/// the next open sets WAL (`configure`): not an error of the write that has committed.
pub(crate) fn return_to_wal(conn: &Connection) {
    let _ = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0));
}

/// SQLCipher's page-by-page HMAC check of the whole file, then SQLite's structural quick
/// check: every page is read, so this takes about as long as reading the file.
pub(crate) fn check_integrity(conn: &Connection, path: &Path) -> Result<()> {
    let mut stmt = conn.prepare("PRAGMA cipher_integrity_check").map_err(|e| db_error(path, &e))?;
    let problems: Vec<String> = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .and_then(|rows| rows.collect())
        .map_err(|e| db_error(path, &e))?;
    if let Some(first) = problems.first() {
        return Err(VaultError::database_damaged(path, &format!("encryption check failed: {first}")));
    }
    let quick: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0)).map_err(|e| db_error(path, &e))?;
    if quick != "ok" {
        return Err(VaultError::database_damaged(path, &format!("structure check failed: {quick}")));
    }
    Ok(())
}

/// A whole-file check of one person's database, prepared under the vault and run apart from
/// it. Reading every page of a large record takes seconds (about 2 s for 157 MB), so the
/// background check runs it on a connection of its own, without holding the vault the app's
/// commands wait for. It holds the person's key (zeroized on drop), never prints it, and
/// opens nothing until [`FileCheck::run`].
pub struct FileCheck {
    path: std::path::PathBuf,
    /// The person's key, then the key of a rotation a crash left half-done, if any: the file
    /// is under one of them.
    keys: Vec<Key32>,
}

impl std::fmt::Debug for FileCheck {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileCheck").field("path", &self.path).finish_non_exhaustive()
    }
}

impl FileCheck {
    /// Reads every page on a read-only connection of its own: SQLCipher's HMAC of each page,
    /// then SQLite's structure. `DATABASE_DAMAGED`, naming the file, when a page was changed.
    /// Not `immutable`: the app may write while it runs, and WAL gives this reader a
    /// consistent snapshot.
    pub fn run(&self) -> Result<()> {
        let path = &self.path;
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut last = VaultError::database_damaged(path, "no key opens the file");
        for key in &self.keys {
            let conn = Connection::open_with_flags(path, flags).map_err(|e| db_error(path, &e))?;
            apply_key(&conn, key).map_err(|e| db_error(path, &e))?;
            match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)) {
                Ok(_) => return check_integrity(&conn, path),
                Err(e) => last = db_error(path, &e),
            }
        }
        Err(last)
    }
}

impl crate::vault::Vault {
    /// Prepares a whole-file check of a person's database, to run with [`FileCheck::run`]
    /// away from the vault; record what it found with [`Self::record_file_check`].
    pub fn prepare_file_check(&self, id: &crate::model::PersonId) -> Result<FileCheck> {
        let path = self.read_person(id, |_, path| Ok(path.to_path_buf()))?;
        let key_path = crate::keyfile::KeyFile::path(&self.dir);
        let wrapped = self.key_file.people.iter().find(|(p, _)| p == id).map(|(_, w)| w.as_slice());
        let key = wrapped
            .and_then(|w| self.key_file.person_key(&self.master, id, w))
            .ok_or_else(|| VaultError::key_file_damaged(&key_path, "a person's key does not authenticate"))?;
        let keys = std::iter::once(key).chain(self.key_file.next_key(&self.master, id)).collect();
        Ok(FileCheck { path, keys })
    }

    /// Records in the person's audit log what a whole-file check found. Best-effort: a
    /// damaged database may not take the entry, and a read-only record takes none. An
    /// answer other than "damaged" or "whole" (a file that could not be read just now) is
    /// no finding and is not recorded.
    pub fn record_file_check(&mut self, id: &crate::model::PersonId, result: &Result<()>) {
        let detail = match result {
            Ok(()) => "whole-file check: no damage found",
            Err(e) if e.code == phr_core::ErrorCode::DatabaseDamaged => "whole-file check: damage found",
            Err(_) => return,
        };
        let _ = self.write_person(id, phr_core::audit::AuditAction::RecordChecked, detail, |_, _| Ok(()));
    }

    /// Checks every page of a person's database (SQLCipher's HMAC of each page, then SQLite's
    /// structure): `DATABASE_DAMAGED`, naming the file, when any page was changed. Reads the
    /// whole file, so it runs when asked and before a backup, not at unlock.
    pub fn check_database(&self, id: &crate::model::PersonId) -> Result<()> {
        self.read_person(id, check_integrity)
    }

    /// [`crate::vault::Vault::check_database`] run by the person, recorded in their audit log
    /// with what it found. The entry is best-effort: a damaged database may not take it, and
    /// a read-only record takes none; the check's answer stands either way.
    pub fn check_database_for_person(&mut self, id: &crate::model::PersonId) -> Result<()> {
        let result = self.check_database(id);
        self.record_file_check(id, &result);
        result
    }
}

/// Folds the write-ahead log into the main file and empties it, so the main file alone is
/// the whole database (for a backup).
pub(crate) fn checkpoint(conn: &Connection, path: &Path) -> Result<()> {
    let (busy, _, _): (i64, i64, i64) = conn
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .map_err(|e| db_error(path, &e))?;
    if busy != 0 {
        return Err(VaultError::internal("a database was busy during the backup; try again").at(path));
    }
    Ok(())
}

/// Refuses a read-only backup of a record whose latest changes are still in its write-ahead
/// log: the file alone would leave them out, and the log cannot be folded in without writing.
pub(crate) fn whole_in_its_file(path: &Path) -> Result<()> {
    if std::fs::metadata(db_sibling(path, "-wal")).is_ok_and(|m| m.len() > 0) {
        return Err(VaultError::new(
            ErrorCode::ReadOnly,
            "A backup cannot be made here: the latest changes to a record are still waiting to be \
             saved into it, and nothing can be saved where the vault is kept. Move the vault folder \
             somewhere that can be written to, then make the backup. Nothing was changed.",
        )
        .at(path));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mode(conn: &Connection) -> String {
        conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap()
    }

    #[test]
    fn a_large_write_leaves_wal_and_returns_unless_another_connection_holds_the_database() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.db");
        let key = Key32::random(&ring::rand::SystemRandom::new()).unwrap();
        let conn = open(&path, &key, true).unwrap();
        assert_eq!(mode(&conn), "wal");
        assert!(leave_wal(&conn));
        assert_eq!(mode(&conn), "delete");
        conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);").unwrap();
        return_to_wal(&conn);
        assert_eq!(mode(&conn), "wal");

        // Another connection reading: the mode cannot change, and the write runs in WAL.
        let other = open(&path, &key, false).unwrap();
        let tx = other.unchecked_transaction().unwrap();
        let _: i64 = tx.query_row("SELECT count(*) FROM t", [], |r| r.get(0)).unwrap();
        assert!(!leave_wal(&conn));
        assert_eq!(mode(&conn), "wal");
    }

    /// A copy taken while a rollback-journal transaction had spilled pages into the file (as a
    /// crash leaves it) is refused read-only with the plain reason, not read half-changed; the
    /// same copy opened for writing is rolled back and reads as before the change.
    #[test]
    fn a_leftover_rollback_journal_is_never_read_past() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.db");
        let key = Key32::random(&ring::rand::SystemRandom::new()).unwrap();
        let conn = open(&path, &key, true).unwrap();
        conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES ('before');").unwrap();
        assert!(leave_wal(&conn));
        conn.execute_batch("PRAGMA cache_size = 2; BEGIN; UPDATE t SET x = 'after';").unwrap();
        conn.execute_batch("INSERT INTO t SELECT hex(randomblob(500)) FROM (WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 2000) SELECT n FROM c);").unwrap();
        let copy = dir.path().join("copy.db");
        std::fs::copy(&path, &copy).unwrap();
        std::fs::copy(db_sibling(&path, "-journal"), db_sibling(&copy, "-journal")).unwrap();
        conn.execute_batch("ROLLBACK").unwrap();

        let e = open_read_only(&copy, &key).map(|_| ()).unwrap_err();
        assert_eq!(e.code, ErrorCode::ReadOnly, "{e:?}");
        assert!(e.message.contains("being changed when the app last stopped"), "{}", e.message);

        let writable = open(&copy, &key, false).unwrap();
        let rows: Vec<String> = writable
            .prepare("SELECT x FROM t")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        assert_eq!(rows, ["before"]);
    }
}
