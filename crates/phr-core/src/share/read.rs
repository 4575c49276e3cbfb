//! Reading a shared document back into rows, with the record's own FHIR mapping: what the
//! professional's app shows, and the citizen's preview before sealing.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use std::collections::HashMap;

use serde_json::Value;

use super::consent::narrative_span;
use super::document::entry_full_url;
use super::error::ShareDocError;
use super::model::SliceContents;
use super::sections::{self, READINGS_CODE, READINGS_TITLE};
use super::what_matters::{WHAT_MATTERS_TITLE, WhatMattersWords, what_matters_words};
use crate::fhir::{MapOutcome, Resolver, map_resource, patient_facts, read_fhir_json};
use crate::readings::ReadingKind;
use crate::readings::kind::loinc;
use crate::record::{EntryKind, LOINC};

/// A shared document as rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SharedDocument {
    pub patient: SharedSubject,
    pub sections: Vec<SharedSection>,
    pub readings: Vec<SharedReadingGroup>,
    /// What the document's Consent says, when it carries one.
    pub consent: Option<SharedConsentInfo>,
    /// "What matters to me", in the order the person would say it, when the share holds the
    /// section (the tick); `None` when it does not.
    #[serde(default)]
    pub what_matters: Option<Vec<SharedWhatMattersRow>>,
}

/// One part of "What matters to me" in plain words.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SharedWhatMattersRow {
    /// The resource's fullUrl in the Bundle (`urn:uuid:...`).
    pub resource_id: String,
    /// The record entry it came from: only in the citizen's preview, never from a package.
    pub entry_id: Option<i64>,
    /// What it is: "Matters most to me", "Next of kin, Emergency contact", "GP practice".
    pub what: String,
    /// What it says.
    pub words: String,
}
crate::redacted_debug!(SharedWhatMattersRow { entry_id });

/// Who the document is about.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SharedSubject {
    pub name: String,
    pub birth_date: Option<NaiveDate>,
    /// Ten digits, unformatted.
    pub nhs_number: Option<String>,
}
crate::redacted_debug!(SharedSubject);

/// One category of entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SharedSection {
    pub kind: EntryKind,
    /// The section's title ("Medicines").
    pub title: String,
    pub rows: Vec<SharedRow>,
}

/// One shared entry.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SharedRow {
    /// The entry's fullUrl in the Bundle (`urn:uuid:...`).
    pub resource_id: String,
    /// The record entry it came from: only in the citizen's preview
    /// ([`read_document_with_entries`]), never from a package.
    pub entry_id: Option<i64>,
    pub title: String,
    /// ISO date or date-time as the resource gives it.
    pub date: Option<String>,
    pub status: Option<String>,
    pub value_text: Option<String>,
    pub flag: Option<String>,
    /// The red-flag row its value meets (a result that is a kind of reading), by id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub red_flag: Option<String>,
}
crate::redacted_debug!(SharedRow { entry_id, flag });

/// The readings of one kind, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SharedReadingGroup {
    pub kind: ReadingKind,
    pub rows: Vec<SharedReadingRow>,
}

/// One reading.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SharedReadingRow {
    /// RFC 3339 as the Observation gives it.
    pub at: String,
    /// "128/82 mmHg, pulse 64", "72.4 kg".
    pub value_text: String,
    /// The red-flag row the reading met when it was shared (the person's advice), by id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub red_flag: Option<String>,
}
crate::redacted_debug!(SharedReadingRow);

/// What the document's Consent says.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SharedConsentInfo {
    /// The recipient as named in the Consent.
    pub recipient: Option<String>,
    pub purpose: Option<String>,
    /// RFC 3339.
    pub start: Option<String>,
    pub end: Option<String>,
}
crate::redacted_debug!(SharedConsentInfo);

/// Reads a document Bundle this app made: the Composition's sections, each entry mapped with
/// the record's own FHIR mapping (references resolved inside the Bundle, so a
/// MedicationRequest is titled by its Medication), and the readings by kind.
///
/// Refuses text that is not a FHIR document Bundle or has no Composition first
/// (`MalformedFile`), and a Composition that refers to something the Bundle does not hold
/// (`ShareTampered`: such a document was changed after it was made).
pub fn read_document(bundle_json: &str) -> Result<SharedDocument, ShareDocError> {
    read(bundle_json, None)
}

/// [`read_document`] for the citizen's preview: each row also carries the record entry it came
/// from (`contents` is what the document was built from: rows are matched by the fullUrl
/// [`super::entry_full_url`] gives each entry), so an entry can be unticked.
pub fn read_document_with_entries(
    bundle_json: &str,
    contents: &SliceContents,
) -> Result<SharedDocument, ShareDocError> {
    read(bundle_json, Some(contents))
}

fn read(bundle_json: &str, contents: Option<&SliceContents>) -> Result<SharedDocument, ShareDocError> {
    let bundle: Value =
        serde_json::from_str(bundle_json.strip_prefix('\u{feff}').unwrap_or(bundle_json)).map_err(|e| {
            ShareDocError::malformed(format!(
                "The shared record is not valid JSON (line {}, column {}).",
                e.line(),
                e.column()
            ))
        })?;
    if bundle.get("resourceType").and_then(Value::as_str) != Some("Bundle")
        || bundle.get("type").and_then(Value::as_str) != Some("document")
    {
        return Err(ShareDocError::malformed("The shared record is not a FHIR document Bundle."));
    }
    let parsed = read_fhir_json(bundle_json)
        .map_err(|e| ShareDocError::malformed(format!("The shared record cannot be read: {}", e.message)))?;
    let resources = parsed.resources;
    let composition_index = 0;
    let composition = match resources.first() {
        Some(r) if r.resource_type == "Composition" => &r.value,
        _ => return Err(ShareDocError::malformed("The shared record has no Composition (entry 1 must be one).")),
    };
    let resolver = Resolver::new(&resources);
    let subject_ref = composition.get("subject").and_then(|s| s.get("reference")).and_then(Value::as_str);
    let patient = subject_ref
        .and_then(|r| resolver.resolve(r, None))
        .and_then(|i| resources.get(i))
        .filter(|r| r.resource_type == "Patient")
        .ok_or_else(|| ShareDocError::tampered("The shared record's Composition names no Patient it holds."))?;
    let subject = subject_of(&patient.value);

    let entry_ids: HashMap<String, i64> = contents
        .map(|c| {
            let bundle_id = bundle.get("id").and_then(Value::as_str).unwrap_or_default();
            c.entries.iter().map(|e| (entry_full_url(bundle_id, e.entry_id), e.entry_id)).collect()
        })
        .unwrap_or_default();

    let mut sections = Vec::new();
    let mut readings: Vec<SharedReadingGroup> = Vec::new();
    let mut what_matters: Option<Vec<SharedWhatMattersRow>> = None;
    for (n, section) in arr(composition, "section").into_iter().enumerate() {
        let title = section.get("title").and_then(Value::as_str).unwrap_or_default();
        let mut targets = Vec::new();
        for e in arr(section, "entry") {
            let Some(reference) = e.get("reference").and_then(Value::as_str) else {
                return Err(ShareDocError::tampered(format!(
                    "Section {} of the shared record has an entry with no reference.",
                    n + 1
                )));
            };
            let index = resolver.resolve(reference, None).filter(|i| *i != composition_index).ok_or_else(|| {
                ShareDocError::tampered(format!(
                    "Section \"{title}\" of the shared record refers to {reference}, which the record does not hold."
                ))
            })?;
            targets.push(index);
        }
        if is_readings(section) {
            for r in targets.into_iter().filter_map(|i| resources.get(i)) {
                let Some(kind) = reading_kind(&r.value) else { continue };
                let (value_text, red_flag) = reading_value(&r.value, &resolver);
                let row = SharedReadingRow { at: effective(&r.value).unwrap_or_default(), value_text, red_flag };
                match readings.iter_mut().find(|g| g.kind == kind) {
                    Some(g) => g.rows.push(row),
                    None => readings.push(SharedReadingGroup { kind, rows: vec![row] }),
                }
            }
            continue;
        }
        if title == WHAT_MATTERS_TITLE {
            let mut rows: Vec<((usize, usize), SharedWhatMattersRow)> = targets
                .into_iter()
                .filter_map(|i| resources.get(i))
                .map(|r| {
                    let full_url = r.full_url.clone().unwrap_or_default();
                    // A resource the app cannot put in words still gets a row saying what it is.
                    let w = what_matters_words(&r.value).unwrap_or_else(|| WhatMattersWords {
                        what: r.resource_type.clone(),
                        words: "This app cannot show this part.".into(),
                        order: (usize::MAX, 0),
                    });
                    let row = SharedWhatMattersRow {
                        entry_id: entry_ids.get(&full_url).copied(),
                        resource_id: full_url,
                        what: w.what,
                        words: w.words,
                    };
                    (w.order, row)
                })
                .collect();
            rows.sort_by_key(|(order, _)| *order);
            what_matters.get_or_insert_with(Vec::new).extend(rows.into_iter().map(|(_, r)| r));
            continue;
        }
        let Some(kind) = sections::kind_of_title(title) else {
            return Err(ShareDocError::malformed(format!(
                "The shared record has a section this app does not know: \"{title}\"."
            )));
        };
        let rows = targets
            .into_iter()
            .filter_map(|i| resources.get(i))
            .map(|r| {
                let full_url = r.full_url.clone().unwrap_or_default();
                let mut row = row_of(&r.value, &resolver, &r.resource_type);
                row.entry_id = entry_ids.get(&full_url).copied();
                row.resource_id = full_url;
                row
            })
            .collect();
        sections.push(SharedSection { kind, title: kind.label().to_string(), rows });
    }
    readings.sort_by_key(|g| g.kind);
    for g in &mut readings {
        g.rows.sort_by(|a, b| a.at.cmp(&b.at));
    }
    let consent = resources.iter().find(|r| r.resource_type == "Consent").map(|r| consent_info(&r.value));
    Ok(SharedDocument { patient: subject, sections, readings, consent, what_matters })
}

fn arr<'v>(v: &'v Value, key: &str) -> Vec<&'v Value> {
    v.get(key).and_then(Value::as_array).map(|a| a.iter().collect()).unwrap_or_default()
}

fn str_at<'v>(v: &'v Value, key: &str) -> Option<&'v str> {
    v.get(key).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty())
}

fn subject_of(patient: &Value) -> SharedSubject {
    let facts = patient_facts(patient);
    let name = facts
        .names
        .first()
        .map(|(family, given)| {
            let mut parts = given.clone();
            parts.push(family.clone());
            parts.join(" ")
        })
        .or_else(|| arr(patient, "name").into_iter().find_map(|n| str_at(n, "text")).map(str::to_string))
        .unwrap_or_else(|| "Name not given".to_string());
    SharedSubject {
        name,
        birth_date: facts.birth_date,
        nhs_number: facts.nhs_number.map(|n| n.as_digits().to_string()),
    }
}

/// One entry as the record's mapping reads it; a resource it cannot read still gets a row
/// saying what it is, so nothing shared is hidden from the reader.
fn row_of(resource: &Value, resolver: &Resolver<'_>, resource_type: &str) -> SharedRow {
    let empty = |title: String| SharedRow {
        resource_id: String::new(),
        entry_id: None,
        title,
        date: None,
        status: None,
        value_text: None,
        flag: None,
        red_flag: None,
    };
    match map_resource(resource, resolver) {
        MapOutcome::Mapped(e) | MapOutcome::Unmapped(e) => SharedRow {
            title: e.title,
            date: e.date,
            status: e.status,
            value_text: e.value.as_ref().map(|v| v.text.clone()),
            red_flag: e.value.as_ref().and_then(|v| v.red_flag.clone()),
            flag: e.value.and_then(|v| v.flag),
            ..empty(String::new())
        },
        MapOutcome::Rejected(reason) => empty(format!("{resource_type} (cannot be shown: {reason})")),
    }
}

fn is_readings(section: &Value) -> bool {
    str_at(section, "title") == Some(READINGS_TITLE)
        || section
            .get("code")
            .map(|c| arr(c, "coding").into_iter().any(|x| str_at(x, "code") == Some(READINGS_CODE)))
            .unwrap_or(false)
}

/// A reading's kind from its Observation code: the LOINC code the kind is written with, or
/// (mood and symptom notes have none) the kind's name as the code's text.
fn reading_kind(observation: &Value) -> Option<ReadingKind> {
    let code = observation.get("code")?;
    let loincs: Vec<&str> = arr(code, "coding")
        .into_iter()
        .filter(|c| str_at(c, "system") == Some(LOINC))
        .filter_map(|c| str_at(c, "code"))
        .collect();
    let by_code = ReadingKind::ALL.into_iter().find(|k| k.loinc().is_some_and(|l| loincs.contains(&l))).or_else(|| {
        if loincs.contains(&loinc::GLUCOSE_MASS) {
            Some(ReadingKind::BloodGlucose)
        } else if loincs.contains(&loinc::SPO2) {
            Some(ReadingKind::OxygenSaturation)
        } else {
            None
        }
    });
    by_code.or_else(|| {
        let text = str_at(code, "text")?;
        ReadingKind::ALL.into_iter().find(|k| k.label() == text)
    })
}

fn effective(observation: &Value) -> Option<String> {
    str_at(observation, "effectiveDateTime")
        .or_else(|| str_at(observation, "effectiveInstant"))
        .or_else(|| observation.get("effectivePeriod").and_then(|p| str_at(p, "start")))
        .map(str::to_string)
}

/// "128/82 mmHg, pulse 64 beats/minute", "72.4 kg", a symptom note's words; and the red-flag
/// row the Observation names (or its numbers meet).
fn reading_value(observation: &Value, resolver: &Resolver<'_>) -> (String, Option<String>) {
    let value = match map_resource(observation, resolver) {
        MapOutcome::Mapped(e) | MapOutcome::Unmapped(e) => e.value,
        MapOutcome::Rejected(_) => None,
    };
    let red_flag = value.as_ref().and_then(|v| v.red_flag.clone());
    let mut text =
        value.map(|v| v.text).or_else(|| str_at(observation, "valueString").map(str::to_string)).unwrap_or_default();
    let pulse = arr(observation, "component").into_iter().find(|c| {
        c.get("code")
            .map(|code| arr(code, "coding").into_iter().any(|x| str_at(x, "code") == Some(loinc::HEART_RATE)))
            .unwrap_or(false)
    });
    if let Some(q) = pulse.and_then(|c| c.get("valueQuantity")) {
        let value = q.get("value").and_then(Value::as_f64);
        if let Some(v) = value {
            let unit =
                crate::record::units::unit_words(str_at(q, "code").or_else(|| str_at(q, "unit")).unwrap_or("/min"), v);
            // A pulse counts beats: "per minute" alone leaves out what is counted.
            let unit = if unit == "per minute" { "beats per minute".to_string() } else { unit };
            text.push_str(&format!(", pulse {} {unit}", trim_number(v)));
        }
    }
    (text, red_flag)
}

fn trim_number(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn consent_info(consent: &Value) -> SharedConsentInfo {
    let provision = consent.get("provision");
    let period = provision.and_then(|p| p.get("period"));
    let recipient = provision
        .map(|p| arr(p, "actor"))
        .unwrap_or_default()
        .into_iter()
        .find_map(|a| a.get("reference").and_then(|r| str_at(r, "display")).map(str::to_string));
    SharedConsentInfo {
        recipient,
        purpose: narrative_span(consent, "purpose"),
        start: period.and_then(|p| str_at(p, "start")).map(str::to_string),
        end: period.and_then(|p| str_at(p, "end")).map(str::to_string),
    }
}
