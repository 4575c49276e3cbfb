//! GP Connect's STU3 resources as R4: detection, and the differences that matter to the record.

use serde_json::{Map, Value, json};

/// Is a `meta` block's profile a GP Connect / Care Connect STU3 one?
pub(crate) fn profile_is_stu3(meta: &Value) -> bool {
    meta.get("profile").is_some_and(|p| match p {
        Value::Array(a) => a.iter().filter_map(Value::as_str).any(is_stu3_profile),
        Value::String(s) => is_stu3_profile(s),
        _ => false,
    })
}

fn is_stu3_profile(p: &str) -> bool {
    p.starts_with("https://fhir.nhs.uk/STU3/") || p.starts_with("https://fhir.hl7.org.uk/STU3/")
}

/// The top-level fields [`looks_stu3`] reads (besides `resourceType`): a lean read parses only
/// these (its `HEAD_FIELDS`, which a test holds to this list). Keep them in step.
#[cfg(test)]
pub(crate) const STU3_HINT_FIELDS: &[&str] =
    &["meta", "assertedDate", "notGiven", "date", "occurrenceDateTime", "taken", "clinicalStatus"];

/// Does this resource show it is STU3: a GP Connect STU3 profile, an STU3-only resource type
/// or an STU3-only shape?
pub fn looks_stu3(resource: &Value) -> bool {
    if resource.get("meta").is_some_and(profile_is_stu3) {
        return true;
    }
    let has = |k: &str| resource.get(k).is_some();
    match resource.get("resourceType").and_then(Value::as_str) {
        Some("ProcedureRequest" | "ReferralRequest") => true,
        Some("AllergyIntolerance") => has("assertedDate"),
        Some("Immunization") => has("notGiven") || (has("date") && !has("occurrenceDateTime")),
        Some("MedicationStatement") => has("taken"),
        Some("Condition") => resource.get("clinicalStatus").is_some_and(Value::is_string),
        _ => false,
    }
}

/// The R4 form of an STU3 resource: the renames and reshapes between the releases for the
/// resources GP Connect sends. What R4 has no place for stays in the original (`raw`).
pub fn stu3_to_r4(resource: &Value) -> Value {
    let mut r = resource.clone();
    let Some(obj) = r.as_object_mut() else { return r };
    // The STU3 profiles do not describe the R4 shape.
    if let Some(Value::Object(meta)) = obj.get_mut("meta") {
        meta.remove("profile");
        if meta.is_empty() {
            obj.remove("meta");
        }
    }
    tidy(&mut r);
    // Contained resources (GP Connect's ended-allergies List holds its allergies so) are STU3 too.
    if let Some(Value::Array(contained)) = r.get_mut("contained") {
        for c in contained.iter_mut() {
            *c = stu3_to_r4(c);
        }
    }
    let resource_type = r.get("resourceType").and_then(Value::as_str).unwrap_or("").to_string();
    let Some(o) = r.as_object_mut() else { return r };
    // Published examples give a lone note where a list belongs, and once (a problem in
    // consultations_response1) a bare string: R4's Annotation holds that text.
    if let Some(text) = o.get("note").filter(|n| n.is_string()).cloned() {
        o.remove("note");
        add_note(o, text);
    }
    single_to_list(o, "note");
    match resource_type.as_str() {
        "AllergyIntolerance" => {
            rename(o, "assertedDate", "recordedDate");
            status_concept(o, "clinicalStatus", "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical");
            status_concept(
                o,
                "verificationStatus",
                "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification",
            );
        }
        "Condition" => {
            rename(o, "assertedDate", "recordedDate");
            rename(o, "context", "encounter");
            if o.get("verificationStatus").and_then(Value::as_str) == Some("unknown") {
                o.remove("verificationStatus");
            }
            status_concept(o, "clinicalStatus", "http://terminology.hl7.org/CodeSystem/condition-clinical");
            status_concept(o, "verificationStatus", "http://terminology.hl7.org/CodeSystem/condition-ver-status");
            list_of_concepts(o, "category", "http://terminology.hl7.org/CodeSystem/condition-category");
        }
        "Immunization" => immunization(o),
        "MedicationStatement" => {
            if o.remove("taken").is_some_and(|t| t.as_str() == Some("n")) {
                o.insert("status".into(), "not-taken".into());
            }
            if let Some(reasons) = o.remove("reasonNotTaken") {
                o.insert("statusReason".into(), reasons);
            }
            dosages(o, "dosage");
        }
        "MedicationRequest" => {
            rename(o, "context", "encounter");
            agent(o, "requester");
            dosages(o, "dosageInstruction");
            single_to_list(o, "category");
            o.remove("definition");
        }
        "ReferralRequest" => referral(o),
        "ProcedureRequest" => procedure_request(o),
        "Procedure" => {
            if o.remove("notDone").and_then(|v| v.as_bool()) == Some(true) {
                o.insert("status".into(), "not-done".into());
            }
            rename(o, "notDoneReason", "statusReason");
            rename(o, "context", "encounter");
            o.remove("definition");
            performers(o, "performer", "function");
        }
        "Observation" => {
            rename(o, "context", "encounter");
            if let Some(comment) = o.remove("comment") {
                add_note(o, comment);
            }
            single_to_list(o, "performer");
            single_to_list(o, "category");
            single_to_list(o, "interpretation");
            if let Some(Value::Array(components)) = o.get_mut("component") {
                for c in components.iter_mut().filter_map(Value::as_object_mut) {
                    single_to_list(c, "interpretation");
                }
            }
            if let Some(Value::Array(related)) = o.remove("related") {
                for rel in related {
                    let Some(target) = rel.get("target").cloned() else { continue };
                    let key = match rel.get("type").and_then(Value::as_str) {
                        Some("has-member") | None => "hasMember",
                        Some("derived-from") => "derivedFrom",
                        // sequel-to, replaces, qualified-by, interfered-by: R4 has no place; the original keeps them.
                        _ => continue,
                    };
                    push(o, key, target);
                }
            }
        }
        "DiagnosticReport" => {
            rename(o, "context", "encounter");
            rename(o, "codedDiagnosis", "conclusionCode");
            rename(o, "image", "media");
            single_to_list(o, "category");
            if let Some(Value::Array(ps)) = o.get_mut("performer") {
                for p in ps.iter_mut() {
                    if let Some(actor) = p.get("actor").cloned() {
                        *p = actor;
                    }
                }
            }
            single_to_list(o, "performer");
        }
        "Encounter" => {
            rename(o, "reason", "reasonCode");
            rename(o, "incomingReferral", "basedOn");
            // `class` is optional in STU3 and required in R4, and GP Connect sends none. Which
            // setting it was (surgery, home, telephone) is not ours to guess: R4's way to say
            // a required element is not known is the data-absent-reason extension.
            if !o.contains_key("class") {
                o.insert("class".into(), data_absent("unknown"));
            }
        }
        "DocumentReference" => {
            rename(o, "indexed", "date");
            rename(o, "class", "category");
            single_to_list(o, "category");
            o.remove("created");
            if let Some(Value::Object(ctx)) = o.get_mut("context") {
                single_to_list(ctx, "encounter");
            }
        }
        "Patient" => {
            single_to_list(o, "generalPractitioner");
            o.remove("animal");
        }
        "Medication" => {
            for k in ["isBrand", "isOverTheCounter", "package", "image"] {
                o.remove(k);
            }
        }
        _ => {}
    }
    r
}

fn immunization(o: &mut Map<String, Value>) {
    if o.remove("notGiven").is_some_and(|n| n.as_bool() == Some(true)) {
        o.insert("status".into(), "not-done".into());
    }
    rename(o, "date", "occurrenceDateTime");
    if let Some(Value::Array(practitioners)) = o.remove("practitioner") {
        let performers: Vec<Value> = practitioners
            .into_iter()
            .filter_map(|mut p| {
                let po = p.as_object_mut()?;
                let actor = po.remove("actor")?;
                let mut out = Map::new();
                if let Some(role) = po.remove("role") {
                    out.insert("function".into(), role);
                }
                out.insert("actor".into(), actor);
                Some(Value::Object(out))
            })
            .collect();
        if !performers.is_empty() {
            o.insert("performer".into(), Value::Array(performers));
        }
    }
    if let Some(Value::Object(mut explanation)) = o.remove("explanation") {
        if let Some(reason) = explanation.remove("reason") {
            o.insert("reasonCode".into(), reason);
        }
        // `notGivenReason` is not STU3, but published GP Connect examples use it.
        let not_given = explanation.remove("reasonNotGiven").or_else(|| explanation.remove("notGivenReason"));
        if let Some(first) = not_given.and_then(|v| match v {
            Value::Array(mut a) if !a.is_empty() => Some(a.remove(0)),
            Value::Object(_) => Some(v),
            _ => None,
        }) {
            o.insert("statusReason".into(), first);
        }
    }
    if let Some(Value::Array(protocols)) = o.remove("vaccinationProtocol") {
        let applied: Vec<Value> = protocols
            .into_iter()
            .map(|p| {
                let mut out = Map::new();
                if let Some(series) = p.get("series") {
                    out.insert("series".into(), series.clone());
                }
                if let Some(authority) = p.get("authority") {
                    out.insert("authority".into(), authority.clone());
                }
                if let Some(t) = p.get("targetDisease") {
                    out.insert("targetDisease".into(), t.clone());
                }
                match p.get("doseSequence").and_then(Value::as_u64).filter(|n| *n > 0) {
                    Some(n) => out.insert("doseNumberPositiveInt".into(), n.into()),
                    None => out.insert("doseNumberString".into(), "Not recorded".into()),
                };
                if let Some(n) = p.get("seriesDoses").and_then(Value::as_u64).filter(|n| *n > 0) {
                    out.insert("seriesDosesPositiveInt".into(), n.into());
                }
                Value::Object(out)
            })
            .collect();
        o.insert("protocolApplied".into(), Value::Array(applied));
    }
}

fn referral(o: &mut Map<String, Value>) {
    o.insert("resourceType".into(), "ServiceRequest".into());
    request_common(o);
    let services = match o.remove("serviceRequested") {
        Some(Value::Array(a)) => a,
        _ => Vec::new(),
    };
    let mut services = services.into_iter();
    if let Some(t) = o.remove("type") {
        o.insert("code".into(), t);
    } else if let Some(first) = services.next() {
        o.insert("code".into(), first);
    }
    let rest: Vec<Value> = services.collect();
    if !rest.is_empty() {
        o.insert("orderDetail".into(), Value::Array(rest));
    }
    rename(o, "specialty", "performerType");
    rename(o, "recipient", "performer");
    rename(o, "groupIdentifier", "requisition");
    if let Some(description) = o.remove("description") {
        add_note(o, description);
    }
}

fn procedure_request(o: &mut Map<String, Value>) {
    o.insert("resourceType".into(), "ServiceRequest".into());
    request_common(o);
    // Published GP Connect examples write a bare `occurrence`.
    if let Some(v) = o.remove("occurrence").filter(Value::is_string) {
        o.insert("occurrenceDateTime".into(), v);
    }
    single_to_list(o, "performer");
}

/// What ReferralRequest and ProcedureRequest share on their way to ServiceRequest.
fn request_common(o: &mut Map<String, Value>) {
    rename(o, "context", "encounter");
    agent(o, "requester");
    o.remove("definition");
    let status = o.get("status").and_then(Value::as_str).map(|s| match s {
        "suspended" => "on-hold",
        "cancelled" => "revoked",
        other => other,
    });
    if let Some(s) = status.map(str::to_string) {
        o.insert("status".into(), s.into());
    }
}

/// STU3's `requester: {agent, onBehalfOf}` becomes R4's plain Reference to the agent.
fn agent(o: &mut Map<String, Value>, key: &str) {
    if let Some(a) = o.get(key).and_then(|r| r.get("agent")).cloned() {
        o.insert(key.into(), a);
    }
}

/// `performer: [{role, actor}]` becomes `[{<role_key>: role, actor}]`.
fn performers(o: &mut Map<String, Value>, key: &str, role_key: &str) {
    if let Some(Value::Array(ps)) = o.get_mut(key) {
        for p in ps.iter_mut().filter_map(Value::as_object_mut) {
            rename(p, "role", role_key);
        }
    }
}

/// STU3 Dosage keeps dose and rate at the top; R4 groups them in `doseAndRate`.
fn dosages(o: &mut Map<String, Value>, key: &str) {
    let Some(Value::Array(ds)) = o.get_mut(key) else { return };
    for d in ds.iter_mut().filter_map(Value::as_object_mut) {
        let mut dr = Map::new();
        for k in ["doseQuantity", "doseRange", "rateRatio", "rateRange", "rateQuantity"] {
            if let Some(v) = d.remove(k) {
                dr.insert(k.into(), v);
            }
        }
        if !dr.is_empty() {
            d.insert("doseAndRate".into(), Value::Array(vec![Value::Object(dr)]));
        }
    }
}

/// A code string becomes a CodeableConcept in the given system.
fn status_concept(o: &mut Map<String, Value>, key: &str, system: &str) {
    if let Some(Value::String(code)) = o.get(key) {
        let code = code.trim().to_string();
        o.insert(key.into(), json!({"coding": [{"system": system, "code": code}]}));
    }
}

/// A list of CodeableConcepts, from a lone code string or a lone concept.
fn list_of_concepts(o: &mut Map<String, Value>, key: &str, system: &str) {
    match o.get(key) {
        Some(Value::String(code)) => {
            let code = code.trim().to_string();
            o.insert(key.into(), json!([{"coding": [{"system": system, "code": code}]}]));
        }
        Some(Value::Object(_)) => single_to_list(o, key),
        _ => {}
    }
}

/// A value with no data, only why it is absent (R4's data-absent-reason extension).
fn data_absent(reason: &str) -> Value {
    json!({"extension": [{"url": "http://hl7.org/fhir/StructureDefinition/data-absent-reason", "valueCode": reason}]})
}

fn single_to_list(o: &mut Map<String, Value>, key: &str) {
    if let Some(v) = o.get(key).filter(|v| v.is_object()).cloned() {
        o.insert(key.into(), Value::Array(vec![v]));
    }
}

fn rename(o: &mut Map<String, Value>, from: &str, to: &str) {
    if let Some(v) = o.remove(from) {
        o.insert(to.into(), v);
    }
}

fn push(o: &mut Map<String, Value>, key: &str, v: Value) {
    match o.get_mut(key) {
        Some(Value::Array(a)) => a.push(v),
        _ => {
            o.insert(key.into(), Value::Array(vec![v]));
        }
    }
}

fn add_note(o: &mut Map<String, Value>, text: Value) {
    if let Some(t) = text.as_str().map(str::trim).filter(|t| !t.is_empty()) {
        push(o, "note", json!({"text": t}));
    }
}

/// Repairs seen in published GP Connect data, anywhere in a resource: codes with spaces
/// around them, an extension's `valueCode` given as a list of codings, numbers as strings in
/// Quantities.
fn tidy(v: &mut Value) {
    match v {
        Value::Object(o) => {
            for k in ["code", "system"] {
                // A code given as a one-item list (published GP Connect medication examples).
                if let Some(Value::Array(a)) = o.get(k)
                    && let Some(first) = a.first().and_then(Value::as_str).map(str::to_string)
                {
                    o.insert(k.into(), first.into());
                }
                if let Some(Value::String(s)) = o.get_mut(k) {
                    let t = s.trim();
                    if t.len() != s.len() {
                        *s = t.to_string();
                    }
                }
            }
            if let Some(Value::Array(codes)) = o.get("valueCode") {
                let first = codes.iter().find_map(|c| c.get("code").and_then(Value::as_str).or_else(|| c.as_str()));
                match first {
                    Some(code) => {
                        let code = code.to_string();
                        o.insert("valueCode".into(), code.into());
                    }
                    None => {
                        o.remove("valueCode");
                    }
                }
            }
            // A Quantity (it has a unit or code, or nothing but its value); never an Identifier.
            let numeric_value = o.contains_key("value")
                && (o.contains_key("unit")
                    || o.contains_key("code")
                    || o.keys().all(|k| k == "value" || k == "extension"));
            if numeric_value
                && let Some(n) = o
                    .get("value")
                    .and_then(Value::as_str)
                    .and_then(|s| s.trim().parse::<f64>().ok())
                    .and_then(serde_json::Number::from_f64)
            {
                o.insert("value".into(), Value::Number(n));
            }
            o.values_mut().for_each(tidy);
        }
        Value::Array(a) => a.iter_mut().for_each(tidy),
        _ => {}
    }
}
