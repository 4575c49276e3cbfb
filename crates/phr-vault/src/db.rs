//! Opening a person's SQLCipher database with its raw key, and checking it is whole.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};
use zeroize::Zeroizing;

use crate::error::{Result, VaultError, db_error};
use crate::hex;
use crate::keys::Key32;
use crate::migrations;

/// Opens (or with `create`, creates) a database, keys it, sets the pragmas, checks it,
/// applies migrations and judges any result stored without its range check.
pub(crate) fn open(path: &Path, key: &Key32, create: bool) -> Result<Connection> {
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    } else if !path.exists() {
        return Err(VaultError::database_damaged(path, "the file is missing"));
    }
    let mut conn = Connection::open_with_flags(path, flags).map_err(|e| db_error(path, &e))?;
    apply_key(&conn, key).map_err(|e| db_error(path, &e))?;
    configure(&conn).map_err(|e| db_error(path, &e))?;
    if !create {
        check_integrity(&conn, path)?;
    }
    migrations::migrate(&mut conn).map_err(|e| e.into_error(path))?;
    crate::record_store::judge_unjudged(&mut conn).map_err(|e| db_error(path, &e))?;
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

/// SQLCipher's page-by-page HMAC check, then SQLite's structural quick check.
fn check_integrity(conn: &Connection, path: &Path) -> Result<()> {
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
}
