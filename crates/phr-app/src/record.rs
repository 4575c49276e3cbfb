//! The record: importing FHIR files, reading the record (summary, timeline, lists, search,
//! one entry), sensitivity labels and the FHIR export; `ips` the International Patient Summary.

mod ips;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use phr_core::ErrorCode;
use phr_core::record::EntryKind as CoreKind;
use phr_vault::record_store as rs;
use phr_vault::{PersonId, Vault};

use crate::App;
use crate::ErrorField;
use crate::advice::Judge;
use crate::convert::rfc3339;
use crate::dto::AppError;
use crate::dto_record::*;

/// Timeline pages hold 50 entries unless asked otherwise, never more than 200.
const DEFAULT_PAGE: u32 = 50;
const MAX_PAGE: u32 = 200;

fn entry_id(s: &str) -> Result<i64, AppError> {
    s.trim()
        .parse::<i64>()
        .map_err(|_| AppError::new(ErrorCode::EntryNotFound, format!("There is no entry {s:?} in this record")))
}

fn day(s: Option<&str>, field: ErrorField) -> Result<Option<NaiveDate>, AppError> {
    s.map(str::trim).filter(|s| !s.is_empty()).map_or(Ok(None), |s| {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").map(Some).map_err(|_| {
            AppError::new(ErrorCode::InvalidInput, format!("{s:?} is not a date: use YYYY-MM-DD")).on_field(field)
        })
    })
}

fn source_kind(k: rs::SourceKind) -> SourceKind {
    match k {
        rs::SourceKind::Gp => SourceKind::Gp,
        rs::SourceKind::File => SourceKind::File,
        rs::SourceKind::SelfEntered => SourceKind::SelfEntered,
        rs::SourceKind::Carer => SourceKind::Carer,
    }
}

fn source(s: &rs::SourceInfo) -> Source {
    Source { kind: source_kind(s.kind), name: s.name.clone(), ods_code: s.ods_code.clone(), url: s.url.clone() }
}

/// The vault's view of a source the app was given: GP sources are keyed by their address.
fn source_info(s: &Source) -> rs::SourceInfo {
    match s.kind {
        SourceKind::File => rs::SourceInfo { name: s.name.clone(), ..rs::SourceInfo::files() },
        kind => {
            let kind = match kind {
                SourceKind::Gp => rs::SourceKind::Gp,
                SourceKind::SelfEntered => rs::SourceKind::SelfEntered,
                _ => rs::SourceKind::Carer,
            };
            let key = s.url.clone().or_else(|| s.ods_code.clone()).unwrap_or_else(|| s.name.clone());
            rs::SourceInfo { kind, key, name: s.name.clone(), ods_code: s.ods_code.clone(), url: s.url.clone() }
        }
    }
}

pub(crate) fn summary(e: &rs::EntryRow) -> EntrySummary {
    EntrySummary {
        id: e.id.into(),
        kind: e.kind.into(),
        title: e.title.clone(),
        plain_title: e.plain_title.clone(),
        status: e.status.clone(),
        date: e.date.clone(),
        value_text: e.value_text.clone(),
        flag: e.flag.clone(),
        abnormal: e.abnormal,
        sensitivity: e.sensitivity.into(),
        source_name: e.source_name.clone(),
        range_check: None,
        advice: None,
        added_by: None,
    }
}

fn summaries(list: &[rs::EntryRow]) -> Vec<EntrySummary> {
    list.iter().map(summary).collect()
}

/// Entries as lists show them, each result with its range check and red-flag advice.
fn judged(v: &Vault, id: &PersonId, judge: &Judge, list: &[rs::EntryRow]) -> Result<Vec<EntrySummary>, AppError> {
    let results: Vec<i64> = list.iter().filter(|e| e.kind == CoreKind::Result).map(|e| e.id).collect();
    let found = if results.is_empty() { Vec::new() } else { v.entry_judgements(id, &results)? };
    let mut out: Vec<EntrySummary> = list
        .iter()
        .map(|e| {
            let mut out = summary(e);
            if let Some(j) = found.iter().find(|j| j.entry_id == e.id) {
                out.range_check = j.range_check.map(Into::into);
                out.advice = j.reading.as_ref().and_then(|r| judge.result(r, e.date.as_deref()));
            }
            out
        })
        .collect();
    crate::own_entries::mark_added_by(v, id, &mut out)?;
    Ok(out)
}

/// [`summaries`] with "Added by …" on the person's own entries.
fn own_marked(v: &Vault, id: &PersonId, list: &[rs::EntryRow]) -> Result<Vec<EntrySummary>, AppError> {
    let mut out = summaries(list);
    crate::own_entries::mark_added_by(v, id, &mut out)?;
    Ok(out)
}

fn outcome(o: rs::ImportOutcome) -> ImportOutcome {
    match o {
        rs::ImportOutcome::Added => ImportOutcome::Added,
        rs::ImportOutcome::Updated => ImportOutcome::Updated,
        rs::ImportOutcome::Unchanged => ImportOutcome::Unchanged,
        rs::ImportOutcome::Unmapped => ImportOutcome::Unmapped,
        rs::ImportOutcome::Rejected => ImportOutcome::Rejected,
    }
}

/// An import outcome in words, for the professional's table.
fn outcome_text(o: rs::ImportOutcome) -> &'static str {
    match o {
        rs::ImportOutcome::Added => "Added",
        rs::ImportOutcome::Updated => "Updated (the older version is kept)",
        rs::ImportOutcome::Unchanged => "Already in the record",
        rs::ImportOutcome::Unmapped => "Kept as it arrived",
        rs::ImportOutcome::Rejected => "Not imported",
    }
}

/// Why resources were kept as they arrived: one reason for them all (the vault's reason names
/// each type, which the group's types column already shows).
const UNMAPPED_REASON: &str = "The app has no category for these. They are kept in the record as they arrived and \
     are in any export.";

/// Places listed in a group of parts not imported, at most.
const GROUP_PLACES: usize = 20;

/// The report's items grouped by outcome and reason, for a professional: parts not imported
/// first, then those kept as they arrived; the groups' own order follows their first item.
fn groups(items: &[rs::ImportItem]) -> Vec<ImportGroup> {
    struct Group {
        outcome: rs::ImportOutcome,
        reason: String,
        types: Vec<(String, u32)>,
        places: Vec<String>,
        count: u32,
    }
    let mut out: Vec<Group> = Vec::new();
    for i in items {
        let reason = match i.outcome {
            rs::ImportOutcome::Unmapped => UNMAPPED_REASON.to_string(),
            rs::ImportOutcome::Rejected => i.reason.clone().unwrap_or_else(|| "It could not be read.".into()),
            _ => continue,
        };
        let g = match out.iter().position(|g| g.outcome == i.outcome && g.reason == reason) {
            Some(at) => at,
            None => {
                out.push(Group { outcome: i.outcome, reason, types: Vec::new(), places: Vec::new(), count: 0 });
                out.len() - 1
            }
        };
        let Some(g) = out.get_mut(g) else { continue };
        g.count += 1;
        match g.types.iter_mut().find(|(t, _)| *t == i.resource_type) {
            Some((_, n)) => *n += 1,
            None => g.types.push((i.resource_type.clone(), 1)),
        }
        if i.outcome == rs::ImportOutcome::Rejected && g.places.len() < GROUP_PLACES {
            g.places.push(if i.file.is_empty() { i.location.clone() } else { format!("{}, {}", i.file, i.location) });
        }
    }
    out.sort_by_key(|g| g.outcome != rs::ImportOutcome::Rejected);
    out.into_iter()
        .map(|mut g| {
            g.types.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            ImportGroup {
                outcome: outcome(g.outcome),
                outcome_text: outcome_text(g.outcome).to_string(),
                reason: g.reason,
                count: g.count,
                types: g.types.iter().map(|(t, n)| format!("{t} ({n})")).collect::<Vec<_>>().join(", "),
                places: g.places,
            }
        })
        .collect()
}

/// The source inside a sentence: a practice by its name, files as "the files you chose".
fn source_in_sentence(s: &rs::SourceInfo) -> String {
    match s.kind {
        rs::SourceKind::File => "the files you chose".to_string(),
        _ => s.name.clone(),
    }
}

/// What a carer's import kept private for `first_name`, never naming it: the count when the
/// person lets their carer see it, otherwise only that some may have been.
pub(crate) fn kept_private_words(kept: Option<rs::KeptPrivate>, first_name: &str) -> Option<String> {
    match kept? {
        rs::KeptPrivate::Counted(0) => None,
        rs::KeptPrivate::Counted(1) => {
            Some(format!("1 entry was kept private for {first_name}: only {first_name} can see it."))
        }
        rs::KeptPrivate::Counted(n) => {
            Some(format!("{n} entries were kept private for {first_name}: only {first_name} can see them."))
        }
        rs::KeptPrivate::NotCounted => Some(format!("Some entries may have been kept private for {first_name}.")),
    }
}

/// The report of an import into the record of the person called `first_name`.
pub(crate) fn report(r: &rs::ImportReport, holds: &rs::SourceHolds, first_name: &str) -> ImportReport {
    let words = phr_core::record::import_words::import_words(
        &source_in_sentence(&r.source),
        holds.total,
        &holds.counts,
        holds.administrative,
        r.counts.rejected,
    );
    ImportReport {
        outcome: ImportOutcomeWords {
            heading: words.heading,
            summary: words.summary,
            kept_apart: words.kept_apart,
            next_step: words.next_step,
            kept_private: kept_private_words(r.kept_private, first_name),
            connection: None,
        },
        groups: groups(&r.items),
        import_id: r.import_id.to_string().into(),
        source: source(&r.source),
        files: r.files.clone(),
        added: r.counts.added,
        updated: r.counts.updated,
        unchanged: r.counts.unchanged,
        unmapped: r.counts.unmapped,
        rejected: r.counts.rejected,
        items: r
            .items
            .iter()
            .map(|i| ImportItem {
                file: i.file.clone(),
                location: i.location.clone(),
                resource_type: i.resource_type.clone(),
                resource_id: i.resource_id.clone(),
                outcome: outcome(i.outcome),
                reason: i.reason.clone(),
                entry_id: i.entry_id.map(crate::dto_ids::EntryId::from),
            })
            .collect(),
        finished_at: rfc3339(r.finished_at),
    }
}

pub(crate) fn run(r: &rs::ImportRun) -> ImportRun {
    ImportRun {
        import_id: r.import_id.to_string().into(),
        kind: match r.kind {
            rs::ImportKind::Record => ImportKind::Record,
            rs::ImportKind::Readings => ImportKind::Readings,
        },
        source: source(&r.source),
        files: r.files.clone(),
        finished_at: rfc3339(r.finished_at),
        added: r.counts.added,
        updated: r.counts.updated,
        unchanged: r.counts.unchanged,
        unmapped: r.counts.unmapped,
        rejected: r.counts.rejected,
        undone_at: r.undone_at.map(rfc3339),
        owner_overridden: r.owner_overridden,
    }
}

/// The resource as it arrived, indented for reading. Text that is somehow not JSON is shown
/// as it is rather than hidden.
fn pretty(raw: &str) -> String {
    serde_json::from_str::<serde_json::Value>(raw)
        .ok()
        .map(|mut v| {
            // A kept letter or photo is not sent to the page as base64 text.
            phr_core::record::own_document::leave_out_file_bytes(&mut v);
            v
        })
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| raw.to_string())
}

pub(crate) fn detail(e: rs::EntryFull, judge: &Judge) -> EntryDetail {
    let mut entry = summary(&e.row);
    let advice = e.value.as_ref().and_then(|v| v.reading.as_ref()).and_then(|r| judge.result(r, e.row.date.as_deref()));
    entry.range_check = e.value.as_ref().and_then(|v| v.range_check).map(Into::into);
    entry.advice = advice.clone();
    let known = phr_core::record::meanings::meaning_of(&e.codes);
    let plain_title = known.map(|m| m.plain).filter(|p| !p.eq_ignore_ascii_case(entry.title.trim()));
    let code = known.map(|m| Code {
        system: m.system.to_owned(),
        code: m.code.to_owned(),
        display: e.codes.iter().find(|c| c.code.as_deref() == Some(m.code)).and_then(|c| c.display.clone()),
    });
    EntryDetail {
        plain_title: plain_title.map(str::to_owned),
        coded_title: plain_title.map(|_| entry.title.clone()),
        code,
        meaning: known.map(|m| m.meaning.to_owned()),
        nhs_url: known.and_then(|m| m.nhs_url).map(str::to_owned),
        your_note: None,
        hidden_from_timeline: None,
        entry,
        codes: e
            .codes
            .iter()
            .filter_map(|c| Some(Code { system: c.system_name(), code: c.code.clone()?, display: c.display.clone() }))
            .collect(),
        value: e.value.map(|v| EntryValue {
            text: v.text,
            range_text: v.range_text,
            flag: v.flag,
            abnormal: v.abnormal,
            range_check: v.range_check.map(Into::into),
            range_basis: v.range_basis.map(Into::into),
            range_note: v.range_basis.map(|b| b.sentence().to_owned()),
            advice,
        }),
        components: e.components.into_iter().map(|f| Fact { label: f.label, text: f.text }).collect(),
        facts: e.facts.into_iter().map(|f| Fact { label: f.label, text: f.text }).collect(),
        source: source(&e.source),
        imported_at: rfc3339(e.imported_at),
        updated_at: rfc3339(e.updated_at),
        resource_type: e.resource_type,
        fhir_version: e.fhir_version,
        raw_json: pretty(&e.raw),
        versions: e.versions,
        sensitivity_set_by_user: e.sensitivity_set_by_user,
        related: summaries(&e.related),
        attachments: e
            .attachments
            .into_iter()
            .map(|a| Attachment {
                id: a.id.to_string().into(),
                title: a.title,
                content_type: a.content_type,
                bytes: a.bytes,
            })
            .collect(),
    }
}

/// A file's name for the report ("summary.json"), or the path when it has none.
fn file_name(p: &Path) -> String {
    p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned())
}

impl App {
    /// `url` when it is the NHS website page of an entry's meaning (`EntryDetail.nhs_url`):
    /// only the meanings table's own addresses pass.
    pub fn meaning_page(&self, url: &str) -> Result<String, AppError> {
        phr_core::record::meanings::MEANINGS
            .iter()
            .filter_map(|m| m.nhs_url)
            .chain(phr_core::record::own_document::DECISION_PAGES.iter().map(|(_, page, _)| *page))
            .find(|u| *u == url)
            .map(str::to_owned)
            .ok_or_else(|| AppError::new(ErrorCode::InvalidInput, "That page is not one the app can open."))
    }

    /// Opens the NHS website page of an entry's meaning in the person's web browser, started
    /// without this app's secret variables (as the advice sources are). The app never fetches it.
    pub fn open_meaning_page(&self, url: &str) -> Result<(), AppError> {
        let url = self.meaning_page(url)?;
        phr_gp::open_page(&url).map_err(|e| {
            AppError::new(
                ErrorCode::Io,
                format!("Your web browser could not be opened ({e}). The page's address is {url}"),
            )
        })
    }

    /// Imports FHIR JSON files (Bundles or single resources) into a person's record, all in
    /// one transaction: every file is read first, and a file that cannot be read stops the
    /// whole import with nothing stored.
    pub fn import_files(&self, person_id_str: &str, paths: &[PathBuf]) -> Result<ImportReport, AppError> {
        self.import_files_confirmed(person_id_str, paths, false)
    }

    /// The one import path: files and pages fetched from a GP service both land here.
    pub(crate) fn import_documents(
        &self,
        person_id_str: &str,
        source: Source,
        docs: Vec<(String, String)>,
    ) -> Result<ImportReport, AppError> {
        self.import_documents_from(person_id_str, source_info(&source), docs, false)
    }

    /// [`App::import_documents`] from `info`; `subject_confirmed` when the person said a
    /// document whose Patient did not match is about them ([`App::import_files_confirmed`]).
    pub(crate) fn import_documents_from(
        &self,
        person_id_str: &str,
        info: rs::SourceInfo,
        docs: Vec<(String, String)>,
        subject_confirmed: bool,
    ) -> Result<ImportReport, AppError> {
        let id = self.record_person(person_id_str)?;
        self.carer_may(&id, phr_core::carer_limits::CarerPermission::Import)?;
        let docs: Vec<rs::ImportDocument> =
            docs.into_iter().map(|(name, text)| rs::ImportDocument { name, text }).collect();
        self.with_vault(|v| {
            let done = if subject_confirmed {
                v.import_fhir_subject_confirmed(&id, &info, &docs)?
            } else {
                v.import_fhir(&id, &info, &docs)?
            };
            let holds = v.source_holds(&id, done.import_id)?;
            let name = v.person(&id)?.details.name;
            Ok(report(&done, &holds, phr_core::person_name::first_name(&name)))
        })
    }

    pub fn record_summary(&self, person_id_str: &str) -> Result<RecordSummary, AppError> {
        let id = self.record_person(person_id_str)?;
        let today = crate::readings::local::local_today(self.clock.now());
        self.with_vault(|v| {
            let s = v.record_summary(&id)?;
            let judge = Judge::of(v, &id, today)?;
            let medicines = crate::medicines::medicines_in(v, &id, today)?;
            let mut medicines = crate::medicines::summary_of(&medicines);
            crate::own_entries::mark_medicines(v, &id, &mut medicines.shown)?;
            let (no_known_allergies, allergies): (Vec<_>, Vec<_>) = own_marked(v, &id, &s.allergies)?
                .into_iter()
                .partition(|e| phr_core::record::words::records_no_known_allergy(&e.title));
            Ok(RecordSummary {
                active_problems: own_marked(v, &id, &s.active_problems)?,
                medicines,
                allergies,
                no_known_allergies,
                recent_results: judged(v, &id, &judge, &s.recent_results)?,
                immunisations: own_marked(v, &id, &s.immunisations)?,
                counts: s
                    .counts
                    .iter()
                    .map(|(kind, count)| KindCount { kind: (*kind).into(), count: *count })
                    .collect(),
                total: s.total,
                administrative: s.administrative,
                last_import: s.last_import.as_ref().map(run),
            })
        })
    }

    /// A page of entries, newest first; pass the page's `nextCursor` back for the next one.
    pub fn timeline(&self, person_id_str: &str, query: TimelineQuery) -> Result<TimelinePage, AppError> {
        let id = self.record_person(person_id_str)?;
        let filter = rs::TimelineFilter {
            kinds: query.kinds.into_iter().map(Into::into).collect(),
            from: day(query.from.as_deref(), ErrorField::From)?,
            to: day(query.to.as_deref(), ErrorField::To)?,
            sensitivity: query.sensitivity.map(Into::into),
            abnormal_only: query.abnormal_only,
            places: match query.show.unwrap_or_default() {
                TimelineShow::Story => rs::PlaceFilter::Story,
                TimelineShow::Administrative => rs::PlaceFilter::Administrative,
                TimelineShow::Everything => rs::PlaceFilter::Every,
            },
            cursor: query.cursor,
            limit: query.limit.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE),
        };
        let today = crate::readings::local::local_today(self.clock.now());
        self.with_vault(|v| {
            let page = v.timeline(&id, &filter)?;
            let judge = Judge::of(v, &id, today)?;
            Ok(TimelinePage {
                entries: judged(v, &id, &judge, &page.entries)?,
                next_cursor: page.next_cursor,
                total: page.total,
                unchecked: page.unchecked,
                unchecked_text: page.unchecked.and_then(phr_core::record::range::unchecked_sentence),
            })
        })
    }

    pub fn entry(&self, person_id_str: &str, entry_id_str: &str) -> Result<EntryDetail, AppError> {
        let id = self.record_person(person_id_str)?;
        let entry = entry_id(entry_id_str)?;
        let today = crate::readings::local::local_today(self.clock.now());
        self.with_vault(|v| {
            let mut d = detail(v.entry(&id, entry)?, &Judge::of(v, &id, today)?);
            crate::own_entries::mark_added_by(v, &id, std::slice::from_mut(&mut d.entry))?;
            let note = v.annotation(&id, entry)?;
            d.your_note = note.note;
            d.hidden_from_timeline = note.hidden.then_some(true);
            Ok(d)
        })
    }

    /// Full-text search: every word must match, the last as a prefix. At most 200 hits.
    pub fn search_record(
        &self,
        person_id_str: &str,
        text: &str,
        limit: Option<u32>,
    ) -> Result<Vec<SearchHit>, AppError> {
        let id = self.record_person(person_id_str)?;
        let limit = limit.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE);
        let today = crate::readings::local::local_today(self.clock.now());
        self.with_vault(|v| {
            let hits = v.search_record(&id, text, limit)?;
            let rows: Vec<rs::EntryRow> = hits.iter().map(|h| h.entry.clone()).collect();
            let entries = judged(v, &id, &Judge::of(v, &id, today)?, &rows)?;
            Ok(hits
                .iter()
                .zip(entries)
                .map(|(h, entry)| SearchHit {
                    entry,
                    snippet: h
                        .snippet
                        .iter()
                        .map(|p| SnippetPart { text: p.text.clone(), is_match: p.is_match })
                        .collect(),
                })
                .collect())
        })
    }

    /// Help for a search ([`App::search_record`] finds lay words itself): what its lay words
    /// were searched as, and, when it finds nothing, the record's nearest words to offer.
    pub fn search_help(&self, person_id_str: &str, text: &str) -> Result<SearchHelp, AppError> {
        let id = self.record_person(person_id_str)?;
        let understood = phr_core::record::lay_terms::lay_terms_in(text)
            .iter()
            .map(|t| phr_core::record::lay_terms::understood_sentence(t))
            .collect();
        self.with_vault(|v| {
            let found = !v.search_record(&id, text, 1)?.is_empty();
            let suggestions = if found { Vec::new() } else { v.search_suggestions(&id, text, 5)? };
            let heading = phr_core::record::lay_terms::suggestions_heading(found, !suggestions.is_empty()).to_owned();
            Ok(SearchHelp { understood, suggestions, heading })
        })
    }

    /// Sets an entry's sensitivity label; later imports keep the citizen's choice.
    pub fn set_entry_sensitivity(
        &self,
        person_id_str: &str,
        entry_id_str: &str,
        s: Sensitivity,
    ) -> Result<EntryDetail, AppError> {
        let id = self.record_person(person_id_str)?;
        let entry = entry_id(entry_id_str)?;
        let today = crate::readings::local::local_today(self.clock.now());
        self.with_vault(|v| {
            let full = v.set_entry_sensitivity(&id, entry, s.into())?;
            Ok(detail(full, &Judge::of(v, &id, today)?))
        })
    }

    /// Past imports, newest first: FHIR files, GP records and device files, each with its id
    /// (for [`App::undo_import`]) and whether it was undone.
    pub fn import_history(&self, person_id_str: &str) -> Result<Vec<ImportRun>, AppError> {
        let id = self.record_person(person_id_str)?;
        self.with_vault(|v| Ok(v.import_history(&id)?.iter().map(run).collect()))
    }

    /// Writes the whole record as a FHIR R4 Bundle. The file is NOT encrypted: the UI warns
    /// before the citizen chooses where it goes.
    pub fn export_fhir(&self, person_id_str: &str, path: &Path) -> Result<ExportInfo, AppError> {
        let id = self.record_person(person_id_str)?;
        self.carer_may(&id, phr_core::carer_limits::CarerPermission::Export)?;
        self.with_vault(|v| {
            let e = v.export_fhir(&id, path).map_err(|e| {
                let io = e.code == ErrorCode::Io;
                let e = AppError::from(e);
                if io { e.on_field(ErrorField::Path) } else { e }
            })?;
            Ok(ExportInfo { path: e.path.display().to_string(), resources: e.resources, bytes: e.bytes })
        })
    }
}

/// Reads FHIR files for an import, each capped and all together capped: (file name, text).
/// Nothing is imported when any cannot be read.
pub(crate) fn read_fhir_files(paths: &[PathBuf]) -> Result<Vec<(String, String)>, AppError> {
    if paths.is_empty() {
        return Err(
            AppError::new(ErrorCode::InvalidInput, "Choose at least one file to import").on_field(ErrorField::Paths)
        );
    }
    let cap = crate::file_caps::MAX_FHIR_FILE_BYTES;
    let kind = crate::file_caps::FileKind::Fhir;
    let all: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    crate::file_caps::check_total(&all, cap, kind, ErrorField::Paths)?;
    let mut docs = Vec::with_capacity(paths.len());
    let mut total = 0u64;
    for p in paths {
        let text = crate::file_caps::read_capped(p, cap, kind, ErrorField::Paths).and_then(|bytes| {
            String::from_utf8(bytes).map_err(|e| {
                AppError::new(
                    ErrorCode::MalformedFile,
                    format!(
                        "{} is not a text file (it is not UTF-8 at byte {}). Nothing was imported.",
                        p.display(),
                        e.utf8_error().valid_up_to()
                    ),
                )
                .on_field(ErrorField::Paths)
            })
        })?;
        // A file that grew after the size check still counts against the whole.
        total = total.saturating_add(text.len() as u64);
        if total > cap {
            return Err(crate::file_caps::too_large_together(total, cap, kind, ErrorField::Paths));
        }
        docs.push((file_name(p), text));
    }
    Ok(docs)
}
