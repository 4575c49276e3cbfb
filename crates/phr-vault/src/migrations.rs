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
    // 2: the clinical record: sources, imports, resources as they arrived, entries,
    // links, attachments, full-text search. Owned by the record store until it ships.
    "CREATE TABLE source (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('gp', 'file', 'self', 'carer')),
        key TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        ods_code TEXT,
        url TEXT,
        created_at TEXT NOT NULL
    );
    CREATE TABLE import_run (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES source(id),
        finished_at TEXT NOT NULL,
        files TEXT NOT NULL,
        added INTEGER NOT NULL,
        updated INTEGER NOT NULL,
        unchanged INTEGER NOT NULL,
        unmapped INTEGER NOT NULL,
        rejected INTEGER NOT NULL,
        report TEXT NOT NULL
    );
    CREATE TABLE resource (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES source(id),
        resource_type TEXT NOT NULL,
        logical_id TEXT NOT NULL,
        full_url TEXT,
        version_id TEXT,
        content_hash TEXT NOT NULL,
        fhir_version TEXT NOT NULL CHECK (fhir_version IN ('R4', 'STU3')),
        raw TEXT NOT NULL,
        r4 TEXT,
        first_imported_at TEXT NOT NULL,
        last_imported_at TEXT NOT NULL,
        import_id INTEGER NOT NULL REFERENCES import_run(id),
        UNIQUE (source_id, resource_type, logical_id)
    );
    CREATE INDEX resource_full_url ON resource(source_id, full_url) WHERE full_url IS NOT NULL;
    CREATE TABLE resource_history (
        id INTEGER PRIMARY KEY,
        resource_id INTEGER NOT NULL REFERENCES resource(id),
        version_id TEXT,
        content_hash TEXT NOT NULL,
        fhir_version TEXT NOT NULL,
        raw TEXT NOT NULL,
        r4 TEXT,
        imported_at TEXT NOT NULL,
        replaced_at TEXT NOT NULL
    );
    CREATE INDEX resource_history_resource ON resource_history(resource_id);
    CREATE TABLE entry (
        id INTEGER PRIMARY KEY,
        resource_id INTEGER NOT NULL UNIQUE REFERENCES resource(id),
        kind TEXT NOT NULL,
        title TEXT NOT NULL,
        status TEXT,
        date TEXT,
        sort_date TEXT NOT NULL,
        value_text TEXT,
        flag TEXT,
        abnormal INTEGER NOT NULL DEFAULT 0,
        active INTEGER NOT NULL DEFAULT 0,
        codes TEXT NOT NULL,
        value TEXT,
        components TEXT NOT NULL,
        facts TEXT NOT NULL,
        search_text TEXT NOT NULL,
        sensitivity TEXT NOT NULL,
        sensitivity_set_by_user INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX entry_timeline ON entry(sort_date DESC, id DESC);
    CREATE INDEX entry_kind ON entry(kind, sort_date DESC, id DESC);
    CREATE TABLE entry_link (
        from_entry INTEGER NOT NULL REFERENCES entry(id),
        to_entry INTEGER NOT NULL REFERENCES entry(id),
        role TEXT NOT NULL,
        PRIMARY KEY (from_entry, to_entry, role)
    ) WITHOUT ROWID;
    CREATE INDEX entry_link_to ON entry_link(to_entry);
    CREATE TABLE attachment (
        id INTEGER PRIMARY KEY,
        entry_id INTEGER NOT NULL REFERENCES entry(id),
        title TEXT NOT NULL,
        content_type TEXT NOT NULL,
        data BLOB NOT NULL
    );
    CREATE INDEX attachment_entry ON attachment(entry_id);
    CREATE VIRTUAL TABLE entry_fts USING fts5(
        title, search_text,
        content = 'entry', content_rowid = 'id',
        tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER entry_fts_insert AFTER INSERT ON entry BEGIN
        INSERT INTO entry_fts(rowid, title, search_text) VALUES (new.id, new.title, new.search_text);
    END;
    CREATE TRIGGER entry_fts_delete AFTER DELETE ON entry BEGIN
        INSERT INTO entry_fts(entry_fts, rowid, title, search_text) VALUES ('delete', old.id, old.title, old.search_text);
    END;
    CREATE TRIGGER entry_fts_update AFTER UPDATE OF title, search_text ON entry BEGIN
        INSERT INTO entry_fts(entry_fts, rowid, title, search_text) VALUES ('delete', old.id, old.title, old.search_text);
        INSERT INTO entry_fts(rowid, title, search_text) VALUES (new.id, new.title, new.search_text);
    END;",
    // 3: readings: the dense readings table (times in unix ms UTC plus the offset
    // they were taken in; values in canonical units beside what was entered), a covering index
    // on live readings by kind and time for charts, the dedupe key that makes a re-import add
    // nothing, hourly and daily rollups (count, sums and each bucket's extreme points) kept
    // in step in the same transaction, personal targets and the home blood pressure week.
    "CREATE TABLE reading (
        id INTEGER PRIMARY KEY,
        kind INTEGER NOT NULL,
        at INTEGER NOT NULL,
        tz_offset INTEGER NOT NULL,
        value REAL,
        value2 REAL,
        pulse REAL,
        entered_value REAL,
        entered_unit TEXT,
        context TEXT,
        arm TEXT,
        position TEXT,
        text TEXT,
        note TEXT,
        source INTEGER NOT NULL,
        source_name TEXT,
        unusual TEXT,
        dedupe_key INTEGER,
        created_at INTEGER NOT NULL,
        deleted_at INTEGER
    );
    CREATE INDEX reading_kind_at ON reading(kind, at, value, value2) WHERE deleted_at IS NULL;
    CREATE UNIQUE INDEX reading_dedupe ON reading(kind, at, dedupe_key) WHERE dedupe_key IS NOT NULL;
    CREATE TABLE reading_rollup (
        kind INTEGER NOT NULL,
        level INTEGER NOT NULL,
        bucket INTEGER NOT NULL,
        n INTEGER NOT NULL,
        sum REAL NOT NULL,
        sum2 REAL NOT NULL,
        extremes BLOB NOT NULL,
        PRIMARY KEY (kind, level, bucket)
    ) WITHOUT ROWID;
    CREATE TABLE reading_target (
        kind INTEGER PRIMARY KEY,
        low REAL,
        high REAL,
        low2 REAL,
        high2 REAL,
        updated_at INTEGER NOT NULL
    );
    CREATE TABLE bp_week (
        only_row INTEGER PRIMARY KEY CHECK (only_row = 1),
        started_at INTEGER NOT NULL,
        tz_offset INTEGER NOT NULL
    );",
    // 4: sharing: the record's Ed25519 signing key (PKCS#8, created on first use;
    // one per record) and the share register: each share's consent as JSON plus the columns
    // the list shows. Status is derived (revoked_at, else not_after against the clock); the
    // Consent resource stored in the record is linked so revoking can mark it.
    "CREATE TABLE signing_key (
        only_row INTEGER PRIMARY KEY CHECK (only_row = 1),
        algorithm TEXT NOT NULL,
        pkcs8 BLOB NOT NULL,
        public_key BLOB NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE TABLE share (
        id INTEGER PRIMARY KEY,
        share_id TEXT NOT NULL UNIQUE,
        consent TEXT NOT NULL,
        created_at TEXT NOT NULL,
        not_after TEXT NOT NULL,
        sealed_to TEXT NOT NULL CHECK (sealed_to IN ('code', 'key')),
        package_sha256 TEXT NOT NULL,
        entries INTEGER NOT NULL,
        readings INTEGER NOT NULL,
        consent_resource_id INTEGER REFERENCES resource(id),
        revoked_at TEXT
    );
    CREATE INDEX share_created ON share(created_at DESC, id DESC);",
    // 5: import speed: full-text indexing of an import's new entries deferred to one
    // statement at its end. FTS5 flushes its pending index at every statement's savepoint, so
    // indexing row by row made each entry insert write and merge index segments. While an
    // import's transaction holds the only row of `entry_fts_deferred`, entries above `after_id`
    // (the ones it adds) are left to the import, which indexes them from their final text and
    // removes the row before it commits; every other entry change is indexed as before.
    "CREATE TABLE entry_fts_deferred (
        only_row INTEGER PRIMARY KEY CHECK (only_row = 1),
        after_id INTEGER NOT NULL
    );
    DROP TRIGGER entry_fts_insert;
    DROP TRIGGER entry_fts_delete;
    DROP TRIGGER entry_fts_update;
    CREATE TRIGGER entry_fts_insert AFTER INSERT ON entry
    WHEN NOT EXISTS (SELECT 1 FROM entry_fts_deferred WHERE new.id > after_id) BEGIN
        INSERT INTO entry_fts(rowid, title, search_text) VALUES (new.id, new.title, new.search_text);
    END;
    CREATE TRIGGER entry_fts_delete AFTER DELETE ON entry
    WHEN NOT EXISTS (SELECT 1 FROM entry_fts_deferred WHERE old.id > after_id) BEGIN
        INSERT INTO entry_fts(entry_fts, rowid, title, search_text) VALUES ('delete', old.id, old.title, old.search_text);
    END;
    CREATE TRIGGER entry_fts_update AFTER UPDATE OF title, search_text ON entry
    WHEN NOT EXISTS (SELECT 1 FROM entry_fts_deferred WHERE old.id > after_id) BEGIN
        INSERT INTO entry_fts(entry_fts, rowid, title, search_text) VALUES ('delete', old.id, old.title, old.search_text);
        INSERT INTO entry_fts(rowid, title, search_text) VALUES (new.id, new.title, new.search_text);
    END;",
    // 6: import speed: no triggers on `entry`. Any trigger on a table, even one whose
    // WHEN is false, makes every insert into it a multi-row write that keeps a statement
    // journal, a copy of each page it touches: about 0.4 s of a 100,000-resource import. The
    // search index is kept in step by `record_store::search_index`, called by the code that
    // writes entries, and checked by FTS5's integrity check in the tests.
    "DROP TRIGGER entry_fts_insert;
    DROP TRIGGER entry_fts_delete;
    DROP TRIGGER entry_fts_update;
    DROP TABLE entry_fts_deferred;",
    // 7: undoing an import as a whole. `import_run.kind` says what an import brought
    // ('record': FHIR resources; 'readings': a device file's readings, each naming its run in
    // `reading.import_id`), `undone_at` when it was undone, `owner_overridden` that a device
    // file named someone else and the person said it was theirs. A resource names the import
    // that first brought it; a kept older version names the import that brought it, the one
    // that replaced it, its fullUrl, and the entry (with its links, as JSON; 'null' for none)
    // and attachments it had, so undoing the replacing import puts back exactly what was there.
    // Existing rows are filled in where the stored times say exactly which import it was
    // (every row an import writes carries that import's time); a device file's readings,
    // stored together with one time, become one readings import each.
    "ALTER TABLE import_run ADD COLUMN kind TEXT NOT NULL DEFAULT 'record' CHECK (kind IN ('record', 'readings'));
    ALTER TABLE import_run ADD COLUMN undone_at TEXT;
    ALTER TABLE import_run ADD COLUMN owner_overridden INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE resource ADD COLUMN first_import_id INTEGER;
    CREATE INDEX resource_first_import ON resource(first_import_id);
    ALTER TABLE resource_history ADD COLUMN import_id INTEGER;
    ALTER TABLE resource_history ADD COLUMN replaced_by_import INTEGER;
    ALTER TABLE resource_history ADD COLUMN full_url TEXT;
    ALTER TABLE resource_history ADD COLUMN entry TEXT;
    CREATE INDEX resource_history_replaced_by ON resource_history(replaced_by_import)
        WHERE replaced_by_import IS NOT NULL;
    CREATE TABLE attachment_history (
        id INTEGER PRIMARY KEY,
        history_id INTEGER NOT NULL REFERENCES resource_history(id),
        title TEXT NOT NULL,
        content_type TEXT NOT NULL,
        data BLOB NOT NULL
    );
    CREATE INDEX attachment_history_of ON attachment_history(history_id);
    ALTER TABLE reading ADD COLUMN import_id INTEGER;
    CREATE INDEX reading_import ON reading(import_id) WHERE import_id IS NOT NULL;
    UPDATE resource SET first_import_id = CASE
        WHEN NOT EXISTS (SELECT 1 FROM resource_history h WHERE h.resource_id = resource.id) THEN import_id
        ELSE (SELECT min(i.id) FROM import_run i
              WHERE i.source_id = resource.source_id AND i.finished_at = resource.first_imported_at)
    END;
    UPDATE resource_history SET replaced_by_import = (
        SELECT min(i.id) FROM import_run i JOIN resource r ON r.source_id = i.source_id
        WHERE r.id = resource_history.resource_id AND i.finished_at = resource_history.replaced_at);
    INSERT INTO source (kind, key, name, created_at)
        SELECT 'file', 'device:' || coalesce(source_name, ''), coalesce(source_name, 'A device file'),
            strftime('%Y-%m-%dT%H:%M:%fZ', min(created_at) / 1000.0, 'unixepoch')
        FROM reading WHERE source = 2 AND dedupe_key IS NOT NULL GROUP BY coalesce(source_name, '')
        ON CONFLICT (key) DO NOTHING;
    INSERT INTO import_run (source_id, finished_at, files, added, updated, unchanged, unmapped, rejected, report, kind)
        SELECT s.id, strftime('%Y-%m-%dT%H:%M:%fZ', r.created_at / 1000.0, 'unixepoch'), '[]', count(*), 0, 0, 0, 0,
            '[]', 'readings'
        FROM reading r JOIN source s ON s.key = 'device:' || coalesce(r.source_name, '')
        WHERE r.source = 2 AND r.dedupe_key IS NOT NULL
        GROUP BY r.created_at, s.id ORDER BY r.created_at, s.id;
    UPDATE reading SET import_id = (
        SELECT i.id FROM import_run i JOIN source s ON s.id = i.source_id
        WHERE i.kind = 'readings' AND s.key = 'device:' || coalesce(reading.source_name, '')
            AND i.finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', reading.created_at / 1000.0, 'unixepoch'))
    WHERE source = 2 AND dedupe_key IS NOT NULL;",
    // 8: results against their normal range: `entry.range_check` is 0 inside, 1 outside, 2
    // cannot be checked (no interpretation, no range of its own, no NHS or NICE level for
    // it; `phr_core::record::range`), written with each result. Results stored before have
    // none: the partial index finds them, and opening the record judges them from their stored
    // resources (`record_store::range::judge_unjudged`), as it does any result put back
    // without one. Only unjudged results are in the index, so a result stored judged costs
    // nothing.
    "ALTER TABLE entry ADD COLUMN range_check INTEGER;
    CREATE INDEX entry_unjudged ON entry(id) WHERE range_check IS NULL AND kind = 'result';",
    // 9: what the app worked out from stored entries, by the version of the rules that did it.
    // 'sensitivity': the `phr_core::record::SENSITIVITY_LISTS_VERSION` the suggested labels
    // were made by. A record behind (or with no row: labelled before this was kept) has its
    // suggested labels, never the citizen's, worked out again when it opens
    // (`record_store::relabel`).
    "CREATE TABLE derived_version (
        what TEXT PRIMARY KEY,
        version INTEGER NOT NULL
    ) WITHOUT ROWID;",
    // 10: statistics over any range from the rollups: each bucket's sum of squares, and the
    // count and sum of squares of its second values (blood pressure's diastolic), filled in
    // from the readings of each stored bucket; statistics then combine whole buckets with raw
    // readings at the range's two edges (`readings_store::rollup::span`). Readings without a
    // value (notes) are in no rollup, so a partial index on live ones lets a list count them
    // without reading every reading of the kind.
    "ALTER TABLE reading_rollup ADD COLUMN sum_sq REAL NOT NULL DEFAULT 0;
    ALTER TABLE reading_rollup ADD COLUMN n2 INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE reading_rollup ADD COLUMN sum_sq2 REAL NOT NULL DEFAULT 0;
    UPDATE reading_rollup SET (sum_sq, n2, sum_sq2) = (
        SELECT coalesce(sum(r.value * r.value), 0), count(r.value2), coalesce(sum(r.value2 * r.value2), 0)
        FROM reading r
        WHERE r.kind = reading_rollup.kind AND r.deleted_at IS NULL AND r.value IS NOT NULL
            AND r.at >= reading_rollup.bucket
            AND r.at < reading_rollup.bucket + (CASE reading_rollup.level WHEN 1 THEN 3600000 ELSE 86400000 END));
    CREATE INDEX reading_valueless ON reading(kind, at) WHERE deleted_at IS NULL AND value IS NULL;",
    // 11: the GP record's observations shown among the readings: an index on the kind of
    // reading each result is (the `reading` the import wrote into `entry.value`), holding only
    // the entries that are one, so the Readings screens find a kind's GP values without reading
    // the record's other entries (`readings_store::gp`).
    "CREATE INDEX entry_reading_kind ON entry(json_extract(value, '$.reading.kind'), sort_date)
        WHERE json_extract(value, '$.reading.kind') IS NOT NULL;",
    // 12: each UTC day's glucose tally for the glucose report (`readings_store::glucose`): the
    // day's live glucose readings (kind 5) counted by hour of the day and 0.1 mmol/L step, and
    // its quarter-hours with a reading, as a blob. The days that already have glucose readings
    // are listed in `glucose_day_pending`, and opening the record builds their tallies from
    // the readings (`glucose::build_pending`) and empties the list.
    "CREATE TABLE glucose_day (
        day INTEGER PRIMARY KEY,
        tally BLOB NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE glucose_day_pending (
        day INTEGER PRIMARY KEY
    ) WITHOUT ROWID;
    INSERT OR IGNORE INTO glucose_day_pending (day)
        SELECT at - (((at % 86400000) + 86400000) % 86400000) FROM reading
        WHERE kind = 5 AND deleted_at IS NULL AND value IS NOT NULL;",
    // 13: each entry's place among what the person browses (`phr_core::record::place`: 0 the
    // health story, 1 administrative, 2 folded into its report). Existing entries are placed
    // when the record next opens (`record_store::place`), through the partial index on
    // unplaced ones; the lists read the story through `entry_place`.
    "ALTER TABLE entry ADD COLUMN place INTEGER;
    CREATE INDEX entry_place ON entry(place, sort_date DESC, id DESC);
    CREATE INDEX entry_unplaced ON entry(id) WHERE place IS NULL;",
    // 14: who the person is to the vault's holder (`phr_core::person_role`): 'me' or
    // 'caredFor', a relationship code, the basis for caring (its kind, date and reference) and
    // when it is next reviewed. A person stored before has no role ('Role not set'): nobody is
    // assumed to be the holder, and nobody is assumed to have a basis they never recorded.
    "ALTER TABLE person ADD COLUMN role TEXT CHECK (role IN ('me', 'caredFor'));
    ALTER TABLE person ADD COLUMN relationship TEXT;
    ALTER TABLE person ADD COLUMN basis TEXT;
    ALTER TABLE person ADD COLUMN basis_date TEXT;
    ALTER TABLE person ADD COLUMN basis_ref TEXT;
    ALTER TABLE person ADD COLUMN review_on TEXT;",
    // 15: who acted, named beside each entry and hashed with it (the v2 entry encoding).
    // Entries written before name nobody (NULL) and keep their v1 hash.
    "ALTER TABLE audit_log ADD COLUMN actor TEXT CHECK (actor IN ('you', 'carer', 'owner'));
    ALTER TABLE audit_log ADD COLUMN actor_name TEXT;",
    // 16: what a cared-for person keeps from their carer (`own_access`, `private_part`,
    // `sealed`): each arrival sealed to their age key while only the carer was there (an age
    // file of one resource and its source), and how many entries their private part holds
    // (the carer is shown it only when the person allows).
    "CREATE TABLE sealed_arrival (
        id INTEGER PRIMARY KEY,
        arrived_at TEXT NOT NULL,
        sealed BLOB NOT NULL
    );
    CREATE TABLE private_part (
        only_row INTEGER PRIMARY KEY CHECK (only_row = 1),
        entries INTEGER NOT NULL,
        counted_at TEXT NOT NULL
    );",
    // 17: the person's own notes on entries and own entries deleted (`own_entries`). A note,
    // and "hide from my timeline", sit beside the resource they are about, named by its
    // source's key, type and logical id (no foreign key: they outlive a re-import, an undone
    // import and a move to the private part), and never change its stored text. A deleted own
    // entry's resource text is kept, with its source, until it is put back.
    "CREATE TABLE entry_annotation (
        source_key TEXT NOT NULL,
        resource_type TEXT NOT NULL,
        logical_id TEXT NOT NULL,
        note TEXT,
        note_at TEXT,
        hidden INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (source_key, resource_type, logical_id)
    ) WITHOUT ROWID;
    CREATE TABLE own_entry_deleted (
        id INTEGER PRIMARY KEY,
        source_kind TEXT NOT NULL,
        source_key TEXT NOT NULL,
        source_name TEXT NOT NULL,
        resource_type TEXT NOT NULL,
        logical_id TEXT NOT NULL,
        resource TEXT NOT NULL,
        deleted_at TEXT NOT NULL
    );",
    // 18: the person's reminders (`reminders`): what each is for (its kind's code; a daily
    // reading's kind as the readings table's small code; a medicine's name; a backup's weeks; a
    // review's days before), its local times of day ("08:00,20:00") and when it was set; each
    // medicine time ticked as taken (the reminder and the moment it fired, in Unix ms); and
    // whether the person lets notifications name what a reminder is for (one row, off until
    // they allow it).
    "CREATE TABLE reminder (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        reading_kind INTEGER,
        medicine TEXT,
        times TEXT NOT NULL DEFAULT '',
        weeks INTEGER,
        days_before INTEGER,
        created_at TEXT NOT NULL
    );
    CREATE TABLE reminder_taken (
        reminder_id INTEGER NOT NULL,
        fired_at_ms INTEGER NOT NULL,
        taken_at TEXT NOT NULL,
        PRIMARY KEY (reminder_id, fired_at_ms)
    );
    CREATE TABLE reminder_setting (
        only_row INTEGER PRIMARY KEY CHECK (only_row = 1),
        show_details INTEGER NOT NULL DEFAULT 0
    );",
    // 19: the kept connection to the person's GP practice (`gp_connection`), when they chose
    // to stay connected: the practice's FHIR base and name, the client id and patient id the
    // token was issued for, the refresh token itself (only ever inside this encrypted
    // database), the practice's instant to ask for changes after next time, and when the
    // connection was made and last used. One row at most.
    "CREATE TABLE gp_connection (
        only_row INTEGER PRIMARY KEY CHECK (only_row = 1),
        base TEXT NOT NULL,
        practice_name TEXT NOT NULL,
        client_id TEXT NOT NULL,
        patient TEXT,
        since TEXT,
        refresh_token TEXT NOT NULL,
        connected_at TEXT NOT NULL,
        updated_at TEXT
    );",
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
