//! `phr bench`: the speed targets, measured on generated data in a throwaway vault.

use clap::Subcommand;
use phr_app::AppError;
use phr_core::ErrorCode;

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Importing FHIR: the largest shared Synthea bundle, and a generated 100,000-resource record
    Import,
    /// Readings: storing, importing and reducing a million glucose readings
    Readings,
}

pub fn run(c: BenchCommand, json: bool) -> Result<(), AppError> {
    match c {
        BenchCommand::Import => Err(AppError::new(ErrorCode::Internal, "This benchmark is being built")),
        BenchCommand::Readings => crate::bench_cli::readings(json),
    }
}

// --- readings (issue 4): the readings-store helper owns from here to the end of `readings` ---

/// `phr bench readings`: a million glucose readings stored (as ten 100,000-row CSV imports),
/// charts of a day, a week, a month, a year and everything reduced to 2,000 points, and
/// adding one reading; each figure printed against its target.
pub fn readings(json: bool) -> Result<(), AppError> {
    use std::time::Instant;

    use phr_app::{App, ColumnMapping, DeviceFormat, KdfProfile, Passphrase, PersonInput, ReadingInput, ReadingKind};

    const CHUNKS: i64 = 10;
    const PER_CHUNK: i64 = 100_000;
    const STEP_S: i64 = 300;
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    let io = |e: std::io::Error| AppError::new(ErrorCode::Io, format!("Could not write the benchmark's files: {e}"));

    let stamp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    let dir = std::env::temp_dir().join(format!("phr-bench-readings-{}-{stamp}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(io)?;
    let _cleanup = RemoveOnDrop(dir.clone());
    let app = App::with_options(dir.join("vault"), std::sync::Arc::new(phr_app::SystemClock), KdfProfile::Floor);
    app.create_vault(Passphrase::new("bench readings passphrase".to_owned()))?;
    let person = app.add_person(PersonInput {
        name: "Bench Mark".into(),
        date_of_birth: "1970-01-01".into(),
        nhs_number: None,
    })?;
    let id = person.id;

    // A sensor reading every 5 minutes, ending an hour ago: a million is about 9.5 years.
    let end = chrono::Utc::now().timestamp() - 3600;
    let start = end - CHUNKS * PER_CHUNK * STEP_S;
    let mapping = ColumnMapping {
        time_column: "time".into(),
        value_column: "glucose".into(),
        value2_column: None,
        kind: ReadingKind::BloodGlucose,
        unit: Some("mmol/L".into()),
        time_format: None,
        utc_offset_minutes: Some(0),
    };
    let mut chunk_ms = Vec::new();
    let all_started = Instant::now();
    for c in 0..CHUNKS {
        let mut csv = String::with_capacity(40 * PER_CHUNK as usize);
        csv.push_str("time,glucose\n");
        for i in 0..PER_CHUNK {
            let n = c * PER_CHUNK + i;
            let t = chrono::DateTime::from_timestamp(start + n * STEP_S, 0).unwrap_or_default();
            // A daily wave with some noise, 4 to 12 mmol/L.
            let v = 8.0
                + 3.0 * ((n % 288) as f64 / 288.0 * std::f64::consts::TAU).sin()
                + ((n * 7919) % 100) as f64 / 100.0;
            csv.push_str(&format!("{},{v:.1}\n", t.format("%Y-%m-%dT%H:%M:%SZ")));
        }
        let file = dir.join(format!("glucose-{c}.csv"));
        std::fs::write(&file, csv).map_err(io)?;
        let t = Instant::now();
        let r = app.import_device_file(&id, &file, Some(DeviceFormat::GenericCsv), Some(mapping.clone()))?;
        chunk_ms.push(ms(t.elapsed()));
        if r.added as i64 != PER_CHUNK {
            return Err(AppError::new(
                ErrorCode::Internal,
                format!(
                    "The benchmark's file {c} stored {} of {PER_CHUNK} readings ({:?})",
                    r.added,
                    r.problems.first()
                ),
            ));
        }
        let _ = std::fs::remove_file(&file);
    }
    let store_total = ms(all_started.elapsed());

    let day = 86_400;
    let to = chrono::DateTime::from_timestamp(end + 60, 0).unwrap_or_default();
    let mut ranges = Vec::new();
    for (label, span) in
        [("a day", day), ("a week", 7 * day), ("a month", 30 * day), ("a year", 365 * day), ("all", end - start + 60)]
    {
        let from = chrono::DateTime::from_timestamp(end - span, 0).unwrap_or_default();
        let (f, t) = (from.to_rfc3339(), to.to_rfc3339());
        let mut runs = Vec::new();
        let mut points = 0;
        let mut raw = 0;
        for _ in 0..5 {
            let started = Instant::now();
            let s = app.chart_series(&id, ReadingKind::BloodGlucose, &f, &t, 2000)?;
            runs.push(ms(started.elapsed()));
            points = s.times.len();
            raw = s.raw_count;
        }
        runs.sort_by(f64::total_cmp);
        ranges.push((label, raw, points, runs[runs.len() / 2], runs[runs.len() - 1]));
    }

    let mut adds = Vec::new();
    for i in 0..50 {
        let input = ReadingInput {
            kind: ReadingKind::BloodGlucose,
            at: Some(chrono::DateTime::from_timestamp(end - 1800 + i, 0).unwrap_or_default().to_rfc3339()),
            value: Some(6.0),
            value2: None,
            pulse: None,
            unit: None,
            context: None,
            arm: None,
            position: None,
            text: None,
            note: None,
            confirm: false,
        };
        let started = Instant::now();
        app.add_reading(&id, input)?;
        adds.push(ms(started.elapsed()));
    }
    adds.sort_by(f64::total_cmp);
    let add_median = adds[adds.len() / 2];
    let import_last = chunk_ms.last().copied().unwrap_or(0.0);

    if json {
        let ranges_json: Vec<_> = ranges
            .iter()
            .map(|(label, raw, points, median, worst)| {
                serde_json::json!({ "range": label, "readings": raw, "points": points, "medianMs": median, "worstMs": worst, "targetMs": 30 })
            })
            .collect();
        let out = serde_json::json!({
            "stored": { "readings": CHUNKS * PER_CHUNK, "totalMs": store_total, "chunkMs": chunk_ms },
            "import100k": { "ms": import_last, "targetMs": 1000, "firstChunkMs": chunk_ms.first() },
            "series": ranges_json,
            "addOne": { "medianMs": add_median, "worstMs": adds[adds.len() - 1], "targetMs": 5 },
        });
        println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        return Ok(());
    }
    let verdict = |v: f64, target: f64| if v < target { "ok" } else { "SLOWER THAN TARGET" };
    println!("Readings benchmark (throwaway vault in {}, floor KDF)", dir.display());
    println!(
        "  1,000,000 glucose readings stored as ten 100,000-row CSV imports: {:.1} s in all (no target)",
        store_total / 1000.0
    );
    println!(
        "  100,000 readings imported from CSV (the tenth file, into 900,000): {import_last:.0} ms (target < 1,000 ms) {}",
        verdict(import_last, 1000.0)
    );
    println!("    first file, into an empty record: {:.0} ms", chunk_ms.first().copied().unwrap_or(0.0));
    for (label, raw, points, median, worst) in &ranges {
        println!(
            "  chart of {label} ({raw} readings -> {points} points): median {median:.1} ms, worst {worst:.1} ms of 5 (target < 30 ms) {}",
            verdict(*worst, 30.0)
        );
    }
    println!(
        "  adding one reading: median {add_median:.2} ms, worst {:.2} ms of 50 (target < 5 ms) {}",
        adds[adds.len() - 1],
        verdict(add_median, 5.0)
    );
    Ok(())
}

/// Removes the benchmark's folder however the benchmark ends.
#[derive(Debug)]
struct RemoveOnDrop(std::path::PathBuf);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

// --- end of readings (issue 4) ---
