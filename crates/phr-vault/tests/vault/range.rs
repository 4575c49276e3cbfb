//! "Outside the normal range", honestly: GP blood pressures without a range of their own are
//! judged by the NHS and NICE levels, results that cannot be judged are counted, records stored
//! before results were judged are judged when opened, and the person's record tells the
//! red-flag table about type 1 diabetes, heart failure and the best peak flow.

use phr_core::readings::red_flags;
use phr_core::readings::{ReadingInput, ReadingKind, check};
use phr_core::record::{EntryKind, RangeCheck};
use phr_vault::record_store::bench::person_matching;
use phr_vault::record_store::{ImportDocument, SourceInfo, TimelineFilter};
use phr_vault::{NewReading, PersonId, Vault};
use serde_json::json;

use crate::support::*;

fn karena(v: &mut Vault) -> PersonId {
    let text = std::fs::read_to_string(
        crate::repo::fixtures().join("synthea-r4-smart/Karena_Pfeffer_1f99a0cb-594b-476a-b9cb-502594c1ee6b.json"),
    )
    .unwrap();
    let id = v.add_person(person_matching(&text).unwrap()).unwrap().id;
    v.import_fhir(&id, &SourceInfo::files(), &[ImportDocument { name: "karena.json".into(), text }]).unwrap();
    id
}

fn outside(v: &Vault, id: &PersonId) -> (Vec<phr_vault::record_store::EntryRow>, Option<u32>, u32) {
    let page =
        v.timeline(id, &TimelineFilter { abnormal_only: true, limit: 200, ..TimelineFilter::default() }).unwrap();
    (page.entries, page.unchecked, page.total)
}

#[test]
fn gp_blood_pressures_without_a_range_are_outside_and_the_rest_are_counted() {
    let (_t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let id = karena(&mut v);
    let (entries, unchecked, total) = outside(&v, &id);
    let values: Vec<&str> = entries.iter().filter_map(|e| e.value_text.as_deref()).collect();
    // 174/102 and 163/105 from the GP, as the record shows them.
    assert!(values.contains(&"174.2/102.7 mmHg"), "{values:?}");
    assert!(values.contains(&"163.6/105.1 mmHg"), "{values:?}");
    assert!(entries.iter().all(|e| e.abnormal && e.kind == EntryKind::Result));
    assert_eq!(total as usize, entries.len());
    // Weights, heights, BMIs, questionnaires: no range, no NHS or NICE level the app holds.
    let unchecked = unchecked.unwrap();
    assert!(unchecked > 0, "results that cannot be judged are counted");
    let judged = v.entry_judgements(&id, &entries.iter().map(|e| e.id).collect::<Vec<_>>()).unwrap();
    assert!(judged.iter().all(|j| j.range_check == Some(RangeCheck::Outside)));
    let bp = judged.iter().find(|j| j.red_flag.as_deref() == Some("bp-high-clinic")).unwrap();
    assert!(bp.reading.as_ref().is_some_and(|r| r.kind == ReadingKind::BloodPressure && r.value2.is_some()));
    // Without the filter nothing is counted.
    let page = v.timeline(&id, &TimelineFilter { limit: 10, ..TimelineFilter::default() }).unwrap();
    assert_eq!(page.unchecked, None);
}

#[test]
fn a_record_stored_before_results_were_judged_is_judged_when_opened() {
    let (_t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let id = karena(&mut v);
    let (before, unchecked_before, _) = outside(&v, &id);
    {
        // As an older version of the app left it: no range check, and the value stored
        // without one (the interpretation alone decided `abnormal`).
        let conn = v.debug_open_person_db_for_tests(&id).unwrap();
        conn.execute_batch(
            "UPDATE entry SET range_check = NULL, abnormal = 0,
                 value = json_remove(value, '$.rangeCheck', '$.rangeBasis', '$.reading', '$.redFlag')
             WHERE kind = 'result'",
        )
        .unwrap();
    }
    drop(v);
    let v = unlock(&dir);
    let (after, unchecked_after, _) = outside(&v, &id);
    assert_eq!(after.iter().map(|e| e.id).collect::<Vec<_>>(), before.iter().map(|e| e.id).collect::<Vec<_>>());
    assert_eq!(unchecked_after, unchecked_before);
    let entry = v.entry(&id, after[0].id).unwrap();
    assert_eq!(entry.value.and_then(|v| v.range_check), Some(RangeCheck::Outside));
}

#[test]
fn the_record_tells_the_red_flag_table_about_the_person() {
    let (_t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let id = v.add_person(details("Jane Doe")).unwrap().id;
    assert_eq!(v.advice_context(&id).unwrap(), red_flags::PersonContext::default());
    let bundle = json!({
        "resourceType": "Bundle", "type": "collection",
        "entry": [
            {"resource": {"resourceType": "Patient", "id": "p", "name": [{"family": "Doe", "given": ["Jane"]}],
                "birthDate": "1948-07-05"}},
            {"resource": {"resourceType": "Condition", "id": "c1",
                "code": {"coding": [{"system": "http://snomed.info/sct", "code": "46635009",
                    "display": "Diabetes mellitus type 1"}]}, "subject": {"reference": "Patient/p"}}},
            {"resource": {"resourceType": "Condition", "id": "c2",
                "code": {"text": "Chronic congestive heart failure"}, "subject": {"reference": "Patient/p"}}},
            {"resource": {"resourceType": "Condition", "id": "c3",
                "verificationStatus": {"coding": [{"code": "entered-in-error"}]},
                "code": {"text": "Asthma"}, "subject": {"reference": "Patient/p"}}}
        ]
    });
    v.import_fhir(&id, &SourceInfo::files(), &[ImportDocument { name: "jane.json".into(), text: bundle.to_string() }])
        .unwrap();
    let mut best = None;
    for pef in [420.0, 510.0, 480.0] {
        let r = check(&ReadingInput::value(ReadingKind::PeakFlow, t0().fixed_offset(), pef), t0()).unwrap();
        let stored = v.add_reading(&id, &NewReading { reading: r, source_name: None, dedupe_key: None }).unwrap();
        if pef == 510.0 {
            best = Some(stored.id);
        }
    }
    let ctx = v.advice_context(&id).unwrap();
    assert!(ctx.has_type1_diabetes && ctx.has_heart_failure);
    assert_eq!(ctx.best_peak_flow, Some(510.0));
    // The context is kept while the record is unchanged, and worked out again after a change.
    assert_eq!(v.advice_context(&id).unwrap(), ctx);
    v.delete_reading(&id, best.unwrap()).unwrap();
    assert_eq!(v.advice_context(&id).unwrap().best_peak_flow, Some(480.0));
    v.restore_reading(&id, best.unwrap()).unwrap();
    assert_eq!(v.advice_context(&id).unwrap().best_peak_flow, Some(510.0));
}
