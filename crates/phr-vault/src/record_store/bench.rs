//! Generated records for the import benchmarks, and the same rows inserted raw into plain
//! SQLite for comparison. Throwaway synthetic data only; nothing here touches a real record
//! except to read rows back out of a benchmark's own throwaway vault.

use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, params_from_iter};
use serde_json::json;

use super::model::{SearchHit, TimelineFilter, TimelinePage};
use super::query;
use crate::error::{Result, VaultError, db_error};
use crate::model::PersonId;
use crate::vault::Vault;

/// The made-up person every generated record is about.
pub const BENCH_FAMILY: &str = "Benchmark";
pub const BENCH_GIVEN: &str = "Alex";
pub const BENCH_BIRTH_DATE: &str = "1960-04-01";

const WORDS: [&str; 12] = [
    "asthma",
    "eczema",
    "migraine",
    "hypertension",
    "diabetes",
    "arthritis",
    "anaemia",
    "gout",
    "glaucoma",
    "psoriasis",
    "sinusitis",
    "tendonitis",
];

/// A FHIR R4 collection Bundle of `n` resources (one Patient, then a mix of observations,
/// problems, medications, immunisations and encounters over 30 years), all made up. Written
/// entry by entry into the text, so that generating it does not itself hold every entry as a
/// `Value` and inflate the peak memory the import benchmark reports.
pub fn synthetic_bundle(n: usize) -> String {
    let patient = "urn:uuid:00000000-0000-4000-8000-000000000000";
    // About 525 bytes a resource: sized once, so that generating it never copies it to grow.
    let mut out = String::with_capacity(n * 540);
    out.push_str(r#"{"resourceType":"Bundle","type":"collection","entry":["#);
    out.push_str(
        &json!({"fullUrl": patient, "resource": {
        "resourceType": "Patient", "id": "bench-patient",
        "name": [{"family": BENCH_FAMILY, "given": [BENCH_GIVEN]}], "birthDate": BENCH_BIRTH_DATE}})
        .to_string(),
    );
    for i in 1..n {
        let day = 1 + i % 28;
        let month = 1 + (i / 28) % 12;
        let year = 1995 + (i / 336) % 30;
        let date = format!("{year}-{month:02}-{day:02}T{:02}:{:02}:00Z", i % 24, i % 60);
        let word = WORDS.get(i % WORDS.len()).copied().unwrap_or_default();
        // Observations and problems belong to the last consultation before them (the last
        // resource of the previous block of 20 is an Encounter), as in a real record.
        let base = i - i % 20;
        let encounter =
            (base >= 20).then(|| json!({"reference": format!("urn:uuid:00000000-0000-4000-8000-{:012}", base - 1)}));
        let mut resource = match i % 20 {
            0..=11 => json!({"resourceType": "Observation", "id": format!("obs-{i}"), "status": "final",
                "code": {"coding": [{"system": "http://loinc.org", "code": "2339-0", "display": "Glucose"}], "text": "Glucose"},
                "subject": {"reference": patient}, "effectiveDateTime": date,
                "valueQuantity": {"value": 4.0 + (i % 50) as f64 / 10.0, "unit": "mmol/L",
                    "system": "http://unitsofmeasure.org", "code": "mmol/L"},
                "referenceRange": [{"low": {"value": 3.5, "unit": "mmol/L"}, "high": {"value": 7.8, "unit": "mmol/L"}}]}),
            12 | 13 => json!({"resourceType": "Condition", "id": format!("cond-{i}"),
                "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active"}]},
                "code": {"text": format!("{word} episode {i}")}, "subject": {"reference": patient}, "onsetDateTime": date}),
            14 | 15 => json!({"resourceType": "MedicationStatement", "id": format!("med-{i}"), "status": "completed",
                "medicationCodeableConcept": {"text": format!("Paracetamol 500mg tablets ({word})")},
                "subject": {"reference": patient}, "effectiveDateTime": date}),
            16 => json!({"resourceType": "Immunization", "id": format!("imm-{i}"), "status": "completed",
                "vaccineCode": {"text": "Influenza vaccine"}, "patient": {"reference": patient}, "occurrenceDateTime": date}),
            _ => json!({"resourceType": "Encounter", "id": format!("enc-{i}"), "status": "finished",
                "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "AMB"},
                "type": [{"text": format!("GP consultation about {word}")}],
                "subject": {"reference": patient}, "period": {"start": date}}),
        };
        if let (Some(e), 0..=13, Some(fields)) = (&encounter, i % 20, resource.as_object_mut()) {
            fields.insert("encounter".into(), e.clone());
        }
        out.push(',');
        out.push_str(
            &json!({"fullUrl": format!("urn:uuid:00000000-0000-4000-8000-{i:012}"), "resource": resource}).to_string(),
        );
    }
    out.push_str("]}");
    out
}

/// The rows one person's record holds, copied raw into an unencrypted SQLite database with the
/// same schema: the baseline the benchmarks compare the encrypted vault with.
#[derive(Debug)]
pub struct PlainCopy {
    conn: Connection,
    /// How long the insert transaction took.
    pub insert: Duration,
    pub rows: usize,
}

const TABLES: [&str; 5] = ["source", "import_run", "resource", "entry", "entry_link"];

impl PlainCopy {
    /// Reads every record row from the person's (throwaway) database, then times inserting
    /// them into a new plain database at `path`, prepared statements in one transaction, with
    /// the vault's pragmas (WAL, synchronous FULL) and search indexing in one pass at the end
    /// as an import does, but no encryption and no FHIR work.
    pub fn from_vault(v: &Vault, id: &PersonId, path: &Path) -> Result<PlainCopy> {
        let tables: Vec<(String, Vec<Vec<SqlValue>>)> = v.read_person(id, |conn, p| {
            TABLES
                .iter()
                .map(|t| {
                    let mut stmt = conn.prepare(&format!("SELECT * FROM {t}")).map_err(|e| db_error(p, &e))?;
                    let n = stmt.column_count();
                    let rows = stmt
                        .query_map([], |r| {
                            (0..n).map(|i| r.get::<_, SqlValue>(i)).collect::<rusqlite::Result<Vec<_>>>()
                        })
                        .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
                        .map_err(|e| db_error(p, &e))?;
                    Ok((t.to_string(), rows))
                })
                .collect()
        })?;
        let err = |e: rusqlite::Error| db_error(path, &e);
        let mut conn = Connection::open(path).map_err(err)?;
        conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA cache_size = -65536;")
            .map_err(err)?;
        crate::migrations::migrate(&mut conn).map_err(|e| e.into_error(path))?;
        let started = Instant::now();
        let tx = conn.transaction().map_err(err)?;
        // Indexed for search in one pass at the end, as an import does.
        let after = super::search_index::last_entry_id(&tx).map_err(err)?;
        let mut rows = 0;
        for (t, data) in &tables {
            let Some(width) = data.first().map(Vec::len) else { continue };
            let marks = vec!["?"; width].join(", ");
            let mut stmt = tx.prepare(&format!("INSERT INTO {t} VALUES ({marks})")).map_err(err)?;
            for row in data {
                stmt.execute(params_from_iter(row.iter())).map_err(err)?;
                rows += 1;
            }
        }
        super::search_index::index_added_after(&tx, after).map_err(err)?;
        tx.commit().map_err(err)?;
        Ok(PlainCopy { conn, insert: started.elapsed(), rows })
    }

    /// The same timeline query the vault runs, on the plain copy.
    pub fn timeline(&self, filter: &TimelineFilter) -> Result<TimelinePage> {
        query::timeline(&self.conn, filter)
    }

    /// The same search the vault runs, on the plain copy.
    pub fn search(&self, text: &str, limit: u32) -> Result<Vec<SearchHit>> {
        query::search(&self.conn, text, limit).map_err(|e| VaultError::internal(e.to_string()))
    }
}

/// The person every generated record is about (its Patient), without reading the record:
/// parsing a 100,000-resource bundle to find them would leave the allocator holding memory
/// the import benchmark's peak then counts.
pub fn bench_person() -> phr_core::person::PersonDetails {
    phr_core::person::PersonDetails {
        name: format!("{BENCH_GIVEN} {BENCH_FAMILY}"),
        date_of_birth: chrono::NaiveDate::parse_from_str(BENCH_BIRTH_DATE, "%Y-%m-%d").unwrap_or_default(),
        nhs_number: None,
    }
}

/// A person who matches the (first) Patient of a FHIR file, for importing a fixture: its
/// name, date of birth and NHS number. `None` when the file has no readable Patient.
pub fn person_matching(text: &str) -> Option<phr_core::person::PersonDetails> {
    // Lean, parsing only the Patient: holding every resource as a value here would set the
    // benchmark's peak memory before the import it measures has begun.
    let parsed = phr_core::fhir::read_fhir_json_lean(text).ok()?;
    let i = parsed.resources.iter().position(|r| r.resource_type == "Patient")?;
    let patient = phr_core::fhir::Resolver::new(&parsed.resources).value(i)?;
    let facts = phr_core::fhir::patient_facts(&patient);
    let name = facts
        .names
        .first()
        .map(|(family, given)| {
            let mut words: Vec<String> = given.iter().take(1).cloned().collect();
            words.push(family.clone());
            words.join(" ")
        })
        .unwrap_or_else(|| "Unnamed Person".to_string());
    let date_of_birth =
        facts.birth_date.unwrap_or_else(|| chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default());
    Some(phr_core::person::PersonDetails { name, date_of_birth, nhs_number: facts.nhs_number })
}

/// The largest `.json` file in a folder (the Synthea folder's 1,111-entry bundle).
pub fn largest_json(dir: &Path) -> Option<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .max_by_key(|p| p.metadata().map(|m| m.len()).unwrap_or(0))
}

/// The process's peak resident memory (VmHWM) in bytes, where the OS reports it (Linux).
pub fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// The process's resident memory now (VmRSS) in bytes, where the OS reports it (Linux).
pub fn rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// How long the vault's key derivation takes alone: the key file's Argon2id with its own
/// parameters, as unlock runs it, without opening any database.
pub fn kdf_time(dir: &Path, passphrase: &crate::Passphrase) -> Result<Duration> {
    let key_file = crate::keyfile::KeyFile::read(dir)?;
    let started = Instant::now();
    key_file.open_with_passphrase(passphrase)?;
    Ok(started.elapsed())
}

/// A small pseudo-random generator (a 64-bit LCG), so a generated record is the same on
/// every run.
#[derive(Debug, Clone)]
pub struct Seeded(u64);

impl Seeded {
    pub fn new(seed: u64) -> Seeded {
        Seeded(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    /// In `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() % 1_000_000) as f64 / 1_000_000.0
    }
}

fn device_reading(
    kind: phr_core::readings::ReadingKind,
    at_ms: i64,
    value: f64,
    value2: Option<f64>,
) -> crate::readings_store::NewReading {
    let at = chrono::DateTime::from_timestamp_millis(at_ms).unwrap_or_default().fixed_offset();
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
    crate::readings_store::NewReading { reading, source_name: Some("Generated sensor".into()), dedupe_key: None }
}

/// `n` glucose readings every five minutes ending at `end_ms`, in time order: a daily wave
/// between about 4 and 12 mmol/L with noise from `rng`.
pub fn glucose_readings(n: i64, end_ms: i64, rng: &mut Seeded) -> Vec<crate::readings_store::NewReading> {
    const FIVE_MIN: i64 = 300_000;
    let start = end_ms - n * FIVE_MIN;
    (0..n)
        .map(|i| {
            let wave = 3.0 * ((i % 288) as f64 / 288.0 * std::f64::consts::TAU).sin();
            let v = ((8.0 + wave + rng.unit()) * 10.0).round() / 10.0;
            device_reading(phr_core::readings::ReadingKind::BloodGlucose, start + i * FIVE_MIN, v, None)
        })
        .collect()
}

/// `n` blood pressures spread evenly over `[start_ms, end_ms)` with a little jitter, in time
/// order: systolic 105 to 150, diastolic 65 to 95 mmHg.
pub fn blood_pressures(n: i64, start_ms: i64, end_ms: i64, rng: &mut Seeded) -> Vec<crate::readings_store::NewReading> {
    let step = ((end_ms - start_ms) / n.max(1)).max(2);
    (0..n)
        .map(|i| {
            let at = start_ms + i * step + (rng.next_u64() % (step as u64 / 2).max(1)) as i64;
            let s = (105.0 + 45.0 * rng.unit()).round();
            let d = (65.0 + 30.0 * rng.unit()).round();
            device_reading(phr_core::readings::ReadingKind::BloodPressure, at, s, Some(d))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_bundles_are_fhir_the_reader_accepts() {
        let text = synthetic_bundle(50);
        let parsed = phr_core::fhir::read_fhir_json(&text).unwrap();
        assert_eq!(parsed.resources.len(), 50);
        assert!(parsed.rejected.is_empty());
    }

    #[test]
    fn the_bench_person_is_the_generated_patient() {
        assert_eq!(person_matching(&synthetic_bundle(5)), Some(bench_person()));
    }
}
