//! A carer's access to a cared-for person's record on the wire (open, a warning, or paused,
//! with the words why), and the activity list: who did what on a person's record.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dto_ids::PersonId;

/// A carer's access to a cared-for person's record today (`phr_core::care_access`).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CareAccessInfo {
    /// "open", "warning" or "suspended".
    pub state: String,
    /// The short tag on People and the person's page: "Review due", "Turns 16 soon", "Access paused".
    pub tag: Option<String>,
    /// What the carer reads about it, with the person's name and the date.
    pub message: Option<String>,
    /// Paused, and the review opens it again (else only the young person can).
    pub review_reopens: bool,
}
phr_core::redacted_debug!(CareAccessInfo { state, review_reopens });

/// One thing done on a person's record, in plain words.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActivityEntry {
    /// The audit entry's number.
    #[ts(type = "number")]
    pub seq: u64,
    /// "Added a reading".
    pub what: String,
    /// In this computer's time, in the app's one en-GB form ([`phr_core::en_gb::date_time`]):
    /// "4 Dec 2026, 14:35", as the UI's `formatDateTime` writes `at`.
    pub when: String,
    /// RFC 3339.
    pub at: String,
    /// Whose record it was done on: the person's name.
    pub for_whom: String,
    /// The entry's note, without health data ("1 reading").
    pub detail: String,
}
phr_core::redacted_debug!(ActivityEntry { seq, at });

/// Everything one actor did on the record, newest first.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActorActivity {
    /// "you", "carer", "owner", or "unknown" for entries made before the app kept who acted.
    pub actor: String,
    /// "You" (the reader), "You (carer)" (the carer reading), "Sarah (carer)", "Your carer",
    /// "Margaret", "Not recorded".
    pub who: String,
    pub entries: Vec<ActivityEntry>,
}
phr_core::redacted_debug!(ActorActivity { actor });

/// Who did what on a person's record, by actor: the actor with the newest entry first.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CarerActivity {
    pub person_id: PersonId,
    pub person_name: String,
    /// For whoever reads it: "Activity in Margaret's record" for her carer, "What your carer
    /// has done" for Margaret with her own access open, "What has been done on this record" on
    /// the holder's own record.
    pub heading: String,
    pub actors: Vec<ActorActivity>,
}
phr_core::redacted_debug!(CarerActivity { person_id });
