//! The files a resource carries or points at: DocumentReference content, Binary data,
//! DiagnosticReport presentedForm, Media content.

use base64::Engine;
use serde_json::Value;

use super::json::{arr, cc_at, s};

/// One attachment: its bytes when embedded, its URL when only linked.
#[derive(Clone, PartialEq, Eq)]
pub struct AttachmentRef {
    pub title: String,
    pub content_type: String,
    /// The decoded bytes of an embedded (base64) attachment; none if linked or undecodable.
    pub data: Option<Vec<u8>>,
    pub url: Option<String>,
}
crate::redacted_debug!(AttachmentRef { content_type });

/// The attachments of a resource (R4 shapes; STU3 Binary's `content` is read too).
pub fn attachments(resource: &Value) -> Vec<AttachmentRef> {
    let fallback_title = s(resource, "description")
        .map(str::to_string)
        .or_else(|| cc_at(resource, "type"))
        .or_else(|| cc_at(resource, "code"))
        .unwrap_or_else(|| "Attachment".to_string());
    match s(resource, "resourceType") {
        Some("DocumentReference") => arr(resource, "content")
            .into_iter()
            .filter_map(|c| c.get("attachment"))
            .map(|a| from_attachment(a, &fallback_title))
            .collect(),
        Some("DiagnosticReport") => {
            arr(resource, "presentedForm").into_iter().map(|a| from_attachment(a, &fallback_title)).collect()
        }
        Some("Media") => resource.get("content").map(|a| vec![from_attachment(a, &fallback_title)]).unwrap_or_default(),
        Some("Binary") => {
            let data = s(resource, "data").or_else(|| s(resource, "content"));
            let title = s(resource, "id").map_or_else(|| "File".to_string(), |id| format!("File {id}"));
            vec![AttachmentRef {
                title,
                content_type: s(resource, "contentType").unwrap_or("application/octet-stream").to_string(),
                data: data.and_then(decode),
                url: None,
            }]
        }
        _ => Vec::new(),
    }
}

fn from_attachment(a: &Value, fallback_title: &str) -> AttachmentRef {
    AttachmentRef {
        title: s(a, "title").unwrap_or(fallback_title).to_string(),
        content_type: s(a, "contentType").unwrap_or("application/octet-stream").to_string(),
        data: s(a, "data").and_then(decode),
        url: s(a, "url").map(str::to_string),
    }
}

/// Base64 as FHIR carries it, tolerating line breaks.
fn decode(data: &str) -> Option<Vec<u8>> {
    let compact: String = data.chars().filter(|c| !c.is_whitespace()).collect();
    base64::engine::general_purpose::STANDARD.decode(compact).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn document_and_binary() {
        let d = json!({"resourceType": "DocumentReference", "description": "Letter",
            "content": [{"attachment": {"contentType": "text/plain", "data": "aGVs\nbG8="}}, {"attachment": {"url": "Binary/1"}}]});
        let a = attachments(&d);
        assert_eq!(a[0].data.as_deref(), Some(&b"hello"[..]));
        assert_eq!(a[0].title, "Letter");
        assert_eq!(a[1].url.as_deref(), Some("Binary/1"));
        let b = json!({"resourceType": "Binary", "contentType": "application/pdf", "data": "JVBERg=="});
        assert_eq!(attachments(&b)[0].data.as_deref(), Some(&b"%PDF"[..]));
    }
}
