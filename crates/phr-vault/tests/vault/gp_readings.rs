//! The GP record's observations read as readings, straight from the record: the blood
//! pressures in the GP Connect and Synthea fixtures are found by kind, with their values in
//! canonical units, and an undone import takes them away again.

use phr_core::readings::{ReadingKind, join_bp_halves};
use phr_vault::record_store::bench::person_matching;
use phr_vault::record_store::{ImportDocument, SourceInfo};

use crate::support::*;

fn import(rel: &str) -> (tempfile::TempDir, phr_vault::Vault, phr_vault::PersonId) {
    let (t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let text = std::fs::read_to_string(crate::repo::fixtures().join(rel)).unwrap();
    let id = v.add_person(person_matching(&text).unwrap_or_else(|| details("Nobody Inparticular"))).unwrap().id;
    v.import_fhir(&id, &SourceInfo::files(), &[ImportDocument { name: "record.json".into(), text }]).unwrap();
    (t, v, id)
}

#[test]
fn the_gp_connect_blood_pressure_is_found_by_its_codes() {
    let (_t, v, id) = import("gpconnect-stu3/access-record-structured/consultations_response1.json");
    let bp = join_bp_halves(v.gp_readings(&id, Some(ReadingKind::BloodPressure), i64::MIN, i64::MAX).unwrap());
    let got: Vec<_> = bp.iter().map(|r| (r.at.to_rfc3339(), r.value, r.value2)).collect();
    assert_eq!(got, [("2019-03-28T10:30:00+00:00".to_string(), Some(130.0), Some(72.0))]);
    let spo2 = v.gp_readings(&id, Some(ReadingKind::OxygenSaturation), i64::MIN, i64::MAX).unwrap();
    assert_eq!(spo2.iter().map(|r| r.value).collect::<Vec<_>>(), [Some(96.0), Some(97.0)]);
    let temp = v.gp_readings(&id, Some(ReadingKind::Temperature), i64::MIN, i64::MAX).unwrap();
    assert_eq!(temp.iter().map(|r| r.value).collect::<Vec<_>>(), [Some(36.7), Some(37.1)]);
    // Every kind at once: the same readings, oldest first.
    let all = v.gp_readings(&id, None, i64::MIN, i64::MAX).unwrap();
    assert_eq!(all.len(), bp.len() + spo2.len() + temp.len(), "{:?}", all.iter().map(|r| r.kind).collect::<Vec<_>>());
    assert!(all.windows(2).all(|w| w[0].at <= w[1].at));
    // A range that leaves out March 2019 leaves the blood pressure out.
    let may = chrono::DateTime::parse_from_rfc3339("2019-05-01T00:00:00Z").unwrap().timestamp_millis();
    assert!(v.gp_readings(&id, Some(ReadingKind::BloodPressure), may, i64::MAX).unwrap().is_empty());
}

#[test]
fn the_synthea_blood_pressures_are_found_whole() {
    let (_t, v, id) = import("synthea-r4-smart/Dino_Barton_f24d7951-2016-43c6-a2d6-89dd4b8f4fcb.json");
    let bp = join_bp_halves(v.gp_readings(&id, Some(ReadingKind::BloodPressure), i64::MIN, i64::MAX).unwrap());
    assert!(bp.len() >= 5, "found {}", bp.len());
    for r in &bp {
        let (s, d) = (r.value.unwrap(), r.value2.unwrap());
        assert!((60.0..250.0).contains(&s) && (30.0..150.0).contains(&d), "{s}/{d}");
        assert!(s > d);
    }
    let weights = v.gp_readings(&id, Some(ReadingKind::Weight), i64::MIN, i64::MAX).unwrap();
    assert!(!weights.is_empty());
    assert!(weights.iter().all(|w| w.value.is_some_and(|kg| kg > 1.0 && kg < 300.0)));
}

#[test]
fn undoing_the_import_takes_the_gp_readings_away() {
    let (_t, mut v, id) = import("gpconnect-stu3/access-record-structured/consultations_response1.json");
    let run = v.import_history(&id).unwrap().into_iter().next().unwrap();
    v.undo_import(&id, run.import_id).unwrap();
    assert!(v.gp_readings(&id, None, i64::MIN, i64::MAX).unwrap().is_empty());
}
