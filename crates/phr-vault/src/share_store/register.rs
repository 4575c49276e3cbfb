//! The share register: registering a share (with its Consent in the record and its audit
//! entry, the package written last), listing, revoking, and auditing a package opened.
//!
//! The register row is the authority on a share's state; the Consent resource in the record
//! follows it (revoking sets its status to `inactive`) so the record and its export say the
//! same thing.

use chrono::{DateTime, SecondsFormat, Utc};
use phr_core::ErrorCode;
use phr_core::audit::AuditAction;
use phr_core::record::Fact;
use phr_core::share::ShareConsent;
use ring::digest;
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};

use super::model::{NewShare, SealedTo, ShareRecord};
use crate::error::{Result, VaultError, db_error};
use crate::model::PersonId;
use crate::person_store::{parse_time, time_text};
use crate::record_store::{SourceInfo, SourceKind};
use crate::vault::Vault;

/// The source consents are filed under: things the citizen did themselves.
fn self_source() -> SourceInfo {
    SourceInfo { kind: SourceKind::SelfEntered, key: "self".into(), name: "You".into(), ods_code: None, url: None }
}

fn not_found(share_id: &str) -> VaultError {
    VaultError::new(ErrorCode::ShareNotFound, format!("There is no share {share_id} in this record's register"))
}

fn sha256_hex(text: &str) -> String {
    digest::digest(&digest::SHA256, text.as_bytes()).as_ref().iter().map(|b| format!("{b:02x}")).collect()
}

/// "23 Dec 2026": how dates are shown to people.
fn en_gb(t: DateTime<Utc>) -> String {
    t.format("%-d %b %Y").to_string()
}

fn plural(n: u32, one: &str, many: &str) -> String {
    if n == 1 { format!("1 {one}") } else { format!("{n} {many}") }
}

/// The audit detail for a share: counts, the share id and the date, never who or why. A role
/// ("psychiatrist", "sexual health nurse") or a purpose can say something about the person's
/// health, so neither goes in the log; the register holds them, encrypted like the record.
fn created_detail(new: &NewShare) -> String {
    format!(
        "share {}: {} and {} shared until {}",
        new.consent.share_id,
        plural(new.entries, "entry", "entries"),
        plural(new.readings, "reading", "readings"),
        en_gb(new.consent.not_after)
    )
}

const RECORD_COLS: &str = "consent, sealed_to, package_sha256, entries, readings, revoked_at";

fn record_of(r: &Row<'_>) -> rusqlite::Result<std::result::Result<ShareRecord, String>> {
    let consent: String = r.get(0)?;
    let sealed_to: String = r.get(1)?;
    let revoked_at: Option<String> = r.get(5)?;
    let consent: ShareConsent = match serde_json::from_str(&consent) {
        Ok(c) => c,
        Err(e) => return Ok(Err(format!("a share's consent does not read back ({e})"))),
    };
    let Some(sealed_to) = SealedTo::parse(&sealed_to) else {
        return Ok(Err("a share's sealing is not one this app knows".into()));
    };
    Ok(Ok(ShareRecord {
        consent,
        sealed_to,
        package_sha256: r.get(2)?,
        entries: r.get(3)?,
        readings: r.get(4)?,
        revoked_at: revoked_at.as_deref().and_then(parse_time),
    }))
}

fn damaged(path: &std::path::Path) -> impl Fn(String) -> VaultError + '_ {
    move |why| VaultError::database_damaged(path, &why)
}

fn find(conn: &Connection, path: &std::path::Path, share_id: &str) -> Result<Option<ShareRecord>> {
    conn.prepare_cached(&format!("SELECT {RECORD_COLS} FROM share WHERE share_id = ?1"))
        .and_then(|mut s| s.query_row([share_id], record_of).optional())
        .map_err(|e| db_error(path, &e))?
        .map(|r| r.map_err(damaged(path)))
        .transpose()
}

/// The Consent resource with its status set, or `None` if the stored text is not a JSON object
/// (then it is left as it was: the register still says revoked).
fn with_status(text: &str, status: &str) -> Option<String> {
    let mut v: serde_json::Value = serde_json::from_str(text).ok()?;
    v.as_object_mut()?.insert("status".into(), serde_json::Value::String(status.into()));
    Some(v.to_string())
}

/// Stores the Consent as a resource of the citizen's own source, with an entry of kind Other so
/// the record shows it, search finds it and the FHIR export carries it. Returns the resource id.
fn store_consent(tx: &Transaction<'_>, new: &NewShare, now: DateTime<Utc>) -> rusqlite::Result<i64> {
    let now_text = time_text(now);
    let source = self_source();
    tx.execute(
        "INSERT INTO source (kind, key, name, ods_code, url, created_at) VALUES (?1, ?2, ?3, NULL, NULL, ?4)
         ON CONFLICT (key) DO NOTHING",
        params![source.kind.as_str(), source.key, source.name, now_text],
    )?;
    let source_id: i64 = tx.query_row("SELECT id FROM source WHERE key = ?1", [&source.key], |r| r.get(0))?;
    // Every resource row names the run that brought it; a consent is its own small run.
    let files = serde_json::to_string(&["Consent to share"]).unwrap_or_else(|_| "[]".into());
    tx.execute(
        "INSERT INTO import_run (source_id, finished_at, files, added, updated, unchanged, unmapped, rejected, report)
         VALUES (?1, ?2, ?3, 1, 0, 0, 0, 0, '[]')",
        params![source_id, now_text, files],
    )?;
    let run = tx.last_insert_rowid();

    let c = &new.consent;
    let logical_id = serde_json::from_str::<serde_json::Value>(&new.consent_resource)
        .ok()
        .and_then(|v| v.get("id").and_then(|i| i.as_str()).map(str::to_string))
        .unwrap_or_else(|| c.share_id.clone());
    tx.execute(
        "INSERT INTO resource (source_id, resource_type, logical_id, full_url, version_id, content_hash,
             fhir_version, raw, r4, first_imported_at, last_imported_at, import_id)
         VALUES (?1, 'Consent', ?2, ?3, NULL, ?4, 'R4', ?5, NULL, ?6, ?6, ?7)",
        params![
            source_id,
            logical_id,
            format!("urn:uuid:{logical_id}"),
            sha256_hex(&new.consent_resource),
            new.consent_resource,
            now_text,
            run
        ],
    )?;
    let resource_id = tx.last_insert_rowid();

    let r = &c.recipient;
    let title = format!("Consent to share with {}", r.name);
    let date = c.created.to_rfc3339_opts(SecondsFormat::Secs, true);
    let sort_date = c.created.format("%Y-%m-%dT%H:%M:%S").to_string();
    let mut facts = vec![Fact::new("Shared with", r.name.clone())];
    facts.extend(r.role.iter().map(|x| Fact::new("Role", x.clone())));
    facts.extend(r.organisation.iter().map(|x| Fact::new("Organisation", x.clone())));
    facts.push(Fact::new("Purpose", c.purpose.clone()));
    facts.push(Fact::new("Valid until", en_gb(c.not_after)));
    let facts = serde_json::to_string(&facts).unwrap_or_else(|_| "[]".into());
    let search_text = [Some(title.as_str()), r.role.as_deref(), r.organisation.as_deref(), Some(c.purpose.as_str())]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    tx.execute(
        "INSERT INTO entry (resource_id, kind, title, status, date, sort_date, value_text, flag, abnormal, active,
             codes, value, components, facts, search_text, sensitivity, sensitivity_set_by_user, created_at, updated_at)
         VALUES (?1, 'other', ?2, 'active', ?3, ?4, NULL, NULL, 0, 1, '[]', NULL, '[]', ?5, ?6, 'general', 0, ?7, ?7)",
        params![resource_id, title, date, sort_date, facts, search_text, now_text],
    )?;
    crate::record_store::search_index::index_entry(tx, tx.last_insert_rowid())?;
    crate::record_store::place_unplaced(tx)?;
    Ok(resource_id)
}

/// Sets the stored Consent's status to `inactive`, keeping the version before in the history.
fn deactivate_consent(tx: &Transaction<'_>, share_id: &str, now: DateTime<Utc>) -> rusqlite::Result<()> {
    let now_text = time_text(now);
    let found: Option<(i64, String)> = tx
        .query_row(
            "SELECT r.id, r.raw FROM share s JOIN resource r ON r.id = s.consent_resource_id WHERE s.share_id = ?1",
            [share_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((resource_id, raw)) = found else { return Ok(()) };
    let Some(inactive) = with_status(&raw, "inactive") else { return Ok(()) };
    tx.execute(
        "INSERT INTO resource_history (resource_id, version_id, content_hash, fhir_version, raw, r4, imported_at, replaced_at)
         SELECT id, version_id, content_hash, fhir_version, raw, r4, last_imported_at, ?2 FROM resource WHERE id = ?1",
        params![resource_id, now_text],
    )?;
    tx.execute(
        "UPDATE resource SET raw = ?2, content_hash = ?3, last_imported_at = ?4 WHERE id = ?1",
        params![resource_id, inactive, sha256_hex(&inactive), now_text],
    )?;
    tx.execute(
        "UPDATE entry SET status = 'inactive', active = 0, updated_at = ?2 WHERE resource_id = ?1",
        params![resource_id, now_text],
    )?;
    Ok(())
}

impl Vault {
    /// Registers a share in one transaction with its audit entry (ShareCreated): the register
    /// row and the Consent stored in the record. `write_package` is called last, before the
    /// commit: if it fails, nothing is registered and the error is returned.
    pub fn register_share(
        &mut self,
        id: &PersonId,
        new: &NewShare,
        write_package: impl FnOnce() -> Result<()>,
    ) -> Result<ShareRecord> {
        let c = &new.consent;
        if c.share_id.trim().is_empty() {
            return Err(VaultError::new(ErrorCode::InvalidInput, "A share needs an id"));
        }
        if self.read_person(id, |conn, path| find(conn, path, &c.share_id))?.is_some() {
            return Err(VaultError::new(
                ErrorCode::InvalidInput,
                format!("Share {} is already in this record's register", c.share_id),
            ));
        }
        let consent_json = serde_json::to_string(c).map_err(|e| VaultError::internal(e.to_string()))?;
        let now = self.now();
        let detail = created_detail(new);
        self.write_person(id, AuditAction::ShareCreated, &detail, |tx, path| {
            let resource_id = store_consent(tx, new, now).map_err(|e| db_error(path, &e))?;
            tx.execute(
                "INSERT INTO share (share_id, consent, created_at, not_after, sealed_to, package_sha256, entries,
                     readings, consent_resource_id, revoked_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, NULL)",
                params![
                    c.share_id,
                    consent_json,
                    time_text(c.created),
                    time_text(c.not_after),
                    new.sealed_to.as_str(),
                    new.package_sha256,
                    new.entries,
                    new.readings,
                    resource_id
                ],
            )
            .map_err(|e| db_error(path, &e))?;
            // Last: the file exists only if everything above is about to commit. A crash after
            // the write and before the commit leaves a package the register does not list,
            // which is the safe way round (never a listed share without its file).
            write_package()?;
            Ok(())
        })?;
        Ok(ShareRecord {
            consent: c.clone(),
            sealed_to: new.sealed_to,
            package_sha256: new.package_sha256.clone(),
            entries: new.entries,
            readings: new.readings,
            revoked_at: None,
        })
    }

    /// Every share made from this record, newest first.
    pub fn shares(&self, id: &PersonId) -> Result<Vec<ShareRecord>> {
        self.read_person(id, |conn, path| {
            let rows: Vec<_> = conn
                .prepare_cached(&format!("SELECT {RECORD_COLS} FROM share ORDER BY created_at DESC, id DESC"))
                .and_then(|mut s| s.query_map([], record_of)?.collect::<rusqlite::Result<Vec<_>>>())
                .map_err(|e| db_error(path, &e))?;
            rows.into_iter().map(|r| r.map_err(damaged(path))).collect()
        })
    }

    /// One share by its id; SHARE_NOT_FOUND if the register has none.
    pub fn share(&self, id: &PersonId, share_id: &str) -> Result<ShareRecord> {
        self.read_person(id, |conn, path| find(conn, path, share_id))?.ok_or_else(|| not_found(share_id))
    }

    /// Marks a share revoked (audited ShareRevoked) and sets its Consent in the record to
    /// `inactive`. A copy already handed over cannot be recalled; this records the citizen's
    /// decision. Revoking an expired share is allowed; revoking twice answers the share as it
    /// is, with no second audit entry.
    pub fn revoke_share(&mut self, id: &PersonId, share_id: &str) -> Result<ShareRecord> {
        let current = self.share(id, share_id)?;
        if current.revoked_at.is_some() {
            return Ok(current);
        }
        let now = self.now();
        self.write_person(id, AuditAction::ShareRevoked, &format!("share {share_id} revoked"), |tx, path| {
            let n = tx
                .execute(
                    "UPDATE share SET revoked_at = ?2 WHERE share_id = ?1 AND revoked_at IS NULL",
                    params![share_id, time_text(now)],
                )
                .map_err(|e| db_error(path, &e))?;
            if n == 0 {
                return Err(not_found(share_id));
            }
            deactivate_consent(tx, share_id, now).map_err(|e| db_error(path, &e))
        })?;
        self.share(id, share_id)
    }

    /// Records in the person's audit log (SharePackageOpened) that a package was opened on this
    /// machine. `detail` must hold no health data ("a package signed 3F2A 91C0 ... opened").
    pub fn audit_package_opened(&mut self, id: &PersonId, detail: &str) -> Result<()> {
        self.write_person(id, AuditAction::SharePackageOpened, detail, |_, _| Ok(()))
    }
}
