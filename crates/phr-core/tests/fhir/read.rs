//! Reading files: malformed JSON, non-FHIR JSON, bundles with entries that carry no resource.

use phr_core::ErrorCode;
use phr_core::fhir::{FhirVersion, attachments, read_fhir_json, write_collection_bundle};

use super::{fixture_text, parse};

#[test]
fn malformed_json_is_refused_with_line_and_column() {
    // GP Connect's consultation example as published has a trailing comma.
    let text = fixture_text("gpconnect-stu3/access-record-structured/consultations_response1.as-published.json.txt");
    let e = read_fhir_json(&text).unwrap_err();
    assert_eq!(e.code, ErrorCode::MalformedFile);
    let (line, column) = (e.line.unwrap(), e.column.unwrap());
    assert!(line > 1 && column > 0);
    assert!(e.to_string().starts_with(&format!("not valid JSON at line {line}, column {column}: ")), "{e}");
    let e = read_fhir_json("{\"resourceType\": \"Patient\",\n\"id\": }").unwrap_err();
    assert_eq!((e.line, e.column), (Some(2), Some(7)));
    assert_eq!(read_fhir_json("").unwrap_err().code, ErrorCode::MalformedFile);
}

#[test]
fn json_that_is_not_fhir_is_unsupported() {
    for text in ["[]", "{\"name\": \"x\"}", "42", "{\"resourceType\": 7}"] {
        assert_eq!(read_fhir_json(text).unwrap_err().code, ErrorCode::UnsupportedFormat, "{text}");
    }
}

#[test]
fn a_transaction_delete_entry_is_rejected_with_its_place() {
    let f = parse("hl7-r4-examples/Bundle-bundle-transaction.json");
    assert_eq!(f.bundle_type.as_deref(), Some("transaction"));
    let deletes: Vec<_> = f.rejected.iter().filter(|r| r.reason.contains("DELETE")).collect();
    assert!(!deletes.is_empty(), "{:?}", f.rejected);
    assert!(deletes[0].location.starts_with("entry["));
    assert!(deletes[0].resource_type.is_some());
}

#[test]
fn entries_outside_resource_are_rejected_not_lost() {
    let f = parse("gpconnect-stu3/access-record-structured/diaryentries_response1.json");
    assert_eq!(f.version, FhirVersion::Stu3);
    let outside: Vec<_> = f.rejected.iter().filter(|r| r.reason.contains("outside `resource`")).collect();
    assert_eq!(outside.len(), 2, "{:?}", f.rejected);
}

#[test]
fn raw_text_is_the_text_that_arrived_and_exports_verbatim() {
    let text = fixture_text("synthea-r4-smart/Dino_Barton_f24d7951-2016-43c6-a2d6-89dd4b8f4fcb.json");
    let f = read_fhir_json(&text).unwrap();
    assert_eq!(f.version, FhirVersion::R4);
    for r in &f.resources {
        assert!(text.contains(r.raw.get()));
        assert!(r.full_url.as_deref().unwrap().starts_with("urn:uuid:"));
    }
    let entries: Vec<(String, &serde_json::value::RawValue)> =
        f.resources.iter().map(|r| (r.full_url.clone().unwrap(), &*r.raw)).collect();
    let out = write_collection_bundle("export-1", "2026-11-23T10:00:00Z", &entries);
    let back = read_fhir_json(&out).unwrap();
    assert_eq!(back.bundle_type.as_deref(), Some("collection"));
    assert_eq!(back.resources.len(), f.resources.len());
    for (a, b) in f.resources.iter().zip(&back.resources) {
        assert_eq!(a.raw.get(), b.raw.get());
        assert_eq!(a.full_url, b.full_url);
    }
}

#[test]
fn document_attachments_are_decoded() {
    let f = parse("hl7-r4-examples/DocumentReference-example.json");
    let a = attachments(&f.resources[0].value);
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].content_type, "application/hl7-v3+xml");
    assert!(a[0].url.is_some());
    let report = parse("hl7-r4-examples/DiagnosticReport-f201.json");
    let forms = attachments(&report.resources[0].value);
    assert!(forms.iter().all(|f| f.data.is_some() || f.url.is_some()), "{forms:?}");
}
