//! Readings as FHIR R4 Observations, for the readings export and the whole-record export.
//! Each gets a stable id derived from the person and the reading, so exporting twice gives the
//! same ids and a receiver can recognise readings it already holds.

use ring::digest;
use rusqlite::Connection;

use super::{ReadingFilter, list};
use crate::error::{Result, db_error};
use crate::model::PersonId;
use crate::vault::Vault;

/// A name-based UUID (version 5 layout over SHA-256 rather than SHA-1) for a reading.
pub(crate) fn reading_uuid(person: &PersonId, reading_id: i64) -> String {
    let d = digest::digest(&digest::SHA256, format!("phr-reading:{person}:{reading_id}").as_bytes());
    // The first 16 of SHA-256's 32 bytes.
    let mut b = d.as_ref().first_chunk::<16>().copied().unwrap_or_default();
    b[6] = (b[6] & 0x0f) | 0x50;
    b[8] = (b[8] & 0x3f) | 0x80;
    uuid::Uuid::from_bytes(b).hyphenated().to_string()
}

/// Every live reading in `conn` as `(fullUrl, Observation JSON)`, oldest first, each marked
/// with the red-flag advice it met; the fullUrl is `urn:uuid:<id>` with the Observation's own
/// id. Read inside an export's transaction.
pub(crate) fn observations(conn: &Connection, id: &PersonId) -> rusqlite::Result<Vec<(String, String)>> {
    let (mut all, _) = list(conn, &ReadingFilter::default())?;
    all.reverse();
    let advice = crate::record_store::readings_advice(conn, &all)?;
    Ok(all
        .iter()
        .zip(advice)
        .map(|(r, advice)| {
            let uuid = reading_uuid(id, r.id);
            let mut obs = phr_core::readings::fhir::observation(&uuid, &r.reading, r.source_name.as_deref());
            if let Some(a) = &advice {
                phr_core::readings::fhir::mark_advice(&mut obs, a);
            }
            (format!("urn:uuid:{uuid}"), obs.to_string())
        })
        .collect())
}

impl Vault {
    /// Every live reading as `(fullUrl, Observation JSON)`, oldest first; the fullUrl is
    /// `urn:uuid:<id>` with the Observation's own id.
    pub fn readings_fhir(&self, id: &PersonId) -> Result<Vec<(String, String)>> {
        self.read_person(id, |conn, path| observations(conn, id).map_err(|e| db_error(path, &e)))
    }
}
