//! Mapping one R4 resource to a record entry: what kind it is, its plain-English title, its
//! date, codes, value and the details a citizen wants. Nothing is dropped: a resource type the
//! record has no category for is kept as an "other" entry with a readable title.

mod care;
mod clinical;
mod medication;
mod observation;

pub use medication::medicine_facts;
pub use observation::observation_value;

use std::borrow::Cow;

use serde_json::Value;

use super::json::{all_references, arr, cc_at, cc_text, codings, name_of, notes, s};
use super::resolve::Resolver;
use crate::record::{Coding, EntryKind, EntryValue, Fact, MappedEntry, suggest_sensitivity};

/// What became of a resource.
#[derive(Debug, Clone, PartialEq)]
pub enum MapOutcome {
    /// A record entry of one of the record's categories.
    Mapped(MappedEntry),
    /// Kept as an "other" entry: the record has no category for it.
    Unmapped(MappedEntry),
    /// It cannot be read at all; the reason says why.
    Rejected(String),
}

/// Maps one R4 resource. `resolver` finds the resources it refers to (for names and titles).
pub fn map_resource(resource: &Value, resolver: &Resolver<'_>) -> MapOutcome {
    let Some(resource_type) = s(resource, "resourceType") else {
        return MapOutcome::Rejected("the resource has no resourceType".to_string());
    };
    let cx = Cx { resource, resolver };
    let built = match resource_type {
        "Patient" => care::patient(&cx),
        "Condition" => clinical::condition(&cx),
        "AllergyIntolerance" => clinical::allergy(&cx),
        "Immunization" => clinical::immunization(&cx),
        "Procedure" => clinical::procedure(&cx),
        "MedicationStatement" | "MedicationRequest" | "MedicationAdministration" | "MedicationDispense" => {
            medication::medication_use(&cx, resource_type)
        }
        "Observation" => observation::observation(&cx),
        "DiagnosticReport" => observation::report(&cx),
        "Encounter" => care::encounter(&cx),
        "DocumentReference" => care::document(&cx),
        "ServiceRequest" => care::service_request(&cx),
        "CarePlan" => care::care_plan(&cx),
        "Goal" => care::goal(&cx),
        _ => return MapOutcome::Unmapped(unmapped(&cx, resource_type)),
    };
    match built {
        Ok(entry) => MapOutcome::Mapped(entry.finish(resource)),
        Err(reason) => MapOutcome::Rejected(reason),
    }
}

/// What a mapper works with: the resource and the resolver for what it refers to.
pub(crate) struct Cx<'r, 'a> {
    pub resource: &'r Value,
    pub resolver: &'r Resolver<'a>,
}

impl<'r> Cx<'r, '_> {
    /// The resource a Reference points at (contained ones included).
    pub fn target(&self, reference: &Value) -> Option<Cow<'r, Value>> {
        let r = s(reference, "reference")?;
        self.resolver.resolve_value(r, self.resource, None)
    }

    /// A Reference in words: its display, else the name of what it points at, else its
    /// identifier, else its type.
    pub fn ref_name(&self, reference: &Value) -> Option<String> {
        if let Some(d) = s(reference, "display") {
            return Some(d.to_string());
        }
        if let Some(name) = self.target(reference).and_then(|t| name_of(&t)) {
            return Some(name);
        }
        if let Some(v) = reference.get("identifier").and_then(|i| s(i, "value")) {
            return Some(v.to_string());
        }
        None
    }

    /// Names of an array of References at `key`, joined with ", ".
    pub fn ref_names(&self, v: &Value, key: &str) -> Option<String> {
        join_unique(arr(v, key).into_iter().filter_map(|r| self.ref_name(r)))
    }

    /// A field that is a Reference, by name.
    pub fn ref_at(&self, v: &Value, key: &str) -> Option<String> {
        v.get(key).and_then(|r| self.ref_name(r))
    }

    /// Reasons: `reasonCode` concepts and `reasonReference` names.
    pub fn reasons(&self, v: &Value) -> Option<String> {
        let mut parts: Vec<String> = arr(v, "reasonCode").into_iter().filter_map(cc_text).collect();
        parts.extend(arr(v, "reasonReference").into_iter().filter_map(|r| self.ref_name(r)));
        (!parts.is_empty()).then(|| parts.join(", "))
    }
}

/// An entry under construction.
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    kind: EntryKind,
    title: String,
    status: Option<String>,
    date: Option<String>,
    codes: Vec<Coding>,
    value: Option<EntryValue>,
    components: Vec<Fact>,
    facts: Vec<Fact>,
    /// Words to search by beyond the title, codes, value and facts.
    search: Vec<String>,
}

impl Draft {
    pub fn new(kind: EntryKind, title: String) -> Self {
        Self {
            kind,
            title,
            status: None,
            date: None,
            codes: Vec::new(),
            value: None,
            components: Vec::new(),
            facts: Vec::new(),
            search: Vec::new(),
        }
    }

    /// Adds a fact when there is something to say.
    pub fn fact(&mut self, label: &str, text: Option<String>) -> &mut Self {
        if let Some(t) = text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty()) {
            self.facts.push(Fact::new(label, t));
        }
        self
    }

    /// Adds the resource's notes as "Note" facts.
    pub fn notes(&mut self, v: &Value) -> &mut Self {
        for n in notes(v) {
            self.fact("Note", Some(n));
        }
        self
    }

    fn finish(self, resource: &Value) -> MappedEntry {
        let mut references = Vec::new();
        all_references(resource, &mut references);
        let sensitivity = suggest_sensitivity(self.kind, &self.codes, &self.title, &self.facts);
        let mut search: Vec<String> = vec![self.title.clone()];
        search.extend(self.codes.iter().filter_map(|c| c.display.clone()));
        if let Some(v) = &self.value {
            search.push(v.text.clone());
            search.extend(v.flag.clone());
        }
        search.extend(self.components.iter().map(|f| format!("{} {}", f.label, f.text)));
        search.extend(self.facts.iter().map(|f| f.text.clone()));
        search.extend(self.search);
        let mut seen = std::collections::HashSet::new();
        search.retain(|t| !t.trim().is_empty() && seen.insert(t.clone()));
        MappedEntry {
            kind: self.kind,
            title: self.title,
            status: self.status,
            date: self.date,
            codes: self.codes,
            value: self.value,
            components: self.components,
            facts: self.facts,
            sensitivity,
            references,
            search_text: search.join("\n"),
        }
    }
}

/// Distinct texts joined with ", ", or none.
pub(crate) fn join_unique(items: impl IntoIterator<Item = String>) -> Option<String> {
    let mut out: Vec<String> = Vec::new();
    for i in items {
        if !out.contains(&i) {
            out.push(i);
        }
    }
    (!out.is_empty()).then(|| out.join(", "))
}

/// A short name for any resource, for lists of what something holds or points at.
pub(crate) fn title_of(cx: &Cx<'_, '_>, target: &Value) -> Option<String> {
    let by_type = match s(target, "resourceType")? {
        "MedicationStatement" | "MedicationRequest" | "MedicationAdministration" | "MedicationDispense" => {
            let inner = Cx { resource: target, resolver: cx.resolver };
            medication::medicine(&inner).0
        }
        "Immunization" => cc_at(target, "vaccineCode"),
        "AllergyIntolerance" | "Condition" | "Observation" | "Procedure" | "DiagnosticReport" | "ServiceRequest" => {
            cc_at(target, "code")
        }
        "Encounter" => {
            super::json::ccs_at(target, "type").map(|t| match target.get("period").and_then(|p| s(p, "start")) {
                Some(d) => format!("{t}, {}", super::json::human_date(d)),
                None => t,
            })
        }
        "DocumentReference" => s(target, "description").map(str::to_string).or_else(|| cc_at(target, "type")),
        "List" | "CarePlan" | "Composition" => s(target, "title").map(str::to_string),
        "Goal" => cc_at(target, "description"),
        _ => None,
    };
    by_type.or_else(|| name_of(target))
}

/// A resource's status as a plain string: `status`, or an R4 CodeableConcept status's code.
pub(crate) fn status_of(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(t) => Some(t.trim().to_string()).filter(|t| !t.is_empty()),
        cc @ Value::Object(_) => {
            arr(cc, "coding").into_iter().find_map(|c| s(c, "code")).map(str::to_string).or_else(|| cc_text(cc))
        }
        _ => None,
    }
}

/// A code such as `entered-in-error` or `on-hold` in words: "Entered in error", "On hold".
pub(crate) fn words(code: &str) -> String {
    let spaced = code.replace(['-', '_'], " ");
    let mut c = spaced.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// An "other" entry: "Organisation: Leeds Teaching Hospitals", its type in plain words
/// (`record::place::type_words`), never the FHIR name ("ExplanationOfBenefit").
fn unmapped(cx: &Cx<'_, '_>, resource_type: &str) -> MappedEntry {
    let resource = cx.resource;
    let name = name_of(resource)
        .or_else(|| cc_at(resource, "type"))
        .or_else(|| s(resource, "description").map(str::to_string));
    let words = crate::record::place::type_words(resource_type);
    let title = match name {
        Some(n) => format!("{words}: {n}"),
        None => words,
    };
    let mut d = Draft::new(EntryKind::Other, title);
    d.codes = resource.get("code").map(codings).unwrap_or_default();
    d.status = status_of(resource, "status");
    d.date = ["date", "recorded", "created", "authoredOn", "issued", "timestamp"]
        .iter()
        .find_map(|k| s(resource, k).map(str::to_string));
    if resource_type == "List" {
        // GP Connect's Lists group problems, medications and consultations: name what they hold.
        // An item named by nothing but its reference ("Observation/abc-1") is counted, not
        // shown: a reference is the format's word, not the person's.
        let mut unnamed = 0usize;
        for item in arr(resource, "entry") {
            let name = item.get("item").and_then(|r| {
                s(r, "display")
                    .map(str::to_string)
                    .or_else(|| cx.target(r).and_then(|t| title_of(cx, &t)))
                    .or_else(|| cx.ref_name(r))
            });
            if name.is_none() {
                unnamed += 1;
            }
            d.fact("Item", name);
        }
        if unnamed > 0 {
            let what = if unnamed == 1 { "1 entry".to_string() } else { format!("{unnamed} entries") };
            d.fact("Also holds", Some(format!("{what} not in this record")));
        }
        d.fact("Empty because", cc_at(resource, "emptyReason"));
    }
    d.notes(resource);
    d.finish(resource)
}
