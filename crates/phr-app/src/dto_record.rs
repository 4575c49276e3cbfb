//! Transport types for the clinical record: entries, the summary, timeline pages, search hits,
//! import reports and progress. They derive ts-rs; the UI's bindings are generated from them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A file written by an export (the whole record, or readings alone).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportInfo {
    pub path: String,
    /// How many FHIR resources the file holds.
    pub resources: u32,
    #[ts(type = "number")]
    pub bytes: u64,
}
