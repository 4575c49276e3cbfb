//! Shared helpers: a fast KDF, fixed and stepping clocks, named people, file snapshots.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use phr_core::NhsNumber;
use phr_core::clock::{Clock, FixedClock};
use phr_core::person::PersonDetails;
use phr_vault::{KdfChoice, KdfParams, Passphrase, PersonId, RecoveryKey, Vault};

pub const PW: &str = "otter lantern gravel";
pub const NEW_PW: &str = "heron biscuit meadow";

pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).single().expect("valid time")
}

pub fn clock() -> Arc<dyn Clock> {
    Arc::new(FixedClock(t0()))
}

/// A clock one second further on at every reading, so ordering by time is testable.
#[derive(Debug)]
pub struct StepClock(Mutex<DateTime<Utc>>);

pub fn step_clock() -> Arc<dyn Clock> {
    Arc::new(StepClock(Mutex::new(t0())))
}

impl Clock for StepClock {
    fn now(&self) -> DateTime<Utc> {
        let mut t = self.0.lock().expect("clock lock");
        *t += Duration::seconds(1);
        *t
    }
}

pub fn pw(s: &str) -> Passphrase {
    Passphrase::new(s.to_string())
}

/// A vault folder that does not exist yet, inside a temporary folder.
pub fn vault_dir() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("vault");
    (tmp, dir)
}

pub fn create(dir: &Path) -> (Vault, RecoveryKey) {
    create_with(dir, clock())
}

pub fn create_with(dir: &Path, clock: Arc<dyn Clock>) -> (Vault, RecoveryKey) {
    Vault::create(dir, &pw(PW), KdfChoice::Fixed(KdfParams::FLOOR), clock).expect("create")
}

pub fn unlock(dir: &Path) -> Vault {
    Vault::unlock(dir, &pw(PW), clock()).expect("unlock")
}

pub fn details(name: &str) -> PersonDetails {
    PersonDetails {
        name: name.to_string(),
        date_of_birth: NaiveDate::from_ymd_opt(1948, 7, 5).expect("valid date"),
        nhs_number: None,
    }
}

pub fn details_with_nhs(name: &str, nhs: &str) -> PersonDetails {
    PersonDetails { nhs_number: Some(NhsNumber::parse(nhs).expect("valid NHS number")), ..details(name) }
}

/// Every file under `dir` with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.insert(path.clone(), std::fs::read(&path).expect("read file"));
            }
        }
    }
    out
}

pub fn flip_byte(path: &Path, offset: usize) {
    let mut bytes = std::fs::read(path).expect("read");
    bytes[offset] ^= 0x40;
    std::fs::write(path, bytes).expect("write");
}

/// FTS5's own check of the search index against the entries it indexes (external content).
pub fn search_index_matches_entries(v: &Vault, id: &PersonId) {
    let conn = v.debug_open_person_db_for_tests(id).unwrap();
    conn.execute("INSERT INTO entry_fts (entry_fts, rank) VALUES ('integrity-check', 1)", []).unwrap();
    let (entries, indexed): (i64, i64) = conn
        .query_row("SELECT (SELECT count(*) FROM entry), (SELECT count(*) FROM entry_fts_docsize)", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(entries, indexed, "an entry is missing from the search index, or one is indexed twice");
}

/// A reading from a device file ("Test meter"), without a dedupe key.
pub fn device_reading(
    kind: phr_core::readings::ReadingKind,
    at: chrono::DateTime<chrono::FixedOffset>,
    value: f64,
    value2: Option<f64>,
) -> phr_vault::NewReading {
    let reading = phr_core::readings::CheckedReading {
        kind,
        at,
        value: Some(value),
        value2,
        pulse: None,
        entered_value: Some(value),
        entered_unit: None,
        context: None,
        arm: None,
        position: None,
        text: None,
        note: None,
        source: phr_core::readings::ReadingSource::DeviceFile,
        unusual: Vec::new(),
    };
    phr_vault::NewReading { reading, source_name: Some("Test meter".into()), dedupe_key: None }
}
