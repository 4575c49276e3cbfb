//! Importing FHIR: every file is read and checked first (JSON, the Patient), then everything is
//! stored in one transaction with its audit entry, so an import lands whole or not at all.

use chrono::SecondsFormat;
use phr_core::ErrorCode;
use phr_core::audit::AuditAction;
use phr_core::fhir::{
    FhirReadError, ImportOrigin, IncomingResource, Mismatch, Resolver, match_patient, patient_facts, practice_of,
    read_fhir_json_lean,
};
use rusqlite::Transaction;

use super::model::*;
use super::pipeline::{self, LinkTarget, Ready};
use super::search_index;
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

/// "a file", "3 files", "a GP practice": for the audit log, which holds no health data.
fn describe_source(source: &SourceInfo, files: usize) -> String {
    match (source.kind, files) {
        (SourceKind::Gp, _) => "a GP practice".to_string(),
        (_, 1) => "a file".to_string(),
        (_, n) => format!("{n} files"),
    }
}

/// From this much FHIR text (30,000 small resources, or 12,000 of Synthea's size), an import's
/// transaction runs with a rollback journal instead of WAL (`Vault::with_rollback_journal`):
/// it writes several times this into the database, past where SQLite advises against WAL.
const LARGE_IMPORT_BYTES: usize = 16 << 20;

/// Everything read and checked before the transaction starts; resources' texts are borrowed
/// from the documents' (`'a`).
struct Prepared<'a> {
    resources: Vec<IncomingResource<'a>>,
    /// The file each resource came from.
    file_of: Vec<usize>,
    rejected: Vec<(usize, phr_core::fhir::Rejected)>,
}

fn prepare<'a>(docs: &'a [ImportDocument]) -> Result<Prepared<'a>> {
    let mut p = Prepared { resources: Vec::new(), file_of: Vec::new(), rejected: Vec::new() };
    for (i, d) in docs.iter().enumerate() {
        // Lean: a resource's value is parsed when it is mapped and dropped after, so a large
        // record is never held as values all at once.
        let parsed = read_fhir_json_lean(&d.text).map_err(|e| read_error(&d.name, &e))?;
        p.file_of.extend(std::iter::repeat_n(i, parsed.resources.len()));
        if p.resources.is_empty() {
            // One file (the usual case): its list is taken as it is, not copied.
            p.resources = parsed.resources;
        } else {
            p.resources.extend(parsed.resources);
        }
        p.rejected.extend(parsed.rejected.into_iter().map(|r| (i, r)));
    }
    Ok(p)
}

/// The first Patient that is not this person, with the file it came from.
fn someone_else(p: &Prepared<'_>, person: &phr_core::person::PersonDetails) -> Option<(usize, Mismatch)> {
    p.resources.iter().zip(&p.file_of).filter(|(r, _)| r.resource_type == "Patient").find_map(|(r, &file)| {
        let value = r.r4_value().unwrap_or_default();
        match_patient(&patient_facts(&value), person).err().map(|m| (file, m))
    })
}

/// Who sent an import, for the words of a refusal.
fn origin(source: &SourceInfo) -> ImportOrigin {
    match source.kind {
        SourceKind::Gp => ImportOrigin::GpPractice,
        _ => ImportOrigin::File,
    }
}

/// What a GP practice's record says of the practice it comes from, filled in where the caller
/// could not say: the ODS code, and the name when the caller gave none (an empty name). Read
/// from the resources already read for the import ([`practice_of`] parses only the Patients
/// and Organizations), so the pages are read once, here. Other sources are left as they are.
fn with_practice(source: &SourceInfo, resources: &[IncomingResource<'_>]) -> SourceInfo {
    let mut out = source.clone();
    if source.kind != SourceKind::Gp || (source.ods_code.is_some() && !source.name.trim().is_empty()) {
        return out;
    }
    let found = practice_of(resources);
    if out.ods_code.is_none() {
        out.ods_code = found.as_ref().map(|p| p.ods_code.clone());
    }
    if out.name.trim().is_empty() {
        out.name = found.and_then(|p| p.name).unwrap_or_else(|| GP_PRACTICE_UNNAMED.to_owned());
    }
    out
}

/// What the audit log adds when the person confirmed a document was about them though its
/// Patient did not match: that the check was overridden, never whose it seemed to be.
pub const SUBJECT_CHECK_OVERRIDDEN: &str =
    "its patient did not match this person; imported after the person confirmed it was about them";

/// What a practice is called when neither its service nor its record gives a name.
const GP_PRACTICE_UNNAMED: &str = "Your GP practice";

/// Writes one import: resources and entries in file order as the mapping threads hand them
/// over, then the links between entries (once every entry has its id), then the report. The
/// resources' texts are let go before the report is written, which is where a large import's
/// memory peaks.
fn store_all(
    tx: &Transaction<'_>,
    source: &SourceInfo,
    docs: &[ImportDocument],
    p: Prepared<'_>,
    now: chrono::DateTime<chrono::Utc>,
    phases: &Phases,
) -> rusqlite::Result<ImportReport> {
    let resolver = Resolver::new(&p.resources);
    let now_text = time_text(now);
    let files: Vec<String> = docs.iter().map(|d| d.name.clone()).collect();
    let source_id = store::upsert_source(tx, source, now)?;
    let run = store::start_run(tx, source_id, &files, now)?;
    let indexed_up_to = search_index::last_entry_id(tx)?;
    let mut w = store::Writer::new(tx, source_id)?;
    let mut counts = ImportCounts::default();
    let mut items = Vec::with_capacity(p.resources.len() + p.rejected.len());
    let mut entry_ids: Vec<Option<i64>> = vec![None; p.resources.len()];
    // (resource index, where it points) for the entries this import added or changed.
    let mut links: Vec<(usize, LinkTarget)> = Vec::with_capacity(p.resources.len());

    pipeline::for_each_ready(&p.resources, &resolver, |i, ready: Ready| -> rusqlite::Result<()> {
        // `i` indexes the resources being imported (for_each_ready walks them).
        let Some(r) = p.resources.get(i) else { return Ok(()) };
        let file = p.file_of.get(i).and_then(|f| docs.get(*f)).map(|d| d.name.clone()).unwrap_or_default();
        let item = |outcome: ImportOutcome, reason: Option<String>, entry_id: Option<i64>| ImportItem {
            file: file.clone(),
            location: r.location.clone(),
            resource_type: r.resource_type.clone(),
            resource_id: r.id.clone(),
            outcome,
            reason,
            entry_id,
        };
        let e = match ready.entry {
            Ok(e) => e,
            Err(why) => {
                counts.count(ImportOutcome::Rejected);
                items.push(item(ImportOutcome::Rejected, Some(why), None));
                return Ok(());
            }
        };
        let row = ResourceRow {
            source_id,
            resource_type: &r.resource_type,
            logical_id: &e.logical_id,
            full_url: r.full_url.as_deref(),
            version_id: r.version_id.as_deref(),
            content_hash: &e.hash,
            fhir_version: r.original_version.as_str(),
            raw: r.raw.get(),
            r4: ready.r4.as_deref(),
            import_id: run,
        };
        let (result, entry_id) = match w.find_resource(source_id, &r.resource_type, &e.logical_id)? {
            None => {
                let resource_id = w.insert_resource(&row, &now_text)?;
                let entry_id = w.insert_entry(resource_id, &e.entry, &e.cols, &now_text)?;
                (if e.mapped { ImportOutcome::Added } else { ImportOutcome::Unmapped }, entry_id)
            }
            Some(ex) => {
                let same = match (&ex.version_id, &r.version_id) {
                    (Some(a), Some(b)) => a == b,
                    _ => ex.content_hash == e.hash,
                } || store::is_kept_version(tx, ex.resource_id, r.version_id.as_deref(), &e.hash)?;
                if same {
                    store::touch_resource(tx, ex.resource_id, &now_text)?;
                    if let Some(slot) = entry_ids.get_mut(i) {
                        *slot = ex.entry_id;
                    }
                    counts.count(ImportOutcome::Unchanged);
                    items.push(item(ImportOutcome::Unchanged, None, ex.entry_id));
                    return Ok(());
                }
                store::replace_resource(tx, ex.resource_id, &row, &now_text)?;
                let entry_id = match ex.entry_id {
                    Some(id) => {
                        store::update_entry(tx, id, &e.entry, &e.cols, &now_text, id <= indexed_up_to)?;
                        id
                    }
                    None => w.insert_entry(ex.resource_id, &e.entry, &e.cols, &now_text)?,
                };
                (ImportOutcome::Updated, entry_id)
            }
        };
        for (title, content_type, bytes) in &ready.attachments {
            store::insert_attachment(tx, entry_id, title, content_type, bytes)?;
        }
        if let Some(slot) = entry_ids.get_mut(i) {
            *slot = Some(entry_id);
        }
        links.extend(e.links.into_iter().map(|t| (i, t)));
        counts.count(result);
        let reason = (result == ImportOutcome::Unmapped)
            .then(|| format!("kept as it arrived: the record has no category for {}", r.resource_type));
        items.push(item(result, reason, Some(entry_id)));
        Ok(())
    })?;
    phases.mark("entries stored");

    // Links last, once every entry of this import has its id. References to the Patient are
    // not linked: the whole database is about that one person, so "related to the Patient"
    // would be every entry (and a link row per entry cost about a twentieth of a large import).
    for (i, target) in &links {
        let Some(from) = entry_ids.get(*i).copied().flatten() else { continue };
        let to = match target {
            LinkTarget::InImport(j) if p.resources.get(*j).is_some_and(|r| r.resource_type == "Patient") => continue,
            LinkTarget::Stored(t, _) if t == "Patient" => continue,
            LinkTarget::InImport(j) => entry_ids.get(*j).copied().flatten(),
            LinkTarget::Stored(t, id) => store::entry_of(tx, source_id, t, id)?,
        };
        if let Some(to) = to.filter(|&to| to != from) {
            w.insert_link(from, to, LINK_ROLE)?;
        }
    }
    drop(links);
    drop(w);
    drop(resolver);
    let Prepared { resources, rejected, .. } = p;
    drop(resources);
    phases.mark("links stored");
    search_index::index_added_after(tx, indexed_up_to)?;
    phases.mark("indexed for search");

    for (file, rej) in &rejected {
        counts.count(ImportOutcome::Rejected);
        items.push(ImportItem {
            file: docs.get(*file).map(|d| d.name.clone()).unwrap_or_default(),
            location: rej.location.clone(),
            resource_type: rej.resource_type.clone().unwrap_or_else(|| "unknown".into()),
            resource_id: None,
            outcome: ImportOutcome::Rejected,
            reason: Some(rej.reason.clone()),
            entry_id: None,
        });
    }

    let report = ImportReport {
        import_id: run,
        source: source.clone(),
        files,
        counts,
        items,
        finished_at: now,
        kept_private: None,
    };
    // Sized for a typical item (about 150 bytes) at once: growing a large report's text by
    // doubling copied it several times at the import's peak of memory.
    let mut report_json = Vec::with_capacity(report.items.len() * 160 + 2);
    if serde_json::to_writer(&mut report_json, &report.items).is_err() {
        report_json = b"[]".to_vec();
    }
    let report_json = String::from_utf8(report_json).unwrap_or_else(|_| "[]".into());
    store::finish_run(tx, run, &counts, &report_json, now)?;
    phases.mark("report stored");
    Ok(report)
}

impl Vault {
    /// Imports FHIR JSON documents (files, or pages fetched from a GP service) into a
    /// person's record, all in one transaction. Refused whole, with nothing stored, when a
    /// document is not valid JSON (MALFORMED_FILE, naming the file, line and column) or not
    /// FHIR (UNSUPPORTED_FORMAT), or when a Patient in it is not this person
    /// (PATIENT_MISMATCH, saying which of this person's details did not match; the refusal
    /// is audited). Importing the same resources again from the same
    /// source changes nothing; a newer version replaces the stored one, which is kept.
    pub fn import_fhir(&mut self, id: &PersonId, source: &SourceInfo, docs: &[ImportDocument]) -> Result<ImportReport> {
        self.import_fhir_as(id, source, docs, AuditAction::RecordImported, "")
    }

    /// [`Vault::import_fhir`], audited as `action` with `detail` (the person's own entries:
    /// "a medicine of their own"); an empty `detail` says how many resources came from where.
    pub(crate) fn import_fhir_as(
        &mut self,
        id: &PersonId,
        source: &SourceInfo,
        docs: &[ImportDocument],
        action: AuditAction,
        own_detail: &str,
    ) -> Result<ImportReport> {
        self.import_fhir_checked(id, source, docs, action, own_detail, false)
    }

    /// [`Vault::import_fhir`] of a document whose one Patient did not match this person, after
    /// the person confirmed it is about them (an International Patient Summary from abroad,
    /// where the name is spelt another way or no date of birth is given). The Patient check is
    /// skipped only when the whole import holds exactly one Patient; the audit entry says the
    /// check was overridden, never whose the document seemed to be.
    pub fn import_fhir_subject_confirmed(
        &mut self,
        id: &PersonId,
        source: &SourceInfo,
        docs: &[ImportDocument],
    ) -> Result<ImportReport> {
        self.import_fhir_checked(id, source, docs, AuditAction::RecordImported, "", true)
    }

    fn import_fhir_checked(
        &mut self,
        id: &PersonId,
        source: &SourceInfo,
        docs: &[ImportDocument],
        action: AuditAction,
        own_detail: &str,
        subject_confirmed: bool,
    ) -> Result<ImportReport> {
        if docs.is_empty() {
            return Err(VaultError::new(ErrorCode::InvalidInput, "Choose at least one file to import"));
        }
        let person = self.person(id)?;
        let phases = Phases::new(self.import_phases);
        phases.mark("start");
        let prepared = prepare(docs)?;
        let one_patient = prepared.resources.iter().filter(|r| r.resource_type == "Patient").count() == 1;
        let overridden = subject_confirmed && one_patient;
        if let Some((file, mismatch)) = someone_else(&prepared, &person.details).filter(|_| !overridden) {
            return Err(self.refuse(id, source, docs, file, &mismatch, &person.details.name));
        }
        let source = &with_practice(source, &prepared.resources);
        phases.mark("read");
        let now = self.now();
        let detail = if own_detail.is_empty() {
            format!(
                "{} resources from {}",
                prepared.resources.len() + prepared.rejected.len(),
                describe_source(source, docs.len())
            )
        } else {
            own_detail.to_owned()
        };
        let detail = if overridden && someone_else(&prepared, &person.details).is_some() {
            format!("{detail}; {SUBJECT_CHECK_OVERRIDDEN}")
        } else {
            detail
        };
        // What the person keeps private from their carer is sealed to their key, not stored.
        // The report says how many were sealed only when the person lets their carer see the
        // count; it never names them (they are not among its items).
        let (prepared, sealed, kept_private) = match self.carer_limits(id)? {
            Some(rule) if rule.hides_anything() => {
                let recipient = self.own_key_file(id)?.age_recipient;
                let (kept, sealed) = seal_hidden(prepared, &rule, &recipient, source)?;
                let told = if rule.show_count && !rule.tampered {
                    KeptPrivate::Counted(u32::try_from(sealed.len()).unwrap_or(u32::MAX))
                } else {
                    KeptPrivate::NotCounted
                };
                (kept, sealed, Some(told))
            }
            _ => (prepared, Vec::new(), None),
        };
        let arrived_at = time_text(now);
        let store = |tx: &Transaction<'_>, path: &std::path::Path| {
            let mut report = store_all(tx, source, docs, prepared, now, &phases).map_err(|e| db_error(path, &e))?;
            for blob in &sealed {
                crate::sealed::insert(tx, &arrived_at, blob).map_err(|e| db_error(path, &e))?;
            }
            report.kept_private = kept_private;
            Ok(report)
        };
        let text_bytes: usize = docs.iter().map(|d| d.text.len()).sum();
        let report = if text_bytes >= LARGE_IMPORT_BYTES {
            self.with_rollback_journal(id, |v| v.write_person(id, action, &detail, store))
        } else {
            self.write_person(id, action, &detail, store)
        };
        phases.mark("committed");
        report
    }
}

/// Takes out of an import each resource `rule` hides (by its suggested label or its entry
/// key) and seals it, with its source, to the person's `recipient`. A resource the mapping
/// rejects stays, to be reported.
fn seal_hidden<'a>(
    p: Prepared<'a>,
    rule: &phr_core::carer_limits::LimitsRule,
    recipient: &str,
    source: &SourceInfo,
) -> Result<(Prepared<'a>, Vec<Vec<u8>>)> {
    let hidden: Vec<bool> = {
        let resolver = Resolver::new(&p.resources);
        // Each resource: hidden by itself, and what it refers to in this import.
        let (mut hidden, refers): (Vec<bool>, Vec<Vec<usize>>) = p
            .resources
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let value = resolver.value(i).unwrap_or_default();
                let e = match phr_core::fhir::map_resource(&value, &resolver) {
                    phr_core::fhir::MapOutcome::Mapped(e) | phr_core::fhir::MapOutcome::Unmapped(e) => e,
                    phr_core::fhir::MapOutcome::Rejected(_) => return (false, Vec::new()),
                };
                let id = r.id.as_deref().filter(|i| !i.is_empty()).or(r.full_url.as_deref()).unwrap_or_default();
                let hides = rule.seals_arrival(e.sensitivity, &phr_core::carer_limits::entry_key(&r.resource_type, id));
                // Every reference in it, not only those the mapping keeps (a claim's are not).
                let to = crate::private_part::references_in(r.raw.get())
                    .iter()
                    .filter_map(|t| resolver.resolve(t, r.full_url.as_deref()))
                    .collect();
                (hides, to)
            })
            .unzip();
        // What refers to a hidden resource (a claim naming a hidden procedure) often repeats
        // its words: it is hidden too, however indirectly.
        loop {
            let mut changed = false;
            for (i, to) in refers.iter().enumerate() {
                if !hidden.get(i).copied().unwrap_or(true)
                    && to.iter().any(|j| hidden.get(*j).copied().unwrap_or(false))
                {
                    if let Some(h) = hidden.get_mut(i) {
                        *h = true;
                    }
                    changed = true;
                }
            }
            if !changed {
                break hidden;
            }
        }
    };
    let Prepared { resources, file_of, rejected } = p;
    let mut kept = Prepared { resources: Vec::with_capacity(resources.len()), file_of: Vec::new(), rejected };
    let mut sealed = Vec::new();
    for ((r, file), hide) in resources.into_iter().zip(file_of).zip(hidden) {
        if hide {
            sealed.push(crate::sealed::seal(recipient, source, r.full_url.as_deref(), &r.raw)?);
        } else {
            kept.resources.push(r);
            kept.file_of.push(file);
        }
    }
    Ok((kept, sealed))
}

/// Stores resources already read and checked elsewhere (moved between a person's record and
/// their private part, or arrivals sealed for them) from `source`, through the same pipeline
/// as an import, in `tx`. Idempotent: a resource already there is unchanged.
pub(crate) fn store_moved(
    tx: &Transaction<'_>,
    path: &std::path::Path,
    source: &SourceInfo,
    raws: &[(Option<&str>, &serde_json::value::RawValue)],
    now: chrono::DateTime<chrono::Utc>,
) -> Result<ImportReport> {
    let mut text = String::from(r#"{"resourceType":"Bundle","type":"collection","entry":["#);
    for (i, (full_url, r)) in raws.iter().enumerate() {
        if i > 0 {
            text.push(',');
        }
        text.push('{');
        // Kept, so references by fullUrl (`urn:uuid:`) between them still resolve.
        if let Some(u) = full_url {
            text.push_str(r#""fullUrl":"#);
            text.push_str(&serde_json::to_string(u).unwrap_or_else(|_| "\"\"".to_owned()));
            text.push(',');
        }
        text.push_str(r#""resource":"#);
        text.push_str(r.get());
        text.push('}');
    }
    text.push_str("]}");
    let docs = [ImportDocument { name: "moved".to_owned(), text }];
    let prepared = prepare(&docs)?;
    store_all(tx, source, &docs, prepared, now, &Phases::new(false)).map_err(|e| db_error(path, &e))
}

impl Vault {
    /// Refuses an import whose Patient is someone else: the refusal goes in the audit log and
    /// comes back as PATIENT_MISMATCH. Both say only which of this person's details did not
    /// match; neither holds the other person's name, date of birth or NHS number. A file is
    /// named by its own name (the citizen's, from their computer); a GP practice's pages are not.
    fn refuse(
        &mut self,
        id: &PersonId,
        source: &SourceInfo,
        docs: &[ImportDocument],
        file: usize,
        mismatch: &Mismatch,
        person_name: &str,
    ) -> VaultError {
        let detail = format!("{}: {}. Nothing was imported", describe_source(source, docs.len()), mismatch.summary());
        if let Err(e) = self.write_person(id, AuditAction::RecordImportRefused, &detail, |_, _| Ok(())) {
            return e;
        }
        let origin = origin(source);
        let said = mismatch.message(person_name, origin);
        let message = match (origin, docs.get(file)) {
            (ImportOrigin::File, Some(d)) if !d.name.is_empty() => {
                format!("{}: {said} Nothing was imported.", d.name)
            }
            _ => format!("{said} Nothing was imported."),
        };
        VaultError::new(ErrorCode::PatientMismatch, message)
    }
}

/// Time and memory after each phase of an import, printed to stderr when the front end asked
/// ([`Vault::report_import_phases`]; `PHR_IMPORT_PHASES` at start-up): how the import benchmark's figures are broken down without a profiler.
struct Phases(Option<(std::time::Instant, f64, f64)>);

/// The whole process's CPU time in ms (user + system; Linux, in clock ticks of usually 10 ms).
fn process_cpu_ms() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which may hold spaces) in parentheses: utime is the 12th.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let ticks: f64 = rest.split_whitespace().skip(11).take(2).filter_map(|t| t.parse::<f64>().ok()).sum();
    ticks * 10.0
}

/// This thread's time on a CPU in ms (Linux; 0 elsewhere): in the store phase, the writer's.
/// Steadier than wall time on a busy machine.
fn thread_cpu_ms() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |ns| ns / 1e6)
}

impl Phases {
    fn new(on: bool) -> Self {
        Self(on.then(|| (std::time::Instant::now(), thread_cpu_ms(), process_cpu_ms())))
    }

    fn mark(&self, phase: &str) {
        let Some((started, cpu, all_cpu)) = self.0 else { return };
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let field = |name: &str| {
            status.lines().find_map(|l| l.strip_prefix(name)).map(|rest| rest.trim().to_string()).unwrap_or_default()
        };
        eprintln!(
            "import phase {phase}: {:.0} ms, CPU: this thread {:.0} ms, all threads {:.0} ms; RSS {}, peak {}",
            started.elapsed().as_secs_f64() * 1000.0,
            thread_cpu_ms() - cpu,
            process_cpu_ms() - all_cpu,
            field("VmRSS:"),
            field("VmHWM:")
        );
    }
}

/// RFC 3339 with seconds, for bundle timestamps.
pub(crate) fn rfc3339(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}
