//! Medicines: statements of what is taken, prescriptions (plans and issues), administrations
//! and dispensings, titled with the medicine's name wherever the name is kept.

use std::borrow::Cow;

use serde_json::Value;

use super::{Cx, Draft, words};
use crate::fhir::json::{
    arr, cc_at, cc_text, ccs_at, codings, date_choice, dosage_text, human_date, number, period_text, quantity,
    quantity_text, s,
};
use crate::record::medicines::{Course, MedicineFacts, Role, UNNAMED_MEDICINE};
use crate::record::{Coding, EntryKind};

/// MedicationStatement, MedicationRequest, MedicationAdministration, MedicationDispense.
pub(crate) fn medication_use(cx: &Cx<'_, '_>, resource_type: &str) -> Result<Draft, String> {
    let r = cx.resource;
    let (name, codes, medication) = medicine(cx);
    let mut d = Draft::new(EntryKind::Medication, name.unwrap_or_else(|| UNNAMED_MEDICINE.to_string()));
    d.codes = codes;
    d.status = s(r, "status").map(str::to_string);
    d.fact("Status", d.status.as_deref().map(words));
    match resource_type {
        "MedicationRequest" => {
            d.date = s(r, "authoredOn").map(str::to_string);
            d.fact(
                "Type",
                s(r, "intent").map(|i| match i {
                    "plan" => "Prescribing plan (repeat or acute)".to_string(),
                    "order" => "Prescription issued".to_string(),
                    "original-order" => "Original prescription".to_string(),
                    other => words(other),
                }),
            );
            d.fact("Prescribed", s(r, "authoredOn").map(human_date));
            d.fact("Prescribed by", cx.ref_at(r, "requester"));
            d.fact(
                "Repeat or acute",
                cc_at(r, "courseOfTherapyType").or_else(|| prescription_type(r).and_then(cc_text)),
            );
            if let Some(dr) = r.get("dispenseRequest") {
                d.fact("Quantity", dr.get("quantity").and_then(supply_quantity));
                d.fact("Supply", dr.get("expectedSupplyDuration").and_then(quantity).map(|q| quantity_text(&q)));
                d.fact("Repeats allowed", dr.get("numberOfRepeatsAllowed").and_then(Value::as_f64).map(number));
                d.fact("Valid", dr.get("validityPeriod").and_then(period_text));
            }
        }
        "MedicationStatement" => {
            d.date = date_choice(r, "effective").or_else(|| s(r, "dateAsserted").map(str::to_string));
            d.fact(
                "Taken",
                r.get("effectivePeriod").and_then(period_text).or_else(|| s(r, "effectiveDateTime").map(human_date)),
            );
            d.fact("Recorded", s(r, "dateAsserted").map(human_date));
            d.fact("Recorded by", cx.ref_at(r, "informationSource"));
        }
        "MedicationAdministration" => {
            d.date = date_choice(r, "effective");
            d.fact(
                "Given",
                r.get("effectivePeriod").and_then(period_text).or_else(|| s(r, "effectiveDateTime").map(human_date)),
            );
        }
        _ => {
            d.date = s(r, "whenHandedOver").or_else(|| s(r, "whenPrepared")).map(str::to_string);
            d.fact("Handed over", s(r, "whenHandedOver").map(human_date));
            d.fact("Quantity", r.get("quantity").and_then(quantity).map(|q| quantity_text(&q)));
        }
    }
    for dosage in arr(r, "dosage").into_iter().chain(arr(r, "dosageInstruction")) {
        d.fact("Dose", dosage_text(dosage));
    }
    if let Some(dosage) = r.get("dosage").filter(|v| v.is_object() && resource_type == "MedicationAdministration") {
        d.fact(
            "Dose",
            dosage
                .get("dose")
                .and_then(quantity)
                .map(|q| quantity_text(&q))
                .or_else(|| s(dosage, "text").map(str::to_string)),
        );
    }
    d.fact("Reason", cx.reasons(r));
    d.fact("Type", ccs_at(r, "category"));
    if let Some(m) = medication.as_deref() {
        d.fact("Form", cc_at(m, "form"));
        let ingredients: Vec<String> = arr(m, "ingredient")
            .into_iter()
            .filter_map(|i| {
                i.get("itemCodeableConcept")
                    .and_then(cc_text)
                    .or_else(|| i.get("itemReference").and_then(|x| cx.ref_name(x)))
            })
            .collect();
        d.fact("Ingredients", (!ingredients.is_empty()).then(|| ingredients.join(", ")));
    }
    d.notes(r);
    Ok(d)
}

/// GP Connect's prescription type (acute, repeat, repeat dispensing...): a CodeableConcept in
/// an extension, where R4 has `courseOfTherapyType`.
fn prescription_type(r: &Value) -> Option<&Value> {
    arr(r, "extension")
        .into_iter()
        .find(|e| s(e, "url").is_some_and(|u| u.contains("PrescriptionType")))
        .and_then(|e| e.get("valueCodeableConcept"))
}

/// The first code of a CodeableConcept.
fn first_code(cc: &Value) -> Option<&str> {
    arr(cc, "coding").into_iter().find_map(|c| s(c, "code"))
}

/// What a medicine resource (in its R4 form) says about its place among the person's
/// medicines: a plan or an issue, acute or repeat, the plan it is based on, its dose and when
/// it was issued. The record's medicines view groups entries by these
/// ([`crate::record::medicines::group_medicines`]); they are read from the stored resource
/// when the view is built, so records imported before the view existed need nothing redone.
pub fn medicine_facts(r: &Value) -> MedicineFacts {
    let resource_type = s(r, "resourceType").unwrap_or_default();
    let role = match resource_type {
        "MedicationRequest" => match s(r, "intent") {
            Some("plan" | "proposal" | "directive") => Role::Authorisation,
            _ => Role::Issue,
        },
        "MedicationStatement" => Role::Statement,
        "MedicationDispense" => Role::Dispense,
        "MedicationAdministration" => Role::Administration,
        _ => Role::Issue,
    };
    let course =
        prescription_type(r).or_else(|| r.get("courseOfTherapyType")).and_then(first_code).and_then(Course::from_code);
    let issued = match role {
        Role::Issue => s(r, "authoredOn"),
        Role::Dispense => s(r, "whenHandedOver").or_else(|| s(r, "whenPrepared")),
        _ => None,
    };
    let last_issued = arr(r, "extension")
        .into_iter()
        .find(|e| s(e, "url").is_some_and(|u| u.contains("LastIssueDate")))
        .and_then(|e| s(e, "valueDateTime").or_else(|| s(e, "valueDate")));
    MedicineFacts {
        role,
        course,
        based_on: arr(r, "basedOn").into_iter().filter_map(|b| s(b, "reference")).map(str::to_string).collect(),
        group: r.get("groupIdentifier").and_then(|g| s(g, "value")).map(str::to_string),
        dose: arr(r, "dosage").into_iter().chain(arr(r, "dosageInstruction")).find_map(dosage_text),
        issued: issued.map(str::to_string),
        last_issued: last_issued.map(str::to_string),
    }
}

/// A supply quantity, with GP Connect's quantity text ("28 capsule(s)") when there is no unit.
fn supply_quantity(q: &Value) -> Option<String> {
    let mut parsed = quantity(q)?;
    if parsed.unit.is_none() {
        parsed.unit = arr(q, "extension").into_iter().find_map(|e| s(e, "valueString")).map(str::to_string);
    }
    Some(quantity_text(&parsed))
}

/// The medicine's name and codes, from `medicationCodeableConcept` or the Medication that
/// `medicationReference` points at (contained or in the same import), and that Medication.
pub(crate) fn medicine<'r>(cx: &Cx<'r, '_>) -> (Option<String>, Vec<Coding>, Option<Cow<'r, Value>>) {
    let r = cx.resource;
    if let Some(cc) = r.get("medicationCodeableConcept") {
        return (cc_text(cc), codings(cc), None);
    }
    let Some(reference) = r.get("medicationReference") else { return (None, Vec::new(), None) };
    match cx.target(reference) {
        Some(m) => {
            let name = cc_at(&m, "code").or_else(|| s(reference, "display").map(str::to_string));
            let codes = m.get("code").map(codings).unwrap_or_default();
            (name, codes, Some(m))
        }
        None => (s(reference, "display").map(str::to_string), Vec::new(), None),
    }
}
