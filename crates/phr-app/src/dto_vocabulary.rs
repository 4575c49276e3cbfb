//! Transport types for the words and limits the interface shows ([`Vocabulary`]), the dates
//! that follow from the backend's clock ([`Today`]), and the readings overview. The words
//! themselves live in `phr-core`; these types only carry them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dto_advice::{RangeBasis, Urgency};
use crate::dto_readings::{Reading, ReadingKind, ReadingKindInfo};
use crate::dto_record::{EntryKind, ImportStage, Sensitivity, SourceKind};
use crate::dto_share::ShareStatus;

/// A code and what people read for it ("final" -> "Complete", "mm[Hg]" -> "mmHg").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Word {
    pub code: String,
    pub text: String,
}

/// A record summary section's words: "medications" -> "Current medicines", and what it says
/// when it is empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SummarySectionWords {
    pub code: String,
    pub heading: String,
    pub none: String,
}

/// A record category's words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EntryKindWords {
    pub kind: EntryKind,
    /// One entry: "Medicine".
    pub one: String,
    /// The heading: "Medicines".
    pub many: String,
    /// "Only results outside the normal range" means something for this kind (results); the
    /// filter is offered only where it is set.
    pub range_filter: bool,
}

/// An urgency's words: the marker's label, what it asks, and the words a professional reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UrgencyWords {
    pub urgency: Urgency,
    /// "Urgent".
    pub label: String,
    /// "Act today."
    pub meaning: String,
    /// "Red flag: urgent" (where a reader sees no colour).
    pub flag_text: String,
    /// Anything but `none`.
    pub is_red_flag: bool,
}

/// The words of the "outside the normal range" filter and of what a result's range check
/// rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RangeWords {
    /// "Only results outside the normal range".
    pub filter_label: String,
    /// What the filter does, under its label.
    pub filter_hint: String,
    /// Each basis in a sentence, for the entry's page.
    pub bases: Vec<RangeBasisWords>,
}

/// What a range check rests on, in a sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RangeBasisWords {
    pub basis: RangeBasis,
    pub text: String,
}

/// A sensitivity label's words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SensitivityWords {
    pub label: Sensitivity,
    /// "Mental health".
    pub text: String,
    /// What choosing it does.
    pub hint: String,
    /// Inside a sentence: "mental health", "to discuss with my GP".
    pub in_sentence: String,
    /// The warning beside its box on the share form; `null` for general.
    pub share_warning: Option<String>,
}

/// A result flag's words: "h" is "High", "above the normal range".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FlagWord {
    pub code: String,
    pub word: String,
    pub meaning: String,
}

/// What a kind of source is called inside a sentence ("GP practice", "you").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SourceKindWords {
    pub kind: SourceKind,
    pub text: String,
}

/// What an import stage is doing, in a sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportStageWords {
    pub stage: ImportStage,
    pub text: String,
}

/// A share's status, in a word.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ShareStatusWords {
    pub status: ShareStatus,
    pub text: String,
}

/// The limits the forms show and the checks keep.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Limits {
    /// The longest name, in characters.
    pub name_max_chars: u32,
    /// `YYYY-MM-DD`: no date of birth before it.
    pub earliest_date_of_birth: String,
    /// The longest reason for sharing, in characters.
    pub purpose_max_chars: u32,
    /// How many months ahead a share may last.
    pub share_max_months: u32,
    pub ods_code_min_chars: u32,
    pub ods_code_max_chars: u32,
    pub auto_lock_min_minutes: u32,
    pub auto_lock_max_minutes: u32,
    /// The shortest new passphrase, in characters (the webview counts as the person types; the
    /// passphrase itself crosses to the backend only when submitted).
    pub passphrase_min_chars: u32,
}

/// A text size a person may choose: its percentage of normal and its words ("Large").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TextSizeWords {
    pub percent: u32,
    pub label: String,
}

/// Every user-facing word and limit the interface shows, from the one place each lives.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Vocabulary {
    /// The words of staying connected to the GP practice.
    pub gp_connection: crate::dto_gp::GpConnectionWords,
    /// Record categories, in the order the app lists them.
    pub entry_kinds: Vec<EntryKindWords>,
    /// Sensitivity labels, general first, then the sensitive ones in the order forms offer them.
    pub sensitivities: Vec<SensitivityWords>,
    /// FHIR status codes (lower-case) in plain English.
    pub statuses: Vec<Word>,
    /// Result flags by interpretation code (lower-case).
    pub flags: Vec<FlagWord>,
    /// A result's own words ("positive", lower-case) and what they mean.
    pub result_words: Vec<Word>,
    /// What any other flag starting "critical" means.
    pub critical_meaning: String,
    /// What any other flag on a result marked abnormal means.
    pub abnormal_meaning: String,
    /// Red-flag urgencies, most urgent first.
    pub urgencies: Vec<UrgencyWords>,
    /// The "outside the normal range" filter and range checks.
    pub range: RangeWords,
    /// Code systems by the name the app gives them ("SNOMED CT") and what each is.
    pub code_systems: Vec<Word>,
    /// The record summary's sections, in the order they are shown.
    pub summary_sections: Vec<SummarySectionWords>,
    /// What the summary says when an entry records no known allergies.
    pub no_known_allergies: String,
    /// The record's words for what is kept apart from the health story, and the import outcome.
    pub record_words: RecordWords,
    /// Where entries came from, by kind of source.
    pub sources: Vec<SourceKindWords>,
    pub import_stages: Vec<ImportStageWords>,
    pub share_statuses: Vec<ShareStatusWords>,
    /// Reading kinds with their fields, in the order the app offers them.
    pub reading_kinds: Vec<ReadingKindInfo>,
    /// UCUM units and how people read them.
    pub units: Vec<Word>,
    /// Where a reading was taken ("atGp" -> "at the GP"), as lists and charts mark it.
    pub reading_origins: Vec<Word>,
    /// The readings filter by source ("home" -> "Taken at home"), in the order offered.
    pub reading_source_filters: Vec<Word>,
    /// The ready-made answers to "until when?" ("1m" -> "1 month"); [`Today`] has their days.
    pub expiry_presets: Vec<Word>,
    /// The text sizes a person may choose, smallest (normal) first: Settings offers them and
    /// Ctrl + and Ctrl − step through them.
    pub text_sizes: Vec<TextSizeWords>,
    /// Saving a printable PDF (the summary, the blood pressure week, the recovery key).
    pub pdf: PdfWords,
    /// The reading form's own words (adding or changing a reading).
    pub reading_form: ReadingFormWords,
    /// A person's role: "Me" or someone cared for, relationships, what gives the right, with hints.
    pub people: crate::dto_person::PersonWords,
    /// Handing a record over to its person, and receiving one.
    pub handover: crate::handover::HandoverWords,
    /// The person's own entries: kinds, their fields' words, medicine types, statuses, limits.
    pub own_entries: crate::dto_own_entries::OwnEntryWords,
    /// The own-entry form's labels for the fields besides the name and the date, by kind.
    pub own_entry_fields: Vec<OwnEntryFieldWords>,
    /// "What matters to me": its parts' headings, relationships, communication needs, limits.
    pub about_me: crate::dto_about_me::AboutMeWords,
    /// The share form's "What matters to me" tick.
    pub share_what_matters: crate::dto_share::ShareWhatMattersWords,
    /// The share form's International Patient Summary tick.
    pub share_ips: crate::dto_share::ShareIpsWords,
    /// The reminders' screens: kinds, headings, the notification setting, limits.
    pub reminders: crate::dto_reminders::ReminderWords,
    pub limits: Limits,
}

/// One field of the own-entry form for one kind: its label and an example to help.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OwnEntryFieldWords {
    pub kind: crate::dto_own_entries::OwnEntryKind,
    pub field: crate::ErrorField,
    pub label: String,
    pub hint: Option<String>,
}

/// The reading form's words that are not a kind's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReadingFormWords {
    /// The first choice of an optional list (arm, position, when it was taken): nothing chosen.
    pub no_choice: String,
    /// Shown above the form when what the person had typed was kept across an auto-lock.
    pub kept_typing: String,
}

/// The words around saving a printable PDF and opening it to print.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PdfWords {
    /// "Save as PDF": the button.
    pub save: String,
    /// Shown while it saves.
    pub saving: String,
    /// "Saved as": before the file's name.
    pub saved_as: String,
    /// "Open the PDF to print": the button after saving.
    pub open: String,
    /// That a saved PDF of the record is not encrypted.
    pub not_encrypted: String,
    /// What to do with the recovery key's PDF once it is printed.
    pub recovery_key_after: String,
}

/// Words of the record screens that are not a category's or a status's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RecordWords {
    /// "Administrative information": the heading of billing, insurance, staff and places.
    pub administrative: String,
    /// What that heading holds, under it.
    pub administrative_hint: String,
    /// "Details for a professional": the import's technical report.
    pub details_for_professional: String,
    /// "View your summary": the primary action after an import.
    pub view_summary: String,
    /// What to do next when importing files failed.
    pub file_import_failed: String,
    /// What to do next when importing from a GP practice failed.
    pub gp_import_failed: String,
}

/// A ready-made expiry resolved against today: "1 month" is the last day `2026-12-23`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExpiryChoice {
    /// "1m".
    pub preset: String,
    /// "1 month".
    pub label: String,
    /// `YYYY-MM-DD`.
    pub last_day: String,
}

/// Today by the backend's clock, and the dates that follow from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Today {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Each ready-made expiry with its last day.
    pub expiry_choices: Vec<ExpiryChoice>,
    /// `YYYY-MM-DD`: the latest last day a share may have.
    pub latest_last_day: String,
    /// `YYYY-MM-DD`: the first day of the readings a new share offers.
    pub share_readings_from: String,
}

/// How many readings of one kind a person has, and the newest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReadingKindOverview {
    pub kind: ReadingKind,
    #[ts(type = "number")]
    pub count: u64,
    pub latest: Option<Reading>,
}
