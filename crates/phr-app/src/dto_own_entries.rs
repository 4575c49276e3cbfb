//! The person's own entries and their notes on entries, as the UI and `phr entry` see them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dto_ids::{AttachmentId, EntryId, FileHandle};
use crate::dto_record::EntrySummary;
use crate::mirror::mirror_enum;

mirror_enum! {
    /// What kind of entry the person adds.
    #[serde(rename_all = "camelCase")]
    pub enum OwnEntryKind mirrors phr_core::record::own_entry::OwnKind {
        Condition,
        Medicine,
        Allergy,
        Vaccination,
        Procedure,
        Note,
        Document,
        OrganDonation,
        AdvanceDecision,
        Respect,
        PowerOfAttorney,
    }
}

mirror_enum! {
    /// An organ donation decision.
    #[serde(rename_all = "camelCase")]
    pub enum DonationDecision mirrors phr_core::record::own_document::DonationDecision {
        OptIn,
        OptOut,
        NotDecided,
    }
}

mirror_enum! {
    /// Whether a condition is still there (a medicine still taken), or in the past.
    #[serde(rename_all = "camelCase")]
    pub enum OwnEntryStatus mirrors phr_core::record::own_entry::OwnStatus {
        Current,
        Past,
    }
}

mirror_enum! {
    /// Where a medicine the person takes comes from.
    #[serde(rename_all = "camelCase")]
    pub enum MedicineType mirrors phr_core::record::own_entry::MedicineType {
        OverTheCounter,
        Supplement,
        PrescribedElsewhere,
    }
}

/// What the person fills in (and what an edit form starts from). Which fields a kind uses:
/// every kind `name` and `date`; a condition and a medicine `status`; a medicine `dose`,
/// `howOften`, `reason` and `medicineType`; an allergy `reaction`; a vaccination `country`
/// (when given abroad); a procedure `reason`; a note `text` (a comment for the others).
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OwnEntryForm {
    pub kind: Option<OwnEntryKind>,
    pub name: String,
    /// `YYYY-MM-DD`: when it started, since when, when given or done.
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub status: Option<OwnEntryStatus>,
    #[serde(default)]
    pub dose: Option<String>,
    #[serde(default)]
    pub how_often: Option<String>,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub medicine_type: Option<MedicineType>,
    #[serde(default)]
    pub reaction: Option<String>,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub text: Option<String>,
    /// A document's or decision's file: the handle of the file chosen in the Open dialog
    /// (`chooseAttachmentFile`). On a change, none keeps the file already kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub file: Option<FileHandle>,
    /// An organ donation decision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub decision: Option<DonationDecision>,
    /// Whether the organ donation decision is registered on the NHS Organ Donor Register.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub registered: Option<bool>,
    /// The own entry a document is about (a letter about a condition).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub about: Option<EntryId>,
}
phr_core::redacted_debug!(OwnEntryForm { kind, status, medicine_type, decision, registered });

/// A file kept in the record with a document or decision.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KeptFile {
    /// The stored attachment, to show (a photo) or save a copy of.
    pub attachment_id: Option<AttachmentId>,
    /// The file's name as it was chosen ("letter.pdf").
    pub file_name: String,
    /// "a PDF", "a photo (JPEG)".
    pub type_text: String,
    /// "2.3 MB".
    pub size_text: String,
    /// A photo the page can show.
    pub is_image: bool,
}
phr_core::redacted_debug!(KeptFile { attachment_id, is_image });

/// A page outside the app about something in the record, opened through `openMeaningPage`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PageLink {
    pub url: String,
    pub text: String,
}
phr_core::redacted_debug!(PageLink { url });

/// One of the person's own entries.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OwnEntry {
    pub entry_id: EntryId,
    pub kind: OwnEntryKind,
    /// "A medicine".
    pub kind_text: String,
    /// The values to start an edit form with.
    pub form: OwnEntryForm,
    /// "Added by you", "Added by Sarah (carer)".
    pub added_by: String,
    /// 1, and one more at each edit (the earlier versions are kept).
    pub version: u32,
    /// RFC 3339.
    pub added_at: String,
    /// RFC 3339.
    pub updated_at: String,
    /// A document's or decision's kept file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub file: Option<KeptFile>,
    /// Where to read more about a decision (the NHS Organ Donor Register, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub page: Option<PageLink>,
    /// A decision that is not the latest of its kind in the record, said so: "A newer ReSPECT
    /// form is in this record: this one may no longer apply."
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub replaced: Option<String>,
    /// An organ donation decision in a sentence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub statement: Option<String>,
}
phr_core::redacted_debug!(OwnEntry { entry_id, kind, version });

/// One decision the person has made (organ donation, an advance decision to refuse
/// treatment, a ReSPECT form, a lasting power of attorney for health and welfare).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DecisionItem {
    pub entry_id: EntryId,
    pub kind: OwnEntryKind,
    /// "ReSPECT form".
    pub kind_text: String,
    /// The title the person gave it, or the kind's name.
    pub title: String,
    /// `YYYY-MM-DD`: when it was made, signed or completed.
    pub date: Option<String>,
    /// The date in words ("15 March 2024").
    pub date_text: Option<String>,
    /// An organ donation decision in a sentence.
    pub statement: Option<String>,
    pub file: Option<KeptFile>,
    /// The newest of its kind in the record; an older one is never shown as current.
    pub latest: bool,
    /// What to say of one that is not the latest.
    pub replaced: Option<String>,
    pub page: Option<PageLink>,
    /// "Added by you", "Added by Sarah (carer)".
    pub added_by: String,
}
phr_core::redacted_debug!(DecisionItem { entry_id, kind, latest });

/// The decisions a person has made, each kind's latest first.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Decisions {
    pub items: Vec<DecisionItem>,
}
phr_core::redacted_debug!(Decisions);

/// A photo kept in the record, to show on its entry's page.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AttachmentImage {
    /// `data:image/jpeg;base64,...` (its type read from the bytes, not the name).
    pub data_url: String,
    /// The file's name, for the image's text alternative.
    pub file_name: String,
}
phr_core::redacted_debug!(AttachmentImage);

/// What adding, changing or putting back an own entry did.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OwnEntrySaved {
    /// The entry as stored; `None` when the person's own limits keep it private from their
    /// carer (it went to their private part, where only they can see it).
    pub entry: Option<OwnEntry>,
    /// "Saved." or what happened, in a sentence.
    pub message: String,
}
phr_core::redacted_debug!(OwnEntrySaved { entry });

/// An own entry deleted, with the token that puts it back.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OwnEntryDeleted {
    /// Give it to `restoreOwnEntry` to put the entry back.
    pub undo_token: String,
    /// "Medicine deleted."
    pub message: String,
}
phr_core::redacted_debug!(OwnEntryDeleted { undo_token });

/// The person's own note on an entry (a GP's included) and whether they hid it from their timeline.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EntryNote {
    pub entry_id: EntryId,
    pub note: Option<String>,
    /// RFC 3339: when the note was written.
    pub note_at: Option<String>,
    pub hidden: bool,
    /// What happened, in a sentence ("Hidden from your timeline. It is still in your record and in exports.").
    pub message: String,
}
phr_core::redacted_debug!(EntryNote { entry_id, hidden });

/// The entries the person hid from their timeline.
#[derive(Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HiddenEntries {
    pub entries: Vec<EntrySummary>,
}
phr_core::redacted_debug!(HiddenEntries);

/// One kind of own entry as the add form words it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OwnEntryKindWords {
    pub kind: OwnEntryKind,
    /// "A medicine": the choice and the heading.
    pub label: String,
    /// "Medicine": to start a sentence.
    pub noun: String,
    /// What the name field is called ("What you are allergic to").
    pub name_label: String,
    /// What the date field is called ("Taking it since").
    pub date_label: String,
    /// The fields this kind uses besides `name` and `date`, in the order to show them.
    pub fields: Vec<crate::ErrorField>,
    /// Whether the date must be given (a decision's).
    pub date_required: bool,
}
phr_core::redacted_debug!(OwnEntryKindWords { kind, fields });

/// The words and limits of the person's own entries and notes.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OwnEntryWords {
    pub kinds: Vec<OwnEntryKindWords>,
    /// Where a medicine comes from, in the order offered.
    pub medicine_types: Vec<crate::dto_vocabulary::Word>,
    /// "Still have it" / "In the past", by status code.
    pub statuses: Vec<crate::dto_vocabulary::Word>,
    /// The longest name, short field and note, in characters.
    pub name_max: u32,
    pub short_max: u32,
    pub text_max: u32,
    /// The organ donation choices, by code.
    pub donation_decisions: Vec<crate::dto_vocabulary::Word>,
    /// The largest file kept, in words ("20 MB").
    pub file_max_text: String,
    /// What to say before a copy of a kept file is saved out of the record.
    pub save_copy_warning: String,
}
phr_core::redacted_debug!(OwnEntryWords { name_max, short_max, text_max });
