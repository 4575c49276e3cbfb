//! A cared-for person's own access on the wire: whether it is set up and open, what their
//! carer may see and do (the limits, with their words), what a change of limits moved, and the
//! words each screen shows. Entries in their private part travel as the record's own DTOs.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dto_record::Sensitivity;

/// Whether a person has their own password, whether it is open now, and what the carer reads.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OwnAccessStatus {
    /// They can have their own password (someone the holder cares for).
    pub can_have: bool,
    pub has_own_access: bool,
    /// Their own access is open in this app now.
    pub open: bool,
    /// How many entries they keep private, when they let their carer see it.
    #[ts(type = "number | null")]
    pub private_count: Option<u64>,
    /// Their limits were changed outside the app: everything is kept private, nothing allowed.
    pub limits_tampered: bool,
    pub words: OwnAccessWords,
    /// Set when the person has turned 16 and their carer's access (parental responsibility)
    /// is paused for that: what they can do about it, in words.
    pub after_sixteen: Option<AfterSixteen>,
    /// Set once, in the answer to opening own access on a record that is now the person's
    /// own: their private entries are back in the record and their own password is retired.
    pub brought_back: Option<String>,
}
phr_core::redacted_debug!(OwnAccessStatus { has_own_access, open, limits_tampered });

/// The words of the person's own-access section, with their first name in them.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OwnAccessWords {
    /// "Margaret's own password"
    pub heading: String,
    /// What their own password gives them, before it is set up.
    pub explain: Vec<String>,
    /// "Set up Margaret's own password"
    pub set_up: String,
    /// "Give the keyboard to Margaret."
    pub keyboard: String,
    /// "Margaret: open your own access"
    pub open: String,
    /// "Forgotten your password?"
    pub forgotten: String,
    /// "Margaret's own access is open"
    pub banner: String,
    /// "Close Margaret's own access"
    pub close: String,
    /// What the carer reads while it is closed: "Margaret keeps 3 entries private." (or
    /// "some entries"); `None` when nothing is kept private.
    pub private_line: Option<String>,
    /// Beside the record's lists for the carer (allergies, medicines): the private line and
    /// that the lists may not show everything, so ask the person or their GP before acting.
    pub record_line: Option<String>,
    /// Why everything is kept private now, when the limits were changed outside the app.
    pub tampered: Option<String>,
    /// "What your carer can see and do"
    pub limits_heading: String,
    /// "Your private entries"
    pub private_heading: String,
    /// "You have no private entries."
    pub no_private: String,
    /// "Change your own password"
    pub change_password: String,
}
phr_core::redacted_debug!(OwnAccessWords);

/// At 16, what a young person reads on their own-access screen about their carer's paused
/// access, and the button that lets the carer carry on within their limits.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AfterSixteen {
    /// "Your carer's access to your record has stopped because you are 16. You can take your
    /// record over (hand over), or let Sarah carry on looking after it within the limits you set."
    pub text: String,
    /// "Let Sarah carry on"
    pub button: String,
    /// "See what Sarah can see and do"
    pub limits_link: String,
    /// Once agreed: "Sarah can look after your record again, within the limits you set."
    pub done: String,
}
phr_core::redacted_debug!(AfterSixteen);

/// The recovery key made with a person's own password: shown once, never stored in the clear.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OwnAccessCreated {
    /// The recovery key in groups, `XXXX-XXXX-...`.
    pub recovery_key: String,
    pub status: OwnAccessStatus,
}
phr_core::redacted_debug!(OwnAccessCreated { status });

/// Something a carer may be allowed to do on the record.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum CarerPermission {
    Readings,
    Import,
    Share,
    Export,
}
phr_core::redacted_debug!(CarerPermission);

impl From<CarerPermission> for phr_core::carer_limits::CarerPermission {
    fn from(p: CarerPermission) -> Self {
        use phr_core::carer_limits::CarerPermission as C;
        match p {
            CarerPermission::Readings => C::Readings,
            CarerPermission::Import => C::Import,
            CarerPermission::Share => C::Share,
            CarerPermission::Export => C::Export,
        }
    }
}

impl From<phr_core::carer_limits::CarerPermission> for CarerPermission {
    fn from(p: phr_core::carer_limits::CarerPermission) -> Self {
        use phr_core::carer_limits::CarerPermission as C;
        match p {
            C::Readings => CarerPermission::Readings,
            C::Import => CarerPermission::Import,
            C::Share => CarerPermission::Share,
            C::Export => CarerPermission::Export,
        }
    }
}

/// One label a person may keep private, with the words beside its box.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OwnLimitLabel {
    pub sensitivity: Sensitivity,
    /// "Keep mental health entries private from your carer"
    pub words: String,
    pub hidden: bool,
}
phr_core::redacted_debug!(OwnLimitLabel { sensitivity, hidden });

/// One thing the carer may do, with the words beside its box.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OwnLimitPermission {
    pub permission: CarerPermission,
    /// "Add readings"
    pub label: String,
    pub allowed: bool,
}
phr_core::redacted_debug!(OwnLimitPermission { permission, allowed });

/// What a person's carer may see and do, as the person set it (their own access open).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OwnLimits {
    pub labels: Vec<OwnLimitLabel>,
    pub permissions: Vec<OwnLimitPermission>,
    /// "Your carer may do these things:"
    pub permissions_heading: String,
    pub show_count: bool,
    /// "Let your carer see how many entries are private"
    pub show_count_words: String,
    /// How many entries are kept private one by one (whatever their label).
    pub hidden_entries: u32,
    /// "2 entries are kept private one by one." when there are any.
    pub hidden_entries_words: Option<String>,
    /// The private entries (their ids in the private part) kept private by themselves, not by
    /// a label: each can be shown to the carer again on its own.
    pub kept_alone: Vec<crate::dto_ids::EntryId>,
    /// "Keep this private from Sarah", on an entry of their record.
    pub keep_private_words: String,
    /// "Show this to Sarah again", on a private entry kept private by itself.
    pub show_again_words: String,
}
phr_core::redacted_debug!(OwnLimits { show_count, hidden_entries });

/// What a person chooses: the labels they keep private, what the carer may do, whether the
/// count shows. Entries kept private one by one stay as they are.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OwnLimitsInput {
    pub hidden: Vec<Sensitivity>,
    pub allowed: Vec<CarerPermission>,
    pub show_count: bool,
}
phr_core::redacted_debug!(OwnLimitsInput { hidden, allowed, show_count });

/// What a change of limits did, in words ("3 entries are now private.").
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OwnLimitsChanged {
    pub to_private: u32,
    pub to_record: u32,
    pub message: String,
}
phr_core::redacted_debug!(OwnLimitsChanged { to_private, to_record });
