//! "What matters to me" as the UI and `phr about-me` see it: the things that matter most,
//! contacts, the GP practice and communication needs; the form is the same shape, so a screen
//! edits what it was given and sends it back.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dto::AppError;
use crate::dto_ids::EntryId;
use crate::dto_own_entries::OwnEntryKind;
use crate::mirror::mirror_enum;

mirror_enum! {
    /// Who a contact is to the person.
    #[serde(rename_all = "camelCase")]
    pub enum ContactRelationship mirrors phr_core::record::about_me::Relationship {
        Spouse,
        Partner,
        Parent,
        Child,
        Sibling,
        Grandparent,
        Grandchild,
        OtherFamily,
        Friend,
        Neighbour,
        Other,
    }
}

mirror_enum! {
    /// A communication need, as the Accessible Information Standard names them.
    #[serde(rename_all = "camelCase")]
    pub enum CommunicationNeedKind mirrors phr_core::record::about_me::NeedKind {
        LargePrint,
        EasyRead,
        Braille,
        Audio,
        Electronic,
        Interpreter,
        BslInterpreter,
        Lipspeaker,
        DeafblindInterpreter,
        HearingLoop,
        Advocate,
        ContactByText,
        ContactByEmail,
        Other,
    }
}

mirror_enum! {
    /// Which part of "What matters to me" a problem is in.
    #[serde(rename_all = "camelCase")]
    pub enum AboutMePart mirrors phr_core::record::about_me::AboutPart {
        WhatMatters,
        Contact,
        GpPractice,
        CommunicationNeed,
    }
}

/// One thing that matters most. `id` is absent for a new one.
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WhatMattersItem {
    #[serde(default)]
    pub id: Option<EntryId>,
    pub text: String,
}
phr_core::redacted_debug!(WhatMattersItem { id });

/// A next of kin, carer or emergency contact. `id` is absent for a new one; `relationshipText`
/// and `roles` are the backend's words, ignored when sent back.
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ContactItem {
    #[serde(default)]
    pub id: Option<EntryId>,
    pub name: String,
    pub relationship: Option<ContactRelationship>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub next_of_kin: bool,
    #[serde(default)]
    pub carer: bool,
    #[serde(default)]
    pub emergency: bool,
    #[serde(default)]
    pub note: Option<String>,
    /// "Son or daughter".
    #[serde(default)]
    pub relationship_text: String,
    /// "Next of kin", "Carer", "Emergency contact".
    #[serde(default)]
    pub roles: Vec<String>,
}
phr_core::redacted_debug!(ContactItem { id, relationship, next_of_kin, carer, emergency });

/// The GP practice. `fromGpRecord` is true for the practice the GP record came from, shown
/// when the person has not named one (it has no `id`: saving it stores it as theirs).
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PracticeItem {
    #[serde(default)]
    pub id: Option<EntryId>,
    pub name: String,
    #[serde(default)]
    pub ods_code: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub from_gp_record: bool,
}
phr_core::redacted_debug!(PracticeItem { id, from_gp_record });

/// A communication need. `text` is the backend's words ("A spoken language interpreter:
/// Polish"), ignored when sent back.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NeedItem {
    #[serde(default)]
    pub id: Option<EntryId>,
    pub kind: CommunicationNeedKind,
    /// The language for an interpreter; what is needed for "something else".
    #[serde(default)]
    pub detail: Option<String>,
    #[serde(default)]
    pub text: String,
}
phr_core::redacted_debug!(NeedItem { id, kind });

/// "What matters to me", whole: what a screen shows and sends back to save.
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AboutMe {
    /// Up to three, most important first.
    #[serde(default)]
    pub what_matters: Vec<WhatMattersItem>,
    #[serde(default)]
    pub contacts: Vec<ContactItem>,
    #[serde(default)]
    pub gp_practice: Option<PracticeItem>,
    #[serde(default)]
    pub needs: Vec<NeedItem>,
    /// RFC 3339: the newest change, for "as recorded on"; absent when nothing is recorded.
    #[serde(default)]
    pub updated_at: Option<String>,
    /// "Added by you", "Added by Sarah (carer)": who made the newest change.
    #[serde(default)]
    pub updated_by: Option<String>,
}
phr_core::redacted_debug!(AboutMe);

/// A problem with the form: the error (its field) and which item of its part it is in.
#[derive(Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AboutMeProblem {
    pub error: AppError,
    pub part: AboutMePart,
    /// The item's place in its list (from 0); absent for the list as a whole or the practice.
    pub index: Option<u32>,
}
phr_core::redacted_debug!(AboutMeProblem { part, index });

/// What saving did: the record's "What matters to me" now, a sentence, and the token that
/// puts back what was removed (absent when nothing was).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AboutMeSaved {
    pub about_me: AboutMe,
    pub message: String,
    pub undo_token: Option<String>,
}
phr_core::redacted_debug!(AboutMeSaved { undo_token });

/// One choice on a form: its code and words (a relationship, a need).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AboutMeChoice {
    pub code: String,
    pub label: String,
    /// The Accessible Information Standard's group of a need ("Information format"); empty for a relationship.
    pub group: String,
    /// What a need's detail field is called ("Language"), when it has one.
    pub detail_label: Option<String>,
}
phr_core::redacted_debug!(AboutMeChoice);

/// The words and limits of "What matters to me".
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AboutMeWords {
    pub title: String,
    pub intro: String,
    /// Each part's heading and "none" sentence, in order.
    pub parts: Vec<AboutMePartWords>,
    pub relationships: Vec<AboutMeChoice>,
    pub needs: Vec<AboutMeChoice>,
    pub what_matters_max: u32,
    pub contacts_max: u32,
    pub what_matters_text_max: u32,
    pub short_max: u32,
    /// The form's and the page's labels and hints.
    pub form: AboutMeFormWords,
    /// What a contact does for the person ("Next of kin"): `code` is the contact's field.
    pub roles: Vec<AboutMeChoice>,
    /// "Decisions I have made" on the page.
    pub decisions: DecisionWords,
    /// The two one-page PDFs on the record's summary that carry "What matters to me".
    pub appointment_pdf: AboutMePdfWords,
    pub emergency_card_pdf: AboutMePdfWords,
}
phr_core::redacted_debug!(AboutMeWords { what_matters_max, contacts_max });

/// The labels and hints of "What matters to me", on its form and its page. A label that may
/// be left empty is followed by `optional` on the form.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AboutMeFormWords {
    /// "(optional)".
    pub optional: String,
    /// The things that matter most (the part's own heading is the page's title).
    pub what_matters_heading: String,
    pub what_matters_hint: String,
    /// "The first thing that matters most": one for each place, up to the limit.
    pub what_matters_items: Vec<String>,
    pub contacts_hint: String,
    pub contact_name: String,
    pub contact_relationship: String,
    pub contact_roles: String,
    pub contact_roles_hint: String,
    /// Needed for an emergency contact, optional for others.
    pub contact_phone: String,
    pub contact_phone_hint: String,
    pub contact_note: String,
    pub contact_note_hint: String,
    pub practice_name: String,
    pub practice_phone: String,
    pub practice_address: String,
    pub practice_code: String,
    pub practice_code_hint: String,
    /// Beside a practice shown from the GP record, on the page.
    pub practice_from_gp_record: String,
    /// The same, on the form.
    pub practice_from_gp_record_change: String,
    pub needs_hint: String,
    /// "Communication need", numbered on the form.
    pub need_item: String,
}
phr_core::redacted_debug!(AboutMeFormWords);

/// "Decisions I have made": its heading, what it says, and how each kind is added.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DecisionWords {
    pub heading: String,
    pub intro: String,
    pub none: String,
    /// Beside the newest of its kind when there is more than one.
    pub latest: String,
    /// "Date"; `noDate` when none was given.
    pub date: String,
    pub no_date: String,
    /// Above the ways to add one.
    pub add_heading: String,
    /// Each decision kind, in the order the page lists them.
    pub kinds: Vec<DecisionKindWords>,
}
phr_core::redacted_debug!(DecisionWords);

/// One kind of decision: its name and the words of the button that adds one.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DecisionKindWords {
    pub kind: OwnEntryKind,
    /// "ReSPECT form".
    pub name: String,
    /// "Add a ReSPECT form".
    pub add: String,
}
phr_core::redacted_debug!(DecisionKindWords { kind });

/// A one-page PDF made from the record and "What matters to me": its heading, what it holds
/// and its Save button.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AboutMePdfWords {
    pub heading: String,
    pub description: String,
    pub save: String,
}
phr_core::redacted_debug!(AboutMePdfWords);

/// One part's heading and what it says when empty.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AboutMePartWords {
    pub part: AboutMePart,
    pub heading: String,
    pub none: String,
}
phr_core::redacted_debug!(AboutMePartWords { part });
