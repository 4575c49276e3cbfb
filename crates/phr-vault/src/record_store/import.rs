//! Importing FHIR: every file is read and checked first (JSON, the Patient), then everything is
//! stored in one transaction with its audit entry, so an import lands whole or not at all.

use chrono::SecondsFormat;
use phr_core::ErrorCode;
use phr_core::audit::AuditAction;
use phr_core::fhir::{
    FhirReadError, FhirVersion, IncomingResource, MapOutcome, Resolver, attachments, map_resource, match_patient,
    patient_facts, read_fhir_json_lean,
};
use phr_core::record::MappedEntry;
use ring::digest;
use rusqlite::Transaction;

use super::model::*;
use super::store::{self, ResourceRow};
use crate::error::{Result, VaultError, db_error};
use crate::model::PersonId;
use crate::person_store::time_text;
use crate::vault::Vault;

/// How links between entries are labelled (the mapping gives references without roles).
const LINK_ROLE: &str = "refers to";

fn read_error(file: &str, e: &FhirReadError) -> VaultError {
    VaultError::new(e.code, format!("{file}: {}. Nothing was imported.", e.message))
}

fn content_hash(raw: &str) -> String {
    // One string, not one per byte: this runs for every resource of an import.
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let d = digest::digest(&digest::SHA256, raw.as_bytes());
    let mut out = String::with_capacity(64);
    for b in d.as_ref() {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0xf)]));
    }
    out
}

/// The key a resource is known by within its source: its id, else its fullUrl, else (a
/// resource with neither can only be recognised by what it says) its content.
fn logical_id(r: &IncomingResource, hash: &str) -> String {
    r.id.clone().filter(|i| !i.is_empty()).or_else(|| r.full_url.clone()).unwrap_or_else(|| format!("sha256:{hash}"))
}

/// "a file", "3 files", "a GP practice": for the audit log, which holds no health data.
fn describe_source(source: &SourceInfo, files: usize) -> String {
    match (source.kind, files) {
        (SourceKind::Gp, _) => "a GP practice".to_string(),
        (_, 1) => "a file".to_string(),
        (_, n) => format!("{n} files"),
    }
}

/// Everything read and checked before the transaction starts.
struct Prepared {
    resources: Vec<IncomingResource>,
    /// The file each resource came from.
    file_of: Vec<usize>,
    rejected: Vec<(usize, phr_core::fhir::Rejected)>,
}

fn prepare(docs: &[ImportDocument], person: &phr_core::person::PersonDetails) -> Result<Prepared> {
    let mut p = Prepared { resources: Vec::new(), file_of: Vec::new(), rejected: Vec::new() };
    for (i, d) in docs.iter().enumerate() {
        // Lean: a resource's value is parsed when it is mapped and dropped after, so a large
        // record is never held as values all at once.
        let parsed = read_fhir_json_lean(&d.text).map_err(|e| read_error(&d.name, &e))?;
        p.file_of.extend(std::iter::repeat_n(i, parsed.resources.len()));
        p.resources.extend(parsed.resources);
        p.rejected.extend(parsed.rejected.into_iter().map(|r| (i, r)));
    }
    let resolver = Resolver::new(&p.resources);
    for (i, (r, &file)) in p.resources.iter().zip(&p.file_of).enumerate() {
        if r.resource_type == "Patient" {
            let value = resolver.value(i).unwrap_or_default();
            match_patient(&patient_facts(&value), person).map_err(|why| {
                VaultError::new(
                    ErrorCode::PatientMismatch,
                    format!("{}: {why}. Nothing was imported.", docs[file].name),
                )
            })?;
        }
    }
    Ok(p)
}

/// The bytes of an attachment: embedded, or in a Binary the same import brought.
fn attachment_bytes(a: &phr_core::fhir::AttachmentRef, resolver: &Resolver<'_>, from: Option<&str>) -> Option<Vec<u8>> {
    if let Some(d) = &a.data {
        return Some(d.clone());
    }
    let i = resolver.resolve(a.url.as_deref()?, from)?;
    if resolver.get(i)?.resource_type != "Binary" {
        return None;
    }
    attachments(&*resolver.value(i)?).into_iter().find_map(|b| b.data)
}

/// What the store needs of a resource once mapped: its value is not kept.
struct Mapped {
    outcome: MapOutcome,
    /// The R4 text of a resource that arrived as STU3.
    r4: Option<String>,
    /// Attachments whose bytes are at hand: (title, content type, bytes).
    attachments: Vec<(String, String, Vec<u8>)>,
}

fn map_one(i: usize, r: &IncomingResource, resolver: &Resolver<'_>) -> Mapped {
    let value = resolver.value(i).unwrap_or_default();
    let outcome = map_resource(&value, resolver);
    let r4 = (r.original_version == FhirVersion::Stu3).then(|| serde_json::to_string(&*value).unwrap_or_default());
    let attachments = match outcome {
        MapOutcome::Rejected(_) => Vec::new(),
        _ => attachments(&value)
            .into_iter()
            .filter_map(|a| {
                let bytes = attachment_bytes(&a, resolver, r.full_url.as_deref())?;
                Some((a.title, a.content_type, bytes))
            })
            .collect(),
    };
    Mapped { outcome, r4, attachments }
}

/// Maps every resource, on every core: mapping (with parsing each resource) is pure, and on a
/// large record it is a good share of the import's time.
fn map_all(resources: &[IncomingResource], resolver: &Resolver<'_>) -> Vec<Mapped> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from).clamp(1, 8);
    if threads == 1 || resources.len() < 2_000 {
        return resources.iter().enumerate().map(|(i, r)| map_one(i, r, resolver)).collect();
    }
    let chunk = resources.len().div_ceil(threads);
    let map_part = |n: usize, part: &[IncomingResource]| -> Vec<Mapped> {
        part.iter().enumerate().map(|(i, r)| map_one(n * chunk + i, r, resolver)).collect()
    };
    std::thread::scope(|s| {
        let parts: Vec<_> =
            resources.chunks(chunk).enumerate().map(|(n, part)| s.spawn(move || map_part(n, part))).collect();
        // A panicking mapper is a bug; its part is mapped again on this thread so the panic
        // surfaces here with its message rather than as a lost part.
        parts
            .into_iter()
            .zip(resources.chunks(chunk).enumerate())
            .flat_map(|(h, (n, part))| h.join().unwrap_or_else(|_| map_part(n, part)))
            .collect()
    })
}

/// `Type/id` at the end of a reference, for references to resources stored by earlier imports.
fn type_and_id(reference: &str) -> Option<(&str, &str)> {
    let path = reference.split(['?', '#']).next()?;
    let mut parts = path.trim_end_matches('/').rsplit('/');
    let id = parts.next().filter(|s| !s.is_empty())?;
    let t = parts.next().filter(|t| t.chars().next().is_some_and(|c| c.is_ascii_uppercase()))?;
    Some((t, id))
}

fn store_all(
    tx: &Transaction<'_>,
    source: &SourceInfo,
    docs: &[ImportDocument],
    p: &Prepared,
    outcomes: &[Mapped],
    resolver: &Resolver<'_>,
    now: chrono::DateTime<chrono::Utc>,
) -> rusqlite::Result<ImportReport> {
    let now_text = time_text(now);
    let files: Vec<String> = docs.iter().map(|d| d.name.clone()).collect();
    let source_id = store::upsert_source(tx, source, now)?;
    let run = store::start_run(tx, source_id, &files, now)?;
    let mut counts = ImportCounts::default();
    let mut items = Vec::with_capacity(p.resources.len() + p.rejected.len());
    let mut entry_ids: Vec<Option<i64>> = vec![None; p.resources.len()];
    let mut changed: Vec<bool> = vec![false; p.resources.len()];

    for (i, (r, m)) in p.resources.iter().zip(outcomes).enumerate() {
        let item = |outcome: ImportOutcome, reason: Option<String>, entry_id: Option<i64>| ImportItem {
            file: docs[p.file_of[i]].name.clone(),
            location: r.location.clone(),
            resource_type: r.resource_type.clone(),
            resource_id: r.id.clone(),
            outcome,
            reason,
            entry_id,
        };
        let (entry, mapped): (&MappedEntry, bool) = match &m.outcome {
            MapOutcome::Mapped(e) => (e, true),
            MapOutcome::Unmapped(e) => (e, false),
            MapOutcome::Rejected(why) => {
                counts.count(ImportOutcome::Rejected);
                items.push(item(ImportOutcome::Rejected, Some(why.clone()), None));
                continue;
            }
        };
        let raw = r.raw.get();
        let hash = content_hash(raw);
        let logical = logical_id(r, &hash);
        let row = ResourceRow {
            source_id,
            resource_type: &r.resource_type,
            logical_id: &logical,
            full_url: r.full_url.as_deref(),
            version_id: r.version_id.as_deref(),
            content_hash: &hash,
            fhir_version: r.original_version.as_str(),
            raw,
            r4: m.r4.as_deref(),
            import_id: run,
        };
        let (result, entry_id) = match store::find_resource(tx, source_id, &r.resource_type, &logical)? {
            None => {
                let resource_id = store::insert_resource(tx, &row, &now_text)?;
                let entry_id = store::insert_entry(tx, resource_id, entry, &now_text)?;
                (if mapped { ImportOutcome::Added } else { ImportOutcome::Unmapped }, entry_id)
            }
            Some(ex) => {
                let same = match (&ex.version_id, &r.version_id) {
                    (Some(a), Some(b)) => a == b,
                    _ => ex.content_hash == hash,
                } || store::is_kept_version(tx, ex.resource_id, r.version_id.as_deref(), &hash)?;
                if same {
                    store::touch_resource(tx, ex.resource_id, &now_text)?;
                    entry_ids[i] = ex.entry_id;
                    counts.count(ImportOutcome::Unchanged);
                    items.push(item(ImportOutcome::Unchanged, None, ex.entry_id));
                    continue;
                }
                store::replace_resource(tx, ex.resource_id, &row, &now_text)?;
                let entry_id = match ex.entry_id {
                    Some(e) => {
                        store::update_entry(tx, e, entry, &now_text)?;
                        e
                    }
                    None => store::insert_entry(tx, ex.resource_id, entry, &now_text)?,
                };
                (ImportOutcome::Updated, entry_id)
            }
        };
        for (title, content_type, bytes) in &m.attachments {
            store::insert_attachment(tx, entry_id, title, content_type, bytes)?;
        }
        entry_ids[i] = Some(entry_id);
        changed[i] = true;
        counts.count(result);
        let reason = (result == ImportOutcome::Unmapped)
            .then(|| format!("kept as it arrived: the record has no category for {}", r.resource_type));
        items.push(item(result, reason, Some(entry_id)));
    }

    // Links last, once every entry of this import has its id.
    for (i, r) in p.resources.iter().enumerate() {
        let (Some(from), true) = (entry_ids[i], changed[i]) else { continue };
        let (MapOutcome::Mapped(e) | MapOutcome::Unmapped(e)) = &outcomes[i].outcome else { continue };
        for reference in &e.references {
            let to = match resolver.resolve(reference, r.full_url.as_deref()) {
                Some(j) => entry_ids[j],
                None => match type_and_id(reference) {
                    Some((t, id)) => store::entry_of(tx, source_id, t, id)?,
                    None => None,
                },
            };
            if let Some(to) = to.filter(|&to| to != from) {
                store::insert_link(tx, from, to, LINK_ROLE)?;
            }
        }
    }

    for (file, rej) in &p.rejected {
        counts.count(ImportOutcome::Rejected);
        items.push(ImportItem {
            file: docs[*file].name.clone(),
            location: rej.location.clone(),
            resource_type: rej.resource_type.clone().unwrap_or_else(|| "unknown".into()),
            resource_id: None,
            outcome: ImportOutcome::Rejected,
            reason: Some(rej.reason.clone()),
            entry_id: None,
        });
    }

    let report = ImportReport { import_id: run, source: source.clone(), files, counts, items, finished_at: now };
    let report_json = serde_json::to_string(&report.items).unwrap_or_else(|_| "[]".into());
    store::finish_run(tx, run, &counts, &report_json, now)?;
    Ok(report)
}

impl Vault {
    /// Imports FHIR JSON documents (files, or pages fetched from a GP service) into a
    /// person's record, all in one transaction. Refused whole, with nothing stored, when a
    /// document is not valid JSON (MALFORMED_FILE, naming the file, line and column) or not
    /// FHIR (UNSUPPORTED_FORMAT), or when a Patient in it is not this person
    /// (PATIENT_MISMATCH, with the reason). Importing the same resources again from the same
    /// source changes nothing; a newer version replaces the stored one, which is kept.
    pub fn import_fhir(&mut self, id: &PersonId, source: &SourceInfo, docs: &[ImportDocument]) -> Result<ImportReport> {
        if docs.is_empty() {
            return Err(VaultError::new(ErrorCode::InvalidInput, "Choose at least one file to import"));
        }
        let person = self.person(id)?;
        let phases = Phases::from_env();
        phases.mark("start");
        let prepared = prepare(docs, &person.details)?;
        phases.mark("read");
        let resolver = Resolver::new(&prepared.resources);
        let outcomes = map_all(&prepared.resources, &resolver);
        phases.mark("mapped");
        let now = self.now();
        let detail = format!(
            "{} resources from {}",
            prepared.resources.len() + prepared.rejected.len(),
            describe_source(source, docs.len())
        );
        let report = self.write_person(id, AuditAction::RecordImported, &detail, |tx, path| {
            store_all(tx, source, docs, &prepared, &outcomes, &resolver, now).map_err(|e| db_error(path, &e))
        });
        phases.mark("stored");
        report
    }
}

/// Time and memory after each phase of an import, printed to stderr when `PHR_IMPORT_PHASES`
/// is set: how the import benchmark's figures are broken down without a profiler.
struct Phases(Option<std::time::Instant>);

impl Phases {
    fn from_env() -> Self {
        Self(std::env::var_os("PHR_IMPORT_PHASES").map(|_| std::time::Instant::now()))
    }

    fn mark(&self, phase: &str) {
        let Some(started) = self.0 else { return };
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let field = |name: &str| {
            status.lines().find(|l| l.starts_with(name)).map(|l| l[name.len()..].trim().to_string()).unwrap_or_default()
        };
        eprintln!(
            "import phase {phase}: {:.0} ms, RSS {}, peak {}",
            started.elapsed().as_secs_f64() * 1000.0,
            field("VmRSS:"),
            field("VmHWM:")
        );
    }
}

/// RFC 3339 with seconds, for bundle timestamps.
pub(crate) fn rfc3339(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_to_earlier_imports() {
        assert_eq!(type_and_id("Patient/123"), Some(("Patient", "123")));
        assert_eq!(type_and_id("https://gp.example/fhir/Practitioner/9"), Some(("Practitioner", "9")));
        assert_eq!(type_and_id("urn:uuid:1234"), None);
        assert_eq!(type_and_id("#med1"), None);
    }
}
