//! Results: observations (vital signs, laboratory results, scores) with their units, ranges
//! and flags, and the reports that group them.

use serde_json::Value;

use super::{Cx, Draft, words};
use crate::fhir::json::{
    arr, cc_at, cc_text, ccs_at, codings, date_choice, human_date, number, period_text, quantity, quantity_text,
    range_text, readable_unit, s,
};
use crate::record::{EntryKind, EntryValue, Fact};

/// Codes of blood pressure's parts (LOINC, then SNOMED CT's observable and O/E readings), so
/// the pair is shown as "120/80 mmHg".
const SYSTOLIC: &[&str] = &["8480-6", "271649006", "72313002", "163030003", "407554009"];
const DIASTOLIC: &[&str] = &["8462-4", "271650006", "1091811000000102", "163031004", "407555005"];

/// Observation: a measurement, a test result, a finding.
pub(crate) fn observation(cx: &Cx<'_, '_>) -> Result<Draft, String> {
    let r = cx.resource;
    let value = value_of(r);
    let components = arr(r, "component");
    let code_text = cc_at(r, "code");
    if code_text.is_none() && value.is_none() && components.is_empty() {
        return Err("the Observation has neither a code nor a value: there is nothing to show".to_string());
    }
    let mut d = Draft::new(EntryKind::Result, code_text.unwrap_or_else(|| "Observation".to_string()));
    d.codes = r.get("code").map(codings).unwrap_or_default();
    d.status = s(r, "status").map(str::to_string);
    d.date = date_choice(r, "effective").or_else(|| s(r, "issued").map(str::to_string));
    let mut systolic = None;
    let mut diastolic = None;
    let mut any_abnormal = false;
    for c in &components {
        let label = cc_at(c, "code").unwrap_or_else(|| "Part".to_string());
        let Some(v) = value_of(c) else { continue };
        let code_in = |set: &[&str]| {
            arr(c.get("code").unwrap_or(&Value::Null), "coding")
                .into_iter()
                .any(|x| s(x, "code").is_some_and(|k| set.contains(&k)))
        };
        let lower = label.to_lowercase();
        if code_in(SYSTOLIC) || lower.contains("systolic") {
            systolic = v.quantity.clone();
        } else if code_in(DIASTOLIC) || lower.contains("diastolic") {
            diastolic = v.quantity.clone();
        }
        any_abnormal |= v.abnormal;
        let mut text = v.text.clone();
        if let Some(f) = &v.flag {
            text.push_str(&format!(" ({f})"));
        }
        if let Some(range) = &v.range_text {
            text.push_str(&format!(", normal range {range}"));
        }
        d.components.push(Fact::new(label, text));
        d.codes.extend(c.get("code").map(codings).unwrap_or_default());
    }
    d.value = match (value, systolic, diastolic) {
        (Some(v), _, _) => Some(v),
        (None, Some(sys), Some(dia)) => {
            let unit = sys.unit.as_deref().map(readable_unit).unwrap_or_default();
            let (flag, abnormal) = interpretation(r);
            Some(EntryValue {
                text: format!("{}/{} {unit}", number(sys.value), number(dia.value)).trim().to_string(),
                quantity: None,
                range_text: None,
                abnormal: abnormal || any_abnormal,
                flag: flag.or_else(|| any_abnormal.then(|| "Abnormal".to_string())),
            })
        }
        _ => None,
    };
    d.fact("Type", ccs_at(r, "category"));
    let taken = r
        .get("effectivePeriod")
        .and_then(period_text)
        .or_else(|| s(r, "effectiveDateTime").or_else(|| s(r, "effectiveInstant")).map(human_date));
    let reported = s(r, "issued").map(human_date).filter(|rep| Some(rep) != taken.as_ref());
    d.fact("Taken", taken);
    d.fact("Reported", reported);
    if let Some(st) = d.status.as_deref().filter(|st| !matches!(*st, "final" | "amended" | "corrected")) {
        d.fact("Status", Some(words(st)));
    }
    d.fact("By", cx.ref_names(r, "performer"));
    d.fact("Specimen", cx.ref_at(r, "specimen"));
    d.fact("Method", cc_at(r, "method"));
    d.fact("Where on the body", cc_at(r, "bodySite"));
    d.fact("Why no value", cc_at(r, "dataAbsentReason"));
    for member in arr(r, "hasMember") {
        let name = cx.target(member).and_then(|t| result_line(&t)).or_else(|| cx.ref_name(member));
        d.fact("Includes", name);
    }
    d.notes(r);
    Ok(d)
}

/// DiagnosticReport: a report and the results it holds, each named.
pub(crate) fn report(cx: &Cx<'_, '_>) -> Result<Draft, String> {
    let r = cx.resource;
    let title = cc_at(r, "code").unwrap_or_else(|| "Report".to_string());
    let mut d = Draft::new(EntryKind::Report, title);
    d.codes = r.get("code").map(codings).unwrap_or_default();
    d.status = s(r, "status").map(str::to_string);
    d.date = date_choice(r, "effective").or_else(|| s(r, "issued").map(str::to_string));
    d.fact("Type", ccs_at(r, "category"));
    let taken = r.get("effectivePeriod").and_then(period_text).or_else(|| s(r, "effectiveDateTime").map(human_date));
    let reported = s(r, "issued").map(human_date).filter(|rep| Some(rep) != taken.as_ref());
    d.fact("Taken", taken);
    d.fact("Reported", reported);
    d.fact("By", cx.ref_names(r, "performer"));
    d.fact("Interpreted by", cx.ref_names(r, "resultsInterpreter"));
    d.fact("Specimen", cx.ref_names(r, "specimen"));
    for result in arr(r, "result") {
        match cx.target(result) {
            Some(obs) => {
                let obs: &Value = &obs;
                let label = cc_at(obs, "code")
                    .or_else(|| s(result, "display").map(str::to_string))
                    .unwrap_or_else(|| "Result".to_string());
                let text = value_of(obs).map(|v| value_line(&v)).or_else(|| {
                    let parts: Vec<String> = arr(obs, "component")
                        .into_iter()
                        .filter_map(|c| Some(format!("{} {}", cc_at(c, "code")?, value_of(c)?.text)))
                        .collect();
                    (!parts.is_empty()).then(|| parts.join(", "))
                });
                d.fact(&label, Some(text.unwrap_or_else(|| "No value".to_string())));
            }
            None => {
                d.fact("Result", cx.ref_name(result).or_else(|| s(result, "reference").map(str::to_string)));
            }
        }
    }
    d.fact("Conclusion", s(r, "conclusion").map(str::to_string));
    d.fact("Findings", ccs_at(r, "conclusionCode"));
    let forms = arr(r, "presentedForm");
    if !forms.is_empty() {
        let titles: Vec<String> = forms.iter().map(|f| s(f, "title").unwrap_or("a file").to_string()).collect();
        d.fact("Attached", Some(titles.join(", ")));
    }
    Ok(d)
}

/// "Haemoglobin: 135 g/L (High)" for a report's list or a panel's members.
fn result_line(obs: &Value) -> Option<String> {
    let name = cc_at(obs, "code")?;
    Some(match value_of(obs) {
        Some(v) => format!("{name}: {}", value_line(&v)),
        None => name,
    })
}

fn value_line(v: &EntryValue) -> String {
    let mut t = v.text.clone();
    if let Some(f) = &v.flag {
        t.push_str(&format!(" ({f})"));
    }
    if let Some(r) = &v.range_text {
        t.push_str(&format!(", normal range {r}"));
    }
    t
}

/// The value of an Observation or of one of its components, with range and flag.
pub(crate) fn value_of(o: &Value) -> Option<EntryValue> {
    let mut quantity_value = None;
    let text = if let Some(q) = o.get("valueQuantity").and_then(quantity) {
        let t = quantity_text(&q);
        quantity_value = Some(q);
        t
    } else if let Some(c) = o.get("valueCodeableConcept").and_then(cc_text) {
        c
    } else if let Some(t) = s(o, "valueString") {
        t.to_string()
    } else if let Some(b) = o.get("valueBoolean").and_then(Value::as_bool) {
        if b { "Yes" } else { "No" }.to_string()
    } else if let Some(i) = o.get("valueInteger").and_then(Value::as_f64) {
        number(i)
    } else if let Some(r) = o.get("valueRange").and_then(range_text) {
        r
    } else if let Some(ratio) = o.get("valueRatio") {
        let n = ratio.get("numerator").and_then(quantity)?;
        let dn = ratio.get("denominator").and_then(quantity)?;
        format!("{} / {}", quantity_text(&n), quantity_text(&dn))
    } else if let Some(dt) = s(o, "valueDateTime") {
        human_date(dt)
    } else if let Some(p) = o.get("valuePeriod").and_then(period_text) {
        p
    } else if let Some(t) = s(o, "valueTime") {
        t.to_string()
    } else if let Some(sd) = o.get("valueSampledData") {
        format!("A series of {} readings", s(sd, "data").map_or(0, |d| d.split_whitespace().count()))
    } else {
        return None;
    };
    let (flag, abnormal) = interpretation(o);
    let range_text = arr(o, "referenceRange").into_iter().find_map(range_text);
    Some(EntryValue { text, quantity: quantity_value, range_text, flag, abnormal })
}

/// The interpretation (HL7 v3 ObservationInterpretation codes) as a flag for people, and
/// whether it marks the value abnormal. The lab decides: no flag is inferred from the range.
fn interpretation(o: &Value) -> (Option<String>, bool) {
    for cc in arr(o, "interpretation") {
        for c in arr(cc, "coding") {
            let flag = match s(c, "code") {
                Some("H" | "HU" | ">") => Some(("High", true)),
                Some("L" | "LU" | "<") => Some(("Low", true)),
                Some("HH") => Some(("Critically high", true)),
                Some("LL") => Some(("Critically low", true)),
                Some("A") => Some(("Abnormal", true)),
                Some("AA") => Some(("Critically abnormal", true)),
                Some("POS" | "DET") => Some(("Positive", false)),
                Some("NEG" | "ND") => Some(("Negative", false)),
                Some("N") => return (None, false),
                _ => None,
            };
            if let Some((f, abnormal)) = flag {
                return (Some(f.to_string()), abnormal);
            }
        }
        if let Some(text) = cc_text(cc) {
            let lower = text.to_lowercase();
            if lower == "normal" || lower.contains("within") {
                return (None, false);
            }
            let abnormal = ["abnormal", "high", "low", "critical"].iter().any(|w| lower.contains(w));
            return (Some(text), abnormal);
        }
    }
    (None, false)
}
