//! Writing the record out as a FHIR R4 collection Bundle, each resource exactly as it arrived.

use serde_json::value::RawValue;

/// A Bundle of type `collection` holding `entries` (fullUrl, resource text) verbatim.
/// `timestamp` is RFC 3339 (passed in: the core reads no clock).
pub fn write_collection_bundle(id: &str, timestamp: &str, entries: &[(String, &RawValue)]) -> String {
    let q = |s: &str| serde_json::Value::String(s.to_string()).to_string();
    let mut out = String::with_capacity(entries.iter().map(|(_, r)| r.get().len() + 64).sum::<usize>() + 256);
    out.push_str("{\"resourceType\":\"Bundle\",\"id\":");
    out.push_str(&q(id));
    out.push_str(",\"meta\":{\"lastUpdated\":");
    out.push_str(&q(timestamp));
    out.push_str("},\"type\":\"collection\",\"timestamp\":");
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
        assert!(text.contains("{ \"resourceType\": \"Patient\" }"));
    }
}
