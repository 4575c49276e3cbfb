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
}
phr_core::redacted_debug!(PersonRole { kind, review_due });
