//! Rewriting the references inside shared resources: to the Bundle's fullUrl when what they
//! point at is shared, to a bare "Not included in this share" when it is not.
//!
//! A reference to something left out keeps neither its display nor its identifier: both can
//! name the excluded entry ("reasonReference": {"display": "Depression"}).

use std::collections::HashMap;

use serde_json::{Map, Value, json};

/// What a reference to something not in the share becomes.
pub const NOT_INCLUDED: &str = "Not included in this share";

/// Every way a shared resource may be referred to, to its fullUrl in the Bundle.
#[derive(Debug, Default)]
pub(crate) struct Aliases {
    exact: HashMap<String, String>,
    by_type_id: HashMap<(String, String), String>,
}

impl Aliases {
    /// `alias` ("Condition/1", "urn:uuid:...", "https://server/fhir/Condition/1") names the
    /// resource at `full_url`. The first resource to claim an alias keeps it.
    pub fn add(&mut self, alias: &str, full_url: &str) {
        let alias = alias.trim();
        if alias.is_empty() {
            return;
        }
        self.exact.entry(alias.to_string()).or_insert_with(|| full_url.to_string());
        if let Some((t, id)) = type_and_id(alias) {
            self.by_type_id.entry((t.to_string(), id.to_string())).or_insert_with(|| full_url.to_string());
        }
    }

    /// The fullUrl `reference` points at, if it is shared. A relative or absolute `Type/id`
    /// (with or without `_history`) matches any alias of the same type and id.
    pub fn resolve(&self, reference: &str) -> Option<&str> {
        let reference = reference.trim();
        if let Some(u) = self.exact.get(reference) {
            return Some(u);
        }
        let (t, id) = type_and_id(reference)?;
        self.by_type_id.get(&(t.to_string(), id.to_string())).map(String::as_str)
    }
}

/// Rewrites every Reference in `value` (at any depth, contained resources included): to the
/// fullUrl of what it points at when that is shared, else to a display-only "Not included in
/// this share". `#local` references to contained resources stay as they are.
pub(crate) fn rewrite(value: &mut Value, aliases: &Aliases) {
    rewrite_saying(value, aliases, NOT_INCLUDED);
}

/// [`rewrite`], a reference to something left out saying `left_out` (the International Patient
/// Summary says "Not included in this summary").
pub(crate) fn rewrite_saying(value: &mut Value, aliases: &Aliases, left_out: &str) {
    match value {
        Value::Object(map) => {
            if let Some(reference) = map.get("reference").and_then(Value::as_str) {
                if reference.trim_start().starts_with('#') {
                    return;
                }
                match aliases.resolve(reference) {
                    Some(full_url) => {
                        // Display and identifier name a shared resource here, so they stay.
                        map.insert("reference".into(), json!(full_url));
                    }
                    None => *map = not_included(left_out),
                }
                return;
            }
            for v in map.values_mut() {
                rewrite_saying(v, aliases, left_out);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rewrite_saying(v, aliases, left_out)),
        _ => {}
    }
}

fn not_included(words: &str) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("display".into(), json!(words));
    m
}

/// The last `Type/id` of a reference or URL, ignoring a trailing `_history/version`.
pub(crate) fn type_and_id(reference: &str) -> Option<(&str, &str)> {
    if reference.starts_with("urn:") {
        return None;
    }
    let path = reference.split(['?', '#']).next().unwrap_or(reference);
    if reference.contains('?') {
        return None;
    }
    let parts: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    let (t, id) = match parts.as_slice() {
        [.., t, id, "_history", _] | [.., t, id] => (*t, *id),
        _ => return None,
    };
    let is_type =
        t.chars().next().is_some_and(|c| c.is_ascii_uppercase()) && t.chars().all(|c| c.is_ascii_alphanumeric());
    (is_type && !id.is_empty()).then_some((t, id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_targets_are_rewritten_and_others_say_nothing() {
        let mut a = Aliases::default();
        a.add("Condition/1", "urn:uuid:c1");
        a.add("urn:uuid:med", "urn:uuid:m1");
        let mut v = json!({
            "reasonReference": [
                { "reference": "https://gp.example/fhir/Condition/1/_history/3", "display": "Asthma" },
                { "reference": "Condition/2", "display": "Depression", "identifier": { "value": "x" } }
            ],
            "medicationReference": { "reference": "urn:uuid:med", "identifier": { "value": "y" } },
            "contained": [{ "resourceType": "Medication", "ingredient": [{ "itemReference": { "reference": "Substance/9" } }] }],
            "local": { "reference": "#m" }
        });
        rewrite(&mut v, &a);
        assert_eq!(v["reasonReference"][0], json!({ "reference": "urn:uuid:c1", "display": "Asthma" }));
        assert_eq!(v["reasonReference"][1], json!({ "display": NOT_INCLUDED }));
        assert_eq!(v["medicationReference"], json!({ "reference": "urn:uuid:m1", "identifier": { "value": "y" } }));
        assert_eq!(v["contained"][0]["ingredient"][0]["itemReference"], json!({ "display": NOT_INCLUDED }));
        assert_eq!(v["local"], json!({ "reference": "#m" }));
    }

    #[test]
    fn type_and_id_shapes() {
        assert_eq!(type_and_id("Patient/1"), Some(("Patient", "1")));
        assert_eq!(type_and_id("http://x/fhir/Patient/1/_history/2"), Some(("Patient", "1")));
        assert_eq!(type_and_id("urn:uuid:abc"), None);
        assert_eq!(type_and_id("Patient?identifier=a|b"), None);
    }
}
