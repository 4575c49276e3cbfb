//! The person database's schema, as an append-only list of migrations.
//!
//! A migration that has shipped has run on people's records; editing it would leave old and
//! new databases with different schemas under the same version number. So migrations are
//! only ever added, and a test pins the SHA-256 of each one.

use rusqlite::Connection;

use phr_core::ErrorCode;

/// Applied in order; `PRAGMA user_version` records how many have run.
pub const MIGRATIONS: &[&str] = &[
    // 1: the person (one row per database) and the audit chain.
    "CREATE TABLE person (
        id TEXT PRIMARY KEY NOT NULL,
        name TEXT NOT NULL,
        date_of_birth TEXT NOT NULL,
        nhs_number TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        only_row INTEGER NOT NULL DEFAULT 1 UNIQUE CHECK (only_row = 1)
    );
    CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        action TEXT NOT NULL,
        detail TEXT NOT NULL,
        prev_hash BLOB NOT NULL,
        hash BLOB NOT NULL
    );",
    // 2: the clinical record (issue 3): sources, imports, resources as they arrived, entries,
    // links, attachments, full-text search. Owned by the record store until it ships.
    "-- placeholder: the record store's schema goes here",
    // 3: readings (issue 4): the dense readings table, targets, rollups. Owned by the readings
    // store until it ships.
    "-- placeholder: the readings store's schema goes here",
];

/// What can go wrong bringing a database up to date.
#[derive(Debug)]
pub(crate) enum MigrateError {
    /// The database was written by a newer app with more migrations.
    Newer {
        found: i64,
    },
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for MigrateError {
    fn from(e: rusqlite::Error) -> Self {
        Self::Sqlite(e)
    }
}

impl MigrateError {
    pub(crate) fn into_error(self, path: &std::path::Path) -> crate::VaultError {
        match self {
            MigrateError::Newer { found } => crate::VaultError::new(
                ErrorCode::UnsupportedVersion,
                format!(
                    "A person's record was written by a newer version of the app (schema {found}; \
                     this version knows {}). Update the app to open it.",
                    MIGRATIONS.len()
                ),
            )
            .at(path),
            MigrateError::Sqlite(e) => crate::error::db_error(path, &e),
        }
    }
}

/// Runs every migration not yet applied, all in one transaction with the version bump, so a
/// crash leaves the database at the old version or the new one.
pub(crate) fn migrate(conn: &mut Connection) -> Result<(), MigrateError> {
    let tx = conn.transaction()?;
    let current: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let known = MIGRATIONS.len() as i64;
    if current > known {
        return Err(MigrateError::Newer { found: current });
    }
    for sql in MIGRATIONS.iter().skip(usize::try_from(current).unwrap_or(0)) {
        tx.execute_batch(sql)?;
    }
    if current < known {
        tx.pragma_update(None, "user_version", known)?;
    }
    tx.commit()?;
    Ok(())
}
