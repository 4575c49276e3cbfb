//! Reading a FHIR JSON file: a Bundle (its entries flattened) or one resource, each kept as the
//! text that arrived and as an R4 value, with a reason for every entry that cannot be read.

use std::collections::HashMap;
use std::fmt;

use serde_json::Value;
use serde_json::value::RawValue;

use super::stu3;
use crate::error::ErrorCode;

/// The FHIR release a resource arrived in. Everything is held as R4 once read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum FhirVersion {
    R4,
    Stu3,
}

impl FhirVersion {
    /// "R4" or "STU3", as shown to people and stored.
    pub fn as_str(self) -> &'static str {
        match self {
            FhirVersion::R4 => "R4",
            FhirVersion::Stu3 => "STU3",
        }
    }

    /// The inverse of [`FhirVersion::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "R4" => Some(FhirVersion::R4),
            "STU3" => Some(FhirVersion::Stu3),
            _ => None,
        }
    }
}

/// One resource read from a file.
#[derive(Debug, Clone)]
pub struct IncomingResource {
    /// The type as it arrived (an STU3 `ReferralRequest` stays so; `value` is a `ServiceRequest`).
    pub resource_type: String,
    pub id: Option<String>,
    pub full_url: Option<String>,
    /// `meta.versionId`.
    pub version_id: Option<String>,
    /// `meta.lastUpdated`.
    pub last_updated: Option<String>,
    /// Where in the file: `entry[12]`, or `resource` for a file holding one resource.
    pub location: String,
    /// The resource's text exactly as it arrived (STU3 stays STU3 here).
    pub raw: Box<RawValue>,
    /// The resource as R4: for STU3 input, its R4 mapping.
    pub value: Value,
    pub original_version: FhirVersion,
}

/// An entry of a file that cannot be read as a resource, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    pub location: String,
    pub resource_type: Option<String>,
    pub reason: String,
}

/// What a file held.
#[derive(Debug, Clone)]
pub struct ParsedFile {
    pub version: FhirVersion,
    /// `Bundle.type` (`collection`, `transaction`, `searchset`...), none for a lone resource.
    pub bundle_type: Option<String>,
    pub resources: Vec<IncomingResource>,
    pub rejected: Vec<Rejected>,
}

/// Why a whole file was refused, with the place in the file when the JSON is broken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FhirReadError {
    /// `MalformedFile` (not JSON) or `UnsupportedFormat` (JSON, but not FHIR).
    pub code: ErrorCode,
    pub message: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

impl fmt::Display for FhirReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FhirReadError {}

impl FhirReadError {
    fn unsupported(message: impl Into<String>) -> Self {
        Self { code: ErrorCode::UnsupportedFormat, message: message.into(), line: None, column: None }
    }

    fn malformed(message: impl Into<String>) -> Self {
        Self { code: ErrorCode::MalformedFile, message: message.into(), line: None, column: None }
    }

    fn from_json(e: &serde_json::Error) -> Self {
        let (line, column) = (e.line(), e.column());
        // serde_json's text ends with " at line L column C"; we say where in our own words.
        let full = e.to_string();
        let what = full.split(" at line ").next().unwrap_or(&full).to_string();
        Self {
            code: ErrorCode::MalformedFile,
            message: format!("not valid JSON at line {line}, column {column}: {what}"),
            line: Some(line),
            column: Some(column),
        }
    }
}

/// Reads a FHIR JSON file: a Bundle, whose entries are flattened, or a single resource.
/// Malformed JSON is refused with its line and column; JSON that is not a FHIR resource (no
/// `resourceType`) is refused as an unsupported format. Entries that cannot be read are listed
/// in [`ParsedFile::rejected`] with the reason; the rest of the file still reads.
pub fn read_fhir_json(text: &str) -> Result<ParsedFile, FhirReadError> {
    read(text, false)
}

/// [`read_fhir_json`], but every resource's `value` is left `Value::Null` once its type, id,
/// fullUrl and meta are taken: a large record is not held as values all at once. Each value is
/// parsed again from `raw` when it is needed ([`super::Resolver::value`] does so, converting
/// STU3 to R4 as `read_fhir_json` would have).
pub fn read_fhir_json_lean(text: &str) -> Result<ParsedFile, FhirReadError> {
    read(text, true)
}

fn read(text: &str, lean: bool) -> Result<ParsedFile, FhirReadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(FhirReadError::malformed("the file is empty"));
    }
    // Borrowed from `text` throughout: a large file's text is copied once, per resource, into
    // what is kept, not once per level of nesting on the way down.
    let whole: &RawValue = serde_json::from_str(text).map_err(|e| FhirReadError::from_json(&e))?;
    let top: HashMap<String, &RawValue> = serde_json::from_str(whole.get()).map_err(|_| {
        FhirReadError::unsupported(format!(
            "this is JSON but not a FHIR resource: the file holds {}, not an object with a resourceType",
            json_kind(whole.get())
        ))
    })?;
    let Some(resource_type) = top.get("resourceType").and_then(|r| serde_json::from_str::<String>(r.get()).ok()) else {
        return Err(FhirReadError::unsupported(
            "this is JSON but not a FHIR resource: it has no resourceType".to_string(),
        ));
    };

    let mut resources = Vec::new();
    let mut rejected = Vec::new();
    let mut bundle_type = None;
    let mut stu3_hint = false;
    // The STU3 check needs each value; a lean read looks before letting it go.
    let mut keep = |mut r: IncomingResource, stu3_hint: &mut bool| {
        if lean {
            *stu3_hint |= stu3::looks_stu3(&r.value);
            r.value = Value::Null;
        }
        resources.push(r);
    };

    if resource_type == "Bundle" {
        bundle_type = top.get("type").and_then(|t| serde_json::from_str::<String>(t.get()).ok());
        if let Some(meta) = top.get("meta").and_then(|m| serde_json::from_str::<Value>(m.get()).ok()) {
            stu3_hint |= stu3::profile_is_stu3(&meta);
        }
        if let Some(entries) = top.get("entry") {
            let entries: Vec<&RawValue> = serde_json::from_str(entries.get())
                .map_err(|_| FhirReadError::malformed("the Bundle's entry is not a list of entries"))?;
            for (i, entry) in entries.into_iter().enumerate() {
                let location = format!("entry[{i}]");
                match read_entry(entry, lean) {
                    Ok((full_url, raw, value)) => keep(incoming(location, full_url, raw, value), &mut stu3_hint),
                    Err((resource_type, reason)) => rejected.push(Rejected { location, resource_type, reason }),
                }
            }
        }
    } else {
        match if lean { head_value(whole) } else { resource_value(whole) } {
            Ok(value) => keep(incoming("resource".into(), None, whole.to_owned(), value), &mut stu3_hint),
            Err(reason) => {
                rejected.push(Rejected { location: "resource".into(), resource_type: Some(resource_type), reason })
            }
        }
    }

    let version = if stu3_hint || resources.iter().any(|r| stu3::looks_stu3(&r.value)) {
        FhirVersion::Stu3
    } else {
        FhirVersion::R4
    };
    if version == FhirVersion::Stu3 {
        for r in &mut resources {
            if !r.value.is_null() {
                r.value = stu3::stu3_to_r4(&r.value);
            }
            r.original_version = FhirVersion::Stu3;
        }
    }
    Ok(ParsedFile { version, bundle_type, resources, rejected })
}

type EntryParts = (Option<String>, Box<RawValue>, Value);

/// One Bundle entry: its fullUrl, the resource's text and its value (for a lean read, only
/// its head: see [`head_value`]); else the type and reason.
fn read_entry(entry: &RawValue, lean: bool) -> Result<EntryParts, (Option<String>, String)> {
    let fields: HashMap<String, &RawValue> =
        serde_json::from_str(entry.get()).map_err(|_| (None, "the entry is not a JSON object".to_string()))?;
    let full_url = fields.get("fullUrl").and_then(|u| serde_json::from_str::<String>(u.get()).ok());
    let Some(raw) = fields.get("resource") else {
        if let Some(request) = fields.get("request").and_then(|r| serde_json::from_str::<Value>(r.get()).ok()) {
            let method = request.get("method").and_then(Value::as_str).unwrap_or("?");
            let url = request.get("url").and_then(Value::as_str).unwrap_or("?");
            let resource_type = url.split(['/', '?']).next().filter(|t| !t.is_empty()).map(str::to_string);
            return Err((
                resource_type,
                format!("the entry is a {method} request for {url} and carries no resource to import"),
            ));
        }
        if let Some(t) = fields.get("resourceType").and_then(|t| serde_json::from_str::<String>(t.get()).ok()) {
            return Err((
                Some(t),
                "the entry has no resource: the resource's fields sit directly in the entry, outside `resource`"
                    .to_string(),
            ));
        }
        return Err((None, "the entry has no resource".to_string()));
    };
    let value = if lean { head_value(raw) } else { resource_value(raw) }.map_err(|reason| (None, reason))?;
    Ok((full_url, (*raw).to_owned(), value))
}

/// The top-level fields `incoming` reads (the STU3 check's are added).
const HEAD_FIELDS: &[&str] = &["resourceType", "id", "meta"];

/// For a lean read: an object holding only the resource's top-level fields that `incoming`
/// and the STU3 check read, parsed without parsing the rest (which is dropped after anyway).
/// Anything unusual (not an object, a key with escapes, no resourceType) goes through
/// `resource_value`, which says what is wrong in the same words as a full read.
fn head_value(raw: &RawValue) -> Result<Value, String> {
    let Ok(fields) = serde_json::from_str::<HashMap<&str, &RawValue>>(raw.get()) else {
        return resource_value(raw);
    };
    let mut head = serde_json::Map::new();
    for &key in HEAD_FIELDS.iter().chain(stu3::STU3_HINT_FIELDS) {
        if let Some(field) = fields.get(key) {
            let Ok(v) = serde_json::from_str::<Value>(field.get()) else { return resource_value(raw) };
            head.insert(key.to_string(), v);
        }
    }
    match head.get("resourceType") {
        Some(Value::String(t)) if !t.is_empty() => Ok(Value::Object(head)),
        _ => resource_value(raw),
    }
}

/// The resource as a value; it must be an object with a resourceType.
fn resource_value(raw: &RawValue) -> Result<Value, String> {
    let value: Value = serde_json::from_str(raw.get()).map_err(|e| format!("the resource cannot be read: {e}"))?;
    match value.get("resourceType") {
        Some(Value::String(t)) if !t.is_empty() => Ok(value),
        _ if !value.is_object() => Err(format!("the resource is {}, not an object", json_kind(raw.get()))),
        _ => Err("the resource has no resourceType".to_string()),
    }
}

fn incoming(location: String, full_url: Option<String>, raw: Box<RawValue>, value: Value) -> IncomingResource {
    let s = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_string);
    IncomingResource {
        resource_type: s(value.get("resourceType")).unwrap_or_default(),
        id: s(value.get("id")),
        full_url,
        version_id: s(value.pointer("/meta/versionId")),
        last_updated: s(value.pointer("/meta/lastUpdated")),
        location,
        raw,
        value,
        original_version: FhirVersion::R4,
    }
}

fn json_kind(text: &str) -> &'static str {
    match text.trim_start().chars().next() {
        Some('[') => "a list",
        Some('{') => "an object",
        Some('"') => "a string",
        Some('t' | 'f') => "a true/false value",
        Some('n') => "null",
        _ => "a number",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_json_has_a_position() {
        let e = read_fhir_json("{\n  \"resourceType\": \"Patient\"\n  \"id\": 1}").unwrap_err();
        assert_eq!(e.code, ErrorCode::MalformedFile);
        assert_eq!((e.line, e.column), (Some(3), Some(3)));
        assert!(e.message.starts_with("not valid JSON at line 3, column 3: expected `,` or `}`"), "{e}");
    }

    #[test]
    fn json_without_resource_type_is_unsupported() {
        assert_eq!(read_fhir_json("[1,2]").unwrap_err().code, ErrorCode::UnsupportedFormat);
        assert_eq!(read_fhir_json("{\"a\":1}").unwrap_err().code, ErrorCode::UnsupportedFormat);
    }

    #[test]
    fn raw_text_is_kept_exactly() {
        let text = r#"{"resourceType":"Bundle","type":"collection","entry":[{"fullUrl":"urn:uuid:1","resource":{ "resourceType" : "Patient", "id":"p" }},{"request":{"method":"DELETE","url":"Patient/x"}}]}"#;
        let f = read_fhir_json(text).unwrap();
        assert_eq!(f.resources[0].raw.get(), r#"{ "resourceType" : "Patient", "id":"p" }"#);
        assert_eq!(f.resources[0].full_url.as_deref(), Some("urn:uuid:1"));
        assert_eq!(f.rejected[0].location, "entry[1]");
        assert!(f.rejected[0].reason.contains("DELETE"));
    }
}
