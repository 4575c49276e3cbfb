//! Readings as FHIR R4 Observations, following the vital-signs profile where the kind is a
//! vital sign (blood pressure, heart rate, weight, height, oxygen saturation, temperature):
//! category `vital-signs`, the profile's LOINC code, UCUM `valueQuantity`, blood pressure as the
//! 85354-9 panel with systolic and diastolic components. Other kinds use the category that
//! fits them: glucose `laboratory`, steps and sleep `activity`, peak flow `exam`, scores and
//! symptom notes `survey`. A reading that meets a row of the red-flag table carries it
//! ([`mark_advice`]), so a share or an export says what the person was told.

use serde_json::{Map, Value, json};

use super::kind::{ReadingKind, loinc};
use super::reading::{CheckedReading, ReadingSource};
use super::red_flags::{Advice, RULE_SYSTEM, Urgency};

const LOINC: &str = "http://loinc.org";
const UCUM: &str = "http://unitsofmeasure.org";
const SNOMED: &str = "http://snomed.info/sct";
const CATEGORY: &str = "http://terminology.hl7.org/CodeSystem/observation-category";
const INTERPRETATION: &str = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";

/// The R4 vital-signs profile a kind's Observation follows, if it is a vital sign.
pub fn vital_signs_profile(kind: ReadingKind) -> Option<&'static str> {
    Some(match kind {
        ReadingKind::BloodPressure => "http://hl7.org/fhir/StructureDefinition/bp",
        ReadingKind::HeartRate => "http://hl7.org/fhir/StructureDefinition/heartrate",
        ReadingKind::Weight => "http://hl7.org/fhir/StructureDefinition/bodyweight",
        ReadingKind::Height => "http://hl7.org/fhir/StructureDefinition/bodyheight",
        ReadingKind::OxygenSaturation => "http://hl7.org/fhir/StructureDefinition/oxygensat",
        ReadingKind::Temperature => "http://hl7.org/fhir/StructureDefinition/bodytemp",
        _ => return None,
    })
}

/// The FHIR category code of a kind's Observation.
pub fn category(kind: ReadingKind) -> (&'static str, &'static str) {
    match kind {
        ReadingKind::BloodGlucose => ("laboratory", "Laboratory"),
        ReadingKind::Steps | ReadingKind::Sleep => ("activity", "Activity"),
        ReadingKind::Pain | ReadingKind::Mood | ReadingKind::Symptom => ("survey", "Survey"),
        // Not a vital sign (R4 requires vital-signs Observations to follow that profile): a
        // measurement with a simple instrument.
        ReadingKind::PeakFlow => ("exam", "Exam"),
        _ => ("vital-signs", "Vital Signs"),
    }
}

/// The reading `r` as a FHIR R4 Observation with id `id`, without a subject. `source_name`
/// (the device or the person who typed it) becomes the device or performer display.
pub fn observation(id: &str, r: &CheckedReading, source_name: Option<&str>) -> Value {
    observation_for(id, r, source_name, None)
}

/// Like [`observation`], with `subject` (a reference such as "Patient/123" or a bundle's
/// "urn:uuid:..."): the vital-signs profile requires one, so the record export passes it.
pub fn observation_for(id: &str, r: &CheckedReading, source_name: Option<&str>, subject: Option<&str>) -> Value {
    let kind = r.kind;
    let mut o = Map::new();
    o.insert("resourceType".into(), json!("Observation"));
    o.insert("id".into(), json!(fhir_id(id)));
    if let Some(profile) = vital_signs_profile(kind) {
        o.insert("meta".into(), json!({ "profile": [profile] }));
    }
    o.insert("status".into(), json!("final"));
    let (cat, cat_display) = category(kind);
    o.insert(
        "category".into(),
        json!([{ "coding": [{ "system": CATEGORY, "code": cat, "display": cat_display }], "text": cat_display }]),
    );
    o.insert("code".into(), code(kind));
    if let Some(s) = subject {
        o.insert("subject".into(), json!({ "reference": s }));
    }
    o.insert("effectiveDateTime".into(), json!(r.at.to_rfc3339()));
    if let Some(name) = source_name.map(str::trim).filter(|n| !n.is_empty()) {
        if r.source == ReadingSource::DeviceFile {
            o.insert("device".into(), json!({ "display": name }));
        } else {
            o.insert("performer".into(), json!([{ "display": name }]));
        }
    }
    match kind {
        ReadingKind::BloodPressure => {
            let mut components = Vec::new();
            if let Some(s) = r.value {
                components.push(component(loinc::SYSTOLIC, "Systolic blood pressure", quantity(s, "mm[Hg]", "mmHg")));
            }
            if let Some(d) = r.value2 {
                components.push(component(loinc::DIASTOLIC, "Diastolic blood pressure", quantity(d, "mm[Hg]", "mmHg")));
            }
            if let Some(p) = r.pulse {
                components.push(component(loinc::HEART_RATE, "Heart rate", quantity(p, "/min", "beats/minute")));
            }
            o.insert("component".into(), json!(components));
        }
        ReadingKind::Pain | ReadingKind::Mood => {
            if let Some(v) = r.value {
                // Scores are checked to be whole numbers 0-10, so the cast is exact.
                o.insert("valueInteger".into(), json!(v.round() as i64));
            }
        }
        ReadingKind::Symptom => {
            o.insert("valueString".into(), json!(r.text.clone().unwrap_or_default()));
        }
        _ => {
            if let Some(v) = r.value {
                o.insert("valueQuantity".into(), quantity(v, kind.unit(), kind.unit_label()));
            }
        }
    }
    if kind == ReadingKind::BloodPressure
        && let Some(site) = arm_site(r.arm.as_deref())
    {
        o.insert("bodySite".into(), site);
    }
    if let Some(position) = position_code(r.position.as_deref()) {
        o.insert(
            "extension".into(),
            json!([{
                "url": "http://hl7.org/fhir/StructureDefinition/observation-bodyPosition",
                "valueCodeableConcept": position
            }]),
        );
    }
    let mut notes = Vec::new();
    if let Some(c) = r.context.as_deref().and_then(|c| kind.contexts().iter().find(|x| x.value == c)) {
        notes.push(json!({ "text": format!("Taken: {}", c.label.to_lowercase()) }));
    }
    if let (Some(v), Some(u)) = (r.entered_value, r.entered_unit.as_deref())
        && super::units::parse_unit(kind, u).is_some_and(|ucum| ucum != kind.unit())
    {
        notes.push(json!({ "text": format!("Entered as {} {}", super::units::trim_number(v), u) }));
    }
    if let Some(n) = r.note.as_deref() {
        notes.push(json!({ "text": n }));
    }
    if !notes.is_empty() {
        o.insert("note".into(), json!(notes));
    }
    Value::Object(o)
}

/// Marks a reading's Observation with the red-flag row it meets: an `interpretation` holding
/// the HL7 code (H or L; HH or LL for an emergency) and the row's id under [`RULE_SYSTEM`], with
/// the urgency and headline as its text, and the advice given, with its source, as a note. A
/// reader with the same table (this app's, a professional's) shows the same advice by the id;
/// any other reader still sees the flag and the words.
pub fn mark_advice(obs: &mut Value, advice: &Advice) {
    let row = advice.rule;
    let code = match (row.is_high(), advice.urgency() == Urgency::Emergency) {
        (true, false) => ("H", "High"),
        (true, true) => ("HH", "Critical high"),
        (false, false) => ("L", "Low"),
        (false, true) => ("LL", "Critical low"),
    };
    let Some(o) = obs.as_object_mut() else { return };
    o.insert(
        "interpretation".into(),
        json!([{
            "coding": [
                { "system": INTERPRETATION, "code": code.0, "display": code.1 },
                { "system": RULE_SYSTEM, "code": row.id, "display": row.headline }
            ],
            "text": format!("{}: {}", advice.urgency().flag_text(), row.headline)
        }]),
    );
    let note = json!({
        "text": format!(
            "Advice given: {} (Source: {}, {}; reviewed {}.)",
            row.advice, row.source.title, row.source.url, row.reviewed
        )
    });
    match o.get_mut("note").and_then(Value::as_array_mut) {
        Some(notes) => notes.push(note),
        None => {
            o.insert("note".into(), json!([note]));
        }
    }
}

/// `id` as a valid FHIR id (1-64 of `A-Z a-z 0-9 - .`): other characters become '-'.
pub fn fhir_id(id: &str) -> String {
    let cleaned: String =
        id.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '.' { c } else { '-' }).take(64).collect();
    if cleaned.is_empty() { "reading".to_string() } else { cleaned }
}

fn code(kind: ReadingKind) -> Value {
    let mut codings = Vec::new();
    if let (Some(c), Some(d)) = (kind.loinc(), kind.loinc_display()) {
        codings.push(json!({ "system": LOINC, "code": c, "display": d }));
    } else if let Some(c) = kind.loinc() {
        codings.push(json!({ "system": LOINC, "code": c }));
    }
    if kind == ReadingKind::OxygenSaturation {
        // The oxygensat profile requires the base 2708-6 coding beside the pulse-oximetry one.
        codings.push(json!({ "system": LOINC, "code": loinc::SPO2, "display": "Oxygen saturation in Arterial blood" }));
    }
    let mut c = Map::new();
    if !codings.is_empty() {
        c.insert("coding".into(), json!(codings));
    }
    c.insert("text".into(), json!(kind.label()));
    Value::Object(c)
}

fn quantity(value: f64, ucum: &str, label: &str) -> Value {
    json!({ "value": value, "unit": label, "system": UCUM, "code": ucum })
}

fn component(code: &str, display: &str, value: Value) -> Value {
    json!({
        "code": { "coding": [{ "system": LOINC, "code": code, "display": display }], "text": display },
        "valueQuantity": value
    })
}

fn arm_site(arm: Option<&str>) -> Option<Value> {
    let (code, display) = match arm? {
        "left" => ("368208006", "Left upper arm structure"),
        "right" => ("368209003", "Right upper arm structure"),
        _ => return None,
    };
    Some(json!({ "coding": [{ "system": SNOMED, "code": code, "display": display }], "text": display }))
}

fn position_code(position: Option<&str>) -> Option<Value> {
    let (code, display) = match position? {
        "sitting" => ("33586001", "Sitting position"),
        "standing" => ("10904000", "Orthostatic body position"),
        "lying" => ("102538003", "Recumbent body position"),
        _ => return None,
    };
    Some(json!({ "coding": [{ "system": SNOMED, "code": code, "display": display }], "text": display }))
}
