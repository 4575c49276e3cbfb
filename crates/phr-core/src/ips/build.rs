//! Building an International Patient Summary: a FHIR R4 `document` Bundle (Composition first,
//! LOINC 60591-5) from the same contents a share gathers, written by the one Bundle writer
//! ([`crate::fhir::write_bundle`]).
//!
//! The slice decides what is in it ([`ips_slice`]: every label but those the person leaves
//! out), the vault gathers it, and only what an IPS section carries goes in, with the
//! Medications those entries name. References to anything else are reduced to "Not included
//! in this summary" (nothing of a left-out entry's words stays). Required sections with
//! nothing in them say so with `emptyReason` "unavailable": never "nil known", which would
//! claim the person has no allergies when the app merely holds none, and never "withheld",
//! which would tell the reader something was left out.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::value::RawValue;
use serde_json::{Value, json};

use super::narrative::{self, Row};
use super::sections::{IpsSection, section_of};
use crate::error::ErrorCode;
use crate::fhir::{BundleKind, MapOutcome, NHS_NUMBER_SYSTEM, Resolver, map_resource, read_fhir_json, write_bundle};
use crate::readings::ReadingKind;
use crate::record::{EntryKind, Sensitivity};
use crate::share::document::{add_own_aliases, derived_url, entry_full_url, parse, urn};
use crate::share::references::{Aliases, rewrite_saying};
use crate::share::{ShareDocError, ShareSlice, SharedPatient, SliceContents};

/// What a reference to something not in the summary becomes.
pub const NOT_IN_SUMMARY: &str = "Not included in this summary";

/// The Composition's type: LOINC "Patient summary Document".
pub const IPS_TYPE_CODE: &str = "60591-5";

/// The IPS's title.
pub const IPS_TITLE: &str = "International Patient Summary";

/// The record categories an IPS draws on: the sections' kinds, and documents and others for
/// advance directives.
const CATEGORIES: [EntryKind; 8] = [
    EntryKind::Problem,
    EntryKind::Medication,
    EntryKind::Allergy,
    EntryKind::Immunisation,
    EntryKind::Result,
    EntryKind::Procedure,
    EntryKind::Document,
    EntryKind::Other,
];

/// The slice an IPS is built from: every category an IPS section draws on, every reading
/// kind, every label except those in `leave_out` (the person's own export: nothing is held
/// back unless they say so), and "What matters to me", whose decisions are the advance
/// directives section (a share gathers them only by that tick).
pub fn ips_slice(leave_out: &[Sensitivity]) -> ShareSlice {
    ShareSlice {
        what_matters: true,
        categories: CATEGORIES.to_vec(),
        readings: ReadingKind::ALL.to_vec(),
        include_sensitive: Sensitivity::ALL
            .into_iter()
            .filter(|s| *s != Sensitivity::General && !leave_out.contains(s))
            .collect(),
        ..ShareSlice::default()
    }
}

/// The UUIDs (hyphenated) the caller drew: the core has no randomness. Every other fullUrl is
/// derived from `bundle`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IpsIds {
    pub bundle: String,
    pub composition: String,
    pub patient: String,
}

/// An IPS as written: the JSON and how many section entries it holds.
#[derive(Clone, PartialEq, Eq)]
pub struct BuiltIps {
    pub json: String,
    /// Resources in the Bundle (the Composition and the Patient included).
    pub resources: usize,
    /// Entries listed in the sections.
    pub entries: usize,
}
crate::redacted_debug!(BuiltIps { resources, entries });

/// One resource on its way into the Bundle.
struct Part {
    url: String,
    value: Value,
    section: Option<IpsSection>,
}

/// The IPS Bundle for `contents` (gathered by [`ips_slice`] or narrower), made at `made_at`.
/// Refuses a resource whose text is not JSON (`InvalidInput`: a bug in whoever gathered it).
pub fn build_ips(contents: &SliceContents, ids: &IpsIds, made_at: DateTime<Utc>) -> Result<BuiltIps, ShareDocError> {
    let patient_url = urn(&ids.patient);
    let composition_url = urn(&ids.composition);
    let mut aliases = Aliases::default();
    let mut patient = patient_resource(&contents.patient, &ids.patient)?;
    for a in &contents.patient.aliases {
        aliases.add(a, &patient_url);
    }
    add_own_aliases(&mut aliases, &patient, &patient_url);

    let mut parts: Vec<Part> = Vec::new();
    let mut seen = HashSet::new();
    let mut sensitive = false;
    for e in &contents.entries {
        if !seen.insert(e.entry_id) {
            continue;
        }
        let value = parse(&e.resource, &format!("record entry {}", e.entry_id))?;
        let section = section_of(&value);
        if section.is_none() && e.resource_type != "Medication" {
            continue;
        }
        sensitive |= e.sensitivity != Sensitivity::General;
        let url = entry_full_url(&ids.bundle, e.entry_id);
        for a in &e.aliases {
            aliases.add(a, &url);
        }
        add_own_aliases(&mut aliases, &value, &url);
        parts.push(Part { url, value, section });
    }
    for (i, s) in contents.supporting.iter().enumerate() {
        let value = parse(&s.resource, &format!("supporting {} resource", s.resource_type))?;
        // A Medication that is also an entry is in the document once.
        if s.aliases.iter().any(|a| aliases.resolve(a).is_some()) {
            continue;
        }
        let url = derived_url(&ids.bundle, &format!("supporting/{i}"));
        for a in &s.aliases {
            aliases.add(a, &url);
        }
        add_own_aliases(&mut aliases, &value, &url);
        parts.push(Part { url, value, section: None });
    }
    for (i, r) in contents.readings.iter().enumerate() {
        let mut value = parse(&r.resource, &format!("{} reading", r.kind.label()))?;
        let Some(section) = section_of(&value) else { continue };
        if let Some(map) = value.as_object_mut().filter(|m| !m.contains_key("subject")) {
            map.insert("subject".into(), json!({ "reference": patient_url }));
        }
        parts.push(Part { url: derived_url(&ids.bundle, &format!("reading/{i}")), value, section: Some(section) });
    }

    rewrite_saying(&mut patient, &aliases, NOT_IN_SUMMARY);
    for p in &mut parts {
        rewrite_saying(&mut p.value, &aliases, NOT_IN_SUMMARY);
    }
    // A Medication goes in only when an entry in a section names it.
    let mut named = HashSet::new();
    for p in parts.iter().filter(|p| p.section.is_some()) {
        references_in(&p.value, &mut named);
    }
    parts.retain(|p| p.section.is_some() || named.contains(&p.url));
    for p in &mut parts {
        fix_id(&mut p.value, &p.url);
    }
    fix_id(&mut patient, &patient_url);

    let mut by_section: BTreeMap<IpsSection, Vec<usize>> = BTreeMap::new();
    for (i, p) in parts.iter().enumerate() {
        if let Some(s) = p.section {
            by_section.entry(s).or_default().push(i);
        }
    }
    let made = made_at.to_rfc3339_opts(SecondsFormat::Secs, true);
    let rows = narrative_rows(&ids.bundle, &made, &patient_url, &patient, &parts)?;
    let sections: Vec<Value> = IpsSection::ALL
        .into_iter()
        .filter_map(|s| {
            let members = by_section.get(&s).map(Vec::as_slice).unwrap_or_default();
            if members.is_empty() && !s.is_required() {
                return None;
            }
            let section_rows: Vec<&Row> = members.iter().filter_map(|i| rows.get(*i)).collect();
            let refs: Vec<Value> =
                members.iter().filter_map(|i| parts.get(*i)).map(|p| json!({ "reference": p.url })).collect();
            Some(section_value(s, &section_rows, refs))
        })
        .collect();
    let entries: usize = by_section.values().map(Vec::len).sum();

    let composition = json!({
        "resourceType": "Composition",
        "id": ids.composition,
        "status": "final",
        "type": { "coding": [{ "system": crate::record::LOINC, "code": IPS_TYPE_CODE, "display": "Patient summary Document" }] },
        "subject": { "reference": patient_url },
        "date": made,
        // The person made it, from their own record: they are its author.
        "author": [{ "reference": patient_url }],
        "title": IPS_TITLE,
        // Restricted when it holds anything the person labelled sensitive and chose to include.
        "confidentiality": if sensitive { "R" } else { "N" },
        "section": sections
    });

    let mut all: Vec<(String, Value)> = vec![(composition_url, composition), (patient_url, patient)];
    all.extend(parts.into_iter().map(|p| (p.url, p.value)));
    let resources = all.len();
    let json = write(&ids.bundle, &made, &all)?;
    Ok(BuiltIps { json, resources, entries })
}

/// A resource whose id is not a FHIR id (GP Connect's examples write
/// "MedicationRequest/Consultation1-..." as one) takes its fullUrl's UUID instead: everything
/// in the summary refers to it by that fullUrl, and the receiving system must be able to read it.
fn fix_id(v: &mut Value, url: &str) {
    let valid = |id: &str| {
        !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
    };
    if let Some(map) = v.as_object_mut() {
        let bad = map.get("id").is_some_and(|id| !id.as_str().is_some_and(valid));
        if bad {
            map.insert("id".into(), json!(url.strip_prefix("urn:uuid:").unwrap_or(url)));
        }
    }
}

/// Every `reference` inside `v`.
fn references_in(v: &Value, out: &mut HashSet<String>) {
    match v {
        Value::Object(map) => {
            if let Some(r) = map.get("reference").and_then(Value::as_str) {
                out.insert(r.to_owned());
            }
            map.values().for_each(|x| references_in(x, out));
        }
        Value::Array(items) => items.iter().for_each(|x| references_in(x, out)),
        _ => {}
    }
}

fn write(bundle_id: &str, made: &str, all: &[(String, Value)]) -> Result<String, ShareDocError> {
    let texts: Vec<(String, Box<RawValue>)> = all
        .iter()
        .map(|(url, v)| serde_json::value::to_raw_value(v).map(|raw| (url.clone(), raw)))
        .collect::<Result<_, _>>()
        .map_err(|e| ShareDocError::new(ErrorCode::Internal, format!("The summary could not be written: {e}")))?;
    let borrowed: Vec<(String, &RawValue)> = texts.iter().map(|(u, r)| (u.clone(), r.as_ref())).collect();
    let identifier = urn(bundle_id);
    Ok(write_bundle(BundleKind::Document { identifier: &identifier }, bundle_id, made, &borrowed))
}

/// Each part's row for the narrative, read with the record's own mapping over the resources
/// as they will be in the Bundle (so a MedicationRequest is named by its Medication).
fn narrative_rows(
    bundle_id: &str,
    made: &str,
    patient_url: &str,
    patient: &Value,
    parts: &[Part],
) -> Result<Vec<Row>, ShareDocError> {
    let mut all: Vec<(String, Value)> = vec![(patient_url.to_owned(), patient.clone())];
    all.extend(parts.iter().map(|p| (p.url.clone(), p.value.clone())));
    let text = write(bundle_id, made, &all)?;
    let parsed = read_fhir_json(&text).map_err(|e| {
        ShareDocError::new(ErrorCode::Internal, format!("The summary could not be read back: {}", e.message))
    })?;
    let resolver = Resolver::new(&parsed.resources);
    Ok(parts
        .iter()
        .map(|p| {
            let value =
                resolver.resolve(&p.url, None).and_then(|j| parsed.resources.get(j)).map_or(&p.value, |r| &r.value);
            let by = crate::record::own_entry::tagged_by_carer(value);
            match map_resource(value, &resolver) {
                MapOutcome::Mapped(e) | MapOutcome::Unmapped(e) => Row {
                    title: e.title,
                    date: e.date,
                    status: e.status,
                    value: e.value.map(|v| v.text),
                    reported_by: by,
                },
                MapOutcome::Rejected(_) => Row {
                    title: p.value.get("resourceType").and_then(Value::as_str).unwrap_or("Entry").to_owned(),
                    date: None,
                    status: None,
                    value: None,
                    reported_by: by,
                },
            }
        })
        .collect())
}

fn section_value(s: IpsSection, rows: &[&Row], refs: Vec<Value>) -> Value {
    let code =
        json!({ "coding": [{ "system": crate::record::LOINC, "code": s.loinc(), "display": s.loinc_display() }] });
    if refs.is_empty() {
        return json!({
            "title": s.title(),
            "code": code,
            "text": { "status": "generated", "div": narrative::nothing(s) },
            "emptyReason": {
                "coding": [{
                    "system": "http://terminology.hl7.org/CodeSystem/list-empty-reason",
                    "code": "unavailable",
                    "display": "Unavailable"
                }]
            }
        });
    }
    json!({
        "title": s.title(),
        "code": code,
        "text": { "status": "generated", "div": narrative::table(rows) },
        "entry": refs
    })
}

/// The Patient as imported (with the NHS number added when the person's details hold one it
/// lacks), or one made from the person's details.
fn patient_resource(p: &SharedPatient, id: &str) -> Result<Value, ShareDocError> {
    let mut v = match &p.resource {
        Some(text) => parse(text, "the Patient")?,
        None => json!({
            "resourceType": "Patient",
            "id": id,
            "name": [{ "text": p.name }],
            "birthDate": p.birth_date.format("%Y-%m-%d").to_string()
        }),
    };
    let nhs = p.nhs_number.as_deref().map(|n| n.replace(' ', "")).filter(|n| !n.is_empty());
    if let (Some(nhs), Some(map)) = (nhs, v.as_object_mut()) {
        let ids = map.entry("identifier").or_insert_with(|| json!([]));
        if let Some(list) = ids.as_array_mut() {
            let has = list.iter().any(|i| {
                i.get("system").and_then(Value::as_str).is_some_and(|s| s.trim_end_matches('/') == NHS_NUMBER_SYSTEM)
            });
            if !has {
                list.insert(0, json!({ "system": NHS_NUMBER_SYSTEM, "value": nhs }));
            }
        }
    }
    Ok(v)
}
