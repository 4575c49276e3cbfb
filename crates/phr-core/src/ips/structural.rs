//! The structural rules of an International Patient Summary, from the IPS implementation guide
//! (HL7, Composition-uv-ips and Bundle-uv-ips) and the FHIR document rules they build on: what
//! the tests hold every exported IPS to, and what an import can ask of one it receives.
//!
//! Checked: a `document` Bundle with an identifier and a timestamp; every entry with a unique
//! fullUrl; a Composition first, of LOINC type 60591-5, with status, date, title, a subject
//! that is a Patient in the Bundle and at least one author found in the Bundle; the required
//! sections (problems 11450-4, allergies 48765-2, medications 10160-0) each once; every section
//! coded, with narrative, and with entries or an `emptyReason` (never both; a section whose
//! entries the guide does not code, such as a plan of care, may be narrative alone); every
//! section entry found in the Bundle, and of a type the guide allows in that section.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::build::IPS_TYPE_CODE;
use super::sections::IpsSection;
use crate::record::LOINC;
use crate::share::references::type_and_id;

/// One rule an IPS breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StructuralProblem {
    /// A short name of the rule ("required-section").
    pub rule: &'static str,
    /// What is wrong, naming where.
    pub message: String,
}

impl std::fmt::Display for StructuralProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.rule, self.message)
    }
}

/// Finds the Bundle's resources by fullUrl and by type and id.
struct Index<'v> {
    by_url: HashMap<&'v str, &'v Value>,
    by_type_id: HashMap<(&'v str, &'v str), &'v Value>,
}

impl<'v> Index<'v> {
    fn new(entries: &[&'v Value]) -> Self {
        let mut by_url = HashMap::new();
        let mut by_type_id = HashMap::new();
        for e in entries {
            let Some(r) = e.get("resource") else { continue };
            if let Some(u) = e.get("fullUrl").and_then(Value::as_str) {
                by_url.entry(u).or_insert(r);
                if let Some(key) = type_and_id(u) {
                    by_type_id.entry(key).or_insert(r);
                }
            }
            if let (Some(t), Some(id)) = (str_at(r, "resourceType"), str_at(r, "id")) {
                by_type_id.entry((t, id)).or_insert(r);
            }
        }
        Self { by_url, by_type_id }
    }

    fn find(&self, reference: &str) -> Option<&'v Value> {
        let reference = reference.trim();
        self.by_url.get(reference).copied().or_else(|| self.by_type_id.get(&type_and_id(reference)?).copied())
    }

    /// The resource a Reference element points at.
    fn target(&self, reference: Option<&Value>) -> Option<&'v Value> {
        self.find(reference?.get("reference")?.as_str()?)
    }
}

fn str_at<'v>(v: &'v Value, key: &str) -> Option<&'v str> {
    v.get(key).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty())
}

fn arr<'v>(v: &'v Value, key: &str) -> Vec<&'v Value> {
    v.get(key).and_then(Value::as_array).map(|a| a.iter().collect()).unwrap_or_default()
}

fn loinc_codes(code: Option<&Value>) -> Vec<&str> {
    code.map(|c| arr(c, "coding"))
        .unwrap_or_default()
        .into_iter()
        .filter(|c| str_at(c, "system") == Some(LOINC))
        .filter_map(|c| str_at(c, "code"))
        .collect()
}

/// Every structural IPS rule `bundle` breaks; empty when it keeps them all.
pub fn structural_problems(bundle: &Value) -> Vec<StructuralProblem> {
    let mut out = Vec::new();
    let mut problem = |rule: &'static str, message: String| out.push(StructuralProblem { rule, message });
    if str_at(bundle, "resourceType") != Some("Bundle") || str_at(bundle, "type") != Some("document") {
        problem("document-bundle", "it is not a FHIR Bundle of type document".into());
        return out;
    }
    if bundle.get("identifier").and_then(|i| str_at(i, "value")).is_none() {
        problem("bundle-identifier", "the Bundle has no identifier".into());
    }
    if str_at(bundle, "timestamp").is_none() {
        problem("bundle-timestamp", "the Bundle has no timestamp".into());
    }
    let entries = arr(bundle, "entry");
    let mut urls = HashSet::new();
    for (i, e) in entries.iter().enumerate() {
        match str_at(e, "fullUrl") {
            None => problem("entry-full-url", format!("entry {} has no fullUrl", i + 1)),
            Some(u) if !urls.insert(u) => problem("entry-full-url", format!("fullUrl {u} is used twice")),
            Some(_) => {}
        }
    }
    let index = Index::new(&entries);
    let Some(composition) =
        entries.first().and_then(|e| e.get("resource")).filter(|r| str_at(r, "resourceType") == Some("Composition"))
    else {
        problem("composition-first", "the first entry is not a Composition".into());
        return out;
    };
    if !loinc_codes(composition.get("type")).contains(&IPS_TYPE_CODE) {
        problem(
            "composition-type",
            format!("the Composition's type is not LOINC {IPS_TYPE_CODE} (Patient summary Document)"),
        );
    }
    for key in ["status", "date", "title"] {
        if str_at(composition, key).is_none() {
            problem("composition-elements", format!("the Composition has no {key}"));
        }
    }
    match index.target(composition.get("subject")) {
        Some(p) if str_at(p, "resourceType") == Some("Patient") => {}
        Some(_) => problem("subject", "the Composition's subject is not a Patient".into()),
        None => problem("subject", "the Composition's subject is not in the Bundle".into()),
    }
    let authors = arr(composition, "author");
    if authors.is_empty() {
        problem("author", "the Composition has no author".into());
    }
    for (i, a) in authors.iter().enumerate() {
        if index.target(Some(a)).is_none() {
            problem("author", format!("author {} of the Composition is not in the Bundle", i + 1));
        }
    }

    let sections = arr(composition, "section");
    for required in IpsSection::REQUIRED {
        let n = sections.iter().filter(|s| loinc_codes(s.get("code")).contains(&required.loinc())).count();
        if n != 1 {
            problem(
                "required-section",
                format!("the {} section (LOINC {}) appears {n} times, not once", required.title(), required.loinc()),
            );
        }
    }
    for (n, s) in sections.iter().enumerate() {
        let name = str_at(s, "title").map_or_else(|| format!("section {}", n + 1), |t| format!("section \"{t}\""));
        let codes = loinc_codes(s.get("code"));
        if codes.is_empty() {
            problem("section-code", format!("{name} has no LOINC code"));
        }
        if s.get("text").and_then(|t| str_at(t, "div")).is_none() {
            problem("section-narrative", format!("{name} has no narrative"));
        }
        let section_entries = arr(s, "entry");
        let empty_reason = s.get("emptyReason").is_some();
        let known = codes.iter().find_map(|c| IpsSection::of_code(c));
        // The sections whose entries the guide codes must list them or say why not; others
        // (a plan of care, the patient's story) may be narrative alone, as FHIR's cmp-1 allows.
        let narrative_only = known.is_none() && s.get("text").is_some();
        match (section_entries.is_empty(), empty_reason) {
            (true, false) if !narrative_only => {
                problem("section-empty", format!("{name} has neither entries nor an emptyReason"));
            }
            (false, true) => problem("section-empty", format!("{name} has entries and an emptyReason")),
            _ => {}
        }
        for e in section_entries {
            let reference = str_at(e, "reference").unwrap_or_default();
            match index.find(reference) {
                None => problem("entry-resolves", format!("{name} lists {reference:?}, which is not in the Bundle")),
                Some(r) => {
                    let t = str_at(r, "resourceType").unwrap_or_default();
                    if let Some(k) = known.filter(|k| !k.entry_types().contains(&t)) {
                        problem("entry-type", format!("{name} lists a {t}, which does not belong in {}", k.title()));
                    }
                }
            }
        }
    }
    out
}
