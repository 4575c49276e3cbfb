//! Each UTC day's glucose tally (`glucose_day`): its live glucose readings counted by the
//! hour of the day on the clock where each was taken and by 0.1 mmol/L step, and which of its
//! quarter-hours had a reading. Kept in step with the readings by the rollups' own door
//! ([`super::rollup::Touched`]), so every writer (add, edit, delete, restore, device import,
//! undo of an import) keeps it; a glucose report over any period adds its whole days'
//! tallies to the readings at its two ragged edges, reading a few hundred rows however many
//! readings there are.

use phr_core::readings::ReadingKind;
use phr_core::readings::glucose_report::{DAY_MS, DayTally, GlucoseTally};
use phr_core::readings::reduce::{ceil_to, floor_to};
use rusqlite::{Connection, Transaction, params};

/// The kind code the tallies are kept for.
pub(crate) fn glucose_code() -> i64 {
    i64::from(ReadingKind::BloodGlucose.code())
}

/// A day's tally as a blob: the quarter-hours with a reading as 16 bytes (a u128, bit q for
/// quarter-hour q of the day), then per (hour, step) with readings: hour (1 byte), step (2)
/// and count (4), little-endian, in (hour, step) order. A format, never changed.
pub(crate) fn encode(d: &DayTally) -> Vec<u8> {
    let mut out = Vec::with_capacity(16 + d.counts.len() * 7);
    out.extend_from_slice(&d.quarters.to_le_bytes());
    for (&(hour, step), &n) in &d.counts {
        out.push(hour);
        out.extend_from_slice(&step.to_le_bytes());
        out.extend_from_slice(&n.to_le_bytes());
    }
    out
}

/// Adds a blob's counts and quarter-hours to `tally` (see [`encode`]); a short blob adds what
/// it holds.
pub(crate) fn add_blob(blob: &[u8], tally: &mut GlucoseTally) {
    let Some((quarters, rest)) = blob.split_first_chunk::<16>() else { return };
    tally.covered_quarters += u64::from(u128::from_le_bytes(*quarters).count_ones());
    for c in rest.chunks_exact(7) {
        let Some((&hour, rest)) = c.split_first() else { continue };
        let Some((step, rest)) = rest.split_first_chunk::<2>() else { continue };
        let Some(n) = rest.first_chunk::<4>() else { continue };
        tally.add(hour, u16::from_le_bytes(*step), u64::from(u32::from_le_bytes(*n)));
    }
}

/// Live glucose readings with a value in `[from, to)` as (time, UTC offset in minutes, value).
fn raw(conn: &Connection, from: i64, to: i64) -> rusqlite::Result<Vec<(i64, i32, f64)>> {
    if from >= to {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare_cached(
        "SELECT at, tz_offset, value FROM reading WHERE kind = ?1 AND at >= ?2 AND at < ?3 \
         AND deleted_at IS NULL AND value IS NOT NULL",
    )?;
    let rows = stmt.query_map(params![glucose_code(), from, to], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    rows.collect()
}

/// Works out the tally of the UTC day starting at `day` from its readings and stores it (or
/// removes it when the day has none).
pub(crate) fn rebuild_day(tx: &Transaction<'_>, day: i64) -> rusqlite::Result<()> {
    let mut d = DayTally::default();
    for (at, offset, value) in raw(tx, day, day.saturating_add(DAY_MS))? {
        d.push(day, at, offset, value);
    }
    if d.counts.is_empty() {
        tx.prepare_cached("DELETE FROM glucose_day WHERE day = ?1")?.execute([day])?;
    } else {
        tx.prepare_cached("INSERT OR REPLACE INTO glucose_day (day, tally) VALUES (?1, ?2)")?
            .execute(params![day, encode(&d)])?;
    }
    Ok(())
}

/// The UTC day a time falls in.
pub(crate) fn day_of(at: i64) -> i64 {
    floor_to(at, DAY_MS)
}

/// Builds the tallies of the days migration 12 listed in `glucose_day_pending` (every day
/// with glucose readings when the record was upgraded), in one transaction. Finds nothing to
/// do, through the primary key of an empty table, in a record that is up to date.
pub(crate) fn build_pending(conn: &mut Connection) -> rusqlite::Result<usize> {
    let days: Vec<i64> = {
        let mut stmt = conn.prepare("SELECT day FROM glucose_day_pending ORDER BY day")?;
        stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?
    };
    if days.is_empty() {
        return Ok(0);
    }
    let tx = conn.transaction()?;
    for &day in &days {
        rebuild_day(&tx, day)?;
    }
    tx.execute("DELETE FROM glucose_day_pending", [])?;
    tx.commit()?;
    Ok(days.len())
}

/// The tally of live glucose readings in `[from, to)`, exactly as if counted from every one
/// of them: stored day tallies for the whole UTC days inside, readings at the two edges.
pub(crate) fn tally(conn: &Connection, from: i64, to: i64) -> rusqlite::Result<GlucoseTally> {
    let (d1, d2) = (ceil_to(from, DAY_MS), floor_to(to, DAY_MS));
    if d1 >= d2 {
        return Ok(GlucoseTally::of_readings(raw(conn, from, to)?));
    }
    let mut out = GlucoseTally::of_readings(raw(conn, from, d1)?);
    out.merge(&GlucoseTally::of_readings(raw(conn, d2, to)?));
    let mut stmt = conn.prepare_cached("SELECT tally FROM glucose_day WHERE day >= ?1 AND day < ?2")?;
    let mut rows = stmt.query(params![d1, d2])?;
    while let Some(row) = rows.next()? {
        let blob = row.get_ref(0)?.as_blob()?;
        add_blob(blob, &mut out);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_tally_round_trips_through_its_blob() {
        let day = 1_780_272_000_000;
        let mut d = DayTally::default();
        for (i, v) in [5.0, 3.85, 12.0, 5.04, 30.0].into_iter().enumerate() {
            d.push(day, day + i as i64 * 1_000_000, 60, v);
        }
        let mut from_blob = GlucoseTally::default();
        add_blob(&encode(&d), &mut from_blob);
        let mut direct = GlucoseTally::default();
        d.add_to(&mut direct);
        assert_eq!(from_blob, direct);
        assert_eq!(from_blob.count(), 5);
    }
}
