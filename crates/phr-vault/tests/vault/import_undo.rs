//! Undoing an import as a whole: exactly what it brought goes and what it replaced comes back
//! (counted table by table, and compared row by row with the record before it), for a FHIR
//! import and a device file's readings; a later import blocks the undo of an earlier one it
//! changed; importing again after an undo works; and a process killed part-way through an
//! undo (SIGKILL, inside its transaction) leaves the record exactly as before, while one
//! killed after it leaves it exactly as after.
//!
//! The kill tests re-run this test binary as a child, filtered to `import_undo::undo_child`,
//! told through environment variables which vault, person and import to undo and whether to
//! pause inside the transaction (the `test-seams` hook) until it is killed.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use chrono::{DateTime, FixedOffset, NaiveDate};
use phr_core::ErrorCode;
use phr_core::audit::AuditAction;
use phr_core::person::PersonDetails;
use phr_core::readings::ReadingKind;
use phr_vault::record_store::{ImportDocument, ImportKind, SourceInfo};
use phr_vault::{NewReading, PersonId, ReadingFilter, Vault};
use serde_json::json;

use crate::support::*;

fn doc(name: &str, text: impl Into<String>) -> ImportDocument {
    ImportDocument { name: name.into(), text: text.into() }
}

fn jane(v: &mut Vault) -> PersonId {
    let d = PersonDetails {
        name: "Jane Doe".into(),
        date_of_birth: NaiveDate::from_ymd_opt(1970, 1, 2).unwrap(),
        nhs_number: None,
    };
    v.add_person(d).unwrap().id
}

const PATIENT: &str = "urn:uuid:11111111-1111-4111-8111-111111111111";

fn patient() -> serde_json::Value {
    json!({"fullUrl": PATIENT, "resource": {
        "resourceType": "Patient", "id": "p1", "name": [{"family": "Doe", "given": ["Jane"]}], "birthDate": "1970-01-02"}})
}

fn condition(text: &str, version: &str) -> serde_json::Value {
    json!({"fullUrl": "urn:uuid:22222222-2222-4222-8222-222222222222", "resource": {
        "resourceType": "Condition", "id": "c1", "meta": {"versionId": version},
        "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active"}]},
        "code": {"coding": [{"system": "http://snomed.info/sct", "code": "195967001", "display": text}], "text": text},
        "subject": {"reference": PATIENT}, "onsetDateTime": "2015-06-01"}})
}

fn observation(id: &str, text: &str, value: f64, refers_to: Option<&str>) -> serde_json::Value {
    let mut r = json!({"resourceType": "Observation", "id": id, "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "2339-0", "display": text}], "text": text},
        "subject": {"reference": PATIENT}, "effectiveDateTime": "2020-02-03T09:30:00Z",
        "valueQuantity": {"value": value, "unit": "mmol/L", "system": "http://unitsofmeasure.org", "code": "mmol/L"}});
    if let Some(to) = refers_to {
        r["focus"] = json!([{"reference": to}]);
    }
    json!({"fullUrl": format!("urn:uuid:{id}"), "resource": r})
}

fn document_reference(id: &str, text: &str) -> serde_json::Value {
    json!({"fullUrl": format!("urn:uuid:{id}"), "resource": {
        "resourceType": "DocumentReference", "id": id, "status": "current",
        "type": {"text": text}, "subject": {"reference": PATIENT}, "date": "2021-03-04T10:00:00Z",
        "content": [{"attachment": {"contentType": "text/plain", "title": text, "data": "SGVsbG8="}}]}})
}

fn bundle(entries: Vec<serde_json::Value>) -> String {
    json!({"resourceType": "Bundle", "type": "collection", "entry": entries}).to_string()
}

/// The first file: Jane, a problem, a glucose result that refers to the problem, a letter
/// with an attachment.
fn first_file() -> String {
    bundle(vec![
        patient(),
        condition("Asthma", "1"),
        observation("o1", "Glucose", 6.3, Some("Condition/c1")),
        document_reference("d1", "Clinic letter"),
    ])
}

/// The second file: the problem's newer version, the result corrected (to a value outside its
/// range), the letter with a new attachment, and two new results (one referring to the problem).
fn second_file() -> String {
    let mut letter = document_reference("d1", "Clinic letter");
    letter["resource"]["content"][0]["attachment"]["data"] = json!("V29ybGQ=");
    letter["resource"]["date"] = json!("2021-03-05T10:00:00Z");
    bundle(vec![
        patient(),
        condition("Severe asthma", "2"),
        observation("o1", "Glucose", 25.0, Some("Condition/c1")),
        letter,
        observation("o2", "HbA1c", 48.0, Some("Condition/c1")),
        observation("o3", "Cholesterol", 4.1, None),
    ])
}

fn import(v: &mut Vault, id: &PersonId, name: &str, text: String) -> i64 {
    v.import_fhir(id, &SourceInfo::files(), &[doc(name, text)]).unwrap().import_id
}

/// Every row of the record's tables, each table's rows sorted: the record's whole state.
/// `resource.last_imported_at` is left out when `seen_times` is false: an import that finds a
/// resource unchanged notes when it saw it, and undoing that import does not unsee it.
fn dump(v: &Vault, id: &PersonId, tables: &[&str], seen_times: bool) -> BTreeMap<String, Vec<String>> {
    let conn = v.debug_open_person_db_for_tests(id).unwrap();
    let mut out = BTreeMap::new();
    for table in tables {
        // Unlocking appends to the audit log (the child's unlock is before its undo, the
        // parent's after), so the log is compared by what happened besides unlocking.
        let sql = if *table == "audit_log" {
            "SELECT at, action, detail FROM audit_log WHERE action <> 'vault_unlocked'".to_owned()
        } else {
            format!("SELECT * FROM {table}")
        };
        let mut stmt = conn.prepare(&sql).unwrap();
        let names: Vec<String> = stmt.column_names().into_iter().map(str::to_owned).collect();
        let mut rows: Vec<String> = stmt
            .query_map([], |r| {
                let mut cells = Vec::new();
                for (i, name) in names.iter().enumerate() {
                    if !seen_times && *table == "resource" && name == "last_imported_at" {
                        continue;
                    }
                    cells.push(format!("{name}={:?}", r.get::<_, rusqlite::types::Value>(i)?));
                }
                Ok(cells.join(" "))
            })
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        rows.sort();
        out.insert((*table).to_owned(), rows);
    }
    out
}

/// The clinical record's tables (not the import history or the audit log, which record the
/// undo itself).
const RECORD_TABLES: [&str; 8] = [
    "source",
    "resource",
    "resource_history",
    "entry",
    "entry_link",
    "attachment",
    "attachment_history",
    "entry_fts_docsize",
];

/// Everything in a person's database, the search index's own tables included.
const ALL_TABLES: [&str; 17] = [
    "person",
    "audit_log",
    "source",
    "import_run",
    "resource",
    "resource_history",
    "entry",
    "entry_link",
    "attachment",
    "attachment_history",
    "entry_fts_data",
    "entry_fts_idx",
    "entry_fts_docsize",
    "reading",
    "reading_rollup",
    "reading_target",
    "bp_week",
];

/// How many rows each of the record's tables holds.
fn counts(v: &Vault, id: &PersonId) -> BTreeMap<&'static str, i64> {
    let conn = v.debug_open_person_db_for_tests(id).unwrap();
    let mut out = BTreeMap::new();
    for table in [
        "resource",
        "resource_history",
        "entry",
        "entry_link",
        "attachment",
        "entry_fts_docsize",
        "reading",
        "reading_rollup",
    ] {
        out.insert(table, conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap());
    }
    out
}

fn search_titles(v: &Vault, id: &PersonId, word: &str) -> Vec<String> {
    let mut t: Vec<String> = v.search_record(id, word, 50).unwrap().into_iter().map(|h| h.entry.title).collect();
    t.sort();
    t
}

#[test]
fn undoing_a_fhir_import_removes_what_it_brought_and_puts_back_what_it_replaced() {
    let (_t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let id = jane(&mut v);
    let first = import(&mut v, &id, "first.json", first_file());
    // The citizen labels the letter after the first import; the label must survive both.
    let all = v.timeline(&id, &phr_vault::record_store::TimelineFilter { limit: 50, ..Default::default() }).unwrap();
    let letter = all.entries.into_iter().find(|e| e.title.contains("letter"));
    let letter = letter.expect("the letter's entry").id;
    v.set_entry_sensitivity(&id, letter, phr_core::record::Sensitivity::MentalHealth).unwrap();
    let before = dump(&v, &id, &RECORD_TABLES, false);
    let counts_before = counts(&v, &id);
    let glucose_before = search_titles(&v, &id, "asthma");

    let second = import(&mut v, &id, "second.json", second_file());
    let counts_between = counts(&v, &id);
    assert_eq!(counts_between["entry"], counts_before["entry"] + 2, "two new results");
    assert_eq!(counts_between["resource_history"], counts_before["resource_history"] + 3, "three replaced");
    assert_eq!(counts_between["entry_fts_docsize"], counts_between["entry"]);
    assert!(counts_between["entry_link"] > counts_before["entry_link"]);
    assert_eq!(search_titles(&v, &id, "severe").len(), 1);

    let (run, planned) = v.preview_undo_import(&id, second).unwrap();
    assert_eq!((run.import_id, run.kind, run.undone_at), (second, ImportKind::Record, None));
    assert_eq!((planned.entries_removed, planned.entries_restored, planned.readings_removed), (2, 3, 0));
    assert_eq!(counts(&v, &id), counts_between, "a preview changes nothing");

    let (run, done) = v.undo_import(&id, second).unwrap();
    assert_eq!(done, planned);
    assert!(run.undone_at.is_some());
    assert_eq!(counts(&v, &id), counts_before, "exactly what the import brought is gone");
    assert_eq!(dump(&v, &id, &RECORD_TABLES, false), before, "the record is row for row as it was");
    assert_eq!(search_titles(&v, &id, "asthma"), glucose_before);
    assert!(search_titles(&v, &id, "severe").is_empty() && search_titles(&v, &id, "hba1c").is_empty());
    search_index_matches_entries(&v, &id);
    let e = v.entry(&id, letter).unwrap();
    assert_eq!(e.row.sensitivity, phr_core::record::Sensitivity::MentalHealth);
    assert!(e.sensitivity_set_by_user);

    let audit = v.audit_log(&id).unwrap();
    let last = audit.last().unwrap();
    assert_eq!(last.action, AuditAction::ImportUndone);
    assert_eq!(
        last.detail,
        format!("import {second} from a file undone: 2 entries removed, 3 entries put back as they were before it")
    );
    let history = v.import_history(&id).unwrap();
    assert_eq!(
        history.iter().map(|r| (r.import_id, r.undone_at.is_some())).collect::<Vec<_>>(),
        vec![(second, true), (first, false)]
    );
    assert_eq!(v.record_summary(&id).unwrap().last_import.map(|r| r.import_id), Some(first));
    assert_eq!(v.undo_import(&id, second).unwrap_err().code, ErrorCode::NothingToUndo);
    assert_eq!(v.undo_import(&id, 999).unwrap_err().code, ErrorCode::ImportNotFound);

    // The same file imported again brings the same again.
    let again = v.import_fhir(&id, &SourceInfo::files(), &[doc("second.json", second_file())]).unwrap();
    assert_eq!((again.counts.added, again.counts.updated), (2, 3));
    assert_eq!(counts(&v, &id), counts_between);
    search_index_matches_entries(&v, &id);
    assert_eq!(v.verify_audit(&id).unwrap().broken, None);
}

#[test]
fn an_import_changed_by_a_later_one_is_undone_only_after_it() {
    let (_t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let id = jane(&mut v);
    let empty = dump(&v, &id, &RECORD_TABLES, false);
    let first = import(&mut v, &id, "first.json", first_file());
    let second = import(&mut v, &id, "second.json", second_file());
    let e = v.undo_import(&id, first).unwrap_err();
    assert_eq!(e.code, ErrorCode::ImportUndoBlocked);
    assert!(e.message.contains("A later import changed 3 entries this import brought"), "{}", e.message);
    assert_eq!(v.preview_undo_import(&id, first).unwrap_err().code, ErrorCode::ImportUndoBlocked);
    assert!(v.import_history(&id).unwrap().iter().all(|r| r.undone_at.is_none()), "nothing was undone");

    v.undo_import(&id, second).unwrap();
    let (_, c) = v.undo_import(&id, first).unwrap();
    assert_eq!((c.entries_removed, c.entries_restored), (4, 0));
    let after: BTreeMap<String, Vec<String>> =
        dump(&v, &id, &RECORD_TABLES, false).into_iter().filter(|(t, _)| t != "source").collect();
    let empty: BTreeMap<String, Vec<String>> = empty.into_iter().filter(|(t, _)| t != "source").collect();
    assert_eq!(after, empty, "both undone: no resource, entry, link, attachment or index row is left");
    search_index_matches_entries(&v, &id);
}

#[test]
fn undoing_a_large_first_import_leaves_an_empty_record_and_it_imports_again() {
    let (_t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let d = PersonDetails {
        name: "Karena Pfeffer".into(),
        date_of_birth: NaiveDate::from_ymd_opt(1994, 12, 21).unwrap(),
        nhs_number: None,
    };
    let id = v.add_person(d).unwrap().id;
    let text = std::fs::read_to_string(crate::repo::fixture(
        "synthea-r4-smart/Karena_Pfeffer_1f99a0cb-594b-476a-b9cb-502594c1ee6b.json",
    ))
    .unwrap();
    let empty = counts(&v, &id);
    let run = import(&mut v, &id, "karena.json", text.clone());
    let full = counts(&v, &id);
    assert!(full["entry"] > 100 && full["entry_link"] > 100, "{full:?}");
    let (_, c) = v.undo_import(&id, run).unwrap();
    assert_eq!(i64::from(c.entries_removed), full["entry"]);
    assert_eq!(counts(&v, &id), empty);
    search_index_matches_entries(&v, &id);
    import(&mut v, &id, "karena.json", text);
    assert_eq!(counts(&v, &id), full, "imported again, the same");
    search_index_matches_entries(&v, &id);
}

fn glucose(at: &str, value: f64, key: &str) -> NewReading {
    let at: DateTime<FixedOffset> = DateTime::parse_from_rfc3339(at).unwrap();
    let mut r = device_reading(ReadingKind::BloodGlucose, at, value, None);
    r.source_name = Some("Dexcom CLARITY export".into());
    r.dedupe_key = Some(key.into());
    r
}

/// 60 glucose readings five minutes apart from 10:00 on 1 Nov 2026, through three hours.
fn device_batch(offset: f64) -> Vec<NewReading> {
    (0..60)
        .map(|i| {
            let at = format!("2026-11-01T{:02}:{:02}:00+00:00", 10 + i / 12, (i % 12) * 5);
            // No two values alike: which of two equal readings a rollup keeps as its extreme
            // would depend on the order they were added.
            glucose(&at, 5.0 + offset + f64::from(i) * 0.01, &format!("dexcom|G6|{i}|{offset}"))
        })
        .collect()
}

/// A rollup row: kind, level, bucket, count, sum and the extreme readings' blob.
type RollupRow = (i64, i64, i64, i64, f64, Vec<u8>);

fn rollups(v: &Vault, id: &PersonId) -> Vec<RollupRow> {
    let conn = v.debug_open_person_db_for_tests(id).unwrap();
    let mut stmt =
        conn.prepare("SELECT kind, level, bucket, n, sum, extremes FROM reading_rollup ORDER BY 1, 2, 3").unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
}

fn assert_same_rollups(a: &[RollupRow], b: &[RollupRow]) {
    assert_eq!(a.len(), b.len(), "{a:?}\n{b:?}");
    for (x, y) in a.iter().zip(b) {
        assert_eq!((x.0, x.1, x.2, x.3, &x.5), (y.0, y.1, y.2, y.3, &y.5), "count and extreme readings");
        assert!((x.4 - y.4).abs() < 1e-9, "sums {} and {}", x.4, y.4);
    }
}

fn live_readings(v: &Vault, id: &PersonId) -> u64 {
    v.list_readings(id, &ReadingFilter::default()).unwrap().1
}

#[test]
fn undoing_a_device_import_removes_its_readings_and_the_rollups_stay_true() {
    let (_t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let id = jane(&mut v);
    // Readings already there: one typed into the same hours, and an earlier file's.
    v.add_reading(&id, &{
        let mut r = glucose("2026-11-01T10:02:00+00:00", 9.9, "typed");
        r.dedupe_key = None;
        r
    })
    .unwrap();
    v.import_readings(&id, &device_batch(0.0)[..10], "an earlier file").unwrap();
    let before = counts(&v, &id);
    let rollups_before = rollups(&v, &id);
    let readings_before = dump(&v, &id, &["reading"], true);

    let batch = device_batch(0.0);
    let first = v.import_readings(&id, &batch, "dexcom.csv").unwrap();
    assert_eq!((first.added, first.duplicates), (50, 10), "the earlier file's ten are not added twice");
    let mut more = device_batch(1.0);
    more.truncate(5);
    let other = v.import_readings(&id, &more, "other.csv").unwrap();
    // One of the file's readings deleted by hand since: the undo takes it too.
    let (list, _) = v.list_readings(&id, &ReadingFilter { limit: Some(1), ..Default::default() }).unwrap();
    let newest = list[0].id;
    v.delete_reading(&id, newest).unwrap();

    let (run, planned) = v.preview_undo_import(&id, first.import_id).unwrap();
    assert_eq!((run.kind, run.counts.added, run.counts.unchanged), (ImportKind::Readings, 50, 10));
    assert_eq!(run.files, vec!["dexcom.csv".to_owned()]);
    assert_eq!(run.source.name, "Dexcom CLARITY export");
    assert_eq!((planned.readings_removed, planned.entries_removed), (50, 0));
    v.undo_import(&id, first.import_id).unwrap();
    v.undo_import(&id, other.import_id).unwrap();
    assert_eq!(counts(&v, &id), before);
    assert_eq!(dump(&v, &id, &["reading"], true), readings_before, "exactly the readings there were");
    assert_same_rollups(&rollups(&v, &id), &rollups_before);
    assert_eq!(live_readings(&v, &id), 11);
    let last = v.audit_log(&id).unwrap().pop().unwrap();
    assert_eq!(last.detail, format!("import {} from a device file undone: 5 readings removed", other.import_id));

    // The same file again after the undo: all 50 come back.
    let again = v.import_readings(&id, &batch, "dexcom.csv").unwrap();
    assert_eq!((again.added, again.duplicates), (50, 10));
    assert_eq!(live_readings(&v, &id), 61);
}

#[test]
fn device_imports_made_before_the_import_history_are_found_and_can_be_undone() {
    let (_t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let id = jane(&mut v);
    v.import_readings(&id, &device_batch(0.0), "dexcom.csv").unwrap();
    let conn = v.debug_open_person_db_for_tests(&id).unwrap();
    // As a record of before: no readings import in the history, no reading naming one.
    conn.execute_batch(
        "UPDATE reading SET import_id = NULL; DELETE FROM import_run WHERE kind = 'readings';
         DELETE FROM source WHERE key LIKE 'device:%';",
    )
    .unwrap();
    let migration = phr_vault::migrations::MIGRATIONS[6];
    let backfill = &migration[migration.find("INSERT INTO source").unwrap()..];
    conn.execute_batch(backfill).unwrap();
    drop(conn);
    let history = v.import_history(&id).unwrap();
    assert_eq!(history.len(), 1, "{history:?}");
    assert_eq!((history[0].kind, history[0].counts.added), (ImportKind::Readings, 60));
    assert_eq!(history[0].source.name, "Dexcom CLARITY export");
    let (_, c) = v.undo_import(&id, history[0].import_id).unwrap();
    assert_eq!(c.readings_removed, 60);
    assert_eq!(live_readings(&v, &id), 0);
    assert!(rollups(&v, &id).is_empty());
}

#[test]
fn a_share_consent_is_not_an_import_to_undo() {
    let (_t, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let id = jane(&mut v);
    let run = import(&mut v, &id, "first.json", first_file());
    let conn = v.debug_open_person_db_for_tests(&id).unwrap();
    conn.execute("UPDATE source SET kind = 'self' WHERE id = (SELECT source_id FROM import_run WHERE id = ?1)", [run])
        .unwrap();
    drop(conn);
    assert_eq!(v.undo_import(&id, run).unwrap_err().code, ErrorCode::ImportNotFound);
}

// ---- A process killed during an undo -----------------------------------------------------

const CHILD_DIR: &str = "PHR_VAULT_UNDO_CHILD_DIR";
const CHILD_PERSON: &str = "PHR_VAULT_UNDO_CHILD_PERSON";
const CHILD_IMPORT: &str = "PHR_VAULT_UNDO_CHILD_IMPORT";
const CHILD_PAUSE: &str = "PHR_VAULT_UNDO_CHILD_PAUSE";

/// Does nothing unless started by the tests below: undoes one import, pausing inside the
/// transaction (printing PAUSED) when asked, else printing UNDONE after it, then waits to be killed.
#[test]
fn undo_child() {
    let Ok(dir) = std::env::var(CHILD_DIR) else { return };
    let person: PersonId = std::env::var(CHILD_PERSON).unwrap().parse().unwrap();
    let import: i64 = std::env::var(CHILD_IMPORT).unwrap().parse().unwrap();
    if std::env::var(CHILD_PAUSE).is_ok_and(|p| p == "1") {
        phr_vault::debug_pause_inside_undo_for_tests(|| {
            println!("PAUSED");
            std::thread::sleep(std::time::Duration::from_secs(120));
        });
    }
    let mut v = unlock(Path::new(&dir));
    v.undo_import(&person, import).unwrap();
    println!("UNDONE");
    std::thread::sleep(std::time::Duration::from_secs(120));
}

/// Runs the child on `dir`, kills it (SIGKILL) when it prints `signal`, and waits for it.
fn kill_child_at(dir: &Path, person: &PersonId, import: i64, pause: bool, signal: &str) {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "import_undo::undo_child", "--nocapture", "--test-threads=1"])
        .env(CHILD_DIR, dir)
        .env(CHILD_PERSON, person.to_string())
        .env(CHILD_IMPORT, import.to_string())
        .env(CHILD_PAUSE, if pause { "1" } else { "0" })
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut seen = false;
    for line in BufReader::new(stdout).lines() {
        // libtest prints "test import_undo::undo_child ... " before the test's own output.
        if line.unwrap().ends_with(signal) {
            child.kill().unwrap(); // On unix, Child::kill sends SIGKILL.
            seen = true;
            break;
        }
    }
    child.wait().unwrap();
    assert!(seen, "the child ended without printing {signal}");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target: PathBuf = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else if path.file_name().is_some_and(|n| n != "vault.lock") {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// A vault holding Jane's record (two FHIR imports) and two device files' readings; the ids
/// of the second FHIR import and the second device import.
fn vault_with_imports(dir: &Path) -> (PersonId, i64, i64) {
    let (mut v, _) = create(dir);
    let id = jane(&mut v);
    import(&mut v, &id, "first.json", first_file());
    let record = import(&mut v, &id, "second.json", second_file());
    v.import_readings(&id, &device_batch(0.0)[..20], "earlier.csv").unwrap();
    let readings = v.import_readings(&id, &device_batch(0.0), "dexcom.csv").unwrap().import_id;
    (id, record, readings)
}

#[test]
fn an_undo_killed_part_way_leaves_the_record_exactly_as_it_was() {
    let (_t, dir) = vault_dir();
    let (id, record, readings) = vault_with_imports(&dir);
    for import in [record, readings] {
        let v = unlock(&dir);
        let before = dump(&v, &id, &ALL_TABLES, true);
        let (_, planned) = v.preview_undo_import(&id, import).unwrap();
        assert!(planned.entries_removed + planned.readings_removed > 0);
        drop(v);

        kill_child_at(&dir, &id, import, true, "PAUSED");

        let v = unlock(&dir);
        assert_eq!(
            dump(&v, &id, &ALL_TABLES, true),
            before,
            "import {import}: the record is exactly as before the undo"
        );
        assert_eq!(v.verify_audit(&id).unwrap().broken, None);
        search_index_matches_entries(&v, &id);
        assert_eq!(v.preview_undo_import(&id, import).unwrap().1, planned, "and the undo can still be done");
    }
}

#[test]
fn an_undo_killed_after_it_finished_leaves_the_record_exactly_as_after() {
    let (tmp, dir) = vault_dir();
    let (id, record, readings) = vault_with_imports(&dir);
    for import in [record, readings] {
        // What the record is after the undo, made on a copy with the same clock.
        let copy = tmp.path().join(format!("copy-{import}"));
        copy_dir(&dir, &copy);
        let mut v = unlock(&copy);
        v.undo_import(&id, import).unwrap();
        let after = dump(&v, &id, &ALL_TABLES, true);
        drop(v);

        kill_child_at(&dir, &id, import, false, "UNDONE");

        let v = unlock(&dir);
        assert_eq!(dump(&v, &id, &ALL_TABLES, true), after, "import {import}: the record is exactly as after the undo");
        assert_eq!(v.verify_audit(&id).unwrap().broken, None);
        search_index_matches_entries(&v, &id);
    }
}
