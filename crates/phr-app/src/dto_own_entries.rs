//! The person's own entries and their notes on entries, as the UI and `phr entry` see them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dto_ids::EntryId;
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
}
phr_core::redacted_debug!(OwnEntryForm { kind, status, medicine_type });

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
}
phr_core::redacted_debug!(OwnEntry { entry_id, kind, version });

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
}
phr_core::redacted_debug!(OwnEntryWords { name_max, short_max, text_max });
