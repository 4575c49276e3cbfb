//! Transport types for the clinical record: entries, the summary, timeline pages, search hits,
//! import reports and progress. They derive ts-rs; the UI's bindings are generated from them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dto_advice::{Advice, RangeBasis, RangeCheck};
use crate::dto_ids::{AttachmentId, EntryId, ImportId};
use crate::mirror::mirror_enum;

mirror_enum! {
    /// What a record entry is, as the citizen browses it: one category per kind.
    #[serde(rename_all = "camelCase")]
    pub enum EntryKind mirrors phr_core::record::EntryKind {
        Problem,
        Medication,
        Allergy,
        Immunisation,
        Result,
        Report,
        Procedure,
        Encounter,
        Document,
        Referral,
        CarePlan,
        Goal,
        Patient,
        Other,
    }
}

mirror_enum! {
    /// Who may want to see an entry: the label drives what is hidden when the record is shown to
    /// someone else. `HeldBack` is only ever the citizen's own choice.
    #[serde(rename_all = "camelCase")]
    pub enum Sensitivity mirrors phr_core::record::Sensitivity {
        General,
        MentalHealth,
        SexualHealth,
        SocialCare,
        HeldBack,
    }
}

/// A file written by an export (the whole record, or readings alone).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportInfo {
    pub path: String,
    /// How many FHIR resources the file holds.
    pub resources: u32,
    #[ts(type = "number")]
    pub bytes: u64,
}
// A path names the person's folders ("/home/jane.smith/…"): never in a log.
phr_core::redacted_debug!(ExportInfo { resources, bytes });

/// Who a record's entries came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SourceKind {
    Gp,
    File,
    SelfEntered,
    Carer,
}

/// A source: the GP practice (name, ODS code, service address) or "files you imported".
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Source {
    pub kind: SourceKind,
    pub name: String,
    pub ods_code: Option<String>,
    pub url: Option<String>,
}
phr_core::redacted_debug!(Source { kind });

/// One entry as lists show it.
#[derive(Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EntrySummary {
    pub id: EntryId,
    pub kind: EntryKind,
    pub title: String,
    /// The name people use ("Blood sugar"), when the curated meanings know the entry's code
    /// and it differs from the title: lists show it first, with the title beneath.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub plain_title: Option<String>,
    pub status: Option<String>,
    /// The FHIR date or dateTime as given (`2019-03-01`, `2019-03-01T10:00:00+00:00`).
    pub date: Option<String>,
    pub value_text: Option<String>,
    /// "High", "Low", "Abnormal".
    pub flag: Option<String>,
    /// Outside its normal range (`rangeCheck` is `outside`).
    pub abnormal: bool,
    pub sensitivity: Sensitivity,
    pub source_name: String,
    /// A result: how it compares with its normal range (`cannotCheck` when it has no range and
    /// no NHS or NICE level applies); absent for other entries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub range_check: Option<RangeCheck>,
    /// A result that is a kind of reading (a GP's blood pressure, oxygen level...): the red-flag
    /// advice it meets, judged as a reading taken now would be, with a note of its date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub advice: Option<Advice>,
    /// An entry the person (or their carer) added themselves: "Added by you", "Added by
    /// Sarah (carer)", so it is never taken for one the GP recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub added_by: Option<String>,
}
phr_core::redacted_debug!(EntrySummary { id, kind, flag, abnormal, sensitivity });

/// A code with its system in words ("SNOMED CT", "dm+d", "LOINC", "Read v2", else the URI).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Code {
    pub system: String,
    pub code: String,
    pub display: Option<String>,
}
phr_core::redacted_debug!(Code { system });

/// A result's value with its range ("3.5 to 5.0 mmol/L") and flag.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EntryValue {
    pub text: String,
    pub range_text: Option<String>,
    pub flag: Option<String>,
    pub abnormal: bool,
    /// How it compares with its normal range; absent when it was not judged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub range_check: Option<RangeCheck>,
    /// What the range check rests on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub range_basis: Option<RangeBasis>,
    /// That basis in a sentence ("This result came without a normal range, so it is compared
    /// with the levels the NHS and NICE use.").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub range_note: Option<String>,
    /// The red-flag advice, for a result that is a kind of reading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub advice: Option<Advice>,
}
phr_core::redacted_debug!(EntryValue { flag, abnormal });

/// A labelled line of detail ("Dose": "1 tablet twice a day").
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Fact {
    pub label: String,
    pub text: String,
}
phr_core::redacted_debug!(Fact);

/// A document or image stored with an entry (inside the encrypted database).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Attachment {
    pub id: AttachmentId,
    pub title: String,
    pub content_type: String,
    #[ts(type = "number")]
    pub bytes: u64,
}
phr_core::redacted_debug!(Attachment { id, content_type, bytes });

/// One entry in full.
#[derive(Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EntryDetail {
    pub entry: EntrySummary,
    pub codes: Vec<Code>,
    pub value: Option<EntryValue>,
    /// A panel's parts (blood pressure's systolic and diastolic).
    pub components: Vec<Fact>,
    pub facts: Vec<Fact>,
    pub source: Source,
    /// RFC 3339.
    pub imported_at: String,
    /// RFC 3339.
    pub updated_at: String,
    pub resource_type: String,
    /// "R4" or "STU3".
    pub fhir_version: String,
    /// The resource as it arrived, pretty-printed.
    pub raw_json: String,
    /// 1 plus the older versions kept.
    pub versions: u32,
    pub sensitivity_set_by_user: bool,
    pub related: Vec<EntrySummary>,
    pub attachments: Vec<Attachment>,
    /// The name people use ("Pain score"), when the curated meanings know the entry's code
    /// and it differs from the title: shown first, with the coded name and code beneath.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub plain_title: Option<String>,
    /// The title as the record codes it ("Pain severity - 0-10 verbal numeric rating [Score] -
    /// Reported"), beneath the plain name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub coded_title: Option<String>,
    /// The code the plain name and meaning come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub code: Option<Code>,
    /// What it means, in one line ("How bad your pain was, from 0 (no pain) to 10.").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub meaning: Option<String>,
    /// A page about it on the NHS website (opened by the system browser, never fetched).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub nhs_url: Option<String>,
    /// The person's own note on this entry, kept beside it (the entry itself is unchanged).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub your_note: Option<String>,
    /// The person hid it from their timeline (it is still in the record and in exports).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub hidden_from_timeline: Option<bool>,
}
phr_core::redacted_debug!(EntryDetail { fhir_version, sensitivity_set_by_user });

/// How many entries of one kind the record holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KindCount {
    pub kind: EntryKind,
    pub count: u32,
}

/// The record at a glance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RecordSummary {
    pub active_problems: Vec<EntrySummary>,
    /// The medicines, each once: the current ones, or what was issued last when none is.
    pub medicines: crate::dto_medicines::MedicinesSummary,
    /// Allergies recorded; entries that record there are none are in `no_known_allergies`.
    pub allergies: Vec<EntrySummary>,
    /// Allergy entries that record there are none ("No known allergies", "NKDA").
    pub no_known_allergies: Vec<EntrySummary>,
    /// The latest 10.
    pub recent_results: Vec<EntrySummary>,
    pub immunisations: Vec<EntrySummary>,
    /// The health story's entries by kind: administrative entries and results that say
    /// nothing on their own are left out.
    pub counts: Vec<KindCount>,
    pub total: u32,
    /// Administrative entries (billing, insurance, staff and places), listed apart under
    /// `vocabulary().administrative`.
    pub administrative: u32,
    pub last_import: Option<ImportRun>,
}

/// What part of the timeline to show.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TimelineQuery {
    /// Empty means every kind.
    #[serde(default)]
    pub kinds: Vec<EntryKind>,
    /// `YYYY-MM-DD`, inclusive.
    pub from: Option<String>,
    /// `YYYY-MM-DD`, inclusive.
    pub to: Option<String>,
    pub sensitivity: Option<Sensitivity>,
    #[serde(default)]
    pub abnormal_only: bool,
    /// Which entries: the health story when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub show: Option<TimelineShow>,
    /// From the previous page's `nextCursor`.
    pub cursor: Option<String>,
    /// Default 50, at most 200.
    pub limit: Option<u32>,
}

/// Which of the record's entries a timeline lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum TimelineShow {
    /// The health story: what every screen lists.
    #[default]
    Story,
    /// Only the administrative entries (billing, insurance, staff and places), which the
    /// story leaves out.
    Administrative,
    /// Every entry, results folded into their report too (the command line's `--all`).
    Everything,
}

/// One page of the timeline, newest first.
#[derive(Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TimelinePage {
    pub entries: Vec<EntrySummary>,
    /// Absent on the last page.
    pub next_cursor: Option<String>,
    /// Entries matching the filters, over all pages.
    pub total: u32,
    /// With `abnormalOnly`: how many results the other filters hold that cannot be checked
    /// (no range of their own, no NHS or NICE level); absent without that filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub unchecked: Option<u32>,
    /// That count in a sentence, to show with the list: "12 results have no range and cannot
    /// be checked."; absent when there are none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub unchecked_text: Option<String>,
}
phr_core::redacted_debug!(TimelinePage { next_cursor, total, unchecked });

/// A search result with the matching words in context.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SearchHit {
    pub entry: EntrySummary,
    /// The matching text in context, in pieces; joined they read as the record has it.
    pub snippet: Vec<SnippetPart>,
}

/// What to tell the person beside a search's results: which lay words were understood and
/// what they were searched as, and the record's nearest words when the search found nothing.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SearchHelp {
    /// "Also searched for influenza, influenza vaccin… (flu jab)" for each lay phrase in the
    /// search; empty when there was none.
    pub understood: Vec<String>,
    /// Searches to offer instead, best first ("hypertension" for "hypertention"); empty unless
    /// the search found nothing.
    pub suggestions: Vec<String>,
    /// The words to show above the suggestions ("Did you mean:"), or to show when nothing is
    /// found and there is nothing to suggest.
    pub heading: String,
}
// The suggestions are the record's own words, and the lay phrases what the person typed.
phr_core::redacted_debug!(SearchHelp);

/// A piece of a search snippet: a match (drawn highlighted) or the text around one. The
/// text is the record's own, so brackets or any other character in a title show as they are.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SnippetPart {
    pub text: String,
    #[serde(rename = "match")]
    pub is_match: bool,
}
phr_core::redacted_debug!(SnippetPart { is_match });

/// What happened to one resource in an import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ImportOutcome {
    Added,
    Updated,
    Unchanged,
    /// Kept as it arrived, shown as an "other" entry.
    Unmapped,
    Rejected,
}

/// One line of an import report.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportItem {
    pub file: String,
    /// Its place in the file: `entry[12]`.
    pub location: String,
    pub resource_type: String,
    pub resource_id: Option<String>,
    pub outcome: ImportOutcome,
    pub reason: Option<String>,
    pub entry_id: Option<EntryId>,
}
phr_core::redacted_debug!(ImportItem { location, resource_type, outcome, entry_id });

/// Everything an import did.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    pub import_id: ImportId,
    pub source: Source,
    pub files: Vec<String>,
    pub added: u32,
    pub updated: u32,
    pub unchanged: u32,
    pub unmapped: u32,
    pub rejected: u32,
    pub items: Vec<ImportItem>,
    /// RFC 3339.
    pub finished_at: String,
    /// What the person reads first.
    pub outcome: ImportOutcomeWords,
    /// The items for a professional, grouped by what happened and why.
    pub groups: Vec<ImportGroup>,
}

/// An import's outcome in plain words (`phr_core::record::import_words`).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportOutcomeWords {
    /// "Your record from Demo Practice is ready".
    pub heading: String,
    /// "Your record from Demo Practice is ready: 128 entries, including 4 conditions, ...".
    pub summary: String,
    /// What was kept apart as administrative information, when any.
    pub kept_apart: Option<String>,
    /// What to do when parts could not be read.
    pub next_step: Option<String>,
    /// What was kept private for the person cared for, never naming it ("3 entries were kept
    /// private for Karena: only Karena can see them."), when their limits hide anything.
    pub kept_private: Option<String>,
    /// What staying connected to the GP practice came to, after an import from it where the
    /// person asked to stay connected ("The app stays connected to Demo Practice…").
    pub connection: Option<String>,
}
phr_core::redacted_debug!(ImportOutcomeWords);

/// Items of an import report with the same outcome and reason.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportGroup {
    pub outcome: ImportOutcome,
    /// The outcome in words ("Not imported").
    pub outcome_text: String,
    /// Why, in words.
    pub reason: String,
    pub count: u32,
    /// The resource types with how many of each, most first ("Claim (338), Coverage (195)").
    pub types: String,
    /// For parts not imported: where each is ("patient.json, entry[6]"), at most 20.
    pub places: Vec<String>,
}
phr_core::redacted_debug!(ImportGroup { outcome, count });
phr_core::redacted_debug!(ImportReport {
    import_id,
    source,
    added,
    updated,
    unchanged,
    unmapped,
    rejected,
    items,
    finished_at
});

/// What an import brought.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ImportKind {
    /// FHIR: files, or the record from a GP practice.
    Record,
    /// A device file's readings.
    Readings,
}

/// A past import, for the history list. For a readings import the counts are readings:
/// `added`, `unchanged` (already in the record) and `rejected` (lines that could not be read).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportRun {
    pub import_id: ImportId,
    pub kind: ImportKind,
    /// A readings import's source is the kind of file ("Dexcom CLARITY export").
    pub source: Source,
    /// The files' names (none for GP imports and device files imported before the history).
    pub files: Vec<String>,
    /// RFC 3339.
    pub finished_at: String,
    pub added: u32,
    pub updated: u32,
    pub unchanged: u32,
    pub unmapped: u32,
    pub rejected: u32,
    /// RFC 3339: when it was undone as a whole, if it was.
    pub undone_at: Option<String>,
    /// A device file that named someone else, imported after the person confirmed it was theirs.
    pub owner_overridden: bool,
}
phr_core::redacted_debug!(ImportRun {
    import_id,
    kind,
    source,
    finished_at,
    added,
    updated,
    unchanged,
    unmapped,
    rejected,
    undone_at,
    owner_overridden
});

/// What undoing an import will do (before: the confirmation's numbers) or did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportUndo {
    pub import: ImportRun,
    /// Entries the import first brought: they go.
    pub entries_removed: u32,
    /// Entries the import changed: they go back to what they were before it.
    pub entries_restored: u32,
    /// Readings the import added: they go (with any edited or deleted since).
    pub readings_removed: u32,
}

/// Where a GP import has got to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ImportStage {
    Discovering,
    SigningIn,
    Fetching,
    Reading,
    Storing,
    Done,
}

/// A progress event during a GP import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportProgress {
    pub stage: ImportStage,
    pub done: u32,
    pub total: Option<u32>,
    pub message: String,
}

/// A practice the app can connect to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GpPractice {
    pub name: String,
    pub url: String,
    pub sandbox: bool,
    pub note: Option<String>,
}

/// One made-up patient of the demo practice, as the Connect screen offers them to a new user.
/// Made up, but shaped like a person's details: `Debug` leaves them out all the same.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DemoPatient {
    /// Given name(s) then family name.
    pub name: String,
    /// `YYYY-MM-DD`, as the add-person form takes it.
    pub date_of_birth: String,
    /// The date of birth in en-GB words: "17 Feb 1931".
    pub date_of_birth_text: String,
    /// Ten digits grouped 3 3 4, as on NHS letters.
    pub nhs_number: String,
    /// The words that say this is not a real person.
    pub marker: String,
}

/// A practice found in the practice directory.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PracticeListing {
    /// The practice's ODS code (for a professional; the screen keeps it in details).
    pub ods_code: String,
    pub name: String,
    pub postcode: String,
    /// The address of its online record service, when the directory knows it. The NHS ODS
    /// file has none, so a practice from it has `None` and the person is asked for it.
    pub url: Option<String>,
    /// A made-up entry of the shipped sample, not a real practice.
    pub example: bool,
    /// The OAuth client id the practice registered this app under, when the directory
    /// knows it: signing in uses it instead of registering (RFC 7591). Not for the screens.
    #[serde(skip)]
    #[ts(skip)]
    pub client_id: Option<String>,
}

/// What a practice search found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PracticeSearch {
    pub practices: Vec<PracticeListing>,
    /// A sentence for the person when nothing matched (or the query was empty).
    pub message: Option<String>,
}

phr_core::redacted_debug!(DemoPatient);
phr_core::redacted_debug!(PracticeListing { ods_code, example });

// --- the International Patient Summary: the question asked before an IPS about someone the
// app cannot match to the person is imported ---

/// What the person is asked before an IPS is imported whose subject the app cannot match to
/// them: only what each document says of its subject, and why it did not match. Nothing of the
/// person's own details is in it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportSubjectQuestion {
    /// "Check who this summary is about".
    pub heading: String,
    /// "Add it only if it is about the person whose record this is."
    pub question: String,
    pub documents: Vec<DocumentSubjectView>,
}
phr_core::redacted_debug!(ImportSubjectQuestion);

/// One document's subject, as the document says.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DocumentSubjectView {
    /// The file's name.
    pub file: String,
    /// Who sent it (its custodian or author), when it says.
    pub sender: Option<String>,
    pub names: Vec<String>,
    /// In en-GB words ("1 May 1972"), or as written when it is only part of a date.
    pub birth_date: Option<String>,
    pub identifiers: Vec<SubjectIdentifierView>,
    /// Why the app could not match it: "The date of birth in it is not the one in this record."
    pub reasons: Vec<String>,
}
phr_core::redacted_debug!(DocumentSubjectView);

/// One identifier the document gives its subject.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SubjectIdentifierView {
    pub label: String,
    pub value: String,
}
phr_core::redacted_debug!(SubjectIdentifierView);
