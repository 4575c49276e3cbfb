//! The record's medicine entries with what their stored resources say about prescribing (plan
//! or issue, acute or repeat, the plan an issue is based on, dose, issue dates), for the
//! medicines view (`phr_core::record::medicines`) to group.
//!
//! Those details are read from each resource's stored R4 form here, at read time, rather than
//! kept in the entry: a record imported before the view existed gets it without re-mapping.

use std::sync::Arc;

use chrono::NaiveDate;
use phr_core::fhir::medicine_facts;
use phr_core::record::medicines::{MedicineItem, Medicines, Rules, group_medicines};
use phr_core::record::{EntryKind, Sensitivity};
use rusqlite::Connection;

use crate::error::{Result, db_error};
use crate::model::PersonId;
use crate::vault::Vault;

fn items(conn: &Connection) -> rusqlite::Result<Vec<MedicineItem>> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.id, s.key, r.logical_id, r.fhir_version, e.title, e.codes, e.status, e.date, e.sensitivity,
                coalesce(r.r4, r.raw)
         FROM entry e JOIN resource r ON r.id = e.resource_id JOIN source s ON s.id = r.source_id
         WHERE e.kind = ?1 ORDER BY e.id",
    )?;
    stmt.query_map([EntryKind::Medication.as_str()], |row| {
        let version: String = row.get(3)?;
        let codes: String = row.get(5)?;
        let sensitivity: String = row.get(8)?;
        let text: String = row.get(9)?;
        // A resource that is somehow not JSON any more still shows, as an entry on its own.
        let resource = serde_json::from_str(&text).unwrap_or_default();
        Ok(MedicineItem {
            entry_id: row.get(0)?,
            source: row.get(1)?,
            logical_id: row.get(2)?,
            rules: if version == "STU3" { Rules::GpConnectStu3 } else { Rules::R4 },
            title: row.get(4)?,
            codes: serde_json::from_str(&codes).unwrap_or_default(),
            status: row.get(6)?,
            date: row.get(7)?,
            sensitivity: Sensitivity::parse(&sensitivity).unwrap_or(Sensitivity::General),
            facts: medicine_facts(&resource),
        })
    })?
    .collect()
}

impl Vault {
    /// Every medicine entry of a person's record, with what its resource says about
    /// prescribing, in the order they were stored.
    pub fn medicine_items(&self, id: &PersonId) -> Result<Vec<MedicineItem>> {
        self.read_person_derived(id, |conn, path, kept| kept.medicines(conn, items).map_err(|e| db_error(path, &e)))
    }

    /// A person's medicines, each once, as they stand on `today`
    /// ([`phr_core::record::medicines::group_medicines`] of [`Vault::medicine_items`]), kept
    /// while the record and the day are unchanged.
    pub fn medicines_on(&self, id: &PersonId, today: NaiveDate) -> Result<Arc<Medicines>> {
        self.read_person_derived(id, |conn, path, kept| {
            kept.grouped(conn, today, |conn| Ok(Arc::new(group_medicines(kept.medicines(conn, items)?, today))))
                .map_err(|e| db_error(path, &e))
        })
    }
}
