//! Finding the resource a reference points at, among those read from the same import:
//! `urn:uuid:` fullUrls, relative `Type/id`, absolute URLs, `#contained` and conditional
//! references (`Patient?identifier=system|value`).

use std::borrow::Cow;
use std::collections::HashMap;

use serde_json::Value;

use super::read::IncomingResource;

/// Looks references up among an import's resources.
#[derive(Debug)]
pub struct Resolver<'a> {
    resources: &'a [IncomingResource<'a>],
    by_full_url: HashMap<&'a str, usize>,
    by_type_id: HashMap<(&'a str, &'a str), usize>,
}

impl<'a> Resolver<'a> {
    pub fn new(resources: &'a [IncomingResource<'a>]) -> Self {
        let mut by_full_url = HashMap::new();
        let mut by_type_id = HashMap::new();
        for (i, r) in resources.iter().enumerate() {
            if let Some(u) = r.full_url.as_deref() {
                by_full_url.entry(u).or_insert(i);
                if let Some((t, id)) = type_and_id(u) {
                    by_type_id.entry((t, id)).or_insert(i);
                }
            }
            if let Some(id) = r.id.as_deref() {
                by_type_id.entry((r.resource_type.as_str(), id)).or_insert(i);
            }
        }
        Self { resources, by_full_url, by_type_id }
    }

    /// A resolver that knows no resources (mapping a lone resource).
    pub fn empty() -> Resolver<'static> {
        Resolver { resources: &[], by_full_url: HashMap::new(), by_type_id: HashMap::new() }
    }

    pub fn resources(&self) -> &'a [IncomingResource<'a>] {
        self.resources
    }

    pub fn get(&self, index: usize) -> Option<&'a IncomingResource<'a>> {
        self.resources.get(index)
    }

    /// The resource at `index` as R4 ([`IncomingResource::r4_value`]).
    pub fn value(&self, index: usize) -> Option<Cow<'a, Value>> {
        self.resources.get(index)?.r4_value()
    }

    /// The index of the resource `reference` points at. `from_full_url` is the fullUrl of the
    /// resource the reference is written in: a `#contained` reference resolves to that
    /// resource (the contained one lives inside it) when it does contain that id.
    pub fn resolve(&self, reference: &str, from_full_url: Option<&str>) -> Option<usize> {
        let reference = reference.trim();
        if let Some(local) = reference.strip_prefix('#') {
            let from = self.by_full_url.get(from_full_url?).copied()?;
            let value = self.value(from)?;
            return contained(&value, local).is_some().then_some(from);
        }
        if let Some(&i) = self.by_full_url.get(reference) {
            return Some(i);
        }
        if let Some((resource_type, query)) = reference.split_once('?') {
            return self.conditional(resource_type.rsplit('/').next().unwrap_or(resource_type), query);
        }
        // A relative reference may be relative to the referrer's base.
        if let Some(base) = from_full_url.and_then(base_of)
            && let Some(&i) = self.by_full_url.get(format!("{base}/{reference}").as_str())
        {
            return Some(i);
        }
        let (t, id) = type_and_id(reference)?;
        self.by_type_id.get(&(t, id)).copied()
    }

    /// The resource a reference written inside `from` points at, contained ones included.
    pub fn resolve_value<'v>(
        &self,
        reference: &str,
        from: &'v Value,
        from_full_url: Option<&str>,
    ) -> Option<Cow<'v, Value>>
    where
        'a: 'v,
    {
        if let Some(local) = reference.trim().strip_prefix('#') {
            return contained(from, local).map(Cow::Borrowed);
        }
        self.value(self.resolve(reference, from_full_url)?)
    }

    fn conditional(&self, resource_type: &str, query: &str) -> Option<usize> {
        let params: Vec<(String, String)> = query
            .split('&')
            .filter_map(|p| p.split_once('='))
            .map(|(k, v)| (percent_decode(k), percent_decode(v)))
            .collect();
        if params.is_empty() {
            return None;
        }
        self.resources.iter().enumerate().position(|(i, r)| {
            r.resource_type == resource_type
                && params.iter().all(|(k, v)| match k.as_str() {
                    "identifier" => self.value(i).is_some_and(|value| has_identifier(&value, v)),
                    "_id" => r.id.as_deref() == Some(v.as_str()),
                    // A search parameter we cannot evaluate: no guess.
                    _ => false,
                })
        })
    }
}

/// The contained resource with this local id.
pub(crate) fn contained<'v>(container: &'v Value, local_id: &str) -> Option<&'v Value> {
    container.get("contained")?.as_array()?.iter().find(|c| c.get("id").and_then(Value::as_str) == Some(local_id))
}

/// `identifier=system|value`, `identifier=|value` (no system) or `identifier=value` (any system).
fn has_identifier(resource: &Value, token: &str) -> bool {
    let (system, value) = match token.split_once('|') {
        Some((s, v)) => (Some(s), v),
        None => (None, token),
    };
    let Some(ids) = resource.get("identifier").and_then(Value::as_array) else { return false };
    ids.iter().any(|id| {
        let v = id.get("value").and_then(Value::as_str);
        let s = id.get("system").and_then(Value::as_str);
        let system_ok = match system {
            None => true,
            Some("") => s.is_none(),
            Some(want) => s == Some(want),
        };
        system_ok && (value.is_empty() || v.map(str::trim) == Some(value.trim()))
    })
}

/// The last `Type/id` of a reference or URL, ignoring a trailing `_history/version`.
fn type_and_id(reference: &str) -> Option<(&str, &str)> {
    let path = reference.split(['?', '#']).next().unwrap_or(reference);
    let parts: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    let (t, id) = match parts.as_slice() {
        [.., t, id, "_history", _] | [.., t, id] => (*t, *id),
        _ => return None,
    };
    let is_type =
        t.chars().next().is_some_and(|c| c.is_ascii_uppercase()) && t.chars().all(|c| c.is_ascii_alphanumeric());
    (is_type && !id.is_empty()).then_some((t, id))
}

/// `http://server/fhir` from `http://server/fhir/Patient/1`.
fn base_of(full_url: &str) -> Option<&str> {
    if !full_url.starts_with("http") {
        return None;
    }
    let (t, id) = type_and_id(full_url)?;
    full_url.strip_suffix(&format!("/{t}/{id}"))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        if byte == b'%'
            && i + 2 < bytes.len()
            && let Some(b) = s.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(if byte == b'+' { b' ' } else { byte });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_and_id_from_many_shapes() {
        assert_eq!(type_and_id("Patient/1"), Some(("Patient", "1")));
        assert_eq!(type_and_id("http://x/fhir/Patient/1/_history/2"), Some(("Patient", "1")));
        assert_eq!(type_and_id("urn:uuid:abc"), None);
        assert_eq!(percent_decode("a%7Cb"), "a|b");
        assert_eq!(percent_decode("a%7"), "a%7");
    }
}
