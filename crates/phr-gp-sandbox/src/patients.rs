//! The synthetic patients, embedded in the binary: who they are and their records.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// Which kind of service a patient's record is served by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Flavour {
    /// FHIR R4, `Patient/{id}/$everything` at the root base.
    R4,
    /// GP Connect Access Record Structured (STU3) at `/gpconnect`.
    GpConnect,
}

impl Flavour {
    /// The FHIR base's path on the server.
    pub fn base_path(self) -> &'static str {
        match self {
            Self::R4 => "",
            Self::GpConnect => "/gpconnect",
        }
    }
}

/// One synthetic patient, as `/demo/patients` lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DemoPatient {
    /// The Patient resource's id.
    pub id: String,
    /// Given name(s) then family name.
    pub name: String,
    pub birth_date: String,
    /// Ten digits, no spaces.
    pub nhs_number: String,
    pub gender: String,
    pub flavour: Flavour,
    /// The FHIR base to connect to for this patient (filled in by the server).
    pub url: String,
}

/// A patient and their record.
#[derive(Debug)]
pub(crate) struct PatientRecord {
    pub info: DemoPatient,
    /// R4: the entries of `$everything`, in order (the Patient first). GP Connect: empty.
    pub entries: Vec<Value>,
    /// GP Connect: the structured record Bundle's text. R4: empty.
    pub structured: String,
}

const NHS_SYSTEM: &str = "https://fhir.nhs.uk/Id/nhs-number";
const ODS_SYSTEM: &str = "https://fhir.nhs.uk/Id/ods-organization-code";

/// The demo practice's ODS code. Made up, like everything the sandbox serves: it is the
/// code NHS England's PDS FHIR API sandbox gives its test patients' GP (in
/// GitHub `NHSDigital/personal-demographics-service-api`, `sandbox/mocks/`), chosen so that no
/// real practice is named.
pub const DEMO_PRACTICE_ODS_CODE: &str = "Y12345";
/// The demo practice's Organization, as the R4 records' Patients name their registered GP.
const DEMO_PRACTICE_URL: &str = "urn:uuid:5e1f3c52-7d0a-4b8e-9a51-d3f0c0de0001";

/// The records, parsed from the embedded fixtures. `base` is the server's root URL.
pub(crate) fn load(base: &str) -> Result<Vec<PatientRecord>, String> {
    Ok(vec![
        synthea(include_str!("../data/synthea-karena-pfeffer.json"), "9000000009", base)?,
        synthea(include_str!("../data/synthea-louis-erdman.json"), "9000000017", base)?,
        gp_connect(include_str!("../data/gpconnect-jane-jackson.json"), base)?,
    ])
}

fn synthea(text: &str, nhs_number: &str, base: &str) -> Result<PatientRecord, String> {
    let bundle: Value = serde_json::from_str(text).map_err(|e| format!("embedded Synthea bundle: {e}"))?;
    let mut entries: Vec<Value> = bundle.get("entry").and_then(Value::as_array).cloned().unwrap_or_default();
    let is_patient = |e: &Value| e.pointer("/resource/resourceType").and_then(Value::as_str) == Some("Patient");
    let at = entries.iter().position(is_patient).ok_or("embedded Synthea bundle has no Patient")?;
    // $everything conventionally leads with the Patient.
    let mut patient_entry = entries.remove(at);
    let identifiers = patient_entry
        .pointer_mut("/resource/identifier")
        .and_then(Value::as_array_mut)
        .ok_or("Patient has no identifiers")?;
    identifiers.insert(0, json!({ "system": NHS_SYSTEM, "value": nhs_number }));
    let info = describe(patient_entry.get("resource").unwrap_or(&Value::Null), Flavour::R4, base)?;
    // Synthea names no registered practice; a GP record does, with its ODS code, so each
    // entry can say which practice it came from. The Organization goes last, so the pages
    // before it are Synthea's entries unchanged.
    let practice =
        patient_entry.get_mut("resource").and_then(Value::as_object_mut).ok_or("Patient is not an object")?;
    practice
        .entry("generalPractitioner")
        .or_insert_with(|| json!([{ "reference": DEMO_PRACTICE_URL, "display": "Demo Practice" }]));
    entries.insert(0, patient_entry);
    entries.push(json!({ "fullUrl": DEMO_PRACTICE_URL, "resource": demo_practice() }));
    // A search-set entry has no transaction `request`; it says it matched instead.
    for e in &mut entries {
        if let Some(obj) = e.as_object_mut() {
            obj.remove("request");
            obj.insert("search".into(), json!({ "mode": "match" }));
        }
    }
    Ok(PatientRecord { info, entries, structured: String::new() })
}

/// The demo practice as an R4 UK Core style Organization.
fn demo_practice() -> Value {
    json!({
        "resourceType": "Organization",
        "id": DEMO_PRACTICE_URL.trim_start_matches("urn:uuid:"),
        "identifier": [{ "use": "official", "system": ODS_SYSTEM, "value": DEMO_PRACTICE_ODS_CODE }],
        "active": true,
        "name": "Demo Practice"
    })
}

fn gp_connect(text: &str, base: &str) -> Result<PatientRecord, String> {
    let bundle: Value = serde_json::from_str(text).map_err(|e| format!("embedded GP Connect bundle: {e}"))?;
    let patient = bundle
        .get("entry")
        .and_then(Value::as_array)
        .and_then(|es| {
            es.iter().find(|e| e.pointer("/resource/resourceType").and_then(Value::as_str) == Some("Patient"))
        })
        .and_then(|e| e.get("resource"))
        .ok_or("embedded GP Connect bundle has no Patient")?;
    let info = describe(patient, Flavour::GpConnect, base)?;
    Ok(PatientRecord { info, entries: Vec::new(), structured: text.to_owned() })
}

fn describe(p: &Value, flavour: Flavour, base: &str) -> Result<DemoPatient, String> {
    let name = p.pointer("/name/0").unwrap_or(&Value::Null);
    let given: Vec<&str> =
        name["given"].as_array().map(|g| g.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
    let family = name["family"].as_str().unwrap_or_default();
    let nhs_number = p["identifier"]
        .as_array()
        .and_then(|ids| ids.iter().find(|i| i["system"] == NHS_SYSTEM))
        .and_then(|i| i["value"].as_str())
        .ok_or("Patient has no NHS number")?;
    Ok(DemoPatient {
        id: p["id"].as_str().ok_or("Patient has no id")?.to_owned(),
        name: format!("{} {family}", given.join(" ")).trim().to_owned(),
        birth_date: p["birthDate"].as_str().unwrap_or_default().to_owned(),
        nhs_number: nhs_number.to_owned(),
        gender: p["gender"].as_str().unwrap_or_default().to_owned(),
        flavour,
        url: format!("{base}{}", flavour.base_path()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_patients_with_valid_nhs_numbers() {
        let all = load("http://127.0.0.1:1").unwrap();
        assert_eq!(all.len(), 3);
        for p in &all {
            let digits: Vec<u32> = p.info.nhs_number.chars().filter_map(|c| c.to_digit(10)).collect();
            assert_eq!(digits.len(), 10);
            let sum: u32 = digits[..9].iter().enumerate().map(|(i, d)| d * (10 - i as u32)).sum();
            let check = (11 - sum % 11) % 11;
            assert_eq!(check, digits[9], "{} has an invalid NHS number", p.info.name);
        }
        assert_eq!(all[0].entries[0]["resource"]["resourceType"], "Patient");
        // Synthea's 197 entries and the demo practice, which the Patient names as its GP.
        assert_eq!(all[0].entries.len(), 198);
        for p in &all[..2] {
            let practice = p.entries.last().unwrap();
            assert_eq!(practice["resource"]["identifier"][0]["value"], DEMO_PRACTICE_ODS_CODE);
            assert_eq!(p.entries[0]["resource"]["generalPractitioner"][0]["reference"], practice["fullUrl"]);
        }
        assert_eq!(all[2].info.flavour, Flavour::GpConnect);
        assert_eq!(all[2].info.url, "http://127.0.0.1:1/gpconnect");
    }
}
