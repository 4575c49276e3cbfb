//! Keeping the full-text index (`entry_fts`, FTS5 over `entry`'s title and search text) in
//! step with entries.
//!
//! There are no triggers on `entry` (migration 6 says why), so every write of an entry's
//! title or search text goes through here: new entries are indexed after they are written,
//! and an entry's old text is taken out of the index before it is rewritten. FTS5 keeps an
//! external-content index, so taking a row out needs the exact text it was indexed with.

use rusqlite::Transaction;

/// The highest entry id so far: entries an import adds come above it, for `index_added_after`.
pub(crate) fn last_entry_id(tx: &Transaction<'_>) -> rusqlite::Result<i64> {
    tx.query_row("SELECT coalesce(max(id), 0) FROM entry", [], |r| r.get(0))
}

/// Indexes every entry above `after` in one statement, from its final text: an import's new
/// entries, once they are all written (FTS5 flushes its pending index at each statement's
/// end, so indexing row by row would write and merge index segments for every entry).
pub(crate) fn index_added_after(tx: &Transaction<'_>, after: i64) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO entry_fts (rowid, title, search_text) SELECT id, title, search_text FROM entry WHERE id > ?1",
    )?
    .execute([after])?;
    Ok(())
}

/// Indexes one entry as it is now stored.
pub(crate) fn index_entry(tx: &Transaction<'_>, entry_id: i64) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO entry_fts (rowid, title, search_text) SELECT id, title, search_text FROM entry WHERE id = ?1",
    )?
    .execute([entry_id])?;
    Ok(())
}

/// Takes one entry out of the index; called before its text changes, while the index and
/// the row still agree.
pub(crate) fn unindex_entry(tx: &Transaction<'_>, entry_id: i64) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO entry_fts (entry_fts, rowid, title, search_text)
         SELECT 'delete', id, title, search_text FROM entry WHERE id = ?1",
    )?
    .execute([entry_id])?;
    Ok(())
}
