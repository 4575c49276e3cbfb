//! What reads work out from a whole record and keep while it is open: the red-flag table's
//! context (from every problem) and the medicine items (from every medicine's resource). The
//! screens ask for them on nearly every call; reading 10,000 problems or parsing 10,000
//! resources each time cost 30 to 150 ms. A kept value is used only while the record is as
//! it was when it was worked out, and it goes when the vault locks (it lives in the open
//! person's state).

use std::sync::Mutex;

use phr_core::readings::red_flags::PersonContext;
use phr_core::record::medicines::MedicineItem;
use rusqlite::{Connection, OptionalExtension};

/// Which state of the record a kept value was worked out from: the newest audit entry (every
/// committed change lands with one, in its transaction) and this connection's count of
/// changed rows (which grows with any write through it, audited or not).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stamp {
    seq: i64,
    hash: [u8; 32],
    changes: u64,
}

pub(crate) fn stamp(conn: &Connection) -> rusqlite::Result<Stamp> {
    let newest: Option<(i64, Vec<u8>)> = conn
        .prepare_cached("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (seq, hash) = newest.unwrap_or_default();
    let mut h = [0u8; 32];
    for (to, from) in h.iter_mut().zip(hash) {
        *to = from;
    }
    Ok(Stamp { seq, hash: h, changes: conn.total_changes() })
}

/// The kept values of one open record.
#[derive(Default)]
pub(crate) struct Derived {
    advice: Mutex<Option<(Stamp, PersonContext)>>,
    medicines: Mutex<Option<(Stamp, Vec<MedicineItem>)>>,
}

// Health data: never printed.
impl std::fmt::Debug for Derived {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Derived { .. }")
    }
}

/// The value kept in `slot` if it was worked out from the record as it is now, else `work`'s,
/// kept for next time.
fn kept<T: Clone>(
    slot: &Mutex<Option<(Stamp, T)>>,
    conn: &Connection,
    work: impl FnOnce(&Connection) -> rusqlite::Result<T>,
) -> rusqlite::Result<T> {
    let now = stamp(conn)?;
    if let Ok(guard) = slot.lock()
        && let Some((at, value)) = guard.as_ref()
        && *at == now
    {
        return Ok(value.clone());
    }
    let value = work(conn)?;
    // Reading took no change; should it have, the next read works it out again.
    if stamp(conn)? == now
        && let Ok(mut guard) = slot.lock()
    {
        *guard = Some((now, value.clone()));
    }
    Ok(value)
}

impl Derived {
    pub(crate) fn advice(
        &self,
        conn: &Connection,
        work: impl FnOnce(&Connection) -> rusqlite::Result<PersonContext>,
    ) -> rusqlite::Result<PersonContext> {
        kept(&self.advice, conn, work)
    }

    pub(crate) fn medicines(
        &self,
        conn: &Connection,
        work: impl FnOnce(&Connection) -> rusqlite::Result<Vec<MedicineItem>>,
    ) -> rusqlite::Result<Vec<MedicineItem>> {
        kept(&self.medicines, conn, work)
    }
}
