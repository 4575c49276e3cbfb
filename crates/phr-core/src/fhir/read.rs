//! Reading a FHIR JSON file: a Bundle (its entries flattened) or one resource, each kept as the
//! text that arrived and as an R4 value, with a reason for every entry that cannot be read.

use std::borrow::Cow;
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

/// One resource read from a file; its text is borrowed from the file's (`'a`), not copied.
#[derive(Clone)]
pub struct IncomingResource<'a> {
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
    pub raw: Cow<'a, RawValue>,
    /// The resource as R4: for STU3 input, its R4 mapping.
    pub value: Value,
    pub original_version: FhirVersion,
}
crate::redacted_debug!(IncomingResource<'a> { resource_type,location });

impl IncomingResource<'_> {
    /// The resource as R4: `value` as read, or, for a resource read without its value
    /// (`Value::Null`, see [`read_fhir_json_lean`]), parsed from its text now.
    pub fn r4_value(&self) -> Option<Cow<'_, Value>> {
        if !self.value.is_null() {
            return Some(Cow::Borrowed(&self.value));
        }
        let v: Value = serde_json::from_str(self.raw.get()).ok()?;
        Some(Cow::Owned(if self.original_version == FhirVersion::Stu3 { stu3::stu3_to_r4(&v) } else { v }))
    }

    /// The same resource holding its own copy of its text, free of the file's.
    pub fn into_owned(self) -> IncomingResource<'static> {
        IncomingResource { raw: Cow::Owned(self.raw.into_owned()), ..self }
    }
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
pub struct ParsedFile<'a> {
    pub version: FhirVersion,
    /// `Bundle.type` (`collection`, `transaction`, `searchset`...), none for a lone resource.
    pub bundle_type: Option<String>,
    pub resources: Vec<IncomingResource<'a>>,
    pub rejected: Vec<Rejected>,
}

impl ParsedFile<'_> {
    /// The same file's contents holding their own copies of the resources' texts.
    pub fn into_owned(self) -> ParsedFile<'static> {
        ParsedFile {
            version: self.version,
            bundle_type: self.bundle_type,
            resources: self.resources.into_iter().map(IncomingResource::into_owned).collect(),
            rejected: self.rejected,
        }
    }
}

/// Why a whole file was refused, with the place in the file when the JSON is broken.
#[derive(Clone, PartialEq, Eq)]
pub struct FhirReadError {
    /// `MalformedFile` (not JSON) or `UnsupportedFormat` (JSON, but not FHIR).
    pub code: ErrorCode,
    pub message: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
}
crate::redacted_debug!(FhirReadError { code, line, column });

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
pub fn read_fhir_json(text: &str) -> Result<ParsedFile<'_>, FhirReadError> {
    read(text, false)
}

/// [`read_fhir_json`], but every resource's `value` is left `Value::Null` once its type, id,
/// fullUrl and meta are taken: a large record is not held as values all at once. Each value is
/// parsed again from `raw` when it is needed ([`super::Resolver::value`] does so, converting
/// STU3 to R4 as `read_fhir_json` would have).
pub fn read_fhir_json_lean(text: &str) -> Result<ParsedFile<'_>, FhirReadError> {
    read(text, true)
}

fn read(text: &str, lean: bool) -> Result<ParsedFile<'_>, FhirReadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(FhirReadError::malformed("the file is empty"));
    }
    match bundle_in_one_pass(text) {
        Some(bundle) => Ok(read_bundle(bundle.bundle_type, bundle.meta, Some(bundle.entries), lean)),
        None => read_any(text, lean),
    }
}

/// Any file: a Bundle, a single resource, or what the refusal says.
fn read_any(text: &str, lean: bool) -> Result<ParsedFile<'_>, FhirReadError> {
    // Borrowed from `text` throughout, down to each resource's text that is kept: a large
    // file's text is not copied.
    let whole: &RawValue = serde_json::from_str(text).map_err(|e| FhirReadError::from_json(&e))?;
    let [top_type, bundle_type_field, top_meta, top_entry] = pick(whole, &TOP_FIELDS).ok_or_else(|| {
        FhirReadError::unsupported(format!(
            "this is JSON but not a FHIR resource: the file holds {}, not an object with a resourceType",
            json_kind(whole.get())
        ))
    })?;
    let Some(resource_type) = top_type.and_then(|r| serde_json::from_str::<String>(r.get()).ok()) else {
        return Err(FhirReadError::unsupported(
            "this is JSON but not a FHIR resource: it has no resourceType".to_string(),
        ));
    };

    if resource_type == "Bundle" {
        let entries = match top_entry {
            Some(entries) => {
                let entries: Vec<&RawValue> = serde_json::from_str(entries.get())
                    .map_err(|_| FhirReadError::malformed("the Bundle's entry is not a list of entries"))?;
                Some(entries.iter().map(|e| pick(e, &ENTRY_FIELDS)).collect())
            }
            None => None,
        };
        return Ok(read_bundle(bundle_type_field, top_meta, entries, lean));
    }
    let mut resources = Vec::new();
    let mut rejected = Vec::new();
    let mut stu3_hint = false;
    match if lean { head_value(whole) } else { resource_value(whole) } {
        Ok(value) => {
            let (r, hint) = keep(incoming("resource".into(), None, Cow::Borrowed(whole), value), lean);
            stu3_hint |= hint;
            resources.push(r);
        }
        Err(reason) => {
            rejected.push(Rejected { location: "resource".into(), resource_type: Some(resource_type), reason })
        }
    }
    Ok(finish(None, resources, rejected, stu3_hint))
}

/// A Bundle from its `type`, `meta` and entries (each entry's [`ENTRY_FIELDS`], `None` for an
/// entry that is not an object).
fn read_bundle<'a>(
    bundle_type: Option<&RawValue>,
    meta: Option<&RawValue>,
    entries: Option<Vec<EntryFields<'a>>>,
    lean: bool,
) -> ParsedFile<'a> {
    let bundle_type = bundle_type.and_then(|t| serde_json::from_str::<String>(t.get()).ok());
    let mut stu3_hint = false;
    if let Some(meta) = meta.and_then(|m| serde_json::from_str::<Value>(m.get()).ok()) {
        stu3_hint |= stu3::profile_is_stu3(&meta);
    }
    let mut resources = Vec::new();
    let mut rejected = Vec::new();
    if let Some(entries) = entries {
        resources.reserve_exact(entries.len());
        for read in read_entries(&entries, lean).into_iter().flatten() {
            match read {
                Ok((r, hint)) => {
                    stu3_hint |= hint;
                    resources.push(r);
                }
                Err(r) => rejected.push(r),
            }
        }
    }
    finish(bundle_type, resources, rejected, stu3_hint)
}

/// The file's FHIR version (STU3 when a hint or any resource says so), its resources then held
/// as R4.
fn finish<'a>(
    bundle_type: Option<String>,
    mut resources: Vec<IncomingResource<'a>>,
    rejected: Vec<Rejected>,
    stu3_hint: bool,
) -> ParsedFile<'a> {
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
    ParsedFile { version, bundle_type, resources, rejected }
}

/// A Bundle's `type` and `meta` and its entries' fields, as [`bundle_in_one_pass`] reads them.
struct BundleParts<'a> {
    bundle_type: Option<&'a RawValue>,
    meta: Option<&'a RawValue>,
    entries: Vec<EntryFields<'a>>,
}

/// A Bundle (nearly every file) read in one pass over its text: the top-level fields, each
/// entry's fields and each resource's text. Reading the whole text, then its top-level fields,
/// then its entry list, then each entry ([`read_any`]) passes over it four times. `None` for
/// anything else (not a Bundle, not JSON, an entry list or an entry
/// that is not what a Bundle holds): the general reading then reads it again and says what is
/// wrong, so both give the same result for every file.
fn bundle_in_one_pass(text: &str) -> Option<BundleParts<'_>> {
    use serde::de::DeserializeSeed;
    let mut reader = serde_json::Deserializer::from_str(text);
    let ([resource_type, bundle_type, meta], entries) = BundleTop.deserialize(&mut reader).ok()?;
    reader.end().ok()?;
    let resource_type: &str = serde_json::from_str(resource_type?.get()).ok()?;
    (resource_type == "Bundle").then(|| BundleParts { bundle_type, meta, entries: entries.unwrap_or_default() })
}

/// A Bundle entry's [`ENTRY_FIELDS`]; `None` when the entry is not an object.
type EntryFields<'a> = Option<[Option<&'a RawValue>; 4]>;

/// [`bundle_in_one_pass`]'s reader of the top level: `resourceType`, `type` and `meta`
/// unparsed, and `entry` as each entry's [`ENTRY_FIELDS`] (an error when it is not a list of
/// objects); other fields skipped. A field given twice counts as its last value.
struct BundleTop;

type BundleTopValue<'a> = ([Option<&'a RawValue>; 3], Option<Vec<EntryFields<'a>>>);

impl<'de> serde::de::DeserializeSeed<'de> for BundleTop {
    type Value = BundleTopValue<'de>;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for BundleTop {
    type Value = BundleTopValue<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Bundle")
    }

    fn visit_map<M: serde::de::MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
        let mut fields = [None; 3];
        let mut entries = None;
        while let Some(at) = map.next_key_seed(KeyIndex(&TOP_FIELDS))? {
            match at {
                Some(3) => entries = Some(map.next_value_seed(EntryList)?),
                Some(i) => {
                    let value = map.next_value::<&'de RawValue>()?;
                    if let Some(slot) = fields.get_mut(i) {
                        *slot = Some(value);
                    }
                }
                None => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
        }
        Ok((fields, entries))
    }
}

/// A Bundle's `entry` list, read as each entry's [`ENTRY_FIELDS`].
struct EntryList;

impl<'de> serde::de::DeserializeSeed<'de> for EntryList {
    type Value = Vec<EntryFields<'de>>;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> serde::de::Visitor<'de> for EntryList {
    type Value = Vec<EntryFields<'de>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of entries")
    }

    fn visit_seq<S: serde::de::SeqAccess<'de>>(self, mut seq: S) -> Result<Self::Value, S::Error> {
        let mut entries = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(fields) = seq.next_element_seed(Picker(&ENTRY_FIELDS))? {
            entries.push(Some(fields));
        }
        Ok(entries)
    }
}

/// The top-level fields reading a file needs.
const TOP_FIELDS: [&str; 4] = ["resourceType", "type", "meta", "entry"];

/// The fields of a Bundle entry reading it needs.
const ENTRY_FIELDS: [&str; 4] = ["fullUrl", "resource", "request", "resourceType"];

/// The top-level fields of a resource that `incoming` reads (type, id, meta) and the STU3 check
/// reads (`stu3::STU3_HINT_FIELDS`): a lean read parses only these.
const HEAD_FIELDS: [&str; 9] =
    ["resourceType", "id", "meta", "assertedDate", "notGiven", "date", "occurrenceDateTime", "taken", "clinicalStatus"];

/// The fields of a JSON object named in `names`, in that order, each borrowed from the text
/// unparsed, in one pass that allocates nothing per key; the rest are skipped. A name given
/// twice counts as its last value, as any JSON object reader takes it. `None` when the text
/// is not an object.
fn pick<'a, const N: usize>(raw: &'a RawValue, names: &'static [&'static str; N]) -> Option<[Option<&'a RawValue>; N]> {
    use serde::de::DeserializeSeed;
    let mut reader = serde_json::Deserializer::from_str(raw.get());
    Picker(names).deserialize(&mut reader).ok()
}

/// [`pick`]'s reader: a map visitor that keeps the named fields' values.
struct Picker<const N: usize>(&'static [&'static str; N]);

impl<'de, const N: usize> serde::de::DeserializeSeed<'de> for Picker<N> {
    type Value = [Option<&'de RawValue>; N];

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, const N: usize> serde::de::Visitor<'de> for Picker<N> {
    type Value = [Option<&'de RawValue>; N];

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<M: serde::de::MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
        let mut values = [None; N];
        while let Some(at) = map.next_key_seed(KeyIndex(self.0))? {
            match at {
                Some(i) => {
                    let value = map.next_value::<&'de RawValue>()?;
                    if let Some(slot) = values.get_mut(i) {
                        *slot = Some(value);
                    }
                }
                None => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
        }
        Ok(values)
    }
}

/// A key's place among the names [`pick`] wants, compared without copying the key.
struct KeyIndex<const N: usize>(&'static [&'static str; N]);

impl<'de, const N: usize> serde::de::DeserializeSeed<'de> for KeyIndex<N> {
    type Value = Option<usize>;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<const N: usize> serde::de::Visitor<'_> for KeyIndex<N> {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok(self.0.iter().position(|name| *name == key))
    }
}

/// Below this many entries a Bundle is read on one thread: starting threads would cost more
/// than they save.
const ENTRIES_PER_THREAD_AT_LEAST: usize = 512;

/// Each entry read ([`read_entry`]), in order, in one part per thread: on as many threads as
/// the machine has cores, since a large record's entries are independent and reading them is
/// most of reading the file. The parts are not joined here, which would copy them all.
fn read_entries<'a>(
    entries: &[EntryFields<'a>],
    lean: bool,
) -> Vec<Vec<Result<(IncomingResource<'a>, bool), Rejected>>> {
    let one = |(i, entry): (usize, &EntryFields<'a>)| {
        let location = format!("entry[{i}]");
        match read_entry(*entry, lean) {
            Ok((full_url, raw, value)) => Ok(keep(incoming(location, full_url, Cow::Borrowed(raw), value), lean)),
            Err((resource_type, reason)) => Err(Rejected { location, resource_type, reason }),
        }
    };
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let threads = cores.min(entries.len() / ENTRIES_PER_THREAD_AT_LEAST).max(1);
    if threads == 1 {
        return vec![entries.iter().enumerate().map(one).collect()];
    }
    let per_thread = entries.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = entries
            .chunks(per_thread)
            .enumerate()
            .map(|(n, chunk)| {
                let one = &one;
                scope.spawn(move || chunk.iter().enumerate().map(|(i, e)| one((n * per_thread + i, e))).collect())
            })
            .collect();
        // A panic in a reader is a bug; it is passed on as it would be on one thread.
        handles.into_iter().map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))).collect()
    })
}

/// For a lean read, whether the resource looks STU3 (the check needs its head), then its value
/// let go; a full read keeps the value and checks it later.
fn keep(mut r: IncomingResource<'_>, lean: bool) -> (IncomingResource<'_>, bool) {
    let mut hint = false;
    if lean {
        hint = stu3::looks_stu3(&r.value);
        r.value = Value::Null;
    }
    (r, hint)
}

type EntryParts<'a> = (Option<String>, &'a RawValue, Value);

/// One Bundle entry, from its [`ENTRY_FIELDS`]: its fullUrl, the resource's text and its value
/// (for a lean read, only its head: see [`head_value`]); else the type and reason.
fn read_entry(entry: EntryFields<'_>, lean: bool) -> Result<EntryParts<'_>, (Option<String>, String)> {
    let [full_url, resource, request, resource_type] =
        entry.ok_or_else(|| (None, "the entry is not a JSON object".to_string()))?;
    let full_url = full_url.and_then(|u| serde_json::from_str::<String>(u.get()).ok());
    let Some(raw) = resource else {
        if let Some(request) = request.and_then(|r| serde_json::from_str::<Value>(r.get()).ok()) {
            let method = request.get("method").and_then(Value::as_str).unwrap_or("?");
            let url = request.get("url").and_then(Value::as_str).unwrap_or("?");
            let resource_type = url.split(['/', '?']).next().filter(|t| !t.is_empty()).map(str::to_string);
            return Err((
                resource_type,
                format!("the entry is a {method} request for {url} and carries no resource to import"),
            ));
        }
        if let Some(t) = resource_type.and_then(|t| serde_json::from_str::<String>(t.get()).ok()) {
            return Err((
                Some(t),
                "the entry has no resource: the resource's fields sit directly in the entry, outside `resource`"
                    .to_string(),
            ));
        }
        return Err((None, "the entry has no resource".to_string()));
    };
    let value = if lean { head_value(raw) } else { resource_value(raw) }.map_err(|reason| (None, reason))?;
    Ok((full_url, raw, value))
}

/// For a lean read: an object holding only the resource's [`HEAD_FIELDS`], parsed without
/// parsing the rest (which is dropped after anyway). Anything unusual (not an object, a field
/// that is not JSON, no resourceType) goes through `resource_value`, which says what is wrong
/// in the same words as a full read.
fn head_value(raw: &RawValue) -> Result<Value, String> {
    let Some(fields) = pick(raw, &HEAD_FIELDS) else {
        return resource_value(raw);
    };
    let mut head = serde_json::Map::new();
    for (key, field) in HEAD_FIELDS.iter().zip(fields) {
        if let Some(field) = field {
            let Ok(v) = serde_json::from_str::<Value>(field.get()) else { return resource_value(raw) };
            head.insert((*key).to_string(), v);
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

fn incoming(location: String, full_url: Option<String>, raw: Cow<'_, RawValue>, value: Value) -> IncomingResource<'_> {
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
    fn the_head_holds_what_incoming_and_the_stu3_check_read() {
        let mut names: Vec<&str> = HEAD_FIELDS.to_vec();
        let mut wanted: Vec<&str> = ["resourceType", "id"].iter().chain(stu3::STU3_HINT_FIELDS).copied().collect();
        names.sort_unstable();
        wanted.sort_unstable();
        wanted.dedup();
        assert_eq!(names, wanted);
    }

    #[test]
    fn picked_fields_are_the_named_ones_in_order_and_the_rest_is_skipped() {
        let raw: &RawValue = serde_json::from_str(
            r#"{"b": [1, {"x": "}"}], "a\u0041": 1, "c": {"d": 2}, "a": "first", "a": "last", "z": null}"#,
        )
        .unwrap();
        let [a, c, missing] = pick(raw, &["a", "c", "missing"]).unwrap();
        assert_eq!(a.map(RawValue::get), Some(r#""last""#));
        assert_eq!(c.map(RawValue::get), Some(r#"{"d": 2}"#));
        assert!(missing.is_none());
        let not_an_object: &RawValue = serde_json::from_str("[1, 2]").unwrap();
        assert!(pick(not_an_object, &["a"]).is_none());
    }

    #[test]
    fn a_large_bundle_read_on_several_threads_keeps_file_order() {
        let entry = |i: usize| {
            if i % 7 == 3 {
                r#"{"request":{"method":"DELETE","url":"Patient/x"}}"#.to_string()
            } else {
                format!(r#"{{"fullUrl":"urn:uuid:{i}","resource":{{"resourceType":"Observation","id":"o{i}"}}}}"#)
            }
        };
        let n = ENTRIES_PER_THREAD_AT_LEAST * 4 + 3;
        let entries: Vec<String> = (0..n).map(entry).collect();
        let text = format!(r#"{{"resourceType":"Bundle","type":"collection","entry":[{}]}}"#, entries.join(","));
        for f in [read_fhir_json(&text).unwrap(), read_fhir_json_lean(&text).unwrap()] {
            let kept: Vec<usize> = (0..n).filter(|i| i % 7 != 3).collect();
            assert_eq!(f.resources.len(), kept.len());
            for (r, i) in f.resources.iter().zip(&kept) {
                assert_eq!(r.location, format!("entry[{i}]"));
                assert_eq!(r.id.as_deref(), Some(format!("o{i}").as_str()));
            }
            let rejected: Vec<&str> = f.rejected.iter().map(|r| r.location.as_str()).collect();
            let wanted: Vec<String> = (0..n).filter(|i| i % 7 == 3).map(|i| format!("entry[{i}]")).collect();
            assert_eq!(rejected, wanted);
        }
    }

    #[test]
    fn a_field_given_twice_counts_as_its_last_value() {
        let text = r#"{"resourceType":"Bundle","type":"collection","type":"batch","entry":[
            {"fullUrl":"urn:uuid:1","fullUrl":"urn:uuid:2","resource":{"resourceType":"Patient","id":"a","id":"b"}}]}"#;
        for f in [read_fhir_json(text).unwrap(), read_fhir_json_lean(text).unwrap()] {
            assert_eq!(f.bundle_type.as_deref(), Some("batch"));
            assert_eq!(f.resources[0].full_url.as_deref(), Some("urn:uuid:2"));
            assert_eq!(f.resources[0].id.as_deref(), Some("b"));
        }
    }

    /// What a read gave, field by field (`IncomingResource`'s Debug is redacted).
    fn summary(r: Result<ParsedFile<'_>, FhirReadError>) -> String {
        match r {
            Ok(f) => {
                let resources: Vec<String> = f
                    .resources
                    .iter()
                    .map(|r| {
                        format!(
                            "{} {:?} {:?} {:?} {:?} {} {} {:?}",
                            r.resource_type,
                            r.id,
                            r.full_url,
                            r.version_id,
                            r.last_updated,
                            r.location,
                            r.raw.get(),
                            (&r.value, r.original_version)
                        )
                    })
                    .collect();
                format!("{:?} {:?} {resources:?} {:?}", f.version, f.bundle_type, f.rejected)
            }
            Err(e) => format!("{:?} {}", e, e.message),
        }
    }

    #[test]
    fn a_bundle_read_in_one_pass_reads_as_the_general_reading_does() {
        let files = [
            r#"{"resourceType":"Bundle","type":"collection","meta":{"lastUpdated":"2020"},"entry":[
                {"fullUrl":"urn:uuid:1","resource":{"resourceType":"Patient","id":"p","meta":{"versionId":"2"}}},
                {"request":{"method":"DELETE","url":"Patient/x"}},
                {"resourceType":"Observation","id":"loose"},
                {"fullUrl":"urn:uuid:3","resource":[1]},
                {"resource":{"id":"no type"}}]}"#,
            r#"  {"entry":[{"resource":{"resourceType":"Condition","assertedDate":"2001"}}],"resourceType":"Bundle"} "#,
            r#"{"resourceType":"Bundle","meta":{"profile":["http://hl7.org/fhir/STU3/StructureDefinition/Bundle"]}}"#,
            r#"{"resourceType":"Bundle","type":"x","type":"searchset","entry":[],"entry":[{"resource":{"resourceType":"Basic"}}]}"#,
            r#"{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Basic"}}, 7, null]}"#,
            r#"{"resourceType":"Bundle","entry":{"resource":{"resourceType":"Basic"}}}"#,
            r#"{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Basic"}}]} trailing"#,
            r#"{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Basic"}}"#,
            r#"{"resourceType":"Bund\u006ce","entry":[{"resource":{"resourceType":"Basic"}}]}"#,
            r#"{"resourceType":"Patient","id":"p","entry":[1]}"#,
            r#"{"resourceType":7}"#,
            r#"[{"resourceType":"Bundle"}]"#,
        ];
        for text in files {
            for lean in [false, true] {
                assert_eq!(summary(read(text, lean)), summary(read_any(text, lean)), "{text}");
            }
        }
        assert!(bundle_in_one_pass(files[0]).is_some() && bundle_in_one_pass(files[3]).is_some());
        for odd in &files[4..] {
            assert!(bundle_in_one_pass(odd).is_none(), "{odd}");
        }
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
