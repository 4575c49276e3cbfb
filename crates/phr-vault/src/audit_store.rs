//! The audit chain in each person's database: appended in the same transaction as the change
//! it records, read back and verified with [`phr_core::audit::verify_chain`].

use std::path::Path;

use chrono::{DateTime, Utc};
use phr_core::audit::{AuditAction, AuditRecord, ChainBreak, verify_chain};
use rusqlite::{Connection, OptionalExtension, params};

use crate::error::{Result, VaultError, db_error};
use crate::model::AuditVerification;
use crate::person_store::{parse_time, time_text};

/// Appends the entry that follows the newest one. Call inside the transaction that makes
/// the change, so the change and its entry land together or not at all.
pub(crate) fn append(
    conn: &Connection,
    at: DateTime<Utc>,
    action: AuditAction,
    detail: &str,
    path: &Path,
) -> Result<()> {
    let last: Option<(i64, Vec<u8>)> = conn
        .query_row("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()
        .map_err(|e| db_error(path, &e))?;
    let (seq, prev_hash) = match last {
        None => (1u64, phr_core::audit::GENESIS),
        Some((seq, hash)) => {
            let hash: [u8; 32] = hash
                .try_into()
                .map_err(|_| VaultError::database_damaged(path, "the newest audit entry is unreadable"))?;
            let seq = u64::try_from(seq).unwrap_or(0).saturating_add(1);
            (seq, hash)
        }
    };
    let hash = phr_core::audit::entry_hash(&prev_hash, seq, at, action, detail);
    conn.execute(
        "INSERT INTO audit_log (seq, at, action, detail, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            i64::try_from(seq).map_err(|_| VaultError::internal("audit sequence overflow"))?,
            time_text(at),
            action.as_str(),
            detail,
            &prev_hash[..],
            &hash[..]
        ],
    )
    .map_err(|e| db_error(path, &e))?;
    Ok(())
}

/// A row that could not be turned into a record, with the seq it claims.
struct Unreadable {
    seq: u64,
    why: &'static str,
}

fn read_rows(conn: &Connection, path: &Path) -> Result<Vec<std::result::Result<AuditRecord, Unreadable>>> {
    let mut stmt = conn
        .prepare("SELECT seq, at, action, detail, prev_hash, hash FROM audit_log ORDER BY seq")
        .map_err(|e| db_error(path, &e))?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Vec<u8>>(4)?,
                r.get::<_, Vec<u8>>(5)?,
            ))
        })
        .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>());
    let rows = match rows {
        Ok(rows) => rows,
        // A column of the wrong type: someone wrote into the table by hand.
        Err(rusqlite::Error::InvalidColumnType(..) | rusqlite::Error::FromSqlConversionFailure(..)) => {
            return Ok(vec![Err(Unreadable { seq: 0, why: "an entry has a field of the wrong type" })]);
        }
        Err(e) => return Err(db_error(path, &e)),
    };
    Ok(rows
        .into_iter()
        .map(|(seq, at, action, detail, prev, hash)| {
            let seq = u64::try_from(seq).map_err(|_| Unreadable { seq: 0, why: "an entry has a negative number" })?;
            let bad = |why| Unreadable { seq, why };
            Ok(AuditRecord {
                seq,
                at: parse_time(&at).ok_or_else(|| bad("its time is not readable"))?,
                action: AuditAction::parse(&action).ok_or_else(|| bad("its action is not one this app knows"))?,
                detail,
                prev_hash: prev.try_into().map_err(|_| bad("its link to the previous entry is malformed"))?,
                hash: hash.try_into().map_err(|_| bad("its hash is malformed"))?,
            })
        })
        .collect())
}

/// Every entry, oldest first. An unreadable entry is reported as a damaged database; use
/// [`verify`] to learn where the log is broken.
pub(crate) fn read_all(conn: &Connection, path: &Path) -> Result<Vec<AuditRecord>> {
    read_rows(conn, path)?
        .into_iter()
        .map(|r| r.map_err(|u| VaultError::database_damaged(path, &format!("audit entry {}: {}", u.seq, u.why))))
        .collect()
}

/// Re-reads the log and checks the chain. A row that cannot even be read breaks the chain
/// at that row.
pub(crate) fn verify(conn: &Connection, path: &Path) -> Result<AuditVerification> {
    let mut records = Vec::new();
    for row in read_rows(conn, path)? {
        match row {
            Ok(r) => records.push(r),
            Err(u) => {
                // The chain up to the unreadable row may itself be broken earlier.
                if let Err(b) = verify_chain(&records) {
                    return Ok(AuditVerification { entries: records.len() as u64, broken: Some(b) });
                }
                let reason = if u.seq == 0 {
                    u.why.to_string()
                } else {
                    format!("entry {} was changed after it was written: {}", u.seq, u.why)
                };
                return Ok(AuditVerification {
                    entries: records.len() as u64,
                    broken: Some(ChainBreak { seq: u.seq, reason }),
                });
            }
        }
    }
    Ok(match verify_chain(&records) {
        Ok(n) => AuditVerification { entries: n, broken: None },
        Err(b) => AuditVerification { entries: records.len() as u64, broken: Some(b) },
    })
}
