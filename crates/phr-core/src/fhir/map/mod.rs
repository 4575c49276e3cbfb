//! Mapping one R4 resource to a record entry: what kind it is, its plain-English title, its
//! date, codes, value and the details a citizen wants. Nothing is dropped: a resource type the
//! record has no category for is kept as an "other" entry with a readable title.

use serde_json::Value;

use super::json::{all_references, cc_at, codings, name_of, s};
use super::resolve::Resolver;
use crate::record::{EntryKind, MappedEntry, Sensitivity, sensitivity_of};

/// What became of a resource.
#[derive(Debug, Clone, PartialEq)]
pub enum MapOutcome {
    /// A record entry of one of the record's categories.
    Mapped(MappedEntry),
    /// Kept as an "other" entry: the record has no category for it.
    Unmapped(MappedEntry),
    /// It cannot be read at all; the reason says why.
    Rejected(String),
}

/// Maps one R4 resource. `resolver` finds the resources it refers to (for names and titles).
pub fn map_resource(resource: &Value, resolver: &Resolver<'_>) -> MapOutcome {
    let _ = resolver;
    let Some(resource_type) = s(resource, "resourceType") else {
        return MapOutcome::Rejected("the resource has no resourceType".to_string());
    };
    MapOutcome::Unmapped(unmapped(resource_type, resource))
}

/// An "other" entry: "Organization: Leeds Teaching Hospitals".
fn unmapped(resource_type: &str, resource: &Value) -> MappedEntry {
    let name = name_of(resource).or_else(|| cc_at(resource, "type"));
    let title = match name {
        Some(n) => format!("{resource_type}: {n}"),
        None => resource_type.to_string(),
    };
    let codes = resource.get("code").map(codings).unwrap_or_default();
    let mut references = Vec::new();
    all_references(resource, &mut references);
    MappedEntry {
        kind: EntryKind::Other,
        search_text: title.clone(),
        title,
        status: s(resource, "status").map(str::to_string),
        date: None,
        sensitivity: if resource_type == "Patient" {
            Sensitivity::General
        } else {
            sensitivity_of(EntryKind::Other, &codes)
        },
        codes,
        value: None,
        components: Vec::new(),
        facts: Vec::new(),
        references,
    }
}
