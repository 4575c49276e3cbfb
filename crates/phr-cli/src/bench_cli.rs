//! `phr bench`: the speed targets, measured on generated data in a throwaway vault.

use clap::Subcommand;
use phr_app::AppError;
use phr_core::ErrorCode;

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Importing FHIR: the largest shared Synthea bundle, and a generated 100,000-resource record
    Import(ImportArgs),
    /// Readings: storing, importing and reducing a million glucose readings
    Readings,
    /// Sharing: making and opening a package of the largest Synthea record whole
    Share,
    /// A heavy record (a million glucose readings, 20,000 blood pressures, 100,000 FHIR
    /// resources): unlock, every screen's calls, statistics and memory against their targets
    Heavy(crate::bench_heavy::HeavyArgs),
    /// Backup and restore of a 1 GiB vault (or --size-mb): time, and how far memory rises
    Backup(crate::bench_backup::BackupArgs),
}

pub fn run(c: BenchCommand, json: bool) -> Result<(), AppError> {
    match c {
        BenchCommand::Import(args) => import(&args, json),
        BenchCommand::Readings => crate::bench_cli::readings(json),
        BenchCommand::Share => crate::bench_share::share(json),
        BenchCommand::Heavy(args) => crate::bench_heavy::heavy(&args, json),
        BenchCommand::Backup(args) => crate::bench_backup::backup(&args, json),
    }
}

// --- readings ---

/// `phr bench readings`: a million glucose readings stored (as ten 100,000-row CSV imports),
/// charts of a day, a week, a month, a year and everything reduced to 2,000 points, the glucose
/// report over 14 days, 90 days and everything, and adding one reading; each figure printed
/// against its target.
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
    let app = App::with_options(
        dir.join("vault"),
        phr_app::AppOptions::with_clock(std::sync::Arc::new(phr_app::SystemClock), KdfProfile::Floor),
    );
    app.create_vault(Passphrase::new("bench readings passphrase".to_owned()))?;
    let person = app.add_person(PersonInput {
        name: "Bench Mark".into(),
        date_of_birth: "1970-01-01".into(),
        nhs_number: None,
        role: None,
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
        let r = app.import_device_file(&id, &file, Some(DeviceFormat::GenericCsv), Some(mapping.clone()), false)?;
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
        ranges.push((label, raw, points, at(&runs, runs.len() / 2), runs.last().copied().unwrap_or_default()));
    }

    // The glucose report (time in range, GMI, the hourly profile) over 14 days, 90 days and the
    // whole record: worked out from the daily rollups, target < 50 ms even over a million readings.
    let mut reports = Vec::new();
    for (label, span) in [("14 days", 14 * day), ("90 days", 90 * day), ("all", end - start + 60)] {
        let from = chrono::DateTime::from_timestamp(end - span, 0).unwrap_or_default().format("%Y-%m-%d").to_string();
        let until = to.format("%Y-%m-%d").to_string();
        let mut runs = Vec::new();
        for _ in 0..5 {
            let started = Instant::now();
            app.glucose_report(&id, Some(&from), Some(&until))?;
            runs.push(ms(started.elapsed()));
        }
        runs.sort_by(f64::total_cmp);
        reports.push((label, at(&runs, runs.len() / 2), runs.last().copied().unwrap_or_default()));
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
    let add_median = at(&adds, adds.len() / 2);
    let add_worst = adds.last().copied().unwrap_or_default();
    let import_last = chunk_ms.last().copied().unwrap_or(0.0);
    // Each file is the same work into a larger record: their best and median say more than
    // one run on a busy machine.
    let mut sorted_chunks = chunk_ms.clone();
    sorted_chunks.sort_by(f64::total_cmp);
    let import_best = sorted_chunks.first().copied().unwrap_or(0.0);
    let import_median = sorted_chunks.get(sorted_chunks.len() / 2).copied().unwrap_or(0.0);

    if json {
        let ranges_json: Vec<_> = ranges
            .iter()
            .map(|(label, raw, points, median, worst)| {
                serde_json::json!({ "range": label, "readings": raw, "points": points, "medianMs": median, "worstMs": worst, "targetMs": 30 })
            })
            .collect();
        let out = serde_json::json!({
            "stored": { "readings": CHUNKS * PER_CHUNK, "totalMs": store_total, "chunkMs": chunk_ms },
            "import100k": { "ms": import_last, "targetMs": 1000, "firstChunkMs": chunk_ms.first(), "bestMs": import_best, "medianMs": import_median },
            "series": ranges_json,
            "glucoseReport": reports
                .iter()
                .map(|(label, median, worst)| serde_json::json!({ "range": label, "medianMs": median, "worstMs": worst, "targetMs": 50 }))
                .collect::<Vec<_>>(),
            "addOne": { "medianMs": add_median, "worstMs": add_worst, "targetMs": 5 },
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
    println!("    all ten files: best {import_best:.0} ms, median {import_median:.0} ms");
    for (label, raw, points, median, worst) in &ranges {
        println!(
            "  chart of {label} ({raw} readings -> {points} points): median {median:.1} ms, worst {worst:.1} ms of 5 (target < 30 ms) {}",
            verdict(*worst, 30.0)
        );
    }
    for (label, median, worst) in &reports {
        println!(
            "  glucose report over {label}: median {median:.1} ms, worst {worst:.1} ms of 5 (target < 50 ms) {}",
            verdict(*worst, 50.0)
        );
    }
    println!(
        "  adding one reading: median {add_median:.2} ms, worst {:.2} ms of 50 (target < 5 ms) {}",
        add_worst,
        verdict(add_median, 5.0)
    );
    Ok(())
}

/// The `i`-th of sorted timings (0 when there is none).
fn at(sorted: &[f64], i: usize) -> f64 {
    sorted.get(i).copied().unwrap_or_default()
}

/// Removes the benchmark's folder however the benchmark ends.
#[derive(Debug)]
pub(crate) struct RemoveOnDrop(pub(crate) std::path::PathBuf);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

// --- end of readings ---

// --- record and GP import ---

/// Which parts of `phr bench import` run: all of them unless told otherwise, so one part can
/// be measured back to back before and after a change.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// Only the generated record (its import, peak memory, timeline and search)
    #[arg(long, conflicts_with = "synthea_only")]
    big_only: bool,
    /// Only the largest Synthea bundle (no 100,000-resource record: its peak memory is then
    /// the Synthea import's)
    #[arg(long)]
    synthea_only: bool,
    /// How many resources the generated record holds
    #[arg(long, default_value_t = 100_000, value_name = "N")]
    resources: usize,
    /// Skip the plain-SQLite copies the figures are compared with
    #[arg(long)]
    no_plain: bool,
    /// How many times the generated record is imported, each into a new person; its figure is
    /// the median (one run on a busy machine says little)
    #[arg(long, default_value_t = 3, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=9))]
    runs: u32,
    /// Also the generated record imported by a carer through the app, for someone cared for
    /// with no limits and for someone who keeps sexual health private (what it hides is sealed
    /// to them), then that person's own access opened (what was sealed moves in)
    #[arg(long)]
    with_limits: bool,
}

/// One measured figure, beside its target and the same work on plain SQLite.
#[derive(Debug, serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct ImportFigure {
    name: String,
    millis: f64,
    target_millis: Option<f64>,
    plain_millis: Option<f64>,
    /// Encrypted time over plain time.
    ratio: Option<f64>,
    met: bool,
    /// Every run's time when `millis` is their median.
    runs_millis: Vec<f64>,
}

#[derive(Debug, serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct ImportBench {
    figures: Vec<ImportFigure>,
    /// Peak resident memory of this process after the 100,000-resource import (VmHWM).
    peak_rss_bytes: Option<u64>,
    peak_rss_target_bytes: u64,
    /// The generated record's database file and its write-ahead log, after its import.
    database_bytes: Option<u64>,
}

fn import_ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The median of `runs` timings of `f`.
fn median_ms(runs: usize, mut f: impl FnMut() -> Result<(), AppError>) -> Result<f64, AppError> {
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = std::time::Instant::now();
        f()?;
        times.push(import_ms(t.elapsed()));
    }
    times.sort_by(f64::total_cmp);
    Ok(times.get(times.len() / 2).copied().unwrap_or_default())
}

fn figure(name: &str, millis: f64, target: Option<f64>, plain: Option<f64>) -> ImportFigure {
    ImportFigure {
        name: name.to_string(),
        millis,
        target_millis: target,
        plain_millis: plain,
        ratio: plain.filter(|p| *p > 0.0).map(|p| millis / p),
        met: target.is_none_or(|t| millis < t),
        runs_millis: Vec::new(),
    }
}

/// A throwaway folder for the benchmark's vault and plain databases, removed afterwards.
struct Scratch(std::path::PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        // PHR_BENCH_KEEP keeps the throwaway databases (generated data only) for a look inside.
        if std::env::var_os("PHR_BENCH_KEEP").is_some() {
            eprintln!("kept the benchmark's databases in {}", self.0.display());
            return;
        }
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `phr bench import`: a generated 100,000-resource record (the median of `--runs` imports,
/// peak memory), a timeline
/// page and a search on it, and the largest shared Synthea bundle (the median of 5 imports,
/// each into a new person), each into a throwaway encrypted vault and beside the same rows
/// inserted raw into plain SQLite.
fn import(args: &ImportArgs, json: bool) -> Result<(), AppError> {
    use phr_vault::record_store::bench::{self as rb, PlainCopy};
    use phr_vault::record_store::{ImportDocument, SourceInfo, TimelineFilter};
    use phr_vault::{KdfChoice, KdfParams, Passphrase, PersonId, Vault};

    let scratch = Scratch(std::env::temp_dir().join(format!("phr-bench-import-{}", std::process::id())));
    let _ = std::fs::remove_dir_all(&scratch.0);
    std::fs::create_dir_all(&scratch.0)
        .map_err(|e| AppError::new(ErrorCode::Io, format!("Could not make {}: {e}", scratch.0.display())))?;
    let (mut vault, _) = Vault::create(
        &scratch.0.join("vault"),
        &Passphrase::new("benchmark throwaway passphrase".into()),
        KdfChoice::Fixed(KdfParams::FLOOR),
        std::sync::Arc::new(phr_app::SystemClock),
    )?;
    vault.report_import_phases(std::env::var_os(phr_app::option_vars::IMPORT_PHASES).is_some());
    let mut figures = Vec::new();
    let plain_path = |name: &str| (!args.no_plain).then(|| scratch.0.join(name));
    let mut peak = None;
    let mut database_bytes = None;

    if !args.synthea_only {
        // 1. A generated record of 100,000 resources, imported `runs` times, each into a new
        // person; the last is kept for the timeline and search, the others deleted (each is
        // about 160 MB on disk).
        let n = args.resources.max(2);
        let doc = [ImportDocument { name: "generated.json".into(), text: rb::synthetic_bundle(n) }];
        let mut runs = Vec::new();
        let mut big = None;
        for _ in 0..args.runs {
            if let Some(earlier) = big.take() {
                vault.delete_person(&earlier)?;
            }
            let id = vault.add_person(rb::bench_person())?.id;
            let t = std::time::Instant::now();
            vault.import_fhir(&id, &SourceInfo::files(), &doc)?;
            runs.push(import_ms(t.elapsed()));
            big = Some(id);
        }
        drop(doc);
        peak = rb::peak_rss_bytes();
        let big = big.ok_or_else(|| AppError::new(ErrorCode::Internal, "no run of the import benchmark"))?;
        let mut sorted = runs.clone();
        sorted.sort_by(f64::total_cmp);
        let big_ms = at(&sorted, sorted.len() / 2);
        let db = vault.person_db_path(&big);
        let size = |p: &std::path::Path| std::fs::metadata(p).map_or(0, |m| m.len());
        database_bytes = Some(size(&db) + size(&db.with_extension("db-wal")));
        let plain = plain_path("plain-big.db").map(|p| PlainCopy::from_vault(&vault, &big, &p)).transpose()?;
        let name = format!("{} resources imported", phr_core::numbers::thousands(n as u64));
        // The target is for 100,000; other sizes are for finding where time goes.
        let target = (n == 100_000).then_some(3000.0);
        let mut f = figure(&name, big_ms, target, plain.as_ref().map(|p| import_ms(p.insert)));
        if runs.len() > 1 {
            f.runs_millis = runs;
        }
        figures.push(f);

        // 2. A timeline page and a search on it, here and in plain SQLite.
        let first = TimelineFilter { limit: 50, ..TimelineFilter::default() };
        let mut deep = first.clone();
        for _ in 0..20 {
            deep.cursor = vault.timeline(&big, &deep)?.next_cursor;
        }
        for (name, filter) in [("timeline, first page of 50", &first), ("timeline, 21st page of 50", &deep)] {
            let here = median_ms(21, || vault.timeline(&big, filter).map(|_| ()).map_err(AppError::from))?;
            let there = match &plain {
                Some(p) => Some(median_ms(21, || p.timeline(filter).map(|_| ()).map_err(AppError::from))?),
                None => None,
            };
            figures.push(figure(name, here, Some(20.0), there));
        }
        let here = median_ms(21, || vault.search_record(&big, "asthm", 50).map(|_| ()).map_err(AppError::from))?;
        let there = match &plain {
            Some(p) => Some(median_ms(21, || p.search("asthm", 50).map(|_| ()).map_err(AppError::from))?),
            None => None,
        };
        figures.push(figure("search \"asthm\" (top 50)", here, Some(20.0), there));
        // Search as people speak: a lay phrase OR-ed with its record terms, and a misspelling
        // that finds nothing and is offered the record's nearest words (read over the index's
        // whole vocabulary).
        let here =
            median_ms(21, || vault.search_record(&big, "high blood pressure", 50).map(|_| ()).map_err(AppError::from))?;
        figures.push(figure("search \"high blood pressure\" (lay words, top 50)", here, Some(20.0), None));
        let here = median_ms(21, || {
            vault.search_record(&big, "asthmma", 50)?;
            vault.search_suggestions(&big, "asthmma", 5).map(|_| ()).map_err(AppError::from)
        })?;
        figures.push(figure("search \"asthmma\" + suggestions", here, Some(20.0), None));
    }

    if !args.big_only {
        // 3. The largest Synthea bundle of the fixtures: the median of 5 imports, each into a new
        // person (an import into the same person again would change nothing).
        let dir = std::env::var_os("PHR_FIXTURES_DIR")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures"))
            .join("synthea-r4-smart");
        match rb::largest_json(&dir) {
            Some(path) => {
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| AppError::new(ErrorCode::Io, format!("Could not read {}: {e}", path.display())))?;
                let person = rb::person_matching(&text)
                    .ok_or_else(|| AppError::new(ErrorCode::Internal, "the Synthea bundle has no Patient"))?;
                let doc = [ImportDocument { name: "synthea.json".into(), text }];
                let mut last: Option<PersonId> = None;
                let mut entries = 0;
                let mut times = Vec::with_capacity(5);
                for _ in 0..5 {
                    // The person from the run before goes first, untimed: a vault holds each
                    // person once.
                    if let Some(earlier) = last.take() {
                        vault.delete_person(&earlier)?;
                    }
                    let t = std::time::Instant::now();
                    let id = vault.add_person(person.clone())?.id;
                    entries = vault.import_fhir(&id, &SourceInfo::files(), &doc)?.items.len();
                    times.push(import_ms(t.elapsed()));
                    last = Some(id);
                }
                times.sort_by(f64::total_cmp);
                let took = times.get(times.len() / 2).copied().unwrap_or_default();
                let plain = match (&last, plain_path("plain-synthea.db")) {
                    (Some(id), Some(p)) => Some(import_ms(PlainCopy::from_vault(&vault, id, &p)?.insert)),
                    _ => None,
                };
                let name = format!("Synthea bundle, {entries} entries");
                figures.push(figure(&name, took, Some(150.0), plain));
            }
            None => eprintln!("Skipped the Synthea figure: no bundle in {} (set PHR_FIXTURES_DIR)", dir.display()),
        }
        if args.synthea_only {
            peak = rb::peak_rss_bytes();
        }
    }

    if args.with_limits {
        drop(vault);
        figures.extend(carer_limits_figures(&scratch.0, args.resources.max(2))?);
    }

    let result = ImportBench { figures, peak_rss_bytes: peak, peak_rss_target_bytes: 300 << 20, database_bytes };
    crate::output::emit(json, &result, |r| {
        println!("{:<34} {:>10} {:>10} {:>12} {:>7}", "figure", "time", "target", "plain SQLite", "ratio");
        for f in &r.figures {
            let target = f.target_millis.map(|t| format!("< {t:.0} ms")).unwrap_or_default();
            let plain = f.plain_millis.map(|p| format!("{p:.1} ms")).unwrap_or_default();
            let ratio = f.ratio.map(|x| format!("{x:.1}x")).unwrap_or_default();
            let mark = if f.met { "" } else { "  MISSED" };
            println!("{:<34} {:>7.1} ms {target:>10} {plain:>12} {ratio:>7}{mark}", f.name, f.millis);
            if !f.runs_millis.is_empty() {
                let each: Vec<String> = f.runs_millis.iter().map(|m| format!("{m:.0}")).collect();
                println!("  (the median of {} runs: {} ms)", each.len(), each.join(", "));
            }
        }
        match r.peak_rss_bytes {
            Some(b) => {
                let mark = if b < r.peak_rss_target_bytes { "" } else { "  MISSED" };
                let size = crate::output::bytes(b);
                println!("peak memory (VmHWM) after the generated record's import: {size} (target < 300 MB){mark}");
            }
            None => println!("peak memory: not reported by this OS"),
        }
        if let Some(b) = r.database_bytes {
            println!("the generated record's database (with its write-ahead log): {}", crate::output::bytes(b));
        }
    });
    Ok(())
}

/// `--with-limits`: the generated record of `n` resources imported by a carer (Sarah, "me")
/// through the app into the record of someone she cares for, first with no limits, then for
/// someone who keeps sexual health private (each resource is read against the limits, and what
/// they hide is sealed to them); then that person opens their own access, which moves what was
/// sealed into their private part. Each import is into a new person, so the two are alike.
fn carer_limits_figures(scratch: &std::path::Path, n: usize) -> Result<Vec<ImportFigure>, AppError> {
    use phr_app::dto_person::PersonRoleInput;
    use phr_app::{App, AppOptions, CarerPermission, KdfProfile, OwnLimitsInput, Passphrase, PersonInput, Sensitivity};
    use phr_vault::record_store::bench as rb;

    let io = |e: std::io::Error| AppError::new(ErrorCode::Io, format!("Could not write the benchmark's files: {e}"));
    let file = scratch.join("generated-for-carer.json");
    std::fs::write(&file, rb::synthetic_bundle(n)).map_err(io)?;
    let app = App::with_options(
        scratch.join("carer-vault"),
        AppOptions::with_clock(std::sync::Arc::new(phr_app::SystemClock), KdfProfile::Floor),
    );
    app.create_vault(Passphrase::new("benchmark throwaway passphrase".to_owned()))?;
    let me = PersonRoleInput { kind: "me".into(), ..PersonRoleInput::default() };
    app.add_person(PersonInput {
        name: "Sarah Bench".into(),
        date_of_birth: "1970-04-01".into(),
        nhs_number: None,
        role: Some(me),
    })?;
    // The generated bundle's Patient, cared for by Sarah with their agreement.
    let patient = rb::bench_person();
    let cared_for = |name: &str| -> Result<String, AppError> {
        let role = PersonRoleInput {
            kind: "caredFor".into(),
            relationship: Some("mother".into()),
            basis: Some("consent".into()),
            ..PersonRoleInput::default()
        };
        let input = PersonInput {
            name: name.to_owned(),
            date_of_birth: patient.date_of_birth.to_string(),
            nhs_number: None,
            role: Some(role),
        };
        Ok(app.add_person(input)?.id.as_str().to_owned())
    };
    let own = || Passphrase::new("kestrel pebble harbour bench".to_owned());
    let count = phr_core::numbers::thousands(n as u64);
    let mut figures = Vec::new();

    // With no limits: the carer's import as it is for anyone.
    let open_to_all = cared_for(&patient.name)?;
    let t = std::time::Instant::now();
    app.import_files(&open_to_all, std::slice::from_ref(&file))?;
    figures.push(figure(&format!("{count} imported by a carer, no limits"), import_ms(t.elapsed()), None, None));
    app.delete_person(&open_to_all, &patient.name)?;

    // Keeping sexual health private: set with their own password before the carer imports.
    let keeps = cared_for(&patient.name)?;
    app.set_own_access(&keeps, own())?;
    app.open_own_access(&keeps, own())?;
    let all = vec![CarerPermission::Readings, CarerPermission::Import, CarerPermission::Share, CarerPermission::Export];
    app.set_own_limits(
        &keeps,
        OwnLimitsInput { hidden: vec![Sensitivity::SexualHealth], allowed: all, show_count: true },
    )?;
    app.close_own_access()?;
    let t = std::time::Instant::now();
    app.import_files(&keeps, std::slice::from_ref(&file))?;
    figures.push(figure(
        &format!("{count} imported by a carer, sexual health private"),
        import_ms(t.elapsed()),
        None,
        None,
    ));

    let t = std::time::Instant::now();
    let status = app.open_own_access(&keeps, own())?;
    let private = status.private_count.unwrap_or(0);
    figures.push(figure(&format!("own access opened after ({private} private)"), import_ms(t.elapsed()), None, None));
    app.close_own_access()?;
    Ok(figures)
}
