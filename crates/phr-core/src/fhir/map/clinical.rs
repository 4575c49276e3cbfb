//! Problems, allergies, immunisations and procedures.

use serde_json::Value;

use super::{Cx, Draft, status_of, words};
use crate::fhir::json::{
    arr, cc_at, cc_text, ccs_at, choice_text, codings, date_choice, human_date, quantity, quantity_text, s,
};
use crate::record::EntryKind;

/// GP Connect's problem header extension (STU3 and the UK Core R4 equivalent) says how
/// significant a problem is.
const PROBLEM_SIGNIFICANCE: &str = "ProblemSignificance";

/// Condition: a problem or diagnosis.
pub(crate) fn condition(cx: &Cx<'_, '_>) -> Result<Draft, String> {
    let r = cx.resource;
    let title = cc_at(r, "code").unwrap_or_else(|| "Problem (no name given)".to_string());
    let mut d = Draft::new(EntryKind::Problem, title);
    d.codes = r.get("code").map(codings).unwrap_or_default();
    let verification = status_of(r, "verificationStatus");
    d.status = match verification.as_deref() {
        Some("entered-in-error" | "refuted") => verification.clone(),
        _ => status_of(r, "clinicalStatus"),
    };
    d.date = date_choice(r, "onset").or_else(|| s(r, "recordedDate").map(str::to_string));
    d.fact("Status", d.status.as_deref().map(words));
    if let Some(v) = verification.as_deref().filter(|v| *v != "confirmed") {
        d.fact("Diagnosis", Some(words(v)));
    }
    d.fact("Significance", extension_code(r, PROBLEM_SIGNIFICANCE).map(|c| words(&c)));
    d.fact("Severity", cc_at(r, "severity"));
    d.fact(
        "Type",
        ccs_at(r, "category").map(|c| match c.as_str() {
            "Problem list item" => "Problem list".to_string(),
            "Encounter diagnosis" => "Diagnosis at a visit".to_string(),
            other => other.to_string(),
        }),
    );
    d.fact("Where on the body", ccs_at(r, "bodySite"));
    d.fact("Started", choice_text(r, "onset"));
    d.fact("Ended", choice_text(r, "abatement"));
    d.fact("Recorded", s(r, "recordedDate").map(human_date));
    d.fact("Recorded by", cx.ref_at(r, "recorder").or_else(|| cx.ref_at(r, "asserter")));
    for stage in arr(r, "stage") {
        d.fact("Stage", cc_at(stage, "summary"));
    }
    for e in arr(r, "evidence") {
        d.fact("Evidence", ccs_at(e, "code").or_else(|| cx.ref_names(e, "detail")));
    }
    d.notes(r);
    Ok(d)
}

/// AllergyIntolerance: an allergy or intolerance, its reactions and how serious.
pub(crate) fn allergy(cx: &Cx<'_, '_>) -> Result<Draft, String> {
    let r = cx.resource;
    let substance = cc_at(r, "code")
        .or_else(|| arr(r, "reaction").into_iter().find_map(|x| cc_at(x, "substance")))
        .unwrap_or_else(|| "Allergy (substance not given)".to_string());
    let mut d = Draft::new(EntryKind::Allergy, substance);
    d.codes = r.get("code").map(codings).unwrap_or_default();
    let verification = status_of(r, "verificationStatus");
    d.status = match verification.as_deref() {
        Some("entered-in-error" | "refuted") => verification.clone(),
        _ => status_of(r, "clinicalStatus"),
    };
    d.date = date_choice(r, "onset").or_else(|| s(r, "recordedDate").map(str::to_string));
    d.fact("Status", d.status.as_deref().map(words));
    d.fact("Type", s(r, "type").map(words));
    d.fact(
        "Category",
        arr(r, "category").into_iter().filter_map(Value::as_str).map(words).reduce(|a, b| a + ", " + &b),
    );
    d.fact(
        "Risk",
        s(r, "criticality").map(|c| match c {
            "high" => "High risk of a serious reaction".to_string(),
            "low" => "Low risk of a serious reaction".to_string(),
            "unable-to-assess" => "Risk could not be assessed".to_string(),
            other => words(other),
        }),
    );
    for reaction in arr(r, "reaction") {
        let mut text = ccs_at(reaction, "manifestation").unwrap_or_else(|| "Reaction".to_string());
        if let Some(sev) = s(reaction, "severity") {
            text.push_str(&format!(" ({sev})"));
        }
        if let Some(sub) = cc_at(reaction, "substance") {
            text.push_str(&format!(", to {sub}"));
        }
        if let Some(desc) = s(reaction, "description") {
            text.push_str(&format!(": {desc}"));
        }
        if let Some(on) = s(reaction, "onset") {
            text.push_str(&format!(", {}", human_date(on)));
        }
        d.fact("Reaction", Some(text));
        d.codes.extend(arr(reaction, "manifestation").into_iter().flat_map(codings));
    }
    d.fact("Started", choice_text(r, "onset"));
    d.fact("Last reaction", s(r, "lastOccurrence").map(human_date));
    d.fact("Recorded", s(r, "recordedDate").map(human_date));
    d.fact("Recorded by", cx.ref_at(r, "recorder").or_else(|| cx.ref_at(r, "asserter")));
    // An ended allergy (GP Connect and UK Core's AllergyIntoleranceEnd extension).
    for ext in arr(r, "extension")
        .into_iter()
        .filter(|e| s(e, "url").is_some_and(|u| u.contains("AllergyIntoleranceEnd") || u.contains("AllergyIntolEnd")))
    {
        for part in arr(ext, "extension") {
            match s(part, "url") {
                Some("endDate") => d.fact("Ended", s(part, "valueDateTime").map(human_date)),
                Some("reasonEnded") => d.fact("Why it ended", s(part, "valueString").map(str::to_string)),
                _ => &mut d,
            };
        }
    }
    d.notes(r);
    Ok(d)
}

/// Immunization: a vaccination given, or recorded as not given.
pub(crate) fn immunization(cx: &Cx<'_, '_>) -> Result<Draft, String> {
    let r = cx.resource;
    // GP Connect and UK Core say which vaccination in an extension when the vaccine is unknown.
    let procedure = arr(r, "extension")
        .into_iter()
        .find(|e| s(e, "url").is_some_and(|u| u.contains("VaccinationProcedure")))
        .and_then(|e| e.get("valueCodeableConcept"))
        .and_then(cc_text);
    let vaccine = cc_at(r, "vaccineCode")
        .filter(|v| !v.eq_ignore_ascii_case("unknown") && v != "UNK")
        .or(procedure.clone())
        .unwrap_or_else(|| "Vaccination (vaccine not named)".to_string());
    let status = s(r, "status").map(str::to_string);
    let title = if status.as_deref() == Some("not-done") { format!("{vaccine} (not given)") } else { vaccine };
    let mut d = Draft::new(EntryKind::Immunisation, title);
    d.codes = r.get("vaccineCode").map(codings).unwrap_or_default();
    d.status = status;
    d.date = date_choice(r, "occurrence").or_else(|| s(r, "recorded").map(str::to_string));
    d.fact("Given", choice_text(r, "occurrence"));
    d.fact("Vaccination", procedure);
    if d.status.as_deref() == Some("not-done") {
        d.fact("Why not given", cc_at(r, "statusReason"));
    }
    for p in arr(r, "protocolApplied") {
        let dose = p
            .get("doseNumberPositiveInt")
            .map(Value::to_string)
            .or_else(|| s(p, "doseNumberString").map(str::to_string));
        let series = p.get("seriesDosesPositiveInt").map(Value::to_string);
        d.fact(
            "Dose",
            dose.map(|n| match &series {
                Some(of) => format!("{n} of {of}"),
                None => n,
            }),
        );
        d.fact("Against", ccs_at(p, "targetDisease"));
        d.fact("Course", s(p, "series").map(str::to_string));
    }
    d.fact("Amount", r.get("doseQuantity").and_then(quantity).map(|q| quantity_text(&q)));
    d.fact("Where on the body", cc_at(r, "site"));
    d.fact("How", cc_at(r, "route"));
    d.fact("Reason", cx.reasons(r));
    d.fact("Batch", s(r, "lotNumber").map(str::to_string));
    d.fact("Expires", s(r, "expirationDate").map(human_date));
    d.fact("Made by", cx.ref_at(r, "manufacturer"));
    let performers: Vec<String> =
        arr(r, "performer").into_iter().filter_map(|p| p.get("actor").and_then(|a| cx.ref_name(a))).collect();
    d.fact("Given by", (!performers.is_empty()).then(|| performers.join(", ")));
    d.fact("Where", cx.ref_at(r, "location"));
    if r.get("primarySource").and_then(Value::as_bool) == Some(false) {
        d.fact(
            "Source",
            Some(format!(
                "Reported, not recorded at the time{}",
                cc_at(r, "reportOrigin").map(|o| format!(" ({o})")).unwrap_or_default()
            )),
        );
    }
    d.notes(r);
    Ok(d)
}

/// Procedure: something done to or for the person.
pub(crate) fn procedure(cx: &Cx<'_, '_>) -> Result<Draft, String> {
    let r = cx.resource;
    let title = cc_at(r, "code").unwrap_or_else(|| "Procedure (not named)".to_string());
    let mut d = Draft::new(EntryKind::Procedure, title);
    d.codes = r.get("code").map(codings).unwrap_or_default();
    d.status = s(r, "status").map(str::to_string);
    d.date = date_choice(r, "performed");
    d.fact("When", choice_text(r, "performed"));
    if d.status.as_deref() == Some("not-done") {
        d.fact("Why not done", cc_at(r, "statusReason"));
    }
    d.fact("Type", cc_at(r, "category"));
    d.fact("Reason", cx.reasons(r));
    let performers: Vec<String> =
        arr(r, "performer").into_iter().filter_map(|p| p.get("actor").and_then(|a| cx.ref_name(a))).collect();
    d.fact("Done by", (!performers.is_empty()).then(|| performers.join(", ")));
    d.fact("Where", cx.ref_at(r, "location"));
    d.fact("Where on the body", ccs_at(r, "bodySite"));
    d.fact("Outcome", cc_at(r, "outcome"));
    d.fact("Complications", ccs_at(r, "complication"));
    d.fact("Follow-up", ccs_at(r, "followUp"));
    d.fact("Devices used", {
        let devices: Vec<String> = arr(r, "focalDevice")
            .into_iter()
            .filter_map(|f| cc_at(f, "action").or_else(|| f.get("manipulated").and_then(|m| cx.ref_name(m))))
            .collect();
        (!devices.is_empty()).then(|| devices.join(", "))
    });
    d.notes(r);
    Ok(d)
}

/// The code of an extension whose URL contains `name` (valueCode, valueCoding or valueCodeableConcept).
fn extension_code(r: &Value, name: &str) -> Option<String> {
    let ext = arr(r, "extension").into_iter().find(|e| s(e, "url").is_some_and(|u| u.contains(name)))?;
    let inner = std::iter::once(ext).chain(arr(ext, "extension"));
    for e in inner {
        if let Some(c) = s(e, "valueCode") {
            return Some(c.to_string());
        }
        if let Some(c) = e.get("valueCoding").and_then(|c| s(c, "display").or_else(|| s(c, "code"))) {
            return Some(c.to_string());
        }
        if let Some(c) = e.get("valueCodeableConcept").and_then(cc_text) {
            return Some(c);
        }
    }
    None
}
