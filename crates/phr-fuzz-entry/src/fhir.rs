//! The FHIR read-and-map path: a file read as an import reads it, each resource mapped to a
//! record entry, and every display helper an entry feeds (status words, sensitivity, code
//! system names, dates, the medicines view, the patient check).

use chrono::NaiveDate;
use phr_core::NhsNumber;
use phr_core::fhir::{
    FhirVersion, ImportOrigin, MapOutcome, Resolver, attachments, map_resource, match_patient, medicine_facts,
    patient_facts, practice_of, read_fhir_json, read_fhir_json_lean,
};
use phr_core::person::PersonDetails;
use phr_core::record::medicines::{self, MedicineItem, Rules};
use phr_core::record::{EntryKind, MappedEntry, RangeCheck, sensitivity_of, sensitivity_of_text, suggest_sensitivity};

/// The day the medicines view is worked out on.
fn today() -> NaiveDate {
    crate::now().date_naive()
}

/// Reads `data` as a FHIR file (both ways an import reads one), maps every resource and
/// shows each entry as the app would.
pub fn fhir_record(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(lean) = read_fhir_json_lean(text) {
        // The import's own path: values parsed one at a time, later.
        for r in &lean.resources {
            let _ = r.r4_value();
        }
    }
    let Ok(parsed) = read_fhir_json(text) else { return };
    let _ = practice_of(&parsed.resources);
    let resolver = Resolver::new(&parsed.resources);
    let person = person();
    let mut items = Vec::new();
    for (i, r) in parsed.resources.iter().enumerate() {
        let Some(value) = resolver.value(i) else { continue };
        for a in attachments(&value) {
            if let Some(url) = &a.url {
                let _ = resolver.resolve(url, r.full_url.as_deref());
            }
        }
        if r.resource_type == "Patient" {
            let facts = patient_facts(&value);
            if let Err(mismatch) = match_patient(&facts, &person) {
                let _ = mismatch.summary();
                let _ = mismatch.message(&person.name, ImportOrigin::File);
            }
        }
        let entry = match map_resource(&value, &resolver) {
            MapOutcome::Mapped(e) | MapOutcome::Unmapped(e) => e,
            MapOutcome::Rejected(_) => continue,
        };
        for reference in &entry.references {
            let _ = resolver.resolve(reference, r.full_url.as_deref());
        }
        show(&entry);
        if entry.kind == EntryKind::Medication {
            items.push(MedicineItem {
                entry_id: i64::try_from(i).unwrap_or(i64::MAX),
                source: "fuzz".to_owned(),
                logical_id: r.id.clone().unwrap_or_else(|| i.to_string()),
                rules: if r.original_version == FhirVersion::Stu3 { Rules::GpConnectStu3 } else { Rules::R4 },
                title: entry.title.clone(),
                codes: entry.codes.clone(),
                status: entry.status.clone(),
                date: entry.date.clone(),
                sensitivity: entry.sensitivity,
                facts: medicine_facts(&value),
            });
        }
    }
    medicines_view(items);
}

/// A person to check a file's Patient against.
fn person() -> PersonDetails {
    PersonDetails {
        name: "Ada Example".to_owned(),
        date_of_birth: NaiveDate::from_ymd_opt(1970, 3, 14).unwrap_or_default(),
        nhs_number: NhsNumber::parse("9434765919").ok(),
    }
}

/// Every word an entry is shown with, and its stored form read back.
fn show(e: &MappedEntry) {
    let _ = e.kind.label();
    let _ = e.kind.one();
    if let Some(status) = &e.status {
        let _ = phr_core::record::words::status_text(status);
    }
    let _ = phr_core::record::words::records_no_known_allergy(&e.title);
    let _ = medicines::name_key(&e.title);
    if let Some(day) = e.date.as_deref().and_then(medicines::day_of) {
        let _ = medicines::date_text(day);
        let _ = medicines::dated(day, today());
        let _ = medicines::how_long_ago(day, today());
    }
    for c in &e.codes {
        let _ = c.system_name();
    }
    let _ = sensitivity_of(e.kind, &e.codes);
    let _ = suggest_sensitivity(e.kind, &e.codes, &e.title, &e.facts);
    let _ = sensitivity_of_text(&e.search_text);
    let _ = e.sensitivity.label();
    if let Some(v) = &e.value {
        if let Some(check) = v.range_check {
            let _ = RangeCheck::from_stored(check.stored());
        }
        if let Some(basis) = v.range_basis {
            let _ = basis.sentence();
        }
    }
    // What the store writes and reads back.
    if let Ok(json) = serde_json::to_string(e) {
        let _ = serde_json::from_str::<MappedEntry>(&json);
    }
}

/// The medicines view over the file's medicine entries, with every sentence it shows.
fn medicines_view(items: Vec<MedicineItem>) {
    let today = today();
    let view = medicines::group_medicines(items, today);
    let _ = view.current_count();
    let _ = view.statement();
    let _ = view.others_heading();
    for m in view.shown() {
        let _ = m.when_text(today);
        let _ = m.caution(today);
        let _ = m.details(today);
        let _ = m.events_heading();
        let _ = m.status_text();
        let _ = m.last_issued_text(today);
        let _ = m.first_issued_text();
        let _ = m.currency.reason();
        for event in &m.events {
            let _ = event.status_text();
        }
    }
}
