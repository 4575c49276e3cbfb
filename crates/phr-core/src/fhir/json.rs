//! Small readers for FHIR datatypes held as JSON values: CodeableConcept, Quantity, Period,
//! references, dates, for people.

use serde_json::Value;

use crate::record::{Coding, Quantity};

/// A string at `key`, trimmed, if not empty.
pub(crate) fn s<'v>(v: &'v Value, key: &str) -> Option<&'v str> {
    v.get(key).and_then(Value::as_str).map(str::trim).filter(|t| !t.is_empty())
}

/// The elements of an array at `key` (a lone object counts as one: published data gets this wrong).
pub(crate) fn arr<'v>(v: &'v Value, key: &str) -> Vec<&'v Value> {
    match v.get(key) {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(Value::Null) | None => Vec::new(),
        Some(other) => vec![other],
    }
}

/// The codings of a CodeableConcept.
pub(crate) fn codings(cc: &Value) -> Vec<Coding> {
    arr(cc, "coding")
        .into_iter()
        .map(|c| Coding {
            system: s(c, "system").map(str::to_string),
            code: s(c, "code").map(str::to_string),
            display: s(c, "display").map(str::to_string),
        })
        .filter(|c| c.code.is_some() || c.display.is_some())
        .collect()
}

/// A CodeableConcept in plain English: its text, then the SNOMED display, then any display,
/// then a bare code.
pub(crate) fn cc_text(cc: &Value) -> Option<String> {
    if let Some(t) = s(cc, "text") {
        return Some(t.to_string());
    }
    let codings = arr(cc, "coding");
    let snomed = codings
        .iter()
        .find(|c| s(c, "system").is_some_and(|x| x.contains("snomed.info")))
        .and_then(|c| s(c, "display"));
    snomed
        .or_else(|| codings.iter().find_map(|c| s(c, "display")))
        .map(str::to_string)
        .or_else(|| codings.iter().find_map(|c| s(c, "code")).map(code_words))
}

/// A bare code as words when it is a FHIR-style code ("vital-signs" → "Vital signs").
fn code_words(code: &str) -> String {
    if code.chars().all(|c| c.is_ascii_lowercase() || c == '-') {
        let spaced = code.replace('-', " ");
        let mut c = spaced.chars();
        c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
    } else {
        code.to_string()
    }
}

/// Plain text of a CodeableConcept at `key`.
pub(crate) fn cc_at(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(cc_text)
}

/// Each CodeableConcept of an array at `key`, as text, joined with ", ".
pub(crate) fn ccs_at(v: &Value, key: &str) -> Option<String> {
    let parts: Vec<String> = arr(v, key).into_iter().filter_map(cc_text).collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// A Quantity (or Age, Duration, SimpleQuantity...).
pub(crate) fn quantity(q: &Value) -> Option<Quantity> {
    let value = q.get("value").and_then(|v| v.as_f64().or_else(|| v.as_str().and_then(|t| t.trim().parse().ok())))?;
    // UCUM time codes are more reliable than the free-text unit beside them ("m" for minutes).
    let ucum_time = s(q, "code").filter(|c| matches!(*c, "s" | "min" | "h" | "d" | "wk" | "mo" | "a"));
    let unit = match ucum_time {
        Some(code) => Some(time_unit(code, value)),
        None => s(q, "unit").or_else(|| s(q, "code")).map(|u| match u {
            "day" | "days" | "week" | "weeks" | "month" | "months" | "year" | "years" | "hour" | "hours" => {
                time_unit(u.trim_end_matches('s'), value)
            }
            other => other.to_string(),
        }),
    };
    Some(Quantity { value, unit, comparator: s(q, "comparator").map(str::to_string) })
}

/// A UCUM time code or unit word in words, singular or plural for `value`.
fn time_unit(code: &str, value: f64) -> String {
    let word = match code {
        "s" => "second",
        "min" => "minute",
        "h" | "hour" => "hour",
        "d" | "day" => "day",
        "wk" | "week" => "week",
        "mo" | "month" => "month",
        "a" | "year" => "year",
        other => return other.to_string(),
    };
    if value == 1.0 { word.to_string() } else { format!("{word}s") }
}

/// "5.4 mmol/L", "< 0.5 mg/L", "37 Cel".
pub(crate) fn quantity_text(q: &Quantity) -> String {
    let mut out = String::new();
    if let Some(c) = &q.comparator {
        out.push_str(c);
        out.push(' ');
    }
    out.push_str(&number(q.value));
    if let Some(u) = q.unit.as_deref().map(|u| readable_unit(u, q.value)).filter(|u| !u.is_empty()) {
        if u != "%" {
            out.push(' ');
        }
        out.push_str(&u);
    }
    out
}

/// A number without a needless ".0".
pub(crate) fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        let t = format!("{v}");
        // Generated data carries 15 decimals ("173.4217404631797"); nobody measures that finely.
        let decimals = t.split('.').nth(1).map_or(0, str::len);
        if decimals <= 4 {
            return t;
        }
        let places = if v.abs() >= 100.0 {
            1
        } else if v.abs() >= 1.0 {
            2
        } else {
            3
        };
        let rounded = format!("{v:.places$}");
        rounded.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// A unit in words for a value of `value`, from the one table ([`crate::record::units`]).
pub(crate) fn readable_unit(unit: &str, value: f64) -> String {
    crate::record::units::unit_words(unit, value)
}

/// Every `reference` string anywhere inside a resource, in document order, without repeats.
pub(crate) fn all_references(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                if k == "contained" {
                    continue;
                }
                if k == "reference" {
                    if let Some(r) = child.as_str().map(str::trim).filter(|r| !r.is_empty())
                        && !out.iter().any(|o| o == r)
                    {
                        out.push(r.to_string());
                    }
                } else {
                    all_references(child, out);
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|c| all_references(c, out)),
        _ => {}
    }
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// A FHIR date or dateTime for people, en-GB: "25 Dec 1974", "Dec 1974", "1974". Times are
/// left out: the date is what people look for. Anything unrecognised is shown as given.
pub(crate) fn human_date(d: &str) -> String {
    let d = d.trim();
    let date = d.split('T').next().unwrap_or(d);
    let parts: Vec<&str> = date.split('-').collect();
    let month =
        |m: &str| m.parse::<usize>().ok().filter(|m| (1..=12).contains(m)).and_then(|m| MONTHS.get(m.checked_sub(1)?));
    match parts.as_slice() {
        [y] if y.len() == 4 => (*y).to_string(),
        [y, m] if y.len() == 4 => month(m).map_or_else(|| d.to_string(), |m| format!("{m} {y}")),
        [y, m, day] if y.len() == 4 => match (month(m), day.parse::<u32>()) {
            (Some(m), Ok(day)) => format!("{day} {m} {y}"),
            _ => d.to_string(),
        },
        _ => d.to_string(),
    }
}

/// A Period in words: "from 1 Jan 2020 to 3 Feb 2020", "from 1 Jan 2020", "until 3 Feb 2020".
pub(crate) fn period_text(p: &Value) -> Option<String> {
    match (s(p, "start"), s(p, "end")) {
        (Some(a), Some(b)) if human_date(a) == human_date(b) => Some(human_date(a)),
        (Some(a), Some(b)) => Some(format!("{} to {}", human_date(a), human_date(b))),
        (Some(a), None) => Some(format!("From {}", human_date(a))),
        (None, Some(b)) => Some(format!("Until {}", human_date(b))),
        (None, None) => None,
    }
}

/// The start of a Period, or its end when it has no start.
pub(crate) fn period_date(p: &Value) -> Option<String> {
    s(p, "start").or_else(|| s(p, "end")).map(str::to_string)
}

/// A `[x]` choice's date: `{prefix}DateTime`, `{prefix}Period` start, `{prefix}Date`,
/// `{prefix}Instant`, `{prefix}String`.
pub(crate) fn date_choice(v: &Value, prefix: &str) -> Option<String> {
    s(v, &format!("{prefix}DateTime"))
        .or_else(|| s(v, &format!("{prefix}Date")))
        .or_else(|| s(v, &format!("{prefix}Instant")))
        .map(str::to_string)
        .or_else(|| v.get(format!("{prefix}Period")).and_then(period_date))
        .or_else(|| s(v, &format!("{prefix}String")).map(str::to_string))
}

/// A `[x]` choice in words: dates, periods, ages, ranges, strings.
pub(crate) fn choice_text(v: &Value, prefix: &str) -> Option<String> {
    if let Some(d) = s(v, &format!("{prefix}DateTime")).or_else(|| s(v, &format!("{prefix}Date"))) {
        return Some(human_date(d));
    }
    if let Some(p) = v.get(format!("{prefix}Period")).and_then(period_text) {
        return Some(p);
    }
    if let Some(a) = v.get(format!("{prefix}Age")).and_then(quantity) {
        return Some(format!("Age {}", quantity_text(&a)));
    }
    if let Some(r) = v.get(format!("{prefix}Range")).and_then(range_text) {
        return Some(r);
    }
    if let Some(b) = v.get(format!("{prefix}Boolean")).and_then(Value::as_bool) {
        return Some(if b { "Yes" } else { "No" }.to_string());
    }
    s(v, &format!("{prefix}String")).map(str::to_string)
}

/// A Range or a reference range: "3.5 to 5.0 mmol/L", "above 3.5", "below 5.0", or its text.
pub(crate) fn range_text(r: &Value) -> Option<String> {
    let low = r.get("low").and_then(quantity);
    let high = r.get("high").and_then(quantity);
    let unit = |q: &Quantity| q.unit.as_deref().map(|u| readable_unit(u, q.value)).filter(|u| !u.is_empty());
    let text = match (&low, &high) {
        (Some(l), Some(h)) => {
            let u = unit(h).or_else(|| unit(l));
            let mut t = format!("{} to {}", number(l.value), number(h.value));
            if let Some(u) = u {
                t.push(' ');
                t.push_str(&u);
            }
            Some(t)
        }
        (Some(l), None) => Some(format!("{} or more", quantity_text(l))),
        (None, Some(h)) => Some(format!("Up to {}", quantity_text(h))),
        (None, None) => None,
    };
    text.or_else(|| s(r, "text").map(str::to_string))
}

/// Annotations (`note`) as text.
pub(crate) fn notes(v: &Value) -> Vec<String> {
    arr(v, "note").into_iter().filter_map(|n| s(n, "text").map(str::to_string)).collect()
}

/// A Dosage in words: its text, else its parts ("1 tablet, twice a day, by mouth").
pub(crate) fn dosage_text(d: &Value) -> Option<String> {
    if let Some(t) = s(d, "text") {
        let mut t = t.to_string();
        if let Some(extra) = s(d, "patientInstruction") {
            t.push_str(". ");
            t.push_str(extra);
        }
        return Some(t);
    }
    let mut parts = Vec::new();
    for dr in arr(d, "doseAndRate") {
        if let Some(q) = dr.get("doseQuantity").and_then(quantity) {
            parts.push(quantity_text(&q));
        } else if let Some(r) = dr.get("doseRange").and_then(range_text) {
            parts.push(r);
        }
    }
    // STU3 dose
    if let Some(q) = d.get("doseQuantity").and_then(quantity) {
        parts.push(quantity_text(&q));
    }
    if let Some(t) = d.get("timing") {
        if let Some(c) = cc_at(t, "code") {
            parts.push(c);
        } else if let Some(rep) = t.get("repeat") {
            let freq = rep.get("frequency").and_then(Value::as_f64);
            let period = rep.get("period").and_then(Value::as_f64);
            let unit = s(rep, "periodUnit");
            if let (Some(f), Some(p), Some(u)) = (freq, period, unit) {
                let unit_word = match u {
                    "s" => "second",
                    "min" => "minute",
                    "h" => "hour",
                    "d" => "day",
                    "wk" => "week",
                    "mo" => "month",
                    "a" => "year",
                    other => other,
                };
                let times = match f as i64 {
                    1 => "once".to_string(),
                    2 => "twice".to_string(),
                    n => format!("{n} times"),
                };
                if p == 1.0 {
                    parts.push(format!("{times} a {unit_word}"));
                } else {
                    parts.push(format!("{times} every {} {unit_word}s", number(p)));
                }
            }
        }
    }
    if d.get("asNeededBoolean").and_then(Value::as_bool) == Some(true) {
        parts.push("when needed".into());
    }
    if let Some(r) = cc_at(d, "route") {
        parts.push(r);
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// HumanName in words: its text, else given names and family.
pub(crate) fn human_name(n: &Value) -> Option<String> {
    if let Some(t) = s(n, "text") {
        return Some(t.to_string());
    }
    let mut parts: Vec<&str> = arr(n, "prefix").into_iter().filter_map(Value::as_str).collect();
    parts.extend(arr(n, "given").into_iter().filter_map(Value::as_str));
    match n.get("family") {
        Some(Value::String(f)) => parts.push(f),
        // STU3's family was briefly a list in DSTU2; tolerate it.
        Some(Value::Array(f)) => parts.extend(f.iter().filter_map(Value::as_str)),
        _ => {}
    }
    let t = parts.into_iter().map(str::trim).filter(|p| !p.is_empty()).collect::<Vec<_>>().join(" ");
    (!t.is_empty()).then_some(t)
}

/// The name a resource goes by: Patient/Practitioner names, Organization/Location names,
/// a Medication's code, a Device's name.
pub(crate) fn name_of(resource: &Value) -> Option<String> {
    if let Some(n) = arr(resource, "name").into_iter().find_map(|n| match n {
        Value::String(t) => Some(t.trim().to_string()).filter(|t| !t.is_empty()),
        Value::Object(_) => human_name(n).or_else(|| s(n, "name").map(str::to_string)),
        _ => None,
    }) {
        return Some(n);
    }
    if let Some(t) = s(resource, "title") {
        return Some(t.to_string());
    }
    if let Some(c) = cc_at(resource, "code") {
        return Some(c);
    }
    arr(resource, "deviceName").into_iter().find_map(|d| s(d, "name").map(str::to_string))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn words_for_values() {
        assert_eq!(human_date("1974-12-25"), "25 Dec 1974");
        assert_eq!(human_date("1974-12-25T10:00:00Z"), "25 Dec 1974");
        assert_eq!(human_date("1974-12"), "Dec 1974");
        assert_eq!(number(5.0), "5");
        assert_eq!(number(5.25), "5.25");
        assert_eq!(number(173.4217404631797), "173.4");
        assert_eq!(number(0.5808420015755646), "0.581");
        let r = json!({"low": {"value": 3.5, "unit": "mmol/L"}, "high": {"value": 5.0, "unit": "mmol/L"}});
        assert_eq!(range_text(&r).unwrap(), "3.5 to 5 mmol/L");
        let cc = json!({"coding": [{"system": "http://loinc.org", "display": "L"}, {"system": "http://snomed.info/sct", "display": "S"}]});
        assert_eq!(cc_text(&cc).unwrap(), "S");
    }
}
