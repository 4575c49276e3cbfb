//! The FHIR R4 `document` Bundle a share carries: Composition, Patient, the entries and what
//! they need, readings, "What matters to me" when ticked, the Consent and a Provenance.
//!
//! The core draws no random numbers: the caller gives five UUIDs ([`DocumentIds`]) and every
//! other fullUrl is derived from the Bundle's UUID and what the resource is (SHA-256, laid out
//! as an RFC 9562 version-8 UUID), so one document never repeats a fullUrl and a preview can
//! say which record entry each row came from ([`entry_full_url`]).

use std::collections::HashSet;

use ring::digest;
use serde_json::{Value, json};

use super::consent::{consent_value, recipient_display, rfc3339, set_key};
use super::error::ShareDocError;
use super::model::{ShareConsent, SharedPatient, SliceContents};
use super::references::{Aliases, rewrite};
use super::sections::{READINGS_CODE, READINGS_TITLE, section_code};
use super::what_matters::{WHAT_MATTERS_TITLE, what_matters_part};
use crate::error::ErrorCode;
use crate::fhir::NHS_NUMBER_SYSTEM;
use crate::record::EntryKind;

/// The UUIDs (hyphenated, without `urn:uuid:`) the caller drew for a document: the core has no
/// randomness. Every other fullUrl in the document is derived from `bundle`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentIds {
    pub bundle: String,
    pub composition: String,
    pub consent: String,
    pub provenance: String,
    pub patient: String,
}

/// The fullUrl the record entry `entry_id` has in the document whose Bundle UUID is `bundle`.
pub fn entry_full_url(bundle: &str, entry_id: i64) -> String {
    derived_url(bundle, &format!("entry/{entry_id}"))
}

/// The document Bundle (JSON text) for `contents` shared under `consent`, signed (in the
/// package's manifest) by the key with `signer_fingerprint`.
///
/// Refuses a slice with nothing in it (`ShareNothingSelected`) and a resource whose text is not
/// JSON (`InvalidInput`: a bug in whoever gathered the slice).
pub fn build_document(
    consent: &ShareConsent,
    contents: &SliceContents,
    ids: &DocumentIds,
    signer_fingerprint: &str,
) -> Result<String, ShareDocError> {
    if consent.slice.is_empty() {
        return Err(ShareDocError::new(
            ErrorCode::ShareNothingSelected,
            "Nothing is chosen to share: pick at least one category or kind of reading.",
        ));
    }
    let patient_url = urn(&ids.patient);
    let composition_url = urn(&ids.composition);
    let consent_url = urn(&ids.consent);
    let provenance_url = urn(&ids.provenance);

    let mut aliases = Aliases::default();
    let mut patient = patient_resource(&contents.patient, &ids.patient)?;
    for a in &contents.patient.aliases {
        aliases.add(a, &patient_url);
    }
    add_own_aliases(&mut aliases, &patient, &patient_url);

    let mut seen = HashSet::new();
    let mut entries = Vec::new();
    for e in &contents.entries {
        // Belt and braces: the vault gathers by the same rule, but nothing the citizen did not
        // choose (category, label, untick) gets into a document even if it was handed over.
        // Dates are the gatherer's to judge: they are filed in the citizen's calendar.
        // "What matters to me" is shared by its one tick alone, never through a category.
        let by_category = consent.slice.admits_entry(e.entry_id, e.kind, None, e.sensitivity);
        let by_tick = consent.slice.admits_what_matters(e.entry_id, e.sensitivity);
        if !seen.insert(e.entry_id) || !(by_category || by_tick) {
            continue;
        }
        let value = parse(&e.resource, &format!("record entry {}", e.entry_id))?;
        let what_matters = what_matters_part(&value).is_some();
        if (what_matters && !by_tick) || (!what_matters && !by_category) {
            continue;
        }
        let url = entry_full_url(&ids.bundle, e.entry_id);
        for a in &e.aliases {
            aliases.add(a, &url);
        }
        add_own_aliases(&mut aliases, &value, &url);
        entries.push((e, url, value, what_matters));
    }
    let mut supporting = Vec::new();
    for (i, s) in contents.supporting.iter().enumerate() {
        let url = derived_url(&ids.bundle, &format!("supporting/{i}"));
        let value = parse(&s.resource, &format!("supporting {} resource", s.resource_type))?;
        // An entry that is also a supporting resource is in the document once, as the entry.
        if s.aliases.iter().any(|a| aliases.resolve(a).is_some()) {
            continue;
        }
        for a in &s.aliases {
            aliases.add(a, &url);
        }
        add_own_aliases(&mut aliases, &value, &url);
        supporting.push((url, value));
    }
    let mut readings = Vec::new();
    for (i, r) in contents.readings.iter().enumerate() {
        if !consent.slice.readings.contains(&r.kind) {
            continue;
        }
        let url = derived_url(&ids.bundle, &format!("reading/{i}"));
        let mut value = parse(&r.resource, &format!("{} reading", r.kind.label()))?;
        if value.get("subject").is_none() {
            set_key(&mut value, "subject", json!({ "reference": patient_url }));
        }
        readings.push((r, url, value));
    }

    rewrite(&mut patient, &aliases);
    for (_, _, v, _) in &mut entries {
        rewrite(v, &aliases);
    }
    for (_, v) in &mut supporting {
        rewrite(v, &aliases);
    }
    for (_, _, v) in &mut readings {
        rewrite(v, &aliases);
    }

    let created = rfc3339(consent.created);
    let mut sections = Vec::new();
    for kind in EntryKind::ALL {
        if kind == EntryKind::Patient || !consent.slice.categories.contains(&kind) {
            continue;
        }
        let refs: Vec<Value> = entries
            .iter()
            .filter(|(e, _, _, wm)| e.kind == kind && !wm)
            .map(|(_, url, _, _)| json!({ "reference": url }))
            .collect();
        sections.push(section(kind.label(), section_code(kind), refs));
    }
    if consent.slice.what_matters {
        let refs: Vec<Value> =
            entries.iter().filter(|(_, _, _, wm)| *wm).map(|(_, url, _, _)| json!({ "reference": url })).collect();
        sections.push(section(WHAT_MATTERS_TITLE, json!({ "text": WHAT_MATTERS_TITLE }), refs));
    }
    if !consent.slice.readings.is_empty() {
        let refs: Vec<Value> = readings.iter().map(|(_, url, _)| json!({ "reference": url })).collect();
        sections.push(section(
            READINGS_TITLE,
            json!({ "coding": [{ "system": "http://loinc.org", "code": READINGS_CODE, "display": "Vital signs" }], "text": READINGS_TITLE }),
            refs,
        ));
    }

    let composition = json!({
        "resourceType": "Composition",
        "id": ids.composition,
        "status": "final",
        "type": { "coding": [{ "system": "http://loinc.org", "code": "60591-5", "display": "Patient summary Document" }] },
        "subject": { "reference": patient_url },
        "date": created,
        "author": [{ "reference": patient_url }],
        "title": title(consent),
        "section": sections
    });
    let consent_resource = consent_value(consent, &patient_url, &ids.consent);
    let provenance = json!({
        "resourceType": "Provenance",
        "id": ids.provenance,
        "target": [{ "reference": composition_url }],
        "recorded": created,
        "policy": [consent_url],
        "agent": [provenance_author(consent, &patient_url)],
        // The package's manifest carries the signature; this names the key that made it.
        "entity": [{
            "role": "source",
            "what": { "display": format!("Signed by the record holder's key, fingerprint {signer_fingerprint}") }
        }]
    });

    let mut bundle_entries = vec![entry(&composition_url, composition), entry(&patient_url, patient)];
    bundle_entries.extend(entries.into_iter().map(|(_, url, v, _)| entry(&url, v)));
    bundle_entries.extend(supporting.into_iter().map(|(url, v)| entry(&url, v)));
    bundle_entries.extend(readings.into_iter().map(|(_, url, v)| entry(&url, v)));
    bundle_entries.push(entry(&consent_url, consent_resource));
    bundle_entries.push(entry(&provenance_url, provenance));

    let bundle = json!({
        "resourceType": "Bundle",
        "id": ids.bundle,
        "identifier": { "system": "urn:ietf:rfc:3986", "value": urn(&ids.bundle) },
        "type": "document",
        "timestamp": created,
        "entry": bundle_entries
    });
    serde_json::to_string_pretty(&bundle)
        .map_err(|e| ShareDocError::new(ErrorCode::Internal, format!("The shared document could not be written: {e}")))
}

/// "Health record shared with Jane Smith (Physiotherapist)".
fn title(consent: &ShareConsent) -> String {
    let r = &consent.recipient;
    let mut who = r.name.trim().to_string();
    if let Some(role) = r.role.as_deref().map(str::trim).filter(|x| !x.is_empty()) {
        who.push_str(&format!(" ({role})"));
    }
    if who.is_empty() {
        who = recipient_display(r);
    }
    format!("Health record shared with {who}")
}

fn section(title: &str, code: Value, refs: Vec<Value>) -> Value {
    if refs.is_empty() {
        // cmp-1 wants text, entries or sub-sections; cmp-2 allows emptyReason only when empty.
        // "Unavailable", not "nil known": an allergy section saying "nil known" would claim
        // the person has no allergies, when the share merely holds none.
        return json!({
            "title": title,
            "code": code,
            "text": {
                "status": "generated",
                "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>None in this share.</p></div>"
            },
            "emptyReason": {
                "coding": [{
                    "system": "http://terminology.hl7.org/CodeSystem/list-empty-reason",
                    "code": "unavailable",
                    "display": "Unavailable"
                }],
                "text": "None in this share"
            }
        });
    }
    json!({ "title": title, "code": code, "entry": refs })
}

fn entry(full_url: &str, resource: Value) -> Value {
    json!({ "fullUrl": full_url, "resource": resource })
}

/// The Patient as imported, or one made from the person's details.
fn patient_resource(p: &SharedPatient, id: &str) -> Result<Value, ShareDocError> {
    if let Some(text) = &p.resource {
        return parse(text, "the Patient");
    }
    let mut v = json!({
        "resourceType": "Patient",
        "id": id,
        "name": [{ "text": p.name }],
        "birthDate": p.birth_date.format("%Y-%m-%d").to_string()
    });
    if let Some(nhs) = p.nhs_number.as_deref().map(|n| n.replace(' ', "")).filter(|n| !n.is_empty()) {
        set_key(&mut v, "identifier", json!([{ "system": NHS_NUMBER_SYSTEM, "value": nhs }]));
    }
    Ok(v)
}

/// "Type/id" and "urn:uuid:id" of a resource name it too (Synthea refers by the latter).
pub(crate) fn add_own_aliases(aliases: &mut Aliases, resource: &Value, url: &str) {
    let t = resource.get("resourceType").and_then(Value::as_str);
    let id = resource.get("id").and_then(Value::as_str);
    if let (Some(t), Some(id)) = (t, id) {
        aliases.add(&format!("{t}/{id}"), url);
        if looks_like_uuid(id) {
            aliases.add(&format!("urn:uuid:{id}"), url);
        }
    }
}

fn looks_like_uuid(s: &str) -> bool {
    s.len() == 36
        && s.chars()
            .enumerate()
            .all(|(i, c)| if matches!(i, 8 | 13 | 18 | 23) { c == '-' } else { c.is_ascii_hexdigit() })
}

pub(crate) fn parse(text: &str, what: &str) -> Result<Value, ShareDocError> {
    let v: Value = serde_json::from_str(text)
        .map_err(|e| ShareDocError::new(ErrorCode::InvalidInput, format!("{what} is not valid JSON: {e}")))?;
    if !v.is_object() || v.get("resourceType").and_then(Value::as_str).is_none() {
        return Err(ShareDocError::new(ErrorCode::InvalidInput, format!("{what} is not a FHIR resource")));
    }
    Ok(v)
}

pub(crate) fn urn(uuid: &str) -> String {
    if uuid.starts_with("urn:uuid:") { uuid.to_string() } else { format!("urn:uuid:{uuid}") }
}

/// A UUID derived from the Bundle's and what the resource is: SHA-256, version 8 (custom),
/// RFC 9562 variant.
pub(crate) fn derived_url(bundle: &str, what: &str) -> String {
    let mut input = Vec::with_capacity(bundle.len() + what.len() + 16);
    input.extend_from_slice(b"phr-share/1\0");
    input.extend_from_slice(bundle.as_bytes());
    input.push(0);
    input.extend_from_slice(what.as_bytes());
    let d = digest::digest(&digest::SHA256, &input);
    // The first 16 bytes of the digest (SHA-256 has 32), with the UUID version and variant bits.
    let mut b = [0u8; 16];
    for (slot, byte) in b.iter_mut().zip(d.as_ref()) {
        *slot = *byte;
    }
    let [b0, b1, b2, b3, b4, b5, b6, b7, b8, b9, b10, b11, b12, b13, b14, b15] = b;
    let (b6, b8) = ((b6 & 0x0f) | 0x80, (b8 & 0x3f) | 0x80);
    let hex = |bytes: &[u8]| bytes.iter().map(|x| format!("{x:02x}")).collect::<String>();
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        hex(&[b0, b1, b2, b3]),
        hex(&[b4, b5]),
        hex(&[b6, b7]),
        hex(&[b8, b9]),
        hex(&[b10, b11, b12, b13, b14, b15])
    )
}

/// The Provenance's author: the person, or their carer who made the share on their behalf (a
/// RelatedPerson named as the package's manifest and summary.html name them, "Sarah (carer)",
/// `onBehalfOf` the Patient), so the FHIR content says who made it as the rest of the package does.
fn provenance_author(consent: &ShareConsent, patient_url: &str) -> Value {
    let author = json!({ "coding": [{
        "system": "http://terminology.hl7.org/CodeSystem/provenance-participant-type",
        "code": "author",
        "display": "Author"
    }] });
    match &consent.made_by {
        Some(maker) if maker.role == super::model::MakerRole::Carer => {
            let name = maker.name.trim();
            let who = if name.is_empty() { "Their carer".to_owned() } else { format!("{name} (carer)") };
            json!({
                "type": author,
                "role": [{ "text": "Carer, acting for the person" }],
                "who": { "type": "RelatedPerson", "display": who },
                "onBehalfOf": { "reference": patient_url }
            })
        }
        _ => json!({ "type": author, "who": { "reference": patient_url } }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_urls_are_uuids_and_distinct() {
        let a = entry_full_url("b", 1);
        let b = entry_full_url("b", 2);
        let c = entry_full_url("c", 1);
        assert!(a != b && a != c);
        let uuid = a.strip_prefix("urn:uuid:").unwrap();
        assert!(looks_like_uuid(uuid), "{uuid}");
        assert_eq!(uuid.get(14..15), Some("8"));
    }
}
