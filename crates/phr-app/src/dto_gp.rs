//! The GP connection's DTOs: whether the person stays connected to their practice, in words
//! the screens show as they are, and what disconnecting did.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The person's kept connection to their GP practice, for the Import page and the person's
/// page. `words` is the sentence to show; the rest is for deciding which buttons to offer.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GpConnectionStatus {
    pub connected: bool,
    /// The practice's name, when connected.
    pub practice_name: Option<String>,
    /// The practice's address, when connected (to show beside the name).
    pub url: Option<String>,
    /// "Connected to Demo Practice since 5 Dec 2026, 10:15. Last checked for updates 5 Dec
    /// 2026, 11:00." or, when not connected, how to become so.
    pub words: String,
    /// Whoever is looking may check for updates and disconnect (a carer needs the person's
    /// permission to import).
    pub may_update: bool,
}
phr_core::redacted_debug!(GpConnectionStatus { connected, may_update });

/// What disconnecting did, in words: whether the practice confirmed it stopped the
/// connection too.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GpDisconnected {
    /// The practice confirmed the connection is stopped at its end too (RFC 7009).
    pub revoked: bool,
    /// "You are disconnected from Demo Practice. The practice has stopped the app's access."
    pub words: String,
}
phr_core::redacted_debug!(GpDisconnected { revoked });

/// The words of the GP connection's controls, from the backend (`vocabulary().gpConnection`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GpConnectionWords {
    /// The heading of the connection panel.
    pub heading: String,
    /// The tick box in the connect form.
    pub stay_connected: String,
    /// Its hint: what is kept, where, and that it can be undone.
    pub stay_connected_hint: String,
    pub check_for_updates: String,
    pub disconnect: String,
    /// The question before disconnecting.
    pub disconnect_title: String,
    pub disconnect_question: String,
    /// The button that keeps the connection.
    pub keep_connected: String,
}
