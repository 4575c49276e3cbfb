//! The FHIR R4 Consent a share is recorded as: the record keeps it and the document carries it.
//!
//! A privacy consent (scope `patient-privacy`, LOINC 59284-0) the citizen made and performs: a
//! permit from `created` to `not_after` for the recipient (role IRCP, "information recipient",
//! named by display and, when given, their organisation's ODS code) to receive what the slice
//! holds (categories as text codes with the entries' date range; reading kinds with theirs),
//! with a deny for the sensitive labels left out. The citizen's own words for why are in the
//! narrative; the coded purpose is "patient requested".

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Value, json};

use super::model::{ShareConsent, ShareRecipient, ShareSlice};
use super::summary_html::escape_html;
use crate::record::{EntryKind, Sensitivity};

/// The identifier system of NHS organisation (ODS) codes.
pub const ODS_SYSTEM: &str = "https://fhir.nhs.uk/Id/ods-organization-code";

const V3_ACT_CODE: &str = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

/// The FHIR R4 Consent (JSON text) for `consent`, with id `consent_id`, about the Patient
/// `patient_ref` ("urn:uuid:..." inside a document, "Patient/..." in the record).
pub fn consent_resource(consent: &ShareConsent, patient_ref: &str, consent_id: &str) -> String {
    consent_value(consent, patient_ref, consent_id).to_string()
}

pub(crate) fn consent_value(consent: &ShareConsent, patient_ref: &str, consent_id: &str) -> Value {
    let created = rfc3339(consent.created);
    let mut provisions = Vec::new();
    let categories: Vec<Value> = EntryKind::ALL
        .into_iter()
        .filter(|k| *k != EntryKind::Patient && consent.slice.categories.contains(k))
        .map(|k| json!({ "text": k.label() }))
        .collect();
    if !categories.is_empty() {
        let mut p = json!({ "type": "permit", "code": categories });
        if let Some(period) = data_period(consent.slice.from, consent.slice.to) {
            set_key(&mut p, "dataPeriod", period);
        }
        provisions.push(p);
    }
    let readings: Vec<Value> =
        consent.slice.readings.iter().map(|k| json!({ "text": format!("{} readings", k.label()) })).collect();
    if !readings.is_empty() {
        let mut p = json!({ "type": "permit", "code": readings });
        if let Some(period) = data_period(consent.slice.readings_from, consent.slice.readings_to) {
            set_key(&mut p, "dataPeriod", period);
        }
        provisions.push(p);
    }
    let labels: Vec<Value> = consent.slice.left_out().labels.into_iter().map(label_coding).collect();
    if !labels.is_empty() {
        provisions.push(json!({ "type": "deny", "securityLabel": labels }));
    }

    let mut provision = json!({
        "type": "permit",
        "period": { "start": created, "end": rfc3339(consent.not_after) },
        "actor": [{
            "role": { "coding": [{
                "system": "http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
                "code": "IRCP",
                "display": "information recipient"
            }] },
            "reference": recipient_reference(&consent.recipient)
        }],
        "action": [{ "coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/consentaction",
            "code": "disclose",
            "display": "Disclose"
        }] }],
        "purpose": [{
            "system": "http://terminology.hl7.org/CodeSystem/v3-ActReason",
            "code": "PATRQT",
            "display": "patient requested"
        }]
    });
    if !provisions.is_empty() {
        set_key(&mut provision, "provision", json!(provisions));
    }

    json!({
        "resourceType": "Consent",
        "id": consent_id,
        "identifier": [{ "system": "urn:ietf:rfc:3986", "value": format!("urn:uuid:{}", consent.share_id) }],
        "text": { "status": "generated", "div": narrative(consent) },
        "status": "active",
        "scope": { "coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/consentscope",
            "code": "patient-privacy",
            "display": "Privacy Consent"
        }] },
        "category": [{ "coding": [{ "system": "http://loinc.org", "code": "59284-0", "display": "Patient Consent" }] }],
        "patient": { "reference": patient_ref },
        "dateTime": created,
        "performer": [{ "reference": patient_ref }],
        // ppc-1: a policy or a policy rule. The citizen's own opt-in is the rule.
        "policyRule": { "coding": [{ "system": V3_ACT_CODE, "code": "OPTIN", "display": "opt-in" }] },
        "provision": provision
    })
}

/// The recipient as the citizen named them: display only (there is no resource for them), and
/// their organisation's ODS code when given.
fn recipient_reference(r: &ShareRecipient) -> Value {
    let mut v = json!({ "display": recipient_display(r) });
    if let Some(ods) = r.ods_code.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        set_key(&mut v, "type", json!("Organization"));
        set_key(&mut v, "identifier", json!({ "system": ODS_SYSTEM, "value": ods }));
    }
    v
}

/// "Jane Smith (Physiotherapist), Knee Clinic".
pub(crate) fn recipient_display(r: &ShareRecipient) -> String {
    let mut s = r.name.trim().to_string();
    if let Some(role) = r.role.as_deref().map(str::trim).filter(|x| !x.is_empty()) {
        s.push_str(&format!(" ({role})"));
    }
    if let Some(org) = r.organisation.as_deref().map(str::trim).filter(|x| !x.is_empty()) {
        s.push_str(&format!(", {org}"));
    }
    s
}

/// The security label a sensitivity label is known by: v3 ActCode information sensitivity
/// codes where one fits; social care has none, so it is named in words only.
fn label_coding(s: Sensitivity) -> Value {
    match s {
        Sensitivity::MentalHealth => {
            json!({ "system": V3_ACT_CODE, "code": "MH", "display": "mental health information sensitivity" })
        }
        Sensitivity::SexualHealth => json!({
            "system": V3_ACT_CODE,
            "code": "SEX",
            "display": "sexuality and reproductive health information sensitivity"
        }),
        // Held back is the citizen's own request.
        Sensitivity::HeldBack => {
            json!({ "system": V3_ACT_CODE, "code": "PRS", "display": "patient requested information sensitivity" })
        }
        other => json!({ "display": other.label() }),
    }
}

/// `v[key] = value` for a JSON object built here, without indexing's panic when `v` is not one.
pub(crate) fn set_key(v: &mut Value, key: &str, value: Value) {
    if let Some(object) = v.as_object_mut() {
        object.insert(key.to_owned(), value);
    }
}

fn data_period(from: Option<chrono::NaiveDate>, to: Option<chrono::NaiveDate>) -> Option<Value> {
    if from.is_none() && to.is_none() {
        return None;
    }
    let mut p = json!({});
    if let Some(f) = from {
        set_key(&mut p, "start", json!(f.format("%Y-%m-%d").to_string()));
    }
    if let Some(t) = to {
        set_key(&mut p, "end", json!(t.format("%Y-%m-%d").to_string()));
    }
    Some(p)
}

/// The Consent in words, the purpose in the citizen's own (escaped: they are text, not markup).
fn narrative(consent: &ShareConsent) -> String {
    let e = escape_html;
    let mut div = String::from("<div xmlns=\"http://www.w3.org/1999/xhtml\">");
    div.push_str(&format!(
        "<p>Shared with <span id=\"recipient\">{}</span>.</p>",
        e(&recipient_display(&consent.recipient))
    ));
    div.push_str(&format!("<p>Purpose: <span id=\"purpose\">{}</span></p>", e(consent.purpose.trim())));
    div.push_str(&format!(
        "<p>From {} until {}.</p>",
        e(&consent.created.format("%-d %b %Y").to_string()),
        e(&consent.not_after.format("%-d %b %Y").to_string())
    ));
    div.push_str(&format!("<p>Included: {}.</p>", e(&included_words(&consent.slice))));
    div.push_str("</div>");
    div
}

fn included_words(slice: &ShareSlice) -> String {
    let mut parts: Vec<String> = EntryKind::ALL
        .into_iter()
        .filter(|k| *k != EntryKind::Patient && slice.categories.contains(k))
        .map(|k| k.label().to_string())
        .collect();
    parts.extend(slice.readings.iter().map(|k| format!("{} readings", k.label())));
    if parts.is_empty() { "nothing".to_string() } else { parts.join(", ") }
}

/// RFC 3339 to the second, as FHIR dateTime and instant take it.
pub(crate) fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The purpose as the Consent's narrative holds it (see [`narrative`]).
pub(crate) fn narrative_span(consent: &Value, id: &str) -> Option<String> {
    let div = consent.get("text")?.get("div")?.as_str()?;
    let open = format!("<span id=\"{id}\">");
    let start = div.find(&open)? + open.len();
    let rest = div.get(start..)?;
    let len = rest.find("</span>")?;
    Some(unescape_html(rest.get(..len)?))
}

fn unescape_html(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}
