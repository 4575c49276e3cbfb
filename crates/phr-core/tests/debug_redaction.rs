//! No secret or health data in any `Debug` output: each public phr-core type that holds a
//! person's identity, a reading, an entry's text or FHIR JSON is built with marker values and
//! formatted with `{:?}` and `{:#?}`, and none of the markers may show.

// Tests may unwrap: a panic there is a failed test.
#![allow(clippy::unwrap_used)]

use std::fmt::Debug;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use phr_core::audit::{AuditAction, AuditRecord};
use phr_core::fhir::{AttachmentRef, FhirReadError, patient_facts, read_fhir_json};
use phr_core::person::{DetailsError, PersonDetails};
use phr_core::readings::device::{DeviceFileError, DeviceRow, FileOwner, RowProblem};
use phr_core::readings::red_flags::Observed;
use phr_core::readings::{
    CheckedReading, HomeBpAverage, Impossible, PersonContext, Point, ReadingInput, ReadingKind, ReadingSource, Rollup,
    Setting, Stats, Target, Unusual,
};
use phr_core::record::medicines::{Currency, MedicineEvent, Role};
use phr_core::record::{Coding, EntryKind, EntryValue, Fact, MappedEntry, ObservedReading, Quantity, Sensitivity};
use phr_core::share::{
    ShareConsent, ShareDocError, ShareRecipient, ShareSlice, SharedConsentInfo, SharedEntry, SharedPatient,
    SharedReading, SharedReadingRow, SharedRow, SharedSubject, SupportingResource,
};
use phr_core::{ErrorCode, NhsNumber};

const NAME: &str = "Zebedee Quarrington";
const NHS: &str = "9434765919";
const VALUE: f64 = 187.5;
const NOTE: &str = "marker-note-text";
const TOKEN: &str = "marker-secret-token";

/// What must never show: the name (either part), the NHS number, the date of birth in any
/// form Debug would write it, the reading's value, the note and the token.
const MARKERS: [&str; 8] = ["Zebedee", "Quarrington", NHS, "1931-02-17", "1931", "187.5", NOTE, TOKEN];

fn dob() -> NaiveDate {
    NaiveDate::from_ymd_opt(1931, 2, 17).unwrap()
}

fn at() -> DateTime<FixedOffset> {
    FixedOffset::east_opt(0).unwrap().with_ymd_and_hms(2024, 5, 1, 8, 30, 0).unwrap()
}

fn assert_hidden(type_name: &str, x: &impl Debug) {
    for shown in [format!("{x:?}"), format!("{x:#?}")] {
        assert!(shown.starts_with(type_name), "{type_name}'s Debug should name the type: {shown}");
        for marker in MARKERS {
            assert!(!shown.contains(marker), "{type_name}'s Debug shows {marker:?}: {shown}");
        }
    }
}

#[test]
fn a_persons_identity_is_not_in_debug() {
    let nhs = NhsNumber::parse(NHS).unwrap();
    assert_hidden("NhsNumber", &nhs);
    assert_hidden("PersonDetails", &PersonDetails { name: NAME.into(), date_of_birth: dob(), nhs_number: Some(nhs) });
    assert_hidden("FileOwner", &FileOwner { name: Some(NAME.into()), date_of_birth: Some("17/02/1931".into()) });
    let patient = format!(
        r#"{{"resourceType":"Patient","id":"p1","identifier":[{{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"{NHS}"}}],"name":[{{"family":"Quarrington","given":["Zebedee"],"text":"{NOTE}"}}],"birthDate":"1931-02-17"}}"#
    );
    let parsed = read_fhir_json(&patient).unwrap();
    assert_hidden("ParsedFile", &parsed);
    let resource = parsed.resources.first().unwrap();
    assert_hidden("IncomingResource", resource);
    let facts = patient_facts(&resource.value);
    assert!(facts.birth_date.is_some(), "the marker patient should read");
    assert_hidden("PatientFacts", &facts);
}

#[test]
fn readings_are_not_in_debug() {
    let input = ReadingInput {
        kind: ReadingKind::BloodPressure,
        at: at(),
        value: Some(VALUE),
        value2: Some(VALUE),
        pulse: Some(VALUE),
        unit: None,
        context: Some(NOTE.into()),
        arm: None,
        position: None,
        text: Some(NOTE.into()),
        note: Some(NOTE.into()),
        source: ReadingSource::Typed,
    };
    assert_hidden("ReadingInput", &input);
    let checked = CheckedReading {
        kind: ReadingKind::BloodPressure,
        at: at(),
        value: Some(VALUE),
        value2: Some(VALUE),
        pulse: Some(VALUE),
        entered_value: Some(VALUE),
        entered_unit: None,
        context: Some(NOTE.into()),
        arm: None,
        position: None,
        text: Some(NOTE.into()),
        note: Some(NOTE.into()),
        source: ReadingSource::DeviceFile,
        unusual: Vec::new(),
    };
    assert_hidden("CheckedReading", &checked);
    assert_hidden("DeviceRow", &DeviceRow { reading: checked, line: 3, dedupe_key: format!("{VALUE}|{NOTE}") });
    let observed = Observed {
        kind: ReadingKind::BloodPressure,
        value: VALUE,
        value2: Some(VALUE),
        at: Some(at()),
        context: Some(NOTE),
        setting: Setting::Home,
    };
    assert_hidden("Observed", &observed);
    let person = PersonContext {
        has_type1_diabetes: true,
        has_heart_failure: false,
        best_peak_flow: Some(VALUE),
        weights: vec![(at(), VALUE)],
    };
    assert_hidden("PersonContext", &person);
    let point = Point { at: 1, value: VALUE, value2: Some(VALUE) };
    assert_hidden("Point", &point);
    let mut rollup = Rollup::default();
    rollup.push(point);
    assert_hidden("Rollup", &rollup);
    assert_hidden("Summary", &rollup.summary());
    let stats =
        Stats { count: 1, mean: Some(VALUE), min: Some(VALUE), max: Some(VALUE), mean2: None, min2: None, max2: None };
    assert_hidden("Stats", &stats);
    let average = HomeBpAverage {
        enough: true,
        days_used: 4,
        readings_used: 8,
        first_day_discarded: true,
        systolic: Some(VALUE),
        diastolic: Some(VALUE),
        above_threshold: Some(true),
        threshold: NOTE.into(),
        explanation: NOTE.into(),
    };
    assert_hidden("HomeBpAverage", &average);
    let target =
        Target { kind: ReadingKind::BloodPressure, low: Some(VALUE), high: Some(VALUE), low2: None, high2: None };
    assert_hidden("Target", &target);
    let observed = ObservedReading {
        kind: ReadingKind::BloodPressure,
        value: Some(VALUE),
        value2: None,
        pulse: None,
        context: Some(NOTE.into()),
    };
    assert_hidden("ObservedReading", &observed);
    // The checks' reasons quote the value ("Weight 187.5 kg is very high.").
    let reason = "Weight 187.5 kg is very high.".to_string();
    assert_hidden("Unusual", &Unusual { field: "value".into(), reason: reason.clone() });
    assert_hidden("Impossible", &Impossible { field: "value".into(), reason: reason.clone() });
    assert_hidden("RowProblem", &RowProblem { line: 3, reason });
}

#[test]
fn record_entries_are_not_in_debug() {
    let coding =
        Coding { system: Some("http://snomed.info/sct".into()), code: Some(NHS.into()), display: Some(NOTE.into()) };
    assert_hidden("Coding", &coding);
    let quantity = Quantity { value: VALUE, unit: Some("mmol/L".into()), comparator: None };
    assert_hidden("Quantity", &quantity);
    let value = EntryValue {
        text: NOTE.into(),
        quantity: Some(quantity),
        range_text: Some(NOTE.into()),
        flag: None,
        abnormal: true,
        range_check: None,
        range_basis: None,
        reading: None,
        red_flag: Some(NOTE.into()),
    };
    assert_hidden("EntryValue", &value);
    let fact = Fact { label: NOTE.into(), text: NOTE.into() };
    assert_hidden("Fact", &fact);
    let entry = MappedEntry {
        kind: EntryKind::Problem,
        title: NOTE.into(),
        status: Some(NOTE.into()),
        date: Some("1931-02-17".into()),
        codes: vec![coding],
        value: Some(value),
        components: vec![fact.clone()],
        facts: vec![fact],
        sensitivity: Sensitivity::General,
        references: vec![NOTE.into()],
        search_text: format!("{NAME} {NOTE}"),
    };
    assert_hidden("MappedEntry", &entry);
    let attachment = AttachmentRef {
        title: NOTE.into(),
        content_type: "text/plain".into(),
        data: Some(NOTE.as_bytes().to_vec()),
        url: Some(format!("https://example.org/{NOTE}")),
    };
    assert_hidden("AttachmentRef", &attachment);
    let event = MedicineEvent {
        entry_id: 1,
        role: Role::Authorisation,
        title: NOTE.into(),
        date: None,
        status: None,
        dose: Some(NOTE.into()),
    };
    assert_hidden("MedicineEvent", &event);
    assert_hidden("Currency", &Currency::NotActive(Some(NOTE.into())));
    let audit = AuditRecord::next(
        None,
        Utc.with_ymd_and_hms(2024, 5, 1, 8, 30, 0).unwrap(),
        AuditAction::PersonCreated,
        format!("{NAME} {NOTE}"),
    );
    assert_hidden("AuditRecord", &audit);
}

#[test]
fn shared_records_are_not_in_debug() {
    let recipient = ShareRecipient {
        name: NAME.into(),
        role: None,
        organisation: None,
        ods_code: None,
        public_key: Some(TOKEN.into()),
    };
    assert_hidden("ShareRecipient", &recipient);
    let consent = ShareConsent {
        share_id: "s1".into(),
        recipient,
        purpose: NOTE.into(),
        slice: ShareSlice::default(),
        created: Utc.with_ymd_and_hms(2024, 5, 1, 8, 30, 0).unwrap(),
        not_after: Utc.with_ymd_and_hms(2024, 5, 1, 8, 30, 0).unwrap(),
        made_by: None,
    };
    assert_hidden("ShareConsent", &consent);
    let patient = SharedPatient {
        name: NAME.into(),
        birth_date: dob(),
        nhs_number: Some(NHS.into()),
        resource: Some(NOTE.into()),
        aliases: Vec::new(),
    };
    assert_hidden("SharedPatient", &patient);
    let entry = SharedEntry {
        entry_id: 1,
        kind: EntryKind::Problem,
        sensitivity: Sensitivity::General,
        date: None,
        resource_type: "Condition".into(),
        resource: NOTE.into(),
        aliases: Vec::new(),
    };
    assert_hidden("SharedEntry", &entry);
    let supporting = SupportingResource { resource_type: "Patient".into(), resource: NOTE.into(), aliases: Vec::new() };
    assert_hidden("SupportingResource", &supporting);
    let reading = SharedReading { kind: ReadingKind::BloodPressure, at: "2024-05-01".into(), resource: NOTE.into() };
    assert_hidden("SharedReading", &reading);
    let subject = SharedSubject { name: NAME.into(), birth_date: Some(dob()), nhs_number: Some(NHS.into()) };
    assert_hidden("SharedSubject", &subject);
    let row = SharedRow {
        resource_id: NOTE.into(),
        entry_id: Some(1),
        title: NOTE.into(),
        date: None,
        status: None,
        value_text: Some(NOTE.into()),
        flag: None,
        red_flag: None,
    };
    assert_hidden("SharedRow", &row);
    let reading_row = SharedReadingRow { at: "2024-05-01".into(), value_text: NOTE.into(), red_flag: None };
    assert_hidden("SharedReadingRow", &reading_row);
    let info = SharedConsentInfo { recipient: Some(NAME.into()), purpose: Some(NOTE.into()), start: None, end: None };
    assert_hidden("SharedConsentInfo", &info);
}

/// Errors show their code (and field or place), never their message: a message can name the
/// person, quote a file or echo what was typed.
#[test]
fn error_messages_are_not_in_debug() {
    let details = DetailsError { field: "name", code: ErrorCode::InvalidNhsNumber, message: NAME.into() };
    assert_hidden("DetailsError", &details);
    let device = DeviceFileError { code: ErrorCode::MalformedFile, message: NOTE.into() };
    assert_hidden("DeviceFileError", &device);
    let share = ShareDocError { code: ErrorCode::MalformedFile, message: NOTE.into() };
    assert_hidden("ShareDocError", &share);
    let fhir = FhirReadError { code: ErrorCode::MalformedFile, message: NOTE.into(), line: Some(1), column: Some(2) };
    assert_hidden("FhirReadError", &fhir);
}
