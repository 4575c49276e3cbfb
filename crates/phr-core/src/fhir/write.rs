//! Writing FHIR R4 Bundles: the record as a `collection`, each resource exactly as it arrived,
//! and the International Patient Summary as a `document`. One writer for both.

use serde_json::value::RawValue;

/// What kind of Bundle [`write_bundle`] writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BundleKind<'a> {
    /// `collection`: the record's export.
    Collection,
    /// `document`, with its persistent identifier (a `urn:uuid:`), which documents require.
    Document { identifier: &'a str },
}

/// A Bundle of type `collection` holding `entries` (fullUrl, resource text) verbatim.
/// `timestamp` is RFC 3339 (passed in: the core reads no clock).
pub fn write_collection_bundle(id: &str, timestamp: &str, entries: &[(String, &RawValue)]) -> String {
    write_bundle(BundleKind::Collection, id, timestamp, entries)
}

/// A Bundle of `kind` holding `entries` (fullUrl, resource text) verbatim, in order (a
/// document's Composition first).
pub fn write_bundle(kind: BundleKind<'_>, id: &str, timestamp: &str, entries: &[(String, &RawValue)]) -> String {
    let q = |s: &str| serde_json::Value::String(s.to_string()).to_string();
    let mut out = String::with_capacity(entries.iter().map(|(_, r)| r.get().len() + 64).sum::<usize>() + 256);
    out.push_str("{\"resourceType\":\"Bundle\",\"id\":");
    out.push_str(&q(id));
    out.push_str(",\"meta\":{\"lastUpdated\":");
    out.push_str(&q(timestamp));
    out.push('}');
    match kind {
        BundleKind::Collection => out.push_str(",\"type\":\"collection\""),
        BundleKind::Document { identifier } => {
            out.push_str(",\"identifier\":{\"system\":\"urn:ietf:rfc:3986\",\"value\":");
            out.push_str(&q(identifier));
            out.push_str("},\"type\":\"document\"");
        }
    }
    out.push_str(",\"timestamp\":");
    out.push_str(&q(timestamp));
    out.push_str(",\"entry\":[");
    for (i, (full_url, resource)) in entries.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("\n{\"fullUrl\":");
        out.push_str(&q(full_url));
        out.push_str(",\"resource\":");
        out.push_str(resource.get());
        out.push('}');
    }
    out.push_str("\n]}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundle_embeds_resources_verbatim() {
        let r = RawValue::from_string("{ \"resourceType\": \"Patient\" }".to_string()).unwrap();
        let text = write_collection_bundle("b\"1", "2026-01-01T00:00:00Z", &[("urn:uuid:1".to_string(), &r)]);
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["type"], "collection");
        assert_eq!(v["id"], "b\"1");
        assert!(v.get("identifier").is_none());
        assert!(text.contains("{ \"resourceType\": \"Patient\" }"));
    }

    #[test]
    fn a_document_carries_its_identifier() {
        let r = RawValue::from_string("{\"resourceType\":\"Composition\"}".to_string()).unwrap();
        let text = write_bundle(
            BundleKind::Document { identifier: "urn:uuid:abc" },
            "abc",
            "2026-01-01T00:00:00Z",
            &[("urn:uuid:1".to_string(), &r)],
        );
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["type"], "document");
        assert_eq!(v["identifier"]["value"], "urn:uuid:abc");
        assert_eq!(v["entry"][0]["resource"]["resourceType"], "Composition");
    }
}
