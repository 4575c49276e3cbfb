//! The audit chain in each person's database: appended in the same transaction as the change
//! it records, read back and verified with [`phr_core::audit::verify_chain`].
//!
//! A chain alone cannot show that its newest entries were removed: what is left is still a
//! valid chain. So after each append the newest entry's seq and hash are also kept outside
//! the database, as the person's [`AuditAnchor`] in the key file. The key file is written
//! after the database commits, so a crash in between leaves the anchor behind the log,
//! never ahead of it: verifying accepts entries after the anchor and refuses a log that no
//! longer holds the anchored entry as it was.
//!
//! Each entry names who acted ([`Actor`]: the holder as "you" or as a carer, or the person
//! through their own access), stored beside it and hashed with it (the v2 encoding); entries
//! written before actors were kept name nobody and keep verifying as v1.

use std::path::Path;

use chrono::{DateTime, Utc};
use phr_core::audit::{Actor, AuditAction, AuditRecord, ChainBreak, verify_chain};
use phr_core::hash_chain::{self, Link};
use rusqlite::{Connection, OptionalExtension, params};

use crate::error::{Result, VaultError, db_error};
use crate::model::{AuditVerification, PersonId, PersonRecord};
use crate::person_store::{parse_time, time_text};

/// The newest entry of a person's log as last recorded outside their database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AuditAnchor {
    /// At least 1: a log with no entries has no anchor.
    pub(crate) seq: u64,
    pub(crate) hash: [u8; 32],
}

/// The newest entry's number and hash (its `prev_hash` is not read: only these two matter
/// for the next link, or to see whether anything was written since).
pub(crate) fn newest(conn: &Connection, path: &Path) -> Result<Option<Link>> {
    let last: Option<(i64, Vec<u8>)> = conn
        .query_row("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
        .map_err(|e| db_error(path, &e))?;
    let Some((seq, hash)) = last else { return Ok(None) };
    let hash: [u8; 32] =
        hash.try_into().map_err(|_| VaultError::database_damaged(path, "the newest audit entry is unreadable"))?;
    Ok(Some(Link { seq: u64::try_from(seq).unwrap_or(0), prev_hash: [0; 32], hash }))
}

/// Who acts on `id`'s record: the session's actor when it was set for that person (the
/// person through their own access), else the vault's holder, who is "you" on their own
/// record and a carer, named by the "me" person's first name, on someone they care for.
pub(crate) fn actor_on(people: &[PersonRecord], id: &PersonId, acting: Option<&(PersonId, Actor)>) -> Actor {
    if let Some((_, actor)) = acting.filter(|(person, _)| person == id) {
        return actor.clone();
    }
    let role = |p: &PersonRecord| p.role.as_ref().map(|r| r.kind);
    let me = people.iter().find(|p| role(p) == Some(phr_core::person_role::RoleKind::Me));
    let this = people.iter().find(|p| p.id == *id).and_then(role);
    Actor::holder_on(this, me.map(|p| p.details.name.as_str()))
}

/// Appends the entry that follows the newest one, naming `actor`, and returns the anchor for
/// it. Call inside the transaction that makes the change, so the change and its entry land
/// together or not at all; record the anchor once that transaction has committed.
pub(crate) fn append(
    conn: &Connection,
    at: DateTime<Utc>,
    action: AuditAction,
    detail: &str,
    actor: &Actor,
    path: &Path,
) -> Result<AuditAnchor> {
    let last = newest(conn, path)?;
    let (seq, prev_hash) = hash_chain::next(last.as_ref());
    let hash = phr_core::audit::entry_hash_v2(&prev_hash, seq, at, action, detail, actor);
    conn.execute(
        "INSERT INTO audit_log (seq, at, action, detail, prev_hash, hash, actor, actor_name) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            i64::try_from(seq).map_err(|_| VaultError::internal("audit sequence overflow"))?,
            time_text(at),
            action.as_str(),
            detail,
            &prev_hash[..],
            &hash[..],
            actor.code(),
            actor.name()
        ],
    )
    .map_err(|e| db_error(path, &e))?;
    Ok(AuditAnchor { seq, hash })
}

/// Whether the log still holds the `anchor`ed entry unchanged (true when there is no
/// anchor). Checked before an append moves the anchor on: when it fails, the old anchor must
/// be kept, or a log cut while the vault was locked would be made to look whole by the next
/// entry (the unlock's own).
pub(crate) fn anchor_holds(conn: &Connection, anchor: Option<&AuditAnchor>, path: &Path) -> Result<bool> {
    let Some(a) = anchor else { return Ok(true) };
    let Ok(seq) = i64::try_from(a.seq) else { return Ok(false) };
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM audit_log WHERE seq = ?1 AND hash = ?2)",
        params![seq, &a.hash[..]],
        |r| r.get::<_, bool>(0),
    )
    .map_err(|e| db_error(path, &e))
}

/// A row that could not be turned into a record, with the seq it claims.
struct Unreadable {
    seq: u64,
    why: &'static str,
}

fn read_rows(conn: &Connection, path: &Path) -> Result<Vec<std::result::Result<AuditRecord, Unreadable>>> {
    let mut stmt = conn
        .prepare("SELECT seq, at, action, detail, prev_hash, hash, actor, actor_name FROM audit_log ORDER BY seq")
        .map_err(|e| db_error(path, &e))?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                (r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?),
                r.get::<_, Vec<u8>>(4)?,
                r.get::<_, Vec<u8>>(5)?,
                (r.get::<_, Option<String>>(6)?, r.get::<_, Option<String>>(7)?),
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
        .map(|((seq, at, action, detail), prev, hash, (actor, actor_name))| {
            let seq = u64::try_from(seq).map_err(|_| Unreadable { seq: 0, why: "an entry has a negative number" })?;
            let bad = |why| Unreadable { seq, why };
            let actor = match actor {
                None => None,
                Some(code) => Some(
                    Actor::parse(&code, actor_name.as_deref())
                        .ok_or_else(|| bad("who acted is not one this app knows"))?,
                ),
            };
            Ok(AuditRecord {
                actor,
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

/// Re-reads the log and checks the chain, then checks it still holds the `anchor`ed entry
/// unchanged (a key file written before anchors existed has none: then only the chain is
/// checked). A row that cannot even be read breaks the chain at that row.
pub(crate) fn verify(conn: &Connection, path: &Path, anchor: Option<&AuditAnchor>) -> Result<AuditVerification> {
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
    let entries = records.len() as u64;
    let broken = match verify_chain(&records) {
        Ok(_) => anchor.and_then(|a| check_anchor(&records, a)),
        Err(b) => Some(b),
    };
    Ok(AuditVerification { entries, broken })
}

/// Whether a log whose chain holds still has the anchored entry as it was. The chain holds,
/// so `records` are entries 1, 2, ... in order with no gaps.
fn check_anchor(records: &[AuditRecord], anchor: &AuditAnchor) -> Option<ChainBreak> {
    let n = anchor.seq;
    let last = records.last().map_or(0, |r| r.seq);
    if n > last {
        let first_missing = last.saturating_add(1);
        let ends = if last == 0 { "the log is empty".to_string() } else { format!("the log ends at entry {last}") };
        let reason = if first_missing == n {
            format!("entry {n} is missing: {ends} but entry {n} was recorded")
        } else {
            format!("entries {first_missing} to {n} are missing: {ends} but entry {n} was recorded")
        };
        return Some(ChainBreak { seq: first_missing, reason });
    }
    let index = usize::try_from(n.checked_sub(1)?).ok()?;
    match records.get(index) {
        Some(r) if r.seq == n && r.hash == anchor.hash => None,
        _ => Some(ChainBreak {
            seq: n,
            reason: format!("entry {n} is not the entry that was recorded: it, or entries before it, were replaced"),
        }),
    }
}
