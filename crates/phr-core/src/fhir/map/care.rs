//! The person, their consultations, documents, referrals, care plans and goals.

use serde_json::Value;

use super::{Cx, Draft, join_unique, words};
use crate::fhir::json::{
    arr, cc_at, cc_text, ccs_at, codings, date_choice, human_date, human_name, period_date, period_text, quantity,
    quantity_text, range_text, s,
};
use crate::fhir::patient::patient_facts;
use crate::record::EntryKind;

/// Patient: the person's details as the source holds them.
pub(crate) fn patient(cx: &Cx<'_, '_>) -> Result<Draft, String> {
    let r = cx.resource;
    let names = arr(r, "name");
    let official = names.iter().find(|n| s(n, "use") == Some("official")).or(names.first());
    let title = official.and_then(|n| human_name(n)).unwrap_or_else(|| "Patient (no name given)".to_string());
    let mut d = Draft::new(EntryKind::Patient, title);
    d.date = s(r, "birthDate").map(str::to_string);
    let facts = patient_facts(r);
    d.fact("NHS number", facts.nhs_number.map(|n| n.to_string()));
    d.fact("Born", s(r, "birthDate").map(human_date));
    d.fact("Gender", s(r, "gender").map(words));
    match (r.get("deceasedBoolean").and_then(Value::as_bool), s(r, "deceasedDateTime")) {
        (_, Some(when)) => d.fact("Died", Some(human_date(when))),
        (Some(true), None) => d.fact("Died", Some("Yes".to_string())),
        _ => &mut d,
    };
    for n in names.iter().filter(|n| Some(*n) != official) {
        d.fact("Also known as", human_name(n));
    }
    for a in arr(r, "address") {
        let mut parts: Vec<&str> = arr(a, "line").into_iter().filter_map(Value::as_str).collect();
        parts.extend(["city", "district", "postalCode", "country"].iter().filter_map(|k| s(a, k)));
        let text = s(a, "text").map(str::to_string).or_else(|| (!parts.is_empty()).then(|| parts.join(", ")));
        d.fact("Address", text);
    }
    for t in arr(r, "telecom") {
        let label = match s(t, "system") {
            Some("email") => "Email",
            Some("phone") | Some("sms") => "Phone",
            _ => "Contact",
        };
        d.fact(label, s(t, "value").map(str::to_string));
    }
    d.fact("Language", arr(r, "communication").into_iter().find_map(|c| cc_at(c, "language")));
    d.fact("GP practice", cx.ref_names(r, "generalPractitioner"));
    d.fact("Managing organisation", cx.ref_at(r, "managingOrganization"));
    Ok(d)
}

/// Encounter: a consultation, visit or stay.
pub(crate) fn encounter(cx: &Cx<'_, '_>) -> Result<Draft, String> {
    let r = cx.resource;
    let class_code = r.get("class").and_then(|c| s(c, "code").or_else(|| s(c, "display")));
    let class_words = class_code.map(|c| match c {
        "AMB" => "Outpatient or surgery visit".to_string(),
        "IMP" | "ACUTE" | "NONAC" => "Hospital stay".to_string(),
        "EMER" => "Emergency visit".to_string(),
        "HH" => "Home visit".to_string(),
        "VR" => "Virtual consultation".to_string(),
        "OBSENC" => "Observation stay".to_string(),
        "PRENC" => "Pre-admission visit".to_string(),
        "SS" => "Day case".to_string(),
        other => r.get("class").and_then(|c| s(c, "display")).unwrap_or(other).to_string(),
    });
    let title = ccs_at(r, "type")
        .or_else(|| cc_at(r, "serviceType"))
        .or_else(|| class_words.clone())
        .unwrap_or_else(|| "Consultation".to_string());
    let mut d = Draft::new(EntryKind::Encounter, title);
    d.codes = arr(r, "type").into_iter().flat_map(codings).collect();
    d.status = s(r, "status").map(str::to_string);
    d.date = r.get("period").and_then(period_date);
    d.fact("When", r.get("period").and_then(period_text));
    d.fact("Kind of visit", class_words);
    d.fact("Service", cc_at(r, "serviceType"));
    d.fact("Reason", cx.reasons(r));
    d.fact(
        "Seen by",
        join_unique(arr(r, "participant").into_iter().filter_map(|p| p.get("individual").and_then(|i| cx.ref_name(i)))),
    );
    let places: Vec<String> =
        arr(r, "location").into_iter().filter_map(|l| l.get("location").and_then(|x| cx.ref_name(x))).collect();
    d.fact("Where", (!places.is_empty()).then(|| places.join(", ")));
    d.fact("Organisation", cx.ref_at(r, "serviceProvider"));
    d.fact("Length", r.get("length").and_then(quantity).map(|q| quantity_text(&q)));
    for dx in arr(r, "diagnosis") {
        d.fact("Diagnosis", dx.get("condition").and_then(|c| cx.ref_name(c)));
    }
    if let Some(h) = r.get("hospitalization") {
        d.fact("Admitted from", cc_at(h, "admitSource"));
        d.fact("Discharged to", cc_at(h, "dischargeDisposition"));
    }
    Ok(d)
}

/// DocumentReference: a letter, report or other document, with its files.
pub(crate) fn document(cx: &Cx<'_, '_>) -> Result<Draft, String> {
    let r = cx.resource;
    let attachments: Vec<&Value> = arr(r, "content").into_iter().filter_map(|c| c.get("attachment")).collect();
    let title = s(r, "description")
        .map(str::to_string)
        .or_else(|| cc_at(r, "type"))
        .or_else(|| attachments.iter().find_map(|a| s(a, "title")).map(str::to_string))
        .unwrap_or_else(|| "Document".to_string());
    let mut d = Draft::new(EntryKind::Document, title);
    d.codes = r.get("type").map(codings).unwrap_or_default();
    d.status = s(r, "docStatus").or_else(|| s(r, "status")).map(str::to_string);
    d.date = s(r, "date")
        .map(str::to_string)
        .or_else(|| r.get("context").and_then(|c| c.get("period")).and_then(period_date))
        .or_else(|| attachments.iter().find_map(|a| s(a, "creation")).map(str::to_string));
    d.fact("Type", cc_at(r, "type"));
    d.fact("Category", ccs_at(r, "category"));
    d.fact("Date", d.date.as_deref().map(human_date));
    d.fact("Written by", cx.ref_names(r, "author"));
    d.fact("Held by", cx.ref_at(r, "custodian"));
    if let Some(c) = r.get("context") {
        d.fact("Service", cc_at(c, "practiceSetting").or_else(|| cc_at(c, "facilityType")));
    }
    for a in attachments {
        let name = s(a, "title").unwrap_or("File");
        let kind = s(a, "contentType").map(|t| format!(" ({t})")).unwrap_or_default();
        d.fact("File", Some(format!("{name}{kind}")));
    }
    Ok(d)
}

/// ServiceRequest: a referral or a request for a test or service.
pub(crate) fn service_request(cx: &Cx<'_, '_>) -> Result<Draft, String> {
    let r = cx.resource;
    let to = cx.ref_names(r, "performer");
    let title = cc_at(r, "code")
        .or_else(|| ccs_at(r, "category"))
        .or_else(|| to.as_ref().map(|t| format!("Referral to {t}")))
        .unwrap_or_else(|| "Referral".to_string());
    let mut d = Draft::new(EntryKind::Referral, title);
    d.codes = r.get("code").map(codings).unwrap_or_default();
    d.status = s(r, "status").map(str::to_string);
    d.date = s(r, "authoredOn").map(str::to_string).or_else(|| date_choice(r, "occurrence"));
    d.fact("Status", d.status.as_deref().map(words));
    d.fact("Requested", s(r, "authoredOn").map(human_date));
    d.fact("Requested by", cx.ref_at(r, "requester"));
    d.fact("To", to);
    d.fact("Type", ccs_at(r, "category"));
    d.fact("Reason", cx.reasons(r));
    d.fact(
        "Priority",
        s(r, "priority").map(|p| match p {
            "routine" => "Routine".to_string(),
            "urgent" => "Urgent".to_string(),
            "asap" => "As soon as possible".to_string(),
            "stat" => "Immediately".to_string(),
            other => words(other),
        }),
    );
    d.fact("When", date_choice(r, "occurrence").map(|o| human_date(&o)));
    d.fact("Instructions", s(r, "patientInstruction").map(str::to_string));
    d.notes(r);
    Ok(d)
}

/// CarePlan: a plan of care, what it addresses and its activities.
pub(crate) fn care_plan(cx: &Cx<'_, '_>) -> Result<Draft, String> {
    let r = cx.resource;
    let title = s(r, "title")
        .map(str::to_string)
        .or_else(|| arr(r, "category").into_iter().filter_map(cc_text).next_back())
        .or_else(|| s(r, "description").map(str::to_string))
        .unwrap_or_else(|| "Care plan".to_string());
    let mut d = Draft::new(EntryKind::CarePlan, title);
    d.codes = arr(r, "category").into_iter().flat_map(codings).collect();
    d.status = s(r, "status").map(str::to_string);
    d.date = r.get("period").and_then(period_date).or_else(|| s(r, "created").map(str::to_string));
    d.fact("Status", d.status.as_deref().map(words));
    d.fact("When", r.get("period").and_then(period_text));
    d.fact("About", s(r, "description").map(str::to_string));
    d.fact("For", cx.ref_names(r, "addresses"));
    d.fact("Written by", cx.ref_at(r, "author"));
    d.fact("Goals", cx.ref_names(r, "goal"));
    for a in arr(r, "activity") {
        let text = a
            .get("detail")
            .and_then(|det| {
                let what = cc_at(det, "code").or_else(|| s(det, "description").map(str::to_string))?;
                Some(match s(det, "status") {
                    Some(st) => format!("{what} ({})", words(st).to_lowercase()),
                    None => what,
                })
            })
            .or_else(|| a.get("reference").and_then(|x| cx.ref_name(x)));
        d.fact("Activity", text);
    }
    d.notes(r);
    Ok(d)
}

/// Goal: what the person and their clinicians aim for.
pub(crate) fn goal(cx: &Cx<'_, '_>) -> Result<Draft, String> {
    let r = cx.resource;
    let title = cc_at(r, "description").unwrap_or_else(|| "Goal".to_string());
    let mut d = Draft::new(EntryKind::Goal, title);
    d.codes = r.get("description").map(codings).unwrap_or_default();
    d.status = s(r, "lifecycleStatus").map(str::to_string);
    d.date = date_choice(r, "start").or_else(|| s(r, "statusDate").map(str::to_string));
    d.fact("Status", d.status.as_deref().map(words));
    d.fact("Progress", cc_at(r, "achievementStatus"));
    d.fact("Priority", cc_at(r, "priority"));
    d.fact("Started", s(r, "startDate").map(human_date));
    for t in arr(r, "target") {
        let measure = cc_at(t, "measure");
        let aim = t
            .get("detailQuantity")
            .and_then(quantity)
            .map(|q| quantity_text(&q))
            .or_else(|| t.get("detailRange").and_then(range_text))
            .or_else(|| cc_at(t, "detailCodeableConcept"))
            .or_else(|| s(t, "detailString").map(str::to_string));
        let due = s(t, "dueDate").map(|x| format!("by {}", human_date(x)));
        let text = [measure, aim, due].into_iter().flatten().collect::<Vec<_>>().join(" ");
        d.fact("Target", Some(text));
    }
    d.fact("For", cx.ref_names(r, "addresses"));
    d.fact("Set by", cx.ref_at(r, "expressedBy"));
    d.notes(r);
    Ok(d)
}
