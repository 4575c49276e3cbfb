//! The record store's plain values: what goes into an import and what reads give back.

use chrono::{DateTime, NaiveDate, Utc};
use phr_core::record::{Coding, EntryKind, EntryValue, Fact, Sensitivity};
use serde::{Deserialize, Serialize};

/// Who a source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SourceKind {
    Gp,
    File,
    SelfEntered,
    Carer,
}

impl SourceKind {
    /// The stored name: a format, never renamed.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Gp => "gp",
            SourceKind::File => "file",
            SourceKind::SelfEntered => "self",
            SourceKind::Carer => "carer",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [SourceKind::Gp, SourceKind::File, SourceKind::SelfEntered, SourceKind::Carer]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// Where an import comes from. `key` identifies the source across imports (a GP service's
/// base URL; "file" for files), so importing the same resource again from it is recognised.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SourceInfo {
    pub kind: SourceKind,
    pub key: String,
    pub name: String,
    pub ods_code: Option<String>,
    pub url: Option<String>,
}
phr_core::redacted_debug!(SourceInfo { kind });

impl SourceInfo {
    /// Files the citizen imported by hand: one source for all of them.
    pub fn files() -> Self {
        Self {
            kind: SourceKind::File,
            key: "file".into(),
            name: "Files you imported".into(),
            ods_code: None,
            url: None,
        }
    }
}

/// One file (or fetched page) of an import: a name for the report and its JSON text.
#[derive(Clone)]
pub struct ImportDocument {
    pub name: String,
    pub text: String,
}
phr_core::redacted_debug!(ImportDocument);

/// What happened to one resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ImportOutcome {
    Added,
    Updated,
    Unchanged,
    Unmapped,
    Rejected,
}

/// One line of an import report.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportItem {
    pub file: String,
    pub location: String,
    pub resource_type: String,
    pub resource_id: Option<String>,
    pub outcome: ImportOutcome,
    pub reason: Option<String>,
    pub entry_id: Option<i64>,
}
phr_core::redacted_debug!(ImportItem { location, resource_type, outcome, entry_id });

/// Counts by outcome.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportCounts {
    pub added: u32,
    pub updated: u32,
    pub unchanged: u32,
    pub unmapped: u32,
    pub rejected: u32,
}

impl ImportCounts {
    pub(crate) fn count(&mut self, o: ImportOutcome) {
        match o {
            ImportOutcome::Added => self.added += 1,
            ImportOutcome::Updated => self.updated += 1,
            ImportOutcome::Unchanged => self.unchanged += 1,
            ImportOutcome::Unmapped => self.unmapped += 1,
            ImportOutcome::Rejected => self.rejected += 1,
        }
    }
}

/// Everything one import did.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    pub import_id: i64,
    pub source: SourceInfo,
    pub files: Vec<String>,
    pub counts: ImportCounts,
    pub items: Vec<ImportItem>,
    pub finished_at: DateTime<Utc>,
    /// What a cared-for person's limits kept private from this import (sealed to their key,
    /// never named in `items`); `None` when their limits hide nothing.
    #[serde(default)]
    pub kept_private: Option<KeptPrivate>,
}
phr_core::redacted_debug!(ImportReport { import_id, source, counts, items, finished_at, kept_private });

/// What an import kept private for a cared-for person, as much as the carer may know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum KeptPrivate {
    /// How many resources were sealed: the person lets their carer see the count.
    Counted(u32),
    /// The person does not let their carer see how many (or their limits could not be
    /// trusted): said whether or not anything was sealed, so the carer learns nothing.
    NotCounted,
}

/// What an import brought.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ImportKind {
    /// FHIR resources: a file or a GP practice's record.
    Record,
    /// A device file's readings.
    Readings,
}

impl ImportKind {
    /// The stored name: a format, never renamed.
    pub fn as_str(self) -> &'static str {
        match self {
            ImportKind::Record => "record",
            ImportKind::Readings => "readings",
        }
    }
}

/// A past import, without its items. For a readings import the counts are readings: `added`,
/// `unchanged` (already stored) and `rejected` (lines that could not be read).
#[derive(Clone, PartialEq, Eq)]
pub struct ImportRun {
    pub import_id: i64,
    pub kind: ImportKind,
    pub source: SourceInfo,
    pub files: Vec<String>,
    pub counts: ImportCounts,
    pub finished_at: DateTime<Utc>,
    /// When the import was undone as a whole, if it was.
    pub undone_at: Option<DateTime<Utc>>,
    /// A device file that named someone else, imported after the person said it was theirs.
    pub owner_overridden: bool,
}
phr_core::redacted_debug!(ImportRun { import_id, kind, source, counts, finished_at, undone_at, owner_overridden });

/// What undoing an import would do (or did): counts only.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UndoCounts {
    /// Entries the import first brought, which go.
    pub entries_removed: u32,
    /// Entries the import changed, which go back to what they were before it.
    pub entries_restored: u32,
    /// Readings the import added, which go (with any edited or deleted since).
    pub readings_removed: u32,
}

/// An entry as lists show it.
#[derive(Clone, PartialEq)]
pub struct EntryRow {
    pub id: i64,
    pub kind: EntryKind,
    pub title: String,
    /// The name people use, when the curated meanings (`phr_core::record::meanings`) know the
    /// entry's code and it differs from the title.
    pub plain_title: Option<String>,
    pub status: Option<String>,
    pub date: Option<String>,
    pub value_text: Option<String>,
    pub flag: Option<String>,
    pub abnormal: bool,
    pub sensitivity: Sensitivity,
    pub source_name: String,
}
phr_core::redacted_debug!(EntryRow { id, kind, flag, abnormal, sensitivity });

/// A stored attachment's description (the bytes are fetched separately).
#[derive(Clone, PartialEq, Eq)]
pub struct AttachmentInfo {
    pub id: i64,
    pub title: String,
    pub content_type: String,
    pub bytes: u64,
}
phr_core::redacted_debug!(AttachmentInfo { id, content_type, bytes });

/// One entry in full.
#[derive(Clone, PartialEq)]
pub struct EntryFull {
    pub row: EntryRow,
    pub codes: Vec<Coding>,
    pub value: Option<EntryValue>,
    pub components: Vec<Fact>,
    pub facts: Vec<Fact>,
    pub source: SourceInfo,
    pub imported_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub resource_type: String,
    /// "R4" or "STU3".
    pub fhir_version: String,
    /// The resource's text exactly as it arrived.
    pub raw: String,
    /// 1 plus the older versions kept.
    pub versions: u32,
    pub sensitivity_set_by_user: bool,
    pub related: Vec<EntryRow>,
    pub attachments: Vec<AttachmentInfo>,
}
phr_core::redacted_debug!(EntryFull { fhir_version, sensitivity_set_by_user });

/// The record at a glance.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordSummary {
    pub active_problems: Vec<EntryRow>,
    pub allergies: Vec<EntryRow>,
    pub recent_results: Vec<EntryRow>,
    pub immunisations: Vec<EntryRow>,
    /// Entries of the health story by kind (administrative and folded entries left out).
    pub counts: Vec<(EntryKind, u32)>,
    /// The health story's entries.
    pub total: u32,
    /// Administrative entries (`phr_core::record::place`), listed apart.
    pub administrative: u32,
    pub last_import: Option<ImportRun>,
}

/// What the record holds from one source: its health story's entries by kind, and the
/// administrative entries kept apart.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SourceHolds {
    pub counts: Vec<(EntryKind, u32)>,
    pub total: u32,
    pub administrative: u32,
}

/// Which places a timeline lists (`phr_core::record::place::Place`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PlaceFilter {
    /// The health story only: what every screen lists.
    #[default]
    Story,
    /// Only the administrative entries.
    Administrative,
    /// Every entry, folded ones too (the command line's `--all`).
    Every,
}

/// Which entries a timeline page shows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TimelineFilter {
    /// Empty means every kind.
    pub kinds: Vec<EntryKind>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub sensitivity: Option<Sensitivity>,
    pub abnormal_only: bool,
    /// The health story by default.
    pub places: PlaceFilter,
    /// The previous page's `next_cursor`.
    pub cursor: Option<String>,
    pub limit: u32,
}

/// One page of the timeline, newest first.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelinePage {
    pub entries: Vec<EntryRow>,
    pub next_cursor: Option<String>,
    pub total: u32,
    /// With `abnormal_only`: the results the other filters hold that cannot be checked (no
    /// interpretation, no range, no NHS or NICE level); `None` without that filter.
    pub unchecked: Option<u32>,
}

/// A search result.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    pub entry: EntryRow,
    /// The matching text in context, in pieces: the matches are the pieces marked as such.
    pub snippet: Vec<SnippetPart>,
}

/// A piece of a search snippet: text as stored, and whether it is a match. Pieces carry the
/// text itself, so a title holding `[` or `]` reads as it is.
#[derive(Clone, PartialEq, Eq)]
pub struct SnippetPart {
    pub text: String,
    pub is_match: bool,
}
phr_core::redacted_debug!(SnippetPart { is_match });

/// What an export wrote.
#[derive(Clone, PartialEq, Eq)]
pub struct RecordExport {
    pub path: std::path::PathBuf,
    pub resources: u32,
    pub bytes: u64,
}
// A path names the person's folders ("/home/jane.smith/…"): never in a log.
phr_core::redacted_debug!(RecordExport { resources, bytes });
