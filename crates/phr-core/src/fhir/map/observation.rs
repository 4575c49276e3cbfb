//! Results: observations (vital signs, laboratory results, scores) with their units, ranges
//! and flags, and the reports that group them.

use serde_json::Value;

use super::{Cx, Draft, words};
use crate::fhir::json::{
    arr, cc_at, cc_text, ccs_at, codings, date_choice, human_date, number, period_text, quantity, quantity_text,
    range_text, readable_unit, s,
};
use crate::readings::ReadingKind;
use crate::readings::codes::{CodedKind, DIASTOLIC_CODES, Part, SYSTOLIC_CODES, coded_kind};
use crate::readings::red_flags::{self, Observed, Setting, Verdict};
use crate::record::{EntryKind, EntryValue, Fact, ObservedReading, RangeBasis, RangeCheck};

/// Observation: a measurement, a test result, a finding.
pub(crate) fn observation(cx: &Cx<'_, '_>) -> Result<Draft, String> {
    let r = cx.resource;
    let value = observation_value(r);
    let components = arr(r, "component");
    let code_text = cc_at(r, "code");
    if code_text.is_none() && value.is_none() && components.is_empty() {
        return Err("the Observation has neither a code nor a value: there is nothing to show".to_string());
    }
    let mut d = Draft::new(EntryKind::Result, code_text.unwrap_or_else(|| "Observation".to_string()));
    d.codes = r.get("code").map(codings).unwrap_or_default();
    d.status = s(r, "status").map(str::to_string);
    d.date = date_choice(r, "effective").or_else(|| s(r, "issued").map(str::to_string));
    // Blood pressure is read systolic over diastolic, whatever order the parts arrived in.
    let mut parts = components.clone();
    parts.sort_by_key(|c| {
        if component_is(c, SYSTOLIC_CODES, "systolic") {
            0
        } else if component_is(c, DIASTOLIC_CODES, "diastolic") {
            1
        } else {
            2
        }
    });
    for c in &parts {
        let label = cc_at(c, "code").unwrap_or_else(|| "Part".to_string());
        let Some(v) = value_of(c) else { continue };
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
    d.value = value;
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

/// Whether a component's code (or its words) is one of `codes`, or names `word`.
fn component_is(c: &Value, codes: &[&str], word: &str) -> bool {
    let by_code = arr(c.get("code").unwrap_or(&Value::Null), "coding")
        .into_iter()
        .any(|x| s(x, "code").is_some_and(|k| codes.contains(&k)));
    by_code || cc_at(c, "code").is_some_and(|l| l.to_lowercase().contains(word))
}

/// An Observation's value as the record keeps it: its own value, or a blood pressure's two
/// parts as "120/80 mmHg"; with its flag, whether it is outside its normal range and on what
/// that rests, and, for a kind of reading, its numbers in canonical units and the red-flag row
/// they meet. `None` when it has no value. The record's re-judging of stored results calls this
/// on each stored Observation, so it needs nothing but the resource.
pub fn observation_value(r: &Value) -> Option<EntryValue> {
    let components = arr(r, "component");
    let mut systolic = None;
    let mut diastolic = None;
    let mut parts = Vec::new();
    for c in &components {
        let Some(v) = value_of(c) else { continue };
        if component_is(c, SYSTOLIC_CODES, "systolic") {
            systolic = v.quantity.clone();
        } else if component_is(c, DIASTOLIC_CODES, "diastolic") {
            diastolic = v.quantity.clone();
        }
        parts.push(v);
    }
    let mut value = match (value_of(r), systolic, diastolic) {
        (Some(v), _, _) => v,
        (None, Some(sys), Some(dia)) => {
            let unit = sys.unit.as_deref().map(|u| readable_unit(u, sys.value)).unwrap_or_default();
            EntryValue {
                text: format!("{}/{} {unit}", number(sys.value), number(dia.value)).trim().to_string(),
                quantity: None,
                range_text: None,
                abnormal: false,
                flag: None,
                range_check: None,
                range_basis: None,
                reading: None,
                red_flag: None,
            }
        }
        _ => return None,
    };
    let own_interpretation = interpretation(r);
    value.reading = observed_reading(r, &components);
    value.red_flag = named_rule(r).or_else(|| {
        let o = value.reading.as_ref()?;
        let advice = red_flags::advise_values(
            o.kind,
            o.value,
            o.value2,
            o.pulse,
            None,
            o.context.as_deref(),
            Setting::Clinic,
            None,
        )?;
        Some(advice.rule.id.to_string())
    });
    // Judged in order: the interpretation the lab or practice gave, the result's own range,
    // then the red-flag table's NHS and NICE levels; else it cannot be checked.
    let any_part_abnormal = parts.iter().any(|p| p.range_basis == Some(RangeBasis::Interpretation) && p.abnormal);
    let part_range = |want: RangeCheck| {
        parts.iter().any(|p| p.range_basis == Some(RangeBasis::ReferenceRange) && p.range_check == Some(want))
    };
    let (check, basis, high) = if own_interpretation.1 == Some(true) || any_part_abnormal {
        (RangeCheck::Outside, RangeBasis::Interpretation, None)
    } else if own_interpretation.1 == Some(false) {
        (RangeCheck::Inside, RangeBasis::Interpretation, None)
    } else if let Some(basis @ RangeBasis::ReferenceRange) = value.range_basis {
        (value.range_check.unwrap_or(RangeCheck::CannotCheck), basis, value.abnormal.then_some(range_high(r)))
    } else if part_range(RangeCheck::Outside) {
        (RangeCheck::Outside, RangeBasis::ReferenceRange, None)
    } else if part_range(RangeCheck::Inside) {
        (RangeCheck::Inside, RangeBasis::ReferenceRange, None)
    } else {
        match value.reading.as_ref().map(guidance) {
            Some(Verdict::Outside(row)) => (RangeCheck::Outside, RangeBasis::Guidance, Some(Some(row.is_high()))),
            Some(Verdict::Inside) => (RangeCheck::Inside, RangeBasis::Guidance, None),
            Some(Verdict::CannotCheck) | None => (RangeCheck::CannotCheck, RangeBasis::Guidance, None),
        }
    };
    value.abnormal = check == RangeCheck::Outside;
    value.range_check = Some(check);
    value.range_basis = (check != RangeCheck::CannotCheck).then_some(basis);
    if value.flag.is_none() {
        value.flag = match (check, high) {
            (RangeCheck::Outside, Some(Some(true))) => Some("High".to_string()),
            (RangeCheck::Outside, Some(Some(false))) => Some("Low".to_string()),
            (RangeCheck::Outside, _) => own_interpretation.0.or_else(|| Some("Abnormal".to_string())),
            _ => None,
        };
    }
    Some(value)
}

/// The table's judgement of a result that is a kind of reading, taken in a clinic.
fn guidance(o: &ObservedReading) -> Verdict {
    let observed = Observed {
        kind: o.kind,
        value: o.value.unwrap_or(f64::NAN),
        value2: o.value2,
        at: None,
        context: o.context.as_deref(),
        setting: Setting::Clinic,
    };
    red_flags::judge(&observed)
}

/// The red-flag row a reading this app shared or exported names in its interpretation.
fn named_rule(r: &Value) -> Option<String> {
    arr(r, "interpretation")
        .into_iter()
        .flat_map(|cc| arr(cc, "coding"))
        .filter(|c| s(c, "system") == Some(red_flags::RULE_SYSTEM))
        .filter_map(|c| s(c, "code"))
        .find(|id| red_flags::rule(id).is_some())
        .map(str::to_string)
}

/// A value quantity's number, UCUM code and unit words; `None` for a bound ("> 90").
fn raw_quantity(o: &Value) -> Option<(f64, Option<&str>, Option<&str>)> {
    let q = o.get("valueQuantity")?;
    if s(q, "comparator").is_some() {
        return None;
    }
    let v = q.get("value").and_then(|v| v.as_f64().or_else(|| v.as_str().and_then(|t| t.trim().parse().ok())))?;
    Some((v, s(q, "code"), s(q, "unit")))
}

/// The kind of reading a coded element is, from its codings.
fn coded(o: &Value) -> Option<CodedKind> {
    arr(o.get("code").unwrap_or(&Value::Null), "coding")
        .into_iter()
        .find_map(|c| coded_kind(s(c, "system"), s(c, "code")?))
}

/// The numbers of an Observation that is a kind of reading, in canonical units. A number in a
/// unit the kind does not accept is left out, so it is never judged in the wrong unit.
fn observed_reading(r: &Value, components: &[&Value]) -> Option<ObservedReading> {
    let canonical = |kind: ReadingKind, o: &Value| {
        let (v, code, unit) = raw_quantity(o)?;
        red_flags::canonical_value(kind, v, code, unit)
    };
    let own = coded(r);
    let part_of = |c: &Value| {
        coded(c).or_else(|| {
            if component_is(c, SYSTOLIC_CODES, "systolic") {
                Some(CodedKind { kind: ReadingKind::BloodPressure, part: Part::Systolic, context: None })
            } else if component_is(c, DIASTOLIC_CODES, "diastolic") {
                Some(CodedKind { kind: ReadingKind::BloodPressure, part: Part::Diastolic, context: None })
            } else {
                None
            }
        })
    };
    let has_bp_parts = components.iter().any(|c| part_of(c).is_some_and(|k| k.part != Part::Whole));
    let kind = match own {
        Some(k) => k,
        None if has_bp_parts => CodedKind { kind: ReadingKind::BloodPressure, part: Part::Whole, context: None },
        None => return None,
    };
    let mut out = ObservedReading {
        kind: kind.kind,
        value: None,
        value2: None,
        pulse: None,
        context: kind.context.map(str::to_string),
    };
    match (kind.kind, kind.part) {
        (ReadingKind::BloodPressure, Part::Whole) => {
            for c in components {
                match part_of(c) {
                    Some(CodedKind { part: Part::Systolic, .. }) => {
                        out.value = canonical(ReadingKind::BloodPressure, c)
                    }
                    Some(CodedKind { part: Part::Diastolic, .. }) => {
                        out.value2 = canonical(ReadingKind::BloodPressure, c)
                    }
                    Some(CodedKind { kind: ReadingKind::HeartRate, .. }) => {
                        out.pulse = canonical(ReadingKind::HeartRate, c)
                    }
                    _ => {}
                }
            }
        }
        (_, Part::Systolic) => out.value = canonical(kind.kind, r),
        (_, Part::Diastolic) => out.value2 = canonical(kind.kind, r),
        (k, Part::Whole) => out.value = canonical(k, r),
    }
    (out.value.is_some() || out.value2.is_some()).then_some(out)
}

/// Whether the value lies above the result's own range (else below).
fn range_high(o: &Value) -> Option<bool> {
    let (v, _, _) = raw_quantity(o)?;
    let (low, high) = numeric_range(o)?;
    Some(high.is_some_and(|h| v > h) || !low.is_some_and(|l| v < l))
}

/// The first reference range with a number, as (low, high), when its unit is the value's own
/// (or it gives none).
fn numeric_range(o: &Value) -> Option<(Option<f64>, Option<f64>)> {
    let value_unit = o.get("valueQuantity").and_then(|q| s(q, "code").or_else(|| s(q, "unit"))).map(unit_key);
    arr(o, "referenceRange").into_iter().find_map(|rr| {
        let bound = |key: &str| {
            let q = rr.get(key)?;
            let v = q.get("value").and_then(Value::as_f64)?;
            let unit = s(q, "code").or_else(|| s(q, "unit")).map(unit_key);
            match (&value_unit, unit) {
                (Some(a), Some(b)) if *a != b => None,
                _ => Some(v),
            }
        };
        let (low, high) = (bound("low"), bound("high"));
        (low.is_some() || high.is_some()).then_some((low, high))
    })
}

fn unit_key(u: &str) -> String {
    u.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect()
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

/// A heart or breathing rate in "/min" says what it counts: "72 beats per minute", not "72 per
/// minute".
fn counted_per_minute(o: &Value, text: String) -> String {
    let Some(number) = text.strip_suffix(" per minute") else { return text };
    if component_is(o, &["8867-4", "364075005", "78564009"], "heart rate") || component_is(o, &[], "pulse") {
        format!("{number} beats per minute")
    } else if component_is(o, &["9279-1", "86290005"], "respiratory rate") || component_is(o, &[], "breathing") {
        format!("{number} breaths per minute")
    } else {
        text
    }
}

/// The value of an Observation or of one of its components, with range and flag.
pub(crate) fn value_of(o: &Value) -> Option<EntryValue> {
    let mut quantity_value = None;
    let text = if let Some(q) = o.get("valueQuantity").and_then(quantity) {
        let t = counted_per_minute(o, quantity_text(&q));
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
    let (flag, said) = interpretation(o);
    let range_text = arr(o, "referenceRange").into_iter().find_map(range_text);
    // The lab's own words first; else the value against its own range.
    let (range_check, range_basis) = match said {
        Some(abnormal) => {
            (Some(if abnormal { RangeCheck::Outside } else { RangeCheck::Inside }), Some(RangeBasis::Interpretation))
        }
        None => match (raw_quantity(o), numeric_range(o)) {
            (Some((v, _, _)), Some((low, high))) => {
                let outside = low.is_some_and(|l| v < l) || high.is_some_and(|h| v > h);
                (Some(if outside { RangeCheck::Outside } else { RangeCheck::Inside }), Some(RangeBasis::ReferenceRange))
            }
            _ => (None, None),
        },
    };
    let abnormal = range_check == Some(RangeCheck::Outside);
    Some(EntryValue {
        text,
        quantity: quantity_value,
        range_text,
        flag,
        abnormal,
        range_check,
        range_basis,
        reading: None,
        red_flag: None,
    })
}

/// The interpretation (HL7 v3 ObservationInterpretation codes) as a flag for people, and
/// whether it says the value is abnormal (`Some(true)`), normal (`Some(false)`), or neither
/// (`None`: no interpretation, or one such as "Positive" that is not about a range).
fn interpretation(o: &Value) -> (Option<String>, Option<bool>) {
    for cc in arr(o, "interpretation") {
        for c in arr(cc, "coding") {
            if s(c, "system") == Some(red_flags::RULE_SYSTEM) {
                continue;
            }
            let flag = match s(c, "code") {
                Some("H" | "HU" | ">") => Some(("High", Some(true))),
                Some("L" | "LU" | "<") => Some(("Low", Some(true))),
                Some("HH") => Some(("Critically high", Some(true))),
                Some("LL") => Some(("Critically low", Some(true))),
                Some("A") => Some(("Abnormal", Some(true))),
                Some("AA") => Some(("Critically abnormal", Some(true))),
                Some("POS" | "DET") => Some(("Positive", None)),
                Some("NEG" | "ND") => Some(("Negative", None)),
                Some("N") => return (None, Some(false)),
                _ => None,
            };
            if let Some((f, abnormal)) = flag {
                return (Some(f.to_string()), abnormal);
            }
        }
        if let Some(text) = cc_text(cc) {
            let lower = text.to_lowercase();
            if lower == "normal" || lower.contains("within") {
                return (None, Some(false));
            }
            let abnormal = ["abnormal", "high", "low", "critical"].iter().any(|w| lower.contains(w));
            return (Some(text), abnormal.then_some(true));
        }
    }
    (None, None)
}
