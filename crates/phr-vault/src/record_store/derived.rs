//! What reads work out from a whole record and keep while it is open: the record summary (its
//! lists and counts walk every problem and read the last import's run), the red-flag table's
//! context (from every problem), the medicine items (from every medicine's resource), those
//! items grouped into medicines as they stand on a given day, and the GP record's readings
//! (every observation of a reading kind, read from its entry). The screens ask for them on
//! nearly every call; reading 10,000 problems, parsing 10,000 resources or grouping 10,000
//! medicines each time cost 30 to 150 ms. A kept value is used only while the record is as it
//! was when it was worked out (and, for the grouped medicines, on the same day), and it goes
//! when the vault locks (it lives in the open person's state).

use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use phr_core::readings::GpReading;
use phr_core::readings::red_flags::PersonContext;
use phr_core::record::medicines::{MedicineItem, Medicines};

use super::RecordSummary;
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

/// The GP record's readings, oldest first.
type GpReadings = Arc<Vec<GpReading>>;

/// The kept values of one open record.
#[derive(Default)]
pub(crate) struct Derived {
    summary: Mutex<Option<(Stamp, (), RecordSummary)>>,
    advice: Mutex<Option<(Stamp, (), PersonContext)>>,
    medicines: Mutex<Option<(Stamp, (), Vec<MedicineItem>)>>,
    /// Shared rather than copied: a copy of 10,000 medicines costs about what grouping does.
    grouped: Mutex<Option<(Stamp, NaiveDate, Arc<Medicines>)>>,
    /// Shared: every Readings screen filters them by kind and time.
    gp_readings: Mutex<Option<(Stamp, (), GpReadings)>>,
}

// Health data: never printed.
impl std::fmt::Debug for Derived {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Derived { .. }")
    }
}

/// The value kept in `slot` if it was worked out from the record as it is now with the same
/// `key`, else `work`'s, kept for next time.
fn kept<K: PartialEq + Copy, T: Clone>(
    slot: &Mutex<Option<(Stamp, K, T)>>,
    key: K,
    conn: &Connection,
    work: impl FnOnce(&Connection) -> rusqlite::Result<T>,
) -> rusqlite::Result<T> {
    let now = stamp(conn)?;
    if let Ok(guard) = slot.lock()
        && let Some((at, for_key, value)) = guard.as_ref()
        && *at == now
        && *for_key == key
    {
        return Ok(value.clone());
    }
    let value = work(conn)?;
    // Reading took no change; should it have, the next read works it out again.
    if stamp(conn)? == now
        && let Ok(mut guard) = slot.lock()
    {
        *guard = Some((now, key, value.clone()));
    }
    Ok(value)
}

impl Derived {
    pub(crate) fn advice(
        &self,
        conn: &Connection,
        work: impl FnOnce(&Connection) -> rusqlite::Result<PersonContext>,
    ) -> rusqlite::Result<PersonContext> {
        kept(&self.advice, (), conn, work)
    }

    pub(crate) fn summary(
        &self,
        conn: &Connection,
        work: impl FnOnce(&Connection) -> rusqlite::Result<RecordSummary>,
    ) -> rusqlite::Result<RecordSummary> {
        kept(&self.summary, (), conn, work)
    }

    pub(crate) fn medicines(
        &self,
        conn: &Connection,
        work: impl FnOnce(&Connection) -> rusqlite::Result<Vec<MedicineItem>>,
    ) -> rusqlite::Result<Vec<MedicineItem>> {
        kept(&self.medicines, (), conn, work)
    }

    /// Every GP reading in the record, oldest first.
    pub(crate) fn gp_readings(
        &self,
        conn: &Connection,
        work: impl FnOnce(&Connection) -> rusqlite::Result<GpReadings>,
    ) -> rusqlite::Result<GpReadings> {
        kept(&self.gp_readings, (), conn, work)
    }

    /// The medicines grouped as they stand on `today`: `work` groups them when the record or
    /// the day has changed.
    pub(crate) fn grouped(
        &self,
        conn: &Connection,
        today: NaiveDate,
        work: impl FnOnce(&Connection) -> rusqlite::Result<Arc<Medicines>>,
    ) -> rusqlite::Result<Arc<Medicines>> {
        kept(&self.grouped, today, conn, work)
    }
}
