//! A person's role on the wire: as typed on the add / change-details form, and as shown on
//! People and in the banner of a cared-for person's record.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A role as typed: codes from `vocabulary()` and `YYYY-MM-DD` dates, blank meaning not given.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PersonRoleInput {
    /// "me" or "caredFor".
    pub kind: String,
    /// A relationship code (for someone cared for).
    #[serde(default)]
    pub relationship: Option<String>,
    /// A basis code: consent, lpa, parental, deputy, best-interests.
    #[serde(default)]
    pub basis: Option<String>,
    /// From when the basis holds; blank means today.
    #[serde(default)]
    pub basis_date: Option<String>,
    /// The reference on a registered lasting power of attorney.
    #[serde(default)]
    pub basis_ref: Option<String>,
    /// When the holder is next asked to check; blank means the default.
    #[serde(default)]
    pub review_on: Option<String>,
}
phr_core::redacted_debug!(PersonRoleInput { kind });

/// A person's role as kept, with its words.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PersonRole {
    /// "me" or "caredFor".
    pub kind: String,
    pub relationship: Option<String>,
    /// "Mother".
    pub relationship_label: Option<String>,
    pub basis: Option<String>,
    /// "Lasting power of attorney for health and welfare".
    pub basis_label: Option<String>,
    /// `YYYY-MM-DD`.
    pub basis_date: Option<String>,
    pub basis_ref: Option<String>,
    /// `YYYY-MM-DD`.
    pub review_on: Option<String>,
    /// The review date has come (today from the app's clock).
    pub review_due: bool,
    /// A carer's access today, when something limits it: a review due soon or passed, a
    /// child turning 16 soon or turned 16. Absent when open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub access: Option<crate::dto_care::CareAccessInfo>,
}
phr_core::redacted_debug!(PersonRole { kind, review_due });

/// A choice on the person form: its code, what people read, and the hint under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PersonChoice {
    pub code: String,
    pub text: String,
    pub hint: String,
}

/// The words of a person's role, for the form and People (from `phr_core::person_role`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PersonWords {
    /// "Me", "Someone I care for", with hints.
    pub roles: Vec<PersonChoice>,
    /// Who a cared-for person is to the holder, in the order the form lists them.
    pub relationships: Vec<crate::dto_vocabulary::Word>,
    /// What gives the holder the right to look after the record, with hints.
    pub bases: Vec<PersonChoice>,
    /// The basis codes that need a reference (a lasting power of attorney's).
    pub bases_needing_reference: Vec<String>,
    /// "Role not set".
    pub role_not_set: String,
    /// "Review due".
    pub review_due: String,
    /// "Reason not recorded".
    pub basis_not_recorded: String,
    /// The button that records a review: "Yes, I still have the right ...".
    pub review_confirm: String,
    /// Under it: what to do when the right has ended.
    pub review_ended_hint: String,
}
