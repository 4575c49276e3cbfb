//! The whole record as a FHIR R4 collection Bundle: every resource as it arrived (STU3 ones as
//! their R4 mapping) and the citizen's own readings. The file is not encrypted: the UI says so
//! before the citizen chooses where it goes.

use std::collections::HashSet;
use std::path::Path;

use phr_core::audit::AuditAction;
use phr_core::fhir::write_collection_bundle;
use ring::digest;
use rusqlite::Connection;
use serde_json::value::RawValue;

use super::import::rfc3339;
use super::model::RecordExport;
use crate::error::{Result, VaultError, db_error};
use crate::fsutil;
use crate::model::PersonId;
use crate::readings_store::export::observations;
use crate::vault::Vault;

/// A stable `urn:uuid:` for a stored resource that arrived without a fullUrl we can reuse.
fn derived_full_url(source_id: i64, resource_type: &str, logical_id: &str) -> String {
    let d =
        digest::digest(&digest::SHA256, format!("phr-resource:{source_id}:{resource_type}:{logical_id}").as_bytes());
    // The first 16 of SHA-256's 32 bytes.
    let mut b = d.as_ref().first_chunk::<16>().copied().unwrap_or_default();
    b[6] = (b[6] & 0x0f) | 0x50;
    b[8] = (b[8] & 0x3f) | 0x80;
    format!("urn:uuid:{}", uuid::Uuid::from_bytes(b).hyphenated())
}

/// Every stored resource as (fullUrl, R4 text), oldest first. fullUrls stay as they arrived
/// when they are absolute and not already used by another resource.
pub(crate) fn resources(conn: &Connection) -> rusqlite::Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare(
        "SELECT source_id, resource_type, logical_id, full_url, coalesce(r4, raw) FROM resource ORDER BY id",
    )?;
    let mut seen = HashSet::new();
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get(4)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (source_id, resource_type, logical_id, full_url, text) = row?;
        let usable =
            full_url.filter(|u| u.starts_with("urn:uuid:") || u.starts_with("http://") || u.starts_with("https://"));
        let url = match usable {
            Some(u) if !seen.contains(&u) => u,
            _ => derived_full_url(source_id, &resource_type, &logical_id),
        };
        seen.insert(url.clone());
        out.push((url, text));
    }
    Ok(out)
}

/// Writes `entries` (fullUrl, resource text) to `path` as one FHIR R4 collection Bundle, with
/// core's writer, atomically. Called inside the export's audited transaction, so the file and
/// its audit entry land together: a failed write leaves no entry.
fn write_bundle(path: &Path, now: &str, entries: Vec<(String, String)>) -> Result<RecordExport> {
    let raws: Vec<(String, Box<RawValue>)> = entries
        .into_iter()
        .map(|(u, t)| RawValue::from_string(t).map(|r| (u, r)))
        .collect::<std::result::Result<_, _>>()
        .map_err(|e| VaultError::internal(format!("a stored resource is not JSON: {e}")))?;
    let refs: Vec<(String, &RawValue)> = raws.iter().map(|(u, r)| (u.clone(), r.as_ref())).collect();
    let bundle_id = uuid::Uuid::new_v4().hyphenated().to_string();
    let text = write_collection_bundle(&bundle_id, now, &refs);
    fsutil::write_atomic(path, text.as_bytes())?;
    Ok(RecordExport {
        path: path.to_path_buf(),
        resources: u32::try_from(refs.len()).unwrap_or(u32::MAX),
        bytes: text.len() as u64,
    })
}

impl Vault {
    /// Writes the whole record to `path` as a FHIR R4 collection Bundle: every resource as it
    /// arrived (R4 verbatim; STU3 as its R4 mapping), then the person's readings. Written
    /// atomically (a temporary file in the same folder, synced, then renamed) inside the
    /// transaction that records it in the audit log.
    pub fn export_fhir(&mut self, id: &PersonId, path: &Path) -> Result<RecordExport> {
        let now = rfc3339(self.now());
        let person = id.clone();
        self.write_person(id, AuditAction::RecordExported, "whole record exported as a FHIR file", |tx, db| {
            let mut all = resources(tx).map_err(|e| db_error(db, &e))?;
            all.extend(observations(tx, &person).map_err(|e| db_error(db, &e))?);
            write_bundle(path, &now, all)
        })
    }

    /// [`Vault::export_fhir`] of the whole record of a person whose own access is open: the
    /// record, then their private part, then their readings.
    pub fn export_fhir_with_private(
        &mut self,
        session: &crate::own_access::OwnerSession,
        path: &Path,
    ) -> Result<RecordExport> {
        let now = rfc3339(self.now());
        let person = session.person().clone();
        let private = self.private_resources(session)?;
        let detail = "whole record, with what is kept private, exported as a FHIR file";
        self.write_person(&person, AuditAction::RecordExported, detail, |tx, db| {
            let mut all = resources(tx).map_err(|e| db_error(db, &e))?;
            all.extend(private);
            all.extend(observations(tx, &person).map_err(|e| db_error(db, &e))?);
            write_bundle(path, &now, all)
        })
    }

    /// Writes every reading to `path` as a FHIR R4 collection Bundle of Observations, the
    /// same way as [`Vault::export_fhir`]: atomically, inside the transaction that records it
    /// in the audit log.
    pub fn export_readings(&mut self, id: &PersonId, path: &Path) -> Result<RecordExport> {
        let now = rfc3339(self.now());
        // The count goes into the audit entry, which is written before the transaction ends;
        // nothing else can write this person meanwhile (the vault is borrowed mutably and
        // locked against other processes), so it is the count the file holds.
        let count = self.readings_fhir(id)?.len();
        let detail = format!("{count} readings exported as FHIR Observations");
        let person = id.clone();
        self.write_person(id, AuditAction::ReadingsExported, &detail, |tx, db| {
            let all = observations(tx, &person).map_err(|e| db_error(db, &e))?;
            write_bundle(path, &now, all)
        })
    }
}

impl Vault {
    /// Writes a document made from the person's record (an International Patient Summary) to
    /// `path`, atomically, inside the transaction that records the export in their audit log
    /// with `detail` (no health data): a failed write leaves no entry. `resources` is how many
    /// the document holds, for the report.
    pub fn export_document(
        &mut self,
        id: &PersonId,
        path: &Path,
        text: &str,
        resources: u32,
        detail: &str,
    ) -> Result<RecordExport> {
        self.write_person(id, AuditAction::RecordExported, detail, |_, _| {
            fsutil::write_atomic(path, text.as_bytes())?;
            Ok(RecordExport { path: path.to_path_buf(), resources, bytes: text.len() as u64 })
        })
    }
}
