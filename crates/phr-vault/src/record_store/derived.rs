//! What reads work out from a whole record and keep while it is open: the record summary (its
//! lists and counts walk every problem and read the last import's run), the red-flag table's
//! context (from every problem), the medicine items (from every medicine's resource), those
//! items grouped into medicines as they stand on a given day, and the GP record's readings
//! (every observation of a reading kind, read from its entry). The screens ask for them on
//! nearly every call; reading 10,000 problems, parsing 10,000 resources or grouping 10,000
//! medicines each time cost 30 to 150 ms. A kept value is used only while the record is as it
//! was when it was worked out (and, for the grouped medicines, on the same day), and it goes
//! when the vault locks (it lives in the open person's state).

use std::collections::HashMap;
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

/// Who added each entry asked about: `(by a carer, the source's name)`, or `None` for the GP's.
type Authors = HashMap<i64, Option<(bool, String)>>;

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
    /// Who added each entry asked about so far (`None`: the GP's, not the person's own): the
    /// summary and the medicines list ask for thousands of issues on every visit, and telling
    /// a file-imported own entry by its tag reads the resource's text.
    authors: Mutex<Option<(Stamp, Authors)>>,
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

    /// Who added each of `ids` (entry id, by a carer, the source's name), for those the
    /// person or their carer added: `work` is asked only about ids not yet known for the
    /// record as it is now.
    pub(crate) fn authors(
        &self,
        conn: &Connection,
        ids: &[i64],
        work: impl FnOnce(&Connection, &[i64]) -> rusqlite::Result<Vec<(i64, bool, String)>>,
    ) -> rusqlite::Result<Vec<(i64, bool, String)>> {
        let now = stamp(conn)?;
        let mut guard = self.authors.lock().map_err(|_| rusqlite::Error::InvalidQuery)?;
        if guard.as_ref().is_none_or(|(at, _)| *at != now) {
            *guard = Some((now, HashMap::new()));
        }
        let Some((_, known)) = guard.as_mut() else { return Ok(Vec::new()) };
        let missing: Vec<i64> = ids.iter().copied().filter(|i| !known.contains_key(i)).collect();
        if !missing.is_empty() {
            let found = work(conn, &missing)?;
            for i in &missing {
                known.insert(*i, None);
            }
            for (i, by_carer, name) in found {
                known.insert(i, Some((by_carer, name)));
            }
        }
        Ok(ids.iter().filter_map(|i| known.get(i).and_then(|a| a.as_ref()).map(|(c, n)| (*i, *c, n.clone()))).collect())
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
